/** UpgradePlans built by hand (the planner is `upgrade plan`'s; the rollout only follows a plan). */
import type { UpgradePlan } from "../../src/upgrade/types.js";

export interface HandPlan {
  from?: string;
  /** One hop per entry, in order. */
  to?: string[];
  first?: string;
  controlPlanes?: string[];
  workers?: string[];
  images?: (to: string) => string[];
  guards?: UpgradePlan["guards"];
  externalEtcd?: boolean;
}

export function handPlan(o: HandPlan = {}): UpgradePlan {
  const from = o.from ?? "v1.33.2";
  const tos = o.to ?? ["v1.34.3"];
  const first = o.first ?? "master-1";
  const cps = o.controlPlanes ?? [];
  const workers = o.workers ?? [];
  const repo = "registry.aliyuncs.com/google_containers";
  const images =
    o.images ??
    ((to: string) => [`${repo}/kube-apiserver:${to}`, `${repo}/kube-proxy:${to}`, `${repo}/pause:3.10.1`]);
  const all = [first, ...cps, ...workers];
  const guards = o.guards ?? [
    { id: "upgrade.kubelet-skew", verdict: "pass" as const, title: "kubelet skew", evidence: [] },
  ];
  return {
    facts: {
      apiServerVersion: from,
      clusterVersion: from,
      imageRepository: repo,
      kubeadmApiVersion: "kubeadm.k8s.io/v1beta4",
      etcdVersion: o.externalEtcd ? null : "3.5.24-0",
      externalEtcd: o.externalEtcd ?? false,
      kubeProxyMode: "",
      cni: { name: "flannel", version: "v0.28.9" },
      nodes: all.map((name, i) => ({
        name,
        role: i <= cps.length ? ("control-plane" as const) : ("worker" as const),
        kubeletVersion: from,
        containerRuntimeVersion: "containerd://1.7.24",
        address: `127.0.0.${i + 2}`,
        ready: true,
      })),
    },
    target: tos.at(-1) as string,
    hops: tos.map((to, i) => ({ from: i === 0 ? from : (tos[i - 1] as string), to, images: images(to) })),
    nodes: [
      { node: first, role: "first-control-plane", kubeadm: "apply", drain: all.length > 1 },
      ...cps.map((node) => ({ node, role: "control-plane" as const, kubeadm: "node" as const, drain: true })),
      ...workers.map((node) => ({ node, role: "worker" as const, kubeadm: "node" as const, drain: true })),
    ],
    guards,
    allowed: !guards.some((g) => g.verdict === "fail"),
  };
}
