import type { Msg } from "../../i18n/messages.js";
import type { CheckId, CheckResult, CheckStatus } from "./types.js";

export function passed(id: CheckId, title: Msg, evidence: string): CheckResult {
  return { id, status: "pass", title, evidence };
}

/** A warn or fail always carries its fix, so nobody is left with a verdict and nothing to do. */
export function problem(
  id: CheckId,
  status: Exclude<CheckStatus, "pass">,
  title: Msg,
  evidence: string,
  fix: Msg,
): CheckResult {
  return { id, status, title, evidence, fix };
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worse(a: CheckStatus, b: CheckStatus): CheckStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/** Evidence for a file that was read: "path: first line" with the content's own spacing collapsed. */
export function fact(path: string, raw: string | undefined): string {
  if (raw === undefined) return `${path}: missing`;
  const text = raw.trim().replace(/\s+/g, " ");
  return `${path}: ${text === "" ? "(empty)" : text}`;
}

/** Fix for facts that could not be read at all: almost always not root, or a container without host /proc. */
export function unreadableFix(...files: string[]): Msg {
  return { key: "preflight.unreadable.fix", params: { files: files.join(", ") } };
}
