/**
 * The node's architecture, as the package repositories and image indexes name it. Asked on the node
 * (its runner), so an SSH host answers for itself: `uname -m`, else the package manager's own word
 * (`dpkg --print-architecture`, `rpm --eval %{_arch}`) where uname is missing.
 */
import { platformOfMachine } from "../../images/archive-index.js";
import type { Runner } from "../runner.js";

/** What --install-packages and the image checks cover: the architectures we ship and test. */
export type NodeArch = "amd64" | "arm64";

export const SUPPORTED_ARCHES: readonly NodeArch[] = ["amd64", "arm64"];

/**
 * PURE: `uname -m` / dpkg / rpm spelling -> the Debian/OCI name, or undefined for anything else
 * (i686, armv7l, ppc64le, s390x, riscv64: kadm-wizard installs no packages there).
 */
export function archName(machine: string): NodeArch | undefined {
  switch (machine.trim()) {
    case "x86_64":
    case "amd64":
      return "amd64";
    case "aarch64":
    case "arm64":
      return "arm64";
    default:
      return undefined;
  }
}

/** The RPM spelling ($basearch) of an architecture. */
export function rpmArch(arch: NodeArch): string {
  return arch === "amd64" ? "x86_64" : "aarch64";
}

export type ArchProbe = { ok: true; arch: NodeArch; raw: string } | { ok: false; raw: string };

/** The node's architecture; `raw` is what the node said ("" when nothing answered). */
export async function probeArch(runner: Pick<Runner, "run">): Promise<ArchProbe> {
  const tries = [
    ["uname", "-m"],
    ["dpkg", "--print-architecture"],
    ["rpm", "--eval", "%{_arch}"],
  ];
  for (const argv of tries) {
    const r = await runner.run(argv, { timeoutMs: 10_000 });
    const raw = r.exitCode === 0 ? r.stdout.trim() : "";
    if (!raw || raw === "%{_arch}") continue;
    const arch = archName(raw);
    return arch ? { ok: true, arch, raw } : { ok: false, raw };
  }
  return { ok: false, raw: "" };
}

/**
 * The node's image platform ("linux/amd64", "linux/arm/v7", ...: archive-index.ts platformOfMachine,
 * the one mapping) by the probe above; `platform` is undefined when the node said nothing or
 * something no image is built for, and `raw` is what it said.
 */
export async function nodePlatform(runner: Pick<Runner, "run">): Promise<{ platform?: string; raw: string }> {
  const { raw } = await probeArch(runner);
  const platform = raw ? platformOfMachine(raw) : undefined;
  return platform ? { platform, raw } : { raw };
}
