/**
 * src/cni/patch/ against the pinned upstream CNI manifests in ../shared/testdata/cni (read at
 * runtime, never copied into the repo). Each manifest is read and parsed once; the patcher must not
 * modify its input, so every case patches the same parsed documents.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CNI_RELEASES } from "../../src/cni/catalog.js";
import { parseManifest, renderManifest, verifyManifest } from "../../src/cni/patch/manifest.js";
import { applyOrder } from "../../src/cni/patch/order.js";
import { patchManifest } from "../../src/cni/patch/patch.js";
import { readinessTargets } from "../../src/cni/patch/readiness.js";
import type {
  CniPatchOptions,
  CniPatchProblem,
  CniPatchResult,
  ManifestDoc,
} from "../../src/cni/patch/types.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CNI_DIR = join(repoRoot, "..", "shared", "testdata", "cni");
const describeCni = describeUnless(requireSharedTestdata("cni"));

const MIRRORS = {
  "docker.io": "docker.m.daocloud.io",
  "quay.io": "quay.m.daocloud.io",
  "ghcr.io": "ghcr.m.daocloud.io",
};
const POD = "10.20.0.0/16";
const POD6 = "fd00:10:20::/56";
const DUAL = `${POD},${POD6}`;

interface Meta {
  file: string;
  sha256: string;
  bytes: number;
  documents: number;
  kinds: Record<string, number>;
  images: string[];
  readiness: unknown;
  pod_cidr: { net_conf_json?: Record<string, unknown> };
}

interface Fixture {
  text: string;
  bytes: Buffer;
  meta: Meta;
  docs: ManifestDoc[];
}

const cache = new Map<string, Fixture>();
function fixture(file: string): Fixture {
  const hit = cache.get(file);
  if (hit) return hit;
  const bytes = readFileSync(join(CNI_DIR, file));
  const text = bytes.toString("utf8");
  const meta = JSON.parse(readFileSync(join(CNI_DIR, `${file}.meta.json`), "utf8")) as Meta;
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
  const f = { text, bytes, meta, docs: parsed.docs };
  cache.set(file, f);
  return f;
}

const FLANNEL = ["flannel-v0.28.9.yml", "flannel-v0.26.7.yml"];
const CALICO = ["calico-v3.32.1.yaml", "calico-v3.30.7.yaml"];
const OPERATOR = "tigera-operator-v3.32.1.yaml";
const CUSTOM = "custom-resources-v3.32.1.yaml";
const ALL_FILES = [...FLANNEL, ...CALICO, OPERATOR, CUSTOM];

/** The operator install is patched as one list: tigera-operator.yaml then custom-resources.yaml. */
function operatorDocs(): ManifestDoc[] {
  return [...fixture(OPERATOR).docs, ...fixture(CUSTOM).docs];
}

function patch(
  docs: ManifestDoc[] | string,
  opts: Partial<CniPatchOptions> & Pick<CniPatchOptions, "plugin">,
) {
  return patchManifest(docs, { podSubnet: POD, mirrors: MIRRORS, ...opts });
}

function ok(r: CniPatchResult): Extract<CniPatchResult, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r;
}

function problems(r: CniPatchResult): CniPatchProblem[] {
  if (r.ok) throw new Error("expected a refusal");
  return r.problems;
}

// --- small readers over parsed documents

type Obj = Record<string, unknown>;
const find = (docs: ManifestDoc[], kind: string, name: string): Obj => {
  const d = docs.find((x) => x.kind === kind && (x.metadata as Obj).name === name);
  if (!d) throw new Error(`${kind} ${name} not found`);
  return d;
};
const podSpec = (d: Obj): Obj => ((d.spec as Obj).template as Obj).spec as Obj;
const containers = (d: Obj): Obj[] => [
  ...((podSpec(d).initContainers as Obj[] | undefined) ?? []),
  ...((podSpec(d).containers as Obj[] | undefined) ?? []),
];
const calicoNode = (docs: ManifestDoc[]): Obj =>
  (podSpec(find(docs, "DaemonSet", "calico-node")).containers as Obj[]).find(
    (c) => c.name === "calico-node",
  ) as Obj;
const env = (docs: ManifestDoc[]): { name: string; value?: string }[] =>
  calicoNode(docs).env as { name: string; value?: string }[];
