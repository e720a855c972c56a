/**
 * The pure parts of `wait`: durations, readiness per phase, live titles, and the stuck diagnosis
 * fed with real failure texts (../shared/testdata/failure-messages.yaml).
 */
import { describe, expect, it } from "vitest";
import { render } from "../../src/i18n/messages.js";
import type { KubeObject } from "../../src/kube/client.js";
import { formatDuration, parseDuration } from "../../src/wait/duration.js";
import { type ClusterSnapshot, evaluateReadiness, workloadProgress } from "../../src/wait/readiness.js";
import { waitReport } from "../../src/wait/report.js";
import {
  diagnoseNode,
  diagnosePod,
  diagnoseStuck,
  mergeFindings,
  type StuckFinding,
} from "../../src/wait/stuck.js";
import { phaseTitle } from "../../src/wait/tasks.js";
import {
  coreDnsDeployment,
  daemonSetStatus,
  deploymentStatus,
  event,
  failureTexts,
  node,
  pod,
} from "../fakes/cluster.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

const k = (o: unknown) => o as KubeObject;

describe("durations", () => {
  it.each([
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["500ms", 500],
    ["1.5s", 1_500],
    [" 2m ", 120_000],
  ])("%s = %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["10", "", "0s", "-5m", "10 m", "1d", "25h", "m", "10min"])("%j is refused", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it.each([
    [600_000, "10m"],
    [90_000, "1m30s"],
    [300, "300ms"],
    [1_500, "1.5s"],
    [3_600_000, "1h"],
  ])("%d ms prints as %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

const ds = (status: unknown, generation = 1) =>
  k({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "kube-flannel-ds", namespace: "kube-flannel", generation },
    status,
  });

describe("workload rollout", () => {
  it("DaemonSet: all desired pods ready and updated, at the current generation", () => {
    expect(workloadProgress(ds(daemonSetStatus(3, 2)))).toEqual({ ready: 2, desired: 3, done: false });
    expect(workloadProgress(ds(daemonSetStatus(3, 3)))).toEqual({ ready: 3, desired: 3, done: true });
    expect(workloadProgress(ds(daemonSetStatus(3, 3), 2)).done).toBe(false); // status of the previous spec
    expect(workloadProgress(ds({ ...daemonSetStatus(3, 3), updatedNumberScheduled: 1 })).done).toBe(false);
    expect(workloadProgress(ds(daemonSetStatus(0, 0))).done).toBe(false); // not scheduled yet
    expect(workloadProgress(ds(undefined))).toEqual({ ready: 0, desired: 0, done: false });
  });

  it("Deployment: available replicas, default 1", () => {
    const d = (replicas: number | undefined, available: number) =>
      k({
        ...coreDnsDeployment(),
        metadata: { name: "coredns", namespace: "kube-system", generation: 1 },
        spec: { replicas },
        status: deploymentStatus(replicas ?? 1, available),
      });
    expect(workloadProgress(d(2, 1))).toEqual({ ready: 1, desired: 2, done: false });
    expect(workloadProgress(d(2, 2)).done).toBe(true);
    expect(workloadProgress(d(undefined, 1))).toEqual({ ready: 1, desired: 1, done: true });
  });
});

function snapshot(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return { nodes: [], pods: [], daemonSets: [], deployments: [], ...over };
}

describe("evaluateReadiness", () => {
  const readyCluster = snapshot({
    nodes: [k(node("master-1", true))],
    pods: ["etcd-master-1", "coredns-1", "coredns-2"].map((n) => k(pod("kube-system", n, { ready: true }))),
    daemonSets: [ds(daemonSetStatus(1, 1))],
    deployments: [k({ ...coreDnsDeployment(), status: deploymentStatus(2, 2) })],
  });

  it("all four phases done on a ready cluster (flannel detected)", () => {
    const phases = evaluateReadiness(readyCluster, undefined);
    expect(phases.map((p) => [p.id, p.done, p.ready, p.total])).toEqual([
      ["nodes", true, 1, 1],
      ["cni", true, 1, 1],
      ["coredns", true, 2, 2],
      ["kube-system", true, 3, 3],
    ]);
  });

  it("a pod network kadm-wizard does not know counts once the nodes are Ready", () => {
    const other = { ...readyCluster, daemonSets: [] };
    expect(evaluateReadiness(other, undefined)[1]).toMatchObject({ done: true, unmanaged: true });
    expect(evaluateReadiness({ ...other, nodes: [k(node("m", false))] }, undefined)[1]?.done).toBe(false);
    // but a named target must exist
    const named = evaluateReadiness(other, [
      {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        name: "calico-node",
        namespace: "kube-system",
        check: "rollout",
      },
    ])[1];
    expect(named).toMatchObject({
      done: false,
      workloads: [{ found: false, object: "DaemonSet kube-system/calico-node" }],
    });
  });

  it("absent CoreDNS is 'skipped' only once every kind has been listed", () => {
    const noDns = { ...readyCluster, deployments: [] };
    expect(evaluateReadiness(noDns, undefined, true)[2]?.done).toBe(true);
    expect(evaluateReadiness(noDns, undefined, false)[2]?.done).toBe(false);
  });

  it("condition targets (TigeraStatus calico Available)", () => {
    const target = {
      apiVersion: "operator.tigera.io/v1",
      kind: "TigeraStatus",
      name: "calico",
      check: "condition" as const,
      condition: "Available",
    };
    const ts = (status: string) =>
      k({
        apiVersion: target.apiVersion,
        kind: "TigeraStatus",
        metadata: { name: "calico" },
        status: { conditions: [{ type: "Available", status }] },
      });
    const at = (status: string) =>
      evaluateReadiness(
        { ...readyCluster, other: new Map([["operator.tigera.io/v1/TigeraStatus", [ts(status)]]]) },
        [target],
      )[1];
    expect(at("False")).toMatchObject({ done: false, workloads: [{ condition: "Available=False" }] });
    expect(at("True")?.done).toBe(true);
  });

  it("titles show live counts per workload", () => {
    const phases = evaluateReadiness({ ...readyCluster, daemonSets: [ds(daemonSetStatus(3, 2))] }, undefined);
    expect(phases.map((p) => phaseTitle("en", p))).toEqual([
      "nodes: 1/1 Ready",
      "pod network: kube-flannel-ds 2/3 ready",
      "CoreDNS: 2/2 available",
      "kube-system pods: 3/3 Ready",
    ]);
    expect(phaseTitle("zh", phases[1] as never)).toBe("Pod 网络：kube-flannel-ds 2/3 就绪");
  });
});

const describeTexts = describeUnless(requireSharedTestdata("failure-messages.yaml"));
describeTexts("stuck diagnosis with real failure texts", () => {
  it("nodes: CNI not initialised, kubelet stopped, pressure", () => {
    for (const text of failureTexts("node.cni-not-ready")) {
      expect(diagnoseNode(k(node("n1", false, text)))?.id).toBe("node.cni-not-ready");
    }
    const stopped = diagnoseNode(k(node("n1", "Unknown")));
    expect(stopped).toMatchObject({
      id: "node.kubelet-stopped",
      evidence: ["NodeStatusUnknown: Kubelet stopped posting node status."],
    });
    const pressured = k(node("n1", false, "kubelet has disk pressure"));
    (pressured.status as { conditions: { type: string; status: string; message?: string }[] }).conditions[1] =
      {
        type: "DiskPressure",
        status: "True",
        message: "kubelet has disk pressure",
      };
    expect(diagnoseNode(pressured)?.id).toBe("node.pressure");
    expect(diagnoseNode(k(node("n1", true)))).toBeUndefined();
  });

  it.each([
    ["image-pull.unreachable", "image-pull.unreachable"],
    ["image-pull.not-found", "image-pull.not-found"],
    ["image-pull.unauthorized", "image-pull.unauthorized"],
    ["image-pull.tls", "image-pull.tls"],
  ])("ImagePullBackOff + the Failed event of class %s -> %s, naming image and registry", (cls, id) => {
    const image = "quay.m.daocloud.io/calico/node:v3.32.1";
    const p = k(
      pod("kube-system", "calico-node-abcde", {
        ready: false,
        image,
        container: "calico-node",
        waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` },
      }),
    );
    for (const text of failureTexts(cls)) {
      const failed = `Failed to pull image "${image}": ${text}`;
      const f = diagnosePod(p, [
        k(event("kube-system", { kind: "Pod", name: "calico-node-abcde" }, "Failed", failed)),
      ]);
      expect(f?.id, text).toBe(id);
      expect(f?.title.params).toMatchObject({ image, registry: "quay.m.daocloud.io" });
      expect(f?.evidence).toEqual([`Back-off pulling image "${image}"`, failed]);
    }
  });

  it("a back-off without its event still names the image (cause unknown)", () => {
    const p = k(
      pod("kube-flannel", "kube-flannel-ds-x", {
        ready: false,
        image: "ghcr.io/flannel-io/flannel:v0.28.9",
        waiting: {
          reason: "ImagePullBackOff",
          message: failureTexts("image-pull.backoff-message")[0] as string,
        },
      }),
    );
    const f = diagnosePod(p, []);
    expect(f?.id).toBe("image-pull.backoff");
    expect(render("en", f?.title as never)).toBe(
      "container kube cannot pull ghcr.io/flannel-io/flannel:v0.28.9 (the kubelet is backing off)",
    );
  });

  it("crash loops, sandbox image, BGP, unschedulable", () => {
    const crash = k(
      pod("kube-system", "kube-proxy-x", {
        ready: false,
        container: "kube-proxy",
        waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container" },
        restarts: 7,
        lastExit: { exitCode: 1, reason: "Error" },
      }),
    );
    expect(diagnosePod(crash, [])).toMatchObject({
      id: "pod.crashloop",
      title: { params: { restarts: 7, exit: 1 } },
    });

    const creating = k(
      pod("kube-system", "coredns-1", { ready: false, waiting: { reason: "ContainerCreating" } }),
    );
    const sandbox = failureTexts("sandbox-image.pull-failed")[0] as string;
    expect(
      diagnosePod(creating, [
        k(event("kube-system", { kind: "Pod", name: "coredns-1" }, "FailedCreatePodSandBox", sandbox)),
      ])?.id,
    ).toBe("sandbox-image.pull-failed");

    const calico = k(pod("kube-system", "calico-node-x", { ready: false }));
    const bgp = failureTexts("calico.bgp-not-established")[0] as string;
    expect(
      diagnosePod(calico, [
        k(
          event(
            "kube-system",
            { kind: "Pod", name: "calico-node-x" },
            "Unhealthy",
            `Readiness probe failed: ${bgp}`,
          ),
        ),
      ])?.id,
    ).toBe("calico.bgp-not-established");

    const pending = k(
      pod("default", "web-1", {
        ready: false,
        scheduled: {
          status: "False",
          reason: "Unschedulable",
          message: "0/1 nodes are available: 1 Insufficient cpu.",
        },
      }),
    );
    expect(diagnosePod(pending, [])).toMatchObject({
      id: "pod.unschedulable",
      evidence: ["0/1 nodes are available: 1 Insufficient cpu."],
    });
  });

  it("the whole picture: only stuck objects, workloads with no pod to blame, no CNI at all", () => {
    const snap = snapshot({
      nodes: [k(node("master-1", false))],
      pods: [k(pod("kube-system", "etcd-master-1", { ready: true }))],
      deployments: [k({ ...coreDnsDeployment(), status: deploymentStatus(2, 0) })],
    });
    const phases = evaluateReadiness(snap, undefined);
    const ids = diagnoseStuck({ snapshot: snap, events: [], phases }).map((f) => `${f.id} ${f.object}`);
    expect(ids).toEqual([
      "node.cni-not-ready Node master-1",
      "cni.missing CNI",
      "workload.not-ready Deployment kube-system/coredns",
    ]);
  });

  it("mergeFindings: the hook wins for its objects, keeps the rest and its extra objects", () => {
    const f = (object: string, id: string): StuckFinding => ({
      id,
      object,
      title: { key: "wait.stuck.sandbox" },
      evidence: [],
    });
    const merged = mergeFindings(
      [f("Node a", "x"), f("Pod b", "y")],
      [f("Pod b", "hook"), f("Pod c", "hook2")],
    );
    expect(merged.map((m) => `${m.object}:${m.id}`)).toEqual(["Node a:x", "Pod b:hook", "Pod c:hook2"]);
  });

  it("the report lists phases, findings, evidence and fixes", () => {
    const snap = snapshot({ nodes: [k(node("master-1", false))] });
    const phases = evaluateReadiness(snap, undefined);
    const findings = diagnoseStuck({ snapshot: snap, events: [], phases });
    const text = waitReport(
      "en",
      { outcome: "timeout", phases, findings, elapsedMs: 1, lastError: undefined },
      90_000,
    ).join("\n");
    expect(text).toContain("Not ready after 1m30s:\n  ✗ nodes: 0/1 Ready\n");
    expect(text).toContain("    fix: install the pod network: kadm-wizard cni apply");
    const zh = waitReport(
      "zh",
      { outcome: "timeout", phases, findings, elapsedMs: 1, lastError: undefined },
      600_000,
    ).join("\n");
    expect(zh).toContain("等待 10m 后仍未就绪：");
    expect(zh).toContain("解决：安装 Pod 网络：kadm-wizard cni apply");
  });
});
