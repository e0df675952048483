import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.js';
import { CUDA_KERNELS } from '../../../compiler/emit/ort-cuda/cuda-kernels.js';
import { findCudaFallbacks } from '../../../compiler/emit/ort-cuda/cuda-kernel-check.js';
import { cudaKernelDiagnostics } from '../../../compiler/emit/ort-cuda/cuda-kernel-diagnostics.js';
import type { KernelTable } from '../../../compiler/emit/ort-cuda/kernel-table.js';
import type { IModelProto } from '../../../compiler/emit/proto.js';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function vnetFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-cuda-'));
  dirs.push(dir);
  const file = path.join(dir, 'net.vnet');
  writeFileSync(file, text);
  return file;
}

const TINY = `network tiny(clip: f32[N, 2, 3, 8, 8]) -> f32[N, 4] {
  return clip
    |> frames
    |> conv2d(4, k=3, pad=1) as conv
    |> relu
    |> global_avgpool
    |> linear(4) as fc
    |> consensus
}
`;

/** The generated table without one op: the check must then name every node of that op. */
function without(domain: string, op: string): KernelTable {
  const ops = { ...CUDA_KERNELS.domains[domain] };
  delete ops[op];
  return { ...CUDA_KERNELS, domains: { ...CUDA_KERNELS.domains, [domain]: ops } };
}

/** A one-node model: `op` over an input of element type `elemType` at `opset`. */
function oneNode(op: string, elemType: number, opset: number): IModelProto {
  return {
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      node: [{ name: 'layer1.act', opType: op, input: ['x'], output: ['y'], docString: 'net.vnet:3:8' }],
      input: [{ name: 'x', type: { tensorType: { elemType, shape: { dim: [{ dimValue: 1 }] } } } }],
      output: [{ name: 'y', type: { tensorType: { elemType, shape: { dim: [{ dimValue: 1 }] } } } }],
    },
  };
}

describe('the CUDA kernel table', () => {
  it('records its source and covers every op vnet emits', () => {
    expect(CUDA_KERNELS.source).toMatch(/microsoft\/onnxruntime docs\/OperatorKernels\.md at commit [0-9a-f]{40}/);
    expect(Object.keys(CUDA_KERNELS.domains['ai.onnx'] ?? {})).toContain('Conv');
    expect(Object.keys(CUDA_KERNELS.domains['com.microsoft'] ?? {})).toEqual(['Attention', 'QuickGelu']);
  });
});

describe('refs/onnxruntime/cuda-kernels.mjs', () => {
  it('regenerates the committed table from the OperatorKernels.md excerpt', () => {
    const refs = path.resolve(__dirname, '../../../refs/onnxruntime');
    const run = spawnSync(process.execPath, [path.join(refs, 'cuda-kernels.mjs'), path.join(refs, 'OperatorKernels.cuda-excerpt.md'), CUDA_KERNELS.source], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(path.resolve(__dirname, '../../../compiler/emit/ort-cuda/cuda-kernels.ts'), 'utf8'));
  });
});

describe('findCudaFallbacks', () => {
  it('passes a float Relu at opset 17', () => {
    expect(findCudaFallbacks(oneNode('Relu', 1, 17))).toEqual([]);
  });

  it('names a node whose op has no CUDA kernel, with its location', () => {
    expect(findCudaFallbacks(oneNode('NoSuchOp', 1, 17))).toEqual([
      {
        node: 'layer1.act',
        opType: 'NoSuchOp',
        domain: 'ai.onnx',
        opset: 17,
        reason: "onnxruntime's CUDA provider has no ai.onnx NoSuchOp kernel",
        location: 'net.vnet:3:8',
      },
    ]);
  });

  it('reports an input type the CUDA kernel does not take (Relu on int32)', () => {
    const [fallback] = findCudaFallbacks(oneNode('Relu', 6, 17));
    expect(fallback?.reason).toBe('input 0 is int32; the CUDA kernel for opset 14+ takes bfloat16, double, float, float16');
  });

  it('reports an opset no kernel range holds (Gelu before 20)', () => {
    const [fallback] = findCudaFallbacks(oneNode('Gelu', 1, 17));
    expect(fallback?.reason).toBe('no CUDA kernel is registered for opset 17 (registered: 20+)');
  });
});

describe('vnetc compile --target ort-cuda', () => {
  it('fails closed: a node without a CUDA kernel is VN470 at its layer, and nothing is written', async () => {
    const file = vnetFile(TINY);
    const result = await compileFile(file, { target: 'ort-cuda' });
    expect(result.diagnostics).toEqual([]);
    const diagnostics = cudaKernelDiagnostics(result.model as IModelProto, result.optimized?.graph, without('ai.onnx', 'Relu'));
    expect(diagnostics.map((d) => [d.code, d.severity, d.span?.line, d.message])).toEqual([
      ['VN470', 'error', 5, "Relu node 'relu_0' would fall back to onnxruntime's CPU provider: onnxruntime's CUDA provider has no ai.onnx Relu kernel"],
    ]);
  });

  it('without the IR, the message carries the node location from the model', () => {
    const [d] = cudaKernelDiagnostics(oneNode('NoSuchOp', 1, 17));
    expect(d?.message).toBe(
      "NoSuchOp node 'layer1.act' (net.vnet:3:8) would fall back to onnxruntime's CPU provider: onnxruntime's CUDA provider has no ai.onnx NoSuchOp kernel",
    );
    expect(d?.span).toBeUndefined();
  });

  const examples = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.vnet'))
    .sort();
  it.each(examples)(
    '%s has no CPU fallback at --target ort-cuda',
    async (name) => {
      const result = await compileFile(path.join(EXAMPLES, name), { target: 'ort-cuda' });
      expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(result.bytes?.length).toBeGreaterThan(0);
    },
    120_000,
  );

  it.each(examples.filter((f) => f.includes('online')))(
    '%s --online has no CPU fallback at --target ort-cuda',
    async (name) => {
      const result = await compileFile(path.join(EXAMPLES, name), { target: 'ort-cuda', online: true });
      expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    },
    120_000,
  );

  it('timesformer_base at opset 21 (Gelu, LayerNormalization, com.microsoft.Attention) has no CPU fallback', async () => {
    const result = await compileFile(path.join(EXAMPLES, 'timesformer_base.vnet'), { target: 'ort-cuda', opset: 21 });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  }, 120_000);
});
