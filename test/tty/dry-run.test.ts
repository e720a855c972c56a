/**
 * Dry runs on a real terminal: the README's own first command (init --dry-run with animated progress:
 * the run that crashed with "ProcessOutput has been already hijacked!" while every piped test was
 * green), prepare --dry-run, reset --dry-run, doctor --host-only and join --dry-run.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeNode } from "./fake-host.js";
import {
  NEVER_ON_SCREEN,
  REPO,
  requireBuild,
  type Terminal,
  TmuxServer,
  TTY_SKIP_REASON,
  ttySuite,
  writeLauncher,
} from "./harness.js";

let server: TmuxServer;
let dir: string;
let term: Terminal;

beforeAll(() => {
  if (TTY_SKIP_REASON) return;
  requireBuild();
  server = new TmuxServer("dry");
  dir = mkdtempSync(join(tmpdir(), "kadm-tty-dry-"));
  writeLauncher(join(dir, "bin"));
});
afterAll(() => {
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await term?.kill();
});

const newRoot = () => mkdtempSync(join(dir, "root-"));
const start = async (env: Record<string, string> = {}) => {
  term = await server.terminal({
    cwd: REPO,
    env: { PATH: `${join(dir, "bin")}:/usr/local/bin:/usr/bin:/bin`, ...env },
  });
  return term;
};

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("dry runs on a terminal"), () => {
  it("README's first line: init --dry-run --yes shows progress, then the whole plan, exit 0", async () => {
    const t = await start();
    const root = newRoot();
    await t.run(
      `kadm-wizard init --dry-run --yes --k8s-version v1.33.2 --advertise-address 192.0.2.10 --root ${root}`,
    );
    const code = await t.exitCode(30_000);
    const out = await t.sinceRun();
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(0);
    // the progress tree (drawn on the terminal, ✔ per finished step) and the plan after it
    expect(out).toMatch(/✔ .*[Pp]reflight/);
    expect(out).toContain("Plan (dry run)");
    expect(out).toContain("+++ /etc/kadm-wizard/kubeadm.yaml");
    expect(out).toMatch(/\$ kubeadm init --config \S+\/etc\/kadm-wizard\/kubeadm\.yaml/);
  });

  it("init --dry-run | tee log: still animated on the terminal, the log holds only the plan", async () => {
    const node = await fakeNode(mkdtempSync(join(dir, "node-")));
    try {
      const t = await server.terminal({ cwd: REPO, env: node.env, cols: 150 });
      term = t;
      const log = join(dir, "plan.log");
      await t.run(
        `kadm-wizard init --dry-run --yes --k8s-version v1.33.2 --advertise-address 192.168.10.11 --root ${node.root} --kubeadm ${node.binDir}/kubeadm | /usr/bin/tee ${log} > /dev/null`,
      );
      const code = await t.exitCode(30_000);
      const out = await t.sinceRun();
      expect(out).not.toMatch(NEVER_ON_SCREEN);
      expect(code).toBe(0);
      // the terminal renderer: finished steps redrawn as ✔ lines, sized to the terminal (150 columns);
      // the line renderer would have printed a "❯ <step>" line as each one started
      expect(out).toMatch(/^✔ Preflight: /m);
      expect(out).not.toMatch(/^❯ Preflight checks$/m);
      expect(out).toMatch(
        /^✔ containerd for kubeadm: cgroup driver, pause image, registry mirrors: would change$/m,
      );
      const plan = readFileSync(log, "utf8");
      expect(plan).toContain("Plan (dry run)");
      expect(plan).not.toMatch(/^[✔❯] /m);
    } finally {
      await node.cleanup();
    }
  });
});
