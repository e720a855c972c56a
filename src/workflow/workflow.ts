/**
 * THE node workflow, the same for `init`'s own node, `join` and every node joined over SSH:
 * (external etcd) -> preflight -> preparation -> re-check -> pre-pull -> kubeadm config ->
 * load balancer -> kubeadm -> kubeconfig. Which steps a node gets follows from its RunData (command,
 * role, flags, spec); every step works only through the Node it is given.
 */
import type { Node } from "../node/node.js";
import type { RunData, WorkflowStep } from "./data.js";
import type { NodeEnv } from "./env.js";
import { imagesStep } from "./steps/images.js";
import { kubeadmConfigStep, kubeadmStep, kubeconfigStep } from "./steps/kubeadm.js";
import { etcdStep, loadBalancerStep } from "./steps/load-balancer.js";
import { preflightStep, verifyStep } from "./steps/preflight.js";
import { prepareSteps } from "./steps/prepare.js";

export interface WorkflowHooks {
  /** Each image pulled (or found present): the SSH progress line counts them. */
  onPulled?: (done: number, count: number) => void;
}

export function nodeWorkflow(
  node: Node,
  env: NodeEnv,
  data: RunData,
  hooks: WorkflowHooks = {},
): WorkflowStep[] {
  const steps: WorkflowStep[] = [];
  if (data.command === "init") steps.push(...etcdStep(node, env, data));
  steps.push(preflightStep(node, env, data));
  if (!data.flags.skipPrep) {
    steps.push(...prepareSteps(node, env, data));
    // A dry run changed nothing: a re-check would only repeat the first.
    if (!env.dryRun) steps.push(verifyStep(node, env, data));
  }
  steps.push(
    ...imagesStep(node, env, data, data.images, hooks.onPulled),
    ...kubeadmConfigStep(node, env, data),
    ...loadBalancerStep(node, env, data),
    kubeadmStep(node, env, data),
    ...kubeconfigStep(node, env, data),
  );
  return steps;
}
