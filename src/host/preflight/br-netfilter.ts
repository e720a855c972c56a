import { moduleState } from "./kernel-module.js";
import { fact, passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv } from "./types.js";

const BRIDGE_NF = "/proc/sys/net/bridge/bridge-nf-call-iptables";

/** kubeadm fails without it: bridged pod traffic would bypass iptables, breaking Services. */
export async function checkBrNetfilter(env: PreflightEnv): Promise<CheckResult> {
  const [mod, value] = await Promise.all([moduleState(env.fs, "br_netfilter"), env.fs.read(BRIDGE_NF)]);
  const evidence = `${mod.evidence}; ${fact(BRIDGE_NF, value)}`;
  // The sysctl file only exists while br_netfilter is loaded, whatever /proc/modules says.
  if (value === undefined) {
    return problem("host.br-netfilter", "fail", { key: "preflight.brNetfilter.notLoaded" }, evidence, {
      key: "preflight.brNetfilter.fixLoad",
    });
  }
  if (value.trim() !== "1") {
    return problem(
      "host.br-netfilter",
      "fail",
      { key: "preflight.brNetfilter.off", params: { value: value.trim() } },
      evidence,
      { key: "preflight.brNetfilter.fixSysctl" },
    );
  }
  return passed("host.br-netfilter", { key: "preflight.brNetfilter.ok" }, evidence);
}
