/**
 * Real-shaped objects of a freshly initialised kubeadm cluster (nodes, kube-system pods, CoreDNS,
 * the flannel DaemonSet) for readiness and stuck-diagnosis tests, plus a seeding helper for the
 * fake API server. Message texts come from ../shared/testdata/failure-messages.yaml.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import type { KubeObject } from "../../src/kube/client.js";
import type { FakeObject } from "./kube-api-server.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED = join(repoRoot, "..", "shared", "testdata");
export const CNI_DIR = join(SHARED, "cni");

/** The shared failure-message catalogue, by id (all texts of that id). */
export function failureTexts(id: string): string[] {
  const entries = yaml.load(readFileSync(join(SHARED, "failure-messages.yaml"), "utf8")) as {
    id: string;
    text: string;
  }[];
  return entries.filter((e) => e.id === id).map((e) => e.text);
}

export function cniManifest(file: string): string {
  return readFileSync(join(CNI_DIR, file), "utf8");
}

export function cniMeta(file: string): {
  sha256: string;
  images: string[];
  objects: { kind: string; namespace: string | null; name: string }[];
  custom_resource_definitions?: string[];
} {
  return JSON.parse(readFileSync(join(CNI_DIR, `${file}.meta.json`), "utf8"));
}

/**
 * What the seeding helpers need of a cluster: the fake API server (over HTTP) and the in-memory
 * FakeCluster (test/fakes/kube-client.ts) both have it.
 */
export interface ArrangeCluster {
  upsert(obj: FakeObject): unknown;
  get(ref: { apiVersion: string; kind: string; name: string; namespace?: string | undefined }): unknown;
  setStatus(
    ref: { apiVersion: string; kind: string; name: string; namespace?: string | undefined },
    status: unknown,
  ): unknown;
}

const T0 = "2025-06-01T10:00:00Z";

export const CNI_NOT_READY =
  "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";

export function node(name: string, ready: boolean | "Unknown", message = CNI_NOT_READY): FakeObject {
  const status = ready === "Unknown" ? "Unknown" : ready ? "True" : "False";
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" } },
    spec: { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] },
    status: {
      conditions: [
        {
          type: "MemoryPressure",
          status: "False",
          reason: "KubeletHasSufficientMemory",
          message: "kubelet has sufficient memory available",
        },
        {
          type: "DiskPressure",
          status: "False",
          reason: "KubeletHasNoDiskPressure",
          message: "kubelet has no disk pressure",
        },
        ready === true
          ? { type: "Ready", status, reason: "KubeletReady", message: "kubelet is posting ready status" }
          : ready === "Unknown"
            ? {
                type: "Ready",
                status,
                reason: "NodeStatusUnknown",
                message: "Kubelet stopped posting node status.",
              }
            : { type: "Ready", status, reason: "KubeletNotReady", message },
      ],
    },
  };
}

export interface PodOpts {
  ready: boolean;
  labels?: Record<string, string>;
  image?: string;
  container?: string;
  phase?: string;
  waiting?: { reason: string; message?: string };
  scheduled?: { status: "False"; reason: string; message: string };
  owner?: { kind: string; name: string };
  restarts?: number;
  lastExit?: { exitCode: number; reason: string };
}

export function pod(namespace: string, name: string, o: PodOpts): FakeObject {
  const container = o.container ?? name.split("-")[0] ?? "main";
  const image = o.image ?? "registry.k8s.io/pause:3.10";
  const running = o.ready || (!o.waiting && !o.scheduled);
  const conditions = o.scheduled
    ? [
        {
          type: "PodScheduled",
          status: "False",
          reason: o.scheduled.reason,
          message: o.scheduled.message,
          lastTransitionTime: T0,
        },
      ]
    : [
        { type: "PodScheduled", status: "True", lastTransitionTime: T0 },
        { type: "Initialized", status: "True", lastTransitionTime: T0 },
        { type: "ContainersReady", status: o.ready ? "True" : "False", lastTransitionTime: T0 },
        { type: "Ready", status: o.ready ? "True" : "False", lastTransitionTime: T0 },
      ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      labels: o.labels ?? {},
      ...(o.owner
        ? {
            ownerReferences: [
              { apiVersion: "apps/v1", kind: o.owner.kind, name: o.owner.name, controller: true },
            ],
          }
        : {}),
    },
    spec: { nodeName: o.scheduled ? undefined : "master-1", containers: [{ name: container, image }] },
    status: {
      phase:
        o.phase ??
        (o.scheduled || o.waiting?.reason.includes("Image") ? "Pending" : running ? "Running" : "Pending"),
      conditions,
      ...(o.scheduled
        ? {}
        : {
            containerStatuses: [
              {
                name: container,
                image,
                ready: o.ready,
                restartCount: o.restarts ?? 0,
                state: o.waiting ? { waiting: o.waiting } : { running: { startedAt: T0 } },
                ...(o.lastExit ? { lastState: { terminated: { ...o.lastExit, finishedAt: T0 } } } : {}),
              },
            ],
          }),
    },
  };
}

