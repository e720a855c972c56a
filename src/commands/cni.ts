import type { CommandRun } from "../cli/commands.js";
import { timeoutFlag } from "../cli/flag-values.js";
import type { AppliedObject } from "../cni/apply.js";
import {
  appliedSummary,
  applyPlan,
  type CniOptions,
  type CniPlan,
  checkUserManifest,
  planCni,
  planCniDryRun,
  renderDownloadPlan,
  renderPlan,
} from "../cni/install.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";
import { padEndDisplay } from "../i18n/width.js";
import { connect } from "../kube/connect.js";
import { gatherSpec } from "../spec/gather.js";
import { Interrupted } from "../tasks/host-tasks.js";
import type { ProgressTask } from "../tasks/progress.js";
import { runTasks, waitRun } from "../wait/run.js";
import type { WaitOptions } from "../wait/wait.js";

function originText(ctx: Context, plan: CniPlan): string {
  const o = plan.manifest.origin;
  const params = { plugin: plan.plugin, version: plan.release?.version ?? "" };
  if (o.kind === "cache")
    return t(ctx.lang, "cni.origin.cache", { ...params, where: ctx.node.fs.resolve(o.path) });
  if (o.kind === "download") return t(ctx.lang, "cni.origin.download", { ...params, where: o.url });
  return t(ctx.lang, "cni.origin.user", { ...params, where: o.kind === "user-url" ? o.url : o.path });
}

function patchedText(ctx: Context, plan: CniPlan): string {
  return t(ctx.lang, "cni.patched", {
    podSubnet: plan.podSubnet,
    source: t(ctx.lang, plan.podSubnetSource === "cluster" ? "cni.source.cluster" : "cni.source.spec"),
    changes: plan.report.changes.length,
    images: plan.report.images.join(", "),
  });
}

/** `kadm-wizard cni apply [--cni flannel|calico] [--manifest PATH|URL] [--no-wait] [--dry-run] [--kubeconfig F]`. */
export const run: CommandRun<"cni"> = async (ctx, { flags, positionals }) => {
  if (positionals.length !== 1 || positionals[0] !== "apply") {
    throw invalidInput(
      t(ctx.lang, "cni.usage", { value: positionals.join(" ") }),
      t(ctx.lang, "cni.usageHint"),
    );
  }
  const timeoutMs = timeoutFlag(ctx, flags);
  const { spec, warnings } = await gatherSpec(ctx, {
    mode: "init",
    flags,
    hostIsTarget: false,
    confirm: false,
    purpose: "host",
  });
  for (const w of warnings) ctx.warn(w);
  const opts: CniOptions = {
    manifest: flags.manifest,
    pluginExplicit: flags.cni !== undefined,
    podSubnetExplicit: flags["pod-subnet"] !== undefined,
  };
  // The user's file is input: refused (exit 2) before the cluster is even contacted.
  if (opts.manifest !== undefined) await checkUserManifest(ctx, opts.manifest);

  if (ctx.dryRun) {
    // No cluster and no network: the pod subnet is the spec's, nothing is downloaded or written.
    const dry = await planCniDryRun(ctx, spec, opts);
    if ("download" in dry) {
      ctx.stdout.write(renderDownloadPlan(ctx.lang, dry.download, spec.cni.imageMirrors));
      ctx.stderr.write(`${t(ctx.lang, "cni.dryRunDownloadNote")}\n`);
      return ExitCode.ok;
    }
    const plan = dry.plan;
    for (const w of plan.warnings) ctx.warn(w);
    for (const n of plan.notes) ctx.stderr.write(`${n}\n`);
    ctx.stdout.write(renderPlan(plan));
    const what = plan.release ? `${plan.plugin} ${plan.release.version}` : plan.plugin;
    ctx.stderr.write(`${t(ctx.lang, "cni.dryRunNote", { what, podSubnet: plan.podSubnet })}\n`);
    return ExitCode.ok;
  }

  const client = await connect(ctx, flags);
  let plan: CniPlan | undefined;
  let applied: AppliedObject[] = [];
  const appliedSoFar: AppliedObject[] = [];
  // The wait starts after the apply (its first task runs then), so the targets can be filled in below.
  const waitOpts: Omit<WaitOptions, "onUpdate"> = { timeoutMs, signal: ctx.signal };
  const wait = flags["no-wait"] === true ? undefined : waitRun(ctx, client, waitOpts);
  const tasks: ProgressTask[] = [
    {
      title: t(ctx.lang, "cni.progress.fetching", { what: opts.manifest ?? `${spec.cni.plugin}` }),
      run: async (setTitle) => {
        plan = await planCni(ctx, spec, { ...opts, client, signal: ctx.signal }, setTitle);
        waitOpts.cniTargets = plan.targets;
        return originText(ctx, plan);
      },
    },
    {
      title: t(ctx.lang, "cni.task.apply"),
      run: async (setTitle) => {
        const p = plan as CniPlan;
        setTitle(patchedText(ctx, p));
        let done = 0;
        // Ctrl-C: the objects in flight are applied, then no other starts (applyOne checks).
        applied = await applyPlan(ctx.lang, client, p, {
          signal: ctx.signal,
          onStage: (stage, count) => {
            if (stage === "establish") setTitle(t(ctx.lang, "cni.progress.establish", { count }));
          },
          onObject: (a) => {
            done++;
            appliedSoFar.push(a);
            setTitle(t(ctx.lang, "cni.progress.applying", { done, total: p.docs.length }));
          },
        });
        return appliedSummary(ctx.lang, p.plugin, applied);
      },
    },
  ];
  if (wait) {
    tasks.push({
      title: t(ctx.lang, "wait.title"),
      run: async () => undefined,
      subtasks: wait.tasks,
      concurrent: true,
    });
  }
  try {
    await runTasks(ctx, tasks, false);
  } catch (e) {
    if (!ctx.signal.aborted) throw e;
    const p = plan as CniPlan | undefined;
    for (const a of appliedSoFar)
      ctx.stdout.write(`${padEndDisplay(t(ctx.lang, `cni.outcome.${a.outcome}`), 11)} ${a.object}\n`);
    throw new Interrupted(
      p
        ? t(ctx.lang, "interrupt.objects", { done: appliedSoFar.length, count: p.docs.length })
        : t(ctx.lang, "interrupt.before"),
      t(ctx.lang, "interrupt.again", { command: "kadm-wizard cni apply" }),
      e,
    );
  }
  const p = plan as CniPlan | undefined;
  if (p) {
    for (const w of p.warnings) ctx.warn(w);
    for (const n of p.notes) ctx.stderr.write(`${n}\n`);
    for (const a of applied)
      ctx.stdout.write(`${padEndDisplay(t(ctx.lang, `cni.outcome.${a.outcome}`), 11)} ${a.object}\n`);
    ctx.stdout.write(`${appliedSummary(ctx.lang, p.plugin, applied)}\n`);
  }
  if (!wait) {
    ctx.stderr.write(`${t(ctx.lang, "cni.noWait")}\n`);
    return ExitCode.ok;
  }
  return wait.finish();
};
