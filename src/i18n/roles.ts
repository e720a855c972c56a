/** A node's role as the user reads it: one word per role everywhere (SSH runs, upgrades, plans). */
import type { Lang } from "./lang.js";
import { t } from "./messages.js";

export type NodeRole = "first-control-plane" | "control-plane" | "worker";

export function roleText(lang: Lang, role: NodeRole): string {
  return t(lang, `run.role.${role}`);
}
