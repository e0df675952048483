import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summaryCommand } from '../../cli/commands/summary.js';
import type { CliContext } from '../../cli/context.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function capture(): { ctx: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { ctx: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: false, debug: false, cwd: ROOT }, out, err };
}

describe('vnetc summary', () => {
  it('prints the TSM-ResNet50 totals', async () => {
    const { ctx, out } = capture();
    expect(await summaryCommand({ file: 'examples/tsm_resnet50.vnet' }, ctx)).toBe(0);
    const text = out.join('');
    expect(text).toContain('Total params: 24,327,632');
    expect(text).toContain('layer4.2.conv3');
  });

  it('honours --set', async () => {
    const { ctx, out } = capture();
    expect(await summaryCommand({ file: 'examples/tsn_resnet50.vnet', sets: { T: '4' } }, ctx)).toBe(0);
    expect(out.join('')).toContain('clip: [N, 4, 3, 224, 224]');
  });

  it('exits 2 for a missing file and 1 for a wrong program', async () => {
    const missing = capture();
    expect(await summaryCommand({ file: 'examples/nope.vnet' }, missing.ctx)).toBe(2);
    const wrong = capture();
    expect(await summaryCommand({ file: 'examples/tsn_resnet50.vnet', network: 'nope' }, wrong.ctx)).toBe(1);
    expect(wrong.err.join('')).toContain('VN409');
  });
});
