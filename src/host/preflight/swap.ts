import type { Msg } from "../../i18n/messages.js";
import { KUBELET_CONFIG, readKubeletConfig } from "./kubelet-config.js";
import { passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv } from "./types.js";

export interface SwapEntry {
  filename: string;
  type: string;
  size: string;
}

/** /proc/swaps: a header line, then "Filename Type Size Used Priority" per active swap area. */
export function parseProcSwaps(raw: string): SwapEntry[] {
  return raw
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f): f is [string, string, string, ...string[]] => f.length >= 3 && f[0] !== "")
    .map(([filename, type, size]) => ({ filename, type, size }));
}

export async function checkSwap(env: PreflightEnv): Promise<CheckResult> {
  const raw = await env.fs.read("/proc/swaps");
  // No /proc/swaps: a kernel built without swap support, so there is nothing to turn off.
  if (raw === undefined) return passed("host.swap-on", { key: "preflight.swap.off" }, "/proc/swaps: missing");
  const entries = parseProcSwaps(raw);
  if (entries.length === 0) {
    return passed("host.swap-on", { key: "preflight.swap.off" }, "/proc/swaps: no swap areas");
  }
  let evidence = `/proc/swaps: ${entries.map((e) => `${e.filename} ${e.type} ${e.size}`).join(", ")}`;
  // The kubelet only tolerates swap when told to (failSwapOn: false); then it is a choice, not an error.
  const kubelet = await readKubeletConfig(env.fs);
  if (kubelet.state === "ok" && kubelet.doc.failSwapOn === false) {
    evidence += `; ${KUBELET_CONFIG}: failSwapOn: false`;
    return problem("host.swap-on", "warn", { key: "preflight.swap.allowed" }, evidence, {
      key: "preflight.swap.allowedFix",
    });
  }
  // zram swap (Fedora's default) is recreated at boot by zram-generator, not by /etc/fstab.
  const zram = entries.some((e) => e.filename.startsWith("/dev/zram"));
  const fix: Msg = { key: zram ? "preflight.swap.fixZram" : "preflight.swap.fix" };
  return problem("host.swap-on", "fail", { key: "preflight.swap.on" }, evidence, fix);
}
