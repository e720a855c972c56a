/** The `upgrade` subcommands' own flag values, checked once (bad input: exit 2 before anything runs). */
import { timeoutFlag } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";
import type { ParsedFlags } from "../spec/flags.js";
import { didYouMean } from "../util/did-you-mean.js";
import { parseKubeVersion } from "../validate/version.js";
import { UPGRADE_GUARD_IDS } from "./guards.js";
import { isGuardId } from "./plan.js";

const DEFAULT_NODE_TIMEOUT_MS = 10 * 60_000;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** --to: a release version (v1.34.3) or a minor (v1.34: the planner picks its newest patch). */
export function targetFlag(ctx: Context, f: ParsedFlags): string {
  const raw = str(f.to);
  if (raw === undefined) throw invalidInput(t(ctx.lang, "rollout.needTo"), t(ctx.lang, "rollout.needToHint"));
  const v = parseKubeVersion(raw);
  if (v) return v.text;
  const m = /^v?(\d+)\.(\d+)$/.exec(raw.trim());
  if (m) return `v${m[1]}.${m[2]}`;
  throw invalidInput(t(ctx.lang, "rollout.badTo", { value: raw }), t(ctx.lang, "rollout.needToHint"));
}

/** --timeout: drain, and each node's wait for Ready at the new version (10 minutes). */
export function nodeTimeout(ctx: Context, f: ParsedFlags): number {
  return f.timeout === undefined ? DEFAULT_NODE_TIMEOUT_MS : timeoutFlag(ctx, f as Record<string, unknown>);
}

/** --max-unavailable: workers upgraded at once (default 1). */
export function maxUnavailableFlag(ctx: Pick<Context, "lang">, flags: Record<string, unknown>): number {
  const raw = flags["max-unavailable"];
  if (raw === undefined) return 1;
  const text = String(raw).trim();
  if (!/^[1-9][0-9]{0,4}$/.test(text)) {
    throw invalidInput(
      t(ctx.lang, "upgrade.badMaxUnavailable", { value: text }),
      t(ctx.lang, "upgrade.badMaxUnavailableHint"),
    );
  }
  return Number(text);
}

/** --ignore-guard ID (repeatable): only ids that exist, so a typo cannot silently let a guard block. */
export function ignoreGuardFlag(ctx: Pick<Context, "lang">, flags: Record<string, unknown>): string[] {
  const raw = flags["ignore-guard"];
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  for (const id of ids) {
    if (!isGuardId(id)) {
      throw invalidInput(
        t(ctx.lang, "upgrade.badGuard", {
          value: id,
          suggestion: didYouMean(id, [...UPGRADE_GUARD_IDS]) ?? "",
        }),
        t(ctx.lang, "upgrade.badGuardHint", { known: UPGRADE_GUARD_IDS.join(", ") }),
      );
    }
  }
  return ids;
}
