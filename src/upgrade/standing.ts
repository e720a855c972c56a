/** How a rollout's nodes are named and where each stands after a stop (apply, node and rollback print these). */
import type { Context } from "../context.js";
import { invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";
import { hopNodes, type RolloutHop } from "./rollout.js";
import { decideUpgrade, nodeStanding, readUpgradeState, type UpgradeState } from "./state.js";

/**
 * How a run to `target` starts from this node's saved rollout: fresh or resumed. A rollout to
 * another target still open is refused (exit 2); a finished one to this target is said on stdout
 * and `undefined` returned (nothing to do).
 */
export async function openRollout(
  ctx: Pick<Context, "lang" | "node" | "stdout">,
  target: string,
): Promise<{ kind: "fresh" } | { kind: "resume"; state: UpgradeState } | undefined> {
  const decision = decideUpgrade(await readUpgradeState(ctx.node.fs), target);
  if (decision.kind === "other-target") {
    throw invalidInput(
      t(ctx.lang, "rollout.otherTarget", { target: decision.state.target, at: decision.state.startedAt }),
      t(ctx.lang, "rollout.otherTargetHint", { target: decision.state.target }),
    );
  }
  if (decision.kind === "done") {
    ctx.stdout.write(`${t(ctx.lang, "rollout.alreadyDone", { target, at: decision.state.updatedAt })}\n`);
    return undefined;
  }
  return decision;
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
