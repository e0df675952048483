import { onnx, type IModelProto, type ITensorProto } from './proto.js';

/** protobuf cannot serialize a message of 2 GiB or more; stay clear of it (the graph itself needs room). */
export const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 64 * 2 ** 20;

/** Tensors smaller than this stay inside the model, as onnx.save_model does. */
const MIN_EXTERNAL_BYTES = 1024;

/** Alignment of each tensor in the data file, so runtimes can map it directly. */
const ALIGN = 64;

export interface SplitModel {
  /** The model with large initializers pointing into the data file. */
  readonly model: IModelProto;
  /** What goes into the data file, at these offsets. */
  readonly chunks: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
  readonly dataLength: number;
}

/** Total bytes of the initializers' raw data. */
export function initializerBytes(model: IModelProto): number {
  return (model.graph?.initializer ?? []).reduce((n, t) => n + (t.rawData?.length ?? 0), 0);
}

/**
 * Moves large initializers to an external data file (`location` relative to the model file),
 * leaving the input model untouched.
 */
export function splitExternalData(model: IModelProto, location: string): SplitModel {
  const chunks: { offset: number; bytes: Uint8Array }[] = [];
  let offset = 0;
  const initializer = (model.graph?.initializer ?? []).map((t): ITensorProto => {
    const raw = t.rawData;
    if (!raw || raw.length < MIN_EXTERNAL_BYTES) return t;
    offset = Math.ceil(offset / ALIGN) * ALIGN;
    chunks.push({ offset, bytes: raw });
    const entry: ITensorProto = {
      ...t,
      rawData: null,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(raw.length) },
      ],
    };
    offset += raw.length;
    return entry;
  });
  return { model: { ...model, graph: { ...model.graph, initializer } }, chunks, dataLength: offset };
}