const envValue = (docs: ManifestDoc[], name: string) => env(docs).find((e) => e.name === name)?.value;
const netConf = (docs: ManifestDoc[]): Obj =>
  JSON.parse((find(docs, "ConfigMap", "kube-flannel-cfg").data as Obj)["net-conf.json"] as string) as Obj;
const installationSpec = (docs: ManifestDoc[]): Obj => find(docs, "Installation", "default").spec as Obj;
const allImages = (docs: ManifestDoc[]): string[] =>
  docs
    .filter((d) => ["DaemonSet", "Deployment", "StatefulSet", "Job"].includes(d.kind as string))
    .flatMap((d) => containers(d).map((c) => c.image as string));

/** The mirror rewrite spelled out independently of mirrorImage(). */
function expectedMirror(image: string): string {
  const m = /^([^/]+)\/(.*)$/.exec(image);
  if (!m) throw new Error(image);
  const prefix = MIRRORS[m[1] as keyof typeof MIRRORS];
  if (!prefix) throw new Error(`no mirror for ${image}`);
  return `${prefix}/${m[2]}`;
}

const MANAGED_ENV = new Set([
  "CALICO_IPV4POOL_CIDR",
  "CALICO_IPV6POOL_CIDR",
  "IP6",
  "FELIX_IPV6SUPPORT",
  "IP_AUTODETECTION_METHOD",
  "IP6_AUTODETECTION_METHOD",
]);

/** The documents with every field the patcher may touch masked, to prove nothing else changed. */
function mask(docs: ManifestDoc[]): unknown[] {
  const out = structuredClone(docs);
  for (const d of out) {
    if (["DaemonSet", "Deployment", "StatefulSet", "Job"].includes(d.kind as string)) {
      for (const c of containers(d)) {
        c.image = "<image>";
        if (Array.isArray(c.env)) c.env = (c.env as Obj[]).filter((e) => !MANAGED_ENV.has(e.name as string));
        if (Array.isArray(c.args)) c.args = (c.args as string[]).filter((a) => !a.startsWith("--iface="));
      }
    }
    if (d.kind === "ConfigMap") {
      const data = d.data as Obj;
      if (typeof data["net-conf.json"] === "string") {
        const conf = JSON.parse(data["net-conf.json"]) as Obj;
        delete conf.Network;
        delete conf.IPv6Network;
        delete conf.EnableIPv6;
        data["net-conf.json"] = conf;
      }
      if (typeof data.cni_network_config === "string") {
        data.cni_network_config = data.cni_network_config.replace(/,\n\s*"assign_ipv[46]": "true"/g, "");
      }
    }
    if (d.kind === "Installation") {
      const spec = d.spec as Obj;
      delete spec.registry;
      const net = spec.calicoNetwork as Obj;
      delete net.nodeAddressAutodetectionV4;
      delete net.nodeAddressAutodetectionV6;
      net.ipPools = (net.ipPools as Obj[])
        .filter((p) => !String(p.cidr).includes(":"))
        .map((p) => ({ ...p, cidr: "<cidr>" }));
    }
  }
  return out;
}

function kindCounts(docs: ManifestDoc[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of docs) out[d.kind as string] = (out[d.kind as string] ?? 0) + 1;
  return out;
}

// ---------------------------------------------------------------------------------------------

describeCni("sha256 verification", () => {
  it.each(ALL_FILES)("%s: matches meta.json, and a one-byte change mismatches", (file) => {
    const { text, bytes, meta } = fixture(file);
    expect(bytes.length).toBe(meta.bytes);
    expect(verifyManifest(text, meta.sha256)).toEqual({ ok: true, sha256: meta.sha256 });
    expect(verifyManifest(bytes, `sha256:${meta.sha256.toUpperCase()}`).ok).toBe(true);
    const changed = Buffer.from(bytes);
    const at = Math.floor(changed.length / 2);
    changed[at] = (changed[at] as number) ^ 1;
    const r = verifyManifest(changed, meta.sha256);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.expected).toBe(meta.sha256);
      expect(r.actual).toMatch(/^[0-9a-f]{64}$/);
      expect(r.actual).not.toBe(meta.sha256);
    }
  });

  it("the catalogue pins the same sha256 as the testdata", () => {
    for (const rel of CNI_RELEASES) {
      const file = rel.plugin === "flannel" ? `flannel-${rel.version}.yml` : `calico-${rel.version}.yaml`;
      expect(fixture(file).meta.sha256, file).toBe(rel.manifestSha256);
      expect(rel.images).toEqual(fixture(file).meta.images);
    }
  });
});

