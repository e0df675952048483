/**
 * The clips calibration and validation run: float32 tensors for the network's input, each named for
 * messages. The compiler asks for them once it knows the network (its input shape and, for videos,
 * its preprocessing); the command line reads the files (.npy, or videos through runtime/video).
 */
import type { Preprocess } from '../../contract/preprocess.js';
import type { FloatTensor } from '../../ort/float-runner.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { ClipRejected } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { dimToString, type Dim } from '../ir/dim.js';

export interface ClipSet {
  readonly names: readonly string[];
  readonly clips: readonly FloatTensor[];
}

/** What the loader is told about the network whose clips it reads. */
export interface ClipRequest {
  readonly network: string;
  /** The network's `preprocess` section, which turns a video into its input. */
  readonly preprocess?: Preprocess;
  /** The input's name and shape (the batch symbolic). */
  readonly input: string;
  readonly shape: readonly Dim[];
}

export type ClipLoader = (request: ClipRequest) => Promise<ClipSet | Diagnostic[]>;

/**
 * The clips as the input takes them: a clip without the batch axis gets a batch of 1; every clip must
 * then match the input's fixed sizes (`option` names the flag in the messages).
 */
export function fitClips(set: ClipSet, request: ClipRequest, option: string): ClipSet | Diagnostic[] {
  const problems: Diagnostic[] = [];
  const clips = set.clips.map((clip, i) => {
    const dims = clip.dims.length === request.shape.length - 1 ? [1, ...clip.dims] : [...clip.dims];
    const fits = dims.length === request.shape.length && request.shape.every((d, k) => typeof d !== 'number' || d === dims[k]);
    if (!fits) {
      const expected = `[${request.shape.map((d) => (typeof d === 'number' ? String(d) : dimToString(d))).join(', ')}]`;
      const reason = `has shape [${clip.dims.join(', ')}]; the input '${request.input}' of '${request.network}' takes ${expected} (or that without the batch axis)`;
      problems.push(diagnose(ClipRejected, { option, clip: set.names[i] ?? `clip ${i}`, reason }));
    }
    return { data: clip.data, dims };
  });
  if (problems.length > 0) return problems;
  if (clips.length === 0) return [diagnose(ClipRejected, { option, clip: '(none)', reason: 'holds no clips' })];
  return { names: set.names, clips };
}
