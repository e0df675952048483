import { expect, test } from 'vitest';
import { formatSarif } from '../../base/diagnostics/formats/sarif.js';
import { Source } from '../../base/source.js';
import { DIAGNOSTICS, SOURCES } from './fixture.js';

interface Sarif {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; version?: string; rules: unknown[] } }; results: Record<string, unknown>[] }[];
}

const parse = (text: string) => JSON.parse(text) as Sarif;

test('sarif: 2.1.0 log with one rule per code used, titled from the registry', () => {
  const log = parse(formatSarif(DIAGNOSTICS, SOURCES, { cwd: '/repo', toolVersion: '0.1.0' }));
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  expect(log.runs[0]!.tool.driver).toEqual({
    name: 'vnetc',
    version: '0.1.0',
    rules: [
      { id: 'VN003', shortDescription: { text: 'bad --set override' } },
      { id: 'VN990', shortDescription: { text: 'VN990' } },
      { id: 'VN991', shortDescription: { text: 'VN991' } },
    ],
  });
});

test('sarif: results with ruleId, level, message, physical and related locations', () => {
  const [first, second, third] = parse(formatSarif(DIAGNOSTICS, SOURCES, { cwd: '/repo' })).runs[0]!.results;
  expect(first).toEqual({
    ruleId: 'VN990',
    ruleIndex: 1,
    level: 'error',
    message: { text: 'conv2d: kernel size must be positive, got 0\nhint: use k=1 for a pointwise convolution' },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'nets/tsm.vnet' },
          region: { startLine: 3, startColumn: 27, endLine: 3, endColumn: 30 },
        },
      },
    ],
    relatedLocations: [
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'nets/tsm.vnet' },
          region: { startLine: 1, startColumn: 7, endLine: 1, endColumn: 8 },
        },
        message: { text: 'T is declared here' },
      },
    ],
  });
  expect(second).toMatchObject({ ruleId: 'VN991', ruleIndex: 2, level: 'warning' });
  expect(third).toEqual({
    ruleId: 'VN003',
    ruleIndex: 0,
    level: 'error',
    message: { text: "bad --set 'T': expected NAME=VALUE (no '=')\nhint: write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4" },
  });
});

test('sarif: uris are relative to cwd, with forward slashes, percent-encoded', () => {
  const s = new Source('/repo/my nets/a.vnet', 'let x = 1\n');
  const log = parse(formatSarif([{ code: 'VN990', severity: 'note', message: 'm', span: s.span(0, 3) }], new Map(), { cwd: '/repo' }));
  expect(log.runs[0]!.results[0]).toMatchObject({
    level: 'note',
    locations: [{ physicalLocation: { artifactLocation: { uri: 'my%20nets/a.vnet' } } }],
  });
});

test('sarif: an empty run still has a driver and an empty results list', () => {
  const log = parse(formatSarif([], SOURCES));
  expect(log.runs[0]!.tool.driver.rules).toEqual([]);
  expect(log.runs[0]!.results).toEqual([]);
});