describeCni("parse and render", () => {
  it.each(ALL_FILES)("%s: object count as meta.json", (file) => {
    const { docs, meta } = fixture(file);
    expect(docs).toHaveLength(meta.documents);
    expect(kindCounts(docs)).toEqual(meta.kinds);
  });

  it("skips empty documents, keeps order, reports YAML errors and non-objects as data", () => {
    const r = parseManifest("---\n# only a comment\n---\nkind: A\n---\n---\nkind: B\n");
    expect(r).toEqual({ ok: true, docs: [{ kind: "A" }, { kind: "B" }] });
    const bad = parseManifest("kind: A\n---\nkind: [\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems[0]?.code).toBe("yamlInvalid");
      expect(bad.problems[0]?.params.line).toMatch(/^\d+$/);
    }
    expect(parseManifest("kind: A\n---\n- a list\n")).toEqual({
      ok: false,
      problems: [{ code: "notAnObject", params: { index: "1" } }],
    });
  });
});

describeCni("flannel", () => {
  describe.each(FLANNEL)("%s", (file) => {
    it("sets Network, mirrors every image, changes nothing else", () => {
      const { docs, meta, text } = fixture(file);
      const r = ok(patch(docs, { plugin: "flannel" }));
      expect(r.report.layout).toBe("flannel");
      expect(r.docs).toHaveLength(meta.documents);
      expect(kindCounts(r.docs)).toEqual(meta.kinds);

      const conf = netConf(r.docs);
      expect(conf).toEqual({ ...meta.pod_cidr.net_conf_json, Network: POD });
      expect(Object.keys(conf)[0]).toBe("Network");
      const raw = (find(r.docs, "ConfigMap", "kube-flannel-cfg").data as Obj)["net-conf.json"] as string;
      expect(raw).toBe(`${JSON.stringify(conf, null, 2)}\n`);

      const want = meta.images.map(expectedMirror);
      expect([...r.report.images].sort()).toEqual([...want].sort());
      for (const image of allImages(r.docs)) expect(want).toContain(image);

      expect(mask(r.docs)).toEqual(mask(docs));
      expect(r.report.changes).toContainEqual({
        object: "ConfigMap kube-flannel/kube-flannel-cfg",
        path: 'data["net-conf.json"].Network',
        before: "10.244.0.0/16",
        after: POD,
      });
      expect(r.report.changes).toContainEqual({
        object: "DaemonSet kube-flannel/kube-flannel-ds",
        path: "spec.template.spec.containers[kube-flannel].image",
        before: meta.images[1],
        after: expectedMirror(meta.images[1] as string),
      });
      // 1 CIDR + 3 image fields (two init containers, one container)
      expect(r.report.changes).toHaveLength(4);

      // the input is untouched, and the rendering reads back to the patched documents
      expect(netConf(docs).Network).toBe("10.244.0.0/16");
      expect(allImages(docs)).not.toContain(want[0]);
      const back = parseManifest(renderManifest(r.docs));
      expect(back).toEqual({ ok: true, docs: r.docs });
      // the same result from the text
      expect(ok(patch(text, { plugin: "flannel" })).docs).toEqual(r.docs);
    });

    it("dual-stack: IPv6Network and EnableIPv6, other fields kept", () => {
      const { docs, meta } = fixture(file);
      const r = ok(patch(docs, { plugin: "flannel", podSubnet: DUAL }));
      expect(netConf(r.docs)).toEqual({
        ...meta.pod_cidr.net_conf_json,
        Network: POD,
        IPv6Network: POD6,
        EnableIPv6: true,
      });
      expect(Object.keys(netConf(r.docs)).slice(0, 3)).toEqual(["Network", "IPv6Network", "EnableIPv6"]);
      expect(mask(r.docs)).toEqual(mask(docs));
    });

    it("interface: --iface on the flanneld container only", () => {
      const { docs } = fixture(file);
      const r = ok(patch(docs, { plugin: "flannel", interface: "eth1" }));
      const ds = find(r.docs, "DaemonSet", "kube-flannel-ds");
      const flanneld = (podSpec(ds).containers as Obj[])[0] as Obj;
      expect(flanneld.args).toContain("--iface=eth1");
      for (const c of podSpec(ds).initContainers as Obj[]) expect(c.args).not.toContain("--iface=eth1");
      expect(mask(r.docs)).toEqual(mask(docs));
    });
  });

  it("the pod subnet as it is: no CIDR change, images still mirrored", () => {
    const r = ok(
      patch(fixture(FLANNEL[0] as string).docs, { plugin: "flannel", podSubnet: "10.244.0.0/16" }),
    );
    expect(r.report.changes.map((c) => c.path)).not.toContain('data["net-conf.json"].Network');
    expect(r.report.changes).toHaveLength(3);
  });

  it("refuses an IPv6-only pod subnet", () => {
    expect(
      problems(patch(fixture(FLANNEL[0] as string).docs, { plugin: "flannel", podSubnet: POD6 })),
    ).toEqual([{ code: "noIpv4PodSubnet", params: { plugin: "flannel", podSubnet: POD6 } }]);
  });

  it("refuses a manifest without net-conf.json, and calico's manifest", () => {
    const docs = fixture(FLANNEL[0] as string).docs.filter((d) => d.kind !== "ConfigMap");
    expect(problems(patch(docs, { plugin: "flannel" }))).toEqual([
      {
        code: "layoutUnknown",
        params: { plugin: "flannel", expected: "ConfigMap kube-flannel-cfg with data net-conf.json" },
      },
    ]);
    expect(problems(patch(fixture(CALICO[0] as string).docs, { plugin: "flannel" }))[0]?.code).toBe(
      "layoutUnknown",
    );
  });

  it("refuses a Network pinned by the user unless forced; broken JSON", () => {
    const { text } = fixture(FLANNEL[0] as string);
    const pinned = text.replace('"Network": "10.244.0.0/16"', '"Network": "10.50.0.0/16"');
    expect(problems(patch(pinned, { plugin: "flannel" }))).toEqual([
      {
        code: "cidrConflict",
        params: {
          object: "ConfigMap kube-flannel/kube-flannel-cfg",
          path: 'data["net-conf.json"].Network',
          manifest: "10.50.0.0/16",
          podSubnet: POD,
        },
      },
    ]);
    const forced = ok(patch(pinned, { plugin: "flannel", force: true }));
    expect(netConf(forced.docs).Network).toBe(POD);
    expect(forced.report.changes[0]).toMatchObject({ before: "10.50.0.0/16", after: POD });

    const broken = text.replace('"Network": "10.244.0.0/16",', '"Network": "10.244.0.0/16"');
    const p = problems(patch(broken, { plugin: "flannel" }));
    expect(p).toHaveLength(1);
    expect(p[0]?.code).toBe("netConfInvalid");
    expect(p[0]?.params.object).toBe("ConfigMap kube-flannel/kube-flannel-cfg");
  });
});

