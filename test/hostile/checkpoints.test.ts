/**
 * Hostile checkpoints given to the real executable (issue #21): files that torch.load reads one way
 * and a careless reader another, and files that make a reader do unbounded work. Each case either
 * loads what torch.load loads or is refused with one line; see harness.ts for the bounds every case
 * keeps (10 s, 1 GB, nothing outside the work folder changed).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSafetensors, readFloat32 } from '../../compiler/weights/safetensors.js';
import { writeSafetensors } from '../../compiler/weights/safetensors-write.js';
import {
  PickleWriter,
  buildZip,
  f32,
  shapeOf,
  stateDict,
  stateDictItems,
  torchLegacy,
  torchZip,
  valuesOf,
  zerosBomb,
  type Values,
} from '../weights/builders.js';
import { BUILT, LIMIT_KB, LIMIT_MS, errorLines, expectRefused, removeSandboxes, sandbox, snapshot, vnetc, type Ran, type Sandbox } from './harness.js';

afterAll(removeSandboxes);

const NET = 'network n(x: f32[1, 2]) {\n  return x |> linear(3) as fc\n}\n';
const A = { 'fc.weight': { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] }, 'fc.bias': [7, 8, 9] };
const B = { 'fc.weight': { shape: [3, 2], values: [-1, -2, -3, -4, -5, -6] }, 'fc.bias': [-7, -8, -9] };
const flat = (tensors: Record<string, Values>): Record<string, readonly number[]> =>
  Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, valuesOf(v)]));

/** Bounded in time and memory, exit 0, no error line. */
function expectLoaded(ran: Ran, sb: Sandbox, outsideBefore: Record<string, string>): void {
  expect(ran.ms, 'ends within 10 s').toBeLessThan(LIMIT_MS);
  if (ran.maxRssKb !== undefined) expect(ran.maxRssKb, 'stays under 1 GB').toBeLessThan(LIMIT_KB);
  expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(0);
  expect(errorLines(ran)).toEqual([]);
  expect(snapshot(sb.outside)).toEqual(outsideBefore);
}

/** The f32 tensors of a safetensors file vnet wrote, by name. */
function written(sb: Sandbox, file: string): Record<string, number[]> {
  const parsed = parseSafetensors(readFileSync(path.join(sb.work, file)));
  if (!parsed.ok) throw new Error(parsed.error);
  const out: Record<string, number[]> = {};
  for (const e of parsed.value.entries) {
    const values = readFloat32(parsed.value, e);
    if (!values.ok) throw new Error(values.error);
    out[e.name] = Array.from(values.value);
  }
  return out;
}

/** `{<key a>: A, <key b>: B}` where the two keys are written as raw pickle opcodes. */
function twoStateDicts(keyA: string, keyB: string, legacy: boolean): Uint8Array {
  const p = new PickleWriter().proto().emptyDict().mark().raw(keyA).emptyDict();
  const storages = stateDictItems(p, A, 0, legacy);
  p.raw(keyB).emptyDict();
  Object.assign(storages, stateDictItems(p, B, 2, legacy));
  const pickle = p.setitems().stop();
  if (!legacy) return torchZip(pickle, storages);
  return torchLegacy(pickle, Object.fromEntries(Object.entries(storages).map(([k, bytes]) => [k, { numel: bytes.length / 4, bytes }])));
}

/** A valid state dict (A) under 'state_dict', beside an `optimizer` entry that `extra` writes (a value on the stack). */
function withOptimizer(extra: (p: PickleWriter) => void): Uint8Array {
  const p = new PickleWriter().proto().emptyDict().mark().str('state_dict').emptyDict();
  const storages = stateDictItems(p, A, 0);
  p.str('optimizer');
  extra(p);
  return torchZip(p.setitems().stop(), storages);
}

describe.skipIf(!BUILT)('hostile checkpoints: read as torch.load reads them', () => {
  for (const legacy of [false, true]) {
    it(`a protocol-0 STRING key S'state_dic\\x74' (${legacy ? 'legacy' : 'zip'}): the second dict wins, as in Python, with a warning`, () => {
      const sb = sandbox({ 'a.vnet': NET, 'w.pth': twoStateDicts("S'state_dict'\n", "S'state_dic\\x74'\n", legacy) });
      const before = snapshot(sb.outside);
      const ran = vnetc(sb, ['weights', 'w.pth', '--to', 'out.safetensors', '--for', 'a.vnet']);
      expectLoaded(ran, sb, before);
      expect(written(sb, 'out.safetensors')).toEqual(flat(B));
      expect(ran.stderr).toMatch(/warning VN427: .*'state_dict' is set twice/);
    });
  }

  it('two zip entries named archive/data/0: refused (torch reads one of them, vnet will not guess)', () => {
    const { pickle, storages } = stateDict(A);
    const zip = buildZip([
      { name: 'archive/data.pkl', data: pickle },
      { name: 'archive/data/0', data: storages['0']! },
      { name: 'archive/data/0', data: f32(0, 0, 0, 0, 0, 0) },
      { name: 'archive/data/1', data: storages['1']! },
      { name: 'archive/version', data: new TextEncoder().encode('3\n') },
    ]);
    const sb = sandbox({ 'a.vnet': NET, 'w.pth': zip });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['compile', 'a.vnet', '--weights', 'w.pth', '-o', 'a.onnx']), sb, before, [1]);
    expect(line).toMatch(/archive\/data\/0.*(twice|more than once)/);
  });

  it('the safetensors duplicate-name scan sees a key padded with spaces', () => {
    const entry = (begin: number): string => `{"dtype":"F32","shape":[3],"data_offsets":[${begin},${begin + 12}]}`;
    const header = `{"fc.bias":${entry(0)},"fc.bias"${' '.repeat(200)}:${entry(12)},"fc.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[24,48]}}`;
    const json = new TextEncoder().encode(header);
    const file = new Uint8Array(8 + json.length + 48);
    new DataView(file.buffer).setBigUint64(0, BigInt(json.length), true);
    file.set(json, 8);
    const sb = sandbox({ 'a.vnet': NET, 'w.safetensors': file });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['compile', 'a.vnet', '--weights', 'w.safetensors', '-o', 'a.onnx']), sb, before, [1]);
    expect(line).toMatch(/'fc\.bias' appears twice/);
  });
});

