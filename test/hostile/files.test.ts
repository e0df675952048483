/**
 * Hostile files and paths given to the real executable: outputs that are devices, FIFOs or the
 * input itself, inputs that never end or block, imports that leave the project, names that inject.
 * See harness.ts for what every case must keep.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, HAS_TIME, IS_ROOT, expectRefused, removeSandboxes, sandbox, snapshot, vnetc } from './harness.js';

if (!BUILT) console.warn('test/hostile: skipped: dist/cli/main.js does not exist (run `npm run build` first)');
if (BUILT && !IS_ROOT) console.warn('test/hostile: the device-node cases are skipped: mknod needs root');
if (BUILT && !HAS_TIME) console.warn('test/hostile: /usr/bin/time is missing: the 1 GB memory bound is not measured');
afterAll(removeSandboxes);

const NET = 'network n(x: f32[1, 4]) {\n  return x |> relu\n}\n';
const BROKEN = 'network n(x: f32[1, 4]) {\n  return x |> relu(\n}\n';

describe.skipIf(!BUILT)("hostile outputs: never destroy what is not vnet's", () => {
  it('compile -o a FIFO: refused, exit 2, the FIFO stays', () => {
    const sb = sandbox({ 'a.vnet': NET });
    execFileSync('mkfifo', [path.join(sb.work, 'out.onnx')]);
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['compile', 'a.vnet', '-o', 'out.onnx']), sb, before, [2]);
    expect(line).toBe("error VN007: cannot write 'out.onnx': is a FIFO; vnet writes only regular files");
    expect(lstatSync(path.join(sb.work, 'out.onnx')).isFIFO()).toBe(true);
  });

  it.skipIf(!IS_ROOT)('compile -o a null device (mknod in the sandbox): refused, the device stays', () => {
    const sb = sandbox({ 'a.vnet': NET });
    execFileSync('mknod', [path.join(sb.work, 'null'), 'c', '1', '3']);
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['compile', 'a.vnet', '-o', 'null']), sb, before, [2]);
    expect(line).toBe("error VN007: cannot write 'null': is a character device; vnet writes only regular files");
    expect(lstatSync(path.join(sb.work, 'null')).isCharacterDevice()).toBe(true);
  });

  it('compile a.vnet -o a.vnet (or through a link to it): refused, the source unchanged', () => {
    const sb = sandbox({ 'a.vnet': NET });
    symlinkSync('a.vnet', path.join(sb.work, 'same.onnx'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['compile', 'a.vnet', '-o', 'a.vnet']), sb, before, [2])).toBe(
      "error VN007: cannot write 'a.vnet': it is an input of this command",
    );
    expect(expectRefused(vnetc(sb, ['compile', 'a.vnet', '-o', 'same.onnx']), sb, before, [2])).toBe(
      "error VN007: cannot write 'same.onnx': it is an input of this command",
    );
    expect(readFileSync(path.join(sb.work, 'a.vnet'), 'utf8')).toBe(NET);
  });

  it('a failed --external-data compile keeps an existing, unrelated <out>.data', () => {
    const sb = sandbox({ 'a.vnet': NET, 'm.onnx.data': 'unrelated' });
    mkdirSync(path.join(sb.work, 'm.onnx'));
    const before = snapshot(sb.outside);
    expectRefused(vnetc(sb, ['compile', 'a.vnet', '--external-data', '-o', 'm.onnx']), sb, before, [2]);
    expect(readFileSync(path.join(sb.work, 'm.onnx.data'), 'utf8')).toBe('unrelated');
  });

  it('fmt refuses a read-only file and leaves it as it was', () => {
    const sb = sandbox({ 'a.vnet': 'network n(x: f32[1, 4]) {\nreturn x |> relu\n}\n' });
    chmodSync(path.join(sb.work, 'a.vnet'), 0o444);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['fmt', 'a.vnet']), sb, before, [2])).toBe("error VN007: cannot write 'a.vnet': the file is read-only");
  });

  it('run --save-output onto the model itself is refused', () => {
    const sb = sandbox({ 'a.vnet': NET });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['run', 'a.vnet', '--save-output', 'a.vnet']), sb, before, [2]);
    expect(line).toBe("vnetc: cannot write 'a.vnet': it is an input of this command");
  });
});

describe.skipIf(!BUILT)('hostile inputs: never hang, never eat the machine', () => {
  it('--weights a FIFO: refused at once', () => {
    const sb = sandbox({ 'a.vnet': NET });
    execFileSync('mkfifo', [path.join(sb.work, 'w.safetensors')]);
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['compile', 'a.vnet', '--weights', 'w.safetensors', '-o', 'a.onnx']), sb, before);
    expect(line).toMatch(/is a FIFO, not a regular file/);
  });

  it.skipIf(!IS_ROOT)('--weights a zero device: refused before reading a byte', () => {
    const sb = sandbox({ 'a.vnet': NET });
    execFileSync('mknod', [path.join(sb.work, 'zero'), 'c', '1', '5']);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['compile', 'a.vnet', '--weights', 'zero']), sb, before)).toMatch(/is a character device, not a regular file/);
  });

  it.skipIf(!IS_ROOT)('import of a zero device, directly and through a committed symlink', () => {
    const sb = sandbox({ 'a.vnet': `import "zero"\n${NET}`, 'b.vnet': `import "link.vnet"\n${NET}` });
    execFileSync('mknod', [path.join(sb.work, 'zero'), 'c', '1', '5']);
    symlinkSync('zero', path.join(sb.work, 'link.vnet'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'a.vnet']), sb, before, [1])).toBe(
      "a.vnet:1:8: error VN008: cannot import 'zero': is a character device, not a regular file",
    );
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'b.vnet']), sb, before, [1])).toMatch(
      /error VN008: cannot import 'link\.vnet': is a character device/,
    );
  });

  it('import of a FIFO: refused at once', () => {
    const sb = sandbox({ 'a.vnet': `import "pipe.vnet"\n${NET}` });
    execFileSync('mkfifo', [path.join(sb.work, 'pipe.vnet')]);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'a.vnet']), sb, before, [1])).toBe(
      "a.vnet:1:8: error VN008: cannot import 'pipe.vnet': is a FIFO, not a regular file",
    );
  });

  it('run --input and --labels that are FIFOs: refused at once', () => {
    const sb = sandbox({ 'a.vnet': NET });
    execFileSync('mkfifo', [path.join(sb.work, 'x.npy')]);
    execFileSync('mkfifo', [path.join(sb.work, 'labels.txt')]);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['run', 'a.vnet', '--input', 'x.npy']), sb, before, [2])).toBe("vnetc: cannot read 'x.npy': is a FIFO, not a regular file");
    expect(expectRefused(vnetc(sb, ['run', 'a.vnet', '--labels', 'labels.txt']), sb, before, [2])).toBe(
      "vnetc: cannot read 'labels.txt': is a FIFO, not a regular file",
    );
  });

  it('a .vnet file over 16 MiB is refused before it is read', () => {
    const sb = sandbox({ 'big.vnet': Buffer.alloc(17 * 1024 * 1024, 0x20) });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'big.vnet']), sb, before, [1])).toBe(
      "error VN006: 'big.vnet' is 17825792 bytes; the limit for a .vnet file is 16777216 bytes",
    );
  });

  it('two `-> .` symlinks: each file is loaded once; a cycle through a link is a cycle', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`f${i}.vnet`] = `import "x/f${i + 1}.vnet"\nimport "y/f${i + 1}.vnet"\n`;
    files['f30.vnet'] = 'const C = 1\n';
    files['main.vnet'] = `import "f0.vnet"\nimport "x/main.vnet"\n${NET}`;
    const sb = sandbox(files);
    symlinkSync('.', path.join(sb.work, 'x'));
    symlinkSync('.', path.join(sb.work, 'y'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'main.vnet']), sb, before, [1])).toBe(
      'main.vnet:2:8: error VN204: import cycle: main.vnet -> main.vnet',
    );
  });

  it('--threads 100000, --top 0, --window 10^9 and bench --runs -5 are usage errors', () => {
    const sb = sandbox({ 'a.vnet': NET });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['run', 'a.vnet', '--threads', '100000']), sb, before, [2])).toMatch(
      /--threads must be an integer from 1 to 256, got '100000'/,
    );
    expect(expectRefused(vnetc(sb, ['run', 'a.vnet', '--top', '0']), sb, before, [2])).toMatch(/--top must be an integer from 1 to 1000/);
    expect(expectRefused(vnetc(sb, ['run', 'a.vnet', '--stream', '--window', '1000000000']), sb, before, [2])).toMatch(/--window must be/);
    expect(expectRefused(vnetc(sb, ['bench', '--runs', '-5']), sb, before, [2])).toMatch(/--runs must be an integer from 1 to 100000, got '-5'/);
  });
});

describe.skipIf(!BUILT)('hostile sources: never leak, never inject', () => {
  it('an import of a file outside the project is refused; allowed, its lines are still never shown', () => {
    const sb = sandbox({ 'a.vnet': `import "../outside/secret.txt"\n${NET}` });
    const before = snapshot(sb.outside);
    const refused = vnetc(sb, ['check', '--format', 'compact', 'a.vnet']);
    expect(expectRefused(refused, sb, before, [1])).toMatch(
      /^a\.vnet:1:8: error VN010: cannot import '\.\.\/outside\/secret\.txt': it is outside the project root/,
    );
    for (const format of ['text', 'compact', 'github', 'json', 'sarif']) {
      const allowed = vnetc(sb, ['check', '--allow-imports-outside', '--format', format, 'a.vnet']);
      expect(allowed.code).toBe(1);
      expect(`${allowed.stdout}${allowed.stderr}`).not.toMatch(/TOPSECRET|root:x/);
      expect(`${allowed.stdout}`).toContain('VN009');
    }
  });

  it('a file name with a newline cannot start a `::error` line, in any format', () => {
    const name = 'a\n::error file=x.vnet,line=1::pwned\n.vnet';
    const sb = sandbox({ [name]: BROKEN });
    const before = snapshot(sb.outside);
    for (const format of ['text', 'compact']) {
      const ran = vnetc(sb, ['check', '--format', format, name]);
      expectRefused(ran, sb, before, [1]);
      expect(ran.stdout).not.toMatch(/^::/m);
      expect(ran.stdout).toContain('a\\n::error file=x.vnet,line=1::pwned\\n.vnet:');
    }
    const github = vnetc(sb, ['check', '--format', 'github', name]);
    expect(github.stdout.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
  });

  it('ANSI and OSC escapes in a source are shown escaped, never sent to the terminal', () => {
    const sb = sandbox({ 'a.vnet': `network n(x: f32[1, 4]) {\n  return nope // \u001b]0;pwned\u0007\u001b[2J\n}\n` });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['check', 'a.vnet']);
    // The lexer reports each control character (four errors); what matters here is how they are shown.
    expect(ran.code).toBe(1);
    expect(snapshot(sb.outside)).toEqual(before);
    expect(ran.stdout).toContain('error VN101: unexpected character U+001B');
    expect(ran.stdout).not.toContain('\u001b');
    expect(ran.stdout).not.toContain('\u0007');
    expect(ran.stdout).toContain('\\e]0;pwned\\x07\\e[2J');
  });

  it.skipIf(!IS_ROOT)('stdout on a full device (mknod in the sandbox): one line on stderr, exit 2', () => {
    const sb = sandbox({ 'a.vnet': NET });
    execFileSync('mknod', [path.join(sb.root, 'full'), 'c', '1', '7']);
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['check', 'a.vnet'], { stdoutTo: `> '${path.join(sb.root, 'full')}'` });
    expect(expectRefused(ran, sb, before, [2])).toBe('vnetc: cannot write to standard output: no space left on device');
  });
});
