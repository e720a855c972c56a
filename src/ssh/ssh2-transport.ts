/**
 * The SSH port over ssh2 (pure JavaScript, loaded lazily). Host keys are always verified against
 * known_hosts: a known key passes, a changed or revoked one is refused, an unknown one is refused
 * unless `acceptNew` (trust on first use), which appends it. There is no way to turn checking off.
 */
import { createHash } from "node:crypto";
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

function session(client: Ssh2Client): SshSession {
  return {
    close: () => client.end(),
    exec(command: string, o: ExecOptions = {}): Promise<ExecResult> {
      return new Promise((resolve, reject) => {
        client.exec(command, (err, channel) => {
          if (err) return reject(new SshError("other", err.message));
          let stdout = "";
          let stderr = "";
          const partial = { stdout: "", stderr: "" };
          let exitCode = -1;
          let timedOut = false;
          const feed = (stream: "stdout" | "stderr", chunk: Buffer) => {
            const text = chunk.toString("utf8");
            if (stream === "stdout") stdout += text;
            else stderr += text;
            if (!o.onLine) return;
            const parts = (partial[stream] + text).split("\n");
            partial[stream] = parts.pop() ?? "";
            for (const l of parts) o.onLine(l, stream);
          };
          const timer = o.timeoutMs
            ? setTimeout(() => {
                timedOut = true;
                channel.close();
              }, o.timeoutMs)
            : undefined;
          const onAbort = () => channel.close();
          o.signal?.addEventListener("abort", onAbort, { once: true });
          channel.on("data", (b: Buffer) => feed("stdout", b));
          channel.stderr.on("data", (b: Buffer) => feed("stderr", b));
          channel.on("exit", (code: number | null) => {
            if (typeof code === "number") exitCode = code;
          });
          channel.on("close", () => {
            if (timer) clearTimeout(timer);
            o.signal?.removeEventListener("abort", onAbort);
            for (const s of ["stdout", "stderr"] as const)
              if (partial[s] && o.onLine) o.onLine(partial[s], s);
            if (o.signal?.aborted) return reject(o.signal.reason ?? new Error("aborted"));
            resolve({ exitCode, stdout, stderr, timedOut });
          });
          channel.end(o.stdin ?? "");
        });
      });
    },
  };
}
