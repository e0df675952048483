/** The text table of `vnetc summary`. */
import type { Summary } from './summary.js';

/** 24327632 -> `24,327,632` */
export function groupDigits(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 32876814336 -> `32.9 G`; small counts stay exact. */
export function humanCount(n: number): string {
  const units: readonly [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [scale, unit] of units) if (n >= scale) return `${(n / scale).toFixed(1)} ${unit}`;
  return String(n);
}

export function formatSummary(s: Summary): string {
  const header = ['Layer', 'Op', 'Output shape', 'Params', 'MACs'];
  const body = s.rows.map((r) => [r.name, r.op, r.shape, r.params === 0 ? '-' : groupDigits(r.params), r.macs === 0 ? '-' : humanCount(r.macs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const right = new Set([3, 4]);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  return [
    `network ${s.network}(${s.input})`,
    rule,
    line(header),
    rule,
    ...body.map(line),
    rule,
    `Total params: ${groupDigits(s.totalParams)}`,
    ...(s.totalBuffers > 0 ? [`Buffers (running statistics): ${groupDigits(s.totalBuffers)}`] : []),
    `Total MACs: ${humanCount(s.totalMacs)} (${groupDigits(s.totalMacs)}) per sample`,
    '',
  ].join('\n');
}