describeCni("calico manifest", () => {
  describe.each(CALICO)("%s", (file) => {
    it("adds CALICO_IPV4POOL_CIDR, mirrors every image, changes nothing else", () => {
      const { docs, meta } = fixture(file);
      expect(envValue(docs, "CALICO_IPV4POOL_CIDR")).toBeUndefined(); // commented out upstream
      const r = ok(patch(docs, { plugin: "calico" }));
      expect(r.report.layout).toBe("calico-manifest");
      expect(r.docs).toHaveLength(meta.documents);
      expect(kindCounts(r.docs)).toEqual(meta.kinds);
      expect(envValue(r.docs, "CALICO_IPV4POOL_CIDR")).toBe(POD);

      const want = meta.images.map(expectedMirror);
      expect([...r.report.images].sort()).toEqual([...want].sort());
      for (const image of allImages(r.docs)) expect(want).toContain(image);
      expect(allImages(r.docs)).toHaveLength(5); // cni x2, node x2 (init + main), kube-controllers

      expect(mask(r.docs)).toEqual(mask(docs));
      expect(r.report.changes).toContainEqual({
        object: "DaemonSet kube-system/calico-node",
        path: "spec.template.spec.containers[calico-node].env[CALICO_IPV4POOL_CIDR]",
        before: null,
        after: POD,
      });
      expect(r.report.changes).toHaveLength(6);
      expect(envValue(r.docs, "IP_AUTODETECTION_METHOD")).toBeUndefined();
      expect(envValue(r.docs, "FELIX_IPV6SUPPORT")).toBe("false");
      // input untouched
      expect(envValue(docs, "CALICO_IPV4POOL_CIDR")).toBeUndefined();
      expect(allImages(docs)).toEqual(allImages(docs).filter((i) => !i.includes("daocloud")));
    });

    it("dual-stack: IPv6 pool, IP6, FELIX_IPV6SUPPORT and CNI ipam assign_ipv6", () => {
      const { docs } = fixture(file);
      const r = ok(patch(docs, { plugin: "calico", podSubnet: DUAL }));
      expect(envValue(r.docs, "CALICO_IPV4POOL_CIDR")).toBe(POD);
      expect(envValue(r.docs, "CALICO_IPV6POOL_CIDR")).toBe(POD6);
      expect(envValue(r.docs, "IP6")).toBe("autodetect");
      expect(envValue(r.docs, "FELIX_IPV6SUPPORT")).toBe("true");
      const cni = (find(r.docs, "ConfigMap", "calico-config").data as Obj).cni_network_config as string;
      const conf = JSON.parse(cni.replace("__CNI_MTU__", "1500")) as {
        plugins: { type: string; ipam?: Obj }[];
      };
      expect(conf.plugins[0]?.ipam).toEqual({
        type: "calico-ipam",
        assign_ipv4: "true",
        assign_ipv6: "true",
      });
      expect(Object.keys(conf.plugins[0]?.ipam ?? {})).toEqual(["type", "assign_ipv4", "assign_ipv6"]);
      expect(r.report.changes).toContainEqual({
        object: "DaemonSet kube-system/calico-node",
        path: "spec.template.spec.containers[calico-node].env[FELIX_IPV6SUPPORT]",
        before: "false",
        after: "true",
      });
      expect(mask(r.docs)).toEqual(mask(docs));
    });

    it("interface: IP_AUTODETECTION_METHOD after IP (and IP6_AUTODETECTION_METHOD for dual-stack)", () => {
      const { docs } = fixture(file);
      const r = ok(patch(docs, { plugin: "calico", interface: "ens.*" }));
      const names = env(r.docs).map((e) => e.name);
      expect(envValue(r.docs, "IP_AUTODETECTION_METHOD")).toBe("interface=ens.*");
      expect(names.indexOf("IP_AUTODETECTION_METHOD")).toBe(names.indexOf("IP") + 1);
      expect(envValue(r.docs, "IP6_AUTODETECTION_METHOD")).toBeUndefined();
      expect(mask(r.docs)).toEqual(mask(docs));

      const dual = ok(patch(docs, { plugin: "calico", interface: "eth1", podSubnet: DUAL }));
      expect(envValue(dual.docs, "IP6_AUTODETECTION_METHOD")).toBe("interface=eth1");
      const dualNames = env(dual.docs).map((e) => e.name);
      const ip = dualNames.indexOf("IP");
      expect(dualNames.slice(ip, ip + 4)).toEqual([
        "IP",
        "IP_AUTODETECTION_METHOD",
        "IP6",
        "IP6_AUTODETECTION_METHOD",
      ]);
      expect(mask(dual.docs)).toEqual(mask(docs));
    });
  });

  describe("a user-provided manifest that pins CALICO_IPV4POOL_CIDR", () => {
    const pinned = (cidr: string) =>
      fixture(CALICO[0] as string).text.replace(
        '# - name: CALICO_IPV4POOL_CIDR\n            #   value: "192.168.0.0/16"',
        `- name: CALICO_IPV4POOL_CIDR\n              value: "${cidr}"`,
      );
    const text = pinned("192.168.0.0/16");
    const docs = (parseManifest(text) as { docs: ManifestDoc[] }).docs;

    it("is refused with both values", () => {
      expect(envValue(docs, "CALICO_IPV4POOL_CIDR")).toBe("192.168.0.0/16");
      expect(problems(patch(docs, { plugin: "calico" }))).toEqual([
        {
          code: "cidrConflict",
          params: {
            object: "DaemonSet kube-system/calico-node",
            path: "spec.template.spec.containers[calico-node].env[CALICO_IPV4POOL_CIDR]",
            manifest: "192.168.0.0/16",
            podSubnet: POD,
          },
        },
      ]);
    });

    it("is overwritten in place with force", () => {
      const r = ok(patch(docs, { plugin: "calico", force: true }));
      expect(env(r.docs).filter((e) => e.name === "CALICO_IPV4POOL_CIDR")).toEqual([
        { name: "CALICO_IPV4POOL_CIDR", value: POD },
      ]);
      expect(r.report.changes).toContainEqual(
        expect.objectContaining({ before: "192.168.0.0/16", after: POD }),
      );
    });

    it("is accepted when it already equals the pod subnet", () => {
      const r = ok(patch(docs, { plugin: "calico", podSubnet: "192.168.0.0/16" }));
      expect(r.report.changes.filter((c) => c.path.includes("CALICO_IPV4POOL_CIDR"))).toEqual([]);
    });
  });

  it("refuses a manifest with neither calico-node nor an Installation", () => {
    expect(problems(patch(fixture(FLANNEL[0] as string).docs, { plugin: "calico" }))).toEqual([
      {
        code: "layoutUnknown",
        params: {
          plugin: "calico",
          expected: "DaemonSet calico-node (calico.yaml) or Installation (custom-resources.yaml)",
        },
      },
    ]);
  });
});

