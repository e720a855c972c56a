/**
 * `kadm-wizard cni apply` and `kadm-wizard wait` through the CLI: in-process (runCli) with the
 * Context's ports faked (an in-memory cluster behind ctx.kube, manifests served by ctx.fetch), and
 * a few runs of the built binary, with the real adapters, against the fake API server and a
 * manifest server on 127.0.0.1, for exit codes and "one line, no stack trace". Nothing leaves
 * loopback: the profile used here names only the local manifest server.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCniRelease } from "../../src/cni/catalog.js";
import { parseManifest } from "../../src/cni/patch/manifest.js";
import { cachePath } from "../../src/cni/source.js";
import {
  CNI_DIR,
  coreDnsDeployment,
  daemonSetStatus,
  deploymentStatus,
  node,
  pod,
  readySteps,
  seedFreshCluster,
} from "../fakes/cluster.js";
import { type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FakeCluster, fakeKubeClients } from "../fakes/kube-client.js";
import { fakeFetch, runCli as runCliWith } from "../fakes/ports.js";
import { itUnless, requireSharedTestdata } from "../support/requires.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "bin", "kadm-wizard.js");
const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

/** Manifests through the fetch port (no socket); the URLs asked for are in `fetched.urls`. */
const fetched = fakeFetch((url) => {
  const body = manifestAt(url.pathname);
  return body ? new Response(body, { headers: { "Content-Type": "text/plain" } }) : undefined;
});

/** In-process, with ctx.fetch serving the manifests and ctx.kube the given in-memory cluster. */
function runCli(
  argv: string[],
  opts: Parameters<typeof runCliWith>[1] & { cluster?: FakeCluster } = {},
): ReturnType<typeof runCliWith> {
  const { cluster, ...rest } = opts;
  return runCliWith(argv, {
    ...rest,
    overrides: { fetch: fetched.fetch, kube: fakeKubeClients(cluster), ...rest.overrides },
  });
}

/**
 * The shared CNI manifests: ".../<tag>/kube-flannel.yml" and ".../<tag>/calico.yaml" as upstream
 * names them, or a testdata file by name; under "/tampered/" with bytes added. undefined: 404.
 */
function manifestAt(path: string): Buffer | undefined {
  const upstream = /\/(v[\d.]+)\/(kube-flannel\.yml|calico\.yaml)$/.exec(path);
  const file = upstream
    ? upstream[2] === "calico.yaml"
      ? `calico-${upstream[1]}.yaml`
      : `flannel-${upstream[1]}.yml`
    : (path.split("/").pop() ?? "");
  let body: Buffer;
  try {
    body = readFileSync(join(CNI_DIR, file));
  } catch {
    return undefined;
  }
  return path.startsWith("/tampered/") ? Buffer.concat([body, Buffer.from("\n# changed\n")]) : body;
}

/** The same manifests over HTTP, for the built binary (the real fetch). */
async function manifestServer(): Promise<{ url: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.push(path);
    const body = manifestAt(path);
    if (!body) {
      res.writeHead(404).end("404 page not found");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/plain" }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits };
}

function profile(dir: string, name: string, sources: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    yaml.dump({
      name,
      description: { en: "test", zh: "测试" },
      spec: {
        imageRepository: "registry.k8s.io",
        cni: {
          imageMirrors: { "ghcr.io": "ghcr.m.daocloud.io", "quay.io": "quay.m.daocloud.io" },
          manifestSources: sources,
        },
      },
    }),
  );
  return file;
}

// `test`: an `it` skipped, with the reason in its title, without ../shared/testdata/cni.
const test = itUnless(requireSharedTestdata("cni"));
let srv: Awaited<ReturnType<typeof manifestServer>>;
let dir: string;
let good: string;
let tampered: string;

beforeAll(async () => {
  srv = await manifestServer();
  dir = mkdtempSync(join(tmpdir(), "kadm-cni-cli-"));
  good = profile(dir, "local", [`${srv.url}/missing/{file}`, `${srv.url}/{repo}/{tag}/{file}`]);
  tampered = profile(dir, "tampered", [`${srv.url}/tampered/{tag}/{file}`]);
});

