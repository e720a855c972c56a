/**
 * `etcd restore SNAPSHOT --inventory` on a REAL 3-member etcd (Debian's etcd-server/etcd-client):
 * three netns hosts (real sshd), each a stacked control plane whose stand-in kubelet runs in its
 * namespace, its etcd member serving clients on that host's own 127.0.0.1:2379 and peers on a
 * private LAN the test makes (a bridge in a namespace of its own: 10.242.100.0/24). The members'
 * manifests are kubeadm-shaped, including kubeadm's per-join --initial-cluster (the first lists only
 * itself). Snapshot, write more, restore all three over SSH: the earlier keys are back on every
 * member, the later ones gone, the three form one cluster again. This machine (--root: an empty
 * dir) is no member.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKubeadmPki } from "../fakes/kubeadm-pki.js";
import { type NetnsHosts, startNetnsHosts } from "../fakes/netns-hosts.mjs";
import { type NetnsKubelet, startNetnsKubelet } from "../fakes/netns-kubelet.js";
import { runCli } from "../fakes/ports.js";
import { writeControlPlaneManifests } from "../fakes/static-pod-kubelet.js";
import { firstReason, requireNetns, requireTool, skipTitle } from "../support/requires.js";

const REASON = firstReason(requireNetns(), requireTool("etcd", "etcdctl", "openssl"));
const PORTS = {
  etcdClient: 2379,
  etcdPeer: 2380,
  etcdMetrics: 2381,
  apiserver: 6443,
  controllerManager: 10257,
  scheduler: 10259,
};
const LAN = (i: number) => `10.242.100.${i + 1}`;
const NAME = (i: number) => `cp-${i}`;
const SNAP_DIR = "/var/backups/kadm-wizard/etcd-20261203T120000Z";

let net: NetnsHosts;
let knownHosts: string;
let localRoot: string;
let lan: string;
const kubelets: NetnsKubelet[] = [];

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** etcdctl against host i's member, from its namespace. */
function etcdctl(i: number, ...args: string[]): { code: number; out: string } {
  const h = net.hosts[i];
  const pki = join(h?.root ?? "", "etc/kubernetes/pki/etcd");
  const r = spawnSync(
    "ip",
    [
      "netns",
      "exec",
      h?.namespace ?? "",
      "etcdctl",
      "--endpoints=https://127.0.0.1:2379",
      `--cacert=${pki}/ca.crt`,
      `--cert=${pki}/healthcheck-client.crt`,
      `--key=${pki}/healthcheck-client.key`,
      "--command-timeout=5s",
      ...args,
    ],
    { encoding: "utf8", env: { ...process.env, ETCDCTL_API: "3" } },
  );
  return { code: r.status ?? -1, out: r.stdout.trim() };
}
const get = (i: number, k: string) => etcdctl(i, "get", k, "--print-value-only").out;

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** kubeadm's etcd manifest for member i; `known` members in its --initial-cluster. */
function etcdManifest(i: number, known: number[]): string {
  const pki = "/etc/kubernetes/pki/etcd";
  return yaml.dump({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "etcd",
      namespace: "kube-system",
      labels: { component: "etcd", tier: "control-plane" },
    },
    spec: {
      hostNetwork: true,
      containers: [
        {
          name: "etcd",
          image: "registry.k8s.io/etcd:3.5.21-0",
          command: [
            "etcd",
            `--advertise-client-urls=https://${LAN(i)}:2379`,
            `--cert-file=${pki}/server.crt`,
            "--client-cert-auth=true",
            "--data-dir=/var/lib/etcd",
            `--initial-advertise-peer-urls=https://${LAN(i)}:2380`,
            `--initial-cluster=${known.map((k) => `${NAME(k)}=https://${LAN(k)}:2380`).join(",")}`,
            ...(known.length > 1 ? ["--initial-cluster-state=existing"] : []),
            `--key-file=${pki}/server.key`,
            "--listen-client-urls=https://127.0.0.1:2379",
            "--listen-metrics-urls=http://127.0.0.1:2381",
            `--listen-peer-urls=https://${LAN(i)}:2380`,
            `--name=${NAME(i)}`,
            `--peer-cert-file=${pki}/peer.crt`,
            "--peer-client-cert-auth=true",
            `--peer-key-file=${pki}/peer.key`,
            `--peer-trusted-ca-file=${pki}/ca.crt`,
            `--trusted-ca-file=${pki}/ca.crt`,
          ],
        },
      ],
    },
  });
}

