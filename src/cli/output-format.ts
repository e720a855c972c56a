/** `--output text|json` of the commands that print a result (init, join, token). */
import type { Context } from "../context.js";
import { invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";

export type OutputFormat = "text" | "json";

export function outputFormat(ctx: Pick<Context, "lang">, f: Record<string, unknown>): OutputFormat {
  const o = typeof f.output === "string" ? f.output : "text";
  if (o !== "text" && o !== "json") {
    throw invalidInput(t(ctx.lang, "run.badOutput", { value: o }), t(ctx.lang, "run.badOutputHint"));
  }
  return o;
}