describeCni("calico operator (tigera-operator.yaml + custom-resources.yaml)", () => {
  it("sets ipPools[0].cidr and spec.registry, mirrors the operator image, changes nothing else", () => {
    const docs = operatorDocs();
    const r = ok(patch(docs, { plugin: "calico" }));
    expect(r.report.layout).toBe("calico-operator");
    expect(r.docs).toHaveLength(fixture(OPERATOR).meta.documents + fixture(CUSTOM).meta.documents);
    const spec = installationSpec(r.docs);
    const pools = (spec.calicoNetwork as Obj).ipPools as Obj[];
    expect(pools).toEqual([
      {
        name: "default-ipv4-ippool",
        blockSize: 26,
        cidr: POD,
        encapsulation: "VXLANCrossSubnet",
        natOutgoing: "Enabled",
        nodeSelector: "all()",
      },
    ]);
    expect(spec.registry).toBe("quay.m.daocloud.io/");
    expect(r.report.images).toEqual(fixture(OPERATOR).meta.images.map(expectedMirror));
    expect(fixture(CUSTOM).meta.images).toEqual([]);
    expect(mask(r.docs)).toEqual(mask(docs));
    expect(r.report.changes).toEqual([
      {
        object: "Installation default",
        path: "spec.calicoNetwork.ipPools[0].cidr",
        before: "192.168.0.0/16",
        after: POD,
      },
      { object: "Installation default", path: "spec.registry", before: null, after: "quay.m.daocloud.io/" },
      {
        object: "Deployment tigera-operator/tigera-operator",
        path: "spec.template.spec.containers[tigera-operator].image",
        before: "quay.io/tigera/operator:v1.42.3",
        after: "quay.m.daocloud.io/tigera/operator:v1.42.3",
      },
    ]);
    expect(installationSpec(docs).registry).toBeUndefined();
  });

  it("dual-stack adds an IPv6 pool; interface sets node address autodetection", () => {
    const docs = operatorDocs();
    const r = ok(patch(docs, { plugin: "calico", podSubnet: DUAL, interface: "eth1" }));
    const net = installationSpec(r.docs).calicoNetwork as Obj;
    expect((net.ipPools as Obj[])[1]).toEqual({
      name: "default-ipv6-ippool",
      blockSize: 122,
      cidr: POD6,
      encapsulation: "VXLANCrossSubnet",
      natOutgoing: "Enabled",
      nodeSelector: "all()",
    });
    expect(net.nodeAddressAutodetectionV4).toEqual({ interface: "eth1" });
    expect(net.nodeAddressAutodetectionV6).toEqual({ interface: "eth1" });
    expect(mask(r.docs)).toEqual(mask(docs));
  });

  it("no quay.io mirror: spec.registry left alone", () => {
    const r = ok(
      patch(operatorDocs(), { plugin: "calico", mirrors: { "docker.io": "docker.m.daocloud.io" } }),
    );
    expect(installationSpec(r.docs).registry).toBeUndefined();
    expect(r.report.images).toEqual(["quay.io/tigera/operator:v1.42.3"]);
  });

  it("refuses a pinned pool CIDR unless forced; refuses tigera-operator.yaml alone", () => {
    const text = `${fixture(OPERATOR).text}\n---\n${fixture(CUSTOM).text.replace("192.168.0.0/16", "172.16.0.0/16")}`;
    expect(problems(patch(text, { plugin: "calico" }))).toEqual([
      {
        code: "cidrConflict",
        params: {
          object: "Installation default",
          path: "spec.calicoNetwork.ipPools[0].cidr",
          manifest: "172.16.0.0/16",
          podSubnet: POD,
        },
      },
    ]);
    expect(ok(patch(text, { plugin: "calico", force: true })).report.changes[0]).toMatchObject({
      before: "172.16.0.0/16",
      after: POD,
    });
    expect(problems(patch(fixture(OPERATOR).docs, { plugin: "calico" }))[0]?.code).toBe("layoutUnknown");
  });
});

