/** A node's role and lines about a node as the user reads them, the same everywhere (SSH runs, upgrades, plans). */
import type { Lang } from "./lang.js";
import { t } from "./messages.js";

export type NodeRole = "first-control-plane" | "control-plane" | "worker";

export function roleText(lang: Lang, role: NodeRole): string {
  return t(lang, `run.role.${role}`);
}

/** A node as progress lines and plans name it: "10.0.0.11 (worker, node-1)", "cp-2 (control plane)". */
export function nodeLabel(lang: Lang, node: string, role: NodeRole, detail = ""): string {
  return t(lang, "run.nodeLabel", { node, role: roleText(lang, role), detail });
}

/** A line about one node (progress titles, log lines): its label, then what it says. */
export function nodeLine(lang: Lang, label: string, text: string): string {
  return t(lang, "run.nodeLine", { label, text });
}