describe.skipIf(!BUILT)('hostile checkpoints: bounded work', () => {
  it('a 2 MB file whose data.pkl inflates to 2 GiB: refused before inflating', () => {
    const zip = buildZip([
      { name: 'archive/data.pkl', data: new Uint8Array(0), body: zerosBomb(2048), size: 2 ** 31 },
      { name: 'archive/version', data: new TextEncoder().encode('3\n') },
    ]);
    expect(zip.length).toBeLessThan(3 * 1024 * 1024);
    const sb = sandbox({ 'w.pth': zip });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['weights', 'w.pth']), sb, before, [1])).toMatch(/inflate/);
  });

  it('one deflated 64 MiB storage shared by 2000 tensors: bounded (refused for its ratio)', () => {
    const p = new PickleWriter().proto().emptyDict().mark();
    for (let i = 0; i < 2000; i++) p.str(`t${i}`).tensor({ key: '0', numel: 16 << 20, shape: [16], offset: i * 16 });
    const zip = torchZip(p.setitems().stop(), {}, [{ name: 'archive/data/0', data: new Uint8Array(0), body: zerosBomb(64), size: 64 << 20 }]);
    const sb = sandbox({ 'w.pth': zip });
    const before = snapshot(sb.outside);
    expectRefused(vnetc(sb, ['weights', 'w.pth', '--to', 'out.safetensors']), sb, before, [1]);
  });

  it('one deflated 4 MiB storage shared by 2000 tensors: inflated once, loads', () => {
    const p = new PickleWriter().proto().emptyDict().mark();
    for (let i = 0; i < 2000; i++) p.str(`t${i}`).tensor({ key: '0', numel: 1 << 20, shape: [16], offset: i * 16 });
    const zip = torchZip(p.setitems().stop(), {}, [{ name: 'archive/data/0', data: new Uint8Array(4 << 20), deflate: true }]);
    const sb = sandbox({ 'w.pth': zip });
    const before = snapshot(sb.outside);
    expectLoaded(vnetc(sb, ['weights', 'w.pth', '--to', 'out.safetensors']), sb, before);
    expect(Object.keys(written(sb, 'out.safetensors'))).toHaveLength(2000);
  });

  it('shared tuple keys, nested five deep, set 1000 times (a 5 KB file): loads in linear time', () => {
    const zip = withOptimizer((p) => {
      p.mark();
      for (let i = 0; i < 30; i++) p.str(`k${i}`);
      p.tuple().put(0);
      for (let level = 1; level <= 4; level++) {
        p.mark();
        for (let i = 0; i < 30; i++) p.get(level - 1);
        p.tuple().put(level);
      }
      p.raw(0x30, 0x30, 0x30, 0x30, 0x30).emptyDict(); // the five tuples stay in the memo only
      for (let i = 0; i < 1000; i++) p.get(4).int(i).setitem();
    });
    expect(zip.length).toBeLessThan(8 * 1024);
    const sb = sandbox({ 'w.pth': zip });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['weights', 'w.pth']);
    expectLoaded(ran, sb, before);
    expect(ran.stdout).toContain("keys:       state_dict, optimizer\nstate dict: 'state_dict'");
  });

  it('a 1 MiB string key used 20,000 times: refused at once, without printing the key', () => {
    const zip = withOptimizer((p) => {
      p.emptyDict()
        .str('k'.repeat(1 << 20))
        .put(0)
        .raw(0x30);
      for (let i = 0; i < 20_000; i++) p.get(0).int(i).setitem();
    });
    const sb = sandbox({ 'w.pth': zip });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['weights', 'w.pth']);
    const line = expectRefused(ran, sb, before, [1]);
    expect(`${ran.stdout}${ran.stderr}`.length).toBeLessThan(1000);
    expect(line).toMatch(/key/);
  });

  it('a tensor name of 100,000 dots (zip and safetensors): refused or reported in linear time, the name never printed whole', () => {
    const name = '.'.repeat(100_000);
    const { pickle, storages } = stateDict({ ...A, [name]: [1] });
    const tensors = Object.fromEntries(
      Object.entries(A).map(([k, v]) => [k, { dtype: 'F32' as const, shape: shapeOf(v), data: Float32Array.from(valuesOf(v)) }]),
    );
    const st = writeSafetensors({ ...tensors, [name]: { dtype: 'F32', shape: [1], data: Float32Array.from([1]) } });
    const sb = sandbox({ 'a.vnet': NET, 'w.pth': torchZip(pickle, storages), 'w.safetensors': st });
    const before = snapshot(sb.outside);
    for (const file of ['w.pth', 'w.safetensors']) {
      const ran = vnetc(sb, ['compile', 'a.vnet', '--weights', file, '-o', 'a.onnx']);
      expectRefused(ran, sb, before, [1]);
      expect(`${ran.stdout}${ran.stderr}`.length, file).toBeLessThan(2000);
    }
  });

  it('a key longer than V8 allows in a string, deflated: a clean refusal (600 KB: the inflation bound; padded to 9 MB: the string limit)', () => {
    const n = 2 ** 29 + 16; // more UTF-16 units than V8's longest string
    const head = Buffer.concat([Buffer.from([0x80, 0x02, 0x7d, 0x8d]), Buffer.alloc(8)]);
    head.writeBigUInt64LE(BigInt(n), 4);
    const tail = Buffer.from([0x4b, 0x01, 0x73, 0x2e]); // BININT1 1, SETITEM, STOP
    const flush = { finishFlush: 3 /* Z_FULL_FLUSH */ };
    const chunk = new Uint8Array(deflateRawSync(Buffer.alloc(1 << 20, 0x61), flush));
    const parts = [new Uint8Array(deflateRawSync(head, flush))];
    for (let i = 0; i < n >> 20; i++) parts.push(chunk);
    parts.push(new Uint8Array(deflateRawSync(Buffer.alloc(n % (1 << 20), 0x61), flush)), new Uint8Array(deflateRawSync(tail)));
    const pickle = { name: 'archive/data.pkl', data: new Uint8Array(0), body: Buffer.concat(parts), size: head.length + n + tail.length };
    const version = { name: 'archive/version', data: new TextEncoder().encode('3\n') };
    const sb = sandbox({
      'small.pth': buildZip([pickle, version]),
      'padded.pth': buildZip([pickle, version, { name: 'archive/pad', data: new Uint8Array(9 << 20) }]),
    });
    const before = snapshot(sb.outside);
    const small = vnetc(sb, ['weights', 'small.pth']);
    expect(expectRefused(small, sb, before, [1])).toMatch(/VN428: .*would inflate to/);
    const padded = vnetc(sb, ['weights', 'padded.pth']);
    expect(expectRefused(padded, sb, before, [1])).toMatch(/VN428: .*string at byte 3 is 536870928 bytes; the limit is 67108864/);
    expect(`${small.stderr}${padded.stderr}`).not.toMatch(/internal error/);
  });
});

