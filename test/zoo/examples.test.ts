/**
 * The video-zoo examples against their PyTorch references (refs/zoo/<example>.py): each compiled with
 * the reference's own state_dict.pth, loaded unchanged, equals the reference's output on a random clip
 * within 1e-4 (BatchNorm statistics randomized, small sizes so CI stays quick), and `vnetc summary`
 * counts PyTorch's parameters at the full configuration. Skipped, saying why, without python3-torch.
 */
import { describe, expect, it } from 'vitest';
import type { ZooExample } from '../../bench/zoo-reference.js';
import { compareWithReference, parameterCounts, whyZooSkipped } from './reference.js';

interface Case {
  readonly example: ZooExample;
  /** Reference script options: small frames and size, 2 clips, few classes. */
  readonly args: readonly string[];
  /** The paper's (or torchvision's) parameter count at the full configuration, for the record; absent: not compared again. */
  readonly paper?: string;
}

const CASES: readonly Case[] = [
  { example: { name: 'r2plus1d_18' }, args: ['--frames', '4', '--size', '32', '--classes', '10', '--batch', '2'], paper: '31.5M' },
  { example: { name: 'r2plus1d_18', args: ['--variant', 'r3d_18'] }, args: ['--frames', '4', '--size', '32', '--classes', '10'], paper: '33.4M' },
  { example: { name: 'mc3_18' }, args: ['--frames', '4', '--size', '32', '--classes', '10'], paper: '11.7M' },
  { example: { name: 's3d' }, args: ['--frames', '8', '--size', '64', '--classes', '10', '--batch', '2'], paper: '8.3M' },
  { example: { name: 'x3d_s' }, args: ['--frames', '4', '--size', '64', '--classes', '10', '--batch', '2'], paper: '3.8M' },
  {
    example: { name: 'slowfast_r50', args: ['--variant', 'none'] },
    args: ['--frames', '16', '--size', '64', '--classes', '10', '--batch', '2'],
    paper: '34.5M',
  },
  { example: { name: 'slowfast_r50' }, args: ['--frames', '16', '--size', '64', '--classes', '10'] },
];

function title(c: Case): string {
  return [c.example.name, ...(c.example.args ?? [])].join(' ');
}

describe.each(CASES)('$example.name $example.args', (c) => {
  const skip = whyZooSkipped(c.example);
  if (skip) console.log(`test/zoo: ${title(c)} skipped: ${skip}`);

  it.skipIf(skip !== undefined)(
    'equals its PyTorch reference within 1e-4, weights loaded unchanged',
    async () => {
      const result = await compareWithReference(c.example, c.args);
      expect(result.dims).toEqual(result.referenceDims);
      expect(result.diagnostics.filter((d) => !d.startsWith('VN423 '))).toEqual([]);
      expect(result.error).toBeLessThanOrEqual(1e-4);
    },
    300_000,
  );

  it.skipIf(skip !== undefined || c.paper === undefined)(
    `vnetc summary counts PyTorch's parameters at the full configuration (${c.paper})`,
    async () => {
      const { vnet, pytorch } = await parameterCounts(c.example);
      expect(vnet).toBe(pytorch);
    },
    120_000,
  );
});
