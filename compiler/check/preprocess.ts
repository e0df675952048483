/**
 * The `preprocess { }` section of a network: its settings, evaluated at compile time, become the
 * contract's `Preprocess` (contract/preprocess.ts), checked against the network's clip input.
 * Every problem points at the setting that causes it; nothing is returned when one is found.
 */
import type { PreprocessStmt, Setting } from '../../dsl/ast.js';
import type { Span } from '../../base/span.js';
import type { ClipLayout, Preprocess, Sampling } from '../../contract/preprocess.js';
import { diagnose } from '../../base/diagnostics/code.js';
import {
  PreprocessBadValue,
  PreprocessChannels,
  PreprocessCropTooLarge,
  PreprocessDuplicate,
  PreprocessInputMismatch,
  PreprocessMissingSetting,
  PreprocessNotForScheme,
  PreprocessUnknownSetting,
} from '../../base/diagnostics/codes.js';
import { type Dim, dimToString, shapeToString } from '../ir/dim.js';
import type { Report } from './arithmetic.js';
import { suggest } from '../../dsl/suggest.js';
import { type Value, asNumber, describe } from './value.js';

/** Every setting, and the sampling schemes it applies to (undefined: all). */
const SETTINGS: Readonly<Record<string, readonly Sampling['scheme'][] | undefined>> = {
  sampling: undefined,
  frames: undefined,
  rate: ['clip'],
  fps: ['clip'],
  step: ['every'],
  resize: undefined,
  crop: undefined,
  order: undefined,
  scale: undefined,
  mean: undefined,
  std: undefined,
  layout: undefined,
};

/** The network's clip input, as the checker knows it. */
export interface ClipInput {
  readonly name: string;
  readonly shape: readonly Dim[];
}

export function checkPreprocess(
  section: PreprocessStmt,
  input: ClipInput | undefined,
  evaluate: (setting: Setting) => Value,
  report: Report,
): Preprocess | undefined {
  const errorsBefore = { count: 0 };
  const fail = (d: Parameters<Report>[0]): undefined => {
    errorsBefore.count++;
    report(d);
    return undefined;
  };
  const given = new Map<string, { setting: Setting; value: Value }>();
  for (const setting of section.settings) {
    const name = setting.name.name;
    if (!(name in SETTINGS)) {
      const s = suggest(name, Object.keys(SETTINGS));
      fail(diagnose(PreprocessUnknownSetting, { name, ...(s ? { suggestion: s } : {}), known: Object.keys(SETTINGS) }, setting.name.span));
      continue;
    }
    const first = given.get(name);
    if (first) {
      fail(diagnose(PreprocessDuplicate, { what: `'${name}'` }, setting.name.span, [{ span: first.setting.name.span, message: 'first given here' }]));
      continue;
    }
    given.set(name, { setting, value: evaluate(setting) });
  }
  if ([...given.values()].some((g) => g.value.kind === 'poison')) return undefined;

  const read = new Reader(given, section.span, fail);
  const scheme = read.word('sampling', ['segments', 'clip', 'every']);
  if (scheme === undefined) return undefined;
  for (const [name, { setting }] of given) {
    const schemes = SETTINGS[name];
    if (schemes && !schemes.includes(scheme as Sampling['scheme'])) {
      fail(diagnose(PreprocessNotForScheme, { name, scheme, schemes: schemes.join(', ') }, setting.name.span));
    }
  }
  const sampling = readSampling(scheme as Sampling['scheme'], read);
  const resize = read.positiveInt('resize');
  const crop = read.positiveInt('crop');
  const order = read.word('order', ['rgb', 'bgr'], 'rgb') as 'rgb' | 'bgr' | undefined;
  const scale = read.positive('scale', 1 / 255);
  const clip = clipOf(input, read, section.span, fail);
  const channels = clip?.channels ?? 3;
  const mean = read.perChannel('mean', channels, () => true, 'numbers');
  const std = read.perChannel('std', channels, (n) => n > 0, 'positive numbers');
  if (resize !== undefined && crop !== undefined && crop > resize) {
    fail(diagnose(PreprocessCropTooLarge, { crop, resize }, given.get('crop')!.setting.value.span));
  }
  if (clip && crop !== undefined && (clip.height !== crop || clip.width !== crop)) {
    fail(
      diagnose(
        PreprocessInputMismatch,
        { what: 'crop', declared: `${crop}x${crop}`, input: `${input!.name}: ${clip.describe}` },
        given.get('crop')!.setting.value.span,
      ),
    );
  }
  if (errorsBefore.count > 0 || !clip || !sampling || resize === undefined || crop === undefined || !order || scale === undefined || !mean || !std)
    return undefined;
  return { frames: clip.frames, layout: clip.layout, sampling, resize, crop, order, scale, mean, std, input: 'float' };
}

function readSampling(scheme: Sampling['scheme'], read: Reader): Sampling | undefined {
  switch (scheme) {
    case 'segments':
      return { scheme };
    case 'clip': {
      const rate = read.positiveInt('rate', undefined, 'sampling = clip takes `rate` frames between samples at `fps`');
      const fps = read.positive('fps', 30);
      return rate === undefined || fps === undefined ? undefined : { scheme, rate, fps };
    }
    case 'every': {
      const step = read.positiveInt('step', 1);
      return step === undefined ? undefined : { scheme, step };
    }
  }
}

interface Clip {
  readonly frames: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly layout: ClipLayout;
  readonly describe: string;
}

/**
 * The clip's layout from the input's shape: `[N, T, C, H, W]` or `[N, C, T, H, W]` with C = 3 (or 1);
 * `layout = ncthw` says which when both could be the channel axis. `frames`, when given, must be T.
 */
