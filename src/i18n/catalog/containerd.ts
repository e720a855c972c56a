import type { Entry } from "../entry.js";

/** Messages of the containerd area. Keys are prefixed "containerd." */
export const CONTAINERD_MESSAGES = {} satisfies Record<string, Entry>;
