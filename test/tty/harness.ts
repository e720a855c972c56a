/**
 * The terminal tier's harness: the BUILT binary in a real pseudo-terminal (Debian's tmux), typed at
 * and read back as a user would. Each test file gets its own tmux server (`tmux -L <name>`, private
 * socket, no user config) so files never share a screen; each terminal is one session on it with a
 * fixed size, a plain bash (`--norc`) and a `$ ` prompt. Commands end with `; echo "__EXIT<n>=$?"`
 * so the exit code shows on screen once the shell has its prompt back.
 */
import { execFile, execFileSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll } from "vitest";
import { skipTitle } from "../support/requires.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(REPO, "bin", "kadm-wizard.js");

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(delimiter)) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch {}
  }
  return undefined;
}

// KADM_TEST_TMUX: another tmux binary, or a missing path to see how the tier skips without one.
const TMUX = process.env.KADM_TEST_TMUX
  ? existsSync(process.env.KADM_TEST_TMUX)
    ? process.env.KADM_TEST_TMUX
    : undefined
  : onPath("tmux");

/**
 * Why this tier cannot run here, or undefined when it can. test/tty/tier.test.ts names the reason
 * in ONE suite title; the other files' suites are simply skipped with it.
 */
export const TTY_SKIP_REASON: string | undefined = TMUX
  ? undefined
  : "tmux not installed — apt-get install tmux";

/** The tier's one announcing suite name. */
export const TTY_TIER_TITLE = skipTitle("tty tier", TTY_SKIP_REASON);

/** A suite of the tier: with the skip reason in its title, which the skip reporter lists after the summary. */
export function ttySuite(title: string): string {
  return skipTitle(`tty: ${title}`, TTY_SKIP_REASON);
}

/** The tmux this tier uses (for the tier's own check). */
export function tmuxBinary(): string | undefined {
  return TMUX;
}

/** The tier runs the built CLI; without dist/ every test would fail for a reason that is not a bug. */
export function requireBuild(): void {
  if (!existsSync(join(REPO, "dist", "launch.js"))) {
    throw new Error(`dist/launch.js is missing: run \`npm run build\` before test/tty (in ${REPO})`);
  }
}

/** Things a user must never see, whatever the command. */
export const NEVER_ON_SCREEN = /internal error|hijacked|Unhandled|EPIPE|^\s+at .+:\d+:\d+\)?$|node:internal/m;