function clipOf(input: ClipInput | undefined, read: Reader, at: Span, fail: (d: Parameters<Report>[0]) => undefined): Clip | undefined {
  const describe = input ? shapeToString(input.shape) : 'none';
  const known = input?.shape.slice(1).every((d): d is number => typeof d === 'number');
  if (input?.shape.length !== 5 || !known) {
    return fail(
      diagnose(
        PreprocessInputMismatch,
        {
          what: 'needs',
          declared: 'a clip input f32[N, T, 3, H, W] or f32[N, 3, T, H, W] with known T, H, W;',
          input: input ? `${input.name}: ${describe}` : 'none',
        },
        at,
      ),
    );
  }
  const [, a, b, height, width] = input.shape as [Dim, number, number, number, number];
  const isChannels = (n: number) => n === 3;
  const explicit = read.word('layout', ['ntchw', 'ncthw'], 'auto');
  if (explicit === undefined) return undefined;
  let layout: ClipLayout;
  if (explicit === 'ntchw') layout = 'NTCHW';
  else if (explicit === 'ncthw') layout = 'NCTHW';
  else if (isChannels(b) && !isChannels(a)) layout = 'NTCHW';
  else if (isChannels(a) && !isChannels(b)) layout = 'NCTHW';
  else if (isChannels(a) && isChannels(b)) {
    return fail(
      diagnose(
        PreprocessMissingSetting,
        { name: 'layout', why: `both ${a} and ${b} could be the channel axis of ${describe}: write layout = ntchw or ncthw` },
        at,
      ),
    );
  } else {
    return fail(diagnose(PreprocessInputMismatch, { what: 'needs', declared: '3 channels at axis 1 or 2;', input: `${input.name}: ${describe}` }, at));
  }
  const [frames, channels] = layout === 'NTCHW' ? [a, b] : [b, a];
  if (!isChannels(channels)) {
    return fail(
      diagnose(
        PreprocessInputMismatch,
        { what: 'layout', declared: `${explicit} (channels at axis ${layout === 'NTCHW' ? 2 : 1})`, input: `${input.name}: ${describe}` },
        read.span('layout'),
      ),
    );
  }
  const declaredFrames = read.positiveInt('frames', frames);
  if (declaredFrames !== undefined && declaredFrames !== frames) {
    return fail(
      diagnose(
        PreprocessInputMismatch,
        { what: 'frames', declared: String(declaredFrames), input: `${input.name}: ${describe} (T = ${dimToString(frames)})` },
        read.span('frames'),
      ),
    );
  }
  return { frames, channels, height, width, layout, describe: `${input.name}: ${describe}` };
}

/** Reads settings by the type each one takes, reporting a wrong type or a missing required one. */
class Reader {
  constructor(
    private readonly given: ReadonlyMap<string, { setting: Setting; value: Value }>,
    private readonly section: Span,
    private readonly fail: (d: Parameters<Report>[0]) => undefined,
  ) {}

  span(name: string): Span {
    return this.given.get(name)?.setting.value.span ?? this.section;
  }

  private value(name: string, why: string): Value | undefined | null {
    const g = this.given.get(name);
    if (g) return g.value;
    return why ? this.fail(diagnose(PreprocessMissingSetting, { name, why }, this.section)) : null;
  }

  private bad(name: string, expected: string, v: Value): undefined {
    return this.fail(diagnose(PreprocessBadValue, { name, expected, found: describe(v) }, this.span(name)));
  }

  /** An enum word, read as written: `sampling = clip` means the scheme even where a value is named `clip`. */
  word(name: string, words: readonly string[], fallback?: string): string | undefined {
    const written = this.given.get(name)?.setting.value;
    if (written?.kind === 'NameRef' && words.includes(written.name)) return written.name;
    const v = this.value(name, fallback === undefined ? `one of ${words.join(', ')}` : '');
    if (v === null) return fallback;
    if (v === undefined) return undefined;
    if (v.kind === 'word' && words.includes(v.value)) return v.value;
    return this.bad(name, `one of ${words.join(', ')}`, v);
  }

  positiveInt(name: string, fallback?: number, why = 'a positive whole number'): number | undefined {
    const v = this.value(name, fallback === undefined ? why : '');
    if (v === null) return fallback;
    if (v === undefined) return undefined;
    if (v.kind === 'int' && v.value > 0) return v.value;
    return this.bad(name, 'a positive whole number', v);
  }

  positive(name: string, fallback: number): number | undefined {
    const v = this.value(name, '');
    if (v === null) return fallback;
    if (v === undefined) return undefined;
    const n = asNumber(v);
    if (n !== undefined && Number.isFinite(n) && n > 0) return n;
    return this.bad(name, 'a positive number', v);
  }

  /** One number (the same for every channel) or a tuple of one per channel. */
  perChannel(name: string, channels: number, ok: (n: number) => boolean, what: string): number[] | undefined {
    const v = this.value(name, `${channels} ${what}, one per channel, or one for all`);
    if (v === null || v === undefined) return undefined;
    const list = v.kind === 'tuple' ? v.elements : [v];
    const numbers = list.map(asNumber);
    if (!numbers.every((n): n is number => n !== undefined && Number.isFinite(n) && ok(n))) return this.bad(name, `${what} (one, or one per channel)`, v);
    if (numbers.length === 1) return Array.from({ length: channels }, () => numbers[0]!);
    if (numbers.length !== channels) return this.fail(diagnose(PreprocessChannels, { name, found: numbers.length, channels }, this.span(name)));
    return numbers;
  }
}
