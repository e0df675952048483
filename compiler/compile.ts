/**
 * The compiler's entry points: `.vnet` file -> checked IR -> ONNX bytes (and files, when an
 * output path is given). Problems are diagnostics; nothing here throws for a user's mistake.
 */
import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { Source } from '../base/source.js';
import { parseSetOverrides } from './set-overrides.js';
import { checkProgram } from './check/check-program.js';
import { diagnose } from '../base/diagnostics/code.js';
import {
  CalibrationRequired,
  ClipsRunFailed,
  LoweringFailed,
  PrecisionOptionUnused,
  KeepFloatUnknown,
  PrecisionTarget,
  ExternalDataRequired,
  LabelCountMismatch,
  Uint8NeedsPreprocess,
  ModelTooLarge,
  NetworkNotFound,
  NoNetwork,
  OutputUnwritable,
  UnknownPass,
  UnsupportedTarget,
} from '../base/diagnostics/codes.js';
import { hasErrors, type Diagnostic } from '../base/diagnostics/diagnostic.js';
import { emitModel } from './emit/emit.js';
import { PROTOBUF_LIMIT_BYTES, initializerBytes, splitExternalData } from './emit/external-data.js';
import type { Target } from './emit/lower/context.js';
import { encodeModel, type IModelProto } from './emit/proto.js';
import { layOutForOrtCpu } from './emit/ort-cpu/nchwc-layout.js';
import { toFp16, type Fp16Options } from './emit/fp16/fp16.js';
import { openFloatRunner } from '../ort/float-runner.js';
import { firstLine } from '../ort/first-line.js';
import { int8WeightZeroPoint } from '../ort/int8-weight-zero-point.js';
import { withInt8GemmCheck } from './emit/ort-cpu/int8-gemm-check.js';
import { writeFilesAtomic, type PlannedFile } from '../io/atomic-write.js';
import { failedOutput, writeReason } from '../io/reason.js';
import { findProjectRoot } from './check/project-root.js';
import { cudaKernelDiagnostics } from './emit/ort-cuda/cuda-kernel-diagnostics.js';
import { checkWebModel } from './emit/web/check-web-model.js';
import type { IRGraph } from './ir/graph.js';
import { loadWeights } from './weights/load.js';
import { graphParams } from './weights/params.js';
import { seededWeights } from './weights/init.js';
import { optimize, tableSource, unknownPasses, type Optimized, type OptimizeOptions } from './optimize.js';
import { applyInt8, quantizeInt8, type Int8Model, type Int8Request } from './quantize/quantize.js';
import { validateInt8, type ValidationReport } from './quantize/validate.js';
import type { IRModule } from './passes/pass.js';
import { unknownLayers } from './quantize/keep-float.js';
import { PERCENTILE, type CalibrationMethod } from './quantize/ranges.js';
import { fitClips, type ClipLoader, type ClipRequest, type ClipSet } from './quantize/clips.js';
import type { KeepFloat } from './quantize/keep-float.js';
import type { WeightSource } from './weights/source.js';
import { type Calibration, type Precision, encodeCalibration, encodePrecision } from '../contract/precision.js';
import { ALL_PASSES } from './passes/pipeline.js';
import { makeOnline } from './online/make-online.js';
import { renameValue } from './passes/rewire.js';
import { encodeCachePairs, parseCachePairs } from '../contract/caches.js';
import { encodeLabels } from '../contract/labels.js';
import { type Preprocess, encodePreprocess } from '../contract/preprocess.js';
import { withUint8Input } from './emit/uint8-input.js';
import { CONTRACT_KEYS, CONTRACT_PREFIXES } from '../contract/keys.js';
import { explainOnce } from './passes/explain-once.js';
import type { ExplainNote } from './passes/pass.js';
import type { OptLevel } from './passes/pipeline.js';

/** What a model is compiled for: a lowering target, or `web` (lowered as portable, checked for onnxruntime-web). */
export type CompileTarget = Target | 'web';

