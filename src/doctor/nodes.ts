/**
 * `doctor --inventory` / `--node`: the host checks of doctor run on other nodes through sshNode,
 * a bounded number at once, one DoctorReport per node. A node that cannot be reached (connection,
 * host key, credentials, sudo) gets a report with that one finding instead of stopping the others.
 */
import { KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import type { Node } from "../node/node.js";
import { preflightEnvOf } from "../node/preflight-env.js";
import { sshNode } from "../node/ssh-node.js";
import type { InventoryHost } from "../ssh/inventory.js";
import type { SshSession, SshTarget, SshTransport } from "../ssh/transport.js";
import type { DoctorEnv, HealthProber } from "./env.js";
import type { ExpectedCluster } from "./expected.js";
import { finding } from "./finding.js";
import { tunnelProber } from "./prober.js";
import { type DoctorReport, runDoctor } from "./run.js";

export interface NodeReport {
  /** The inventory id (host, or host:port). */
  node: string;
  /** user@host:port, as connected to. */
  address: string;
  report: DoctorReport;
}

export interface DoctorNodesOptions {
  hosts: InventoryHost[];
  target: (h: InventoryHost) => SshTarget;
  transport: SshTransport;
  concurrency: number;
  fallback: ExpectedCluster;
  lang: Lang;
  signal: AbortSignal;
  /** One line naming what to do for a failed connection (join-hosts' connectErrorLine). */
  connectError: (e: unknown) => string;
  /** The env parts that are not the node's. */
  base: Pick<DoctorEnv, "now" | "controlPlaneEndpoints" | "concurrency">;
}

/** doctor's host checks on one node (this one or another): the env is the node's fs/runner/probe. */
export function nodeDoctorEnv(node: Node, probe: HealthProber, base: DoctorNodesOptions["base"]): DoctorEnv {
  const { fs, runner, probeSocket } = preflightEnvOf(node);
  return {
    fs,
    runner,
    probeSocket,
    probe,
    ...base,
    // Host checks only: the cluster is asked from here, once, by plain `doctor`.
    kube: () => Promise.reject(new Error("no cluster access for a remote node")),
  };
}

const NO_CLUSTER: DoctorReport["cluster"] = { checked: false, skipped: { key: "doctor.nodes.noCluster" } };

function unreachable(h: InventoryHost, reason: string, fallback: ExpectedCluster): DoctorReport {
  return {
    findings: [
      finding("host.ssh-failed", "error", h.id, { key: "doctor.sshFailed.title" }, [reason], {
        key: "doctor.sshFailed.fix",
        params: {
          command: `ssh -p ${h.port} ${h.user}@${h.host} ${h.user === "root" ? "true" : "sudo -n true"}`,
        },
      }),
    ],
    host: { checked: false },
    cluster: NO_CLUSTER,
    expected: fallback,
  };
}

async function doctorOne(h: InventoryHost, o: DoctorNodesOptions): Promise<DoctorReport> {
  let session: SshSession;
  try {
    session = await o.transport.connect(o.target(h), { signal: o.signal, timeoutMs: 20_000 });
  } catch (e) {
    return unreachable(h, o.connectError(e), o.fallback);
  }
  try {
    const node = sshNode(session, {
      id: h.id,
      user: h.user,
      root: h.root,
      env: h.env,
      dryRun: false,
      lang: o.lang,
    });
    // One command first: a sudo that wants a password is said once, not by every check.
    try {
      await node.runner.run(["true"], { timeoutMs: 30_000 });
    } catch (e) {
      if (e instanceof KadmError) return unreachable(h, e.message, o.fallback);
      throw e;
    }
    const probe = tunnelProber((host, port, ms) => session.openTcp(host, port, ms));
    const report = await runDoctor(nodeDoctorEnv(node, probe, o.base), {
      scope: "host",
      fallback: o.fallback,
    });
    // Not "--host-only": the user did not say so, remote nodes simply get host checks only.
    return { ...report, cluster: NO_CLUSTER };
  } finally {
    session.close();
  }
}

/** Every node, at most `concurrency` at once; reports in inventory order. */
export async function doctorNodes(o: DoctorNodesOptions): Promise<NodeReport[]> {
  const out: NodeReport[] = new Array(o.hosts.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < o.hosts.length; i = next++) {
      const h = o.hosts[i] as InventoryHost;
      out[i] = { node: h.id, address: `${h.user}@${h.host}:${h.port}`, report: await doctorOne(h, o) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.hosts.length) }, worker));
  return out;
}
