/**
 * waitForCluster against the fake API server (127.0.0.1) through the real client-node adapter:
 * scripted readiness timelines, watch expiry, dropped connections, an API server restart, and the
 * timeout diagnosis.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { parseManifest } from "../../src/cni/patch/manifest.js";
import { readinessTargets } from "../../src/cni/patch/readiness.js";
import type { KubeClient } from "../../src/kube/client.js";
import { loadKubeClient } from "../../src/kube/client-node.js";
import { waitPhaseTitle } from "../../src/wait/tasks.js";
import { waitForCluster } from "../../src/wait/wait.js";
import { cniManifest, event, failureTexts, pod, readySteps, seedFreshCluster } from "../fakes/cluster.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const NO_DATA = requireSharedTestdata("cni", "failure-messages.yaml");
// Every suite here seeds the cluster with the shared flannel manifest.
const describe = describeUnless(NO_DATA);
const flannelDocs = NO_DATA
  ? []
  : (() => {
      const r = parseManifest(cniManifest("flannel-v0.28.9.yml"));
      if (!r.ok) throw new Error("flannel manifest does not parse");
      return r.docs;
    })();
const FLANNEL_DS = flannelDocs.find((d) => d.kind === "DaemonSet") as unknown as FakeObject;
const TARGETS = readinessTargets("flannel", flannelDocs);
/** Fast retries so the tests do not sit in backoff; the production default starts at 100 ms too. */
const BACKOFF = { initialMs: 50, maxMs: 400 };

let api: FakeApiServer;
let client: KubeClient;

beforeEach(async () => {
  api = await startFakeApiServer();
  seedFreshCluster(api, { flannelDs: FLANNEL_DS });
  client = await loadKubeClient({ kubeconfig: api.kubeconfigPath, root: "/nonexistent", env: {} });
});

afterEach(async () => {
  await api.stop();
});

/** List requests (not watches) of core resources, to tell watching from polling. */
function lists(): number {
  return api.requests.filter(
    (r) => r.method === "GET" && !r.watch && /\/(nodes|pods|daemonsets|deployments)$/.test(r.path),
  ).length;
}

function watchRequests(): number {
  return api.requests.filter((r) => r.watch).length;
}

