import { writeSync } from "node:fs";
import { main } from "./cli.js";
import { killDetached, runningDetached } from "./host/runner.js";
import { detectLang } from "./i18n/lang.js";
import { t } from "./i18n/messages.js";

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
  // Ctrl-C (SIGINT) and `kill` / a service stop (SIGTERM) mean the same. The first: commands stop
  // at their next safe point (between host steps), say what they did and did not, exit 130. A
  // second: exit at once, killing the host commands still running in their own process group.
  const interrupt = new AbortController();
  const onSignal = () => {
    if (interrupt.signal.aborted) {
      killDetached();
      const i = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
      const flag = i < 0 ? undefined : argv[i]?.includes("=") ? argv[i]?.split("=")[1] : argv[i + 1];
      const lang = detectLang(flag, process.env);
      // Straight to fd 2: the progress renderer may hold process.stderr's writes until it ends.
      try {
        writeSync(2, `\n${t(lang, "interrupt.atOnce")}\n`);
      } catch {
        // No stderr to tell.
      }
      process.exit(130);
    }
    interrupt.abort(new Error("interrupted"));
    // Commands that never look at the signal (a plain config run) must still stop; but never while
    // a host command runs that is meant to finish (a long package install): wait for it.
    const fallback = () => {
      if (runningDetached() > 0) setTimeout(fallback, 250).unref();
      else process.exit(130);
    };
    setTimeout(fallback, 10_000).unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
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
