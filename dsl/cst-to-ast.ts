/**
 * CST to AST: one function per grammar rule. It gives binary operators their precedence
 * (the parser reads them flat), folds `else if` chains and prefix operators without
 * recursion, and tolerates the partial trees that error recovery leaves: a missing part
 * becomes an empty name so the rest of the file still has a tree. Spans come from token
 * offsets; a token invented by recovery (NaN offsets) is placed at the last real position.
 */
import type { CstNode, IToken } from 'chevrotain';
import { diagnose } from '../compiler/diagnostics/code.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { PositionalAfterKeyword } from '../compiler/diagnostics/codes/syntax.js';
import type * as A from './ast.js';
import { readNumber } from './number.js';
import type { Source } from './source.js';
import type { Span } from './span.js';
import { SpanMaker } from './span-maker.js';
import { readString } from './string-literal.js';
import { BINARY_PRECEDENCE } from './precedence.js';


const NONE: readonly never[] = [];

// Chevrotain keys a CST node's children by rule name (nodes) or token name (tokens).
function nodes(n: CstNode, key: string): readonly CstNode[] {
  return (n.children[key] ?? NONE) as CstNode[];
}

function tokens(n: CstNode, key: string): readonly IToken[] {
  return (n.children[key] ?? NONE) as IToken[];
}

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

  item(n: CstNode): A.Item | undefined {
    const c = n.children;
    const decl = (c['importDecl'] ?? c['constDecl'] ?? c['blockDecl'] ?? c['networkDecl'])?.[0] as CstNode | undefined;
    if (decl === undefined) return undefined;
    switch (decl.name) {
      case 'importDecl':
        return this.importDecl(decl);
      case 'constDecl':
        return this.constDecl(decl);
      case 'blockDecl':
        return this.callableDecl(decl, 'BlockDecl', tokens(decl, 'Block')[0]);
      default:
        return this.callableDecl(decl, 'NetworkDecl', tokens(decl, 'Network')[0]);
    }
  }

  private importDecl(n: CstNode): A.ImportDecl {
    const keyword = tokens(n, 'Import')[0];
    const path = tokens(n, 'StringLiteral')[0];
    const pathSpan = path ? this.tokenSpan(path) : undefined;
    const span = this.cover(keyword, pathSpan);
    return { kind: 'ImportDecl', path: path ? readString(path.image).value : '', pathSpan: pathSpan ?? span, span };
  }

  private constDecl(n: CstNode): A.ConstDecl {
    const keyword = tokens(n, 'Const')[0];
    const name = this.identifier(tokens(n, 'Identifier')[0]);
    const typeNode = nodes(n, 'scalarType')[0];
    const type = typeNode ? this.scalarType(typeNode) : undefined;
    const value = this.expressionOf(n, 0);
    const span = this.cover(keyword, name.span, type?.span, value.span);
    return { kind: 'ConstDecl', name, ...(type ? { type } : {}), value, span };
  }

  private callableDecl<K extends 'BlockDecl' | 'NetworkDecl'>(n: CstNode, kind: K, keyword: IToken | undefined) {
    const name = this.identifier(tokens(n, 'Identifier')[0]);
    const paramsNode = nodes(n, 'params')[0];
    const params = paramsNode ? nodes(paramsNode, 'param').map((q) => this.param(q)) : [];
    const paramsEnd = paramsNode ? tokens(paramsNode, 'RParen')[0] : undefined;
    const typeNode = nodes(n, 'type')[0];
    const returnType = typeNode ? this.type(typeNode) : undefined;
    const body = this.body(nodes(n, 'body')[0]);
    const span = this.cover(keyword, name.span, paramsEnd, returnType?.span, body.end);
    return { kind, name, params, ...(returnType ? { returnType } : {}), body: body.stmts, span };
  }

  private param(n: CstNode): A.Param {
    const name = this.identifier(tokens(n, 'Identifier')[0]);
    const typeNode = nodes(n, 'type')[0];
    const type: A.TypeRef = typeNode ? this.type(typeNode) : { kind: 'ScalarTypeRef', name: 'int', span: this.cover() };
    const defaultNode = nodes(n, 'expression')[0];
    const value = defaultNode ? this.expression(defaultNode) : undefined;
    const span = this.cover(name.span, type.span, value?.span);
    return { kind: 'Param', name, type, ...(value ? { default: value } : {}), span };
  }

  // ------------------------------------------------------------ types

  private type(n: CstNode): A.TypeRef {
    const tensor = nodes(n, 'tensorType')[0];
    if (tensor) return this.tensorType(tensor);
    const scalar = nodes(n, 'scalarType')[0];
    return scalar ? this.scalarType(scalar) : { kind: 'ScalarTypeRef', name: 'int', span: this.cover() };
  }

  private tensorType(n: CstNode): A.TensorTypeRef {
    const dtypeToken = tokens(n, 'DTypeKeyword')[0];
    const dtype = (dtypeToken?.image ?? 'f32') as A.DType;
    const dtypeSpan = dtypeToken ? this.tokenSpan(dtypeToken) : undefined;
    const dims = nodes(n, 'expression').map((e) => this.expression(e));
    const span = this.cover(dtypeSpan, dims[dims.length - 1]?.span, tokens(n, 'RBracket')[0]);
    return { kind: 'TensorTypeRef', dtype, dims, span };
  }

  private scalarType(n: CstNode): A.ScalarTypeRef {
    const token = tokens(n, 'ScalarKeyword')[0];
    const name = (token?.image ?? 'int') as A.ScalarTypeRef['name'];
    return { kind: 'ScalarTypeRef', name, span: token ? this.tokenSpan(token) : this.cover() };
  }

  // ------------------------------------------------------------ statements

  private body(n: CstNode | undefined): { stmts: A.Stmt[]; end: Part } {
    if (n === undefined) return { stmts: [], end: undefined };
    const stmts: A.Stmt[] = [];
    for (const s of nodes(n, 'statement')) {
      const stmt = this.statement(s);
      if (stmt) stmts.push(stmt);
    }
    const close = tokens(n, 'RCurly')[0];
    if (close) this.cover(close);
    return { stmts, end: close ?? stmts[stmts.length - 1]?.span ?? tokens(n, 'LCurly')[0] };
  }

  private statement(n: CstNode): A.Stmt | undefined {
    const c = n.children;
    const inner = (c['letStmt'] ?? c['assignStmt'] ?? c['returnStmt'] ?? c['ifStmt'] ?? c['forStmt'])?.[0] as CstNode | undefined;
    if (inner === undefined) return undefined;
    switch (inner.name) {
      case 'letStmt':
      case 'assignStmt': {
        const keyword = tokens(inner, 'Let')[0];
        const name = this.identifier(tokens(inner, 'Identifier')[0]);
        const value = this.expressionOf(inner, 0);
        const span = this.cover(keyword, name.span, value.span);
        return { kind: inner.name === 'letStmt' ? 'LetStmt' : 'AssignStmt', name, value, span };
      }
      case 'returnStmt': {
        const value = this.expressionOf(inner, 0);
        return { kind: 'ReturnStmt', value, span: this.cover(tokens(inner, 'Return')[0], value.span) };
      }
      case 'ifStmt':
        return this.ifStmt(inner);
      default:
        return this.forStmt(inner);
    }
  }

  /** `if a {} else if b {} else {}` is read flat; the chain is folded from its end. */
  private ifStmt(n: CstNode): A.IfStmt {
    const ifs = tokens(n, 'If');
    const elses = tokens(n, 'Else');
    const conditions = nodes(n, 'expression').map((e) => this.expression(e));
    const bodies = nodes(n, 'body').map((b) => this.body(b));
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

  private forStmt(n: CstNode): A.ForStmt {
    const variable = this.identifier(tokens(n, 'Identifier')[0]);
    const from = this.expressionOf(n, 0);
    const to = this.expressionOf(n, 1);
    const body = this.body(nodes(n, 'body')[0]);
    const span = this.cover(tokens(n, 'For')[0], variable.span, to.span, body.end);
    return { kind: 'ForStmt', variable, from, to, body: body.stmts, span };
  }

  // ------------------------------------------------------------ expressions

  private expressionOf(n: CstNode, index: number): A.Expr {
    const e = nodes(n, 'expression')[index];
    return e ? this.expression(e) : this.missing();
  }

  /** `operand (op operand)* (|> stage)*` (an `expression` or `arg` node), operators by precedence climbing. */
  expression(n: CstNode): A.Expr {
    const head = this.binary(n);
    const stageNodes = nodes(n, 'stage');
    if (stageNodes.length === 0) return head;
    const stages = stageNodes.map((s) => this.call(s, false));
    const last = stages[stages.length - 1]!;
    return { kind: 'PipeExpr', head, stages, span: this.cover(head.span, last.span) };
  }

  private binary(n: CstNode): A.Expr {
    const operands = nodes(n, 'operand');
    const ops = tokens(n, 'BinaryOperator');
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
  private operand(n: CstNode): A.Expr {
    const prefixes = tokens(n, 'PrefixOperator');
    let value = this.primary(n);
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const op = prefixes[i]!;
      value = { kind: 'UnaryExpr', op: op.image as '-' | '!', operand: value, span: this.cover(op, value.span) };
    }
    return value;
  }

  private primary(n: CstNode): A.Expr {
    const c = n.children;
    const name = c['Identifier'];
    if (name !== undefined) {
      if (c['LParen'] !== undefined) return this.call(n, true);
      const token = name[0] as IToken;
      return { kind: 'NameRef', name: token.image, span: this.tokenSpan(token) };
    }
    const literal = (c['NumberLiteral'] ?? c['StringLiteral'] ?? c['BoolLiteral'])?.[0] as IToken | undefined;
    if (literal) return this.literal(literal);
    const group = nodes(n, 'parenthesized')[0];
    if (group === undefined) return this.missing();
    const elements = nodes(group, 'expression').map((e) => this.expression(e));
    if (elements.length === 1) return elements[0]!;
    const span = this.cover(tokens(group, 'LParen')[0], elements[elements.length - 1]?.span, tokens(group, 'RParen')[0]);
    return { kind: 'TupleExpr', elements, span };
  }

  /** A call (`f(...) as l`), or a bare stage name (`relu`, `batchnorm as bn1`). */
  private call(n: CstNode, hasParens: boolean): A.CallExpr {
    const callee = this.identifier(tokens(n, 'Identifier')[0]);
    const args = this.args(nodes(n, 'arg'));
    const close = tokens(n, 'RParen')[0];
    const labelNode = nodes(n, 'label')[0];
    const label = labelNode ? this.label(labelNode) : undefined;
    const parens = hasParens || tokens(n, 'LParen').length > 0;
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

  private args(argNodes: readonly CstNode[]): A.Arg[] {
    const out: A.Arg[] = [];
    let sawKeyword = false;
    for (const a of argNodes) {
      const nameToken = tokens(a, 'Identifier')[0];
      const name = nameToken ? this.identifier(nameToken) : undefined;
      const value = this.expression(a);
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

  private label(n: CstNode): A.LabelPath {
    const segments: A.LabelSegment[] = [];
    for (const name of tokens(n, 'Identifier')) {
      segments.push({ kind: 'NameSegment', name: name.image, span: this.tokenSpan(name) });
    }
    for (const index of nodes(n, 'labelIndex')) {
      const value = this.expressionOf(index, 0);
      const span = this.cover(tokens(index, 'LBracket')[0], value.span, tokens(index, 'RBracket')[0]);
      segments.push({ kind: 'IndexSegment', index: value, span });
    }
    if (segments.length > 1) segments.sort((a, b) => a.span.start - b.span.start);
    const span = this.cover(segments[0]?.span, segments[segments.length - 1]?.span);
    return { kind: 'LabelPath', segments, span };
  }
}
