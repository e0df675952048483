/**
 * Why a video could not be turned into a clip. `kind` says which diagnostic the CLI reports
 * (compiler/diagnostics/codes/preprocess.ts, VN700-VN704); `detail` is one line from ffmpeg or the check.
 */
export type VideoErrorKind = 'unreadable' | 'no-video' | 'no-frames' | 'decode' | 'no-ffmpeg';

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
