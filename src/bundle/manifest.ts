/**
 * PURE: the bundle's manifest (checks on read), the OS keys `--os` accepts, and what a package file's
 * name says about it. No I/O: create.ts and install.ts are the shell.
 */
import { type Distro, detectDistro } from "../host/steps/os-family.js";
import {
  BUNDLE_FORMAT,
  type BundleManifest,
  type BundlePart,
  MANIFEST_ENTRY,
  type OsPackages,
  type PartKind,
} from "./types.js";

/** The distribution an `--os` key names ("ubuntu-22.04", "rocky-9"), or undefined. */
export function distroForKey(key: string): Distro | undefined {
  const m = /^([a-z]+)-(.+)$/.exec(key.trim().toLowerCase());
  if (!m) return undefined;
  const [, id = "", version = ""] = m;
  for (const v of [version, version.toUpperCase()]) {
    const d = detectDistro({ ID: id, VERSION_ID: v, NAME: id === "uos" ? "UOS Server" : id });
    if (d.ok && d.distro.key === key.trim().toLowerCase()) return d.distro;
  }
  return undefined;
}

/** Keys `--os` accepts, for the hint. */
export const OS_KEY_EXAMPLES =
  "ubuntu-20.04, ubuntu-22.04, ubuntu-24.04, debian-12, rocky-9, almalinux-9, openeuler-22.03";

/**
 * Name and version from a package file name: apt's `name_version_arch.deb` (":" written "%3a") and
 * rpm's `name-version-release.arch.rpm`.
 */
export function packageFromFile(file: string): { name: string; version: string } | undefined {
  const base = file.split("/").pop() ?? file;
  const deb = /^([^_]+)_([^_]+)_([^_]+)\.deb$/.exec(base);
  if (deb) return { name: deb[1] as string, version: decodeURIComponent(deb[2] as string) };
  const rpm = /^(.+)-([^-]+)-([^-]+)\.([^.]+)\.rpm$/.exec(base);
  if (rpm) return { name: rpm[1] as string, version: `${rpm[2]}-${rpm[3]}` };
  return undefined;
}

export type ManifestProblem =
  | { key: "bundle.manifestNotJson" }
  | { key: "bundle.manifestBad"; field: string };

const KINDS: readonly PartKind[] = ["images", "cni", "package", "repo-index", "executable"];
const SAFE_PATH = /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._+~%:@/-]+$/;

/** manifest.json read back, every field checked (it decides which files land where). */
export function parseBundleManifest(
  text: string,
): { ok: true; manifest: BundleManifest } | { ok: false; problem: ManifestProblem } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: { key: "bundle.manifestNotJson" } };
  }
  const bad = (field: string) => ({
    ok: false as const,
    problem: { key: "bundle.manifestBad" as const, field },
  });
  const m = raw as Partial<BundleManifest>;
  if (typeof m !== "object" || m === null) return bad("(top level)");
  if (m.format !== BUNDLE_FORMAT) return bad("format");
  for (const f of [
    "version",
    "kubernetesVersion",
    "arch",
    "imageRepository",
    "profile",
    "created",
  ] as const) {
    if (typeof m[f] !== "string") return bad(f);
  }
  if (!/^v\d+\.\d+\.\d+/.test(m.kubernetesVersion as string)) return bad("kubernetesVersion");
  if (typeof m.cni?.plugin !== "string" || typeof m.cni?.version !== "string") return bad("cni");
  if (!Array.isArray(m.parts)) return bad("parts");
  const seen = new Set<string>([MANIFEST_ENTRY]);
  for (const [i, p] of (m.parts as BundlePart[]).entries()) {
    if (typeof p?.path !== "string" || !SAFE_PATH.test(p.path) || seen.has(p.path))
      return bad(`parts[${i}].path`);
    seen.add(p.path);
    if (!KINDS.includes(p.kind)) return bad(`parts[${i}].kind`);
    if (typeof p.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(p.sha256)) return bad(`parts[${i}].sha256`);
    if (!Number.isSafeInteger(p.size) || p.size < 0) return bad(`parts[${i}].size`);
  }
  if (!Array.isArray(m.os)) return bad("os");
  for (const [i, o] of (m.os as OsPackages[]).entries()) {
    if (typeof o?.key !== "string" || !distroForKey(o.key)) return bad(`os[${i}].key`);
    if (o.family !== "deb" && o.family !== "rpm") return bad(`os[${i}].family`);
    if (!Array.isArray(o.held) || typeof o.install !== "object" || o.install === null) return bad(`os[${i}]`);
    const names = [...o.held, ...Object.keys(o.install), ...Object.values(o.install)];
    if (!names.every((n) => typeof n === "string" && /^[A-Za-z0-9.+~:_-]+$/.test(n)))
      return bad(`os[${i}].install`);
  }
  if (!Array.isArray(m.images)) return bad("images");
  return { ok: true, manifest: m as BundleManifest };
}

/** Sizes as people read them (1024-based, one decimal). */
export function humanSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${bytes} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** Where a bundle's files live on the node once installed: the local repository and the rest. */
export const BUNDLE_HOME = "/var/lib/kadm-wizard/bundle";
export const APT_BUNDLE_LIST = "/etc/apt/sources.list.d/kadm-wizard-bundle.list";
export const YUM_BUNDLE_REPO = "/etc/yum.repos.d/kadm-wizard-bundle.repo";
export const EXECUTABLE_TARGET = "/usr/local/bin/kadm-wizard";

/** The repository directory of one OS key (a host path). */
export function repoDir(key: string): string {
  return `${BUNDLE_HOME}/repo/${key}`;
}

/** apt's source line for the local repository: trusted only because every file was checked against the manifest. */
export function aptBundleSource(dir: string): string {
  return `# Written by kadm-wizard bundle install: the bundle's packages, checked against its manifest (sha256).\ndeb [trusted=yes] file:${dir} ./\n`;
}

/** dnf's repository file for the local repository (the hold: excludes, lifted for our own install). */
export function yumBundleRepo(dir: string, held: readonly string[]): string {
  return [
    "# Written by kadm-wizard bundle install: the bundle's packages, checked against its manifest (sha256).",
    "[kadm-wizard-bundle]",
    "name=kadm-wizard offline bundle",
    `baseurl=file://${dir}`,
    "enabled=1",
    // The files were verified against the bundle's manifest; the repository metadata is ours.
    "gpgcheck=0",
    `exclude=${held.join(" ")}`,
    "",
  ].join("\n");
}
