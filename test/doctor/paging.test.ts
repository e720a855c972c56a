/**
 * doctor lists nodes, pods and workloads page by page and keeps only a slim copy of each unhealthy
 * pod (cluster/scan.ts). These check that this path finds exactly what the in-memory engine finds
 * on the whole objects (diagnoseCluster, as `wait` uses it), over many pages with `continue`
 * tokens, and when the server expires the token mid-list (410 Expired): the scan starts over.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { diagnoseCluster } from "../../src/doctor/classify/cluster.js";
import type { EventLike, NodeLike, PodLike } from "../../src/doctor/classify/types.js";
import type { WorkloadLike } from "../../src/doctor/classify/workload.js";
import type { Finding } from "../../src/doctor/finding.js";
import type { FakeApiServer, FakeObject } from "../fakes/kube-api-server.js";
import { describeUnless, requireTool } from "../support/requires.js";
import {
  type HealthServer,
  healthyCluster,
  node,
  PAUSE,
  runningPod,
  runWorld,
  startHealthServer,
  testPki,
  VERSION,
} from "./world.js";

const describe = describeUnless(requireTool("openssl"));

let cm: HealthServer;
let sched: HealthServer;
beforeAll(async () => {
  testPki();
  [cm, sched] = await Promise.all([startHealthServer(), startHealthServer()]);
});
afterAll(async () => {
  await Promise.all([cm.close(), sched.close()]);
});
const health = () => ({ controllerManager: cm.endpoint, scheduler: sched.endpoint });

/** What a real pod carries besides what doctor reads: the slim copy must drop it, and nothing else. */
function bulky(p: FakeObject): FakeObject {
  const spec = p.spec as { containers: Record<string, unknown>[] };
  for (const c of spec.containers) {
    c.env = [{ name: "LOG_LEVEL", value: "info" }];
    c.resources = { requests: { cpu: "100m", memory: "128Mi" } };
  }
  p.metadata.annotations = { "kubectl.kubernetes.io/restartedAt": "2025-05-01T10:00:00Z" };
  p.metadata.managedFields = [{ manager: "kubelet", operation: "Update", fieldsV1: { "f:status": {} } }];
  p.metadata.ownerReferences = [
    { apiVersion: "apps/v1", kind: "ReplicaSet", name: "app-7d9c", uid: "1", controller: true },
  ];
  return p;
}

function withStatus(p: FakeObject, status: Record<string, unknown>): FakeObject {
  p.status = status;
  return bulky(p);
}

function event(pod: FakeObject, reason: string, message: string): FakeObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: `${pod.metadata.name}.${reason.toLowerCase()}`,
      namespace: pod.metadata.namespace as string,
    },
    involvedObject: { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace },
    reason,
    message,
    type: "Warning",
    count: 7,
    lastTimestamp: new Date().toISOString(),
  };
}

