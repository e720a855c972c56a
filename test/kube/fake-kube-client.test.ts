/**
 * The in-memory KubeClient fake (test/fakes/kube-client.ts): its own behaviour, and a contract run
 * against both it and the real adapter on the fake API server, so command tests that use the fake
 * see what the real client would give them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyObjects } from "../../src/cni/apply.js";
import type { ManifestDoc } from "../../src/cni/patch/types.js";
import {
  isKubeError,
  type KubeClient,
  KubeError,
  type KubeObject,
  type WatchEvent,
  WatchExpired,
} from "../../src/kube/client.js";
import { loadKubeClient } from "../../src/kube/client-node.js";
import { Reflector, watchUntil } from "../../src/kube/reflector.js";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FakeCluster, fakeKubeClients } from "../fakes/kube-client.js";

const cm = (name: string, data: Record<string, string>, namespace = "demo"): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, labels: { app: "demo" } },
  data,
});
const ns = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const crd: KubeObject = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.io" },
  spec: {
    group: "example.io",
    scope: "Namespaced",
    names: { kind: "Widget", plural: "widgets", singular: "widget", listKind: "WidgetList" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      },
    ],
  },
};
const widget: KubeObject = {
  apiVersion: "example.io/v1",
  kind: "Widget",
  metadata: { name: "w", namespace: "demo" },
  spec: { size: 3 },
};

async function rejection(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KubeError) return e;
    throw e;
  }
  throw new Error("expected a KubeError");
}

/** The same steps, against any KubeClient; returns what a caller could observe. */
async function contract(client: KubeClient) {
  const missing = await rejection(
    client.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "demo", name: "x" }),
  );
  const noNamespace = await rejection(client.apply(cm("a", { k: "1" })));
  const docs = [ns("demo"), cm("a", { k: "1" }), crd, widget] as unknown as ManifestDoc[];
  const first = await applyObjects(client, docs, { crdTimeoutMs: 5_000 });
  const again = await applyObjects(client, docs, { crdTimeoutMs: 5_000 });
  const changed = await applyObjects(client, [cm("a", { k: "2" })] as unknown as ManifestDoc[]);
  const listed = await client.list("v1", "ConfigMap", { namespace: "demo", labelSelector: "app=demo" });
  const seen: WatchEvent[] = [];
  const stop = new AbortController();
  const watching = client.watch(
    "v1",
    "ConfigMap",
    { namespace: "demo", resourceVersion: listed.resourceVersion },
    (e) => {
      seen.push(e);
      stop.abort();
    },
    stop.signal,
  );
  await client.apply(cm("b", { k: "1" }), { force: true });
  await watching;
  const info = await client.discover("example.io/v1", "Widget");
  return {
    missing: { reason: missing.reason, status: missing.status, message: missing.message },
    noNamespace: { reason: noNamespace.reason, status: noNamespace.status },
    first: first.map((a) => `${a.outcome} ${a.object}`),
    again: again.map((a) => a.outcome),
    changed: changed.map((a) => a.outcome),
    listed: listed.items.map((o) => o.metadata.name),
    seen: seen.map((e) => `${e.type} ${e.object.metadata.name}`),
    info: { resource: info.resource, namespaced: info.namespaced, apiVersion: info.apiVersion },
  };
}

describe("the fake and the real adapter agree", () => {
  let api: FakeApiServer;
  beforeAll(async () => {
    api = await startFakeApiServer({});
  });
  afterAll(async () => {
    await api.stop();
  });

  it("on a 404, a missing namespace, create/unchanged/configured, list, watch, a CRD's kind", async () => {
    const real = await contract(
      await loadKubeClient({ kubeconfig: api.kubeconfigPath, root: "/nonexistent", env: {} }),
    );
    const cluster = new FakeCluster({ server: api.url });
    const fake = await contract(cluster.client());
    expect(fake).toEqual(real);
    expect(real.first).toEqual([
      "created CustomResourceDefinition widgets.example.io",
      "created Namespace demo",
      "created ConfigMap demo/a",
      "created Widget demo/w",
    ]);
    expect(real.again).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(real.changed).toEqual(["configured"]);
    expect(real.seen).toEqual(["ADDED b"]);
  });
});

