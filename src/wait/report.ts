/**
 * The timeout report: what is still not ready and why, one block per stuck object. PURE (a
 * WaitResult in, localised lines out); the command prints them on stdout.
 */
import type { Finding } from "../doctor/finding.js";
import type { Lang } from "../i18n/lang.js";
import { render, t } from "../i18n/messages.js";
import { displayWidth } from "../i18n/width.js";
import { formatDuration } from "./duration.js";
import { waitPhaseTitle } from "./tasks.js";
import type { WaitResult } from "./wait.js";

/**
 * Evidence is the cluster's text verbatim; one huge event cannot flood the terminal, but the cause
 * is at the END of containerd's chained errors ("...: dial tcp ...: i/o timeout"), so a long line
 * keeps its head and its tail.
 */
const MAX_EVIDENCE = 600;

function clip(line: string): string {
  if (line.length <= MAX_EVIDENCE) return line;
  return `${line.slice(0, 200)} ... ${line.slice(-(MAX_EVIDENCE - 205))}`;
}

export function waitReport(lang: Lang, result: WaitResult, timeoutMs: number): string[] {
  const out = [t(lang, "wait.reportHeader", { timeout: formatDuration(timeoutMs) })];
  for (const p of result.phases) out.push(`  ${p.done ? "✓" : "✗"} ${waitPhaseTitle(lang, p)}`);
  if (result.findings.length > 0) out.push("");
  // Effects are listed under their cause (same engine and layout as doctor's report).
  const effectsOf = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (!f.causedBy) continue;
    const key = `${f.causedBy.id}\u0000${f.causedBy.object}`;
    effectsOf.set(key, [...(effectsOf.get(key) ?? []), f]);
  }
  for (const f of result.findings) {
    if (f.causedBy) continue;
    out.push(`✗ ${f.object}: ${render(lang, f.title)}  [${f.id}]`);
    for (const e of f.evidence) {
      const line = e.replace(/\s+/g, " ").trim();
      if (line) out.push(`    ${clip(line)}`);
    }
    // Fixes are often several commands, one a line: keep them under the label.
    const [first, ...rest] = render(lang, f.fix).split("\n");
    out.push(`    ${t(lang, "wait.fixLabel")}${first}`);
    const pad = " ".repeat(4 + displayWidth(t(lang, "wait.fixLabel")));
    for (const l of rest) out.push(`${pad}${l}`);
    const effects = effectsOf.get(`${f.id}\u0000${f.object}`) ?? [];
    if (effects.length > 0) {
      out.push(`    ${t(lang, "doctor.report.explains", { count: effects.length })}`);
      for (const e of effects) out.push(`      - ${e.object}: ${render(lang, e.title)}  [${e.id}]`);
    }
  }
  // wait judges whether the cluster is up, not every workload: say where it looked, and where to
  // look for the rest.
  if (result.scope && result.scope.length > 0)
    out.push("", t(lang, "wait.reportScope", { namespaces: result.scope.join(", ") }));
  if (result.lastError) out.push("", t(lang, "wait.unreachableAtEnd", { reason: result.lastError.message }));
  return out;
}
