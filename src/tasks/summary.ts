/** The end of `init`: what was built and how to join more nodes. Pure rendering over plain data. */
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { displayWidth, padEndDisplay } from "../i18n/width.js";
import { formatJoinCommand, type JoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import { redactSecrets } from "../kubeadm/secrets.js";

/**
 * The CA hash of a planned join command (dry run): the CA only exists after kubeadm init. A valid-looking
 * pin so the command formats like a real one; rendering replaces it with a readable placeholder.
 */
export const PLANNED_CA_HASH = `sha256:${"0".repeat(64)}`;

export interface NodeLine {
  name: string;
  ready: boolean;
  roles: string[];
  version: string;
}

export interface InitSummary {
  endpoint: string;
  kubernetesVersion: string;
  /** Undefined when the API could not be asked. */
  nodes: NodeLine[] | undefined;
  /** As kubeadm printed them; in a dry run the planned commands (token known, CA hash not yet). */
  joinCommands: {
    worker?: string | JoinCommand | undefined;
    controlPlane?: string | JoinCommand | undefined;
  };
  files: { config: string; joinCommands: string; log?: string | undefined };
  kubeconfigs: string[];
  dryRun: boolean;
}

function both(
  raw: string | JoinCommand | undefined,
  lang: Lang = "en",
): { kadm: string; kubeadm: string } | undefined {
  if (!raw) return undefined;
  if (typeof raw !== "string") {
    // Planned: secrets masked as everywhere else in a dry run, the CA hash named for what it is.
    const fill = (s: string) =>
      redactSecrets(s).replaceAll(PLANNED_CA_HASH, `sha256:<${t(lang, "init.summary.caHashLater")}>`);
    return {
      kadm: fill(formatJoinCommand(raw, { kadm: true })),
      kubeadm: fill(formatJoinCommand(raw, { kadm: false })),
    };
  }
  const p = parseJoinCommand(raw);
  if (!p.ok) return { kadm: raw, kubeadm: raw };
  return {
    kadm: formatJoinCommand(p.join, { kadm: true }),
    kubeadm: formatJoinCommand(p.join, { kadm: false }),
  };
}

/** The saved join-command file: both forms of each command, one per line, with comments. */
export function joinCommandsFile(s: InitSummary["joinCommands"]): string {
  const lines = [
    "# join commands printed by kadm-wizard init; they hold a bootstrap token: keep this file private",
  ];
  const w = both(s.worker);
  const c = both(s.controlPlane);
  if (w) lines.push("# worker", w.kadm, w.kubeadm);
  if (c) lines.push("# control plane", c.kadm, c.kubeadm);
  return `${lines.join("\n")}\n`;
}

export function renderSummary(s: InitSummary, lang: Lang): string {
  const out: string[] = [""];
  out.push(t(lang, s.dryRun ? "init.summary.dryRun" : "init.summary.title"));
  out.push(`  ${t(lang, "init.summary.endpoint")}: https://${s.endpoint}`);
  out.push(`  ${t(lang, "init.summary.version")}: ${s.kubernetesVersion}`);
  if (s.nodes && s.nodes.length > 0) {
    out.push(`  ${t(lang, "init.summary.nodes")}:`);
    // kubectl's columns (NAME STATUS ROLES VERSION), aligned like `kubectl get nodes`.
    const rows = s.nodes.map((n) => [
      n.name,
      n.ready ? "Ready" : "NotReady",
      n.roles.join(",") || "<none>",
      n.version,
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => displayWidth(r[i] as string))));
    for (const r of rows)
      out.push(`    ${r.map((c, i) => (i < 3 ? padEndDisplay(c, widths[i] as number) : c)).join("  ")}`);
  }
  for (const k of s.kubeconfigs) out.push(`  kubeconfig: ${k}`);
  const w = both(s.joinCommands.worker, lang);
  const c = both(s.joinCommands.controlPlane, lang);
  const rule = "=".repeat(72);
  if (w || c) {
    out.push("", rule);
    if (w) {
      out.push(
        t(lang, "init.summary.joinWorker"),
        "",
        `  ${w.kadm}`,
        "",
        t(lang, "init.summary.rawForm"),
        `  ${w.kubeadm}`,
      );
    }
    if (c) {
      out.push(
        "",
        t(lang, "init.summary.joinControlPlane"),
        "",
        `  ${c.kadm}`,
        "",
        t(lang, "init.summary.rawForm"),
        `  ${c.kubeadm}`,
      );
      out.push("", t(lang, "init.summary.certKeyTtl"));
    }
    out.push(
      rule,
      "",
      s.dryRun
        ? t(lang, "init.summary.plannedJoin", { path: s.files.joinCommands })
        : t(lang, "init.summary.saved", { path: s.files.joinCommands }),
      t(lang, "init.summary.tokenTtl"),
    );
  }
  return `${out.join("\n")}\n`;
}

export function summaryJson(s: InitSummary): Record<string, unknown> {
  const form = (raw: string | JoinCommand | undefined) => {
    const b = both(raw);
    return b ? { kadmWizard: b.kadm, kubeadm: b.kubeadm } : undefined;
  };
  return {
    status: s.dryRun ? "planned" : "ready",
    endpoint: `https://${s.endpoint}`,
    kubernetesVersion: s.kubernetesVersion,
    ...(s.nodes ? { nodes: s.nodes } : {}),
    joinCommands: { worker: form(s.joinCommands.worker), controlPlane: form(s.joinCommands.controlPlane) },
    kubeconfigs: s.kubeconfigs,
    files: s.files,
  };
}

export type { JoinCommand };
