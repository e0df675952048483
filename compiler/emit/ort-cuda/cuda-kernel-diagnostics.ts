/** The CUDA kernel check as diagnostics (VN470), each at the `.vnet` text of the layer the node came from. */
import { formatLocation, type Span } from '../../../base/span.js';
import { diagnose } from '../../../base/diagnostics/code.js';
import { CudaKernelMissing } from '../../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../../base/diagnostics/diagnostic.js';
import type { IRGraph } from '../../ir/graph.js';
import type { IModelProto } from '../proto.js';
import { findCudaFallbacks } from './cuda-kernel-check.js';
import type { KernelTable } from './kernel-table.js';

/**
 * One VN470 per node onnxruntime's CUDA provider would hand to the CPU. With the IR graph the model was
 * emitted from, each points at its layer's text; without it (a model read from a file), the message
 * names the node's recorded location.
 */
export function cudaKernelDiagnostics(model: IModelProto, graph?: IRGraph, table?: KernelTable): Diagnostic[] {
  const spans = new Map<string, Span>();
  for (const node of graph?.nodes ?? []) spans.set(formatLocation(node.span), node.span);
  return findCudaFallbacks(model, table).map((f) => {
    const span = spans.get(f.location);
    const args = { node: f.node, opType: f.opType, domain: f.domain, reason: f.reason };
    return span ? diagnose(CudaKernelMissing, args, span) : diagnose(CudaKernelMissing, f.location ? { ...args, location: f.location } : args);
  });
}
