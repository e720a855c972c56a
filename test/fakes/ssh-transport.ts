/**
 * The SSH port without sshd, for CLI tests: each "host" is a directory (the root our steps write
 * under) and a PATH that holds nothing but logging programs, so every program a remote script
 * starts is recorded with its argv, which is what `ps` on the node would show. kubeadm is the fake
 * kubeadm; containerd, crictl, swapoff, ... the logging fakes of netns-hosts.mjs; the coreutils
 * the scripts use are wrappers that log, then exec the real binary. A command missing from that
 * PATH fails the script ("not found"), so nothing runs unrecorded. An exec'd command runs as sshd
 * runs it: `/bin/sh -c COMMAND`, the script on stdin.
 */
import { spawn } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type {
  ExecResult,
  ForwardResult,
  SshSession,
  SshTarget,
  SshTransport,
} from "../../src/ssh/transport.js";
import { TRANSCRIPTS, writeBin, writeHostRoot } from "./netns-hosts.mjs";

/** Real programs the scripts (and the fakes) call; each gets a logging wrapper. */
const PASS_THROUGH = [
  "sh",
  "awk",
  "base64",
  "basename",
  "cat",
  "chmod",
  "chown",
  "cmp",
  "cp",
  "date",
  "dirname",
  "env",
  "grep",
  "head",
  "ln",
  "mkdir",
  "mktemp",
  "mv",
  "nproc",
  "rm",
  "sleep",
  "stat",
  "tail",
  "tr",
  "uname",
];

function which(bin: string): string {
  for (const dir of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch {}
  }
  throw new Error(`${bin} not found`);
}

