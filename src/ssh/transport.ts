import type { Duplex, Readable, Writable } from "node:stream";

/**
 * The SSH port: the only way kadm-wizard reaches other hosts. Commands get a session per host and
 * run shell scripts in it; the ssh2 adapter (ssh2-transport.ts) implements it, tests may fake it.
 */
import { classifyNetError } from "../diagnose/transport.js";

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  /** PEM/OpenSSH private key text (never logged). */
  privateKey?: string | undefined;
  /** For an encrypted private key (never logged). */
  passphrase?: string | undefined;
  password?: string | undefined;
  /** ssh-agent socket (SSH_AUTH_SOCK). */
  agent?: string | undefined;
}

export interface ExecOptions {
  /** Written to the command's stdin, then closed (scripts arrive this way: never on argv). */
  stdin?: string;
  /** Streamed to the command's stdin instead (with back-pressure), then closed: image archives. */
  stdinStream?: Readable;
  /** The command's stdout as bytes goes here (then ended) instead of into `stdout`/`onLine`. */
  stdoutStream?: Writable;
  /** Every complete output line as it arrives. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Milliseconds before the channel is closed and the run fails. */
  timeoutMs?: number;
  /**
   * Stops the command: the remote process gets SIGTERM (an SSH "signal" request), then SIGKILL and
   * the channel is closed when it has not exited after `killAfterMs`. exec rejects with the reason
   * at once, unless `settleOnAbort`: then it resolves with what the command printed and how it ended.
   */
  signal?: AbortSignal;
  settleOnAbort?: boolean;
  /** Milliseconds between SIGTERM and SIGKILL on a timeout or abort (default 5000). */
  killAfterMs?: number;
}

export interface ExecResult {
  /** The remote exit code; -1 when the channel closed without one (killed, timed out). */
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The signal that ended the remote command ("SIGTERM"), when the server reported one. */
  signal?: string | undefined;
}

/**
 * A connection opened from the remote host (OpenSSH's direct-streamlocal / direct-tcpip channels),
 * then closed at once: the probes of a node reached over SSH. `message` is the server's reason.
 */
export type ForwardResult = { ok: true } | { ok: false; timedOut: boolean; message: string };

export interface SshSession {
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Connect, as the login user, from the remote host to its unix socket `path`. */
  connectUnix(path: string, timeoutMs: number): Promise<ForwardResult>;
  /** Connect from the remote host to host:port over TCP. */
  connectTcp(host: string, port: number, timeoutMs: number): Promise<ForwardResult>;
  /**
   * A TCP stream from the remote host to host:port, left open for the caller (doctor's /healthz
   * GETs to the node's own 127.0.0.1). Rejects with the server's reason.
   */
  openTcp(host: string, port: number, timeoutMs: number): Promise<Duplex>;
  close(): void;
}

export interface SshTransport {
  connect(target: SshTarget, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<SshSession>;
}

export type SshErrorReason =
  | "host-key-changed"
  | "host-key-unknown"
  | "host-key-revoked"
  | "auth"
  | "refused"
  | "timeout"
  | "unreachable"
  | "other";

/** A connection failure, classified so the CLI can say what to do. */
export class SshError extends Error {
  constructor(
    readonly reason: SshErrorReason,
    message: string,
    /** Host-key failures: the offered key's type and fingerprint, the known_hosts file and line. */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = "SshError";
  }
}

/**
 * Maps a socket/ssh2 error to a reason. PURE. The socket part is the one network classifier's
 * (diagnose/transport.ts); ssh2's own words (handshake timeout, failed authentication) are a layer
 * on top.
 */
export function classifyConnectError(e: { message?: string; code?: string; level?: string }): SshErrorReason {
  const msg = e.message ?? "";
  const cause = classifyNetError(e).cause;
  if (cause === "refused") return "refused";
  if (cause === "timeout" || /timed out/i.test(msg)) return "timeout";
  if (cause === "no-route" || cause === "dns") return "unreachable";
  if (e.level === "client-authentication" || /authentication methods failed/i.test(msg)) return "auth";
  return "other";
}
