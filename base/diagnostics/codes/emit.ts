import { defineCode } from '../code.js';

/** VN4xx: emission, weights and runtime. */

export interface NamedShape {
  readonly name: string;
  readonly shape: readonly number[];
}

export interface ShapeMismatch {
  readonly name: string;
  readonly expected: readonly number[];
  readonly actual: readonly number[];
}

/** At most this many names are spelled out in one message; the rest are counted. */
const LISTED = 12;

function listed<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, LISTED).map(show).join(', ');
  const rest = items.length - LISTED;
  return rest > 0 ? `${shown}, and ${rest} more` : shown;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const WeightsUnreadable = defineCode<{ path: string; reason: string }>({
  code: 'VN401',
  exit: 'usage',
  severity: 'error',
  title: 'weights file unreadable',
  message: ({ path, reason }) => `cannot read weights '${path}': ${reason}`,
  hint: () => 'weights are a .safetensors file or a PyTorch checkpoint (.pth, .pt, .pth.tar, .pyth) with float tensors',
});

export const WeightsMissing = defineCode<{ path: string; params: readonly NamedShape[] }>({
  code: 'VN402',
  exit: 'input',
  severity: 'error',
  title: 'weights missing',
  message: ({ path, params }) =>
    `'${path}' lacks ${count(params.length, 'parameter')} the network needs: ${listed(params, (p) => `${p.name} ${shapeText(p.shape)}`)}`,
});

export const WeightsUnexpected = defineCode<{ path: string; tensors: readonly NamedShape[]; prefixes: readonly string[] }>({
  code: 'VN403',
  exit: 'input',
  severity: 'error',
  title: 'unexpected weights',
  message: ({ path, tensors }) =>
    `'${path}' has ${count(tensors.length, 'tensor')} the network does not use: ${listed(tensors, (t) => `${t.name} ${shapeText(t.shape)}`)}`,
  hint: ({ prefixes }) =>
    prefixes.length > 0
      ? `the names start with '${prefixes[0]}': strip it with --weights-prefix ${prefixes[0]}`
      : 'check that the network matches the checkpoint (depth, widths, names)',
});

export const WeightsMisshaped = defineCode<{ path: string; mismatches: readonly ShapeMismatch[] }>({
  code: 'VN404',
  exit: 'input',
  severity: 'error',
  title: 'weight shape mismatch',
  message: ({ path, mismatches }) =>
    `${count(mismatches.length, 'parameter')} in '${path}' ${mismatches.length === 1 ? 'has' : 'have'} the wrong shape: ${listed(
      mismatches,
      (m) => `${m.name} is ${shapeText(m.actual)}, the network needs ${shapeText(m.expected)}`,
    )}`,
  hint: ({ mismatches }) => {
    if (mismatches.some((m) => /(^|\.)(pos_embed|time_embed)$/.test(m.name))) {
      return 'the checkpoint was trained with another image size or number of frames: vnet does not interpolate position or time embeddings unless asked; compile with the training sizes (--set T=..., --set SIZE=...), or pass --resize-embeddings to resize them as the official TimeSformer code does (nearest)';
    }
    const head = classifierMismatch(mismatches);
    return head === undefined
      ? undefined
      : `the checkpoint's classifier '${head.name}' has ${head.actual[0]} classes and the network's ${head.expected[0]}: compile with the checkpoint's class count (for example --set CLASSES=${head.actual[0]}), or drop its classifier with --weights-map (docs/weights.md) to train a new one`;
  },
});

/** A classifier trained for another class count: only the output axis of the last layer's weight (and bias) differs. */
function classifierMismatch(mismatches: readonly ShapeMismatch[]): ShapeMismatch | undefined {
  const onlyRows = (m: ShapeMismatch): boolean =>
    m.actual.length === m.expected.length && m.actual[0] !== m.expected[0] && m.actual.slice(1).join(',') === m.expected.slice(1).join(',');
  const weights = mismatches.filter((m) => m.name.endsWith('.weight') || m.name === 'weight');
  const prefixes = new Set(mismatches.map((m) => m.name.slice(0, m.name.lastIndexOf('.') + 1)));
  const [weight] = weights;
  return weights.length === 1 && prefixes.size === 1 && weight !== undefined && mismatches.every(onlyRows) && weight.actual.length === 2 ? weight : undefined;
}

