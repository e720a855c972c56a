/**
 * Real signals to the built binary: `kadm-wizard prepare` on a fake node (test/tty/fake-host.ts:
 * a temp root and stubs that are the whole PATH) whose `swapoff` blocks until the test lets it go.
 * SIGINT, SIGTERM and a SIGINT to the whole process group (what a terminal's Ctrl-C is) must each
 * let swapoff finish, run nothing after it, and exit 130 with the report; a second signal exits at
 * once and kills the blocked command rather than leave it behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeNode, fakeNode, holdSwapoff } from "../tty/fake-host.js";
import { BIN, requireBuild } from "../tty/harness.js";

let dir: string | undefined;
let fake: FakeNode | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  child = undefined;
  await fake?.cleanup();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

interface Run {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** The blocked swapoff stub has started: its pid. */
  blocked(): Promise<number>;
  release(): void;
  log(): string;
}

/** prepare on a node with swap on and forwarding off; swapoff holds until release(). */
async function startPrepare(lang = "en"): Promise<Run> {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), "kadm-signals-"));
  fake = await fakeNode(dir);
  const f = fake;
  const root = f.root;
  const held = holdSwapoff(f);
  // Its own process group (as a shell's job is), so the test can signal the whole group.
  const c = spawn(
    process.execPath,
    [BIN, "prepare", "--root", root, "--k8s-version", "v1.33.2", "--lang", lang],
    {
      env: { ...f.env, LANG: "C.UTF-8" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child = c;
  let stdout = "";
  let stderr = "";
  c.stdout?.on("data", (b) => {
    stdout += b;
  });
  c.stderr?.on("data", (b) => {
    stderr += b;
  });
  const exit = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => c.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child: c,
    exit,
    blocked: () => held.blocked(),
    release: () => held.release(),
    log: () => f.commands(),
  };
}

/** Gone, or a zombie nobody reaped yet (the container's init may not reap): not running. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

const NOT_RUN = [
  "Not run (interrupted):",
  "  - kernel modules overlay, br_netfilter",
  "  - sysctls for bridged traffic and IP forwarding",
  "  - containerd for kubeadm: cgroup driver, pause image, registry mirrors",
].join("\n");

describe("signals to the built binary during prepare", () => {
  for (const [name, send] of [
    ["kill -INT", (p: number) => process.kill(p, "SIGINT")],
    ["kill -TERM", (p: number) => process.kill(p, "SIGTERM")],
    ["kill -INT to the process group (a terminal's Ctrl-C)", (p: number) => process.kill(-p, "SIGINT")],
  ] as const) {
    it(`${name}: swapoff finishes, nothing after it runs, exit 130 with the report`, async () => {
      const run = await startPrepare();
      await run.blocked();
      send(run.child.pid as number);
      // The signal is seen at once, yet the host change in flight is not killed.
      await sleep(400);
      expect(run.child.exitCode).toBeNull();
      run.release();
      const r = await run.exit;
      expect(r.code).toBe(130);
      expect(r.stdout).toContain("~ swap off now and at boot: changed");
      expect(r.stdout).toContain(NOT_RUN);
      expect(r.stderr).toContain('error: interrupted after "swap off now and at boot"');
      expect(r.stderr).not.toContain("turn swap off by hand");
      const log = run.log();
      expect(log).toMatch(/^swapoff done$/m);
      expect(log).not.toMatch(/^sysctl -w/m);
      expect(log).not.toMatch(/^systemctl restart/m);
    }, 30_000);
  }

  it("a second signal exits at once with 130 and kills the blocked command (no orphan)", async () => {
    const run = await startPrepare("zh");
    const stub = await run.blocked();
    const pid = run.child.pid as number;
    process.kill(-pid, "SIGINT");
    await sleep(300);
    expect(run.child.exitCode).toBeNull();
    process.kill(pid, "SIGTERM");
    const r = await run.exit;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("再次中断：已立即停止；正在运行的步骤可能未完成。");
    await until("the swapoff stub to be gone", () => !running(stub), 5_000);
    expect(run.log()).not.toMatch(/^swapoff done$/m);
  }, 30_000);
});
