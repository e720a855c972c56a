/**
 * `cni apply` as a library against the fake API server (127.0.0.1): the real Flannel v0.28.9 and
 * Calico v3.32.1 manifests from ../shared/testdata/cni, patched and applied with server-side apply,
 * checked object by object (CIDR, images, field manager), CRDs Established before custom
 * resources, re-apply a no-op, the pod subnet taken from the cluster's kubeadm-config.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyObjects, classifyApply, crdEstablished } from "../../src/cni/apply.js";
import { applyCni, planCni } from "../../src/cni/install.js";
import { cachePath } from "../../src/cni/source.js";
import { KadmError } from "../../src/errors.js";
import { localFiles } from "../../src/host/files.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import type { KubeClient, KubeObject } from "../../src/kube/client.js";
import { loadKubeClient } from "../../src/kube/client-node.js";
import { localNode } from "../../src/node/node.js";
import type { FetchLike } from "../../src/ports.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { buildSpec } from "../../src/spec/resolve.js";
import type { ClusterSpec } from "../../src/spec/types.js";
import { apiVersionOf, CNI_DIR, cniMeta } from "../fakes/cluster.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FakeRunner } from "../fakes/runner.js";
import { requireSharedTestdata, skipTitle } from "../support/requires.js";

const POD_SUBNET = "10.42.0.0/16";
const MIRRORS = {
  "ghcr.io": "ghcr.m.daocloud.io",
  "quay.io": "quay.m.daocloud.io",
  "docker.io": "docker.m.daocloud.io",
};

/** The fetch port serving ../shared/testdata/cni by file name, as if it were the official source; counts requests. */
const urls: string[] = [];
const localFetch: FetchLike = async (url) => {
  urls.push(url);
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1") throw new Error(`test fetch: refusing ${u.hostname}`);
  return new Response(readFileSync(join(CNI_DIR, u.pathname.split("/").pop() as string)));
};

function spec(plugin: "flannel" | "calico", over: Partial<ClusterSpec["networking"]> = {}): ClusterSpec {
  const s = buildSpec(
    {
      ...BUILTIN_DEFAULTS,
      "cni.plugin": plugin,
      "cni.imageMirrors": MIRRORS,
      "networking.podSubnet": POD_SUBNET,
    },
    "test",
    "init",
  );
  const file = plugin === "flannel" ? "flannel-v0.28.9.yml" : "calico-v3.32.1.yaml";
  return {
    ...s,
    networking: { ...s.networking, ...over },
    cni: { ...s.cni, manifestSources: [`http://127.0.0.1:1/${file}`] },
  };
}

function kubeadmConfig(podSubnet: string | undefined): FakeObject {
  const cc = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "ClusterConfiguration",
    networking: {
      serviceSubnet: "10.96.0.0/12",
      ...(podSubnet ? { podSubnet } : {}),
      dnsDomain: "cluster.local",
    },
  };
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kubeadm-config", namespace: "kube-system" },
    data: { ClusterConfiguration: yaml.dump(cc) },
  };
}

const NO_CNI = requireSharedTestdata("cni");
let api: FakeApiServer;
let client: KubeClient;
let root: string;
const ctx = () => ({
  lang: "en" as const,
  // cni only reads and writes its cache through the node's files; nothing is run
  node: localNode(rootedHostFs({ root }), new FakeRunner({}, false)),
  files: localFiles,
  fetch: localFetch,
});

beforeEach(async () => {
  urls.length = 0;
  api = await startFakeApiServer({ objects: [kubeadmConfig(POD_SUBNET)] });
  client = await loadKubeClient({ kubeconfig: api.kubeconfigPath, root: "/nonexistent", env: {} });
  root = mkdtempSync(join(tmpdir(), "kadm-cni-"));
});

afterEach(async () => {
  await api.stop();
});

function stored(kind: string, namespace: string | undefined, name: string): FakeObject {
  const o = api.get({ apiVersion: apiVersionOf(kind), kind, namespace, name });
  if (!o) throw new Error(`${kind} ${namespace}/${name} not stored`);
  return o;
}

function images(o: FakeObject): string[] {
  const spec = (
    o.spec as {
      template: { spec: { containers: { image: string }[]; initContainers?: { image: string }[] } };
    }
  ).template.spec;
  return [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.image);
}

