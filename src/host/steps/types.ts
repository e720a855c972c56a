import { KadmError } from "../../errors.js";
import type { Lang } from "../../i18n/lang.js";
import { type Msg, render, t } from "../../i18n/messages.js";
import type { FileChange, HostFs } from "../host-fs.js";
import { failureReason, type Runner, type RunResult } from "../runner.js";

/** What one host-preparation step did: the unit of the changed/unchanged report. */
export interface StepResult {
  id: string;
  title: Msg;
  /** "changed" also when dry-run only planned the change. */
  status: "changed" | "unchanged";
  files: FileChange[];
  /** Host-changing commands run (or, in dry-run, recorded). */
  commands: string[];
  /** Already localised remarks for the report. */
  notes: string[];
}

export interface StepEnv {
  fs: HostFs;
  runner: Runner;
  lang: Lang;
}

/** Runs a host-changing command; a failure stops the step with the command, its reason and a fix. */
export async function runChange(env: StepEnv, argv: string[], hint: Msg): Promise<RunResult> {
  const r = await env.runner.run(argv, { changes: true });
  if (r.exitCode !== 0) {
    throw new KadmError(t(env.lang, "step.commandFailed", { command: r.command, reason: failureReason(r) }), {
      hint: render(env.lang, hint),
    });
  }
  return r;
}

export function stepResult(
  id: string,
  title: Msg,
  files: FileChange[],
  commands: string[],
  notes: string[] = [],
): StepResult {
  const changed = files.some((f) => f.changed) || commands.length > 0;
  return { id, title, status: changed ? "changed" : "unchanged", files, commands, notes };
}

/** How a step's outcome reads in reports: changed, would change (dry run) or unchanged. */
export function changeStatus(lang: Lang, changed: boolean, dryRun: boolean): string {
  return t(lang, changed ? (dryRun ? "prepare.wouldChange" : "prepare.changed") : "prepare.unchanged");
}
