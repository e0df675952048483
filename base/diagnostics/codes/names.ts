/** VN2xx: names, imports and compile-time evaluation. */
import { defineCode } from '../code.js';

const didYouMean = (suggestion: string | undefined): string | undefined => (suggestion ? `did you mean '${suggestion}'?` : undefined);

export const UnknownName = defineCode<{ name: string; suggestion?: string }>({
  code: 'VN201',
  exit: 'input',
  severity: 'error',
  title: 'unknown name',
  message: ({ name }) => `unknown name '${name}'`,
  hint: ({ suggestion }) => didYouMean(suggestion),
});

export const UnknownCallee = defineCode<{ name: string; suggestion?: string }>({
  code: 'VN202',
  exit: 'input',
  severity: 'error',
  title: 'unknown operation or block',
  message: ({ name }) => `'${name}' is neither an operation nor a block`,
  hint: ({ suggestion }) => didYouMean(suggestion) ?? 'see the operation table in docs/language.md',
});

export const DuplicateDefinition = defineCode<{ name: string; what: string }>({
  code: 'VN203',
  exit: 'input',
  severity: 'error',
  title: 'duplicate definition',
  message: ({ name, what }) => `'${name}' is already defined (${what})`,
  hint: () => 'rename one of them; to rebind a value write `name = ...` without `let`',
});

export const ImportCycle = defineCode<{ cycle: readonly string[] }>({
  code: 'VN204',
  exit: 'input',
  severity: 'error',
  title: 'import cycle',
  message: ({ cycle }) => `import cycle: ${cycle.join(' -> ')}`,
  hint: () => 'move what both files need into a third file that neither imports back',
});

export const ImportNotFound = defineCode<{ path: string; resolved: string }>({
  code: 'VN205',
  exit: 'input',
  severity: 'error',
  title: 'imported file not found',
  message: ({ path, resolved }) => `cannot import '${path}': no file at '${resolved}'`,
  hint: () => 'import paths are relative to the importing file',
});

export const UnknownArgument = defineCode<{ callee: string; name: string; known: readonly string[]; suggestion?: string }>({
  code: 'VN206',
  exit: 'input',
  severity: 'error',
  title: 'unknown keyword argument',
  message: ({ callee, name }) => `'${callee}' has no parameter named '${name}'`,
  hint: ({ callee, suggestion, known }) =>
    didYouMean(suggestion) ?? (known.length > 0 ? `its parameters are: ${known.join(', ')}` : `'${callee}' takes no arguments`),
});

export const DuplicateArgument = defineCode<{ callee: string; name: string }>({
  code: 'VN207',
  exit: 'input',
  severity: 'error',
  title: 'duplicate argument',
  message: ({ callee, name }) => `argument '${name}' of '${callee}' is given twice`,
});

export const MissingArgument = defineCode<{ callee: string; name: string; signature: string }>({
  code: 'VN208',
  exit: 'input',
  severity: 'error',
  title: 'missing argument',
  message: ({ callee, name }) => `'${callee}' needs the argument '${name}'`,
  hint: ({ signature }) => `signature: ${signature}`,
});

export const TooManyArguments = defineCode<{ callee: string; max: number; given: number; signature: string }>({
  code: 'VN209',
  exit: 'input',
  severity: 'error',
  title: 'too many arguments',
  message: ({ callee, max, given }) => `'${callee}' takes at most ${max} positional argument${max === 1 ? '' : 's'}, ${given} given`,
  hint: ({ signature }) => `signature: ${signature}`,
});

export const NotCompileTime = defineCode<{ what: string; found: string }>({
  code: 'VN211',
  exit: 'input',
  severity: 'error',
  title: 'not a compile-time value',
  message: ({ what, found }) => `${what} must be a compile-time value, found ${found}`,
});

export const InexactDivision = defineCode<{ left: string; right: string }>({
  code: 'VN212',
  exit: 'input',
  severity: 'error',
  title: 'inexact division',
  message: ({ left, right }) => `${left} / ${right} is not a whole number`,
  hint: () => 'sizes must divide exactly; use // for floor division',
});

export const DivisionByZero = defineCode<{ left: string }>({
  code: 'VN213',
  exit: 'input',
  severity: 'error',
  title: 'division by zero',
  message: ({ left }) => `${left} divided by zero`,
});

export const ConstantCycle = defineCode<{ cycle: readonly string[] }>({
  code: 'VN214',
  exit: 'input',
  severity: 'error',
  title: 'constant defined in terms of itself',
  message: ({ cycle }) => `constant cycle: ${cycle.join(' -> ')}`,
});

export const UnusedValue = defineCode<{ name: string }>({
  code: 'VN215',
  exit: 'input',
  severity: 'warning',
  title: 'unused value',
  message: ({ name }) => `'${name}' is never used`,
  hint: () => 'remove it, or use it',
});

export const UnusedBlock = defineCode<{ name: string }>({
  code: 'VN216',
  exit: 'input',
  severity: 'warning',
  title: 'unused block',
  message: ({ name }) => `block '${name}' is never used`,
});

