import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { runVnetc, tempTree } from './helpers.js';
import { ROOT } from '../conformance/harness.js';
import { SMALL_ONLINE, onlineModel } from '../web/helpers.js';

const NET = 'network tiny(x: f32[N, 4]) -> f32[N, 27] {\n  return x |> linear(27) as fc\n}\n';

describe('vnetc compile --labels', () => {
  it('stores a built-in list (jester, 27 names in the TSM online demo order) in the model', async () => {
    const dir = await tempTree({ 'tiny.vnet': NET });
    const run = await runVnetc(['compile', 'tiny.vnet', '--labels', 'jester'], dir);
    expect(run.code, run.err).toBe(0);
    const contract = readContract(readModelMetadata(readFileSync(path.join(dir, 'tiny.onnx'))));
    const labels = contract.ok ? contract.value.labels : undefined;
    expect([labels?.length, labels?.[0], labels?.[26]]).toEqual([27, 'Doing other things', 'Zooming Out With Two Fingers']);
  });

  it('a file of the wrong length is VN707 (exit 1), a missing one VN706 (exit 2)', async () => {
    const dir = await tempTree({ 'tiny.vnet': NET });
    writeFileSync(path.join(dir, 'two.txt'), 'a\nb\n');
    const wrong = await runVnetc(['compile', 'tiny.vnet', '--labels', 'two.txt'], dir);
    expect([wrong.code, wrong.err.split('\n')[0]]).toEqual([1, 'error VN707: 2 labels given but the model has 27 classes']);
    const missing = await runVnetc(['compile', 'tiny.vnet', '--labels', 'nope.txt'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("VN706: cannot use labels 'nope.txt': no such file or directory");
  });
});

describe('built-in label lists wherever labels are taken (one resolver: runtime/labels.ts)', () => {
  it('run --labels jester names the classes; run --labels kinetics400 too; ./jester is a file', { timeout: 60_000 }, async () => {
    const dir = await tempTree({ 'tiny.vnet': NET, jester: Array.from({ length: 27 }, (_, i) => `mine ${i}\n`).join('') });
    expect((await runVnetc(['compile', 'tiny.vnet'], dir)).code).toBe(0);
    const jester = await runVnetc(['run', 'tiny.onnx', '--labels', 'jester', '--top', '27', '--json'], dir);
    expect(jester.code, jester.err).toBe(0);
    const shown = (JSON.parse(jester.out) as { outputs: { top: { index: number; label?: string }[][] }[] }).outputs[0]?.top[0] ?? [];
    const names = readFileSync(path.join(ROOT, 'data/labels/jester.txt'), 'utf8').trim().split('\n');
    expect(shown.map((r) => r.label)).toEqual(shown.map((r) => names[r.index]));
    // 27 classes, 400 labels: the count warning names the list.
    const kinetics = await runVnetc(['run', 'tiny.onnx', '--labels', 'kinetics400'], dir);
    expect(kinetics.code).toBe(0);
    expect(kinetics.err).toContain("vnetc: warning: 'kinetics400' has 400 labels but output 'output' has 27 classes\n");
    const file = await runVnetc(['run', 'tiny.onnx', '--labels', './jester', '--json', '--top', '1'], dir);
    const first = (JSON.parse(file.out) as { outputs: { top: { index: number; label?: string }[][] }[] }).outputs[0]?.top[0]?.[0];
    expect(first?.label).toBe(`mine ${first?.index}`);
    const missing = await runVnetc(['run', 'tiny.onnx', '--labels', 'nope.txt'], dir);
    expect([missing.code, missing.err]).toEqual([2, "vnetc: cannot read 'nope.txt': no such file or directory\n"]);
  });

  it('web --labels jester (and kinetics400) writes the names into the site; a list of another length is VN707', { timeout: 60_000 }, async () => {
    const dir = await tempTree({});
    const withClasses = (n: number) => SMALL_ONLINE.replace('-> f32[N, 6]', `-> f32[N, ${n}]`).replace('linear(6)', `linear(${n})`);
    writeFileSync(path.join(dir, 'online.onnx'), onlineModel(withClasses(27)));
    writeFileSync(path.join(dir, 'k400.onnx'), onlineModel(withClasses(400)));
    const web = await runVnetc(['web', 'online.onnx', '-o', 'site', '--labels', 'jester'], dir);
    expect(web.code, web.err).toBe(0);
    const config = JSON.parse(readFileSync(path.join(dir, 'site', 'vnet-site.json'), 'utf8')) as { labels: string[] };
    expect([config.labels.length, config.labels[0], config.labels[26]]).toEqual([27, 'Doing other things', 'Zooming Out With Two Fingers']);
    const kinetics = await runVnetc(['web', 'k400.onnx', '-o', 'site2', '--labels', 'kinetics400'], dir);
    expect(kinetics.code, kinetics.err).toBe(0);
    expect((JSON.parse(readFileSync(path.join(dir, 'site2', 'vnet-site.json'), 'utf8')) as { labels: string[] }).labels[0]).toBe('abseiling');
    // 27 names for 400 classes: the page would show wrong names; nothing is written.
    const wrong = await runVnetc(['web', 'k400.onnx', '-o', 'site3', '--labels', 'jester'], dir);
    expect([wrong.code, wrong.err.split('\n')[0]]).toEqual([1, 'error VN707: 27 labels given but the model has 400 classes']);
    expect(existsSync(path.join(dir, 'site3'))).toBe(false);
  });
});
