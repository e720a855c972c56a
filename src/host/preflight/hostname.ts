import { isDns1123Subdomain, suggestNodeName } from "../../validate/names.js";
import type { HostFs } from "../host-fs.js";
import { passed, problem, unreadableFix } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect } from "./types.js";

/** The name the node registers with and where it came from; the live kernel name wins over the file. */
async function nodeName(
  env: PreflightEnv,
  expect: PreflightExpect,
): Promise<{ name: string; source: string } | undefined> {
  if (expect.nodeName) return { name: expect.nodeName, source: "nodeName" };
  for (const path of ["/proc/sys/kernel/hostname", "/etc/hostname"]) {
    const name = (await env.fs.read(path))?.trim();
    if (name) return { name, source: path };
  }
  const r = await env.runner.run(["hostname"], { timeoutMs: 10_000 });
  const name = r.exitCode === 0 ? r.stdout.trim() : "";
  return name ? { name, source: "hostname" } : undefined;
}

/** The /etc/hosts line naming `name` (case-insensitive, as the resolver compares). */
async function hostsEntry(fs: HostFs, name: string): Promise<{ line: string | undefined; exists: boolean }> {
  const raw = await fs.read("/etc/hosts");
  const want = name.toLowerCase();
  const line = raw
    ?.split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .find((l) =>
      l
        .split(/\s+/)
        .slice(1)
        .some((n) => n.toLowerCase() === want),
    );
  return { line, exists: raw !== undefined };
}

/** kubeadm's HostnameCheck: an invalid node name is an error, an unresolvable one a warning. */
export async function checkHostname(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const id = "host.hostname";
  const found = await nodeName(env, expect);
  if (!found) {
    return problem(
      id,
      "warn",
      { key: "preflight.hostname.unknown" },
      "/proc/sys/kernel/hostname: missing; /etc/hostname: missing; hostname: failed",
      unreadableFix("/proc/sys/kernel/hostname", "/etc/hostname"),
    );
  }
  const { name, source } = found;
  const lower = name.toLowerCase();
  const hosts = await hostsEntry(env.fs, name);
  const hostsFact = hosts.line
    ? `/etc/hosts: ${hosts.line.replace(/\s+/g, " ")}`
    : `/etc/hosts: ${hosts.exists ? `no entry for ${name}` : "missing"}`;
  const evidence = `${source}: ${name}; ${hostsFact}`;
  // An example when no valid name comes out of it: never the invalid name itself.
  const suggestion = suggestNodeName(name) ?? "worker-1";
  if (!isDns1123Subdomain(lower)) {
    return problem(id, "fail", { key: "preflight.hostname.invalid", params: { name } }, evidence, {
      key: "preflight.hostname.fixInvalid",
      params: { suggestion },
    });
  }
  // kubeadm and the kubelet lowercase the hostname, so it works, but node and host names then differ.
  if (lower !== name) {
    return problem(id, "warn", { key: "preflight.hostname.uppercase", params: { name, lower } }, evidence, {
      key: "preflight.hostname.fixInvalid",
      params: { suggestion },
    });
  }
  // Resolution stays pure: only /etc/hosts is read; DNS may still know the name, hence a warning.
  if (!hosts.line) {
    return problem(id, "warn", { key: "preflight.hostname.unresolved", params: { name } }, evidence, {
      key: "preflight.hostname.fixUnresolved",
      params: { name },
    });
  }
  return passed(id, { key: "preflight.hostname.ok", params: { name } }, evidence);
}
