/**
 * The end of `init`: the pod network through the API (server-side apply of the patched manifest)
 * and the watch-based wait until nodes, the CNI, CoreDNS and kube-system are Ready. Both idempotent,
 * so a resumed init simply runs them again.
 */
import { findCniRelease } from "../cni/catalog.js";
import type { CniPlan } from "../cni/install.js";
import type { Context } from "../context.js";
import { KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import type { KubeClient } from "../kube/client.js";
import type { ClusterSpec } from "../spec/types.js";
import { formatDuration } from "../wait/duration.js";
import type { WorkflowStep } from "../workflow/data.js";

export interface PodNetworkOptions {
  skip: boolean;
  timeoutMs: number;
  manifest: string | undefined;
}

export function podNetworkSteps(ctx: Context, spec: ClusterSpec, o: PodNetworkOptions): WorkflowStep[] {
  if (o.skip || spec.cni.plugin === "none") return [];
  let client: KubeClient | undefined;
  let plan: CniPlan | undefined;
  const connect = async () => {
    if (!client) {
      client = await ctx.kube.fromKubeconfig();
    }
    return client;
  };
  // The wait's phases are subtasks drawn with live counts; the wait starts with the first of them.
  let waitTasks: Awaited<ReturnType<typeof buildWait>> | undefined;
  const buildWait = async () => {
    const { waitProgress } = await import("../wait/tasks.js");
    const { waitForCluster } = await import("../wait/wait.js");
    const c = await connect();
    return waitProgress(ctx.lang, (onUpdate) =>
      waitForCluster(c, {
        cniTargets: plan?.targets,
        timeoutMs: o.timeoutMs,
        signal: ctx.signal,
        onUpdate,
        failFast: false,
      }),
    );
  };
  return [
    {
      id: "cni",
      title: t(ctx.lang, "init.step.cni", { plugin: spec.cni.plugin }),
      run: async (setTitle) => {
        if (ctx.dryRun) {
          return t(ctx.lang, "init.cniPlanned", {
            plugin: spec.cni.plugin,
            // No --cni-version: the catalogue's pinned default, named (an empty one left "flannel  with").
            version: findCniRelease(spec.cni.plugin, spec.cni.version)?.version ?? spec.cni.version ?? "",
            podSubnet: spec.networking.podSubnet,
          });
        }
        const { applyCni } = await import("../cni/install.js");
        const r = await applyCni(
          ctx,
          await connect(),
          spec,
          { manifest: o.manifest, signal: ctx.signal },
          setTitle,
        );
        plan = r.plan;
        return undefined;
      },
    },
    {
      id: "wait",
      title: t(ctx.lang, "init.step.wait", { timeout: formatDuration(o.timeoutMs) }),
      // listr2 needs the subtasks up front; the wait (and its client) is built when the first runs.
      subtasks: ctx.dryRun
        ? []
        : ["nodes", "cni", "coredns", "kube-system"].map((_, i) => ({
            title: t(ctx.lang, "init.waitStarting"),
            run: async (setTitle: (s: string) => void, setOutput: (s: string) => void) => {
              waitTasks ??= await buildWait();
              const task = waitTasks.tasks[i];
              return task ? task.run(setTitle, setOutput) : undefined;
            },
          })),
      concurrent: true,
      run: async () => {
        if (ctx.dryRun) return t(ctx.lang, "init.waitPlanned");
        waitTasks ??= await buildWait();
        const result = await waitTasks.result();
        if (result.outcome === "ready")
          return t(ctx.lang, "init.ready", { elapsed: formatDuration(result.elapsedMs) });
        const { waitReport } = await import("../wait/report.js");
        throw new KadmError(
          t(ctx.lang, "wait.timeout", {
            timeout: formatDuration(o.timeoutMs),
            count: result.findings.length,
          }),
          {
            hint: t(ctx.lang, "init.waitTimeoutHint"),
            report: waitReport(ctx.lang, result, o.timeoutMs).join("\n"),
          },
        );
      },
    },
  ];
}
