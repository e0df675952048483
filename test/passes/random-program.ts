/**
 * Small random TSM-like .vnet programs for the property tests: a stem, one to three blocks, each
 * with a temporal shift placed as a residual shift (inside the branch) or an in-place shift (before
 * the block, so the shortcut is shifted too) or before a plain (possibly strided, channel-changing)
 * conv, random fold fractions, directions, kernels, strides, paddings, depthwise/grouped convs and
 * a batchnorm or relu between the shift and the conv in some cases; with `identities`, chains of
 * dropouts (identities at inference) too, which -O2 removes and must rewire.
 */
import { Prng } from '../../compiler/weights/prng.js';

export interface RandomProgram {
  /** Ends with `consensus`: [N, CLASSES]. */
  readonly text: string;
  /** The same network ending with `unframes`: the per-frame logits [N, T, CLASSES]. */
  readonly perFrameText: string;
  /** The clip [N, T, C, S, S]. */
  readonly input: readonly number[];
  readonly frames: number;
  readonly classes: number;
  /** Shifts in the program (each a cache of the online model when all are past-only). */
  readonly shifts: number;
}

export interface RandomOptions {
  /** Only past-only shifts (streamable). */
  readonly pastOnly?: boolean;
  /** Clips per batch (default 1 or 2). */
  readonly batch?: number;
  /** Channel counts to pick from (default: a mix of narrow and wide). */
  readonly channels?: readonly number[];
  /** Where shifts may be placed (default: all three). */
  readonly placements?: readonly Placement[];
  /**
   * Chains of identities (`dropout`, one to three in a row) at random places: after the stem, between
   * a shift and its conv, after a block, before the head. Drawn from their own random stream, so the
   * rest of the program is the one the same seed gives without them.
   */
  readonly identities?: boolean;
}

export type Placement = 'residual' | 'inplace' | 'plain';

const CHANNELS = [8, 12, 16, 24, 128] as const;

class Pick {
  constructor(private readonly rng: Prng) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng.uniform() * (hi - lo + 1));
  }

  one<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng.uniform() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.rng.uniform() < p;
  }
}

interface Fold {
  readonly text: string;
  readonly div: number;
}

const FOLDS_BOTH: readonly Fold[] = [
  { text: '1/8', div: 8 },
  { text: '1/4', div: 4 },
];
const FOLDS_PAST: readonly Fold[] = [...FOLDS_BOTH, { text: '1/2', div: 2 }];

/** A shift that moves at least one channel and leaves at least one in place. */
function shiftCall(pick: Pick, channels: number, pastOnly: boolean): string {
  const dir = pastOnly ? 'past' : pick.one(['both', 'past'] as const);
  const folds = (dir === 'past' ? FOLDS_PAST : FOLDS_BOTH).filter((f) => {
    const fold = Math.floor(channels / f.div);
    return fold >= 1 && (dir === 'both' ? 2 * fold : fold) < channels;
  });
  const fold = pick.one(folds);
  return `shift(fold=${fold.text}, dir=${dir})`;
}

/** Optional per-channel ops between the shift and the conv. */
function between(pick: Pick, label: string): string {
  const roll = pick.int(0, 3);
  if (roll === 1) return ` |> batchnorm as ${label}_pre`;
  if (roll === 2) return ' |> relu';
  if (roll === 3) return ` |> batchnorm as ${label}_pre |> relu`;
  return '';
}

/** A same-size conv (stride 1, 'same' padding) with channels kept: dense or depthwise. */
function sameConv(pick: Pick, channels: number, label: string): string {
  const k = pick.one([1, 3]);
  const groups = pick.chance(0.3) ? channels : 1;
  const bias = pick.chance(0.5) ? '' : ', bias=false';
  return `conv2d(${channels}, k=${k}, pad=${(k - 1) / 2}, groups=${groups}${bias}) as ${label}`;
}

/** ` |> dropout |> dropout(p=0.3)`: one to three identities, or nothing. */
function identityChain(pick: Pick | undefined): string {
  if (!pick?.chance(0.6)) return '';
  return Array.from({ length: pick.int(1, 3) }, () => (pick.chance(0.5) ? ' |> dropout' : ` |> dropout(p=0.${pick.int(1, 9)})`)).join('');
}

