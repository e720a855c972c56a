import { describe, expect, it } from "vitest";
import {
  cidrContains,
  cidrsOverlap,
  formatIp,
  isUnusableAdvertiseAddress,
  parseCidr,
  parseIp,
} from "../../src/validate/ip.js";

const cidr = (s: string) => {
  const r = parseCidr(s);
  if (!r.ok) throw new Error(`bad ${s}`);
  return r.cidr;
};

describe("IP parsing", () => {
  it.each([
    "10.0.0.1",
    "255.255.255.255",
    "0.0.0.0",
    "::1",
    "fd00::2",
    "2001:db8::8a2e:370:7334",
    "::ffff:192.0.2.1",
    "::",
  ])("accepts %s", (s) => expect(parseIp(s)).toBeDefined());
  it.each([
    "10.0.0",
    "10.0.0.256",
    "010.0.0.1",
    "1.2.3.4.5",
    "fd00:::1",
    "1:2:3:4:5:6:7:8:9",
    "abc",
    "",
    "2001:db8::g",
  ])("rejects %s", (s) => expect(parseIp(s)).toBeUndefined());
  it("formats IPv6 in RFC 5952 form", () => {
    expect(formatIp(6, (parseIp("2001:0db8:0000:0000:0000:0000:0000:0001") as { value: bigint }).value)).toBe(
      "2001:db8::1",
    );
    expect(formatIp(6, 0n)).toBe("::");
  });
});

describe("CIDRs", () => {
  it("parses and reports host bits with the right network", () => {
    expect(parseCidr("10.244.0.0/16").ok).toBe(true);
    expect(parseCidr("10.244.1.0/16")).toEqual({
      ok: false,
      reason: "hostBits",
      suggestion: "10.244.0.0/16",
    });
    expect(parseCidr("fd00:10:244::1/56")).toMatchObject({ ok: false, suggestion: "fd00:10:244::/56" });
    expect(parseCidr("10.244.0.0/33")).toEqual({ ok: false, reason: "syntax" });
    expect(parseCidr("10.244.0.0")).toEqual({ ok: false, reason: "syntax" });
  });
  it("detects overlap only within a family", () => {
    expect(cidrsOverlap(cidr("10.0.0.0/8"), cidr("10.96.0.0/12"))).toBe(true);
    expect(cidrsOverlap(cidr("10.244.0.0/16"), cidr("10.96.0.0/12"))).toBe(false);
    expect(cidrsOverlap(cidr("10.96.0.0/12"), cidr("10.111.255.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.96.0.0/12"), cidr("10.112.0.0/24"))).toBe(false);
    expect(cidrsOverlap(cidr("::/0"), cidr("10.0.0.0/8"))).toBe(false);
  });
  it("knows containment", () => {
    expect(cidrContains(cidr("192.168.0.0/16"), parseIp("192.168.1.5") as never)).toBe(true);
    expect(cidrContains(cidr("192.168.0.0/16"), parseIp("192.169.0.1") as never)).toBe(false);
  });
  it("refuses addresses other nodes cannot reach", () => {
    for (const s of ["127.0.0.1", "0.0.0.0", "169.254.1.1", "224.0.0.1", "::1", "::", "fe80::1", "ff02::1"]) {
      expect(isUnusableAdvertiseAddress(parseIp(s) as never), s).toBe(true);
    }
    for (const s of ["10.0.0.1", "192.0.2.10", "fd00::2", "2001:db8::1"]) {
      expect(isUnusableAdvertiseAddress(parseIp(s) as never), s).toBe(false);
    }
  });
});
