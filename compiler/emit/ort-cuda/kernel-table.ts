/**
 * An execution provider's kernel table, as onnxruntime documents it in docs/OperatorKernels.md
 * (see refs/onnxruntime/cuda-kernels.mjs, which generates cuda-kernels.ts from it).
 */
export interface KernelTable {
  readonly provider: string;
  /** Where the table was generated from (repository, file, commit). */
  readonly source: string;
  /** Domain (`ai.onnx`, `com.microsoft`) -> op type -> its kernels. */
  readonly domains: Readonly<Record<string, Readonly<Record<string, OpKernels>>>>;
}

export interface OpKernels {
  /** Each documented form of the op: its inputs' type constraints (`T`) or literal types (`tensor(int64)`). */
  readonly inputs: readonly (readonly string[])[];
  readonly kernels: readonly Kernel[];
}

export interface Kernel {
  readonly since: number;
  /** Last opset of the range; null when open. */
  readonly until: number | null;
  /** Type constraint -> element types (`float`, `float16`, `int64`). */
  readonly types: Readonly<Record<string, readonly string[]>>;
}

/** The kernel registered for `opset`: the one whose range holds it. */
export function kernelFor(op: OpKernels, opset: number): Kernel | undefined {
  return op.kernels.find((k) => k.since <= opset && (k.until === null || opset <= k.until));
}

/** `13+`, `[7, 12]`, `11`: a kernel's range as the table writes it. */
export function formatRange(kernel: Kernel): string {
  if (kernel.until === null) return `${kernel.since}+`;
  return kernel.since === kernel.until ? String(kernel.since) : `[${kernel.since}, ${kernel.until}]`;
}

/**
 * The element types input `index` may have under `kernel`: the union over the op's forms (a variadic
 * last input covers the ones after it). Empty when the table names no type for it.
 */
export function allowedInputTypes(op: OpKernels, kernel: Kernel, index: number): Set<string> {
  const allowed = new Set<string>();
  for (const form of op.inputs) {
    const constraint = form[index] ?? form[form.length - 1];
    if (constraint === undefined) continue;
    const literal = /^tensor\(([a-z0-9]+)\)$/.exec(constraint);
    for (const type of literal ? [literal[1] as string] : (kernel.types[constraint] ?? [])) allowed.add(type);
  }
  return allowed;
}
