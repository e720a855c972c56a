/**
 * Where the CNI manifest comes from. In order: the local cache (only ever holds verified files), then
 * the profile's URL templates (official first, mirrors reachable from mainland China next), each
 * download checked against the sha256 pinned in catalog.ts; or the user's own file or URL
 * (`--manifest`), which is used as given because the user chose it.
 *
 * The planning (templates -> URLs, cache path, which release a file is) is pure; `obtainManifest`
 * is the shell and touches the network only through the `ManifestFetcher` port and host files only
 * through HostFs (under --root). Failures are data (`{ code, params, attempts }`): the caller
 * renders them in the user's language.
 */
import { createHash } from "node:crypto";
import { classifyNetError, isTlsKind, netCausePhrase } from "../diagnose/transport.js";
import type { Files } from "../host/files.js";
import type { HostFs } from "../host/host-fs.js";
import { readFailureReason } from "../host/user-input.js";
import type { FetchLike } from "../ports.js";
import { CNI_RELEASES, type CniRelease } from "./catalog.js";

/** Verified manifests are kept here (under --root) so a re-run or an offline re-install needs no download. */
export const MANIFEST_CACHE_DIR = "/var/cache/kadm-wizard/cni";
export const OFFICIAL_SOURCE = "https://raw.githubusercontent.com/{repo}/{tag}/{path}";
/** Per download; a blocked host in mainland China tends to hang rather than refuse. */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** The largest manifest we know is calico 3.30 at 0.5 MiB; anything far bigger is not a manifest. */
export const MAX_MANIFEST_BYTES = 16 * 2 ** 20;

const PLACEHOLDERS = ["repo", "tag", "path", "file", "url", "plugin", "version"] as const;

export interface SourceTemplateProblem {
  template: string;
  /** "scheme": not http(s) after expansion; "placeholder": an unknown {name}. */
  reason: "scheme" | "placeholder";
  detail: string;
}

/**
 * The download URLs of a release from the profile's templates, in order, without duplicates.
 * {repo} flannel-io/flannel, {tag} v0.28.9, {path} Documentation/kube-flannel.yml, {file}
 * kube-flannel.yml, {url} the official raw.githubusercontent.com URL (for prefix proxies),
 * {plugin}, {version}.
 */
export function expandSources(
  templates: readonly string[],
  release: CniRelease,
): { urls: string[]; problems: SourceTemplateProblem[] } {
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    repo: release.manifest.repo,
    tag: release.version,
    path: release.manifest.path,
    file: release.manifest.path.split("/").pop() ?? release.manifest.path,
    url: "",
    plugin: release.plugin,
    version: release.version,
  };
  const fill = (template: string): string =>
    template.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
      (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as keyof typeof values] : whole,
    );
  values.url = fill(OFFICIAL_SOURCE);
  const urls: string[] = [];
  const problems: SourceTemplateProblem[] = [];
  for (const template of templates) {
    const unknown = /\{([^}]*)\}/.exec(
      template.replace(/\{([a-z]+)\}/g, (w, n: string) =>
        (PLACEHOLDERS as readonly string[]).includes(n) ? "" : w,
      ),
    );
    if (unknown) {
      problems.push({ template, reason: "placeholder", detail: `{${unknown[1]}}` });
      continue;
    }
    const url = fill(template);
    if (!isHttpUrl(url)) {
      problems.push({ template, reason: "scheme", detail: url });
      continue;
    }
    if (!urls.includes(url)) urls.push(url);
  }
  return { urls, problems };
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** Host path of a release's cached manifest. */
export function cachePath(release: CniRelease): string {
  const file = release.manifest.path.split("/").pop() ?? "manifest.yaml";
  return `${MANIFEST_CACHE_DIR}/${release.plugin}-${release.version}-${file}`;
}

