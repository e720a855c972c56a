/**
 * What kadm-wizard knows about released patches, from the image table (src/kubeadm/images.ts):
 * the newest patch per minor. Separate from version.ts, which images.ts itself imports.
 */
import { lastKnownPatch } from "../kubeadm/images.js";
import { type KubeVersion, parseKubeVersion } from "./version.js";

/** A minor without a patch: "1.33", "v1.33". */
const MINOR_RE = /^v?1\.(0|[1-9][0-9]*)$/;

/** The newest GA patch of a minor in the table, e.g. 33 -> v1.33.13; undefined for unknown minors. */
export function newestKnownPatch(minor: number): KubeVersion | undefined {
  const patch = lastKnownPatch(minor);
  return patch === undefined ? undefined : parseKubeVersion(`v1.${minor}.${patch}`);
}

export type MinorPin =
  | { kind: "pinned"; minor: string; version: string }
  | { kind: "unknown"; minor: string; value: number };

/**
 * "1.33" / "v1.33" -> the newest known patch of that minor (v1.33.13). Undefined when the text is
 * not a bare minor; "unknown" for a minor the table has no GA release of. Pure.
 */
export function pinMinor(text: string): MinorPin | undefined {
  const m = MINOR_RE.exec(text.trim());
  if (!m) return undefined;
  const minor = Number(m[1]);
  const newest = newestKnownPatch(minor);
  return newest
    ? { kind: "pinned", minor: `v1.${minor}`, version: newest.text }
    : { kind: "unknown", minor: `v1.${minor}`, value: minor };
}
