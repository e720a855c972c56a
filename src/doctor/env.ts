import type { HostFs } from "../host/host-fs.js";
import type { Runner } from "../host/runner.js";
import type { KubeClient } from "../kube/client.js";
import type { ExpectedCluster } from "./expected.js";

/** The answer of a /healthz probe. */
export interface HealthAnswer {
  /** HTTP status when the server answered. */
  status?: number | undefined;
  /** First line of the body ("ok"), or the transport error ("connect ECONNREFUSED 127.0.0.1:10259"). */
  text: string;
}

/** GETs a URL; TLS is not verified (the components' serving certificates are self-signed). */
export type HealthProber = (url: string) => Promise<HealthAnswer>;

/** The ports doctor reads the host and the cluster through; tests pass fakes for each. */
export interface DoctorEnv {
  fs: HostFs;
  runner: Runner;
  /** Connects to a unix socket (already rooted path). */
  probeSocket(path: string): Promise<boolean>;
  probe: HealthProber;
  now(): Date;
  /**
   * The cluster client, or the reason there is none (no kubeconfig). Called at most once; may throw
   * KubeError("config").
   */
  kube(): Promise<KubeClient>;
  /** Where the control-plane components serve /healthz (kubeadm: 127.0.0.1:10257 and :10259). */
  controlPlaneEndpoints: { controllerManager: string; scheduler: string };
  /** Concurrent requests per kind of lookup (events, logs). */
  concurrency: number;
  /** Items per list page (default 500, as kubectl); tests page through small clusters with less. */
  pageSize?: number | undefined;
}

export type HostRole = "control-plane" | "worker" | "none";

export interface HostContext {
  env: DoctorEnv;
  expected: ExpectedCluster;
  role: HostRole;
}

/** What kubeadm left on this host says what it is: a control plane, a joined worker, or neither yet. */
export async function detectRole(env: Pick<DoctorEnv, "fs">): Promise<HostRole> {
  const [apiserver, kubeletConf] = await Promise.all([
    env.fs.exists("/etc/kubernetes/manifests/kube-apiserver.yaml"),
    env.fs.exists("/etc/kubernetes/kubelet.conf"),
  ]);
  return apiserver ? "control-plane" : kubeletConf ? "worker" : "none";
}