export function sha256(bytes: string | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The known release whose pinned manifest has exactly these bytes, if any. */
export function releaseBySha256(sha: string): CniRelease | undefined {
  return CNI_RELEASES.find((r) => r.manifestSha256 === sha);
}

// ---------------------------------------------------------------------------------------------
// the shell

/** Downloads one URL; rejects with an Error whose message says why (HTTP status, timeout, network). */
export type ManifestFetcher = (url: string, opts: { signal: AbortSignal }) => Promise<Uint8Array>;

/** The real fetcher over the fetch port (Context.fetch): redirects followed (GitHub and jsDelivr redirect), size capped. */
export const httpFetcher =
  (fetch: FetchLike): ManifestFetcher =>
  async (url, { signal }) => {
    const res = await fetch(url, { signal, redirect: "follow" });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
    }
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > MAX_MANIFEST_BYTES) {
      await res.body?.cancel().catch(() => {});
      throw new Error(`${declared} bytes is too large for a manifest`);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.byteLength > MAX_MANIFEST_BYTES)
      throw new Error(`${bytes.byteLength} bytes is too large for a manifest`);
    return bytes;
  };

export type ManifestOrigin =
  | { kind: "cache"; path: string }
  | { kind: "download"; url: string }
  | { kind: "user-file"; path: string }
  | { kind: "user-url"; url: string };

export interface ObtainedManifest {
  text: string;
  sha256: string;
  origin: ManifestOrigin;
  /** The catalogue release these bytes are (always set for cache and download). */
  release: CniRelease | undefined;
  /** The profile's sources that failed before one worked (mismatch or error). */
  attempts: SourceAttempt[];
}

export interface SourceAttempt {
  url: string;
  outcome: "mismatch" | "error";
  /** mismatch: the sha256 received; error: the reason. */
  detail: string;
}

export type ObtainFailure =
  /** --manifest PATH cannot be read (params: path, reason). */
  | {
      code: "userFileUnreadable";
      params: { path: string; reason: string };
      /** What the read threw (the CLI words it in the user's language). */
      error?: unknown;
      attempts: [];
    }
  /** --manifest URL failed (params: url, reason). */
  | { code: "userUrlFailed"; params: { url: string; reason: string }; attempts: [] }
  /** Not a file the user gave, no cache, and no source template at all (offline profile). */
  | { code: "noSources"; params: { plugin: string; version: string; cache: string }; attempts: [] }
  /** Every source failed; at least one served other bytes (params: plugin, version, expected). */
  | {
      code: "checksumMismatch";
      params: { plugin: string; version: string; expected: string };
      attempts: SourceAttempt[];
    }
  /** Every source failed to download (params: plugin, version). */
  | { code: "allSourcesFailed"; params: { plugin: string; version: string }; attempts: SourceAttempt[] }
  /** `noDownload` (a dry run) and the bytes are neither a local file nor cached: these URLs would be tried. */
  | { code: "downloadNeeded"; params: { url: string }; urls: string[]; attempts: [] };

export type ObtainResult = { ok: true; manifest: ObtainedManifest } | { ok: false; failure: ObtainFailure };

export interface ObtainOptions {
  /** The pinned release (required unless `user` is given). */
  release: CniRelease | undefined;
  /** Expanded URLs, in order (expandSources). */
  urls: readonly string[];
  /** --manifest: a path (read through `files`) or an http(s) URL. */
  user?: string | undefined;
  hostFs: HostFs;
  files: Files;
  fetcher: ManifestFetcher;
  timeoutMs?: number | undefined;
  /** Told before each download, e.g. for a progress line. */
  onTry?: ((url: string) => void) | undefined;
  /** A dry run: connect to nothing; a needed download is the "downloadNeeded" failure instead. */
  noDownload?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export async function obtainManifest(opts: ObtainOptions): Promise<ObtainResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const download = (url: string) => {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (opts.signal) signals.push(opts.signal);
    return opts.fetcher(url, { signal: AbortSignal.any(signals) }).catch((err: unknown) => {
      throw new Error(downloadReason(err, timeoutMs));
    });
  };

