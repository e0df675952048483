/**
 * VN490-VN499: the `preprocess { }` section of a network (checked like the rest of the program).
 * VN700-VN719: video input at run time (decoding, sampling) and labels.
 */
import { defineCode } from '../code.js';

export const PreprocessNotSetting = defineCode<Record<string, never>>({
  code: 'VN490',
  exit: 'input',
  severity: 'error',
  title: 'not a preprocess setting',
  message: () => 'only `name = value` settings go in a preprocess section',
  hint: () => 'e.g. preprocess { sampling = segments  resize = 256  crop = 224 }',
});

export const PreprocessMisplaced = defineCode<Record<string, never>>({
  code: 'VN491',
  exit: 'input',
  severity: 'error',
  title: 'misplaced preprocess section',
  message: () => "a preprocess section belongs directly in a network's body, not in a block, if or for",
});

export const PreprocessDuplicate = defineCode<{ what: string }>({
  code: 'VN492',
  exit: 'input',
  severity: 'error',
  title: 'duplicate preprocess setting',
  message: ({ what }) => `${what} is given twice`,
});

export const PreprocessUnknownSetting = defineCode<{ name: string; suggestion?: string; known: readonly string[] }>({
  code: 'VN493',
  exit: 'input',
  severity: 'error',
  title: 'unknown preprocess setting',
  message: ({ name, suggestion }) => `unknown preprocess setting '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
  hint: ({ known }) => `settings: ${known.join(', ')}`,
});

export const PreprocessMissingSetting = defineCode<{ name: string; why: string }>({
  code: 'VN494',
  exit: 'input',
  severity: 'error',
  title: 'missing preprocess setting',
  message: ({ name, why }) => `preprocess needs '${name}' (${why})`,
});

export const PreprocessBadValue = defineCode<{ name: string; expected: string; found: string }>({
  code: 'VN495',
  exit: 'input',
  severity: 'error',
  title: 'bad preprocess value',
  message: ({ name, expected, found }) => `preprocess '${name}' must be ${expected}, found ${found}`,
});

export const PreprocessCropTooLarge = defineCode<{ crop: number; resize: number }>({
  code: 'VN496',
  exit: 'input',
  severity: 'error',
  title: 'crop larger than resize',
  message: ({ crop, resize }) => `crop ${crop} is larger than the resized shorter side ${resize}`,
});

export const PreprocessChannels = defineCode<{ name: string; found: number; channels: number }>({
  code: 'VN497',
  exit: 'input',
  severity: 'error',
  title: 'mean/std length does not match channels',
  message: ({ name, found, channels }) => `preprocess '${name}' has ${found} values; the clip has ${channels} channels (give 1 or ${channels})`,
});

export const PreprocessInputMismatch = defineCode<{ what: string; declared: string; input: string }>({
  code: 'VN498',
  exit: 'input',
  severity: 'error',
  title: 'preprocess does not fit the input',
  message: ({ what, declared, input }) => `preprocess ${what} ${declared} does not match the network's clip input ${input}`,
});

export const PreprocessNotForScheme = defineCode<{ name: string; scheme: string; schemes: string }>({
  code: 'VN499',
  exit: 'input',
  severity: 'error',
  title: 'setting not used by this sampling',
  message: ({ name, scheme, schemes }) => `'${name}' does not apply to sampling = ${scheme} (it is for ${schemes})`,
});

// ---------------------------------------------------------------- run time: video and labels

export const VideoUnreadable = defineCode<{ file: string; reason: string }>({
  code: 'VN700',
  exit: 'input',
  severity: 'error',
  title: 'video unreadable',
  message: ({ file, reason }) => `cannot read video '${file}': ${reason}`,
});

export const VideoNoStream = defineCode<{ file: string }>({
  code: 'VN701',
  exit: 'input',
  severity: 'error',
  title: 'no video stream',
  message: ({ file }) => `'${file}' has no video stream`,
});

export const VideoNoFrames = defineCode<{ file: string }>({
  code: 'VN702',
  exit: 'input',
  severity: 'error',
  title: 'no frames',
  message: ({ file }) => `'${file}' has no decodable frames`,
});

export const VideoDecodeFailed = defineCode<{ file: string; reason: string }>({
  code: 'VN703',
  exit: 'input',
  severity: 'error',
  title: 'video decode failed',
  message: ({ file, reason }) => `cannot decode '${file}': ${reason}`,
  hint: () => 'the file may be truncated or corrupt',
});

