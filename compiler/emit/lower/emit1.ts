import type { EmitNodeOptions, LowerContext, OnnxAttr } from './context.js';

/** Emits a single-output node and returns its output name. */
export function emit1(ctx: LowerContext, opType: string, inputs: readonly string[], attrs: Readonly<Record<string, OnnxAttr>> = {}, suffix?: string): string {
  const options: EmitNodeOptions = suffix ? { nameSuffix: suffix } : {};
  const [out] = ctx.emit(opType, inputs, attrs, options);
  if (out === undefined) throw new Error(`${opType} returned no output`);
  return out;
}
