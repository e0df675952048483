"""Crafted and mutated PyTorch checkpoints, and what torch.load reads from each, for the differential
test of vnet's checkpoint reader (test/weights/torch-differential.test.ts). Run with Debian's
python3-torch (1.13):

    /usr/bin/python3 refs/checkpoint_differential.py OUT_DIR [--seed N] [--mutations N]

Writes OUT_DIR/<case>.pth for every case and OUT_DIR/cases.json: for each case, the reference read
by torch.load(map_location='cpu', weights_only=True) (a GPU checkpoint loads on a CPU), or, where weights_only refuses an opcode it does not know (protocol
0 and 4 pickles, every str opcode but BINUNICODE and SHORT_BINSTRING), by torch.load with an
unpickler that resolves only torch's rebuild functions and OrderedDict and stands an inert class in
for any other global (nothing from the file runs). The reference is then narrowed as vnet chooses
the weights: the file's dict when it holds tensors, else the first of state_dict, model_state, model,
module that is a dict, and that dict must map str names to tensors.

The cases: torch.save in both formats and pickle protocols 2 and 4; pickles written by a pure-Python
pickler that spells every str with a random string opcode (STRING with escapes, UNICODE with \\u
escapes, BINSTRING, SHORT_BINSTRING, BINUNICODE, SHORT_BINUNICODE, BINUNICODE8) in protocols 0, 2 and
4, with repeated keys; dtypes f32 f16 bf16 f64 and integers; views with offsets and strides,
non-contiguous and shared storages; nested dicts and module. prefixes; zip archives with repeated,
case-folded or misplaced entries, versions, deflated and inflating entries; then random byte
mutations of valid files (seeded). References are computed in a forked child with an address space
limit, so a mutated file that makes torch allocate without bound or crash costs only that child.
"""
from __future__ import annotations

import argparse
import collections
import io
import json
import os
import pickle
import random
import resource
import struct
import sys
import types
import warnings
import zipfile
import zlib

import torch

warnings.simplefilter("ignore")

STATE_DICT_KEYS = ["state_dict", "model_state", "model", "module"]
DTYPES = {
    torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL",
}
FLOATS = {torch.float32, torch.float16, torch.bfloat16, torch.float64}


# ---------------------------------------------------------------------------------------------
# A pickler that spells each str with a random string opcode (and can repeat dict keys)

class Items(list):
    """Pickled as a dict whose (key, value) pairs are these, repeats included."""


class CraftPickler(pickle._Pickler):  # the pure-Python pickler: its save_* can be replaced
    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file, protocol, rng, memo_strings=False):
        super().__init__(file, protocol=protocol)
        self.rng = rng
        self.memo_strings = memo_strings

    def save_str(self, obj):
        enc = obj.encode("utf-8", "surrogatepass")
        forms = ["S", "V"] if self.proto < 1 else ["S", "V", "T", "U", "X"] + (["\x8c", "\x8d"] if self.proto >= 4 else [])
        form = self.rng.choice([f for f in forms if f not in "U\x8c" or len(enc) < 256])
        if form == "S":
            self.write(b"S" + escaped(enc, self.rng) + b"\n")
        elif form == "V":
            self.write(b"V" + unicode_escaped(obj, self.rng) + b"\n")
        elif form == "U":
            self.write(b"U" + bytes([len(enc)]) + enc)
        elif form == "T":
            self.write(b"T" + struct.pack("<i", len(enc)) + enc)
        elif form == "X":
            self.write(b"X" + struct.pack("<I", len(enc)) + enc)
        elif form == "\x8c":
            self.write(b"\x8c" + bytes([len(enc)]) + enc)
        else:
            self.write(b"\x8d" + struct.pack("<Q", len(enc)) + enc)
        if self.memo_strings:
            self.memoize(obj)

    dispatch[str] = save_str

    def save_items(self, obj):
        self.write(pickle.EMPTY_DICT if self.bin else pickle.MARK + pickle.DICT)
        self.memoize(obj)
        self._batch_setitems(iter(obj))

    dispatch[Items] = save_items

    def save_pers(self, pid):
        # Protocol 0 would write the id as text, which torch.load cannot read back: always binary.
        self.save(pid, save_persistent_id=False)
        self.write(pickle.BINPERSID)


