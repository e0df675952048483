import { expect, test } from 'vitest';
import { formatCompact } from '../../base/diagnostics/formats/compact.js';
import { DIAGNOSTICS, SOURCES } from './fixture.js';

test('compact: one line per diagnostic, file:line:col first when there is a place', () => {
  expect(formatCompact(DIAGNOSTICS, SOURCES)).toBe(
    [
      'nets/tsm.vnet:3:27: error VN990: conv2d: kernel size must be positive, got 0',
      "nets/tsm.vnet:3:16: warning VN991: conv2d has no 'as' label; its weights get the generated name 'conv2d_1'",
      "error VN003: bad --set 'T': expected NAME=VALUE (no '=')",
      '',
    ].join('\n'),
  );
});

test('compact: a message with a newline stays on one line (the newline shown escaped)', () => {
  expect(formatCompact([{ code: 'VN990', severity: 'note', message: 'a\nb' }], SOURCES)).toBe('note VN990: a\\nb\n');
});
