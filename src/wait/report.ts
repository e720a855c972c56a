/**
 * The timeout report: what is still not ready and why, one block per stuck object. PURE (a
 * WaitResult in, localised lines out); the command prints them on stdout.
 */
import type { Lang } from "../i18n/lang.js";
import { render, t } from "../i18n/messages.js";
import { formatDuration } from "./duration.js";
import { phaseTitle } from "./tasks.js";
import type { WaitResult } from "./wait.js";

/** Evidence is the cluster's text verbatim; cap it so one huge event cannot flood the terminal. */
const MAX_EVIDENCE = 300;

export function waitReport(lang: Lang, result: WaitResult, timeoutMs: number): string[] {
  const out = [t(lang, "wait.reportHeader", { timeout: formatDuration(timeoutMs) })];
  for (const p of result.phases) out.push(`  ${p.done ? "✓" : "✗"} ${phaseTitle(lang, p)}`);
  if (result.findings.length > 0) out.push("");
  for (const f of result.findings) {
    out.push(`✗ ${f.object}: ${render(lang, f.title)}  [${f.id}]`);
    for (const e of f.evidence) {
      const line = e.replace(/\s+/g, " ").trim();
      if (line) out.push(`    ${line.length > MAX_EVIDENCE ? `${line.slice(0, MAX_EVIDENCE)}...` : line}`);
    }
    if (f.fix) {
      // Fixes are often several commands, one a line: keep them under the label.
      const [first, ...rest] = render(lang, f.fix).split("\n");
      out.push(`    ${t(lang, "wait.fixLabel")}${first}`);
      const pad = " ".repeat(4 + t(lang, "wait.fixLabel").length);
      for (const l of rest) out.push(`${pad}${l}`);
    }
  }
  if (result.lastError) out.push("", t(lang, "wait.unreachableAtEnd", { reason: result.lastError.message }));
  return out;
}
