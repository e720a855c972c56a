/**
 * The Runner of a node reached over SSH. Every command, the file helpers' included, becomes ONE
 * command line here (remoteCommand): argv quoted once, the environment set by `env` after `sudo -n`
 * (sudo resets the caller's), so what runs remotely is exactly the argv the step wrote.
 */
import { randomBytes } from "node:crypto";
import { KadmError } from "../errors.js";
import {
  displayCommand,
  type Runner,
  type RunOptions,
  type RunResult,
  recordDryRun,
  redact,
} from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { ENV_NAME, shArgv, sudoRefused } from "../ssh/shell.js";
import type { ExecOptions, ExecResult, SshSession } from "../ssh/transport.js";

export interface RemoteShellOptions {
  /** The login user: anyone but root runs everything through `sudo -n`. */
  user: string;
  /** Environment of every command on that node (the inventory's `env`, e.g. PATH). */
  env: Record<string, string>;
  lang: Lang;
}

/** The one place an argv becomes a remote command line. PURE. */
export function remoteCommand(
  argv: readonly string[],
  o: { user: string; env: Record<string, string> },
): string {
  const [file] = argv;
  if (!file) throw new Error("empty command");
  // env(1) would take "A=b" as an assignment and "-x" as its own option, not as the program.
  if (file.includes("=") || file.startsWith("-")) throw new Error(`not a program name: ${file}`);
  const env = { ...o.env, LC_ALL: "C", LANG: "C" };
  for (const k of Object.keys(env)) if (!ENV_NAME.test(k)) throw new Error(`invalid variable name: ${k}`);
  const words = [
    ...(o.user === "root" ? [] : ["sudo", "-n"]),
    "env",
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    ...argv,
  ];
  // exec: the remote process is the command itself, so a "signal" request reaches it (or sudo).
  return `exec ${shArgv(words)}`;
}

export type RemoteExec = (
  argv: readonly string[],
  o?: {
    stdin?: string | undefined;
    stdinStream?: ExecOptions["stdinStream"] | undefined;
    stdoutStream?: ExecOptions["stdoutStream"] | undefined;
    env?: Record<string, string> | undefined;
    onLine?: ((line: string, stream: "stdout" | "stderr") => void) | undefined;
    timeoutMs?: number | undefined;
    signal?: AbortSignal | undefined;
  },
) => Promise<ExecResult>;

/** The variable that marks every process of one remote command (see KILL_SCRIPT). */
export const RUN_ID_ENV = "KADM_WIZARD_RUN";

/**
 * Signals every process whose environment holds KADM_WIZARD_RUN=$2: the command and whatever it
 * started, also through sudo. Closing the channel would not do it (sshd keeps a session open until
 * its process exits, and sends no SIGHUP without a terminal), nor would an SSH "signal" request
 * alone (OpenSSH honours it only for some sessions, and it reaches sudo rather than the command).
 */
const KILL_SCRIPT = String.raw`for d in /proc/[0-9]*; do
  if tr '\0' '\n' <"$d/environ" 2>/dev/null | grep -qxF "$2"; then kill -s "$1" "$(basename "$d")" 2>/dev/null; fi
done
exit 0`;

/** Runs argv on the node; a sudo that refuses to run without a password is a KadmError. */
export function remoteExec(session: SshSession, o: RemoteShellOptions): RemoteExec {
  const kill = (signal: "TERM" | "KILL", id: string) =>
    session
      .exec(remoteCommand(["sh", "-c", KILL_SCRIPT, "kadm-kill", signal, `${RUN_ID_ENV}=${id}`], o), {
        timeoutMs: 30_000,
      })
      .catch(() => undefined);
  return async (argv, x = {}) => {
    const id = randomBytes(9).toString("base64url");
    const stop = new AbortController();
    let timedOut = false;
    let settled = false;
    const timer =
      x.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop.abort();
          }, x.timeoutMs)
        : undefined;
    const onAbort = () => stop.abort();
    if (x.signal?.aborted) onAbort();
    else x.signal?.addEventListener("abort", onAbort, { once: true });
    // SIGTERM, then SIGKILL when it is still running 5 s later: what execaRunner does locally.
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    stop.signal.addEventListener(
      "abort",
      () => {
        void kill("TERM", id);
        killTimer = setTimeout(() => {
          if (!settled) void kill("KILL", id);
        }, 5_000);
      },
      { once: true },
    );
    const env = { ...o.env, ...x.env, [RUN_ID_ENV]: id };
    let r: ExecResult;
    try {
      r = await session.exec(remoteCommand(argv, { user: o.user, env }), {
        ...(x.stdin !== undefined ? { stdin: x.stdin } : {}),
        ...(x.stdinStream ? { stdinStream: x.stdinStream } : {}),
        ...(x.stdoutStream ? { stdoutStream: x.stdoutStream } : {}),
        ...(x.onLine ? { onLine: x.onLine } : {}),
        signal: stop.signal,
        settleOnAbort: true,
      });
    } finally {
      settled = true;
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      x.signal?.removeEventListener("abort", onAbort);
    }
    if (o.user !== "root" && (r.exitCode === 1 || r.exitCode === 127) && sudoRefused(r.stderr)) {
      throw new KadmError(t(o.lang, "ssh.sudoRefused", { user: o.user }));
    }
    return { ...r, timedOut: r.timedOut || timedOut };
  };
}

export interface SshRunnerOptions {
  dryRun: boolean;
  /** Every command is reported here (redacted) before it runs or is skipped. */
  log?: ((line: string) => void) | undefined;
  defaultTimeoutMs?: number;
}

/** The Runner contract (host/runner.ts) over an exec channel, results shaped as execaRunner's. */
export function sshRunner(exec: RemoteExec, opts: SshRunnerOptions): Runner {
  const recorded: string[] = [];
  const dryRun = opts.dryRun;
  return {
    dryRun,
    recorded,
    async run(argv: readonly string[], o: RunOptions = {}): Promise<RunResult> {
      if (!argv[0]) throw new Error("empty command");
      const secrets = o.secrets ?? [];
      const command = displayCommand(argv, secrets);
      if (dryRun && o.changes) {
        return recordDryRun(recorded, command, opts.log);
      }
      opts.log?.(`$ ${command}`);
      const onLine = o.onLine;
      const r = await exec(argv, {
        stdin: o.input,
        stdinStream: o.stdinStream,
        stdoutStream: o.stdoutStream,
        env: o.env,
        onLine: onLine ? (line, stream) => onLine(redact(line, secrets), stream) : undefined,
        timeoutMs: o.timeoutMs ?? opts.defaultTimeoutMs ?? 120_000,
        signal: o.signal,
      });
      // env(1) exits 127 when the program is not there, as a local spawn's ENOENT is mapped.
      const notFound = r.exitCode === 127;
      return {
        command,
        // No exit status (killed by a signal): the numbers execaRunner gives.
        exitCode: r.exitCode >= 0 ? r.exitCode : r.timedOut ? 124 : 1,
        stdout: r.stdout,
        stderr: r.stderr,
        timedOut: r.timedOut,
        skipped: false,
        notFound,
        ...(r.signal ? { signal: r.signal } : {}),
      };
    },
  };
}
