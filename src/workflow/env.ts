/**
 * What a workflow step needs besides the Node it works on: the user's language, dry-run, Ctrl-C and
 * how progress is drawn. Nothing here touches a machine; that is the Node's job.
 */
import type { Context } from "../context.js";
import type { PreflightEnv } from "../host/preflight/types.js";
import type { Lang } from "../i18n/lang.js";
import type { Node } from "../node/node.js";

export interface NodeEnv {
  lang: Lang;
  dryRun: boolean;
  /** Aborted on Ctrl-C: long steps (kubeadm, pulls) stop; the workflow stops between steps. */
  signal: AbortSignal;
  /** Progress is drawn on a terminal: the latest kubeadm line is shown in place. */
  liveOutput: boolean;
  /** kubeadm on this node: --kubeadm locally, "kubeadm" from PATH on another node. */
  kubeadmPath: string;
  /** The user kadm-wizard was started for with sudo: gets a kubeconfig copy too (local only). */
  sudoUser?: string | undefined;
}

/** The env of this machine's workflow, from the command's context. */
export function localEnv(ctx: Context): NodeEnv {
  return {
    lang: ctx.lang,
    dryRun: ctx.dryRun,
    signal: ctx.signal,
    liveOutput: ctx.stderrIsTTY,
    kubeadmPath: ctx.kubeadmPath,
    sudoUser: ctx.env.SUDO_USER,
  };
}

/** The host path of a path under the node's root (preflight hands probes rooted paths). */
function hostPathOf(node: Node, rooted: string): string {
  const root = node.fs.root.replace(/\/+$/, "");
  return root !== "" && rooted.startsWith(`${root}/`) ? rooted.slice(root.length) : rooted;
}

/** Preflight's ports, from the node: its files, its commands, its sockets. */
export function preflightEnv(node: Node): PreflightEnv {
  return {
    fs: node.fs,
    runner: node.runner,
    probeSocket: (rooted) => node.probe.socket(hostPathOf(node, rooted)),
  };
}
