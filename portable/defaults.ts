/**
 * The defaults node (`vnetc run --stream`, `openStream`) and the browser page (`vnetc web`) share,
 * written once: a flag's default and the page's behaviour come from here.
 */

/** Frames averaged by the online consensus (the TSM online demo's moving average). */
export const DEFAULT_WINDOW = 8;

/** Classes shown per item (`vnetc run --top`, the page's list). */
export const DEFAULT_TOP = 5;
