/**
 * Causal linking, PURE: the findings of one cluster in, the same findings out with `causedBy` set
 * where one explains another. The pod network failing (its image cannot be pulled, no pod CIDR, its
 * sandbox fails) or absent is the root; NotReady nodes, Pending CoreDNS, pods that cannot be
 * scheduled on the not-ready taint and the workloads of failing pods are listed under it. The
 * effects' titles then say whether the pod network is absent or failing.
 */
import type { Msg } from "../../i18n/messages.js";
import { type Finding, finding, isProblem } from "../finding.js";
import { isCniWorkload } from "./workload.js";

export interface CauseFacts {
  /** A pod network was seen (its pods or workloads); undefined when unknown. */
  cniInstalled: boolean | undefined;
  /** Pods nothing explains yet that are too new to judge: how many, and the longest wait left (ms). */
  tooNew?: { pods: string[]; waitMs: number } | undefined;
}

/** Effects of the pod network not working. */
const NETWORK_EFFECTS = new Set(["node.cni-not-ready", "node.network-unavailable", "coredns.pending-no-cni"]);

function ref(f: Finding) {
  return { id: f.id, object: f.object };
}

export function linkCauses(input: readonly Finding[], facts: CauseFacts): Finding[] {
  const out = input.map((f) => ({ ...f }));
  const byKey = new Map(out.map((f) => [`${f.id}\u0000${f.object}`, f]));
  const rootOf = (f: Finding): Finding => {
    let cur = f;
    for (let i = 0; i < 5 && cur.causedBy; i++) {
      const next = byKey.get(`${cur.causedBy.id}\u0000${cur.causedBy.object}`);
      if (!next) break;
      cur = next;
    }
    return cur;
  };
  const link = (effect: Finding, cause: Finding | undefined) => {
    if (!cause || cause === effect) return;
    const root = rootOf(cause);
    if (root !== effect) effect.causedBy = ref(root);
  };

  // The cluster-wide cause of flannel failing everywhere: kubeadm never allocated pod CIDRs.
  let top = out.find((f) => f.id === "flannel.no-pod-cidr" && f.object.startsWith("ConfigMap "));
  const hasNetworkEffect = out.some(
    (f) => NETWORK_EFFECTS.has(f.id) || f.title.key === "doctor.unschedulable.title.nodes-not-ready",
  );
  if (!top && facts.cniInstalled === false && hasNetworkEffect) {
    top = finding("cni.missing", "error", "CNI", { key: "doctor.cni.missing.title" }, [], {
      key: "doctor.cni.missing.fix",
    });
    out.push(top);
    byKey.set(`${top.id}\u0000${top.object}`, top);
  }
  const cniFailures = out.filter(
    (f) => f.scope?.cni && f.object.startsWith("Pod ") && isProblem(f) && f !== top,
  );
  if (top) for (const f of cniFailures) link(f, top);
  const networkCause = (node: string | undefined): Finding | undefined =>
    cniFailures.find((f) => node !== undefined && f.scope?.node === node) ?? cniFailures[0] ?? top;
  const state: "absent" | "failing" | "unknown" =
    top?.id === "cni.missing" ? "absent" : cniFailures.length > 0 || top ? "failing" : "unknown";

  for (const f of out) {
    if (f === top || f.causedBy) continue;
    const node = f.scope?.node;
    if (NETWORK_EFFECTS.has(f.id)) {
      link(f, networkCause(node));
      f.title = effectTitle(f, state);
    } else if (f.title.key === "doctor.unschedulable.title.nodes-not-ready") {
      link(f, networkCause(undefined) ?? out.find((x) => x.object.startsWith("Node ") && isProblem(x)));
    } else if (f.id === "pod.sandbox-failed" && f.fix.key === "doctor.sandbox.network.fix" && !f.scope?.cni) {
      link(f, networkCause(node));
    }
  }

  // Workloads under the findings of their pods (or of the pod network, for its own DaemonSets).
  for (const f of out) {
    if (f.causedBy) continue;
    if (
      f.id !== "deployment.unavailable" &&
      f.id !== "deployment.progress-deadline" &&
      f.id !== "daemonset.not-ready"
    )
      continue;
    const ns = f.scope?.namespace;
    const name = f.scope?.owner?.name ?? "";
    const mine = out.find(
      (p) =>
        p.object.startsWith("Pod ") &&
        p.scope?.namespace === ns &&
        p.scope?.owner !== undefined &&
        (f.id === "daemonset.not-ready"
          ? p.scope.owner.kind === "DaemonSet" && p.scope.owner.name === name
          : p.scope.owner.kind === "ReplicaSet" && p.scope.owner.name.startsWith(`${name}-`)),
    );
    if (mine) link(f, mine);
    else if (f.id === "daemonset.not-ready" && isCniWorkload(ns ?? "", name))
      link(f, networkCause(undefined));
    else if (ns === "kube-system" && name === "coredns")
      link(
        f,
        out.find((x) => x.id === "coredns.pending-no-cni"),
      );
  }

  if (facts.tooNew && facts.tooNew.pods.length > 0) {
    const seconds = Math.max(1, Math.ceil(facts.tooNew.waitMs / 1000));
    out.push(
      finding(
        "pod.too-new",
        "warning",
        facts.tooNew.pods.length === 1 ? (facts.tooNew.pods[0] as string) : "Pods",
        { key: "doctor.pod.tooNew.title", params: { count: facts.tooNew.pods.length, seconds } },
        facts.tooNew.pods.slice(0, 5),
        { key: "doctor.pod.tooNew.fix", params: { seconds } },
      ),
    );
  }
  return out;
}

function effectTitle(f: Finding, state: "absent" | "failing" | "unknown"): Msg {
  const params = f.title.params ?? {};
  if (f.id === "node.cni-not-ready") {
    if (state === "absent") return { key: "doctor.node.cni.titleAbsent", params };
    if (state === "failing") return { key: "doctor.node.cni.titleFailing", params };
    return f.title;
  }
  if (f.id === "coredns.pending-no-cni") {
    if (state === "absent") return { key: "doctor.coredns.noCni.title", params };
    if (state === "failing") return { key: "doctor.coredns.noCni.titleFailing", params };
    return { key: "doctor.coredns.noCni.titleStarting", params };
  }
  return f.title;
}