def escaped(data: bytes, rng: random.Random) -> bytes:
    """A quoted STRING argument that codecs.escape_decode turns back into `data`."""
    out = bytearray([rng.choice(b"'\"")])
    quote = out[0]
    for i, b in enumerate(data):
        nxt = data[i + 1] if i + 1 < len(data) else None
        if b == 0x5C:
            out += b"\\\\"
        elif b == 0x0A or b == 0x0D or rng.random() < 0.25:
            kind = rng.choice(["x", "X", "octal", "simple"])
            simple = {0x0A: b"\\n", 0x0D: b"\\r", 0x09: b"\\t", 0x27: b"\\'", 0x22: b'\\"', 0x07: b"\\a", 0x08: b"\\b", 0x0C: b"\\f", 0x0B: b"\\v"}
            if kind == "simple" and b in simple:
                out += simple[b]
            elif kind == "octal":
                short = nxt is None or not (0x30 <= nxt <= 0x37)
                out += b"\\" + (format(b, "o") if short else format(b, "03o")).encode()
            else:
                out += b"\\x" + format(b, "02x" if kind == "x" else "02X").encode()
        else:
            out.append(b)
    out.append(quote)
    return bytes(out)


def unicode_escaped(s: str, rng: random.Random) -> bytes:
    """A raw-unicode-escape spelling of `s`, escaping what must be and some of the rest."""
    out = bytearray()
    for c in s:
        o = ord(c)
        if c in "\\\n\r\0\x1a" or o > 0xFF or rng.random() < 0.2:
            out += (f"\\U{o:08x}" if o > 0xFFFF or rng.random() < 0.2 else f"\\u{o:04x}").encode()
            if rng.random() < 0.5:
                out[-4:] = out[-4:].upper()
        else:
            out.append(o)
    return bytes(out)


def craft_module(rng: random.Random, memo_strings=False) -> types.ModuleType:
    module = types.ModuleType("craftpickle")
    module.Pickler = lambda file, protocol: CraftPickler(file, protocol, rng, memo_strings)
    module.dump = lambda obj, file, protocol: CraftPickler(file, protocol, rng, memo_strings).dump(obj)
    return module


# ---------------------------------------------------------------------------------------------
# Reading as torch.load reads, with nothing from the file running

ALLOWED = {
    "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
    "collections.OrderedDict",
}


class Inert:
    """Stands in for any global outside ALLOWED: built, called, appended to or set, it does nothing."""

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        pass

    def __setitem__(self, key, value):
        pass

    def append(self, item):
        pass

    def extend(self, items):
        pass

    def add(self, item):
        pass


class DataUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if f"{module}.{name}" in ALLOWED:
            return super().find_class(module, name)
        return type(f"Inert_{name}", (Inert,), {})


data_only = types.ModuleType("dataonly")
data_only.Unpickler = DataUnpickler
data_only.load = lambda f, **kw: DataUnpickler(f, **kw).load()
data_only.UnpicklingError = pickle.UnpicklingError


def reference(path: str) -> dict:
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
        how = "weights_only"
    except Exception:  # noqa: BLE001 - any refusal: read it as plain data instead
        # torch 1.13's torch.load ignores its pickle_module argument (it always takes `pickle`), so
        # the module it takes is swapped for the data-only one while it reads.
        saved = torch.serialization.pickle
        torch.serialization.pickle = data_only
        try:
            obj = torch.load(path, map_location="cpu")
            how = "data"
        except Exception as error:  # noqa: BLE001
            return {"status": "error", "error": f"{type(error).__name__}: {str(error)[:200]}"}
        finally:
            torch.serialization.pickle = saved
    return {**select(obj), "how": how}


def select(obj) -> dict:
    if not isinstance(obj, dict):
        return {"status": "unselectable", "why": "not a dict"}
    chosen = obj
    if not any(isinstance(v, torch.Tensor) for v in obj.values()):
        found = [k for k in STATE_DICT_KEYS if k in obj and isinstance(obj[k], dict)]
        if not found:
            return {"status": "unselectable", "why": "no state dict"}
        chosen = obj[found[0]]
    tensors = []
    for name, t in chosen.items():
        if not isinstance(name, str) or not isinstance(t, torch.Tensor):
            return {"status": "unselectable", "why": "a key that is not a str or a value that is not a tensor"}
        entry = {"name": name, "dtype": DTYPES.get(t.dtype, str(t.dtype)), "shape": list(t.shape)}
        if t.dtype in FLOATS:
            entry["f32"] = t.detach().to(torch.float32).contiguous().numpy().tobytes().hex()
        tensors.append(entry)
    return {"status": "ok", "tensors": tensors}