export const TARGETS: readonly CompileTarget[] = ['portable', 'ort-cpu', 'ort-cuda', 'web'];

export interface CompileGraphOptions {
  /** A safetensors file or PyTorch checkpoint; without one, parameters get seeded initial values. */
  readonly weights?: string;
  /** Strip this prefix from checkpoint names (`module.`). */
  readonly weightsPrefix?: string;
  /** The checkpoint entry that holds the state dict (default: found; see weights/torch/state-dict.ts). */
  readonly weightsKey?: string;
  /** A file of rename rules for the checkpoint's names (weights/layouts/map-file.ts). */
  readonly weightsMap?: string;
  /** Resize TimeSformer's pos_embed / time_embed trained at another size, as the official code does. */
  readonly resizeEmbeddings?: boolean;
  /** Seed of the initial values when no checkpoint is given (default 0). */
  readonly seed?: number;
  readonly opset?: number;
  readonly target?: CompileTarget;
  /** Put initializers in `<output>.data` (forced when they exceed protobuf's 2 GiB limit). */
  readonly externalData?: boolean;
  /** Write the model here (atomically); needed for external data. */
  /**
   * How messages name the files, by absolute path: the paths as the user typed them (`-o model.onnx`),
   * so every message is built once with the name the user knows.
   */
  readonly shownPaths?: ReadonlyMap<string, string>;
  readonly output?: string;
  /** Extra model metadata (source hash, --set values). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** -O level (default 2) and pass selection; see compiler/optimize.ts. */
  readonly level?: OptLevel;
  readonly passes?: readonly string[];
  readonly explain?: (note: ExplainNote) => void;
  /** Verify the IR after every pass (tests, --debug). */
  readonly verify?: boolean;
  /** `--uint8-input`: prepend this preprocessing to the graph (compiler/emit/uint8-input.ts). */
  readonly uint8Preprocess?: Preprocess;
  /**
   * `--target ort-cpu` at -O1/-O2: 'blocked' (default) lays the model out in onnxruntime's NCHWc
   * blocked layout for this CPU when that keeps time shifts free of reorders; 'plain' leaves the layout
   * to onnxruntime at load, so the model runs on any CPU. See compiler/emit/ort-cpu/nchwc-layout.ts.
   */
  readonly cpuLayout?: CpuLayoutChoice;
  /** Largest single write() of the output (tests; default io/atomic-write.ts's 1 GiB). */
  readonly maxWriteBytes?: number;
  /** Warnings stop the compile before anything is written (--strict). */
  readonly strict?: boolean;
  /** Files the output must never replace (the sources, the checkpoint): refused by identity, not spelling. */
  readonly inputs?: readonly string[];
  /** `--precision`: fp32 (default), int8 (calibrated static QDQ, compiler/quantize) or fp16. */
  readonly precision?: Precision;
  /** int8: the calibration clips, method and layers kept float; `source` names the clips in the contract. */
  readonly int8?: Int8Request & { readonly source: string };
  /** int8 online: the offline graph the online one came from, which calibration runs. */
  readonly calibrationGraph?: IRGraph;
  /** int8 `--validate`: held-out clips the int8 model is compared on with the fp32 model. */
  readonly validate?: ClipSet;
  /** fp16: float16 model inputs and outputs (`--fp16-io`). */
  readonly fp16Io?: boolean;
  /** Folders a symbolic link at the output may lead into (the project), besides its own folder. */
  readonly linksWithin?: readonly string[];
}

export type CpuLayoutChoice = 'blocked' | 'plain';

