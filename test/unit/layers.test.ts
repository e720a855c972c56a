/**
 * Layering: a command is one entry point of the CLI; what two commands share lives below them
 * (cli/flag-values.ts, wait/run.ts, kube/connect.ts, ...). A command importing another command
 * (even only a type, even re-exporting it) makes the commands a web again, so it is refused here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Context } from "../../src/context.js";

const COMMANDS_DIR = fileURLToPath(new URL("../../src/commands/", import.meta.url));

/** Every module specifier of a source: static imports, re-exports, side-effect and dynamic imports. */
function specifiers(source: string): string[] {
  const re = /\bfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm;
  return [...source.matchAll(re)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** The specifiers of a file in src/commands/ that resolve to another file in src/commands/. */
function commandImports(source: string): string[] {
  return specifiers(source).filter(
    (s) => (s.startsWith("./") && !s.slice(2).includes("/")) || /^\.\.\/commands\//.test(s),
  );
}

describe("commands/* never import other commands/*", () => {
  it("finds every way one command can reach another", () => {
    const sample = [
      'import { timeoutFlag } from "./wait.js";',
      'import type { X } from "./certs.js";',
      'export { restartTimeout } from "./certs.js";',
      'import "./init.js";',
      'const m = await import("./join.js");',
      'import { y } from "../commands/reset.js";',
      'import { ok } from "../cli/flag-values.js";',
      'import { ok2 } from "../wait/run.js";',
    ].join("\n");
    expect(commandImports(sample)).toEqual([
      "./wait.js",
      "./certs.js",
      "./certs.js",
      "./init.js",
      "./join.js",
      "../commands/reset.js",
    ]);
  });

  const files = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith(".ts"));
  it("scans the commands", () => expect(files.length).toBeGreaterThan(10));
  it.each(files)("%s", (file) => {
    expect(commandImports(readFileSync(join(COMMANDS_DIR, file), "utf8"))).toEqual([]);
  });
});

describe("the Context reaches this host only through ctx.node", () => {
  it("has no hostFs or runner beside node (npm run typecheck checks these)", () => {
    expectTypeOf<Context>().not.toHaveProperty("hostFs");
    expectTypeOf<Context>().not.toHaveProperty("runner");
    expectTypeOf<Context["node"]>().toHaveProperty("fs");
    expectTypeOf<Context["node"]>().toHaveProperty("runner");
  });
});
