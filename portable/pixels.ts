/** A frame's pixels as decoded: `channels` bytes per pixel (RGB from ffmpeg, RGBA from a canvas), rows top to bottom. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** A rectangle of a (resized) frame in whole pixels; it may reach past the frame, where it reads zeros. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** torchvision's size for `Resize(size)` with an int: the shorter side becomes `size`, the longer `int(size * long / short)`. */
export function shorterSideSize(width: number, height: number, size: number): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/**
 * torchvision's `CenterCrop((height, width))` of an image of `size`: offset round((size - crop) / 2) per
 * axis with Python's round (half to even); a crop larger than the image pads it with zeros first,
 * floor((crop - size) / 2) before, so the box starts that far before the image.
 */
export function centreCropBox(size: { width: number; height: number }, width: number, height: number): Box {
  return { left: cropOffset(size.width, width), top: cropOffset(size.height, height), width, height };
}

function cropOffset(size: number, crop: number): number {
  return crop > size ? -Math.floor((crop - size) / 2) : roundHalfEven((size - crop) / 2);
}

/** Python 3's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