export const WeightDTypeUnsupported = defineCode<{ path: string; name: string; dtype: string }>({
  code: 'VN405',
  exit: 'input',
  severity: 'error',
  title: 'weight dtype unsupported',
  message: ({ path, name, dtype }) => `tensor '${name}' in '${path}' has dtype ${dtype}; vnet reads F32 and F16 weights`,
});

export const UnsupportedOpset = defineCode<{ opset: number; min: number; max: number }>({
  code: 'VN406',
  exit: 'usage',
  severity: 'error',
  title: 'unsupported opset',
  message: ({ opset, min, max }) => `--opset ${opset} is not supported: vnet emits ONNX opsets ${min} to ${max}`,
});

export const UnsupportedTarget = defineCode<{ target: string; known: readonly string[] }>({
  code: 'VN407',
  exit: 'usage',
  severity: 'error',
  title: 'unsupported target',
  message: ({ target, known }) => `unknown target '${target}': expected one of ${known.join(', ')}`,
});

export const LoweringFailed = defineCode<{ op: string; node: string; reason: string }>({
  code: 'VN408',
  exit: 'input',
  severity: 'error',
  title: 'lowering failed',
  message: ({ op, node, reason }) => `cannot lower ${op} '${node}' to ONNX: ${reason}`,
});

export const NetworkNotFound = defineCode<{ name: string; available: readonly string[] }>({
  code: 'VN409',
  exit: 'input',
  severity: 'error',
  title: 'network not found',
  message: ({ name, available }) =>
    available.length > 0 ? `no network named '${name}'; the program defines ${available.join(', ')}` : `no network named '${name}'; the program defines none`,
});

export const NoNetwork = defineCode<{ file: string }>({
  code: 'VN410',
  exit: 'input',
  severity: 'error',
  title: 'no network',
  message: ({ file }) => `'${file}' defines no network to compile`,
});

export const ExternalDataRequired = defineCode<{ bytes: number }>({
  code: 'VN411',
  exit: 'input',
  severity: 'note',
  title: 'external data',
  message: ({ bytes }) => `the parameters take ${(bytes / 2 ** 30).toFixed(2)} GiB, over protobuf's 2 GiB limit: they are written to a separate .data file`,
});

export const ModelTooLarge = defineCode<{ bytes: number }>({
  code: 'VN412',
  exit: 'input',
  severity: 'error',
  title: 'model too large',
  message: ({ bytes }) =>
    `the parameters take ${(bytes / 2 ** 30).toFixed(2)} GiB, over protobuf's 2 GiB limit, and no output file was given for external data`,
  hint: () => 'compile to a file (-o model.onnx); the parameters go to model.onnx.data',
});

export const UnknownPass = defineCode<{ names: readonly string[]; known: readonly string[] }>({
  code: 'VN413',
  exit: 'usage',
  severity: 'error',
  title: 'unknown pass',
  message: ({ names }) => `unknown pass${names.length > 1 ? 'es' : ''}: ${names.join(', ')}`,
  hint: ({ known }) => `passes: ${known.join(', ')}`,
});

/** VN420-VN429: PyTorch checkpoints (.pth, .pt, .pth.tar, .pyth, ...). */

export const WeightsRefusedGlobal = defineCode<{ path: string; where: string; global: string }>({
  code: 'VN420',
  exit: 'input',
  severity: 'error',
  title: 'checkpoint global refused',
  message: ({ path, where, global }) =>
    `refused to load '${path}': ${where} is built by the Python global '${global}', which vnet never calls (loading a pickle can run code)`,
  hint: () =>
    'vnet rebuilds only tensors, storages and dicts; if the file is trusted, save its state dict alone: torch.save(model.state_dict(), "weights.pth")',
});

