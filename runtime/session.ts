import { firstLine } from '../ort/first-line.js';
import { RuntimeError } from './errors.js';
import { readBinary } from './files.js';
import { readModelMetadata } from '../contract/read-metadata.js';
import { externalTensors } from '../contract/external-tensors.js';
import { ExternalDataRefusal, checkExternalData } from '../io/external-data.js';
import { nchwcBlockSize } from '../ort/nchwc-block.js';
import { createSession } from '../ort/create-session.js';
import { type ModelContract, readContract } from '../contract/model-contract.js';
import { untrainedWarning } from '../portable/untrained.js';
import { loadOrt, type OrtSession } from '../ort/ort.js';
import { KNOWN_PROVIDERS, displayName, isProviderName, listProviders, providerAvailability, type ProviderName } from '../ort/providers.js';

export interface SessionOptions {
  /** Execution providers in order of preference, e.g. ['cuda', 'cpu']; default ['cpu']. */
  readonly providers?: readonly string[];
  /** intraOpNumThreads; left to onnxruntime when absent. */
  readonly threads?: number;
  /** What messages call the model (default: its path, or 'the model' for bytes). */
  readonly name?: string;
  /** Receives each note (e.g. a provider fallback) as it happens. */
  readonly log?: (line: string) => void;
  /** The command's other input files (labels, clips): a model's external data may not name them. */
  readonly inputs?: readonly string[];
}

export interface OpenedSession {
  readonly session: OrtSession;
  /** The providers the session was created with, in order. */
  readonly providers: string[];
  /** One line per thing the user should know, e.g. that CUDA was unavailable. */
  readonly notes: string[];
  /** What the model says about itself (contract/): precision, calibration, caches, ... */
  readonly contract: ModelContract;
  /** The external data files the model reads (checked by io/external-data.ts before onnxruntime opens them). */
  readonly dataFiles: readonly string[];
}

/**
 * Opens a model with the requested execution providers. A GPU provider that cannot load
 * (binaries absent, or its creation fails) falls back to CPU with exactly one note; an
 * unknown provider name, an unreadable file or bytes that are not an ONNX model throw
 * a RuntimeError whose message is one line.
 */
export async function openSession(model: Uint8Array | string, options: SessionOptions = {}): Promise<OpenedSession> {
  // First, so a lean install says what to install before anything is read.
  await loadOrt();
  const requested = normalizeProviders(options.providers ?? ['cpu']);
  const bytes = typeof model === 'string' ? await readBinary(model, options.name) : model;
  const label = options.name !== undefined ? `'${options.name}'` : typeof model === 'string' ? `'${model}'` : 'the model';
  if (bytes.length === 0) throw modelError(label, new Error('Model data pointer is null'));
  const notes: string[] = [];
  const note = (line: string): void => {
    notes.push(line);
    options.log?.(line);
  };

  const contract = await checkCpuLayout(bytes, label);
  const dataFiles = typeof model === 'string' ? externalDataFiles(model, bytes, label, options.inputs ?? []) : [];
  warnUntrained(bytes, note);

  const unavailable = (await Promise.all(requested.map(providerAvailability))).flatMap((a) => (a.available ? [] : [{ name: a.name, reason: a.reason }]));
  let providers = withCpuLast(requested.filter((name) => !unavailable.some((u) => u.name === name)));
  if (unavailable.length > 0) note(fallbackLine(unavailable, providers, await installedProviders()));

  // A file is opened by its path, so onnxruntime finds its external data (`<model>.onnx.data`) beside it.
  const source = typeof model === 'string' ? model : bytes;
  try {
    return { session: await create(source, providers, options.threads), providers, notes, dataFiles, contract };
  } catch (error) {
    const gpu = providers.filter((name) => name !== 'cpu');
    if (gpu.length === 0 || notOnnxReason(error) !== undefined) throw modelError(label, error);
    const reason = `it failed to load: ${firstLine(error)}`;
    providers = ['cpu'];
    note(
      fallbackLine(
        gpu.map((name) => ({ name, reason })),
        providers,
        await installedProviders(),
      ),
    );
    try {
      return { session: await create(source, providers, options.threads), providers, notes, dataFiles, contract };
    } catch (retryError) {
      throw modelError(label, retryError);
    }
  }
}

