/**
 * The first line of an error's message, without the parts of onnxruntime's messages that
 * only help its own developers: `[ONNXRuntimeError] : N : CODE :`, `Load model from P failed:`
 * and the C++ source location with its function signature.
 */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line
    .replace(/^\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*\w+\s*:\s*/, '')
    .replace(/^Load model from .* failed:\s*/, '')
    .replace(/^\/\S+:\d+ .*?\)\s+(?=[A-Z])/, '')
    .trim();
}
