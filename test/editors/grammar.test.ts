/**
 * The VS Code extension's TextMate grammar (editors/vscode/syntaxes/vnet.tmLanguage.json), tokenized
 * with vscode-textmate + vscode-oniguruma as VS Code does: its keywords are the lexer's (dsl/tokens.ts),
 * and every example tokenizes to its committed snapshot.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenType } from 'chevrotain';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, type IGrammar, Registry, parseRawGrammar } from 'vscode-textmate';
import * as tokens from '../../dsl/tokens.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const grammarPath = path.join(root, 'editors/vscode/syntaxes/vnet.tmLanguage.json');
const examples = [
  ...readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.vnet')),
  ...readdirSync(path.join(root, 'examples/lib'))
    .filter((f) => f.endsWith('.vnet'))
    .map((f) => `lib/${f}`),
].sort();

let grammar: IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(path.join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => (scope === 'source.vnet' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const loaded = await registry.loadGrammar('source.vnet');
  if (!loaded) throw new Error('source.vnet did not load');
  grammar = loaded;
});

/** Each run of text with one scope beyond `source.vnet` (adjacent tokens of one scope joined): `line: text  scopes`. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  let state = INITIAL;
  text.split('\n').forEach((line, i) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    let run: { text: string; scopes: string } | undefined;
    const flush = () => {
      if (run && run.scopes !== '' && run.text.trim() !== '') out.push(`${i + 1}: ${run.text.trim()}  ${run.scopes}`);
      run = undefined;
    };
    for (const t of result.tokens) {
      const scopes = t.scopes.slice(1).join(' ');
      const piece = line.slice(t.startIndex, t.endIndex);
      if (run && run.scopes === scopes) run.text += piece;
      else {
        flush();
        run = { text: piece, scopes };
      }
    }
    flush();
  });
  return out;
}

function scopeOf(text: string, piece: string): string | undefined {
  return tokenize(text)
    .find((l) => l.split('  ')[0]?.endsWith(`: ${piece}`))
    ?.split('  ')[1];
}

/** The keywords the lexer defines: tokens whose pattern is a fixed word that falls back to Identifier. */
function lexerKeywords(): string[] {
  return Object.values(tokens)
    .filter((t): t is TokenType => typeof t === 'object' && t !== null && 'LONGER_ALT' in t && (t as TokenType).LONGER_ALT === tokens.Identifier)
    .map((t) => String(t.PATTERN))
    .sort();
}

describe('editors/vscode TextMate grammar (source.vnet)', () => {
  it('gives every keyword of dsl/tokens.ts a keyword, type or constant scope', () => {
    const words = lexerKeywords();
    expect(words).toEqual([
      'as',
      'block',
      'bool',
      'const',
      'else',
      'f16',
      'f32',
      'false',
      'float',
      'for',
      'i64',
      'if',
      'import',
      'in',
      'int',
      'let',
      'network',
      'preprocess',
      'return',
      'string',
      'true',
      'tuple',
      'word',
    ]);
    for (const word of words) {
      const text = ['const', 'block', 'network', 'let'].includes(word) ? `${word} x` : word === 'for' || word === 'in' ? 'for i in 0..3' : word;
      expect(scopeOf(text, word), word).toMatch(/^(keyword|storage\.type|constant\.language)\./);
    }
  });

  it('scopes the parts of a pipeline line', () => {
    const line = '    |> conv2d(64, k=7, stride=2, pad=3, bias=false) as layer1[i + 1].conv1  # stem';
    expect(scopeOf(line, '|>')).toBe('keyword.operator.pipe.vnet');
    expect(scopeOf(line, 'conv2d')).toBe('entity.name.function.call.vnet');
    expect(tokenize(line)).toContain('1: k  variable.parameter.keyword.vnet');
    expect(tokenize(line)).toContain('1: layer1  entity.name.tag.label.vnet');
    expect(tokenize(line)).toContain('1: conv1  entity.name.tag.label.vnet');
    expect(tokenize(line)).toContain('1: # stem  comment.line.number-sign.vnet');
    expect(tokenize(line)).toContain('1: 64  constant.numeric.vnet');
  });

  it('scopes any word after `as` as a label, keywords included, and `as .`', () => {
    const line = '    |> conv3d(8, k=1) as block[0].in |> relu |> conv3d(8, k=(1, 3, 3)) as .';
    expect(tokenize(line)).toContain('1: block  entity.name.tag.label.vnet');
    expect(tokenize(line)).toContain('1: in  entity.name.tag.label.vnet');
    expect(scopeOf(line, 'relu')).toBe('entity.name.function.call.vnet');
  });

  it("scopes a parameter's type and default, not as a keyword argument", () => {
    expect(tokenize('block b(x: f32[B], stride: int = 1) -> f32[B] {')).toEqual(
      expect.arrayContaining(['1: stride  variable.parameter.vnet', '1: int  storage.type.primitive.vnet', '1: 1  constant.numeric.vnet']),
    );
  });

  it('keeps a block comment and a string across what they contain', () => {
    expect(tokenize('/* |> conv2d(1) */ import "lib/a.vnet"')).toEqual([
      '1: /* |> conv2d(1) */  comment.block.vnet',
      '1: import  keyword.control.import.vnet',
      '1: "lib/a.vnet"  string.quoted.double.vnet',
    ]);
  });

  for (const example of examples) {
    it(`tokenizes examples/${example} as its snapshot`, async () => {
      const text = readFileSync(path.join(root, 'examples', example), 'utf8');
      await expect(tokenize(text).join('\n') + '\n').toMatchFileSnapshot(`__snapshots__/grammar/${example.replace('/', '_')}.tokens`);
    });
  }
});
