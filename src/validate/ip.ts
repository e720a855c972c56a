/** Pure IPv4/IPv6 address and CIDR arithmetic on bigints; no DNS, no host access. */
export type Family = 4 | 6;

export interface IpAddress {
  family: Family;
  value: bigint;
}

export interface Cidr {
  family: Family;
  /** Network address (host bits cleared). */
  base: bigint;
  prefix: number;
  text: string;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    // Leading zeros are rejected: Go's net.ParseIP (and so kubeadm) refuses them.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const toGroups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as string;
      if (item.includes(".")) {
        if (i !== items.length - 1) return undefined;
        const v4 = parseIpv4(item);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        out.push(Number.parseInt(item, 16));
      }
    }
    return out;
  };
  const head = toGroups(halves[0] as string);
  const tail = halves.length === 2 ? toGroups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export function parseIp(s: string): IpAddress | undefined {
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (s.includes(":")) {
    const v6 = parseIpv6(s);
    if (v6 !== undefined) return { family: 6, value: v6 };
  }
  return undefined;
}

export type CidrParse =
  | { ok: true; cidr: Cidr }
  | { ok: false; reason: "syntax" | "hostBits"; suggestion?: string };

export function parseCidr(text: string): CidrParse {
  const m = /^([^/\s]+)\/([0-9]{1,3})$/.exec(text.trim());
  if (!m) return { ok: false, reason: "syntax" };
  const ip = parseIp(m[1] as string);
  const prefix = Number(m[2]);
  if (!ip || prefix > BITS[ip.family]) return { ok: false, reason: "syntax" };
  const hostBits = BigInt(BITS[ip.family] - prefix);
  const base = (ip.value >> hostBits) << hostBits;
  if (base !== ip.value) {
    return { ok: false, reason: "hostBits", suggestion: `${formatIp(ip.family, base)}/${prefix}` };
  }
  return { ok: true, cidr: { family: ip.family, base, prefix, text: text.trim() } };
}

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as RFC 5952 asks.
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(":");
  const left = groups.slice(0, best.start).join(":");
  const right = groups.slice(best.start + best.len).join(":");
  return `${left}::${right}`;
}

export function lastAddress(c: Cidr): bigint {
  return c.base | ((1n << BigInt(BITS[c.family] - c.prefix)) - 1n);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

export function cidrContains(c: Cidr, ip: IpAddress): boolean {
  return c.family === ip.family && ip.value >= c.base && ip.value <= lastAddress(c);
}

export function familyBits(f: Family): number {
  return BITS[f];
}

/** Network of an interface address, e.g. 192.168.1.20 with netmask /24 -> 192.168.1.0/24. */
export function networkOf(ip: IpAddress, prefix: number): Cidr {
  const hostBits = BigInt(BITS[ip.family] - prefix);
  const base = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, base, prefix, text: `${formatIp(ip.family, base)}/${prefix}` };
}

/** Addresses kubeadm cannot advertise: unspecified, loopback, multicast, link-local. */
export function isUnusableAdvertiseAddress(ip: IpAddress): boolean {
  if (ip.family === 4) {
    const first = Number(ip.value >> 24n);
    const second = Number((ip.value >> 16n) & 0xffn);
    return ip.value === 0n || first === 127 || first >= 224 || (first === 169 && second === 254);
  }
  const top16 = Number(ip.value >> 112n);
  return ip.value === 0n || ip.value === 1n || top16 >> 8 === 0xff || (top16 & 0xffc0) === 0xfe80;
}

/**
 * The network of an interface address as the OS reports it ("192.168.1.20/24" -> 192.168.1.0/24);
 * unlike parseCidr, host bits are expected here. Undefined when the text is not ADDRESS/PREFIX.
 */
export function interfaceNetwork(text: string): Cidr | undefined {
  const m = /^([^/\s]+)\/([0-9]{1,3})$/.exec(text.trim());
  const ip = m ? parseIp(m[1] as string) : undefined;
  const prefix = Number(m?.[2]);
  if (!ip || prefix > BITS[ip.family]) return undefined;
  return networkOf(ip, prefix);
}

/**
 * HOST:PORT for display and dialing: an IPv6 literal is bracketed ([::1]:6443), an already
 * bracketed one kept as is. The one place that joins a host and a port.
 */
export function formatHostPort(host: string, port: number | string): string {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return bare.includes(":") ? `[${bare}]:${port}` : `${bare}:${port}`;
}
