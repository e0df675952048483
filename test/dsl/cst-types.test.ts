import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cstTypesSource } from '../../dsl/cst-types-source.js';

describe('dsl/cst-types.ts', () => {
  it('is what chevrotain generates from the grammar now (run `npm run gen:cst` after a grammar change)', () => {
    const checkedIn = readFileSync(new URL('../../dsl/cst-types.ts', import.meta.url), 'utf8');
    expect(cstTypesSource()).toBe(checkedIn);
  });
});
