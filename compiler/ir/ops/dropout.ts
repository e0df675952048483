/** dropout(p=0.5): a no-op at inference; becomes an IR `identity`. */
import { BadArgumentValue } from '../../../base/diagnostics/codes.js';
import type { SurfaceOp } from './schema.js';

export const dropout: SurfaceOp = {
  name: 'dropout',
  tokens: 'keep',
  hasParams: false,
  args: [{ name: 'p', type: { kind: 'float' }, default: 0.5 }],
  apply(call) {
    const p = call.float('p');
    if (!(p >= 0 && p < 1)) return void call.report(BadArgumentValue, { callee: 'dropout', name: 'p', value: String(p), expected: 'in [0, 1)' }, 'p');
    return call.emit('identity', {});
  },
};
