/**
 * docs/diagnostics.md, generated from the registry (every code's severity, exit class, title, message
 * shape and hint), so the page can never disagree with what vnet prints. `npm run gen:diagnostics-doc`
 * writes it; a test fails when it is stale.
 */
import type { DiagnosticCode } from './code.js';
import { ALL_CODES } from './registry.js';

const RANGES: readonly [prefix: string, title: string][] = [
  ['VN0', 'Usage and I/O'],
  ['VN1', 'Syntax'],
  ['VN2', 'Names and constants'],
  ['VN3', 'Shapes and types'],
  ['VN4', 'Emission, weights, runtime and serving'],
  ['VN5', 'Online (streaming) compilation'],
  ['VN6', 'Attention and token layouts'],
  ['VN7', 'Video input, labels and the browser'],
];

export function diagnosticsMarkdown(): string {
  const lines = [
    '# Diagnostic codes',
    '',
    'Generated from the registry (`base/diagnostics/codes/*.ts`) by `npm run gen:diagnostics-doc`; do not edit.',
    'Exit: `usage` codes make a command exit 2 (it could not do its job), `input` codes exit 1 (a problem in',
    'the program, model or data). In a message, `‹name›` stands for a fact of the case (a name, a shape, a path).',
    '',
  ];
  for (const [prefix, title] of RANGES) {
    const codes = ALL_CODES.filter((c) => c.code.startsWith(prefix));
    if (codes.length === 0) continue;
    lines.push(`## ${title}`, '', '| code | severity | exit | what | message | how to fix |', '|---|---|---|---|---|---|');
    for (const c of codes)
      lines.push(`| ${c.code} | ${c.severity} | ${c.exit} | ${cell(c.title)} | ${cell(shape(c, 'message'))} | ${cell(shape(c, 'hint'))} |`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/**
 * The text a code builds, with each fact shown as `‹name›`. Messages that compute with their facts
 * (counts, lists) cannot take placeholders; they are described by the facts they are built from.
 */
function shape(code: DiagnosticCode<never>, part: 'message' | 'hint'): string {
  const build = code[part] as ((args: unknown) => string | undefined) | undefined;
  if (!build) return '';
  const used: string[] = [];
  const args = new Proxy(
    {},
    {
      get: (_t, key) => {
        if (typeof key !== 'string') return undefined;
        if (!used.includes(key)) used.push(key);
        return `‹${key}›`;
      },
    },
  );
  try {
    return build(args) ?? '';
  } catch {
    return `(built from: ${used.join(', ')})`;
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
