import { PassThrough, type Readable, Transform, type Writable } from "node:stream";
import { redactSecrets } from "../kubeadm/secrets.js";

/** How one command is run. Host-changing commands say so (`changes: true`) so dry-run can skip them. */
export interface RunOptions {
  /** The command changes the host: in dry-run it is recorded, not run. */
  changes?: boolean;
  /** Milliseconds before the command is killed (SIGTERM, then SIGKILL after 5 s). Default 120 s. */
  timeoutMs?: number;
  input?: string;
  /** Extra environment on top of the runner's (which always has LC_ALL=C). */
  env?: Record<string, string>;
  /** Each output line as it arrives, already redacted (live progress, log files). */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Values to mask in anything logged, beyond the token/key patterns redacted everywhere. */
  secrets?: string[];
  /**
   * Kill the command when this aborts (kubeadm, pulls: safe to stop half-way). Without it the
   * command runs in its own process group, so a terminal's Ctrl-C (SIGINT to the whole foreground
   * group) reaches only kadm-wizard: a host change (swapoff, sysctl, a containerd restart) finishes
   * and the command stops before its next step.
   */
  signal?: AbortSignal;
  /**
   * The command's stdin as a byte stream (an image archive), instead of `input`. Read with
   * back-pressure, never held in memory whole. See pipeCommands.
   */
  stdinStream?: Readable;
  /** The command's stdout goes to this stream as bytes (then ended); `stdout` of the result is empty. */
  stdoutStream?: Writable;
}

export interface RunResult {
  /** The command line as logged: redacted, shell-quoted for reading (it is never run through a shell). */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** True when dry-run recorded the command instead of running it. */
  skipped: boolean;
  /** The binary was not found (exit code 127 by convention). */
  notFound: boolean;
  /** The signal that ended the command ("SIGINT"), when one did. */
  signal?: string | undefined;
}

