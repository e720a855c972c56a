/**
 * Prompter.password through the inquirer adapter: masked with "*", the answer as typed (a password
 * may start or end with a space), and inquirer's Ctrl-C (ExitPromptError) turned into
 * PromptCancelled, which the CLI reports as "interrupted" (exit 130) instead of an internal error.
 */
import { PassThrough } from "node:stream";
import { input, password, select } from "@inquirer/prompts";
import { render } from "@inquirer/testing";
import { describe, expect, it } from "vitest";
import { inquirerPasswordConfig, inquirerPrompter } from "../../src/prompts/inquirer.js";
import { PromptCancelled } from "../../src/prompts/prompter.js";

describe("the password question", () => {
  it("shows one * per key and answers exactly what was typed", async () => {
    const r = await render(password, inquirerPasswordConfig({ message: "SSH password for root@10.0.0.21" }));
    r.events.type(" s3cret ");
    expect(r.getScreen()).toContain("SSH password for root@10.0.0.21 ********");
    expect(r.getScreen()).not.toContain("s3cret");
    r.events.keypress("enter");
    expect(await r.answer).toBe(" s3cret ");
  });

  it("Ctrl-C at it is PromptCancelled", async () => {
    const closed = Object.assign(new Error("User force closed the prompt with SIGINT"), {
      name: "ExitPromptError",
    });
    const p = inquirerPrompter(new PassThrough(), async () => ({
      input,
      select,
      password: (() => Promise.reject(closed)) as unknown as typeof password,
    }));
    await expect(p.password({ message: "SSH password for x" })).rejects.toBeInstanceOf(PromptCancelled);
  });
});
