/**
 * A video given where `vnetc run` wants a model or a .npy tensor (`vnetc run clip.mp4`, `--input
 * clip.mp4`): onnxruntime or the .npy reader would only say the bytes are not theirs, so the run stops
 * first and says how to classify a video.
 */
import * as path from 'node:path';

/** The extensions `run --video` takes (a folder's videos are the files with one of them). */
export const VIDEO_EXTENSIONS = ['.mp4', '.mkv', '.webm', '.avi', '.mov'];

export function isVideoFile(file: string): boolean {
  return VIDEO_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** The usage error of a video given as the model or as an --input, or undefined. */
export function videoGivenAsTensor(model: string, inputs: readonly string[]): string | undefined {
  if (isVideoFile(model)) return `'${model}' is a video, not a model: to classify a video, use --video (vnetc run MODEL.onnx --video '${model}')`;
  const video = inputs.find((item) => isVideoFile(item));
  if (video !== undefined)
    return `--input '${video}' is a video, not a .npy tensor: to classify a video, use --video (vnetc run '${model}' --video '${video}')`;
  return undefined;
}
