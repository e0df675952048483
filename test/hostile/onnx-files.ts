/**
 * Tiny ONNX models for the hostile cases, built in the test: a batched `y = x + w` whose `w` may live
 * in an external data file of any name (the model's neighbour, the model itself, a link), and the
 * online model `vnetc web` takes.
 */
import onnxProto from 'onnx-proto';
import { SMALL_ONLINE, onlineModel } from '../web/helpers.js';
import { valueInfo } from '../runtime/models.js';

const { onnx } = onnxProto;

/**
 * `y = x + w` over [N, width]; `w` inline ([1, 2, 3, 4] when 4 wide), or at `location` (offset 0,
 * 4 * width bytes) when given.
 */
export function addModel(location?: string, width = 4): Uint8Array {
  const w =
    location === undefined
      ? { name: 'w', dataType: onnx.TensorProto.DataType.FLOAT, dims: [width], floatData: Array.from({ length: width }, (_, i) => i + 1) }
      : {
          name: 'w',
          dataType: onnx.TensorProto.DataType.FLOAT,
          dims: [width],
          dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
          externalData: [
            { key: 'location', value: location },
            { key: 'offset', value: '0' },
            { key: 'length', value: String(4 * width) },
          ],
        };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'vnet-test',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'add',
      input: [valueInfo('x', ['N', width])],
      output: [valueInfo('y', ['N', width])],
      initializer: [w],
      node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'], name: 'add' }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The 16 bytes of `w` = [1, 2, 3, 4] as float32. */
export const ADD_DATA = new Uint8Array(Float32Array.from([1, 2, 3, 4]).buffer);

let webModel: Uint8Array | undefined;

/** An online model `vnetc web` accepts (portable target, caches in its contract). */
export function webOnlineModel(): Uint8Array {
  webModel ??= onlineModel(SMALL_ONLINE);
  return webModel;
}

/** A private key's worth of text: what a neighbouring `id_rsa` holds. */
export const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n'.repeat(6)}-----END OPENSSH PRIVATE KEY-----\n`;

/** A safetensors file of float32 tensors (header, then the data in order). */
export function safetensors(tensors: Record<string, { dims: number[]; data: readonly number[] }>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape: t.dims, data_offsets: [offset, offset + 4 * t.data.length] };
    offset += 4 * t.data.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  const data = Buffer.from(Float32Array.from(Object.values(tensors).flatMap((t) => [...t.data])).buffer);
  return Buffer.concat([size, json, data]);
}
