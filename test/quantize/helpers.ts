/** Shared by the int8 tests: the moving-square network (data/motion), its clips, int8 compiles, onnxruntime's view. */
import * as path from 'node:path';
import { compileFile, type CompileFileOptions, type CompileFileResult } from '../../compiler/compile.js';
import type { ClipSet } from '../../compiler/quantize/clips.js';
import { decodeModel, type IModelProto } from '../../compiler/emit/proto.js';
import { optimizeOffline } from '../../ort/optimize-offline.js';
import { motionClip } from '../../bench/motion-clips.js';
import type { ExplainNote } from '../../compiler/passes/pass.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MOTION_VNET = path.join(ROOT, 'data/motion/motion.vnet');

/** Clips `first`.. of set `seed` of the moving-square task, one clip per tensor [1, 8, 3, 32, 32]. */
export function motionClips(seed: number, count: number, first = 0): ClipSet & { labels: number[] } {
  const clips = Array.from({ length: count }, (_, i) => motionClip(seed, first + i));
  return {
    names: clips.map((_, i) => `set${seed}/clip${first + i}`),
    clips: clips.map((c) => ({ data: c.data, dims: [1, 8, 3, 32, 32] })),
    labels: clips.map((c) => c.label),
  };
}

export interface Int8Compile extends CompileFileResult {
  readonly notes: ExplainNote[];
}

/** Compiles a network of data/motion/motion.vnet (seeded weights unless given) as int8, calibrated on set 3. */
export async function compileMotionInt8(
  network: 'tsm_motion' | 'tsn_motion',
  options: Partial<CompileFileOptions> & { keepFloat?: string[]; method?: 'minmax' | 'percentile'; weightZeroPoint?: 0 | -1 } = {},
): Promise<Int8Compile> {
  const notes: ExplainNote[] = [];
  const { keepFloat, method, weightZeroPoint, ...rest } = options;
  const zeroPoint = weightZeroPoint === undefined ? {} : { weightZeroPoint };
  const result = await compileFile(MOTION_VNET, {
    network,
    precision: 'int8',
    calibrate: { load: async () => motionClips(3, 8), source: 'set3', method: method ?? 'percentile', keepFloat: keepFloat ?? [], ...zeroPoint },
    explain: (n) => void notes.push(n),
    ...rest,
  });
  return { ...result, notes };
}

/** The model as onnxruntime's CPU provider runs it (its own saved optimization). */
export async function asOrtRunsIt(bytes: Uint8Array): Promise<IModelProto> {
  return decodeModel(await optimizeOffline(bytes));
}

/** Operator counts by `domain:op` (`QLinearConv` under com.microsoft). */
export function opCounts(model: IModelProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of model.graph?.node ?? []) {
    const key = n.domain ? `${n.domain}:${n.opType}` : (n.opType ?? '');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