describe("FakeCluster: server-side apply", () => {
  it("a no-op keeps the resourceVersion; a change bumps it and the generation; status is kept", async () => {
    const cluster = new FakeCluster({ namespaces: ["demo"] });
    const c = cluster.client();
    const dep = (replicas: number): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", namespace: "demo" },
      spec: { replicas },
    });
    const a = await c.apply(dep(1));
    cluster.setStatus(
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "demo", name: "d" },
      { readyReplicas: 1 },
    );
    const b = await c.apply(dep(1));
    expect(b.metadata.resourceVersion).not.toBe(a.metadata.resourceVersion); // the status write
    const again = await c.apply(dep(1));
    expect(again.metadata.resourceVersion).toBe(b.metadata.resourceVersion);
    const changed = await c.apply(dep(2));
    expect(changed.metadata.generation).toBe(2);
    expect(changed.status).toEqual({ readyReplicas: 1 });
  });

  it("drops fields the manager stopped applying, conflicts with another manager unless forced", async () => {
    const cluster = new FakeCluster({ namespaces: ["demo"] });
    const c = cluster.client();
    await c.apply(cm("a", { one: "1", two: "2" }));
    const dropped = await c.apply(cm("a", { one: "1" }));
    expect(dropped.data).toEqual({ one: "1" });
    const conflict = await rejection(c.apply(cm("a", { one: "other" }), { fieldManager: "kubectl" }));
    expect(conflict).toMatchObject({ reason: "conflict", status: 409 });
    expect(conflict.message).toContain('conflict with "kadm-wizard"');
    const forced = await c.apply(cm("a", { one: "other" }), { fieldManager: "kubectl", force: true });
    expect(forced.data).toEqual({ one: "other" });
    // The server-side dry run validates and returns, and stores nothing.
    await c.apply(cm("a", { one: "dry" }), { fieldManager: "kubectl", force: true, dryRun: true });
    expect(cluster.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "demo", name: "a" })?.data).toEqual({
      one: "other",
    });
  });

  it("serves a CRD's kind only once it is Established (manual)", async () => {
    const cluster = new FakeCluster({ namespaces: ["demo"] });
    cluster.crdEstablish = "manual";
    const c = cluster.client();
    await c.apply(crd);
    expect(await rejection(c.apply(widget))).toMatchObject({ reason: "not-found" });
    expect(cluster.establishCrd("widgets.example.io")).toBe(true);
    expect((await c.apply(widget)).metadata.name).toBe("w");
    // Removing the namespace takes its objects with it.
    cluster.remove({ apiVersion: "v1", kind: "Namespace", name: "demo" });
    expect(cluster.list({ kind: "Widget" })).toEqual([]);
  });
});

