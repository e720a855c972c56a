/** The table printed after an SSH run: one row per host. PURE. */
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { roleText } from "../i18n/roles.js";
import { displayWidth, padEndDisplay } from "../i18n/width.js";
import type { HostOutcome } from "./hosts-state.js";

export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

export function renderHostTable(outcomes: HostOutcome[], lang: Lang): string {
  const head = [
    t(lang, "ssh.col.host"),
    t(lang, "ssh.col.role"),
    t(lang, "ssh.col.node"),
    t(lang, "ssh.col.result"),
    t(lang, "ssh.col.duration"),
    t(lang, "ssh.col.error"),
  ];
  const rows = outcomes.map((o) => [
    o.host.id,
    roleText(lang, o.host.role),
    o.host.nodeName ?? "-",
    o.ok ? t(lang, "ssh.result.joined") : t(lang, "ssh.result.failed", { step: o.step ?? "?" }),
    formatElapsed(o.durationMs),
    o.ok ? "" : (o.error ?? ""),
  ]);
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] as string))),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : padEndDisplay(c, widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

export function outcomeCounts(outcomes: HostOutcome[]): { joined: number; failed: number } {
  const joined = outcomes.filter((o) => o.ok).length;
  return { joined, failed: outcomes.length - joined };
}
