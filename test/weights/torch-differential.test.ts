/**
 * The checkpoint reader against torch.load itself (Debian's python3-torch, 1.13): refs/checkpoint_differential.py
 * writes crafted checkpoints (both formats, pickle protocols 0/2/4 with every string opcode and escape,
 * repeated keys, dtypes, views, shared storages, nested dicts, odd zip archives) and seeded byte
 * mutations of them, with what torch.load reads from each. For every case vnet must read exactly
 * the same tensors (names, dtypes, shapes, values bit for bit after vnet's f32 conversion), or
 * refuse the file with clean diagnostics. Skipped, saying so, when python3-torch cannot be imported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWeightsBytes } from '../../compiler/weights/read.js';
import { escapeControl } from '../../io/escape-text.js';
import { FLOAT_DTYPES } from '../../compiler/weights/tensor.js';
import { ROOT } from '../conformance/harness.js';

const PYTHON = '/usr/bin/python3';
const HAS_TORCH = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 120_000 }).status === 0;
if (!HAS_TORCH) console.warn('test/weights/torch-differential: skipped: python3-torch cannot be imported (apt-get install python3-torch)');

/** More mutations or another seed, to search further: VNET_DIFF_MUTATIONS=5000 VNET_DIFF_SEED=7 npx vitest run ... */
const MUTATIONS = Number(process.env['VNET_DIFF_MUTATIONS'] ?? 300);
const SEED = process.env['VNET_DIFF_SEED'] ?? '21';

interface RefTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly f32?: string;
}

type Ref = { status: 'ok'; how: string; tensors: RefTensor[] } | { status: 'error'; error: string } | { status: 'unselectable'; why: string };

interface Case {
  readonly name: string;
  readonly file: string;
  readonly ref: Ref;
}

type Outcome = { loaded: true; tensors: RefTensor[] } | { loaded: false; messages: string[] };

/** Crafted files torch.load reads that vnet refuses on purpose, and why. */
const REFUSED_ON_PURPOSE: Readonly<Record<string, string>> = {
  'zip-repeated-storage': 'two entries named data/0: torch reads one of them',
  'zip-short-storage': 'a storage shorter than its tensors: torch 1.13 reads past the end of the record',
  'zip-inflating': 'a deflated entry inflating to over 64 times the file',
};

/** What vnet reads, as `vnetc compile` and `vnetc weights --to` would: every tensor checked and decoded. */
function vnetRead(bytes: Uint8Array): Outcome {
  const read = readWeightsBytes(bytes, 'w.pth');
  const errors = read.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
  if (!read.file || errors.length > 0) return { loaded: false, messages: errors };
  const tensors: RefTensor[] = [];
  for (const t of read.file.tensors) {
    const problem = t.problem();
    if (problem !== undefined) return { loaded: false, messages: [problem] };
    const entry: RefTensor = { name: t.name, dtype: t.dtype, shape: [...t.shape] };
    if (!FLOAT_DTYPES.has(t.dtype)) {
      tensors.push(entry);
      continue;
    }
    const values = t.read();
    if (!values.ok) return { loaded: false, messages: [values.error] };
    tensors.push({ ...entry, f32: Buffer.from(values.value.buffer, values.value.byteOffset, values.value.byteLength).toString('hex') });
  }
  return { loaded: true, tensors };
}

/** f32 values as hex, equal bit for bit, any NaN equal to any NaN. */
function sameFloats(a: string, b: string): boolean {
  if (a === b) return true;
  const [x, y] = [new Float32Array(Buffer.from(a, 'hex').buffer.slice(0)), new Float32Array(Buffer.from(b, 'hex').buffer.slice(0))];
  if (x.length !== y.length) return false;
  return x.every((v, i) => Object.is(v, y[i]) || (Number.isNaN(v) && Number.isNaN(y[i] as number)));
}

