import { fact, passed, problem, unreadableFix } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect } from "./types.js";

/** kubeadm's NumCPU check: a control-plane node needs 2 CPUs. */
const MIN_CPUS = 2;

/** "0-3,6,8-9" -> 7. Undefined when the text is not a CPU list. */
export function countCpuList(text: string): number | undefined {
  let n = 0;
  for (const part of text.trim().split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return undefined;
    n += hi - lo + 1;
  }
  return n;
}

export async function checkCpu(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const online = await env.fs.read("/sys/devices/system/cpu/online");
  let count = online === undefined ? undefined : countCpuList(online);
  let evidence = fact("/sys/devices/system/cpu/online", online);
  if (count === undefined) {
    // Fallback for kernels/containers without sysfs: one "processor : N" line per CPU.
    const cpuinfo = await env.fs.read("/proc/cpuinfo");
    const lines = cpuinfo?.split("\n").filter((l) => /^processor\s*:/.test(l)) ?? [];
    if (lines.length > 0) {
      count = lines.length;
      evidence += `; /proc/cpuinfo: ${lines.length} "processor" lines`;
    } else {
      evidence += `; ${fact("/proc/cpuinfo", cpuinfo === undefined ? undefined : "no processor lines")}`;
    }
  }
  if (count === undefined) {
    return problem(
      "host.cpu",
      "warn",
      { key: "preflight.cpu.unknown" },
      evidence,
      unreadableFix("/sys/devices/system/cpu/online", "/proc/cpuinfo"),
    );
  }
  if (expect.role === "control-plane" && count < MIN_CPUS) {
    return problem("host.cpu", "fail", { key: "preflight.cpu.low", params: { count } }, evidence, {
      key: "preflight.cpu.fix",
    });
  }
  return passed("host.cpu", { key: "preflight.cpu.ok", params: { count } }, evidence);
}
