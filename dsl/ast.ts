/**
 * The abstract syntax tree of a `.vnet` file: immutable data, discriminated on `kind`,
 * every node with the span of the text it came from. The parser builds it (cst-to-ast.ts),
 * the printer prints it back (printer.ts), the checker reads it. Comments are kept beside
 * the tree (`File.comments`) so `vnetc fmt` can put them back.
 */
import type { Span } from '../base/span.js';

export interface Node {
  readonly span: Span;
}

export interface Identifier extends Node {
  readonly kind: 'Identifier';
  readonly name: string;
}

// ---------------------------------------------------------------- file level

export interface File extends Node {
  readonly kind: 'File';
  readonly items: readonly Item[];
  /** Every comment in the file, in source order (`#` to end of line, or `/* ... *\/`). */
  readonly comments: readonly Comment[];
}

export interface Comment extends Node {
  readonly kind: 'Comment';
  /** The comment's full text including its `#` or delimiters. */
  readonly text: string;
}

export type Item = ImportDecl | ConstDecl | BlockDecl | NetworkDecl;

/** `import "path/to/other.vnet"` : brings the other file's constants and blocks into scope. */
export interface ImportDecl extends Node {
  readonly kind: 'ImportDecl';
  /** The relative path exactly as written (without quotes). */
  readonly path: string;
  readonly pathSpan: Span;
}

/** `const T = 8` : a named compile-time constant; its value is the default, `--set T=16` overrides it. */
export interface ConstDecl extends Node {
  readonly kind: 'ConstDecl';
  readonly name: Identifier;
  /** Optional declared type: `const FOLD: float = 1/8`. */
  readonly type?: ScalarTypeRef;
  readonly value: Expr;
}

/**
 * `block name(params) -> type { body }` : a reusable, parameterized piece of network.
 * The first tensor-typed parameter receives the pipeline input when the block is used
 * as a pipeline stage (`x |> bottleneck(64)`).
 */
export interface BlockDecl extends Node {
  readonly kind: 'BlockDecl';
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly returnType?: TypeRef;
  readonly body: readonly Stmt[];
}

/** `network name(inputs) -> type { body }` : an entry point that `vnetc compile` can emit. */
export interface NetworkDecl extends Node {
  readonly kind: 'NetworkDecl';
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly returnType?: TypeRef;
  readonly body: readonly Stmt[];
}

export interface Param extends Node {
  readonly kind: 'Param';
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly default?: Expr;
}

// ---------------------------------------------------------------- types

export type TypeRef = TensorTypeRef | ScalarTypeRef;

/** `f32[N, T, 3, 224, 224]` : dtype and one expression per dimension. */
export interface TensorTypeRef extends Node {
  readonly kind: 'TensorTypeRef';
  readonly dtype: DType;
  readonly dims: readonly Expr[];
}

export type DType = 'f32' | 'f16' | 'i64' | 'bool';

/** `int`, `float`, `bool`, `string`, or `word` (an enum word such as `past`, `time`). */
export interface ScalarTypeRef extends Node {
  readonly kind: 'ScalarTypeRef';
  readonly name: 'int' | 'float' | 'bool' | 'string' | 'word' | 'tuple';
}

// ---------------------------------------------------------------- statements

export type Stmt = LetStmt | AssignStmt | ReturnStmt | IfStmt | ForStmt | PreprocessStmt;

/** `let y = expr` */
export interface LetStmt extends Node {
  readonly kind: 'LetStmt';
  readonly name: Identifier;
  readonly value: Expr;
}

/** `y = expr` : rebinds an existing value (later uses see the new one). */
export interface AssignStmt extends Node {
  readonly kind: 'AssignStmt';
  readonly name: Identifier;
  readonly value: Expr;
}

/** `return expr` */
export interface ReturnStmt extends Node {
  readonly kind: 'ReturnStmt';
  readonly value: Expr;
}

/** `if cond { ... } else { ... }` : the condition is evaluated at compile time. */
export interface IfStmt extends Node {
  readonly kind: 'IfStmt';
  readonly condition: Expr;
  readonly then: readonly Stmt[];
  /** `else { ... }`, or a single nested IfStmt for `else if`. */
  readonly else?: readonly Stmt[];
  /** The `else` keyword, when written: it tells the printer which branch a comment belongs to. */
  readonly elseSpan?: Span;
}

