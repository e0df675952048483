/**
 * `vnetc compile --weights` with PyTorch checkpoints at the command line: a pickle that would run a
 * shell command is refused (exit 1, the global named, no model written, and the command never ran),
 * the layout line is printed, damaged files give one clear error.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../conformance/harness.js';
import { runVnetc, tempTree } from './helpers.js';

const DIR = path.join(ROOT, 'test/fixtures/checkpoints');
const NET = readFileSync(path.join(DIR, 'tiny_linear.vnet'), 'utf8');

async function tree(checkpoint: string): Promise<string> {
  return tempTree({ 'net.vnet': NET, 'w.pth': readFileSync(path.join(DIR, checkpoint)) });
}

describe('vnetc compile --weights <PyTorch checkpoint>', () => {
  for (const format of ['zip', 'legacy']) {
    it(`refuses a ${format} pickle that would call os.system: exit 1, no output, the command never ran`, async () => {
      const cwd = await tree(`evil.${format}.pth`);
      const result = await runVnetc(['compile', 'net.vnet', '--weights', 'w.pth', '-o', 'net.onnx'], cwd);
      expect(result.code).toBe(1);
      expect(result.err).toContain("error VN420: refused to load 'w.pth': the file is built by the Python global 'posix.system'");
      expect(result.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(path.join(cwd, 'net.onnx'))).toBe(false);
      // The fixture's command is `touch vnet-pickle-ran` (relative): Python's torch.load creates it here.
      expect(existsSync(path.join(cwd, 'vnet-pickle-ran'))).toBe(false);
      expect(existsSync(path.join(process.cwd(), 'vnet-pickle-ran'))).toBe(false);
    });

    it(`loads a ${format} checkpoint whose optimizer entry holds such an object, which is never built`, async () => {
      const cwd = await tree(`evil-optimizer.${format}.pth`);
      const result = await runVnetc(['compile', 'net.vnet', '--weights', 'w.pth', '-o', 'net.onnx'], cwd);
      expect(result.code).toBe(0);
      expect(result.err).toContain(
        `note VN423: 'w.pth': PyTorch checkpoint (${format === 'zip' ? 'zip' : 'legacy format'}), state dict 'state_dict', names used as they are: 2 of 2 tensors mapped to the network`,
      );
      expect(existsSync(path.join(cwd, 'net.onnx'))).toBe(true);
    });
  }

  it('reports a truncated checkpoint as damaged (exit 1)', async () => {
    const bytes = readFileSync(path.join(DIR, 'evil-optimizer.legacy.pth'));
    const cwd = await tempTree({ 'net.vnet': NET, 'w.pth': bytes.subarray(0, bytes.length - 5) });
    const result = await runVnetc(['compile', 'net.vnet', '--weights', 'w.pth'], cwd);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/error VN421: cannot read checkpoint 'w.pth': truncated: storage '\d+' needs bytes \d+\.\.\d+, the file has \d+/);
  });

  it('applies --weights-map rules in order, and reports a bad rule with its line (exit 2)', async () => {
    const cwd = await tempTree({
      'net.vnet': NET,
      'w.pth': readFileSync(path.join(DIR, 'evil-optimizer.zip.pth')),
      'rename.map': '# my layout\nfc\\.(weight|bias) => head.$1\n^head\\. => fc.\n',
      'bad.map': 'fc => x\nfc.weight\n',
    });
    const ok = await runVnetc(['compile', 'net.vnet', '--weights', 'w.pth', '--weights-map', 'rename.map'], cwd);
    expect(ok.err).toContain('--weights-map');
    expect(ok.code).toBe(0);
    const bad = await runVnetc(['compile', 'net.vnet', '--weights', 'w.pth', '--weights-map', 'bad.map'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("error VN424: bad.map:2: expected 'PATTERN => REPLACEMENT' or 'drop PATTERN'");
  });
});
