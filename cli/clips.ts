/**
 * The clips of `vnetc compile --calibrate PATH` and `--validate PATH`: PATH is a float32 .npy clip
 * (`[T, C, H, W]`, or `[B, T, C, H, W]` for B clips), a video, or a folder of them (read in name
 * order, one level). A video becomes its clip through the network's own preprocessing and sampling
 * (runtime/video, as `vnetc run --video` reads it). Problems are diagnostics naming the file.
 */
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnose } from '../base/diagnostics/code.js';
import { ClipRejected, ClipsUnreadable, VideosNeedPreprocess } from '../base/diagnostics/codes.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import type { ClipLoader, ClipRequest, ClipSet } from '../compiler/quantize/clips.js';
import type { FloatTensor } from '../ort/float-runner.js';
import { fileReason } from '../io/reason.js';
import { RuntimeError } from '../runtime/errors.js';
import { readBinary } from '../runtime/files.js';
import { parseNpy } from '../runtime/npy.js';
import { VideoError } from '../runtime/video/errors.js';
import { readVideoClips } from '../runtime/video/read-clip.js';
import { VIDEO_EXTENSIONS } from './commands/run-video.js';

/** All clips together stay under 1 GiB of float32 values. */
const MAX_VALUES = 2 ** 28;

type Loaded = FloatTensor | Diagnostic;

export function clipLoader(option: '--calibrate' | '--validate', given: string, cwd: string): ClipLoader {
  return async (request) => {
    const files = await clipFiles(option, given, path.resolve(cwd, given));
    if (!Array.isArray(files)) return [files];
    const names: string[] = [];
    const clips: FloatTensor[] = [];
    let values = 0;
    for (const file of files) {
      const loaded = await readClip(option, file, request);
      if ('code' in loaded) return [loaded];
      values += loaded.data.length;
      if (values > MAX_VALUES)
        return [diagnose(ClipsUnreadable, { option, path: given, reason: `the clips hold over ${MAX_VALUES} values (1 GiB); give fewer` })];
      names.push(file.shown);
      clips.push(loaded);
    }
    const set: ClipSet = { names, clips };
    return set;
  };
}

interface ClipFile {
  readonly file: string;
  readonly shown: string;
}

const isClip = (name: string): boolean => {
  const ext = path.extname(name).toLowerCase();
  return ext === '.npy' || VIDEO_EXTENSIONS.includes(ext);
};

async function clipFiles(option: string, given: string, full: string): Promise<ClipFile[] | Diagnostic> {
  try {
    const info = await stat(full);
    if (!info.isDirectory()) return [{ file: full, shown: given }];
    const names = (await readdir(full)).filter(isClip).sort();
    if (names.length === 0) return diagnose(ClipsUnreadable, { option, path: given, reason: `holds no .npy clips or videos (${VIDEO_EXTENSIONS.join(', ')})` });
    return names.map((name) => ({ file: path.join(full, name), shown: path.join(given, name) }));
  } catch (error) {
    return diagnose(ClipsUnreadable, { option, path: given, reason: fileReason(error) });
  }
}

async function readClip(option: string, { file, shown }: ClipFile, request: ClipRequest): Promise<Loaded> {
  try {
    if (path.extname(file).toLowerCase() !== '.npy') return await videoClip(option, file, shown, request);
    const parsed = parseNpy(await readBinary(file, shown));
    if (!parsed.ok) return diagnose(ClipRejected, { option, clip: shown, reason: `is not a usable .npy: ${parsed.error}` });
    if (parsed.value.type !== 'float32') return diagnose(ClipRejected, { option, clip: shown, reason: `holds ${parsed.value.type} values; a clip is float` });
    return { data: parsed.value.data, dims: parsed.value.dims };
  } catch (error) {
    if (error instanceof RuntimeError) return diagnose(ClipsUnreadable, { option, path: shown, reason: error.message.replace(/^cannot read '.*?': /, '') });
    if (error instanceof VideoError) return diagnose(ClipRejected, { option, clip: shown, reason: `is not a readable video: ${error.detail}` });
    throw error;
  }
}

async function videoClip(option: string, file: string, shown: string, request: ClipRequest): Promise<Loaded> {
  if (!request.preprocess) return diagnose(VideosNeedPreprocess, { option, network: request.network });
  const read = await readVideoClips(file, shown, request.preprocess);
  const clip = read.clips[0];
  if (!clip || !(clip.data instanceof Float32Array)) return diagnose(ClipRejected, { option, clip: shown, reason: 'gave no float clip' });
  return { data: clip.data, dims: clip.dims };
}
