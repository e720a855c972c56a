import { fact, passed, problem, unreadableFix } from "./result.js";
import type { CheckResult, PreflightEnv } from "./types.js";

const IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";

/** kubeadm fails without forwarding: pod traffic could not leave the node. */
export async function checkIpForward(env: PreflightEnv): Promise<CheckResult> {
  const value = await env.fs.read(IP_FORWARD);
  const evidence = fact(IP_FORWARD, value);
  if (value === undefined) {
    return problem(
      "host.ip-forward",
      "warn",
      { key: "preflight.ipForward.unknown" },
      evidence,
      unreadableFix(IP_FORWARD),
    );
  }
  if (value.trim() !== "1") {
    return problem(
      "host.ip-forward",
      "fail",
      { key: "preflight.ipForward.off", params: { value: value.trim() } },
      evidence,
      { key: "preflight.ipForward.fix" },
    );
  }
  return passed("host.ip-forward", { key: "preflight.ipForward.ok" }, evidence);
}