function inventory(name: string, opts: { dead?: boolean; only?: number[] } = {}): string {
  const hosts: Record<string, unknown>[] = net.hosts
    .filter((h) => opts.only?.includes(h.index) ?? true)
    .map((h) => ({ host: h.address, role: "control-plane", root: h.root, env: h.env }));
  if (opts.dead) hosts.push({ host: net.hosts[0]?.address, port: 2222, role: "control-plane", root: "/" });
  const path = join(net.dir, `inv-${name}.yaml`);
  writeFileSync(path, yaml.dump({ defaults: { user: "root", identityFile: net.clientKey }, hosts }));
  return path;
}

const cli = (args: string[], lang = "en") =>
  runCli([...args, "--known-hosts", knownHosts, "--root", localRoot], {
    env: { LANG: lang === "zh" ? "zh_CN.UTF-8" : "en_US.UTF-8", HOME: net.dir },
  });

const keptDirs = (i: number) =>
  readdirSync(join(net.hosts[i]?.root ?? "", "var/lib")).filter((n) => n.startsWith("etcd.before-restore-"));

describe.skipIf(REASON !== undefined)(
  skipTitle("etcd restore on every member of a 3-member etcd over SSH (netns hosts)", REASON),
  () => {
    beforeAll(async () => {
      net = await startNetnsHosts(3, { octet: 242 });
      knownHosts = join(net.dir, "known_hosts");
      writeFileSync(knownHosts, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
      localRoot = mkdtempSync(join(tmpdir(), "kadm-etcd-ha-local-"));
      // The members' LAN: a bridge in a namespace of its own (no forwarding on this machine).
      lan = `kl${process.pid.toString(36)}`;
      sh("ip", ["netns", "add", lan]);
      sh("ip", ["-n", lan, "link", "add", "br0", "type", "bridge"]);
      sh("ip", ["-n", lan, "link", "set", "br0", "up"]);
      for (const h of net.hosts) {
        const a = `${lan}a${h.index}`.slice(0, 15);
        const b = `${lan}b${h.index}`.slice(0, 15);
        sh("ip", ["link", "add", a, "type", "veth", "peer", "name", b]);
        sh("ip", ["link", "set", a, "netns", lan]);
        sh("ip", ["-n", lan, "link", "set", a, "master", "br0", "up"]);
        sh("ip", ["link", "set", b, "netns", h.namespace]);
        sh("ip", ["-n", h.namespace, "addr", "add", `${LAN(h.index)}/24`, "dev", b]);
        sh("ip", ["-n", h.namespace, "link", "set", b, "up"]);
      }
      // One PKI (kubeadm copies the CAs to every control plane); etcd's certificates name every member.
      const first = net.hosts[0]?.root ?? "";
      makeKubeadmPki(first, { etcdIps: net.hosts.map((h) => LAN(h.index)) });
      for (const h of net.hosts) {
        if (h.index > 0)
          cpSync(join(first, "etc/kubernetes"), join(h.root, "etc/kubernetes"), { recursive: true });
        writeControlPlaneManifests(h.root, PORTS);
        // Bootstrapped as one cluster of three.
        writeFileSync(
          join(h.root, "etc/kubernetes/manifests/etcd.yaml"),
          etcdManifest(h.index, [0, 1, 2]).replace(
            "--initial-cluster-state=existing",
            "--initial-cluster-state=new",
          ),
          { mode: 0o600 },
        );
      }
      const started = await Promise.all(
        net.hosts.map((h) => startNetnsKubelet(h.namespace, h.root, [2379, 6443, 10257, 10259], 60_000)),
      );
      kubelets.push(...started);
      await until("the 3-member cluster", () =>
        net.hosts.every((h) => etcdctl(h.index, "put", "/health", "ok").code === 0),
      );
      // Now the manifests as kubeadm leaves them: each member's --initial-cluster as at its join.
      for (const h of net.hosts) {
        const known = [0, 1, 2].filter((k) => k <= h.index);
        writeFileSync(join(h.root, "etc/kubernetes/manifests/etcd.yaml"), etcdManifest(h.index, known), {
          mode: 0o600,
        });
      }
      // A changed manifest restarts its pod (as the kubelet does, within its 100 ms look here): the
      // cluster answers again first.
      await new Promise((r) => setTimeout(r, 1_000));
      await until("the 3-member cluster after the manifest change", () =>
        net.hosts.every((h) => etcdctl(h.index, "put", "/health", "ok").code === 0),
      );
      // The snapshot, at the same path on every member.
      expect(etcdctl(0, "put", "/registry/early", "one").code).toBe(0);
      expect(etcdctl(1, "put", "/registry/changed", "before").code).toBe(0);
      mkdirSync(join(first, SNAP_DIR), { recursive: true });
      expect(etcdctl(0, "snapshot", "save", join(first, SNAP_DIR, "snapshot.db")).code).toBe(0);
      for (const h of net.hosts.slice(1))
        cpSync(join(first, SNAP_DIR), join(h.root, SNAP_DIR), { recursive: true });
      expect(etcdctl(2, "put", "/registry/late", "two").code).toBe(0);
      expect(etcdctl(2, "put", "/registry/changed", "after").code).toBe(0);
    }, 180_000);
    afterAll(async () => {
      for (const k of kubelets) await k.stop();
      if (lan) spawnSync("ip", ["netns", "del", lan]);
      await net?.stop();
    }, 60_000);

    it("--dry-run: the plan for every member, nothing contacted", async () => {
      const logins = () => net.hosts.map((h) => h.sshdLog().split("Accepted publickey").length);
      const before = logins();
      const r = await cli(["etcd", "restore", SNAP_DIR, "--inventory", inventory("all"), "--dry-run"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Plan: restore ${SNAP_DIR} on the etcd members of 3 control planes`);
      expect(r.stdout).toContain("check the snapshot is at the same path with the same sha256");
      expect(logins()).toEqual(before);
    }, 60_000);

    it("refused before anything changes: a member unreachable (exit 1), a member left out, another snapshot (exit 2)", async () => {
      const dead = await cli([
        "etcd",
        "restore",
        SNAP_DIR,
        "--inventory",
        inventory("dead", { dead: true }),
        "--yes",
      ]);
      expect(dead.code, dead.stderr).toBe(1);
      expect(dead.stderr).toContain(`${net.hosts[0]?.address}:2222: not reached over SSH`);
      expect(dead.stderr).toContain("nothing was changed");

      const two = await cli(
        ["etcd", "restore", SNAP_DIR, "--inventory", inventory("two", { only: [0, 1] }), "--yes"],
        "zh",
      );
      expect(two.code, two.stderr).toBe(2);
      expect(two.stderr).toContain(`etcd 成员 ${NAME(2)}（https://${LAN(2)}:2380）不在所给节点中`);

      const other = join(net.hosts[2]?.root ?? "", SNAP_DIR, "snapshot.db");
      const bytes = readFileSync(other);
      writeFileSync(other, Buffer.concat([bytes, Buffer.from("x")]));
      try {
        const diff = await cli(["etcd", "restore", SNAP_DIR, "--inventory", inventory("all"), "--yes"]);
        expect(diff.code, diff.stderr).toBe(2);
        expect(diff.stderr).toContain("every member must restore the same snapshot");
      } finally {
        writeFileSync(other, bytes);
      }
      for (const h of net.hosts) {
        expect(keptDirs(h.index)).toEqual([]);
        expect(existsSync(join(h.root, "etc/kubernetes/manifests/etcd.yaml"))).toBe(true);
      }
      expect(get(2, "/registry/late")).toBe("two");
    }, 120_000);

    it("restores all three: the earlier keys are back on every member, the later ones gone, one cluster of three", async () => {
      const r = await cli([
        "etcd",
        "restore",
        SNAP_DIR,
        "--inventory",
        inventory("all"),
        "--yes",
        "--timeout",
        "60s",
      ]);
      expect(r.stderr).not.toContain("    at ");
      expect(r.code, r.stdout + r.stderr).toBe(0);
      for (const h of net.hosts) {
        expect(r.stdout).toContain(`=== node ${h.address} (root@${h.address}:22) ===`);
        expect(keptDirs(h.index)).toHaveLength(1);
      }
      expect(r.stdout).toContain("✓ etcd restored into /var/lib/etcd");
      expect(r.stdout).toContain("✓ its API server answers /livez");
      await until("the restored cluster", () =>
        net.hosts.every((h) => etcdctl(h.index, "get", "/registry/early").code === 0),
      );
      for (const h of net.hosts) {
        expect(get(h.index, "/registry/early")).toBe("one");
        expect(get(h.index, "/registry/changed")).toBe("before");
        expect(get(h.index, "/registry/late")).toBe("");
      }
      const members = JSON.parse(etcdctl(1, "member", "list", "-w", "json").out) as {
        members: { name: string }[];
      };
      expect(members.members.map((m) => m.name).sort()).toEqual([NAME(0), NAME(1), NAME(2)]);
      // A write on one member is read on another: one cluster, not three.
      expect(etcdctl(0, "put", "/registry/after", "three").code).toBe(0);
      await until("replication", () => get(2, "/registry/after") === "three");
    }, 180_000);
  },
);
