/**
 * Yes/no questions in both languages: 是/否 (and y/n) are understood, Enter takes the default, and
 * an answer that is neither is refused at the question instead of silently becoming the default
 * (inquirer's own confirm took "否" for yes when yes was the default). Driven through the real prompt.
 */
import { input } from "@inquirer/prompts";
import { render } from "@inquirer/testing";
import { describe, expect, it } from "vitest";
import { confirmAnswer, inquirerConfirmConfig } from "../../src/prompts/inquirer.js";
import { parseYesNo } from "../../src/prompts/yes-no.js";

const tick = () => new Promise((res) => setTimeout(res, 5));

async function ask(typed: string[], q: { message: string; default?: boolean }, lang: "en" | "zh" = "en") {
  const r = await render(input, inquirerConfirmConfig(q, { lang }));
  const screens: string[] = [];
  for (const text of typed) {
    if (text) r.events.type(text);
    r.events.keypress("enter");
    await tick();
    screens.push(r.getScreen());
  }
  return { answer: confirmAnswer(q, await r.answer), screens };
}

describe("parseYesNo", () => {
  it.each([
    ["y", true],
    ["YES", true],
    ["是", true],
    [" 是的 ", true],
    ["n", false],
    ["No", false],
    ["否", false],
    ["不", false],
    ["", "default"],
    ["maybe", undefined],
    ["yse", undefined],
  ])("%j -> %j", (typed, meaning) => {
    expect(parseYesNo(typed)).toBe(meaning);
  });
});

describe("a yes/no question on the real prompt", () => {
  it("否 to a question whose default is yes is a no, shown as 否", async () => {
    const { answer, screens } = await ask(["否"], { message: "仍然使用？", default: true }, "zh");
    expect(answer).toBe(false);
    expect(screens.at(-1)).toMatch(/仍然使用？ （Y\/n，默认：是） 否$/m);
  });

  it("是 to a question whose default is no is a yes", async () => {
    const { answer } = await ask(["是"], { message: "重置此节点？", default: false }, "zh");
    expect(answer).toBe(true);
  });

  it("Enter alone takes the default, shown as the word", async () => {
    const { answer, screens } = await ask([""], { message: "Reset this node?", default: false });
    expect(answer).toBe(false);
    expect(screens.at(-1)).toMatch(/Reset this node\? \(y\/N\) No$/m);
  });

  it("an answer that is neither is refused at the question, then a real one is taken", async () => {
    const r = await render(input, inquirerConfirmConfig({ message: "Use it anyway?", default: true }, {}));
    r.events.type("maybe");
    r.events.keypress("enter");
    await tick();
    expect(r.getScreen()).toContain("answer y or n");
    for (let i = 0; i < 5; i++) r.events.keypress("backspace");
    r.events.type("n");
    r.events.keypress("enter");
    expect(confirmAnswer({ message: "", default: true }, await r.answer)).toBe(false);
  });

  it("the refusal in Chinese", async () => {
    const r = await render(input, inquirerConfirmConfig({ message: "仍然使用？" }, { lang: "zh" }));
    r.events.type("也许");
    r.events.keypress("enter");
    await tick();
    expect(r.getScreen()).toContain("请回答 y（是）或 n（否）");
    r.answer.catch(() => {});
  });
});
