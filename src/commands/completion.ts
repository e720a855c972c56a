import { COMMANDS, type CommandRun } from "../cli/commands.js";
import { completionScript, SHELLS, type Shell } from "../cli/completion.js";
import { GLOBAL_OPTIONS } from "../cli/options.js";
import { ExitCode, invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";

/** `kadm-wizard completion bash|zsh`: the script on stdout, descriptions in the user's language. */
export const run: CommandRun<"completion"> = async (ctx, { positionals }) => {
  const [shell, ...extra] = positionals;
  if (!shell || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell)) {
    throw invalidInput(
      t(ctx.lang, "completion.shell", { value: positionals.join(" ") }),
      t(ctx.lang, "completion.hint"),
    );
  }
  ctx.stdout.write(completionScript(shell as Shell, COMMANDS, GLOBAL_OPTIONS, ctx.lang));
  return ExitCode.ok;
};
