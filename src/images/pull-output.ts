/**
 * What `ctr` prints, read back: its stderr classified into a pull failure cause, `ctr images ls`,
 * its progress table, sizes, and the socket address from a criSocket. PURE: text in, data out
 * (images/pull.ts runs ctr and uses these).
 */
import { classifyPullText, isRuntimeText } from "../diagnose/transport.js";
import { oneLine } from "../util/one-line.js";

/** Longest evidence line kept from ctr's stderr. */
export const MAX_CTR_EVIDENCE = 400;

export type PullErrorClass = "unreachable" | "not-found" | "unauthorized" | "tls" | "other";

/** What classifyPullError makes of ctr's stderr. */
export interface PullErrorInfo {
  cause: PullErrorClass;
  /** The last meaningful stderr line, without the "ctr: " prefix. */
  evidence: string;
  /** host[:port] the final error is about (a mirror, the upstream, a token server), when ctr names it. */
  endpoint?: string;
  /** Hosts that answered 404 before containerd gave up: mirrors that lack the image. */
  notFoundOn: string[];
}

export interface PullProgress {
  bytesDone?: number;
  bytesTotal?: number;
}

/** Socket path for `ctr --address` from a criSocket: unix:///run/containerd/containerd.sock -> /run/containerd/containerd.sock. */
export function ctrAddress(criSocket: string): string {
  const s = criSocket.trim();
  const path = s.startsWith("unix://") ? s.slice("unix://".length) : s;
  if (!path.startsWith("/") || /\s/.test(path)) throw new Error(`not a unix socket criSocket: ${criSocket}`);
  return path;
}

// --- classifying ctr's stderr

// biome-ignore lint/suspicious/noControlCharactersInRegex: ctr colours its progress bars (ESC[32m) even off a terminal.
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** ctr's logrus lines: time="..." level=info msg="trying next host" error="..." host=... */
const LOG_LINE = /^time="[^"]*" level=\w+ msg=/;

/**
 * Classifies a failed `ctr images pull` from its stderr (wording checked against ctr 1.6). PURE.
 * containerd tries each hosts.toml mirror, then the server, and reports the first error that was
 * not a 404; so when a mirror answered 404 and the upstream behind it is unreachable (blocked, or
 * kept away on purpose) the image is reported as not found on that mirror.
 */
export function classifyPullError(stderr: string): PullErrorInfo {
  const lines = stderr
    .replace(ANSI, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const notFoundOn: string[] = [];
  let firstErrorHost: string | undefined;
  for (const l of lines) {
    if (!LOG_LINE.test(l)) continue;
    const host = /\shost="?([^"\s]+)"?/.exec(l)?.[1];
    if (host === undefined) continue;
    if (/response was http\.StatusNotFound/.test(l)) {
      if (!notFoundOn.includes(host)) notFoundOn.push(host);
    } else if (/ error="/.test(l) && firstErrorHost === undefined) firstErrorHost = host;
  }
  const meaningful = lines.filter((l) => !/^time="[^"]*" level=(?:info|debug|trace)\b/.test(l));
  const last = meaningful.at(-1) ?? lines.at(-1) ?? "";
  const evidence = oneLine(last.replace(/^ctr: /, ""), MAX_CTR_EVIDENCE);

  // One text classifier for ctr and the kubelet (diagnose/transport.ts); no registry cause: "other".
  let cause: PullErrorClass = classifyPullText(evidence) ?? "other";
  let endpoint =
    /"https?:\/\/([^/"\s?]+)/.exec(evidence)?.[1] ??
    /pulling from host (\S+) failed/.exec(evidence)?.[1] ??
    (cause === "not-found" ? notFoundOn[0] : firstErrorHost);
  if (cause === "unreachable" && notFoundOn.length > 0) {
    cause = "not-found";
    endpoint = notFoundOn[0];
  }
  const info: PullErrorInfo = { cause, evidence, notFoundOn };
  if (endpoint !== undefined) info.endpoint = endpoint;
  return info;
}

/** Failures that retrying may fix: the network, a busy registry (5xx, 429), a stalled transfer. */
export function isRetryableCause(cause: PullErrorClass): boolean {
  return cause === "unreachable" || cause === "other";
}

/** The runtime itself (containerd's socket) failed, not a registry. */
export function isRuntimeError(evidence: string): boolean {
  return isRuntimeText(evidence);
}

// --- ctr's output

const UNITS: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50 };

/** "2.9 MiB", "405.0 B", "1.0 Mi" (ctr truncates its total column) -> bytes; undefined if not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGTP]?)(?:i?B?)?$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1));
}

/** Bytes as ctr writes them: 2.9 MiB. */
export function formatSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** `ctr images ls` -> reference -> size in bytes (undefined when the size column is unreadable). */
export function parseImageList(stdout: string): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const raw of stdout.split("\n")) {
    const line = raw.trim();
    if (line === "" || /^REF\s/.test(line)) continue;
    const ref = line.split(/\s+/)[0] as string;
    const size = /\s(\d+(?:\.\d+)?\s[KMGTP]?i?B)\s/.exec(` ${line} `)?.[1];
    out.set(ref, size === undefined ? undefined : parseSize(size));
  }
  return out;
}

/**
 * Follows ctr's progress table. Off a terminal ctr prints the whole table every 100 ms: one line per
 * blob ("layer-sha256:...: downloading |++--| 1.0 MiB/2.9 MiB", "...: done |++++|"), then
 * "elapsed: 1.6 s total: 2.0 Mi (1.2 MiB/s)". `feed` returns the progress at the end of each table
 * when it changed. Sizes only of blobs ctr showed while downloading are known.
 */
export function progressTracker(): {
  feed(line: string): PullProgress | undefined;
  /** The image's size when every blob seen is done and showed its size; otherwise undefined. */
  completeBytes(): number | undefined;
} {
  const blobs = new Map<string, { offset: number; total?: number; done: boolean }>();
  let last = "";
  return {
    completeBytes() {
      if (blobs.size === 0) return undefined;
      let sum = 0;
      for (const b of blobs.values()) {
        if (!b.done || b.total === undefined) return undefined;
        sum += b.total;
      }
      return sum;
    },
    feed(raw) {
      const line = raw.replace(ANSI, "").trim();
      const row = /^([a-z]+-sha256:[0-9a-f]+):\s+(\w+)\s+\|[^|]*\|\s*(?:(\S+ ?\S*)\/(\S+ \S+))?/.exec(line);
      if (row) {
        const key = row[1] as string;
        const status = row[2] as string;
        const blob = blobs.get(key) ?? { offset: 0, done: false };
        const offset = row[3] !== undefined ? parseSize(row[3]) : undefined;
        const total = row[4] !== undefined ? parseSize(row[4]) : undefined;
        if (total !== undefined) blob.total = Math.max(blob.total ?? 0, total);
        if (offset !== undefined) blob.offset = Math.max(blob.offset, offset);
        blob.done = status === "done" || status === "exists";
        blobs.set(key, blob);
        return undefined;
      }
      if (!/^elapsed:/.test(line)) return undefined;
      let bytesDone = 0;
      let bytesTotal = 0;
      for (const b of blobs.values()) {
        if (b.total === undefined) continue;
        bytesTotal += b.total;
        bytesDone += b.done ? b.total : Math.min(b.offset, b.total);
      }
      if (bytesTotal === 0) return undefined;
      const key = `${bytesDone}/${bytesTotal}`;
      if (key === last) return undefined;
      last = key;
      return { bytesDone, bytesTotal };
    },
  };
}
