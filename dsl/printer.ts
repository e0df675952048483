/**
 * The canonical layout of a File (`vnetc fmt`): two-space indent, one statement per line,
 * a blank line between top-level items (consecutive constants keep the source's choice of
 * none or one), pipelines that would pass 100 columns broken before each `|>` with one more
 * indent, block and network headers that would pass 100 columns (or hold comments) with one
 * parameter per line. Comments go back where they were: each one before the statement,
 * item or parameter that follows it, a comment that shared a line with code stays at the
 * end of that line, and single blank lines between statements are kept.
 */
import type { BlockDecl, Comment, Expr, File, IfStmt, Item, NetworkDecl, Param, Stmt } from './ast.js';
import { printCall, printExpr, printType } from './print-expr.js';
import { quoteString } from './string-literal.js';

export const LINE_WIDTH = 100;
const INDENT = '  ';

export function printFile(file: File): string {
  const printer = new Printer(file.comments);
  printer.file(file);
  return printer.text();
}

class Printer {
  private readonly out: string[] = [];
  private readonly comments: readonly Comment[];
  private next = 0;
  /** Source line where the last printed thing ended; undefined right after an opening line. */
  private lastLine: number | undefined;

  constructor(comments: readonly Comment[]) {
    this.comments = [...comments].sort((a, b) => a.span.start - b.span.start);
  }

  text(): string {
    return this.out.length === 0 ? '' : `${this.out.join('\n')}\n`;
  }

  // ------------------------------------------------------------ comments

  private peek(): Comment | undefined {
    return this.comments[this.next];
  }

  private takeBefore(offset: number): Comment[] {
    const taken: Comment[] = [];
    for (let c = this.peek(); c && c.span.start < offset; c = this.peek()) {
      taken.push(c);
      this.next++;
    }
    return taken;
  }

  /** Comments that start on `line` in [from, bound) stay at the end of the last printed line. */
  private trailing(line: number, from: number, bound: number): void {
    for (let c = this.peek(); c && c.span.line === line && c.span.start >= from && c.span.start < bound; c = this.peek()) {
      this.appendToLast(c);
      this.next++;
      this.lastLine = c.span.endLine;
    }
  }

  private appendToLast(c: Comment): void {
    const last = this.out.length - 1;
    this.out[last] = `${this.out[last]}  ${commentText(c)}`;
  }

  private ownLine(c: Comment, indent: string): void {
    this.gap(c.span.line);
    this.out.push(indent + commentText(c));
    this.lastLine = c.span.endLine;
  }

  /**
   * Keeps one blank line where the source had at least one, once: comments from inside the
   * next statement that print above it must not add a second.
   */
  private gap(line: number): void {
    if (this.lastLine !== undefined && line > this.lastLine + 1) this.out.push('');
    this.lastLine = undefined;
  }

  // ------------------------------------------------------------ items

  file(file: File): void {
    file.items.forEach((item, i) => {
      // Consecutive constants keep the source's grouping: gap() below adds at most one blank line.
      const grouped = item.kind === 'ConstDecl' && file.items[i - 1]?.kind === 'ConstDecl';
      if (i > 0 && !grouped) {
        this.out.push('');
        this.lastLine = undefined;
      }
      for (const c of this.takeBefore(item.span.start)) this.ownLine(c, '');
      this.gap(item.span.line);
      this.item(item);
      this.trailing(item.span.endLine, item.span.end, Infinity);
      this.lastLine = Math.max(this.lastLine ?? 0, item.span.endLine);
    });
    if (file.items.length === 0) this.lastLine = undefined;
    for (const c of this.takeBefore(Infinity)) this.ownLine(c, '');
  }

  private item(item: Item): void {
    switch (item.kind) {
      case 'ImportDecl':
        this.out.push(`import ${quoteString(item.path)}`);
        return;
      case 'ConstDecl': {
        const type = item.type ? `: ${printType(item.type)}` : '';
        this.valueLine('', `const ${item.name.name}${type} = `, item.value, item.span.end);
        return;
      }
      default:
        return this.declaration(item);
    }
  }

