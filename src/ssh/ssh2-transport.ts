/**
 * The SSH port over ssh2 (pure JavaScript, loaded lazily). Host keys are always verified against
 * known_hosts: a known key passes, a changed or revoked one is refused, an unknown one is refused
 * unless `acceptNew` (trust on first use), which appends it. There is no way to turn checking off.
 */
import { createHash } from "node:crypto";
import type { Duplex } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { Files } from "../host/files.js";
import {
  appendLine,
  checkHostKey,
  fingerprint,
  type HostKeyVerdict,
  keyTypeOf,
  knownHostsLine,
} from "./known-hosts.js";
import {
  classifyConnectError,
  type ExecOptions,
  type ExecResult,
  type ForwardResult,
  SshError,
  type SshSession,
  type SshTransport,
} from "./transport.js";

export interface HostKeyPolicy {
  /** The known_hosts file (read on every connection, appended to with acceptNew). */
  knownHostsPath: string;
  acceptNew: boolean;
  files: Files;
}

async function readOrEmpty(files: Files, path: string): Promise<string> {
  try {
    return await files.readText(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw e;
  }
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest();

export function ssh2Transport(policy: HostKeyPolicy): SshTransport {
  // Appends are serialised: parallel first connections must not lose each other's lines.
  let appending: Promise<unknown> = Promise.resolve();
  const accept = (line: string) => {
    const next = appending.then(async () => {
      const text = await readOrEmpty(policy.files, policy.knownHostsPath);
      await policy.files.writeAtomic(policy.knownHostsPath, appendLine(text, line), 0o600);
    });
    appending = next.catch(() => {});
    return next;
  };

  return {
    async connect(target, opts = {}) {
      const mod = (await import("ssh2")) as unknown as {
        default?: typeof import("ssh2");
      } & typeof import("ssh2");
      const { Client } = mod.default ?? mod;
      const client = new Client();
      let refusal: SshError | undefined;
      const verify = async (key: Buffer): Promise<boolean> => {
        const type = keyTypeOf(key);
        const b64 = key.toString("base64");
        const fp = fingerprint(b64, sha256);
        const details = {
          host: target.host,
          port: target.port,
          type,
          fingerprint: fp,
          file: policy.knownHostsPath,
        };
        const text = await readOrEmpty(policy.files, policy.knownHostsPath);
        const v: HostKeyVerdict = checkHostKey(text, target.host, target.port, type, b64);
        if (v.status === "known") return true;
        if (v.status === "changed") {
          refusal = new SshError("host-key-changed", `host key for ${target.host} changed`, {
            ...details,
            line: v.line,
          });
          return false;
        }
        if (v.status === "revoked") {
          refusal = new SshError("host-key-revoked", `host key for ${target.host} is revoked`, {
            ...details,
            line: v.line,
          });
          return false;
        }
        if (!policy.acceptNew) {
          refusal = new SshError("host-key-unknown", `host key for ${target.host} is not known`, {
            ...details,
            others: v.otherTypes.join(","),
          });
          return false;
        }
        await accept(knownHostsLine(target.host, target.port, type, b64));
        return true;
      };
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          client.end();
          reject(opts.signal?.reason ?? new Error("aborted"));
        };
        opts.signal?.addEventListener("abort", onAbort, { once: true });
        client.once("ready", () => {
          // Small request/response exchanges: without this, Nagle + delayed ACKs add ~200 ms per script.
          client.setNoDelay(true);
          opts.signal?.removeEventListener("abort", onAbort);
          resolve();
        });
        client.once("error", (e: Error & { code?: string; level?: string }) => {
          opts.signal?.removeEventListener("abort", onAbort);
          client.end();
          if (refusal) reject(refusal);
          else
            reject(
              new SshError(classifyConnectError(e), e.message, { host: target.host, port: target.port }),
            );
        });
        client.connect({
          host: target.host,
          port: target.port,
          username: target.user,
          readyTimeout: opts.timeoutMs ?? 20_000,
          keepaliveInterval: 15_000,
          ...(target.privateKey ? { privateKey: target.privateKey } : {}),
          ...(target.passphrase ? { passphrase: target.passphrase } : {}),
          ...(target.password ? { password: target.password } : {}),
          ...(target.agent ? { agent: target.agent } : {}),
          hostVerifier: (key: Buffer, done: (ok: boolean) => void) => {
            verify(key).then(done, (e) => {
              refusal = new SshError("other", `known_hosts: ${(e as Error).message}`);
              done(false);
            });
          },
        });
      });
      return session(client);
    },
  };
}

type Ssh2Client = InstanceType<typeof import("ssh2").Client>;
type Ssh2Channel = import("ssh2").ClientChannel;

