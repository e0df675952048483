/** Reading the fenced blocks of a markdown page, and the repository files a shell command names. */

export interface FencedBlock {
  /** The info string: `vnet`, `vnet fragment`, `sh`, ... */
  readonly info: string;
  /** The block's text, its fence's indentation removed, ending in a newline. */
  readonly body: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\S.*)?$/.exec(lines[i] as string);
    if (!open) continue;
    const indent = open[1] as string;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== `${indent}\`\`\``; i++) body.push((lines[i] as string).slice(indent.length));
    blocks.push({ info: (open[2] ?? '').trim(), body: body.map((l) => `${l}\n`).join(''), line: start + 1 });
  }
  return blocks;
}

/** What a shell block's commands name: repository paths (first segment a top-level folder of the repository) and `--labels` values. */
export interface Named {
  readonly paths: string[];
  readonly labels: string[];
}

export function namedInShell(body: string, topFolders: ReadonlySet<string>): Named {
  const paths: string[] = [];
  const labels: string[] = [];
  for (const raw of body.replace(/\\\n/g, ' ').split('\n')) {
    const command = raw.replace(/(^|\s)#.*$/, '');
    const words = command
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => w.replace(/^['"]|['",;]$/g, ''));
    words.forEach((word, i) => {
      if (words[i - 1] === '--labels') labels.push(word);
      const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : word;
      const top = value.split('/')[0] as string;
      if (value.includes('/') && topFolders.has(top) && !value.includes('*') && !value.includes('$')) paths.push(value.replace(/\/$/, ''));
    });
  }
  return { paths, labels };
}
