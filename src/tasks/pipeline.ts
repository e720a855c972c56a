/**
 * Runs the steps of `init` / `join` as one listr2 list, recording each finished step in the state
 * file so an interrupted or failed run resumes where it stopped. Orchestration only: each step's work
 * lives in the host, kubeadm and cluster modules.
 */
import type { Context } from "../context.js";
import { ExitCode, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import { type RunState, recordStep, writeState } from "../state/run-state.js";
import { type ProgressTask, progressMode, runWithProgress } from "./progress.js";

export interface PipelineStep {
  id: string;
  title: string;
  run: ProgressTask["run"];
  subtasks?: ProgressTask[];
  concurrent?: boolean;
}

export interface PipelineOptions {
  /** Steps finished by an earlier run: shown as such, not run. */
  skip: readonly string[];
  /**
   * The run's state, updated in place after every step (steps may add to it, e.g. the join
   * commands); `current` undefined in dry-run: nothing is recorded.
   */
  state: { current: RunState | undefined };
  quiet: boolean;
  /** How to resume, for the message when a step fails: "kadm-wizard init". */
  resumeCommand: string;
  now?: () => Date;
}

/** Runs the steps, recording each in `o.state`. A failure is recorded and rethrown with where it stopped. */
export async function runPipeline(ctx: Context, steps: PipelineStep[], o: PipelineOptions): Promise<void> {
  const now = o.now ?? (() => new Date());
  const ref = o.state;
  let current: PipelineStep | undefined;
  const save = async () => {
    if (ref.current) await writeState(ctx.hostFs, ref.current);
  };
  const tasks: ProgressTask[] = steps.map((s) => {
    if (o.skip.includes(s.id)) {
      return { title: s.title, run: async () => t(ctx.lang, "run.skippedDone", { step: s.title }) };
    }
    return {
      title: s.title,
      ...(s.subtasks ? { subtasks: s.subtasks, concurrent: s.concurrent ?? false } : {}),
      run: async (setTitle, setOutput) => {
        current = s;
        if (ctx.signal.aborted) throw interrupted(ctx, s);
        const final = await s.run(setTitle, setOutput);
        if (ctx.signal.aborted) throw interrupted(ctx, s);
        if (ref.current) {
          ref.current = recordStep(ref.current, s.id, "done", now());
          await save();
        }
        return final;
      },
    };
  });
  try {
    await runWithProgress(tasks, {
      stream: ctx.stderr,
      lang: ctx.lang,
      mode: progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose, quiet: o.quiet }),
    });
  } catch (e) {
    const step = current;
    const aborted = ctx.signal.aborted;
    const reason = e instanceof Error ? e.message : String(e);
    if (ref.current && step) {
      ref.current = recordStep(
        ref.current,
        step.id,
        aborted ? "interrupted" : "failed",
        now(),
        reason.split("\n")[0],
      );
      await save();
    }
    const where = step
      ? t(ctx.lang, "run.stoppedAt", { step: step.title, command: o.resumeCommand })
      : undefined;
    if (aborted) {
      throw new KadmError(t(ctx.lang, "run.interrupted", { step: step?.title ?? "?" }), {
        exitCode: ExitCode.interrupted,
        ...(where ? { hint: where } : {}),
        cause: e,
      });
    }
    if (e instanceof KadmError) {
      throw new KadmError(e.message, {
        exitCode: e.exitCode,
        hint: e.hint ?? "",
        cause: e,
        more: [...e.more, ...(where ? [{ message: where }] : [])],
        report: e.report,
      });
    }
    throw e;
  }
}

function interrupted(ctx: Context, s: PipelineStep): KadmError {
  return new KadmError(t(ctx.lang, "run.interrupted", { step: s.title }), { exitCode: ExitCode.interrupted });
}
