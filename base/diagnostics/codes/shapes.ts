/** VN3xx: shapes, types and sizes. Shapes arrive already printed, with dimension names where known. */
import { defineCode } from '../code.js';

export const TensorShapeMismatch = defineCode<{ what: string; expected: string; found: string; detail?: string }>({
  code: 'VN301',
  exit: 'input',
  severity: 'error',
  title: 'shape mismatch',
  message: ({ what, expected, found, detail }) => `${what}: expected ${expected}, found ${found}${detail ? ` (${detail})` : ''}`,
});

export const RankMismatch = defineCode<{ op: string; expected: string; found: string }>({
  code: 'VN302',
  exit: 'input',
  severity: 'error',
  title: 'wrong number of dimensions',
  message: ({ op, expected, found }) => `'${op}' expects ${expected}, found ${found}`,
});

export const NotDivisible = defineCode<{ what: string; value: number | string; divisor: number | string }>({
  code: 'VN303',
  exit: 'input',
  severity: 'error',
  title: 'not divisible',
  message: ({ what, value, divisor }) => `${what}: ${value} is not divisible by ${divisor}`,
});

export const WrongArgumentType = defineCode<{ callee: string; name: string; expected: string; found: string }>({
  code: 'VN304',
  exit: 'input',
  severity: 'error',
  title: 'wrong argument type',
  message: ({ callee, name, expected, found }) => `argument '${name}' of '${callee}' must be ${expected}, found ${found}`,
});

export const NonPositiveSize = defineCode<{ what: string; value: number | string }>({
  code: 'VN305',
  exit: 'input',
  severity: 'error',
  title: 'size must be positive',
  message: ({ what, value }) => `${what} must be positive, found ${value}`,
});

export const NoTimeAxis = defineCode<{ op: string; shape: string }>({
  code: 'VN306',
  exit: 'input',
  severity: 'error',
  title: 'no time axis',
  message: ({ op, shape }) => `'${op}' needs frames merged into the batch ([N*T, ...]), but this ${shape} value has no time axis`,
  hint: () => 'apply frames first: `clip |> frames |> ...` turns [N, T, ...] into [N*T, ...]',
});

/** The verb a message uses for each tensor operator. */
const VERBS: Readonly<Record<string, string>> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide' };

export const BroadcastMismatch = defineCode<{ op: string; left: string; right: string; axis: number; leftSize: string; rightSize: string }>({
  code: 'VN307',
  exit: 'input',
  severity: 'error',
  title: 'shapes do not broadcast',
  message: ({ op, left, right, axis, leftSize, rightSize }) =>
    `cannot ${VERBS[op] ?? `apply '${op}' to`} ${left} and ${right}: they differ at axis ${axis} (${leftSize} against ${rightSize}), and neither is 1`,
  hint: ({ op }) =>
    op === '+'
      ? 'the residual sum needs equal shapes (or NumPy-broadcastable ones); add a downsample on the shortcut'
      : 'element-wise operands broadcast as in NumPy: each axis equal, or 1 on one side (a gate [B, C, 1, 1, 1] multiplies [B, C, T, H, W])',
});

export const TensorTooLarge = defineCode<{ shape: string; elements: number; limit: number }>({
  code: 'VN308',
  exit: 'input',
  severity: 'error',
  title: 'tensor too large',
  message: ({ shape, elements, limit }) => `a ${shape} value has ${elements.toExponential(2)} elements per sample; the limit is ${limit} (2^31)`,
});

export const ParamsTooLarge = defineCode<{ bytes: number; limit: number }>({
  code: 'VN309',
  exit: 'input',
  severity: 'error',
  title: 'parameters too large',
  message: ({ bytes, limit }) => `the parameters reach ${(bytes / 2 ** 30).toFixed(1)} GiB; the limit is ${limit / 2 ** 30} GiB`,
});

export const ReturnTypeMismatch = defineCode<{ name: string; expected: string; found: string; detail?: string }>({
  code: 'VN310',
  exit: 'input',
  severity: 'error',
  title: 'return type mismatch',
  message: ({ name, expected, found, detail }) => `'${name}' declares it returns ${expected}, but returns ${found}${detail ? ` (${detail})` : ''}`,
});

export const InvalidOperands = defineCode<{ op: string; left: string; right?: string; reason: string }>({
  code: 'VN311',
  exit: 'input',
  severity: 'error',
  title: 'invalid operands',
  message: ({ op, left, right, reason }) => `cannot apply '${op}' to ${left}${right === undefined ? '' : ` and ${right}`}: ${reason}`,
});

export const ExpectedTensor = defineCode<{ what: string; found: string }>({
  code: 'VN312',
  exit: 'input',
  severity: 'error',
  title: 'expected a tensor',
  message: ({ what, found }) => `${what} must be a tensor, found ${found}`,
});

export const PadSameStride = defineCode<{ stride: string }>({
  code: 'VN313',
  exit: 'input',
  severity: 'error',
  title: 'pad=same needs stride 1',
  message: ({ stride }) => `pad=same keeps the size only at stride 1, but stride is ${stride}`,
  hint: () => 'write the padding explicitly, e.g. pad=1 for k=3',
});

export const ShiftFold = defineCode<{ channels: number; foldDiv: number; fold: number; dir: string }>({
  code: 'VN314',
  exit: 'input',
  severity: 'error',
  title: 'bad shift fold',
  message: ({ channels, foldDiv, fold, dir }) =>
    fold === 0
      ? `shift moves ${channels} // ${foldDiv} = 0 channels`
      : `shift(dir=${dir}) moves ${dir === 'both' ? `2 * ${fold}` : fold} channels, more than the ${channels} there are`,
  hint: () => 'the paper shifts 1/8 of the channels each way (fold=1/8)',
});

