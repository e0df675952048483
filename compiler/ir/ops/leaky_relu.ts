/** leaky_relu(slope=0.01): x where x >= 0, slope * x elsewhere (PyTorch's LeakyReLU negative_slope). */
import { activationRule } from './elementwise.js';
import type { SurfaceOp } from './schema.js';

export const leakyReluRule = activationRule<'leaky_relu'>();

export const leaky_relu: SurfaceOp = {
  name: 'leaky_relu',
  doc: {
    shapes: 'same',
    text: "`slope * x` where `x < 0`, `x` elsewhere (PyTorch's `negative_slope`).",
  },
  tokens: 'keep',
  hasParams: false,
  args: [{ name: 'slope', type: { kind: 'float' }, default: 0.01 }],
  apply: (call) => call.emit('leaky_relu', { slope: call.float('slope') }),
};
