/**
 * The one classifier of transport failures, PURE, used everywhere a registry or the API server
 * could not be reached:
 * - pull error TEXT (containerd's `ctr` stderr, the kubelet's ErrImagePull / Failed events, which
 *   quote containerd): `classifyPullText` (images pull, doctor, wait);
 * - network errors THROWN by Node (fetch/undici, https): `classifyNetError` (the kube client,
 *   `images check`), decided by the error code, never by words in the message where a code exists.
 */

import { oneLine } from "../util/one-line.js";

/** Longest `detail` kept from an error message. */
const MAX_DETAIL = 200;

export type PullTextClass = "unreachable" | "not-found" | "unauthorized" | "tls";

/** containerd's own socket is dead: not a registry problem at all. */
const RUNTIME = /failed to dial "|dial unix/i;
/** A TLS handshake that times out is the network, not the certificate. */
const UNREACHABLE_FIRST = /handshake timeout/i;
const TLS =
  /x509:|\btls:|certificate signed by unknown authority|certificate is not valid|certificate has expired|certificate|server gave HTTP response to HTTPS client|does not look like a TLS handshake/i;
const UNAUTHORIZED =
  /\b40[13]\b|unauthorized|forbidden|authorization failed|authentication required|pull access denied|failed to authorize|insufficient_scope|access to the resource is denied|denied: requested access/i;
const NOT_FOUND =
  /not found|manifest unknown|name unknown|code = NotFound|repository name not known|\b404\b/i;
const UNREACHABLE =
  /connection refused|i\/o timeout|no such host|dial tcp|context deadline exceeded|DeadlineExceeded|proxyconnect|connection reset|no route to host|network is unreachable|server misbehaving|unexpected EOF|\bEOF$|Client\.Timeout exceeded/i;

/**
 * Why an image pull failed, from its error text; undefined when the text names no registry cause
 * (containerd's socket down, a bare "Back-off pulling image"). Order matters: a dead socket also
 * says "context deadline exceeded", a TLS handshake timeout is the network, and "x509" or "401"
 * outrank the words around them.
 */
export function classifyPullText(text: string): PullTextClass | undefined {
  if (RUNTIME.test(text)) return undefined;
  if (UNREACHABLE_FIRST.test(text)) return "unreachable";
  if (TLS.test(text)) return "tls";
  if (UNAUTHORIZED.test(text)) return "unauthorized";
  if (NOT_FOUND.test(text)) return "not-found";
  if (UNREACHABLE.test(text)) return "unreachable";
  return undefined;
}

/** containerd's socket failed (not a registry). */
export function isRuntimeText(text: string): boolean {
  return RUNTIME.test(text);
}

// ---------------------------------------------------------------------------------------------
// thrown network errors

export type NetErrorKind = "timeout" | "unreachable" | "tls-untrusted" | "tls-expired" | "tls" | "other";

/**
 * The finer reason, what a message names: refused (nothing listens), no-route, dns, reset, timeout
 * (our own deadline or the kernel's ETIMEDOUT), the TLS kinds, other.
 */
export type NetCause =
  | "timeout"
  | "refused"
  | "no-route"
  | "dns"
  | "reset"
  | "tls-untrusted"
  | "tls-expired"
  | "tls"
  | "other";

export interface NetErrorInfo {
  kind: NetErrorKind;
  cause: NetCause;
  /** The socket/TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED, ...), when Node gave one. */
  code?: string;
  /** One line: "ECONNREFUSED 127.0.0.1:5000", "ENOTFOUND no such host x", the code, or the message. */
  detail: string;
}

/** Socket codes that mean the peer was not reached (kind "unreachable"), with their cause. */
const UNREACHABLE_CAUSES: Record<string, NetCause> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  EAI_NODATA: "dns",
  ETIMEDOUT: "timeout",
  ECONNRESET: "reset",
  ECONNABORTED: "reset",
  EPIPE: "reset",
  EHOSTUNREACH: "no-route",
  EHOSTDOWN: "no-route",
  ENETUNREACH: "no-route",
  ENETDOWN: "no-route",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  UND_ERR_SOCKET: "reset",
  UND_ERR_CLOSED: "reset",
};
/** The server's certificate is not signed by a CA we trust (a stale kubeconfig, a private registry). */
const UNTRUSTED_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_UNTRUSTED",
]);
const EXPIRED_CODES = new Set(["CERT_HAS_EXPIRED"]);
const OTHER_TLS_CODES = new Set([
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_NOT_YET_VALID",
  "CERT_SIGNATURE_FAILURE",
  "CERT_REJECTED",
  "EPROTO",
]);

