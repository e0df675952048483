import type { ModelContract } from '../contract/model-contract.js';
import type { FramePreprocessing } from './frame.js';

/** How a frame becomes the model's input (./frame.ts), and where those values came from, for people. */
export interface Preprocessing extends FramePreprocessing {
  readonly source: string;
}

/** The TSM online demo's preprocessing, for a model that declares none. */
const DEMO = { ratio: 256 / 224, scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;

/**
 * The preprocessing of a model with frames of frameHeight x frameWidth: the one place it is decided. A
 * model whose network declares `preprocess { }` (the contract's `vnet.preprocess`) gets its own resize,
 * crop, order, scale, mean and std; when its crop is not the model's frame size (compiled with another
 * size), the resize keeps the declared resize-to-crop ratio. A model that declares none gets the TSM
 * online demo's: shorter side to 256/224 of the frame, centre crop, /255, ImageNet mean and std.
 */
export function preprocessingOf(contract: ModelContract, frameHeight: number, frameWidth: number): Preprocessing {
  const frame = Math.min(frameHeight, frameWidth);
  const declared = contract.preprocess;
  if (declared === undefined) {
    return {
      height: frameHeight,
      width: frameWidth,
      resizeShorter: Math.round(frame * DEMO.ratio),
      order: 'rgb',
      scale: DEMO.scale,
      mean: DEMO.mean,
      std: DEMO.std,
      source: 'the TSM demo defaults (the model declares none): resize, centre crop, /255, ImageNet mean/std',
    };
  }
  const fits = declared.crop === frameHeight && declared.crop === frameWidth;
  const resizeShorter = fits ? declared.resize : Math.round((frame * declared.resize) / declared.crop);
  const crop = fits ? `centre crop ${declared.crop}` : `centre crop ${frameHeight}x${frameWidth} (the model's frame; it declares ${declared.crop})`;
  return {
    height: frameHeight,
    width: frameWidth,
    resizeShorter,
    order: declared.order,
    scale: declared.scale,
    mean: declared.mean,
    std: declared.std,
    source: `declared by the model: shorter side to ${resizeShorter}, ${crop}, ${declared.order.toUpperCase()}, x${+declared.scale.toPrecision(6)}, mean (${declared.mean.join(', ')}), std (${declared.std.join(', ')})`,
  };
}