export interface CompileFileOptions extends CompileGraphOptions {
  /** The network to compile when the program defines several (default: the only or last one). */
  readonly network?: string;
  /**
   * `--set` overrides: name -> value text, or the raw `NAME=VALUE` items (as `vnetc run` passes
   * them; they are parsed here, VN003 for a malformed one).
   */
  readonly sets?: Readonly<Record<string, string>> | readonly string[];
  /** Compile for streaming: one frame in, caches of the past-only shifts as extra inputs/outputs. */
  readonly online?: boolean;
  /** Imports may leave the project root (see compiler/check/project-root.ts). */
  readonly allowImportsOutside?: boolean;
  /**
   * `--uint8-input`: the model takes uint8 `[N, T, H, W, 3]` cropped frames and does scale, mean/std
   * and layout in the graph (needs a preprocess section; VN709 without one).
   */
  readonly uint8Input?: boolean;
  /** Class names stored in the model (`--labels`); their number must match the output's classes. */
  readonly labels?: readonly string[];
  /** `--precision int8`: where the calibration clips come from, and how they are used. */
  readonly calibrate?: CalibrateOptions;
  /** `--validate`: where the held-out clips come from. */
  readonly validateClips?: ClipLoader;
}

export interface CalibrateOptions {
  /** Reads the clips once the network (its input, its preprocessing) is known. */
  readonly load: ClipLoader;
  /** The clips' name in the contract (the file or folder given). */
  readonly source: string;
  readonly method: CalibrationMethod;
  readonly keepFloat: KeepFloat;
  /** The zero point of dense convolution weights; absent: chosen for this CPU (see Int8Request). */
  readonly weightZeroPoint?: 0 | -1;
}

export interface CompileGraphResult {
  /** The graph after the passes (what was emitted). */
  readonly optimized?: Optimized;
  /** int8: the plan and calibration ranges behind the model. */
  readonly int8?: Int8Model;
  /** int8 with `--validate`: the int8 model against the fp32 one on the held-out clips. */
  readonly validation?: ValidationReport;
  /** The model file's bytes (without external data); absent on error. */
  readonly bytes?: Uint8Array;
  readonly model?: IModelProto;
  /** Files written, model last. */
  readonly written?: readonly string[];
  readonly diagnostics: Diagnostic[];
}

export interface CompileFileResult extends CompileGraphResult {
  readonly graph?: IRGraph;
  readonly sources: Map<string, Source>;
}