  if (opts.user !== undefined) {
    const user = opts.user;
    let bytes: Uint8Array;
    let origin: ManifestOrigin;
    if (isHttpUrl(user)) {
      if (opts.noDownload)
        return fail({ code: "downloadNeeded", params: { url: user }, urls: [user], attempts: [] });
      opts.onTry?.(user);
      try {
        bytes = await download(user);
      } catch (err) {
        return fail({
          code: "userUrlFailed",
          params: { url: user, reason: (err as Error).message },
          attempts: [],
        });
      }
      origin = { kind: "user-url", url: user };
    } else {
      try {
        bytes = Buffer.from(await opts.files.readText(user), "utf8");
      } catch (err) {
        // English for logs; the CLI words `error` in the user's language (the same function).
        const reason = readFailureReason("en", err);
        return fail({ code: "userFileUnreadable", params: { path: user, reason }, error: err, attempts: [] });
      }
      origin = { kind: "user-file", path: user };
    }
    const sha = sha256(bytes);
    return ok({ text: decode(bytes), sha256: sha, origin, release: releaseBySha256(sha), attempts: [] });
  }

  const release = opts.release;
  if (!release) throw new Error("obtainManifest: a release or a user source is required");
  const cached = await opts.hostFs.read(cachePath(release));
  if (cached !== undefined && sha256(cached) === release.manifestSha256) {
    return ok({
      text: cached,
      sha256: release.manifestSha256,
      origin: { kind: "cache", path: cachePath(release) },
      release,
      attempts: [],
    });
  }
  const params = { plugin: release.plugin, version: release.version };
  if (opts.urls.length === 0) {
    return fail({ code: "noSources", params: { ...params, cache: cachePath(release) }, attempts: [] });
  }
  if (opts.noDownload) {
    const urls = [...opts.urls];
    return fail({ code: "downloadNeeded", params: { url: urls[0] as string }, urls, attempts: [] });
  }
  const attempts: SourceAttempt[] = [];
  for (const url of opts.urls) {
    if (opts.signal?.aborted) break;
    opts.onTry?.(url);
    let bytes: Uint8Array;
    try {
      bytes = await download(url);
    } catch (err) {
      attempts.push({ url, outcome: "error", detail: (err as Error).message });
      continue;
    }
    const sha = sha256(bytes);
    if (sha !== release.manifestSha256) {
      // A mirror serving other bytes (another tag, an HTML error page, tampering): try the next one.
      attempts.push({ url, outcome: "mismatch", detail: sha });
      continue;
    }
    const text = decode(bytes);
    await opts.hostFs.write(cachePath(release), text, { mode: 0o644 });
    return ok({ text, sha256: sha, origin: { kind: "download", url }, release, attempts });
  }
  if (attempts.some((a) => a.outcome === "mismatch")) {
    return fail({
      code: "checksumMismatch",
      params: { ...params, expected: release.manifestSha256 },
      attempts,
    });
  }
  return fail({ code: "allSourcesFailed", params, attempts });
}

function ok(manifest: ObtainedManifest): ObtainResult {
  return { ok: true, manifest };
}

function fail(failure: ObtainFailure): ObtainResult {
  return { ok: false, failure };
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf8");
}

/** Why a download failed, in English (the attempt list and logs): the one network classifier's words. */
function downloadReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { message?: string } };
  // Our own signal (Ctrl-C), not the deadline: classifyNetError would call both a timeout.
  if (e?.name === "AbortError") return "interrupted";
  const net = classifyNetError(err);
  const phrase = netCausePhrase(net, timeoutMs);
  if (phrase !== undefined) return phrase;
  if (isTlsKind(net.kind)) return `TLS: ${e?.cause?.message ?? net.code ?? net.detail}`;
  const msg = e?.message ?? String(err);
  return msg === "fetch failed" && e?.cause?.message ? e.cause.message : msg;
}
