/**
 * The seam between the rollout and the planner: `upgrade plan`'s modules (src/upgrade/plan.ts
 * planUpgrade, src/upgrade/facts.ts readUpgradeFacts) are loaded when apply needs a plan made from
 * the cluster, so apply follows the very hops and guards `upgrade plan` prints.
 */
import type { Lang } from "../i18n/lang.js";
import type { KubeClient } from "../kube/client.js";
import type { UpgradeFacts, UpgradePlan } from "./types.js";

export interface PlanOptions {
  lang: Lang;
  ignoreGuards: string[];
  maxUnavailable: number;
}

export interface Planner {
  readFacts(kube: KubeClient): Promise<UpgradeFacts>;
  plan(facts: UpgradeFacts, target: string, o: PlanOptions): UpgradePlan;
}

// Paths as values: the planner is built next to this module and joined to it at the merge.
const PLAN_MODULE = "./plan.js";
const FACTS_MODULE = "./facts.js";

export async function loadPlanner(): Promise<Planner> {
  const [p, f] = (await Promise.all([import(PLAN_MODULE), import(FACTS_MODULE)])) as [
    { planUpgrade: Planner["plan"] },
    { readUpgradeFacts: Planner["readFacts"] },
  ];
  return { readFacts: (kube) => f.readUpgradeFacts(kube), plan: p.planUpgrade };
}
