import type { HostFs } from "../host-fs.js";
import { runChange, type StepEnv, type StepResult, stepResult } from "./types.js";

export const KERNEL_MODULES = ["overlay", "br_netfilter"] as const;
export const MODULES_FILE = "/etc/modules-load.d/kadm-wizard.conf";
export const SYSCTL_FILE = "/etc/sysctl.d/99-kadm-wizard.conf";

/** Loaded modules appear in /proc/modules; built-in ones only under /sys/module. */
async function moduleLoaded(fs: HostFs, name: string): Promise<boolean> {
  const procModules = (await fs.read("/proc/modules")) ?? "";
  return (
    procModules.split("\n").some((l) => l.split(" ")[0] === name) || (await fs.exists(`/sys/module/${name}`))
  );
}

/** overlay and br_netfilter: loaded now (modprobe) and at boot (modules-load.d). */
export async function loadKernelModules(env: StepEnv): Promise<StepResult> {
  const { fs } = env;
  const file = await fs.write(
    MODULES_FILE,
    `# Written by kadm-wizard: needed by containerd and kube-proxy.\n${KERNEL_MODULES.join("\n")}\n`,
  );
  const commands: string[] = [];
  for (const m of KERNEL_MODULES) {
    if (await moduleLoaded(fs, m)) continue;
    commands.push(
      (await runChange(env, ["modprobe", m], { key: "step.modprobeHint", params: { module: m } })).command,
    );
  }
  return stepResult("modules", { key: "step.modules" }, [file], commands);
}

/** The sysctls kubeadm's preflight insists on; IPv6 forwarding only for IPv6/dual-stack clusters. */
export function requiredSysctls(ipv6: boolean): Record<string, string> {
  return {
    "net.bridge.bridge-nf-call-iptables": "1",
    "net.bridge.bridge-nf-call-ip6tables": "1",
    "net.ipv4.ip_forward": "1",
    ...(ipv6 ? { "net.ipv6.conf.all.forwarding": "1" } : {}),
  };
}

export function sysctlFileText(values: Record<string, string>): string {
  const lines = Object.entries(values).map(([k, v]) => `${k} = ${v}`);
  return `# Written by kadm-wizard: kubeadm preflight requires these.\n${lines.join("\n")}\n`;
}

/** Persist in sysctl.d and set now only the values that differ (read from /proc/sys). */
export async function applySysctls(env: StepEnv, ipv6: boolean): Promise<StepResult> {
  const { fs } = env;
  const values = requiredSysctls(ipv6);
  const file = await fs.write(SYSCTL_FILE, sysctlFileText(values));
  const commands: string[] = [];
  for (const [key, want] of Object.entries(values)) {
    const current = (await fs.read(`/proc/sys/${key.replaceAll(".", "/")}`))?.trim();
    if (current === want) continue;
    const hint = { key: "step.sysctlHint", params: { key, value: want } } as const;
    commands.push((await runChange(env, ["sysctl", "-w", `${key}=${want}`], hint)).command);
  }
  return stepResult("sysctl", { key: "step.sysctl" }, [file], commands);
}
