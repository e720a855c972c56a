import { passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect, PreflightRole } from "./types.js";

/** From the Kubernetes "Ports and Protocols" page; CNI ports depend on the plugin and are named in the fix. */
export function firewallPorts(role: PreflightRole): string[] {
  return role === "control-plane"
    ? ["6443/tcp", "2379-2380/tcp", "10250/tcp", "10257/tcp", "10259/tcp"]
    : ["10250/tcp", "10256/tcp", "30000-32767/tcp"];
}

export async function checkFirewalld(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const r = await env.runner.run(["systemctl", "is-active", "firewalld"], { timeoutMs: 10_000 });
  // is-active prints the state and exits non-zero for anything but "active"; that is an answer, not an error.
  const state = r.notFound
    ? "systemctl not found"
    : r.stdout.trim() || r.stderr.trim() || `exit ${r.exitCode}`;
  const evidence = `systemctl is-active firewalld: ${state}`;
  if (r.notFound || r.stdout.trim() !== "active") {
    return passed("host.firewalld", { key: "preflight.firewalld.ok" }, evidence);
  }
  const ports = firewallPorts(expect.role);
  const command = `firewall-cmd --permanent ${ports.map((p) => `--add-port=${p}`).join(" ")}\nfirewall-cmd --reload`;
  return problem(
    "host.firewalld",
    "warn",
    { key: "preflight.firewalld.active", params: { ports: ports.join(" ") } },
    evidence,
    { key: "preflight.firewalld.fix", params: { command } },
  );
}