export const FfmpegMissing = defineCode<{ reason: string }>({
  code: 'VN704',
  exit: 'usage',
  severity: 'error',
  title: 'ffmpeg not found',
  message: ({ reason }) => `cannot run ffmpeg: ${reason}`,
  hint: () => 'install ffmpeg with its ffprobe (apt-get install ffmpeg), or point VNET_FFMPEG (and VNET_FFPROBE) at one install that has both',
});

export const ModelWithoutPreprocess = defineCode<{ model: string }>({
  code: 'VN705',
  exit: 'input',
  severity: 'error',
  title: 'model has no preprocessing',
  message: ({ model }) => `'${model}' does not say how to preprocess a video (no 'vnet.preprocess' metadata)`,
  hint: () => 'declare `preprocess { ... }` in the network (docs/language.md) and compile again',
});

export const UnknownLabels = defineCode<{ name: string; reason: string }>({
  code: 'VN706',
  exit: 'usage',
  severity: 'error',
  title: 'labels unreadable',
  message: ({ name, reason }) => `cannot use labels '${name}': ${reason}`,
  hint: () => 'give a text file with one class name per line, or kinetics400 or jester',
});

export const LabelCountMismatch = defineCode<{ labels: number; classes: number }>({
  code: 'VN707',
  exit: 'input',
  severity: 'error',
  title: 'label count does not match classes',
  message: ({ labels, classes }) => `${labels} labels given but the model has ${classes} classes`,
  hint: ({ classes }) =>
    `give one label per class (${classes} lines, or the built-in list of that size), or compile the network with --set CLASSES=<the labels' count>`,
});

export const NoVideos = defineCode<{ path: string }>({
  code: 'VN708',
  exit: 'usage',
  severity: 'error',
  title: 'no videos',
  message: ({ path }) => `no video files (mp4, mkv, webm, avi, mov) in '${path}'`,
});

export const VideoModelMismatch = defineCode<{ model: string; reason: string }>({
  code: 'VN709',
  exit: 'input',
  severity: 'error',
  title: 'model input does not fit video preprocessing',
  message: ({ model, reason }) => `'${model}' cannot take a video clip: ${reason}`,
});

export const Uint8NeedsPreprocess = defineCode<{ network: string; online?: boolean; reason?: string }>({
  code: 'VN710',
  exit: 'input',
  severity: 'error',
  title: 'uint8 input needs a preprocess section',
  message: ({ network, online, reason }) =>
    reason
      ? `--uint8-input: ${reason}`
      : online
        ? `--uint8-input does not apply to --online models (network '${network}')`
        : `--uint8-input: network '${network}' declares no preprocess section`,
  hint: ({ reason, online }) => (reason || online ? undefined : 'declare `preprocess { ... }` in the network (docs/language.md)'),
});

export const VideoTooLarge = defineCode<{ file: string; size: string; limit: string }>({
  code: 'VN711',
  exit: 'input',
  severity: 'error',
  title: 'video frames too large',
  message: ({ file, size, limit }) => `'${file}' has ${size}; vnet decodes frames of at most ${limit}`,
  hint: () => 'scale the video down first, e.g. ffmpeg -i in.mp4 -vf scale=-2:1080 out.mp4',
});

export const VideoDamaged = defineCode<{ file: string; expected: number; decoded: number }>({
  code: 'VN712',
  exit: 'input',
  severity: 'warning',
  title: 'video damaged',
  message: ({ file, expected, decoded }) => `'${file}' is damaged or truncated: ${expected} frames listed, ${decoded} decode; the clip is sampled from those`,
  hint: () => 'with --strict this fails the video',
});

export const VideoContainerRefused = defineCode<{ file: string; reason: string }>({
  code: 'VN713',
  exit: 'input',
  severity: 'error',
  title: 'not a video container vnet reads',
  message: ({ file, reason }) => `'${file}' is not a video file vnet reads: ${reason}`,
  hint: () => 'vnet reads mp4/mov, mkv/webm, avi, MPEG-TS/PS, flv, ogg and asf files; playlists, concat lists and raw streams are refused',
});

export const VideoTimedOut = defineCode<{ file: string; reason: string }>({
  code: 'VN714',
  exit: 'input',
  severity: 'error',
  title: 'video took too long',
  message: ({ file, reason }) => `'${file}' was abandoned: ${reason}`,
  hint: () => 'the time limit grows with the file size; a file that stalls the decoder is damaged or hostile',
});

export const VideoRotationNotApplied = defineCode<{ file: string; degrees: number }>({
  code: 'VN715',
  exit: 'input',
  severity: 'warning',
  title: 'rotation not applied',
  message: ({ file, degrees }) => `'${file}' asks to be shown turned ${degrees} degrees; only right angles are applied, so its frames are fed as stored`,
});
