#!/usr/bin/env node
// Thin launcher: compile cache where available (Node >= 22.1), then the built CLI.
import module from "node:module";

module.enableCompileCache?.();
const { main } = await import("../dist/cli.js");
// First Ctrl-C: long steps stop cleanly and say where (exit 130); a second one exits at once.
const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort(new Error("interrupted"));
  // Commands that never look at the signal (a plain config run) must still stop.
  setTimeout(() => process.exit(130), 10_000).unref();
});
process.exitCode = await main(process.argv.slice(2), {
  signal: interrupt.signal,
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});