  /** `block name(params) -> type {` on one line, or one parameter per line when it is too long or holds comments. */
  private declaration(item: BlockDecl | NetworkDecl): void {
    const keyword = item.kind === 'BlockDecl' ? 'block' : 'network';
    const returns = item.returnType ? ` -> ${printType(item.returnType)}` : '';
    const headerEnd = item.returnType ?? item.params[item.params.length - 1] ?? item.name;
    const oneLine = `${keyword} ${item.name.name}(${item.params.map(printParam).join(', ')})${returns}`;
    const last = item.params[item.params.length - 1];
    // The parameter list as far as the AST can tell: `)` has no span, so it ends at `->` or the last parameter.
    const listEnd = item.returnType?.span.start ?? last?.span.end ?? 0;
    if (!last || (!this.commentBetween(item.name.span.end, listEnd) && `${oneLine} {`.length <= LINE_WIDTH)) {
      this.braced(oneLine, item.body, '', item.span.end, headerEnd.span.endLine);
      return;
    }
    // Without `->`, a comment on the last parameter's line may be before or after `)`: it stays on that line.
    const lineBound = item.returnType ? listEnd : (item.body[0]?.span.start ?? item.span.end);
    this.paramLines(item.params, `${keyword} ${item.name.name}(`, listEnd, lineBound);
    this.braced(`)${returns}`, item.body, '', item.span.end, headerEnd.span.endLine);
  }

  /** Whether a comment not printed yet starts in [from, to). */
  private commentBetween(from: number, to: number): boolean {
    return this.comments.slice(this.next).some((c) => c.span.start >= from && c.span.start < to);
  }

  /**
   * `opening` then one parameter per line, without a trailing comma. The comments before
   * `listEnd`, and those on the last parameter's line before `lineBound`, go beside the
   * parameter they followed (at the end of its line when they shared it), else before the first.
   */
  private paramLines(params: readonly Param[], opening: string, listEnd: number, lineBound: number): void {
    const lastParamLine = params[params.length - 1]!.span.endLine;
    const inner = this.takeBefore(listEnd);
    for (let c = this.peek(); c && c.span.start < lineBound && c.span.line === lastParamLine; c = this.peek()) {
      inner.push(c);
      this.next++;
    }
    // before[k]: own-line comments above parameter k (k = params.length: below the last one).
    const before: string[][] = [...params, undefined].map(() => []);
    const after: string[] = params.map(() => '');
    for (const c of inner) {
      let k = -1;
      while (k + 1 < params.length && params[k + 1]!.span.end <= c.span.start) k++;
      if (k >= 0 && c.span.line === params[k]!.span.endLine) after[k] += `  ${commentText(c)}`;
      else before[k + 1]!.push(`${INDENT}${commentText(c)}`);
    }
    this.out.push(opening);
    params.forEach((p, k) => {
      const comma = k < params.length - 1 ? ',' : '';
      this.out.push(...before[k]!, `${INDENT}${printParam(p)}${comma}${after[k]!}`);
    });
    this.out.push(...before[params.length]!);
  }

  // ------------------------------------------------------------ statements

  /** `header {` body `}`, or `header {}` when there is nothing inside. */
  private braced(header: string, body: readonly Stmt[], indent: string, end: number, headerLine: number): void {
    const c = this.peek();
    if (body.length === 0 && !(c && c.span.start < end)) {
      this.out.push(`${indent}${header} {}`);
      return;
    }
    this.out.push(`${indent}${header} {`);
    this.body(body, indent, end, end, headerLine);
    this.out.push(`${indent}}`);
  }

  /**
   * The statements of a `{ }`: comments that end a statement's line and start before
   * `trailingEnd`, and own-line comments that start before `end`.
   */
  private body(stmts: readonly Stmt[], indent: string, end: number, trailingEnd: number, headerLine: number): void {
    const inner = indent + INDENT;
    const firstStart = stmts[0]?.span.start ?? end;
    for (let c = this.peek(); c && c.span.start < firstStart && c.span.line === headerLine; c = this.peek()) {
      this.appendToLast(c);
      this.next++;
    }
    this.lastLine = undefined;
    for (const stmt of stmts) {
      for (const c of this.takeBefore(stmt.span.start)) this.ownLine(c, inner);
      this.gap(stmt.span.line);
      this.stmt(stmt, inner);
      this.trailing(stmt.span.endLine, stmt.span.end, trailingEnd);
      this.lastLine = Math.max(this.lastLine ?? 0, stmt.span.endLine);
    }
    for (const c of this.takeBefore(end)) this.ownLine(c, inner);
  }

