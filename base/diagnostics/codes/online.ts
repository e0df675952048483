/** VN5xx: compiling a network for streaming (`vnetc compile --online`). */
import { defineCode } from '../code.js';

export const OnlineBidirectionalShift = defineCode<Record<string, never>>({
  code: 'VN501',
  exit: 'input',
  severity: 'error',
  title: 'bi-directional shift cannot stream',
  message: () => 'this shift takes channels from the next frame (dir=both), which a stream does not have yet',
  hint: () => 'use shift(..., dir=past) for an online network: it only looks at past frames',
});

export const OnlineConsensusInside = defineCode<Record<string, never>>({
  code: 'VN502',
  exit: 'input',
  severity: 'error',
  title: 'consensus inside an online network',
  message: () => 'consensus averages over the whole clip, and here later layers depend on it; a stream sees one frame at a time',
  hint: () => 'end the network with consensus (online it becomes the runtime moving average, vnetc run --stream --window N) or remove it',
});

export const OnlineTemporalOp = defineCode<{ op: string; why: string }>({
  code: 'VN503',
  exit: 'input',
  severity: 'error',
  title: 'operation needs the whole clip',
  message: ({ op, why }) => `${op} cannot run one frame at a time: ${why}`,
  hint: () => 'online networks may only look back through past-only shifts (shift(dir=past))',
});

export const OnlineNoTimeInput = defineCode<{ network: string }>({
  code: 'VN504',
  exit: 'input',
  severity: 'error',
  title: 'no clip input',
  message: ({ network }) => `network '${network}' has no clip input [N, T, ...] whose frames are merged with frames; nothing to stream`,
  hint: () =>
    'a network streams when its clip goes through `frames` ([N, T, C, H, W] -> [N*T, C, H, W]); a 3-D network (conv3d over [N, C, T, H, W], as R(2+1)D, S3D, X3D, SlowFast) reads several frames in every temporal kernel and runs on whole clips only',
});

export const OnlineNoShift = defineCode<{ network: string }>({
  code: 'VN505',
  exit: 'input',
  severity: 'warning',
  title: 'online network without shift',
  message: ({ network }) => `network '${network}' has no past-only shift: online it is a per-frame model with no cache`,
});