describe("FakeCluster: list and watch", () => {
  it("replays history after a resourceVersion, then streams; selectors filter; endWatches resolves", async () => {
    const cluster = new FakeCluster({ namespaces: ["demo"], objects: [cm("a", { k: "1" })] });
    const c = cluster.client();
    const { resourceVersion } = await c.list("v1", "ConfigMap", { namespace: "demo" });
    cluster.upsert(cm("b", { k: "1" }));
    cluster.upsert({
      ...cm("c", { k: "1" }),
      metadata: { name: "c", namespace: "demo", labels: { app: "x" } },
    });
    const seen: string[] = [];
    const done = c.watch(
      "v1",
      "ConfigMap",
      { namespace: "demo", resourceVersion, labelSelector: "app=demo" },
      (e) => seen.push(`${e.type} ${e.object.metadata.name}`),
    );
    cluster.remove({ apiVersion: "v1", kind: "ConfigMap", namespace: "demo", name: "a" });
    expect(cluster.endWatches()).toBe(1);
    await done;
    expect(seen).toEqual(["ADDED b", "DELETED a"]);
  });

  it("410 after compact(): a Reflector re-lists and still sees the change", async () => {
    const cluster = new FakeCluster({ namespaces: ["demo"], objects: [cm("a", { k: "1" })] });
    const c = cluster.client();
    const { resourceVersion } = await c.list("v1", "ConfigMap");
    cluster.upsert(cm("a", { k: "2" }));
    cluster.compact();
    await expect(c.watch("v1", "ConfigMap", { resourceVersion }, () => {})).rejects.toBeInstanceOf(
      WatchExpired,
    );

    const r = new Reflector(c, { apiVersion: "v1", kind: "ConfigMap", namespace: "demo" });
    const until = watchUntil(
      [r],
      () => (r.store.get("demo/a") as { data?: { k?: string } })?.data?.k === "3",
      {
        timeoutMs: 2_000,
      },
    );
    await new Promise((res) => setTimeout(res, 10));
    cluster.compact();
    cluster.endWatches(); // the reflector watches again from a compacted resourceVersion: 410, re-list
    cluster.upsert(cm("a", { k: "3" }));
    expect(await until).toBe("done");
    expect(r.lists).toBeGreaterThanOrEqual(1);
  });

  it("listPages hands out pages of `limit`; field selectors match dotted paths", async () => {
    const cluster = new FakeCluster({
      namespaces: ["demo"],
      objects: Array.from({ length: 5 }, (_, i) => ({ ...cm(`c${i}`, {}), type: i % 2 ? "odd" : "even" })),
    });
    const pages: number[] = [];
    await cluster.client().listPages("v1", "ConfigMap", { namespace: "demo", limit: 2 }, (p) => {
      pages.push(p.length);
    });
    expect(pages).toEqual([2, 2, 1]);
    const odd = await cluster.client().list("v1", "ConfigMap", { fieldSelector: "type=odd" });
    expect(odd.items.map((o) => o.metadata.name)).toEqual(["c1", "c3"]);
  });
});

describe("FakeCluster: injected failures", () => {
  it.each([
    ["unauthorized", 401, "the server rejected the credentials in the kubeconfig (401 Unauthorized)"],
    ["forbidden", 403, "is forbidden"],
    ["not-found", 404, "could not find the requested resource"],
    ["gone", 410, "too old resource version"],
  ] as const)("%s: a KubeError with status %i, as the adapter words it", async (error, status, words) => {
    const cluster = new FakeCluster();
    cluster.fail({ op: "list", kind: "Node", error, times: 1 });
    const err = await rejection(cluster.client().list("v1", "Node"));
    expect(err).toMatchObject({ reason: error, status, server: cluster.server });
    expect(err.message).toContain(words);
    // times: 1 -> the next call passes
    await expect(cluster.client().list("v1", "Node")).resolves.toMatchObject({ items: [] });
  });

  it("connection refused: unreachable, naming the server; other operations and kinds unaffected", async () => {
    const cluster = new FakeCluster();
    cluster.fail({ op: "serverVersion", error: "refused" });
    const err = await rejection(cluster.client().serverVersion());
    expect(err.reason).toBe("unreachable");
    expect(err.message).toBe(
      "get /version: cannot reach the API server at https://127.0.0.1:6443 (connection refused)",
    );
    expect(isKubeError(err, "unreachable")).toBe(true);
    await expect(cluster.client().list("v1", "Node")).resolves.toBeDefined();
  });
});

describe("fakeKubeClients: the Context port", () => {
  it("records what was asked for; kubeconfigError is thrown; no cluster: no kubeconfig", async () => {
    const cluster = new FakeCluster();
    const port = fakeKubeClients(cluster);
    const c = await port.fromKubeconfig({ kubeconfig: "/tmp/k", timeoutMs: 5 });
    expect(c.source).toBe("/tmp/k");
    await port.fromParts({ server: "https://127.0.0.1:6443", insecure: true });
    expect(port.requests).toEqual([
      { from: "kubeconfig", kubeconfig: "/tmp/k", timeoutMs: 5 },
      { from: "parts", parts: { server: "https://127.0.0.1:6443", insecure: true } },
    ]);
    await expect(fakeKubeClients(undefined).fromKubeconfig()).rejects.toMatchObject({ reason: "config" });
    const boom = new KubeError("config", "cannot load kubeconfig /x: no such file");
    await expect(fakeKubeClients(cluster, { kubeconfigError: boom }).fromKubeconfig()).rejects.toBe(boom);
  });
});
