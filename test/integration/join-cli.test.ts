/**
 * `kadm-wizard join` with the pasted command, against a temp host root and the fake kubeadm. The API
 * endpoint is the fake API server over HTTPS on 127.0.0.1 with a real test CA, serving cluster-info
 * (signed for the token, readable anonymously) and kubeadm-config (readable with the token), as a
 * kubeadm cluster does.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { caCertHash } from "../../src/kube/join-discovery.js";
import { newestKnownPatch } from "../../src/validate/known-versions.js";
import { NEWEST_KNOWN_MINOR } from "../../src/validate/version.js";
import { startJoinCluster } from "../fakes/join-cluster.js";
import type { FakeApiServer } from "../fakes/kube-api-server.js";
import { type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";
import { makePki } from "../fakes/pki.js";
import { ScriptedPrompter } from "../fakes/ports.js";
import { itUnless, requireSharedTestdata, requireTool, skipTitle } from "../support/requires.js";

const TOKEN = "k8swiz.p0q1r2s3t4u5v6w7";
const DUMMY_HASH = `sha256:${"a".repeat(64)}`;
// The cluster CA of every test here comes from openssl.
const NO_JOIN = requireTool("openssl");
// `test`: an `it` skipped, with the reason in its title, when the fake kubeadm has no transcripts.
const test = itUnless(requireSharedTestdata("transcripts"));
let host: NodeHost;
let api: FakeApiServer;
let endpoint: string;
let pki: ReturnType<typeof makePki>;
let pkiDir: string;
let CA_HASH: string;

beforeAll(() => {
  pkiDir = mkdtempSync(join(tmpdir(), "kadm-join-pki-"));
  pki = makePki(pkiDir);
  CA_HASH = caCertHash(pki.ca);
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

async function startApi(o: { version?: string; repo?: string; signedFor?: string } = {}) {
  api = await startJoinCluster(pki, { token: TOKEN, ...o });
  endpoint = `127.0.0.1:${api.port}`;
}

beforeEach(async () => {
  host = await nodeHost("worker-1");
  await startApi();
});
afterEach(async () => {
  await api.stop();
  await host.cleanup();
});

/** As `kubeadm init` prints it: continuation lines indented with a TAB, a space after the hash. */
function pasted(ep = endpoint, hash = CA_HASH): string[] {
  return `kubeadm join ${ep} --token ${TOKEN} \\\n\t--discovery-token-ca-cert-hash ${hash} `
    .split(/\s+/)
    .filter(Boolean);
}

function runJoin(args: string[], o: { fail?: string } = {}) {
  return runOnNode(host, ["join", "--yes", "--k8s-version", "v1.33.2", "--cni", "none", ...args], {
    fakeEnv: { KADM_FAKE_FAIL: o.fail ?? "", KADM_FAKE_CA_HASH: CA_HASH },
  });
}

const path = (p: string) => join(host.root, p);

