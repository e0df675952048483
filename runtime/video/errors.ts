/**
 * Why a video could not be turned into a clip. `kind` says which diagnostic the CLI reports
 * (base/diagnostics/codes/preprocess.ts: VN700-VN704, VN711-VN716); `detail` is one line from
 * the tool or the check.
 */
export type VideoErrorKind = 'unreadable' | 'no-video' | 'no-frames' | 'decode' | 'no-ffmpeg' | 'too-large' | 'container' | 'timeout';

export class VideoError extends Error {
  constructor(
    readonly kind: VideoErrorKind,
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'VideoError';
  }
}
