import { defineCode } from '../code.js';

export const FileNotFound = defineCode<{ path: string }>({
  code: 'VN001',
  exit: 'usage',
  severity: 'error',
  title: 'file not found',
  message: ({ path }) => `cannot read '${path}': no such file or directory`,
});

export const FileUnreadable = defineCode<{ path: string; reason: string }>({
  code: 'VN002',
  exit: 'usage',
  severity: 'error',
  title: 'file unreadable',
  message: ({ path, reason }) => `cannot read '${path}': ${reason}`,
});

export const BadSetOverride = defineCode<{ text: string; reason: string }>({
  code: 'VN003',
  exit: 'usage',
  severity: 'error',
  title: 'bad --set override',
  message: ({ text, reason }) => `bad --set '${text}': ${reason}`,
  hint: () => 'write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4',
});

export const UnknownSetOverride = defineCode<{ name: string; known: readonly string[] }>({
  code: 'VN004',
  exit: 'usage',
  severity: 'error',
  title: 'unknown --set constant',
  message: ({ name }) => `--set ${name}: no constant named '${name}' in this program`,
  hint: ({ known }) => (known.length > 0 ? `constants you can set: ${known.join(', ')}` : undefined),
});

export const NotUtf8 = defineCode<{ path: string; offset: number }>({
  code: 'VN005',
  exit: 'input',
  severity: 'error',
  title: 'invalid UTF-8',
  message: ({ path, offset }) => `'${path}' is not valid UTF-8 text (first bad byte at offset ${offset})`,
  hint: () => '.vnet files must be UTF-8 text',
});

export const FileTooLarge = defineCode<{ path: string; bytes: number; limit: number }>({
  code: 'VN006',
  exit: 'input',
  severity: 'error',
  title: 'file too large',
  message: ({ path, bytes, limit }) => `'${path}' is ${bytes} bytes; the limit for a .vnet file is ${limit} bytes`,
});

export const OutputUnwritable = defineCode<{ path: string; reason: string }>({
  code: 'VN007',
  exit: 'usage',
  severity: 'error',
  title: 'output unwritable',
  message: ({ path, reason }) => `cannot write '${path}': ${reason}`,
});

export const ImportUnreadable = defineCode<{ path: string; reason: string }>({
  code: 'VN008',
  exit: 'input',
  severity: 'error',
  title: 'import unreadable',
  message: ({ path, reason }) => `cannot import '${path}': ${reason}`,
  hint: () => 'an import must name a regular .vnet file',
});

export const NotVnetSource = defineCode<{ path: string }>({
  code: 'VN009',
  exit: 'input',
  severity: 'error',
  title: 'not a .vnet file',
  message: ({ path }) => `'${path}' is not a .vnet file and does not parse as one (its text is not shown)`,
  hint: () => 'import only .vnet files',
});

export const ImportOutsideRoot = defineCode<{ path: string; root: string; action?: 'format' }>({
  code: 'VN010',
  exit: 'input',
  severity: 'error',
  title: 'import outside the project',
  message: ({ path, root, action }) => `cannot ${action ?? 'import'} '${path}': it is outside the project root '${root}'`,
  hint: ({ action }) =>
    action === 'format'
      ? 'fmt follows a link named *.vnet only to a file inside the project (the nearest folder with vnet.json, package.json or .git); format the file in its own project'
      : 'the project root is the nearest folder above the entry file with vnet.json, package.json or .git (else its own folder); pass --allow-imports-outside to import from elsewhere',
});

export const OutputNotOurs = defineCode<{ path: string; command: 'triton' | 'web'; why: string; others?: number }>({
  code: 'VN011',
  exit: 'usage',
  severity: 'error',
  title: 'output not written by vnet',
  message: ({ path, command, why, others }) =>
    `cannot replace '${path}': vnetc ${command} did not write it (${why})${others ? `; nor ${others} other file${others === 1 ? '' : 's'} there` : ''}`,
  hint: ({ command }) =>
    `vnetc ${command} replaces only what it wrote before; use --force to replace it, or write to another ${command === 'triton' ? 'repository (-o) or model name (--name)' : 'folder (-o)'}`,
});

export const TooManyTokens = defineCode<{ path: string; limit: number }>({
  code: 'VN020',
  exit: 'input',
  severity: 'error',
  title: 'too many tokens',
  message: ({ path, limit }) => `'${path}' has more than ${limit} tokens (words and symbols, comments included); the limit for a .vnet file is ${limit}`,
  hint: () => 'split the file into files that import one another',
});