export async function compileFile(entryPath: string, options: CompileFileOptions = {}): Promise<CompileFileResult> {
  const set = isItemList(options.sets) ? parseSetOverrides(options.sets) : { overrides: options.sets ?? {}, diagnostics: [] };
  if (set.diagnostics.length > 0) return { diagnostics: [...set.diagnostics], sources: new Map() };
  const sets = set.overrides;
  const checked = checkProgram(entryPath, {
    sets,
    ...(options.network ? { network: options.network } : {}),
    ...(options.allowImportsOutside ? { importRoot: null } : {}),
  });
  const sources = new Map(checked.sources);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  if (hasErrors(diagnostics) || (options.strict && hasWarnings(diagnostics))) return { diagnostics, sources };
  const picked = pickGraph(checked.graphs, options.network, entryPath);
  if (!picked.graph) return { diagnostics: [...diagnostics, ...picked.diagnostics], sources };
  let graph = nameOutputs(picked.graph);
  if (options.uint8Input && !graph.preprocess) return { diagnostics: [...diagnostics, diagnose(Uint8NeedsPreprocess, { network: graph.name })], sources };
  if (options.uint8Input && options.online)
    return { diagnostics: [...diagnostics, diagnose(Uint8NeedsPreprocess, { network: graph.name, online: true })], sources };
  const uint8 = options.uint8Input && graph.preprocess ? { ...graph.preprocess, input: 'uint8' as const } : undefined;
  if (uint8) graph = { ...graph, preprocess: uint8 };
  const contractMetadata = contractEntries(graph, options.labels);
  if (!contractMetadata.ok) return { diagnostics: [...diagnostics, contractMetadata.diagnostic], sources };
  const onlineMetadata: Record<string, string> = {};
  if (options.online) {
    const online = makeOnline(graph);
    diagnostics.push(...online.diagnostics);
    if (!online.graph) return { diagnostics, sources };
    graph = online.graph;
    onlineMetadata[CONTRACT_KEYS.onlineCaches] = encodeCachePairs(online.caches);
  }
  const metadata = {
    ...onlineMetadata,
    [CONTRACT_KEYS.sourceSha256]: sourceHash(sources),
    [CONTRACT_KEYS.source]: path.basename(entryPath),
    ...Object.fromEntries(Object.entries(sets).map(([k, v]) => [`${CONTRACT_PREFIXES.set}${k}`, v])),
    ...contractMetadata.entries,
    ...options.metadata,
  };
  const inputs = [...sources.keys(), ...[options.weights, options.weightsMap].filter((f): f is string => f !== undefined), ...(options.inputs ?? [])];
  const linksWithin = options.linksWithin ?? [findProjectRoot(entryPath)];
  const unknownKept = unknownLayers(picked.graph, options.calibrate?.keepFloat ?? []);
  if (unknownKept.length > 0) {
    const example = picked.graph.nodes.find((n) => n.params['weight'])?.name.split('.')[0] ?? 'fc';
    return { diagnostics: [...diagnostics, diagnose(KeepFloatUnknown, { names: unknownKept, example })], sources };
  }
  const offline = options.online && options.precision === 'int8' ? { calibrationGraph: nameOutputs(picked.graph) } : {};
  const int8 = options.precision === 'int8' && options.calibrate ? await calibrationClips(picked.graph, options.calibrate) : undefined;
  if (Array.isArray(int8)) return { diagnostics: [...diagnostics, ...int8], sources };
  const validate = options.precision === 'int8' && options.validateClips ? await clipsFor(picked.graph, options.validateClips, '--validate') : undefined;
  if (Array.isArray(validate)) return { diagnostics: [...diagnostics, ...validate], sources };
  const extra = { ...offline, ...(int8 ? { int8 } : {}), ...(validate ? { validate } : {}), ...(uint8 ? { uint8Preprocess: uint8 } : {}) };
  const result = await compileGraph(graph, { ...options, metadata, inputs, linksWithin, ...extra });
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics], graph, sources };
}

/** The calibration clips for the (offline) network's input, read and checked against its shape. */
async function calibrationClips(graph: IRGraph, calibrate: CalibrateOptions): Promise<CompileGraphOptions['int8'] | Diagnostic[]> {
  const clips = await clipsFor(graph, calibrate.load, '--calibrate');
  if (Array.isArray(clips)) return clips;
  const zeroPoint = calibrate.weightZeroPoint === undefined ? {} : { weightZeroPoint: calibrate.weightZeroPoint };
  return { clips, method: calibrate.method, keepFloat: calibrate.keepFloat, source: calibrate.source, ...zeroPoint };
}

async function clipsFor(graph: IRGraph, load: ClipLoader, option: string): Promise<ClipSet | Diagnostic[]> {
  const input = graph.inputs[0] ?? '';
  const request: ClipRequest = {
    network: graph.name,
    input,
    shape: graph.values[input]?.shape ?? [],
    ...(graph.preprocess ? { preprocess: graph.preprocess } : {}),
  };
  const loaded = await load(request);
  return Array.isArray(loaded) ? loaded : fitClips(loaded, request, option);
}

/**
 * The contract keys a program adds when it declares them: preprocessing (the network's `preprocess`
 * section) and labels (`--labels`). Models that declare neither keep exactly the keys they had.
 */
