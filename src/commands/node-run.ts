/** What `init` and `join` share around their pipelines: resume set-up, kubectl access, the report. */
import type { Context } from "../context.js";
import { KadmError } from "../errors.js";
import type { FileChange } from "../host/host-fs.js";
import { ADMIN_CONF, copyAdminKubeconfig } from "../host/kubeconfig-copy.js";
import { renderPreflight } from "../host/preflight/index.js";
import { t } from "../i18n/messages.js";
import { redactSecrets } from "../kubeadm/secrets.js";
import type { ClusterSpec } from "../spec/types.js";
import {
  newState,
  type PipelineCommand,
  type RunDecision,
  type RunState,
  resumedState,
} from "../state/run-state.js";
import type { HostReport } from "../tasks/host-steps.js";
import type { PipelineStep } from "../tasks/pipeline.js";
import { renderSteps } from "./prepare.js";

/**
 * A fresh or resumed run: which steps to skip, whether kubeadm's own leftovers are reset first, and
 * the state to record into (none in dry-run). Says on stderr where a resumed run starts.
 */
export function startRun(
  ctx: Context,
  command: PipelineCommand,
  decision: Extract<RunDecision, { kind: "resume" | "fresh" }>,
  prev: RunState | undefined,
  spec: ClusterSpec,
  steps: readonly PipelineStep[],
  quiet: boolean,
): { skip: string[]; cleanup: boolean; state: RunState | undefined } {
  const now = new Date();
  if (decision.kind === "fresh") {
    return { skip: [], cleanup: false, state: ctx.dryRun ? undefined : newState(command, spec, now) };
  }
  if (!quiet) {
    const from = steps.find((s) => s.id === decision.from)?.title ?? decision.from;
    const key = decision.specChanged ? (`${command}.restart` as const) : (`${command}.resume` as const);
    ctx.stderr.write(`${t(ctx.lang, key, { step: from })}\n`);
  }
  return {
    skip: decision.skip,
    cleanup: decision.cleanup,
    state: ctx.dryRun || !prev ? undefined : resumedState(prev, spec, decision.skip, now),
  };
}

/**
 * admin.conf -> ~/.kube/config for root and the sudo user. `requireAdminConf`: after a real kubeadm
 * init the file must be there (its absence is an error, not a skipped copy).
 */
export function kubeconfigStep(
  ctx: Context,
  files: FileChange[],
  o: { requireAdminConf: boolean; onTargets?: (paths: string[]) => void },
): PipelineStep {
  return {
    id: "kubeconfig",
    title: t(ctx.lang, "init.step.kubeconfig"),
    run: async () => {
      const c = await copyAdminKubeconfig(ctx.hostFs, ctx.env.SUDO_USER);
      o.onTargets?.(c.targets);
      files.push(...c.changes);
      if (o.requireAdminConf && c.missing && !ctx.dryRun) {
        throw new KadmError(t(ctx.lang, "init.adminConfMissing", { path: ADMIN_CONF }), {
          hint: t(ctx.lang, "init.adminConfMissingHint"),
        });
      }
      return t(ctx.lang, ctx.dryRun ? "init.kubeconfigPlanned" : "init.kubeconfigDone", {
        paths: c.targets.join(", "),
      });
    },
  };
}

/** Preflight (optional), host changes, the files and commands of this run, pull results. */
export function printRunReport(
  ctx: Context,
  report: HostReport,
  files: FileChange[],
  commands: string[],
  withPreflight: boolean,
): void {
  const out: string[] = [];
  if (withPreflight && report.preflight.length > 0) {
    out.push(`${t(ctx.lang, "prepare.preflight")}:`, renderPreflight(report.preflight, ctx.lang), "");
  }
  const steps = [
    ...report.steps,
    ...(files.length > 0 || commands.length > 0
      ? [
          {
            id: "files",
            title: { key: "init.step.files" as const },
            status: files.some((x) => x.changed) ? ("changed" as const) : ("unchanged" as const),
            files,
            commands,
            notes: [],
          },
        ]
      : []),
  ];
  if (steps.length > 0)
    out.push(`${t(ctx.lang, "prepare.steps")}:`, redactSecrets(renderSteps(steps, ctx)), "");
  if (report.pulls.length > 0) out.push(...report.pulls, "");
  if (out.length > 0) ctx.stdout.write(`${out.join("\n")}\n`);
}

/** For --output json of a dry run: the checks a real run would stop on, if any. */
export function wouldStop(report: HostReport): { wouldStopAt?: "preflight"; failingChecks?: string[] } {
  return report.fatal.length > 0
    ? { wouldStopAt: "preflight", failingChecks: report.fatal.map((r) => r.id) }
    : {};
}

/** Dry run: every host-changing command the runner recorded, in order (secrets masked). */
export function printRecordedCommands(ctx: Context): void {
  if (!ctx.dryRun || ctx.runner.recorded.length === 0) return;
  ctx.stdout.write(`${t(ctx.lang, "init.recordedCommands")}:\n`);
  for (const c of ctx.runner.recorded) ctx.stdout.write(`  $ ${redactSecrets(c)}\n`);
}
