import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type KubeClient,
  KubeError,
  type KubeObject,
  kubeErrorFromTransport,
  type WatchEvent,
  WatchExpired,
} from "../../src/kube/client.js";
import { loadKubeClient } from "../../src/kube/client-node.js";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { makePki } from "../fakes/pki.js";
import { itUnless, requireSharedTestdata, requireTool, skipTitle } from "../support/requires.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CNI_DIR = join(repoRoot, "..", "shared", "testdata", "cni");

const NO_OPENSSL = requireTool("openssl");
// `test`: an `it` skipped, with the reason in its title, without ../shared/testdata/cni.
const test = itUnless(requireSharedTestdata("cni"));

function manifest(file: string): KubeObject[] {
  return (yaml.loadAll(readFileSync(join(CNI_DIR, file), "utf8")) as unknown[]).filter(
    (d): d is KubeObject => typeof d === "object" && d !== null,
  );
}

/** CRDs and Namespaces first, like kubectl apply of a directory would need. */
function ordered(docs: KubeObject[]): KubeObject[] {
  const rank = (d: KubeObject) =>
    d.kind === "CustomResourceDefinition" ? 0 : d.kind === "Namespace" ? 1 : 2;
  return [...docs].sort((a, b) => rank(a) - rank(b));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, pred: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function rejection(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KubeError) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

function watchInto(
  client: KubeClient,
  apiVersion: string,
  kind: string,
  opts: Parameters<KubeClient["watch"]>[2],
) {
  const events: WatchEvent[] = [];
  const ac = new AbortController();
  const done = client.watch(apiVersion, kind, opts, (e) => events.push(e), ac.signal);
  return { events, ac, done };
}

const tmpRoots: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "kadm-kube-test-"));
  tmpRoots.push(d);
  return d;
}

let server: FakeApiServer;
let client: KubeClient;

beforeAll(async () => {
  server = await startFakeApiServer({ crdEstablishDelayMs: 30 });
  client = await loadKubeClient({ kubeconfig: server.kubeconfigPath, root: "/nonexistent-root" });
});

afterAll(async () => {
  await server?.stop();
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true });
});

describe("discovery and version", () => {
  it("resolves kinds to resources through API discovery", async () => {
    expect(await client.discover("apps/v1", "DaemonSet")).toMatchObject({
      group: "apps",
      version: "v1",
      resource: "daemonsets",
      namespaced: true,
    });
    expect(await client.discover("v1", "Namespace")).toMatchObject({
      group: "",
      resource: "namespaces",
      namespaced: false,
    });
    expect(await client.discover("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")).toMatchObject({
      resource: "clusterrolebindings",
      namespaced: false,
    });
    // cached: a second lookup in the same group version asks the server nothing
    const before = server.requests.length;
    await client.discover("apps/v1", "Deployment");
    expect(server.requests.length).toBe(before);
    expect(await client.serverVersion()).toMatchObject({ major: "1", minor: "33", gitVersion: "v1.33.1" });
  });
});

