import type { CommandRun } from "../cli/commands.js";
import { timeoutFlag } from "../cli/flag-values.js";
import { connect } from "../kube/connect.js";
import { runTasks, waitRun } from "../wait/run.js";

/** `kadm-wizard wait [--timeout 10m] [--kubeconfig F]`. */
export const run: CommandRun<"wait"> = async (ctx, { flags }) => {
  const timeoutMs = timeoutFlag(ctx, flags);
  const client = await connect(ctx, flags);
  // Ctrl-C: the watches end at once and the wait says so (exit 130); nothing here needs undoing.
  const w = waitRun(ctx, client, { timeoutMs, signal: ctx.signal });
  await runTasks(ctx, w.tasks, true);
  return w.finish();
};
