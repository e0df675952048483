/**
 * `compileFile(..., { online: true })` refuses what a stream cannot run, with the exact code at the
 * exact text: a bi-directional shift (VN501), a consensus that later layers read (VN502), operations
 * that look across frames (VN503), and a network without a clip input (VN504).
 */
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { decodeModel } from '../../compiler/emit/proto.js';
import { EXAMPLES } from '../conformance/harness.js';
import { removeTempFiles, writeVnet } from './helpers.js';

afterAll(removeTempFiles);

interface Shown {
  readonly code: string;
  readonly severity: string;
  /** line:column, 1-based. */
  readonly at: string;
  /** The source text under the span. */
  readonly text: string;
  readonly message: string;
}

async function onlineErrors(text: string): Promise<Shown[]> {
  const result = await compileFile(writeVnet(text), { online: true });
  expect(result.bytes).toBeUndefined();
  return result.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    at: d.span ? `${d.span.line}:${d.span.column}` : '-',
    text: d.span ? text.slice(d.span.start, d.span.end) : '',
    message: d.message,
  }));
}

describe('online compilation errors', () => {
  it('VN501 at a bi-directional shift', async () => {
    const text = `const T = 2

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N, 5] {
  return clip
    |> frames
    |> shift(fold=1/8, dir=both)
    |> conv2d(8, k=1) as conv
    |> global_avgpool
    |> linear(5) as fc
    |> consensus
}
`;
    expect(await onlineErrors(text)).toEqual([
      {
        code: 'VN501',
        severity: 'error',
        at: '6:8',
        text: 'shift(fold=1/8, dir=both)',
        message: 'this shift takes channels from the next frame (dir=both), which a stream does not have yet',
      },
    ]);
  });

  it('VN502 at a consensus that later layers read', async () => {
    const text = `const T = 2

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N, 5] {
  return clip
    |> frames
    |> shift(fold=1/8, dir=past)
    |> conv2d(8, k=1) as conv
    |> global_avgpool
    |> consensus
    |> linear(5) as fc
}
`;
    expect(await onlineErrors(text)).toEqual([
      {
        code: 'VN502',
        severity: 'error',
        at: '9:8',
        text: 'consensus',
        message: 'consensus averages over the whole clip, and here later layers depend on it; a stream sees one frame at a time',
      },
    ]);
  });

  it('VN503 at every operation that looks across frames: unframes, transpose, time_embed, attention over time', async () => {
    const text = `const T = 2

network tf(clip: f32[N, T, 3, 32, 32]) -> f32[N, 5] {
  let x = clip
    |> frames
    |> unframes
    |> transpose(0, 2, 1, 3, 4)
    |> patch_embed(16, patch=16) as patch_embed
    |> cls_token as cls_token
    |> pos_embed as pos_embed
    |> time_embed as time_embed
  x = x + (x |> attention(2, over=time) as attn)
  return x |> cls |> linear(5) as head
}
`;
    const why = (op: string, reason: string) => `${op} cannot run one frame at a time: ${reason}`;
    expect(await onlineErrors(text)).toEqual([
      { code: 'VN503', severity: 'error', at: '6:8', text: 'unframes', message: why('unframes', 'it regroups frames into clips') },
      { code: 'VN503', severity: 'error', at: '7:8', text: 'transpose(0, 2, 1, 3, 4)', message: why('transpose', 'it moves the merged frame axis') },
      {
        code: 'VN503',
        severity: 'error',
        at: '11:8',
        text: 'time_embed as time_embed',
        message: why('time_embed', 'it adds a different embedding for each frame position of the clip'),
      },
      {
        code: 'VN503',
        severity: 'error',
        at: '12:17',
        text: 'attention(2, over=time) as attn',
        message: why('attention(over=time)', 'it attends across frames'),
      },
    ]);
  });

  it('VN503 at unframes ending a per-frame network', async () => {
    const text = `const T = 2

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N, T, 8] {
  return clip |> frames |> shift(fold=1/8, dir=past) |> global_avgpool |> unframes
}
`;
    expect((await onlineErrors(text)).map((d) => `${d.code} ${d.at} ${d.text}`)).toEqual(['VN503 4:75 unframes']);
  });

  it('VN504 for a network without a clip input', async () => {
    const text = `network net(x: f32[N, 8, 4, 4]) -> f32[N, 8, 4, 4] {
  return x |> conv2d(8, k=1) as conv
}
`;
    const errors = await onlineErrors(text);
    expect(errors.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['VN504', 'error', "network 'net' has no clip input [N, T, ...] whose frames are merged with frames; nothing to stream"],
    ]);
  });

  // Every error points at .vnet text (STYLE.md habit 4): VN504 at the network's first input.
  it('VN504 points at the network input', async () => {
    const text = `network net(x: f32[N, 8, 4, 4]) -> f32[N, 8, 4, 4] {
  return x |> conv2d(8, k=1) as conv
}
`;
    const [error] = await onlineErrors(text);
    expect(error?.at).toBe('1:13');
  });

  it('VN504 for a TimeSformer example: the clip goes to patch_embed, never through frames', async () => {
    const result = await compileFile(path.join(EXAMPLES, 'timesformer_space_small.vnet'), {
      online: true,
      sets: { T: '2', SIZE: '32', DIM: '16', HEADS: '2', DEPTH: '1' },
    });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['VN504']);
  });

  it('VN505 (a warning) when the network has no past-only shift: a per-frame model without caches', async () => {
    const text = `const T = 2

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N, 5] {
  return clip |> frames |> global_avgpool |> linear(5) as fc |> consensus
}
`;
    const result = await compileFile(writeVnet(text), { online: true });
    expect(result.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['VN505 warning']);
    expect(result.bytes).toBeDefined();
    // Without caches: the model's only input is the frame and its only output the logits, and no cache metadata.
    const model = decodeModel(result.bytes as Uint8Array);
    expect(model.graph?.input?.map((i) => i.name)).toEqual(['clip']);
    expect(model.graph?.output?.map((o) => o.name)).toEqual(['output']);
    expect(JSON.parse(model.metadataProps.find((p) => p.key === 'vnet.online.caches')?.value ?? 'null')).toEqual([]);
  });
});
