/**
 * cli/subcommands.ts: a group runs the subcommand its first word names, with the rest of the
 * positionals, and refuses an option that belongs to a sibling (exit 2) before loading anything.
 */
import { describe, expect, it } from "vitest";
import { type SubcommandDef, subcommandGroup } from "../../src/cli/subcommands.js";
import type { Context } from "../../src/context.js";
import { KadmError } from "../../src/errors.js";

function group(loaded: string[]) {
  const sub = (name: string, options: string[]): SubcommandDef => ({
    name,
    options,
    load: async () => {
      loaded.push(name);
      return {
        run: async (_ctx, args) => (args.positionals.length === 0 ? 0 : 10 + args.positionals.length),
      };
    },
  });
  return subcommandGroup("upgrade", [sub("plan", ["to", "output"]), sub("apply", ["to", "max-unavailable"])]);
}

const ctx = { lang: "en" } as Context;

async function refusal(p: Promise<unknown>): Promise<KadmError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KadmError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("subcommandGroup", () => {
  it("runs the named subcommand with the remaining positionals and its own options", async () => {
    const loaded: string[] = [];
    const run = group(loaded);
    expect(await run(ctx, { flags: { to: "v1.34.10", lang: "zh" }, positionals: ["plan"] })).toBe(0);
    expect(await run(ctx, { flags: {}, positionals: ["apply", "x"] })).toBe(11);
    expect(loaded).toEqual(["plan", "apply"]);
  });

  it("refuses a sibling's option and an unknown subcommand (exit 2), loading nothing", async () => {
    const loaded: string[] = [];
    const run = group(loaded);
    const sibling = await refusal(run(ctx, { flags: { "max-unavailable": "2" }, positionals: ["plan"] }));
    expect(sibling.exitCode).toBe(2);
    expect(sibling.message).toBe("--max-unavailable is not an option of `upgrade plan`.");
    expect(sibling.hint).toContain("upgrade plan takes --to --output");
    const typo = await refusal(run(ctx, { flags: {}, positionals: ["aply"] }));
    expect(typo.message).toBe('unknown upgrade subcommand "aply"; known: plan, apply (apply?).');
    expect(loaded).toEqual([]);
  });
});
