/** The workflow on this machine (`ctx.node`): decide, run as a listr2 list, finish the state. */
import type { Context } from "../context.js";
import type { RunDecision } from "../state/run-state.js";
import type { RunData, WorkflowStep } from "./data.js";
import { localEnv } from "./env.js";
import { decide, type NodeHistory, NodeRecorder, runLocal, sayResume } from "./run.js";
import { kubeadmStepId } from "./steps/kubeadm.js";
import { nodeWorkflow } from "./workflow.js";

export interface LocalPlan {
  decision: RunDecision;
  /** The run to start when the decision is fresh or resume. */
  run(o: { quiet: boolean; resumeCommand: string }): Promise<void>;
}

/**
 * What the workflow would do on this machine given its history; `after`: steps of the command's
 * own that follow the node's (init: the pod network and the wait), recorded in the same state.
 */
export function planLocal(
  ctx: Context,
  data: Omit<RunData, "cleanup">,
  history: NodeHistory,
  after: (data: RunData) => WorkflowStep[] = () => [],
): LocalPlan {
  const env = localEnv(ctx);
  const build = (d: RunData) => [...nodeWorkflow(ctx.node, env, d), ...after(d)];
  const ids = build({ ...data, cleanup: false }).map((s) => s.id);
  const decision = decide(data.command, history, data.spec, ids, kubeadmStepId(data.command));
  return {
    decision,
    run: async (o) => {
      if (decision.kind !== "fresh" && decision.kind !== "resume") return;
      const full: RunData = { ...data, cleanup: decision.kind === "resume" && decision.cleanup };
      const steps = build(full);
      sayResume(ctx, data.command, decision, steps, o.quiet);
      const recorder = NodeRecorder.start(ctx.node, data.command, decision, history, data.spec, data.outputs);
      const skip = decision.kind === "resume" ? decision.skip : [];
      await runLocal(ctx, steps, { skip, recorder, quiet: o.quiet, resumeCommand: o.resumeCommand });
      await recorder.finish();
    },
  };
}
