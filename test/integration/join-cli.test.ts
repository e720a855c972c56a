/**
 * `kadm-wizard join` with the pasted command, against a temp host root and the fake kubeadm. The API
 * endpoint is a listener on 127.0.0.1 (the TCP pre-check dials it; the fake kubeadm does not).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import {
  FAKE_KUBEADM,
  HOST_REPLIES,
  type NodeHost,
  NodeRunner,
  nodeHost,
  TRANSCRIPTS,
} from "../fakes/node-host.js";
import { runCli } from "../fakes/ports.js";

const TOKEN = "k8swiz.p0q1r2s3t4u5v6w7";
let host: NodeHost;
let api: Server;
let endpoint: string;

beforeEach(async () => {
  host = await nodeHost("worker-1");
  api = createServer((c) => c.end());
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  endpoint = `127.0.0.1:${(api.address() as { port: number }).port}`;
});
afterEach(async () => {
  await new Promise<void>((r) => api.close(() => r()));
  await host.cleanup();
});

/** As `kubeadm init` prints it: continuation lines indented with a TAB, a space after the hash. */
function pasted(ep = endpoint, hash = FAKE_CA_HASH): string[] {
  return `kubeadm join ${ep} --token ${TOKEN} \\\n\t--discovery-token-ca-cert-hash ${hash} `
    .split(/\s+/)
    .filter(Boolean);
}

function runJoin(args: string[], o: { fail?: string } = {}) {
  let runner: NodeRunner | undefined;
  const env = { KADM_FAKE_ROOT: host.root, KADM_FAKE_TESTDATA: TRANSCRIPTS, KADM_FAKE_FAIL: o.fail ?? "" };
  return runCli(
    [
      "join",
      "--yes",
      "--k8s-version",
      "v1.33.2",
      "--cni",
      "none",
      "--root",
      host.root,
      "--kubeadm",
      FAKE_KUBEADM,
      ...args,
    ],
    { overrides: { runner: (dry) => (runner = new NodeRunner(HOST_REPLIES, dry, env)) } },
  ).then((r) => ({ ...r, fake: (runner as NodeRunner).host, runner: runner as NodeRunner }));
}

const path = (p: string) => join(host.root, p);

describe("kadm-wizard join", () => {
  it("takes the pasted kubeadm join command (TAB continuations), prepares the host and joins", async () => {
    const r = await runJoin(pasted());
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.runner.kubeadmCalls.map((a) => a[1])).toEqual(["join"]);
    const cfg = readFileSync(path("/etc/kadm-wizard/kubeadm-join.yaml"), "utf8");
    expect(cfg).toContain("kind: JoinConfiguration");
    expect(cfg).toContain(`apiServerEndpoint: ${endpoint}`);
    expect(cfg).toContain(FAKE_CA_HASH);
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
    expect(again.runner.kubeadmCalls).toEqual([]);
  });

  it("accepts the explicit flags and the kadm-wizard form init prints", async () => {
    const r = await runJoin(["--endpoint", endpoint, "--token", TOKEN, "--ca-cert-hash", FAKE_CA_HASH]);
    expect(r.code).toBe(0);
    const r2host = await nodeHost("worker-2");
    try {
      const env = { KADM_FAKE_ROOT: r2host.root, KADM_FAKE_TESTDATA: TRANSCRIPTS };
      const line = `kadm-wizard join --endpoint ${endpoint} --token ${TOKEN} --ca-cert-hash ${FAKE_CA_HASH}`;
      const r2 = await runCli(
        [
          "join",
          "--yes",
          "--k8s-version",
          "v1.33.2",
          "--cni",
          "none",
          "--root",
          r2host.root,
          "--kubeadm",
          FAKE_KUBEADM,
          ...line.split(" "),
        ],
        { overrides: { runner: (dry) => new NodeRunner(HOST_REPLIES, dry, env) } },
      );
      expect(r2.code).toBe(0);
    } finally {
      await r2host.cleanup();
    }
  });

  it("a control-plane join downloads the certificates and sets up kubectl", async () => {
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
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("wrong CA hash: refused by discovery and explained", async () => {
    const wrong = `sha256:${"ab".repeat(32)}`;
    const r = await runJoin(pasted(endpoint, wrong));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("are pinned");
    expect(r.stderr).toMatch(/CA/);
  });

  it("already joined: refuses before changing anything", async () => {
    mkdirSync(path("/etc/kubernetes"), { recursive: true });
    writeFileSync(path("/etc/kubernetes/kubelet.conf"), "apiVersion: v1\n");
    const r = await runJoin(pasted());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("already belongs to a cluster (/etc/kubernetes/kubelet.conf)");
    expect(r.stderr).toContain("kadm-wizard reset");
    expect(r.runner.kubeadmCalls).toEqual([]);
  });

  it.each([
    [
      ["kubeadm", "join", "10.0.0.1:6443", "--token", "bad", "--discovery-token-ca-cert-hash", FAKE_CA_HASH],
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
    [[...pasted("10.0.0.1:6443"), "--discovery-file", "x.yaml"], /--discovery-file is not supported/],
    [["--endpoint", "10.0.0.2:6443", ...pasted("10.0.0.1:6443")], /pasted join command and --endpoint/],
    [[...pasted("10.0.0.1:6443"), "--endpoint", "10.0.0.2:6443"], /kubeadm join has no flag --endpoint/],
  ])("bad paste %j: exit 2, one clear line, nothing touched", async (args, message) => {
    const r = await runJoin(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
    expect(r.fake.calls).toEqual([]);
  });
});
