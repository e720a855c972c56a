import type { Entry } from "../entry.js";

/** Messages of the registry area. Keys are prefixed "registry." */
export const REGISTRY_MESSAGES = {} satisfies Record<string, Entry>;
