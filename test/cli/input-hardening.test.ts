/**
 * Bad input caught before anything happens (issue 14): alias bombs in every YAML the user hands
 * us, FIFOs and devices named as files, flag values that used to be checked late (--cni-version,
 * --manifest, external etcd files, --token-ttl) and kubeconfigs with certificate data that is not
 * PEM. Each refusal: exit 2, one line naming the input, and no file written under --root.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";
import { makePki } from "../fakes/pki.js";
import { type RunResult, runCli } from "../fakes/ports.js";
import { billionLaughs } from "../fakes/yaml-bombs.js";
import { itUnless, requireSharedTestdata, requireTool } from "../support/requires.js";

const CNI_DIR = new URL("../../../shared/testdata/cni/", import.meta.url).pathname;
const withCni = itUnless(requireSharedTestdata("cni"));
const withOpenssl = itUnless(requireTool("openssl"));

const TOKEN = "7k3x9q.4p2m8n5r1t6v0w3y";
const HASH = `sha256:${"3f".repeat(32)}`;
const CONFIG = ["config", "--yes", "--k8s-version", "v1.33.2", "--advertise-address", "192.0.2.10"];

/** Every path under `dir` with its size and mtime: equal before and after means nothing was written. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      out.push(`${p} ${st.isDirectory() ? "dir" : st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** exit 2, one `error: ... Fix: ...` line containing `cause`, nothing on stdout, no stack. */
function expectRefused(r: RunResult, cause: string | RegExp): void {
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 2 });
  expect(r.stdout).toBe("");
  expect(lines, r.stderr).toHaveLength(1);
  const line = lines[0] ?? "";
  expect(line).toMatch(/^(error: .* Fix: |错误：.*解决方法：)/);
  if (typeof cause === "string") expect(line).toContain(cause);
  else expect(line).toMatch(cause);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kadm-hardening-"));
});

