import type { IAttributeProto, IGraphProto, INodeProto, ITensorProto } from '../proto.js';

/** Who produces and who reads each value of a GraphProto, its initializers and known shapes. */
export class GraphLookup {
  private readonly producers = new Map<string, INodeProto>();
  private readonly readersOf = new Map<string, INodeProto[]>();
  private readonly initializers: Map<string, ITensorProto>;
  private readonly shapes = new Map<string, (number | undefined)[]>();
  private readonly outputs: Set<string>;

  constructor(readonly graph: IGraphProto) {
    for (const node of graph.node ?? []) {
      for (const out of node.output ?? []) this.producers.set(out, node);
      for (const input of node.input ?? []) {
        const list = this.readersOf.get(input);
        if (list) list.push(node);
        else this.readersOf.set(input, [node]);
      }
    }
    this.initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
    this.outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
    for (const v of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
      const dims = v.type?.tensorType?.shape?.dim;
      if (v.name && dims)
        this.shapes.set(
          v.name,
          dims.map((d) => (d.dimValue !== undefined && d.dimValue !== null ? Number(d.dimValue) : undefined)),
        );
    }
  }

  producer(value: string): INodeProto | undefined {
    return this.producers.get(value);
  }

  readers(value: string): readonly INodeProto[] {
    return this.readersOf.get(value) ?? [];
  }

  isOutput(value: string): boolean {
    return this.outputs.has(value);
  }

  /** An int64 initializer's values, or undefined when `value` is not one. */
  int64s(value: string | undefined): number[] | undefined {
    return value === undefined ? undefined : int64Values(this.initializers.get(value));
  }

  /** The value's dims as recorded in the graph (undefined for symbolic ones), when recorded. */
  shape(value: string): readonly (number | undefined)[] | undefined {
    return this.shapes.get(value);
  }
}

/** An int64 initializer's values (raw_data or int64_data), or undefined when it is not one. */
function int64Values(tensor: ITensorProto | undefined): number[] | undefined {
  if (tensor?.dataType !== 7) return undefined;
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
  }
  return (tensor.int64Data ?? []).map((v) => Number(v));
}

function attr(node: INodeProto, name: string): IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function intAttr(node: INodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.i === undefined || a.i === null ? fallback : Number(a.i);
}

export function stringAttr(node: INodeProto, name: string, fallback: string): string {
  const a = attr(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : fallback;
}