describe("apply (server-side)", () => {
  test("applies every Flannel object, and re-applying changes nothing", async () => {
    const docs = ordered(manifest("flannel-v0.28.9.yml"));
    expect(docs.map((d) => d.kind)).toContain("DaemonSet");
    for (const d of docs) {
      const applied = await client.apply(d);
      expect(applied.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(applied.metadata.managedFields).toEqual([
        expect.objectContaining({ manager: "kadm-wizard", operation: "Apply" }),
      ]);
    }
    const stored = server
      .objects()
      .filter((o) => docs.some((d) => d.kind === o.kind && d.metadata.name === o.metadata.name));
    expect(stored).toHaveLength(docs.length);
    const ds = await client.get({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      namespace: "kube-flannel",
      name: "kube-flannel-ds",
    });
    expect(ds.metadata.generation).toBe(1);
    expect(ds.spec).toEqual(docs.find((d) => d.kind === "DaemonSet")?.spec);
    expect((await client.get({ apiVersion: "v1", kind: "Namespace", name: "kube-flannel" })).status).toEqual({
      phase: "Active",
    });

    const rv = server.resourceVersion();
    const again = [];
    for (const d of docs) again.push(await client.apply(d));
    expect(server.resourceVersion()).toBe(rv);
    expect(again.find((o) => o.kind === "DaemonSet")?.metadata.resourceVersion).toBe(
      ds.metadata.resourceVersion,
    );
    expect(server.objects({ namespace: "kube-flannel" })).toHaveLength(
      stored.filter((o) => o.metadata.namespace).length,
    );
  });

  test("applies Calico: CRDs first, they become Established and served, then the rest", async () => {
    const docs = manifest("calico-v3.32.1.yaml");
    const crds = docs.filter((d) => d.kind === "CustomResourceDefinition");
    const rest = docs.filter((d) => d.kind !== "CustomResourceDefinition");
    expect(crds).toHaveLength(23);

    const { resourceVersion } = await client.list("apiextensions.k8s.io/v1", "CustomResourceDefinition");
    const established = new Set<string>();
    const ac = new AbortController();
    const watching = client.watch(
      "apiextensions.k8s.io/v1",
      "CustomResourceDefinition",
      { resourceVersion },
      (e) => {
        const conds =
          (e.object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ??
          [];
        if (conds.some((c) => c.type === "Established" && c.status === "True"))
          established.add(e.object.metadata.name);
      },
      ac.signal,
    );
    expect((await rejection(client.discover("crd.projectcalico.org/v1", "IPPool"))).reason).toBe("not-found");
    for (const crd of crds) await client.apply(crd);
    await until("23 CRDs Established", () => established.size === 23);
    ac.abort();
    await watching;

    for (const d of rest) await client.apply(d);
    expect(server.objects({ namespace: "kube-system" }).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining([
        "DaemonSet/calico-node",
        "Deployment/calico-kube-controllers",
        "PodDisruptionBudget/calico-kube-controllers",
        "ConfigMap/calico-config",
      ]),
    );
    expect(await client.discover("crd.projectcalico.org/v1", "IPPool")).toMatchObject({
      resource: "ippools",
      namespaced: false,
    });
    expect(await client.discover("policy.networking.k8s.io/v1alpha2", "ClusterNetworkPolicy")).toMatchObject({
      resource: "clusternetworkpolicies",
    });
    const pool = await client.apply({
      apiVersion: "crd.projectcalico.org/v1",
      kind: "IPPool",
      metadata: { name: "default-ipv4-ippool" },
      spec: { cidr: "10.244.0.0/16", ipipMode: "Always", natOutgoing: true },
    });
    expect(pool.metadata.generation).toBe(1);
    const pools = await client.list("crd.projectcalico.org/v1", "IPPool");
    expect(pools.items.map((p) => [p.kind, p.metadata.name])).toEqual([["IPPool", "default-ipv4-ippool"]]);

    const rv = server.resourceVersion();
    for (const d of docs) await client.apply(d);
    expect(server.resourceVersion()).toBe(rv);
  });

  test("serves a CRD's kinds only once it is Established", async () => {
    const manual = await startFakeApiServer({ crdEstablishDelayMs: null });
    try {
      const c = await loadKubeClient({ kubeconfig: manual.kubeconfigPath, root: "/nonexistent" });
      const crd = manifest("calico-v3.32.1.yaml").find(
        (d) => d.metadata.name === "ippools.crd.projectcalico.org",
      );
      if (!crd) throw new Error("IPPool CRD missing from the manifest");
      const applied = await c.apply(crd);
      expect(applied.status).toBeUndefined();
      const pool = {
        apiVersion: "crd.projectcalico.org/v1",
        kind: "IPPool",
        metadata: { name: "p" },
        spec: {},
      };
      expect((await rejection(c.apply(pool))).reason).toBe("not-found");
      expect(manual.establishCrd(crd.metadata.name)).toBe(true);
      expect((await c.get({ ...crd, name: crd.metadata.name })).status).toMatchObject({
        conditions: expect.arrayContaining([
          expect.objectContaining({ type: "Established", status: "True" }),
        ]),
        storedVersions: ["v1"],
      });
      expect((await c.apply(pool)).metadata.name).toBe("p");
      // a CRD for a protected group without the approval annotation is rejected, as by the real server
      const unapproved = {
        ...crd,
        metadata: { name: "ippools.example.k8s.io" },
        spec: { ...(crd.spec as object), group: "example.k8s.io" },
      };
      const rejected = await rejection(c.apply(unapproved));
      expect(rejected.reason).toBe("invalid");
      expect(rejected.message).toContain("api-approved.kubernetes.io");
    } finally {
      await manual.stop();
    }
  });

  it("merges per field manager: drops what it no longer applies, keeps status, conflicts unless forced", async () => {
    const cm = (data: Record<string, string>): KubeObject => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "merge", namespace: "default" },
      data,
    });
    await client.apply(cm({ a: "1", b: "2" }));
    const second = await client.apply(cm({ a: "1" }));
    expect(second.data).toEqual({ a: "1" });

    const other = await rejection(client.apply(cm({ a: "other" }), { fieldManager: "someone-else" }));
    expect(other.reason).toBe("conflict");
    expect(other.message).toContain('conflict with "kadm-wizard"');
    expect(other.message).toContain(".data.a");
    expect(
      (await client.apply(cm({ a: "other" }), { fieldManager: "someone-else", force: true })).data,
    ).toEqual({
      a: "other",
    });

    const dry = await client.apply(cm({ a: "1", dry: "run" }), { dryRun: true, force: true });
    expect(dry.data).toEqual({ a: "1", dry: "run" });
    expect(
      server.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "merge" })?.data,
    ).toEqual({
      a: "other",
    });

    const deploy: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 1, selector: { matchLabels: { app: "web" } } },
    };
    await client.apply(deploy);
    server.setStatus(
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" },
      { readyReplicas: 1, replicas: 1 },
    );
    const bumped = await client.apply({ ...deploy, spec: { ...(deploy.spec as object), replicas: 2 } });
    expect(bumped.status).toEqual({ readyReplicas: 1, replicas: 1 });
    expect(bumped.metadata.generation).toBe(2);
  });

  it("maps API errors: missing namespace, unknown kind, invalid name, forbidden", async () => {
    const noNs = await rejection(
      client.apply({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "x", namespace: "nope" },
        data: {},
      }),
    );
    expect(noNs.reason).toBe("not-found");
    expect(noNs.message).toContain('namespaces "nope" not found');
    expect(noNs.message).toContain("ConfigMap nope/x");
    expect(noNs.message).toContain(server.url);

    const unknownKind = await rejection(
      client.apply({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }),
    );
    expect(unknownKind.reason).toBe("not-found");
    expect((await rejection(client.discover("apps/v1", "Widget"))).reason).toBe("not-found");

    const missing = await rejection(
      client.get({ apiVersion: "apps/v1", kind: "DaemonSet", namespace: "default", name: "ghost" }),
    );
    expect(missing).toMatchObject({ reason: "not-found", status: 404 });
    expect(missing.message).toContain('daemonsets.apps "ghost" not found');

    const bad = await rejection(
      client.apply({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "Bad_Name", namespace: "default" },
      }),
    );
    expect(bad.reason).toBe("invalid");

    const ro = await startFakeApiServer({ readOnlyToken: "reader" });
    try {
      const reader = await loadKubeClient({
        kubeconfig: ro.writeKubeconfig({ token: "reader" }),
        root: "/nonexistent",
      });
      expect((await reader.list("v1", "Namespace")).items.length).toBe(4);
      const forbidden = await rejection(
        reader.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } }),
      );
      expect(forbidden.reason).toBe("forbidden");
      expect(forbidden.message).toContain('cannot patch resource "configmaps"');
    } finally {
      await ro.stop();
    }
  });
});

