import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCommand } from '../../cli/commands/compile.js';
import type { CliContext } from '../../cli/context.js';
import { compileFile } from '../../compiler/compile.js';
import { optimize } from '../../compiler/optimize.js';
import type { ExplainNote, IRModule, Pass } from '../../compiler/passes/pass.js';
import { ALL_PASSES, LEVELS, passesByName, runPipeline } from '../../compiler/passes/pipeline.js';
import { graphOf, livelyWeights, moduleOf, opCounts } from './helpers.js';

const NET = `const T = 2

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N, 5] {
  let x = clip |> frames |> conv2d(8, k=1, bias=false) as stem |> batchnorm as bn0 |> relu
  let y = x |> shift(fold=1/8, dir=both) |> conv2d(8, k=3, pad=1, bias=false) as conv |> batchnorm as bn1
  return relu(x + y) |> global_avgpool |> dropout(p=0.5) |> linear(5) as fc |> consensus
}
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-pipeline-'));
  dirs.push(dir);
  const f = path.join(dir, 'net.vnet');
  writeFileSync(f, text);
  return f;
}

/** A pass that changes the module `times` times, then reports no change; it notes every call. */
function countdown(name: string, times: number, calls: string[]): Pass {
  let left = times;
  return {
    name,
    description: 'test pass',
    run(module, ctx) {
      calls.push(name);
      ctx.explain({ pass: name, site: 'x', fired: left > 0, reason: `left ${left}` });
      if (left === 0) return { module, changed: false };
      left--;
      return { module: { ...module }, changed: true };
    },
  };
}

describe('the pass pipeline', () => {
  it('levels are plain data: -O0 none, -O1 cleanups, -O2 adds the folds and fuse-shift-conv', () => {
    expect(LEVELS[0]).toEqual([]);
    expect(LEVELS[1]).toEqual(['remove-identity', 'cancel-reshapes', 'remove-dead-nodes']);
    expect(LEVELS[2]).toEqual(['remove-identity', 'cancel-reshapes', 'fold-batchnorm', 'fold-attention-linear', 'fuse-shift-conv', 'remove-dead-nodes']);
    expect(ALL_PASSES.map((p) => p.name).sort()).toEqual([...LEVELS[2]].sort());
  });

  it('runs to a fixed point: rounds until a whole round changes nothing; explains only in the first round', () => {
    const calls: string[] = [];
    const notes: ExplainNote[] = [];
    const module: IRModule = { graph: graphOf(NET), weights: new Map() };
    const result = runPipeline(module, [countdown('a', 2, calls), countdown('b', 0, calls)], { target: 'portable', explain: (n) => notes.push(n) });
    expect(result.applied).toEqual(['a', 'a']);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(notes.map((n) => n.pass)).toEqual(['a', 'b']);
  });

  it('stops after maxRounds even when a pass keeps changing', () => {
    const calls: string[] = [];
    const result = runPipeline(
      { graph: graphOf(NET), weights: new Map() },
      [countdown('a', 100, calls)],
      { target: 'portable', explain: () => {} },
      { maxRounds: 3 },
    );
    expect(result.applied).toEqual(['a', 'a', 'a']);
  });

  it('verifies after every pass that changed something, and fails loudly on a broken graph', () => {
    const breaker: Pass = {
      name: 'breaker',
      description: 'drops the first node',
      run: (m) => ({ module: { ...m, graph: { ...m.graph, nodes: m.graph.nodes.slice(1) } }, changed: true }),
    };
    const checked: string[] = [];
    const verify = (_m: IRModule, after: string) => {
      checked.push(after);
      return after === 'breaker' ? ['frames_0 is gone'] : [];
    };
    expect(() => runPipeline(moduleOf(graphOf(NET)), [breaker], { target: 'portable', explain: () => {} }, { verify })).toThrow(
      'IR verifier failed after breaker:\n  frames_0 is gone',
    );
    expect(checked).toEqual(['breaker']);
  });

  it('-O0 runs nothing: the very same graph', () => {
    const graph = graphOf(NET);
    const out = optimize(graph, livelyWeights(), { target: 'ort-cpu', level: 0, verify: true });
    expect(out.graph).toBe(graph);
    expect(out.applied).toEqual([]);
    expect(out.nodesAfter).toBe(out.nodesBefore);
  });

  it('-O2 reaches a fixed point: fold, fuse and the cleanups, no shift, batchnorm or identity left', () => {
    const graph = graphOf(NET);
    const out = optimize(graph, livelyWeights(), { target: 'portable', level: 2, verify: true });
    expect(out.applied).toEqual(['remove-identity', 'fold-batchnorm', 'fuse-shift-conv']);
    const ops = opCounts(out.graph);
    expect(ops['shift']).toBeUndefined();
    expect(ops['batchnorm']).toBeUndefined();
    expect(ops['identity']).toBeUndefined();
    expect(ops['time_shift']).toBe(2);
    // A second optimization of the result changes nothing.
    expect(optimize(out.graph, out.weights, { target: 'portable', level: 2, verify: true }).applied).toEqual([]);
  });

  it('--passes runs exactly the named passes, in the given order', () => {
    const graph = graphOf(NET);
    const only = optimize(graph, livelyWeights(), { target: 'portable', passes: ['fold-batchnorm'], verify: true });
    expect(only.applied).toEqual(['fold-batchnorm']);
    expect(opCounts(only.graph)).toMatchObject({ identity: 1, shift: 1 });
    expect(opCounts(only.graph)['batchnorm']).toBeUndefined();
    // The other order: the shift is fused first, so conv -> batchnorm pairs are split ones.
    const reversed = optimize(graph, livelyWeights(), { target: 'portable', passes: ['fuse-shift-conv', 'fold-batchnorm'], verify: true });
    expect(reversed.applied[0]).toBe('fuse-shift-conv');
    expect(opCounts(reversed.graph)['shift']).toBeUndefined();
  });

  it('passesByName reports unknown names', () => {
    const { passes, unknown } = passesByName(['fold-batchnorm', 'fuse-shift-con', 'remove-dead-nodes', 'nope']);
    expect(passes.map((p) => p.name)).toEqual(['fold-batchnorm', 'remove-dead-nodes']);
    expect(unknown).toEqual(['fuse-shift-con', 'nope']);
  });

  it('vnetc compile --passes with an unknown name is a usage error VN413 listing the passes (exit 2)', async () => {
    const f = file(NET);
    let stderr = '';
    const ctx: CliContext = { stdout: () => {}, stderr: (t) => (stderr += t), color: false, debug: false, cwd: path.dirname(f) };
    const code = await compileCommand({ file: 'net.vnet', passes: ['fold-batchnorm', 'fuse-shift-con'] }, ctx);
    expect(code).toBe(2);
    expect(stderr).toContain('VN413');
    expect(stderr).toContain('unknown pass: fuse-shift-con');
    expect(stderr).toContain('passes: remove-identity, cancel-reshapes, fold-batchnorm, fold-attention-linear, fuse-shift-conv, remove-dead-nodes');
  });

  it('vnetc compile --explain prints one line per candidate site', async () => {
    const f = file(NET);
    let stdout = '';
    const ctx: CliContext = { stdout: (t) => (stdout += t), stderr: () => {}, color: false, debug: false, cwd: path.dirname(f) };
    const code = await compileCommand({ file: 'net.vnet', output: 'net.onnx', explain: 'text', level: 2 }, ctx);
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((l) => l.startsWith('f'));
    expect(lines.map((l) => l.replace(/\s+/g, ' '))).toEqual([
      'fold-batchnorm stem fired: folded bn0',
      'fold-batchnorm conv fired: folded bn1',
      'fuse-shift-conv shift_0 fired: 2 of 3 channel groups shifted apart ([0:1] [1:2] [2:8])',
    ]);
  });

  // compileFile is the API behind the command: a misspelled pass name is reported there too.
  it('compileFile reports an unknown pass name (VN413) instead of ignoring it', async () => {
    const result = await compileFile(file(NET), { passes: ['fuse-shift-con'], target: 'ort-cpu' });
    expect(result.diagnostics.map((d) => d.code)).toContain('VN413');
  });
});
