import { describe, expect, it } from "vitest";
import { splitPastedJoin } from "../../src/cli/join-args.js";
import { formatHostPort } from "../../src/validate/ip.js";
import {
  endpointWithPort,
  isHostName,
  isMistypedIpv4,
  nodeNameProblem,
  parseHostPort,
  suggestNodeName,
} from "../../src/validate/names.js";

describe("host:port, names and addresses (one helper each)", () => {
  it("formatHostPort brackets IPv6, once", () => {
    expect(formatHostPort("10.0.0.1", 6443)).toBe("10.0.0.1:6443");
    expect(formatHostPort("::1", 6443)).toBe("[::1]:6443");
    expect(formatHostPort("[fd00::5]", "22")).toBe("[fd00::5]:22");
    expect(formatHostPort("lb.example", 443)).toBe("lb.example:443");
  });

  it("endpointWithPort: a bare IPv6 whose last group reads as a port keeps it as the port", () => {
    expect(endpointWithPort("::1:6443")).toBe("[::1]:6443");
    expect(endpointWithPort("fd00::10")).toBe("[fd00::10]:6443");
    expect(endpointWithPort("[fd00::10]")).toBe("[fd00::10]:6443");
    expect(endpointWithPort("10.0.0.1")).toBe("10.0.0.1:6443");
    expect(endpointWithPort("::1")).toBe("[::1]:6443");
  });

  it("a last label of digits is no host name; node names keep Kubernetes' rule", () => {
    for (const s of ["999.1.1.1", "10.0.0", "1.2.3.4.5", "123"]) {
      expect(isHostName(s), s).toBe(false);
      expect(parseHostPort(`${s}:22`), s).toBeUndefined();
    }
    for (const s of ["node1", "10-0-0-1.nip", "k8s-api.example.internal", "localhost"]) {
      expect(isHostName(s), s).toBe(true);
    }
    expect(isMistypedIpv4("999.1.1.1")).toBe(true);
    expect(isMistypedIpv4("10.0.0.1")).toBe(false);
    expect(isMistypedIpv4("node-1")).toBe(false);
    // A node may be named after its address.
    expect(nodeNameProblem("10.0.0.5")).toBeUndefined();
  });

  it("suggestNodeName never returns an invalid name or the input itself", () => {
    expect(suggestNodeName("MyHost_01")).toBe("myhost-01");
    expect(suggestNodeName(`${"a".repeat(64)}.example`)).toBe(`${"a".repeat(63)}.example`);
    expect(suggestNodeName("a..b")).toBe("a.b");
    expect(suggestNodeName("___")).toBeUndefined();
    expect(suggestNodeName("worker-1")).toBeUndefined();
    expect(nodeNameProblem(`${"a".repeat(64)}.x`)).toBe("labelTooLong");
    expect(nodeNameProblem("x".repeat(254))).toBe("tooLong");
    expect(nodeNameProblem("A_B")).toBe("characters");
  });

  it("a bare IPv6 endpoint starts the paste", () => {
    const r = splitPastedJoin(["::1:6443", "--token", "t", "--discovery-token-ca-cert-hash", "h"], []);
    expect(r.pasted).toEqual(["::1:6443", "--token", "t", "--discovery-token-ca-cert-hash", "h"]);
  });
});
