/**
 * One name for one thing: a name a module exports is declared by no other module, exported or not,
 * so `formatDuration` (or `CheckResult`, `ADMIN_CONF`, ...) always means the same thing and a
 * second copy of a constant cannot drift from the first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Names declared on purpose in many modules: every command module's entry point. */
const CONVENTIONS: Record<string, RegExp> = { run: /^src\/commands\// };

/**
 * Private helpers in files being reworked in parallel (issue 16).
 */
const PENDING = new Set(["src/ssh/ssh2-transport.ts sha256", "src/doctor/run.ts connect"]);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
  );
}

const DECL =
  /^(export\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|type|interface|class|enum)\s+([A-Za-z_$][\w$]*)/gm;

function declarations(): { file: string; name: string; exported: boolean }[] {
  return sources("src").flatMap((file) =>
    [...readFileSync(join(ROOT, file), "utf8").matchAll(DECL)].map((m) => ({
      file,
      name: m[2] as string,
      exported: m[1] !== undefined,
    })),
  );
}

describe("names", () => {
  it("an exported name is declared in one module only", () => {
    const decls = declarations();
    const exporters = new Set(decls.filter((d) => d.exported).map((d) => d.name));
    const clashes: string[] = [];
    for (const name of exporters) {
      const counted = decls.filter(
        (d) => d.name === name && !CONVENTIONS[name]?.test(d.file) && !PENDING.has(`${d.file} ${name}`),
      );
      const files = [...new Set(counted.map((d) => d.file))];
      if (files.length > 1) clashes.push(`${name}: ${files.join(", ")}`);
    }
    expect(clashes).toEqual([]);
  });

  it("the scanner sees exported and private top-level declarations", () => {
    const text = "export const A = 1;\nconst B = 2;\nexport async function c() {}\n  const inner = 3;\n";
    expect([...text.matchAll(DECL)].map((m) => `${m[1] ? "export " : ""}${m[2]}`)).toEqual([
      "export A",
      "B",
      "export c",
    ]);
  });
});
