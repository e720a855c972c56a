#!/usr/bin/env node
/**
 * Builds the single-file bundles exactly as scripts/bundle.mjs does, plus one plugin: every bundled
 * module records its path in globalThis.__kadmTrace when its body is evaluated. lazy.test.ts runs
 * them to see which dependencies `--version` and `--help` really evaluate.
 *
 *   node test/release/trace-bundle.mjs OUTDIR     -> OUTDIR/traced.mjs, OUTDIR/traced.cjs
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { bundleOptions } from "../../scripts/bundle.mjs";

const outDir = process.argv[2];
if (!outDir) throw new Error("usage: trace-bundle.mjs OUTDIR");

const tracePlugin = {
  name: "trace",
  setup(b) {
    b.onLoad({ filter: /\.(m?js|cjs|ts)$/ }, (args) => {
      let src = readFileSync(args.path, "utf8");
      let hashbang = "";
      if (src.startsWith("#!")) {
        hashbang = src.slice(0, src.indexOf("\n") + 1);
        src = src.slice(hashbang.length);
      }
      const mark = `;(globalThis.__kadmTrace ??= []).push(${JSON.stringify(args.path)});\n`;
      return { contents: hashbang + mark + src, loader: args.path.endsWith(".ts") ? "ts" : "js" };
    });
  },
};

for (const [format, file] of [
  ["esm", "traced.mjs"],
  ["cjs", "traced.cjs"],
]) {
  await build({ ...bundleOptions(format), outfile: join(outDir, file), plugins: [tracePlugin] });
}
