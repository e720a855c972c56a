import { checkBinaries } from "./binaries.js";
import { checkBrNetfilter } from "./br-netfilter.js";
import { checkCgroupDriver } from "./cgroup-driver.js";
import { checkCgroupVersion } from "./cgroup-version.js";
import { checkCpu } from "./cpu.js";
import { checkFirewalld } from "./firewalld.js";
import { checkHostname } from "./hostname.js";
import { checkIpForward } from "./ip-forward.js";
import { checkKubeVersions } from "./kube-versions.js";
import { checkMemory } from "./memory.js";
import { checkOs } from "./os.js";
import { checkOverlay } from "./overlay.js";
import { checkPorts } from "./ports.js";
import { problem } from "./result.js";
import { checkRuntimeSocket } from "./runtime-socket.js";
import { checkSelinux } from "./selinux.js";
import { checkSwap } from "./swap.js";
import type { Check, CheckId, CheckResult, PreflightEnv, PreflightExpect } from "./types.js";

export { type PreflightSummary, renderPreflight, summarizePreflight } from "./render.js";
export type * from "./types.js";

/** In report order. Every check only reads; none changes the host. */
export const CHECKS: readonly Check[] = [
  { ids: ["host.os"], run: checkOs },
  { ids: ["host.cpu"], run: checkCpu },
  { ids: ["host.memory"], run: checkMemory },
  { ids: ["host.swap-on"], run: checkSwap },
  { ids: ["host.br-netfilter"], run: checkBrNetfilter },
  { ids: ["host.overlay"], run: checkOverlay },
  { ids: ["host.ip-forward"], run: checkIpForward },
  { ids: ["host.runtime-socket"], run: checkRuntimeSocket },
  { ids: ["host.cgroup-driver-mismatch"], run: checkCgroupDriver },
  { ids: ["host.cgroup-v1"], run: checkCgroupVersion },
  { ids: ["host.kube-binaries", "host.version-skew"], run: checkKubeVersions },
  { ids: ["host.binaries"], run: checkBinaries },
  { ids: ["host.port-in-use"], run: checkPorts },
  { ids: ["host.hostname"], run: checkHostname },
  { ids: ["host.selinux"], run: checkSelinux },
  { ids: ["host.firewalld"], run: checkFirewalld },
];

/**
 * Runs every check concurrently; results keep the CHECKS order. A check that throws (say EACCES
 * when not root) becomes a warning for its ids instead of hiding every other verdict.
 */
export async function runPreflight(
  env: PreflightEnv,
  expect: PreflightExpect,
  /** Only the checks reporting one of these ids (the re-check after preparation). */
  only?: ReadonlySet<CheckId>,
): Promise<CheckResult[]> {
  const checks = only ? CHECKS.filter((c) => c.ids.some((id) => only.has(id))) : CHECKS;
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        const r = await c.run(env, expect);
        return Array.isArray(r) ? r : [r];
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        return c.ids.map((id) =>
          problem(id, "warn", { key: "preflight.checkError", params: { id } }, `error: ${reason}`, {
            key: "preflight.checkError.fix",
          }),
        );
      }
    }),
  );
  return results.flat();
}