/** A `kadm-wizard` on PATH that runs this checkout's built launcher (as `npm install -g` would). */
export function writeLauncher(binDir: string): void {
  mkdirSync(binDir, { recursive: true });
  const p = join(binDir, "kadm-wizard");
  writeFileSync(p, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(p, 0o755);
}

export interface TerminalOptions {
  cols?: number;
  rows?: number;
  /** The shell's whole environment (nothing is inherited but what is given here). */
  env?: Record<string, string>;
  cwd?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One tmux server (private socket) for a test file; terminals are sessions on it. */
export class TmuxServer {
  private readonly dir = mkdtempSync(join(tmpdir(), "kadm-tty-"));
  private readonly conf = join(this.dir, "tmux.conf");
  private count = 0;
  readonly socket: string;

  constructor(name: string) {
    // Short (sockets live in /tmp/tmux-<uid>/), unique per file and run.
    this.socket = `kadm-${name}-${process.pid}`;
    writeFileSync(
      this.conf,
      [
        "set -g status off", // the whole window is the terminal
        "set -g history-limit 50000", // long plans stay readable through the scrollback
        "set -g escape-time 0",
        "set -g remain-on-exit off",
        // the server outlives its last session: a test's new-session must not race a server that is
        // exiting because the previous test killed the only one ("server exited unexpectedly")
        "set -s exit-empty off",
        "",
      ].join("\n"),
    );
  }

  /** tmux on this server's socket (async: the test process keeps serving its fake API server). */
  tmux(args: string[]): Promise<string> {
    return new Promise((res, rej) => {
      execFile(
        TMUX as string,
        ["-u", "-L", this.socket, "-f", this.conf, ...args],
        { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8" } },
        (err, stdout, stderr) =>
          err ? rej(new Error(`tmux ${args[0]}: ${stderr || err.message}`)) : res(stdout),
      );
    });
  }

  async terminal(o: TerminalOptions = {}): Promise<Terminal> {
    const name = `t${++this.count}`;
    const env: Record<string, string> = {
      PATH: "/usr/local/bin:/usr/bin:/bin",
      HOME: this.dir,
      LANG: "C.UTF-8",
      TERM: "tmux-256color",
      PS1: "$ ",
      ...o.env,
    };
    const args = ["new-session", "-d", "-s", name, "-x", String(o.cols ?? 120), "-y", String(o.rows ?? 40)];
    if (o.cwd) args.push("-c", o.cwd);
    // env -i: the shell sees only `env`, not the tmux server's or this test process's variables.
    args.push("/usr/bin/env", "-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`));
    args.push("/bin/bash", "--norc", "--noprofile");
    await this.tmux(args);
    const t = new Terminal(this, name);
    await t.waitFor(/^\$\s*$/m, 5_000);
    return t;
  }

  /** Kills the server and everything running in it. */
  stop(): void {
    try {
      execFileSync(TMUX as string, ["-L", this.socket, "kill-server"], { stdio: "ignore" });
    } catch {}
    // tmux leaves its socket file behind (/tmp/tmux-<uid>/<name>: tmux runs without TMUX_TMPDIR here)
    rmSync(join("/tmp", `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A test file's terminal set-up, registered as vitest hooks: one tmux server and one temp dir (with
 * a `kadm-wizard` launcher in <dir>/bin) for the file; the terminals a test opens are killed after
 * it, then what it registered with `afterThis` is undone (last first).
 */
export interface TtyFile {
  readonly server: TmuxServer;
  /** The file's temp dir. */
  readonly dir: string;
  /** PATH with the launcher first, then the system's. */
  readonly path: string;
  /** A terminal for the current test (cwd: this checkout unless given). */
  open(o?: TerminalOptions): Promise<Terminal>;
  /** Clean-up for the current test, run after its terminals are gone. */
  afterThis(fn: () => unknown): void;
}

export function ttyFile(name: string): TtyFile {
  let server: TmuxServer | undefined;
  let dir = "";
  const terminals: Terminal[] = [];
  const cleanups: (() => unknown)[] = [];
  beforeAll(() => {
    if (TTY_SKIP_REASON) return;
    requireBuild();
    server = new TmuxServer(name);
    dir = mkdtempSync(join(tmpdir(), `kadm-tty-${name}-`));
    writeLauncher(join(dir, "bin"));
  });
  afterEach(async () => {
    for (const t of terminals.splice(0)) await t.kill();
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });
  afterAll(() => {
    server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const file: TtyFile = {
    get server() {
      if (!server) throw new Error("tty file used outside its tests");
      return server;
    },
    get dir() {
      return dir;
    },
    get path() {
      return `${join(dir, "bin")}:/usr/local/bin:/usr/bin:/bin`;
    },
    async open(o = {}) {
      const t = await file.server.terminal({ cwd: REPO, ...o });
      terminals.push(t);
      return t;
    },
    afterThis(fn) {
      cleanups.push(fn);
    },
  };
  return file;
}

export class Terminal {
  private runs = 0;
  private marker = "";
  constructor(
    private readonly server: TmuxServer,
    readonly name: string,
  ) {}

  /** Keys by tmux name: "Enter", "Down", "Up", "C-c", "BSpace", "Tab". */
  async keys(...keys: string[]): Promise<void> {
    await this.server.tmux(["send-keys", "-t", this.name, ...keys]);
  }

  /** Literal text, typed (nothing is interpreted as a key name). */
  async type(text: string): Promise<void> {
    await this.server.tmux(["send-keys", "-t", this.name, "-l", text]);
  }

  /** Types `command; echo "__EXIT<n>=$?"` and Enter; exitCode() then waits for that marker. */
  async run(command: string): Promise<void> {
    this.marker = `__EXIT${++this.runs}`;
    await this.type(`${command}; echo "${this.marker}=$?"`);
    await this.keys("Enter");
  }

  /** The whole screen and its scrollback, wrapped lines joined, trailing blanks dropped. */
  async screen(): Promise<string> {
    const text = await this.server.tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", this.name]);
    return text.replace(/\s+$/, "\n");
  }

  /** What is visible right now (no scrollback): what a user looks at. */
  async visible(): Promise<string> {
    return (await this.server.tmux(["capture-pane", "-p", "-J", "-t", this.name])).replace(/\s+$/, "\n");
  }

  /** Output since the last run() was typed (scrollback included). */
  async sinceRun(): Promise<string> {
    const s = await this.screen();
    const at = s.lastIndexOf(`echo "${this.marker}=$?"`);
    return at < 0 ? s : s.slice(s.indexOf("\n", at) + 1);
  }

  /** Polls the screen until `re` matches (every 50 ms, at most `timeoutMs`); returns the screen. */
  async waitFor(re: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let s = "";
    while (Date.now() < deadline) {
      s = await this.screen();
      if (re.test(s)) return s;
      await sleep(50);
    }
    throw new Error(`terminal ${this.name}: ${re} not on screen after ${timeoutMs} ms. Screen:\n${s}`);
  }

  /** Waits for the last run()'s exit code on screen. */
  async exitCode(timeoutMs = 15_000): Promise<number> {
    const re = new RegExp(`^${this.marker}=(\\d+)$`, "m");
    const s = await this.waitFor(re, timeoutMs);
    return Number(re.exec(s)?.[1]);
  }

  /**
   * Waits for the last run() to end; its exit code and its output. Throws when the output has
   * anything a user must never see (NEVER_ON_SCREEN), whatever the command.
   */
  async finish(timeoutMs = 15_000): Promise<{ code: number; out: string }> {
    const code = await this.exitCode(timeoutMs);
    const out = await this.sinceRun();
    const bad = NEVER_ON_SCREEN.exec(out);
    if (bad) throw new Error(`terminal ${this.name}: "${bad[0]}" on screen:\n${out}`);
    return { code, out };
  }

  /** run() then finish(). */
  async runToEnd(command: string, timeoutMs = 15_000): Promise<{ code: number; out: string }> {
    await this.run(command);
    return this.finish(timeoutMs);
  }

  /** tmux's cursor flag: a prompt that hid the cursor must show it again when it ends. */
  async cursorVisible(): Promise<boolean> {
    return (
      (await this.server.tmux(["display-message", "-p", "-t", this.name, "#{cursor_flag}"])).trim() === "1"
    );
  }

  async kill(): Promise<void> {
    await this.server.tmux(["kill-session", "-t", this.name]).catch(() => undefined);
  }
}

/**
 * Answers one wizard question: waits until `? <question>` is on screen, sends `keys` (text is typed
 * literally, names in `KEYS` are pressed), then waits until the question shows as answered (`✔`).
 */
export const KEYS = new Set(["Enter", "Up", "Down", "C-c", "BSpace", "Tab", "Escape", "C-u", "C-d"]);

export async function answer(t: Terminal, question: string, ...keys: string[]): Promise<string> {
  const q = escapeRe(question);
  await t.waitFor(new RegExp(`^\\? ${q}`, "m"));
  // A prompt is drawn a moment before it listens: keys sent in between would be lost.
  await sleep(80);
  const before = ((await t.screen()).match(new RegExp(`^✔ ${q}`, "gm")) ?? []).length;
  for (const k of keys) await (KEYS.has(k) ? t.keys(k) : t.type(k));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const s = await t.screen();
    if ((s.match(new RegExp(`^✔ ${q}`, "gm")) ?? []).length > before) return s;
    if (Date.now() > deadline) throw new Error(`"${question}" was not answered by ${keys.join(" ")}:\n${s}`);
    await sleep(50);
  }
}

/** In a select question: presses Down until the highlighted choice matches `choice`. */
// max: the address question lists every address of this host, and tests running alongside (the SSH
// tier's network namespaces) add a veth address each: "another address..." can be 20 down.
export async function pick(t: Terminal, choice: RegExp, max = 60): Promise<void> {
  for (let i = 0; i <= max; i++) {
    const s = await t.visible();
    const line = s.split("\n").find((l) => l.startsWith("❯"));
    if (line && choice.test(line)) return;
    await t.keys("Down");
    await sleep(60);
  }
  throw new Error(`no choice ${choice} in:\n${await t.visible()}`);
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Waits for the advertise-address question and, when it is a select, picks "another address...". */
export async function openAddressInput(t: Terminal, question: string): Promise<void> {
  await t.waitFor(new RegExp(`^\\? ${escapeRe(question)}`, "m"));
  // A prompt is drawn a moment before it is complete; then: a select has its cursor line (❯) and
  // key hints. "another address..." is its last choice, often beyond the visible page (a host with
  // many addresses), so look for the select, not for that choice.
  await sleep(80);
  const screen = await t.screen();
  const after = screen.slice(screen.lastIndexOf(`? ${question}`));
  if (/^❯ /m.test(after) || /↑↓/.test(after)) {
    await pick(t, /another address\.\.\.|其他地址\.\.\./);
    await answer(t, question, "Enter");
  }
  await t.waitFor(new RegExp(`^\\? ${escapeRe(question)}\\s*$`, "m"));
}

/**
 * The advertise-address question: a select of this host's addresses plus "another address...", or
 * a plain input when the host has none. Types `address` into the input either way.
 */
export async function answerAddress(t: Terminal, question: string, address: string): Promise<void> {
  await openAddressInput(t, question);
  await answer(t, question, address, "Enter");
  await confirmOffHost(t, address, /[\u4e00-\u9fff]/.test(question));
}

/**
 * A typed address that is not on this host (the tier's test addresses never are): the wizard warns
 * at the question and asks to confirm; this checks the warning and takes the default (yes).
 */
export async function confirmOffHost(t: Terminal, address: string, zh = false): Promise<void> {
  const s = await answer(t, zh ? "仍然使用？" : "Use it anyway?", "Enter");
  const warning = zh
    ? `${address} 不是本机的地址`
    : `${address} is not on this host: this must be the control-plane host itself.`;
  if (!s.includes(warning)) throw new Error(`no off-host warning for ${address}:\n${s}`);
}

/** The rest of `config`'s questions, each with its offered default (Enter). */
export async function acceptConfigDefaults(t: Terminal, zh = false): Promise<void> {
  const qs = zh
    ? [
        "Pod 网段",
        "Service 网段",
        "Pod 网络插件 (CNI)",
        "kube-proxy 模式",
        "高可用控制平面端点",
        "允许在控制平面节点上运行工作负载",
      ]
    : [
        "Pod subnet",
        "Service subnet",
        "Pod network (CNI)",
        "kube-proxy mode",
        "Control-plane endpoint for HA",
        "Run workloads on the control-plane node",
      ];
  for (const q of qs) await answer(t, q, "Enter");
}
