/**
 * CST to AST: one function per grammar rule. It gives binary operators their precedence
 * (the parser reads them flat), folds `else if` chains and prefix operators without
 * recursion, and tolerates the partial trees that error recovery leaves: a missing part
 * becomes an empty name so the rest of the file still has a tree. Spans come from token
 * offsets; a token invented by recovery (NaN offsets) is placed at the last real position.
 */
import type { IToken } from 'chevrotain';
import { diagnose } from '../base/diagnostics/code.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { PositionalAfterKeyword } from '../base/diagnostics/codes/syntax.js';
import { PreprocessNotSetting } from '../base/diagnostics/codes/preprocess.js';
import type * as A from './ast.js';
import { readNumber } from './number.js';
import type { Source } from '../base/source.js';
import type { Span } from '../base/span.js';
import { SpanMaker } from './span-maker.js';
import { readString } from './string-literal.js';
import { BINARY_PRECEDENCE } from './precedence.js';
import type * as C from './cst-types.js';

const NONE: readonly never[] = [];

// The CST types (cst-types.ts, generated from the grammar) say which children a rule has; error
// recovery may leave out any of them, so every list is read as possibly absent.
function all<T>(list: readonly T[] | undefined): readonly T[] {
  return list ?? NONE;
}

function first<T>(list: readonly T[] | undefined): T | undefined {
  return list?.[0];
}

/** The children an `expression` and an `arg` share: `operand (op operand)* (|> stage)*`. */
type OperatorChain = Pick<C.ExpressionCstChildren, 'operand' | 'BinaryOperator' | 'stage'>;

/** The children a call shares with a bare pipeline stage: `f(args) as label`. */
type CallChildren = Pick<C.StageCstChildren, 'arg' | 'LParen' | 'RParen' | 'label'> & { Identifier?: IToken[] };

type Part = IToken | Span | undefined;

function partStart(p: Part): number {
  return p === undefined ? NaN : 'image' in p ? p.startOffset : p.start;
}

function partEnd(p: Part): number {
  // Tokens carry only their start offset (the lexer's cheapest mode); invented tokens have NaN.
  return p === undefined ? NaN : 'image' in p ? p.startOffset + p.image.length : p.end;
}

