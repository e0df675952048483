/**
 * The docs' examples stay true: every ```vnet block of the README and docs/ is in `vnetc fmt`'s layout (a
 * ```vnet fragment block is a piece of a file, with `...` for what is left out), and every repository file a
 * ```sh or ```bash command names exists, every `--labels` a built-in list or such a file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../dsl/format.js';
import { Source } from '../../base/source.js';
import { expectDiagnostics } from '../check/helpers.js';
import { fencedBlocks, namedInShell } from './fenced-blocks.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/** Folders a path in a command may start with: the repository's own, not build output or scratch space. */
const TOP_FOLDERS = new Set(
  readdirSync(ROOT).filter((f) => !f.startsWith('.') && !['node_modules', 'dist', 'out', 'tmp'].includes(f) && statSync(join(ROOT, f)).isDirectory()),
);
const BUILT_IN_LABELS = readdirSync(join(ROOT, 'data/labels'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -'.txt'.length));

function blocksOf(page: string) {
  return fencedBlocks(readFileSync(join(ROOT, page), 'utf8')).map((b) => ({ ...b, at: `${page}:${b.line}` }));
}

describe('the examples in README.md and docs/', () => {
  it("every ```vnet block is in vnetc fmt's layout", () => {
    const blocks = PAGES.flatMap(blocksOf).filter((b) => b.info === 'vnet');
    expect(blocks.length).toBeGreaterThan(5);
    const wrong = blocks.flatMap((b) => {
      const formatted = formatSource(new Source(b.at, b.body));
      if (formatted.text === undefined)
        return [`${b.at}: does not parse: ${formatted.diagnostics[0]?.message ?? ''} (mark a piece of a file \`\`\`vnet fragment)`];
      return formatted.text === b.body ? [] : [`${b.at}: not in fmt's layout; fmt prints:\n${formatted.text}`];
    });
    expect(wrong).toEqual([]);
  });

  it("README.md's first network checks clean, and with k=0 gives the error the README shows", () => {
    const first = blocksOf('README.md').find((b) => b.info === 'vnet')?.body ?? '';
    expect(first).toContain('network tiny_tsn');
    expectDiagnostics(first, []);
    const shown = /^tiny\.vnet:(\d+:\d+): error (VN\d+)/m.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(shown).not.toBeNull();
    expectDiagnostics(first.replace('k=3', 'k=0'), [`${shown?.[2]} ${shown?.[1]}`]);
  });

  it('every repository file a shell command names exists, and every --labels is a built-in list or a file', () => {
    const blocks = PAGES.flatMap(blocksOf).filter((b) => b.info === 'sh' || b.info === 'bash');
    const missing: string[] = [];
    let named = 0;
    for (const b of blocks) {
      const { paths, labels } = namedInShell(b.body, TOP_FOLDERS);
      named += paths.length;
      for (const p of paths) if (!existsSync(join(ROOT, p))) missing.push(`${b.at}: ${p}`);
      for (const l of labels) if (!BUILT_IN_LABELS.includes(l) && !existsSync(join(ROOT, l))) missing.push(`${b.at}: --labels ${l}`);
    }
    expect(named).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});

describe('reading the blocks', () => {
  it('finds fences, indented ones too, and their info strings', () => {
    const md = 'x\n```vnet\nconst T = 8\n```\n- item\n\n  ```vnet fragment\n  ...\n  ```\n';
    expect(fencedBlocks(md)).toEqual([
      { info: 'vnet', body: 'const T = 8\n', line: 2 },
      { info: 'vnet fragment', body: '...\n', line: 7 },
    ]);
  });

  it('names repository paths and labels of commands, not comments, outputs elsewhere or variables', () => {
    const sh =
      'npx vnetc compile examples/a.vnet -o out/m.onnx --labels labels.txt  # see docs/x.md\n' +
      'VNET_X=tmp/c npx vitest run test/a.test.ts \\\n  --weights-map=refs/map.txt $PWD/repo examples/*.vnet\n';
    expect(namedInShell(sh, new Set(['examples', 'test', 'refs', 'docs']))).toEqual({
      paths: ['examples/a.vnet', 'test/a.test.ts', 'refs/map.txt'],
      labels: ['labels.txt'],
    });
  });
});
