/**
 * The checkpoint reader follows torch.load's semantics (CPython's _pickle.c with encoding='utf-8',
 * torch/serialization.py, caffe2's zip reader) or refuses: each case here is one rule, with the value
 * Python gives (checked against Debian's python3-torch by test/weights/torch-differential.test.ts).
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readWeightsBytes } from '../../compiler/weights/read.js';
import { parseSafetensors } from '../../compiler/weights/safetensors.js';
import { readTorchCheckpoint } from '../../compiler/weights/torch/checkpoint.js';
import { unpickle } from '../../compiler/weights/torch/pickle.js';
import { floatOpcode, intOpcode, longOpcode } from '../../compiler/weights/torch/py-numbers.js';
import { decodeStringOpcode, decodeUtf8, rawUnicodeEscape } from '../../compiler/weights/torch/py-text.js';
import type { PyDict, PyValue } from '../../compiler/weights/torch/values.js';
import { PickleWriter, buildZip, f32, stateDict, stateDictItems, torchLegacy, torchZip } from './builders.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const text = (r: { ok: boolean; value?: unknown; error?: string }): unknown => (r.ok ? r.value : `error: ${r.error}`);
const A = { 'fc.weight': { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] }, 'fc.bias': [7, 8, 9] };
const version = { name: 'archive/version', data: bytes('3\n') };

/** What readWeightsBytes says: the diagnostics as `code message`, and the tensors' names. */
function read(file: Uint8Array): { diagnostics: string[]; names?: string[] } {
  const r = readWeightsBytes(file, 'w.pth');
  return { diagnostics: r.diagnostics.map((d) => `${d.code} ${d.message}`), ...(r.file ? { names: r.file.tensors.map((t) => t.name) } : {}) };
}

const dictOf = (v: PyValue): PyDict => {
  if (typeof v !== 'object' || v === null || v.kind !== 'dict') throw new Error('not a dict');
  return v;
};

