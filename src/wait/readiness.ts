/**
 * When is the cluster Ready? PURE: objects as the API serves them in, per-phase progress out.
 *
 * Phases, in the order a fresh cluster gets there:
 * 1. nodes: every Node has condition Ready=True (at least one node);
 * 2. cni: the pod network's workloads have all desired pods ready (the targets cni apply names, or
 *    the known flannel/calico workloads found in the cluster);
 * 3. coredns: Deployment kube-system/coredns has all replicas available;
 * 4. kube-system: every pod in kube-system is Ready (or finished).
 * The cluster is ready when all four hold at the same time.
 */
import type { ReadinessTarget } from "../cni/patch/readiness.js";
import type { Msg } from "../i18n/messages.js";
import type { KubeObject } from "../kube/client.js";

export type PhaseId = "nodes" | "cni" | "coredns" | "kube-system";
export const PHASES: readonly PhaseId[] = ["nodes", "cni", "coredns", "kube-system"];

export interface WorkloadProgress {
  /** "DaemonSet kube-flannel/kube-flannel-ds". */
  object: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  ready: number;
  desired: number;
  done: boolean;
  /** False while the object does not exist (yet). */
  found: boolean;
  /** condition targets (e.g. TigeraStatus calico Available): the condition's state. */
  condition?: string | undefined;
}

export interface PhaseState {
  id: PhaseId;
  done: boolean;
  /** nodes / pods that are ready, out of total; for cni and coredns the sums over the workloads. */
  ready: number;
  total: number;
  workloads: WorkloadProgress[];
  /**
   * cni only: no known CNI workload was found but every node is Ready, so some pod network works
   * (one kadm-wizard did not install).
   */
  unmanaged?: boolean | undefined;
  /** cni only, live: the object it waits on (the pod network's root cause so far), and why. */
  waitingOn?: { object: string; cause: Msg } | undefined;
}

export interface ClusterSnapshot {
  nodes: readonly KubeObject[];
  /** Pods of every namespace (the cni phase needs the CNI's own namespace too). */
  pods: readonly KubeObject[];
  daemonSets: readonly KubeObject[];
  deployments: readonly KubeObject[];
  statefulSets?: readonly KubeObject[] | undefined;
  /** Objects of other kinds named by condition targets, keyed "apiVersion/kind" (e.g. TigeraStatus). */
  other?: ReadonlyMap<string, readonly KubeObject[]> | undefined;
}

/** The workloads of the pod networks kadm-wizard installs, as they are named upstream. */
export const KNOWN_CNI_WORKLOADS: readonly { kind: string; name: string; namespace?: string }[] = [
  { kind: "DaemonSet", name: "kube-flannel-ds" },
  { kind: "DaemonSet", name: "calico-node" },
  { kind: "Deployment", name: "calico-kube-controllers" },
  { kind: "Deployment", name: "calico-typha" },
  { kind: "Deployment", name: "tigera-operator", namespace: "tigera-operator" },
];

export const COREDNS = { kind: "Deployment", namespace: "kube-system", name: "coredns" } as const;

type Status = Record<string, unknown>;
const statusOf = (o: KubeObject): Status => (o.status ?? {}) as Status;
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const conditions = (
  o: KubeObject,
): { type?: string; status?: string; reason?: string; message?: string }[] => {
  const c = statusOf(o).conditions;
  return Array.isArray(c) ? c : [];
};

export function conditionOf(o: KubeObject, type: string) {
  return conditions(o).find((c) => c.type === type);
}

export function nodeReady(node: KubeObject): boolean {
  return conditionOf(node, "Ready")?.status === "True";
}

/** Ready condition True, or a pod that ran to completion (Succeeded: a finished Job's pod). */
export function podReady(pod: KubeObject): boolean {
  if (statusOf(pod).phase === "Succeeded") return true;
  return conditionOf(pod, "Ready")?.status === "True";
}

/** Pods being deleted (a rollout replacing them) do not count either way. */
export function countsAsPod(pod: KubeObject): boolean {
  return !pod.metadata.deletionTimestamp;
}

/** The controller has seen the current spec (else status still describes the previous one). */
function observed(o: KubeObject): boolean {
  const generation = o.metadata.generation;
  const seen = statusOf(o).observedGeneration;
  return generation === undefined || (typeof seen === "number" && seen >= generation);
}

/** Rollout state of a DaemonSet, Deployment or StatefulSet (what `kubectl rollout status` checks). */
export function workloadProgress(o: KubeObject): Pick<WorkloadProgress, "ready" | "desired" | "done"> {
  const s = statusOf(o);
  const spec = (o.spec ?? {}) as Status;
  if (o.kind === "DaemonSet") {
    const desired = num(s.desiredNumberScheduled);
    const ready = num(s.numberReady);
    const updated = s.updatedNumberScheduled === undefined ? desired : num(s.updatedNumberScheduled);
    // desired 0 with nodes present means the controller has not scheduled it yet, not "done".
    return { ready, desired, done: observed(o) && desired > 0 && ready >= desired && updated >= desired };
  }
  const desired = spec.replicas === undefined ? 1 : num(spec.replicas);
  if (o.kind === "Deployment") {
    const available = num(s.availableReplicas);
    const updated = num(s.updatedReplicas);
    return {
      ready: Math.min(available, desired),
      desired,
      done: observed(o) && updated >= desired && available >= desired,
    };
  }
  const ready = num(s.readyReplicas);
  return { ready: Math.min(ready, desired), desired, done: observed(o) && ready >= desired };
}

