/**
 * `kadm-wizard token` and `kadm-wizard reset` on a node set up by `kadm-wizard init` (fake kubeadm,
 * fake API server on 127.0.0.1, scripted host commands).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";
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
  await host.cleanup();
});

const IPTABLES = `*filter
:INPUT ACCEPT [0:0]
:KUBE-FIREWALL - [0:0]
-A INPUT -j KUBE-FIREWALL
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
`;

function cli(
  args: string[],
  replies: Record<string, Reply> = {},
  env: NodeJS.ProcessEnv = { LANG: "en_US.UTF-8", SUDO_USER: "dev" },
) {
  return runOnNode(host, args, { env, replies, fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath } });
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

  test("--control-plane uploads the certificates with a new key and adds it to the command", async () => {
    expect((await init()).code).toBe(0);
    const r = await cli(["token", "--control-plane", "--output", "json"]);
    expect(r.code).toBe(0);
    const [upload, create] = r.runner.kubeadmCalls;
    expect(upload?.slice(1, 5)).toEqual(["init", "phase", "upload-certs", "--upload-certs"]);
    const key = upload?.at(-1) as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(create).toContain("--certificate-key");
    const out = JSON.parse(r.stdout);
    expect(out.kadmWizard).toContain(`--control-plane --certificate-key ${key}`);
    expect(r.stderr).not.toContain(key);
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
    expect(r.runner.kubeadmCalls.map((a) => a.slice(1))).toEqual([
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
    expect(again.runner.kubeadmCalls.map((a) => a[1])).toEqual(["init"]);
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
