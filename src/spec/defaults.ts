import type { SpecValues } from "./fields.js";

/**
 * Built-in defaults: the lowest layer. The pinned version is the newest patch of the
 * second-newest minor: mature, in upstream support, and synced by the mirrors, which lag the newest.
 */
export const DEFAULT_K8S_VERSION = "v1.35.7";
export const DEFAULT_PROFILE = "aliyun";
export const DEFAULT_CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";

export const DEFAULT_CNI_VERSIONS = { flannel: "v0.28.9", calico: "v3.32.1" } as const;

export const BUILTIN_DEFAULTS: SpecValues = {
  kubernetesVersion: DEFAULT_K8S_VERSION,
  imageRepository: "registry.k8s.io",
  "networking.podSubnet": "10.244.0.0/16",
  "networking.serviceSubnet": "10.96.0.0/12",
  "networking.dnsDomain": "cluster.local",
  "controlPlane.bindPort": 6443,
  "controlPlane.certSANs": [],
  "controlPlane.lbBackends": [],
  "node.criSocket": DEFAULT_CRI_SOCKET,
  "node.cgroupDriver": "systemd",
  "node.scheduleOnControlPlane": false,
  "node.allowCgroupV1": false,
  "kubeProxy.mode": "iptables",
  "cni.plugin": "flannel",
  "cni.imageMirrors": {},
  "cni.manifestSources": ["https://raw.githubusercontent.com/{repo}/{tag}/{path}"],
  "bootstrapToken.ttl": "24h0m0s",
  registryMirrors: {},
  "join.caCertHashes": [],
  "join.controlPlane": false,
};
