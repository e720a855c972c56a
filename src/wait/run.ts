/** The wait as a command runs it (progress on stderr, outcome on stdout): `wait` and `cni apply`. */
import type { Context } from "../context.js";
import { ExitCode, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import { isKubeError, type KubeClient } from "../kube/client.js";
import { kubeProblem } from "../kube/explain.js";
import { type ProgressTask, progressMode, runWithProgress } from "../tasks/progress.js";
import { formatDuration } from "./duration.js";
import { waitReport } from "./report.js";
import { PhaseNotReady, waitProgress } from "./tasks.js";
import { type WaitOptions, type WaitResult, waitForCluster } from "./wait.js";

/** The wait's progress tasks plus a way to print its outcome. */
export function waitRun(ctx: Context, client: KubeClient, opts: Omit<WaitOptions, "onUpdate">) {
  const progress = waitProgress(ctx.lang, (onUpdate) =>
    // At the timeout the doctor's engine explains whatever is still stuck (wait/diagnosis.ts).
    waitForCluster(client, { failFast: false, ...opts, onUpdate }),
  );
  const finish = async (): Promise<number> => {
    let result: WaitResult;
    try {
      result = await progress.result();
    } catch (err) {
      if (isKubeError(err)) throw kubeProblem(ctx.lang, err, client.source);
      throw err;
    }
    if (result.outcome === "ready") {
      ctx.stdout.write(`${t(ctx.lang, "wait.ready", { elapsed: formatDuration(result.elapsedMs) })}\n`);
      return ExitCode.ok;
    }
    if (result.outcome === "aborted") {
      ctx.stderr.write(`${t(ctx.lang, "wait.interrupted")}\n`);
      return ExitCode.interrupted;
    }
    ctx.stdout.write(`${waitReport(ctx.lang, result, opts.timeoutMs).join("\n")}\n`);
    throw new KadmError(
      t(ctx.lang, "wait.timeout", { timeout: formatDuration(opts.timeoutMs), count: result.findings.length }),
      { hint: t(ctx.lang, "wait.timeoutHint"), exitCode: ExitCode.failed },
    );
  };
  return { tasks: progress.tasks, finish };
}

/** Runs progress tasks; a phase that was not ready is reported by `finish`, not as an error here. */
export async function runTasks(ctx: Context, tasks: ProgressTask[], concurrent: boolean): Promise<void> {
  try {
    await runWithProgress(tasks, {
      stream: ctx.stderr,
      lang: ctx.lang,
      mode: progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose }),
      concurrent,
    });
  } catch (err) {
    if (err instanceof PhaseNotReady) return;
    if (isKubeError(err)) throw kubeProblem(ctx.lang, err);
    throw err;
  }
}
