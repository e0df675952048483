/**
 * The `metadata_props` of an ONNX ModelProto (field 14), read straight from the bytes.
 * onnxruntime-node does not expose them, and decoding the whole model would copy every
 * weight; this walks only the top-level fields and skips the graph unread.
 */
const METADATA_PROPS = 14;

export function readModelMetadata(bytes: Uint8Array): Map<string, string> {
  const props = new Map<string, string>();
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const tag = reader.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === METADATA_PROPS && wire === 2) {
      const entry = readEntry(reader.bytes());
      if (entry) props.set(entry[0], entry[1]);
    } else if (!reader.skip(wire)) {
      break;
    }
  }
  return props;
}

/** A StringStringEntryProto: key = 1, value = 2. */
export function readEntry(bytes: Uint8Array): [string, string] | undefined {
  const reader = new WireReader(bytes);
  let key = '';
  let value = '';
  const text = new TextDecoder();
  while (!reader.done()) {
    const tag = reader.varint();
    if (tag === (1 << 3) + 2) key = text.decode(reader.bytes());
    else if (tag === (2 << 3) + 2) value = text.decode(reader.bytes());
    else if (!reader.skip(tag & 7)) return undefined;
  }
  return [key, value];
}

export class WireReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** A varint as a number; lengths and tags of real models fit in 2^53. */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) {
        this.pos = this.buf.length;
        return 0;
      }
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  bytes(): Uint8Array {
    const length = this.varint();
    const start = this.pos;
    this.pos = Math.min(this.buf.length, start + length);
    return this.buf.subarray(start, this.pos);
  }

  /** Skips one value of wire type `wire`; false for groups and unknown types (stop reading). */
  skip(wire: number): boolean {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else return false;
    return true;
  }
}
