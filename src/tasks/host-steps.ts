/**
 * The host part of `init` and `join` as pipeline steps: preflight, each preparation step, a second
 * preflight to verify, and the image pre-pull. The same checks and steps `prepare` and `images pull`
 * run on their own.
 */
import type { Context } from "../context.js";
import { KadmError } from "../errors.js";
import {
  type CheckId,
  type CheckResult,
  type PreflightRole,
  renderPreflight,
  runPreflight,
  summarizePreflight,
} from "../host/preflight/index.js";
import { planPreparation } from "../host/prepare.js";
import { probeSocket } from "../host/probe-socket.js";
import { changeStatus, type StepResult } from "../host/steps/types.js";
import { render, t } from "../i18n/messages.js";
import type { ClusterSpec } from "../spec/types.js";
import type { PipelineStep } from "./pipeline.js";
import { pullTasks } from "./pull-tasks.js";

/** Failures host preparation repairs: not fatal before it, only if they survive it. */
const FIXED_BY_PREP: ReadonlySet<CheckId> = new Set<CheckId>([
  "host.swap-on",
  "host.br-netfilter",
  "host.overlay",
  "host.ip-forward",
  "host.runtime-socket",
  "host.cgroup-driver-mismatch",
]);
const FIXED_BY_PACKAGES: ReadonlySet<CheckId> = new Set<CheckId>(["host.kube-binaries", "host.version-skew"]);

/** What the host steps did, for the report printed after the progress list. */
export interface HostReport {
  preflight: CheckResult[];
  /** Failures preparation cannot repair: a real run stops on them (a dry run goes on and reports them). */
  fatal: CheckResult[];
  steps: StepResult[];
  pulls: string[];
}

export interface HostStepOptions {
  role: PreflightRole;
  skipPrep: boolean;
  installPackages: boolean;
  images: string[];
  /**
   * Of `images`, those kubeadm itself pulls or waits for (its static pods, the VIP's pod): only when
   * one of these failed would kubeadm hang. The rest (the CNI's, a worker's kube-proxy) only keep
   * their pods from starting.
   */
  kubeadmNeeds: readonly string[];
}

export function preflightFor(ctx: Context, spec: ClusterSpec, role: PreflightRole): Promise<CheckResult[]> {
  return runPreflight(
    { fs: ctx.hostFs, runner: ctx.runner, probeSocket: (p) => probeSocket(p), kubeadm: ctx.kubeadmPath },
    {
      kubernetesVersion: spec.kubernetesVersion,
      cgroupDriver: spec.node.cgroupDriver,
      criSocket: spec.node.criSocket,
      role,
      ...(spec.node.name ? { nodeName: spec.node.name } : {}),
      ...(spec.node.allowCgroupV1 ? { allowCgroupV1: true } : {}),
    },
  );
}

function preflightError(
  ctx: Context,
  failing: CheckResult[],
  key: "run.preflightFailed" | "run.verifyFailed",
) {
  return new KadmError(t(ctx.lang, key, { count: failing.length }), {
    hint: t(ctx.lang, "run.preflightHint"),
    report: renderPreflight(failing, ctx.lang),
  });
}

/** The failing checks host preparation (with these options) cannot repair. */
export function unrepairable(
  results: readonly CheckResult[],
  o: Pick<HostStepOptions, "skipPrep" | "installPackages">,
): CheckResult[] {
  const repairable = (id: CheckId) =>
    !o.skipPrep && (FIXED_BY_PREP.has(id) || (o.installPackages && FIXED_BY_PACKAGES.has(id)));
  return results.filter((r) => r.status === "fail" && !repairable(r.id));
}

/**
 * A dry run that found what the real run would stop on: one warning naming the checks and what to do
 * first. The dry run itself still succeeds (exit 0: it planned everything; the README's demo on an
 * empty root must not fail); `--output json` carries the same facts as `wouldStopAt`/`failingChecks`.
 */
