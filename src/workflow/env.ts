/**
 * What a workflow step needs besides the Node it works on: the user's language, dry-run, Ctrl-C and
 * how progress is drawn. Nothing here touches a machine; that is the Node's job.
 */
import type { Context } from "../context.js";
import type { Lang } from "../i18n/lang.js";

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