def references(paths: list[str]) -> list[dict]:
    """reference() of each path, in a forked child under a 6 GiB address space limit: a file that
    makes torch allocate without bound fails there, and one that crashes it costs a new child."""
    results: list[dict] = []
    while len(results) < len(paths):
        todo = paths[len(results):]
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
            with os.fdopen(write_end, "w") as out:
                for path in todo:
                    try:
                        result = reference(path)
                    except BaseException as error:  # noqa: BLE001 - MemoryError and the like
                        result = {"status": "error", "error": type(error).__name__}
                    out.write(json.dumps(result) + "\n")
                    out.flush()
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end) as src:
            done = [json.loads(line) for line in src if line.endswith("\n")]
        _, status = os.waitpid(pid, 0)
        results += done
        if len(done) < len(todo):
            results.append({"status": "error", "error": f"torch.load crashed (wait status {status})"})
    return results


# ---------------------------------------------------------------------------------------------
# The cases

def tensors(rng_seed: int) -> dict:
    g = torch.Generator().manual_seed(rng_seed)
    base = torch.randn(4, 6, generator=g)
    shared = torch.randn(12, generator=g)
    return {
        "conv.weight": torch.randn(2, 3, 1, 1, generator=g),
        "f16": torch.randn(5, generator=g).half(),
        "bf16": torch.randn(2, 2, generator=g).bfloat16(),
        "f64": torch.randn(3, generator=g).double() * 1e-3,
        "i64": torch.arange(3),
        "i32": torch.arange(4, dtype=torch.int32),
        "u8": torch.arange(5, dtype=torch.uint8),
        "transposed": base.t(),
        "strided": base[1:, ::2],
        "offset": shared[3:9].view(2, 3),
        "shared.a": shared[:4],
        "shared.b": shared,
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
        "param": torch.nn.Parameter(torch.randn(2, generator=g)),
        "bn.num_batches_tracked": torch.tensor(7),
        "uni.é中😀": torch.ones(1),
        "odd\\x74.name\n'\"": torch.zeros(2),
    }


def save(obj, path: str, legacy: bool, protocol: int = 2, module=None) -> None:
    kwargs = {"pickle_protocol": protocol, "_use_new_zipfile_serialization": not legacy}
    if module is not None:
        kwargs["pickle_module"] = module
    torch.save(obj, path, **kwargs)


def rezip(src: str, dst: str, edit) -> None:
    """Rewrites the zip at `src` to `dst`: `edit(items)` gets and returns [(name, data, compress)]."""
    with zipfile.ZipFile(src) as z:
        items = [(i.filename, z.read(i.filename), zipfile.ZIP_STORED) for i in z.infolist()]
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as z:
        warnings.simplefilter("ignore")
        for name, data, compress in edit(items):
            z.writestr(zipfile.ZipInfo(name), data, compress_type=compress)
    with open(dst, "wb") as out:
        out.write(buf.getvalue())


