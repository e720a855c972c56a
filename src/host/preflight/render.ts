import { localiseEvidence } from "../../i18n/evidence.js";
import type { Lang } from "../../i18n/lang.js";
import { render } from "../../i18n/messages.js";
import type { CheckResult, CheckStatus } from "./types.js";

export interface PreflightSummary {
  failed: number;
  warned: number;
  passed: number;
}

export function summarizePreflight(results: readonly CheckResult[]): PreflightSummary {
  const count = (s: CheckStatus) => results.filter((r) => r.status === s).length;
  return { failed: count("fail"), warned: count("warn"), passed: count("pass") };
}

const SYMBOL: Record<CheckStatus, string> = { pass: "✓", warn: "!", fail: "✗" };

/** One line per check (symbol, title, evidence); the fix, one command a line, indented under it. */
export function renderPreflight(results: readonly CheckResult[], lang: Lang): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${SYMBOL[r.status]} ${render(lang, r.title)} (${localiseEvidence(lang, r.evidence)})`);
    if (r.status !== "pass" && r.fix) {
      for (const l of render(lang, r.fix).split("\n")) lines.push(`    ${l}`);
    }
  }
  return lines.join("\n");
}
