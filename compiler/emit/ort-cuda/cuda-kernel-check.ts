/**
 * Which nodes of a model onnxruntime's CUDA provider has no kernel for: each would run on the CPU
 * provider, with copies across the bus around it. Checks the domain and op type, the model's opset for
 * that domain against the registered ranges, and every input of known element type against the
 * kernel's type constraints (an input whose type the model does not record is not checked).
 */
import type { IModelProto, INodeProto } from '../proto.js';
import { CUDA_KERNELS } from './cuda-kernels.js';
import { type KernelTable, allowedInputTypes, formatRange, kernelFor } from './kernel-table.js';

export interface KernelFallback {
  /** The ONNX node's name (vnet names nodes after their layer). */
  readonly node: string;
  readonly opType: string;
  readonly domain: string;
  readonly opset: number;
  /** Why no kernel applies, one clause. */
  readonly reason: string;
  /** The node's doc_string: its `.vnet` location (`file:line:col`) in vnet models. */
  readonly location: string;
}

/** ONNX TensorProto.DataType -> the names OperatorKernels.md uses. */
const ELEMENT_TYPES: Readonly<Record<number, string>> = {
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

export function findCudaFallbacks(model: IModelProto, table: KernelTable = CUDA_KERNELS): KernelFallback[] {
  const opsets = new Map((model.opsetImport ?? []).map((o) => [domainName(o.domain ?? ''), Number(o.version ?? 0)]));
  const types = elementTypes(model);
  const out: KernelFallback[] = [];
  for (const node of model.graph?.node ?? []) {
    const domain = domainName(node.domain ?? '');
    const opset = opsets.get(domain) ?? 0;
    const reason = whyNoKernel(node, domain, opset, types, table);
    if (reason !== undefined) {
      out.push({ node: node.name ?? '', opType: node.opType ?? '', domain, opset, reason, location: node.docString ?? '' });
    }
  }
  return out;
}

function whyNoKernel(node: INodeProto, domain: string, opset: number, types: ReadonlyMap<string, string>, table: KernelTable): string | undefined {
  const op = table.domains[domain]?.[node.opType ?? ''];
  if (op === undefined) return `onnxruntime's CUDA provider has no ${domain} ${node.opType} kernel`;
  const kernel = kernelFor(op, opset);
  if (kernel === undefined) {
    return `no CUDA kernel is registered for opset ${opset} (registered: ${op.kernels.map(formatRange).join(', ')})`;
  }
  for (const [index, name] of (node.input ?? []).entries()) {
    const type = name === '' ? undefined : types.get(name);
    if (type === undefined) continue;
    const allowed = allowedInputTypes(op, kernel, index);
    if (allowed.size > 0 && !allowed.has(type)) {
      return `input ${index} is ${type}; the CUDA kernel for opset ${formatRange(kernel)} takes ${[...allowed].join(', ')}`;
    }
  }
  return undefined;
}

/** `''` and `ai.onnx` are the same domain. */
function domainName(domain: string): string {
  return domain === '' ? 'ai.onnx' : domain;
}

/** Element type of every tensor the model records one for: inputs, outputs, value_info, initializers. */
function elementTypes(model: IModelProto): Map<string, string> {
  const graph = model.graph;
  const out = new Map<string, string>();
  for (const info of [...(graph?.input ?? []), ...(graph?.output ?? []), ...(graph?.valueInfo ?? [])]) {
    const type = ELEMENT_TYPES[Number(info.type?.tensorType?.elemType ?? 0)];
    if (info.name && type) out.set(info.name, type);
  }
  for (const tensor of graph?.initializer ?? []) {
    const type = ELEMENT_TYPES[Number(tensor.dataType ?? 0)];
    if (tensor.name && type) out.set(tensor.name, type);
  }
  return out;
}