describe.skipIf(!BUILT)('hostile checkpoints: vnetc weights', () => {
  it('prints checkpoint keys and tensor names escaped: no `::error` line, no ESC', () => {
    const p = new PickleWriter().proto().emptyDict().mark().str('state_dict').emptyDict();
    const storages = stateDictItems(p, { 'fc.weight': [1, 2, 3, 4, 5, 6], 'x\n::error file=a.vnet,line=1::pwned\u001b[2J': [1] }, 0);
    p.str('\n::error::injected\u001b]0;title\u0007').int(1);
    const sb = sandbox({ 'w.pth': torchZip(p.setitems().stop(), storages) });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['weights', 'w.pth', '--list']);
    expectLoaded(ran, sb, before);
    expect(ran.stdout).not.toMatch(/^::/m);
    expect(ran.stdout).not.toContain('\u001b');
    expect(ran.stdout).not.toContain('\u0007');
    expect(ran.stdout).toContain('\\n::error::injected\\e]0;title\\x07');
  });

  it('weights --to onto its inputs (the network, the weights map, the checkpoint): usage error, exit 2, nothing changed', () => {
    const { pickle, storages } = stateDict(A);
    const sb = sandbox({ 'a.vnet': NET, 'w.pth': torchZip(pickle, storages), 'map.txt': '^x\\. =>\n' });
    const original = snapshot(sb.work);
    const before = snapshot(sb.outside);
    for (const args of [
      ['weights', 'w.pth', '--to', 'a.vnet', '--for', 'a.vnet'],
      ['weights', 'w.pth', '--to', 'map.txt', '--for', 'a.vnet', '--weights-map', 'map.txt'],
      ['weights', 'w.pth', '--to', 'w.pth'],
    ]) {
      const line = expectRefused(vnetc(sb, args), sb, before, [2]);
      expect(line, args.join(' ')).toMatch(/input of this command/);
      expect(snapshot(sb.work), args.join(' ')).toEqual(original);
    }
  });
});
