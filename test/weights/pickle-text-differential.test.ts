/**
 * vnet's unpickler against CPython's on random text opcodes (refs/pickle_text_cases.py): STRING with
 * its escapes and quotes, UNICODE with raw-unicode-escape, INT (C strtol), LONG and GET (int(s, 0)
 * and int(s, 10)), FLOAT. Every line Python reads, vnet reads to the same value (a str to the same
 * UTF-16 text, an int to the same integer or bool, a float to the same bits); every line Python
 * refuses, vnet refuses. The one difference allowed: a str holding a surrogate, which vnet refuses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpickle } from '../../compiler/weights/torch/pickle.js';
import type { PyValue } from '../../compiler/weights/torch/values.js';
import { ROOT } from '../conformance/harness.js';

const PYTHON = '/usr/bin/python3';
const HAS_PYTHON = existsSync(PYTHON);
if (!HAS_PYTHON) console.warn('test/weights/pickle-text-differential: skipped: /usr/bin/python3 is missing');

type PyResult = { error: string } | { str: string; surrogate: boolean } | { int: string } | { bool: boolean } | { float: string } | { other: string };

/** vnet's value in the form the Python side describes it. */
function describe_(value: PyValue): PyResult {
  if (value === null) return { other: 'NoneType' };
  if (typeof value === 'boolean') return { bool: value };
  if (typeof value === 'number' && Number.isInteger(value) && !Object.is(value, -0)) return { int: String(value) };
  if (typeof value === 'bigint') return { int: String(value) };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { float: 'nan' };
    const b = Buffer.alloc(8);
    b.writeDoubleBE(value);
    return { float: b.toString('hex') };
  }
  if (typeof value === 'string') return { str: Buffer.from(value, 'utf16le').toString('hex'), surrogate: false };
  return { other: value.kind };
}

describe.skipIf(!HAS_PYTHON)('text opcodes: vnet reads what CPython reads', () => {
  it('random STRING, UNICODE, INT, LONG, FLOAT and GET lines', () => {
    const [count, seed] = [process.env['VNET_TEXT_CASES'] ?? '3000', process.env['VNET_TEXT_SEED'] ?? '21'];
    const made = spawnSync(PYTHON, [path.join(ROOT, 'refs/pickle_text_cases.py'), '--count', count, '--seed', seed], {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    if (made.status !== 0) throw new Error(made.stderr);
    const cases = JSON.parse(made.stdout) as { pickle: string; result: PyResult }[];
    const wrong: string[] = [];
    let read = 0;
    for (const c of cases) {
      const got = unpickle(Buffer.from(c.pickle, 'hex'), 0);
      const want = c.result;
      if (!got.ok) {
        if (!('error' in want) && !('surrogate' in want && want.surrogate))
          wrong.push(`${c.pickle}: vnet refuses (${got.error}), Python reads ${JSON.stringify(want)}`);
        continue;
      }
      read++;
      const mine = describe_(got.value);
      // Python's float is a double, and so is vnet's number: an integral float (1.0) is a float in Python only.
      const same = JSON.stringify(mine) === JSON.stringify(want) || ('float' in want && 'int' in mine && floatOf(want.float) === Number(mine.int));
      if (!same) wrong.push(`${c.pickle}: vnet reads ${JSON.stringify(mine)}, Python ${JSON.stringify(want)}`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(read).toBeGreaterThan(cases.length / 5);
  });
});

function floatOf(hex: string): number {
  return hex === 'nan' ? Number.NaN : Buffer.from(hex, 'hex').readDoubleBE();
}
