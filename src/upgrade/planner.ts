/**
 * The seam between the rollout and the planner: `upgrade plan`'s modules (src/upgrade/plan.ts
 * planUpgrade, src/upgrade/facts.ts readUpgradeFacts) are loaded when apply needs a plan made from
 * the cluster, so apply follows the very hops and guards `upgrade plan` prints.
 */
import type { Context } from "../context.js";
import type { KubeClient } from "../kube/client.js";
import type { PlanOptions } from "./plan.js";
import type { UpgradeFacts, UpgradePlan } from "./types.js";

export interface Planner {
  readFacts(kube: KubeClient): Promise<UpgradeFacts>;
  plan(facts: UpgradeFacts, target: string, o: PlanOptions): UpgradePlan;
}

/** The real planner: the facts as `upgrade plan` gathers them (this node's and the inventory's too). */
export async function loadPlanner(ctx: Context, flags: Record<string, unknown>): Promise<Planner> {
  // Loaded when apply plans from the cluster (not with --plan FILE): literal paths, so the bundler
  // of the single executable includes them.
  const [p, g] = await Promise.all([import("./plan.js"), import("./gather.js")]);
  return {
    readFacts: async (kube) => g.gatherUpgradeFacts(ctx, kube, flags, await g.readPlanInventory(ctx, flags)),
    plan: p.planUpgrade,
  };
}
