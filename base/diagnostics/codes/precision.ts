import { defineCode } from '../code.js';

/** VN451-VN469: `--precision int8 / fp16`, calibration and validation. */

export const CalibrationRequired = defineCode<Record<string, never>>({
  code: 'VN451',
  exit: 'usage',
  severity: 'error',
  title: 'int8 needs calibration clips',
  message: () => '--precision int8 needs calibration clips to measure the activations: --calibrate PATH',
  hint: () => 'PATH is a .npy clip, a video, or a folder of them; a few dozen clips like the ones the model will see are enough',
});

export const PrecisionTarget = defineCode<{ precision: string; target: string; reason: string; instead: string }>({
  code: 'VN452',
  exit: 'usage',
  severity: 'error',
  title: 'precision not for this target',
  message: ({ precision, target, reason }) => `--precision ${precision} is not for --target ${target}: ${reason}`,
  hint: ({ instead }) => instead,
});

export const PrecisionOptionUnused = defineCode<{ option: string; needs: string }>({
  code: 'VN453',
  exit: 'usage',
  severity: 'error',
  title: 'option needs another precision',
  message: ({ option, needs }) => `${option} is used only with ${needs}`,
});

export const ClipsUnreadable = defineCode<{ option: string; path: string; reason: string }>({
  code: 'VN455',
  exit: 'usage',
  severity: 'error',
  title: 'clips unreadable',
  message: ({ option, path, reason }) => `${option} '${path}': ${reason}`,
  hint: ({ option }) => `${option} takes a float32 .npy clip ([T, C, H, W] or [B, T, C, H, W]), a video, or a folder of them`,
});

export const ClipRejected = defineCode<{ option: string; clip: string; reason: string }>({
  code: 'VN456',
  exit: 'input',
  severity: 'error',
  title: 'clip rejected',
  message: ({ option, clip, reason }) => `${option}: '${clip}' ${reason}`,
});

export const ClipsRunFailed = defineCode<{ option: string; reason: string }>({
  code: 'VN457',
  exit: 'input',
  severity: 'error',
  title: 'clips could not be run',
  message: ({ option, reason }) => `${option}: ${reason}`,
});

export const KeepFloatUnknown = defineCode<{ names: readonly string[]; example: string }>({
  code: 'VN458',
  exit: 'usage',
  severity: 'error',
  title: 'unknown layer in --keep-float',
  message: ({ names }) => `--keep-float names no layer of the network: ${names.map((n) => `'${n}'`).join(', ')}`,
  hint: ({ example }) => `use the layer names \`vnetc summary\` prints (a name, or a prefix such as '${example}' for every layer under it)`,
});

export const VideosNeedPreprocess = defineCode<{ option: string; network: string }>({
  code: 'VN459',
  exit: 'input',
  severity: 'error',
  title: 'videos need a preprocess section',
  message: ({ option, network }) => `${option} gives videos, but network '${network}' declares no preprocess section to turn them into clips`,
  hint: () => 'declare `preprocess { ... }` in the network (docs/language.md), or give .npy clips',
});
