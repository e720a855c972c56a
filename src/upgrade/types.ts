/**
 * The data `upgrade plan` produces and `upgrade apply/node/rollback` consume: plain data, so the plan
 * is a pure function of what was read from the cluster and the nodes (src/upgrade/plan.ts), and apply
 * re-reads, re-plans and follows the same hops and guards it printed.
 */

/** One node as the cluster and (where reachable) the node itself describe it. */
export interface UpgradeNodeFacts {
  name: string;
  role: "control-plane" | "worker";
  /** status.nodeInfo.kubeletVersion, e.g. "v1.33.4". */
  kubeletVersion: string;
  /** status.nodeInfo.containerRuntimeVersion, e.g. "containerd://1.7.24". */
  containerRuntimeVersion: string;
  /** The node's address kadm-wizard would reach it by (InternalIP). */
  address?: string | undefined;
  /** Read on the node itself when reachable (local, or over SSH with the inventory); absent: unknown. */
  cgroupVersion?: 1 | 2 | undefined;
  unschedulable?: boolean | undefined;
  ready: boolean;
}

/** Everything the plan and its guards are computed from. */
export interface UpgradeFacts {
  /** The API server's /version gitVersion. */
  apiServerVersion: string;
  /** kubeadm-config ClusterConfiguration.kubernetesVersion. */
  clusterVersion: string;
  /** ClusterConfiguration.imageRepository (the mirror the cluster pulls from). */
  imageRepository: string;
  /** The kubeadm API of the saved ClusterConfiguration, e.g. "kubeadm.k8s.io/v1beta3". */
  kubeadmApiVersion: string;
  /** Local (stacked) etcd's image tag, e.g. "3.5.24-0"; null for external etcd or when unknown. */
  etcdVersion: string | null;
  externalEtcd: boolean;
  /** kube-proxy ConfigMap's mode ("" or "iptables", "ipvs", "nftables"); null when kube-proxy is absent. */
  kubeProxyMode: string | null;
  cni: {
    name: "calico" | "flannel" | "unknown" | "none";
    version: string | null;
    /** The image the version was read from (evidence), e.g. "quay.io/calico/node:v3.30.7". */
    image?: string | undefined;
  };
  nodes: UpgradeNodeFacts[];
  /** The node this machine is (its kubelet's node name), when it is one: the first control plane. */
  localNode?: string | undefined;
  /** ConfigMap kube-system/kubelet-config's failCgroupV1 (undefined: not set, the version's default). */
  kubeletFailCgroupV1?: boolean | undefined;
}

/** One `kubeadm upgrade apply` hop: kubeadm never skips a minor. */
export interface UpgradeHop {
  from: string;
  /** A full version, e.g. "v1.34.3". */
  to: string;
  /** Images this hop needs, already under the cluster's image repository. */
  images: string[];
  /** False when the image tags come from our newest table row, not this exact release. */
  imagesExact?: boolean | undefined;
  /** The release whose table row gave the tags, e.g. "v1.37.1". */
  imagesBasis?: string | undefined;
}

export type GuardVerdict = "pass" | "warn" | "fail";

/** A guard: a check with an id, evidence and a fix. `apply` refuses on "fail" unless overridden by id. */
export interface GuardResult {
  /** Stable id, e.g. "upgrade.etcd-version"; `--ignore-guard ID` names it. */
  id: string;
  verdict: GuardVerdict;
  /** Localised one-line title. */
  title: string;
  /** Localised evidence lines (what was read). */
  evidence: string[];
  /** Localised fix, when the verdict is not "pass". */
  fix?: string | undefined;
  /** A failing guard the user named in ignoreGuards: shown, but it does not block. */
  overridden?: boolean | undefined;
}

/** What happens on one node, in order. */
export interface UpgradeNodeAction {
  node: string;
  role: "first-control-plane" | "control-plane" | "worker";
  /** "kubeadm upgrade apply vX" on the first control plane, "kubeadm upgrade node" elsewhere. */
  kubeadm: "apply" | "node";
  /** Drained before its kubelet moves (a single-node cluster keeps its pods: it is only cordoned). */
  drain: boolean;
  /** 1-based rollout batch: nodes of one batch go at the same time (workers, --max-unavailable). */
  batch?: number | undefined;
}

export interface UpgradePlan {
  facts: UpgradeFacts;
  /** The version asked for (or the newest patch of the next minor). */
  target: string;
  hops: UpgradeHop[];
  /** Order of the rollout: first control plane, other control planes one at a time, workers in batches. */
  nodes: UpgradeNodeAction[];
  guards: GuardResult[];
  /** True when no guard fails (after the overrides). */
  allowed: boolean;
}
