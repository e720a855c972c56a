/**
 * What a workflow step needs besides the Node it works on: the user's language, dry-run, Ctrl-C and
 * how progress is drawn. Nothing here touches a machine; that is the Node's job.
 */
import type { Context } from "../context.js";
import type { HostFs } from "../host/host-fs.js";
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

/**
 * Preflight's ports, from the node: its files, its commands, its sockets. One preflight only
 * reads, and several checks read the same files (os-release, /proc/modules, containerd's config):
 * each is read once per preflight (on a node over SSH every read is a round trip).
 */
export function nodePreflightEnv(node: Node): PreflightEnv {
  const memo = <T>(cache: Map<string, Promise<T>>, key: string, f: () => Promise<T>): Promise<T> => {
    let p = cache.get(key);
    if (!p) {
      p = f();
      cache.set(key, p);
    }
    return p;
  };
  const reads = new Map<string, Promise<string | undefined>>();
  const exists = new Map<string, Promise<boolean>>();
  const lists = new Map<string, Promise<string[]>>();
  const fs: HostFs = {
    root: node.fs.root,
    dryRun: node.fs.dryRun,
    resolve: (p) => node.fs.resolve(p),
    read: (p) => memo(reads, p, () => node.fs.read(p)),
    exists: (p) => memo(exists, p, () => node.fs.exists(p)),
    list: (p) => memo(lists, p, () => node.fs.list(p)),
    write: (p, c, o) => node.fs.write(p, c, o),
    mkdir: (p, o) => node.fs.mkdir(p, o),
    remove: (p) => node.fs.remove(p),
  };
  return {
    fs,
    runner: node.runner,
    probeSocket: (rooted) => node.probe.socket(hostPathOf(node, rooted)),
  };
}