interface ErrLike {
  name: string;
  message: string;
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

/** The error, its causes and (happy eyeballs) AggregateError members, depth-first. */
function errorChain(err: unknown): ErrLike[] {
  const out: ErrLike[] = [];
  const visit = (e: unknown, depth: number) => {
    if (depth > 6 || typeof e !== "object" || e === null) return;
    const rec = e as Record<string, unknown>;
    const code =
      typeof rec.code === "string" ? rec.code : typeof rec.errno === "string" ? rec.errno : undefined;
    out.push({
      name: typeof rec.name === "string" ? rec.name : "",
      message: typeof rec.message === "string" ? rec.message : "",
      code,
      address: rec.address,
      port: rec.port,
      hostname: rec.hostname,
    });
    visit(rec.cause, depth + 1);
    if (Array.isArray(rec.errors)) for (const sub of rec.errors) visit(sub, depth + 1);
  };
  visit(err, 0);
  return out;
}

function socketDetail(code: string, e: ErrLike): string {
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL" || code === "EAI_NODATA") {
    return `${code} no such host${typeof e.hostname === "string" ? ` ${e.hostname}` : ""}`;
  }
  if (typeof e.address === "string") {
    const addr = e.address.includes(":") ? `[${e.address}]` : e.address;
    return `${code} ${addr}${typeof e.port === "number" ? `:${e.port}` : ""}`;
  }
  return code;
}

function tlsKind(code: string): "tls-untrusted" | "tls-expired" | "tls" | undefined {
  if (UNTRUSTED_CODES.has(code) || code.includes("ISSUER")) return "tls-untrusted";
  if (EXPIRED_CODES.has(code)) return "tls-expired";
  if (OTHER_TLS_CODES.has(code) || /^(CERT_|ERR_TLS_|ERR_SSL_)/.test(code)) return "tls";
  return undefined;
}

/**
 * What a thrown network error means. The code decides (an expired certificate is CERT_HAS_EXPIRED,
 * not a message containing "expired"); only an error without any code is read for TLS words
 * (OpenSSL's "wrong version number" has none).
 */
export function classifyNetError(err: unknown): NetErrorInfo {
  const chain = errorChain(err);
  if (chain.some((e) => e.name === "TimeoutError" || e.name === "AbortError" || e.code === "ABORT_ERR")) {
    return { kind: "timeout", cause: "timeout", code: "TIMEOUT", detail: "timeout" };
  }
  for (const e of chain) {
    const code = typeof e.code === "string" ? e.code : undefined;
    if (code === undefined) continue;
    const cause = UNREACHABLE_CAUSES[code];
    if (cause !== undefined) {
      // An AggregateError carries the code; its members carry the addresses.
      const where = chain.find(
        (x) => x.code === code && (x.address !== undefined || x.hostname !== undefined),
      );
      return { kind: "unreachable", cause, code, detail: socketDetail(code, where ?? e) };
    }
    const tls = tlsKind(code);
    if (tls) return { kind: tls, cause: tls, code, detail: code };
  }
  const withCode = chain.find((e) => typeof e.code === "string");
  const last = chain[chain.length - 1];
  const text = chain.map((e) => e.message).join(" ");
  const message = last ? `${last.name ? `${last.name}: ` : ""}${last.message}` : String(err);
  if (
    !withCode &&
    /x509|certificate|self[- ]signed|unable to verify|wrong version number|ssl routines/i.test(text)
  ) {
    const kind = /self[- ]signed|unable to verify|unknown authority|issuer/i.test(text)
      ? "tls-untrusted"
      : "tls";
    return { kind, cause: kind, detail: oneLine(last?.message ?? String(err), MAX_DETAIL) };
  }
  const code = withCode?.code as string | undefined;
  return code
    ? { kind: "other", cause: "other", code, detail: code }
    : { kind: "other", cause: "other", detail: oneLine(message, MAX_DETAIL) };
}

export function isTlsKind(kind: NetErrorKind): boolean {
  return kind === "tls" || kind === "tls-untrusted" || kind === "tls-expired";
}

/**
 * The English words for a cause, the same wherever a message names one (the kube client, CNI
 * downloads); undefined for TLS and other, whose detail says more. `timeoutMs`: our own deadline,
 * named when the error is that deadline.
 */
export function netCausePhrase(info: NetErrorInfo, timeoutMs?: number): string | undefined {
  switch (info.cause) {
    case "timeout":
      return info.kind === "timeout" && timeoutMs !== undefined
        ? `no answer within ${formatMs(timeoutMs)}`
        : "connection timed out";
    case "refused":
      return "connection refused";
    case "no-route":
      return "no route to host";
    case "dns":
      return "host name not found";
    case "reset":
      return "connection reset";
    default:
      return undefined;
  }
}

/** 150 -> "150 ms", 30000 -> "30 s", 1500 -> "1.5 s". */
function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
