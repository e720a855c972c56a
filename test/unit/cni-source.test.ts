/**
 * Manifest sources: template expansion (pure), and obtainManifest with the real fetcher against an
 * HTTP server on 127.0.0.1 serving the shared upstream files (cache, order, mismatch, user files).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCniRelease } from "../../src/cni/catalog.js";
import { decidePodSubnet, podSubnetFromKubeadmConfig, samePodSubnet } from "../../src/cni/cluster-subnet.js";
import { detectPlugin } from "../../src/cni/install.js";
import { parseManifest } from "../../src/cni/patch/manifest.js";
import {
  cachePath,
  expandSources,
  httpFetcher,
  OFFICIAL_SOURCE,
  obtainManifest,
  releaseBySha256,
  sha256,
} from "../../src/cni/source.js";
import { localFiles } from "../../src/host/files.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { globalFetch } from "../../src/ports.js";
import { CNI_DIR, cniMeta } from "../fakes/cluster.js";
import { describeUnless, itUnless, requireSharedTestdata } from "../support/requires.js";

const NO_CNI = requireSharedTestdata("cni");
const describeCni = describeUnless(NO_CNI);
// `test`: an `it` skipped, with the reason in its title, without ../shared/testdata/cni.
const test = itUnless(NO_CNI);
const FLANNEL = findCniRelease("flannel", "v0.28.9");
const CALICO = findCniRelease("calico", "v3.32.1");
if (!FLANNEL || !CALICO) throw new Error("catalogue lacks the default releases");

describeCni("the catalogue's pins are the shared upstream files", () => {
  it.each([
    ["flannel-v0.28.9.yml", "flannel", "v0.28.9"],
    ["flannel-v0.26.7.yml", "flannel", "v0.26.7"],
    ["calico-v3.32.1.yaml", "calico", "v3.32.1"],
    ["calico-v3.30.7.yaml", "calico", "v3.30.7"],
  ])("%s", (file, plugin, version) => {
    const bytes = readFileSync(join(CNI_DIR, file));
    expect(sha256(bytes)).toBe(cniMeta(file).sha256);
    expect(releaseBySha256(sha256(bytes))).toMatchObject({ plugin, version });
  });
});

describe("expandSources", () => {
  it("official first, then mirrors, with every placeholder", () => {
    const r = expandSources(
      [
        OFFICIAL_SOURCE,
        "https://fastly.jsdelivr.net/gh/{repo}@{tag}/{path}",
        "https://proxy.example/{url}",
        "https://files.example/{plugin}/{version}/{file}",
        OFFICIAL_SOURCE,
      ],
      FLANNEL,
    );
    expect(r.problems).toEqual([]);
    expect(r.urls).toEqual([
      "https://raw.githubusercontent.com/flannel-io/flannel/v0.28.9/Documentation/kube-flannel.yml",
      "https://fastly.jsdelivr.net/gh/flannel-io/flannel@v0.28.9/Documentation/kube-flannel.yml",
      "https://proxy.example/https://raw.githubusercontent.com/flannel-io/flannel/v0.28.9/Documentation/kube-flannel.yml",
      "https://files.example/flannel/v0.28.9/kube-flannel.yml",
    ]);
    expect(expandSources([OFFICIAL_SOURCE], CALICO).urls).toEqual([
      "https://raw.githubusercontent.com/projectcalico/calico/v3.32.1/manifests/calico.yaml",
    ]);
  });

  it("refuses unknown placeholders and non-http schemes", () => {
    const r = expandSources(
      ["https://x.example/{release}/{file}", "ftp://x.example/{file}", "{url}"],
      FLANNEL,
    );
    expect(r.urls).toEqual([
      "https://raw.githubusercontent.com/flannel-io/flannel/v0.28.9/Documentation/kube-flannel.yml",
    ]);
    expect(r.problems).toEqual([
      { template: "https://x.example/{release}/{file}", reason: "placeholder", detail: "{release}" },
      { template: "ftp://x.example/{file}", reason: "scheme", detail: "ftp://x.example/kube-flannel.yml" },
    ]);
  });

  it("the built-in profiles' sources expand for every release", async () => {
    const { parseProfile } = await import("../../src/spec/profile.js");
    for (const name of ["aliyun", "upstream", "offline"]) {
      const text = readFileSync(new URL(`../../profiles/${name}.yaml`, import.meta.url), "utf8");
      const { profile } = parseProfile(text, name, name);
      const sources = profile?.values["cni.manifestSources"] as string[];
      expect(Array.isArray(sources), name).toBe(true);
      const r = expandSources(sources, CALICO);
      expect(r.problems, name).toEqual([]);
      if (name === "offline") expect(r.urls).toEqual([]);
      else
        expect(r.urls[0]).toBe(
          "https://raw.githubusercontent.com/projectcalico/calico/v3.32.1/manifests/calico.yaml",
        );
    }
  });
});

describe("obtainManifest against 127.0.0.1", () => {
  let server: Server;
  let base = "";
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? "/";
      hits.push(path);
      if (path.startsWith("/slow/")) return; // never answers
      if (path.startsWith("/html/")) return void res.writeHead(200).end("<html>rate limited</html>");
      let body: Buffer;
      try {
        body = readFileSync(join(CNI_DIR, path.split("/").pop() as string));
      } catch {
        return void res.writeHead(404).end("not found");
      }
      res.writeHead(200).end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const env = () => {
    const root = mkdtempSync(join(tmpdir(), "kadm-src-"));
    return { root, hostFs: rootedHostFs({ root }), files: localFiles, fetcher: httpFetcher(globalFetch) };
  };

  test("skips failing and mismatching sources in order, verifies, caches; the next run uses the cache", async () => {
    const e = env();
    const urls = [`${base}/missing/none.yml`, `${base}/html/x`, `${base}/ok/flannel-v0.28.9.yml`];
    const r = await obtainManifest({ release: FLANNEL, urls, ...e });
    if (!r.ok) throw new Error(JSON.stringify(r.failure));
    expect(r.manifest.origin).toEqual({ kind: "download", url: urls[2] });
    expect(r.manifest.attempts.map((a) => a.outcome)).toEqual(["error", "mismatch"]);
    expect(r.manifest.attempts[0]?.detail).toBe("HTTP 404 Not Found");
    expect(r.manifest.text).toBe(readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8"));
    expect(readFileSync(join(e.root, cachePath(FLANNEL)), "utf8")).toBe(r.manifest.text);

    const before = hits.length;
    const again = await obtainManifest({ release: FLANNEL, urls, ...e });
    expect(again.ok && again.manifest.origin.kind).toBe("cache");
    expect(hits.length).toBe(before);
  });

  test("a corrupted cache is ignored and replaced", async () => {
    const e = env();
    await e.hostFs.write(cachePath(FLANNEL), "tampered: true\n");
    const r = await obtainManifest({ release: FLANNEL, urls: [`${base}/ok/flannel-v0.28.9.yml`], ...e });
    expect(r.ok && r.manifest.origin.kind).toBe("download");
    expect(sha256(readFileSync(join(e.root, cachePath(FLANNEL))))).toBe(FLANNEL.manifestSha256);
  });

  test("only mismatches: checksumMismatch with every attempt; only errors: allSourcesFailed", async () => {
    const e = env();
    const mismatch = await obtainManifest({
      release: FLANNEL,
      urls: [`${base}/a/flannel-v0.26.7.yml`, `${base}/missing/x.yml`],
      ...e,
    });
    expect(mismatch.ok).toBe(false);
    if (mismatch.ok) return;
    expect(mismatch.failure.code).toBe("checksumMismatch");
    expect(mismatch.failure.attempts).toEqual([
      {
        url: `${base}/a/flannel-v0.26.7.yml`,
        outcome: "mismatch",
        detail: cniMeta("flannel-v0.26.7.yml").sha256,
      },
      { url: `${base}/missing/x.yml`, outcome: "error", detail: "HTTP 404 Not Found" },
    ]);
    const closed = await closedPort();
    const failed = await obtainManifest({
      release: FLANNEL,
      urls: [`${base}/slow/x`, `http://127.0.0.1:${closed}/x`],
      ...e,
      timeoutMs: 200,
    });
    expect(!failed.ok && failed.failure.code).toBe("allSourcesFailed");
    expect(!failed.ok && failed.failure.attempts.map((a) => a.detail)).toEqual([
      "no answer within 200 ms",
      "connection refused",
    ]);
    expect(existsIn(e.root, cachePath(FLANNEL))).toBe(false);
  });

  it("no sources and no cache: noSources naming the cache path", async () => {
    const r = await obtainManifest({ release: CALICO, urls: [], ...env() });
    expect(!r.ok && r.failure).toMatchObject({ code: "noSources", params: { cache: cachePath(CALICO) } });
  });

  test("the user's file or URL is used as given and identified when it is a pinned release", async () => {
    const e = env();
    const dir = mkdtempSync(join(tmpdir(), "kadm-user-"));
    const own = join(dir, "own.yml");
    writeFileSync(own, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mine\n");
    const file = await obtainManifest({ release: undefined, urls: [], user: own, ...e });
    expect(file.ok && file.manifest).toMatchObject({
      origin: { kind: "user-file", path: own },
      release: undefined,
    });
    const url = await obtainManifest({
      release: undefined,
      urls: [],
      user: `${base}/u/calico-v3.32.1.yaml`,
      ...e,
    });
    expect(url.ok && url.manifest.release?.version).toBe("v3.32.1");
    const missing = await obtainManifest({ release: undefined, urls: [], user: join(dir, "nope.yml"), ...e });
    expect(!missing.ok && missing.failure).toMatchObject({
      code: "userFileUnreadable",
      params: { reason: "no such file" },
    });
  });
});

/** A port nothing listens on (fetch refuses "bad ports" like 9, so take a real free one). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function existsIn(root: string, hostPath: string): boolean {
  try {
    readFileSync(join(root, hostPath));
    return true;
  } catch {
    return false;
  }
}

describe("which pod subnet (pure)", () => {
  const cm = (cc: string) => ({ data: { ClusterConfiguration: cc } });

  it("reads networking.podSubnet from kubeadm-config", () => {
    const text =
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n";
    expect(podSubnetFromKubeadmConfig(cm(text))).toBe("10.244.0.0/16");
    expect(podSubnetFromKubeadmConfig(cm("networking:\n  serviceSubnet: 10.96.0.0/12\n"))).toBeUndefined();
    expect(podSubnetFromKubeadmConfig(cm(": not yaml: ["))).toBeUndefined();
    expect(podSubnetFromKubeadmConfig({})).toBeUndefined();
  });

  it("compares subnets by network, not spelling", () => {
    expect(samePodSubnet("10.244.0.0/16,fd00:10:244::/56", "fd00:10:244:0::/56, 10.244.0.0/16")).toBe(true);
    expect(samePodSubnet("10.244.0.0/16", "10.244.0.0/17")).toBe(false);
  });

  it.each([
    [
      { plugin: "flannel", cluster: "10.42.0.0/16", spec: "10.244.0.0/16", explicit: false },
      { ok: true, podSubnet: "10.42.0.0/16", source: "cluster" },
    ],
    [
      { plugin: "flannel", cluster: "10.42.0.0/16", spec: "10.244.0.0/16", explicit: true },
      { ok: false, code: "podSubnetMismatch" },
    ],
    [
      { plugin: "flannel", cluster: "10.42.0.0/16", spec: "10.42.0.0/16", explicit: true },
      { ok: true, source: "cluster" },
    ],
    [
      { plugin: "flannel", cluster: undefined, spec: "10.244.0.0/16", explicit: false },
      { ok: false, code: "clusterNoPodSubnet" },
    ],
    [
      { plugin: "calico", cluster: undefined, spec: "10.244.0.0/16", explicit: false },
      { ok: true, podSubnet: "10.244.0.0/16", source: "spec" },
    ],
    [
      { plugin: "flannel", cluster: "absent", spec: "10.244.0.0/16", explicit: true },
      { ok: true, source: "spec" },
    ],
  ] as const)("%j -> %j", (input, want) => {
    expect(decidePodSubnet(input)).toMatchObject(want);
  });
});

describeCni("detectPlugin", () => {
  it.each([
    ["flannel-v0.28.9.yml", "flannel"],
    ["flannel-v0.26.7.yml", "flannel"],
    ["calico-v3.32.1.yaml", "calico"],
    ["tigera-operator-v3.32.1.yaml", "calico"],
    ["custom-resources-v3.32.1.yaml", "calico"],
  ])("%s is %s", (file, plugin) => {
    const r = parseManifest(readFileSync(join(CNI_DIR, file), "utf8"));
    expect(r.ok && detectPlugin(r.docs)).toBe(plugin);
  });
});