export function warnDryRunWouldFail(
  ctx: Context,
  fatal: readonly CheckResult[],
  o: Pick<HostStepOptions, "skipPrep" | "installPackages">,
  stage: "preflight" | "prepare",
): void {
  const packages = !o.installPackages && fatal.some((r) => FIXED_BY_PACKAGES.has(r.id));
  const prep = o.skipPrep && fatal.some((r) => FIXED_BY_PREP.has(r.id));
  const hint = [
    t(ctx.lang, "run.dryRunFixFirst"),
    ...(packages ? [t(ctx.lang, "run.dryRunFixPackages")] : []),
    ...(prep ? [t(ctx.lang, "run.dryRunFixSkipPrep")] : []),
  ].join(ctx.lang === "zh" ? "；" : "; ");
  const message = t(ctx.lang, stage === "preflight" ? "run.dryRunWouldStop" : "prepare.dryRunWouldRemain", {
    count: fatal.length,
    checks: fatal.map((r) => r.id).join(", "),
  });
  ctx.warn(`${message} ${t(ctx.lang, "run.dryRunFirst", { hint })}`);
}

export function hostSteps(
  ctx: Context,
  spec: ClusterSpec,
  o: HostStepOptions,
  report: HostReport,
): PipelineStep[] {
  const steps: PipelineStep[] = [];

  steps.push({
    id: "preflight",
    title: t(ctx.lang, "run.step.preflight"),
    run: async () => {
      const results = await preflightFor(ctx, spec, o.role);
      report.preflight = results;
      const fatal = unrepairable(results, o);
      report.fatal = fatal;
      if (fatal.length > 0 && !ctx.dryRun) throw preflightError(ctx, fatal, "run.preflightFailed");
      const s = summarizePreflight(results);
      return t(ctx.lang, "run.preflightDone", { passed: s.passed, warned: s.warned, failed: s.failed });
    },
  });

  if (!o.skipPrep) {
    const env = { fs: ctx.hostFs, runner: ctx.runner, lang: ctx.lang };
    for (const p of planPreparation(env, spec, { installPackages: o.installPackages })) {
      const title = render(ctx.lang, p.title);
      steps.push({
        id: `prepare.${p.id}`,
        title,
        run: async () => {
          const r = await p.run();
          report.steps.push(r);
          return `${title}: ${changeStatus(ctx.lang, r.status === "changed", ctx.dryRun)}`;
        },
      });
    }
    if (!ctx.dryRun) {
      steps.push({
        id: "verify",
        title: t(ctx.lang, "run.step.verify"),
        run: async () => {
          const results = await preflightFor(ctx, spec, o.role);
          report.preflight = results;
          const failing = results.filter((r) => r.status === "fail");
          if (failing.length > 0) throw preflightError(ctx, failing, "run.verifyFailed");
          return t(ctx.lang, "run.verifyDone", { warned: summarizePreflight(results).warned });
        },
      });
    }
  }

  if (o.images.length > 0) {
    // The pulls start when the step does (not when the list is built), so nothing runs before preflight.
    let started: ReturnType<typeof pullTasks> | undefined;
    const start = () => {
      started ??= pullTasks(ctx, spec.node.criSocket, o.images);
      return started;
    };
    const lazy = o.images.map((image, i) => ({
      title: image,
      run: (setTitle: (s: string) => void, setOutput: (s: string) => void) =>
        (start().tasks[i] as PipelineStep).run(setTitle, setOutput),
    }));
    steps.push({
      id: "images",
      title: t(ctx.lang, "run.step.images", { count: o.images.length }),
      subtasks: lazy,
      concurrent: true,
      run: async () => {
        const p = start();
        const results = await p.results;
        report.pulls = p.report(results);
        const failed = results.filter((r) => r.status === "failed");
        if (failed.length > 0) {
          const needed = failed.filter((r) => o.kubeadmNeeds.includes(r.image)).length;
          const message =
            needed > 0
              ? t(ctx.lang, "run.pullFailed", { count: failed.length, needed })
              : t(ctx.lang, "run.pullFailedPods", { count: failed.length });
          throw new KadmError(message, {
            hint: t(ctx.lang, "run.pullFailedHint"),
            report: report.pulls.join("\n"),
          });
        }
        return t(ctx.lang, ctx.dryRun ? "run.imagesPlanned" : "run.imagesDone", { count: results.length });
      },
    });
  }
  return steps;
}