describeCni("other refusals", () => {
  const flannel = () => fixture(FLANNEL[0] as string).docs;

  it.each([
    ["10.20.0.1/16"],
    ["10.20.0.0/16,10.30.0.0/16"],
    ["fd00::/64,fd01::/64"],
    ["10.20.0.0/16,fd00::/64,10.1.0.0/16"],
    [""],
  ])("invalid pod subnet %j", (podSubnet) => {
    expect(problems(patch(flannel(), { plugin: "flannel", podSubnet }))).toEqual([
      { code: "invalidPodSubnet", params: { podSubnet } },
    ]);
  });

  it("an interface with whitespace", () => {
    expect(problems(patch(flannel(), { plugin: "flannel", interface: "eth 1" }))).toEqual([
      { code: "invalidInterface", params: { interface: "eth 1" } },
    ]);
  });

  it("a bad mirror prefix and a bad image reference", () => {
    expect(
      problems(patch(flannel(), { plugin: "flannel", mirrors: { "ghcr.io": "https://ghcr.example" } })),
    ).toEqual([
      {
        code: "mirrorInvalid",
        params: { registry: "ghcr.io", mirror: "https://ghcr.example", reason: "scheme" },
      },
    ]);
    const text = fixture(FLANNEL[0] as string).text.replace(
      "image: ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3",
      "image: ghcr.io/Flannel-io/CNI",
    );
    expect(problems(patch(text, { plugin: "flannel" }))).toEqual([
      {
        code: "imageInvalid",
        params: {
          object: "DaemonSet kube-flannel/kube-flannel-ds",
          path: "spec.template.spec.initContainers[install-cni-plugin].image",
          image: "ghcr.io/Flannel-io/CNI",
        },
      },
    ]);
  });

  it("problems carry no text: a code and string params only", () => {
    const all = [
      ...problems(patch(flannel(), { plugin: "calico" })),
      ...problems(patch(flannel(), { plugin: "flannel", podSubnet: POD6 })),
    ];
    for (const p of all) {
      expect(Object.keys(p).sort()).toEqual(["code", "params"]);
      for (const v of Object.values(p.params)) expect(typeof v).toBe("string");
    }
  });
});