def crafted(out: str, rng: random.Random) -> list[str]:
    names: list[str] = []

    def case(name: str) -> str:
        names.append(name)
        return os.path.join(out, f"{name}.pth")

    sd = tensors(1)
    sd_b = {k: (v + 1 if v.dtype in FLOATS else v) for k, v in tensors(2).items() if v.numel() > 0}
    for legacy in (False, True):
        fmt = "legacy" if legacy else "zip"
        for protocol in (2, 4):
            save(sd, case(f"{fmt}-p{protocol}-bare"), legacy, protocol)
            save({"epoch": 3, "state_dict": collections.OrderedDict(sd), "optimizer": {"state": {0: {"momentum_buffer": torch.ones(2)}}, "param_groups": [{"lr": 0.1}]}},
                 case(f"{fmt}-p{protocol}-training"), legacy, protocol)
        save({"model_state": {f"module.{k}": v for k, v in sd.items()}, "cfg": "TRAIN:\n  BATCH: 8\n"}, case(f"{fmt}-model-state-prefixed"), legacy)
        save({"model": sd, "module": sd_b}, case(f"{fmt}-model"), legacy)
        save({"meta": {"epoch": 1}, "note": b"bytes"}, case(f"{fmt}-no-state-dict"), legacy)
        save([sd], case(f"{fmt}-not-a-dict"), legacy)
        for protocol in (0, 2, 4):
            for i in range(4):
                module = craft_module(random.Random(rng.random()), memo_strings=i % 2 == 1)
                save({"epoch": 1, "state_dict": sd}, case(f"{fmt}-strings-p{protocol}-{i}"), legacy, protocol, module)
                dup = Items([("state_dict", sd), ("epoch", 2), ("state_dict", sd_b), ("state_dic\u0074", {"x": torch.zeros(1)})][: 2 + i])
                save(dup, case(f"{fmt}-repeated-keys-p{protocol}-{i}"), legacy, protocol, module)
                inner = Items([("w", torch.ones(2)), ("w", torch.zeros(3)), ("\ufeffw", torch.ones(1))][: 1 + i])
                save({"state_dict": inner}, case(f"{fmt}-repeated-names-p{protocol}-{i}"), legacy, protocol, module)

    base = os.path.join(out, "zip-p2-bare.pth")
    with zipfile.ZipFile(base) as z:
        prefix = z.namelist()[0].split("/")[0] + "/"

    def variant(name: str, edit) -> None:
        rezip(base, case(name), edit)

    variant("zip-deflated", lambda items: [(n, d, zipfile.ZIP_DEFLATED) for n, d, _ in items])
    variant("zip-repeated-storage", lambda items: items + [(n, bytes(len(d)), zipfile.ZIP_STORED) for n, d, _ in items if n.endswith("data/0")])
    variant("zip-repeated-casefolded", lambda items: items + [(n.upper(), bytes(len(d)), zipfile.ZIP_STORED) for n, d, _ in items if n.endswith("data/1")])
    variant("zip-upper-case-names", lambda items: [(prefix + n[len(prefix):].upper(), d, c) for n, d, c in items])
    variant("zip-no-version", lambda items: [i for i in items if not i[0].endswith("/version")])
    variant("zip-version-11", lambda items: [(n, b"11\n" if n.endswith("/version") else d, c) for n, d, c in items])
    variant("zip-version-0", lambda items: [(n, b"0" if n.endswith("/version") else d, c) for n, d, c in items])
    variant("zip-version-spaced", lambda items: [(n, b" 7xyz" if n.endswith("/version") else d, c) for n, d, c in items])
    variant("zip-dot-data-version", lambda items: [(prefix + ".data/version" if n.endswith("/version") else n, d, c) for n, d, c in items])
    variant("zip-outside-entry", lambda items: items + [("elsewhere/x", b"", zipfile.ZIP_STORED)])
    variant("zip-first-outside", lambda items: [("x/readme", b"", zipfile.ZIP_STORED)] + items)
    variant("zip-no-folder", lambda items: [(n[len(prefix):], d, c) for n, d, c in items])
    variant("zip-torchscript", lambda items: items + [(prefix + "constants.pkl", b"", zipfile.ZIP_STORED)])
    variant("zip-short-storage", lambda items: [(n, d[: len(d) // 2] if n.endswith("data/0") else d, c) for n, d, c in items])
    variant("zip-missing-storage", lambda items: [i for i in items if not i[0].endswith("data/2")])
    variant("zip-inflating", lambda items: items + [(prefix + "data/pad", bytes(64 << 20), zipfile.ZIP_DEFLATED)])
    variant("zip-byteorder-little", lambda items: items + [(prefix + "byteorder", b"little", zipfile.ZIP_STORED)])
    return names


def mutated(out: str, sources: list[str], count: int, rng: random.Random) -> list[str]:
    names = []
    for i in range(count):
        src = sources[i % len(sources)]
        with open(os.path.join(out, f"{src}.pth"), "rb") as f:
            data = bytearray(f.read())
        lo, hi = pickle_region(data)
        for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
            at = rng.randrange(lo, hi) if rng.random() < 0.5 else rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.6:
                data[at] = rng.randrange(256)
            elif choice < 0.8:
                data[at] ^= 1 << rng.randrange(8)
            elif choice < 0.9:
                del data[at]
            else:
                data.insert(at, rng.randrange(256))
        if rng.random() < 0.05:
            del data[rng.randrange(len(data)):]
        name = f"mutated-{i:04d}-{src}"
        with open(os.path.join(out, f"{name}.pth"), "wb") as f:
            f.write(data)
        names.append(name)
    return names


def pickle_region(data: bytearray) -> tuple[int, int]:
    """Where the object pickle lies: data.pkl's bytes in a zip, the first kilobytes of a legacy file."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
                info = next(i for i in z.infolist() if i.filename.endswith("data.pkl"))
            start = info.header_offset + 30 + len(info.filename.encode())
            return start, start + info.compress_size
        except Exception:  # noqa: BLE001
            pass
    return 0, min(len(data), 4096)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--mutations", type=int, default=300)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    names = crafted(args.out, rng)
    sources = [n for n in names if n.endswith(("-bare", "-training")) or "-strings-" in n or "-repeated-keys-" in n]
    names += mutated(args.out, sources, args.mutations, rng)
    refs = references([os.path.join(args.out, f"{n}.pth") for n in names])
    cases = [{"name": n, "file": f"{n}.pth", "ref": ref} for n, ref in zip(names, refs)]
    with open(os.path.join(args.out, "cases.json"), "w") as f:
        json.dump({"torch": torch.__version__, "python": sys.version.split()[0], "cases": cases}, f)
    print(f"{len(cases)} cases in {args.out}")


if __name__ == "__main__":
    main()
