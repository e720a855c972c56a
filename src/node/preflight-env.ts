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

export function preflightEnvOf(node: Node): PreflightEnv {
  return {
    fs: node.fs,
    runner: node.runner,
    probeSocket: (rooted) => node.probe.socket(hostPathOf(node.fs, rooted)),
  };
}
