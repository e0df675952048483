/** The ONNX opsets vnet can emit, and the IR version each needs (onnx/docs/Versioning.md). */
export const DEFAULT_OPSET = 17;
export const MIN_OPSET = 17;
export const MAX_OPSET = 21;

const IR_VERSION: Readonly<Record<number, number>> = { 17: 8, 18: 8, 19: 9, 20: 9, 21: 10 };

export function isSupportedOpset(opset: number): boolean {
  return Number.isInteger(opset) && opset >= MIN_OPSET && opset <= MAX_OPSET;
}

/** The lowest IR version whose checker accepts `opset` (keeps older runtimes able to load the model). */
export function irVersionFor(opset: number): number {
  const ir = IR_VERSION[opset];
  if (ir === undefined) throw new Error(`unsupported opset ${opset}`);
  return ir;
}
