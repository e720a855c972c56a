/**
 * `certs check|renew --inventory` / `--node` through the CLI against real sshd in network
 * namespaces (netns-hosts.mjs): each host is a control plane with kubeadm's PKI (openssl) under its
 * root and the stand-in kubelet running in ITS namespace (real etcd, TLS servers), so the
 * components serve on that host's own 127.0.0.1:2379/6443/10257/10259, reachable only from the
 * host — the restarts are watched and the TLS handshakes made there, over SSH. A third inventory
 * entry points at a port where no sshd listens. This machine (--root: an empty dir) is none.
 */
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKubeadmPki } from "../fakes/kubeadm-pki.js";
import { type NetnsHosts, SUDO_USER, startNetnsHosts } from "../fakes/netns-hosts.mjs";
import { type NetnsKubelet, startNetnsKubelet } from "../fakes/netns-kubelet.js";
import { runCli } from "../fakes/ports.js";
import { writeControlPlaneManifests } from "../fakes/static-pod-kubelet.js";
import { firstReason, requireNetns, requireTool, skipTitle } from "../support/requires.js";

const REASON = firstReason(requireNetns(), requireTool("sudo", "etcd", "openssl"));
/** kubeadm's own ports: each namespace has its own loopback. */
const PORTS = {
  etcdClient: 2379,
  etcdPeer: 2380,
  etcdMetrics: 2381,
  apiserver: 6443,
  controllerManager: 10257,
  scheduler: 10259,
};
const DAY = 86_400_000;

let net: NetnsHosts;
let knownHosts: string;
let localRoot: string;
const kubelets: NetnsKubelet[] = [];

const file = (i: number, p: string) => readFileSync(join(net.hosts[i]?.root ?? "", p), "utf8");
const notAfter = (pem: string) => new Date(new X509Certificate(pem).validTo).getTime();

/** What host i serves on its own 127.0.0.1:port (openssl in its namespace; etcd wants a client certificate). */
function servedIn(i: number, port: number): X509Certificate {
  const pki = join(net.hosts[i]?.root ?? "", "etc/kubernetes/pki/etcd");
  const client =
    port === 2379 ? ["-cert", `${pki}/healthcheck-client.crt`, "-key", `${pki}/healthcheck-client.key`] : [];
  const r = spawnSync(
    "ip",
    [
      "netns",
      "exec",
      net.hosts[i]?.namespace ?? "",
      "openssl",
      "s_client",
      "-connect",
      `127.0.0.1:${port}`,
      ...client,
    ],
    { input: "", encoding: "utf8" },
  );
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(r.stdout)?.[0];
  return new X509Certificate(pem ?? "");
}

function inventory(opts: { dead?: boolean } = {}): string {
  const hosts: Record<string, unknown>[] = net.hosts.map((h) => ({
    host: h.address,
    role: "control-plane",
    root: h.root,
    env: h.env,
  }));
  // sshd listens on 22 only: 2222 on the same namespace address is refused.
  if (opts.dead) hosts.push({ host: net.hosts[0]?.address, port: 2222, role: "control-plane", root: "/" });
  hosts.push({ host: "10.241.99.9", role: "worker", root: "/" });
  const path = join(net.dir, `inv-${opts.dead ? "dead" : "ok"}.yaml`);
  writeFileSync(path, yaml.dump({ defaults: { user: "root", identityFile: net.clientKey }, hosts }));
  return path;
}

const cli = (args: string[], lang = "en") =>
  runCli([...args, "--known-hosts", knownHosts, "--root", localRoot], {
    env: { LANG: lang === "zh" ? "zh_CN.UTF-8" : "en_US.UTF-8", HOME: net.dir },
  });

