/**
 * The filter that turns decoded frames into RGB24 exactly as PyAV's `frame.to_image()` /
 * `to_ndarray(format='rgb24')` does (the references' decoding): swscale with SWS_BILINEAR only (not
 * the CLI's bicubic), BT.601 coefficients whatever the stream is tagged (PyAV never reads the tag),
 * limited range except for the `yuvj` formats, which swscale treats as full range. Rotation from the
 * display matrix is applied after the conversion, on RGB (lossless transposes and flips), so the
 * picture equals the upright reference pixel for pixel.
 */
import type { StreamInfo } from './probe.js';

/** Clockwise degrees actually applied: the display matrix's when it is a right angle and autorotate is on. */
export function appliedRotation(info: Pick<StreamInfo, 'rotation'>, autorotate: boolean): 0 | 90 | 180 | 270 {
  if (!autorotate) return 0;
  const r = info.rotation;
  return r === 90 || r === 180 || r === 270 ? r : 0;
}

/** The frame size after conversion and rotation. */
export function outputSize(info: Pick<StreamInfo, 'width' | 'height'>, rotation: 0 | 90 | 180 | 270): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
}

const ROTATE: Readonly<Record<0 | 90 | 180 | 270, string>> = { 0: '', 90: ',transpose=clock', 180: ',hflip,vflip', 270: ',transpose=cclock' };

/** ffmpeg filters after selection: PyAV's conversion to rgb24, then the rotation. */
export function rgbFilter(info: Pick<StreamInfo, 'pixFmt'>, rotation: 0 | 90 | 180 | 270): string {
  const range = info.pixFmt.startsWith('yuvj') ? 'pc' : 'tv';
  return `scale=flags=bilinear:in_color_matrix=bt601:in_range=${range},format=rgb24${ROTATE[rotation]}`;
}