afterAll(async () => {
  await new Promise((r) => srv.server.close(r));
});

/** The testdata file of each plugin's default release. */
const served = (plugin: "flannel" | "calico") =>
  plugin === "flannel" ? "flannel-v0.28.9.yml" : "calico-v3.32.1.yaml";

/** A host root whose manifest cache already holds the pinned release's bytes (a real run left them). */
function cachedRoot(plugin: "flannel" | "calico", version: string): string {
  const release = findCniRelease(plugin, version);
  if (!release) throw new Error(`${plugin} ${version} unknown`);
  const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
  const path = join(root, cachePath(release));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, readFileSync(join(CNI_DIR, served(plugin))));
  return root;
}

describe("cni apply --dry-run", () => {
  test("with the manifest cached: prints it patched on stdout, downloads nothing, contacts no cluster", async () => {
    const p = profile(dir, "dry", [`${srv.url}/x/${served("flannel")}`]);
    const root = cachedRoot("flannel", "v0.28.9");
    const before = fetched.urls.length;
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--profile",
      p,
      "--pod-subnet",
      "10.88.0.0/16",
      "--root",
      root,
      "--kubeconfig",
      join(dir, "no-such-kubeconfig"),
    ]);
    expect(r.stderr).toContain("dry run: flannel v0.28.9 patched for pod subnet 10.88.0.0/16");
    expect(r.code).toBe(0);
    expect(fetched.urls.length).toBe(before);
    const parsed = parseManifest(r.stdout);
    if (!parsed.ok) throw new Error("stdout is not YAML");
    const cm = parsed.docs.find((d) => d.kind === "ConfigMap") as { data: Record<string, string> };
    expect(JSON.parse(cm.data["net-conf.json"] as string).Network).toBe("10.88.0.0/16");
    expect(r.stdout).toContain("image: ghcr.m.daocloud.io/flannel-io/flannel:v0.28.9");
    expect(r.stdout).not.toContain("image: ghcr.io/");
  });

  test("without it: says what it would download and how it would patch it, and downloads nothing", async () => {
    const p = profile(dir, "dry-nocache", [`${srv.url}/x/${served("flannel")}`, `${srv.url}/y/{file}`]);
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const before = fetched.urls.length;
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--profile",
      p,
      "--pod-subnet",
      "10.88.0.0/16",
      "--root",
      root,
    ]);
    expect(r.code).toBe(0);
    expect(fetched.urls.length).toBe(before);
    expect(r.stdout).toContain(
      "would download the pinned flannel v0.28.9 manifest (sha256 e875824be2f552b4...)",
    );
    expect(r.stdout).toContain(`  ${srv.url}/x/${served("flannel")}\n  ${srv.url}/y/kube-flannel.yml\n`);
    expect(r.stdout).toContain(
      "then patch it (pod subnet 10.88.0.0/16; images: ghcr.io -> ghcr.m.daocloud.io",
    );
    expect(r.stderr).toContain("dry run: nothing was downloaded or applied");
    // Nothing written under the root either (not even the cache).
    expect(readdirSync(root)).toEqual([]);
  });

  test("--manifest URL: named, not downloaded", async () => {
    const before = fetched.urls.length;
    const url = `${srv.url}/x/${served("flannel")}`;
    const r = await runCli(["cni", "apply", "--dry-run", "--manifest", url]);
    expect(r.code).toBe(0);
    expect(fetched.urls.length).toBe(before);
    expect(srv.hits).not.toContain(`/x/${served("flannel")}`);
    expect(r.stdout).toContain(`would download flannel (--manifest) from:\n  ${url}\n`);
  });

  it("says in Chinese what it would do", async () => {
    const p = profile(dir, "dryzh", [`${srv.url}/x/${served("calico")}`]);
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--cni",
      "calico",
      "--profile",
      p,
      "--lang",
      "zh",
      "--root",
      root,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("将从以下第一个可用地址下载固定版本的 calico v3.32.1 清单");
    expect(r.stdout).toContain("然后修改清单（Pod 网段 10.244.0.0/16；镜像：");
    expect(r.stderr).toContain("试运行：未下载、未应用任何内容");
  });

  test("in Chinese with the manifest cached: the patched manifest", async () => {
    const p = profile(dir, "dryzh2", [`${srv.url}/x/${served("calico")}`]);
    const root = cachedRoot("calico", "v3.32.1");
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--cni",
      "calico",
      "--profile",
      p,
      "--lang",
      "zh",
      "--root",
      root,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("试运行：calico v3.32.1 已按 Pod 网段 10.244.0.0/16 修改");
    expect(r.stdout).toContain("CALICO_IPV4POOL_CIDR");
    expect(r.stdout).toContain("image: quay.m.daocloud.io/calico/node:v3.32.1");
  });
});

