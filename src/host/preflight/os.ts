import type { Msg } from "../../i18n/messages.js";
import { parseKubeVersion } from "../../validate/version.js";
import { readOsRelease } from "./os-release.js";
import { fact, passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect } from "./types.js";

/** `uname -m` values with Kubernetes release binaries (amd64, arm64, ppc64le, s390x). */
const SUPPORTED_ARCH = new Set(["x86_64", "aarch64", "ppc64le", "s390x"]);
/** kubeadm's SystemVerification requires an upstream LTS kernel >= 4.19 from 1.32 on. */
const MIN_KERNEL: [number, number] = [4, 19];
const KERNEL_CHECK_FROM_MINOR = 32;

export async function checkOs(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const [os, uname, kernelRaw] = await Promise.all([
    readOsRelease(env.fs),
    env.runner.run(["uname", "-m"], { timeoutMs: 10_000 }),
    env.fs.read("/proc/sys/kernel/osrelease"),
  ]);
  const arch = uname.exitCode === 0 ? uname.stdout.trim() : "";
  const kernel = kernelRaw?.trim() ?? "";
  const evidence = [
    os
      ? `/etc/os-release: PRETTY_NAME="${os.PRETTY_NAME ?? os.NAME ?? os.ID ?? ""}"`
      : "/etc/os-release: missing",
    `uname -m: ${arch || (uname.notFound ? "not found" : `exit ${uname.exitCode}`)}`,
    fact("/proc/sys/kernel/osrelease", kernelRaw),
  ].join("; ");

  if (arch && !SUPPORTED_ARCH.has(arch)) {
    return problem("host.os", "fail", { key: "preflight.os.arch", params: { arch } }, evidence, {
      key: "preflight.os.archFix",
    });
  }
  const pinned = parseKubeVersion(expect.kubernetesVersion);
  const k = /^(\d+)\.(\d+)/.exec(kernel);
  if (pinned && pinned.minor >= KERNEL_CHECK_FROM_MINOR && k) {
    const [major, minor] = [Number(k[1]), Number(k[2])];
    if (major < MIN_KERNEL[0] || (major === MIN_KERNEL[0] && minor < MIN_KERNEL[1])) {
      const title: Msg = { key: "preflight.os.kernel", params: { kernel, version: pinned.text } };
      return problem("host.os", "fail", title, evidence, { key: "preflight.os.kernelFix" });
    }
  }
  if (!arch) {
    return problem("host.os", "warn", { key: "preflight.os.archUnknown" }, evidence, {
      key: "preflight.os.archUnknownFix",
    });
  }
  if (!os) {
    return problem("host.os", "warn", { key: "preflight.os.noRelease" }, evidence, {
      key: "preflight.os.noReleaseFix",
    });
  }
  const name = os.PRETTY_NAME ?? os.NAME ?? os.ID ?? "Linux";
  return passed("host.os", { key: "preflight.os.ok", params: { name, arch } }, evidence);
}