export function event(
  namespace: string,
  involved: { kind: string; name: string },
  reason: string,
  message: string,
  at = T0,
): FakeObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${involved.name}.${reason.toLowerCase()}${Math.abs(hash(message + at))}`, namespace },
    involvedObject: { kind: involved.kind, name: involved.name, namespace },
    reason,
    message,
    type: reason === "Failed" || reason.startsWith("Failed") || reason === "Unhealthy" ? "Warning" : "Normal",
    count: 3,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component: "kubelet", host: "master-1" },
  };
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

export function daemonSetStatus(desired: number, ready: number) {
  return {
    currentNumberScheduled: desired,
    desiredNumberScheduled: desired,
    numberMisscheduled: 0,
    numberReady: ready,
    numberAvailable: ready,
    updatedNumberScheduled: desired,
    observedGeneration: 1,
  };
}

export function deploymentStatus(replicas: number, available: number) {
  return {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: available,
    availableReplicas: available,
    conditions: [
      {
        type: "Available",
        status: available >= replicas ? "True" : "False",
        reason: available >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
      },
    ],
  };
}

export function coreDnsDeployment(): FakeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "coredns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "k8s-app": "kube-dns" } },
      template: {
        metadata: { labels: { "k8s-app": "kube-dns" } },
        spec: { containers: [{ name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.11.3" }] },
      },
    },
  };
}

export const CONTROL_PLANE_PODS = [
  "etcd-master-1",
  "kube-apiserver-master-1",
  "kube-controller-manager-master-1",
  "kube-scheduler-master-1",
  "kube-proxy-7x2kq",
];

const COREDNS_TAINT =
  "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";

/** What `kubeadm init` leaves: master-1 NotReady (no CNI), the control plane Ready, CoreDNS 0/2. */
export function seedInitedCluster(api: ArrangeCluster): void {
  api.upsert(node("master-1", false));
  for (const name of CONTROL_PLANE_PODS) api.upsert(pod("kube-system", name, { ready: true }));
  api.upsert(coreDnsDeployment());
  api.setStatus(
    { apiVersion: "apps/v1", kind: "Deployment", namespace: "kube-system", name: "coredns" },
    deploymentStatus(2, 0),
  );
}

/**
 * The state right after `kubeadm init` + applying flannel: node NotReady (no CNI yet), control plane
 * pods Ready, CoreDNS Pending on the not-ready taint, the flannel pod starting.
 */
export function seedFreshCluster(api: ArrangeCluster, opts: { flannelDs: FakeObject }): void {
  seedInitedCluster(api);
  for (const n of ["coredns-668d6bf9bc-4kx2p", "coredns-668d6bf9bc-9wz7m"]) {
    api.upsert(
      pod("kube-system", n, {
        ready: false,
        labels: { "k8s-app": "kube-dns" },
        scheduled: { status: "False", reason: "Unschedulable", message: COREDNS_TAINT },
      }),
    );
  }
  if (!api.get({ apiVersion: "v1", kind: "Namespace", name: "kube-flannel" })) {
    api.upsert({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-flannel" } });
  }
  api.upsert(opts.flannelDs);
  api.setStatus(
    { apiVersion: "apps/v1", kind: "DaemonSet", namespace: "kube-flannel", name: "kube-flannel-ds" },
    daemonSetStatus(1, 0),
  );
  api.upsert(
    pod("kube-flannel", "kube-flannel-ds-8xq4n", {
      ready: false,
      labels: { app: "flannel" },
      image: "ghcr.io/flannel-io/flannel:v0.28.9",
      container: "kube-flannel",
      waiting: { reason: "PodInitializing" },
    }),
  );
}

/** Steps a controller would take to make the fresh cluster Ready, in order; the last one makes it Ready. */
export function readySteps(api: ArrangeCluster): (() => void)[] {
  const ref = (kind: string, namespace: string | undefined, name: string, apiVersion = "v1") => ({
    apiVersion,
    kind,
    namespace,
    name,
  });
  const readyPod = (
    namespace: string,
    name: string,
    labels: Record<string, string>,
    image?: string,
    container?: string,
  ) =>
    pod(namespace, name, {
      ready: true,
      labels,
      ...(image ? { image } : {}),
      ...(container ? { container } : {}),
    });
  return [
    () =>
      api.setStatus(
        ref("Pod", "kube-flannel", "kube-flannel-ds-8xq4n"),
        readyPod(
          "kube-flannel",
          "kube-flannel-ds-8xq4n",
          { app: "flannel" },
          "ghcr.io/flannel-io/flannel:v0.28.9",
          "kube-flannel",
        ).status,
      ),
    () =>
      api.setStatus(ref("DaemonSet", "kube-flannel", "kube-flannel-ds", "apps/v1"), daemonSetStatus(1, 1)),
    () => api.setStatus(ref("Node", undefined, "master-1"), node("master-1", true).status),
    () =>
      api.setStatus(
        ref("Pod", "kube-system", "coredns-668d6bf9bc-4kx2p"),
        readyPod("kube-system", "coredns-668d6bf9bc-4kx2p", { "k8s-app": "kube-dns" }).status,
      ),
    () =>
      api.setStatus(
        ref("Pod", "kube-system", "coredns-668d6bf9bc-9wz7m"),
        readyPod("kube-system", "coredns-668d6bf9bc-9wz7m", { "k8s-app": "kube-dns" }).status,
      ),
    () => api.setStatus(ref("Deployment", "kube-system", "coredns", "apps/v1"), deploymentStatus(2, 2)),
  ];
}

/** apiVersion of the built-in kinds in the CNI manifests. */
export function apiVersionOf(kind: string): string {
  if (kind === "CustomResourceDefinition") return "apiextensions.k8s.io/v1";
  if (/^(Cluster)?Role(Binding)?$/.test(kind)) return "rbac.authorization.k8s.io/v1";
  if (kind === "PodDisruptionBudget") return "policy/v1";
  if (["DaemonSet", "Deployment", "StatefulSet", "ReplicaSet"].includes(kind)) return "apps/v1";
  return "v1";
}

export function asKube(o: FakeObject): KubeObject {
  return o as unknown as KubeObject;
}