/** The single way the tool runs anything on the host. argv arrays only, never a shell string. */
export interface Runner {
  readonly dryRun: boolean;
  run(argv: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** Commands dry-run recorded instead of running, in order. */
  readonly recorded: readonly string[];
}

/** Quotes an argument for display only. */
export function displayArg(a: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`;
}

export function displayCommand(argv: readonly string[], secrets: readonly string[] = []): string {
  return redact(argv.map(displayArg).join(" "), secrets);
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = redactSecrets(text);
  for (const s of secrets) if (s) out = out.replaceAll(s, "<redacted>");
  return out;
}

/**
 * A one-line reason for a failed command, for error messages: the last non-empty stderr line (where
 * tools put their error: `ctr images import` ends its stdout with "unpacking ..." progress and its
 * error on stderr), else the last of stdout.
 */
export function failureReason(r: RunResult): string {
  if (r.notFound) return "command not found";
  if (r.timedOut) return "timed out";
  if (r.signal) return `killed by ${r.signal}`;
  const last = (text: string) =>
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1);
  return last(r.stderr) ?? last(r.stdout) ?? `exit code ${r.exitCode}`;
}

/** A host-changing command in dry-run: recorded (and logged), not run; every Runner answers the same. */
export function recordDryRun(recorded: string[], command: string, log?: (line: string) => void): RunResult {
  recorded.push(command);
  log?.(`[dry-run] ${command}`);
  return { command, exitCode: 0, stdout: "", stderr: "", timedOut: false, skipped: true, notFound: false };
}

export interface ExecaRunnerOptions {
  dryRun?: boolean;
  /** Every command is reported here (redacted) before it runs or is skipped. */
  log?: (line: string) => void;
  defaultTimeoutMs?: number;
}

/**
 * Commands running in their own process group (see RunOptions.signal): nothing else would stop
 * them when kadm-wizard exits early (a second Ctrl-C), so their groups are killed on exit.
 */
const detachedChildren = new Set<number>();
let exitHookSet = false;

/** How many commands run in their own process group right now (the launcher waits for them). */
export function runningDetached(): number {
  return detachedChildren.size;
}

/** SIGKILL to every such command's process group: kadm-wizard is going away. Synchronous. */
export function killDetached(): void {
  for (const pid of detachedChildren) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  detachedChildren.clear();
}

/** The production runner: execa underneath, `LC_ALL=C` so output parsers see English. */
export function execaRunner(opts: ExecaRunnerOptions = {}): Runner {
  const recorded: string[] = [];
  const dryRun = opts.dryRun === true;
  return {
    dryRun,
    recorded,
    async run(argv, o = {}) {
      const [file, ...args] = argv;
      if (!file) throw new Error("empty command");
      const secrets = o.secrets ?? [];
      const command = displayCommand(argv, secrets);
      if (dryRun && o.changes) {
        return recordDryRun(recorded, command, opts.log);
      }
      opts.log?.(`$ ${command}`);
      const { execa } = await import("execa");
      const lines = (stream: "stdout" | "stderr") =>
        o.onLine
          ? function* (line: unknown) {
              o.onLine?.(redact(String(line), secrets), stream);
              yield line;
            }
          : undefined;
      const stdoutT = lines("stdout");
      const stderrT = lines("stderr");
      const detached = !o.signal;
      if (detached && !exitHookSet) {
        exitHookSet = true;
        process.once("exit", killDetached);
      }
      const sub = execa(file, args, {
        reject: false,
        env: { ...o.env, LC_ALL: "C", LANG: "C" },
        timeout: o.timeoutMs ?? opts.defaultTimeoutMs ?? 120_000,
        forceKillAfterDelay: 5_000,
        stripFinalNewline: false,
        ...(o.input !== undefined
          ? { input: o.input }
          : { stdin: o.stdinStream ? ("pipe" as const) : ("ignore" as const) }),
        ...(o.signal ? { cancelSignal: o.signal } : {}),
        ...(stdoutT && !o.stdoutStream ? { stdout: stdoutT } : {}),
        // Bytes for another command: not collected (an archive can be gigabytes).
        ...(o.stdoutStream ? { buffer: { stdout: false } } : {}),
        ...(stderrT ? { stderr: stderrT } : {}),
        // With line transforms execa returns arrays of lines; join them back.
        lines: false,
        detached,
      });
      if (o.stdinStream && sub.stdin) {
        // A command that exits before reading everything closes its stdin: not an error of ours.
        sub.stdin.on("error", () => {});
        o.stdinStream.pipe(sub.stdin);
      }
      if (o.stdoutStream && sub.stdout) sub.stdout.pipe(o.stdoutStream);
      const pid = detached ? sub.pid : undefined;
      if (pid !== undefined) detachedChildren.add(pid);
      const r = await sub.finally(() => {
        if (pid !== undefined) detachedChildren.delete(pid);
      });
      const text = (v: unknown) => (Array.isArray(v) ? v.join("\n") : String(v ?? ""));
      const notFound = (r as { code?: string }).code === "ENOENT";
      return {
        command,
        exitCode: notFound ? 127 : (r.exitCode ?? (r.timedOut ? 124 : 1)),
        stdout: text(r.stdout),
        stderr: text(r.stderr),
        timedOut: r.timedOut === true,
        skipped: false,
        notFound,
        ...(r.signal ? { signal: r.signal } : {}),
      };
    },
  };
}

/** One side of a pipeline: a command on some node's runner. */
export interface PipeEnd {
  runner: Runner;
  argv: readonly string[];
  opts?: Omit<RunOptions, "stdinStream" | "stdoutStream" | "input" | "signal">;
}

export interface PipeResult {
  from: RunResult;
  to: RunResult;
  /** Bytes that went from `from`'s stdout to `to`'s stdin. */
  bytes: number;
}

/**
 * `from | to` across two runners (this machine and a node over SSH, or any two): `from`'s stdout
 * is streamed into `to`'s stdin with back-pressure, nothing is written to a file on either side.
 * When one side fails the other is stopped (a half archive is useless). `onBytes` gets the running
 * count. In a dry run of `to`'s runner nothing runs: `to` is recorded (a pipe's target is the change).
 */
export async function pipeCommands(
  from: PipeEnd,
  to: PipeEnd,
  o: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
): Promise<PipeResult> {
  if (to.runner.dryRun) {
    const r = await to.runner.run(to.argv, { ...to.opts, changes: true });
    return { from: { ...r, command: displayCommand(from.argv) }, to: r, bytes: 0 };
  }
  const { stop, release } = linkedStop(o.signal);
  const counter = byteCounter(o.onBytes);
  const mid = new PassThrough();
  counter.pipe(mid);
  // A side stopped half-way leaves the streams with nobody reading or writing: errors are its result's.
  for (const s of [counter, mid]) s.on("error", () => {});
  const ended = (r: RunResult) => {
    if (r.exitCode !== 0 || r.timedOut) stop.abort(new Error(r.command));
    return r;
  };
  try {
    const [a, b] = await Promise.all([
      from.runner.run(from.argv, { ...from.opts, stdoutStream: counter, signal: stop.signal }).then(ended),
      to.runner.run(to.argv, { ...to.opts, stdinStream: mid, signal: stop.signal }).then((r) => {
        // The reader is gone: whatever `from` still writes has nowhere to go.
        if (!mid.writableEnded) mid.resume();
        return ended(r);
      }),
    ]);
    return { from: a, to: b, bytes: counter.bytes };
  } finally {
    release();
  }
}

/** A stop of our own (one side failed) that the caller's signal also triggers; release() unhooks it. */
function linkedStop(signal: AbortSignal | undefined): { stop: AbortController; release: () => void } {
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return { stop, release: () => signal?.removeEventListener("abort", onAbort) };
}

/** A pass-through that counts what goes through it. */
function byteCounter(onBytes?: (bytes: number) => void): Transform & { readonly bytes: number } {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      onBytes?.(bytes);
      done(null, chunk);
    },
  });
  return Object.defineProperty(counter, "bytes", { get: () => bytes }) as Transform & {
    readonly bytes: number;
  };
}

/**
 * `input | to`: a stream produced here (another command's output, replayed: see
 * util/replay-stream.ts) into a command's stdin with back-pressure. When `input` fails, `to` is
 * stopped (its result then carries the signal) and `inputError` says why; nothing is thrown. In
 * a dry run of `to`'s runner nothing runs: `to` is recorded.
 */
export async function pipeInto(
  input: Readable,
  to: PipeEnd,
  o: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
): Promise<{ to: RunResult; bytes: number; inputError?: Error }> {
  if (to.runner.dryRun) {
    input.destroy();
    return { to: await to.runner.run(to.argv, { ...to.opts, changes: true }), bytes: 0 };
  }
  const { stop, release } = linkedStop(o.signal);
  let inputError: Error | undefined;
  input.once("error", (e) => {
    inputError = e;
    stop.abort(e);
  });
  const counter = byteCounter(o.onBytes);
  counter.on("error", () => {});
  input.pipe(counter);
  try {
    const r = await to.runner.run(to.argv, { ...to.opts, stdinStream: counter, signal: stop.signal });
    return { to: r, bytes: counter.bytes, ...(inputError ? { inputError } : {}) };
  } finally {
    // The reader is gone: nothing more is read from `input`.
    input.unpipe(counter);
    input.destroy();
    release();
  }
}
