/**
 * Does every image:tag exist? Asks registries over the OCI distribution API
 * (HEAD /v2/<repo>/manifests/<tag>) so users learn before `kubeadm init` that a mirror lags.
 */
import { createHash } from "node:crypto";
import { classifyNetError, isTlsKind } from "../diagnose/transport.js";
import type { Msg } from "../i18n/messages.js";
import type { FetchLike } from "../ports.js";
import { mapLimit } from "../util/map-limit.js";
import { platformText } from "./archive-platform.js";
import {
  applyMirror,
  formatReference,
  type ImageRef,
  type InvalidReferenceError,
  isLoopbackRegistry,
  mustParseReference,
  registryApiHost,
} from "./reference.js";

export { InvalidReferenceError } from "./reference.js";

export type ImageCheckStatus =
  | "ok"
  | "tag-missing"
  | "platform-missing"
  | "unauthorized"
  | "unreachable"
  | "tls"
  | "error";

/** The node's platform, as image indexes name it ({os: "linux", architecture: "arm64"}). */
export interface Platform {
  os: string;
  architecture: string;
}

export interface ImageCheckResult {
  /** Fully qualified reference that was checked (after any mirror rewrite). */
  ref: string;
  registry: string;
  status: ImageCheckStatus;
  /** Whole check, token handshake included. */
  latencyMs: number;
  digest?: string;
  /** One line: "HTTP 404 MANIFEST_UNKNOWN", "ECONNREFUSED 127.0.0.1:5000", "timeout after 10000 ms". */
  detail: string;
  httpStatus?: number;
  /** Registry error code (MANIFEST_UNKNOWN, DENIED, ...) or socket/TLS error code (ECONNREFUSED, ...). */
  code?: string;
}

export interface BasicCredentials {
  username: string;
  password: string;
}

export type { FetchLike };

export interface CheckOptions {
  fetch?: FetchLike;
  /** Per HTTP request, default 10 s. */
  timeoutMs?: number;
  /** Registries (as in references, e.g. "harbor.local:5000") reached over plain HTTP. */
  insecure?: readonly string[];
  /** Loopback registries (localhost, 127.0.0.0/8, [::1]) over plain HTTP, like containerd; default true. */
  loopbackPlainHttp?: boolean;
  /** Basic credentials per registry, used for the token endpoint or a Basic challenge. */
  credentials?: Readonly<Record<string, BasicCredentials>>;
  /** Parallel checks, default 8. */
  concurrency?: number;
  /** Cancels everything; the check then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The platform the node pulls. Then a tag is "ok" only when the registry serves it for that
   * platform: an index (manifest list) must list it and its manifest must be there (mirrors that
   * sync only amd64 keep the index but not the others), a single-platform image must be built for it.
   */
  platform?: Platform;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 8;

export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

const MAX_BODY = 4 * 1024 * 1024;

const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);

const MISSING_CODES = new Set(["MANIFEST_UNKNOWN", "NAME_UNKNOWN"]);
const DENIED_CODES = new Set(["DENIED", "UNAUTHORIZED"]);

interface Outcome {
  status: ImageCheckStatus;
  detail: string;
  httpStatus?: number;
  code?: string;
  digest?: string;
}