function contractEntries(
  graph: IRGraph,
  labels: readonly string[] | undefined,
): { ok: true; entries: Record<string, string> } | { ok: false; diagnostic: Diagnostic } {
  const entries: Record<string, string> = {};
  if (graph.preprocess) entries[CONTRACT_KEYS.preprocess] = encodePreprocess(graph.preprocess);
  if (labels !== undefined) {
    const output = graph.values[graph.outputs[0] ?? ''];
    const classes = output?.shape[output.shape.length - 1];
    if (typeof classes === 'number' && classes !== labels.length) {
      return { ok: false, diagnostic: diagnose(LabelCountMismatch, { labels: labels.length, classes }) };
    }
    entries[CONTRACT_KEYS.labels] = encodeLabels(labels);
  }
  return { ok: true, entries };
}

/** Emits a checked graph: binds weights, lowers, serializes, and writes when `output` is given. */
export async function compileGraph(graph: IRGraph, options: CompileGraphOptions = {}): Promise<CompileGraphResult> {
  const explain = options.explain && explainOnce(options.explain);
  const requested = options.target ?? 'portable';
  if (!TARGETS.includes(requested)) return { diagnostics: [diagnose(UnsupportedTarget, { target: requested, known: TARGETS })] };
  const target: Target = requested === 'web' ? 'portable' : requested;
  const unknown = unknownPasses(options.passes ?? []);
  if (unknown.length > 0) return { diagnostics: [diagnose(UnknownPass, { names: unknown, known: ALL_PASSES.map((p) => p.name) })] };
  const loaded = options.weights
    ? await loadWeights(options.weights, graphParams(graph), {
        ...(options.weightsPrefix !== undefined ? { prefix: options.weightsPrefix } : {}),
        ...(options.weightsKey !== undefined ? { key: options.weightsKey } : {}),
        ...(options.weightsMap !== undefined ? { mapFile: options.weightsMap, mapShown: shownPath(options, options.weightsMap) } : {}),
        ...(options.resizeEmbeddings ? { resizeEmbeddings: true } : {}),
        displayPath: shownPath(options, options.weights),
      })
    : { weights: seededWeights(options.seed ?? 0), diagnostics: [] };
  if (!loaded.weights || (options.strict && hasWarnings(loaded.diagnostics))) return { diagnostics: loaded.diagnostics };
  const precision = options.precision ?? 'fp32';
  const refused = precisionProblem(precision, requested, options);
  if (refused) return { diagnostics: [...loaded.diagnostics, refused] };
  const optimizeOptions = {
    target,
    ...(requested === 'web' ? { browser: true } : {}),
    ...(precision === 'int8' ? { int8: true } : {}),
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.passes !== undefined ? { passes: options.passes } : {}),
    ...(options.verify ? { verify: true } : {}),
  };
  const optimized = optimize(graph, loaded.weights, { ...optimizeOptions, ...(explain ? { explain } : {}) });
  const int8 = options.int8 ? await toInt8(optimized, options.calibrationGraph, loaded.weights, optimizeOptions, options.int8, target, explain) : undefined;
  if (typeof int8 === 'string') return { diagnostics: [...loaded.diagnostics, diagnose(ClipsRunFailed, { option: '--calibrate', reason: int8 })], optimized };
  const quantized = int8?.model;
  const validation = int8 && options.validate ? await validateInt8(int8.offline.float, int8.offline.int8, options.validate, target) : undefined;
  if (validation && 'error' in validation)
    return { diagnostics: [...loaded.diagnostics, diagnose(ClipsRunFailed, { option: '--validate', reason: validation.error })], optimized };
  const final = quantized ? { ...optimized, graph: quantized.module.graph, weights: tableSource(quantized.module.weights) } : optimized;
  const emitted = emitModel(final.graph, {
    target,
    weights: final.weights,
    ...(options.opset !== undefined ? { opset: options.opset } : {}),
    metadata: {
      ...(options.metadata ?? {}),
      ...(requested === 'web' ? { [CONTRACT_KEYS.target]: 'web' } : {}),
      ...precisionMetadata(precision, options.int8),
      ...int8CacheMetadata(options.metadata, final.graph),
    },
  });
  const diagnostics = [...loaded.diagnostics, ...emitted.diagnostics];
  if (!emitted.model) return { diagnostics };
  const fp16 = { io16: options.fp16Io === true, ...(explain ? { explain } : {}), ...(emitted.provenance ? { provenance: emitted.provenance } : {}) };
  const written = precision === 'fp16' ? await toCheckedFp16(emitted.model, fp16) : emitted.model;
  if (typeof written === 'string')
    return {
      diagnostics: [...diagnostics, diagnose(LoweringFailed, { op: 'fp16', node: graph.name, reason: `onnxruntime refuses the float16 model: ${written}` })],
      optimized: final,
    };
  // ort-cuda models fail closed: a node without a CUDA kernel would run on the CPU, with copies around it.
  if (target === 'ort-cuda') diagnostics.push(...cudaKernelDiagnostics(written, optimized.graph));
  // web models run only what onnxruntime-web's wasm backend runs, with explicit pads.
  if (requested === 'web') diagnostics.push(...checkWebModel(written));
  if (hasErrors(diagnostics)) return { diagnostics, optimized: final };
  // int8 convolutions run NHWC (QLinearConv): the NCHWc float layout has nothing to keep blocked.
  const laidOut =
    wantsBlockedLayout(target, options, written) && precision !== 'int8'
      ? (await layOutForOrtCpu(written, emitted.provenance ?? new Map(), explain ?? (() => {}))).model
      : written;
  // Weights with zero point -1 are exact on onnxruntime's GEMM path only on CPUs like this one: refused elsewhere.
  const checked = quantized?.weightZeroPoint === -1 && laidOut.graph ? { ...laidOut, graph: withInt8GemmCheck(laidOut.graph) } : laidOut;
  const model = options.uint8Preprocess ? withUint8Input(checked, options.uint8Preprocess) : checked;
  if (typeof model === 'string') return { diagnostics: [...diagnostics, diagnose(Uint8NeedsPreprocess, { network: graph.name, reason: model })] };
  return {
    ...(await serialize(model, options, diagnostics)),
    diagnostics,
    optimized: final,
    ...(quantized ? { int8: quantized } : {}),
    ...(validation ? { validation } : {}),
  };
}