/** A manifest of seven objects, the fifth a ConfigMap whose data is a billion laughs. */
function bombManifest(): string {
  const ns = (name: string) => yaml.dump({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  const bomb = billionLaughs()
    .split("\n")
    .filter((l) => l.startsWith("a"))
    .map((l) => `  ${l.replace(/^a(\d): /, "a$1: ")}`)
    .join("\n");
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol, namespace: default}\ndata:\n${bomb}\n`;
  return [ns("a"), ns("b"), ns("c"), ns("d"), cm, ns("e"), ns("f")].join("---\n");
}

describe("alias bombs are refused before anything is applied or written", () => {
  let api: FakeApiServer;
  beforeEach(async () => {
    api = await startFakeApiServer();
  });
  afterEach(async () => {
    await api.stop();
  });

  it("cni apply --manifest with a billion laughs: exit 2, not one object sent (expanding it would never end)", async () => {
    const file = join(dir, "bomb-manifest.yaml");
    writeFileSync(file, bombManifest());
    expect(readFileSync(file).length).toBeLessThan(10_240);
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    const before = snapshot(root);
    const r = await runCli([
      "cni",
      "apply",
      "--manifest",
      file,
      "--kubeconfig",
      api.kubeconfigPath,
      "--root",
      root,
      "--no-wait",
    ]);
    expectRefused(r, `${file}: its YAML aliases (*name) expand to more than`);
    // Refused before the cluster is contacted at all, so no apply (PATCH) either.
    expect(api.requests.filter((q) => q.method !== "GET")).toEqual([]);
    expect(api.requests).toEqual([]);
    expect(api.objects({ kind: "Namespace" }).map((n) => n.metadata.name)).not.toContain("a");
    expect(snapshot(root)).toEqual(before);
  });

  it("cni apply --dry-run with the bomb is refused too (zh)", async () => {
    const file = join(dir, "bomb-dry.yaml");
    writeFileSync(file, bombManifest());
    const r = await runCli(["cni", "apply", "--dry-run", "--manifest", file, "--lang", "zh"]);
    expectRefused(r, `${file}：其中的 YAML 别名（*name）展开后超过`);
  });

  it.each([
    ["--answers", "answers.yaml"],
    ["--profile", "profile.yaml"],
    ["--from-kubeadm-config", "kubeadm.yaml"],
  ])("config %s with a billion laughs: exit 2 naming the file, nothing written", async (flag, name) => {
    const file = join(dir, `bomb-${name}`);
    writeFileSync(file, billionLaughs());
    const out = mkdtempSync(join(tmpdir(), "kadm-out-"));
    const r = await runCli([...CONFIG, flag, file, "--out", join(out, "kubeadm.yaml")]);
    expectRefused(r, `${file}: its YAML aliases (*name) expand to more than`);
    expect(readdirSync(out)).toEqual([]);
  });

  it("a recursive alias in an answers file is refused, not looped on", async () => {
    const file = join(dir, "loop.yaml");
    writeFileSync(file, "podSubnet: &x [*x]\n");
    const r = await runCli([...CONFIG, "--answers", file]);
    expectRefused(r, `${file}: a YAML alias refers to a node that contains it`);
  });

  it("init --inventory with a billion laughs: exit 2, nothing under --root", async () => {
    const host = await nodeHost();
    try {
      const file = join(dir, "bomb-inventory.yaml");
      writeFileSync(file, billionLaughs().replace("kind: ConfigMap", "hosts: *a9"));
      const before = snapshot(host.root);
      const r = await runOnNode(host, [
        "init",
        "--yes",
        "--k8s-version",
        "v1.33.2",
        "--advertise-address",
        "192.168.10.11",
        "--inventory",
        file,
      ]);
      expectRefused(r, `${file}: its YAML aliases (*name) expand to more than`);
      expect(r.runner?.recorded ?? []).toEqual([]);
      expect(snapshot(host.root)).toEqual(before);
    } finally {
      await host.cleanup();
    }
  });

  it("doctor --kubeconfig with a billion laughs: exit 2 naming the kubeconfig", async () => {
    const file = join(dir, "bomb-kubeconfig");
    writeFileSync(file, `${billionLaughs()}clusters: *a9\n`.replace("kind: ConfigMap\n", ""));
    const r = await runCli(["doctor", "--cluster-only", "--kubeconfig", file]);
    expectRefused(r, `${file}: its YAML aliases (*name) expand to more than`);
  });
});

describe("special files named as input are refused, not waited on", () => {
  let fifo: string;
  beforeAll(() => {
    fifo = join(dir, "answers.fifo");
    execFileSync("mkfifo", [fifo]);
  });

  it.each([
    ["--answers", () => fifo, "it is a named pipe, not a regular file"],
    ["--profile", () => "/dev/zero", "it is a device, not a regular file"],
    ["--answers", () => dir, "it is a directory"],
  ])(
    "config %s %s: exit 2, not waited on (a read would block until the test's timeout)",
    async (flag, path, reason) => {
      const r = await runCli([...CONFIG, flag, path()]);
      expectRefused(r, `cannot read ${path()}: ${reason}`);
    },
  );

  it("cni apply --manifest FIFO: exit 2 before the cluster is contacted", async () => {
    const r = await runCli(["cni", "apply", "--manifest", fifo, "--kubeconfig", join(dir, "none")]);
    expectRefused(r, `cannot read --manifest ${fifo}: it is a named pipe`);
  });

  it("a FIFO in Chinese", async () => {
    const r = await runCli([...CONFIG, "--answers", fifo, "--lang", "zh"]);
    expectRefused(r, `无法读取 ${fifo}：它是命名管道而不是普通文件`);
  });
});

describe("flag values that used to be checked late", () => {
  let host: NodeHost;
  beforeEach(async () => {
    host = await nodeHost();
  });
  afterEach(async () => {
    await host.cleanup();
  });
  const INIT = ["init", "--yes", "--k8s-version", "v1.33.2", "--advertise-address", "192.168.10.11"];

  it.each([
    ["config", [...CONFIG, "--cni-version", "v9.9.9"]],
    ["init --dry-run", [...INIT, "--dry-run", "--cni-version", "v9.9.9"]],
    ["init", [...INIT, "--cni-version", "v9.9.9"]],
    [
      "join --dry-run",
      [
        "join",
        "--dry-run",
        "--yes",
        "--endpoint",
        "10.0.0.1:6443",
        "--token",
        TOKEN,
        "--ca-cert-hash",
        HASH,
        "--k8s-version",
        "v1.33.2",
        "--cni-version",
        "v9.9.9",
      ],
    ],
  ])("--cni-version v9.9.9 (%s): exit 2 naming the known versions and --manifest", async (_, args) => {
    const before = snapshot(host.root);
    // config makes no runner (it touches no host): run it plainly.
    const r = args[0] === "config" ? await runCli(args) : await runOnNode(host, args);
    expectRefused(
      r,
      "no pinned manifest checksum for flannel v9.9.9 in this release (known: v0.28.9, v0.26.7)",
    );
    expect(r.stderr).toContain("--manifest PATH|URL");
    const recorded = "runner" in r ? (r as { runner?: { recorded: string[] } }).runner?.recorded : [];
    expect(recorded ?? []).toEqual([]);
    expect(snapshot(host.root)).toEqual(before);
  });

  withCni("--cni-version v9.9.9 with the user's own --manifest is theirs to pin: accepted", async () => {
    const r = await runOnNode(host, [
      ...INIT,
      "--dry-run",
      "--cni-version",
      "v9.9.9",
      "--manifest",
      join(CNI_DIR, "flannel-v0.28.9.yml"),
    ]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("init --manifest /nonexistent: exit 2 at validation, no state.json", async () => {
    const before = snapshot(host.root);
    const r = await runOnNode(host, [...INIT, "--manifest", "/nonexistent/flannel.yml"]);
    expectRefused(r, "cannot read --manifest /nonexistent/flannel.yml: no such file.");
    expect(r.runner?.recorded ?? []).toEqual([]);
    expect(snapshot(host.root)).toEqual(before);
  });

  it("init --manifest with the bomb: exit 2 before the run starts", async () => {
    const file = join(dir, "init-bomb.yaml");
    writeFileSync(file, bombManifest());
    const before = snapshot(host.root);
    const r = await runOnNode(host, [...INIT, "--manifest", file]);
    expectRefused(r, `${file}: its YAML aliases (*name) expand to more than`);
    expect(snapshot(host.root)).toEqual(before);
  });

  const ETCD = [
    "--etcd-endpoints",
    "https://192.168.10.21:2379",
    "--etcd-cafile",
    "/etc/etcd/pki/ca.crt",
    "--etcd-certfile",
    "/etc/etcd/pki/client.crt",
    "--etcd-keyfile",
    "/etc/etcd/pki/client.key",
  ];

  it.each([[[]], [["--dry-run"]]])(
    "missing external etcd files (%j): exit 2 before state.json or anything else is written",
    async (extra) => {
      const before = snapshot(host.root);
      const r = await runOnNode(host, [...INIT, ...extra, ...ETCD]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /^error: external etcd CA \/etc\/etcd\/pki\/ca\.crt does not exist on this host/,
      );
      expect(r.stderr).not.toContain("run init again to resume");
      expect(r.runner?.recorded ?? []).toEqual([]);
      expect(snapshot(host.root)).toEqual(before);
    },
  );

  it("missing external etcd files in Chinese: the parts are named in Chinese, no English word left", async () => {
    const r = await runOnNode(host, [...INIT, ...ETCD, "--lang", "zh"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^错误：本机上不存在外部 etcd CA 证书 \/etc\/etcd\/pki\/ca\.crt。/);
    expect(r.stderr).toContain("本机上不存在外部 etcd 客户端证书 /etc/etcd/pki/client.crt。");
    expect(r.stderr).toContain("本机上不存在外部 etcd 私钥 /etc/etcd/pki/client.key。");
  });

  withOpenssl("an external etcd key that is not PEM: exit 2, nothing written", async () => {
    const pkiDir = mkdtempSync(join(tmpdir(), "kadm-pki-"));
    const pki = makePki(pkiDir);
    mkdirSync(join(host.root, "etc/etcd/pki"), { recursive: true });
    writeFileSync(join(host.root, "etc/etcd/pki/ca.crt"), pki.ca);
    writeFileSync(join(host.root, "etc/etcd/pki/client.crt"), pki.serverCert);
    writeFileSync(join(host.root, "etc/etcd/pki/client.key"), "not a key\n");
    const before = snapshot(host.root);
    const r = await runOnNode(host, [...INIT, ...ETCD]);
    expectRefused(r, "/etc/etcd/pki/client.key");
    expect(snapshot(host.root)).toEqual(before);
  });

  it("an external etcd file that is a FIFO is refused, not waited on", async () => {
    mkdirSync(join(host.root, "etc/etcd/pki"), { recursive: true });
    for (const f of ["ca.crt", "client.crt", "client.key"]) {
      execFileSync("mkfifo", [join(host.root, "etc/etcd/pki", f)]);
    }
    const r = await runOnNode(host, [...INIT, ...ETCD]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot read \/etc\/etcd\/pki\/ca\.crt: it is a named pipe/);
  });

  it.each([
    [
      "en",
      "banana",
      '--token-ttl "banana" is not a duration like kubeadm\'s 24h0m0s (units h, m, s; 0 = never expires).',
    ],
    ["zh", "1d", '--token-ttl "1d" 不是 kubeadm 的时长格式，例如 24h0m0s'],
  ])(
    "token --token-ttl (%s) %s: exit 2 with the accepted format, not 'not a control-plane node'",
    async (lang, ttl, cause) => {
      const r = await runOnNode(host, ["token", "--token-ttl", ttl, "--lang", lang]);
      expectRefused(r, cause);
      expect(r.stderr).not.toMatch(/control-plane|控制平面/);
    },
  );

  it("token --token-ttl 0 and 2h30m pass the check (then: not a control-plane node)", async () => {
    for (const ttl of ["0", "2h30m"]) {
      const r = await runOnNode(host, ["token", "--token-ttl", ttl]);
      expect(r.stderr).toContain("not a control-plane node");
    }
  });
});

describe("kubeconfig certificate data that is not PEM is bad input", () => {
  let api: FakeApiServer;
  beforeAll(async () => {
    api = await startFakeApiServer();
  });
  afterAll(async () => {
    await api.stop();
  });

  /** The fake server's kubeconfig with one field replaced. */
  function broken(name: string, edit: (doc: Record<string, unknown>) => void): string {
    const doc = yaml.load(readFileSync(api.kubeconfigPath, "utf8")) as Record<string, unknown>;
    edit(doc);
    const file = join(dir, name);
    writeFileSync(file, yaml.dump(doc), { mode: 0o600 });
    return file;
  }
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const cluster = (doc: Record<string, unknown>) =>
    (doc.clusters as { cluster: Record<string, unknown> }[])[0]?.cluster as Record<string, unknown>;
  const user = (doc: Record<string, unknown>) =>
    (doc.users as { user: Record<string, unknown> }[])[0]?.user as Record<string, unknown>;

  it.each([
    [
      "certificate-authority-data",
      'cluster "fake"',
      (d: Record<string, unknown>) => {
        cluster(d)["certificate-authority-data"] = b64("hello, not a certificate");
      },
    ],
    [
      "client-certificate-data",
      'user "fake-admin"',
      (d: Record<string, unknown>) => {
        user(d)["client-certificate-data"] = b64(
          "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        );
        user(d)["client-key-data"] = b64("x");
      },
    ],
    [
      "client-key-data",
      'user "fake-admin"',
      (d: Record<string, unknown>) => {
        user(d)["client-key-data"] = "%%%not base64%%%";
      },
    ],
  ])("doctor with non-PEM %s: exit 2 naming the kubeconfig and the field", async (field, where, edit) => {
    const file = broken(`kubeconfig-${field}`, edit);
    const r = await runCli(["doctor", "--cluster-only", "--kubeconfig", file]);
    expectRefused(r, `the kubeconfig ${file} has ${field} (${where}) that is not PEM`);
    // Refused before anything was sent.
    expect(api.requests.filter((q) => q.path !== "/version")).toEqual([]);
  });

  it("doctor (host and cluster) with a non-PEM admin.conf under --root: exit 2, not a failed check", async () => {
    const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
    mkdirSync(join(root, "etc/kubernetes"), { recursive: true });
    const file = broken("admin-broken.conf", (d) => {
      cluster(d)["certificate-authority-data"] = b64("garbage");
    });
    writeFileSync(join(root, "etc/kubernetes/admin.conf"), readFileSync(file));
    const r = await runCli(["doctor", "--root", root], { env: { LANG: "en_US.UTF-8", HOME: root } });
    expectRefused(
      r,
      `the kubeconfig ${join(root, "etc/kubernetes/admin.conf")} has certificate-authority-data`,
    );
  });

  it.each([
    ["wait", ["wait", "--timeout", "1s"]],
    ["cni apply", ["cni", "apply", "--no-wait"]],
  ])("%s with non-PEM certificate-authority-data: exit 2 (zh)", async (_, args) => {
    const file = broken("kubeconfig-wait", (d) => {
      cluster(d)["certificate-authority-data"] = b64("garbage");
    });
    const r = await runCli([...args, "--kubeconfig", file, "--lang", "zh"]);
    expectRefused(
      r,
      `kubeconfig ${file} 中 cluster "fake" 的 certificate-authority-data 经 base64 解码后不是 PEM 证书数据`,
    );
  });

  it("a kubeconfig that is a FIFO is refused, not waited on", async () => {
    const fifo = join(dir, "kubeconfig.fifo");
    execFileSync("mkfifo", [fifo]);
    const r = await runCli(["wait", "--kubeconfig", fifo]);
    expectRefused(r, `cannot load kubeconfig ${fifo}: it is a named pipe`);
  });
});
