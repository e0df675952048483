/** Small helpers every benchmark script shares: medians, onnxruntime session options, flags. */
import type { OrtSessionOptions } from '../ort/ort.js';

/** The median (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The benchmarks' onnxruntime settings: all graph optimizations, `threads` intra-op threads, quiet. */
export function benchSessionOptions(threads: number): OrtSessionOptions {
  return { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 };
}

/** `--name N` from the command line as a positive integer, or the fallback. */
export function intFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const n = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** Fixed, non-trivial values (the same every run). */
export function deterministicData(n: number, phase = 0): Float32Array {
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(i * 0.001 + phase) * 0.5;
  return data;
}
