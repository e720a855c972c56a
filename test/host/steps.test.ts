import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { KadmError } from "../../src/errors.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { applySysctls, loadKernelModules, MODULES_FILE, SYSCTL_FILE } from "../../src/host/steps/kernel.js";
import { activeSwaps, commentSwapInFstab, disableSwap } from "../../src/host/steps/swap.js";
import { FakeRunner } from "../fakes/runner.js";

const FSTAB = `# /etc/fstab: static file system information.
UUID=3b1d8f0e-0d5c-4c3e-9d7a-1f2e3d4c5b6a /               ext4    errors=remount-ro 0       1
UUID=9a8b7c6d-5e4f-3a2b-1c0d-ef1234567890 none            swap    sw              0       0
/swap.img	none	swap	sw	0	0
# /dev/sdb1 none swap sw 0 0
`;
const PROC_SWAPS_ON = `Filename				Type		Size		Used		Priority
/dev/sda2                               partition	2097148		0		-2
/swap.img                               file		1048572		0		-3
`;
const PROC_SWAPS_OFF = "Filename				Type		Size		Used		Priority\n";

function root(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "kadm-steps-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const env = (dir: string, runner = new FakeRunner(), dryRun = false) => ({
  fs: rootedHostFs({ root: dir, dryRun }),
  runner,
  lang: "en" as const,
});

describe("swap", () => {
  it("lists active swap areas", () => {
    expect(activeSwaps(PROC_SWAPS_ON)).toEqual(["/dev/sda2", "/swap.img"]);
    expect(activeSwaps(PROC_SWAPS_OFF)).toEqual([]);
  });

  it("comments swap lines (keeping them) and leaves everything else alone", () => {
    const { text, commented } = commentSwapInFstab(FSTAB);
    expect(commented).toHaveLength(2);
    const lines = text.split("\n");
    expect(lines[1]).toBe(FSTAB.split("\n")[1]);
    expect(lines[2]).toMatch(/^# UUID=9a8b.*swap.*disabled by kadm-wizard/);
    expect(lines[3]).toMatch(/^# \/swap\.img\tnone\tswap/);
    expect(lines[4]).toBe("# /dev/sdb1 none swap sw 0 0");
    expect(commentSwapInFstab(text).commented).toEqual([]);
  });

  it("turns swap off and comments fstab once; the second run is unchanged", async () => {
    const dir = root({ "/proc/swaps": PROC_SWAPS_ON, "/etc/fstab": FSTAB });
    const runner = new FakeRunner();
    const first = await disableSwap(env(dir, runner));
    expect(first.status).toBe("changed");
    expect(runner.changes).toEqual(["swapoff -a"]);
    expect(first.files[0]?.backup).toMatch(/^\/etc\/fstab\.kadm-wizard-.*\.bak$/);
    writeFileSync(join(dir, "proc/swaps"), PROC_SWAPS_OFF);
    const second = await disableSwap(env(dir, new FakeRunner()));
    expect(second.status).toBe("unchanged");
  });

  it("a failing swapoff stops with the command, the reason and a fix", async () => {
    const dir = root({ "/proc/swaps": PROC_SWAPS_ON, "/etc/fstab": FSTAB });
    const runner = new FakeRunner({
      "swapoff -a": { exitCode: 255, stderr: "swapoff: /dev/sda2: swapoff failed: Cannot allocate memory\n" },
    });
    const err = await disableSwap(env(dir, runner)).catch((e) => e);
    expect(err).toBeInstanceOf(KadmError);
    expect(err.message).toBe(
      "`swapoff -a` failed: swapoff: /dev/sda2: swapoff failed: Cannot allocate memory.",
    );
    expect(err.hint).toMatch(/swapoff -a/);
    expect(readFileSync(join(dir, "etc/fstab"), "utf8")).toBe(FSTAB);
  });

  it("dry-run records swapoff and touches no file", async () => {
    const dir = root({ "/proc/swaps": PROC_SWAPS_ON, "/etc/fstab": FSTAB });
    const runner = new FakeRunner({}, true);
    const r = await disableSwap(env(dir, runner, true));
    expect(r.status).toBe("changed");
    expect(runner.recorded).toEqual(["swapoff -a"]);
    expect(r.files[0]).toMatchObject({ skipped: true, changed: true });
    expect(readFileSync(join(dir, "etc/fstab"), "utf8")).toBe(FSTAB);
    expect(readdirSync(join(dir, "etc"))).toEqual(["fstab"]);
  });
});

describe("kernel modules and sysctls", () => {
  it("loads only missing modules (built-ins count as loaded) and persists the list", async () => {
    const dir = root({
      "/proc/modules":
        "overlay 151552 0 - Live 0x0000000000000000\nnf_conntrack 172032 1 - Live 0x0000000000000000\n",
    });
    const runner = new FakeRunner();
    const r = await loadKernelModules(env(dir, runner));
    expect(runner.changes).toEqual(["modprobe br_netfilter"]);
    expect(readFileSync(join(dir, MODULES_FILE), "utf8")).toMatch(/^overlay\nbr_netfilter\n$/m);
    expect(r.status).toBe("changed");
    mkdirSync(join(dir, "sys/module/br_netfilter"), { recursive: true });
    const again = await loadKernelModules(env(dir, new FakeRunner()));
    expect(again.status).toBe("unchanged");
  });

  it("sets only the sysctls that differ and writes the sysctl.d file", async () => {
    const dir = root({
      "/proc/sys/net/ipv4/ip_forward": "0\n",
      "/proc/sys/net/bridge/bridge-nf-call-iptables": "1\n",
      "/proc/sys/net/bridge/bridge-nf-call-ip6tables": "1\n",
    });
    const runner = new FakeRunner();
    const r = await applySysctls(env(dir, runner), false);
    expect(runner.changes).toEqual(["sysctl -w net.ipv4.ip_forward=1"]);
    expect(readFileSync(join(dir, SYSCTL_FILE), "utf8")).toContain(
      "net.bridge.bridge-nf-call-iptables = 1\n",
    );
    expect(r.status).toBe("changed");
    writeFileSync(join(dir, "proc/sys/net/ipv4/ip_forward"), "1\n");
    expect((await applySysctls(env(dir, new FakeRunner()), false)).status).toBe("unchanged");
    // IPv6 clusters also need IPv6 forwarding.
    const v6 = await applySysctls(env(dir, new FakeRunner()), true);
    expect(v6.status).toBe("changed");
    expect(readFileSync(join(dir, SYSCTL_FILE), "utf8")).toContain("net.ipv6.conf.all.forwarding = 1");
  });

  it("a missing bridge sysctl (br_netfilter not loaded) that cannot be set gives the modprobe fix", async () => {
    const runner = new FakeRunner({
      "sysctl -w net.bridge.bridge-nf-call-iptables=1": {
        exitCode: 255,
        stderr:
          "sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n",
      },
    });
    const err = await applySysctls(
      env(root({ "/proc/sys/net/ipv4/ip_forward": "1\n" }), runner),
      false,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(KadmError);
    expect(err.hint).toMatch(/modprobe br_netfilter/);
  });
});
