/**
 * What the cluster should look like (version, image repository, pod subnet, cgroup driver, CRI
 * socket), from the best source there is: the cluster's own kubeadm-config ConfigMap, else the
 * configuration `kadm-wizard init` saved on this host, else the spec flags/profile; a version the
 * user did not give (the profile's newest) is then taken from the node's own kubeadm, so a healthy
 * v1.33 node is not reported as skewed against a release nobody asked for. Pure parsing; the
 * reading is done by the caller.
 */

import { loadDocuments } from "../kubeadm/render.js";
import { isPlainObject } from "../spec/load-values.js";
import type { CgroupDriver, ClusterSpec } from "../spec/types.js";
import { loadBoundedOrThrow } from "../util/yaml-safe.js";
import { parseKubeVersion } from "../validate/version.js";

/** Where `kadm-wizard init` keeps the kubeadm configuration it ran with (under --root). */
export const SAVED_CONFIG = "/etc/kadm-wizard/kubeadm.yaml";

export type ExpectedSource = "cluster" | "saved" | "spec" | "node";

export interface ExpectedCluster {
  source: ExpectedSource;
  /** e.g. "ConfigMap kube-system/kubeadm-config", "/etc/kadm-wizard/kubeadm.yaml", "profile aliyun". */
  origin: string;
  kubernetesVersion: string;
  imageRepository: string;
  /** Empty when kubeadm was run without one (flannel then has no node CIDRs). */
  podSubnet: string;
  cgroupDriver: CgroupDriver;
  criSocket: string;
  /** source "spec": the version is the profile's default, not one the user gave (--k8s-version, answers). */
  versionGuessed?: boolean;
}

export function fromSpec(spec: ClusterSpec, o: { versionGiven?: boolean } = {}): ExpectedCluster {
  return {
    source: "spec",
    origin: `profile ${spec.profile}`,
    ...(o.versionGiven === false ? { versionGuessed: true } : {}),
    kubernetesVersion: spec.kubernetesVersion,
    imageRepository: spec.imageRepository,
    podSubnet: spec.networking.podSubnet,
    cgroupDriver: spec.node.cgroupDriver,
    criSocket: spec.node.criSocket,
  };
}

type Doc = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

function obj(v: unknown): Doc {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Doc) : {};
}

function version(v: unknown): string | undefined {
  const text = str(v);
  return text ? parseKubeVersion(text)?.text : undefined;
}

/** A ClusterConfiguration document (kubeadm v1beta3/v1beta4) over a fallback. */
function applyClusterConfiguration(doc: Doc, base: ExpectedCluster): ExpectedCluster {
  const net = obj(doc.networking);
  return {
    ...base,
    kubernetesVersion: version(doc.kubernetesVersion) ?? base.kubernetesVersion,
    // kubeadm stores the default explicitly; absent means kubeadm's own default.
    imageRepository: str(doc.imageRepository) ?? "registry.k8s.io",
    podSubnet: str(net.podSubnet) ?? "",
  };
}

/** kube-system/kubeadm-config's data.ClusterConfiguration (YAML text). Undefined when unusable. */
export function fromKubeadmConfigMap(
  data: Record<string, string> | undefined,
  base: ExpectedCluster,
): ExpectedCluster | undefined {
  const text = data?.ClusterConfiguration;
  if (!text) return undefined;
  let doc: unknown;
  try {
    doc = loadBoundedOrThrow(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== "object") return undefined;
  return {
    ...applyClusterConfiguration(obj(doc), base),
    source: "cluster",
    origin: "ConfigMap kube-system/kubeadm-config",
  };
}

/** The saved multi-document kubeadm configuration (Init/Join, Cluster, Kubelet configurations). */
export function fromSavedConfig(text: string, base: ExpectedCluster): ExpectedCluster | undefined {
  const loaded = loadDocuments(text);
  if (!loaded.ok) return undefined;
  const docs = loaded.docs.filter(isPlainObject);
  const byKind = (kind: string) => docs.find((d) => d.kind === kind);
  const cluster = byKind("ClusterConfiguration");
  if (!cluster) return undefined;
  let out = applyClusterConfiguration(cluster, base);
  const node = obj((byKind("InitConfiguration") ?? byKind("JoinConfiguration"))?.nodeRegistration);
  const kubelet = byKind("KubeletConfiguration");
  const driver = str(kubelet?.cgroupDriver);
  out = {
    ...out,
    criSocket: str(node.criSocket) ?? out.criSocket,
    cgroupDriver: driver === "systemd" || driver === "cgroupfs" ? driver : out.cgroupDriver,
  };
  return { ...out, source: "saved", origin: SAVED_CONFIG };
}

/**
 * The spec's guessed version replaced by the node's installed kubeadm release (`kubeadm version -o
 * short` text, e.g. "v1.33.2"); anything else is kept. Undefined when there is nothing to replace.
 */
export function fromNodeKubeadm(
  base: ExpectedCluster,
  kubeadmVersion: string | undefined,
): ExpectedCluster | undefined {
  if (base.source !== "spec" || !base.versionGuessed) return undefined;
  const v = kubeadmVersion ? parseKubeVersion(kubeadmVersion)?.text : undefined;
  if (!v) return undefined;
  const { versionGuessed: _, ...rest } = base;
  return { ...rest, source: "node", origin: v, kubernetesVersion: v };
}