export const UnusedConstant = defineCode<{ name: string }>({
  code: 'VN217',
  exit: 'input',
  severity: 'warning',
  title: 'unused constant',
  message: ({ name }) => `constant '${name}' is never used`,
});

export const MissingReturn = defineCode<{ what: string; name: string }>({
  code: 'VN218',
  exit: 'input',
  severity: 'error',
  title: 'missing return',
  message: ({ what, name }) => `${what} '${name}' does not end with a return`,
  hint: () => 'end the body with `return <value>`',
});

export const ReturnNotLast = defineCode<Record<string, never>>({
  code: 'VN219',
  exit: 'input',
  severity: 'error',
  title: 'return not last',
  message: () => 'return must be the last statement of a block or network body',
  hint: () => 'compute the result in a value and return it once, at the end',
});

export const UnlabeledParameters = defineCode<{ op: string }>({
  code: 'VN220',
  exit: 'input',
  severity: 'warning',
  title: 'parameters without a name',
  message: ({ op }) => `'${op}' has parameters but no name; they get a generated one`,
  hint: ({ op }) => `name them with \`as\`, e.g. \`${op}(...) as ${op === 'linear' ? 'fc' : 'conv1'}\`, so checkpoints load`,
});

export const DuplicateParamName = defineCode<{ name: string }>({
  code: 'VN221',
  exit: 'input',
  severity: 'error',
  title: 'duplicate parameter name',
  message: ({ name }) => `parameter name '${name}' is used by two calls`,
  hint: () => 'give each call its own `as` label (inside a loop, use an index: `as [i]`)',
});

export const AssignToUndeclared = defineCode<{ name: string; suggestion?: string }>({
  code: 'VN222',
  exit: 'input',
  severity: 'error',
  title: 'assignment to undeclared value',
  message: ({ name }) => `'${name}' is assigned but was never declared`,
  hint: ({ name, suggestion }) => didYouMean(suggestion) ?? `declare it first: \`let ${name} = ...\``,
});

export const NotAssignable = defineCode<{ name: string; what: string }>({
  code: 'VN223',
  exit: 'input',
  severity: 'error',
  title: 'not assignable',
  message: ({ name, what }) => `cannot assign to '${name}': it is a ${what}`,
});

export const RecursiveBlock = defineCode<{ chain: readonly string[] }>({
  code: 'VN225',
  exit: 'input',
  severity: 'error',
  title: 'recursive block',
  message: ({ chain }) => `block calls itself: ${chain.join(' -> ')}`,
  hint: () => 'blocks are inlined; repeat them with a `for` loop instead',
});

export const ElaborationLimit = defineCode<{ what: string; limit: number }>({
  code: 'VN226',
  exit: 'input',
  severity: 'error',
  title: 'program too large',
  message: ({ what, limit }) => `${what} exceeds the limit of ${limit}`,
});

export const NotCallable = defineCode<{ name: string; what: string }>({
  code: 'VN227',
  exit: 'input',
  severity: 'error',
  title: 'not callable',
  message: ({ name, what }) => `'${name}' is a ${what}, not an operation or block`,
});

export const ShadowsOperation = defineCode<{ name: string }>({
  code: 'VN228',
  exit: 'input',
  severity: 'error',
  title: 'block shadows an operation',
  message: ({ name }) => `block '${name}' has the name of a built-in operation`,
  hint: () => 'rename the block',
});

export const ConstantNotScalar = defineCode<{ name: string }>({
  code: 'VN229',
  exit: 'input',
  severity: 'error',
  title: 'constant is not a compile-time scalar',
  message: ({ name }) => `constant '${name}' must be a number, bool, string or word`,
});

export const CheckFailed = defineCode<{ path: string; reason: string }>({
  code: 'VN230',
  exit: 'input',
  severity: 'error',
  title: 'file could not be checked',
  message: ({ path, reason }) => `cannot check '${path}': ${reason}`,
  hint: () => 'split long expressions, deep nesting or long chains of constants with let bindings or more files; other files are not affected',
});

export const SelfLabelOutsideBlock = defineCode<Record<string, never>>({
  code: 'VN235',
  exit: 'input',
  severity: 'error',
  title: '`as .` outside a labelled block call',
  message: () => "'as .' names this operation by the label of the block call around it, but there is no such label here",
  hint: () => 'use `as .` inside a block and label the call of the block (`x |> conv3d_simple(64) as conv1[0]`), or give the operation its own label',
});

export const BadLabelSegment = defineCode<{ segment: string }>({
  code: 'VN236',
  exit: 'input',
  severity: 'error',
  title: 'bad label segment',
  message: ({ segment }) => `a label segment spelled by a string must be one name of letters, digits and _, found ${JSON.stringify(segment)}`,
  hint: () => 'spell one segment per [...]: `as s2["pathway" + p + "_res" + i]` gives s2.pathway0_res1 for p = 0, i = 1',
});
