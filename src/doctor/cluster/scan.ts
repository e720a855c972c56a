/**
 * One pass over nodes and pods, page by page (limit 500): every node is classified and dropped,
 * every pod is looked at once and kept only when unhealthy. Memory is bounded by the number of
 * unhealthy pods, not by the size of the cluster.
 */
import type { KubeClient } from "../../kube/client.js";
import { classifyNode } from "../classify/node.js";
import { isUnhealthyPod } from "../classify/pod.js";
import type { NodeLike, PodLike } from "../classify/types.js";
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

/** Drops what no classifier reads (managedFields are often half of a pod's JSON). */
function slim(pod: PodLike & { metadata?: { managedFields?: unknown } }): PodLike {
  if (pod.metadata && "managedFields" in pod.metadata) {
    const { managedFields: _m, ...metadata } = pod.metadata;
    return { ...pod, metadata };
  }
  return pod;
}

export async function scanNodes(
  client: KubeClient,
): Promise<Pick<ClusterScan, "nodes" | "nodeFindings" | "nodesWithoutPodCidr">> {
  let nodes = 0;
  let nodesWithoutPodCidr = 0;
  const nodeFindings: Finding[] = [];
  await client.listPages("v1", "Node", { limit: PAGE_SIZE }, (page) => {
    for (const n of page as unknown as NodeLike[]) {
      nodes++;
      if (!n.spec?.podCIDR && !(n.spec?.podCIDRs?.length ?? 0)) nodesWithoutPodCidr++;
      nodeFindings.push(...classifyNode(n));
    }
  });
  return { nodes, nodeFindings, nodesWithoutPodCidr };
}

export async function scanPods(
  client: KubeClient,
  now: Date,
): Promise<Pick<ClusterScan, "pods" | "unhealthy" | "unhealthyDropped" | "cni">> {
  let pods = 0;
  let unhealthyDropped = 0;
  const unhealthy: PodLike[] = [];
  const cni = new Set<CniName>();
  await client.listPages("v1", "Pod", { limit: PAGE_SIZE }, (page) => {
    for (const p of page as unknown as PodLike[]) {
      pods++;
      const net = cniOf(p);
      if (net) cni.add(net);
      if (!isUnhealthyPod(p, now)) continue;
      if (unhealthy.length < MAX_UNHEALTHY_PODS) unhealthy.push(slim(p));
      else unhealthyDropped++;
    }
  });
  return { pods, unhealthy, unhealthyDropped, cni };
}

/** Deployments and DaemonSets, page by page: each classified and dropped. */
export async function scanWorkloads(client: KubeClient): Promise<Finding[]> {
  const out: Finding[] = [];
  await client.listPages("apps/v1", "Deployment", { limit: PAGE_SIZE }, (page) => {
    for (const d of page as unknown as WorkloadLike[]) out.push(...classifyDeployment(d));
  });
  await client.listPages("apps/v1", "DaemonSet", { limit: PAGE_SIZE }, (page) => {
    for (const d of page as unknown as WorkloadLike[]) out.push(...classifyDaemonSet(d));
  });
  return out;
}
