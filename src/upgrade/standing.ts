/** How a rollout's nodes are named and where each stands after a stop (apply, node and rollback print these). */
import type { Context } from "../context.js";
import { t } from "../i18n/messages.js";
import { hopNodes, type RolloutHop } from "./rollout.js";
import { nodeStanding, type UpgradeState } from "./state.js";

export function roleWord(ctx: Pick<Context, "lang">, role: string): string {
  return t(
    ctx.lang,
    role === "first-control-plane"
      ? "rollout.role.first"
      : role === "control-plane"
        ? "rollout.role.cp"
        : "rollout.role.worker",
  );
}

/** Where each node stands after a stopped rollout (stdout), one line per node. */
export function standingLines(
  ctx: Pick<Context, "lang">,
  state: UpgradeState,
  hops: readonly RolloutHop[],
): string[] {
  const names = state.plan.nodes.map((n) => n.node);
  return names.map((name) => {
    const keys = hops.flatMap((h) =>
      hopNodes(h)
        .filter((n) => n.action.node === name)
        .flatMap((n) => n.steps.map((s) => s.key)),
    );
    const s = nodeStanding(state, name, keys);
    const stepOf = (key: string) => {
      const [hop, id] = key.split("/");
      return `${t(ctx.lang, `rollout.stepName.${id}` as never)} (${hop})`;
    };
    const what = s.failed
      ? t(ctx.lang, "rollout.standing.failed", { step: stepOf(s.failed.key), reason: s.failed.detail ?? "" })
      : s.done === s.total
        ? t(ctx.lang, "rollout.standing.done", { version: state.target })
        : s.done === 0
          ? t(ctx.lang, "rollout.standing.notStarted")
          : t(ctx.lang, "rollout.standing.after", {
              step: stepOf(s.last as string),
              done: s.done,
              total: s.total,
            });
    return `  ${name}: ${what}`;
  });
}
