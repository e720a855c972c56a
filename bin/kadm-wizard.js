#!/usr/bin/env node
// Thin launcher, CommonJS on purpose (bin/package.json): Node starts a CommonJS entry faster than an
// ES module, and a plain --version/--help is answered here without loading the CLI at all.
"use strict";
const { readFileSync, writeSync } = require("node:fs");
const { join } = require("node:path");

// --version / --help from the texts the build precomputed (dist/fast.json). The language rule is
// detectLang's (src/i18n/lang.ts); a test keeps both answers identical to the CLI's.
const args = process.argv.slice(2);
const fastArg = args.length === 0 ? "--help" : args.length === 1 ? args[0] : undefined;
let answered = false;
if (fastArg === "--version" || fastArg === "-V" || fastArg === "--help" || fastArg === "-h") {
  let fast;
  try {
    fast = JSON.parse(readFileSync(join(__dirname, "..", "dist", "fast.json"), "utf8"));
  } catch {
    fast = undefined;
  }
  if (fast) {
    const env = process.env;
    const zh = (env.LC_ALL || env.LC_MESSAGES || env.LANG || "").toLowerCase().startsWith("zh");
    const version = fastArg === "--version" || fastArg === "-V";
    const text = version ? `kadm-wizard ${fast.version}\n` : fast.help[zh ? "zh" : "en"];
    // writeSync: creating process.stdout (a stream) costs more start-up time than the answer itself.
    try {
      writeSync(1, text);
    } catch (e) {
      // A non-blocking stdout that is full (EAGAIN): let the stream wait. A reader that is gone
      // (EPIPE, `--help | head -1`): nothing to write to, and no stack trace for it.
      if (e.code !== "EPIPE") process.stdout.write(text);
    }
    answered = true;
  }
}

if (!answered) {
  require("node:module").enableCompileCache?.();
  import("../dist/launch.js").then((m) => m.launch());
}
