import { parseIp } from "./ip.js";

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);

/** Kubernetes node names and DNS domains: RFC 1123 subdomain, lowercase, <= 253 chars. */
export function isDns1123Subdomain(s: string): boolean {
  return (
    s.length > 0 && s.length <= 253 && DNS1123_SUBDOMAIN.test(s) && s.split(".").every((l) => l.length <= 63)
  );
}

/** Best-effort fix for a hostname that is not a valid node name (MyHost_01 -> myhost-01). */
export function suggestNodeName(s: string): string {
  const fixed = s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return fixed.slice(0, 253) || "node-1";
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
  if (!isIp && !isDns1123Subdomain(host.toLowerCase())) return undefined;
  return { host, port, isIp };
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
