/**
 * `doctor --inventory` / `--node` through the CLI against real sshd in network namespaces
 * (test/fakes/netns-hosts.mjs): the host checks run on each node through sshNode. Host 0 is left as
 * netns-hosts makes it (swap on, br_netfilter not loaded, forwarding off); host 1 is healthy; a
 * third inventory entry points at a port where no sshd listens. Only those addresses are dialled.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NetnsHosts, SUDO_USER, startNetnsHosts } from "../fakes/netns-hosts.mjs";
import { runCli } from "../fakes/ports.js";
import {
  firstReason,
  requireNetns,
  requireSharedTestdata,
  requireTool,
  skipTitle,
} from "../support/requires.js";

const REASON = firstReason(requireNetns(), requireTool("sudo"), requireSharedTestdata("transcripts"));
const KERNEL_IDS = ["host.br-netfilter", "host.ip-forward", "host.swap-on"];

let net: NetnsHosts;
let knownHosts: string;
let healthyPath: Record<string, string> = {};

/**
 * A node with what kubeadm needs: no swap, the modules loaded, forwarding and bridge sysctls on,
 * cgroup v2, containerd on the systemd driver and running (a systemctl of its own, first on PATH).
 */
function makeHealthy(root: string): Record<string, string> {
  const bin = join(root, "..", "bin-healthy");
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, "systemctl"),
    '#!/bin/sh\ncase "$1" in show) echo LoadState=loaded; echo ActiveState=active; echo SubState=running; echo Result=success ;; esac\n',
    { mode: 0o755 },
  );
  const files: Record<string, string> = {
    "etc/containerd/config.toml":
      'version = 2\n[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "registry.k8s.io/pause:3.10"\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n',
    "sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory pids\n",
    "proc/net/tcp":
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
    "proc/net/tcp6":
      "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
    "etc/fstab": "UUID=3b1d / ext4 errors=remount-ro 0 1\n",
    "proc/swaps": "Filename\tType\tSize\tUsed\tPriority\n",
    "proc/modules": "br_netfilter 32768 0 - Live 0x0\noverlay 151552 0 - Live 0x0\n",
    "proc/sys/net/ipv4/ip_forward": "1\n",
    "proc/sys/net/bridge/bridge-nf-call-iptables": "1\n",
    "proc/sys/net/bridge/bridge-nf-call-ip6tables": "1\n",
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, ".."), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return { PATH: bin };
}

function inventory(opts: { user?: string; dead?: boolean } = {}): string {
  const hosts: Record<string, unknown>[] = net.hosts.map((h) => ({
    host: h.address,
    root: h.root,
    env: h.index === 1 ? { ...h.env, PATH: `${healthyPath.PATH}:${h.env.PATH}` } : h.env,
  }));
  // sshd listens on 22 only: 2222 on the same namespace address is refused.
  if (opts.dead) hosts.push({ host: net.hosts[0]?.address, port: 2222, root: "/" });
  const path = join(net.dir, `inv-${opts.user ?? "root"}-${opts.dead ? "dead" : "ok"}.yaml`);
  writeFileSync(
    path,
    yaml.dump({ defaults: { user: opts.user ?? "root", identityFile: net.clientKey }, hosts }),
  );
  return path;
}

const doctor = (args: string[], lang = "en") =>
  runCli(
    ["doctor", ...args, "--known-hosts", knownHosts, "--profile", "upstream", "--k8s-version", "v1.33.2"],
    {
      env: { LANG: lang === "zh" ? "zh_CN.UTF-8" : "en_US.UTF-8", HOME: net.dir },
    },
  );

interface JsonNode {
  node: string;
  address: string;
  findings: { id: string; node: string; severity: string; evidence: string }[];
  summary: { errors: number; warnings: number };
  host: { checked: boolean; role?: string };
}

