/**
 * Host-changing steps run one after another, and what Ctrl-C / SIGTERM does to them (shared by
 * prepare, reset, token, remove-node, ...). The safe points are between steps: a step that is
 * running when the signal comes is left to finish (its host commands run in their own process
 * group, see RunOptions.signal), nothing after it starts, and the run ends with exit 130 saying
 * which steps finished and which did not.
 */
import type { Context } from "../context.js";
import { ExitCode, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import { type ProgressTask, progressMode, runWithProgress } from "./progress.js";

export interface HostTask {
  title: string;
  run: ProgressTask["run"];
}

export interface HostTasksOptions {
  /** The command that finishes the job later, for the hint: "kadm-wizard prepare". */
  again: string;
  /** What the finished steps did (the changed/unchanged report): printed on stdout when interrupted. */
  report?: () => string;
  quiet?: boolean;
  /** A failing step is drawn as failed and the next still runs (one step per node); the caller reports. */
  independent?: boolean;
}

/**
 * The run was stopped by Ctrl-C / SIGTERM (exit 130); its report is printed already. Also thrown
 * outside a step list (the SSH fan-out, pulls, cni apply): one line and how to go on.
 */
export class Interrupted extends KadmError {
  constructor(message: string, hint: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.interrupted, hint, ...(cause === undefined ? {} : { cause }) });
    this.name = "Interrupted";
  }
}

/**
 * Runs the tasks with progress. A failure (not interrupted) is rethrown as it is, for the command
 * to report; an interruption prints the report and the steps not run, then throws `Interrupted`.
 */
export async function runHostTasks(ctx: Context, tasks: HostTask[], o: HostTasksOptions): Promise<void> {
  const done: string[] = [];
  let running: string | undefined;
  const wrapped: ProgressTask[] = tasks.map((task) => ({
    title: task.title,
    skip: () => (ctx.signal.aborted ? `${task.title}: ${t(ctx.lang, "interrupt.skipped")}` : undefined),
    run: async (setTitle, setOutput) => {
      running = task.title;
      // Say at once that the signal was seen and why nothing stops yet (a package install is long).
      const onAbort = () => setTitle(`${task.title}  (${t(ctx.lang, "interrupt.finishing")})`);
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      try {
        const final = await task.run(setTitle, setOutput);
        done.push(task.title);
        running = undefined;
        return final;
      } catch (e) {
        if (!ctx.signal.aborted) throw e;
        // Drawn as stopped by the interruption, not with the error of a command the same Ctrl-C
        // killed; the cause stays attached for --verbose.
        setTitle(task.title);
        throw new Error(t(ctx.lang, "interrupt.stepStopped"), { cause: e });
      } finally {
        ctx.signal.removeEventListener("abort", onAbort);
      }
    },
  }));
  let failure: unknown;
  try {
    await runWithProgress(wrapped, {
      stream: ctx.stderr,
      lang: ctx.lang,
      mode: progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose, quiet: o.quiet ?? false }),
      ...(o.independent ? { exitOnError: false } : {}),
    });
  } catch (e) {
    // Once interrupted, a step that failed is the interruption (a host command killed by the same
    // Ctrl-C), never a failure with that step's fix.
    if (!ctx.signal.aborted) throw e;
    failure = e;
  }
  if (!ctx.signal.aborted) return;
  const incomplete = failure === undefined ? undefined : running;
  const notRun = tasks.map((x) => x.title).filter((x) => !done.includes(x) && x !== incomplete);
  const out: string[] = [];
  const report = o.report?.();
  if (report) out.push(report, "");
  if (incomplete || notRun.length > 0) {
    out.push(`${t(ctx.lang, "interrupt.notRun")}:`);
    if (incomplete) out.push(`  - ${t(ctx.lang, "interrupt.incomplete", { step: incomplete })}`);
    for (const x of notRun) out.push(`  - ${x}`);
    out.push("");
  }
  if (out.length > 0) ctx.stdout.write(`${out.join("\n")}\n`);
  const count = tasks.length;
  const message = incomplete
    ? t(ctx.lang, "interrupt.during", { step: incomplete, done: done.length, count })
    : done.length === 0
      ? t(ctx.lang, "interrupt.before")
      : t(ctx.lang, "interrupt.after", { step: done.at(-1) ?? "", done: done.length, count });
  throw new Interrupted(message, t(ctx.lang, "interrupt.again", { command: o.again }), failure);
}
