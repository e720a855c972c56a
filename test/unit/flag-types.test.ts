/**
 * The flags type of each command is derived from its options in the command table. These checks
 * are types: `npm run typecheck` compiles this file and fails when the derivation falls back to a
 * loose record (a misspelled flag would compile again) or gets a type wrong. The runtime part
 * holds the table to what parseArgs returns for the same options.
 */
import { parseArgs } from "node:util";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  allOptions,
  COMMAND_BY_NAME,
  COMMANDS,
  type CommandName,
  type CommandRun,
  type FlagsFor,
} from "../../src/cli/commands.js";
import { toParseArgsOptions } from "../../src/cli/options.js";

/** The commands whose flags type has a string index signature: a loose table (should be none). */
type Loose = { [N in CommandName]: string extends keyof FlagsFor<N> ? N : never }[CommandName];

describe("flags typed from the command table", () => {
  it("every command's flags are exactly its options (no loose record)", () => {
    // Fails ("not callable") naming no command when some command's options are typed `OptionDef[]`
    // (name: string): declare them with opt() / many() / specFlags() so their names stay literal.
    expectTypeOf<Loose>().toBeNever();
    expectTypeOf<CommandName>().toEqualTypeOf<(typeof COMMANDS)[number]["name"] & CommandName>();
  });

  it("booleans, strings and repeatable options get their own types", () => {
    expectTypeOf<FlagsFor<"init">["dry-run"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<FlagsFor<"init">["timeout"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FlagsFor<"init">["k8s-version"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FlagsFor<"init">["schedule-on-control-plane"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<FlagsFor<"init">["image-mirror"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<FlagsFor<"init">["workers"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<FlagsFor<"images">["candidate"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<FlagsFor<"doctor">["node"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<FlagsFor<"wait">["verbose"]>().toEqualTypeOf<boolean | undefined>();
    // What a command does not take is not in its flags: init's --workers skip --retry-failed.
    expectTypeOf<FlagsFor<"init">>().not.toHaveProperty("retry-failed");
    expectTypeOf<FlagsFor<"add-node">>().toHaveProperty("retry-failed");
    expectTypeOf<FlagsFor<"add-node">>().not.toHaveProperty("node-name");
    expectTypeOf<FlagsFor<"wait">>().not.toHaveProperty("dry-run");
  });

  it("a misspelled flag is a type error in a command's run", () => {
    const run: CommandRun<"init"> = async (_ctx, { flags }) => {
      // @ts-expect-error: init has --dry-run, not --dry-rnu
      const typo: unknown = flags["dry-rnu"];
      // @ts-expect-error: a boolean flag is not a string
      const asString: string | undefined = flags["skip-cni"];
      return typo === undefined && asString === undefined && flags["dry-run"] !== true ? 0 : 1;
    };
    expect(typeof run).toBe("function");
  });

  it("an unnamed CommandRun stays the loose record (new commands compile before they adopt)", () => {
    expectTypeOf<Parameters<CommandRun>[1]["flags"]>().toEqualTypeOf<Record<string, unknown>>();
  });

  // parseArgs is what fills the flags: a repeatable option gives a list, a boolean true, a string its text.
  it.each(COMMANDS.map((c) => c.name))("%s: parseArgs returns the types the table declares", (name) => {
    const cmd = COMMAND_BY_NAME.get(name) ?? expect.fail(name);
    const defs = allOptions(cmd);
    const args = defs.flatMap((d) => (d.type === "boolean" ? [`--${d.name}`] : [`--${d.name}=x`]));
    const { values } = parseArgs({ args, options: toParseArgsOptions(defs), strict: true });
    for (const d of defs) {
      const v = (values as Record<string, unknown>)[d.name];
      const one = d.type === "boolean" ? true : "x";
      expect(v, `--${d.name}`).toEqual(d.multiple ? [one] : one);
    }
  });
});
