import type { Entry } from "../entry.js";

/** Messages of the preflight area. Keys are prefixed "preflight." */
export const PREFLIGHT_MESSAGES = {} satisfies Record<string, Entry>;