/** A precision the target cannot run, or an int8 compile without clips. */
function precisionProblem(precision: Precision, target: CompileTarget, options: CompileGraphOptions): Diagnostic | undefined {
  if (precision === 'int8' && target === 'ort-cuda') {
    return diagnose(PrecisionTarget, {
      precision,
      target,
      reason: "onnxruntime's CUDA provider has no uint8 convolution (its QLinearConv is CPU only)",
      instead: 'compile with --precision fp16 for CUDA, or --precision int8 --target ort-cpu (or portable, web) for CPUs',
    });
  }
  if (precision === 'int8' && !options.int8) return diagnose(CalibrationRequired, {});
  if (precision === 'fp16' && target === 'ort-cpu') {
    return diagnose(PrecisionTarget, {
      precision,
      target,
      reason: "onnxruntime's CPU provider has no float16 convolution: it casts back to float32 around each one, slower than float32",
      instead: 'fp16 is for --target ort-cuda and web (WebGPU); for CPUs use --precision int8',
    });
  }
  if (precision === 'fp16' && options.fp16Io && options.uint8Preprocess) {
    return diagnose(PrecisionOptionUnused, { option: '--fp16-io', needs: 'a float input (not --uint8-input, whose normalized frames are float32)' });
  }
  return undefined;
}

/**
 * The optimized float graph quantized: calibrated on itself, or for an online model on the offline graph
 * it came from, optimized the same way (its values keep their names, so their ranges carry over).
 */
