/**
 * add-node / remove-node against real sshd processes: one network namespace per host (veth to the
 * root namespace, 10.231.<i>.0/24), Debian's /usr/sbin/sshd on the namespace address with its own
 * host key, a fake kubeadm on the remote PATH. Only those addresses are ever dialled. Skipped, with
 * the reason in the title, where namespaces or sshd are not available; CI (root, .ci/run installs
 * openssh-server) runs it.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTS_PATH } from "../../src/ssh/hosts-state.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { type NetnsHosts, startNetnsHosts, writeHostRoot } from "../fakes/netns-hosts.mjs";
import { runCli } from "../fakes/ports.js";
import { FakeRunner } from "../fakes/runner.js";
import { firstReason, requireNetns, requireSharedTestdata, skipTitle } from "../support/requires.js";

const REASON = firstReason(requireNetns(), requireSharedTestdata("transcripts"));
const TITLE = skipTitle("SSH orchestration over netns hosts", REASON);
const COUNT = 10;
// Not the documentation's token (public, and warned about when joining with it).
const TOKEN = "k8swiz.p0q1r2s3t4u5v6w7";

let net: NetnsHosts;

function inventory(file: string, opts: { fail?: number; only?: number[] } = {}) {
  const hosts = net.hosts
    .filter((h) => !opts.only || opts.only.includes(h.index))
    .map((h) => ({
      host: h.address,
      nodeName: `worker-${h.index}`,
      root: h.root,
      env: { ...h.env, ...(opts.fail === h.index ? { KADM_FAKE_FAIL: "join-ca-hash" } : {}) },
    }));
  const path = join(net.dir, file);
  writeFileSync(path, yaml.dump({ defaults: { user: "root", identityFile: net.clientKey }, hosts }));
  return path;
}

const joinCommand = (i = 1) =>
  `kubeadm join 10.231.${i}.1:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH}`;

function addNode(args: string[], root: string, knownHosts: string) {
  return runCli(
    [
      "add-node",
      ...args,
      "--known-hosts",
      knownHosts,
      "--root",
      root,
      "--profile",
      "upstream",
      "--k8s-version",
      "v1.33.2",
      "--join-command",
      joinCommand(),
    ],
    { env: { LANG: "en_US.UTF-8", HOME: net.dir } },
  );
}

const joins = (i: number) => (net.hosts[i]?.commands().match(/^kubeadm join /gm) ?? []).length;

describe.skipIf(REASON !== undefined)(TITLE, () => {
  beforeAll(async () => {
    net = await startNetnsHosts(COUNT, { octet: 231 });
  }, 60_000);
  afterAll(async () => {
    await net?.stop();
  }, 60_000);

  it("joins 10 hosts in parallel; one failing halfway leaves the others joined; --retry-failed redoes only it", async () => {
    const knownHosts = join(net.dir, "known_hosts");
    writeFileSync(knownHosts, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
    const root = join(net.dir, "cp-a");
    const inv = inventory("inv.yaml", { fail: 3 });

    const first = await addNode(["--inventory", inv], root, knownHosts);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toContain("1 of 10 hosts failed to join");
    expect(first.stderr).toContain("kadm-wizard add-node --retry-failed");
    const rows = first.stdout.trim().split("\n");
    expect(rows).toHaveLength(11);
    expect(rows.filter((r) => / joined /.test(r))).toHaveLength(9);
    expect(rows.find((r) => r.startsWith("10.231.4.2"))).toMatch(/failed at join .*none of the public keys/);
    // Every host ran preflight, preparation and pre-pull; the failing one failed in kubeadm join.
    for (const h of net.hosts) {
      const log = h.commands();
      expect(log).toContain("swapoff -a");
      expect(log).toContain("systemctl restart containerd");
      expect(log).toMatch(/^ctr .* images pull .*registry.k8s.io\/pause:3.10$/m);
      expect(readFileSync(join(h.root, "etc/fstab"), "utf8")).toContain(
        "# /swapfile none swap sw 0 0  # disabled by kadm-wizard",
      );
      expect(readFileSync(join(h.root, "etc/containerd/config.toml"), "utf8")).toContain(
        "SystemdCgroup = true",
      );
      expect(joins(h.index)).toBe(1);
    }
    expect(readFileSync(join(net.hosts[0]?.root ?? "", "etc/kubernetes/kubelet.conf"), "utf8")).toContain(
      "10.231.1.1:6443",
    );
    // The token never shows up in what we print or record, nor on any node's command lines.
    for (const h of net.hosts) expect(h.commands()).not.toContain(TOKEN.split(".")[1]);
    const recorded = readFileSync(join(root, HOSTS_PATH), "utf8");
    for (const text of [first.stdout, first.stderr, recorded])
      expect(text).not.toContain(TOKEN.split(".")[1]);
    const state = JSON.parse(recorded);
    expect(
      Object.values(state.hosts)
        .map((r) => (r as { status: string }).status)
        .sort(),
    ).toEqual(["failed", ...Array(9).fill("joined")]);

    // The failure is fixed (no injected failure any more); only host 3 is joined again.
    const fixed = inventory("fixed.yaml");
    const retry = await addNode(["--inventory", fixed, "--retry-failed"], root, knownHosts);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toContain("1 host joined.");
    expect(retry.stdout.trim().split("\n")).toHaveLength(3);
    expect(joins(3)).toBe(2);
    expect(net.hosts[3]?.commands()).toContain("kubeadm reset -f");
    for (const h of net.hosts) if (h.index !== 3) expect(joins(h.index)).toBe(1);
    const again = await addNode(["--retry-failed"], root, knownHosts);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing to retry");
  }, 120_000);

  it("refuses a changed host key and, without --accept-new-host-keys, an unknown one; TOFU records new keys", async () => {
    const h = net.hosts[0];
    const other = net.hosts[1];
    if (!h || !other) throw new Error("hosts");
    const knownHosts = join(net.dir, "known_hosts_changed");
    // host 0's address recorded with host 1's key: what a man in the middle would look like.
    writeFileSync(knownHosts, `${h.address} ${other.hostKeyLine.split(" ").slice(1).join(" ")}\n`);
    const before = joins(0);
    const r = await addNode(
      ["--inventory", inventory("one.yaml", { only: [0] }), "--accept-new-host-keys"],
      join(net.dir, "cp-b"),
      knownHosts,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed at connect .*host key of 10\.231\.1\.2 CHANGED .* line 1/);
    expect(readFileSync(knownHosts, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
    expect(joins(0)).toBe(before);

    const accepted = () => (net.hosts[5]?.sshdLog().match(/Accepted publickey/g) ?? []).length;
    const acceptedBefore = accepted();
    const empty = join(net.dir, "known_hosts_empty");
    writeFileSync(empty, "");
    const unknown = await addNode(
      ["--inventory", inventory("two.yaml", { only: [5] })],
      join(net.dir, "cp-c"),
      empty,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(
      /is not in .*known_hosts_empty: refused; check the fingerprint, then rerun with --accept-new-host-keys/,
    );
    expect(accepted()).toBe(acceptedBefore); // refused before authenticating

    // Trust on first use: recorded, then known on the next connection (remove-node reuses it).
    const tofu = join(net.dir, "known_hosts_tofu");
    const root = join(net.dir, "cp-d");
    // A fresh root of its own (the namespace shares this file system: "/" would be this machine's),
    // but not the host's env: its PATH lacks the fakes.
    const bareRoot = join(net.dir, "bare-root");
    writeHostRoot(bareRoot);
    const bare = join(net.dir, "bare.yaml");
    writeFileSync(bare, yaml.dump({ hosts: [{ host: net.hosts[6]?.address, root: bareRoot }] }));
    const list = await runCli(
      [
        "add-node",
        "--inventory",
        bare,
        "--identity-file",
        net.clientKey,
        "--accept-new-host-keys",
        "--known-hosts",
        tofu,
        "--root",
        root,
        "--profile",
        "upstream",
        "--k8s-version",
        "v1.33.2",
        "--join-command",
        joinCommand(),
        "--skip-prep",
      ],
      { env: { LANG: "en_US.UTF-8", HOME: net.dir } },
    );
    // No inventory env: the remote PATH has no fake kubeadm, so preflight fails after connecting.
    // (The fakes' /proc changes are not on that PATH either: ip_forward etc. fail as well.)
    // The same checks as a local preflight: kubeadm and the kubelet are what is missing.
    expect(list.stdout).toMatch(/failed at preflight .*host\.kube-binaries: not installed: kubeadm, kubelet/);
    expect(readFileSync(tofu, "utf8")).toBe(`${net.hosts[6]?.hostKeyLine}\n`);
  }, 120_000);

  it("joins a control plane over SSH: every control-plane image pre-pulled, --control-plane with the certificate key", async () => {
    const h = net.hosts[8];
    if (!h) throw new Error("hosts");
    // The first test joined every host as a worker: start this one over, as `kadm-wizard reset`
    // would (kubeadm's files and our run state on the node).
    rmSync(join(h.root, "etc/kubernetes"), { recursive: true, force: true });
    rmSync(join(h.root, "etc/kadm-wizard"), { recursive: true, force: true });
    const knownHosts = join(net.dir, "known_hosts");
    writeFileSync(knownHosts, `${net.hosts.map((x) => x.hostKeyLine).join("\n")}\n`);
    const key = "0f192561ef8eed55a153cb308bd00351a10d54b09bfe5f056a2c797b0adb129f";
    const inv = join(net.dir, "cp.yaml");
    writeFileSync(
      inv,
      yaml.dump({
        defaults: { user: "root", identityFile: net.clientKey },
        hosts: [{ host: h.address, role: "control-plane", nodeName: "cp-2", root: h.root, env: h.env }],
      }),
    );
    const r = await runCli(
      [
        "add-node",
        "--inventory",
        inv,
        "--known-hosts",
        knownHosts,
        "--root",
        join(net.dir, "cp-e"),
        "--profile",
        "upstream",
        "--k8s-version",
        "v1.33.2",
        "--control-plane-join-command",
        `${joinCommand()} --control-plane --certificate-key ${key}`,
      ],
      { env: { LANG: "en_US.UTF-8", HOME: net.dir } },
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const log = h.commands();
    // The key reached kubeadm in its --config file (a control-plane JoinConfiguration), not its argv.
    expect(log).toMatch(/^kubeadm join --config \S+\/run\/kadm-wizard\.\w{8}\/join\.yaml$/m);
    expect(log).not.toContain(key);
    expect(log).not.toContain(TOKEN.split(".")[1]);
    expect(log).toMatch(/^ctr .* images pull .*registry.k8s.io\/kube-apiserver:v1\.33\.2$/m);
    expect(readFileSync(join(h.root, "etc/kubernetes/manifests/kube-apiserver.yaml"), "utf8")).toContain(
      "kube-apiserver",
    );
    expect(r.stdout + r.stderr).not.toContain(key);
  }, 120_000);

  it("remove-node drains and deletes through kubectl, then resets the host over SSH", async () => {
    const knownHosts = join(net.dir, "known_hosts");
    const root = join(net.dir, "cp-a");
    const runner = new FakeRunner();
    const r = await runCli(
      ["remove-node", "worker-7", "--yes", "--known-hosts", knownHosts, "--root", root],
      {
        env: { LANG: "en_US.UTF-8", HOME: net.dir },
        overrides: { runner: () => runner },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Node worker-7 drained, deleted and reset (10.231.8.2).");
    expect(runner.changes.map((c) => c.split(" ").slice(3, 5).join(" "))).toEqual([
      "drain worker-7",
      "delete node",
    ]);
    expect(net.hosts[7]?.commands()).toMatch(/kubeadm reset -f\n$/);
    const state = JSON.parse(readFileSync(join(root, HOSTS_PATH), "utf8"));
    expect(state.hosts["10.231.8.2"].status).toBe("removed");
  }, 60_000);
});
