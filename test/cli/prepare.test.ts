import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../fakes/ports.js";
import { FakeRunner, type Reply } from "../fakes/runner.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "containerd");
const DEFAULT_CONFIG = readFileSync(join(FIXTURES, "config-1.6-default.toml"), "utf8").replace(
  /^#.*\n/gm,
  "",
);

/** A host that needs everything: swap on, modules not loaded, forwarding off, no containerd config. */
function unpreparedHost(): string {
  const root = mkdtempSync(join(tmpdir(), "kadm-prep-"));
  const files: Record<string, string> = {
    "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "/etc/fstab": "UUID=3b1d / ext4 errors=remount-ro 0 1\n/swap.img none swap sw 0 0\n",
    "/etc/hostname": "master-1\n",
    "/etc/hosts": "127.0.0.1 localhost\n192.168.10.11 master-1\n",
    "/proc/swaps": "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap.img  file  1048572  0  -2\n",
    "/proc/modules": "nf_conntrack 172032 1 - Live 0x0000000000000000\n",
    "/proc/meminfo": "MemTotal:        4015852 kB\n",
    "/sys/devices/system/cpu/online": "0-3\n",
    "/proc/sys/net/ipv4/ip_forward": "0\n",
    "/sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
    "/proc/sys/kernel/hostname": "master-1\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The tools kubeadm's preflight looks for, and kubeadm/kubelet/kubectl, present under the root. */
function withTools(root: string): void {
  mkdirSync(join(root, "usr/sbin"), { recursive: true });
  for (const tool of ["iptables", "ip", "mount", "nsenter", "conntrack", "ebtables", "ethtool", "socat"]) {
    writeFileSync(join(root, "usr/sbin", tool), "");
  }
  mkdirSync(join(root, "usr/bin"), { recursive: true });
  for (const tool of ["kubeadm", "kubelet", "kubectl"]) writeFileSync(join(root, "usr/bin", tool), "");
}

const REPLIES: Record<string, Reply> = {
  "containerd config default": { stdout: DEFAULT_CONFIG },
  // Keyed by host path: the one binary rule runs <root>/usr/bin/kubeadm (FakeRunner's root strips it).
  "/usr/bin/kubeadm version -o short": { stdout: "v1.33.2\n" },
  "/usr/bin/kubelet --version": { stdout: "Kubernetes v1.33.2\n" },
  "uname -m": { stdout: "x86_64\n" },
};

describe("kadm-wizard prepare", () => {
  it("--dry-run prints preflight, every diff and command, and changes nothing", async () => {
    const root = unpreparedHost();
    withTools(root);
    const before = readdirSync(join(root, "etc")).sort();
    let runner: FakeRunner | undefined;
    const r = await runCli(["prepare", "--root", root, "--dry-run", "--k8s-version", "v1.33.2"], {
      overrides: { runner: (dry) => (runner = new FakeRunner(REPLIES, dry, {}, root)) },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Preflight:\n[\s\S]*✗ swap is on/);
    expect(r.stdout).toContain("+# /swap.img none swap sw 0 0  # disabled by kadm-wizard");
    expect(r.stdout).toContain("$ swapoff -a");
    expect(r.stdout).toContain("$ modprobe br_netfilter");
    expect(r.stdout).toContain("$ sysctl -w net.ipv4.ip_forward=1");
    expect(r.stdout).toContain('sandbox_image = "registry.aliyuncs.com/google_containers/pause:3.10"');
    expect(r.stdout).toContain("$ systemctl restart containerd");
    expect(r.stdout).toContain("dry run: nothing on this host was changed");
    expect(
      runner?.calls.filter((c) => c.opts.changes && !runner?.recorded.includes(c.argv.join(" "))),
    ).toEqual([]);
    expect(readdirSync(join(root, "etc")).sort()).toEqual(before);
    expect(readFileSync(join(root, "etc/fstab"), "utf8")).toContain("\n/swap.img none swap");
  });

  it("--dry-run on a host preparation cannot fix: a warning names the checks and what to do first (en, zh)", async () => {
    const root = unpreparedHost(); // no iptables, ip, mount, ... : kubeadm's preflight would refuse it
    const replies = REPLIES; // and no kubeadm/kubelet under the root: missing, whatever is scripted
    for (const lang of ["en", "zh"]) {
      const r = await runCli(
        ["prepare", "--root", root, "--dry-run", "--k8s-version", "v1.33.2", "--lang", lang],
        {
          overrides: { runner: (dry) => new FakeRunner(replies, dry, {}, root) },
        },
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("$ swapoff -a");
      expect(r.stderr).not.toMatch(/^(error|错误)/m);
      const err = r.stderr
        .split("\n")
        .filter((l) => /^(warning|警告)/.test(l) && l.includes("host.binaries"));
      expect(err).toHaveLength(1);
      expect(err[0]).toContain("host.binaries");
      expect(err[0]).toContain("host.kube-binaries");
      expect(err[0]).toContain("kadm-wizard prepare --install-packages");
      expect(err[0]).toContain(
        lang === "en" ? "would still fail after preparation" : "准备完成后仍会有 2 项检查失败",
      );
      expect(r.stdout).not.toContain("Run again without --dry-run to apply");
    }
    expect(readFileSync(join(root, "etc/fstab"), "utf8")).toContain("\n/swap.img none swap");
  });

  it("applies every step once; the second run reports everything unchanged", async () => {
    const root = unpreparedHost();
    const first = new FakeRunner(REPLIES, false, {}, root);
    const r1 = await runCli(["prepare", "--root", root, "--k8s-version", "v1.33.2"], {
      overrides: { runner: () => first },
    });
    expect(r1.stdout).toMatch(/~ swap off now and at boot: changed/);
    expect(first.changes).toEqual([
      "swapoff -a",
      "modprobe overlay",
      "modprobe br_netfilter",
      "sysctl -w net.bridge.bridge-nf-call-iptables=1",
      "sysctl -w net.bridge.bridge-nf-call-ip6tables=1",
      "sysctl -w net.ipv4.ip_forward=1",
      "systemctl restart containerd",
    ]);
    const config = readFileSync(join(root, "etc/containerd/config.toml"), "utf8");
    expect(config).toContain("SystemdCgroup = true");
    expect(readFileSync(join(root, "etc/containerd/certs.d/docker.io/hosts.toml"), "utf8")).toContain(
      '[host."https://docker.m.daocloud.io"]',
    );
    expect(readdirSync(join(root, "etc")).some((f) => /^fstab\.kadm-wizard-.*\.bak$/.test(f))).toBe(true);
    // The fake runner did not really load modules or set sysctls: the host "now" has them.
    writeFileSync(join(root, "proc/swaps"), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    writeFileSync(
      join(root, "proc/modules"),
      "overlay 151552 0 - Live 0x0\nbr_netfilter 32768 0 - Live 0x0\n",
    );
    writeFileSync(join(root, "proc/sys/net/ipv4/ip_forward"), "1\n");
    mkdirSync(join(root, "proc/sys/net/bridge"), { recursive: true });
    writeFileSync(join(root, "proc/sys/net/bridge/bridge-nf-call-iptables"), "1\n");
    writeFileSync(join(root, "proc/sys/net/bridge/bridge-nf-call-ip6tables"), "1\n");

    const second = new FakeRunner(REPLIES, false, {}, root);
    const r2 = await runCli(["prepare", "--root", root, "--k8s-version", "v1.33.2"], {
      overrides: { runner: () => second },
    });
    expect(second.changes).toEqual([]);
    expect(r2.stdout.match(/: unchanged/g)).toHaveLength(4);
    expect(r2.stdout).not.toMatch(/: changed/);
  });

  it("bad input exits 2 before touching the host", async () => {
    const root = unpreparedHost();
    const runner = new FakeRunner(REPLIES, false, {}, root);
    const r = await runCli(["prepare", "--root", root, "--role", "etcd"], {
      overrides: { runner: () => runner },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --role "etcd" is not one of: control-plane, worker\. Fix: /);
    expect(runner.calls).toEqual([]);
  });

  it("a failing step stops the run with the command, the cause and where it stopped", async () => {
    const root = unpreparedHost();
    const runner = new FakeRunner({
      ...REPLIES,
      "modprobe br_netfilter": {
        exitCode: 1,
        stderr: "modprobe: FATAL: Module br_netfilter not found in directory /lib/modules/6.1.0-9-amd64\n",
      },
    });
    const r = await runCli(["prepare", "--root", root, "--k8s-version", "v1.33.2"], {
      overrides: { runner: () => runner },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error: `modprobe br_netfilter` failed: modprobe: FATAL: Module br_netfilter not found",
    );
    expect(r.stderr).toContain('host preparation stopped at "kernel modules overlay, br_netfilter"');
    expect(r.stdout).toContain("~ swap off now and at boot: changed");
  });

  it("--dry-run on a cgroup v1 host with 1.35: fails with the ways out, warns with --allow-cgroup-v1 (en, zh)", async () => {
    const root = unpreparedHost();
    withTools(root);
    rmSync(join(root, "sys/fs/cgroup/cgroup.controllers"));
    writeFileSync(
      join(root, "proc/mounts"),
      "tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0\ncgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n",
    );
    const replies = {
      ...REPLIES,
      "/usr/bin/kubeadm version -o short": { stdout: "v1.35.7\n" },
      "/usr/bin/kubelet --version": { stdout: "Kubernetes v1.35.7\n" },
    };
    const prepare = (...extra: string[]) =>
      runCli(["prepare", "--root", root, "--dry-run", "--k8s-version", "v1.35.7", ...extra], {
        overrides: { runner: (dry) => new FakeRunner(replies, dry, {}, root) },
      });
    const cgroupLine = (out: string) => out.split("\n").find((l) => l.includes("cgroup v1")) ?? "";

    const refused = await prepare();
    expect(cgroupLine(refused.stdout)).toMatch(
      /^✗ this host runs cgroup v1: the kubelet of Kubernetes v1\.35\.7/,
    );
    expect(refused.stdout).toContain("kadm-wizard init --allow-cgroup-v1");

    const allowed = await prepare("--allow-cgroup-v1");
    expect(cgroupLine(allowed.stdout)).toMatch(/^! this host runs cgroup v1, allowed by --allow-cgroup-v1/);
    expect(cgroupLine(allowed.stdout)).toContain("--allow-cgroup-v1: failCgroupV1: false");

    const zh = await prepare("--allow-cgroup-v1", "--lang", "zh");
    expect(zh.stdout).toMatch(/^! 此主机使用 cgroup v1，--allow-cgroup-v1 允许了它/m);
    // A dry run changes nothing, with or without the flag.
    expect(readdirSync(join(root, "etc")).sort()).not.toContain("kadm-wizard");
  });
});
