/**
 * `config --lang zh` through the real @inquirer/prompts (rendered with @inquirer/testing): every
 * word on the screen is Chinese, including the ones the prompt library draws itself.
 */
import { PassThrough } from "node:stream";
import { input, select } from "@inquirer/prompts";
import { render } from "@inquirer/testing";
import { describe, expect, it } from "vitest";
import { type InquirerPrompts, inquirerPrompter } from "../../src/prompts/inquirer.js";
import { runCli } from "../fakes/ports.js";

const tick = () => new Promise((res) => setTimeout(res, 5));

/** Answers each question with Enter (the default) and records the screen before and after. */
function enterAll(screens: string[]): InquirerPrompts {
  // biome-ignore lint/suspicious/noExplicitAny: each real prompt has its own config type.
  const drive = async (prompt: any, config: unknown) => {
    const r = await render(prompt, config as never);
    r.answer.catch(() => {});
    screens.push(r.getScreen());
    r.events.keypress("enter");
    await tick();
    screens.push(r.getScreen());
    return r.answer;
  };
  return {
    input: (config: unknown) => drive(input, config),
    select: (config: unknown) => drive(select, config),
  } as unknown as InquirerPrompts;
}

describe("the wizard in Chinese leaves no English behind", () => {
  it("key hints, choice descriptions and Yes/No are Chinese", async () => {
    const screens: string[] = [];
    const prompter = inquirerPrompter(new PassThrough(), async () => enterAll(screens), { lang: "zh" });
    const r = await runCli(["config", "--lang", "zh", "--k8s-version", "v1.33.2"], {
      tty: true,
      overrides: { prompter },
    });
    expect(r.code, r.stderr).toBe(0);
    const all = screens.join("\n");
    expect(all).toContain("↑↓ 移动 • ⏎ 选择");
    expect(all).toContain("flannel  （VXLAN，简单）");
    expect(all).toMatch(/（y\/N，默认：否）|（Y\/n，默认：是）/);
    expect(all).toMatch(/ 否$| 是$/m);
    expect(all).not.toMatch(/navigate|\bselect\b|\bYes\b|\bNo\b|simple|install your own|\(Y\/n\)|\(y\/N\)/);
  });

  it("English keeps inquirer's own words", async () => {
    const screens: string[] = [];
    const prompter = inquirerPrompter(new PassThrough(), async () => enterAll(screens), { lang: "en" });
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], { tty: true, overrides: { prompter } });
    expect(r.code, r.stderr).toBe(0);
    expect(screens.join("\n")).toContain("navigate");
    expect(screens.join("\n")).toMatch(/\bNo\b|\bYes\b/);
  });
});
