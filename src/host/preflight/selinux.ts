import { passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv } from "./types.js";

const ENFORCE = "/sys/fs/selinux/enforce";

/** Enforcing SELinux without the container-selinux policy blocks containers from host paths (etcd data, CNI). */
export async function checkSelinux(env: PreflightEnv): Promise<CheckResult> {
  const [enforce, config] = await Promise.all([env.fs.read(ENFORCE), env.fs.read("/etc/selinux/config")]);
  const configLine = config
    ?.split("\n")
    .map((l) => l.trim())
    .find((l) => l.startsWith("SELINUX="));
  const evidence = [
    `${ENFORCE}: ${enforce === undefined ? "missing (SELinux off)" : enforce.trim()}`,
    ...(configLine ? [`/etc/selinux/config: ${configLine}`] : []),
  ].join("; ");
  if (enforce?.trim() === "1") {
    return problem("host.selinux", "warn", { key: "preflight.selinux.enforcing" }, evidence, {
      key: "preflight.selinux.fix",
    });
  }
  return passed("host.selinux", { key: "preflight.selinux.ok" }, evidence);
}
