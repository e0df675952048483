/**
 * Converting a value to the type a consumer expects: a declared scalar type (constants, block parameters)
 * or an op's argument type. Fractions become floats where a float is expected and are an error (with both
 * numbers) where an int is; an unbound name where anything but a word is expected is an unknown name.
 */
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { InexactDivision, WordNotAllowed, WrongArgumentType } from '../../base/diagnostics/codes.js';
import type { ArgType, ArgValue } from '../ir/ops/schema.js';
import { type Report, reportUnbound } from './arithmetic.js';
import { suggest } from '../../dsl/suggest.js';
import { type Value, asDim, describe } from './value.js';

export type ScalarType = 'int' | 'float' | 'bool' | 'string' | 'word' | 'tuple';

export interface CoerceSite {
  /** The operation or block, and the argument, for messages. */
  readonly callee: string;
  readonly name: string;
  readonly span: Span;
  readonly report: Report;
}

function wrongType(site: CoerceSite, expected: string, v: Value): undefined {
  if (v.kind === 'poison' || reportUnbound(v, site.report)) return undefined;
  site.report(diagnose(WrongArgumentType, { callee: site.callee, name: site.name, expected, found: describe(v) }, site.span));
  return undefined;
}

function toInt(v: Value, site: CoerceSite): number | undefined {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'ratio') {
    site.report(diagnose(InexactDivision, { left: String(v.num), right: String(v.den) }, site.span));
    return undefined;
  }
  if (v.kind === 'float' && Number.isInteger(v.value)) return wrongType(site, 'an int', v);
  return wrongType(site, 'an int', v);
}

/** A value of a declared scalar type (`int`, `float`, ...), converted; undefined after reporting. */
export function coerceScalar(v: Value, type: ScalarType, site: CoerceSite): Value | undefined {
  switch (type) {
    case 'int': {
      if (v.kind === 'dim') return v;
      const n = toInt(v, site);
      return n === undefined ? undefined : { kind: 'int', value: n };
    }
    case 'float':
      if (v.kind === 'float' || v.kind === 'ratio') return v;
      if (v.kind === 'int') return { kind: 'float', value: v.value };
      return wrongType(site, 'a float', v);
    case 'bool':
    case 'string':
      return v.kind === type ? v : wrongType(site, `a ${type}`, v);
    case 'word':
      return v.kind === 'word' ? { kind: 'word', value: v.value } : wrongType(site, 'a word', v);
    case 'tuple':
      return v.kind === 'tuple' ? v : wrongType(site, 'a tuple such as (1, 3, 3)', v);
  }
}

function word(v: Value, words: readonly string[], site: CoerceSite): string | undefined {
  if (v.kind !== 'word') return wrongType(site, `one of ${words.join(', ')}`, v);
  if (words.includes(v.value)) return v.value;
  const s = suggest(v.value, words);
  site.report(diagnose(WordNotAllowed, { callee: site.callee, name: site.name, word: v.value, allowed: words, ...(s ? { suggestion: s } : {}) }, site.span));
  return undefined;
}

/** An op argument of type `type`; undefined after reporting. */
export function coerceArg(v: Value, type: ArgType, site: CoerceSite): ArgValue | undefined {
  switch (type.kind) {
    case 'int':
      return toInt(v, site);
    case 'float': {
      const f = coerceScalar(v, 'float', site);
      if (!f) return undefined;
      return f.kind === 'ratio' ? f.num / f.den : (f as { value: number }).value;
    }
    case 'bool':
      return v.kind === 'bool' ? v.value : wrongType(site, 'a bool', v);
    case 'word':
      return word(v, type.words, site);
    case 'ints': {
      if (type.words && v.kind === 'word') return word(v, type.words, site);
      const items = v.kind === 'tuple' ? v.elements : [v];
      const out: number[] = [];
      for (const item of items) {
        if (item.kind !== 'int') {
          const expected = `an int or a tuple of ints${type.words ? ` or ${type.words.join(', ')}` : ''}`;
          return item.kind === 'ratio' ? toInt(item, site) && undefined : wrongType(site, expected, v);
        }
        out.push(item.value);
      }
      return out;
    }
    case 'dim': {
      const d = asDim(v);
      if (d !== undefined) return d;
      return v.kind === 'ratio' ? toInt(v, site) : wrongType(site, 'a size (int)', v);
    }
  }
}
