/**
 * The pure core stays pure: biome.json lists the pure modules (one override) and forbids them I/O
 * imports and `process`. These tests prove the rule bites (a copy with a violation injected fails
 * `biome lint`) and close the gap a per-file lint leaves: a pure module must not reach an impure
 * one through a relative value import either (type-only imports are erased and allowed).
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIOME = join(ROOT, "node_modules/.bin/biome");

interface BiomeConfig {
  vcs?: unknown;
  overrides?: { includes?: string[]; linter?: { rules?: { style?: Record<string, unknown> } } }[];
}

function pureOverride(config: BiomeConfig) {
  const o = config.overrides?.find((x) => x.linter?.rules?.style?.noRestrictedImports !== undefined);
  if (!o?.includes) throw new Error("biome.json has no override with noRestrictedImports");
  return o.includes;
}

const config = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8")) as BiomeConfig;
const includes = pureOverride(config);

function allSourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) out.push(p);
    }
  };
  walk("src");
  return out;
}

/** The two glob shapes biome.json uses here: `dir/**` and an exact file. */
function matches(glob: string, file: string): boolean {
  return glob.endsWith("/**") ? file.startsWith(glob.slice(0, -2)) : file === glob;
}

const FILES = allSourceFiles();
const PURE = new Set(FILES.filter((f) => includes.some((g) => matches(g, f))));

/** Packages a pure module may use at run time: computation only. */
const ALLOWED_PACKAGES = new Set(["js-yaml", "node:crypto", "node:path", "node:url"]);

/** Value imports (static and dynamic) of a TypeScript source; `import type` and all-`type` lists are erased. */
function valueImports(source: string): string[] {
  const out: string[] = [];
  const re =
    /^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)"|^\s*import\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/gms;
  for (const m of source.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (spec === undefined) continue;
    if (m[1]) continue;
    const list = m[2] ? /^\{([^}]*)\}$/s.exec(m[2].trim()) : null;
    const names = list?.[1]
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (names && names.length > 0 && names.every((n) => n.startsWith("type "))) continue;
    out.push(spec);
  }
  return out;
}

function biomeLint(cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      BIOME,
      ["lint", "--reporter=json", "--max-diagnostics=none", "src"],
      { cwd, maxBuffer: 16 * 2 ** 20 },
      (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout }),
    );
  });
}

describe("pure modules", () => {
  const tmps: string[] = [];
  afterAll(async () => {
    for (const d of tmps) await rm(d, { recursive: true, force: true });
  });

  it("every entry of the pure list names existing modules", () => {
    for (const g of includes)
      expect(
        FILES.some((f) => matches(g, f)),
        g,
      ).toBe(true);
    expect(PURE.size).toBeGreaterThan(60);
  });

  it("reach only pure modules and computation-only packages through value imports", () => {
    const problems: string[] = [];
    for (const file of PURE) {
      for (const spec of valueImports(readFileSync(join(ROOT, file), "utf8"))) {
        if (spec.startsWith(".")) {
          const target = relative(ROOT, join(ROOT, dirname(file), spec)).replace(/\.js$/, ".ts");
          if (!PURE.has(target)) problems.push(`${file} imports ${target}, which is not in the pure list`);
        } else if (!ALLOWED_PACKAGES.has(spec)) {
          problems.push(`${file} imports ${spec}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("do not reach the process through globalThis either (biome's globals rule sees only the bare name)", () => {
    const found = [...PURE].filter((f) =>
      /\b(?:globalThis|global)\s*(?:\.\s*process\b|\[\s*["'`]process["'`]\s*\])/.test(
        readFileSync(join(ROOT, f), "utf8"),
      ),
    );
    expect(found).toEqual([]);
  });

  it("the import scanner sees static, dynamic and partly-typed imports but not type-only ones", () => {
    const seen = valueImports(
      [
        'import type { A } from "./a.js";',
        'import { type B, type C } from "./b.js";',
        'import { type D, e } from "./d.js";',
        'export { f } from "./f.js";',
        'import "./side.js";',
        'const x = await import("execa");',
      ].join("\n"),
    );
    expect(seen).toEqual(["./d.js", "./f.js", "./side.js", "execa"]);
  });

  it("biome fails a pure module that imports I/O or reads process, and only there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kadm-purity-"));
    tmps.push(dir);
    // The project's own config, without VCS integration (the temp dir is no git work tree).
    await writeFile(join(dir, "biome.json"), JSON.stringify({ ...config, vcs: undefined }));
    const forbidden = [
      'import { readFileSync } from "node:fs";',
      'import { readFile } from "fs/promises";',
      'import { spawn } from "node:child_process";',
      'import { createConnection } from "node:net";',
      'import { execa } from "execa";',
      'import type { Client } from "ssh2";',
      'import { KubeConfig } from "@kubernetes/client-node";',
      'import { Listr } from "listr2";',
      'import { select } from "@inquirer/prompts";',
    ];
    const use = [
      "export const probe = [readFileSync, readFile, spawn, createConnection, execa, KubeConfig, Listr, select];",
      "export type Probe = Client;",
      "export const home = process.env.HOME;",
      'export const lazy = () => import("execa");',
    ];
    const pureFile = "src/kubeadm/documents.ts";
    const shellFile = "src/host/runner.ts";
    expect(PURE.has(pureFile)).toBe(true);
    expect(PURE.has(shellFile)).toBe(false);
    const original = await readFile(join(ROOT, pureFile), "utf8");
    const injected = `${forbidden.join("\n")}\n${original}\n${use.join("\n")}\n`;
    for (const f of [pureFile, shellFile]) {
      await mkdir(join(dir, dirname(f)), { recursive: true });
      await writeFile(join(dir, f), injected);
    }
    const { code, out } = await biomeLint(dir);
    expect(code).not.toBe(0);
    const report = JSON.parse(out) as {
      diagnostics: { category: string; location: { path: string; start: { line: number } } }[];
    };
    const restricted = report.diagnostics.filter((d) => /noRestricted(Imports|Globals)/.test(d.category));
    expect(restricted.every((d) => d.location.path === pureFile)).toBe(true);
    const importLines = restricted
      .filter((d) => d.category.endsWith("noRestrictedImports"))
      .map((d) => d.location.start.line);
    // One diagnostic per forbidden import line, plus the dynamic import at the end.
    for (let line = 1; line <= forbidden.length; line++) expect(importLines).toContain(line);
    expect(importLines).toHaveLength(forbidden.length + 1);
    expect(restricted.filter((d) => d.category.endsWith("noRestrictedGlobals"))).toHaveLength(1);
  });
});
