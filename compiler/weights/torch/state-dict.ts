/**
 * Finds the state dict inside a checkpoint's object and lists its tensors. Training scripts wrap the
 * weights: official TSM `{epoch, arch, state_dict, optimizer, best_prec1}`, TimeSformer
 * `{epoch, model_state, optimizer_state, cfg}`, MMAction2 `{meta, state_dict}`; torchvision and the
 * TSM online demo save the state dict itself. Only the chosen dict is examined: the other entries
 * (optimizer state, configuration) are never looked at, so an object built by an unknown global there
 * is skipped as data. Inside the chosen dict, such an object is refused by name; so is a key built
 * by such a global in the file's dict (a str subclass would equal 'state_dict' in Python).
 *
 * Keys compare as in Python (dict-keys.ts): a key set twice keeps its last value, as torch.load does;
 * where that decides what vnet loads (the chosen entry, or a tensor name), the repeat is reported.
 */
import { shortName } from '../limits.js';
import type { NamedTensor } from '../tensor.js';
import type { TorchCheckpoint } from './checkpoint.js';
import { namedTensor } from './tensors.js';
import { describe, type PyDict, type PyValue } from './values.js';

/** Keys tried in this order when no --weights-key is given. */
export const STATE_DICT_KEYS = ['state_dict', 'model_state', 'model', 'module'];

export interface SelectedTensors {
  /** `state_dict`, `model_state`, ... or undefined for the file itself. */
  readonly key?: string;
  /** Keys of the file's top-level dict (when it is one). */
  readonly fileKeys: readonly string[];
  readonly tensors: NamedTensor[];
  /** A key set more than once where it decides what is loaded: the first such key, and how often. */
  readonly repeated?: RepeatedKey;
}

export interface RepeatedKey {
  readonly key: string;
  readonly times: number;
  /** `the file's dict` or `'state_dict'`. */
  readonly where: string;
  /** Other keys of the same dict set more than once. */
  readonly others: number;
}

export type Selected =
  | { readonly ok: true; readonly value: SelectedTensors }
  | {
      readonly ok: false;
      readonly error: string;
      /** An object built by a global outside the allow-list was needed: its name, and where it was. */
      readonly refused?: string;
      readonly where?: string;
      /** --weights-key named no entry: the key, and the file's keys. */
      readonly missingKey?: string;
      readonly keys?: readonly string[];
    };

export function selectTensors(checkpoint: TorchCheckpoint, key?: string): Selected {
  const root = checkpoint.root;
  if (!isDict(root)) return refuseOrFail(root, 'the file', 'a dict of tensors');
  for (const { key: k } of root.entries.values()) if (isOpaque(k)) return refuseOrFail(k, "a key of the file's dict", 'a plain key');
  const fileKeys = stringKeys(root);
  let chosen: PyDict = root;
  let chosenKey: string | undefined;
  if (key !== undefined) {
    const entry = root.entries.get(key);
    if (!entry) return { ok: false, error: `no key ${shortName(key)}`, missingKey: key, keys: fileKeys };
    if (!isDict(entry.value)) return refuseOrFail(entry.value, `${shortName(key)}`, 'a dict of tensors');
    [chosen, chosenKey] = [entry.value, key];
  } else if (!holdsTensors(root)) {
    const found = STATE_DICT_KEYS.find((k) => isDict(root.entries.get(k)?.value ?? null));
    if (found === undefined) {
      return { ok: false, error: `no state dict found: the file's keys are ${fileKeys.join(', ') || '(none)'}; choose one with --weights-key` };
    }
    [chosen, chosenKey] = [root.entries.get(found)?.value as PyDict, found];
  }
  const where = chosenKey === undefined ? 'the state dict' : `'${chosenKey}'`;
  const tensors: NamedTensor[] = [];
  for (const { key: name, value } of chosen.entries.values()) {
    if (typeof name !== 'string') return { ok: false, error: `${where} has a key that is not a string` };
    if (typeof value === 'object' && value !== null && value.kind === 'tensor') tensors.push(namedTensor(name, value, checkpoint));
    else return refuseOrFail(value, `${shortName(name)} in ${where}`, 'a tensor');
  }
  const repeated =
    chosenKey === undefined ? repeatedKey(root, "the file's dict") : (repeatedKey(root, "the file's dict", chosenKey) ?? repeatedKey(chosen, where));
  return { ok: true, value: { ...(chosenKey !== undefined ? { key: chosenKey } : {}), fileKeys, tensors, ...(repeated ? { repeated } : {}) } };
}

/** The first key of `dict` set more than once (only `only`, when given). */
function repeatedKey(dict: PyDict, where: string, only?: string): RepeatedKey | undefined {
  if (!dict.repeated) return undefined;
  const keys = [...dict.repeated.entries()].filter(([k]) => typeof k === 'string' && (only === undefined || k === only));
  const [first] = keys;
  if (first === undefined) return undefined;
  return { key: first[0] as string, times: first[1], where, others: only === undefined ? keys.length - 1 : 0 };
}

function isOpaque(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && v.kind === 'opaque';
}

function refuseOrFail(value: PyValue, what: string, expected: string): Selected {
  if (typeof value === 'object' && value !== null && value.kind === 'opaque') {
    return { ok: false, error: `${what} is built by the global '${value.global}', which vnet never calls`, refused: value.global, where: what };
  }
  return { ok: false, error: `${what} is ${describe(value)}, not ${expected}` };
}

function isDict(v: PyValue | undefined): v is PyDict {
  return typeof v === 'object' && v !== null && v.kind === 'dict';
}

function holdsTensors(dict: PyDict): boolean {
  for (const { value } of dict.entries.values()) if (typeof value === 'object' && value !== null && value.kind === 'tensor') return true;
  return false;
}

function stringKeys(dict: PyDict): string[] {
  return [...dict.entries.values()].map(({ key }) => (typeof key === 'string' ? key : describe(key)));
}
