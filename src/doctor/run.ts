/**
 * Runs every check that can run with what is reachable (host, cluster, both), concurrently, and
 * gathers the findings. No rendering here: report.ts turns the result into text or JSON.
 */
import { readKubeadmVersion } from "../host/preflight/kube-versions.js";
import type { Msg } from "../i18n/messages.js";
import {
  isKubeError,
  type KubeClient,
  KubeconfigInvalid,
  KubeconfigMissing,
  KubeError,
} from "../kube/client.js";
import { findBinary } from "../node/binaries.js";
import { concludeDiagnosis } from "./classify/cluster.js";
import { accessFinding } from "./cluster/access.js";
import { checkCniCidr } from "./cluster/cni.js";
import { diagnosePods } from "./cluster/pods.js";
import { scanNodes, scanPods, scanWorkloads } from "./cluster/scan.js";
import { checkTokens } from "./cluster/tokens.js";
import { type DoctorEnv, detectRole, type HostContext, type HostRole } from "./env.js";
import {
  type ExpectedCluster,
  fromKubeadmConfigMap,
  fromNodeKubeadm,
  fromSavedConfig,
  SAVED_CONFIG,
} from "./expected.js";
import { type Finding, finding, sortFindings } from "./finding.js";
import { checkCertificates } from "./host/certs.js";
import { checkAdminConf, checkCniConfig } from "./host/files.js";
import { checkControlPlaneHealth } from "./host/healthz.js";
import { checkListeners } from "./host/ports.js";
import { checkCgroup, checkFreePorts, checkKernel, checkVersions } from "./host/preflight-checks.js";
import { checkSandboxImage, expectedPause } from "./host/sandbox-image.js";
import { checkServices } from "./host/services.js";

export type DoctorScope = "both" | "host" | "cluster";

export interface DoctorReport {
  findings: Finding[];
  host: { checked: boolean; role?: HostRole | undefined };
  cluster: {
    checked: boolean;
    /** Why the cluster was not checked (no kubeconfig); absent when it was. */
    skipped?: Msg | undefined;
    server?: string | undefined;
    kubeconfig?: string | undefined;
    version?: string | undefined;
    nodes?: number | undefined;
    pods?: number | undefined;
    unhealthyPods?: number | undefined;
  };
  expected: ExpectedCluster;
}

/** A check that throws (EACCES, RBAC forbidden, a dropped connection) costs its own verdict, no more. */
async function guarded(name: string, run: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await run();
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return [
      finding(
        "doctor.check-failed",
        "warning",
        name,
        { key: "doctor.checkFailed.title", params: { check: name } },
        [`${name}: ${reason}`],
        { key: "doctor.checkFailed.fix" },
      ),
    ];
  }
}

interface Connected {
  client: KubeClient;
  version: string;
  kubeadmConfig: Record<string, string> | undefined;
}

type Connection =
  | { state: "connected"; c: Connected }
  | { state: "skipped"; why: Msg }
  | { state: "failed"; finding: Finding; client: KubeClient };

async function connect(env: DoctorEnv, scope: DoctorScope): Promise<Connection> {
  let client: KubeClient;
  try {
    client = await env.kube();
  } catch (e) {
    // --cluster-only with no kubeconfig: nothing at all can be checked; the command says so (exit 1).
    // A kubeconfig that is there but broken (not PEM, alias bomb) is bad input, not "no cluster".
    if (isKubeError(e, "config") && !(e instanceof KubeconfigInvalid) && scope !== "cluster") {
      // Worded when the report is (in its language): the places looked at travel as data.
      const why: Msg =
        e instanceof KubeconfigMissing
          ? {
              key: "doctor.report.noKubeconfigFound",
              params: { files: e.tried.join("\n"), env: e.envOnly ? 1 : 0 },
            }
          : { key: "doctor.report.noKubeconfig", params: { reason: e.message } };
      return { state: "skipped", why };
    }
    throw e;
  }
  try {
    const [version, cm] = await Promise.all([
      client.serverVersion(),
      client
        .get({ apiVersion: "v1", kind: "ConfigMap", namespace: "kube-system", name: "kubeadm-config" })
        .catch((e: unknown) => {
          // Not a kubeadm cluster (or not initialised yet): fall back to the saved config.
          if (isKubeError(e, "not-found") || isKubeError(e, "forbidden")) return undefined;
          throw e;
        }),
    ]);
    return {
      state: "connected",
      c: {
        client,
        version: version.gitVersion,
        kubeadmConfig: cm?.data as Record<string, string> | undefined,
      },
    };
  } catch (e) {
    if (e instanceof KubeError) return { state: "failed", finding: accessFinding(e, client.source), client };
    throw e;
  }
}

async function resolveExpected(
  env: DoctorEnv,
  conn: Connection,
  fallback: ExpectedCluster,
): Promise<ExpectedCluster> {
  if (conn.state === "connected") {
    const fromCluster = fromKubeadmConfigMap(conn.c.kubeadmConfig, fallback);
    if (fromCluster) return fromCluster;
  }
  const saved = await env.fs.read(SAVED_CONFIG).catch(() => undefined);
  const fromSaved = saved === undefined ? undefined : fromSavedConfig(saved, fallback);
  if (fromSaved) return fromSaved;
  if (!fallback.versionGuessed) return fallback;
  // No cluster, no saved config and no --k8s-version: the node's own kubeadm says the release.
  const kubeadm = await findBinary({ fs: env.fs }, "kubeadm").catch(() => undefined);
  const v = kubeadm ? await readKubeadmVersion(env.runner, kubeadm.argv0).catch(() => undefined) : undefined;
  return fromNodeKubeadm(fallback, v?.text) ?? fallback;
}

