/**
 * Protobuf text format (what Triton reads as `config.pbtxt`) written from a message's reflection: every
 * field name must be one of the message's fields and every value must have the field's type, so a
 * misspelled field or a wrong type is an error here, never a file Triton rejects at load.
 */
import protobuf from 'protobufjs';

const INDENT = '  ';

/** `value` (plain data, field names as in the .proto) as text format of message `type`. */
export function writeTextFormat(type: protobuf.Type, value: object): string {
  return messageBody(type, value, '', type.name);
}

function messageBody(type: protobuf.Type, value: object, indent: string, where: string): string {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  for (const [key] of entries) {
    if (!type.fields[key]) throw new Error(`${where}: '${key}' is not a field of ${type.fullName.slice(1)}`);
  }
  const present = new Map(entries);
  // Declaration order, as Triton's own examples and protobuf's printers write it.
  return type.fieldsArray
    .filter((f) => present.has(f.name))
    .map((f) => fieldText(f, present.get(f.name), indent, `${where}.${f.name}`))
    .join('');
}

function fieldText(field: protobuf.Field, value: unknown, indent: string, where: string): string {
  if (field.map) return mapText(field as unknown as protobuf.MapField, value, indent, where);
  if (field.repeated) {
    if (!Array.isArray(value)) throw new Error(`${where}: a repeated field takes a list`);
    return value.map((item, i) => singleText(field, item, indent, `${where}[${i}]`)).join('');
  }
  return singleText(field, value, indent, where);
}

/** What writing one value needs of a field (a Field or a MapField's value side). */
interface FieldLike {
  readonly name: string;
  readonly type: string;
  readonly resolvedType: protobuf.Type | protobuf.Enum | null;
}

function singleText(field: FieldLike, value: unknown, indent: string, where: string): string {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: ${resolved.name} takes an object`);
    const body = messageBody(resolved, value, indent + INDENT, where);
    return `${indent}${field.name} {\n${body}${indent}}\n`;
  }
  return `${indent}${field.name}: ${scalarText(field.type, resolved, value, where)}\n`;
}

function mapText(field: protobuf.MapField, value: unknown, indent: string, where: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: a map takes an object`);
  const inner = indent + INDENT;
  return Object.entries(value)
    .map(([key, item]) => {
      const keyText = `${inner}key: ${scalarText(field.keyType, null, key, `${where}.key`)}\n`;
      const valueText = singleText(field, item, inner, `${where}[${key}]`).replace(`${inner}${field.name}`, `${inner}value`);
      return `${indent}${field.name} {\n${keyText}${valueText}${indent}}\n`;
    })
    .join('');
}

const INTEGER = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const UNSIGNED = new Set(['uint32', 'fixed32', 'uint64', 'fixed64']);

function scalarText(type: string, resolved: protobuf.Type | protobuf.Enum | null, value: unknown, where: string): string {
  if (resolved instanceof protobuf.Enum) {
    if (typeof value !== 'string' || !(value in resolved.values)) throw new Error(`${where}: '${String(value)}' is not a value of ${resolved.name}`);
    return value;
  }
  if (INTEGER.has(type)) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error(`${where}: ${type} takes a whole number, got ${String(value)}`);
    if (UNSIGNED.has(type) && value < 0) throw new Error(`${where}: ${type} cannot be negative`);
    if (type.endsWith('32') && (value > 0xffffffff || value < -0x80000000)) throw new Error(`${where}: ${value} does not fit ${type}`);
    return String(value);
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new Error(`${where}: bool takes true or false`);
    return String(value);
  }
  if (type === 'float' || type === 'double') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${where}: ${type} takes a finite number`);
    return String(value);
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw new Error(`${where}: string takes text`);
    return quote(value);
  }
  throw new Error(`${where}: fields of type ${type} are not written by vnet`);
}

/** A text-format string: printable ASCII as is, quotes and backslashes escaped, every other byte in octal. */
function quote(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}