  private stmt(stmt: Stmt, indent: string): void {
    switch (stmt.kind) {
      case 'LetStmt':
        return this.valueLine(indent, `let ${stmt.name.name} = `, stmt.value, stmt.span.end);
      case 'AssignStmt':
        return this.valueLine(indent, `${stmt.name.name} = `, stmt.value, stmt.span.end);
      case 'ReturnStmt':
        return this.valueLine(indent, 'return ', stmt.value, stmt.span.end);
      case 'IfStmt':
        return this.ifChain(stmt, indent);
      case 'ForStmt': {
        const header = `for ${stmt.variable.name} in ${printExpr(stmt.from)}..${printExpr(stmt.to)}`;
        return this.braced(header, stmt.body, indent, stmt.span.end, stmt.to.span.endLine);
      }
      case 'PreprocessStmt': {
        // Settings print as the assignments they are written as; the body walk keeps their comments.
        const settings = stmt.settings.map((s): Stmt => ({ kind: 'AssignStmt', name: s.name, value: s.value, span: s.span }));
        return this.braced('preprocess', settings, indent, stmt.span.end, stmt.span.line);
      }
    }
  }

  /**
   * `if a {} else if b {} else {}`, walked as a loop over the `else if` links. A branch
   * holds the comments before its `else`; what follows `else` belongs to the next branch.
   */
  private ifChain(stmt: IfStmt, indent: string): void {
    const links: IfStmt[] = [stmt];
    for (let link = stmt; link.else?.length === 1 && link.else[0]!.kind === 'IfStmt'; ) {
      link = link.else[0] as IfStmt;
      links.push(link);
    }
    const end = stmt.span.end;
    this.out.push(`${indent}if ${printExpr(stmt.condition)} {`);
    links.forEach((link, k) => {
      const following = links[k + 1];
      const elseBody = following ? undefined : link.else;
      const branchEnd = link.elseSpan?.start ?? following?.span.start ?? elseBody?.[0]?.span.start ?? end;
      this.body(link.then, indent, branchEnd, branchEnd, link.condition.span.endLine);
      if (following) this.out.push(`${indent}} else if ${printExpr(following.condition)} {`);
      else if (elseBody) {
        this.out.push(`${indent}} else {`);
        this.body(elseBody, indent, end, end, link.elseSpan?.endLine ?? NaN);
      }
    });
    this.out.push(`${indent}}`);
  }

  /**
   * `prefix value` on one line, or a pipeline broken before each `|>` when it is too long or
   * holds comments (which then stay beside the stage they followed).
   */
  private valueLine(indent: string, prefix: string, value: Expr, end: number): void {
    const inner = this.takeBefore(end);
    const segments = value.kind === 'PipeExpr' ? [value.head, ...value.stages] : [];
    // Which segment each comment follows (-1: none, so it goes before the statement).
    const follows = inner.map((c) => {
      let k = -1;
      while (k + 1 < segments.length && segments[k + 1]!.span.end <= c.span.start) k++;
      return k;
    });
    for (const [i, c] of inner.entries()) if (follows[i]! < 0) this.ownLine(c, indent);
    const oneLine = `${indent}${prefix}${printExpr(value)}`;
    if (value.kind !== 'PipeExpr' || (follows.every((k) => k < 0) && oneLine.length <= LINE_WIDTH)) {
      this.out.push(oneLine);
      return;
    }
    const lines = [`${indent}${prefix}${printExpr(value.head, 1)}`, ...value.stages.map((s) => `${indent}${INDENT}|> ${printCall(s, true)}`)];
    const before: string[][] = segments.map(() => []);
    const after: string[] = segments.map(() => '');
    for (const [i, c] of inner.entries()) {
      const k = follows[i]!;
      if (k < 0) continue;
      if (c.span.line === segments[k]!.span.endLine) after[k] += `  ${commentText(c)}`;
      else before[Math.min(k + 1, segments.length - 1)]!.push(`${indent}${INDENT}${commentText(c)}`);
    }
    lines.forEach((line, k) => this.out.push(...before[k]!, line + after[k]!));
  }
}

function printParam(p: Param): string {
  const value = p.default ? ` = ${printExpr(p.default)}` : '';
  return `${p.name.name}: ${printType(p.type)}${value}`;
}

function commentText(c: Comment): string {
  return c.text.startsWith('#') ? c.text.trimEnd() : c.text;
}
