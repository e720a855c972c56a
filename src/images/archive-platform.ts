/**
 * PURE: which platforms an OCI image archive (ctr export) really holds content for, per image. An
 * archive exported with `--platform linux/arm64` keeps a multi-platform image's whole index but
 * only the arm64 manifest's blobs; a single-platform image says its platform in its config. The
 * shell half (reading the members with tar) is archive.ts.
 */
import { createHash } from "node:crypto";
import type { ImageDigest } from "./archive-index.js";

export interface OciPlatform {
  os: string;
  architecture: string;
  variant?: string | undefined;
}

/** "linux/arm64", "linux/arm/v7" (also for a registry's descriptor, whose fields are unchecked JSON). */
export function platformText(p: { os?: unknown; architecture?: unknown; variant?: unknown }): string {
  return [p.os, p.architecture, p.variant].filter((x) => typeof x === "string" && x !== "").join("/");
}

/** `blobs/sha256/<hex>` -> `sha256:<hex>`; undefined for any other member. */
export function blobDigest(member: string): string | undefined {
  const m = /^(?:\.\/)?blobs\/sha256\/([0-9a-f]{64})$/.exec(member.trim());
  return m ? `sha256:${m[1]}` : undefined;
}

export const blobMember = (digest: string) => `blobs/sha256/${digest.replace(/^sha256:/, "")}`;

/**
 * Splits text holding JSON values one after another (what `tar -xO` prints for several members)
 * into each value's exact text. Strings are followed so braces inside them do not count.
 */
export function splitJsonValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(text.slice(start, i + 1));
        start = -1;
      }
    }
  }
  return out;
}

/** The JSON documents of `wanted` digests found in concatenated member text, by their sha256. */
export function documentsByDigest(text: string, wanted: ReadonlySet<string>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const raw of splitJsonValues(text)) {
    const digest = `sha256:${createHash("sha256").update(raw, "utf8").digest("hex")}`;
    if (!wanted.has(digest)) continue;
    try {
      out.set(digest, JSON.parse(raw));
    } catch {}
  }
  return out;
}

interface Descriptor {
  digest?: unknown;
  platform?: { os?: unknown; architecture?: unknown; variant?: unknown };
}

const asPlatform = (p: Descriptor["platform"] | Record<string, unknown>): OciPlatform | undefined =>
  typeof p?.os === "string" && typeof p.architecture === "string"
    ? {
        os: p.os,
        architecture: p.architecture,
        ...(typeof p.variant === "string" ? { variant: p.variant } : {}),
      }
    : undefined;

/** What one image's top-level document needs next: the platforms it holds, or its config to read. */
export function imagePlatforms(
  top: unknown,
  present: ReadonlySet<string>,
): { platforms: OciPlatform[] } | { config: string } | undefined {
  const doc = top as { manifests?: Descriptor[]; config?: Descriptor };
  if (Array.isArray(doc?.manifests)) {
    const platforms = doc.manifests
      .filter((m) => typeof m.digest === "string" && present.has(m.digest))
      .map((m) => asPlatform(m.platform))
      .filter((p): p is OciPlatform => p !== undefined);
    return { platforms };
  }
  if (typeof doc?.config?.digest === "string") return { config: doc.config.digest };
  return undefined;
}

/** A config blob's platform (an image config has os/architecture/variant at its top). */
export function configPlatform(config: unknown): OciPlatform | undefined {
  return asPlatform(config as Record<string, unknown>);
}

/** Does content for `want` ("linux/arm64") satisfy a node of that platform? arm64's variant is optional. */
export function platformMatches(have: OciPlatform, want: string): boolean {
  const [os, arch, variant] = want.split("/");
  if (have.os !== os || have.architecture !== arch) return false;
  if (!variant || !have.variant) return true;
  return have.variant === variant;
}

export interface PlatformMismatch {
  image: ImageDigest;
  /** What the archive holds for it ("linux/arm64"; empty when it could not be told). */
  holds: string[];
}

/** The images of the archive without content for `want`. Unknown platforms are not held against it. */
export function platformMismatches(
  images: readonly { image: ImageDigest; platforms: OciPlatform[] | undefined }[],
  want: string,
): PlatformMismatch[] {
  return images
    .filter((i) => i.platforms !== undefined && !i.platforms.some((p) => platformMatches(p, want)))
    .map((i) => ({ image: i.image, holds: (i.platforms ?? []).map(platformText) }));
}
