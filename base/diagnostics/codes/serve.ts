/** VN470-VN489: serving: onnxruntime's CUDA kernels (`--target ort-cuda`) and the Triton export (`vnetc triton`). */
import { defineCode } from '../code.js';

export const CudaKernelMissing = defineCode<{ node: string; opType: string; domain: string; reason: string; location?: string }>({
  code: 'VN470',
  exit: 'input',
  severity: 'error',
  title: 'no CUDA kernel',
  message: ({ node, opType, domain, reason, location }) =>
    `${domain === 'ai.onnx' ? '' : `${domain}.`}${opType} node '${node}'${location ? ` (${location})` : ''} would fall back to onnxruntime's CPU provider: ${reason}`,
  hint: () => 'an ort-cuda model must run every node on the GPU: compile this network with --target portable or ort-cpu, or change the layer',
});

export const TritonModelUnreadable = defineCode<{ path: string; reason: string }>({
  code: 'VN471',
  exit: 'usage',
  severity: 'error',
  title: 'model unreadable',
  message: ({ path, reason }) => `cannot read model '${path}': ${reason}`,
});

export const TritonModelUnservable = defineCode<{ path: string; reason: string }>({
  code: 'VN472',
  exit: 'input',
  severity: 'error',
  title: 'model cannot be served',
  message: ({ path, reason }) => `'${path}' cannot be served by Triton: ${reason}`,
});

export const TritonBatchNotDynamic = defineCode<{ path: string; tensor: string; dim: string }>({
  code: 'VN473',
  exit: 'input',
  severity: 'error',
  title: 'batch dimension is fixed',
  message: ({ path, tensor, dim }) =>
    `'${path}': the first dimension of '${tensor}' is ${dim}, not a symbolic batch: Triton's batchers need every input, output and cache to batch on their first dimension`,
  hint: () => 'compile the network with a symbolic batch (f32[N, ...]); vnetc writes N for it',
});

export const TritonBadOption = defineCode<{ option: string; reason: string }>({
  code: 'VN474',
  exit: 'usage',
  severity: 'error',
  title: 'bad triton option',
  message: ({ option, reason }) => `${option}: ${reason}`,
});

export const TritonNameClash = defineCode<{ name: string; paths: readonly string[] }>({
  code: 'VN475',
  exit: 'usage',
  severity: 'error',
  title: 'two models with one name',
  message: ({ name, paths }) => `${paths.map((p) => `'${p}'`).join(' and ')} would both be served as '${name}'`,
  hint: () => 'rename a file, or export them one at a time with --name',
});

export const TritonRepositoryUnwritable = defineCode<{ path: string; reason: string }>({
  code: 'VN476',
  exit: 'usage',
  severity: 'error',
  title: 'repository unwritable',
  message: ({ path, reason }) => `cannot write '${path}': ${reason}`,
});

export const TritonBadModelName = defineCode<{ path: string; name: string }>({
  code: 'VN477',
  exit: 'usage',
  severity: 'error',
  title: 'file name is not a model name',
  message: ({ path, name }) => `'${path}' gives the model name '${name}', which cannot be a folder of the repository`,
  hint: () => 'a model name is a folder name: letters, digits, _ . - (not starting with . or -); rename the file or give --name',
});

export const TritonFolderHoldsInput = defineCode<{ path: string; input: string }>({
  code: 'VN478',
  exit: 'usage',
  severity: 'error',
  title: 'model folder holds an input',
  message: ({ path, input }) => `cannot replace '${path}': it holds '${input}', an input of this command`,
  hint: () => 'write the repository elsewhere (-o) or the model under another --name',
});

export const TritonExternalDataRefused = defineCode<{ path: string; location: string; reason: string }>({
  code: 'VN479',
  exit: 'input',
  severity: 'error',
  title: 'external data refused',
  message: ({ path, location, reason }) => `'${path}': external data '${location}' is refused: ${reason}`,
  hint: () => "external data must be regular files beside the model with plain names, holding exactly the model's tensors (docs/security.md)",
});

export const TritonGpuForCpuModel = defineCode<{ path: string; fallbacks: number }>({
  code: 'VN480',
  exit: 'input',
  severity: 'error',
  title: 'CPU model on GPU instances',
  message: ({ path, fallbacks }) =>
    `'${path}' was compiled with --target ort-cpu, for onnxruntime's CPU provider${fallbacks > 0 ? ` (${fallbacks} of its nodes have no CUDA kernel)` : ''}: it cannot be served on GPU instances`,
  hint: () => 'for --gpu, compile the network with --target ort-cuda (or portable); or serve this model on CPU instances (without --gpu)',
});