describe("images without a registry count as docker.io", () => {
  it("mirrors short names and keeps unknown registries", () => {
    const docs: ManifestDoc[] = [
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "c", namespace: "n" },
        spec: {
          jobTemplate: {
            spec: { template: { spec: { containers: [{ name: "a", image: "busybox:1.36" }] } } },
          },
        },
      },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "n" },
        spec: {
          containers: [
            { name: "a", image: "calico/node:v3.30.7" },
            { name: "b", image: "registry.k8s.io/pause:3.10" },
          ],
        },
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "kube-flannel-cfg", namespace: "kube-flannel" },
        data: { "net-conf.json": '{"Network": "10.244.0.0/16"}' },
      },
    ];
    const r = ok(patch(docs, { plugin: "flannel" }));
    expect(r.report.images).toEqual([
      "docker.m.daocloud.io/library/busybox:1.36",
      "docker.m.daocloud.io/calico/node:v3.30.7",
      "registry.k8s.io/pause:3.10",
    ]);
    expect((find(r.docs, "ConfigMap", "kube-flannel-cfg").data as Obj)["net-conf.json"]).toBe(
      `{\n  "Network": "${POD}"\n}`,
    );
  });
});

describeCni("applyOrder", () => {
  const rank = (kind: string) =>
    kind === "CustomResourceDefinition" ? 0 : kind === "Namespace" ? 1 : kind.startsWith("Cluster") ? 2 : 3;

  it.each([...FLANNEL, ...CALICO])("%s: CRDs, Namespaces, cluster-scoped, namespaced; stable", (file) => {
    const { docs } = fixture(file);
    const ordered = applyOrder(docs);
    expect(ordered).toHaveLength(docs.length);
    const ranks = ordered.map((d) => rank(d.kind as string));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // stable within a group
    for (let g = 0; g <= 3; g++) {
      expect(ordered.filter((d) => rank(d.kind as string) === g)).toEqual(
        docs.filter((d) => rank(d.kind as string) === g),
      );
    }
  });

  it("calico.yaml: the CRDs first, then the ClusterRoles before the PodDisruptionBudget", () => {
    const ordered = applyOrder(fixture(CALICO[0] as string).docs).map((d) => d.kind);
    expect(ordered.slice(0, 23).every((k) => k === "CustomResourceDefinition")).toBe(true);
    expect(ordered.slice(23, 31)).toEqual([
      ...Array(4).fill("ClusterRole"),
      ...Array(4).fill("ClusterRoleBinding"),
    ]);
    expect(ordered[31]).toBe("PodDisruptionBudget");
    expect(ordered.slice(-2)).toEqual(["DaemonSet", "Deployment"]);
  });

  it("operator install: Namespace first, the custom resources last", () => {
    const ordered = applyOrder(operatorDocs()).map((d) => d.kind);
    expect(ordered).toEqual([
      "Namespace",
      "ClusterRole",
      "ClusterRole",
      "ClusterRoleBinding",
      "ServiceAccount",
      "RoleBinding",
      "Deployment",
      "Installation",
      "APIServer",
      "Goldmane",
      "Whisker",
    ]);
  });

  it("a custom resource before its CRD is moved after it", () => {
    const docs: ManifestDoc[] = [
      { apiVersion: "crd.projectcalico.org/v1", kind: "IPPool", metadata: { name: "p" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "x" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } },
      {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "ippools" },
      },
    ];
    expect(applyOrder(docs).map((d) => d.kind)).toEqual([
      "CustomResourceDefinition",
      "Namespace",
      "ConfigMap",
      "IPPool",
    ]);
  });
});

