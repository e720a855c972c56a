/**
 * A command made of subcommands that live in their own modules (`upgrade plan`, `upgrade apply`,
 * ...): the group's table entry parses the union of their options, and this runs the one named by
 * the first word, refusing options that belong to a sibling. Adding a subcommand is one entry.
 */
import { invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";
import { didYouMean } from "../util/did-you-mean.js";

/** A subcommand's run: the group's flags (typed by the group's table entry) and the words after its name. */
type SubcommandRun = (
  ctx: Parameters<CommandRun>[0],
  args: { flags: never; positionals: string[] },
) => Promise<number>;

import type { CommandRun } from "./commands.js";

export interface SubcommandDef<Name extends string = string> {
  name: string;
  /** The names of the group's options it takes (the group's table entry defines them all). */
  options: readonly Name[];
  load: () => Promise<{ run: SubcommandRun }>;
}

/** Options every subcommand takes (the group's global ones are parsed by cli.ts anyway). */
const ALWAYS = new Set(["lang", "verbose", "no-color", "help"]);

/** The group's CommandRun: dispatches on positionals[0]. */
export function subcommandGroup(group: string, subs: readonly SubcommandDef[]): CommandRun {
  return async (ctx, { flags, positionals }) => {
    const [word, ...rest] = positionals;
    const sub = subs.find((s) => s.name === word);
    const known = subs.map((s) => s.name);
    if (!sub) {
      const suggestion = word === undefined ? undefined : didYouMean(word, known);
      throw invalidInput(
        t(ctx.lang, "upgrade.usage", {
          value: word ?? "",
          known: suggestion ? `${known.join(", ")} (${suggestion}?)` : known.join(", "),
        }),
        t(ctx.lang, "upgrade.usageHint"),
      );
    }
    const own = new Set<string>(sub.options);
    for (const [name, value] of Object.entries(flags)) {
      if (value === undefined || ALWAYS.has(name) || own.has(name)) continue;
      throw invalidInput(
        t(ctx.lang, "upgrade.optionNotHere", { option: `--${name}`, sub: sub.name }),
        t(ctx.lang, "upgrade.optionNotHereHint", {
          sub: `${group} ${sub.name}`,
          options: sub.options.map((o) => `--${o}`).join(" "),
        }),
      );
    }
    const { run } = await sub.load();
    // The group parsed exactly its table's options, which is what the subcommand's run is typed for.
    return run(ctx, { flags: flags as never, positionals: rest });
  };
}