describe.skipIf(NO_JOIN)(skipTitle("kadm-wizard join", NO_JOIN), () => {
  test("takes the pasted kubeadm join command (TAB continuations), prepares the host and joins", async () => {
    const r = await runJoin(pasted());
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.runner.kubeadmRuns.map((a) => a[1])).toEqual(["join"]);
    const cfg = readFileSync(path("/etc/kadm-wizard/kubeadm-join.yaml"), "utf8");
    expect(cfg).toContain("kind: JoinConfiguration");
    expect(cfg).toContain(`apiServerEndpoint: ${endpoint}`);
    expect(cfg).toContain(CA_HASH);
    expect(statSync(path("/etc/kadm-wizard/kubeadm-join.yaml")).mode & 0o777).toBe(0o600);
    expect(existsSync(path("/etc/kubernetes/kubelet.conf"))).toBe(true);
    expect(r.stdout).toContain(`joined the cluster at ${endpoint}`);
    // a worker pre-pulls only the sandbox and kube-proxy images
    const pulls = r.fake.calls.filter((c) => c.argv.includes("pull")).map((c) => c.argv.at(-1));
    expect(pulls.sort()).toEqual([
      "registry.aliyuncs.com/google_containers/kube-proxy:v1.33.2",
      "registry.aliyuncs.com/google_containers/pause:3.10",
    ]);
    // secrets: the log holds the output, never the token
    const logs = readdirSync(path("/var/log/kadm-wizard")).map((f) =>
      readFileSync(path(`/var/log/kadm-wizard/${f}`), "utf8"),
    );
    expect(logs.join("\n")).toContain("This node has joined the cluster");
    expect(logs.join("\n")).not.toContain(TOKEN);
    expect(r.stderr + r.stdout).not.toContain(TOKEN);

    const again = await runJoin(pasted());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already completed on this host");
    expect(again.runner.kubeadmRuns).toEqual([]);
  });

  test("a worker's failed pull is drawn failed and not blamed on kubeadm (a worker's join waits for no pod)", async () => {
    const ref = "registry.aliyuncs.com/google_containers/kube-proxy:v1.33.2";
    const r = await runOnNode(
      host,
      ["join", "--yes", "--k8s-version", "v1.33.2", "--cni", "none", ...pasted()],
      {
        fakeEnv: { KADM_FAKE_CA_HASH: CA_HASH },
        replies: {
          [`ctr --address ${host.root}/var/run/containerd/containerd.sock --namespace k8s.io images pull --hosts-dir ${host.root}/etc/containerd/certs.d ${ref}`]:
            { exitCode: 1, stderr: `ctr: failed to resolve reference "${ref}": ${ref}: not found\n` },
        },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error: 1 image could not be pulled; the pods that use it would not start. Fix: see the cause of each image above",
    );
    const drawn = r.stderr.split("\n").filter((l) => l.includes(ref) && !l.startsWith(" "));
    expect(drawn.some((l) => l.startsWith("✖"))).toBe(true);
    expect(drawn.filter((l) => l.startsWith("✔"))).toEqual([]);
    expect(r.runner.kubeadmRuns).toEqual([]);
  });

  test("accepts the explicit flags and the kadm-wizard form init prints", async () => {
    const r = await runJoin(["--endpoint", endpoint, "--token", TOKEN, "--ca-cert-hash", CA_HASH]);
    expect(r.code).toBe(0);
    const r2host = await nodeHost("worker-2");
    try {
      const line = `kadm-wizard join --endpoint ${endpoint} --token ${TOKEN} --ca-cert-hash ${CA_HASH}`;
      const r2 = await runOnNode(
        r2host,
        ["join", "--yes", "--k8s-version", "v1.33.2", "--cni", "none", ...line.split(" ")],
        { fakeEnv: { KADM_FAKE_CA_HASH: CA_HASH } },
      );
      expect(r2.code).toBe(0);
    } finally {
      await r2host.cleanup();
    }
  });

  test("a control-plane join downloads the certificates and sets up kubectl", async () => {
    const key = "0f192561ef8eed55a153cb308bd00351a10d54b09bfe5f056a2c797b0adb129f";
    const r = await runJoin([...pasted(), "--control-plane", "--certificate-key", key]);
    expect(r.code).toBe(0);
    expect(readFileSync(path("/etc/kadm-wizard/kubeadm-join.yaml"), "utf8")).toContain("certificateKey");
    expect(existsSync(path("/root/.kube/config"))).toBe(true);
    expect(r.stdout).toContain("joined the control plane");
    expect(r.stderr + r.stdout).not.toContain(key);
  });

  it("API unreachable (firewalled 6443): one clear line, nothing changed", async () => {
    const closed = createServer();
    await new Promise<void>((res) => closed.listen(0, "127.0.0.1", res));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((res) => closed.close(() => res()));
    const r = await runJoin(pasted(`127.0.0.1:${port}`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the API server at 127\.0\.0\.1:\d+: connection refused/);
    expect(r.stderr).toContain(`--add-port=${port}/tcp`);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
    expect(r.fake.changes).toEqual([]);
  });

  it("expired token: kubeadm's discovery error is explained with `kadm-wizard token`", async () => {
    const r = await runJoin(pasted(), { fail: "join-token-expired" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("kubeadm join failed in phase preflight");
    expect(r.stderr).toContain("could not find a JWS signature");
    expect(r.stderr).toContain("kadm-wizard token");
    // join runs the host checks again too: this host is fine, so the cause is the token
    expect(r.stderr).toContain(
      "The host checks, run again just now, found nothing on this host that explains it.",
    );
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("wrong CA hash: refused by token discovery before anything changes", async () => {
    const wrong = `sha256:${"ab".repeat(32)}`;
    const r = await runJoin(pasted(endpoint, wrong));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the cluster's CA is ${CA_HASH}, but the join command pins ${wrong}`);
    expect(r.runner?.kubeadmRuns ?? []).toEqual([]);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
    expect(r.fake?.changes ?? []).toEqual([]);
  });

  it("a token the cluster does not know (expired): refused before anything changes", async () => {
    await api.stop();
    await startApi({ signedFor: "zzzzzz.zzzzzzzzzzzzzzzz" });
    const r = await runJoin(pasted());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no valid bootstrap token with ID "k8swiz"');
    expect(r.stderr).toContain("kadm-wizard token");
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.runner?.kubeadmRuns ?? []).toEqual([]);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
  });

  it("a mistyped token secret is told apart from an expired token", async () => {
    const typo = pasted().map((w) => (w === TOKEN ? "k8swiz.p0q1r2s3t4u5v6w8" : w));
    const r = await runJoin(typo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("wrong secret part");
  });

  test("the node follows the cluster's version and image repository from kubeadm-config", async () => {
    await api.stop();
    await startApi({ version: "v1.33.1", repo: "registry.cn-hangzhou.aliyuncs.com/google_containers" });
    const r = await runJoin(pasted());
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("the cluster runs Kubernetes v1.33.1 (kubeadm-config)");
    const pulls = r.fake.calls.filter((c) => c.argv.includes("pull")).map((c) => c.argv.at(-1));
    expect(pulls.sort()).toEqual([
      "registry.cn-hangzhou.aliyuncs.com/google_containers/kube-proxy:v1.33.1",
      "registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10",
    ]);
    expect(readFileSync(path("/etc/containerd/config.toml"), "utf8")).toContain(
      'sandbox_image = "registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10"',
    );
  });

  test("an endpoint that is not a kubeadm API: warns and lets kubeadm decide", async () => {
    const plain: HttpServer = createHttpServer((_req, res) => res.writeHead(404).end("404 page not found"));
    await new Promise<void>((res) => plain.listen(0, "127.0.0.1", res));
    try {
      const port = (plain.address() as { port: number }).port;
      const r = await runJoin(pasted(`127.0.0.1:${port}`));
      expect(r.stderr).toContain("could not read the cluster's settings");
      expect(r.runner.kubeadmRuns.map((a) => a[1])).toEqual(["join"]);
      expect(r.code).toBe(0);
      // the versions it then uses are named, with the flag that replaces the guess
      const other = await nodeHost("worker-2");
      try {
        const guessed = await runOnNode(other, ["join", "--yes", ...pasted(`127.0.0.1:${port}`)], {
          fakeEnv: { KADM_FAKE_CA_HASH: CA_HASH },
        });
        expect(guessed.stderr).toContain(
          "cluster version unknown: assuming v1.33.2 (the installed kubeadm's); pass --k8s-version",
        );
        // the pod network guess is only named in a dry run's plan: not a warning on every real join
        expect(guessed.stderr).not.toContain("the cluster's pod network is unknown");
      } finally {
        await other.cleanup();
      }
    } finally {
      await new Promise<void>((res) => plain.close(() => res()));
    }
  });

  it("a cluster built with the documentation's token (init-defaults): joins, with a warning how to rotate it", async () => {
    const DOC = "abcdef.0123456789abcdef";
    await api.stop();
    await startApi({ signedFor: DOC });
    const r = await runJoin(pasted().map((w) => (w === TOKEN ? DOC : w)));
    expect(r.code).toBe(0);
    expect(r.runner.kubeadmRuns.map((a) => a[1])).toEqual(["join"]);
    expect(r.stderr).toContain("kubeadm documentation's example");
    expect(r.stderr).toContain("anyone who can reach the API server can join a node with it");
    expect(r.stderr).toContain("`kadm-wizard token` on the control plane prints a fresh join command");
    expect(r.stderr).toContain("`kubeadm token delete abcdef`");
    expect(r.stderr).not.toContain("leave the token out");
  });

  describe("--dry-run contacts nothing and names what it assumes", () => {
    let counter: ReturnType<typeof createServer>;
    let connections = 0;
    let port = 0;
    beforeEach(async () => {
      connections = 0;
      counter = createServer((c) => {
        connections++;
        c.destroy();
      });
      await new Promise<void>((res) => counter.listen(0, "127.0.0.1", res));
      port = (counter.address() as { port: number }).port;
    });
    afterEach(() => new Promise<void>((res) => counter.close(() => res())));

    const dryJoin = (
      extra: string[],
      o: { lang?: string; kubeadm?: "missing"; prompter?: ScriptedPrompter } = {},
    ) =>
      runOnNode(
        host,
        [
          "join",
          "--dry-run",
          ...(o.prompter ? ["--verbose"] : ["--yes"]),
          // without kubeadm installed, preflight would stop a real run unless packages are installed
          ...(o.kubeadm ? ["--install-packages"] : []),
          ...extra,
          ...pasted(`127.0.0.1:${port}`, DUMMY_HASH),
        ],
        {
          env: { LANG: o.lang ?? "en_US.UTF-8" },
          // no kubeadm on the host: preflight and join's version guess probe the same (absent) file
          ...(o.kubeadm ? { kubeadm: "missing" as const } : {}),
          ...(o.prompter ? { prompter: o.prompter } : {}),
        },
      );
    const pulls = (r: Awaited<ReturnType<typeof dryJoin>>) =>
      r.runner.recorded.filter((c) => c.includes(" images pull ")).map((c) => c.split(" ").at(-1));

    it("no connection, exit 0, the checks it would make and the assumed version and CNI", async () => {
      const r = await dryJoin([], { kubeadm: "missing" });
      expect(connections).toBe(0);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Plan (dry run): this node would join the cluster at 127.0.0.1:${port}`);
      expect(r.stdout).toContain(`TCP: the API server answers at 127.0.0.1:${port}`);
      expect(r.stdout).toContain('kube-public/cluster-info is signed for token "k8swiz"');
      expect(r.stdout).toContain(`CA pin: the cluster's CA in cluster-info has the hash ${DUMMY_HASH}`);
      expect(r.stdout).toContain("cluster version unknown: assuming v1.35.7; pass --k8s-version");
      expect(r.stdout).toContain("assuming flannel (its images are pre-pulled); pass --cni");
      expect(pulls(r)).toContain("registry.aliyuncs.com/google_containers/kube-proxy:v1.35.7");
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
    });

    it("with a kubeadm installed, its version is the named guess; zh names it too", async () => {
      const r = await dryJoin([], { lang: "zh_CN.UTF-8" });
      expect(connections).toBe(0);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        "集群版本未知：假设为 v1.33.2（本机已安装的 kubeadm 版本）；请传入 --k8s-version",
      );
      expect(r.stdout).toContain("集群的 Pod 网络未知：假设为 flannel");
      expect(r.stdout).toContain("试运行不连接任何主机");
    });

    it("--k8s-version and --cni: the plan uses them, no assumption line", async () => {
      const r = await dryJoin(["--k8s-version", "v1.33.2", "--cni", "calico"], { kubeadm: "missing" });
      expect(connections).toBe(0);
      expect(r.stdout).not.toContain("Assumed");
      expect(r.stdout).not.toContain("assuming");
      expect(pulls(r)).toContain("registry.aliyuncs.com/google_containers/kube-proxy:v1.33.2");
      expect(pulls(r)).toContain("registry.aliyuncs.com/google_containers/pause:3.10");
      expect(pulls(r).some((i) => i?.includes("calico"))).toBe(true);
    });

    it("interactive: asks the cluster's version (the installed kubeadm's as default) instead of guessing", async () => {
      const p = new ScriptedPrompter(["1.99", "v1.33.2"]);
      const r = await dryJoin(["--cni", "none"], { prompter: p });
      expect(connections).toBe(0);
      expect(r.code, r.stderr).toBe(0);
      const q = p.asked.find((a) => a.message.startsWith("Kubernetes version of the cluster to join"));
      expect(q?.default).toBe("v1.33.2");
      // the same rule as --k8s-version, at the question
      expect(q?.rejected?.[0]).toBe(
        "Kubernetes v1.99 is a minor version kadm-wizard has no release data for.",
      );
      expect(r.stdout).not.toContain("assuming");
      expect(pulls(r)).toContain("registry.aliyuncs.com/google_containers/kube-proxy:v1.33.2");
    });

    it("interactive: a bare minor pins its newest known patch and says so; a newer release warns, as the flag does", async () => {
      const pinned = new ScriptedPrompter(["1.33"]);
      const a = await dryJoin(["--cni", "none"], { prompter: pinned });
      expect(a.code, a.stderr).toBe(0);
      const newest = newestKnownPatch(33)?.text as string;
      expect(pinned.notes.join("\n"), pinned.notes.join("\n")).toContain(
        `1.33 -> ${newest}, the newest patch kadm-wizard knows.`,
      );
      expect(pulls(a)).toContain(`registry.aliyuncs.com/google_containers/kube-proxy:${newest}`);
      const newer = new ScriptedPrompter([`v1.${NEWEST_KNOWN_MINOR + 1}.0`]);
      const b = await dryJoin(["--cni", "none"], { prompter: newer });
      expect(b.code, b.stderr).toBe(0);
      expect(b.stderr).toContain(
        `is newer than the newest minor this release knows (v1.${NEWEST_KNOWN_MINOR})`,
      );
    });

    it("a preflight problem a real run would stop on: the plan, then a warning naming the checks and the fix", async () => {
      const r = await runOnNode(
        host,
        [
          "join",
          "--dry-run",
          "--yes",
          "--k8s-version",
          "v1.33.2",
          ...pasted(`127.0.0.1:${port}`, DUMMY_HASH),
        ],
        { kubeadm: "missing" },
      );
      expect(connections).toBe(0);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Plan (dry run)");
      expect(r.stdout).not.toContain("Run again without --dry-run to apply");
      expect(r.stderr).toMatch(
        /^warning: dry run: nothing was changed, but a real run would stop at preflight: 1 check(\(s\))? fails? that host preparation cannot fix \(host\.kube-binaries\)\. What to do: .*--install-packages/m,
      );
    });

    it("--output json: the checks and the assumptions as data, nothing contacted", async () => {
      const r = await dryJoin(["--output", "json"], { kubeadm: "missing" });
      expect(connections).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.status).toBe("planned");
      expect(out.kubernetesVersion).toBe("v1.35.7");
      expect(out.wouldCheck).toHaveLength(4);
      expect(out.assumptions[0]).toBe("cluster version unknown: assuming v1.35.7; pass --k8s-version");
    });
  });

  it("already joined: refuses before changing anything", async () => {
    mkdirSync(path("/etc/kubernetes"), { recursive: true });
    writeFileSync(path("/etc/kubernetes/kubelet.conf"), "apiVersion: v1\n");
    const r = await runJoin(pasted());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("already belongs to a cluster (/etc/kubernetes/kubelet.conf)");
    expect(r.stderr).toContain("kadm-wizard reset");
    expect(r.runner.kubeadmRuns).toEqual([]);
  });

  it.each([
    [
      ["kubeadm", "join", "10.0.0.1:6443", "--token", "bad", "--discovery-token-ca-cert-hash", DUMMY_HASH],
      /"bad" is not a bootstrap token/,
    ],
    [["kubeadm", "join", "10.0.0.1:6443", "--token", TOKEN], /no --discovery-token-ca-cert-hash/],
    [
      ["kubeadm", "join", "10.0.0.1:6443", "--token", TOKEN, "--discovery-token-unsafe-skip-ca-verification"],
      /would trust any server/,
    ],
    [
      [
        "kubeadm",
        "join",
        "10.0.0.1:6443",
        "--token",
        "<token>",
        "--discovery-token-ca-cert-hash",
        "sha256:<hash>",
      ],
      /placeholder/,
    ],
    [
      [...pasted("10.0.0.1:6443", DUMMY_HASH), "--discovery-file", "x.yaml"],
      /--discovery-file is not supported/,
    ],
    [
      ["--endpoint", "10.0.0.2:6443", ...pasted("10.0.0.1:6443", DUMMY_HASH)],
      /pasted join command and --endpoint/,
    ],
    [
      [...pasted("10.0.0.1:6443", DUMMY_HASH), "--endpoint", "10.0.0.2:6443"],
      /kubeadm join has no flag --endpoint/,
    ],
  ])("bad paste %j: exit 2, one clear line, nothing touched", async (args, message) => {
    const r = await runJoin(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
    expect(r.fake.calls).toEqual([]);
  });
});
