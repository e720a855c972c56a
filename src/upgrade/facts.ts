/**
 * What `upgrade plan` (and apply, which plans again) reads: through the KubeClient port the
 * kubeadm-config ClusterConfiguration, /version, the nodes, the etcd static pods' image, the
 * kube-proxy and kubelet-config ConfigMaps and the CNI DaemonSets; on the nodes given as Node ports
 * (this machine, or others over SSH) the cgroup version, read as doctor's cgroup check reads it.
 * The parsing is pure (`factsFromCluster`); only `readUpgradeFacts` does I/O.
 */
import { readCgroupFacts } from "../host/preflight/cgroup-version.js";
import { isKubeError, type KubeClient, type KubeObject } from "../kube/client.js";
import { DEFAULT_IMAGE_REPOSITORY } from "../kubeadm/images.js";
import type { Node } from "../node/node.js";
import { loadBoundedOrThrow } from "../util/yaml-safe.js";
import type { UpgradeFacts, UpgradeNodeFacts } from "./types.js";

type Doc = Record<string, unknown>;

function obj(v: unknown): Doc {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Doc) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

function yamlDoc(text: string | undefined): Doc | undefined {
  if (text === undefined) return undefined;
  try {
    const d = loadBoundedOrThrow(text);
    return d && typeof d === "object" && !Array.isArray(d) ? (d as Doc) : undefined;
  } catch {
    return undefined;
  }
}

function data(cm: KubeObject | undefined): Record<string, string> {
  return obj(cm?.data) as Record<string, string>;
}

