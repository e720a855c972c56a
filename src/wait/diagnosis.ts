/**
 * Why is it not Ready? `wait`'s snapshot through the one diagnosis engine (doctor/classify): the
 * same findings, ids, causes and fixes `kadm-wizard doctor` gives on the same state. PURE. Only
 * what `wait` waits for is looked at: kube-system and the pod network's namespaces.
 */
import type { ReadinessTarget } from "../cni/patch/readiness.js";
import { diagnoseCluster } from "../doctor/classify/cluster.js";
import type { EventLike, NodeLike, PodLike } from "../doctor/classify/types.js";
import type { WorkloadLike } from "../doctor/classify/workload.js";
import { type Finding, finding } from "../doctor/finding.js";
import type { KubeObject } from "../kube/client.js";
import { type ClusterSnapshot, detectCniTargets, type PhaseState } from "./readiness.js";

export interface SnapshotInput {
  snapshot: ClusterSnapshot;
  /** Events of the namespaces concerned (may be empty: events expire after an hour). */
  events: readonly KubeObject[];
  phases: readonly PhaseState[];
  /** The CNI targets waited for (undefined: the detected ones). */
  cniTargets?: readonly ReadinessTarget[] | undefined;
  now: Date;
}

/** The API's JSON read as the engine's plain shapes (every field optional there). */
function plain<T>(objects: readonly KubeObject[]): T[] {
  return objects as unknown as T[];
}

export function diagnoseSnapshot(input: SnapshotInput): Finding[] {
  const { snapshot: snap } = input;
  const targets = input.cniTargets ?? detectCniTargets(snap);
  const namespaces = new Set([
    "kube-system",
    ...targets.map((t) => t.namespace).filter((n): n is string => Boolean(n)),
  ]);
  const findings = diagnoseCluster({
    nodes: plain<NodeLike>(snap.nodes),
    pods: plain<PodLike>(snap.pods.filter((p) => !p.metadata.deletionTimestamp)),
    events: plain<EventLike>(input.events),
    deployments: plain<WorkloadLike>(snap.deployments),
    daemonSets: plain<WorkloadLike>(snap.daemonSets),
    now: input.now,
    namespaces,
  });
  // A workload cni apply named that does not exist (yet): nothing else can explain it.
  const cni = input.phases.find((p) => p.id === "cni");
  for (const w of cni?.workloads ?? []) {
    if (w.found || w.done) continue;
    findings.push(
      finding("cni.missing", "error", w.object, { key: "doctor.cni.workloadMissing.title" }, [], {
        key: "doctor.cni.missing.fix",
      }),
    );
  }
  return findings;
}
