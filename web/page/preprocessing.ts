import type { ModelContract } from '../../contract/model-contract.js';

/** How a camera frame becomes the model's input: resize, crop, scale, normalise per channel. */
export interface Preprocessing {
  /** The model's frame size. */
  readonly height: number;
  readonly width: number;
  /** The shorter side is resized to this before the centre crop of height x width. */
  readonly resizeShorter: number;
  /** Pixel values (0..255) are multiplied by this first. */
  readonly scale: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  /** Where these values came from, shown on the page. */
  readonly source: string;
}

/**
 * The preprocessing of a model: the one place the page decides it. The contract does not declare
 * preprocessing yet, so every model gets the TSM online demo's: shorter side to 256/224 of the frame,
 * centre crop, /255, ImageNet mean and std (torchvision's). When the contract gains declared
 * preprocessing, it is read here.
 */
export function preprocessingOf(_contract: ModelContract, frameHeight: number, frameWidth: number): Preprocessing {
  return {
    height: frameHeight,
    width: frameWidth,
    resizeShorter: Math.round((Math.min(frameHeight, frameWidth) * 256) / 224),
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    source: 'the TSM demo defaults (the model declares none): resize, centre crop, /255, ImageNet mean/std',
  };
}
