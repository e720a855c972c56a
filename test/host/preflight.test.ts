import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { containerdSystemdCgroup } from "../../src/host/preflight/cgroup-driver.js";
import { cgroupMode } from "../../src/host/preflight/cgroup-version.js";
import { countCpuList } from "../../src/host/preflight/cpu.js";
import {
  type CheckId,
  type CheckResult,
  type PreflightExpect,
  renderPreflight,
  runPreflight,
  summarizePreflight,
} from "../../src/host/preflight/index.js";
import { parseListenSockets } from "../../src/host/preflight/proc-net-tcp.js";
import { skewProblems } from "../../src/host/preflight/version-skew.js";
import { render } from "../../src/i18n/messages.js";
import { parseKubeVersion } from "../../src/validate/version.js";
import { FakeRunner, NOT_FOUND, type Reply } from "../fakes/runner.js";

// ---------------------------------------------------------------- fixtures: a healthy Ubuntu 24.04 node

const TCP_HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const TCP6_HEADER =
  "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
/** sshd on 0.0.0.0:22, systemd-resolved on 127.0.0.53:53, plus an established ssh session. */
const PROC_NET_TCP =
  TCP_HEADER +
  "   0: 3500007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000   991        0 18562 1 0000000000000000 100 0 0 10 5\n" +
  "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21466 1 0000000000000000 100 0 0 10 0\n" +
  "   2: 0B0AA8C0:0016 0100A8C0:D431 01 00000000:00000000 02:0009A3B2 00000000     0        0 40211 4 0000000000000000 20 4 31 10 -1\n";
const PROC_NET_TCP6 =
  TCP6_HEADER +
  "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21468 1 0000000000000000 100 0 0 10 0\n";

const tcpLine = (sl: number, local: string, state = "0A") =>
  `  ${sl}: ${local} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 5${sl}123 1 0000000000000000 100 0 0 10 0\n`;
const tcp6Line = (sl: number, local: string) =>
  `  ${sl}: ${local} 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6${sl}321 1 0000000000000000 100 0 0 10 0\n`;

const CONTAINERD_1X = `version = 2

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "registry.k8s.io/pause:3.10"
    [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes]
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
          runtime_type = "io.containerd.runc.v2"
          [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
            BinaryName = ""
            SystemdCgroup = true
`;

const CONTAINERD_2X_FALSE = `version = 3

[plugins]
  [plugins.'io.containerd.cri.v1.runtime']
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = 'runc'
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes]
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
          runtime_type = 'io.containerd.runc.v2'
          [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
            BinaryName = ''
            SystemdCgroup = false
`;

const MEMINFO = (kb: number) => `MemTotal:        ${kb} kB
MemFree:          211876 kB
MemAvailable:    2981244 kB
Buffers:          120140 kB
Cached:          2592212 kB
SwapCached:            0 kB
Active:          1496368 kB
Inactive:        1768424 kB
SwapTotal:             0 kB
SwapFree:              0 kB
`;

const KUBECTL_JSON = (v: string) => `{
  "clientVersion": {
    "major": "1",
    "minor": "${v.split(".")[1]}",
    "gitVersion": "${v}",
    "gitCommit": "a57b6f7709f6c2722b92f07b8b4c48210a51fc40",
    "gitTreeState": "clean",
    "buildDate": "2025-06-17T18:39:42Z",
    "goVersion": "go1.24.4",
    "compiler": "gc",
    "platform": "linux/amd64"
  },
  "kustomizeVersion": "v5.6.0"
}
`;

const SWAPS_HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

function healthyFiles(): Record<string, string> {
  return {
    "/etc/os-release":
      'PRETTY_NAME="Ubuntu 24.04.2 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.2 LTS (Noble Numbat)"\nID=ubuntu\nID_LIKE=debian\n',
    "/proc/sys/kernel/osrelease": "6.8.0-60-generic\n",
    "/sys/devices/system/cpu/online": "0-1\n",
    "/proc/meminfo": MEMINFO(3995032),
    "/proc/swaps": SWAPS_HEADER,
    "/proc/modules":
      "br_netfilter 32768 0 - Live 0x0000000000000000\n" +
      "bridge 421888 1 br_netfilter, Live 0x0000000000000000\n" +
      "overlay 212992 0 - Live 0x0000000000000000\n",
    "/proc/filesystems": "nodev\tsysfs\nnodev\ttmpfs\n\text4\nnodev\toverlay\n",
    "/proc/sys/net/bridge/bridge-nf-call-iptables": "1\n",
    "/proc/sys/net/ipv4/ip_forward": "1\n",
    "/sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
    "/var/run/containerd/containerd.sock": "",
    "/etc/containerd/config.toml": CONTAINERD_1X,
    "/usr/sbin/iptables": "",
    "/usr/bin/ip": "",
    "/usr/bin/mount": "",
    "/usr/bin/nsenter": "",
    "/usr/sbin/conntrack": "",
    "/usr/sbin/ebtables": "",
    "/usr/sbin/ethtool": "",
    "/usr/bin/socat": "",
    // kubeadm/kubelet/kubectl as their packages install them: found (and run) under the root.
    "/usr/bin/kubeadm": "",
    "/usr/bin/kubelet": "",
    "/usr/bin/kubectl": "",
    "/proc/net/tcp": PROC_NET_TCP,
    "/proc/net/tcp6": PROC_NET_TCP6,
    "/proc/sys/kernel/hostname": "master-1\n",
    "/etc/hostname": "master-1\n",
    "/etc/hosts": "127.0.0.1 localhost\n192.168.10.11 master-1\n\n# IPv6\n::1 ip6-localhost ip6-loopback\n",
  };
}

type Scripted = Reply;

function healthyCommands(): Record<string, Scripted> {
  return {
    "uname -m": { stdout: "x86_64\n" },
    "/usr/bin/kubeadm version -o short": { stdout: "v1.33.2\n" },
    "/usr/bin/kubelet --version": { stdout: "Kubernetes v1.33.2\n" },
    "/usr/bin/kubectl version --client -o json": { stdout: KUBECTL_JSON("v1.33.2") },
    "systemctl is-active firewalld": { stdout: "inactive\n", exitCode: 3 },
    hostname: { stdout: "master-1\n" },
  };
}

// ---------------------------------------------------------------- fakes

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

interface Host {
  files: Record<string, string | undefined>;
  commands: Record<string, Scripted>;
  /** Host paths of sockets that accept a connection. */
  sockets: Set<string>;
  probeError?: Error;
  /** --kubeadm as the command got it (PreflightEnv.kubeadm). */
  kubeadm?: string;
}

