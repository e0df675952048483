"""Random text-opcode pickles and what CPython's unpickler makes of each, for
test/weights/pickle-text-differential.test.ts (vnet's decoders must agree, or refuse):

    /usr/bin/python3 refs/pickle_text_cases.py [--seed N] [--count N]   # JSON on stdout

Each case is one opcode with a random argument line (STRING, UNICODE, INT, LONG, FLOAT, and the
GET/PUT memo indices) followed by STOP, drawn from the characters that matter to each parser
(quotes, backslashes, escape letters, hex and octal digits, signs, blanks, underscores, NUL, bytes
past ASCII, UTF-8 sequences), loaded with encoding='utf-8' as torch.load loads pickles.
"""
from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import struct

ALPHABETS = {
    b"S": [b"'", b'"', b"\\", b"x", b"X", b"0", b"1", b"4", b"7", b"8", b"a", b"f", b"F", b"g", b"n", b"t", b"r", b"u", b"N",
           b"b", b"\x00", b"\r", b"\xc3", b"\xa9", b"\xff", b"\xed", b"\xa0", b"\x80", b" ", b"q"],
    b"V": [b"\\", b"u", b"U", b"0", b"1", b"d", b"D", b"8", b"f", b"F", b"g", b"a", b"\x00", b"\r", b"\xe9", b"\xff", b"1", b"0", b" "],
    b"I": [b"0", b"1", b"7", b"8", b"9", b"x", b"X", b"o", b"b", b"_", b"+", b"-", b" ", b"\t", b"L", b"\x00", b"f", b"a", b"."],
    b"L": [b"0", b"1", b"7", b"8", b"9", b"x", b"o", b"O", b"b", b"B", b"_", b"+", b"-", b" ", b"L", b"\x00", b"a", b"e"],
    b"F": [b"0", b"1", b"9", b".", b"e", b"E", b"+", b"-", b"i", b"n", b"f", b"a", b"t", b"y", b" ", b"_", b"x", b"\x00", b"N", b"I"],
    b"g": [b"0", b"1", b"2", b"_", b" ", b"+", b"-", b"x", b"\x00"],
}


def line(rng: random.Random, opcode: bytes) -> bytes:
    alphabet = ALPHABETS[opcode]
    body = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 10)))
    if opcode == b"S" and rng.random() < 0.7:
        q = rng.choice([b"'", b'"'])
        body = q + body + q
    if opcode in (b"I", b"L", b"F") and rng.random() < 0.4:
        body = rng.choice([b"0", b"1", b"00", b"01", b"010", b"0x1f", b"1e3", b"123456789012345678901234", b"-0", b"1_0"]) + body[:2]
    return body.replace(b"\n", b"")


def describe(value) -> dict:
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": "nan" if math.isnan(value) else struct.pack(">d", value).hex()}
    if isinstance(value, str):
        return {"str": value.encode("utf-16-le", "surrogatepass").hex(), "surrogate": any(0xD800 <= ord(c) <= 0xDFFF for c in value)}
    return {"other": type(value).__name__}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = []
    for i in range(args.count):
        opcode = [b"S", b"V", b"I", b"L", b"F", b"g"][i % 6]
        arg = line(rng, opcode)
        # GET reads the memo index a PUT stored: `PUT 0` of None, then the random GET index.
        data = (b"Np0\n0g" + arg + b"\n." if opcode == b"g" else opcode + arg + b"\n.")
        try:
            result = describe(pickle.loads(data, encoding="utf-8"))
        except Exception as error:  # noqa: BLE001 - any refusal is a refusal
            result = {"error": type(error).__name__}
        cases.append({"pickle": data.hex(), "result": result})
    print(json.dumps(cases))


if __name__ == "__main__":
    main()