async function toInt8(
  optimized: Optimized,
  calibrationGraph: IRGraph | undefined,
  weights: WeightSource,
  optimizeOptions: OptimizeOptions,
  request: Int8Request,
  target: Target,
  explain: ((note: ExplainNote) => void) | undefined,
): Promise<{ model: Int8Model; offline: { float: IRModule; int8: IRModule } } | string> {
  const offline = calibrationGraph ? optimize(calibrationGraph, weights, optimizeOptions) : optimized;
  const module = { graph: optimized.graph, weights: optimized.table };
  const float = { graph: offline.graph, weights: offline.table };
  const runtime = { target, ...(optimizeOptions.browser ? { browser: true } : {}), weightZeroPoint: await weightZeroPointFor(request, target) };
  const result = await quantizeInt8(module, float, request, runtime, explain ?? (() => {}));
  if ('error' in result) return result.error;
  // --validate compares offline models: an online model's offline form, quantized with the same ranges.
  const offlineInt8 = calibrationGraph ? applyInt8(float, result.ranges, request.keepFloat, runtime, () => {}).module : result.module;
  return { model: result, offline: { float, int8: offlineInt8 } };
}

/** The asked zero point of int8 convolution weights, else for onnxruntime's CPU the one it runs faster here. */
async function weightZeroPointFor(request: Int8Request, target: Target): Promise<0 | -1> {
  if (request.weightZeroPoint !== undefined) return request.weightZeroPoint;
  return target === 'ort-cpu' ? int8WeightZeroPoint() : 0;
}

/** The fp16 model, once onnxruntime (CPU) loads it; else why not, in one line. */
async function toCheckedFp16(model: IModelProto, options: Fp16Options): Promise<IModelProto | string> {
  const half = toFp16(model, options);
  if (initializerBytes(half) > PROTOBUF_LIMIT_BYTES) return half;
  try {
    const runner = await openFloatRunner(encodeModel(half));
    await runner.release();
    return half;
  } catch (error) {
    return firstLine(error);
  }
}

/** The contract's precision keys: none for fp32; the calibration of an int8 model. */
function precisionMetadata(precision: Precision, int8: CompileGraphOptions['int8']): Record<string, string> {
  if (precision === 'fp32') return {};
  const entries: Record<string, string> = { [CONTRACT_KEYS.precision]: encodePrecision(precision) };
  if (int8) entries[CONTRACT_KEYS.calibration] = encodeCalibration(calibrationRecord(int8));
  return entries;
}

/** An int8 online model's cache pairs with each uint8 cache's scale, zero point and layout. */
function int8CacheMetadata(metadata: Readonly<Record<string, string>> | undefined, graph: IRGraph): Record<string, string> {
  const text = metadata?.[CONTRACT_KEYS.onlineCaches];
  const parsed = text === undefined ? undefined : parseCachePairs(text);
  if (!parsed?.ok) return {};
  const pairs = parsed.value.map((pair) => {
    const value = graph.values[pair.input];
    if (value?.dtype !== 'u8' || !value.quant) return pair;
    return { ...pair, quant: { dtype: 'uint8' as const, scale: value.quant.scale, zeroPoint: value.quant.zeroPoint, layout: 'nhwc' as const } };
  });
  return { [CONTRACT_KEYS.onlineCaches]: encodeCachePairs(pairs) };
}

function calibrationRecord(int8: NonNullable<CompileGraphOptions['int8']>): Calibration {
  const hash = createHash('sha256');
  for (const clip of int8.clips.clips) hash.update(new Uint8Array(clip.data.buffer, clip.data.byteOffset, clip.data.byteLength));
  return {
    method: int8.method,
    ...(int8.method === 'percentile' ? { percentile: PERCENTILE } : {}),
    clips: int8.clips.clips.length,
    source: int8.source,
    sha256: hash.digest('hex'),
  };
}

/** onnxruntime lays out only what it can load from one buffer (under protobuf's 2 GiB). */
function wantsBlockedLayout(target: Target, options: CompileGraphOptions, model: IModelProto): boolean {
  const chosen = target === 'ort-cpu' && (options.cpuLayout ?? 'blocked') === 'blocked' && options.level !== 0;
  return chosen && initializerBytes(model) <= PROTOBUF_LIMIT_BYTES;
}

