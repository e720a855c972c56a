/**
 * OpenSSH known_hosts, read and extended. PURE. Plain (`host`, `[host]:port`, comma lists, `*`/`?`
 * patterns, `!` negation) and hashed (`|1|salt|hmac`) host fields; `@revoked` lines refuse a key,
 * `@cert-authority` lines are not host keys and are skipped.
 */
import { createHmac } from "node:crypto";

export type HostKeyVerdict =
  | { status: "known" }
  /** No key of this type for the host (it may have keys of other types: `otherTypes`). */
  | { status: "unknown"; otherTypes: string[] }
  /** A different key of the same type is recorded: possible man-in-the-middle. */
  | { status: "changed"; line: number; knownType: string }
  | { status: "revoked"; line: number };

/** The name known_hosts uses: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(p: string): RegExp {
  const body = p
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${body}$`, "i");
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split("|");
  if (parts.length !== 4 || parts[1] !== "1") return false;
  const salt = Buffer.from(parts[2] as string, "base64");
  const mac = createHmac("sha1", salt).update(name).digest("base64");
  return mac === parts[3];
}

/** Does a known_hosts host field (comma list) name this host? */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith("|")) return hashedMatches(field, name);
  let matched = false;
  for (const raw of field.split(",")) {
    const negated = raw.startsWith("!");
    const pattern = negated ? raw.slice(1) : raw;
    if (!globToRegExp(pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** The key type at the start of an SSH wire-format public key blob ("ssh-ed25519", ...). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return "";
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString("latin1");
}

/** Verdict for a host's offered key against the file's text. */
export function checkHostKey(
  text: string,
  host: string,
  port: number,
  keyType: string,
  keyBase64: string,
): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const otherTypes = new Set<string>();
  let changed: HostKeyVerdict | undefined;
  let known = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "" || line.startsWith("#")) continue;
    let fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith("@")) {
      marker = fields[0];
      fields = fields.slice(1);
    }
    const [hosts, type, key] = fields;
    if (!hosts || !type || !key || marker === "@cert-authority") continue;
    if (!hostFieldMatches(hosts, name)) continue;
    if (marker === "@revoked") {
      if (type === keyType && key === keyBase64) return { status: "revoked", line: i + 1 };
      continue;
    }
    if (type !== keyType) {
      otherTypes.add(type);
      continue;
    }
    if (key === keyBase64) known = true;
    else changed ??= { status: "changed", line: i + 1, knownType: type };
  }
  if (known) return { status: "known" };
  if (changed) return changed;
  return { status: "unknown", otherTypes: [...otherTypes] };
}

/** The line `--accept-new-host-keys` appends (plain host name, as `ssh -o StrictHostKeyChecking=accept-new`). */
export function knownHostsLine(host: string, port: number, keyType: string, keyBase64: string): string {
  return `${knownHostsName(host, port)} ${keyType} ${keyBase64}`;
}

/** `text` with `line` appended on a line of its own. */
export function appendLine(text: string, line: string): string {
  return text === "" || text.endsWith("\n") ? `${text}${line}\n` : `${text}\n${line}\n`;
}

/** OpenSSH-style fingerprint: SHA256:<unpadded base64>. */
export function fingerprint(keyBase64: string, sha256: (b: Buffer) => Buffer): string {
  return `SHA256:${sha256(Buffer.from(keyBase64, "base64")).toString("base64").replace(/=+$/, "")}`;
}
