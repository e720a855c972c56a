import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import type { Io, Overrides } from "../../src/cli.js";
import { main } from "../../src/cli.js";
import type { HostAddress, HostInfo } from "../../src/host/host-info.js";
import type { RandomSource } from "../../src/kubeadm/secrets.js";
import { type FetchLike, type TempDirs, tempDirsIn } from "../../src/ports.js";
import type {
  ConfirmQuestion,
  InputQuestion,
  PasswordQuestion,
  Prompter,
  SelectQuestion,
} from "../../src/prompts/prompter.js";
import { PromptCancelled } from "../../src/prompts/prompter.js";

/** Deterministic "randomness" (a sha256 counter stream) so golden files are stable but realistic. */
export function fixedRandom(seed = 7): RandomSource {
  let counter = 0;
  const block = () => createHash("sha256").update(`${seed}:${counter++}`).digest();
  return {
    int: (max) => block().readUInt32BE(0) % max,
    bytes: (n) => {
      const chunks: Buffer[] = [];
      for (let have = 0; have < n; have += 32) chunks.push(block());
      return Buffer.concat(chunks).subarray(0, n);
    },
  };
}

export function fakeHost(addresses: HostAddress[] = [], name = "master-1"): HostInfo {
  return { addresses: () => addresses, hostname: () => name };
}

export const TYPICAL_HOST: HostAddress[] = [
  { interface: "eth0", address: "192.168.10.11", family: 4, cidr: "192.168.10.11/24" },
  { interface: "eth1", address: "172.16.0.11", family: 4, cidr: "172.16.0.11/16" },
];

export type Answer = string | boolean | { cancel: true };

/** A prompter that answers from a script and records every question, running validators like inquirer. */
export class ScriptedPrompter implements Prompter {
  readonly asked: { kind: string; message: string; default?: unknown; rejected?: string[] }[] = [];
  readonly notes: string[] = [];
  constructor(private readonly script: Answer[]) {}

  private next(kind: string, message: string, def?: unknown): Answer {
    this.asked.push({ kind, message, default: def });
    const a = this.script.shift();
    if (a === undefined) throw new Error(`unexpected question: ${message}`);
    if (typeof a === "object") throw new PromptCancelled();
    return a;
  }

  async input(q: InputQuestion): Promise<string> {
    // Like inquirer: an invalid answer is refused and the question asked again.
    for (;;) {
      let a = this.next("input", q.message, q.default);
      if (a === "") a = q.default ?? "";
      const v = String(a);
      const ok = q.validate ? q.validate(v) : true;
      if (ok === true) return v;
      const last = this.asked[this.asked.length - 1];
      if (last) last.rejected = [...(last.rejected ?? []), ok];
    }
  }

  async select<T extends string>(q: SelectQuestion<T>): Promise<T> {
    const a = this.next("select", q.message, q.default);
    const v = (a === "" ? q.default : a) as T;
    if (!q.choices.some((c) => c.value === v)) throw new Error(`"${v}" is not a choice of ${q.message}`);
    return v;
  }

  async confirm(q: ConfirmQuestion): Promise<boolean> {
    const a = this.next("confirm", q.message, q.default);
    return a === "" ? (q.default ?? true) : a === true;
  }

  async password(q: PasswordQuestion): Promise<string> {
    const a = this.next("password", q.message);
    if (typeof a !== "string") throw new Error(`a password must be a string, not ${a}: ${q.message}`);
    return a;
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with fakes; `tty` makes it interactive (needs a prompter). */
export async function runCli(
  argv: string[],
  opts: { tty?: boolean; env?: NodeJS.ProcessEnv; overrides?: Overrides; signal?: AbortSignal } = {},
): Promise<RunResult> {
  const stdout = new Sink();
  const stderr = new Sink();
  const io: Io = {
    stdout,
    stderr,
    stdinIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
    stdoutIsTTY: opts.tty ?? false,
    env: opts.env ?? { LANG: "en_US.UTF-8" },
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const code = await main(argv, io, { host: fakeHost(TYPICAL_HOST), rng: fixedRandom(), ...opts.overrides });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * The fetch port (Context.fetch) without a network: `answer` gives the response for a URL
 * (undefined: 404). Only loopback URLs are answered, as tests may only talk to 127.0.0.1/::1;
 * anything else fails like an unreachable host. Every URL asked for is in `urls`.
 */
export function fakeFetch(answer: (url: URL, init: RequestInit) => Response | undefined): {
  fetch: FetchLike;
  urls: string[];
} {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (url, init) => {
      urls.push(url);
      const u = new URL(url);
      if (!["127.0.0.1", "[::1]", "localhost"].includes(u.hostname)) {
        throw Object.assign(new TypeError("fetch failed"), {
          cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${u.hostname}`), { code: "ENOTFOUND" }),
        });
      }
      if (init.signal?.aborted) throw init.signal.reason;
      return answer(u, init) ?? new Response("404 page not found", { status: 404, statusText: "Not Found" });
    },
  };
}

/**
 * The temp-dir port under a test's own directory, recording what it made and removed, so a test
 * can check that a secret's directory existed only while it was used.
 */
export function recordingTempDirs(base: string): TempDirs & { created: string[]; removed: string[] } {
  const real = tempDirsIn(() => base);
  const created: string[] = [];
  const removed: string[] = [];
  return {
    created,
    removed,
    create: async (prefix, opts) => {
      const dir = await real.create(prefix, opts);
      created.push(dir);
      return dir;
    },
    remove: async (dir) => {
      removed.push(dir);
      await real.remove(dir);
    },
  };
}
