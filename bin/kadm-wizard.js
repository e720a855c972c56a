#!/usr/bin/env node
// Thin launcher: compile cache where available (Node >= 22.1), then the built CLI.
import { readFileSync } from "node:fs";
import module from "node:module";

// `--version` / `--help` from the texts the build precomputed (dist/fast.json): no CLI module loads.
// The language rule is detectLang's (src/i18n/lang.ts); a test keeps both answers identical.
const args = process.argv.slice(2);
const fastArg = args.length === 0 ? "--help" : args.length === 1 ? args[0] : undefined;
let answered = false;
if (fastArg === "--version" || fastArg === "-V" || fastArg === "--help" || fastArg === "-h") {
  let fast;
  try {
    fast = JSON.parse(readFileSync(new URL("../dist/fast.json", import.meta.url), "utf8"));
  } catch {
    fast = undefined;
  }
  if (fast) {
    const env = process.env;
    const zh = (env.LC_ALL || env.LC_MESSAGES || env.LANG || "").toLowerCase().startsWith("zh");
    const version = fastArg === "--version" || fastArg === "-V";
    process.stdout.write(version ? `kadm-wizard ${fast.version}\n` : fast.help[zh ? "zh" : "en"]);
    answered = true;
  }
}

if (!answered) {
  module.enableCompileCache?.();
  const { launch } = await import("../dist/launch.js");
  await launch();
}
