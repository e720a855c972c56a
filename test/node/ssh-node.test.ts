/**
 * sshNode's pure parts (the one command line, the probe mapping, the helper's answers) and the
 * adapter over the CLI tests' fake SSH transport (test/fakes/ssh-transport.ts), which command tests
 * use instead of sshd: what runs there is recorded, so a node's steps can be checked through it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseFsAnswer } from "../../src/node/ssh-fs.js";
import { sshNode, tcpProbeOf } from "../../src/node/ssh-node.js";
import { remoteCommand } from "../../src/node/ssh-runner.js";
import { type FakeSshHosts, fakeSshHosts } from "../fakes/ssh-transport.js";

describe("remoteCommand", () => {
  it("quotes every word once; root runs env directly, others through sudo -n", () => {
    expect(remoteCommand(["echo", "a b", "it's", ""], { user: "root", env: { PATH: "/x y" } })).toBe(
      `exec env 'PATH=/x y' LC_ALL=C LANG=C echo 'a b' 'it'\\''s' ''`,
    );
    expect(remoteCommand(["true"], { user: "ops", env: {} })).toBe("exec sudo -n env LC_ALL=C LANG=C true");
  });

  it("refuses what env(1) would misread and bad variable names", () => {
    expect(() => remoteCommand([], { user: "root", env: {} })).toThrow(/empty/);
    expect(() => remoteCommand(["A=b"], { user: "root", env: {} })).toThrow(/program/);
    expect(() => remoteCommand(["-i"], { user: "root", env: {} })).toThrow(/program/);
    expect(() => remoteCommand(["true"], { user: "root", env: { "A;rm": "x" } })).toThrow(/variable/);
  });
});

describe("tcpProbeOf", () => {
  it("maps OpenSSH's open-failure reasons onto probeTcp's", () => {
    const fail = (message: string, timedOut = false) => tcpProbeOf({ ok: false, timedOut, message });
    expect(tcpProbeOf({ ok: true })).toEqual({ ok: true });
    expect(fail("(SSH) Channel open failure: Connection refused")).toEqual({
      ok: false,
      reason: "refused",
      code: "ECONNREFUSED",
    });
    expect(fail("(SSH) Channel open failure: No route to host")).toMatchObject({ reason: "unreachable" });
    expect(fail("(SSH) Channel open failure: Network is unreachable")).toMatchObject({ code: "ENETUNREACH" });
    expect(fail("(SSH) Channel open failure: unknown host")).toMatchObject({ reason: "dns" });
    expect(fail("", true)).toEqual({ ok: false, reason: "timeout", code: "ETIMEDOUT" });
    expect(fail("(SSH) Channel open failure: administratively prohibited")).toEqual({
      ok: false,
      reason: "other",
      code: "Channel open failure: administratively prohibited",
    });
  });
});

describe("parseFsAnswer", () => {
  it("reads marks, one base64 block and NUL-separated names", () => {
    const b64 = Buffer.from("a\nb").toString("base64");
    expect(parseFsAnswer(`@@kadm before\n${b64}\n@@kadm end\n@@kadm backup 2\n@@kadm changed\n`)).toEqual({
      marks: [["backup", "2"], ["changed"]],
      data: "a\nb",
      names: [],
    });
    expect(parseFsAnswer("@@kadm names\nb\0a\nx\0").names).toEqual(["b", "a\nx"]);
  });
});

describe("sshNode over the fake SSH transport", () => {
  let hosts: FakeSshHosts | undefined;
  afterEach(() => hosts?.cleanup());

  it("writes, reads and runs on the fake host, every program recorded", async () => {
    hosts = fakeSshHosts(["h1"]);
    const h = hosts.host("h1");
    const session = await hosts.transport().connect({ host: "h1", port: 22, user: "ops" });
    const node = sshNode(session, {
      id: "h1",
      user: "ops",
      root: h.root,
      env: {},
      dryRun: false,
      lang: "en",
    });
    expect((await node.fs.write("/etc/kadm/x", "one\n", { mode: 0o600 })).changed).toBe(true);
    expect(readFileSync(join(h.root, "etc/kadm/x"), "utf8")).toBe("one\n");
    expect(await node.fs.read("/etc/fstab")).toContain("/swapfile none swap");
    expect(await node.fs.list("/etc/kadm")).toEqual(["x"]);
    expect((await node.runner.run(["swapoff", "-a"], { changes: true })).exitCode).toBe(0);
    expect(h.commands()).toContain("swapoff -a");
    expect(hosts.execs.every((e) => e.command.startsWith("exec sudo -n env "))).toBe(true);
  });
});
