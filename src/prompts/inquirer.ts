import type { Writable } from "node:stream";
import {
  type ConfirmQuestion,
  type InputQuestion,
  PromptCancelled,
  type Prompter,
  type SelectQuestion,
} from "./prompter.js";

/** Config objects as @inquirer/prompts takes them; separate so tests can render them with @inquirer/testing. */
export function inquirerInputConfig(q: InputQuestion) {
  return {
    message: q.message,
    ...(q.default !== undefined ? { default: q.default } : {}),
    ...(q.validate ? { validate: (v: string) => q.validate?.(v.trim()) ?? true } : {}),
  };
}

export function inquirerSelectConfig<T extends string>(q: SelectQuestion<T>) {
  return {
    message: q.message,
    choices: q.choices,
    ...(q.default !== undefined ? { default: q.default } : {}),
  };
}

function isCancel(e: unknown): boolean {
  return e instanceof Error && ["ExitPromptError", "AbortPromptError", "CancelPromptError"].includes(e.name);
}

/**
 * @inquirer/prompts behind the Prompter interface. Prompts are drawn on stderr so that
 * `kadm-wizard config > kubeadm.yaml` stays interactive; the module is loaded only when asked.
 */
export type InquirerPrompts = Pick<typeof import("@inquirer/prompts"), "input" | "select" | "confirm">;

export function inquirerPrompter(
  output: Writable,
  // Injectable so tests can drive the real prompts through @inquirer/testing.
  load: () => Promise<InquirerPrompts> = () => import("@inquirer/prompts"),
): Prompter {
  const ctx = { output };
  const guard = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (isCancel(e)) throw new PromptCancelled();
      throw e;
    }
  };
  return {
    input: (q) => guard(async () => (await (await load()).input(inquirerInputConfig(q), ctx)).trim()),
    select: <T extends string>(q: SelectQuestion<T>) =>
      guard(async () => (await (await load()).select<T>(inquirerSelectConfig(q), ctx)) as T),
    confirm: (q: ConfirmQuestion) =>
      guard(async () => (await load()).confirm({ message: q.message, default: q.default ?? true }, ctx)),
    note: (text) => {
      output.write(`${text}\n`);
    },
  };
}
