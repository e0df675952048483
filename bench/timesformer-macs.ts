/**
 * Relative cost of TimeSformer's five attention schemes at base size (D = 768, 12 blocks of 12 heads,
 * 8 frames of 224x224, patch 16), from the checker's own MAC rules (what `vnetc summary` prints).
 * Run after `npm run build`: `node dist/bench/timesformer-macs.js`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProgram } from '../compiler/check/check-program.js';
import { summarize } from '../compiler/summary/summary.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BASE = { T: '8', SIZE: '224', PATCH: '16', DIM: '768', DEPTH: '12', HEADS: '12', CLASSES: '400' };
const VARIANTS: readonly (readonly [string, string])[] = [
  ['S (space only)', 'examples/timesformer_space_small.vnet'],
  ['ST (joint)', 'examples/timesformer_joint_small.vnet'],
  ['T+S (divided)', 'examples/timesformer_base.vnet'],
  ['L+G (local-global)', 'examples/timesformer_local_global_small.vnet'],
  ['T+W+H (axial)', 'examples/timesformer_axial_small.vnet'],
];

function main(): number {
  const rows: { name: string; macs: number; attention: number; params: number }[] = [];
  for (const [name, file] of VARIANTS) {
    const checked = checkProgram(join(root, file), { sets: BASE });
    const graph = checked.graphs.at(-1);
    if (graph === undefined) {
      process.stderr.write(`${file}: ${checked.diagnostics.map((d) => d.message).join('; ')}\n`);
      return 2;
    }
    const summary = summarize(graph);
    const attention = summary.rows.filter((r) => r.op === 'attention').reduce((n, r) => n + r.macs, 0);
    rows.push({ name, macs: summary.totalMacs, attention, params: summary.totalParams });
  }
  const divided = rows.find((r) => r.name.startsWith('T+S'))?.macs ?? 1;
  process.stdout.write('scheme               GMACs  (attention ops)  vs T+S   params (M)\n');
  for (const r of rows) {
    const g = (r.macs / 1e9).toFixed(1).padStart(7);
    const a = (r.attention / 1e9).toFixed(1).padStart(9);
    process.stdout.write(`${r.name.padEnd(20)} ${g}  ${a}        ${(r.macs / divided).toFixed(2).padStart(5)}x  ${(r.params / 1e6).toFixed(1).padStart(7)}\n`);
  }
  return 0;
}

process.exit(main());