/** The tag of an image reference ("registry.k8s.io/etcd:3.5.24-0" -> "3.5.24-0"), digests dropped. */
export function imageTag(image: string): string | undefined {
  const noDigest = image.split("@")[0] as string;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

function containers(o: KubeObject | undefined): { name: string; image: string }[] {
  const spec = obj(o?.spec);
  const podSpec = o?.kind === "Pod" ? spec : obj(obj(spec.template).spec);
  const list = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return list.map((c) => ({ name: str(obj(c).name) ?? "", image: str(obj(c).image) ?? "" }));
}

const CONTROL_PLANE_LABELS = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"];

function nodeFacts(n: KubeObject): UpgradeNodeFacts {
  const labels = n.metadata.labels ?? {};
  const status = obj(n.status);
  const info = obj(status.nodeInfo);
  const addresses = Array.isArray(status.addresses) ? status.addresses.map(obj) : [];
  const conditions = Array.isArray(status.conditions) ? status.conditions.map(obj) : [];
  return {
    name: n.metadata.name,
    role: CONTROL_PLANE_LABELS.some((l) => l in labels) ? "control-plane" : "worker",
    kubeletVersion: str(info.kubeletVersion) ?? "",
    containerRuntimeVersion: str(info.containerRuntimeVersion) ?? "",
    address: str(addresses.find((a) => a.type === "InternalIP")?.address),
    unschedulable: obj(n.spec).unschedulable === true,
    ready: conditions.some((c) => c.type === "Ready" && c.status === "True"),
  };
}

/** The oldest etcd tag among the members (the guard is about the member that moves first). */
function etcdTag(pods: KubeObject[]): string | null {
  const tags = pods
    .filter((p) => p.metadata.labels?.component === "etcd" || p.metadata.name.startsWith("etcd-"))
    .flatMap((p) => containers(p).filter((c) => c.name === "etcd" || containers(p).length === 1))
    .map((c) => imageTag(c.image))
    .filter((tag): tag is string => tag !== undefined);
  const num = (tag: string) => (/^(\d+)\.(\d+)\.(\d+)/.exec(tag) ?? []).slice(1).map(Number);
  tags.sort((a, b) => {
    const [x, y] = [num(a), num(b)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  return tags[0] ?? null;
}

/** calico-node (manifest or operator install) or kube-flannel, from their DaemonSets' images. */
function cniFacts(daemonSets: KubeObject[]): UpgradeFacts["cni"] {
  const find = (names: string[], container: string) => {
    const ds = daemonSets.find((d) => names.includes(d.metadata.name));
    if (!ds) return undefined;
    const cs = containers(ds);
    return (cs.find((c) => c.name === container) ?? cs[0])?.image ?? "";
  };
  const calico = find(["calico-node"], "calico-node");
  if (calico !== undefined)
    return { name: "calico", version: imageTag(calico) ?? null, ...(calico ? { image: calico } : {}) };
  const flannel = find(["kube-flannel-ds", "kube-flannel"], "kube-flannel");
  if (flannel !== undefined)
    return { name: "flannel", version: imageTag(flannel) ?? null, ...(flannel ? { image: flannel } : {}) };
  return { name: "none", version: null };
}

export interface ClusterReadings {
  gitVersion: string;
  kubeadmConfig: KubeObject | undefined;
  kubeProxy: KubeObject | undefined;
  kubeletConfig: KubeObject | undefined;
  nodes: KubeObject[];
  kubeSystemPods: KubeObject[];
  daemonSets: KubeObject[];
}

/** PURE: the facts from what the API returned (undefined: the object does not exist). */
export function factsFromCluster(r: ClusterReadings): UpgradeFacts {
  const cc = yamlDoc(data(r.kubeadmConfig).ClusterConfiguration) ?? {};
  const etcd = obj(cc.etcd);
  const proxyConf = r.kubeProxy ? yamlDoc(data(r.kubeProxy)["config.conf"]) : undefined;
  const kubelet = yamlDoc(data(r.kubeletConfig).kubelet);
  const failCgroupV1 = kubelet?.failCgroupV1;
  return {
    apiServerVersion: r.gitVersion,
    clusterVersion: str(cc.kubernetesVersion) ?? "",
    imageRepository: str(cc.imageRepository) ?? DEFAULT_IMAGE_REPOSITORY,
    kubeadmApiVersion: str(cc.apiVersion) ?? "",
    externalEtcd: Object.keys(obj(etcd.external)).length > 0,
    etcdVersion: Object.keys(obj(etcd.external)).length > 0 ? null : etcdTag(r.kubeSystemPods),
    kubeProxyMode: r.kubeProxy === undefined ? null : (str(proxyConf?.mode) ?? ""),
    cni: cniFacts(r.daemonSets),
    nodes: r.nodes.map(nodeFacts).sort((a, b) => a.name.localeCompare(b.name)),
    ...(typeof failCgroupV1 === "boolean" ? { kubeletFailCgroupV1: failCgroupV1 } : {}),
  };
}

async function getOrUndefined(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  try {
    return await kube.get({ apiVersion: "v1", kind: "ConfigMap", namespace, name });
  } catch (e) {
    if (isKubeError(e, "not-found")) return undefined;
    throw e;
  }
}

/** The cgroup version a node's files show (v1 and the hybrid layout both count as 1). */
export async function nodeCgroupVersion(node: Node): Promise<1 | 2 | undefined> {
  const { mode } = await readCgroupFacts(node.fs);
  return mode === "v2" ? 2 : mode === "v1" || mode === "hybrid" ? 1 : undefined;
}

/**
 * Everything the plan needs. `nodes`: the cluster nodes reachable as Node ports, by node name
 * (the local one, if this machine is a node, makes it the first control plane). A failing API
 * call rejects with its KubeError (the caller explains it); a missing ConfigMap is "absent".
 */
export async function readUpgradeFacts(kube: KubeClient, nodes?: Map<string, Node>): Promise<UpgradeFacts> {
  const [version, kubeadmConfig, kubeProxy, kubeletConfig, nodeList, pods, daemonSets] = await Promise.all([
    kube.serverVersion(),
    getOrUndefined(kube, "kube-system", "kubeadm-config"),
    getOrUndefined(kube, "kube-system", "kube-proxy"),
    getOrUndefined(kube, "kube-system", "kubelet-config"),
    kube.list("v1", "Node"),
    kube.list("v1", "Pod", { namespace: "kube-system" }),
    kube.list("apps/v1", "DaemonSet"),
  ]);
  const facts = factsFromCluster({
    gitVersion: version.gitVersion,
    kubeadmConfig,
    kubeProxy,
    kubeletConfig,
    nodes: nodeList.items,
    kubeSystemPods: pods.items,
    daemonSets: daemonSets.items,
  });
  return nodes ? withNodeFacts(facts, nodes) : facts;
}

/** The facts only a node itself can tell (its cgroup version), and which node this machine is. */
export async function withNodeFacts(facts: UpgradeFacts, nodes: Map<string, Node>): Promise<UpgradeFacts> {
  if (nodes.size === 0) return facts;
  const cgroups = new Map<string, 1 | 2 | undefined>();
  await Promise.all(
    [...nodes.entries()].map(async ([name, node]) => {
      cgroups.set(name, await nodeCgroupVersion(node).catch(() => undefined));
    }),
  );
  const local = [...nodes.entries()].find(([, n]) => n.local)?.[0];
  return {
    ...applyCgroups(facts, cgroups),
    ...(local && facts.nodes.some((n) => n.name === local) ? { localNode: local } : {}),
  };
}

/** The cgroup versions read on nodes (by node name) into the facts; undefined keeps "unknown". */
export function applyCgroups(facts: UpgradeFacts, cgroups: Map<string, 1 | 2 | undefined>): UpgradeFacts {
  return {
    ...facts,
    nodes: facts.nodes.map((n) => {
      const v = cgroups.get(n.name);
      return v === undefined ? n : { ...n, cgroupVersion: v };
    }),
  };
}
