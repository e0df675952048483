/** Model metadata key listing an online model's cache pairs, as JSON `[{"input": ..., "output": ...}]`. */
export const CACHES_METADATA_KEY = 'vnet.online.caches';
