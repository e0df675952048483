/** VN72x: models for the browser (`vnetc compile --target web`), checked after emission. */
import { defineCode } from '../code.js';

export const WebForeignOperator = defineCode<{ op: string; domain: string; node: string }>({
  code: 'VN720',
  exit: 'input',
  severity: 'error',
  title: 'operator onnxruntime-web does not run',
  message: ({ op, domain, node }) => `node '${node}' is ${domain}.${op}, which onnxruntime-web's wasm backend does not run`,
  hint: () => '--target web emits standard ONNX (ai.onnx) operators only; compile for ort-cpu or ort-cuda to use onnxruntime-node kernels',
});

export const WebAutoPad = defineCode<{ op: string; node: string; value: string }>({
  code: 'VN721',
  exit: 'input',
  severity: 'error',
  title: 'implicit padding for the browser',
  message: ({ op, node, value }) => `${op} '${node}' pads with auto_pad=${value}; onnxruntime-web's WebGPU backend has given wrong results for it`,
  hint: () => 'write the pads out explicitly (pads=[...]) for --target web',
});
