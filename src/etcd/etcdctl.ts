/**
 * How etcdctl / etcdutl are run on a Node: an etcdctl binary on the host, or inside the etcd static
 * pod's container (`crictl exec`), which has etcdctl and mounts the data dir and the etcd PKI at the
 * same host paths. Restores need etcdutl (etcd >= 3.5) or etcdctl (3.4) on the host: etcd is
 * stopped then, so there is no container to exec into.
 */
import type { RunResult } from "../host/runner.js";
import type { Node } from "../node/node.js";

/** The client certificate kubeadm's own etcd probes use (phases/etcd/local.go, the old etcdctl liveness probe). */
export const ETCD_PKI = {
  ca: "/etc/kubernetes/pki/etcd/ca.crt",
  cert: "/etc/kubernetes/pki/etcd/healthcheck-client.crt",
  key: "/etc/kubernetes/pki/etcd/healthcheck-client.key",
};

export type EtcdctlVia = { kind: "host" } | { kind: "container"; id: string };

/** PURE: the TLS and endpoint flags (host paths resolved by the caller: --root, or none inside the pod). */
export function clientFlags(endpoint: string, resolve: (p: string) => string): string[] {
  return [
    `--endpoints=${endpoint}`,
    `--cacert=${resolve(ETCD_PKI.ca)}`,
    `--cert=${resolve(ETCD_PKI.cert)}`,
    `--key=${resolve(ETCD_PKI.key)}`,
  ];
}

/** Host etcdctl first; else the running etcd container (crictl ps --name etcd). */
export async function findEtcdctl(node: Node): Promise<EtcdctlVia | undefined> {
  const v = await node.runner.run(["etcdctl", "version"], { timeoutMs: 10_000 });
  if (v.exitCode === 0) return { kind: "host" };
  const ps = await node.runner.run(["crictl", "ps", "--name", "^etcd$", "--state", "Running", "-q"], {
    timeoutMs: 20_000,
  });
  const id = ps.exitCode === 0 ? ps.stdout.trim().split("\n")[0] : undefined;
  return id ? { kind: "container", id } : undefined;
}

/** Runs `etcdctl ARGS` the chosen way; paths in ARGS are already what that side sees. */
export function runEtcdctl(
  node: Node,
  via: EtcdctlVia,
  args: readonly string[],
  timeoutMs = 300_000,
): Promise<RunResult> {
  const argv = via.kind === "host" ? ["etcdctl", ...args] : ["crictl", "exec", via.id, "etcdctl", ...args];
  return node.runner.run(argv, { timeoutMs, env: { ETCDCTL_API: "3" } });
}

/** The offline tool for status/restore: etcdutl (>= 3.5; etcdctl's copies are deprecated there), else etcdctl 3.4. */
export async function findOfflineTool(node: Node): Promise<"etcdutl" | "etcdctl" | undefined> {
  for (const tool of ["etcdutl", "etcdctl"] as const) {
    const r = await node.runner.run([tool, "version"], { timeoutMs: 10_000 });
    if (r.exitCode === 0) return tool;
  }
  return undefined;
}

/** PURE: `snapshot status -w json` -> revision and key count. */
export function parseSnapshotStatus(
  stdout: string,
): { hash: number; revision: number; totalKey: number } | undefined {
  try {
    const j = JSON.parse(stdout.trim()) as Record<string, unknown>;
    const n = (k: string) => (typeof j[k] === "number" ? (j[k] as number) : Number.NaN);
    const r = { hash: n("hash"), revision: n("revision"), totalKey: n("totalKey") };
    return Number.isFinite(r.revision) && Number.isFinite(r.totalKey) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** PURE: the hex digest of `sha256sum FILE` / a .sha256 file ("<hex>  name"). */
export function parseSha256(text: string): string | undefined {
  return /^([0-9a-f]{64})\b/m.exec(text.trim())?.[1];
}
