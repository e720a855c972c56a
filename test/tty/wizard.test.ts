/**
 * The interactive wizard of `config` on a real terminal, answered key by key: a wrong answer is
 * refused at the question and a good one then taken; Ctrl-C half-way ends with exit 130, one short
 * line and a terminal as usable as before; the same questions in Chinese with --lang zh.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  acceptConfigDefaults,
  answer,
  answerAddress,
  confirmOffHost,
  NEVER_ON_SCREEN,
  pick,
  REPO,
  requireBuild,
  type Terminal,
  TmuxServer,
  TTY_SKIP_REASON,
  ttySuite,
  writeLauncher,
} from "./harness.js";

let server: TmuxServer;
let dir: string;
let term: Terminal | undefined;

beforeAll(() => {
  if (TTY_SKIP_REASON) return;
  requireBuild();
  server = new TmuxServer("wizard");
  dir = mkdtempSync(join(tmpdir(), "kadm-tty-wizard-"));
  writeLauncher(join(dir, "bin"));
});
afterAll(() => {
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await term?.kill();
  term = undefined;
});

async function start(): Promise<Terminal> {
  term = await server.terminal({ cwd: REPO, env: { PATH: `${join(dir, "bin")}:/usr/bin:/bin` } });
  return term;
}

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("the config wizard, key by key"), () => {
  it("a bad address is refused at the question, a good one is taken; the YAML has it", async () => {
    const t = await start();
    const out = join(dir, "en.yaml");
    await t.run(`kadm-wizard config --k8s-version v1.33.2 --profile aliyun > ${out}`);
    const q = "Advertise address of this node";
    const s = await t.waitFor(/^\? Advertise address of this node/m);
    if (/another address\.\.\./.test(s)) {
      await pick(t, /another address/);
      await answer(t, q, "Enter");
    }
    await t.waitFor(/^\? Advertise address of this node\s*$/m);
    await t.type("999.1.1.1");
    await t.keys("Enter");
    // the reason, at the question; the question stays open
    const refused = await t.waitFor(/advertise address "999\.1\.1\.1" is not an IPv4 or IPv6 address/);
    expect(refused).toMatch(/^\? Advertise address of this node 999\.1\.1\.1/m);
    for (let i = 0; i < 9; i++) await t.keys("BSpace");
    await answer(t, q, "192.168.10.11", "Enter");
    await confirmOffHost(t, "192.168.10.11");
    await acceptConfigDefaults(t);
    const summary = await t.waitFor(/^\? Generate this configuration\?/m);
    expect(summary).toMatch(/Summary:/);
    expect(summary).toMatch(/advertise\s+192\.168\.10\.11/);
    await t.keys("Enter");
    const code = await t.exitCode();
    expect(await t.sinceRun()).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("advertiseAddress: 192.168.10.11");
  });

  it("Ctrl-C in the middle: exit 130, one short line, no stack, the terminal as before", async () => {
    const t = await start();
    await t.run("stty -g > stty.before");
    await t.exitCode();
    const out = join(dir, "cancelled.yaml");
    await t.run(`kadm-wizard config --k8s-version v1.33.2 --profile aliyun --out ${out}`);
    await answerAddress(t, "Advertise address of this node", "192.168.10.11");
    await t.waitFor(/^\? Pod subnet/m);
    await t.keys("C-c");
    const code = await t.exitCode();
    const after = await t.sinceRun();
    expect(code).toBe(130);
    expect(after).toMatch(/^error: interrupted; nothing was written\.$/m);
    expect(after).not.toMatch(NEVER_ON_SCREEN);
    expect(() => readFileSync(out)).toThrow();
    // the terminal: same line settings (echo, canonical mode) and a visible cursor
    await t.run(
      "stty -g > stty.after; cmp stty.before stty.after && echo same-tty; rm -f stty.before stty.after",
    );
    expect(await t.exitCode()).toBe(0);
    expect(await t.sinceRun()).toMatch(/^same-tty$/m);
    expect(await t.cursorVisible()).toBe(true);
  });

  it("--lang zh: the questions, the error and the confirmation in Chinese", async () => {
    const t = await start();
    const out = join(dir, "zh.yaml");
    await t.run(`kadm-wizard config --k8s-version v1.33.2 --profile aliyun --lang zh > ${out}`);
    const q = "本节点的通告地址";
    const s = await t.waitFor(/^\? 本节点的通告地址/m);
    if (/其他地址\.\.\./.test(s)) {
      await pick(t, /其他地址/);
      await answer(t, q, "Enter");
    }
    await t.waitFor(/^\? 本节点的通告地址\s*$/m);
    await t.type("10.0.0.300");
    await t.keys("Enter");
    await t.waitFor(/通告地址 "10\.0\.0\.300" 不是 IPv4 或 IPv6 地址/);
    for (let i = 0; i < 10; i++) await t.keys("BSpace");
    await answer(t, q, "192.168.10.11", "Enter");
    await confirmOffHost(t, "192.168.10.11", true);
    await acceptConfigDefaults(t, true);
    const summary = await t.waitFor(/^\? 生成此配置？/m);
    expect(summary).toMatch(/配置摘要/);
    await t.keys("Enter");
    const code = await t.exitCode();
    const screen = await t.sinceRun();
    expect(screen).not.toMatch(NEVER_ON_SCREEN);
    expect(screen).not.toMatch(/\? (Pod subnet|Service subnet|Advertise address)/);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("advertiseAddress: 192.168.10.11");
  });
});
