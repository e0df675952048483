import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { killProcessGroupsSync, trackProcessGroup } from '../../io/cleanup.js';
import { processGone } from './processes.js';

describe.skipIf(process.platform !== 'linux')('tool process groups die with vnet', () => {
  it('killProcessGroupsSync kills a tracked group: the leader and what it started', async () => {
    // A shell that leads its own group and starts a grandchild: both must go.
    const leader = spawn('sh', ['-c', 'sleep 60 & echo $!; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const grandchild = Number(await new Promise<string>((resolve) => leader.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
    const ended = new Promise<string | null>((resolve) => leader.on('exit', (_code, signal) => resolve(signal)));
    trackProcessGroup(leader.pid!);
    killProcessGroupsSync();
    expect(await ended).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    expect(processGone(grandchild)).toBe(true);
  });
});
