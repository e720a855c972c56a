/**
 * One pass over nodes and pods, page by page (limit 500): every node is classified and dropped,
 * every pod is looked at once and kept only when unhealthy. Memory is bounded by the number of
 * unhealthy pods, not by the size of the cluster.
 */
import { isKubeError, type KubeClient } from "../../kube/client.js";
import { classifyNode } from "../classify/node.js";
import { isUnhealthyPod } from "../classify/pod.js";
import type { ContainerStatus, NodeLike, PodLike } from "../classify/types.js";
import { classifyDaemonSet, classifyDeployment, type WorkloadLike } from "../classify/workload.js";
import type { Finding } from "../finding.js";

export const PAGE_SIZE = 500;
/** Enough unhealthy pods to say what is wrong; beyond that the same causes repeat. */
export const MAX_UNHEALTHY_PODS = 5000;

export type CniName = "flannel" | "calico" | "cilium" | "weave" | "kube-router" | "other";

export interface ClusterScan {
  nodes: number;
  nodeFindings: Finding[];
  /** Nodes without spec.podCIDR (flannel cannot run there). */
  nodesWithoutPodCidr: number;
  pods: number;
  unhealthy: PodLike[];
  /** Unhealthy pods beyond MAX_UNHEALTHY_PODS, counted but not examined. */
  unhealthyDropped: number;
  /** Pod networks seen, from their pods. */
  cni: Set<CniName>;
}

/** Which pod network a pod belongs to, by the labels and names of the upstream manifests. */
export function cniOf(pod: PodLike): CniName | undefined {
  const labels = pod.metadata?.labels ?? {};
  const name = pod.metadata?.name ?? "";
  if (labels.app === "flannel" || name.startsWith("kube-flannel-ds-")) return "flannel";
  if (labels["k8s-app"] === "calico-node" || name.startsWith("calico-node-")) return "calico";
  if (labels["k8s-app"] === "cilium") return "cilium";
  if (labels.name === "weave-net") return "weave";
  if (labels["k8s-app"] === "kube-router") return "kube-router";
  return undefined;
}

/** The listed keys of `o` that are present (absent ones stay absent, not `undefined`). */
function pick<T extends object>(o: T | undefined, keys: readonly (keyof T)[]): T | undefined {
  if (!o || typeof o !== "object") return undefined;
  const out = {} as T;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const STATUS_KEYS = ["name", "image", "ready", "started", "restartCount", "state", "lastState"] as const;

/**
 * Keeps only what the classifiers read (types.ts): an unhealthy pod is held until its events are
 * read, and a whole pod (spec, env, volumes, managedFields, annotations) is ten times that.
 */
export function slimPod(pod: PodLike): PodLike {
  const m = pod.metadata;
  const spec = pod.spec;
  const st = pod.status;
  const containers = (list: { name?: string; image?: string }[] | undefined) =>
    list?.map((c) => pick(c, ["name", "image"]) ?? {});
  const statuses = (list: ContainerStatus[] | undefined) => list?.map((c) => pick(c, STATUS_KEYS) ?? {});
  const out: PodLike = {};
  if (m) {
    const meta = pick(m, ["name", "namespace", "uid", "creationTimestamp", "labels"]) ?? {};
    if (m.ownerReferences)
      meta.ownerReferences = m.ownerReferences.map((o) => pick(o, ["kind", "name"]) ?? {});
    out.metadata = meta;
  }
  if (spec) {
    out.spec = pick(spec, ["nodeName"]) ?? {};
    if (spec.containers) out.spec.containers = containers(spec.containers);
    if (spec.initContainers) out.spec.initContainers = containers(spec.initContainers);
  }
  if (st) {
    out.status = pick(st, ["phase", "reason", "message", "conditions"]) ?? {};
    if (st.containerStatuses) out.status.containerStatuses = statuses(st.containerStatuses);
    if (st.initContainerStatuses) out.status.initContainerStatuses = statuses(st.initContainerStatuses);
  }
  return out;
}

/**
 * A paged scan, started over when the server expired its continue token mid-list (410 Expired:
 * the snapshot is gone; client-go's pager re-lists too). `scan` starts from fresh state each
 * time, so nothing is counted twice; memory stays one page, not a whole list.
 */
async function restartingOnExpiry<T>(scan: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await scan();
    } catch (e) {
      if (i >= attempts || !isKubeError(e, "gone")) throw e;
    }
  }
}

export async function scanNodes(
  client: KubeClient,
  pageSize = PAGE_SIZE,
): Promise<Pick<ClusterScan, "nodes" | "nodeFindings" | "nodesWithoutPodCidr">> {
  return restartingOnExpiry(async () => {
    let nodes = 0;
    let nodesWithoutPodCidr = 0;
    const nodeFindings: Finding[] = [];
    await client.listPages("v1", "Node", { limit: pageSize }, (page) => {
      for (const n of page as unknown as NodeLike[]) {
        nodes++;
        if (!n.spec?.podCIDR && !(n.spec?.podCIDRs?.length ?? 0)) nodesWithoutPodCidr++;
        nodeFindings.push(...classifyNode(n));
      }
    });
    return { nodes, nodeFindings, nodesWithoutPodCidr };
  });
}

export async function scanPods(
  client: KubeClient,
  now: Date,
  pageSize = PAGE_SIZE,
): Promise<Pick<ClusterScan, "pods" | "unhealthy" | "unhealthyDropped" | "cni">> {
  return restartingOnExpiry(async () => {
    let pods = 0;
    let unhealthyDropped = 0;
    const unhealthy: PodLike[] = [];
    const cni = new Set<CniName>();
    await client.listPages("v1", "Pod", { limit: pageSize }, (page) => {
      for (const p of page as unknown as PodLike[]) {
        pods++;
        const net = cniOf(p);
        if (net) cni.add(net);
        if (!isUnhealthyPod(p, now)) continue;
        if (unhealthy.length < MAX_UNHEALTHY_PODS) unhealthy.push(slimPod(p));
        else unhealthyDropped++;
      }
    });
    return { pods, unhealthy, unhealthyDropped, cni };
  });
}

/** Deployments and DaemonSets, page by page: each classified and dropped. */
export async function scanWorkloads(client: KubeClient, pageSize = PAGE_SIZE): Promise<Finding[]> {
  const scan = (kind: string, classify: (w: WorkloadLike) => Finding[]) =>
    restartingOnExpiry(async () => {
      const out: Finding[] = [];
      await client.listPages("apps/v1", kind, { limit: pageSize }, (page) => {
        for (const d of page as unknown as WorkloadLike[]) out.push(...classify(d));
      });
      return out;
    });
  return [...(await scan("Deployment", classifyDeployment)), ...(await scan("DaemonSet", classifyDaemonSet))];
}