describe("list", () => {
  it("follows continue tokens across pages, with selectors", async () => {
    for (let i = 0; i < 23; i++) {
      server.upsert({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: `page-${String(i).padStart(2, "0")}`,
          namespace: "default",
          labels: { page: i % 2 ? "odd" : "even" },
        },
        data: { i: String(i) },
      });
    }
    const before = server.requests.length;
    const all = await client.list("v1", "ConfigMap", {
      namespace: "default",
      limit: 5,
      labelSelector: "page",
    });
    expect(all.items.map((o) => o.metadata.name)).toEqual(
      Array.from({ length: 23 }, (_, i) => `page-${String(i).padStart(2, "0")}`),
    );
    expect(all.items.every((o) => o.kind === "ConfigMap" && o.apiVersion === "v1")).toBe(true);
    const pages = server.requests
      .slice(before)
      .filter((r) => r.path === "/api/v1/namespaces/default/configmaps");
    expect(pages).toHaveLength(5);
    expect(pages.slice(1).every((r) => r.query.continue)).toBe(true);
    expect(all.resourceVersion).toBe(server.resourceVersion());

    const odd = await client.list("v1", "ConfigMap", {
      namespace: "default",
      labelSelector: "page=odd",
      limit: 4,
    });
    expect(odd.items).toHaveLength(11);
    const one = await client.list("v1", "ConfigMap", { fieldSelector: "metadata.name=page-07" });
    expect(one.items.map((o) => o.metadata.namespace)).toEqual(["default"]);
  });

  it("falls back to one full list when a continue token expires (410), like client-go's pager", async () => {
    server.fail({ path: "/api/v1/namespaces/default/configmaps", status: 410, reason: "Expired", after: 1 });
    const before = server.requests.length;
    const all = await client.list("v1", "ConfigMap", {
      namespace: "default",
      labelSelector: "page",
      limit: 5,
    });
    expect(all.items).toHaveLength(23);
    const asked = server.requests.slice(before).map((r) => [r.status, r.query.limit ?? "all"]);
    expect(asked).toEqual([
      [200, "5"],
      [410, "5"],
      [200, "all"],
    ]);
  });

  it("serves continued pages from the first page's snapshot, and 410 once compacted", async () => {
    const headers = { Authorization: `Bearer ${server.token}` };
    const base = `${server.url}/api/v1/namespaces/default/configmaps?labelSelector=page&limit=15`;
    const first = (await (await fetch(base, { headers })).json()) as {
      metadata: { continue: string; resourceVersion: string };
    };
    server.remove({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "page-20" });
    server.upsert({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "page-99", namespace: "default", labels: { page: "x" } },
    });
    const nextUrl = `${base}&continue=${encodeURIComponent(first.metadata.continue)}`;
    const second = (await (await fetch(nextUrl, { headers })).json()) as {
      metadata: { resourceVersion: string };
      items: { metadata: { name: string } }[];
    };
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.items.map((o) => o.metadata.name)).toContain("page-20");
    expect(second.items.map((o) => o.metadata.name)).not.toContain("page-99");
    server.compact();
    const expired = await fetch(nextUrl, { headers });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ kind: "Status", reason: "Expired", code: 410 });
  });
});

