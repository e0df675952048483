import { irVersionFor } from './opset.js';
import type { IGraphProto, IModelProto } from './proto.js';

export interface ModelParts {
  readonly graph: IGraphProto;
  readonly opset: number;
  /** Extra operator domains and their versions, e.g. `com.microsoft: 1`. */
  readonly domains: Readonly<Record<string, number>>;
  readonly producerVersion: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export function emitModelProto(parts: ModelParts): IModelProto {
  return {
    irVersion: irVersionFor(parts.opset),
    opsetImport: [{ domain: '', version: parts.opset }, ...Object.entries(parts.domains).map(([domain, version]) => ({ domain, version }))],
    producerName: 'vnet',
    producerVersion: parts.producerVersion,
    graph: parts.graph,
    metadataProps: Object.entries(parts.metadata)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value })),
  };
}
