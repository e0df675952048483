/**
 * The GitHub Action (action.yml) run as the runner runs a composite action: its `run` steps in order,
 * with bash, their `${{ ... }}` expressions replaced by the inputs (defaults unless given) and the
 * runner's values, their `env` set, in a checkout of a fixture repository. vnet comes from this
 * repository's `npm pack` (the `version` input takes a tarball). The one `uses` step (setup-node) is
 * the runner's business: Node is already here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../cli/helpers.js';
import { parse } from 'yaml';
import { ROOT, type Packed, packVnet } from './npm.js';

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}

interface Action {
  readonly inputs: Record<string, { default?: string; required?: boolean }>;
  readonly runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

const GOOD = `network tiny(x: f32[N, 8]) -> f32[N, 4] {
  return x |> linear(4) as fc
}
`;
const BAD = `network broken(x: f32[N, 8]) -> f32[N, 4] {
  return x |> linear(5) as fc
}
`;

let packed: Packed;
let temp = '';

/** `${{ inputs.x }}`, `${{ runner.temp }}`: what the runner substitutes; anything else is a test failure. */
function substitute(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) {
      const name = input[1]!;
      if (!(name in action.inputs)) throw new Error(`action.yml uses an undeclared input '${name}'`);
      return inputs[name] ?? action.inputs[name]!.default ?? '';
    }
    if (expr === 'runner.temp') return temp;
    throw new Error(`the test does not know the expression '${expr}'`);
  });
}

/**
 * Runs the action's steps in `repo` with `given` inputs: the exit status of the first failing step (or 0),
 * all output, the step outputs. `installed`: vnet is already in runner.temp from an earlier run, so the
 * install step (a few seconds of npm) is left out.
 */
function runAction(repo: string, given: Record<string, string>, installed = false): { code: number; out: string; outputs: string } {
  const outputFile = path.join(temp, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  let out = '';
  for (const step of action.runs.steps) {
    if (step.uses !== undefined || (installed && step.name === 'Install vnet')) continue;
    const env: Record<string, string> = { ...process.env, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: temp, NO_COLOR: '1' } as Record<string, string>;
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(String(v), given);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', substitute(step.run ?? '', given)], {
      cwd: repo,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    out += r.stdout + r.stderr;
    if (r.status !== 0) return { code: r.status ?? -1, out, outputs: readFileSync(outputFile, 'utf8') };
  }
  return { code: 0, out, outputs: readFileSync(outputFile, 'utf8') };
}

describe('action.yml (the GitHub Action)', () => {
  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'vnet-action-'));
    packed = packVnet();
  }, 300_000);
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
    rmSync(path.dirname(packed.tarball), { recursive: true, force: true });
  });

  it('is a composite action with files (default **/*.vnet), args and version inputs; its only `uses` is setup-node', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs.files?.default).toBe('**/*.vnet');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['files', 'args', 'version']));
    expect(action.runs.steps.filter((s) => s.uses !== undefined).map((s) => s.uses)).toEqual(['actions/setup-node@v4']);
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
      expect(step.shell, step.name).toBe('bash');
      // Inputs reach scripts through env only (no script injection from a crafted input).
      expect(step.run, step.name).not.toMatch(/\$\{\{\s*inputs\./);
    }
  });

  it('passes on a repository of good files, installing vnet lean', async () => {
    const repo = await tempTree({ 'models/good.vnet': GOOD, 'other/deep/also good.vnet': GOOD, 'node_modules/dep/bad.vnet': BAD });
    const r = runAction(repo, { version: packed.tarball });
    expect(r.out).not.toContain('::error');
    expect(r.out).toContain('checked 2 files: no problems');
    expect(r.code).toBe(0);
    expect(spawnSync('ls', [path.join(temp, 'vnet-action', 'node_modules')], { encoding: 'utf8' }).stdout).not.toContain('onnxruntime');
  });

  it('fails on a bad file with ::error annotations, and writes SARIF when asked', async () => {
    const repo = await tempTree({ 'models/good.vnet': GOOD, 'models/bad.vnet': BAD });
    const r = runAction(repo, { version: packed.tarball, 'sarif-file': 'vnet.sarif', args: '--strict' }, true);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^::error file=models\/bad\.vnet,line=2,col=10,endLine=2,endColumn=30,title=VN310::.broken. declares it returns f32\[N, 4\], but returns f32\[N, 5\]/m,
    );
    expect(r.out).not.toMatch(/file=models\/good\.vnet/);
    const sarif = JSON.parse(readFileSync(path.join(repo, 'vnet.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(r.outputs).toBe('sarif-file=vnet.sarif\n');
  });

  it('checks only the files the globs name, and passes the extra arguments', async () => {
    const repo = await tempTree({ 'models/good.vnet': GOOD, 'drafts/bad.vnet': BAD });
    expect(runAction(repo, { version: packed.tarball, files: 'models/**/*.vnet' }, true).code).toBe(0);
    const r = runAction(repo, { version: packed.tarball, files: 'models/*.vnet\ndrafts/*.vnet', args: '--format compact' }, true);
    // The action's own --format github comes last and wins; the patterns on two lines are both read.
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error file=drafts\/bad\.vnet/m);
  });
});