function targetName(kind: string, name: string, namespace: string | undefined): string {
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

function findWorkload(
  snap: ClusterSnapshot,
  kind: string,
  name: string,
  namespace: string | undefined,
): KubeObject | undefined {
  const pool =
    kind === "DaemonSet"
      ? snap.daemonSets
      : kind === "Deployment"
        ? snap.deployments
        : kind === "StatefulSet"
          ? (snap.statefulSets ?? [])
          : [];
  return pool.find(
    (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
}

function targetProgress(snap: ClusterSnapshot, t: ReadinessTarget): WorkloadProgress {
  const base = {
    object: targetName(t.kind, t.name, t.namespace),
    kind: t.kind,
    name: t.name,
    namespace: t.namespace,
  };
  if (t.check === "condition") {
    const pool = snap.other?.get(`${t.apiVersion}/${t.kind}`) ?? [];
    const obj = pool.find(
      (o) =>
        o.metadata.name === t.name && (t.namespace === undefined || o.metadata.namespace === t.namespace),
    );
    const c = obj ? conditionOf(obj, t.condition ?? "Ready") : undefined;
    const done = c?.status === "True";
    return {
      ...base,
      ready: done ? 1 : 0,
      desired: 1,
      done,
      found: obj !== undefined,
      condition: c ? `${c.type}=${c.status}` : undefined,
    };
  }
  const obj = findWorkload(snap, t.kind, t.name, t.namespace);
  if (!obj) return { ...base, ready: 0, desired: 0, done: false, found: false };
  return { ...base, ...workloadProgress(obj), found: true };
}

/** The known CNI workloads present in the cluster, as readiness targets (for `wait` on its own). */
export function detectCniTargets(snap: ClusterSnapshot): ReadinessTarget[] {
  const out: ReadinessTarget[] = [];
  for (const k of KNOWN_CNI_WORKLOADS) {
    const pool = k.kind === "DaemonSet" ? snap.daemonSets : snap.deployments;
    for (const o of pool) {
      if (o.metadata.name !== k.name) continue;
      if (k.namespace !== undefined && o.metadata.namespace !== k.namespace) continue;
      out.push({
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        check: "rollout",
      });
    }
  }
  return out;
}

/**
 * Per-phase progress. `cniTargets` undefined: detect the known CNI workloads; if there are none
 * and every node is Ready, some other pod network works and the phase is done ("unmanaged").
 * `complete` false: the snapshot may miss kinds not listed yet, so absence proves nothing.
 */
export function evaluateReadiness(
  snap: ClusterSnapshot,
  cniTargets: readonly ReadinessTarget[] | undefined,
  complete = true,
): PhaseState[] {
  const nodesReady = snap.nodes.filter(nodeReady).length;
  const nodes: PhaseState = {
    id: "nodes",
    done: snap.nodes.length > 0 && nodesReady === snap.nodes.length,
    ready: nodesReady,
    total: snap.nodes.length,
    workloads: [],
  };

  const targets = cniTargets ?? detectCniTargets(snap);
  const cniWorkloads = targets.map((t) => targetProgress(snap, t));
  const unmanaged = complete && cniTargets === undefined && targets.length === 0 && nodes.done;
  const cni: PhaseState = {
    id: "cni",
    done: unmanaged || (cniWorkloads.length > 0 && cniWorkloads.every((w) => w.done)),
    ready: sum(cniWorkloads.map((w) => w.ready)),
    total: sum(cniWorkloads.map((w) => w.desired)),
    workloads: cniWorkloads,
    ...(unmanaged ? { unmanaged: true } : {}),
  };

  const dnsObj = findWorkload(snap, COREDNS.kind, COREDNS.name, COREDNS.namespace);
  const dnsProgress: WorkloadProgress = dnsObj
    ? {
        object: targetName(COREDNS.kind, COREDNS.name, COREDNS.namespace),
        kind: COREDNS.kind,
        name: COREDNS.name,
        namespace: COREDNS.namespace,
        ...workloadProgress(dnsObj),
        found: true,
      }
    : {
        object: targetName(COREDNS.kind, COREDNS.name, COREDNS.namespace),
        kind: COREDNS.kind,
        name: COREDNS.name,
        namespace: COREDNS.namespace,
        ready: 0,
        desired: 0,
        // kubeadm init --skip-phases=addon/coredns: nothing to wait for.
        done: complete,
        found: false,
      };
  const coredns: PhaseState = {
    id: "coredns",
    done: dnsProgress.done,
    ready: dnsProgress.ready,
    total: dnsProgress.desired,
    workloads: [dnsProgress],
  };

  const systemPods = snap.pods.filter((p) => p.metadata.namespace === "kube-system" && countsAsPod(p));
  const systemReady = systemPods.filter(podReady).length;
  const kubeSystem: PhaseState = {
    id: "kube-system",
    done: systemPods.length > 0 && systemReady === systemPods.length,
    ready: systemReady,
    total: systemPods.length,
    workloads: [],
  };
  return [nodes, cni, coredns, kubeSystem];
}

export function allDone(phases: readonly PhaseState[]): boolean {
  return phases.every((p) => p.done);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
