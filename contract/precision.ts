import { CONTRACT_KEYS } from './keys.js';
import type { Result } from '../base/result.js';

/** The numeric precision of a model's weights and activations. */
export type Precision = 'fp32' | 'int8' | 'fp16';

export const PRECISIONS: readonly Precision[] = ['fp32', 'int8', 'fp16'];

/** How an int8 model's activation ranges were measured (`vnetc compile --calibrate`). */
export interface Calibration {
  /** `minmax` or `percentile`. */
  readonly method: string;
  /** The share of values a percentile range keeps (percentile only). */
  readonly percentile?: number;
  /** How many clips were run. */
  readonly clips: number;
  /** The calibration set's name (the file or folder given, without its directory). */
  readonly source: string;
  /** SHA-256 over the clips' float32 values, in order: the same clips give the same hash. */
  readonly sha256: string;
}

export function encodePrecision(precision: Precision): string {
  return precision;
}

export function parsePrecision(text: string): Result<Precision> {
  return (PRECISIONS as readonly string[]).includes(text)
    ? { ok: true, value: text as Precision }
    : { ok: false, error: `metadata '${CONTRACT_KEYS.precision}' must be one of ${PRECISIONS.join(', ')}, found '${text}'` };
}

export function encodeCalibration(calibration: Calibration): string {
  return JSON.stringify(calibration);
}

export function parseCalibration(text: string): Result<Calibration> {
  const bad = (why: string): Result<Calibration> => ({ ok: false, error: `metadata '${CONTRACT_KEYS.calibration}' ${why}` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return bad('is not JSON');
  }
  const v = parsed as Partial<Calibration> | null;
  if (typeof v !== 'object' || v === null || typeof v.method !== 'string' || typeof v.source !== 'string' || typeof v.sha256 !== 'string') {
    return bad('must be {"method", "clips", "source", "sha256"}');
  }
  if (typeof v.clips !== 'number' || !Number.isInteger(v.clips) || v.clips < 0) return bad('needs a whole number of clips');
  if (v.percentile !== undefined && typeof v.percentile !== 'number') return bad('has a percentile that is not a number');
  return {
    ok: true,
    value: { method: v.method, clips: v.clips, source: v.source, sha256: v.sha256, ...(v.percentile !== undefined ? { percentile: v.percentile } : {}) },
  };
}

/** One line for people: `int8 (percentile 99.999 over 16 clips of calib/)`. */
export function describePrecision(precision: Precision | undefined, calibration: Calibration | undefined): string {
  const p = precision ?? 'fp32';
  if (!calibration) return p;
  const method = calibration.percentile !== undefined ? `${calibration.method} ${calibration.percentile}` : calibration.method;
  return `${p} (calibrated: ${method} over ${calibration.clips} clip${calibration.clips === 1 ? '' : 's'} of ${calibration.source})`;
}
