/**
 * cgroup v1 hosts. From Kubernetes 1.35 the kubelet's `failCgroupV1` defaults to true (KEP-5573,
 * kubelet apis/config/v1beta1 defaults.go) and it stops at start-up with "failed to validate kubelet
 * configuration, error: kubelet is configured to not run on a host using cgroup v1"; kubeadm's
 * SystemVerification says "cgroups v1 support is deprecated ... you must set the kubelet configuration
 * option 'FailCgroupV1' to 'false'. You must also explicitly skip this validation." Before 1.35 it is
 * a warning ("cgroups v1 support is in maintenance mode"). CentOS 7, older Kylin and Ubuntu 20.04
 * boot cgroup v1 (or the hybrid layout) by default.
 *
 * Detection follows the kernel's layout: on the unified hierarchy (v2) /sys/fs/cgroup is a cgroup2
 * mount with a cgroup.controllers file at its root; on v1 (and hybrid) /sys/fs/cgroup is a tmpfs of
 * per-controller v1 mounts and has no cgroup.controllers.
 */
import { FAIL_CGROUP_V1_FROM_MINOR, parseKubeVersion } from "../../validate/version.js";
import { KUBELET_CONFIG, readKubeletConfig } from "./kubelet-config.js";
import { fact, passed, problem, unreadableFix } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect } from "./types.js";

const CONTROLLERS = "/sys/fs/cgroup/cgroup.controllers";
const CGROUP_ROOT = "/sys/fs/cgroup";
const MOUNTS = "/proc/mounts";

/** The first minor whose kubelet refuses cgroup v1 unless failCgroupV1 is false. */
export { FAIL_CGROUP_V1_FROM_MINOR };

export type CgroupMode = "v2" | "v1" | "hybrid" | "unknown";

/** What /proc/mounts says about /sys/fs/cgroup: the cgroup mounts, in file order. */
export function cgroupMounts(procMounts: string): { point: string; type: string }[] {
  return procMounts
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && (f[2] === "cgroup" || f[2] === "cgroup2"))
    .map((f) => ({ point: f[1] as string, type: f[2] as string }));
}

/** PURE: the hierarchy from the facts read (controllers file, /proc/mounts, whether the dir exists). */
export function cgroupMode(facts: {
  controllers: string | undefined;
  mounts: string | undefined;
  rootExists: boolean;
}): CgroupMode {
  if (facts.controllers !== undefined) return "v2";
  const mounts = facts.mounts === undefined ? [] : cgroupMounts(facts.mounts);
  if (mounts.some((m) => m.type === "cgroup2" && m.point === CGROUP_ROOT)) return "v2";
  const v1 = mounts.some((m) => m.type === "cgroup");
  if (v1) return mounts.some((m) => m.type === "cgroup2") ? "hybrid" : "v1";
  // /sys/fs/cgroup there but no cgroup.controllers: the v1 tmpfs layout (mounts unreadable).
  return facts.rootExists ? "v1" : "unknown";
}

/** What the check reads, through a node's files (doctor's check and `upgrade plan` share it). */
export async function readCgroupFacts(fs: Pick<PreflightEnv["fs"], "read" | "exists">): Promise<{
  controllers: string | undefined;
  mounts: string | undefined;
  rootExists: boolean;
  mode: CgroupMode;
}> {
  const [controllers, mounts, rootExists] = await Promise.all([
    fs.read(CONTROLLERS),
    fs.read(MOUNTS),
    fs.exists(CGROUP_ROOT),
  ]);
  return { controllers, mounts, rootExists, mode: cgroupMode({ controllers, mounts, rootExists }) };
}

export async function checkCgroupVersion(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const id = "host.cgroup-v1";
  const { controllers, mounts, mode } = await readCgroupFacts(env.fs);
  if (mode === "v2") {
    const evidence =
      controllers !== undefined ? fact(CONTROLLERS, controllers) : `${MOUNTS}: cgroup2 on ${CGROUP_ROOT}`;
    return passed(id, { key: "preflight.cgroupV1.ok" }, evidence);
  }
  if (mode === "unknown") {
    return problem(
      id,
      "warn",
      { key: "preflight.cgroupV1.unknown" },
      `${CONTROLLERS}: missing; ${CGROUP_ROOT}: missing`,
      unreadableFix(CGROUP_ROOT, MOUNTS),
    );
  }
  const v1Mounts = mounts === undefined ? [] : cgroupMounts(mounts).filter((m) => m.type === "cgroup");
  const parts = [
    `${CONTROLLERS}: missing`,
    v1Mounts.length > 0
      ? `${MOUNTS}: cgroup (v1) on ${v1Mounts
          .slice(0, 3)
          .map((m) => m.point)
          .join(", ")}${v1Mounts.length > 3 ? ", ..." : ""}`
      : `${CGROUP_ROOT}: exists`,
  ];
  const version = parseKubeVersion(expect.kubernetesVersion);
  const refuses = version === undefined || version.minor >= FAIL_CGROUP_V1_FROM_MINOR;
  const params = { version: expect.kubernetesVersion, mode: mode === "hybrid" ? "hybrid" : "v1" };
  // Someone set failCgroupV1: false on purpose (an existing node, or --allow-cgroup-v1 on this
  // run, which writes it): their choice, still deprecated.
  const kubelet = await readKubeletConfig(env.fs);
  const byFile = kubelet.state === "ok" && kubelet.doc.failCgroupV1 === false;
  if (byFile || expect.allowCgroupV1 === true) {
    parts.push(byFile ? `${KUBELET_CONFIG}: failCgroupV1: false` : "--allow-cgroup-v1: failCgroupV1: false");
    return problem(
      id,
      "warn",
      { key: byFile ? "preflight.cgroupV1.allowed" : "preflight.cgroupV1.allowedByFlag", params },
      parts.join("; "),
      { key: "preflight.cgroupV1.fixAllowed" },
    );
  }
  parts.push(`kubelet ${expect.kubernetesVersion}: failCgroupV1 ${refuses ? "true" : "false"} by default`);
  return problem(
    id,
    refuses ? "fail" : "warn",
    { key: refuses ? "preflight.cgroupV1.refused" : "preflight.cgroupV1.deprecated", params },
    parts.join("; "),
    { key: "preflight.cgroupV1.fix", params: { below: `1.${FAIL_CGROUP_V1_FROM_MINOR - 1}` } },
  );
}
