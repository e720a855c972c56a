import { formatHostPort, parseIp } from "./ip.js";

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);

/** Kubernetes node names and DNS domains: RFC 1123 subdomain, lowercase, <= 253 chars. */
export function isDns1123Subdomain(s: string): boolean {
  return (
    s.length > 0 && s.length <= 253 && DNS1123_SUBDOMAIN.test(s) && s.split(".").every((l) => l.length <= 63)
  );
}

/** What is wrong with a node name, for a message that says so; undefined when it is valid. */
export type NodeNameProblem = "empty" | "tooLong" | "labelTooLong" | "characters";

export function nodeNameProblem(s: string): NodeNameProblem | undefined {
  if (isDns1123Subdomain(s)) return undefined;
  if (s.length === 0) return "empty";
  if (s.length > 253) return "tooLong";
  if (DNS1123_SUBDOMAIN.test(s)) return "labelTooLong";
  return "characters";
}

/**
 * Best-effort fix for a name that is not a valid node name (MyHost_01 -> myhost-01; a label over 63
 * characters is cut). Undefined when no valid name comes out, or when it is the same text: an invalid
 * value is never offered as its own fix.
 */
export function suggestNodeName(s: string): string | undefined {
  const labels = s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .split(".")
    .map((l) =>
      l
        .replace(/^-+|-+$/g, "")
        .slice(0, 63)
        .replace(/-+$/, ""),
    )
    .filter((l) => l !== "");
  let fixed = labels.join(".");
  while (fixed.length > 253 && fixed.includes(".")) fixed = fixed.slice(0, fixed.lastIndexOf("."));
  return fixed !== s && isDns1123Subdomain(fixed) ? fixed : undefined;
}

/**
 * A host name (SSH target, API endpoint, certificate SAN): an RFC 1123 name whose last label is not
 * all digits. "999.1.1.1", "10.0.0" or "1.2.3.4.5" are mistyped addresses, never names (RFC 1123
 * 2.1; and the resolver would read "10.0.0" as 10.0.0.0).
 */
export function isHostName(s: string): boolean {
  return isDns1123Subdomain(s) && !/(^|\.)[0-9]+$/.test(s);
}

/** Digits and dots only, yet not an IPv4 address: meant as one, mistyped. */
export function isMistypedIpv4(s: string): boolean {
  return /^[0-9.]+$/.test(s) && /[0-9]/.test(s) && parseIp(s) === undefined;
}

export interface HostPort {
  host: string;
  port: number | undefined;
  /** True when the host part is an IP literal. */
  isIp: boolean;
}

/** Parses HOST, HOST:PORT, IPv6, or [IPv6]:PORT. Returns undefined when malformed. */
export function parseHostPort(s: string): HostPort | undefined {
  const text = s.trim();
  if (text === "" || /\s|\/|^[a-z]+:\/\//i.test(text)) return undefined;
  let host: string;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(text);
  if (bracket) {
    host = bracket[1] as string;
    portText = bracket[2];
    if (parseIp(host)?.family !== 6) return undefined;
  } else if ((text.match(/:/g) ?? []).length > 1) {
    // Bare IPv6 without a port.
    host = text;
    if (parseIp(host)?.family !== 6) return undefined;
  } else {
    const idx = text.lastIndexOf(":");
    host = idx >= 0 ? text.slice(0, idx) : text;
    portText = idx >= 0 ? text.slice(idx + 1) : undefined;
  }
  let port: number | undefined;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText)) return undefined;
    port = Number(portText);
    if (port < 1 || port > 65535) return undefined;
  }
  const isIp = parseIp(host) !== undefined;
  if (!isIp && !isHostName(host.toLowerCase())) return undefined;
  return { host, port, isIp };
}

/**
 * The port a HOST-only endpoint should get, written out: "10.0.0.1" -> 10.0.0.1:6443, "::1" ->
 * [::1]:6443. A bare IPv6 whose last group reads as a port ("::1:6443": kubeadm's SplitHostPort
 * refuses it, "too many colons") becomes [::1]:6443, the port it most likely meant.
 */
export function endpointWithPort(text: string, port = 6443): string {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (bare === text && parseIp(bare)?.family === 6) {
    const m = /^(.*):([0-9]{3,5})$/.exec(bare);
    const n = Number(m?.[2]);
    const rest = m?.[1] ?? "";
    if (m && (n === 443 || (n >= 1024 && n <= 65535)) && parseIp(rest)?.family === 6) {
      return formatHostPort(rest, n);
    }
  }
  return formatHostPort(bare, port);
}

/** An IPv6 literal written without brackets (so any ":PORT" reads as part of the address). */
export function isBareIpv6(text: string): boolean {
  return !text.startsWith("[") && parseIp(text)?.family === 6;
}

/** Go's time.ParseDuration accepts e.g. "24h", "1h30m", "90s", "0"; kubeadm's token TTL uses it. */
export function isGoDuration(s: string): boolean {
  return s === "0" || /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(s);
}

export const TOKEN_RE = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
export const DOC_EXAMPLE_TOKEN = "abcdef.0123456789abcdef";
export const CERT_KEY_RE = /^[a-f0-9]{64}$/;
export const CA_HASH_RE = /^sha256:[a-f0-9]{64}$/;

/** registry[:port][/path...] as used in image references, no scheme, lowercase. */
export function isImageRepository(s: string): boolean {
  return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/.test(s);
}
