/**
 * The doctor's classifiers as `wait`'s diagnose hook: on timeout every not-ready node and unhealthy
 * pod is explained the way `kadm-wizard doctor` would (same ids, evidence and fixes). Pure.
 */
import { classifyNode, classifyPod, isUnhealthyPod } from "../doctor/classify/index.js";
import type { EventLike, NodeLike, PodLike } from "../doctor/classify/types.js";
import type { Finding } from "../doctor/finding.js";
import type { DiagnoseHook, StuckFinding } from "./stuck.js";

function toStuck(f: Finding): StuckFinding {
  return { id: f.id, object: f.object, title: f.title, evidence: f.evidence, fix: f.fix };
}

export function doctorDiagnose(now: () => Date = () => new Date()): DiagnoseHook {
  return ({ snapshot, events }) => {
    const out: StuckFinding[] = [];
    for (const node of snapshot.nodes as unknown as NodeLike[]) out.push(...classifyNode(node).map(toStuck));
    const byPod = new Map<string, EventLike[]>();
    for (const e of events as unknown as EventLike[]) {
      const o = e.involvedObject;
      if (o?.kind !== "Pod") continue;
      const key = o.uid ?? `${o.namespace}/${o.name}`;
      byPod.set(key, [...(byPod.get(key) ?? []), e]);
    }
    const at = now();
    // A pod network counts once one of its pods runs: before that CoreDNS waits for it ("no CNI").
    const cniInstalled = (
      snapshot.daemonSets as unknown as { metadata?: { name?: string }; status?: { numberReady?: number } }[]
    ).some(
      (d) =>
        /flannel|calico|cilium|weave|canal/.test(d.metadata?.name ?? "") && (d.status?.numberReady ?? 0) > 0,
    );
    for (const pod of snapshot.pods as unknown as PodLike[]) {
      if (!isUnhealthyPod(pod, at)) continue;
      const m = pod.metadata;
      const evs = [...(byPod.get(m?.uid ?? "") ?? []), ...(byPod.get(`${m?.namespace}/${m?.name}`) ?? [])];
      out.push(...classifyPod(pod, evs, { cniInstalled }).map(toStuck));
    }
    return out;
  };
}