describe.skipIf(NO_CNI)(skipTitle("flannel v0.28.9 through server-side apply", NO_CNI), () => {
  it("applies every object with the cluster's CIDR and mirrored images, then re-applies as a no-op", async () => {
    const meta = cniMeta("flannel-v0.28.9.yml");
    const lines: string[] = [];
    const first = await applyCni(ctx(), client, spec("flannel"), {}, (l) => lines.push(l));

    expect(first.plan.manifest.origin).toEqual({
      kind: "download",
      url: "http://127.0.0.1:1/flannel-v0.28.9.yml",
    });
    expect(first.plan.podSubnetSource).toBe("cluster");
    expect(first.applied.map((a) => a.outcome)).toEqual(meta.objects.map(() => "created"));
    // Every object of the upstream file is there.
    for (const o of meta.objects) stored(o.kind, o.namespace ?? undefined, o.name);
    // Namespace before the namespaced objects.
    const order = first.applied.map((a) => a.kind);
    expect(order.indexOf("Namespace")).toBeLessThan(order.indexOf("ConfigMap"));
    const cm = stored("ConfigMap", "kube-flannel", "kube-flannel-cfg");
    expect(JSON.parse((cm.data as Record<string, string>)["net-conf.json"] as string).Network).toBe(
      POD_SUBNET,
    );
    const ds = stored("DaemonSet", "kube-flannel", "kube-flannel-ds");
    expect([...new Set(images(ds))].sort()).toEqual(
      meta.images.map((i) => i.replace(/^ghcr\.io\//, "ghcr.m.daocloud.io/")).sort(),
    );
    const managers = (ds.metadata.managedFields as { manager: string; operation: string }[]).map(
      (m) => `${m.manager}/${m.operation}`,
    );
    expect(managers).toEqual(["kadm-wizard/Apply"]);
    expect(lines.at(-1)).toBe("flannel: 6 objects applied (6 created, 0 configured, 0 unchanged)");
    // The verified manifest was cached under --root.
    expect(readFileSync(join(root, cachePath(first.plan.release as never)), "utf8")).toBe(
      readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8"),
    );

    const rvBefore = api.resourceVersion();
    const second = await applyCni(ctx(), client, spec("flannel"), {});
    expect(second.applied.map((a) => a.outcome)).toEqual(meta.objects.map(() => "unchanged"));
    expect(api.resourceVersion()).toBe(rvBefore);
    expect(second.plan.manifest.origin.kind).toBe("cache");
    expect(urls).toHaveLength(1); // the second run did not download
  });

  it("reports configured for the objects a changed mirror touches", async () => {
    await applyCni(ctx(), client, spec("flannel"), {});
    const s = spec("flannel");
    const r = await applyCni(
      ctx(),
      client,
      { ...s, cni: { ...s.cni, imageMirrors: { "ghcr.io": "mirror.example/ghcr" } } },
      {},
    );
    const byObject = Object.fromEntries(r.applied.map((a) => [a.object, a.outcome]));
    expect(byObject["DaemonSet kube-flannel/kube-flannel-ds"]).toBe("configured");
    expect(byObject["ConfigMap kube-flannel/kube-flannel-cfg"]).toBe("unchanged");
    expect(
      images(stored("DaemonSet", "kube-flannel", "kube-flannel-ds")).every((i) =>
        i.startsWith("mirror.example/ghcr/"),
      ),
    ).toBe(true);
  });

  it("takes the pod subnet from kubeadm-config and refuses a --pod-subnet that contradicts it", async () => {
    const plan = await planCni(ctx(), spec("flannel", { podSubnet: "10.244.0.0/16" }), { client });
    expect(plan.podSubnet).toBe(POD_SUBNET);
    await expect(
      planCni(ctx(), spec("flannel", { podSubnet: "10.244.0.0/16" }), {
        client,
        podSubnetExplicit: true,
      }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining("is not the cluster's pod subnet 10.42.0.0/16"),
    });
    expect(api.objects({ kind: "DaemonSet" })).toHaveLength(0);
  });

  it("refuses flannel on a cluster initialised without a pod subnet, before applying anything", async () => {
    api.upsert(kubeadmConfig(undefined));
    const err = await applyCni(ctx(), client, spec("flannel"), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KadmError);
    expect((err as KadmError).message).toContain("pod cidr not assigned");
    expect(api.objects({ kind: "Namespace" }).map((n) => n.metadata.name)).not.toContain("kube-flannel");
  });

  it("refuses a user manifest that pins another CIDR (exit 2), and applies nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadm-manifest-"));
    const file = join(dir, "flannel.yml");
    writeFileSync(
      file,
      readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8").replace(
        '"Network": "10.244.0.0/16"',
        '"Network": "10.99.0.0/16"',
      ),
    );
    const err = (await applyCni(ctx(), client, spec("flannel"), { manifest: file }).catch(
      (e: unknown) => e,
    )) as KadmError;
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      `ConfigMap kube-flannel/kube-flannel-cfg data["net-conf.json"].Network is 10.99.0.0/16 but the cluster's pod subnet is 10.42.0.0/16.`,
    );
    expect(api.objects({ kind: "ConfigMap", namespace: "kube-flannel" })).toHaveLength(0);
  });
});

