import { moduleState } from "./kernel-module.js";
import { passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv } from "./types.js";

/**
 * containerd's default overlayfs snapshotter needs the overlay module. A warning, not a failure:
 * the kernel usually autoloads it on the first overlay mount.
 */
export async function checkOverlay(env: PreflightEnv): Promise<CheckResult> {
  const [mod, filesystems] = await Promise.all([
    moduleState(env.fs, "overlay"),
    env.fs.read("/proc/filesystems"),
  ]);
  const fsLine = filesystems?.split("\n").find((l) => l.trim().split(/\s+/).at(-1) === "overlay");
  if (mod.loaded || fsLine) {
    const evidence = mod.loaded ? mod.evidence : `/proc/filesystems: ${fsLine?.trim().replace(/\s+/g, " ")}`;
    return passed("host.overlay", { key: "preflight.overlay.ok" }, evidence);
  }
  const evidence = `${mod.evidence}; /proc/filesystems: ${filesystems === undefined ? "missing" : "no overlay"}`;
  return problem("host.overlay", "warn", { key: "preflight.overlay.missing" }, evidence, {
    key: "preflight.overlay.fix",
  });
}
