/** Codes produced through the command line, each by the smallest case that shows it. */
import { describe, expect, it } from 'vitest';
import { runVnetc, tempTree } from './helpers.js';

const NET = 'network n(x: f32[N, 4]) -> f32[N, 4] {\n  return x |> relu\n}\n';

describe('codes from the command line', () => {
  it('VN410: compiling a file that defines no network', async () => {
    const root = await tempTree({ 'consts.vnet': 'const T = 8\n' });
    const { code, err } = await runVnetc(['compile', 'consts.vnet'], root);
    expect(code).toBe(1);
    expect(err).toContain('error VN410:');
    expect(err).toContain('defines no network to compile');
  });

  it('VN401: a weights file that is not there (exit 2)', async () => {
    const root = await tempTree({ 'a.vnet': NET });
    const { code, err } = await runVnetc(['compile', 'a.vnet', '--weights', 'nope.safetensors'], root);
    expect(code).toBe(2);
    expect(err).toContain("error VN401: cannot read weights 'nope.safetensors': no such file or directory");
  });

  it('VN708: a video folder without videos (exit 2: nothing to run on)', async () => {
    const root = await tempTree({ 'a.vnet': NET, 'videos/readme.txt': 'none here' });
    expect((await runVnetc(['compile', 'a.vnet', '-o', 'a.onnx'], root)).code).toBe(0);
    const { code, err } = await runVnetc(['run', 'a.onnx', '--video', 'videos'], root);
    expect(code).toBe(2);
    expect(err).toContain("error VN708: no video files (mp4, mkv, webm, avi, mov) in 'videos'");
  });
});
