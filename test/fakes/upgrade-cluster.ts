/**
 * Cluster states for `upgrade plan`: the objects kubeadm and the CNI leave in a cluster (kubeadm-config,
 * kube-proxy and kubelet-config ConfigMaps, nodes with their kubelet and runtime versions, the etcd
 * static pods, calico-node / kube-flannel DaemonSets), shaped as the API serves them. The same
 * objects seed a FakeCluster (command tests) and the fake API server (the built binary in tmux).
 */
import yaml from "js-yaml";
import type { FakeObject } from "./kube-api-server.js";

export interface UpgradeNodeSpec {
  name: string;
  role?: "control-plane" | "worker";
  kubelet?: string;
  runtime?: string;
  address?: string;
  ready?: boolean;
}

export interface UpgradeClusterSpec {
  version?: string;
  /** /version gitVersion (default: version). */
  gitVersion?: string;
  imageRepository?: string;
  kubeadmApi?: "kubeadm.k8s.io/v1beta3" | "kubeadm.k8s.io/v1beta4" | string;
  externalEtcd?: boolean;
  /** The etcd image tag of every control plane's etcd pod (default 3.5.26-0). null: no etcd pods. */
  etcd?: string | null;
  /** kube-proxy mode; null: no kube-proxy ConfigMap. */
  proxyMode?: string | null;
  failCgroupV1?: boolean;
  cni?: { plugin: "calico" | "flannel"; version: string; namespace?: string } | null;
  nodes?: UpgradeNodeSpec[];
  /** No kubeadm-config ConfigMap at all (not a kubeadm cluster). */
  noKubeadmConfig?: boolean;
}

const REPO = "registry.aliyuncs.com/google_containers";

function cm(name: string, data: Record<string, string>): FakeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "kube-system" }, data };
}

export function upgradeNode(n: UpgradeNodeSpec, version: string): FakeObject {
  const role = n.role ?? "worker";
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: n.name,
      labels: {
        "kubernetes.io/hostname": n.name,
        ...(role === "control-plane" ? { "node-role.kubernetes.io/control-plane": "" } : {}),
      },
    },
    spec: {},
    status: {
      addresses: [
        { type: "InternalIP", address: n.address ?? "10.0.0.1" },
        { type: "Hostname", address: n.name },
      ],
      conditions: [{ type: "Ready", status: n.ready === false ? "False" : "True", reason: "KubeletReady" }],
      nodeInfo: {
        kubeletVersion: n.kubelet ?? version,
        containerRuntimeVersion: n.runtime ?? "containerd://2.1.4",
        kubeProxyVersion: n.kubelet ?? version,
        osImage: "Ubuntu 24.04 LTS",
      },
    },
  };
}

function etcdPod(node: string, image: string): FakeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `etcd-${node}`,
      namespace: "kube-system",
      labels: { component: "etcd", tier: "control-plane" },
    },
    spec: { nodeName: node, containers: [{ name: "etcd", image }] },
    status: { phase: "Running" },
  };
}

function daemonSet(name: string, namespace: string, container: string, image: string): FakeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: container, image }] },
      },
    },
  };
}

/** The objects of a kubeadm cluster in the given state, and its /version. */
export function upgradeCluster(o: UpgradeClusterSpec = {}): { objects: FakeObject[]; gitVersion: string } {
  const version = o.version ?? "v1.33.4";
  const repo = o.imageRepository ?? REPO;
  const nodes = o.nodes ?? [
    { name: "cp-1", role: "control-plane", address: "10.0.0.11" },
    { name: "worker-1", address: "10.0.0.21" },
  ];
  const objects: FakeObject[] = [];
  if (!o.noKubeadmConfig) {
    const cc: Record<string, unknown> = {
      apiVersion: o.kubeadmApi ?? "kubeadm.k8s.io/v1beta4",
      kind: "ClusterConfiguration",
      kubernetesVersion: version,
      imageRepository: repo,
      networking: { podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12" },
      etcd: o.externalEtcd
        ? { external: { endpoints: ["https://10.0.0.5:2379"], caFile: "/etc/etcd/ca.crt" } }
        : { local: { dataDir: "/var/lib/etcd" } },
    };
    objects.push(cm("kubeadm-config", { ClusterConfiguration: yaml.dump(cc) }));
  }
  if (o.proxyMode !== null) {
    objects.push(
      cm("kube-proxy", {
        "config.conf": yaml.dump({
          apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
          kind: "KubeProxyConfiguration",
          mode: o.proxyMode ?? "",
        }),
      }),
    );
  }
  objects.push(
    cm("kubelet-config", {
      kubelet: yaml.dump({
        apiVersion: "kubelet.config.k8s.io/v1beta1",
        kind: "KubeletConfiguration",
        cgroupDriver: "systemd",
        ...(o.failCgroupV1 === undefined ? {} : { failCgroupV1: o.failCgroupV1 }),
      }),
    }),
  );
  for (const n of nodes) objects.push(upgradeNode(n, version));
  const etcd = o.etcd === undefined ? "3.5.26-0" : o.etcd;
  if (etcd !== null && !o.externalEtcd) {
    for (const n of nodes.filter((x) => x.role === "control-plane"))
      objects.push(etcdPod(n.name, `${repo}/etcd:${etcd}`));
  }
  const cni = o.cni === undefined ? { plugin: "calico" as const, version: "v3.30.7" } : o.cni;
  if (cni?.plugin === "calico") {
    if (cni.namespace && cni.namespace !== "kube-system")
      objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: cni.namespace } });
    objects.push(
      daemonSet(
        "calico-node",
        cni.namespace ?? "kube-system",
        "calico-node",
        `quay.io/calico/node:${cni.version}`,
      ),
    );
  } else if (cni?.plugin === "flannel") {
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-flannel" } });
    objects.push(
      daemonSet(
        "kube-flannel-ds",
        cni.namespace ?? "kube-flannel",
        "kube-flannel",
        `ghcr.io/flannel-io/flannel:${cni.version}`,
      ),
    );
  }
  return { objects, gitVersion: o.gitVersion ?? version };
}
