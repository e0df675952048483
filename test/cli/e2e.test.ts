import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const built = existsSync(main);

if (!built) {
  console.warn('test/cli/e2e.test.ts: skipped: dist/cli/main.js does not exist (run `npm run build` first)');
}

// The one test of the real executable; everything else runs the commands in-process.
describe.skipIf(!built)('vnetc executable (dist/cli/main.js)', () => {
  test('--help prints usage and exits 0; an unknown option exits 2 without a stack', () => {
    const help = spawnSync(process.execPath, [main, '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: vnetc');
    const bad = spawnSync(process.execPath, [main, 'check', '--frobnicate', 'x'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option '--frobnicate'");
    expect(bad.stderr).not.toContain('    at ');
  });
});