async function until(what: string, pred: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe("waitForCluster: scripted readiness timelines", () => {
  it("returns within 200 ms of the last change, having listed once and then only watched", async () => {
    const updates: string[] = [];
    const waiting = waitForCluster(client, {
      cniTargets: TARGETS,
      timeoutMs: 20_000,
      backoff: BACKOFF,
      onUpdate: (phases) => updates.push(phases.map((p) => `${p.id}:${p.ready}/${p.total}`).join(" ")),
    });
    let resolvedAt = 0;
    void waiting.then(() => {
      resolvedAt = performance.now();
    });
    await until("the watches to open", () => api.openWatches() >= 4);
    const listsBefore = lists();
    const steps = readySteps(api);
    let lastChangeAt = 0;
    for (const step of steps) {
      await sleep(60);
      expect(resolvedAt, "resolved before the cluster was ready").toBe(0);
      lastChangeAt = performance.now();
      step();
    }
    const result = await waiting;
    const latency = resolvedAt - lastChangeAt;
    expect(result.outcome).toBe("ready");
    expect(result.phases.every((p) => p.done)).toBe(true);
    // A 2-second poll would take up to 2 s; a watch sees the event at once. 200 ms leaves CI headroom.
    expect(latency).toBeLessThan(200);
    // No polling: nothing was listed again while the statuses changed.
    expect(lists()).toBe(listsBefore);
    expect(updates.some((u) => u.includes("cni:0/1"))).toBe(true);
    expect(updates.at(-1)).toContain("cni:1/1");
  });

  it("reports live counts per phase, e.g. kube-flannel-ds 0/1 then 1/1", async () => {
    const seen: string[] = [];
    const waiting = waitForCluster(client, {
      cniTargets: TARGETS,
      timeoutMs: 20_000,
      onUpdate: (phases) => {
        const cni = phases.find((p) => p.id === "cni");
        for (const w of cni?.workloads ?? []) seen.push(`${w.name} ${w.ready}/${w.desired}`);
      },
    });
    await until("the watches to open", () => api.openWatches() >= 4);
    for (const step of readySteps(api)) step();
    await waiting;
    expect(seen).toContain("kube-flannel-ds 0/1");
    expect(seen.at(-1)).toBe("kube-flannel-ds 1/1");
  });

  it("without targets finds the flannel DaemonSet itself", async () => {
    const waiting = waitForCluster(client, { timeoutMs: 20_000 });
    await until("the watches to open", () => api.openWatches() >= 4);
    for (const step of readySteps(api)) step();
    const r = await waiting;
    expect(r.outcome).toBe("ready");
    expect(r.phases.find((p) => p.id === "cni")?.workloads.map((w) => w.object)).toEqual([
      "DaemonSet kube-flannel/kube-flannel-ds",
    ]);
  });
});

describe("waitForCluster: connections", () => {
  it("re-lists after 410 Gone (history compacted while the watch was down)", async () => {
    const waiting = waitForCluster(client, { cniTargets: TARGETS, timeoutMs: 20_000, backoff: BACKOFF });
    await until("the watches to open", () => api.openWatches() >= 4);
    const steps = readySteps(api);
    steps[0]?.();
    steps[1]?.();
    // A change none of the reflectors watches, so every one's resourceVersion is now older than
    // the compaction point.
    api.upsert({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bump", namespace: "default" } });
    const listsBefore = lists();
    api.compact();
    api.dropWatches();
    // The re-watch from the old resourceVersion gets 410; the reflectors list again.
    await until("re-lists after 410", () => lists() >= listsBefore + 4);
    await until("the watches to reopen", () => api.openWatches() >= 4);
    for (const step of steps.slice(2)) step();
    const r = await waiting;
    expect(r.outcome).toBe("ready");
    expect(api.requests.some((q) => q.watch && q.status === 200)).toBe(true);
  });

  it("reconnects after an abruptly dropped connection and sees changes made meanwhile", async () => {
    const waiting = waitForCluster(client, { cniTargets: TARGETS, timeoutMs: 20_000, backoff: BACKOFF });
    await until("the watches to open", () => api.openWatches() >= 4);
    const watchesBefore = watchRequests();
    const listsBefore = lists();
    expect(api.dropWatches({ abrupt: true })).toBeGreaterThanOrEqual(4);
    const steps = readySteps(api);
    for (const step of steps.slice(0, 3)) step(); // while nobody is watching
    await until(
      "the watches to reopen",
      () => watchRequests() >= watchesBefore + 4 && api.openWatches() >= 4,
    );
    for (const step of steps.slice(3)) step();
    const r = await waiting;
    expect(r.outcome).toBe("ready");
    // Resumed from the last resourceVersion: the history replay, not a new list, brought the changes.
    expect(lists()).toBe(listsBefore);
  });

  it("survives an API server restart (connection refused for a while), with backoff", async () => {
    const retries: string[] = [];
    const waiting = waitForCluster(client, {
      cniTargets: TARGETS,
      timeoutMs: 20_000,
      backoff: BACKOFF,
      onUpdate: (_p, info) => {
        if (info.reconnecting) retries.push(info.reconnecting.reason);
      },
    });
    await until("the watches to open", () => api.openWatches() >= 4);
    const restarting = api.restart({ downMs: 400 });
    const steps = readySteps(api);
    steps[0]?.(); // changed while the server is down (it keeps its store, like etcd)
    await restarting;
    for (const step of steps.slice(1)) step();
    const r = await waiting;
    expect(r.outcome).toBe("ready");
    expect(retries).toContain("unreachable");
  });
});

describe("waitForCluster: errors no retry can fix", () => {
  it("a 403 on a list ends the wait with the forbidden error at once", async () => {
    api.fail({
      method: "GET",
      path: "/api/v1/nodes",
      status: 403,
      reason: "Forbidden",
      message: 'nodes is forbidden: User "system:anonymous" cannot list resource "nodes"',
    });
    const started = Date.now();
    await expect(waitForCluster(client, { cniTargets: TARGETS, timeoutMs: 20_000 })).rejects.toMatchObject({
      reason: "forbidden",
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await until("the watches to close", () => api.openWatches() === 0);
  });

  it("a 500 during a list is retried", async () => {
    api.fail({ method: "GET", path: "/api/v1/pods", status: 500, times: 2 });
    const waiting = waitForCluster(client, { cniTargets: TARGETS, timeoutMs: 20_000, backoff: BACKOFF });
    await until("the watches to open", () => api.openWatches() >= 4);
    for (const step of readySteps(api)) step();
    expect((await waiting).outcome).toBe("ready");
  });
});

describe("waitForCluster: timeout with the reasons", () => {
  function stuckCluster() {
    const pullFailed = failureTexts("image-pull.unreachable")[1] as string; // the CNI image from Docker Hub
    const image = /Failed to pull image "([^"]+)"/.exec(pullFailed)?.[1] as string;
    api.upsert(
      pod("kube-flannel", "kube-flannel-ds-8xq4n", {
        ready: false,
        labels: { app: "flannel" },
        image,
        container: "install-cni-plugin",
        waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` },
      }),
    );
    api.upsert(event("kube-flannel", { kind: "Pod", name: "kube-flannel-ds-8xq4n" }, "Failed", pullFailed));
    api.upsert(
      event(
        "kube-system",
        { kind: "Pod", name: "coredns-668d6bf9bc-4kx2p" },
        "FailedScheduling",
        failureTexts("coredns.pending-no-cni")[0] as string,
      ),
    );
    return { image, pullFailed };
  }

  it("says what is still not ready and why, with the cluster's own words", async () => {
    const { image, pullFailed } = stuckCluster();
    const started = Date.now();
    const r = await waitForCluster(client, { cniTargets: TARGETS, timeoutMs: 400 });
    expect(r.outcome).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
    const byObject = new Map(r.findings.map((f) => [f.object, f]));
    const nodeFinding = byObject.get("Node master-1");
    expect(nodeFinding?.id).toBe("node.cni-not-ready");
    expect(nodeFinding?.evidence.join(" ")).toContain("cni plugin not initialized");
    const flannel = byObject.get("Pod kube-flannel/kube-flannel-ds-8xq4n");
    expect(flannel?.id).toBe("image-pull.unreachable");
    expect(flannel?.title.params).toMatchObject({
      image,
      registry: "docker.io",
      container: "install-cni-plugin",
    });
    expect(flannel?.evidence.join("\n")).toContain(pullFailed);
    // the CNI that cannot pull is the root; the node and CoreDNS are listed under it
    const root = { id: "image-pull.unreachable", object: "Pod kube-flannel/kube-flannel-ds-8xq4n" };
    expect(nodeFinding?.causedBy).toEqual(root);
    expect(byObject.get("Pod kube-system/coredns-668d6bf9bc-4kx2p")?.causedBy).toEqual(root);
    expect(flannel?.causedBy).toBeUndefined();
    expect(byObject.get("Pod kube-system/coredns-668d6bf9bc-4kx2p")?.id).toBe("coredns.pending-no-cni");
    expect(byObject.get("Pod kube-system/coredns-668d6bf9bc-9wz7m")?.id).toBe("coredns.pending-no-cni");
    // Ready control-plane pods are not blamed.
    expect([...byObject.keys()].some((o) => o.includes("kube-apiserver"))).toBe(false);
    expect(r.phases.filter((p) => !p.done).map((p) => p.id)).toEqual([
      "nodes",
      "cni",
      "coredns",
      "kube-system",
    ]);
  });

  it("the live line names what the pod network waits on, and keeps the cause through the back-off", async () => {
    const pullFailed = failureTexts("image-pull.unreachable")[1] as string;
    const image = /Failed to pull image "([^"]+)"/.exec(pullFailed)?.[1] as string;
    api.upsert(
      pod("kube-flannel", "kube-flannel-ds-8xq4n", {
        ready: false,
        labels: { app: "flannel" },
        image,
        container: "kube-flannel",
        waiting: { reason: "ErrImagePull", message: pullFailed },
      }),
    );
    const titles: string[] = [];
    const waiting = waitForCluster(client, {
      cniTargets: TARGETS,
      timeoutMs: 2500,
      onUpdate: (phases) => titles.push(waitPhaseTitle("en", phases.find((p) => p.id === "cni") as never)),
    });
    await new Promise((r) => setTimeout(r, 1200));
    // the kubelet backs off: its message no longer says why, the line still does
    api.setStatus(
      { apiVersion: "v1", kind: "Pod", namespace: "kube-flannel", name: "kube-flannel-ds-8xq4n" },
      pod("kube-flannel", "kube-flannel-ds-8xq4n", {
        ready: false,
        image,
        container: "kube-flannel",
        waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` },
      }).status,
    );
    await waiting;
    const want = `waiting on kube-flannel-ds-8xq4n: cannot pull ${image}: docker.io is unreachable from the node`;
    expect(
      titles.some((t) => t.includes(want)),
      titles.slice(-3).join("\n"),
    ).toBe(true);
    expect(titles.at(-1)).toContain(want);
  });

  it("live, a back-off seen from the start says the pull keeps failing (not that the events have no reason)", async () => {
    const image = "ghcr.io/flannel-io/flannel:v0.28.9";
    api.upsert(
      pod("kube-flannel", "kube-flannel-ds-8xq4n", {
        ready: false,
        labels: { app: "flannel" },
        image,
        container: "kube-flannel",
        waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` },
      }),
    );
    const titles: string[] = [];
    await waitForCluster(client, {
      cniTargets: TARGETS,
      timeoutMs: 500,
      onUpdate: (phases) => titles.push(waitPhaseTitle("en", phases.find((p) => p.id === "cni") as never)),
    });
    expect(titles.at(-1)).toContain(
      `(waiting on kube-flannel-ds-8xq4n: pulling ${image} keeps failing; the kubelet retries)`,
    );
    expect(titles.join("\n")).not.toContain("no longer say why");
  });

  it("aborts on the signal (Ctrl-C) without waiting for the timeout", async () => {
    const ac = new AbortController();
    const waiting = waitForCluster(client, { cniTargets: TARGETS, timeoutMs: 60_000, signal: ac.signal });
    await until("the watches to open", () => api.openWatches() >= 4);
    ac.abort();
    const r = await waiting;
    expect(r.outcome).toBe("aborted");
    await until("the watches to close", () => api.openWatches() === 0);
  });
});