async function hostChecks(ctx: HostContext): Promise<Finding[]> {
  const checks: [string, (c: HostContext) => Promise<Finding[]>][] = [
    ["services", checkServices],
    ["kernel", checkKernel],
    ["cgroup-driver", checkCgroup],
    ["versions", checkVersions],
    ["ports", checkFreePorts],
    ["listeners", checkListeners],
    ["sandbox-image", checkSandboxImage],
    ["cni-config", checkCniConfig],
    ["admin-conf", checkAdminConf],
    ["certificates", checkCertificates],
    ["control-plane-health", checkControlPlaneHealth],
  ];
  const results = await Promise.all(checks.map(([name, run]) => guarded(`host ${name}`, () => run(ctx))));
  return results.flat();
}

async function clusterChecks(
  env: DoctorEnv,
  c: Connected,
  expected: ExpectedCluster,
): Promise<{ findings: Finding[]; nodes?: number; pods?: number; unhealthy?: number }> {
  const now = env.now();
  const [nodes, pods, tokens] = await Promise.all([
    scanNodes(c.client, env.pageSize).then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, e }),
    ),
    scanPods(c.client, now, env.pageSize).then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, e }),
    ),
    guarded("cluster bootstrap tokens", () => checkTokens(c.client, now)),
  ]);
  const findings: Finding[] = [...tokens];
  const failed = (name: string, e: unknown) =>
    guarded(name, () => Promise.reject(e instanceof Error ? e : new Error(String(e))));
  if (nodes.ok) findings.push(...nodes.r.nodeFindings);
  else findings.push(...(await failed("cluster nodes", nodes.e)));
  if (!pods.ok) findings.push(...(await failed("cluster pods", pods.e)));
  const cniInstalled = pods.ok ? pods.r.cni.size > 0 : undefined;
  const [podResult, cidr, workloads] = await Promise.all([
    pods.ok
      ? diagnosePods(
          c.client,
          pods.r.unhealthy,
          {
            cniInstalled,
            expectedPause: expectedPause(expected.kubernetesVersion, expected.imageRepository),
            kubernetesVersion: expected.kubernetesVersion,
            now,
          },
          env.concurrency,
        ).then(
          (r) => r,
          async (e: unknown) => ({ findings: await failed("cluster pod details", e), tooNew: undefined }),
        )
      : Promise.resolve({ findings: [] as Finding[], tooNew: undefined }),
    expected.source === "cluster"
      ? guarded("cluster pod CIDR", () =>
          checkCniCidr(
            c.client,
            expected.podSubnet,
            pods.ok ? pods.r.cni : new Set(),
            nodes.ok ? nodes.r.nodesWithoutPodCidr : 0,
          ),
        )
      : Promise.resolve([]),
    guarded("cluster workloads", () => scanWorkloads(c.client, env.pageSize)),
  ]);
  findings.push(...podResult.findings, ...cidr, ...workloads);
  const concluded = concludeDiagnosis(findings, {
    cniInstalled,
    tooNew: podResult.tooNew?.facts(),
  });
  findings.length = 0;
  findings.push(...concluded);
  return {
    findings,
    ...(nodes.ok ? { nodes: nodes.r.nodes } : {}),
    ...(pods.ok ? { pods: pods.r.pods, unhealthy: pods.r.unhealthy.length + pods.r.unhealthyDropped } : {}),
  };
}

export async function runDoctor(
  env: DoctorEnv,
  opts: { scope: DoctorScope; fallback: ExpectedCluster },
): Promise<DoctorReport> {
  const conn: Connection =
    opts.scope === "host"
      ? { state: "skipped", why: { key: "doctor.report.hostOnly" } }
      : await connect(env, opts.scope);
  const expected = await resolveExpected(env, conn, opts.fallback);

  const wantHost = opts.scope !== "cluster";
  const [host, cluster] = await Promise.all([
    wantHost
      ? detectRole(env).then(async (role) => ({ role, findings: await hostChecks({ env, expected, role }) }))
      : Promise.resolve(undefined),
    conn.state === "connected" ? clusterChecks(env, conn.c, expected) : Promise.resolve(undefined),
  ]);

  const findings = [...(host?.findings ?? []), ...(cluster?.findings ?? [])];
  if (conn.state === "failed") findings.push(conn.finding);
  return {
    findings: sortFindings(findings),
    host: { checked: wantHost, role: host?.role },
    cluster:
      conn.state === "connected"
        ? {
            checked: true,
            server: conn.c.client.server,
            kubeconfig: conn.c.client.source,
            version: conn.c.version,
            nodes: cluster?.nodes,
            pods: cluster?.pods,
            unhealthyPods: cluster?.unhealthy,
          }
        : conn.state === "failed"
          ? { checked: false, server: conn.client.server, kubeconfig: conn.client.source }
          : { checked: false, skipped: conn.why },
    expected,
  };
}
