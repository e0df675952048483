/** The `--validate` report, for people: one row per output, then the layers of lowest SQNR. */
import type { ValidationReport } from '../compiler/quantize/validate.js';
import { escapeControl } from '../io/escape-text.js';

export function formatValidation(report: ValidationReport, source: string): string {
  const lines = [`validation: int8 against fp32 on ${report.clips} clip${report.clips === 1 ? '' : 's'} of ${escapeControl(source)}`];
  const width = Math.max(6, ...report.outputs.map((o) => o.output.length));
  lines.push(`  ${'output'.padEnd(width)}  cosine     max |diff|  top-1 agreement`);
  for (const o of report.outputs) {
    const share = o.rows === 0 ? 0 : (100 * o.top1Same) / o.rows;
    lines.push(
      `  ${escapeControl(o.output).padEnd(width)}  ${o.cosine.toFixed(6)}   ${o.maxAbsDiff.toPrecision(4).padEnd(10)}  ${o.top1Same}/${o.rows} (${share.toFixed(1)}%)`,
    );
  }
  if (report.worst.length > 0) {
    lines.push('  worst SQNR (candidates for --keep-float):');
    const layerWidth = Math.max(...report.worst.map((w) => w.layer.length));
    for (const w of report.worst) {
      const db = Number.isFinite(w.sqnrDb) ? `${w.sqnrDb.toFixed(1)} dB` : 'exact';
      lines.push(`    ${escapeControl(w.layer).padEnd(layerWidth)}  ${db}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