interface Ctx {
  fetch: FetchLike;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** Checks one image. Never rejects for registry or network trouble (only when opts.signal aborts). */
export async function checkImage(ref: ImageRef | string, opts: CheckOptions = {}): Promise<ImageCheckResult> {
  const image = typeof ref === "string" ? mustParseReference(ref) : ref;
  const ctx: Ctx = {
    fetch: opts.fetch ?? ((url, init) => fetch(url, init)),
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: opts.signal,
  };
  const start = performance.now();
  let outcome: Outcome;
  try {
    outcome = await probe(image, opts, ctx);
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    outcome = classifyError(err, ctx.timeoutMs);
  }
  const result: ImageCheckResult = {
    ref: formatReference(image),
    registry: image.registry,
    status: outcome.status,
    latencyMs: Math.round(performance.now() - start),
    detail: outcome.detail,
  };
  if (outcome.digest !== undefined) result.digest = outcome.digest;
  if (outcome.httpStatus !== undefined) result.httpStatus = outcome.httpStatus;
  if (outcome.code !== undefined) result.code = outcome.code;
  return result;
}

/** Checks many images, at most `concurrency` at a time; results in input order. Bad references throw first. */
export async function checkImages(
  refs: readonly (ImageRef | string)[],
  opts: CheckOptions = {},
): Promise<ImageCheckResult[]> {
  const images = refs.map((r) => (typeof r === "string" ? mustParseReference(r) : r));
  return mapLimit(images, opts.concurrency ?? DEFAULT_CONCURRENCY, (image) => checkImage(image, opts));
}

export interface CandidateReport {
  /** Mirror prefix as given; "" stands for the references unchanged. */
  candidate: string;
  ok: boolean;
  results: ImageCheckResult[];
}

export interface MirrorPick {
  /** First candidate (in the given order) that has every image, if any. */
  chosen: string | undefined;
  candidates: CandidateReport[];
}

/**
 * Checks every image on every candidate prefix (see applyMirror; "" means unchanged) within one
 * concurrency budget, and picks the first candidate that has them all.
 */
export async function pickMirror(
  refs: readonly (ImageRef | string)[],
  candidates: readonly string[],
  opts: CheckOptions = {},
): Promise<MirrorPick> {
  const images = refs.map((r) => (typeof r === "string" ? mustParseReference(r) : r));
  const plan = candidates.map((c) => images.map((i) => (c.trim() === "" ? i : applyMirror(i, c))));
  const flat = await checkImages(plan.flat(), opts);
  const reports = candidates.map((candidate, n): CandidateReport => {
    const results = flat.slice(n * images.length, (n + 1) * images.length);
    return { candidate, ok: results.every((r) => r.status === "ok"), results };
  });
  return { chosen: reports.find((r) => r.ok)?.candidate, candidates: reports };
}

/** The message and fix hint for a result; `onMirror` says the registry is a mirror of the upstream one. */
export function explainResult(result: ImageCheckResult, onMirror = false): { msg: Msg; hint?: Msg } {
  const params = {
    ref: result.ref,
    registry: result.registry,
    detail: result.detail,
    digest: result.digest ?? "",
  };
  const registry = { registry: result.registry };
  switch (result.status) {
    case "ok":
      return { msg: { key: "registry.result.ok", params } };
    case "tag-missing":
      return {
        msg: { key: "registry.result.tagMissing", params },
        hint: { key: onMirror ? "registry.fix.tagMissingMirror" : "registry.fix.tagMissing" },
      };
    case "platform-missing":
      return {
        msg: { key: "registry.result.platformMissing", params },
        hint: { key: onMirror ? "registry.fix.platformMissingMirror" : "registry.fix.platformMissing" },
      };
    case "unauthorized":
      return {
        msg: { key: "registry.result.unauthorized", params },
        hint: { key: "registry.fix.unauthorized", params: registry },
      };
    case "unreachable":
      return {
        msg: { key: "registry.result.unreachable", params },
        hint: { key: "registry.fix.unreachable", params: registry },
      };
    case "tls":
      return {
        msg: { key: "registry.result.tls", params },
        hint: { key: "registry.fix.tls", params: registry },
      };
    case "error":
      return {
        msg: { key: "registry.result.error", params },
        hint: { key: result.httpStatus === 429 ? "registry.fix.rateLimited" : "registry.fix.error" },
      };
  }
}

/** The message (and the reason as hint) for a reference or mirror prefix that was refused. */
export function explainInvalidReference(err: InvalidReferenceError): { msg: Msg; hint: Msg } {
  return {
    msg: {
      key: err.what === "mirror" ? "registry.invalidMirror" : "registry.invalidReference",
      params: { value: err.value },
    },
    hint: { key: `registry.reason.${err.problem}` },
  };
}

// --- the HTTP exchange

async function probe(image: ImageRef, opts: CheckOptions, ctx: Ctx): Promise<Outcome> {
  const plain =
    (opts.insecure ?? []).includes(image.registry) ||
    (opts.loopbackPlainHttp !== false && isLoopbackRegistry(image.registry));
  const scheme = plain ? "http" : "https";
  const url = `${scheme}://${registryApiHost(image.registry)}/v2/${image.repository}/manifests/${image.digest ?? image.tag ?? "latest"}`;
  const creds = opts.credentials?.[image.registry];
  let auth: string | undefined;
  let authTried = false;

  // One request; on the first 401 with a challenge, authorise and retry once.
  const send = async (method: "HEAD" | "GET"): Promise<Response | Outcome> => {
    const res = await request(ctx, url, method, auth);
    if (res.status !== 401 || authTried) return res;
    authTried = true;
    const challenge = res.headers.get("www-authenticate");
    await discard(res);
    const got = await authorize(challenge, image, creds, ctx);
    if (typeof got !== "string") return got;
    auth = got;
    return request(ctx, url, method, auth);
  };

  let res = await send("HEAD");
  if (isOutcome(res)) return res;
  let method: "HEAD" | "GET" = "HEAD";
  // Some registries refuse HEAD (405) or answer it oddly (404); GET also tells which error code.
  if (res.status === 404 || res.status === 405) {
    await discard(res);
    method = "GET";
    res = await send("GET");
    if (isOutcome(res)) return res;
  }
  const outcome = await classifyResponse(res, method, auth !== undefined);
  if (outcome.status !== "ok" || !opts.platform) return outcome;
  const base = `${scheme}://${registryApiHost(image.registry)}/v2/${image.repository}`;
  return checkPlatform(ctx, base, url, auth, opts.platform, outcome);
}

/** GET of a JSON document (manifest, index, image config) with the token already won; undefined on failure. */
async function getJson(
  ctx: Ctx,
  url: string,
  auth: string | undefined,
  accept: string,
): Promise<{ status: number; json?: Record<string, unknown> }> {
  const res = await request(ctx, url, "GET", auth, accept);
  if (!res.ok) {
    await discard(res);
    return { status: res.status };
  }
  try {
    return { status: res.status, json: JSON.parse((await readBody(res, MAX_BODY)).toString("utf8")) };
  } catch {
    return { status: res.status };
  }
}

/**
 * The tag exists: is it there for the node's platform? An index must list the platform and the
 * registry must have that manifest; a single manifest's image config must name the platform.
 */
async function checkPlatform(
  ctx: Ctx,
  base: string,
  url: string,
  auth: string | undefined,
  want: Platform,
  found: Outcome,
): Promise<Outcome> {
  const wanted = platformText(want);
  const top = await getJson(ctx, url, auth, MANIFEST_ACCEPT);
  const doc = top.json;
  if (!doc) return { ...found, detail: `${found.detail}, platform not checked (GET HTTP ${top.status})` };
  const media = typeof doc.mediaType === "string" ? doc.mediaType : "";
  const manifests = Array.isArray(doc.manifests) ? (doc.manifests as Record<string, unknown>[]) : undefined;
  if (manifests || INDEX_TYPES.has(media)) {
    const listed = (manifests ?? [])
      .map((m) => ({ digest: m.digest, platform: (m.platform ?? {}) as Record<string, unknown> }))
      // Attestation entries (unknown/unknown) are not images.
      .filter((m) => m.platform.os !== "unknown");
    const hit = listed.find(
      (m) => m.platform.os === want.os && m.platform.architecture === want.architecture,
    );
    if (!hit || typeof hit.digest !== "string") {
      const has = [...new Set(listed.map((m) => platformText(m.platform)))].join(", ") || "nothing";
      return { status: "platform-missing", detail: `the index lists no ${wanted} (it has ${has})` };
    }
    const child = await request(ctx, `${base}/manifests/${hit.digest}`, "HEAD", auth);
    await discard(child);
    if (child.status === 404)
      return {
        status: "platform-missing",
        httpStatus: 404,
        detail: `the index lists ${wanted} as ${hit.digest.slice(0, 19)}…, but that manifest is not on the registry (HTTP 404)`,
      };
    if (!child.ok) return { ...found, detail: `${found.detail}, ${wanted} manifest: HTTP ${child.status}` };
    return { ...found, detail: `${found.detail}, ${wanted}` };
  }
  // One image, no index: its config says what it was built for.
  const config = (doc.config ?? {}) as Record<string, unknown>;
  if (typeof config.digest !== "string") return found;
  const blob = await getJson(ctx, `${base}/blobs/${config.digest}`, auth, "application/json, */*");
  const cfg = blob.json;
  if (!cfg) return { ...found, detail: `${found.detail}, platform not checked (config HTTP ${blob.status})` };
  if (cfg.os === want.os && cfg.architecture === want.architecture)
    return { ...found, detail: `${found.detail}, ${wanted}` };
  return {
    status: "platform-missing",
    detail: `a single-platform image for ${platformText(cfg)}, not ${wanted}`,
  };
}

function isOutcome(x: Response | Outcome): x is Outcome {
  return "detail" in x;
}

async function classifyResponse(res: Response, method: "HEAD" | "GET", authed: boolean): Promise<Outcome> {
  const via = method === "GET" ? " (GET)" : "";
  if (res.ok) {
    const type = res.headers.get("content-type") ?? "";
    let digest = res.headers.get("docker-content-digest") ?? undefined;
    if (digest === undefined && type.startsWith("text/html")) {
      // A captive portal or proxy login page, not a registry.
      await discard(res);
      return {
        status: "error",
        httpStatus: res.status,
        detail: `HTTP ${res.status} with ${type}, not a manifest`,
      };
    }
    if (method === "GET" && digest === undefined) {
      const body = await readBody(res, MAX_BODY);
      digest = `sha256:${createHash("sha256").update(body).digest("hex")}`;
    } else await discard(res);
    const out: Outcome = { status: "ok", httpStatus: res.status, detail: `HTTP ${res.status}${via}` };
    if (digest !== undefined) out.digest = digest;
    return out;
  }
  let code: string | undefined;
  if (method === "GET") code = errorCode(await readBody(res, 64 * 1024));
  else await discard(res);
  const after = authed ? " after token" : "";
  const detail = `HTTP ${res.status}${code ? ` ${code}` : ""}${via}${after}`;
  const out: Outcome = { status: "error", httpStatus: res.status, detail };
  if (code !== undefined) out.code = code;
  if (code !== undefined && DENIED_CODES.has(code)) out.status = "unauthorized";
  else if ((code !== undefined && MISSING_CODES.has(code)) || res.status === 404) out.status = "tag-missing";
  else if (res.status === 401 || res.status === 403) out.status = "unauthorized";
  return out;
}

/** Returns an Authorization header value, or the outcome when authorisation is impossible. */
async function authorize(
  header: string | null,
  image: ImageRef,
  creds: BasicCredentials | undefined,
  ctx: Ctx,
): Promise<string | Outcome> {
  const challenges = parseChallenges(header ?? "");
  const bearer = challenges.find((c) => c.scheme === "bearer" && c.params.realm);
  const basic = challenges.find((c) => c.scheme === "basic");
  const basicValue =
    creds && `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
  if (!bearer) {
    if (basic && basicValue) return basicValue;
    const why = basic ? "Basic auth required, no credentials" : "no usable WWW-Authenticate challenge";
    return { status: "unauthorized", httpStatus: 401, detail: `HTTP 401, ${why}` };
  }
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(bearer.params.realm ?? "");
    if (tokenUrl.protocol !== "https:" && tokenUrl.protocol !== "http:") throw new Error("scheme");
  } catch {
    return {
      status: "error",
      httpStatus: 401,
      detail: `HTTP 401 with a bad token realm "${bearer.params.realm}"`,
    };
  }
  if (bearer.params.service) tokenUrl.searchParams.set("service", bearer.params.service);
  tokenUrl.searchParams.set("scope", `repository:${image.repository}:pull`);

  let res: Response;
  try {
    res = await request(ctx, tokenUrl.toString(), "GET", basicValue, "application/json");
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    const o = classifyError(err, ctx.timeoutMs);
    return { ...o, detail: `token endpoint ${tokenUrl.host}: ${o.detail}` };
  }
  if (!res.ok) {
    const code = errorCode(await readBody(res, 64 * 1024));
    const detail = `token endpoint ${tokenUrl.host}: HTTP ${res.status}${code ? ` ${code}` : ""}`;
    const status: ImageCheckStatus = res.status === 401 || res.status === 403 ? "unauthorized" : "error";
    return code
      ? { status, httpStatus: res.status, code, detail }
      : { status, httpStatus: res.status, detail };
  }
  let token: unknown;
  try {
    const body = JSON.parse((await readBody(res, 1024 * 1024)).toString("utf8")) as Record<string, unknown>;
    token = body.token ?? body.access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token === "") {
    return {
      status: "error",
      httpStatus: res.status,
      detail: `token endpoint ${tokenUrl.host}: no token in the answer`,
    };
  }
  return `Bearer ${token}`;
}

async function request(
  ctx: Ctx,
  url: string,
  method: "HEAD" | "GET",
  authorization: string | undefined,
  accept = MANIFEST_ACCEPT,
): Promise<Response> {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  const headers: Record<string, string> = { Accept: accept };
  if (authorization) headers.Authorization = authorization;
  return ctx.fetch(url, { method, headers, signal, redirect: "follow" });
}

// --- helpers (exported for tests)

export interface Challenge {
  /** Lower-cased: "bearer", "basic". */
  scheme: string;
  params: Record<string, string>;
}

/** Parses WWW-Authenticate, e.g. `Bearer realm="https://auth/token",service="reg",scope="repository:a:pull"`. */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const token = /[A-Za-z0-9!#$%&'*+.^_`|~-]+/y;
  let i = 0;
  const skip = (chars: RegExp) => {
    while (i < header.length && chars.test(header.charAt(i))) i++;
  };
  while (i < header.length) {
    skip(/[\s,]/);
    token.lastIndex = i;
    const m = token.exec(header);
    if (!m) break;
    i = token.lastIndex;
    skip(/\s/);
    if (header.charAt(i) !== "=") {
      out.push({ scheme: m[0].toLowerCase(), params: {} });
      continue;
    }
    i++;
    skip(/\s/);
    let value = "";
    if (header.charAt(i) === '"') {
      i++;
      while (i < header.length && header.charAt(i) !== '"') {
        if (header.charAt(i) === "\\") i++;
        value += header.charAt(i);
        i++;
      }
      i++;
    } else {
      // Lenient: servers send unquoted URLs too (realm=http://h/t).
      const start = i;
      skip(/[^\s,]/);
      value = header.slice(start, i);
    }
    const last = out[out.length - 1];
    if (last) last.params[m[0].toLowerCase()] = value;
  }
  return out;
}

/** First error code of a distribution error body: {"errors":[{"code":"MANIFEST_UNKNOWN",...}]}. */
function errorCode(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { errors?: { code?: unknown }[] };
    const code = parsed.errors?.[0]?.code;
    return typeof code === "string" && /^[A-Z_]+$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Maps what fetch threw to a status (the one network taxonomy: diagnose/transport.ts). */
export function classifyError(err: unknown, timeoutMs: number): Outcome {
  const n = classifyNetError(err);
  if (n.kind === "timeout")
    return { status: "unreachable", code: "TIMEOUT", detail: `timeout after ${timeoutMs} ms` };
  const status: ImageCheckStatus =
    n.kind === "unreachable" ? "unreachable" : isTlsKind(n.kind) ? "tls" : "error";
  return n.code !== undefined ? { status, code: n.code, detail: n.detail } : { status, detail: n.detail };
}

async function readBody(res: Response, limit: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // already consumed or errored: nothing to free
  }
}
