/**
 * The pure parts of `wait`: durations, readiness per phase, live titles, and the stuck diagnosis
 * fed with real failure texts (../shared/testdata/failure-messages.yaml).
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/doctor/finding.js";
import { render } from "../../src/i18n/messages.js";
import { displayWidth } from "../../src/i18n/width.js";
import type { KubeObject } from "../../src/kube/client.js";
import { diagnoseSnapshot } from "../../src/wait/diagnosis.js";
import { formatDuration, parseDuration } from "../../src/wait/duration.js";
import { type ClusterSnapshot, evaluateReadiness, workloadProgress } from "../../src/wait/readiness.js";
import { waitReport } from "../../src/wait/report.js";
import { waitPhaseTitle } from "../../src/wait/tasks.js";
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
    expect(phases.map((p) => waitPhaseTitle("en", p))).toEqual([
      "nodes: 1/1 Ready",
      "pod network: kube-flannel-ds 2/3 ready",
      "CoreDNS: 2/2 available",
      "kube-system pods: 3/3 Ready",
    ]);
    expect(waitPhaseTitle("zh", phases[1] as never)).toBe("Pod 网络：kube-flannel-ds 2/3 就绪");
  });
});

const describeTexts = describeUnless(requireSharedTestdata("failure-messages.yaml"));
const NOW = new Date("2025-06-01T10:30:00Z");
/** wait's snapshot through the doctor's engine (wait/diagnosis.ts). */
function diagnose(over: Partial<ClusterSnapshot>, events: KubeObject[] = []) {
  const snap = snapshot(over);
  const phases = evaluateReadiness(snap, undefined);
  return { phases, findings: diagnoseSnapshot({ snapshot: snap, events, phases, now: NOW }) };
}
const onePod = (p: KubeObject, events: KubeObject[] = []) =>
  diagnose({ nodes: [k(node("master-1", true))], pods: [p] }, events).findings.filter((f) =>
    f.object.startsWith("Pod "),
  )[0];

describeTexts("stuck diagnosis (the doctor's engine) with real failure texts", () => {
  it("nodes: CNI not initialised, kubelet stopped, pressure", () => {
    for (const text of failureTexts("node.cni-not-ready")) {
      const ids = diagnose({ nodes: [k(node("n1", false, text))] }).findings.map((f) => f.id);
      expect(ids).toContain("node.cni-not-ready");
    }
    const stopped = diagnose({ nodes: [k(node("n1", "Unknown"))] }).findings[0];
    expect(stopped?.id).toBe("node.kubelet-stopped");
    expect(stopped?.evidence.join(" ")).toContain("Kubelet stopped posting node status.");
    expect(diagnose({ nodes: [k(node("n1", true))] }).findings).toEqual([]);
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
      const f = onePod(p, [
        k(event("kube-system", { kind: "Pod", name: "calico-node-abcde" }, "Failed", failed)),
      ]);
      expect(f?.id, text).toBe(id);
      expect(f?.title.params).toMatchObject({ image, registry: "quay.m.daocloud.io" });
      expect(f?.evidence.join("\n")).toContain(failed);
    }
  });

  it("the whole picture: no CNI at all is the root; the NotReady node is listed under it", () => {
    const { findings } = diagnose({
      nodes: [k(node("master-1", false))],
      pods: [k(pod("kube-system", "etcd-master-1", { ready: true }))],
      deployments: [k({ ...coreDnsDeployment(), status: deploymentStatus(2, 0) })],
    });
    const byId = new Map(findings.map((f) => [f.id, f]));
    expect(byId.get("cni.missing")?.causedBy).toBeUndefined();
    expect(byId.get("node.cni-not-ready")?.causedBy).toEqual({ id: "cni.missing", object: "CNI" });
    expect(render("en", byId.get("node.cni-not-ready")?.title as never)).toBe(
      "node master-1 is NotReady: no pod network (CNI) is installed yet",
    );
  });

  it("the report lists phases, the root with its fix, and what it explains", () => {
    const { phases, findings } = diagnose({ nodes: [k(node("master-1", false))] });
    const text = waitReport(
      "en",
      { outcome: "timeout", phases, findings, elapsedMs: 1, lastError: undefined },
      90_000,
    ).join("\n");
    expect(text).toContain("Not ready after 1m30s:\n  ✗ nodes: 0/1 Ready\n");
    expect(text).toContain("    fix: kadm-wizard cni apply");
    expect(text).toContain("explains 1 more:");
    expect(text).toContain(
      "- Node master-1: node master-1 is NotReady: no pod network (CNI) is installed yet",
    );
    const zh = waitReport(
      "zh",
      { outcome: "timeout", phases, findings, elapsedMs: 1, lastError: undefined },
      600_000,
    ).join("\n");
    expect(zh).toContain("等待 10m 后仍未就绪：");
    expect(zh).toContain("解决：kadm-wizard cni apply");
    expect(zh).toContain("由此导致的另外 1 项：");
  });

  it("a fix of several commands stays in one column under its label, in Chinese too (display width)", () => {
    const f = {
      id: "host.runtime-inactive",
      severity: "error",
      object: "containerd",
      title: { key: "doctor.host.kubeletInactive.title", params: { state: "inactive" } },
      evidence: [],
      fix: { key: "doctor.host.runtimeInactive.fix", params: { unit: "containerd" } },
    } as unknown as Finding;
    for (const lang of ["en", "zh"] as const) {
      const lines = waitReport(
        lang,
        { outcome: "timeout", phases: [], findings: [f], elapsedMs: 1, lastError: undefined },
        60_000,
      );
      const first = lines.find((l) => l.includes("systemctl enable --now containerd")) as string;
      const next = lines.find((l) => l.includes("journalctl -u containerd")) as string;
      expect(displayWidth(first.slice(0, first.indexOf("systemctl")))).toBe(next.indexOf("journalctl"));
    }
  });

  it("long evidence keeps its tail, where containerd puts the cause (i/o timeout)", () => {
    const long = `Failed to pull image "x": ${"failed to do request: ".repeat(40)}dial tcp 1.2.3.4:443: i/o timeout`;
    const text = waitReport(
      "en",
      {
        outcome: "timeout",
        phases: [],
        findings: [
          {
            id: "image-pull.unreachable",
            severity: "error",
            object: "Pod a/b",
            title: { key: "doctor.node.none.title" },
            evidence: [long],
            fix: { key: "doctor.node.none.fix" },
          },
        ],
        elapsedMs: 1,
        lastError: undefined,
      },
      1000,
    ).join("\n");
    expect(text).toContain("i/o timeout");
  });
});
