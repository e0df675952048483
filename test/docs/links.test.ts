/** Every relative link of README.md, docs/ and the VS Code extension's README reaches a file, and its #anchor a heading there. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const PAGES = [
  'README.md',
  'editors/vscode/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/**
 * Pages another branch generates, linked before it lands: docs/cli.md comes from the program (house-cli).
 * Accepted only while missing; once the file exists its links are checked like any other.
 */
const PENDING = new Set(['docs/cli.md']);

/** The page without its fenced blocks, where `](` is code, not a link. */
function prose(page: string): string {
  return readFileSync(join(ROOT, page), 'utf8').replace(/^( *)```[\s\S]*?^\1```/gm, '');
}

/** GitHub's heading anchors: lower case, only letters, digits, spaces, `-` and `_`, spaces to `-`. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

describe('links in the docs', () => {
  it('reach a file, and a heading of it', () => {
    const broken: string[] = [];
    let links = 0;
    for (const page of PAGES) {
      for (const m of prose(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        const href = m[1] as string;
        if (/^[a-z]+:/.test(href)) continue;
        links++;
        const [path = '', anchor] = href.split('#');
        const target = path === '' ? page : join(dirname(page), path);
        if (!existsSync(join(ROOT, target))) {
          if (!PENDING.has(target)) broken.push(`${page}: ${href}: no such file`);
          continue;
        }
        if (anchor === undefined || !target.endsWith('.md')) continue;
        const headings = [...prose(target).matchAll(/^#+ (.*)$/gm)].map((h) => anchorOf(h[1] as string));
        if (!headings.includes(anchor)) broken.push(`${page}: ${href}: no heading '${anchor}' in ${target}`);
      }
    }
    expect(links).toBeGreaterThan(30);
    expect(broken).toEqual([]);
  });

  it('anchors as GitHub makes them', () => {
    expect(anchorOf('`--target ort-cpu`: the blocked layout')).toBe('--target-ort-cpu-the-blocked-layout');
    expect(anchorOf('Preprocessing (how a video becomes the clip)')).toBe('preprocessing-how-a-video-becomes-the-clip');
  });
});
