/**
 * Drain and uncordon through the Kubernetes API: the production client (client-node adapter) against
 * the fake API server, whose evictions honour PodDisruptionBudgets (429 while disruptionsAllowed is 0).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { KubeClient } from "../../src/kube/client.js";
import { loadKubeClient } from "../../src/kube/client-node.js";
import { cordon, drainNode, drainSelection, uncordon, waitNodeAt } from "../../src/upgrade/drain.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";

let server: FakeApiServer;
let client: KubeClient;

const unschedulable = (api: FakeApiServer, name: string) =>
  (api.get({ apiVersion: "v1", kind: "Node", name })?.spec as { unschedulable?: boolean } | undefined)
    ?.unschedulable;
const node = (name: string, extra: Record<string, unknown> = {}): FakeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  status: {
    nodeInfo: { kubeletVersion: "v1.33.2" },
    conditions: [{ type: "Ready", status: "True" }],
  },
  ...extra,
});

const pod = (
  name: string,
  nodeName: string,
  o: { owner?: string; mirror?: boolean; labels?: Record<string, string>; namespace?: string } = {},
): FakeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    namespace: o.namespace ?? "default",
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.mirror ? { annotations: { "kubernetes.io/config.mirror": "abc" } } : {}),
    ...(o.owner
      ? {
          ownerReferences: [
            { apiVersion: "apps/v1", kind: o.owner, name: `${name}-owner`, uid: "u1", controller: true },
          ],
        }
      : {}),
  },
  spec: { nodeName, containers: [{ name: "c", image: "nginx" }] },
  status: { phase: "Running" },
});

const pods = () =>
  server
    .objects({ kind: "Pod" })
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
    .sort();
const evictions = () => server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/eviction"));
const en = { lang: "en" as const, signal: new AbortController().signal };

beforeAll(async () => {
  server = await startFakeApiServer();
  client = await loadKubeClient({ kubeconfig: server.kubeconfigPath, root: "/nonexistent-root" });
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  for (const o of [...server.objects({ kind: "Pod" }), ...server.objects({ kind: "PodDisruptionBudget" })]) {
    server.remove({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name,
      namespace: o.metadata.namespace,
    });
  }
  server.requests.length = 0;
});

describe("drain through the API", () => {
  it("evicts the node's pods, leaves DaemonSet and mirror pods and other nodes' pods, cordons", async () => {
    server.upsert(node("w1"));
    server.upsert(node("w2"));
    server.upsert(pod("web-1", "w1", { owner: "ReplicaSet" }));
    server.upsert(pod("web-2", "w1", { owner: "ReplicaSet" }));
    server.upsert(pod("kube-proxy-x", "w1", { owner: "DaemonSet", namespace: "kube-system" }));
    server.upsert(pod("etcd-w1", "w1", { mirror: true, namespace: "kube-system" }));
    server.upsert(pod("web-3", "w2", { owner: "ReplicaSet" }));

    const r = await drainNode(client, "w1", { ...en, timeoutMs: 5_000, retryMs: 20 });
    expect(r).toEqual({ evicted: 2, daemonSet: 1, mirror: 1, retried: 0 });
    expect(pods()).toEqual(["default/web-3", "kube-system/etcd-w1", "kube-system/kube-proxy-x"]);
    expect(
      evictions()
        .map((e) => e.path)
        .sort(),
    ).toEqual([
      "/api/v1/namespaces/default/pods/web-1/eviction",
      "/api/v1/namespaces/default/pods/web-2/eviction",
    ]);
    expect(evictions().every((e) => e.status === 201)).toBe(true);
    expect(unschedulable(server, "w1")).toBe(true);
    // The node's status (what the kubelet reports) is not touched by the cordon.
    expect(server.get({ apiVersion: "v1", kind: "Node", name: "w1" })?.status).toMatchObject({
      nodeInfo: { kubeletVersion: "v1.33.2" },
    });

    await uncordon(client, "w1");
    expect(unschedulable(server, "w1")).toBe(false);
  });

  it("a PodDisruptionBudget that allows nothing gets 429s; the eviction goes through once it allows one", async () => {
    server.upsert(node("w1"));
    server.upsert(pod("db-0", "w1", { owner: "StatefulSet", labels: { app: "db" } }));
    server.upsert({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "db", namespace: "default" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "db" } } },
      status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 },
    });
    const seen: string[] = [];
    const drained = drainNode(client, "w1", {
      ...en,
      timeoutMs: 10_000,
      retryMs: 30,
      onProgress: (done, total, waiting) => seen.push(`${done}/${total}${waiting ? ` ${waiting}` : ""}`),
    });
    // Let a few 429s happen, then the budget allows one disruption (another replica became healthy).
    const until = Date.now() + 5_000;
    while (evictions().filter((e) => e.status === 429).length < 2 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(pods()).toEqual(["default/db-0"]);
    server.setStatus(
      { apiVersion: "policy/v1", kind: "PodDisruptionBudget", namespace: "default", name: "db" },
      { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 },
    );
    const r = await drained;
    expect(r.evicted).toBe(1);
    expect(r.retried).toBe(1);
    expect(pods()).toEqual([]);
    const statuses = evictions().map((e) => e.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.at(-1)).toBe(201);
    expect(seen).toContain("0/1 default/db-0");
    expect(seen.at(-1)).toBe("1/1");
    // The eviction used up the budget, as the API server's eviction does.
    expect(
      server.get({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", namespace: "default", name: "db" })
        ?.status,
    ).toMatchObject({
      disruptionsAllowed: 0,
    });
  });

  it("a budget that never allows it fails the drain at the timeout, naming the pod and the budget", async () => {
    server.upsert(node("w1"));
    server.upsert(pod("db-0", "w1", { owner: "StatefulSet", labels: { app: "db" } }));
    server.upsert({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "db", namespace: "default" },
      spec: { selector: { matchLabels: { app: "db" } } },
      status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 },
    });
    const err = await drainNode(client, "w1", { ...en, timeoutMs: 200, retryMs: 50 }).catch((e) => e);
    expect(err.message).toContain("default/db-0 could not be evicted within 0 s");
    expect(err.message).toContain("disruption budget");
    expect(err.hint).toContain("kubectl get pdb -A");
    expect(pods()).toEqual(["default/db-0"]);
  });

  it("pods no controller recreates stop the drain unless allowed; nothing is evicted before", async () => {
    server.upsert(node("w1"));
    server.upsert(pod("bare", "w1"));
    server.upsert(pod("web-1", "w1", { owner: "ReplicaSet" }));
    const err = await drainNode(client, "w1", { ...en, timeoutMs: 2_000 }).catch((e) => e);
    expect(err.message).toContain("1 pod no controller recreates (default/bare)");
    expect(evictions()).toHaveLength(0);
    const r = await drainNode(client, "w1", { ...en, timeoutMs: 2_000, allowUnmanaged: true });
    expect(r.evicted).toBe(2);
  });

  it("waitNodeAt waits for Ready at the version; cordon alone keeps the pods", async () => {
    server.upsert(node("cp"));
    server.upsert(pod("web-1", "cp", { owner: "ReplicaSet" }));
    await cordon(client, "cp");
    expect(pods()).toEqual(["default/web-1"]);
    expect(await waitNodeAt(client, "cp", "v1.34.3", { timeoutMs: 100, pollMs: 20, signal: en.signal })).toBe(
      false,
    );
    setTimeout(() => {
      server.setStatus(
        { apiVersion: "v1", kind: "Node", name: "cp" },
        { nodeInfo: { kubeletVersion: "v1.34.3" }, conditions: [{ type: "Ready", status: "True" }] },
      );
    }, 50);
    expect(
      await waitNodeAt(client, "cp", "v1.34.3", { timeoutMs: 3_000, pollMs: 20, signal: en.signal }),
    ).toBe(true);
  });
});

describe("drainSelection (pure)", () => {
  it("finished pods without a controller are evicted without complaint", () => {
    const done = { ...pod("job-x", "w1"), status: { phase: "Succeeded" } } as never;
    const s = drainSelection([done]);
    expect(s.evict).toHaveLength(1);
    expect(s.unmanaged).toHaveLength(0);
  });
});
