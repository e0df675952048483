/** Online test helpers: .vnet text in a temporary file (compileFile reads files). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const dirs: string[] = [];

export function writeVnet(text: string, name = 'net.vnet'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-online-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

export function removeTempFiles(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The offline per-frame variant of a network that ends with `consensus`: `unframes` instead, [N, T, K]. */
export function perFrameVariant(text: string, classes: string): string {
  const out = text.replace(/\|> consensus\s*\n\}/, '|> unframes\n}');
  const sig = out.replace(`-> f32[N, ${classes}] {`, `-> f32[N, T, ${classes}] {`);
  if (sig === text || !sig.includes('|> unframes')) throw new Error('the network does not end with consensus');
  return sig;
}
