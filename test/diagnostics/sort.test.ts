import { expect, test } from 'vitest';
import { sortDiagnostics } from '../../base/diagnostics/sort.js';
import { DIAGNOSTICS } from './fixture.js';

test('sort: no-place diagnostics first, then by file and position, stable', () => {
  const [k, label, set] = DIAGNOSTICS;
  expect(sortDiagnostics([k!, label!, set!]).map((d) => d.code)).toEqual(['VN003', 'VN991', 'VN990']);
  const twin = { ...label!, code: 'VN992' };
  expect(sortDiagnostics([twin, label!]).map((d) => d.code)).toEqual(['VN992', 'VN991']);
});
