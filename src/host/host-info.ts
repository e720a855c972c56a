import { hostname, networkInterfaces } from "node:os";

export interface HostAddress {
  interface: string;
  address: string;
  family: 4 | 6;
  /** Network in CIDR form, e.g. 192.168.1.0/24 ... as reported by the OS (address/prefix). */
  cidr: string;
}

/** Read-only facts about the machine the CLI runs on; faked in tests. */
export interface HostInfo {
  addresses(): HostAddress[];
  hostname(): string;
}

/** Addresses other nodes could reach: no loopback, no IPv6 link-local. */
export const localHostInfo: HostInfo = {
  addresses() {
    const out: HostAddress[] = [];
    for (const [name, list] of Object.entries(networkInterfaces())) {
      for (const a of list ?? []) {
        if (a.internal || (a.family === "IPv6" && a.address.toLowerCase().startsWith("fe80"))) continue;
        out.push({
          interface: name,
          address: a.address,
          family: a.family === "IPv4" ? 4 : 6,
          cidr: a.cidr ?? "",
        });
      }
    }
    // IPv4 first: the usual choice for the advertise address.
    return out.sort((x, y) => x.family - y.family);
  },
  hostname: () => hostname(),
};
