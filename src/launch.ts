import { main } from "./cli.js";

/**
 * A reader that went away (`kadm-wizard images list | head -1`) makes the next write fail with EPIPE,
 * which Node reports as an unhandled 'error' event: a stack trace and exit 1. Like a command killed by
 * SIGPIPE, we just stop writing there; the command itself runs to its end (never abandon kubeadm
 * half-way because a `| head` closed) and exits with its own code. Anything else is still thrown.
 */
function ignoreBrokenPipe(stream: NodeJS.WritableStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
}

/**
 * The process around `main`: real streams, exit code, Ctrl-C. Shared by bin/kadm-wizard.js and the
 * single-file builds (src/standalone.ts) so they behave the same.
 */
export async function launch(argv: string[] = process.argv.slice(2)): Promise<void> {
  ignoreBrokenPipe(process.stdout);
  ignoreBrokenPipe(process.stderr);
  // First Ctrl-C: long steps stop cleanly and say where (exit 130); a second one exits at once.
  const interrupt = new AbortController();
  process.on("SIGINT", () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort(new Error("interrupted"));
    // Commands that never look at the signal (a plain config run) must still stop.
    setTimeout(() => process.exit(130), 10_000).unref();
  });
  process.exitCode = await main(argv, {
    signal: interrupt.signal,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  });
}
