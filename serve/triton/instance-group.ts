import type { InstanceGroupConfig } from './config.js';
import type { ServeOptions } from './options.js';

export function instanceGroup(options: ServeOptions): InstanceGroupConfig[] {
  return [{ count: options.instances, kind: options.gpu ? 'KIND_GPU' : 'KIND_CPU' }];
}