describe("watch", () => {
  it("delivers ADDED, MODIFIED, DELETED and BOOKMARK; abort resolves", async () => {
    const { resourceVersion } = await client.list("apps/v1", "DaemonSet", { namespace: "kube-system" });
    const w = watchInto(client, "apps/v1", "DaemonSet", { namespace: "kube-system", resourceVersion });
    const ref = { apiVersion: "apps/v1", kind: "DaemonSet", namespace: "kube-system", name: "watched" };
    server.upsert({
      ...ref,
      metadata: { name: "watched", namespace: "kube-system" },
      spec: { template: {} },
    });
    server.upsert({ ...ref, metadata: { name: "elsewhere", namespace: "default" }, spec: {} });
    server.setStatus(ref, { numberReady: 1, desiredNumberScheduled: 1 });
    server.remove(ref);
    await until("3 events", () => w.events.length >= 3);
    await until("watch open", () => server.openWatches() >= 1);
    server.bookmark();
    await until("bookmark", () => w.events.length >= 4);
    expect(w.events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]);
    expect(w.events[1]?.object).toMatchObject({ kind: "DaemonSet", status: { numberReady: 1 } });
    expect(w.events[3]?.object.metadata.resourceVersion).toBe(server.resourceVersion());
    w.ac.abort();
    await w.done;
  });

  it("rejects with WatchExpired when the resourceVersion left the history window", async () => {
    const small = await startFakeApiServer({ historyLimit: 3 });
    try {
      const c = await loadKubeClient({ kubeconfig: small.kubeconfigPath, root: "/nonexistent" });
      const { resourceVersion } = await c.list("v1", "ConfigMap", { namespace: "default" });
      for (let i = 0; i < 5; i++) {
        small.upsert({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: `c${i}`, namespace: "default" },
        });
      }
      const err = await rejection(
        c.watch("v1", "ConfigMap", { namespace: "default", resourceVersion }, () => {}),
      );
      expect(err).toBeInstanceOf(WatchExpired);
      expect(err.reason).toBe("gone");
      expect(err.message).toContain("too old resource version");
      // within the window: replayed
      const w = watchInto(c, "v1", "ConfigMap", {
        resourceVersion: String(Number(small.resourceVersion()) - 2),
      });
      await until("replay", () => w.events.length === 2);
      w.ac.abort();
      await w.done;
    } finally {
      await small.stop();
    }
  });

  it("ends (resolves) when the server drops the connection, cleanly or abruptly", async () => {
    for (const abrupt of [false, true]) {
      const { resourceVersion } = await client.list("v1", "Pod");
      const open = server.openWatches();
      const w = watchInto(client, "v1", "Pod", { resourceVersion });
      await until("watch open", () => server.openWatches() === open + 1);
      expect(server.dropWatches({ abrupt })).toBe(open + 1);
      await w.done;
    }
  });

  it("stops and rejects when the handler throws", async () => {
    const { resourceVersion } = await client.list("v1", "Secret", { namespace: "default" });
    const done = client.watch("v1", "Secret", { namespace: "default", resourceVersion }, () => {
      throw new Error("handler bug");
    });
    server.upsert({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" } });
    await expect(done).rejects.toThrow("handler bug");
  });
});

