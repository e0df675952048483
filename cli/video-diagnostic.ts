import { diagnose } from '../base/diagnostics/code.js';
import {
  FfmpegMissing,
  VideoContainerRefused,
  VideoDecodeFailed,
  VideoNoFrames,
  VideoNoStream,
  VideoTimedOut,
  VideoTooLarge,
  VideoUnreadable,
} from '../base/diagnostics/codes.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import type { VideoError } from '../runtime/video/errors.js';
import { MAX_PIXELS } from '../runtime/video/run-tool.js';

/** The diagnostic of a video that could not be read (its kind's registry entry says its exit code). */
export function videoDiagnostic(error: VideoError): Diagnostic {
  switch (error.kind) {
    case 'unreadable':
      return diagnose(VideoUnreadable, { file: error.file, reason: error.detail });
    case 'no-video':
      return diagnose(VideoNoStream, { file: error.file });
    case 'no-frames':
      return diagnose(VideoNoFrames, { file: error.file });
    case 'decode':
      return diagnose(VideoDecodeFailed, { file: error.file, reason: error.detail });
    case 'no-ffmpeg':
      return diagnose(FfmpegMissing, { reason: error.detail });
    case 'too-large':
      return diagnose(VideoTooLarge, { file: error.file, size: error.detail, limit: `${MAX_PIXELS} pixels (8192x4096)` });
    case 'container':
      return diagnose(VideoContainerRefused, { file: error.file, reason: error.detail });
    case 'timeout':
      return diagnose(VideoTimedOut, { file: error.file, reason: error.detail });
  }
}