async function serialize(model: IModelProto, options: CompileGraphOptions, diagnostics: Diagnostic[]): Promise<Omit<CompileGraphResult, 'diagnostics'>> {
  const size = initializerBytes(model);
  const tooLarge = size > PROTOBUF_LIMIT_BYTES;
  if (!options.output) {
    if (tooLarge) {
      diagnostics.push(diagnose(ModelTooLarge, { bytes: size }));
      return {};
    }
    return { bytes: encodeModel(model), model };
  }
  if (tooLarge && !options.externalData) diagnostics.push(diagnose(ExternalDataRequired, { bytes: size }));
  const files: PlannedFile[] = [];
  let bytes: Uint8Array;
  if (options.externalData || tooLarge) {
    // Beside the file the model really is (a symbolic link -o is written through), where onnxruntime looks.
    const dataPath = `${await realpath(options.output).catch(() => options.output as string)}.data`;
    const split = splitExternalData(model, path.basename(dataPath));
    bytes = encodeModel(split.model);
    files.push({ path: dataPath, content: split });
  } else {
    bytes = encodeModel(model);
  }
  files.push({ path: options.output, content: bytes });
  try {
    await writeFilesAtomic(files, {
      protect: options.inputs ?? [],
      linksWithin: options.linksWithin ?? [],
      ...(options.maxWriteBytes !== undefined ? { maxWriteBytes: options.maxWriteBytes } : {}),
    });
  } catch (error) {
    const failed = failedOutput(error);
    const shown = failed !== undefined && failed !== options.output ? `${shownPath(options, options.output)}.data` : shownPath(options, options.output);
    diagnostics.push(diagnose(OutputUnwritable, { path: shown, reason: writeReason(error) }));
    return {};
  }
  return { bytes, model, written: files.map((f) => f.path) };
}

/**
 * The network's result is the model output `output` (`output_0`, `output_1`, ... for several), whatever
 * internal value produced it, so callers can rely on the name.
 */
function nameOutputs(graph: IRGraph): IRGraph {
  const names = graph.outputs.length === 1 ? ['output'] : graph.outputs.map((_, i) => `output_${i}`);
  return graph.outputs.reduce((g, id, i) => {
    const name = names[i] as string;
    const taken = name in g.values || g.inputs.includes(name);
    return taken || g.inputs.includes(id) ? g : renameValue(g, id, name);
  }, graph);
}

export function pickGraph(graphs: readonly IRGraph[], network: string | undefined, entryPath: string): { graph?: IRGraph; diagnostics: Diagnostic[] } {
  if (network !== undefined) {
    const graph = graphs.find((g) => g.name === network);
    if (graph) return { graph, diagnostics: [] };
    return { diagnostics: [diagnose(NetworkNotFound, { name: network, available: graphs.map((g) => g.name) })] };
  }
  const graph = graphs.at(-1);
  return graph ? { graph, diagnostics: [] } : { diagnostics: [diagnose(NoNetwork, { file: entryPath })] };
}

/** SHA-256 over every source file (sorted by path), so any edit to any imported file changes it. */
function sourceHash(sources: ReadonlyMap<string, Source>): string {
  const hash = createHash('sha256');
  for (const file of [...sources.keys()].sort()) {
    hash
      .update(file)
      .update('\0')
      .update(sources.get(file)?.text ?? '')
      .update('\0');
  }
  return hash.digest('hex');
}

function isItemList(sets: CompileFileOptions['sets']): sets is readonly string[] {
  return Array.isArray(sets);
}

function hasWarnings(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'warning');
}

/** A path as the user typed it, when the caller said so; else the path itself. */
function shownPath(options: CompileGraphOptions, file: string): string {
  return options.shownPaths?.get(file) ?? file;
}
