import type { CommandRun } from "../cli/commands.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { type PreflightRole, renderPreflight, summarizePreflight } from "../host/preflight/index.js";
import { planPreparation } from "../host/prepare.js";
import { changeStatus, type StepResult } from "../host/steps/types.js";
import { render, t } from "../i18n/messages.js";
import { gatherSpec } from "../spec/gather.js";
import { Interrupted, runHostTasks } from "../tasks/host-tasks.js";
import { renderSteps } from "../workflow/report.js";
import { dryRunWouldFail, preflightFor, unrepairable } from "../workflow/steps/preflight.js";

const ROLES: readonly PreflightRole[] = ["control-plane", "worker"];

/** `kadm-wizard prepare`: preflight, then every host step, idempotently; the same steps init/join run. */
export const run: CommandRun<"prepare"> = async (ctx, { flags }) => {
  const role = (flags.role ?? "control-plane") as PreflightRole;
  if (!ROLES.includes(role)) {
    throw invalidInput(t(ctx.lang, "prepare.badRole", { value: role }), t(ctx.lang, "prepare.badRoleHint"));
  }
  const { spec, warnings } = await gatherSpec(ctx, {
    mode: "init",
    flags,
    hostIsTarget: true,
    confirm: false,
    purpose: "host",
  });
  for (const w of warnings) ctx.warn(w);

  const before = await preflightFor(ctx.node, spec, role, ctx.kubeadmPath);
  ctx.stdout.write(`${t(ctx.lang, "prepare.preflight")}:\n${renderPreflight(before, ctx.lang)}\n\n`);

  const env = { fs: ctx.node.fs, runner: ctx.node.runner, lang: ctx.lang };
  const steps = planPreparation(env, spec, { installPackages: flags["install-packages"] === true });
  const results: StepResult[] = [];
  let current = "";
  const report = () => `${t(ctx.lang, "prepare.steps")}:\n${renderSteps(results, ctx)}`;
  try {
    await runHostTasks(
      ctx,
      steps.map((s) => ({
        title: render(ctx.lang, s.title),
        run: async () => {
          current = render(ctx.lang, s.title);
          const r = await s.run();
          results.push(r);
          return `${render(ctx.lang, s.title)}: ${changeStatus(ctx.lang, r.status === "changed", ctx.dryRun)}`;
        },
      })),
      { again: "kadm-wizard prepare", report: () => (results.length > 0 ? report() : "") },
    );
  } catch (e) {
    if (e instanceof Interrupted) throw e;
    if (results.length > 0) ctx.stdout.write(`${report()}\n\n`);
    if (e instanceof KadmError) {
      throw new KadmError(e.message, {
        exitCode: e.exitCode,
        hint: e.hint ?? "",
        cause: e,
        more: [{ message: t(ctx.lang, "prepare.stepFailed", { step: current }) }],
      });
    }
    throw e;
  }
  ctx.stdout.write(`${t(ctx.lang, "prepare.steps")}:\n${renderSteps(results, ctx)}\n\n`);

  if (ctx.dryRun) {
    // What preparation cannot repair would still fail after a real run: a warning, not "apply".
    const installPackages = flags["install-packages"] === true;
    const fatal = unrepairable(before, { skipPrep: false, installPackages });
    if (fatal.length > 0)
      ctx.warn(dryRunWouldFail(ctx.lang, fatal, { skipPrep: false, installPackages }, "prepare"));
    else ctx.stdout.write(`${t(ctx.lang, "prepare.dryRunDone")}\n`);
    return ExitCode.ok;
  }
  const after = await preflightFor(ctx.node, spec, role, ctx.kubeadmPath);
  const summary = summarizePreflight(after);
  if (summary.failed > 0) {
    ctx.stdout.write(`${t(ctx.lang, "prepare.remaining", { failed: summary.failed })}\n`);
    ctx.stdout.write(
      `${renderPreflight(
        after.filter((r) => r.status === "fail"),
        ctx.lang,
      )}\n`,
    );
    return ExitCode.failed;
  }
  ctx.stdout.write(`${t(ctx.lang, "prepare.ready", { warned: summary.warned })}\n`);
  return ExitCode.ok;
};
