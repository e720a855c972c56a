/** Each host preparation step (host/prepare.ts's plan) as a workflow step on the node. */
import { planPreparation } from "../../host/prepare.js";
import { changeStatus } from "../../host/steps/types.js";
import { render } from "../../i18n/messages.js";
import type { Node } from "../../node/node.js";
import type { RunData, WorkflowStep } from "../data.js";
import type { NodeEnv } from "../env.js";

export function prepareSteps(node: Node, env: NodeEnv, data: RunData): WorkflowStep[] {
  const stepEnv = { fs: node.fs, runner: node.runner, lang: env.lang };
  return planPreparation(stepEnv, data.spec, { installPackages: data.flags.installPackages }).map((p) => {
    const title = render(env.lang, p.title);
    return {
      id: `prepare.${p.id}`,
      title,
      run: async () => {
        const r = await p.run();
        data.outputs.steps.push(r);
        return `${title}: ${changeStatus(env.lang, r.status === "changed", env.dryRun)}`;
      },
    };
  });
}
