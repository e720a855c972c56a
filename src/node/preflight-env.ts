/**
 * The Node port as the env of the host checks (preflight, doctor): their `probeSocket` takes a
 * rooted path (what `fs.resolve` gave), the node's probe takes the host path, on either adapter.
 */
import { posix } from "node:path";
import type { HostFs } from "../host/host-fs.js";
import type { PreflightEnv } from "../host/preflight/types.js";
import type { Node } from "./node.js";

/** Back from `fs.resolve(p)` to `p`. PURE. */
export function hostPathOf(fs: Pick<HostFs, "root">, rooted: string): string {
  const rel = posix.relative(fs.root, rooted);
  return rel.startsWith("..") || posix.isAbsolute(rel) ? rooted : `/${rel}`;
}

/**
 * Preflight's ports, from the node: its files, its commands, its sockets. One preflight only
 * reads, and several checks read the same files (os-release, /proc/modules, containerd's config):
 * each is read once per preflight (on a node over SSH every read is a round trip).
 */
/** `kubeadm`: the one the command runs (--kubeadm or found by node/binaries.ts), which preflight probes. */
export function preflightEnvOf(node: Node, kubeadm?: string): PreflightEnv {
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
    probeSocket: (rooted) => node.probe.socket(hostPathOf(node.fs, rooted)),
    ...(kubeadm !== undefined ? { kubeadm } : {}),
  };
}
