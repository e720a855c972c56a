/**
 * The interactive wizard of `config` on a real terminal, answered key by key: a wrong answer is
 * refused at the question and a good one then taken; Ctrl-C half-way ends with exit 130, one short
 * line and a terminal as usable as before; the same questions in Chinese with --lang zh.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  acceptConfigDefaults,
  answer,
  answerAddress,
  confirmOffHost,
  openAddressInput,
  TTY_SKIP_REASON,
  ttyFile,
  ttySuite,
} from "./harness.js";

const tty = ttyFile("wizard");
const start = () => tty.open({ env: { PATH: tty.path } });

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("the config wizard, key by key"), () => {
  it("a bad address is refused at the question, a good one is taken; the YAML has it", async () => {
    const t = await start();
    const out = join(tty.dir, "en.yaml");
    await t.run(`kadm-wizard config --k8s-version v1.33.2 --profile aliyun > ${out}`);
    const q = "Advertise address of this node";
    await openAddressInput(t, q);
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
    const { code } = await t.finish();
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("advertiseAddress: 192.168.10.11");
  });

  it("Ctrl-C in the middle: exit 130, one short line, no stack, the terminal as before", async () => {
    const t = await start();
    await t.run("stty -g > stty.before");
    await t.exitCode();
    const out = join(tty.dir, "cancelled.yaml");
    await t.run(`kadm-wizard config --k8s-version v1.33.2 --profile aliyun --out ${out}`);
    await answerAddress(t, "Advertise address of this node", "192.168.10.11");
    await t.waitFor(/^\? Pod subnet/m);
    await t.keys("C-c");
    const { code, out: after } = await t.finish();
    expect(code).toBe(130);
    expect(after).toMatch(/^error: interrupted; nothing was written\.$/m);
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
    const out = join(tty.dir, "zh.yaml");
    await t.run(`kadm-wizard config --k8s-version v1.33.2 --profile aliyun --lang zh > ${out}`);
    const q = "本节点的通告地址";
    await openAddressInput(t, q);
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
    const { code, out: screen } = await t.finish();
    expect(screen).not.toMatch(/\? (Pod subnet|Service subnet|Advertise address)/);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("advertiseAddress: 192.168.10.11");
  });
});