describe("transport and credentials", () => {
  it("wrong token -> unauthorized, closed port -> unreachable (get, list and watch)", async () => {
    const wrong = await loadKubeClient({
      kubeconfig: server.writeKubeconfig({ token: "wrong" }),
      root: "/x",
    });
    expect((await rejection(wrong.serverVersion())).reason).toBe("unauthorized");
    expect((await rejection(wrong.list("v1", "Pod"))).reason).toBe("unauthorized");

    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const closed = await loadKubeClient({
      kubeconfig: server.writeKubeconfig({ server: `http://127.0.0.1:${port}` }),
      root: "/x",
    });
    const err = await rejection(closed.get({ apiVersion: "v1", kind: "Namespace", name: "default" }));
    expect(err.reason).toBe("unreachable");
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toContain("connection refused");

    // errors answered to the watch request itself (discovery is warm)
    await client.discover("v1", "Pod");
    for (const [code, reason] of [
      [401, "unauthorized"],
      [403, "forbidden"],
      [410, "gone"],
    ] as const) {
      server.fail({ method: "GET", path: "/api/v1/pods", status: code });
      const err = await rejection(client.watch("v1", "Pod", { resourceVersion: "1" }, () => {}));
      expect(err.reason).toBe(reason);
      expect(err instanceof WatchExpired).toBe(code === 410);
    }
  });

  it("a server that accepts but never answers -> unreachable after the timeout", async () => {
    const silent = createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((r) => silent.once("listening", r));
    try {
      const port = (silent.address() as { port: number }).port;
      const c = await loadKubeClient({
        kubeconfig: server.writeKubeconfig({ server: `http://127.0.0.1:${port}` }),
        root: "/x",
        timeoutMs: 150,
      });
      const err = await rejection(c.serverVersion());
      expect(err.reason).toBe("unreachable");
      expect(err.message).toContain("no answer within 150 ms");
    } finally {
      silent.close();
    }
  });

  it("classifies TLS, timeouts and routing failures", () => {
    const ctx = { server: "https://10.0.0.1:6443", what: "get Node n1", timeoutMs: 15_000 };
    const tls = Object.assign(
      new Error(
        "request to https://10.0.0.1:6443/api failed, reason: unable to verify the first certificate",
      ),
      {
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      },
    );
    expect(kubeErrorFromTransport(tls, ctx).reason).toBe("tls");
    expect(kubeErrorFromTransport(tls, ctx).message).toContain("kubeadm reset");
    const noRoute = Object.assign(new Error("connect EHOSTUNREACH 10.0.0.1:6443"), { code: "EHOSTUNREACH" });
    expect(kubeErrorFromTransport(noRoute, ctx).message).toContain("no route to host");
    const timeout = Object.assign(new Error("The operation was aborted."), { name: "AbortError" });
    expect(kubeErrorFromTransport(timeout, ctx)).toMatchObject({ reason: "unreachable" });
    expect(kubeErrorFromTransport(new Error("boom"), ctx).reason).toBe("other");
  });

  it.skipIf(NO_OPENSSL)(
    skipTitle("a kubeconfig with another cluster's CA (stale after kubeadm reset) -> tls", NO_OPENSSL),
    async () => {
      const dir = tempDir();
      const pki = makePki(dir);
      const tlsServer = await startFakeApiServer({
        tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca },
      });
      try {
        const good = await loadKubeClient({ kubeconfig: tlsServer.kubeconfigPath, root: "/x" });
        expect((await good.serverVersion()).gitVersion).toBe("v1.33.1");
        const stale = await loadKubeClient({
          kubeconfig: tlsServer.writeKubeconfig({ ca: pki.otherCa }),
          root: "/x",
        });
        const err = await rejection(stale.serverVersion());
        expect(err.reason).toBe("tls");
        expect(err.message).toContain(tlsServer.url);
      } finally {
        await tlsServer.stop();
      }
    },
  );
});

