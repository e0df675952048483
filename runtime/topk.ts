/** The one top-k is portable/top-k.ts (node and the page share it); this name stays for runtime/video's importers. */
export { type Ranked, topK, topKPerItem } from '../portable/top-k.js';
