/** The image pre-pull on the node: one progress line per image, all pulls started with the step. */
import { KadmError } from "../../errors.js";
import { t } from "../../i18n/messages.js";
import { type ImagePlan, planImages } from "../../images/plan.js";
import type { Node } from "../../node/node.js";
import type { ClusterSpec } from "../../spec/types.js";
import { type PullTasks, pullTasks } from "../../tasks/pull-tasks.js";
import type { RunData, WorkflowStep } from "../data.js";
import type { NodeEnv } from "../env.js";
import { lbImagesFor } from "./load-balancer.js";

/**
 * What a node pulls: kubeadm's images for a control plane (a worker only pause + kube-proxy), the
 * CNI's, and the VIP's on a control plane. `needed`: those kubeadm itself pulls or waits for (its
 * static pods, the VIP's pod); only when one of these failed would kubeadm hang. PURE.
 */
export function nodeImages(
  spec: ClusterSpec,
  role: RunData["role"],
  o: { skipCni?: boolean; plan?: ImagePlan } = {},
): { images: string[]; needed: string[] } {
  // The plan resolved from the node's kubeadm when there is one (images/plan.ts), else our table.
  const plan = o.plan ?? planImages(spec);
  const kubeadm =
    role === "control-plane" ? plan.kubeadm : plan.kubeadm.filter((i) => /\/(pause|kube-proxy):/.test(i));
  const lb = lbImagesFor(spec, role);
  return {
    images: [...kubeadm, ...(o.skipCni ? [] : plan.cni), ...lb],
    // A worker's kubeadm join waits for no pod.
    needed: role === "control-plane" ? [...plan.kubeadm, ...lb] : [],
  };
}

export function imagesStep(
  node: Node,
  env: NodeEnv,
  data: RunData,
  list: { images: string[]; needed: string[] },
  onPulled?: (done: number, count: number) => void,
): WorkflowStep[] {
  const { images, needed } = list;
  if (images.length === 0) return [];
  // The pulls start when the step does (not when the list is built), so nothing runs before preflight.
  let started: PullTasks | undefined;
  const start = () => {
    started ??= pullTasks(node, env, data.spec.node.criSocket, images, onPulled ? { onDone: onPulled } : {});
    return started;
  };
  const subtasks = images.map((image, i) => ({
    title: image,
    run: (setTitle: (s: string) => void, setOutput: (s: string) => void) => {
      const task = start().tasks[i];
      return task ? task.run(setTitle, setOutput) : Promise.resolve(undefined);
    },
  }));
  return [
    {
      id: "images",
      title: t(env.lang, "run.step.images", { count: images.length }),
      subtasks,
      concurrent: true,
      run: async () => {
        const p = start();
        const results = await p.results;
        data.outputs.pulls = p.report(results);
        const failed = results.filter((r) => r.status === "failed");
        if (failed.length > 0) {
          const n = failed.filter((r) => needed.includes(r.image)).length;
          const message =
            n > 0
              ? t(env.lang, "run.pullFailed", { count: failed.length, needed: n })
              : t(env.lang, "run.pullFailedPods", { count: failed.length });
          throw new KadmError(message, {
            hint: t(env.lang, "run.pullFailedHint"),
            report: data.outputs.pulls.join("\n"),
          });
        }
        return t(env.lang, env.dryRun ? "run.imagesPlanned" : "run.imagesDone", { count: results.length });
      },
    },
  ];
}
