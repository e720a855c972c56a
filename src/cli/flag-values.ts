/**
 * Flag values several commands read the same way, checked once here (exit 2 on a bad value, before
 * anything is contacted): --output, --timeout.
 */
import type { Context } from "../context.js";
import { invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";
import { DEFAULT_WAIT_TIMEOUT_MS, parseDuration } from "../wait/duration.js";

/** `--output text|json` of the commands that print a result (init, join, token). */
export type OutputFormat = "text" | "json";

export function outputFormat(ctx: Pick<Context, "lang">, f: Record<string, unknown>): OutputFormat {
  const o = typeof f.output === "string" ? f.output : "text";
  if (o !== "text" && o !== "json") {
    throw invalidInput(t(ctx.lang, "run.badOutput", { value: o }), t(ctx.lang, "run.badOutputHint"));
  }
  return o;
}

/** --timeout of the commands that wait for the cluster (init, wait, cni apply). */
export function timeoutFlag(ctx: Pick<Context, "lang">, flags: Record<string, unknown>): number {
  const raw = flags.timeout;
  if (raw === undefined) return DEFAULT_WAIT_TIMEOUT_MS;
  const ms = typeof raw === "string" ? parseDuration(raw) : undefined;
  if (ms === undefined) {
    throw invalidInput(
      t(ctx.lang, "wait.badTimeout", { value: String(raw) }),
      t(ctx.lang, "wait.badTimeoutHint"),
    );
  }
  return ms;
}

/**
 * --timeout of the commands that restart static pods (certs renew, etcd restore): each wait on a pod,
 * 5 minutes by default (the kubelet looks at its manifests every 20 s).
 */
export function restartTimeout(ctx: Pick<Context, "lang">, flags: Record<string, unknown>): number {
  return flags.timeout === undefined ? 300_000 : timeoutFlag(ctx, flags);
}