describe.skipIf(NO_CNI)(skipTitle("calico v3.32.1 through server-side apply", NO_CNI), () => {
  it("applies all objects, CRDs first and Established, CIDR and quay.io mirror patched; re-apply is a no-op", async () => {
    api.upsert(kubeadmConfig("192.168.0.0/16"));
    const meta = cniMeta("calico-v3.32.1.yaml");
    const stages: string[] = [];
    const plan = await planCni(ctx(), spec("calico"), { client });
    const applied = await applyObjects(client, plan.docs, { onStage: (s) => stages.push(s) });
    expect(stages).toEqual(["crds", "establish", "objects"]);
    const crdNames = meta.custom_resource_definitions ?? [];
    expect(crdNames).toHaveLength(23);
    expect(applied).toHaveLength(meta.objects.length + crdNames.length);
    for (const o of meta.objects) stored(o.kind, o.namespace ?? undefined, o.name);
    for (const name of crdNames) {
      const crd = stored("CustomResourceDefinition", undefined, name);
      expect(crdEstablished(crd as never), name).toBe(true);
    }
    expect(applied.slice(0, 23).every((a) => a.kind === "CustomResourceDefinition")).toBe(true);
    const node = api.get({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      namespace: "kube-system",
      name: "calico-node",
    }) as FakeObject;
    const container = (
      node.spec as {
        template: { spec: { containers: { name: string; env: { name: string; value?: string }[] }[] } };
      }
    ).template.spec.containers.find((c) => c.name === "calico-node");
    expect(container?.env.find((e) => e.name === "CALICO_IPV4POOL_CIDR")?.value).toBe("192.168.0.0/16");
    expect(images(node).every((i) => i.startsWith("quay.m.daocloud.io/calico/"))).toBe(true);
    const again = await applyObjects(client, plan.docs);
    expect(again.every((a) => a.outcome === "unchanged")).toBe(true);
  });
});

describe("CRDs are Established before their custom resources", () => {
  const CRD: KubeObject = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "ippools.crd.projectcalico.org" },
    spec: {
      group: "crd.projectcalico.org",
      names: { kind: "IPPool", plural: "ippools", singular: "ippool", listKind: "IPPoolList" },
      scope: "Cluster",
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
  const POOL: KubeObject = {
    apiVersion: "crd.projectcalico.org/v1",
    kind: "IPPool",
    metadata: { name: "default-ipv4-ippool" },
    spec: { cidr: "192.168.0.0/16", natOutgoing: true },
  };

  it("waits (by watch) for Established, then applies the CR", async () => {
    await api.stop();
    api = await startFakeApiServer({ crdEstablishDelayMs: 300 });
    client = await loadKubeClient({ kubeconfig: api.kubeconfigPath, root: "/nonexistent", env: {} });
    const started = Date.now();
    // The CR comes first in the file: applyOrder puts it after the CRD.
    const applied = await applyObjects(client, [POOL, CRD] as never);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(applied.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      "CustomResourceDefinition:created",
      "IPPool:created",
    ]);
    expect(
      api.get({ apiVersion: "crd.projectcalico.org/v1", kind: "IPPool", name: "default-ipv4-ippool" }),
    ).toBeDefined();
    // Watched, not polled: one CRD list, then watch requests only.
    const crdLists = api.requests.filter(
      (r) => r.method === "GET" && !r.watch && r.path.endsWith("/customresourcedefinitions"),
    );
    expect(crdLists).toHaveLength(1);
  });

  it("gives up with the CRD names when they never become Established", async () => {
    await api.stop();
    api = await startFakeApiServer({ crdEstablishDelayMs: null });
    client = await loadKubeClient({ kubeconfig: api.kubeconfigPath, root: "/nonexistent", env: {} });
    await expect(applyObjects(client, [CRD, POOL] as never, { crdTimeoutMs: 200 })).rejects.toMatchObject({
      name: "CrdsNotEstablished",
      names: ["ippools.crd.projectcalico.org"],
    });
    expect(api.objects({ kind: "IPPool" })).toHaveLength(0);
  });
});

describe("classifyApply", () => {
  const obj = (rv: string): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "x", resourceVersion: rv },
  });
  it("created / configured / unchanged from the resourceVersion", () => {
    expect(classifyApply(undefined, obj("5"))).toBe("created");
    expect(classifyApply(obj("5"), obj("5"))).toBe("unchanged");
    expect(classifyApply(obj("5"), obj("6"))).toBe("configured");
  });
});
