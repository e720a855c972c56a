/**
 * The diagnosis engine over one cluster's plain data, PURE, shared by `doctor` (which streams the
 * objects page by page and feeds them through the same per-object steps) and `wait` (its snapshot,
 * at the timeout and live). Per object: classifyNode / classifyPod / classifyDeployment /
 * classifyDaemonSet; then linkCauses puts effects under their cause.
 */
import { type Finding, finding, sortFindings } from "../finding.js";
import { type CauseFacts, linkCauses } from "./causes.js";
import { classifyNode } from "./node.js";
import { classifyPod, isCniPod, isUnhealthyPod, type PodClassifyContext, tooNewToJudge } from "./pod.js";
import { type EventLike, type NodeLike, type PodLike, podObject } from "./types.js";
import { classifyDaemonSet, classifyDeployment, isCniWorkload, type WorkloadLike } from "./workload.js";

/** One pod's verdict: its findings, or (nothing found, pod young) how long until it can be judged. */
export function judgePod(
  pod: PodLike,
  events: readonly EventLike[],
  ctx: PodClassifyContext & { now: Date },
): { findings: Finding[]; tooNewMs?: number } {
  const findings = classifyPod(pod, events, ctx);
  if (findings.length > 0) return { findings };
  const wait = tooNewToJudge(pod, ctx.now);
  return wait === undefined ? { findings } : { findings, tooNewMs: wait };
}

/** Collects too-new pods across many judgePod calls (doctor's concurrent pages, wait's snapshot). */
export class TooNew {
  readonly pods: string[] = [];
  waitMs = 0;
  add(pod: PodLike, ms: number | undefined): void {
    if (ms === undefined) return;
    this.pods.push(podObject(pod));
    this.waitMs = Math.max(this.waitMs, ms);
  }
  facts(): CauseFacts["tooNew"] {
    return { pods: this.pods, waitMs: this.waitMs };
  }
}

/** Ends a diagnosis: causal links, the too-new note, sorted. */
export function concludeDiagnosis(findings: readonly Finding[], facts: CauseFacts): Finding[] {
  return sortFindings(linkCauses(findings, facts));
}

export interface ClusterData {
  nodes: readonly NodeLike[];
  pods: readonly PodLike[];
  /** Events of the pods (any order); matched by involvedObject uid or namespace/name. */
  events: readonly EventLike[];
  deployments: readonly WorkloadLike[];
  daemonSets: readonly WorkloadLike[];
  now: Date;
  /** Only pods and workloads of these namespaces (wait: kube-system and the CNI's); undefined: all. */
  namespaces?: ReadonlySet<string> | undefined;
  ctx?: Omit<PodClassifyContext, "now" | "cniInstalled"> | undefined;
}

/** The whole diagnosis of an in-memory snapshot (what `wait` holds). */
export function diagnoseCluster(data: ClusterData): Finding[] {
  const inScope = (ns: string | undefined) => !data.namespaces || data.namespaces.has(ns ?? "default");
  const findings: Finding[] = [];
  for (const n of data.nodes) findings.push(...classifyNode(n));
  if (data.nodes.length === 0) {
    findings.push(
      finding("node.none", "error", "Node", { key: "doctor.node.none.title" }, [], {
        key: "doctor.node.none.fix",
      }),
    );
  }
  const byPod = new Map<string, EventLike[]>();
  for (const e of data.events) {
    const o = e.involvedObject;
    if (o?.kind !== "Pod") continue;
    for (const key of [o.uid, `${o.namespace}/${o.name}`]) {
      if (!key) continue;
      const list = byPod.get(key);
      if (list) list.push(e);
      else byPod.set(key, [e]);
    }
  }
  const cniInstalled =
    data.pods.some(isCniPod) ||
    data.daemonSets.some((d) => isCniWorkload(d.metadata?.namespace ?? "", d.metadata?.name ?? ""));
  const tooNew = new TooNew();
  for (const pod of data.pods) {
    if (!inScope(pod.metadata?.namespace) || !isUnhealthyPod(pod)) continue;
    const m = pod.metadata;
    const evs = byPod.get(m?.uid ?? "") ?? byPod.get(`${m?.namespace}/${m?.name}`) ?? [];
    const r = judgePod(pod, evs, { ...data.ctx, cniInstalled, now: data.now });
    findings.push(...r.findings);
    tooNew.add(pod, r.tooNewMs);
  }
  for (const d of data.deployments)
    if (inScope(d.metadata?.namespace)) findings.push(...classifyDeployment(d));
  for (const d of data.daemonSets) if (inScope(d.metadata?.namespace)) findings.push(...classifyDaemonSet(d));
  return concludeDiagnosis(findings, { cniInstalled, tooNew: tooNew.facts() });
}
