/**
 * `kadm-wizard token` and `kadm-wizard reset` on a node set up by `kadm-wizard init` (fake kubeadm,
 * fake API server on 127.0.0.1, scripted host commands).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import yaml from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { FAKE_KUBEADM, type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";
import { NOT_FOUND, type Reply } from "../fakes/runner.js";
import { itUnless, requireSharedTestdata } from "../support/requires.js";

// `test`: an `it` skipped, with the reason in its title, when the fake kubeadm has no transcripts.
const test = itUnless(requireSharedTestdata("transcripts"));
let host: NodeHost;
let api: FakeApiServer;
beforeEach(async () => {
  host = await nodeHost();
  api = await startFakeApiServer();
});
afterEach(async () => {
  await api.stop();
  rmSync(logFile(), { force: true });
  await host.cleanup();
});

const IPTABLES = `*filter
:INPUT ACCEPT [0:0]
:KUBE-FIREWALL - [0:0]
-A INPUT -j KUBE-FIREWALL
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
`;

// Outside the host root: what the fake kubeadm found in each --config file it read.
const logFile = () => join(dirname(host.root), `${basename(host.root)}.config-log`);
function configLog(): { command: string; path: string; mode: string; dirMode: string; text: string }[] {
  if (!existsSync(logFile())) return [];
  return readFileSync(logFile(), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

function cli(
  args: string[],
  replies: Record<string, Reply> = {},
  env: NodeJS.ProcessEnv = { LANG: "en_US.UTF-8", SUDO_USER: "dev" },
) {
  return runOnNode(host, args, {
    env,
    replies,
    fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath, KADM_FAKE_CONFIG_LOG: logFile() },
  });
}

const init = () =>
  cli(["init", "--yes", "--advertise-address", "192.168.10.11", "--k8s-version", "v1.33.2", "--cni", "none"]);
const path = (p: string) => join(host.root, p);

describe("kadm-wizard token", () => {
  test("prints a fresh join command in both forms and saves it 0600", async () => {
    expect((await init()).code).toBe(0);
    const initToken = /--token (\S+)/.exec(
      readFileSync(path("/etc/kadm-wizard/join-command.txt"), "utf8"),
    )?.[1];
    const r = await cli(["token"]);
    expect(r.code).toBe(0);
    expect(r.runner.kubeadmCalls.map((a) => a.slice(1, 4))).toEqual([
      ["token", "create", "--print-join-command"],
    ]);
    // admin.conf (from the fake API server) names 127.0.0.1:<port>; kubeadm takes the endpoint from it
    const ep = `127.0.0.1:${api.port}`;
    const token = new RegExp(`kadm-wizard join --endpoint ${ep} --token (\\S+) --ca-cert-hash (\\S+)`).exec(
      r.stdout,
    );
    expect(token?.[1]).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(token?.[1]).not.toBe(initToken);
    expect(token?.[2]).toBe(FAKE_CA_HASH);
    expect(r.stdout).toContain(`kubeadm join ${ep} --token ${token?.[1]} --discovery-token-ca-cert-hash`);
    expect(readFileSync(path("/etc/kadm-wizard/join-command.txt"), "utf8")).toContain(token?.[1]);
  });

  test("--control-plane uploads the certificates with a new key from a 0600 --config file: no argv holds the key", async () => {
    expect((await init()).code).toBe(0);
    const r = await cli(["token", "--control-plane", "--output", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const [version, upload, create, ...more] = r.runner.kubeadmCalls;
    expect(version?.slice(1)).toEqual(["version", "-o", "short"]);
    expect(upload?.slice(1, -1)).toEqual([
      "init",
      "phase",
      "upload-certs",
      "--upload-certs",
      "--skip-certificate-key-print",
      "--config",
    ]);
    expect(create?.slice(1)).toEqual(["token", "create", "--print-join-command"]);
    expect(more).toEqual([]);
    // What kubeadm found: the key in InitConfiguration, the file 0600 in a 0700 directory under /run.
    const [read, ...others] = configLog();
    expect(others).toEqual([]);
    expect(read?.command).toBe("init phase upload-certs");
    expect(read?.path).toBe(upload?.at(-1));
    expect(read?.path.startsWith(path("/run/kadm-wizard-"))).toBe(true);
    expect([read?.mode, read?.dirMode]).toEqual(["0600", "0700"]);
    const docs = yaml.loadAll(read?.text ?? "") as Record<string, unknown>[];
    const key = docs.find((d) => d.kind === "InitConfiguration")?.certificateKey as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(docs.find((d) => d.kind === "ClusterConfiguration")).toMatchObject({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kubernetesVersion: "v1.33.2",
      certificatesDir: "/etc/kubernetes/pki",
    });
    // ... and is gone afterwards; no command line (kubeadm's or any other) carried the key.
    expect(existsSync(read?.path ?? "")).toBe(false);
    expect(readdirSync(path("/run"))).toEqual([]);
    const argvs = [...r.runner.kubeadmCalls, ...r.fake.calls.map((c) => c.argv)];
    expect(argvs.filter((a) => a.join(" ").includes(key))).toEqual([]);
    const out = JSON.parse(r.stdout);
    expect(out.kadmWizard).toContain(`--control-plane --certificate-key ${key}`);
    expect(out.kubeadm).toMatch(
      /^kubeadm join 127\.0\.0\.1:\d+ --token \S+ --discovery-token-ca-cert-hash \S+ --control-plane --certificate-key [0-9a-f]{64}$/,
    );
    expect(readFileSync(path("/etc/kadm-wizard/join-command.txt"), "utf8")).toContain(
      `--certificate-key ${key}`,
    );
    expect(r.stderr).not.toContain(key);
  });

  test("--control-plane: a failed upload still removes the key file; no token is created", async () => {
    expect((await init()).code).toBe(0);
    const r = await runOnNode(host, ["token", "--control-plane"], {
      env: { LANG: "en_US.UTF-8" },
      fakeEnv: {
        KADM_FAKE_ADMIN_CONF: api.kubeconfigPath,
        KADM_FAKE_CONFIG_LOG: logFile(),
        KADM_FAKE_FAIL: "upload-certs",
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("kubeadm failed in phase upload-certs");
    const [read] = configLog();
    expect(read?.mode).toBe("0600");
    expect(existsSync(read?.path ?? "")).toBe(false);
    expect(readdirSync(path("/run"))).toEqual([]);
    expect(r.runner.kubeadmCalls.map((a) => a[1])).toEqual(["version", "init"]);
  });

  test("--control-plane --dry-run lists the upload with its --config file, writes no file, shows no key", async () => {
    expect((await init()).code).toBe(0);
    const r = await cli(["token", "--control-plane", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `$ ${FAKE_KUBEADM} init phase upload-certs --upload-certs --skip-certificate-key-print --config ${path("/run/kadm-wizard-XXXXXX/upload-certs.yaml")}`,
    );
    expect(r.stdout).toContain(`$ ${FAKE_KUBEADM} token create --print-join-command`);
    expect(r.stdout).not.toMatch(/[0-9a-f]{64}/);
    expect(existsSync(path("/run"))).toBe(false);
    expect(configLog()).toEqual([]);
  });

  it("on a node that is not a control plane: one clear line", async () => {
    const r = await cli(["token"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a control-plane node \(\/etc\/kubernetes\/admin\.conf is missing\)/);
    expect(r.runner?.kubeadmCalls ?? []).toEqual([]);
  });
});

describe("kadm-wizard reset", () => {
  const replies: Record<string, Reply> = {
    "ip -o link show": {
      stdout:
        "1: lo: <LOOPBACK,UP> mtu 65536\n2: eth0: <BROADCAST,UP> mtu 1500\n4: flannel.1: <BROADCAST,UP> mtu 1450\n5: cni0: <BROADCAST,UP> mtu 1450\n",
    },
    "iptables-save": { stdout: IPTABLES },
    "ip6tables-save": { stdout: "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n" },
    "ipvsadm -Ln": NOT_FOUND,
  };

  function seedCni() {
    mkdirSync(path("/etc/cni/net.d"), { recursive: true });
    writeFileSync(path("/etc/cni/net.d/10-flannel.conflist"), "{}");
    mkdirSync(path("/var/lib/cni/networks/cbr0"), { recursive: true });
    writeFileSync(path("/home/dev/.bashrc"), "# mine\n");
  }

  test("needs --yes without a terminal; nothing is touched", async () => {
    expect((await init()).code).toBe(0);
    const r = await cli(["reset"], replies);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("add --yes to confirm");
    expect(r.runner?.kubeadmCalls ?? []).toEqual([]);
    expect(existsSync(path("/etc/kubernetes/admin.conf"))).toBe(true);
  });

  test("--dry-run lists every removal and command and changes nothing", async () => {
    expect((await init()).code).toBe(0);
    seedCni();
    const r = await cli(["reset", "--dry-run"], replies);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("would remove /etc/cni/net.d");
    expect(r.stdout).toContain("$ ip link delete flannel.1");
    expect(r.stdout).toMatch(/\$ iptables-restore {2}# 2 Kubernetes\/CNI chains and rules removed/);
    expect(r.stdout).toContain("would remove /root/.kube/config");
    expect(existsSync(path("/etc/cni/net.d/10-flannel.conflist"))).toBe(true);
    expect(existsSync(path("/etc/kubernetes/admin.conf"))).toBe(true);
    expect(existsSync(path("/etc/kadm-wizard/state.json"))).toBe(true);
    const unrecorded = r.fake.calls.filter(
      (c) => c.opts.changes && !r.fake.recorded.includes(c.argv.join(" ")),
    );
    expect(unrecorded.map((c) => c.argv.join(" "))).toEqual([]);
  });

  test("removes what kubeadm and the CNI left, keeps the host's own rules and files; init works again after", async () => {
    expect((await init()).code).toBe(0);
    seedCni();
    writeFileSync(path("/home/dev/.kube/other-config"), "x");
    const r = await cli(["reset", "--yes"], replies);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.runner.kubeadmRuns.map((a) => a.slice(1))).toEqual([
      ["reset", "-f", "--cri-socket", "unix:///var/run/containerd/containerd.sock"],
    ]);
    expect(readdirSync(path("/etc/kubernetes/manifests"))).toEqual([]);
    expect(existsSync(path("/etc/kubernetes/admin.conf"))).toBe(false);
    expect(existsSync(path("/etc/cni/net.d"))).toBe(false);
    expect(existsSync(path("/var/lib/cni"))).toBe(false);
    expect(existsSync(path("/root/.kube/config"))).toBe(false);
    expect(existsSync(path("/home/dev/.kube/config"))).toBe(false);
    expect(existsSync(path("/home/dev/.kube/other-config"))).toBe(true);
    expect(existsSync(path("/home/dev/.bashrc"))).toBe(true);
    expect(existsSync(path("/etc/kadm-wizard/state.json"))).toBe(false);
    expect(existsSync(path("/etc/kadm-wizard/join-command.txt"))).toBe(false);
    expect(existsSync(path("/etc/kadm-wizard/answers.yaml"))).toBe(true);
    expect(readFileSync(path("/etc/kadm-wizard/answers.yaml"), "utf8")).not.toMatch(/token:/);
    expect(r.fake.changes).toEqual(["ip link delete cni0", "ip link delete flannel.1", "iptables-restore"]);
    const restore = r.fake.calls.find((c) => c.argv[0] === "iptables-restore");
    expect(restore?.opts.input).toContain("-A INPUT -p tcp --dport 22 -j ACCEPT");
    expect(restore?.opts.input).not.toContain("KUBE-");

    const again = await init();
    expect(again.code).toBe(0);
    expect(again.runner.kubeadmRuns.map((a) => a[1])).toEqual(["init"]);
  });

  test("a second reset finds nothing left to do", async () => {
    expect((await init()).code).toBe(0);
    expect((await cli(["reset", "--yes"], replies)).code).toBe(0);
    const r = await cli(["reset", "--yes"], {
      ...replies,
      "ip -o link show": { stdout: "1: lo: <LOOPBACK,UP>\n" },
      "iptables-save": { stdout: "*filter\nCOMMIT\n" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/= CNI configuration and state .*: unchanged/);
    expect(r.fake.changes).toEqual([]);
  });
});