function script(path: string, body: string) {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

export interface FakeHost {
  name: string;
  /** The host's root (KADM_FAKE_ROOT of its kubeadm). */
  root: string;
  /** Every program started on the host, one line each: `name args...`. */
  commands(): string;
  /** The --config files the fake kubeadm read, as it found them. */
  configs(): { command: string; path: string; mode: string; dirMode: string; text: string }[];
}

export interface FakeSshHosts {
  /** For the CLI's `ssh` override. */
  transport: () => SshTransport;
  host(name: string): FakeHost;
  /** Every exec: the host, the SSH user, the command line sshd would hand to the shell. */
  execs: { host: string; user: string; command: string }[];
  cleanup(): void;
}

export function fakeSshHosts(names: string[]): FakeSshHosts {
  const dir = mkdtempSync(join(tmpdir(), "kadm-fakessh-"));
  const bin = join(dir, "bin");
  writeBin(bin);
  for (const b of PASS_THROUGH) {
    script(join(bin, b), `printf '%s\\n' "${b} $*" >> "$KADM_FAKE_ROOT/commands.log"\nexec ${which(b)} "$@"`);
  }
  // uid 0 whoever runs the tests; sudo -n runs its command (the user is allowed, no password).
  script(join(bin, "id"), `echo "id $*" >> "$KADM_FAKE_ROOT/commands.log"\necho 0`);
  script(
    join(bin, "sudo"),
    `printf '%s\\n' "sudo $*" >> "$KADM_FAKE_ROOT/commands.log"\n[ "$1" = -n ] && shift\nexec "$@"`,
  );
  const hosts = new Map<string, FakeHost>();
  const sockets: Server[] = [];
  for (const name of names) {
    const root = join(dir, name, "root");
    writeHostRoot(root, name);
    // containerd's socket, answering (a unix socket listens as soon as listen() returns).
    const sock = join(root, "var/run/containerd/containerd.sock");
    mkdirSync(dirname(sock), { recursive: true });
    sockets.push(createServer((c) => c.end()).listen(sock));
    const configLog = join(dir, name, "configs.log");
    hosts.set(name, {
      name,
      root,
      commands: () => readFileSync(join(root, "commands.log"), "utf8"),
      configs: () => {
        try {
          return readFileSync(configLog, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l));
        } catch {
          return [];
        }
      },
    });
  }
  const execs: FakeSshHosts["execs"] = [];
  const children = new Set<ReturnType<typeof spawn>>();
  const env = (h: FakeHost) => ({
    PATH: bin,
    KADM_FAKE_ROOT: h.root,
    KADM_FAKE_TESTDATA: TRANSCRIPTS,
    KADM_FAKE_CONFIG_LOG: join(dir, h.name, "configs.log"),
  });

  const session = (target: SshTarget, h: FakeHost): SshSession => ({
    exec(command, o = {}) {
      execs.push({ host: target.host, user: target.user, command });
      writeFileSync(join(h.root, "commands.log"), `sh -c ${command}\n`, { flag: "a" });
      return new Promise<ExecResult>((resolve, reject) => {
        const child = spawn("/bin/sh", ["-c", command], { env: env(h), stdio: ["pipe", "pipe", "pipe"] });
        children.add(child);
        child.on("exit", () => children.delete(child));
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        const partial = { stdout: "", stderr: "" };
        const feed = (stream: "stdout" | "stderr", b: Buffer) => {
          const text = String(b);
          if (stream === "stdout") stdout += text;
          else stderr += text;
          const parts = (partial[stream] + text).split("\n");
          partial[stream] = parts.pop() ?? "";
          for (const l of parts) o.onLine?.(l, stream);
        };
        child.stdout.on("data", (b: Buffer) => feed("stdout", b));
        child.stderr.on("data", (b: Buffer) => feed("stderr", b));
        const timer = o.timeoutMs
          ? setTimeout(() => {
              timedOut = true;
              child.kill("SIGTERM");
            }, o.timeoutMs)
          : undefined;
        // Like the ssh2 adapter: the command gets SIGTERM; exec rejects unless settleOnAbort.
        const onAbort = () => {
          child.kill("SIGTERM");
          if (!o.settleOnAbort) reject(o.signal?.reason ?? new Error("aborted"));
        };
        o.signal?.addEventListener("abort", onAbort, { once: true });
        child.on("close", (code, sig) => {
          if (timer) clearTimeout(timer);
          o.signal?.removeEventListener("abort", onAbort);
          resolve({ exitCode: code ?? -1, stdout, stderr, timedOut, ...(sig ? { signal: sig } : {}) });
        });
        child.stdin.on("error", () => {});
        if (o.stdinStream) o.stdinStream.pipe(child.stdin);
        else child.stdin.end(o.stdin ?? "");
      });
    },
    connectUnix: (path, timeoutMs) => connectHere({ path }, timeoutMs),
    connectTcp: (host, port, timeoutMs) => connectHere({ host, port }, timeoutMs),
    openTcp: (host, port) =>
      new Promise((resolve, reject) => {
        const sock = createConnection({ host, port });
        sock.once("connect", () => resolve(sock));
        sock.once("error", reject);
      }),
    close() {},
  });

  return {
    execs,
    host: (name) => {
      const h = hosts.get(name);
      if (!h) throw new Error(`no fake host ${name}`);
      return h;
    },
    transport: () => ({
      async connect(target) {
        const h = hosts.get(target.host);
        if (!h) throw new Error(`no fake host ${target.host}`);
        return session(target, h);
      },
    }),
    cleanup: () => {
      for (const s of sockets) s.close();
      // A kill helper the node runner sent on Ctrl-C may still be running (and logging).
      for (const c of children) c.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** The "remote" side of the fake is this machine: its probes connect from here. */
function connectHere(
  to: { path: string } | { host: string; port: number },
  timeoutMs: number,
): Promise<ForwardResult> {
  return new Promise((resolve) => {
    const sock = createConnection(to);
    const done = (r: ForwardResult) => {
      sock.destroy();
      resolve(r);
    };
    sock.setTimeout(timeoutMs, () => done({ ok: false, timedOut: true, message: "timed out" }));
    sock.once("connect", () => done({ ok: true }));
    sock.once("error", (e) => done({ ok: false, timedOut: false, message: e.message }));
  });
}
