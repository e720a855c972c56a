/**
 * Start-up stays light: `--version` and `--help` must not evaluate the heavy dependencies, in the
 * source build (module hooks see every resolved module) and in the single-file bundles (a traced
 * build of the same esbuild options records every module body that runs). Each case also runs
 * `config`, which does load js-yaml, so a broken trace cannot pass silently.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const HERE = join(ROOT, "test", "release");
const HEAVY = [
  "@kubernetes/client-node",
  "listr2",
  "@inquirer/prompts",
  "@inquirer/core",
  "execa",
  "js-yaml",
  "ssh2",
];
/** What the Context's kube and ssh ports load on first use only (src/ports.ts). */
const PORT_ADAPTERS = ["@kubernetes/client-node", "ssh2"];
const CONFIG = ["config", "--k8s-version", "v1.33.2", "--advertise-address", "192.0.2.10", "--yes"];
const LIGHT_RUNS = [["--version"], ["--help"], ["config", "--help"], ["--lang", "zh", "init", "--help"]].map(
  (args) => [args.join(" "), args] as const,
);

const heavyIn = (paths: string[]) =>
  HEAVY.filter((pkg) => paths.some((p) => p.includes(`/node_modules/${pkg}/`)));

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kadm-lazy-"));
  await execa(process.execPath, [join(HERE, "trace-bundle.mjs"), dir], { cwd: ROOT });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function traced(nodeArgs: string[], args: readonly string[]): Promise<string[]> {
  const file = join(dir, "trace.txt");
  rmSync(file, { force: true });
  const r = await execa(process.execPath, [...nodeArgs, ...args], {
    cwd: dir,
    reject: false,
    env: { KADM_TRACE_FILE: file, LANG: "C", CI: "1" },
    extendEnv: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  return readFileSync(file, "utf8").split("\n").filter(Boolean);
}

describe("source build (bin/kadm-wizard.js)", () => {
  const node = ["--import", join(HERE, "trace-register.mjs"), join(ROOT, "bin", "kadm-wizard.js")];

  it.each(LIGHT_RUNS)("%s loads none of the heavy dependencies", async (_name, args) => {
    const loaded = await traced(node, args);
    // Plain --version/--help are answered from dist/fast.json by the launcher: not even the CLI loads.
    const fast = args.length === 1;
    expect(loaded.some((u) => u.endsWith("/dist/cli.js"))).toBe(!fast);
    if (fast) expect(loaded.some((u) => u.endsWith("/bin/kadm-wizard.js"))).toBe(true);
    expect(heavyIn(loaded)).toEqual([]);
  });

  it("config loads js-yaml (the trace sees dependencies)", async () => {
    expect(heavyIn(await traced(node, CONFIG))).toContain("js-yaml");
  });

  it("config builds the whole Context, yet loads neither the kube nor the ssh adapter", async () => {
    const loaded = await traced(node, CONFIG);
    expect(loaded.some((u) => u.endsWith("/dist/ports.js"))).toBe(true);
    expect(loaded.some((u) => /\/dist\/(kube\/client-node|ssh\/ssh2-transport)\.js$/.test(u))).toBe(false);
    expect(heavyIn(loaded).filter((p) => PORT_ADAPTERS.includes(p))).toEqual([]);
  });
});

describe.each([["traced.mjs"], ["traced.cjs"]])("single-file bundle (%s)", (file) => {
  const node = () => ["--import", join(HERE, "trace-report.mjs"), join(dir, file)];

  it.each(LIGHT_RUNS)("%s evaluates none of the heavy dependencies", async (_name, args) => {
    const evaluated = await traced(node(), args);
    // Plain --version/--help are answered by src/fast-answer.ts from embedded text: not even the CLI.
    const fast = args.length === 1;
    expect(evaluated.some((p) => p.endsWith("/src/cli.ts"))).toBe(!fast);
    if (fast) expect(evaluated.some((p) => p.endsWith("/src/fast-answer.ts"))).toBe(true);
    expect(heavyIn(evaluated)).toEqual([]);
  });

  it("config evaluates js-yaml, and no command module it does not run", async () => {
    const evaluated = await traced(node(), CONFIG);
    expect(heavyIn(evaluated)).toContain("js-yaml");
    expect(evaluated.some((p) => p.endsWith("/src/commands/config.ts"))).toBe(true);
    expect(evaluated.some((p) => p.endsWith("/src/commands/init.ts"))).toBe(false);
    // The Context's ports are built, their heavy adapters are not evaluated.
    expect(evaluated.some((p) => p.endsWith("/src/ports.ts"))).toBe(true);
    expect(evaluated.some((p) => /\/src\/(kube\/client-node|ssh\/ssh2-transport)\.ts$/.test(p))).toBe(false);
    expect(heavyIn(evaluated).filter((p) => PORT_ADAPTERS.includes(p))).toEqual([]);
  });
});
