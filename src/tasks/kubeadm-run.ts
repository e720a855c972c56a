/**
 * Runs one kubeadm command with its phases shown live, its whole (redacted) output kept in a 0600 log
 * file, and, when it fails, a report of the last meaningful lines plus the diagnosis of the classic
 * causes. The parsing and diagnosis are pure (kubeadm/phases.ts, kubeadm/diagnose.ts); this is the glue.
 */
import type { Context } from "../context.js";
import { ExitCode, KadmError } from "../errors.js";
import type { RunResult } from "../host/runner.js";
import { render, t } from "../i18n/messages.js";
import { diagnose, failedPhase, lastMeaningfulLines } from "../kubeadm/diagnose.js";
import { PhaseTracker, phaseTitle } from "../kubeadm/phases.js";
import { redactSecrets } from "../kubeadm/secrets.js";
import { type HostChecksOutcome, renderHostFindings } from "./failure-checks.js";
import type { PipelineStep } from "./pipeline.js";

export const LOG_DIR = "/var/log/kadm-wizard";
/** kubeadm init waits up to 4 min for the kubelet and 4 more for the control plane; leave room. */
const KUBEADM_TIMEOUT_MS = 20 * 60_000;

/** kubeadm is not installed (or not at --kubeadm). */
export class KubeadmMissing extends KadmError {}

