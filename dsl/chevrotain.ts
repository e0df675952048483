/**
 * chevrotain, loaded from its single-file ESM bundle. The package's `exports` point at lib/src,
 * which pulls in lodash-es as ~650 separate modules and costs ~250 ms of Node start-up; the bundle
 * beside it is the same code in one file (~15 ms), which keeps `vnetc check` fast. Types still come
 * from the package itself.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

const entry = createRequire(import.meta.url).resolve('chevrotain');
const bundle = path.join(path.dirname(entry), '..', 'chevrotain.mjs');
const chevrotain = (await import(pathToFileURL(bundle).href)) as typeof Chevrotain;

export const { CstParser, EOF, Lexer, createToken, generateCstDts } = chevrotain;
export type CstParser = Chevrotain.CstParser;
export type Lexer = Chevrotain.Lexer;
