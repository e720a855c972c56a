import { passed, problem, unreadableFix } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect } from "./types.js";

/** kubeadm's Mem check for control-plane nodes, in MB (MiB, as kubeadm computes it). */
export const MIN_CONTROL_PLANE_MB = 1700;

export async function checkMemory(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const meminfo = await env.fs.read("/proc/meminfo");
  const line = meminfo?.split("\n").find((l) => l.startsWith("MemTotal:"));
  const m = line ? /^MemTotal:\s+(\d+)\s*kB/.exec(line) : null;
  if (!line || !m) {
    const evidence = meminfo === undefined ? "/proc/meminfo: missing" : "/proc/meminfo: no MemTotal line";
    return problem(
      "host.memory",
      "warn",
      { key: "preflight.memory.unknown" },
      evidence,
      unreadableFix("/proc/meminfo"),
    );
  }
  const evidence = `/proc/meminfo: ${line.trim()}`;
  const mb = Math.floor(Number(m[1]) / 1024);
  if (expect.role === "control-plane" && mb < MIN_CONTROL_PLANE_MB) {
    return problem("host.memory", "fail", { key: "preflight.memory.low", params: { mb } }, evidence, {
      key: "preflight.memory.fix",
    });
  }
  return passed("host.memory", { key: "preflight.memory.ok", params: { mb } }, evidence);
}