describeCni("readinessTargets", () => {
  interface MetaTarget {
    kind: string;
    namespace: string | null;
    name: string;
    selector?: unknown;
  }
  const fromMeta = (file: string) =>
    (fixture(file).meta.readiness as MetaTarget[])
      .filter((t) => ["DaemonSet", "Deployment"].includes(t.kind))
      .map((t) => ({ kind: t.kind, namespace: t.namespace, name: t.name, selector: t.selector }));

  it.each(FLANNEL)("%s: the flannel DaemonSet", (file) => {
    const targets = readinessTargets("flannel", fixture(file).docs);
    expect(
      targets.map(({ kind, namespace, name, selector }) => ({ kind, namespace, name, selector })),
    ).toEqual(fromMeta(file));
    expect(targets).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        name: "kube-flannel-ds",
        namespace: "kube-flannel",
        check: "rollout",
        selector: { app: "flannel" },
      },
    ]);
  });

  it.each(CALICO)("%s: calico-node and calico-kube-controllers", (file) => {
    const targets = readinessTargets("calico", fixture(file).docs);
    expect(
      targets.map(({ kind, namespace, name, selector }) => ({ kind, namespace, name, selector })),
    ).toEqual(fromMeta(file));
  });

  it("operator: the operator Deployment, then TigeraStatus calico once an Installation is applied", () => {
    expect(
      readinessTargets("calico", fixture(OPERATOR).docs).map((t) => `${t.kind} ${t.namespace}/${t.name}`),
    ).toEqual(["Deployment tigera-operator/tigera-operator"]);
    const all = readinessTargets("calico", operatorDocs());
    expect(all[0]).toMatchObject({
      kind: "Deployment",
      namespace: "tigera-operator",
      name: "tigera-operator",
    });
    expect(all[1]).toEqual({
      apiVersion: "operator.tigera.io/v1",
      kind: "TigeraStatus",
      name: "calico",
      check: "condition",
      condition: "Available",
    });
    expect(readinessTargets("none", operatorDocs())).toEqual([]);
  });
});