const ALL_IDS: CheckId[] = [
  "host.os",
  "host.cpu",
  "host.memory",
  "host.swap-on",
  "host.br-netfilter",
  "host.overlay",
  "host.ip-forward",
  "host.runtime-socket",
  "host.cgroup-driver-mismatch",
  "host.cgroup-v1",
  "host.kube-binaries",
  "host.version-skew",
  "host.binaries",
  "host.port-in-use",
  "host.hostname",
  "host.selinux",
  "host.firewalld",
];

const CONTROL_PLANE: PreflightExpect = {
  kubernetesVersion: "v1.33.2",
  cgroupDriver: "systemd",
  criSocket: "unix:///var/run/containerd/containerd.sock",
  role: "control-plane",
};

interface Run {
  results: CheckResult[];
  get(id: CheckId): CheckResult;
  probed: string[];
  root: string;
  runner: FakeRunner;
}

/** Builds a temp root from the healthy host with `change` applied, runs every check, checks invariants. */
async function preflight(
  change: (h: Host) => void = () => {},
  expectOverride: Partial<PreflightExpect> = {},
): Promise<Run> {
  const host: Host = {
    files: healthyFiles(),
    commands: healthyCommands(),
    sockets: new Set(["/var/run/containerd/containerd.sock"]),
  };
  change(host);
  const root = mkdtempSync(join(tmpdir(), "kadm-preflight-"));
  roots.push(root);
  for (const [path, content] of Object.entries(host.files)) {
    if (content === undefined) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const fs = rootedHostFs({ root });
  const runner = new FakeRunner(host.commands, false, NOT_FOUND, root);
  const probed: string[] = [];
  const results = await runPreflight(
    {
      fs,
      runner,
      ...(host.kubeadm ? { kubeadm: host.kubeadm } : {}),
      probeSocket: async (path) => {
        probed.push(path);
        if (host.probeError) throw host.probeError;
        return [...host.sockets].some((s) => fs.resolve(s) === path);
      },
    },
    { ...CONTROL_PLANE, ...expectOverride },
  );

  // Invariants for every run: stable ids in order, a fix for every warn/fail, text in both languages.
  expect(results.map((r) => r.id)).toEqual(ALL_IDS);
  for (const r of results) {
    expect(r.evidence.length).toBeGreaterThan(0);
    if (r.status !== "pass") expect(r.fix, `${r.id} has no fix`).toBeDefined();
    for (const lang of ["en", "zh"] as const) {
      const text = render(lang, r.title) + (r.fix ? render(lang, r.fix) : "");
      expect(text).not.toMatch(/undefined/);
      expect(r.title.key.startsWith("preflight.")).toBe(true);
    }
  }
  // Nothing run may change the host.
  expect(
    runner.calls.every(({ argv }) =>
      /^(uname|(\S*\/)?kubeadm version|(\S*\/)?kubelet --version|(\S*\/)?kubectl version|systemctl is-active|hostname)/.test(
        argv.join(" ").replace(root, ""),
      ),
    ),
  ).toBe(true);

  return {
    results,
    probed,
    root,
    runner,
    get(id) {
      const r = results.find((x) => x.id === id);
      if (!r) throw new Error(`no result ${id}`);
      return r;
    },
  };
}

const fixText = (r: CheckResult, lang: "en" | "zh" = "en") => (r.fix ? render(lang, r.fix) : "");
const titleText = (r: CheckResult, lang: "en" | "zh" = "en") => render(lang, r.title);

// ---------------------------------------------------------------- tests

describe("preflight on a healthy control-plane host", () => {
  it("passes every check, with evidence of the raw facts and no fixes", async () => {
    const run = await preflight();
    expect(run.results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(run.results.every((r) => r.fix === undefined)).toBe(true);
    expect(summarizePreflight(run.results)).toEqual({ failed: 0, warned: 0, passed: ALL_IDS.length });
    expect(run.get("host.os").evidence).toContain('PRETTY_NAME="Ubuntu 24.04.2 LTS"');
    expect(run.get("host.os").evidence).toContain("uname -m: x86_64");
    expect(run.get("host.cpu").evidence).toBe("/sys/devices/system/cpu/online: 0-1");
    expect(run.get("host.memory").evidence).toBe("/proc/meminfo: MemTotal:        3995032 kB");
    expect(titleText(run.get("host.memory"))).toBe("3901 MB of memory");
    expect(run.get("host.br-netfilter").evidence).toContain("br_netfilter 32768 0 - Live");
    expect(run.get("host.ip-forward").evidence).toBe("/proc/sys/net/ipv4/ip_forward: 1");
    expect(run.get("host.cgroup-driver-mismatch").evidence).toContain(
      "/etc/containerd/config.toml: SystemdCgroup = true",
    );
    expect(run.get("host.version-skew").evidence).toContain("/usr/bin/kubelet --version: Kubernetes v1.33.2");
    expect(run.get("host.version-skew").evidence).toContain("clientVersion.gitVersion v1.33.2");
    expect(run.get("host.binaries").evidence).toContain("iptables: /usr/sbin/iptables");
    expect(run.get("host.hostname").evidence).toContain("/etc/hosts: 192.168.10.11 master-1");
    expect(run.get("host.firewalld").evidence).toBe("systemctl is-active firewalld: inactive");
  });

  it("probes the CRI socket at its rooted path", async () => {
    const run = await preflight();
    expect(run.probed).toEqual([join(run.root, "var/run/containerd/containerd.sock")]);
    expect(run.get("host.runtime-socket").evidence).toBe(
      "/var/run/containerd/containerd.sock: exists, connect ok",
    );
  });

  it("renders one line per check and indents fixes under problems", async () => {
    const run = await preflight((h) => {
      h.files["/proc/swaps"] =
        `${SWAPS_HEADER}/dev/sda2                               partition\t2097148\t\t0\t\t-2\n`;
    });
    const en = renderPreflight(run.results, "en").split("\n");
    expect(en[0]).toBe(
      '✓ operating system Ubuntu 24.04.2 LTS on x86_64 (/etc/os-release: PRETTY_NAME="Ubuntu 24.04.2 LTS"; uname -m: x86_64; /proc/sys/kernel/osrelease: 6.8.0-60-generic)',
    );
    const swap = en.findIndex((l) => l.startsWith("✗ swap is on"));
    expect(en[swap]).toContain("(/proc/swaps: /dev/sda2 partition 2097148)");
    expect(en[swap + 1]).toBe("    swapoff -a");
    expect(en[swap + 2]).toMatch(/^ {4}sed -ri .* \/etc\/fstab/);
    expect(en.filter((l) => /^[✓!✗] /.test(l))).toHaveLength(ALL_IDS.length);
    const zh = renderPreflight(run.results, "zh");
    expect(zh).toContain("✗ swap 已开启");
    expect(zh).toContain("# 重启后保持关闭");
    expect(summarizePreflight(run.results)).toEqual({ failed: 1, warned: 0, passed: ALL_IDS.length - 1 });
  });
});

describe("host.os", () => {
  it("fails on an architecture without Kubernetes binaries", async () => {
    const r = (await preflight((h) => (h.commands["uname -m"] = { stdout: "armv7l\n" }))).get("host.os");
    expect(r).toMatchObject({
      status: "fail",
      title: { key: "preflight.os.arch", params: { arch: "armv7l" } },
    });
    expect(r.evidence).toContain("uname -m: armv7l");
    expect(fixText(r)).toContain("aarch64");
  });

  it("warns when the distribution or the architecture cannot be read", async () => {
    const noRelease = (await preflight((h) => (h.files["/etc/os-release"] = undefined))).get("host.os");
    expect(noRelease).toMatchObject({ status: "warn", title: { key: "preflight.os.noRelease" } });
    expect(noRelease.evidence).toContain("/etc/os-release: missing");
    const noUname = (await preflight((h) => (h.commands["uname -m"] = NOT_FOUND))).get("host.os");
    expect(noUname).toMatchObject({ status: "warn", title: { key: "preflight.os.archUnknown" } });
    expect(noUname.evidence).toContain("uname -m: not found");
  });

  it("fails a pre-4.19 kernel from Kubernetes 1.32 on, and not before", async () => {
    const el8 = (h: Host) => (h.files["/proc/sys/kernel/osrelease"] = "4.18.0-553.el8_10.x86_64\n");
    const r = (await preflight(el8)).get("host.os");
    expect(r).toMatchObject({ status: "fail", title: { key: "preflight.os.kernel" } });
    expect(r.evidence).toContain("/proc/sys/kernel/osrelease: 4.18.0-553.el8_10.x86_64");
    expect(fixText(r)).toContain("--ignore-preflight-errors=SystemVerification");
    const old = (
      await preflight(
        (h) => {
          el8(h);
          h.commands["/usr/bin/kubeadm version -o short"] = { stdout: "v1.31.9\n" };
          h.commands["/usr/bin/kubelet --version"] = { stdout: "Kubernetes v1.31.9\n" };
          h.commands["/usr/bin/kubectl version --client -o json"] = { stdout: KUBECTL_JSON("v1.31.9") };
        },
        { kubernetesVersion: "v1.31.9" },
      )
    ).get("host.os");
    expect(old.status).toBe("pass");
  });
});

describe("host.cpu and host.memory", () => {
  it("fails a one-CPU control plane but not a worker", async () => {
    const one = (h: Host) => (h.files["/sys/devices/system/cpu/online"] = "0\n");
    const cp = (await preflight(one)).get("host.cpu");
    expect(cp).toMatchObject({ status: "fail", title: { key: "preflight.cpu.low", params: { count: 1 } } });
    expect(cp.evidence).toBe("/sys/devices/system/cpu/online: 0");
    expect(fixText(cp)).toContain("at least 2 CPUs");
    expect((await preflight(one, { role: "worker" })).get("host.cpu").status).toBe("pass");
  });

  it("counts CPU lists and falls back to /proc/cpuinfo", async () => {
    expect(countCpuList("0-3,6,8-9\n")).toBe(7);
    expect(countCpuList("garbage")).toBeUndefined();
    const r = (
      await preflight((h) => {
        h.files["/sys/devices/system/cpu/online"] = undefined;
        h.files["/proc/cpuinfo"] = [0, 1, 2, 3]
          .map(
            (n) =>
              `processor\t: ${n}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n`,
          )
          .join("\n");
      })
    ).get("host.cpu");
    expect(r).toMatchObject({ status: "pass", title: { params: { count: 4 } } });
    expect(r.evidence).toContain('/proc/cpuinfo: 4 "processor" lines');
    const none = (await preflight((h) => (h.files["/sys/devices/system/cpu/online"] = undefined))).get(
      "host.cpu",
    );
    expect(none).toMatchObject({ status: "warn", title: { key: "preflight.cpu.unknown" } });
  });

  it("fails a control plane under 1700 MB and shows the MemTotal line", async () => {
    const small = (h: Host) => (h.files["/proc/meminfo"] = MEMINFO(1015812));
    const r = (await preflight(small)).get("host.memory");
    expect(r).toMatchObject({ status: "fail", title: { key: "preflight.memory.low", params: { mb: 992 } } });
    expect(r.evidence).toBe("/proc/meminfo: MemTotal:        1015812 kB");
    expect(fixText(r)).toContain("1700 MB");
    expect((await preflight(small, { role: "worker" })).get("host.memory").status).toBe("pass");
    const missing = (await preflight((h) => (h.files["/proc/meminfo"] = undefined))).get("host.memory");
    expect(missing).toMatchObject({ status: "warn", evidence: "/proc/meminfo: missing" });
  });
});

describe("host.swap-on", () => {
  it("fails with swap on and gives swapoff plus the fstab edit", async () => {
    const r = (
      await preflight((h) => {
        h.files["/proc/swaps"] =
          `${SWAPS_HEADER}/dev/sda2                               partition\t2097148\t\t0\t\t-2\n`;
      })
    ).get("host.swap-on");
    expect(r.status).toBe("fail");
    expect(r.evidence).toBe("/proc/swaps: /dev/sda2 partition 2097148");
    expect(fixText(r)).toContain("swapoff -a");
    expect(fixText(r)).toContain("/etc/fstab");
  });

  it("names zram-generator for zram swap", async () => {
    const r = (
      await preflight((h) => {
        h.files["/proc/swaps"] =
          `${SWAPS_HEADER}/dev/zram0                              partition\t8388604\t\t0\t\t100\n`;
      })
    ).get("host.swap-on");
    expect(r).toMatchObject({ status: "fail", fix: { key: "preflight.swap.fixZram" } });
    expect(fixText(r)).toContain("zram-generator.conf");
  });

  it("only warns when the kubelet config tolerates swap", async () => {
    const r = (
      await preflight((h) => {
        h.files["/proc/swaps"] =
          `${SWAPS_HEADER}/swap.img                               file\t\t4194300\t\t0\t\t-2\n`;
        h.files["/var/lib/kubelet/config.yaml"] =
          "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nfailSwapOn: false\nmemorySwap:\n  swapBehavior: LimitedSwap\n";
      })
    ).get("host.swap-on");
    expect(r.status).toBe("warn");
    expect(r.evidence).toBe(
      "/proc/swaps: /swap.img file 4194300; /var/lib/kubelet/config.yaml: failSwapOn: false",
    );
  });
});

describe("host.br-netfilter, host.overlay, host.ip-forward", () => {
  it("fails when br_netfilter is not loaded (the sysctl file is missing)", async () => {
    const r = (
      await preflight((h) => {
        h.files["/proc/modules"] = "overlay 212992 0 - Live 0x0000000000000000\n";
        h.files["/proc/sys/net/bridge/bridge-nf-call-iptables"] = undefined;
      })
    ).get("host.br-netfilter");
    expect(r).toMatchObject({ status: "fail", title: { key: "preflight.brNetfilter.notLoaded" } });
    expect(r.evidence).toContain("/proc/modules: no br_netfilter");
    expect(r.evidence).toContain("/proc/sys/net/bridge/bridge-nf-call-iptables: missing");
    expect(fixText(r)).toContain("modprobe br_netfilter");
  });

  it("fails when bridge-nf-call-iptables is 0, and accepts a built-in br_netfilter", async () => {
    const off = (
      await preflight((h) => (h.files["/proc/sys/net/bridge/bridge-nf-call-iptables"] = "0\n"))
    ).get("host.br-netfilter");
    expect(off).toMatchObject({ status: "fail", title: { params: { value: "0" } } });
    expect(off.evidence).toContain("bridge-nf-call-iptables: 0");
    expect(fixText(off)).toContain("net.bridge.bridge-nf-call-iptables = 1");
    const builtin = (
      await preflight((h) => {
        h.files["/proc/modules"] = "overlay 212992 0 - Live 0x0000000000000000\n";
        h.files["/sys/module/br_netfilter/uevent"] = "";
      })
    ).get("host.br-netfilter");
    expect(builtin.status).toBe("pass");
    expect(builtin.evidence).toContain("/sys/module/br_netfilter: present (built in)");
  });

  it("warns when overlay is neither loaded nor a known filesystem", async () => {
    const r = (
      await preflight((h) => {
        h.files["/proc/modules"] = "br_netfilter 32768 0 - Live 0x0000000000000000\n";
        h.files["/proc/filesystems"] = "nodev\tsysfs\n\text4\n";
      })
    ).get("host.overlay");
    expect(r).toMatchObject({ status: "warn", title: { key: "preflight.overlay.missing" } });
    expect(fixText(r)).toContain("modprobe overlay");
    const builtin = (
      await preflight((h) => (h.files["/proc/modules"] = "br_netfilter 32768 0 - Live 0x0000000000000000\n"))
    ).get("host.overlay");
    expect(builtin).toMatchObject({ status: "pass", evidence: "/proc/filesystems: nodev overlay" });
  });

  it("fails with forwarding off", async () => {
    const r = (await preflight((h) => (h.files["/proc/sys/net/ipv4/ip_forward"] = "0\n"))).get(
      "host.ip-forward",
    );
    expect(r).toMatchObject({ status: "fail", evidence: "/proc/sys/net/ipv4/ip_forward: 0" });
    expect(fixText(r)).toContain("sysctl -w net.ipv4.ip_forward=1");
  });
});

describe("host.runtime-socket", () => {
  it("fails when nothing answers, telling a missing socket from a dead one", async () => {
    const dead = (await preflight((h) => h.sockets.clear())).get("host.runtime-socket");
    expect(dead).toMatchObject({
      status: "fail",
      evidence: "/var/run/containerd/containerd.sock: exists, connect failed",
    });
    expect(fixText(dead)).toContain("systemctl enable --now containerd");
    const missing = (
      await preflight((h) => {
        h.sockets.clear();
        h.files["/var/run/containerd/containerd.sock"] = undefined;
      })
    ).get("host.runtime-socket");
    expect(missing.evidence).toBe("/var/run/containerd/containerd.sock: missing, connect failed");
  });

  it("names the CRI-O unit for a CRI-O socket and refuses non-unix sockets", async () => {
    const crio = (await preflight(() => {}, { criSocket: "unix:///var/run/crio/crio.sock" })).get(
      "host.runtime-socket",
    );
    expect(crio.status).toBe("fail");
    expect(fixText(crio)).toContain("systemctl enable --now crio");
    const tcp = (await preflight(() => {}, { criSocket: "tcp://127.0.0.1:2375" })).get("host.runtime-socket");
    expect(tcp).toMatchObject({ status: "fail", evidence: "criSocket: tcp://127.0.0.1:2375" });
    expect(fixText(tcp)).toContain("--cri-socket unix:///");
  });

  it("turns a check that throws into a warning for its id only", async () => {
    const run = await preflight((h) => (h.probeError = new Error("EACCES: permission denied")));
    const r = run.get("host.runtime-socket");
    expect(r).toMatchObject({ status: "warn", title: { key: "preflight.checkError" } });
    expect(r.evidence).toBe("error: EACCES: permission denied");
    expect(run.results.filter((x) => x.status !== "pass").map((x) => x.id)).toEqual(["host.runtime-socket"]);
  });
});

describe("host.cgroup-driver-mismatch", () => {
  it("fails when containerd uses cgroupfs but systemd is expected", async () => {
    const r = (await preflight((h) => (h.files["/etc/containerd/config.toml"] = CONTAINERD_2X_FALSE))).get(
      "host.cgroup-driver-mismatch",
    );
    expect(r).toMatchObject({
      status: "fail",
      title: {
        key: "preflight.cgroup.runtime",
        params: { runtime: "containerd", actual: "cgroupfs", expected: "systemd" },
      },
    });
    expect(r.evidence).toContain("/etc/containerd/config.toml: SystemdCgroup = false");
    expect(fixText(r)).toContain("SystemdCgroup = true");
    expect(fixText(r)).toContain("systemctl restart containerd");
  });

  it("treats a missing SystemdCgroup (or config) as containerd's cgroupfs default", async () => {
    const noLine = (
      await preflight(
        (h) =>
          (h.files["/etc/containerd/config.toml"] = 'version = 2\n[plugins."io.containerd.grpc.v1.cri"]\n'),
      )
    ).get("host.cgroup-driver-mismatch");
    expect(noLine.status).toBe("fail");
    expect(noLine.evidence).toContain("no SystemdCgroup (default cgroupfs)");
    const noFileCgroupfs = (
      await preflight((h) => (h.files["/etc/containerd/config.toml"] = undefined), {
        cgroupDriver: "cgroupfs",
      })
    ).get("host.cgroup-driver-mismatch");
    expect(noFileCgroupfs.status).toBe("pass");
    expect(noFileCgroupfs.evidence).toContain("/etc/containerd/config.toml: missing (default cgroupfs)");
  });

  it("fails when a leftover kubelet config disagrees", async () => {
    const r = (
      await preflight((h) => {
        h.files["/var/lib/kubelet/config.yaml"] =
          "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: cgroupfs\n";
      })
    ).get("host.cgroup-driver-mismatch");
    expect(r).toMatchObject({ status: "fail", title: { key: "preflight.cgroup.kubelet" } });
    expect(r.evidence).toContain("/var/lib/kubelet/config.yaml: cgroupDriver: cgroupfs");
    expect(fixText(r)).toContain("kadm-wizard reset");
  });

  it("reads CRI-O drop-ins and warns for runtimes it cannot read", async () => {
    const crioSocket = { criSocket: "unix:///var/run/crio/crio.sock" };
    const crio = (await preflight(() => {}, crioSocket)).get("host.cgroup-driver-mismatch");
    expect(crio.status).toBe("pass");
    const crioCgroupfs = (
      await preflight((h) => {
        h.files["/etc/crio/crio.conf.d/10-crio.conf"] =
          '[crio.runtime]\ncgroup_manager = "cgroupfs"\nconmon_cgroup = "pod"\n';
      }, crioSocket)
    ).get("host.cgroup-driver-mismatch");
    expect(crioCgroupfs.status).toBe("fail");
    expect(crioCgroupfs.evidence).toContain(
      '/etc/crio/crio.conf.d/10-crio.conf: cgroup_manager = "cgroupfs"',
    );
    const docker = (await preflight(() => {}, { criSocket: "unix:///var/run/cri-dockerd.sock" })).get(
      "host.cgroup-driver-mismatch",
    );
    expect(docker).toMatchObject({ status: "warn", title: { key: "preflight.cgroup.unknown" } });
  });

  it("prefers the runc options table and ignores comments", () => {
    const toml = `[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata.options]
  SystemdCgroup = false
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
  # SystemdCgroup = false
  SystemdCgroup = true   # for kubeadm
`;
    expect(containerdSystemdCgroup(toml)).toEqual({ value: true, line: "SystemdCgroup = true" });
    expect(containerdSystemdCgroup(CONTAINERD_2X_FALSE)?.value).toBe(false);
    expect(containerdSystemdCgroup("version = 2\n")).toBeUndefined();
  });
});

/** /proc/mounts of a cgroup v1 host (CentOS 7 layout: a tmpfs of per-controller v1 mounts). */
const MOUNTS_V1 = [
  "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0",
  "tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0",
  "cgroup /sys/fs/cgroup/systemd cgroup rw,nosuid,nodev,noexec,relatime,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd 0 0",
  "cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0",
  "cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpuacct,cpu 0 0",
  "cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0",
  "",
].join("\n");
/** Ubuntu 20.04's default: v1 controllers plus cgroup2 on /sys/fs/cgroup/unified. */
const MOUNTS_HYBRID = MOUNTS_V1.replace(
  "cgroup /sys/fs/cgroup/memory",
  "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\ncgroup /sys/fs/cgroup/memory",
);
const v1Host =
  (mounts = MOUNTS_V1) =>
  (h: Host) => {
    h.files["/sys/fs/cgroup/cgroup.controllers"] = undefined;
    h.files["/proc/mounts"] = mounts;
  };

describe("host.cgroup-v1", () => {
  it("passes on the unified hierarchy, quoting cgroup.controllers", async () => {
    const r = (await preflight()).get("host.cgroup-v1");
    expect(r.status).toBe("pass");
    expect(r.evidence).toBe("/sys/fs/cgroup/cgroup.controllers: cpuset cpu io memory hugetlb pids rdma misc");
    expect(titleText(r)).toBe("cgroup v2 (unified hierarchy)");
  });

  it("fails for Kubernetes 1.35+ on cgroup v1 with the three ways out, in both languages", async () => {
    const r = (await preflight(v1Host(), { kubernetesVersion: "v1.35.2" })).get("host.cgroup-v1");
    expect(r.status).toBe("fail");
    expect(titleText(r)).toBe(
      "this host runs cgroup v1: the kubelet of Kubernetes v1.35.2 refuses to start on it (failCgroupV1 defaults to true from 1.35)",
    );
    expect(r.evidence).toBe(
      "/sys/fs/cgroup/cgroup.controllers: missing; /proc/mounts: cgroup (v1) on /sys/fs/cgroup/systemd, /sys/fs/cgroup/memory, /sys/fs/cgroup/cpu,cpuacct, ...; kubelet v1.35.2: failCgroupV1 true by default",
    );
    const fix = fixText(r);
    expect(fix).toContain("systemd.unified_cgroup_hierarchy=1");
    expect(fix).toContain("--k8s-version v1.34");
    expect(fix).toContain("failCgroupV1: false");
    expect(fix).toContain("kadm-wizard init --allow-cgroup-v1");
    // The flag puts the SystemVerification skip in the kubeadm config: no kubeadm flag to add by hand.
    expect(fix).not.toContain("--ignore-preflight-errors");
    const zh = titleText(r, "zh") + fixText(r, "zh");
    expect(zh).toContain("拒绝在其上启动");
    expect(zh).toContain("systemd.unified_cgroup_hierarchy=1");
    expect(zh).toContain("--k8s-version v1.34");
    expect(zh).toContain("kadm-wizard init --allow-cgroup-v1");
    const line = renderPreflight([r], "zh").split("\n")[0];
    expect(line).toContain("cgroup.controllers: 不存在");
    expect(line).toContain("cgroup（v1）挂载于 /sys/fs/cgroup/systemd");
    expect(line).toContain("默认 failCgroupV1 true");
  });

  it("only warns before 1.35, and names the hybrid layout", async () => {
    const r = (await preflight(v1Host(MOUNTS_HYBRID))).get("host.cgroup-v1");
    expect(r.status).toBe("warn");
    expect(titleText(r)).toBe(
      "this host runs cgroup v1 (hybrid layout): deprecated; from Kubernetes 1.35 the kubelet refuses to start on it",
    );
    expect(r.evidence).toContain("kubelet v1.33.2: failCgroupV1 false by default");
    expect(fixText(r)).toContain("systemd.unified_cgroup_hierarchy=1");
  });

  it("warns instead of failing when the node's kubelet config knowingly sets failCgroupV1: false", async () => {
    const r = (
      await preflight(
        (h) => {
          v1Host()(h);
          h.files["/var/lib/kubelet/config.yaml"] =
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nfailCgroupV1: false\n";
        },
        { kubernetesVersion: "v1.36.1" },
      )
    ).get("host.cgroup-v1");
    expect(r.status).toBe("warn");
    expect(r.evidence).toContain("/var/lib/kubelet/config.yaml: failCgroupV1: false");
    expect(titleText(r)).toContain("allowed by failCgroupV1: false");
  });

  it("warns instead of failing when this run sets --allow-cgroup-v1, saying so (en, zh)", async () => {
    const r = (await preflight(v1Host(), { kubernetesVersion: "v1.35.2", allowCgroupV1: true })).get(
      "host.cgroup-v1",
    );
    expect(r.status).toBe("warn");
    expect(r.evidence).toContain("--allow-cgroup-v1: failCgroupV1: false");
    expect(r.evidence).not.toContain("by default");
    expect(titleText(r)).toBe(
      "this host runs cgroup v1, allowed by --allow-cgroup-v1 (failCgroupV1: false; deprecated, to be removed)",
    );
    expect(titleText(r, "zh")).toContain("--allow-cgroup-v1 允许了它");
    expect(fixText(r)).toContain("systemd.unified_cgroup_hierarchy=1");
    // cgroup v2 stays a pass: the flag changes nothing there.
    expect((await preflight(() => {}, { allowCgroupV1: true })).get("host.cgroup-v1").status).toBe("pass");
  });

  it("reads v1 from a /sys/fs/cgroup without cgroup.controllers when /proc/mounts is unreadable", async () => {
    const r = (
      await preflight(
        (h) => {
          h.files["/sys/fs/cgroup/cgroup.controllers"] = undefined;
          h.files["/sys/fs/cgroup/memory/memory.limit_in_bytes"] = "9223372036854771712\n";
        },
        { kubernetesVersion: "v1.35.0" },
      )
    ).get("host.cgroup-v1");
    expect(r.status).toBe("fail");
    expect(r.evidence).toContain("/sys/fs/cgroup: exists");
  });

  it("warns with the unreadable fix when there is no /sys/fs/cgroup at all", async () => {
    const r = (await preflight((h) => (h.files["/sys/fs/cgroup/cgroup.controllers"] = undefined))).get(
      "host.cgroup-v1",
    );
    expect(r.status).toBe("warn");
    expect(titleText(r)).toBe("cannot tell the cgroup version: /sys/fs/cgroup is not readable");
    expect(fixText(r)).toContain("/sys/fs/cgroup, /proc/mounts");
  });

  it("cgroupMode: cgroup2 mounted on /sys/fs/cgroup is v2 even without the controllers file read", () => {
    expect(
      cgroupMode({
        controllers: undefined,
        mounts: "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n",
        rootExists: true,
      }),
    ).toBe("v2");
    expect(cgroupMode({ controllers: undefined, mounts: MOUNTS_V1, rootExists: true })).toBe("v1");
    expect(cgroupMode({ controllers: undefined, mounts: MOUNTS_HYBRID, rootExists: true })).toBe("hybrid");
    expect(cgroupMode({ controllers: undefined, mounts: undefined, rootExists: false })).toBe("unknown");
  });
});

describe("host.kube-binaries and host.version-skew", () => {
  it("probes the kubeadm the command runs (--kubeadm), not one found elsewhere", async () => {
    const run = await preflight((h) => {
      h.files["/usr/bin/kubeadm"] = undefined;
      h.kubeadm = "/opt/k8s/kubeadm";
      h.commands["/opt/k8s/kubeadm version -o short"] = { stdout: "v1.33.2\n" };
    });
    expect(run.get("host.kube-binaries").status).toBe("pass");
    expect(run.get("host.version-skew").evidence).toContain("/opt/k8s/kubeadm version -o short: v1.33.2");
    expect(run.runner.calls.map((c) => c.argv[0])).toContain("/opt/k8s/kubeadm");
  });

  it("a --kubeadm path that is not there is missing, even with a kubeadm under the root", async () => {
    const r = (await preflight((h) => (h.kubeadm = "/nonexistent/kubeadm"))).get("host.kube-binaries");
    expect(r).toMatchObject({ status: "fail", title: { params: { list: "kubeadm" } } });
    expect(r.evidence).toContain("/nonexistent/kubeadm version -o short: not found");
  });

  it("finds a binary install under the root's /usr/local/bin and runs that file", async () => {
    const run = await preflight((h) => {
      h.files["/usr/bin/kubelet"] = undefined;
      h.files["/usr/local/bin/kubelet"] = "";
      h.commands["/usr/local/bin/kubelet --version"] = { stdout: "Kubernetes v1.33.2\n" };
    });
    expect(run.get("host.kube-binaries").status).toBe("pass");
    expect(run.runner.calls.map((c) => c.argv[0])).toContain(join(run.root, "usr/local/bin/kubelet"));
  });

  it("never asks this machine's $PATH: a kubectl only a bare-name run would find is missing", async () => {
    const run = await preflight((h) => {
      h.files["/usr/bin/kubectl"] = undefined;
      h.commands["kubectl version --client -o json"] = { stdout: KUBECTL_JSON("v1.33.2") };
    });
    expect(run.get("host.kube-binaries")).toMatchObject({
      status: "fail",
      title: { params: { list: "kubectl" } },
    });
    expect(run.runner.calls.some((c) => c.argv[0] === "kubectl")).toBe(false);
  });

  it("fails when kubelet is missing, pointing at prepare --install-packages", async () => {
    const run = await preflight((h) => (h.files["/usr/bin/kubelet"] = undefined));
    const r = run.get("host.kube-binaries");
    expect(r).toMatchObject({ status: "fail", title: { params: { list: "kubelet" } } });
    expect(r.evidence).toContain("kubelet: not found");
    expect(fixText(r)).toContain("kadm-wizard prepare --install-packages");
    expect(fixText(r)).toContain("v1.33.2");
    expect(run.get("host.version-skew").status).toBe("pass");
  });

  it("only warns about a missing kubectl on a worker", async () => {
    const worker = (
      await preflight((h) => (h.files["/usr/bin/kubectl"] = undefined), {
        role: "worker",
      })
    ).get("host.kube-binaries");
    expect(worker.status).toBe("warn");
    const cp = (await preflight((h) => (h.files["/usr/bin/kubectl"] = undefined))).get("host.kube-binaries");
    expect(cp.status).toBe("fail");
  });

  it("fails kubeadm of another minor and offers to pin it instead", async () => {
    const r = (
      await preflight((h) => (h.commands["/usr/bin/kubeadm version -o short"] = { stdout: "v1.32.4\n" }))
    ).get("host.version-skew");
    expect(r).toMatchObject({ status: "fail", title: { key: "preflight.versions.kubeadmMinor" } });
    expect(r.evidence).toContain("/usr/bin/kubeadm version -o short: v1.32.4");
    expect(fixText(r)).toContain("--k8s-version v1.32.4");
  });

  it("warns for a kubeadm patch difference", async () => {
    const r = (
      await preflight((h) => (h.commands["/usr/bin/kubeadm version -o short"] = { stdout: "v1.33.1\n" }))
    ).get("host.version-skew");
    expect(r).toMatchObject({ status: "warn", title: { key: "preflight.versions.kubeadmPatch" } });
  });

  it("fails a kubelet newer than the control plane or too old, warns when older but allowed", async () => {
    const kubelet = async (v: string) =>
      (
        await preflight((h) => (h.commands["/usr/bin/kubelet --version"] = { stdout: `Kubernetes ${v}\n` }))
      ).get("host.version-skew");
    const newer = await kubelet("v1.34.0");
    expect(newer).toMatchObject({ status: "fail", title: { key: "preflight.versions.kubeletNewer" } });
    expect(newer.evidence).toContain("/usr/bin/kubelet --version: Kubernetes v1.34.0");
    expect(await kubelet("v1.29.15")).toMatchObject({
      status: "fail",
      title: { key: "preflight.versions.kubeletTooOld" },
    });
    expect(await kubelet("v1.30.14")).toMatchObject({
      status: "warn",
      title: { key: "preflight.versions.kubeletOlder" },
    });
    expect((await kubelet("v1.33.5")).status).toBe("pass");
  });

  it("reads vendor builds of kubectl by their release prefix", async () => {
    const skew = (
      await preflight(
        (h) =>
          (h.commands["/usr/bin/kubectl version --client -o json"] = {
            stdout: KUBECTL_JSON("v1.33.2-eks-1a2b3c"),
          }),
      )
    ).get("host.version-skew");
    expect(skew.status).toBe("pass");
    expect(skew.evidence).toContain("clientVersion.gitVersion v1.33.2");
  });

  it("warns for kubectl more than one minor away and for unreadable output", async () => {
    const kubectl = (
      await preflight(
        (h) =>
          (h.commands["/usr/bin/kubectl version --client -o json"] = { stdout: KUBECTL_JSON("v1.31.0") }),
      )
    ).get("host.version-skew");
    expect(kubectl).toMatchObject({ status: "warn", title: { key: "preflight.versions.kubectl" } });
    expect(kubectl.evidence).toContain("clientVersion.gitVersion v1.31.0");
    const broken = (
      await preflight(
        (h) =>
          (h.commands["/usr/bin/kubelet --version"] = {
            exitCode: 1,
            stderr: "kubelet: error while loading shared libraries: libseccomp.so.2\n",
          }),
      )
    ).get("host.version-skew");
    expect(broken).toMatchObject({ status: "warn", title: { key: "preflight.versions.unreadable" } });
    expect(broken.evidence).toContain("libseccomp.so.2");
  });

  it("warns when nothing is installed and fails an unparseable pinned version", async () => {
    const none = await preflight((h) => {
      h.files["/usr/bin/kubeadm"] = undefined;
      h.files["/usr/bin/kubelet"] = undefined;
      h.files["/usr/bin/kubectl"] = undefined;
    });
    expect(none.get("host.kube-binaries")).toMatchObject({
      status: "fail",
      title: { params: { list: "kubeadm, kubelet, kubectl" } },
    });
    expect(none.get("host.version-skew")).toMatchObject({
      status: "warn",
      title: { key: "preflight.versions.none" },
    });
    const bad = (await preflight(() => {}, { kubernetesVersion: "stable" })).get("host.version-skew");
    expect(bad).toMatchObject({ status: "fail", title: { key: "preflight.versions.badPinned" } });
  });

  it("applies the skew policy's 2-minor kubelet window before 1.28", () => {
    const v = (s: string) => parseKubeVersion(s) ?? (undefined as never);
    expect(skewProblems(v("v1.27.16"), { kubelet: v("v1.25.16") })).toMatchObject([{ status: "warn" }]);
    expect(skewProblems(v("v1.27.16"), { kubelet: v("v1.24.17") })).toMatchObject([
      { status: "fail", title: { key: "preflight.versions.kubeletTooOld", params: { max: 2 } } },
    ]);
    expect(skewProblems(v("v1.33.2"), { kubectl: v("v1.34.0"), kubelet: v("v1.33.0") })).toEqual([]);
  });
});

describe("host.binaries", () => {
  it("fails without a required tool", async () => {
    const r = (await preflight((h) => (h.files["/usr/bin/nsenter"] = undefined))).get("host.binaries");
    expect(r).toMatchObject({ status: "fail", title: { params: { list: "nsenter" } } });
    expect(r.evidence).toContain("nsenter: not found");
    expect(fixText(r)).toBe("apt-get install -y util-linux");
  });

  it("warns without an optional tool, with the distribution's package names", async () => {
    const deb = (await preflight((h) => (h.files["/usr/sbin/conntrack"] = undefined))).get("host.binaries");
    expect(deb).toMatchObject({ status: "warn", title: { params: { list: "conntrack" } } });
    expect(fixText(deb)).toBe("apt-get install -y conntrack");
    const rocky = (
      await preflight((h) => {
        h.files["/usr/sbin/conntrack"] = undefined;
        h.files["/usr/bin/socat"] = undefined;
        h.files["/etc/os-release"] =
          'NAME="Rocky Linux"\nVERSION_ID="9.5"\nID="rocky"\nID_LIKE="rhel centos fedora"\nPRETTY_NAME="Rocky Linux 9.5 (Blue Onyx)"\n';
      })
    ).get("host.binaries");
    expect(fixText(rocky)).toBe("dnf install -y conntrack-tools socat");
  });

  it("finds tools in /sbin as well", async () => {
    const r = (
      await preflight((h) => {
        h.files["/usr/sbin/iptables"] = undefined;
        h.files["/sbin/iptables"] = "";
      })
    ).get("host.binaries");
    expect(r.status).toBe("pass");
    expect(r.evidence).toContain("iptables: /sbin/iptables");
  });
});

describe("host.port-in-use", () => {
  it("fails when etcd's port is taken and names it in the evidence and fix", async () => {
    const r = (
      await preflight((h) => {
        h.files["/proc/net/tcp"] = PROC_NET_TCP + tcpLine(3, "0100007F:094B");
      })
    ).get("host.port-in-use");
    expect(r).toMatchObject({ status: "fail", title: { params: { ports: "2379" } } });
    expect(r.evidence).toBe("/proc/net/tcp: 0100007F:094B (127.0.0.1:2379) LISTEN");
    expect(fixText(r)).toContain("ss -ltnp 'sport = :2379'");
    expect(fixText(r)).not.toContain("kadm-wizard reset");
  });

  it("suggests kadm-wizard reset when an earlier kubeadm run holds 6443", async () => {
    const r = (
      await preflight((h) => {
        h.files["/proc/net/tcp6"] = PROC_NET_TCP6 + tcp6Line(1, "00000000000000000000000000000000:192B");
        h.files["/etc/kubernetes/manifests/kube-apiserver.yaml"] = "apiVersion: v1\nkind: Pod\n";
      })
    ).get("host.port-in-use");
    expect(r.status).toBe("fail");
    expect(r.evidence).toContain("/proc/net/tcp6: 00000000000000000000000000000000:192B ([::]:6443) LISTEN");
    expect(r.evidence).toContain("/etc/kubernetes/manifests/kube-apiserver.yaml: exists");
    expect(fixText(r)).toContain("kadm-wizard reset");
    expect(fixText(r)).toContain("ss -ltnp 'sport = :6443'");
  });

  it("checks only 10250 on a worker, and ignores non-LISTEN sockets", async () => {
    const apiserver = (h: Host) => (h.files["/proc/net/tcp"] = PROC_NET_TCP + tcpLine(3, "00000000:192B"));
    expect((await preflight(apiserver, { role: "worker" })).get("host.port-in-use").status).toBe("pass");
    const kubelet = (
      await preflight(
        (h) =>
          (h.files["/proc/net/tcp6"] = PROC_NET_TCP6 + tcp6Line(1, "00000000000000000000000000000000:280A")),
        {
          role: "worker",
        },
      )
    ).get("host.port-in-use");
    expect(kubelet).toMatchObject({ status: "fail", title: { params: { ports: "10250" } } });
    const established = (h: Host) =>
      (h.files["/proc/net/tcp"] = PROC_NET_TCP + tcpLine(3, "0B0AA8C0:192B", "01"));
    expect((await preflight(established)).get("host.port-in-use").status).toBe("pass");
  });

  it("decodes little-endian addresses", () => {
    expect(parseListenSockets(PROC_NET_TCP).map((s) => s.address)).toEqual(["127.0.0.53:53", "0.0.0.0:22"]);
    const v6 = parseListenSockets(
      `${TCP6_HEADER}${tcp6Line(0, "00000000000000000000000001000000:192B")}${tcp6Line(1, "0000C0FD000000000000000001000000:280A")}`,
    );
    expect(v6.map((s) => s.address)).toEqual(["[::1]:6443", "[fdc0::1]:10250"]);
  });
});

describe("host.hostname", () => {
  it("fails a name that is not DNS-1123 and suggests one", async () => {
    const r = (await preflight((h) => (h.files["/proc/sys/kernel/hostname"] = "Master_1\n"))).get(
      "host.hostname",
    );
    expect(r).toMatchObject({ status: "fail", title: { key: "preflight.hostname.invalid" } });
    expect(r.evidence).toContain("/proc/sys/kernel/hostname: Master_1");
    expect(fixText(r)).toContain("hostnamectl set-hostname master-1");
  });

  it("warns on uppercase letters and on a name missing from /etc/hosts", async () => {
    const upper = (await preflight((h) => (h.files["/proc/sys/kernel/hostname"] = "Master-1\n"))).get(
      "host.hostname",
    );
    expect(upper).toMatchObject({
      status: "warn",
      title: { key: "preflight.hostname.uppercase", params: { lower: "master-1" } },
    });
    const unresolved = (await preflight((h) => (h.files["/etc/hosts"] = "127.0.0.1 localhost\n"))).get(
      "host.hostname",
    );
    expect(unresolved).toMatchObject({ status: "warn", title: { key: "preflight.hostname.unresolved" } });
    expect(unresolved.evidence).toBe(
      "/proc/sys/kernel/hostname: master-1; /etc/hosts: no entry for master-1",
    );
    expect(fixText(unresolved)).toContain(">> /etc/hosts");
  });

  it("uses the node name when given, and `hostname` when no file has one", async () => {
    const named = (await preflight(() => {}, { nodeName: "worker-7" })).get("host.hostname");
    expect(named).toMatchObject({
      status: "warn",
      evidence: "nodeName: worker-7; /etc/hosts: no entry for worker-7",
    });
    const run = await preflight((h) => {
      h.files["/proc/sys/kernel/hostname"] = undefined;
      h.files["/etc/hostname"] = undefined;
    });
    expect(run.get("host.hostname")).toMatchObject({ status: "pass" });
    expect(run.get("host.hostname").evidence).toContain("hostname: master-1");
    const unknown = (
      await preflight((h) => {
        h.files["/proc/sys/kernel/hostname"] = undefined;
        h.files["/etc/hostname"] = undefined;
        h.commands.hostname = NOT_FOUND;
      })
    ).get("host.hostname");
    expect(unknown).toMatchObject({ status: "warn", title: { key: "preflight.hostname.unknown" } });
  });
});

describe("host.selinux and host.firewalld", () => {
  it("warns when SELinux is enforcing and passes when permissive", async () => {
    const enforcing = (
      await preflight((h) => {
        h.files["/sys/fs/selinux/enforce"] = "1";
        h.files["/etc/selinux/config"] =
          "# This file controls the state of SELinux\nSELINUX=enforcing\nSELINUXTYPE=targeted\n";
      })
    ).get("host.selinux");
    expect(enforcing.status).toBe("warn");
    expect(enforcing.evidence).toBe("/sys/fs/selinux/enforce: 1; /etc/selinux/config: SELINUX=enforcing");
    expect(fixText(enforcing)).toContain("setenforce 0");
    expect(fixText(enforcing)).toContain("/etc/selinux/config");
    const permissive = (await preflight((h) => (h.files["/sys/fs/selinux/enforce"] = "0"))).get(
      "host.selinux",
    );
    expect(permissive).toMatchObject({ status: "pass", evidence: "/sys/fs/selinux/enforce: 0" });
  });

  it("warns when firewalld is active, naming the ports for the role", async () => {
    const active = (h: Host) => (h.commands["systemctl is-active firewalld"] = { stdout: "active\n" });
    const cp = (await preflight(active)).get("host.firewalld");
    expect(cp).toMatchObject({ status: "warn", evidence: "systemctl is-active firewalld: active" });
    expect(titleText(cp)).toContain("6443/tcp");
    expect(fixText(cp)).toContain("firewall-cmd --permanent --add-port=6443/tcp --add-port=2379-2380/tcp");
    expect(fixText(cp)).toContain("firewall-cmd --reload");
    const worker = (await preflight(active, { role: "worker" })).get("host.firewalld");
    expect(fixText(worker)).toContain("--add-port=30000-32767/tcp");
    expect(fixText(worker)).not.toContain("6443");
    const noSystemctl = (
      await preflight((h) => (h.commands["systemctl is-active firewalld"] = NOT_FOUND))
    ).get("host.firewalld");
    expect(noSystemctl).toMatchObject({
      status: "pass",
      evidence: "systemctl is-active firewalld: systemctl not found",
    });
  });
});