function session(client: Ssh2Client): SshSession {
  /** Opens a forwarding channel, then closes it: only whether the remote side could connect counts. */
  const forward = (
    open: (cb: (err: Error | undefined, ch: Ssh2Channel) => void) => void,
    timeoutMs: number,
  ) =>
    new Promise<ForwardResult>((resolve) => {
      let settled = false;
      const timer = setTimeout(() => settle({ ok: false, timedOut: true, message: "timed out" }), timeoutMs);
      function settle(r: ForwardResult, ch?: Ssh2Channel) {
        ch?.close();
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      }
      try {
        open((err, ch) => {
          if (err) settle({ ok: false, timedOut: false, message: err.message });
          else settle({ ok: true }, ch);
        });
      } catch (e) {
        settle({ ok: false, timedOut: false, message: (e as Error).message });
      }
    });
  return {
    close: () => client.end(),
    connectUnix: (path, timeoutMs) =>
      forward((cb) => client.openssh_forwardOutStreamLocal(path, cb), timeoutMs),
    // The source address is only what the server logs for the forwarded connection.
    connectTcp: (host, port, timeoutMs) =>
      forward((cb) => client.forwardOut("127.0.0.1", 0, host, port, cb), timeoutMs),
    openTcp: (host, port, timeoutMs) =>
      new Promise<Duplex>((resolve, reject) => {
        let done = false;
        const timer = setTimeout(() => {
          done = true;
          reject(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`));
        }, timeoutMs);
        try {
          client.forwardOut("127.0.0.1", 0, host, port, (err, ch) => {
            clearTimeout(timer);
            if (done) return void ch?.close();
            done = true;
            if (err) reject(new Error(err.message.replace(/^\(SSH\) /, "")));
            else resolve(ch);
          });
        } catch (e) {
          clearTimeout(timer);
          reject(e as Error);
        }
      }),
    exec(command: string, o: ExecOptions = {}): Promise<ExecResult> {
      return new Promise((resolve, reject) => {
        client.exec(command, (err, channel) => {
          if (err) return reject(new SshError("other", err.message));
          let stdout = "";
          let stderr = "";
          const partial = { stdout: "", stderr: "" };
          // A multi-byte character split across two packets must not become two U+FFFDs.
          const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
          let exitCode = -1;
          let signal: string | undefined;
          let timedOut = false;
          let closed = false;
          let killTimer: ReturnType<typeof setTimeout> | undefined;
          const feed = (stream: "stdout" | "stderr", text: string) => {
            if (stream === "stdout") stdout += text;
            else stderr += text;
            if (!o.onLine) return;
            const parts = (partial[stream] + text).split("\n");
            partial[stream] = parts.pop() ?? "";
            for (const l of parts) o.onLine(l, stream);
          };
          // SIGTERM first (sudo passes it on to the command), SIGKILL and a closed channel if it stays.
          const stop = () => {
            if (closed || killTimer) return;
            channel.signal("TERM");
            killTimer = setTimeout(() => {
              if (closed) return;
              channel.signal("KILL");
              channel.close();
            }, o.killAfterMs ?? 5_000);
          };
          const timer = o.timeoutMs
            ? setTimeout(() => {
                timedOut = true;
                stop();
              }, o.timeoutMs)
            : undefined;
          const onAbort = () => {
            stop();
            if (!o.settleOnAbort) reject(o.signal?.reason ?? new Error("aborted"));
          };
          if (o.signal?.aborted) queueMicrotask(onAbort);
          else o.signal?.addEventListener("abort", onAbort, { once: true });
          if (o.stdoutStream) channel.pipe(o.stdoutStream);
          else channel.on("data", (b: Buffer) => feed("stdout", decoders.stdout.write(b)));
          channel.stderr.on("data", (b: Buffer) => feed("stderr", decoders.stderr.write(b)));
          channel.on("exit", (code: number | null, signalName?: string) => {
            if (typeof code === "number") exitCode = code;
            // ssh2 hands the protocol's "TERM" on as "SIGTERM".
            else if (signalName) signal = signalName.startsWith("SIG") ? signalName : `SIG${signalName}`;
          });
          channel.on("close", () => {
            closed = true;
            if (timer) clearTimeout(timer);
            if (killTimer) clearTimeout(killTimer);
            o.signal?.removeEventListener("abort", onAbort);
            feed("stdout", decoders.stdout.end());
            feed("stderr", decoders.stderr.end());
            for (const s of ["stdout", "stderr"] as const)
              if (partial[s] && o.onLine) o.onLine(partial[s], s);
            if (o.signal?.aborted && !o.settleOnAbort) return reject(o.signal.reason ?? new Error("aborted"));
            resolve({ exitCode, stdout, stderr, timedOut, ...(signal ? { signal } : {}) });
          });
          if (o.stdinStream) {
            // A command that exits before reading everything closes the channel: the writes left
            // over are not an error of ours (its exit status says what happened).
            channel.on("error", () => {});
            const input = o.stdinStream;
            channel.once("close", () => input.unpipe(channel));
            input.pipe(channel);
          } else channel.end(o.stdin ?? "");
        });
      });
    },
  };
}