describe("cni apply: bad input and failures are one line", () => {
  test("a manifest that does not match the pinned sha256 is refused (exit 1), nothing applied", async () => {
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const cluster = new FakeCluster();
    const r = await runCli(
      ["cni", "apply", "--no-wait", "--profile", tampered, "--kubeconfig", "/k/admin.conf", "--root", root],
      { cluster },
    );
    expect(r.code).toBe(1);
    expect(cluster.list({ kind: "DaemonSet" })).toEqual([]);
    const errors = lines(r.stderr).filter((l) => l.startsWith("error:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^error: no source served the pinned flannel v0\.28\.9 manifest \(sha256 e875824be2f552b4\.\.\.\): http:\/\/127\.0\.0\.1:\d+\/tampered\/v0\.28\.9\/kube-flannel\.yml sent sha256 [0-9a-f]{12}\.\.\. instead of e875824be2f5\.\.\.\. Fix: /,
    );
  });

  test("the pinned release passed as --manifest is good news: an info line, not a warning", async () => {
    const r = await runCli(["cni", "apply", "--dry-run", "--manifest", join(CNI_DIR, "flannel-v0.28.9.yml")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("--manifest is the pinned flannel v0.28.9 manifest (sha256 verified).");
    expect(r.stderr).not.toMatch(/^warning:/m);
  });

  it("init --dry-run names the CNI version it would apply", async () => {
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const r = await runCli([
      "init",
      "--dry-run",
      "--yes",
      "--k8s-version",
      "v1.33.2",
      "--advertise-address",
      "192.0.2.10",
      "--root",
      root,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toContain("would apply flannel v0.28.9 with pod CIDR 10.244.0.0/16");
  });

  test("the same bytes passed as the user's own --manifest are applied as given (with a warning)", async () => {
    const file = join(dir, "mine.yml");
    writeFileSync(file, `${readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8")}\n# changed\n`);
    const r = await runCli(["cni", "apply", "--dry-run", "--manifest", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("is not a release this version pins; it is applied as given");
    expect(r.stdout).toContain("kind: DaemonSet");
  });

  it.each([
    [
      ["cni", "apply", "--timeout", "10"],
      /^error: --timeout "10" is not a duration between 1ms and 24h\. Fix: write it with a unit/,
    ],
    [["wait", "--timeout", "ten minutes"], /^error: --timeout "ten minutes" is not a duration/],
    [["wait", "--timeout", "0s"], /^error: --timeout "0s" is not a duration/],
    [["cni", "install"], /^error: unknown cni subcommand "install"; the only one is apply\. Fix: /],
    [
      ["cni", "apply", "--cni", "calico", "--cni-version", "v3.99.0", "--dry-run"],
      /^error: no pinned manifest checksum for calico v3\.99\.0 .*known: v3\.32\.1, v3\.30\.7/,
    ],
    [
      ["cni", "apply", "--cni", "none", "--dry-run"],
      /^error: --cni none: there is no pod network to apply\. Fix: /,
    ],
  ])("%j exits 2 with one line", async (argv, re) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(re);
  });

  test("--manifest of calico with --cni flannel is a contradiction (exit 2)", async () => {
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--cni",
      "flannel",
      "--manifest",
      join(CNI_DIR, "calico-v3.32.1.yaml"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --manifest is a calico manifest but --cni is flannel\. Fix: pass --cni calico/,
    );
  });

  it("an offline profile without cache or --manifest says how to proceed (exit 2)", async () => {
    const p = profile(dir, "nosources", []);
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--profile",
      p,
      "--root",
      mkdtempSync(join(tmpdir(), "kadm-root-")),
    ]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /no download source for the flannel v0\.28\.9 manifest .* Fix: copy the manifest to this host and pass --manifest FILE/,
    );
  });
});

describe("against an in-memory cluster (ctx.kube)", () => {
  test("cni apply --no-wait applies flannel and lists what it did; again: all unchanged", async () => {
    const cluster = new FakeCluster();
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const argv = [
      "cni",
      "apply",
      "--no-wait",
      "--profile",
      good,
      "--kubeconfig",
      "/k/admin.conf",
      "--root",
      root,
    ];
    const kube = fakeKubeClients(cluster);
    const r = await runCli(argv, { overrides: { kube } });
    expect(r.stderr).toContain("not waiting for readiness (--no-wait)");
    expect(r.code).toBe(0);
    expect(kube.requests).toEqual([
      { from: "kubeconfig", kubeconfig: "/k/admin.conf", timeoutMs: undefined },
    ]);
    expect(r.stdout).toContain("created     DaemonSet kube-flannel/kube-flannel-ds");
    expect(r.stdout).toContain("flannel: 6 objects applied (6 created, 0 configured, 0 unchanged)");
    expect(
      cluster.get({
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        namespace: "kube-flannel",
        name: "kube-flannel-ds",
      }),
    ).toBeDefined();
    // the first source 404s; the second is used and the manifest is cached under --root
    expect(fetched.urls.some((u) => new URL(u).pathname.startsWith("/missing/"))).toBe(true);
    expect(
      readFileSync(join(root, "var/cache/kadm-wizard/cni/flannel-v0.28.9-kube-flannel.yml"), "utf8"),
    ).toBe(readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8"));
    const again = await runCli(argv, { cluster });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("flannel: 6 objects applied (0 created, 0 configured, 6 unchanged)");
  });

  test("cni apply interrupted (Ctrl-C before it applies): nothing applied, exit 130, no stack", async () => {
    const cluster = new FakeCluster();
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const ctrl = new AbortController();
    ctrl.abort(new Error("interrupted"));
    const r = await runCli(["cni", "apply", "--no-wait", "--profile", good, "--root", root], {
      signal: ctrl.signal,
      cluster,
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^error: interrupted/m);
    expect(r.stderr).toContain("Fix: run `kadm-wizard cni apply` again");
    expect(r.stderr).not.toContain("internal error");
    expect(cluster.calls.filter((c) => c.op === "apply")).toEqual([]);
  });

  it("cni apply on a cluster that refuses the credentials: one localised line, exit 1", async () => {
    const cluster = new FakeCluster();
    cluster.fail({ op: "serverVersion", error: "unauthorized" });
    const r = await runCli(["cni", "apply", "--profile", good], { cluster });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*401 Unauthorized.* Fix: /);
    const zh = await runCli(["cni", "apply", "--profile", good, "--lang", "zh"], {
      cluster: failing("unauthorized"),
    });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toMatch(/^错误：.* 解决方法：/);
  });

  test("wait exits 0 once the cluster turns Ready, 1 with the reasons on timeout", async () => {
    const cluster = new FakeCluster();
    const parsed = parseManifest(readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8"));
    if (!parsed.ok) throw new Error("flannel manifest does not parse");
    const ds = parsed.docs.find((d) => d.kind === "DaemonSet") as unknown as FakeObject;
    seedFreshCluster(cluster, { flannelDs: ds });
    const stuck = await runCli(["wait", "--timeout", "300ms"], { cluster });
    expect(stuck.code).toBe(1);
    expect(stuck.stdout).toContain("Not ready after 300ms:");
    expect(stuck.stdout).toContain("✗ nodes: 0/1 Ready");
    expect(stuck.stdout).toContain("✗ pod network: kube-flannel-ds 0/1 ready");
    expect(stuck.stdout).toContain(
      "✗ Node master-1: node master-1 is NotReady: the pod network (CNI) is not initialised  [node.cni-not-ready]",
    );
    expect(stuck.stdout).toContain("cni plugin not initialized");
    expect(stuck.stdout).toContain("[coredns.pending-no-cni]");
    expect(stuck.stdout).toContain(
      "looked at kube-system, kube-flannel only (what the cluster needs to be up); for workloads in other namespaces run kadm-wizard doctor",
    );
    const zh = await runCli(["wait", "--timeout", "300ms", "--lang", "zh"], { cluster });
    expect(zh.stdout).toContain(
      "仅检查了 kube-system, kube-flannel（集群运行所需）；其他命名空间中的工作负载请运行 kadm-wizard doctor",
    );
    const errors = lines(stuck.stderr).filter((l) => l.startsWith("error: "));
    expect(errors).toEqual([
      expect.stringMatching(
        /^error: the cluster is not ready after 300ms: \d+ problems? listed above\. Fix: /,
      ),
    ]);

    const waiting = runCli(["wait", "--timeout", "30s"], { cluster });
    setTimeout(() => {
      for (const step of readySteps(cluster)) step();
    }, 200);
    const ok = await waiting;
    expect(ok.stderr).not.toContain("error:");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^The cluster is ready \([\d.]+m?s\)\.\n$/);
    // Listed once per kind and run (three runs), then only watched: no polling.
    const lists = cluster.calls.filter((c) => c.op === "list" && c.kind === "Node");
    expect(lists.length).toBeLessThanOrEqual(3);
  });

  it("wait with a kubeconfig that cannot be loaded: exit 2, one line", async () => {
    const { KubeconfigInvalid } = await import("../../src/kube/client.js");
    const kube = fakeKubeClients(undefined, {
      kubeconfigError: new KubeconfigInvalid({ file: "/k/bad.conf", problem: "notMapping" }),
    });
    const r = await runCli(["wait", "--kubeconfig", "/k/bad.conf"], { overrides: { kube } });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*\/k\/bad\.conf/);
  });
});

/** A cluster whose every request fails with `error`. */
function failing(error: "unauthorized" | "forbidden" | "refused"): FakeCluster {
  const c = new FakeCluster();
  c.fail({ error });
  return c;
}

describe("cni apply, then the wait for readiness", () => {
  it("applies calico, waits for calico-node and calico-kube-controllers, exits 0 when Ready", async () => {
    const cluster = new FakeCluster();
    // A cluster whose node is Ready already (e.g. a re-run): what is left is calico rolling out.
    cluster.upsert(node("master-1", true));
    cluster.upsert(pod("kube-system", "etcd-master-1", { ready: true }));
    cluster.upsert(coreDnsDeployment());
    cluster.setStatus(
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "kube-system", name: "coredns" },
      deploymentStatus(2, 2),
    );
    const p = profile(dir, "calico", [`${srv.url}/{repo}/{tag}/{file}`]);
    const running = runCli(["cni", "apply", "--cni", "calico", "--profile", p, "--timeout", "20s"], {
      cluster,
    });
    // Play the DaemonSet and Deployment controllers once the objects exist.
    const ref = (kind: string, name: string) => ({
      apiVersion: "apps/v1",
      kind,
      namespace: "kube-system",
      name,
    });
    for (let i = 0; i < 400 && !cluster.get(ref("Deployment", "calico-kube-controllers")); i++)
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    cluster.setStatus(ref("DaemonSet", "calico-node"), daemonSetStatus(1, 1));
    const changedAt = Date.now();
    cluster.setStatus(ref("Deployment", "calico-kube-controllers"), deploymentStatus(1, 1));
    const r = await running;
    expect(Date.now() - changedAt).toBeLessThan(2000);
    expect(r.stderr).not.toContain("error:");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("created     DaemonSet kube-system/calico-node");
    expect(r.stdout).toContain("calico: 38 objects applied (38 created, 0 configured, 0 unchanged)");
    expect(r.stdout).toMatch(/The cluster is ready \([\d.]+m?s\)\.\n$/);
    expect(r.stderr).toContain("pod network: calico-node 1/1 ready, calico-kube-controllers 1/1 ready");
  });
});

describe("the built binary", () => {
  // `npm test` builds first.
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: "C", CI: "1" };
  delete env.LC_ALL;
  delete env.NO_COLOR;
  delete env.KUBECONFIG;
  const run = (args: string[]) =>
    execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, env, extendEnv: false });

  it("wait against an unreachable API server: exit 1, one clear line, no stack", async () => {
    const api = await startFakeApiServer();
    const kubeconfig = api.writeKubeconfig({ server: "http://127.0.0.1:9" });
    const r = await run(["wait", "--kubeconfig", kubeconfig]);
    await api.stop();
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^error: get server version: cannot reach the API server at http:\/\/127\.0\.0\.1:9 \(connection refused\)\. Fix: check that kube-apiserver is running/,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("a missing --kubeconfig is bad input: exit 2, one line", async () => {
    const r = await run(["cni", "apply", "--kubeconfig", join(dir, "nope.conf"), "--profile", good]);
    expect(r.exitCode).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: cannot load kubeconfig .*nope\.conf: no such file\. Fix: /);
  });

  it("bad --timeout: exit 2 before anything else", async () => {
    const r = await run(["wait", "--timeout", "5"]);
    expect(r.exitCode).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("Ctrl-C during wait exits 130", async () => {
    const api = await startFakeApiServer();
    try {
      api.upsert(node("master-1", false));
      const child = execa(process.execPath, [BIN, "wait", "--kubeconfig", api.kubeconfigPath], {
        cwd: ROOT,
        reject: false,
        env,
        extendEnv: false,
      });
      for (let i = 0; i < 500 && api.openWatches() < 4; i++) await new Promise((r) => setTimeout(r, 10));
      expect(api.openWatches()).toBeGreaterThanOrEqual(4);
      const sent = Date.now();
      child.kill("SIGINT");
      const r = await child;
      expect(r.exitCode).toBe(130);
      // The watches end on the signal itself, not on the launcher's 10 s last resort.
      expect(Date.now() - sent).toBeLessThan(5_000);
      expect(r.stderr).not.toContain("internal error");
    } finally {
      await api.stop();
    }
  });

  it("errors are in Chinese with --lang zh", async () => {
    const r = await run(["wait", "--timeout", "5", "--lang", "zh"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^错误：--timeout "5" 不是 1ms 到 24h 之间的时长。 解决方法：请带上单位/);
  });

  test("checksum mismatch: exit 1, one error line, no stack, nothing applied", async () => {
    const api = await startFakeApiServer();
    try {
      const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
      const r = await run([
        "cni",
        "apply",
        "--no-wait",
        "--profile",
        tampered,
        "--kubeconfig",
        api.kubeconfigPath,
        "--root",
        root,
      ]);
      expect(r.exitCode).toBe(1);
      const errors = lines(r.stderr).filter((l) => l.startsWith("error:"));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^error: no source served the pinned flannel v0\.28\.9 manifest/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(api.objects({ kind: "DaemonSet" })).toEqual([]);
    } finally {
      await api.stop();
    }
  });

  test("a dry run with the real fetch adapter connects to nothing", async () => {
    const p = profile(dir, "dry-bin", [`${srv.url}/bin/{tag}/{file}`]);
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const r = await run(["cni", "apply", "--dry-run", "--profile", p, "--root", root]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`${srv.url}/bin/v0.28.9/kube-flannel.yml`);
    expect(srv.hits.filter((h) => h.startsWith("/bin/"))).toEqual([]);
  });
});