export interface KubeadmRun {
  result: RunResult;
  /** stdout + stderr lines in arrival order (redacted): what the log file holds. */
  output: string;
  logPath: string;
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

export function kubeadmLogPath(sub: string, now: Date): string {
  return `${LOG_DIR}/kubeadm-${sub}-${stamp(now)}.log`;
}

/**
 * `kubeadm <args>`; `onPhase` gets the localised title of the current phase and the latest line.
 * Fails with a KadmError carrying the diagnosis; an interrupt (ctx.signal) surfaces as exit 130.
 */
export async function runKubeadm(
  ctx: Context,
  args: string[],
  o: {
    sub: string;
    secrets: string[];
    /** Every phase line: the phase's localised title, the line, and whether the phase just changed. */
    onPhase?: (title: string, line: string, changed: boolean) => void;
    now?: Date;
    /** Run when kubeadm fails (not when interrupted): the host checks shown above the usual causes. */
    hostChecks?: () => Promise<HostChecksOutcome>;
    /**
     * Ctrl-C lets this run finish instead of killing it (`kubeadm reset`: half a reset helps
     * nobody); the caller stops at its next step. Default: killed, reported as interrupted.
     */
    finishOnInterrupt?: boolean;
  },
): Promise<KubeadmRun> {
  const tracker = new PhaseTracker();
  const lines: string[] = [];
  const logPath = kubeadmLogPath(o.sub, o.now ?? new Date());
  const argv = [ctx.kubeadmPath, ...args];
  const result = await ctx.runner.run(argv, {
    changes: true,
    timeoutMs: KUBEADM_TIMEOUT_MS,
    secrets: o.secrets,
    ...(o.finishOnInterrupt ? {} : { signal: ctx.signal }),
    onLine: (line) => {
      lines.push(line);
      const tl = tracker.line(line);
      if (tl.step && (tl.kind === "phase" || tl.changed)) {
        o.onPhase?.(render(ctx.lang, phaseTitle(tl.step) as never), line.trim(), tl.changed);
      }
    },
  });
  if (result.skipped) return { result, output: "", logPath };
  // A runner without line callbacks (or lines after the last newline) still gives us the output.
  const output = lines.length > 0 ? lines.join("\n") : redactSecrets(`${result.stdout}\n${result.stderr}`);
  const header = `# ${result.command}\n# exit code ${result.exitCode}${result.timedOut ? " (timed out)" : ""}\n`;
  await ctx.hostFs.mkdir(LOG_DIR, { mode: 0o700 });
  await ctx.hostFs.write(logPath, `${header}${redactSecrets(output)}\n`, { mode: 0o600 });
  if (ctx.signal.aborted && !o.finishOnInterrupt) {
    throw new KadmError(t(ctx.lang, "run.interrupted", { step: `kubeadm ${o.sub}` }), {
      exitCode: ExitCode.interrupted,
    });
  }
  if (result.exitCode !== 0) {
    // Checks that cannot run (EACCES, say) must not replace kubeadm's own error: then none are shown.
    const checks = result.notFound ? undefined : await o.hostChecks?.().catch(() => undefined);
    throw kubeadmFailure(ctx, o.sub, `${result.stdout}\n${result.stderr}`, result, logPath, checks);
  }
  return { result, output, logPath };
}

/** The failure report (on stderr, several lines) and the one-line error that ends the run. */
function kubeadmFailure(
  ctx: Context,
  sub: string,
  raw: string,
  r: RunResult,
  logPath: string,
  checks?: HostChecksOutcome,
): KadmError {
  const out: string[] = [];
  if (r.notFound) {
    return new KubeadmMissing(t(ctx.lang, "run.kubeadmMissing", { path: ctx.kubeadmPath }), {
      hint: t(ctx.lang, "run.kubeadmMissingHint"),
    });
  }
  const phase = failedPhase(raw);
  out.push("", t(ctx.lang, "run.kubeadmLastLines", { sub }));
  for (const l of lastMeaningfulLines(raw, 8)) out.push(`    ${l}`);
  // What is wrong on this host now comes before what kubeadm's words usually mean.
  if (checks) out.push("", ...renderHostFindings(ctx.lang, checks));
  const diagnoses = r.timedOut ? [] : diagnose(raw, r.exitCode);
  if (checks && diagnoses.length > 0) out.push("", t(ctx.lang, "run.kubeadmUsualCauses"));
  for (const d of diagnoses) {
    out.push("", `  ✗ ${render(ctx.lang, d.explain as never)}`);
    for (const e of d.evidence.slice(0, 4)) out.push(`      > ${e.trim()}`);
    out.push(`    ${t(ctx.lang, "run.fix")}: ${render(ctx.lang, d.fix as never)}`);
  }
  out.push("", t(ctx.lang, "run.kubeadmLog", { path: logPath }), t(ctx.lang, "run.nextSteps"));
  return new KadmError(
    t(ctx.lang, r.timedOut ? "run.kubeadmTimedOut" : "run.kubeadmFailed", {
      sub,
      phase: phase ?? "?",
      code: r.exitCode,
    }),
    { hint: t(ctx.lang, "run.kubeadmFailedHint", { path: logPath }), report: out.join("\n") },
  );
}

export interface KubeadmStepOptions {
  id: string;
  /** The step's title; the current kubeadm phase is appended while it runs. */
  title: string;
  /** Shown while `kubeadm reset -f` clears what our own failed run left. */
  cleanupTitle: string;
  sub: string;
  args: () => string[];
  secrets: string[];
  /** Read when the step runs (the resume decision is made after the steps are built). */
  cleanup: () => boolean;
  /** Every command run (or recorded), for the report. */
  commands: string[];
  /** After a real run (not recorded by dry-run): the step's final title. */
  done: (r: KubeadmRun) => string;
  /** The host checks to run right away when kubeadm fails (see tasks/failure-checks.ts). */
  hostChecks?: () => Promise<HostChecksOutcome>;
}

/** kubeadm init/join as a pipeline step: cleanup first when needed, phases live, dry-run recorded. */
export function kubeadmStep(ctx: Context, o: KubeadmStepOptions): PipelineStep {
  return {
    id: o.id,
    title: o.title,
    run: async (setTitle, setOutput) => {
      if (o.cleanup()) {
        setTitle(o.cleanupTitle);
        await runKubeadm(ctx, ["reset", "-f"], { sub: "reset", secrets: o.secrets });
      }
      const r = await runKubeadm(ctx, o.args(), {
        sub: o.sub,
        secrets: o.secrets,
        ...(o.hostChecks ? { hostChecks: o.hostChecks } : {}),
        onPhase: (phase, line, changed) => {
          setTitle(`${o.title}: ${phase}`);
          // A terminal shows the latest line in place; logs (CI, pipes) get one line per phase.
          if (ctx.stderrIsTTY) setOutput(line);
          else if (changed) setOutput(phase);
        },
      });
      o.commands.push(r.result.command);
      if (r.result.skipped) return t(ctx.lang, "run.recorded", { command: r.result.command });
      return o.done(r);
    },
  };
}
