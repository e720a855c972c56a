/** What a node's run prints after its progress: preflight, host changes, files, commands, pulls. */
import type { Context } from "../context.js";
import { unifiedDiff } from "../host/diff.js";
import { renderPreflight } from "../host/preflight/index.js";
import { changeStatus, type StepResult } from "../host/steps/types.js";
import { render, t } from "../i18n/messages.js";
import { redactSecrets } from "../kubeadm/secrets.js";
import type { RunOutputs } from "./data.js";

/** New files can be long (a whole containerd default config): show their head unless --verbose. */
const NEW_FILE_LINES = 15;

/** The changed/unchanged report, with diffs and the commands in dry-run. */
export function renderSteps(
  results: StepResult[],
  ctx: Pick<Context, "lang" | "dryRun" | "verbose">,
): string {
  const out: string[] = [];
  for (const r of results) {
    const status = changeStatus(ctx.lang, r.status === "changed", ctx.dryRun);
    out.push(`${r.status === "unchanged" ? "=" : "~"} ${render(ctx.lang, r.title)}: ${status}`);
    for (const f of r.files.filter((x) => x.changed)) {
      out.push(`    ${f.path}${f.backup ? `  (${t(ctx.lang, "prepare.backup", { path: f.backup })})` : ""}`);
      if (ctx.dryRun) {
        const diff = unifiedDiff(f.path, f.before, f.after).trimEnd().split("\n");
        const cut = f.before === undefined && !ctx.verbose && diff.length > NEW_FILE_LINES + 3;
        for (const l of cut ? diff.slice(0, NEW_FILE_LINES + 3) : diff) out.push(`      ${l}`);
        if (cut)
          out.push(`      ${t(ctx.lang, "prepare.moreLines", { count: diff.length - NEW_FILE_LINES - 3 })}`);
      }
    }
    for (const c of r.commands) out.push(`    $ ${c}`);
    for (const n of r.notes) out.push(`    ${n}`);
  }
  return out.join("\n");
}

/** Preflight (optional), host changes, the files and commands of this run, pull results. */
export function printRunReport(ctx: Context, outputs: RunOutputs, withPreflight: boolean): void {
  const out: string[] = [];
  if (withPreflight && outputs.preflight.length > 0) {
    out.push(`${t(ctx.lang, "prepare.preflight")}:`, renderPreflight(outputs.preflight, ctx.lang), "");
  }
  const { files, commands } = outputs;
  const steps = [
    ...outputs.steps,
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
  if (outputs.pulls.length > 0) out.push(...outputs.pulls, "");
  if (out.length > 0) ctx.stdout.write(`${out.join("\n")}\n`);
}

/** For --output json of a dry run: the checks a real run would stop on, if any. */
export function wouldStop(outputs: RunOutputs): { wouldStopAt?: "preflight"; failingChecks?: string[] } {
  return outputs.fatal.length > 0
    ? { wouldStopAt: "preflight", failingChecks: outputs.fatal.map((r) => r.id) }
    : {};
}

/** Dry run: every host-changing command the runner recorded, in order (secrets masked). */
export function printRecordedCommands(ctx: Context): void {
  if (!ctx.dryRun || ctx.node.runner.recorded.length === 0) return;
  ctx.stdout.write(`${t(ctx.lang, "init.recordedCommands")}:\n`);
  for (const c of ctx.node.runner.recorded) ctx.stdout.write(`  $ ${redactSecrets(c)}\n`);
}
