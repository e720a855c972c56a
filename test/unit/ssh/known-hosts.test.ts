import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  appendLine,
  checkHostKey,
  fingerprint,
  hostFieldMatches,
  keyTypeOf,
  knownHostsLine,
  knownHostsName,
} from "../../../src/ssh/known-hosts.js";
import { classifyConnectError } from "../../../src/ssh/transport.js";

const KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
const OTHER = "AAAAC3NzaC1lZDI1NTE5AAAAIBxLJ6vzmS4+JdG9bD7lqTqvQ8ZJ5yY8zC0p3pQe1Fz/";

function hashed(name: string): string {
  const salt = Buffer.from("0123456789abcdef0123");
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("known_hosts", () => {
  it("names non-22 ports in brackets", () => {
    expect(knownHostsName("10.0.0.1", 22)).toBe("10.0.0.1");
    expect(knownHostsName("10.0.0.1", 2222)).toBe("[10.0.0.1]:2222");
  });

  it("matches plain, patterned, negated and hashed host fields", () => {
    expect(hostFieldMatches("a.example,10.0.0.1", "10.0.0.1")).toBe(true);
    expect(hostFieldMatches("10.0.0.*", "10.0.0.7")).toBe(true);
    expect(hostFieldMatches("10.0.0.*,!10.0.0.7", "10.0.0.7")).toBe(false);
    expect(hostFieldMatches("10.0.0.1", "10.0.0.10")).toBe(false);
    expect(hostFieldMatches(hashed("[10.0.0.1]:2222"), "[10.0.0.1]:2222")).toBe(true);
    expect(hostFieldMatches(hashed("10.0.0.1"), "10.0.0.2")).toBe(false);
  });

  it("says known, unknown (with the other types), changed (with the line) or revoked", () => {
    const text = [
      "# comment",
      `10.0.0.1 ssh-ed25519 ${KEY}`,
      `10.0.0.2 ssh-ed25519 ${OTHER}`,
      `10.0.0.3 ecdsa-sha2-nistp256 AAAAE2Vj`,
      `@revoked 10.0.0.4 ssh-ed25519 ${KEY}`,
      `@cert-authority *.example ssh-ed25519 ${OTHER}`,
    ].join("\n");
    expect(checkHostKey(text, "10.0.0.1", 22, "ssh-ed25519", KEY)).toEqual({ status: "known" });
    expect(checkHostKey(text, "10.0.0.2", 22, "ssh-ed25519", KEY)).toEqual({
      status: "changed",
      line: 3,
      knownType: "ssh-ed25519",
    });
    expect(checkHostKey(text, "10.0.0.3", 22, "ssh-ed25519", KEY)).toEqual({
      status: "unknown",
      otherTypes: ["ecdsa-sha2-nistp256"],
    });
    expect(checkHostKey(text, "10.0.0.4", 22, "ssh-ed25519", KEY)).toEqual({ status: "revoked", line: 5 });
    expect(checkHostKey(text, "10.0.0.1", 2222, "ssh-ed25519", KEY)).toEqual({
      status: "unknown",
      otherTypes: [],
    });
    expect(checkHostKey("", "x.example", 22, "ssh-ed25519", KEY).status).toBe("unknown");
  });

  it("a key recorded twice, once right and once wrong, is known (as OpenSSH does)", () => {
    const text = `10.0.0.1 ssh-ed25519 ${OTHER}\n10.0.0.1 ssh-ed25519 ${KEY}\n`;
    expect(checkHostKey(text, "10.0.0.1", 22, "ssh-ed25519", KEY).status).toBe("known");
  });

  it("appends a line and reads the key type of a wire blob", () => {
    expect(appendLine("a", "b")).toBe("a\nb\n");
    expect(appendLine("", "b")).toBe("b\n");
    expect(knownHostsLine("10.0.0.1", 2222, "ssh-ed25519", KEY)).toBe(`[10.0.0.1]:2222 ssh-ed25519 ${KEY}`);
    expect(keyTypeOf(Buffer.from(KEY, "base64"))).toBe("ssh-ed25519");
    const sha = (b: Buffer) => createHash("sha256").update(b).digest();
    expect(fingerprint(KEY, sha)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it("classifies connection errors", () => {
    expect(classifyConnectError({ code: "ECONNREFUSED" })).toBe("refused");
    expect(classifyConnectError({ message: "Timed out while waiting for handshake" })).toBe("timeout");
    expect(
      classifyConnectError({
        level: "client-authentication",
        message: "All configured authentication methods failed",
      }),
    ).toBe("auth");
    expect(classifyConnectError({ code: "EHOSTUNREACH" })).toBe("unreachable");
  });
});
