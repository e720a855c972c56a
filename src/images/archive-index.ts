/**
 * PURE: what an OCI image archive (ctr export) says it holds, what containerd holds
 * (`ctr images ls`), and the difference between the two. The shell half is archive.ts.
 */
import { parseSize } from "./pull-output.js";

/** One image as an archive's index.json or containerd's listing names it. */
export interface ImageDigest {
  ref: string;
  /** The digest containerd records for the name: the manifest's, or the index's for a multi-platform image. */
  digest: string;
  /** Size as ctr reports it (rounded by ctr); 0 when unknown. */
  bytes: number;
}

/** The annotation ctr export writes with the full image name (the OCI ref.name is only the tag). */
export const IMAGE_NAME_ANNOTATION = "io.containerd.image.name";

/**
 * index.json of an archive -> its named images. Throws a plain Error (the caller words it) when the
 * text is not an OCI index or an entry has no full name (an archive not written by ctr export).
 */
export function parseArchiveIndex(text: string): ImageDigest[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("index.json is not JSON");
  }
  const manifests = (doc as { manifests?: unknown })?.manifests;
  if (!Array.isArray(manifests)) throw new Error("index.json has no manifests list");
  return manifests.map((m: unknown, i) => {
    const e = m as { digest?: unknown; size?: unknown; annotations?: Record<string, unknown> };
    const name = e.annotations?.[IMAGE_NAME_ANNOTATION];
    if (typeof e.digest !== "string" || !/^sha256:[0-9a-f]{64}$/.test(e.digest))
      throw new Error(`index.json entry ${i + 1} has no sha256 digest`);
    if (typeof name !== "string" || name === "")
      throw new Error(`index.json entry ${i + 1} has no ${IMAGE_NAME_ANNOTATION} annotation`);
    return { ref: name, digest: e.digest, bytes: typeof e.size === "number" ? e.size : 0 };
  });
}

/**
 * `ctr images ls` -> name -> {digest, bytes}. Rows: REF TYPE DIGEST SIZE PLATFORMS LABELS; the
 * `sha256:<config>` rows the CRI plugin adds are kept too (harmless: nobody asks for them).
 */
export function parseImageDigests(stdout: string): Map<string, ImageDigest> {
  const out = new Map<string, ImageDigest>();
  for (const raw of stdout.split("\n")) {
    const line = raw.trim();
    if (line === "" || /^REF\s/.test(line)) continue;
    const cols = line.split(/\s+/);
    const ref = cols[0] as string;
    const digest = cols.find((c, i) => i > 0 && /^sha256:[0-9a-f]{64}$/.test(c));
    if (!digest) continue;
    const size = /\s(\d+(?:\.\d+)?\s[KMGTP]?i?B)\s/.exec(` ${line} `)?.[1];
    out.set(ref, { ref, digest, bytes: (size && parseSize(size)) || 0 });
  }
  return out;
}

export type ImportStatus = "imported" | "replaced" | "unchanged";

/** What importing `archive` would do to a store holding `present`, per image in archive order. */
export function importPlan(
  archive: readonly ImageDigest[],
  present: ReadonlyMap<string, ImageDigest>,
): { image: ImageDigest; status: ImportStatus }[] {
  return archive.map((image) => {
    const have = present.get(image.ref);
    const status: ImportStatus = !have ? "imported" : have.digest === image.digest ? "unchanged" : "replaced";
    return { image, status };
  });
}

/** Images whose name in `present` does not carry the archive's digest (after an import: a failed verify). */
export function digestMismatches(
  expected: readonly ImageDigest[],
  present: ReadonlyMap<string, ImageDigest>,
): { ref: string; want: string; got: string | undefined }[] {
  return expected
    .filter((e) => present.get(e.ref)?.digest !== e.digest)
    .map((e) => ({ ref: e.ref, want: e.digest, got: present.get(e.ref)?.digest }));
}

/** `uname -m` -> the OCI platform containerd matches (linux/amd64, linux/arm64, ...). */
export function platformOfMachine(machine: string): string | undefined {
  const m = machine.trim();
  const arch: Record<string, string> = {
    x86_64: "amd64",
    amd64: "amd64",
    aarch64: "arm64",
    arm64: "arm64",
    armv7l: "arm/v7",
    ppc64le: "ppc64le",
    s390x: "s390x",
    riscv64: "riscv64",
    loongarch64: "loong64",
  };
  const a = arch[m];
  return a ? `linux/${a}` : undefined;
}

/**
 * The platforms Kubernetes publishes its control-plane images for (registry.k8s.io's kube-apiserver,
 * etcd, pause, coredns manifest lists): nodes run Linux on one of them.
 */
export const KUBERNETES_PLATFORMS = [
  "linux/amd64",
  "linux/arm64",
  "linux/arm",
  "linux/arm/v7",
  "linux/ppc64le",
  "linux/s390x",
] as const;

export function isKubernetesPlatform(value: string): boolean {
  return (KUBERNETES_PLATFORMS as readonly string[]).includes(value);
}

/** A platform as `--platform` takes it: os/arch[/variant], lower case. */
export function isPlatform(value: string): boolean {
  return /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(value);
}