export const CheckpointDamaged = defineCode<{ path: string; reason: string }>({
  code: 'VN421',
  exit: 'input',
  severity: 'error',
  title: 'checkpoint damaged',
  message: ({ path, reason }) => `cannot read checkpoint '${path}': ${reason}`,
});

export const StateDictNotFound = defineCode<{ path: string; reason: string }>({
  code: 'VN422',
  exit: 'input',
  severity: 'error',
  title: 'state dict not found',
  message: ({ path, reason }) => `no weights in '${path}': ${reason}`,
  hint: () => 'name the entry that holds the state dict with --weights-key KEY (vnetc weights FILE lists the keys)',
});

export const WeightsLayoutRecognised = defineCode<{ path: string; format: string; key?: string; layout?: string; mapped: number; total: number }>({
  code: 'VN423',
  exit: 'input',
  severity: 'note',
  title: 'checkpoint layout',
  message: ({ path, format, key, layout, mapped, total }) =>
    `'${path}': ${format}${key !== undefined ? `, state dict '${key}'` : ''}, ${layout !== undefined ? `${layout} names` : 'names used as they are'}: ${mapped} of ${total} tensors mapped to the network`,
});

export const WeightsMapInvalid = defineCode<{ path: string; line: number; reason: string }>({
  code: 'VN424',
  exit: 'usage',
  severity: 'error',
  title: 'bad weights map',
  message: ({ path, line, reason }) => `${path}:${line}: ${reason}`,
  hint: () => "each line is 'PATTERN => REPLACEMENT' or 'drop PATTERN' (docs/weights.md)",
});

export const WeightsKeyNotFound = defineCode<{ path: string; key: string; keys: readonly string[] }>({
  code: 'VN425',
  exit: 'usage',
  severity: 'error',
  title: 'weights key not found',
  message: ({ path, key, keys }) => `--weights-key '${key}': '${path}' has no such entry; its keys are ${keys.length > 0 ? keys.join(', ') : '(none)'}`,
});

export const EmbeddingResized = defineCode<{ name: string; from: readonly number[]; to: readonly number[]; how: string }>({
  code: 'VN426',
  exit: 'input',
  severity: 'note',
  title: 'embedding resized',
  message: ({ name, from, to, how }) => `${name} resized from ${shapeText(from)} to ${shapeText(to)} (${how})`,
});

export const CheckpointKeyRepeated = defineCode<{ path: string; key: string; times: number; where: string; others: number }>({
  code: 'VN427',
  exit: 'input',
  severity: 'warning',
  title: 'checkpoint key repeated',
  message: ({ path, key, times, where, others }) =>
    `'${path}': '${key}' is set ${times === 2 ? 'twice' : `${times} times`} in ${where}${others > 0 ? ` (and ${count(others, 'other key')} repeat)` : ''}; torch.load keeps the last value, and so does vnet`,
  hint: () => 'torch.save never writes a key twice: the file was edited or crafted; check where it came from',
});

export const CheckpointLimit = defineCode<{ path: string; reason: string }>({
  code: 'VN428',
  exit: 'input',
  severity: 'error',
  title: 'checkpoint past a limit',
  message: ({ path, reason }) => `refused to load '${path}': ${reason}`,
  hint: () => 'vnet bounds what a weights file can make it do (docs/weights.md, "Limits"); files torch.save writes stay far below them',
});

/** VN430-VN449: weights files, continued. */

export const SafetensorsDamaged = defineCode<{ path: string; reason: string }>({
  code: 'VN430',
  exit: 'input',
  severity: 'error',
  title: 'safetensors file damaged',
  message: ({ path, reason }) => `cannot read safetensors file '${path}': ${reason}`,
  hint: () => 'a safetensors file is an 8-byte header length, a JSON object naming each tensor once (dtype, shape, data_offsets), then the data',
});
