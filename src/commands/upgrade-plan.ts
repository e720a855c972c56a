import type { CommandRun } from "../cli/commands.js";
import { outputFormat } from "../cli/flag-values.js";
import { ExitCode, invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";
import { connect } from "../kube/connect.js";
import { ignoreGuardFlag, maxUnavailableFlag } from "../upgrade/flags.js";
import { gatherUpgradeFacts, readPlanInventory } from "../upgrade/gather.js";
import { parseTarget, planUpgrade } from "../upgrade/plan.js";
import { planJson, planText } from "../upgrade/plan-report.js";

/** `kadm-wizard upgrade plan [--to vX.Y.Z] [--output json]`: exit 0 allowed, 3 a guard fails. */
export const run: CommandRun<"upgrade"> = async (ctx, { flags, positionals }) => {
  if (positionals.length > 0) {
    throw invalidInput(
      t(ctx.lang, "cli.unexpectedArg", { value: positionals.join(" ") }),
      t(ctx.lang, "upgrade.usageHint"),
    );
  }
  // Input first: nothing is contacted for a command line that cannot be planned.
  const output = outputFormat(ctx, flags);
  const maxUnavailable = maxUnavailableFlag(ctx, flags);
  const ignoreGuards = ignoreGuardFlag(ctx, flags);
  const to = typeof flags.to === "string" ? flags.to : undefined;
  if (to !== undefined) parseTarget(to, ctx.lang);

  const inventory = await readPlanInventory(ctx, flags);
  const client = await connect(ctx, flags);
  const facts = await gatherUpgradeFacts(ctx, client, flags, inventory);

  const plan = planUpgrade(facts, to, { lang: ctx.lang, ignoreGuards, maxUnavailable });
  ctx.stdout.write(
    output === "json"
      ? planJson(plan, { server: client.server })
      : planText(plan, ctx.lang, { server: client.server, color: ctx.color && ctx.stdoutIsTTY }),
  );
  return plan.allowed ? ExitCode.ok : ExitCode.problemsFound;
};