describe("loadKubeClient", () => {
  it("--kubeconfig wins, then <root>/etc/kubernetes/admin.conf, then $KUBECONFIG, then ~/.kube/config", async () => {
    const root = tempDir();
    const home = tempDir();
    const admin = join(root, "etc", "kubernetes", "admin.conf");
    const envConf = server.writeKubeconfig();
    const explicit = server.writeKubeconfig();
    const env = { HOME: home, KUBECONFIG: envConf };
    expect((await loadKubeClient({ root, env })).source).toBe(envConf);
    mkdirSync(dirname(admin), { recursive: true });
    writeFileSync(admin, readFileSync(server.kubeconfigPath));
    const fromAdmin = await loadKubeClient({ root, env });
    expect(fromAdmin.source).toBe(admin);
    expect((await fromAdmin.serverVersion()).major).toBe("1");
    expect((await loadKubeClient({ root, env, kubeconfig: explicit })).source).toBe(explicit);

    const emptyRoot = tempDir();
    mkdirSync(join(home, ".kube"));
    writeFileSync(join(home, ".kube", "config"), readFileSync(server.kubeconfigPath));
    expect((await loadKubeClient({ root: emptyRoot, env: { HOME: home } })).source).toBe(
      join(home, ".kube", "config"),
    );

    const nothing = await rejection(loadKubeClient({ root: emptyRoot, env: { HOME: tempDir() } }));
    expect(nothing.reason).toBe("config");
    const missing = await rejection(loadKubeClient({ root: emptyRoot, kubeconfig: join(home, "nope") }));
    expect(missing).toMatchObject({ reason: "config" });
    expect(missing.message).toContain("no such file");
  });
});
