import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, type CompileFile } from '../../cli/commands/run.js';
import type { CliContext } from '../../cli/context.js';
import { Source } from '../../base/source.js';
import { identityClassifier } from './models.js';

// The compiler is another module's job; here it is replaced by one that compiles `ok.vnet` to
// a 3-class identity model and reports a syntax error for anything else.
const calls: { file: string; options: unknown }[] = [];
const compileFile: CompileFile = async (file, options) => {
  calls.push({ file, options });
  if (file.endsWith('ok.vnet')) return { bytes: identityClassifier(3), diagnostics: [], sources: new Map() };
  if (file.endsWith('warn.vnet')) {
    return { bytes: identityClassifier(3), diagnostics: [{ code: 'VN399', severity: 'warning', message: 'unused block' }], sources: new Map() };
  }
  const source = new Source('bad.vnet', 'network N {\n  oops\n}\n');
  return {
    diagnostics: [{ code: 'VN101', severity: 'error', message: "unexpected 'oops'", span: source.span(14, 18) }],
    sources: new Map([['bad.vnet', source]]),
  };
};

async function vnetc(model: string, extra: Record<string, unknown> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vnet-runvnet-'));
  writeFileSync(join(dir, model), '');
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), color: false, debug: false, cwd: dir };
  const code = await runCommand({ model, ...extra }, ctx, compileFile);
  return { code, stdout, stderr };
}

describe('vnetc run on a .vnet file', () => {
  it('compiles it in memory with the --set items and runs it', async () => {
    const r = await vnetc('ok.vnet', { set: ['T=8'], top: 1 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^input clip \[1, 3\] \(generated\)\noutput logits \[1, 3\] float32\n/);
    // Compiled without a checkpoint: the contract says the weights are seeded.
    expect(calls.at(-1)?.options).toEqual({ sets: ['T=8'], metadata: { 'vnet.weights': '{"trained":false,"seed":0}' } });
  });

  it('prints warnings and still runs', async () => {
    const r = await vnetc('warn.vnet', { top: 1 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning VN399: unused block\n');
  });

  it("prints the compiler's diagnostics compactly and exits 1 when it fails", async () => {
    const r = await vnetc('bad.vnet');
    expect(r).toEqual({ code: 1, stdout: '', stderr: "bad.vnet:2:3: error VN101: unexpected 'oops'\n" });
  });
});
