import type { HostFs } from "../host-fs.js";
import { detectDistro } from "../steps/os-family.js";

/** /etc/os-release as KEY -> value (quotes removed), or undefined when the file is missing. */
export async function readOsRelease(fs: HostFs): Promise<Record<string, string> | undefined> {
  const raw = (await fs.read("/etc/os-release")) ?? (await fs.read("/usr/lib/os-release"));
  return raw === undefined ? undefined : parseOsRelease(raw);
}

export function parseOsRelease(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1]) continue;
    out[m[1]] = (m[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

export type PackageFamily = "deb" | "rpm" | "unknown";

/**
 * Which package manager the fix commands should use: a supported distribution's own (Kylin and UOS
 * Server name no ID_LIKE), else what ID/ID_LIKE say of a derivative (Rocky, Linux Mint...).
 */
export function packageFamily(os: Record<string, string> | undefined): PackageFamily {
  const d = detectDistro(os);
  return d.ok ? d.distro.family : d.family;
}
