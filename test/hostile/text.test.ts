/**
 * Labels are text from a file: `run` and `run --stream` show them with control characters escaped,
 * so a label cannot start a `::error` line in a CI log or send escape sequences to a terminal.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatNpy } from '../../runtime/npy.js';
import { ONE_SHIFT_ONLINE } from '../online/helpers.js';
import { BUILT, removeSandboxes, sandbox, vnetc } from './harness.js';

afterAll(removeSandboxes);

const HOSTILE = ['\u001b]0;pwned\u0007', '::error::pwned', 'c\u009b2J', 'd\u202e', 'e\u0008'];
const SHOWN = ['\\e]0;pwned\\x07', '::error::pwned', 'c\\x9b2J', 'd\\u202e', 'e\\x08'];
const NET = 'network n(x: f32[1, 5]) -> f32[1, 5] {\n  return x |> relu\n}\n';
const CLIP = formatNpy({ type: 'float32', dims: [2, 3, 8, 8], data: Float32Array.from({ length: 2 * 3 * 64 }, (_, i) => Math.sin(i)) });

describe.skipIf(!BUILT)('labels are shown escaped', () => {
  it("run: the top classes' labels", () => {
    const sb = sandbox({
      'a.vnet': NET,
      'L.txt': `${HOSTILE.join('\n')}\n`,
      'x.npy': formatNpy({ type: 'float32', dims: [1, 5], data: Float32Array.from([5, 4, 3, 2, 1]) }),
    });
    const ran = vnetc(sb, ['run', 'a.vnet', '--input', 'x.npy', '--labels', 'L.txt']);
    expect(ran.code, ran.stderr).toBe(0);
    for (const shown of SHOWN) expect(ran.stdout).toContain(shown);
    expect(ran.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(ran.stdout).not.toMatch(/^::error/m);
  });

  it("run --stream: each frame's labels", () => {
    const sb = sandbox({ 'net.vnet': ONE_SHIFT_ONLINE, 'L.txt': `${HOSTILE.join('\n')}\n`, 'clip.npy': CLIP });
    const ran = vnetc(sb, ['run', 'net.vnet', '--stream', '--input', 'clip.npy', '--labels', 'L.txt', '--top', '5']);
    expect(ran.code, ran.stderr).toBe(0);
    for (const shown of SHOWN) expect(ran.stdout).toContain(shown);
    expect(ran.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  });
});