/** `for i in 0..n { ... }` : unrolled at compile time; `i` runs from `from` up to `to - 1`. */
export interface ForStmt extends Node {
  readonly kind: 'ForStmt';
  readonly variable: Identifier;
  readonly from: Expr;
  readonly to: Expr;
  readonly body: readonly Stmt[];
}

/**
 * `preprocess { sampling = segments  resize = 256  crop = 224 }` : how a video becomes the network's
 * clip (docs/language.md); checked against the clip input and written into the model's metadata.
 */
export interface PreprocessStmt extends Node {
  readonly kind: 'PreprocessStmt';
  readonly settings: readonly Setting[];
}

/** `name = value` inside a preprocess section. */
export interface Setting extends Node {
  readonly kind: 'Setting';
  readonly name: Identifier;
  readonly value: Expr;
}

// ---------------------------------------------------------------- expressions

export type Expr = IntLiteral | FloatLiteral | StringLiteral | BoolLiteral | NameRef | TupleExpr | UnaryExpr | BinaryExpr | CallExpr | PipeExpr;

export interface IntLiteral extends Node {
  readonly kind: 'IntLiteral';
  readonly value: number;
  /** The digits as written (kept so the printer reproduces `1_000`, `0x10`). */
  readonly raw: string;
}

export interface FloatLiteral extends Node {
  readonly kind: 'FloatLiteral';
  readonly value: number;
  readonly raw: string;
}

export interface StringLiteral extends Node {
  readonly kind: 'StringLiteral';
  readonly value: string;
}

export interface BoolLiteral extends Node {
  readonly kind: 'BoolLiteral';
  readonly value: boolean;
}

/** A bare name: a value, constant, parameter, dimension variable, or an enum word (`past`). */
export interface NameRef extends Node {
  readonly kind: 'NameRef';
  readonly name: string;
}

/** `(3, 1, 1)` : two or more expressions. */
export interface TupleExpr extends Node {
  readonly kind: 'TupleExpr';
  readonly elements: readonly Expr[];
}

export interface UnaryExpr extends Node {
  readonly kind: 'UnaryExpr';
  readonly op: '-' | '!';
  readonly operand: Expr;
}

/**
 * Arithmetic on numbers and dimensions, comparisons and logic on compile-time values,
 * and `+` on tensors (residual sum). `/` on two integer literals is a fraction (`1/8`)
 * when a float is expected, and exact integer division on dimensions.
 */
export interface BinaryExpr extends Node {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/**
 * `conv2d(64, k=3, stride=2) as conv1` : an operation or block applied to arguments.
 * `as` names the call's parameter scope (`layer1[0].conv1` -> `layer1.0.conv1.weight`).
 * Written as a pipeline stage, `relu` alone is a call with no arguments (`hasParens: false`).
 */
export interface CallExpr extends Node {
  readonly kind: 'CallExpr';
  readonly callee: Identifier;
  readonly args: readonly Arg[];
  readonly label?: LabelPath;
  /** false for a bare stage such as `|> relu`; the printer keeps what was written. */
  readonly hasParens: boolean;
}

export interface Arg extends Node {
  readonly kind: 'Arg';
  /** Present for keyword arguments `k=3`. */
  readonly name?: Identifier;
  readonly value: Expr;
}

/** `x |> stage |> stage` : each stage is a call whose first argument is the value on the left. */
export interface PipeExpr extends Node {
  readonly kind: 'PipeExpr';
  readonly head: Expr;
  readonly stages: readonly CallExpr[];
}

/**
 * `layer1[i].conv1` : the hierarchical parameter scope of a call. No segments: `as .`, the label of
 * the enclosing block call itself (torchvision's `Conv3DSimple` is itself `conv1.0`).
 */
export interface LabelPath extends Node {
  readonly kind: 'LabelPath';
  readonly segments: readonly LabelSegment[];
}

/** A named segment (`conv1`) or an index computed at compile time (`[i + 1]`). */
export type LabelSegment =
  | { readonly kind: 'NameSegment'; readonly name: string; readonly span: Span }
  | { readonly kind: 'IndexSegment'; readonly index: Expr; readonly span: Span };

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