export function randomProgram(seed: number, options: RandomOptions = {}): RandomProgram {
  const pick = new Pick(new Prng(seed * 7919 + 17));
  const ids = options.identities ? new Pick(new Prng(seed * 6133 + 5)) : undefined;
  const pastOnly = options.pastOnly ?? false;
  const frames = pick.int(2, 4);
  const batch = options.batch ?? pick.int(1, 2);
  const inChannels = pick.int(2, 3);
  const first = size0(seed);
  let size = first;
  const classes = pick.int(3, 6);
  const widths = options.channels ?? CHANNELS;
  let channels = pick.one(widths);
  const lines: string[] = [];
  const stemBn = pick.chance(0.5) ? ' |> batchnorm as stem_bn' : '';
  lines.push(`  let x = clip |> frames |> conv2d(${channels}, k=3, pad=1) as stem${stemBn} |> relu${identityChain(ids)}`);
  const blocks = pick.int(1, 3);
  let shifts = 0;
  for (let i = 0; i < blocks; i++) {
    const label = `b${i}`;
    const kind = pick.one(options.placements ?? (['residual', 'inplace', 'plain'] as const));
    shifts++;
    if (kind === 'residual') {
      const bn = pick.chance(0.6) ? ` |> batchnorm as ${label}_bn` : '';
      const second = pick.chance(0.4) ? ` |> relu |> conv2d(${channels}, k=1) as ${label}_c2` : '';
      lines.push(
        `  let y${i} = x |> ${shiftCall(pick, channels, pastOnly)}${identityChain(ids)}${between(pick, label)} |> ${sameConv(pick, channels, `${label}_c1`)}${bn}${second}`,
      );
      lines.push(`  x = relu(x + y${i})${identityChain(ids)}`);
    } else if (kind === 'inplace') {
      const bn = pick.chance(0.6) ? ` |> batchnorm as ${label}_bn` : '';
      lines.push(`  x = x |> ${shiftCall(pick, channels, pastOnly)}${identityChain(ids)}`);
      lines.push(`  let y${i} = x${between(pick, label)} |> ${sameConv(pick, channels, `${label}_c1`)}${bn}`);
      lines.push(pick.chance(0.5) ? `  x = relu(x + y${i})` : `  x = relu(y${i} + x)`);
    } else {
      const out = pick.one(widths.filter((c) => c !== 128 || channels === 128));
      const k = pick.one([1, 3]);
      const stride = size >= 4 ? pick.one([1, 2]) : 1;
      const pad = k === 3 ? (size >= 3 ? pick.one([0, 1]) : 1) : 0;
      const next = Math.floor((size + 2 * pad - k) / stride) + 1;
      const depthwise = out % channels === 0 && pick.chance(0.3);
      const groups = depthwise ? channels : 1;
      const bn = pick.chance(0.5) ? ` |> batchnorm as ${label}_bn` : '';
      const shift = shiftCall(pick, channels, pastOnly);
      lines.push(
        `  x = x |> ${shift}${identityChain(ids)}${between(pick, label)} |> conv2d(${out}, k=${k}, stride=${stride}, pad=${pad}, groups=${groups}) as ${label}_c1${bn} |> relu${identityChain(ids)}`,
      );
      channels = out;
      size = next;
    }
  }
  const head = `x${identityChain(ids)} |> global_avgpool${identityChain(ids)} |> linear(${classes}) as fc`;
  const program = (tail: string, result: string): string =>
    [
      `const T = ${frames}`,
      '',
      `network rand(clip: f32[N, T, ${inChannels}, ${first}, ${first}]) -> ${result} {`,
      ...lines,
      `  return ${head} |> ${tail}`,
      '}',
      '',
    ].join('\n');
  return {
    text: program('consensus', `f32[N, ${classes}]`),
    perFrameText: program('unframes', `f32[N, T, ${classes}]`),
    input: [batch, frames, inChannels, first, first],
    frames,
    classes,
    shifts,
  };
}

/** The clip's spatial size: drawn first from its own stream so it does not depend on the blocks. */
function size0(seed: number): number {
  return 4 + Math.floor(new Prng(seed * 104729 + 3).uniform() * 5);
}