const pickled = (p: PickleWriter): PyValue => {
  const r = unpickle(p.stop(), 0);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('strings are decoded as Python decodes each opcode', () => {
  it('STRING: quotes, escape_decode (hex, octal, simple, unknown kept), then UTF-8', () => {
    expect(text(decodeStringOpcode(bytes("'state_dic\\x74'")))).toBe('state_dict');
    expect(text(decodeStringOpcode(bytes("'a\\101\\0\\400b'")))).toBe('aA\0\0b');
    expect(text(decodeStringOpcode(bytes("'a\\q\\u0041\\N{DASH}'")))).toBe('a\\q\\u0041\\N{DASH}');
    expect(text(decodeStringOpcode(bytes("'\\xc3\\xa9'")))).toBe('é');
    expect(text(decodeStringOpcode(bytes('"it\'s"')))).toBe("it's");
    expect(text(decodeStringOpcode(bytes("'a\\'")))).toBe('error: Trailing \\ in string');
    expect(text(decodeStringOpcode(bytes("'a\\x4'")))).toBe('error: invalid \\x escape at position 1');
    expect(text(decodeStringOpcode(bytes('\'a"')))).toBe('error: the STRING opcode argument must be quoted');
    expect(text(decodeStringOpcode(bytes("'\\777'")))).toBe('error: a string is not valid UTF-8');
  });

  it('UNICODE: raw-unicode-escape (latin-1, \\u after an odd run of backslashes)', () => {
    expect(text(rawUnicodeEscape(bytes('\\u0041\\\\u0041\\\\\\u0041')))).toBe('A\\\\u0041\\\\A');
    expect(text(rawUnicodeEscape(bytes('a\\')))).toBe('a\\');
    expect(text(rawUnicodeEscape(bytes('\xe9\\x41\\U0001F600')))).toBe('é\\x41😀');
    expect(text(rawUnicodeEscape(bytes('\\u00')))).toMatch(/^error: truncated/);
    expect(text(rawUnicodeEscape(bytes('\\ud83d\\ude00')))).toMatch(/^error: a string holds a surrogate/);
  });

  it('BINUNICODE keeps a byte order mark and refuses invalid UTF-8 and encoded surrogates', () => {
    expect(text(decodeUtf8(bytes('\xef\xbb\xbfstate_dict')))).toBe('\ufeffstate_dict');
    expect(text(decodeUtf8(bytes('a\xff')))).toBe('error: a string is not valid UTF-8');
    expect(text(decodeUtf8(bytes('\xed\xa0\x80')))).toMatch(/encoded surrogate/);
  });

  it('text numbers as _pickle.c parses them: C strtol for INT, int(s, 0) for LONG', () => {
    const int = (s: string): unknown => text(intOpcode(bytes(`${s}\n`)));
    expect([int('010'), int('0x10'), int('00'), int('01'), int(' 1'), int('-0'), int('1_0'), int('1 '), int('99999999999999999999')]).toEqual([
      8,
      16,
      false,
      true,
      true,
      false,
      10,
      1,
      99999999999999999999n,
    ]);
    expect(int('08')).toBe('error: could not convert string to int');
    expect(text(longOpcode(bytes('0x10L\n')))).toBe(16);
    expect(text(longOpcode(bytes('010L\n')))).toMatch(/^error: invalid literal/);
    expect([1.5, 0.5, 5, Infinity].map((v) => v)).toEqual([1.5, 0.5, 5, Infinity]);
    expect(['1.5', '.5', '5.', 'Infinity'].map((s) => text(floatOpcode(bytes(`${s}\n`))))).toEqual([1.5, 0.5, 5, Infinity]);
    expect(['1e400', ' 1.5', '1_0', '0x10'].map((s) => text(floatOpcode(bytes(`${s}\n`))))).toEqual([
      'error: value too large to convert to float',
      'error: could not convert string to float',
      'error: could not convert string to float',
      'error: could not convert string to float',
    ]);
  });
});

describe('dicts follow Python', () => {
  it('1, 1.0 and True are one key: the first key stays, the last value wins, the repeat is counted', () => {
    const d = dictOf(
      pickled(
        new PickleWriter()
          .proto()
          .emptyDict()
          .mark()
          .int(1)
          .str('a')
          .raw(0x88)
          .str('b')
          .raw(0x47, ...Buffer.from('3ff0000000000000', 'hex'))
          .str('c')
          .setitems(),
      ),
    );
    expect([...d.entries.values()]).toEqual([{ key: 1, value: 'c' }]);
    expect(d.repeated).toEqual(new Map([[1, 3]]));
  });

  it("b'a' and 'a' are two keys; a list key is unhashable", () => {
    const d = dictOf(pickled(new PickleWriter().proto().emptyDict().mark().raw(0x43, 1, 'a').int(1).str('a').int(2).setitems()));
    expect(d.entries.size).toBe(2);
    expect(unpickle(new PickleWriter().proto().emptyDict().raw(0x5d).int(1).setitem().stop(), 0)).toEqual({
      ok: false,
      error: "bad pickle at byte 6: unhashable type: 'list'",
    });
  });

  it('a STRING key with an escape replaces the BINUNICODE key it equals: the second state dict is read, with VN427', () => {
    const p = new PickleWriter().proto().emptyDict().mark().str('state_dict').emptyDict();
    const storages = stateDictItems(p, { 'fc.weight': [1] }, 0);
    p.raw("S'state_dic\\x74'\n").emptyDict();
    Object.assign(storages, stateDictItems(p, { 'fc.bias': [2] }, 1));
    expect(read(torchZip(p.setitems().stop(), storages))).toEqual({
      diagnostics: ["VN427 'w.pth': 'state_dict' is set twice in the file's dict; torch.load keeps the last value, and so does vnet"],
      names: ['fc.bias'],
    });
  });

  it("a key with a byte order mark is not 'state_dict'", () => {
    const p = new PickleWriter().proto().emptyDict().mark().str('\ufeffstate_dict').emptyDict();
    const storages = stateDictItems(p, { 'fc.weight': [1] }, 0);
    expect(read(torchZip(p.setitems().stop(), storages)).diagnostics).toEqual([
      "VN422 no weights in 'w.pth': no state dict found: the file's keys are \ufeffstate_dict; choose one with --weights-key",
    ]);
  });

  it('a dict key over 4096 characters is refused at once (VN428), its text cut short', () => {
    const p = new PickleWriter().proto().emptyDict().str('k'.repeat(5000)).int(1).setitem();
    const [message] = read(torchZip(p.stop(), {})).diagnostics;
    expect(message).toMatch(
      /^VN428 refused to load 'w\.pth': archive\/data\.pkl: bad pickle at byte \d+: a dict key of 5000 characters, 'k{40}…' \(5000 characters\); the limit is 4096$/,
    );
  });

  it('a string over the string limit is refused before it is decoded', () => {
    const p = new PickleWriter().proto().str('x'.repeat(100));
    expect(unpickle(p.stop(), 0, { maxStringBytes: 64 })).toEqual({
      ok: false,
      error: "the pickle's string at byte 2 is 100 bytes; the limit is 64",
      limit: true,
    });
  });
});

describe('opcodes Python refuses, vnet refuses', () => {
  const tensor = (p: PickleWriter): PickleWriter => p.tensor({ key: '0', numel: 4, shape: [4] });
  const refused = (p: PickleWriter): string => {
    const r = unpickle(p.stop(), 0, {
      persistentLoad: (pid) => ({
        ok: true,
        value: { kind: 'storage', key: String((pid as { items: PyValue[] }).items[2]), dtype: 'F32', numel: 4, rootOffset: 0 },
      }),
    });
    return r.ok ? 'loaded' : r.error;
  };

  it('BUILD on a tensor (it would set_ the tensor to other data), and on a plain dict', () => {
    expect(refused(tensor(new PickleWriter().proto()).raw(0x4e).raw(0x62))).toMatch(/BUILD on a tensor/); // Tensor.__setstate__(None) fails too
    expect(refused(new PickleWriter().proto().global('collections', 'OrderedDict').raw(0x29).reduce().emptyDict().raw(0x62))).toBe('loaded');
    expect(refused(new PickleWriter().proto().emptyDict().emptyDict().str('a').int(1).setitem().raw(0x62))).toMatch(/BUILD on a dict/);
  });

  it('APPEND to a dict, SETITEM on a list, NEWOBJ of a function', () => {
    expect(refused(new PickleWriter().proto().emptyDict().int(1).raw(0x61))).toMatch(/cannot append to a dict/);
    expect(refused(new PickleWriter().proto().raw(0x5d).int(0).int(1).setitem())).toMatch(/cannot set items of a list/);
    expect(refused(new PickleWriter().proto().global('torch._utils', '_rebuild_tensor_v2').raw(0x29, 0x81))).toMatch(/isn't a type object/);
  });

  it('NEWOBJ of OrderedDict makes an empty one (its items come by SETITEMS); POP right after MARK pops the mark', () => {
    const d = dictOf(pickled(new PickleWriter().proto().global('collections', 'OrderedDict').mark().raw(0x5d).tuple().raw(0x81)));
    expect(d.entries.size).toBe(0);
    expect(pickled(new PickleWriter().proto().int(7).mark().raw(0x30))).toBe(7);
  });

  it('_rebuild_tensor_v2: six arguments, requires_grad a bool, the view inside its storage', () => {
    const call = (args: (p: PickleWriter) => void): string => {
      const p = new PickleWriter().proto().global('torch._utils', '_rebuild_tensor_v2').mark();
      p.mark().str('storage').global('torch', 'FloatStorage').str('0').str('cpu').int(4).tuple().raw(0x51);
      args(p);
      return refused(p.tuple().reduce());
    };
    expect(call((p) => p.int(0).mark().int(4).tuple().mark().int(1).tuple().raw(0x89).raw(0x4e))).toBe('loaded');
    expect(call((p) => p.int(0).mark().int(4).tuple().mark().int(1).tuple().raw(0x89))).toMatch(/takes 6 arguments, got 5/);
    expect(call((p) => p.int(0).mark().int(4).tuple().mark().int(1).tuple().int(0).raw(0x4e))).toMatch(/requires_grad must be a bool/);
    expect(call((p) => p.int(1).mark().int(4).tuple().mark().int(1).tuple().raw(0x89).raw(0x4e))).toMatch(/does not fit storage '0' of 4 elements/);
    expect(call((p) => p.int(9).mark().int(0).tuple().mark().int(1).tuple().raw(0x89).raw(0x4e))).toBe('loaded'); // an empty view fits anywhere
  });
});

describe('zip archives as torch reads them', () => {
  const { pickle, storages } = stateDict(A);
  const items = [{ name: 'archive/data.pkl', data: pickle }, ...Object.entries(storages).map(([k, data]) => ({ name: `archive/data/${k}`, data }))];

  it('names are looked up ignoring ASCII case; names equal but for case are refused', () => {
    const upper = buildZip([
      { name: 'archive/DATA.PKL', data: pickle },
      { name: 'archive/Data/0', data: storages['0']! },
      { name: 'archive/data/1', data: storages['1']! },
      version,
    ]);
    expect(read(upper)).toEqual({ diagnostics: [], names: ['fc.weight', 'fc.bias'] });
    const twice = buildZip([...items, { name: 'archive/DATA/0', data: f32(0, 0, 0, 0, 0, 0) }, version]);
    expect(read(twice).diagnostics).toEqual([
      "VN421 cannot read checkpoint 'w.pth': the archive names 'archive/DATA/0' twice (as 'archive/data/0' too; torch ignores ASCII case), and torch would read only one of them",
    ]);
  });

  it("every entry in the first entry's folder, a version torch reads, no TorchScript", () => {
    expect(read(buildZip([...items, version, { name: 'other/x', data: bytes('') }])).diagnostics).toEqual([
      "VN421 cannot read checkpoint 'w.pth': entry 'other/x' is outside the archive's folder 'archive/', which torch refuses",
    ]);
    expect(read(buildZip(items)).diagnostics).toEqual(["VN421 cannot read checkpoint 'w.pth': the archive has no version record, which torch requires"]);
    expect(read(buildZip([...items, { name: 'archive/version', data: bytes('11') }])).diagnostics).toEqual([
      "VN421 cannot read checkpoint 'w.pth': format version 11: torch reads versions 1 to 10",
    ]);
    expect(read(buildZip([...items, { name: 'archive/.data/version', data: bytes(' 7xyz') }])).names).toEqual(['fc.weight', 'fc.bias']);
    expect(read(buildZip([...items, version, { name: 'archive/constants.pkl', data: bytes('') }])).diagnostics[0]).toMatch(/TorchScript archive/);
  });

  it('deflated entries may declare at most 64 times the file (VN428); a storage is inflated once', () => {
    const bomb = buildZip([
      { name: 'archive/data.pkl', data: new Uint8Array(0), body: new Uint8Array(deflateRawSync(new Uint8Array(32 << 20))), size: 32 << 20 },
      version,
    ]);
    expect(read(bomb).diagnostics[0]).toMatch(
      /^VN428 refused to load 'w\.pth': its deflated entries would inflate to 33554432 bytes, more than 64 times the file's \d+ bytes plus 16777216$/,
    );
    const p = new PickleWriter()
      .proto()
      .emptyDict()
      .mark()
      .str('a')
      .tensor({ key: '0', numel: 4, shape: [2] })
      .str('b')
      .tensor({ key: '0', numel: 4, shape: [2], offset: 2 });
    const zip = torchZip(p.setitems().stop(), {}, [{ name: 'archive/data/0', data: f32(1, 2, 3, 4), deflate: true }]);
    const checkpoint = readTorchCheckpoint(zip);
    if (!checkpoint.ok) throw new Error(checkpoint.error);
    const root = dictOf(checkpoint.value.root);
    const [a, b] = [...root.entries.values()].map((e) => e.value as { storage: Parameters<typeof checkpoint.value.storageBytes>[0] });
    const [x, y] = [checkpoint.value.storageBytes(a!.storage), checkpoint.value.storageBytes(b!.storage)];
    expect(x.ok && y.ok && x.value.buffer === y.value.buffer).toBe(true);
  });
});

describe('the legacy format as torch reads it', () => {
  const legacy = (tensors: (p: PickleWriter) => void, storage: number[]): { diagnostics: string[]; values?: number[][] } => {
    const p = new PickleWriter().proto().emptyDict().mark();
    tensors(p);
    const r = readWeightsBytes(torchLegacy(p.setitems().stop(), { r: { numel: storage.length, bytes: f32(...storage) } }), 'w.pth');
    return {
      diagnostics: r.diagnostics.map((d) => d.message),
      ...(r.file
        ? {
            values: r.file.tensors.map((t) => {
              const v = t.read();
              return v.ok ? Array.from(v.value) : [];
            }),
          }
        : {}),
    };
  };

  it('a view is made once, under its key: a later id naming the key gets the first view', () => {
    const got = legacy(
      (p) => {
        p.str('a').tensor({ key: 'r', numel: 4, shape: [2], legacy: true, view: ['v', 1, 2] });
        p.str('b').tensor({ key: 'r', numel: 4, shape: [2], legacy: true, view: ['v', 2, 2] });
      },
      [1, 2, 3, 4],
    );
    expect(got).toEqual({
      diagnostics: [],
      values: [
        [2, 3],
        [2, 3],
      ],
    });
  });

  it('a key that names both a storage and a view is refused', () => {
    const got = legacy(
      (p) => {
        p.str('a').tensor({ key: 'r', numel: 4, shape: [2], legacy: true, view: ['v', 1, 2] });
        p.str('b').tensor({ key: 'v', numel: 4, shape: [2], legacy: true });
      },
      [1, 2, 3, 4],
    );
    expect(got.diagnostics).toEqual(["cannot read checkpoint 'w.pth': bad pickle at byte 283: storage key 'v' names both a storage and a view"]);
  });
});

describe('safetensors', () => {
  it('the duplicate scan sees every top-level key, whatever the blanks (VN430)', () => {
    const header = `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\n  "\\u0061"${' '.repeat(100)}\t:{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`;
    const json = Buffer.from(header);
    const file = Buffer.concat([Buffer.alloc(8), json, Buffer.alloc(8)]);
    file.writeBigUInt64LE(BigInt(json.length));
    expect(parseSafetensors(file)).toEqual({ ok: false, error: "bad header: the name 'a' appears twice" });
    expect(readWeightsBytes(file, 'w.safetensors').diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "VN430 cannot read safetensors file 'w.safetensors': bad header: the name 'a' appears twice",
    ]);
  });
});