/** Builds the AST items of one top-level item's CST; collects the few problems only visible here. */
export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** One past the last real offset seen: where invented tokens are placed. */
  private cursor = 0;

  private readonly spans: SpanMaker;
  private readonly textLength: number;

  constructor(source: Source) {
    this.spans = new SpanMaker(source);
    this.textLength = source.text.length;
  }

  // ------------------------------------------------------------ spans

  /** The span from the first to the last of `parts` that has a real position. */
  private cover(...parts: Part[]): Span {
    let start = NaN;
    let end = NaN;
    for (const p of parts) {
      const s = partStart(p);
      const e = partEnd(p);
      if (!Number.isNaN(s) && !(s >= start)) start = s;
      if (!Number.isNaN(e) && !(e <= end)) end = e;
    }
    if (Number.isNaN(start)) start = Number.isNaN(end) ? this.cursor : end;
    if (Number.isNaN(end) || end < start) end = start;
    return this.spans.span(Math.max(0, Math.min(start, this.textLength)), Math.max(0, Math.min(end, this.textLength)));
  }

  private tokenSpan(t: IToken): Span {
    const end = partEnd(t);
    if (!Number.isNaN(end)) this.cursor = end;
    return this.cover(t);
  }

  private identifier(t: IToken | undefined): A.Identifier {
    if (t === undefined) return { kind: 'Identifier', name: '', span: this.cover() };
    return { kind: 'Identifier', name: t.image, span: this.tokenSpan(t) };
  }

  private missing(): A.NameRef {
    return { kind: 'NameRef', name: '', span: this.cover() };
  }

  // ------------------------------------------------------------ items

  item(n: C.ItemCstNode): A.Item | undefined {
    const c = n.children;
    const importDecl = first(c.importDecl);
    if (importDecl) return this.importDecl(importDecl);
    const constDecl = first(c.constDecl);
    if (constDecl) return this.constDecl(constDecl);
    const blockDecl = first(c.blockDecl);
    if (blockDecl) return this.callableDecl(blockDecl.children, 'BlockDecl', first(blockDecl.children.Block));
    const networkDecl = first(c.networkDecl);
    if (networkDecl) return this.callableDecl(networkDecl.children, 'NetworkDecl', first(networkDecl.children.Network));
    return undefined;
  }

  private importDecl(n: C.ImportDeclCstNode): A.ImportDecl {
    const keyword = first(n.children.Import);
    const path = first(n.children.StringLiteral);
    const pathSpan = path ? this.tokenSpan(path) : undefined;
    const span = this.cover(keyword, pathSpan);
    return { kind: 'ImportDecl', path: path ? readString(path.image).value : '', pathSpan: pathSpan ?? span, span };
  }

  private constDecl(n: C.ConstDeclCstNode): A.ConstDecl {
    const c = n.children;
    const keyword = first(c.Const);
    const name = this.identifier(first(c.Identifier));
    const typeNode = first(c.scalarType);
    const type = typeNode ? this.scalarType(typeNode) : undefined;
    const value = this.expressionOf(c.expression, 0);
    const span = this.cover(keyword, name.span, type?.span, value.span);
    return { kind: 'ConstDecl', name, ...(type ? { type } : {}), value, span };
  }

  private callableDecl<K extends 'BlockDecl' | 'NetworkDecl'>(c: C.BlockDeclCstChildren | C.NetworkDeclCstChildren, kind: K, keyword: IToken | undefined) {
    const name = this.identifier(first(c.Identifier));
    const paramsNode = first(c.params);
    const params = paramsNode ? all(paramsNode.children.param).map((q) => this.param(q)) : [];
    const paramsEnd = paramsNode ? first(paramsNode.children.RParen) : undefined;
    const typeNode = first(c.type);
    const returnType = typeNode ? this.type(typeNode) : undefined;
    const body = this.body(first(c.body));
    const span = this.cover(keyword, name.span, paramsEnd, returnType?.span, body.end);
    return { kind, name, params, ...(returnType ? { returnType } : {}), body: body.stmts, span };
  }

  private param(n: C.ParamCstNode): A.Param {
    const c = n.children;
    const name = this.identifier(first(c.Identifier));
    const typeNode = first(c.type);
    const type: A.TypeRef = typeNode ? this.type(typeNode) : { kind: 'ScalarTypeRef', name: 'int', span: this.cover() };
    const defaultNode = first(c.expression);
    const value = defaultNode ? this.expression(defaultNode.children) : undefined;
    const span = this.cover(name.span, type.span, value?.span);
    return { kind: 'Param', name, type, ...(value ? { default: value } : {}), span };
  }

  // ------------------------------------------------------------ types

  private type(n: C.TypeCstNode): A.TypeRef {
    const tensor = first(n.children.tensorType);
    if (tensor) return this.tensorType(tensor);
    const scalar = first(n.children.scalarType);
    return scalar ? this.scalarType(scalar) : { kind: 'ScalarTypeRef', name: 'int', span: this.cover() };
  }

  private tensorType(n: C.TensorTypeCstNode): A.TensorTypeRef {
    const c = n.children;
    const dtypeToken = first(c.DTypeKeyword);
    const dtype = (dtypeToken?.image ?? 'f32') as A.DType;
    const dtypeSpan = dtypeToken ? this.tokenSpan(dtypeToken) : undefined;
    const dims = all(c.expression).map((e) => this.expression(e.children));
    const span = this.cover(dtypeSpan, dims[dims.length - 1]?.span, first(c.RBracket));
    return { kind: 'TensorTypeRef', dtype, dims, span };
  }

  private scalarType(n: C.ScalarTypeCstNode): A.ScalarTypeRef {
    const token = first(n.children.ScalarKeyword);
    const name = (token?.image ?? 'int') as A.ScalarTypeRef['name'];
    return { kind: 'ScalarTypeRef', name, span: token ? this.tokenSpan(token) : this.cover() };
  }

  // ------------------------------------------------------------ statements

  private body(n: C.BodyCstNode | undefined): { stmts: A.Stmt[]; end: Part } {
    if (n === undefined) return { stmts: [], end: undefined };
    const stmts: A.Stmt[] = [];
    for (const s of all(n.children.statement)) {
      const stmt = this.statement(s);
      if (stmt) stmts.push(stmt);
    }
    const close = first(n.children.RCurly);
    if (close) this.cover(close);
    return { stmts, end: close ?? stmts[stmts.length - 1]?.span ?? first(n.children.LCurly) };
  }

  private statement(n: C.StatementCstNode): A.Stmt | undefined {
    const c = n.children;
    const letStmt = first(c.letStmt);
    if (letStmt) return this.binding('LetStmt', first(letStmt.children.Let), letStmt.children);
    const assignStmt = first(c.assignStmt);
    if (assignStmt) return this.binding('AssignStmt', undefined, assignStmt.children);
    const returnStmt = first(c.returnStmt);
    if (returnStmt) {
      const value = this.expressionOf(returnStmt.children.expression, 0);
      return { kind: 'ReturnStmt', value, span: this.cover(first(returnStmt.children.Return), value.span) };
    }
    const ifStmt = first(c.ifStmt);
    if (ifStmt) return this.ifStmt(ifStmt);
    const forStmt = first(c.forStmt);
    if (forStmt) return this.forStmt(forStmt);
    const preprocessStmt = first(c.preprocessStmt);
    return preprocessStmt ? this.preprocessStmt(preprocessStmt) : undefined;
  }

  /** The body's `name = value` statements become settings; any other statement is reported (VN490). */
  private preprocessStmt(n: C.PreprocessStmtCstNode): A.PreprocessStmt {
    const keyword = first(n.children.Preprocess);
    const keywordSpan = keyword ? this.tokenSpan(keyword) : undefined;
    const body = this.body(first(n.children.body));
    const settings: A.Setting[] = [];
    for (const stmt of body.stmts) {
      if (stmt.kind === 'AssignStmt') settings.push({ kind: 'Setting', name: stmt.name, value: stmt.value, span: stmt.span });
      else this.diagnostics.push(diagnose(PreprocessNotSetting, {}, stmt.span));
    }
    return { kind: 'PreprocessStmt', settings, span: this.cover(keywordSpan, body.end) };
  }

  /** `let x = e` and `x = e`. */
  private binding(kind: 'LetStmt' | 'AssignStmt', keyword: IToken | undefined, c: C.LetStmtCstChildren | C.AssignStmtCstChildren): A.LetStmt | A.AssignStmt {
    const name = this.identifier(first(c.Identifier));
    const value = this.expressionOf(c.expression, 0);
    return { kind, name, value, span: this.cover(keyword, name.span, value.span) };
  }

  /** `if a {} else if b {} else {}` is read flat; the chain is folded from its end. */
  private ifStmt(n: C.IfStmtCstNode): A.IfStmt {
    const c = n.children;
    const ifs = all(c.If);
    const elses = all(c.Else);
    const conditions = all(c.expression).map((e) => this.expression(e.children));
    const bodies = all(c.body).map((b) => this.body(b));
    const links = Math.max(1, conditions.length);
    const finalElse = bodies.length > links ? bodies[links] : undefined;
    const end = bodies[bodies.length - 1]?.end ?? conditions[conditions.length - 1]?.span;
    let tail: A.Stmt[] | undefined = finalElse?.stmts;
    for (let i = links - 1; i >= 0; i--) {
      const condition = conditions[i] ?? this.missing();
      const link: A.IfStmt = {
        kind: 'IfStmt',
        condition,
        then: bodies[i]?.stmts ?? [],
        ...(tail ? { else: tail } : {}),
        ...(tail && elses[i] ? { elseSpan: this.cover(elses[i]) } : {}),
        span: this.cover(ifs[i], condition.span, end),
      };
      tail = [link];
    }
    return tail![0] as A.IfStmt;
  }

  private forStmt(n: C.ForStmtCstNode): A.ForStmt {
    const c = n.children;
    const variable = this.identifier(first(c.Identifier));
    const from = this.expressionOf(c.expression, 0);
    const to = this.expressionOf(c.expression, 1);
    const body = this.body(first(c.body));
    const span = this.cover(first(c.For), variable.span, to.span, body.end);
    return { kind: 'ForStmt', variable, from, to, body: body.stmts, span };
  }

  // ------------------------------------------------------------ expressions

  private expressionOf(list: readonly C.ExpressionCstNode[] | undefined, index: number): A.Expr {
    const e = list?.[index];
    return e ? this.expression(e.children) : this.missing();
  }

  /** `operand (op operand)* (|> stage)*` (an `expression` or `arg` node), operators by precedence climbing. */
  expression(c: OperatorChain): A.Expr {
    const head = this.binary(c);
    const stageNodes = all(c.stage);
    if (stageNodes.length === 0) return head;
    const stages = stageNodes.map((s) => this.call(s.children, false));
    const last = stages[stages.length - 1]!;
    return { kind: 'PipeExpr', head, stages, span: this.cover(head.span, last.span) };
  }

  private binary(c: OperatorChain): A.Expr {
    const operands = all(c.operand);
    const ops = all(c.BinaryOperator);
    const first = operands[0];
    if (ops.length === 0) return first ? this.operand(first) : this.missing();
    const values: A.Expr[] = [first ? this.operand(first) : this.missing()];
    const pending: A.BinaryOp[] = [];
    const reduce = () => {
      const right = values.pop()!;
      const left = values.pop()!;
      const op = pending.pop()!;
      values.push({ kind: 'BinaryExpr', op, left, right, span: this.cover(left.span, right.span) });
    };
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!.image as A.BinaryOp;
      while (pending.length > 0 && BINARY_PRECEDENCE[pending[pending.length - 1]!] >= BINARY_PRECEDENCE[op]) reduce();
      pending.push(op);
      const next = operands[i + 1];
      values.push(next ? this.operand(next) : this.missing());
    }
    while (pending.length > 0) reduce();
    return values[0]!;
  }

  /** Prefix operators fold from the innermost outwards, so `- - x` never recurses. */
  private operand(n: C.OperandCstNode): A.Expr {
    const prefixes = all(n.children.PrefixOperator);
    let value = this.primary(n.children);
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const op = prefixes[i]!;
      value = { kind: 'UnaryExpr', op: op.image as '-' | '!', operand: value, span: this.cover(op, value.span) };
    }
    return value;
  }

  private primary(c: C.OperandCstChildren): A.Expr {
    const name = first(c.Identifier);
    if (name !== undefined) {
      if (c.LParen !== undefined) return this.call(c, true);
      return { kind: 'NameRef', name: name.image, span: this.tokenSpan(name) };
    }
    const literal = first(c.NumberLiteral) ?? first(c.StringLiteral) ?? first(c.BoolLiteral);
    if (literal) return this.literal(literal);
    const group = first(c.parenthesized);
    if (group === undefined) return this.missing();
    const elements = all(group.children.expression).map((e) => this.expression(e.children));
    if (elements.length === 1) return elements[0]!;
    const span = this.cover(first(group.children.LParen), elements[elements.length - 1]?.span, first(group.children.RParen));
    return { kind: 'TupleExpr', elements, span };
  }

  /** A call (`f(...) as l`), or a bare stage name (`relu`, `batchnorm as bn1`). */
  private call(c: CallChildren, hasParens: boolean): A.CallExpr {
    const callee = this.identifier(first(c.Identifier));
    const args = this.args(all(c.arg));
    const close = first(c.RParen);
    const labelNode = first(c.label);
    const label = labelNode ? this.label(labelNode) : undefined;
    const parens = hasParens || all(c.LParen).length > 0;
    const span = this.cover(callee.span, args[args.length - 1]?.span, close, label?.span);
    return { kind: 'CallExpr', callee, args, ...(label ? { label } : {}), hasParens: parens, span };
  }

  private literal(t: IToken): A.Expr {
    const span = this.tokenSpan(t);
    const type = t.tokenType.name;
    if (type === 'True' || type === 'False') return { kind: 'BoolLiteral', value: type === 'True', span };
    if (type === 'ClosedString' || type === 'UnterminatedString') {
      return { kind: 'StringLiteral', value: readString(t.image).value, span };
    }
    const n = readNumber(t.image);
    if (n.kind === 'float') return { kind: 'FloatLiteral', value: n.value, raw: t.image, span };
    return { kind: 'IntLiteral', value: n.kind === 'int' ? n.value : NaN, raw: t.image, span };
  }

  private args(argNodes: readonly C.ArgCstNode[]): A.Arg[] {
    const out: A.Arg[] = [];
    let sawKeyword = false;
    for (const a of argNodes) {
      const nameToken = first(a.children.Identifier);
      const name = nameToken ? this.identifier(nameToken) : undefined;
      const value = this.expression(a.children);
      const span = this.cover(name?.span, value.span);
      if (name) {
        sawKeyword = true;
        out.push({ kind: 'Arg', name, value, span });
      } else {
        if (sawKeyword) this.diagnostics.push(diagnose(PositionalAfterKeyword, {}, span));
        out.push({ kind: 'Arg', value, span });
      }
    }
    return out;
  }

  // ------------------------------------------------------------ labels

  private label(n: C.LabelCstNode): A.LabelPath {
    const segments: A.LabelSegment[] = [];
    for (const name of all(n.children.Identifier)) {
      segments.push({ kind: 'NameSegment', name: name.image, span: this.tokenSpan(name) });
    }
    for (const index of all(n.children.labelIndex)) {
      const value = this.expressionOf(index.children.expression, 0);
      const span = this.cover(first(index.children.LBracket), value.span, first(index.children.RBracket));
      segments.push({ kind: 'IndexSegment', index: value, span });
    }
    if (segments.length > 1) segments.sort((a, b) => a.span.start - b.span.start);
    // `as .` has no segments: its span is the dot's.
    const dot = segments.length === 0 ? first(n.children.Dot) : undefined;
    const span = dot ? this.tokenSpan(dot) : this.cover(segments[0]?.span, segments[segments.length - 1]?.span);
    return { kind: 'LabelPath', segments, span };
  }
}