describe.skipIf(REASON !== undefined)(
  skipTitle("doctor on other nodes over SSH (netns hosts)", REASON),
  () => {
    beforeAll(async () => {
      net = await startNetnsHosts(2, { octet: 237, users: true });
      knownHosts = join(net.dir, "known_hosts");
      writeFileSync(knownHosts, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
      healthyPath = makeHealthy(net.hosts[1]?.root ?? "");
    }, 60_000);
    afterAll(async () => {
      await net?.stop();
    }, 60_000);

    it("--inventory --output json: the broken node's kernel findings, none on the healthy one, the dead one a finding", async () => {
      const r = await doctor(["--inventory", inventory({ dead: true }), "--output", "json"]);
      expect(r.code, r.stderr).toBe(3);
      const doc = JSON.parse(r.stdout) as { nodes: JsonNode[]; summary: { errors: number } };
      const [broken, healthy, dead] = doc.nodes;
      expect(doc.nodes.map((n) => n.node)).toEqual([
        net.hosts[0]?.address,
        net.hosts[1]?.address,
        `${net.hosts[0]?.address}:2222`,
      ]);
      expect(broken?.address).toBe(`root@${net.hosts[0]?.address}:22`);
      expect(broken?.host).toEqual({ checked: true, role: "none" });
      const ids = broken?.findings.map((f) => f.id) ?? [];
      for (const id of KERNEL_IDS) expect(ids).toContain(id);
      expect(broken?.findings.every((f) => f.node === net.hosts[0]?.address)).toBe(true);
      // The evidence is the remote file's own text.
      expect(broken?.findings.find((f) => f.id === "host.swap-on")?.evidence).toContain("/swapfile");
      const problems = (healthy?.findings ?? []).filter((f) => f.severity !== "info");
      expect(problems, JSON.stringify(problems)).toEqual([]);
      expect(healthy?.summary).toMatchObject({ errors: 0, warnings: 0 });
      expect(dead?.findings.map((f) => f.id)).toEqual(["host.ssh-failed"]);
      expect(dead?.findings[0]?.evidence).toMatch(/refused/);
      expect(doc.summary.errors).toBeGreaterThanOrEqual(4);
    }, 60_000);

    it("text, en and zh: grouped by node, then one line over all nodes", async () => {
      const inv = inventory();
      const en = await doctor(["--inventory", inv]);
      expect(en.code, en.stderr).toBe(3);
      const [first, second] = en.stdout.split(/^=== /m).filter(Boolean);
      expect(first).toMatch(new RegExp(`^node ${net.hosts[0]?.address} \\(root@`));
      for (const id of KERNEL_IDS) expect(first).toContain(`[${id}]`);
      expect(second).toMatch(new RegExp(`^node ${net.hosts[1]?.address} `));
      expect(second).toContain("No problems found");
      // Not "--host-only": nobody passed it.
      expect(first).toContain("cluster: not checked on other nodes");
      expect(en.stdout).not.toContain("--host-only");
      expect(second).not.toMatch(/\[host\./);
      expect(en.stdout.trimEnd().split("\n").at(-1)).toBe(
        `2 nodes checked: problems on 1 (${net.hosts[0]?.address}).`,
      );

      const zh = await doctor(["--inventory", inv], "zh");
      expect(zh.code, zh.stderr).toBe(3);
      expect(zh.stdout).toContain(`=== 节点 ${net.hosts[0]?.address}（root@`);
      expect(zh.stdout).toContain("[host.swap-on]");
      expect(zh.stdout).toContain("未发现问题");
      expect(zh.stdout.trimEnd().split("\n").at(-1)).toBe(
        `已检查 2 个节点：其中 1 个有问题（${net.hosts[0]?.address}）。`,
      );
      expect(zh.stdout).not.toContain("No problems found");
      expect(zh.stdout).toContain("集群：检查其他节点时不检查集群");
      expect(zh.stdout).toContain("节点：已检查（尚未 init 或 join）");
      expect(zh.stdout).not.toContain("本机：");
    }, 60_000);

    it("--node picks inventory hosts (healthy: exit 0; as a sudo user); --node USER@HOST:PORT alone", async () => {
      const inv = inventory();
      const one = await doctor([
        "--inventory",
        inv,
        "--node",
        net.hosts[1]?.address ?? "",
        "--output",
        "json",
      ]);
      expect(one.code, one.stdout).toBe(0);
      expect((JSON.parse(one.stdout) as { nodes: JsonNode[] }).nodes.map((n) => n.node)).toEqual([
        net.hosts[1]?.address,
      ]);

      // --ssh-user overrides the file's defaults: the broken node as a user with passwordless sudo.
      const sudo = await doctor([
        "--inventory",
        inv,
        "--node",
        net.hosts[0]?.address ?? "",
        "--ssh-user",
        SUDO_USER.name,
        "--output",
        "json",
      ]);
      expect(sudo.code, sudo.stderr).toBe(3);
      const doc = JSON.parse(sudo.stdout) as { nodes: JsonNode[] };
      expect(doc.nodes[0]?.address).toBe(`${SUDO_USER.name}@${net.hosts[0]?.address}:22`);
      const ids = doc.nodes[0]?.findings.map((f) => f.id) ?? [];
      for (const id of KERNEL_IDS) expect(ids).toContain(id);

      // No inventory: USER@HOST:PORT and the key from the flags (a port nothing listens on: nothing
      // of this machine is read through it).
      const direct = await doctor([
        "--node",
        `${SUDO_USER.name}@${net.hosts[1]?.address}:2222`,
        "--identity-file",
        net.clientKey,
      ]);
      expect(direct.code, direct.stderr).toBe(3);
      expect(direct.stdout).toContain(
        `=== node ${net.hosts[1]?.address}:2222 (${SUDO_USER.name}@${net.hosts[1]?.address}:2222) ===`,
      );
      expect(direct.stdout).toContain(
        `[host.ssh-failed] ${net.hosts[1]?.address}:2222: the node could not be checked over SSH`,
      );
      expect(direct.stdout).toContain(`ssh -p 2222 ${SUDO_USER.name}@${net.hosts[1]?.address} sudo -n true`);
    }, 60_000);

    it("bad input exits 2 before connecting; --dry-run lists the nodes and connects to none", async () => {
      const inv = inventory();
      const unknown = await doctor(["--inventory", inv, "--node", "10.237.9.9"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("--node 10.237.9.9: no host with that id or address in");
      const both = await doctor(["--inventory", inv, "--cluster-only"]);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("--cluster-only cannot be used with --inventory");
      const badHost = await doctor(["--node", "999.1.1.1"], "zh");
      expect(badHost.code).toBe(2);

      const before = net.hosts.map((h) => h.sshdLog().length);
      const dry = await doctor(["--inventory", inv, "--dry-run"]);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain("would check 2 nodes over SSH");
      expect(dry.stdout).toContain(
        `${net.hosts[1]?.address} (root@${net.hosts[1]?.address}:22, root ${net.hosts[1]?.root})`,
      );
      expect(net.hosts.map((h) => h.sshdLog().length)).toEqual(before);
    }, 60_000);
  },
);