/** Healthy and unhealthy pods, nodes and workloads of many kinds, spread over namespaces. */
function mixedState(): FakeObject[] {
  const image = "registry.example.com/team/app:1.2.3";
  const pull = withStatus(runningPod("team-a", "pull-1", { image, container: "app" }), {
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "True" }],
    containerStatuses: [
      {
        name: "app",
        image,
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` } },
      },
    ],
  });
  const crash = withStatus(runningPod("team-b", "crash-1", { container: "app" }), {
    phase: "Running",
    conditions: [{ type: "Ready", status: "False" }],
    containerStatuses: [
      {
        name: "app",
        ready: false,
        restartCount: 9,
        state: {
          waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app" },
        },
        lastState: { terminated: { reason: "Error", exitCode: 1, finishedAt: "2025-05-01T11:00:00Z" } },
      },
    ],
  });
  const pending = withStatus(runningPod("team-c", "pending-1"), {
    phase: "Pending",
    conditions: [
      {
        type: "PodScheduled",
        status: "False",
        reason: "Unschedulable",
        message: "0/2 nodes are available: 2 Insufficient memory.",
      },
    ],
  });
  delete (pending.spec as { nodeName?: string }).nodeName;
  const evicted = withStatus(runningPod("team-a", "evicted-1"), {
    phase: "Failed",
    reason: "Evicted",
    message: "The node was low on resource: memory.",
  });
  const failed = withStatus(runningPod("team-b", "failed-1", { container: "job" }), {
    phase: "Failed",
    containerStatuses: [
      { name: "job", ready: false, state: { terminated: { reason: "Error", exitCode: 2, message: "boom" } } },
    ],
  });
  const config = withStatus(runningPod("team-c", "config-1", { container: "app" }), {
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "True" }],
    containerStatuses: [
      {
        name: "app",
        ready: false,
        state: {
          waiting: { reason: "CreateContainerConfigError", message: 'configmap "app-config" not found' },
        },
      },
    ],
  });
  const probe = withStatus(runningPod("team-a", "probe-1", { container: "web" }), {
    phase: "Running",
    conditions: [{ type: "Ready", status: "False" }],
    containerStatuses: [{ name: "web", ready: false, started: true, state: { running: {} } }],
  });
  const healthy = Array.from({ length: 9 }, (_, i) =>
    bulky(runningPod(`team-${"abc"[i % 3]}`, `ok-${i}`, { nodeName: i % 2 ? "worker-1" : "cp-1" })),
  );
  const notReady = node("worker-2", "10.244.2.0/24", {
    conditions: [
      { type: "Ready", status: "False", reason: "KubeletNotReady", message: "container runtime is down" },
    ],
    nodeInfo: { kubeletVersion: VERSION },
  });
  const deployment: FakeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "team-a" },
    spec: { replicas: 3 },
    status: {
      replicas: 3,
      availableReplicas: 1,
      conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable" }],
    },
  };
  return [
    ...healthyCluster(),
    ...["team-a", "team-b", "team-c"].map((name) => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name },
    })),
    notReady,
    deployment,
    ...healthy,
    pull,
    event(
      pull,
      "Failed",
      `Failed to pull image "${image}": rpc error: code = NotFound desc = ${image}: not found`,
    ),
    crash,
    pending,
    evicted,
    failed,
    config,
    probe,
    event(probe, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"),
  ];
}

/** Events name their pod's uid (assigned by the server). */
function linkEvents(server: FakeApiServer): void {
  for (const ev of server.objects({ apiVersion: "v1", kind: "Event" })) {
    const inv = ev.involvedObject as { name: string; namespace: string };
    const pod = server.get({ apiVersion: "v1", kind: "Pod", namespace: inv.namespace, name: inv.name });
    if (pod) server.upsert({ ...ev, involvedObject: { ...inv, uid: pod.metadata.uid } });
  }
}

const view = (fs: readonly Finding[]) =>
  fs.map((f) => ({
    id: f.id,
    object: f.object,
    title: f.title,
    evidence: f.evidence,
    fix: f.fix,
    causedBy: f.causedBy,
  }));

/** Findings that come from nodes, pods and workloads (not tokens, the pod CIDR, the host). */
const fromObjects = (fs: readonly Finding[]) =>
  fs.filter((f) =>
    /^(node|pod|image-pull|deployment|daemonset|coredns|sandbox|calico|cni\.missing)/.test(f.id),
  );

describe("doctor's paged scan", () => {
  it("finds on many small pages exactly what the in-memory engine finds on the whole objects", async () => {
    const now = new Date(Date.now() + 5 * 60_000);
    let whole: Finding[] = [];
    let pagesAsked = 0;
    const paged = await runWorld(
      {
        cluster: mixedState(),
        scope: "cluster",
        now,
        pageSize: 2,
        tweakServer: (server) => {
          linkEvents(server);
          const all = (kind: string, apiVersion = "v1") => server.objects({ apiVersion, kind });
          whole = diagnoseCluster({
            nodes: all("Node") as unknown as NodeLike[],
            pods: all("Pod") as unknown as PodLike[],
            events: all("Event") as unknown as EventLike[],
            deployments: all("Deployment", "apps/v1") as unknown as WorkloadLike[],
            daemonSets: all("DaemonSet", "apps/v1") as unknown as WorkloadLike[],
            now,
            ctx: { expectedPause: PAUSE, kubernetesVersion: VERSION },
          });
        },
      },
      health(),
    );
    const podPages = paged.server?.requests.filter((r) => r.path === "/api/v1/pods") ?? [];
    pagesAsked = podPages.length;
    expect(pagesAsked).toBeGreaterThan(5);
    expect(podPages.filter((r) => r.query.continue).length).toBe(pagesAsked - 1);
    expect(podPages.every((r) => r.query.limit === "2")).toBe(true);

    const ids = new Set(fromObjects(paged.report.findings).map((f) => f.id));
    for (const id of [
      "image-pull.not-found",
      "pod.crashloop",
      "pod.unschedulable",
      "pod.evicted",
      "pod.failed",
      "pod.container-error",
      "pod.not-ready",
      "node.runtime-not-ready",
      "deployment.unavailable",
    ])
      expect(ids, id).toContain(id);
    expect(view(fromObjects(paged.report.findings))).toEqual(view(fromObjects(whole)));

    // One page holding everything: the same report, word for word.
    const onePage = await runWorld(
      { cluster: mixedState(), scope: "cluster", now, pageSize: 1000, tweakServer: linkEvents },
      health(),
    );
    expect(view(paged.report.findings)).toEqual(view(onePage.report.findings));
    expect(paged.report.cluster.pods).toBe(onePage.report.cluster.pods);
  });

  it("starts the pod list over when the continue token expires mid-list (410 Expired), counting nothing twice", async () => {
    const now = new Date(Date.now() + 5 * 60_000);
    const reference = await runWorld(
      { cluster: mixedState(), scope: "cluster", now, pageSize: 3, tweakServer: linkEvents },
      health(),
    );
    const expired = await runWorld(
      {
        cluster: mixedState(),
        scope: "cluster",
        now,
        pageSize: 3,
        tweakServer: (server) => {
          linkEvents(server);
          // the third page's request (a continue) is answered as an API server does after compaction
          server.fail({
            method: "GET",
            path: /^\/api\/v1\/pods$/,
            status: 410,
            reason: "Expired",
            message: "The provided continue parameter is too old to display a consistent list result.",
            after: 2,
          });
        },
      },
      health(),
    );
    const pods = expired.server?.requests.filter((r) => r.path === "/api/v1/pods") ?? [];
    const gone = pods.findIndex((r) => r.status === 410);
    expect(gone).toBe(2);
    expect(pods[gone]?.query.continue).toBeTruthy();
    expect(pods[gone + 1]?.query.continue).toBeUndefined(); // a fresh list
    expect(expired.report.findings.some((f) => f.id === "doctor.check-failed")).toBe(false);
    expect(expired.report.cluster.pods).toBe(reference.report.cluster.pods);
    expect(expired.report.cluster.unhealthyPods).toBe(reference.report.cluster.unhealthyPods);
    expect(view(expired.report.findings)).toEqual(view(reference.report.findings));
  });
});