export const AxisOutOfRange = defineCode<{ op: string; axis: number; rank: number }>({
  code: 'VN315',
  exit: 'input',
  severity: 'error',
  title: 'axis out of range',
  message: ({ op, axis, rank }) => `'${op}': axis ${axis} is out of range for a value with ${rank} dimensions`,
});

export const BadPermutation = defineCode<{ perm: string; rank: number }>({
  code: 'VN316',
  exit: 'input',
  severity: 'error',
  title: 'not a permutation',
  message: ({ perm, rank }) => `transpose${perm} is not a permutation of 0..${rank - 1}`,
});

export const ReshapeMismatch = defineCode<{ from: string; to: string; reason: string }>({
  code: 'VN317',
  exit: 'input',
  severity: 'error',
  title: 'bad reshape',
  message: ({ from, to, reason }) => `cannot reshape ${from} to ${to}: ${reason}`,
});

export const TimeAxisConflict = defineCode<{ op: string; reason: string }>({
  code: 'VN318',
  exit: 'input',
  severity: 'error',
  title: 'time axis conflict',
  message: ({ op, reason }) => `'${op}': ${reason}`,
});

export const TupleLength = defineCode<{ callee: string; name: string; expected: number; found: number }>({
  code: 'VN319',
  exit: 'input',
  severity: 'error',
  title: 'wrong tuple length',
  message: ({ callee, name, expected, found }) =>
    `argument '${name}' of '${callee}' needs ${expected} value${expected === 1 ? '' : 's'} (one per spatial axis), found ${found}`,
});

export const SymbolicDim = defineCode<{ what: string; dim: string }>({
  code: 'VN320',
  exit: 'input',
  severity: 'error',
  title: 'size must be known',
  message: ({ what, dim }) => `${what} must be a known number, found the symbolic size ${dim}`,
  hint: () => 'only the batch size may stay symbolic',
});

export const DTypeMismatch = defineCode<{ expected: string; found: string; what: string }>({
  code: 'VN321',
  exit: 'input',
  severity: 'error',
  title: 'dtype mismatch',
  message: ({ what, expected, found }) => `${what}: expected ${expected}, found ${found}`,
});

export const NetworkInputNotTensor = defineCode<{ name: string }>({
  code: 'VN322',
  exit: 'input',
  severity: 'error',
  title: 'network input is not a tensor',
  message: ({ name }) => `network input '${name}' must have a tensor type such as f32[N, 3, 224, 224]`,
});

export const ShapeRule = defineCode<{ op: string; reason: string }>({
  code: 'VN323',
  exit: 'input',
  severity: 'error',
  title: 'shape rule failed',
  message: ({ op, reason }) => `'${op}': ${reason}`,
});

export const WordNotAllowed = defineCode<{ callee: string; name: string; word: string; allowed: readonly string[]; suggestion?: string }>({
  code: 'VN324',
  exit: 'input',
  severity: 'error',
  title: 'unknown word',
  message: ({ callee, name, word, allowed }) => `argument '${name}' of '${callee}' cannot be '${word}'; it is one of: ${allowed.join(', ')}`,
  hint: ({ suggestion }) => (suggestion ? `did you mean '${suggestion}'?` : undefined),
});

export const ConstTypeMismatch = defineCode<{ name: string; declared: string; found: string }>({
  code: 'VN325',
  exit: 'input',
  severity: 'error',
  title: 'constant type mismatch',
  message: ({ name, declared, found }) => `constant '${name}' is declared ${declared} but its value is ${found}`,
});

export const BadArgumentValue = defineCode<{ callee: string; name: string; value: string; expected: string }>({
  code: 'VN326',
  exit: 'input',
  severity: 'error',
  title: 'bad argument value',
  message: ({ callee, name, value, expected }) => `argument '${name}' of '${callee}' is ${value}; it must be ${expected}`,
});

export const ConflictingArguments = defineCode<{ callee: string; first: string; second: string }>({
  code: 'VN327',
  exit: 'input',
  severity: 'error',
  title: 'conflicting arguments',
  message: ({ callee, first, second }) => `'${callee}' takes '${first}' or '${second}', not both`,
});

export const WrongConditionType = defineCode<{ what: string; found: string }>({
  code: 'VN328',
  exit: 'input',
  severity: 'error',
  title: 'wrong type',
  message: ({ what, found }) => `${what}: found ${found}`,
});

export const ConcatMismatch = defineCode<{ first: string; other: string; index: number; axis: number; joined: number }>({
  code: 'VN329',
  exit: 'input',
  severity: 'error',
  title: 'concat inputs differ',
  message: ({ first, other, index, axis, joined }) =>
    axis < 0
      ? `concat joins along axis ${joined}, but input 1 is ${first} and input ${index} is ${other}: they have different numbers of dimensions`
      : `concat joins along axis ${joined}, so every other axis must be equal, but input 1 is ${first} and input ${index} is ${other}: they differ at axis ${axis}`,
  hint: ({ joined }) => `only axis ${joined} may differ; pool or stride the inputs to one size first, or join along another axis (axis=...)`,
});

export const TokenArithmeticMismatch = defineCode<{ op: string; left: string; right: string }>({
  code: 'VN330',
  exit: 'input',
  severity: 'error',
  title: 'token values do not combine',
  message: ({ op, left, right }) => `cannot ${VERBS[op] ?? `apply '${op}' to`} ${left} and ${right}`,
  hint: () => "token values combine element-wise ('-', '*', '/') only with token values of the same layout and shape, or with a number",
});
