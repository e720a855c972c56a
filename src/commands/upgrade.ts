/** `kadm-wizard upgrade <sub>`: one module per subcommand, loaded when used. */
import type { CommandRun } from "../cli/commands.js";
import { invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";

const SUBCOMMANDS: Record<string, () => Promise<{ run: CommandRun }>> = {
  apply: () => import("./upgrade-apply.js"),
  node: () => import("./upgrade-node.js"),
  rollback: () => import("./upgrade-rollback.js"),
};

export const run: CommandRun = async (ctx, { flags, positionals }) => {
  const [sub, ...rest] = positionals;
  const load = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!load || rest.length > 0) {
    throw invalidInput(
      t(ctx.lang, "rollout.usage", { value: positionals.join(" ") }),
      t(ctx.lang, "rollout.usageHint"),
    );
  }
  return (await load()).run(ctx, { flags, positionals: rest });
};
