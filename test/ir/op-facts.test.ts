/**
 * Every op states its facts in its rule (compiler/ir/ops/schema.ts OpFacts); the tables passes and online
 * compilation use are derived from them, and nothing lets an op without facts through.
 */
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../compiler/check/check-program.js';
import type { IRGraph, IRNode } from '../../compiler/ir/graph.js';
import { irRules } from '../../compiler/ir/ops/index.js';
import { BETWEEN_SHIFT_AND_CONV, BLOCKED_ONNX_OPS, computesChannelsApart } from '../../compiler/ir/ops/op-facts.js';
import type { IROpRule, OpFacts } from '../../compiler/ir/ops/schema.js';
import { makeOnline } from '../../compiler/online/make-online.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The type errors of `source`, compiled as a file of test/ir/ with the project's options. */
function typeErrors(source: string): string[] {
  const file = path.join(ROOT, 'test/ir/__fake-op__.ts');
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const host = ts.createCompilerHost(config?.options ?? {});
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (path.resolve(name) === file ? ts.createSourceFile(name, source, version) : read(name, version));
  const program = ts.createProgram([file], { ...(config?.options ?? {}), noEmit: true }, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** A tiny network with one past-only shift, checked into an IR graph. */
function shiftNet(): IRGraph {
  const text = `const T = 2
network net(clip: f32[N, T, 8, 4, 4]) -> f32[N, 8] {
  return clip |> frames |> shift(dir=past) as shift |> relu |> global_avgpool |> consensus
}
`;
  const checked = checkText('net.vnet', text);
  expect(checked.diagnostics).toEqual([]);
  return checked.graphs[0] as IRGraph;
}

/** `graph` with a node of op `op` (not one vnet knows) after its relu. */
function withOpAfterRelu(graph: IRGraph, op: string): IRGraph {
  const nodes = graph.nodes.map((n) => (n.op === 'relu' ? ({ ...n, op, attrs: {} } as unknown as IRNode) : n));
  return { ...graph, nodes };
}

describe('op facts', () => {
  it('an op rule without facts does not compile, nor does facts without a time fact', () => {
    const errors = typeErrors(`
import type { IROpRule } from '../../compiler/ir/ops/schema.js';
export const noFacts: IROpRule<'relu'> = { infer: () => 'x' };
export const noTime: IROpRule<'relu'> = { facts: { channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] }, infer: () => 'x' };
`);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain("Property 'facts' is missing");
    expect(errors[1]).toContain("Property 'time' is missing");
  }, 60_000);

  it('a new IR op without a rule (and so without facts) fails the op table', () => {
    const errors = typeErrors(`
import '../../compiler/ir/ops/index.js';
declare module '../../compiler/ir/graph.js' {
  interface OpAttrs {
    fake_op: Record<string, never>;
  }
}
export {};
`);
    expect(errors.some((e) => e.includes("Property 'fake_op' is missing"))).toBe(true);
  }, 60_000);

  it('the derived tables are what the ops state', () => {
    expect([...BETWEEN_SHIFT_AND_CONV].sort()).toEqual(['batchnorm', 'conv', 'identity', 'relu', 'relu6']);
    expect([...BLOCKED_ONNX_OPS].sort()).toEqual(['Add', 'Pad', 'Relu', 'Reshape', 'Sum']);
    const apart = Object.keys(irRules).filter((op) => computesChannelsApart({ op, attrs: {} } as unknown as IRNode));
    expect(apart.sort()).toEqual([
      'avgpool',
      'batchnorm',
      'gelu',
      'gelu_tanh',
      'global_avgpool',
      'hardsigmoid',
      'hardswish',
      'identity',
      'leaky_relu',
      'maxpool',
      'relu',
      'relu6',
      'scalar_arith',
      'sigmoid',
      'silu',
      'tanh',
    ]);
  });

  it('online compilation refuses an op vnet has no facts for (no default lets it through)', () => {
    const result = makeOnline(withOpAfterRelu(shiftNet(), 'fake_op'));
    expect(result.graph).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['VN503', 'fake_op cannot run one frame at a time: vnet has no facts about how it treats frames'],
    ]);
  });

  it("online compilation refuses an op whose facts say it mixes frames, with the op's own reason", () => {
    const facts: OpFacts<'identity'> = {
      time: { kind: 'mixes-frames', why: 'it peeks at the next frame' },
      channels: 'mixing',
      betweenShiftAndConv: false,
      blockedOnnxOps: [],
    };
    const rules = irRules as unknown as Record<string, IROpRule<'identity'>>;
    rules['peek'] = { facts, infer: (_a, inputs) => ({ shape: inputs[0]?.shape ?? [] }) };
    try {
      const result = makeOnline(withOpAfterRelu(shiftNet(), 'peek'));
      expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['VN503', 'peek cannot run one frame at a time: it peeks at the next frame']]);
      expect(makeOnline(shiftNet()).graph).toBeDefined();
    } finally {
      delete rules['peek'];
    }
  });
});