describe.skipIf(REASON !== undefined)(
  skipTitle("certs on every control plane over SSH (netns hosts)", REASON),
  () => {
    beforeAll(async () => {
      net = await startNetnsHosts(2, { octet: 241, users: true });
      knownHosts = join(net.dir, "known_hosts");
      writeFileSync(knownHosts, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
      localRoot = mkdtempSync(join(tmpdir(), "kadm-certs-local-"));
      for (const h of net.hosts) {
        makeKubeadmPki(h.root, { leafDays: 10 });
        writeControlPlaneManifests(h.root, PORTS);
        // root's copy, and a home for the sudo login on this host's /etc/passwd.
        mkdirSync(join(h.root, "root/.kube"), { recursive: true });
        writeFileSync(join(h.root, "root/.kube/config"), file(h.index, "etc/kubernetes/admin.conf"));
        appendFileSync(
          join(h.root, "etc/passwd"),
          `${SUDO_USER.name}:x:${SUDO_USER.uid}:${SUDO_USER.uid}::/home/${SUDO_USER.name}:/bin/sh\n`,
        );
        mkdirSync(join(h.root, "home", SUDO_USER.name), { recursive: true });
        chownSync(join(h.root, "home", SUDO_USER.name), SUDO_USER.uid, SUDO_USER.uid);
        kubelets.push(
          await startNetnsKubelet(
            h.namespace,
            h.root,
            Object.values(PORTS).filter((p) => p !== 2380 && p !== 2381),
          ),
        );
      }
    }, 120_000);
    afterAll(async () => {
      for (const k of kubelets) await k.stop();
      await net?.stop();
    }, 60_000);

    it("check --inventory --output json: each control plane's certificates, the dead one an error, exit 3", async () => {
      const r = await cli(["certs", "check", "--inventory", inventory({ dead: true }), "--output", "json"]);
      expect(r.code, r.stderr).toBe(3);
      const doc = JSON.parse(r.stdout) as {
        nodes: {
          node: string;
          address: string;
          certificates?: { name: string; state: string }[];
          error?: string;
        }[];
        ok: boolean;
      };
      // Only the control planes (not the worker), and not this machine (no control plane here).
      expect(doc.nodes.map((n) => n.node)).toEqual([
        net.hosts[0]?.address,
        net.hosts[1]?.address,
        `${net.hosts[0]?.address}:2222`,
      ]);
      for (const n of doc.nodes.slice(0, 2)) {
        expect(n.certificates?.find((c) => c.name === "apiserver")?.state).toBe("expiring");
      }
      expect(doc.nodes[2]?.error).toMatch(/refused/);
      expect(doc.ok).toBe(false);

      const zh = await cli(["certs", "check", "--inventory", inventory({ dead: true })], "zh");
      expect(zh.code).toBe(3);
      expect(zh.stdout).toContain(`=== 节点 ${net.hosts[1]?.address}（root@${net.hosts[1]?.address}:22）===`);
      expect(zh.stdout).toContain("即将过期");
      expect(zh.stdout).toContain("✗ 无法通过 SSH 连接");
      expect(zh.stdout.trimEnd().split("\n").at(-1)).toBe(
        `已检查 3 个控制平面：2 个有证书需续期（${net.hosts[0]?.address}, ${net.hosts[1]?.address}）；1 个无法连接（${net.hosts[0]?.address}:2222）。`,
      );
    }, 60_000);

    it("renew --dry-run lists the control planes and connects to none; --install-timer with --inventory is exit 2", async () => {
      // Connections, not log length: the previous test's sessions may still be logging their end.
      const connections = () => net.hosts.map((h) => h.sshdLog().split("Accepted publickey").length);
      const before = connections();
      expect(before.every((n) => n > 1)).toBe(true);
      const dry = await cli(["certs", "renew", "--all", "--inventory", inventory(), "--dry-run"]);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(
        `Plan: renew on 2 control planes, one at a time: ${net.hosts[0]?.address}, ${net.hosts[1]?.address}`,
      );
      expect(dry.stdout).toContain("openssl s_client on the node itself");
      expect(dry.stdout).toContain("nothing was changed and nothing was contacted");
      expect(connections()).toEqual(before);
      const timer = await cli(["certs", "renew", "--all", "--inventory", inventory(), "--install-timer"]);
      expect(timer.code).toBe(2);
      expect(timer.stderr).toContain("--install-timer installs the timer on this machine only");
      const unknown = await cli([
        "certs",
        "renew",
        "--all",
        "--inventory",
        inventory(),
        "--node",
        "10.241.9.9",
      ]);
      expect(unknown.code).toBe(2);
    }, 60_000);

    it("renew --all --inventory: each control plane renewed, restarted and verified on its own ports; the dead one reported, exit 1", async () => {
      const oldServed = notAfter(servedIn(1, 6443).toString());
      const r = await cli([
        "certs",
        "renew",
        "--all",
        "--inventory",
        inventory({ dead: true }),
        "--timeout",
        "30s",
      ]);
      expect(r.stderr).not.toContain("    at ");
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const sections = r.stdout.split(/^=== /m).filter(Boolean);
      expect(sections).toHaveLength(3);
      for (const i of [0, 1]) {
        const s = sections[i] as string;
        expect(s).toMatch(new RegExp(`^node ${net.hosts[i]?.address.replace(/\./g, "\\.")} \\(root@`));
        for (const c of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
          expect(s).toContain(`✓ ${c} (127.0.0.1:`);
        }
        expect(s).toContain("/root/.kube/config refreshed from admin.conf");
        expect(s).toContain("✓ renewal done and in effect on this node");
        // Independently: what the host serves now is the renewed file.
        expect(notAfter(servedIn(i, 6443).toString())).toBe(
          notAfter(file(i, "etc/kubernetes/pki/apiserver.crt")),
        );
        expect(notAfter(servedIn(i, 2379).toString())).toBe(
          notAfter(file(i, "etc/kubernetes/pki/etcd/server.crt")),
        );
        expect(file(i, "root/.kube/config")).toBe(file(i, "etc/kubernetes/admin.conf"));
        expect(net.hosts[i]?.commands()).toContain("kubeadm certs renew all");
      }
      expect(notAfter(servedIn(1, 6443).toString())).toBeGreaterThan(oldServed + 300 * DAY);
      expect(sections[2]).toContain("✗ not reached over SSH");
      // The progress: the dead node is drawn as failed, the others as done.
      expect(r.stderr).toContain(`✔ ${net.hosts[1]?.address}: renewed, in effect`);
      expect(r.stderr).toContain(
        `✖ ${net.hosts[0]?.address}:2222: renew certificates [FAILED: ${net.hosts[0]?.address}:2222: not reached over SSH]`,
      );
      expect(r.stderr).toContain(
        `certificate renewal not done or not in effect on 1 of 3 control planes: ${net.hosts[0]?.address}:2222`,
      );
    }, 180_000);

    it("a component that does not come back stops the rollout: the next control plane is not touched, exit 1", async () => {
      const control = join(net.hosts[0]?.root ?? "", "kubelet-control.json");
      writeFileSync(control, JSON.stringify({ noRestart: ["kube-scheduler"] }));
      const before = net.hosts[1]?.commands() ?? "";
      try {
        const r = await cli([
          "certs",
          "renew",
          "scheduler.conf",
          "--inventory",
          inventory(),
          "--timeout",
          "3s",
        ]);
        expect(r.code, r.stdout + r.stderr).toBe(1);
        const [first, second] = r.stdout.split(/^=== /m).filter(Boolean);
        expect(first).toMatch(
          /✗ kube-scheduler \(127\.0\.0\.1:10259\): renewal NOT effective: the pod did not come back/,
        );
        expect(second).toContain(
          `✗ not started: kube-scheduler on ${net.hosts[0]?.address} did not come back after its restart`,
        );
        expect(r.stderr).toContain("not done or not in effect on 2 of 2 control planes");
        // Nothing ran on the second node.
        expect(net.hosts[1]?.commands()).toBe(before);
      } finally {
        writeFileSync(control, "{}");
      }
    }, 120_000);

    it("etcd restore --inventory refuses two nodes that are the same etcd member (two single-member clusters), exit 2", async () => {
      // Each host here runs its own one-member etcd named control-plane-1.
      for (const h of net.hosts) {
        const pki = join(h.root, "etc/kubernetes/pki/etcd");
        mkdirSync(join(h.root, "var/backups/snap"), { recursive: true });
        const r = spawnSync(
          "ip",
          [
            "netns",
            "exec",
            h.namespace,
            "etcdctl",
            "--endpoints=https://127.0.0.1:2379",
            `--cacert=${pki}/ca.crt`,
            `--cert=${pki}/healthcheck-client.crt`,
            `--key=${pki}/healthcheck-client.key`,
            "snapshot",
            "save",
            join(h.root, "var/backups/snap/snapshot.db"),
          ],
          { encoding: "utf8", env: { ...process.env, ETCDCTL_API: "3" } },
        );
        expect(r.status, r.stderr).toBe(0);
        // The same bytes everywhere: only the membership is wrong.
        if (h.index > 0)
          writeFileSync(
            join(h.root, "var/backups/snap/snapshot.db"),
            readFileSync(join(net.hosts[0]?.root ?? "", "var/backups/snap/snapshot.db")),
          );
      }
      const r = await cli(["etcd", "restore", "/var/backups/snap", "--inventory", inventory(), "--yes"]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(
        `${net.hosts[0]?.address} and ${net.hosts[1]?.address} both run etcd member control-plane-1`,
      );
      expect(r.stderr).toContain("nothing was changed");
      for (const h of net.hosts)
        expect(existsSync(join(h.root, "etc/kubernetes/manifests/etcd.yaml"))).toBe(true);
    }, 60_000);

    it("renew --node as a sudo login: that node only; its ~/.kube/config is the login's (zh)", async () => {
      const r = await cli(
        [
          "certs",
          "renew",
          "admin.conf",
          "--inventory",
          inventory(),
          "--node",
          net.hosts[1]?.address ?? "",
          "--ssh-user",
          SUDO_USER.name,
        ],
        "zh",
      );
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(
        `=== 节点 ${net.hosts[1]?.address}（${SUDO_USER.name}@${net.hosts[1]?.address}:22）===`,
      );
      expect(r.stdout).toContain(`✓ 已用 admin.conf 更新 /home/${SUDO_USER.name}/.kube/config`);
      expect(r.stdout).toContain("1 个控制平面的续期均已完成并生效。");
      const copy = join(net.hosts[1]?.root ?? "", "home", SUDO_USER.name, ".kube/config");
      expect(readFileSync(copy, "utf8")).toBe(file(1, "etc/kubernetes/admin.conf"));
      expect(statSync(copy).uid).toBe(SUDO_USER.uid);
      expect(statSync(copy).mode & 0o777).toBe(0o600);
      expect(net.hosts[0]?.commands()).not.toContain("certs renew admin.conf");
    }, 120_000);
  },
);
