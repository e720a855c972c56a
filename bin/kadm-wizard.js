#!/usr/bin/env node
// Thin launcher: compile cache where available (Node >= 22.1), then the built CLI.
import module from "node:module";

module.enableCompileCache?.();
const { main } = await import("../dist/cli.js");
process.on("SIGINT", () => process.exit(130));
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});
