/**
 * The canonical layout of a File (`vnetc fmt`): two-space indent, one statement per line,
 * a blank line between top-level items, pipelines that would pass 100 columns broken
 * before each `|>` with one more indent. Comments go back where they were: each one before
 * the statement or item that follows it, a comment that shared a line with code stays at
 * the end of that line, and single blank lines between statements are kept.
 */
import type { Comment, Expr, File, IfStmt, Item, Param, Stmt } from './ast.js';
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

  /** Keeps one blank line where the source had at least one. */
  private gap(line: number): void {
    if (this.lastLine !== undefined && line > this.lastLine + 1) this.out.push('');
  }

  // ------------------------------------------------------------ items

  file(file: File): void {
    file.items.forEach((item, i) => {
      if (i > 0) this.out.push('');
      this.lastLine = undefined;
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
      default: {
        const keyword = item.kind === 'BlockDecl' ? 'block' : 'network';
        const returns = item.returnType ? ` -> ${printType(item.returnType)}` : '';
        const header = `${keyword} ${item.name.name}(${item.params.map(printParam).join(', ')})${returns}`;
        const headerEnd = item.returnType ?? item.params[item.params.length - 1] ?? item.name;
        this.braced(header, item.body, '', item.span.end, headerEnd.span.endLine);
      }
    }
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
    const lines = [
      `${indent}${prefix}${printExpr(value.head, 1)}`,
      ...value.stages.map((s) => `${indent}${INDENT}|> ${printCall(s, true)}`),
    ];
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
