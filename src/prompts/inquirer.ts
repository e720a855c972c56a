import type { Writable } from "node:stream";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import {
  type ConfirmQuestion,
  type InputQuestion,
  type PasswordQuestion,
  PromptCancelled,
  type Prompter,
  type SelectQuestion,
} from "./prompter.js";
import { parseYesNo } from "./yes-no.js";

export interface PromptLook {
  lang?: Lang;
  color?: boolean;
}

const paint = (on: boolean | undefined, code: number, s: string) =>
  on ? `\u001b[${code}m${s}\u001b[22m` : s;

/**
 * The words @inquirer/prompts draws itself (select's "↑↓ navigate • ⏎ select"), in the user's
 * language through the theme hook the installed version offers (style.keysHelpTip). English keeps
 * inquirer's own.
 */
function selectTheme(look: PromptLook) {
  if (look.lang !== "zh") return undefined;
  const action = (a: string) =>
    a === "navigate" ? t("zh", "prompt.key.navigate") : a === "select" ? t("zh", "prompt.key.select") : a;
  return {
    style: {
      keysHelpTip: (keys: [string, string][]) =>
        keys
          .map(([k, a]) => `${paint(look.color, 1, k)} ${paint(look.color, 2, action(a))}`)
          .join(paint(look.color, 2, " • ")),
    },
  };
}

/**
 * A yes/no question as an input that knows both languages' words (yes-no.ts): "(Y/n)" after the
 * question (zh: with the default spelled out), an answer that is neither refused at the question,
 * the answer shown as Yes/No (是/否) once given. Enter alone takes the default.
 */
export function inquirerConfirmConfig(q: ConfirmQuestion, look: PromptLook = {}) {
  const lang = look.lang ?? "en";
  const def = q.default ?? true;
  const keys = def ? "Y/n" : "y/N";
  const shown = paint(look.color, 2, t(lang, def ? "prompt.defaultYes" : "prompt.defaultNo", { keys }));
  const word = (v: string) => {
    const yes = parseYesNo(v);
    return yes === undefined ? v : t(lang, (yes === "default" ? def : yes) ? "prompt.yes" : "prompt.no");
  };
  return {
    message: `${q.message} ${shown}`,
    validate: (v: string) => parseYesNo(v) !== undefined || t(lang, "prompt.yesOrNo"),
    transformer: (v: string, { isFinal }: { isFinal: boolean }) => (isFinal ? word(v) : v),
  };
}

/** The boolean an answer to inquirerConfirmConfig's question stands for. */
export function confirmAnswer(q: ConfirmQuestion, answer: string): boolean {
  const yes = parseYesNo(answer);
  return yes === "default" || yes === undefined ? (q.default ?? true) : yes;
}

/** Config objects as @inquirer/prompts takes them; separate so tests can render them with @inquirer/testing. */
export function inquirerInputConfig(q: InputQuestion) {
  return {
    message: q.message,
    ...(q.default !== undefined ? { default: q.default } : {}),
    ...(q.validate ? { validate: (v: string) => q.validate?.(v.trim()) ?? true } : {}),
  };
}

export function inquirerSelectConfig<T extends string>(q: SelectQuestion<T>, look: PromptLook = {}) {
  const theme = selectTheme(look);
  return {
    message: q.message,
    choices: q.choices,
    ...(q.default !== undefined ? { default: q.default } : {}),
    ...(theme ? { theme } : {}),
  };
}

/** Masked with "*" so the user sees each key land; the answer is taken as typed (no trim). */
export function inquirerPasswordConfig(q: PasswordQuestion) {
  return { message: q.message, mask: "*" };
}

function isCancel(e: unknown): boolean {
  return e instanceof Error && ["ExitPromptError", "AbortPromptError", "CancelPromptError"].includes(e.name);
}

/**
 * @inquirer/prompts behind the Prompter interface. Prompts are drawn on stderr so that
 * `kadm-wizard config > kubeadm.yaml` stays interactive; the module is loaded only when asked.
 */
export type InquirerPrompts = Pick<typeof import("@inquirer/prompts"), "input" | "select" | "password">;

export function inquirerPrompter(
  output: Writable,
  // Injectable so tests can drive the real prompts through @inquirer/testing.
  load: () => Promise<InquirerPrompts> = () => import("@inquirer/prompts"),
  look: PromptLook = {},
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
      guard(async () => (await (await load()).select<T>(inquirerSelectConfig(q, look), ctx)) as T),
    confirm: (q: ConfirmQuestion) =>
      guard(async () => confirmAnswer(q, await (await load()).input(inquirerConfirmConfig(q, look), ctx))),
    password: (q: PasswordQuestion) =>
      guard(async () => (await load()).password(inquirerPasswordConfig(q), ctx)),
    note: (text) => {
      output.write(`${text}\n`);
    },
  };
}