function disagreement(c: Case, got: Outcome): string | undefined {
  if (!got.loaded) {
    if (got.messages.length !== 1) return `refused with ${got.messages.length} messages: ${got.messages.join(' | ')}`;
    const [message] = got.messages as [string];
    // Control characters in a message are escaped when it is printed; what must not be there is length or a stack.
    const shown = escapeControl(message);
    if (shown.length > 600 || /\s+at .*:\d+:\d+/.test(shown)) return `an unclean refusal: ${shown.slice(0, 300)}`;
    return undefined;
  }
  // A MemoryError is the reference's own address-space limit (torch allocates a storage the file declares, used or not).
  if (c.ref.status === 'error' && c.ref.error.startsWith('MemoryError')) return undefined;
  if (c.ref.status !== 'ok') return `vnet loads what torch.load does not (${c.ref.status}: ${'error' in c.ref ? c.ref.error : c.ref.why})`;
  const want = c.ref.tensors;
  if (got.tensors.length !== want.length) return `${got.tensors.length} tensors, torch.load has ${want.length}`;
  for (const [i, t] of got.tensors.entries()) {
    const w = want[i] as RefTensor;
    if (t.name !== w.name || t.dtype !== w.dtype || t.shape.join(',') !== w.shape.join(',')) {
      return `tensor ${i}: ${JSON.stringify([t.name, t.dtype, t.shape])}, torch.load has ${JSON.stringify([w.name, w.dtype, w.shape])}`;
    }
    if ((t.f32 === undefined) !== (w.f32 === undefined) || (t.f32 !== undefined && !sameFloats(t.f32, w.f32 as string)))
      return `tensor '${t.name}': other values`;
  }
  return undefined;
}

describe.skipIf(!HAS_TORCH)('vnet reads checkpoints as torch.load reads them, or refuses them', () => {
  let dir = '';
  let cases: Case[] = [];
  const outcomes = new Map<string, Outcome>();

  beforeAll(
    () => {
      dir = mkdtempSync(path.join(tmpdir(), 'vnet-torch-differential-'));
      const made = spawnSync(PYTHON, [path.join(ROOT, 'refs/checkpoint_differential.py'), dir, '--mutations', String(MUTATIONS), '--seed', SEED], {
        encoding: 'utf8',
        timeout: 170_000 + MUTATIONS * 100,
      });
      if (made.status !== 0) throw new Error(`refs/checkpoint_differential.py failed: ${made.stderr}`);
      cases = (JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
      for (const c of cases) outcomes.set(c.name, vnetRead(readFileSync(path.join(dir, c.file))));
    },
    180_000 + MUTATIONS * 100,
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every case: the same tensors as torch.load, or one clean refusal', () => {
    const wrong = cases.flatMap((c) => {
      const why = disagreement(c, outcomes.get(c.name) as Outcome);
      return why === undefined ? [] : [`${c.name}: ${why}`];
    });
    expect(wrong).toEqual([]);
  });

  it('the crafted files torch.load reads, vnet reads too (but the few it refuses on purpose)', () => {
    const crafted = cases.filter((c) => !c.name.startsWith('mutated-'));
    const loaded = crafted.filter((c) => outcomes.get(c.name)?.loaded);
    const refusedButReadable = crafted.filter((c) => c.ref.status === 'ok' && !outcomes.get(c.name)?.loaded).map((c) => c.name);
    expect(refusedButReadable.sort()).toEqual(Object.keys(REFUSED_ON_PURPOSE).sort());
    // every string opcode, both formats, protocols 0, 2 and 4
    for (const kind of ['strings', 'repeated-keys', 'repeated-names']) {
      for (const format of ['zip', 'legacy'])
        for (const p of [0, 2, 4])
          expect(
            loaded.map((c) => c.name),
            `${format} ${kind} p${p}`,
          ).toContain(`${format}-${kind}-p${p}-0`);
    }
    expect(crafted.length).toBeGreaterThan(90);
  });

  it('mutations are read or refused, and enough of them are read to compare', () => {
    const mutated = cases.filter((c) => c.name.startsWith('mutated-'));
    expect(mutated).toHaveLength(MUTATIONS);
    const read = mutated.filter((c) => outcomes.get(c.name)?.loaded).length;
    expect(read).toBeGreaterThan(MUTATIONS / 20);
  });
});
