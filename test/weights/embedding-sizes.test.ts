import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';

const ATTENTION = fileURLToPath(new URL('../fixtures/attention/', import.meta.url));

describe('a TimeSformer checkpoint trained at other sizes', () => {
  it('is rejected, not interpolated: VN404 names both shapes and says how to compile at the training sizes', async () => {
    const result = await compileFile(path.join(ATTENTION, 'divided.vnet'), {
      weights: path.join(ATTENTION, 'divided.safetensors'),
      sets: { T: '8', SIZE: '48' },
    });
    expect(result.bytes).toBeUndefined();
    const [mismatch] = result.diagnostics.filter((d) => d.code === 'VN404');
    expect(mismatch?.message).toContain('pos_embed is [1, 17, 32], the network needs [1, 37, 32]');
    expect(mismatch?.message).toContain('time_embed is [1, 4, 32], the network needs [1, 8, 32]');
    expect(mismatch?.hint).toContain('vnet does not interpolate position or time embeddings');
  });
});
