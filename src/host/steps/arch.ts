/**
 * The node's architecture, as the package repositories and image indexes name it. Asked on the node
 * (its runner), so an SSH host answers for itself: `uname -m`, else the package manager's own word
 * (`dpkg --print-architecture`, `rpm --eval %{_arch}`) where uname is missing.
 */
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

/** PURE: `uname -m` -> the OCI architecture images are indexed by (any architecture, not only ours). */
export function ociArchitecture(machine: string): string {
  const m = machine.trim();
  const map: Record<string, string> = { x86_64: "amd64", aarch64: "arm64", i686: "386", i386: "386" };
  return map[m] ?? (m.startsWith("armv7") ? "arm" : m);
}

/** The node's image platform, or undefined when the node does not say (then any tag counts). */
export async function nodePlatform(
  runner: Pick<Runner, "run">,
): Promise<{ os: string; architecture: string } | undefined> {
  const probed = await probeArch(runner);
  if (probed.ok) return { os: "linux", architecture: probed.arch };
  return probed.raw ? { os: "linux", architecture: ociArchitecture(probed.raw) } : undefined;
}
