/**
 * Which pod subnet the CNI must be patched with. The cluster is the truth: kubeadm stores
 * ClusterConfiguration (networking.podSubnet) in ConfigMap kube-system/kubeadm-config, and
 * kube-controller-manager hands out node podCIDRs from it. A manifest patched with anything else
 * gives pods addresses the rest of the cluster does not route. PURE.
 */

import type { CniPlugin } from "../spec/types.js";
import { loadBoundedOrThrow } from "../util/yaml-safe.js";
import { parseCidr } from "../validate/ip.js";

export const KUBEADM_CONFIG_REF = {
  apiVersion: "v1",
  kind: "ConfigMap",
  namespace: "kube-system",
  name: "kubeadm-config",
} as const;

/**
 * networking.podSubnet from the kubeadm-config ConfigMap: undefined when the ConfigMap has no
 * ClusterConfiguration or the field is empty (kubeadm init without --pod-network-cidr).
 */
export function podSubnetFromKubeadmConfig(configMap: unknown): string | undefined {
  const data = (configMap as { data?: Record<string, unknown> } | undefined)?.data;
  const text = data?.ClusterConfiguration;
  if (typeof text !== "string") return undefined;
  let doc: unknown;
  try {
    doc = loadBoundedOrThrow(text);
  } catch {
    return undefined;
  }
  const networking = (doc as { networking?: { podSubnet?: unknown } } | null)?.networking;
  const v = networking?.podSubnet;
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** Same set of networks, whatever the spelling or order ("10.244.0.0/16,fd00::/56" = "fd00:0::/56, 10.244.0.0/16"). */
export function samePodSubnet(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .split(",")
      .map((p) => {
        const r = parseCidr(p.trim());
        return r.ok ? `${r.cidr.family}:${r.cidr.base}/${r.cidr.prefix}` : p.trim();
      })
      .sort()
      .join(",");
  return norm(a) === norm(b);
}

export type PodSubnetDecision =
  | { ok: true; podSubnet: string; source: "cluster" | "spec" }
  /** --pod-subnet differs from the cluster's (params: cluster, given). */
  | { ok: false; code: "podSubnetMismatch"; params: { cluster: string; given: string } }
  /** kubeadm ran without a pod subnet: nodes get no podCIDR and flannel fails "pod cidr not assigned". */
  | { ok: false; code: "clusterNoPodSubnet"; params: { plugin: string } };

export interface PodSubnetInput {
  plugin: Exclude<CniPlugin, "none">;
  /** What the kubeadm-config says; "absent" when there is no such ConfigMap (not a kubeadm cluster). */
  cluster: string | undefined | "absent";
  /** The spec's pod subnet (defaults < profile < answers < flags). */
  spec: string;
  /** True when the user typed --pod-subnet (or an answers file set it): a mismatch is then an error. */
  explicit: boolean;
}

export function decidePodSubnet(i: PodSubnetInput): PodSubnetDecision {
  if (i.cluster === "absent") return { ok: true, podSubnet: i.spec, source: "spec" };
  if (i.cluster === undefined) {
    // calico's IPAM does not use node podCIDRs; flannel (--kube-subnet-mgr) needs them.
    if (i.plugin === "flannel")
      return { ok: false, code: "clusterNoPodSubnet", params: { plugin: i.plugin } };
    return { ok: true, podSubnet: i.spec, source: "spec" };
  }
  if (i.explicit && !samePodSubnet(i.cluster, i.spec)) {
    return { ok: false, code: "podSubnetMismatch", params: { cluster: i.cluster, given: i.spec } };
  }
  return { ok: true, podSubnet: i.cluster, source: "cluster" };
}
