import * as path from 'node:path';
import { expect, test } from 'vitest';
import { expandPaths } from '../../cli/files.js';
import { tempTree } from './helpers.js';

test('directories are searched recursively for *.vnet, sorted; files are taken as named', async () => {
  const root = await tempTree({
    'nets/b.vnet': '',
    'nets/a.vnet': '',
    'nets/sub/c.vnet': '',
    'nets/Z.vnet': '',
    'nets/notes.txt': '',
    'nets/.hidden/d.vnet': '',
    'nets/node_modules/e.vnet': '',
    'other.txt': '',
  });
  const { files, diagnostics } = await expandPaths(['nets', 'other.txt', 'nets/a.vnet'], root);
  expect(files).toEqual([
    path.join('nets', 'Z.vnet'),
    path.join('nets', 'a.vnet'),
    path.join('nets', 'b.vnet'),
    path.join('nets', 'sub', 'c.vnet'),
    'other.txt',
  ]);
  expect(diagnostics).toEqual([]);
});

test('a trailing slash keeps paths tidy', async () => {
  const root = await tempTree({ 'ex/a.vnet': '' });
  expect((await expandPaths(['ex/'], root)).files).toEqual([path.join('ex', 'a.vnet')]);
});

test('a missing path is VN001 and the others are still listed', async () => {
  const root = await tempTree({ 'a.vnet': '' });
  const { files, diagnostics } = await expandPaths(['missing.vnet', 'a.vnet'], root);
  expect(files).toEqual(['a.vnet']);
  expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['VN001', "cannot read 'missing.vnet': no such file or directory"]]);
});
