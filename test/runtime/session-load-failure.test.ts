import { describe, expect, it, vi } from 'vitest';
import * as providers from '../../ort/providers.js';
import { openSession } from '../../runtime/session.js';
import { identityClassifier } from './models.js';

// Pretend the CUDA libraries are installed, so the failure comes from onnxruntime itself at
// session creation (as when the .so is present but CUDA or cuDNN is missing on the machine).
vi.mock('../../ort/providers.js', async (importOriginal) => {
  const real = await importOriginal<typeof providers>();
  return {
    ...real,
    realAvailability: real.providerAvailability,
    providerAvailability: async (name: providers.ProviderName) => ({ name, available: true }),
  };
});

const cudaReallyMissing = async (): Promise<boolean> => {
  const real = (providers as unknown as { realAvailability: typeof providers.providerAvailability }).realAvailability;
  return !(await real('cuda')).available;
};

describe('openSession when the CUDA provider fails to load', () => {
  it("falls back to CPU with one line carrying onnxruntime's reason", async () => {
    if (!(await cudaReallyMissing())) return;
    const lines: string[] = [];
    const opened = await openSession(identityClassifier(2), { providers: ['cuda', 'cpu'], log: (l) => lines.push(l) });
    expect(opened.providers).toEqual(['cpu']);
    expect(lines).toEqual([
      'vnetc: CUDA provider unavailable (it failed to load: OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library); running on CPU (this installation has: cpu, webgpu)',
    ]);
  });
});
