export interface ListenSocket {
  /** Raw local_address field, e.g. "00000000:192B". */
  raw: string;
  /** Decoded, e.g. "0.0.0.0:6443" or "[::]:6443". */
  address: string;
  port: number;
}

/** Kernel TCP state for LISTEN in /proc/net/tcp{,6}. */
const TCP_LISTEN = "0A";

/** /proc/net/tcp stores each 32-bit word in host (little-endian on every supported arch) byte order. */
function swapWord(hex8: string): string {
  return hex8.match(/../g)?.reverse().join("") ?? hex8;
}

function decodeIpv4(hex: string): string {
  const be = swapWord(hex);
  return [0, 2, 4, 6].map((i) => Number.parseInt(be.slice(i, i + 2), 16)).join(".");
}

function decodeIpv6(hex: string): string {
  const be = (hex.match(/.{8}/g) ?? []).map(swapWord).join("");
  const groups = (be.match(/.{4}/g) ?? []).map((g) => Number.parseInt(g, 16).toString(16));
  // Compress the longest run of zero groups, as `ss` prints it.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (groups[j] === "0") j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  if (best.len < 2) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}

/** LISTEN sockets from /proc/net/tcp or /proc/net/tcp6 (header line first, then one socket a line). */
export function parseListenSockets(raw: string): ListenSocket[] {
  const out: ListenSocket[] = [];
  for (const line of raw.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    const local = f[1];
    if (f[3] !== TCP_LISTEN || !local) continue;
    const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(local);
    if (!m?.[1] || !m[2]) continue;
    const port = Number.parseInt(m[2], 16);
    const address = m[1].length === 8 ? `${decodeIpv4(m[1])}:${port}` : `[${decodeIpv6(m[1])}]:${port}`;
    out.push({ raw: local, address, port });
  }
  return out;
}
