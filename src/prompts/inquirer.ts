import type { Writable } from "node:stream";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import {
  type ConfirmQuestion,
  type InputQuestion,
  PromptCancelled,
  type Prompter,
  type SelectQuestion,
} from "./prompter.js";

export interface PromptLook {
  lang?: Lang;
  color?: boolean;
}

const paint = (on: boolean | undefined, code: number, s: string) =>
  on ? `\u001b[${code}m${s}\u001b[22m` : s;

/**
 * The words @inquirer/prompts draws itself (select's "↑↓ navigate • ⏎ select", confirm's "Yes"/"No"
 * and "(Y/n)"), in the user's language through the theme hooks the installed version offers
 * (select: style.keysHelpTip; confirm: transformer, style.defaultAnswer). English keeps inquirer's own.
 */
export function selectTheme(look: PromptLook) {
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

export function confirmLook(look: PromptLook) {
  if (look.lang !== "zh") return {};
  return {
    transformer: (yes: boolean) => t("zh", yes ? "prompt.yes" : "prompt.no"),
    theme: {
      style: {
        defaultAnswer: (text: string) =>
          paint(
            look.color,
            2,
            t("zh", text === "y/N" ? "prompt.defaultNo" : "prompt.defaultYes", { keys: text }),
          ),
      },
    },
  };
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
      guard(async () =>
        (await load()).confirm({ message: q.message, default: q.default ?? true, ...confirmLook(look) }, ctx),
      ),
    note: (text) => {
      output.write(`${text}\n`);
    },
  };
}
