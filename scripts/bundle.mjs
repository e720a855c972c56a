#!/usr/bin/env node
/**
 * Single-file builds with esbuild, straight from src/ (no tsc output needed):
 *   dist/kadm-wizard.mjs      ESM, runs on a bare Node.js >= 20.19 with no node_modules
 *   dist/sea/kadm-wizard.cjs  CommonJS, the main script of the single executable (scripts/sea.mjs)
 * The version and profiles/*.yaml are embedded (src/embedded.ts). Dynamic import()s of bundled
 * modules stay lazy: esbuild wraps their targets in init functions that run on first import(), so
 * `--version` and `--help` still evaluate none of the heavy dependencies (test/release/lazy.test.ts).
 *
 *   node scripts/bundle.mjs
 */
import { chmodSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE_ESM = join(ROOT, "dist", "kadm-wizard.mjs");
export const BUNDLE_CJS = join(ROOT, "dist", "sea", "kadm-wizard.cjs");

function embedded() {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const dir = join(ROOT, "profiles");
  const profiles = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => [f.slice(0, -".yaml".length), readFileSync(join(dir, f), "utf8")]),
  );
  // --version/--help answered before the CLI is evaluated (src/fast-answer.ts); written by fast-paths.mjs.
  const fastFile = join(ROOT, "dist", "fast.json");
  const help = existsSync(fastFile) ? JSON.parse(readFileSync(fastFile, "utf8")).help : undefined;
  return { version: pkg.version, profiles, ...(help ? { help } : {}) };
}

/**
 * esbuild options for one format; tests add a plugin to the same options to see what gets evaluated.
 * @param {"esm" | "cjs"} format
 * @returns {import("esbuild").BuildOptions}
 */
export function bundleOptions(format) {
  const esm = format === "esm";
  return {
    entryPoints: [join(ROOT, "src", "standalone.ts")],
    outfile: esm ? BUNDLE_ESM : BUNDLE_CJS,
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format,
    target: "node20.19",
    // Some dependencies prefer their ESM entry ("module"); either works, ESM shakes better.
    mainFields: ["module", "main"],
    legalComments: "none",
    minify: true,
    // Keep function and class names: error names (ExitPromptError ...) are compared at run time.
    keepNames: true,
    logLevel: "warning",
    // Optional native addons (ssh2's crypto binding, cpu-features) stay out: their require() is inside
    // try/catch and ssh2 falls back to Node's own crypto, as it does when they were never built.
    external: ["*.node"],
    define: {
      __KADM_EMBEDDED__: JSON.stringify(embedded()),
      // CommonJS has no import.meta; its one use (src/paths.ts) only matters without __KADM_EMBEDDED__.
      ...(esm ? {} : { "import.meta.url": "__kadm_import_meta_url" }),
    },
    banner: {
      js: esm
        ? // Bundled CommonJS dependencies call require() for Node built-ins; ESM output has none.
          '#!/usr/bin/env node\nimport { createRequire as __kadmCreateRequire } from "node:module";\nconst require = __kadmCreateRequire(import.meta.url);'
        : 'const __kadm_import_meta_url = require("node:url").pathToFileURL(__filename).href;',
    },
  };
}

export async function bundle(format) {
  return build(bundleOptions(format));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await Promise.all([bundle("esm"), bundle("cjs")]);
  // Runnable as ./kadm-wizard.mjs once copied (the banner has the #! line).
  chmodSync(BUNDLE_ESM, 0o755);
}