/**
 * A model compiled with `--target ort-cpu` may be laid out for onnxruntime's NCHWc blocks of the CPU
 * it was compiled on (compiler/emit/ort-cpu/nchwc-layout.ts); on a CPU with other blocks onnxruntime
 * would read its weights wrongly, so it is refused here, saying what to do.
 */
/** The model's contract, once its blocked layout (if any) is known to fit this CPU. */
async function checkCpuLayout(bytes: Uint8Array, label: string): Promise<ModelContract> {
  const contract = readContract(readModelMetadata(bytes));
  if (!contract.ok) throw new RuntimeError('model', `${label}: ${contract.error}`);
  const wanted = contract.value.nchwcBlock;
  if (wanted === undefined) return contract.value;
  const here = await nchwcBlockSize();
  if (here === wanted) return contract.value;
  const cpu = here === 0 ? 'onnxruntime uses no NCHWc layout on this CPU' : `this CPU's block is ${here}`;
  throw new RuntimeError(
    'model',
    `${label} is laid out for onnxruntime CPUs with NCHWc blocks of ${wanted} channels, and ${cpu}: compile it again on this machine, or with --cpu-layout plain to run on any CPU`,
  );
}

/** A model whose contract says its weights are seeded initial values says so (every run mode opens its model here). */
function warnUntrained(bytes: Uint8Array, note: (line: string) => void): void {
  const contract = readContract(readModelMetadata(bytes));
  const warning = contract.ok ? untrainedWarning(contract.value) : undefined;
  if (warning !== undefined) note(`vnetc: warning: ${warning}`);
}

/** The data files a model stored in a file reads, each allowed by io/external-data.ts's rules, else refused. */
function externalDataFiles(model: string, bytes: Uint8Array, label: string, inputs: readonly string[]): string[] {
  const found = externalTensors(bytes);
  if (!found.ok) throw new RuntimeError('model', `${label}: ${found.error}`);
  if (found.value.length === 0) return [];
  try {
    return checkExternalData(model, found.value, inputs).map((f) => f.path);
  } catch (error) {
    if (error instanceof ExternalDataRefusal) throw new RuntimeError('model', `${label}: ${error.message}`);
    throw error;
  }
}

/** Checks and lower-cases provider names; unknown ones are a usage error naming the known ones. */
export function normalizeProviders(names: readonly string[]): ProviderName[] {
  const out: ProviderName[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (!isProviderName(name)) {
      throw new RuntimeError('usage', `unknown execution provider '${raw.trim()}' (known: ${KNOWN_PROVIDERS.join(', ')})`);
    }
    if (!out.includes(name)) out.push(name);
  }
  return out.length > 0 ? out : ['cpu'];
}

/** CPU stays the last resort, so a GPU provider's absence never leaves nothing to run on. */
function withCpuLast(names: readonly ProviderName[]): ProviderName[] {
  return names.includes('cpu') ? [...names] : [...names, 'cpu'];
}

async function installedProviders(): Promise<string> {
  return (await listProviders())
    .filter((p) => p.available)
    .map((p) => p.name)
    .join(', ');
}

function fallbackLine(missing: readonly { name: ProviderName; reason: string }[], remaining: readonly ProviderName[], installed: string): string {
  const names = missing.map((m) => displayName(m.name)).join(' and ');
  const noun = missing.length === 1 ? 'provider' : 'providers';
  const reason = missing[0]?.reason ?? 'unavailable';
  const target = remaining.map(displayName).join(', ');
  return `vnetc: ${names} ${noun} unavailable (${reason}); running on ${target} (this installation has: ${installed})`;
}

function create(model: Uint8Array | string, providers: readonly ProviderName[], threads: number | undefined): Promise<OrtSession> {
  return createSession(model, { providers, ...(threads !== undefined ? { threads } : {}) });
}

/** Why bytes are not an ONNX model, in words, or undefined when the failure is something else. */
function notOnnxReason(error: unknown): string | undefined {
  const message = firstLine(error);
  if (/protobuf parsing failed/i.test(message)) return 'protobuf parsing failed';
  if (/no graph was found|does not have a graph/i.test(message)) return 'it has no graph';
  if (/model data pointer is null/i.test(message)) return 'the file is empty';
  return undefined;
}

function modelError(label: string, error: unknown): RuntimeError {
  const notOnnx = notOnnxReason(error);
  if (notOnnx !== undefined) return new RuntimeError('model', `${label} is not an ONNX model: ${notOnnx}`);
  return new RuntimeError('model', `cannot load ${label}: ${firstLine(error)}`);
}
