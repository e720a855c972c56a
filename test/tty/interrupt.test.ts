/**
 * Ctrl-C on a real terminal while `prepare` changes the host (fake node: stubs only, see
 * fake-host.ts; its swapoff holds until the test lets it go). The terminal sends SIGINT to the whole
 * foreground process group: swapoff must not die of it (it runs in its own group), the progress
 * line says the run stops once the step is done, and then it stops: exit 130, what was changed and
 * what was not run, nothing after swapoff run, the shell usable again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeNode, fakeNode, holdSwapoff } from "./fake-host.js";
import {
  NEVER_ON_SCREEN,
  REPO,
  requireBuild,
  type Terminal,
  TmuxServer,
  TTY_SKIP_REASON,
  ttySuite,
} from "./harness.js";

let server: TmuxServer;
let dir: string | undefined;
let fake: FakeNode | undefined;
let term: Terminal | undefined;

beforeAll(() => {
  if (TTY_SKIP_REASON) return;
  requireBuild();
  server = new TmuxServer("intr");
});
afterAll(() => server?.stop());
afterEach(async () => {
  await term?.kill();
  term = undefined;
  await fake?.cleanup();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("Ctrl-C while prepare changes the host"), () => {
  for (const lang of ["en", "zh"] as const) {
    it(`Ctrl-C during swapoff: it finishes, nothing after it runs, exit 130 with the report (${lang})`, async () => {
      dir = mkdtempSync(join(tmpdir(), "kadm-tty-intr-"));
      fake = await fakeNode(dir);
      const held = holdSwapoff(fake);
      term = await server.terminal({ cwd: REPO, env: fake.env, cols: 120, rows: 40 });
      const t = term;
      await t.run(`kadm-wizard prepare --k8s-version v1.33.2 --lang ${lang} --root ${fake.root}`);
      await held.blocked();
      await t.waitFor(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (swap off now and at boot|立即关闭 swap)/m);
      await t.keys("C-c");
      // Seen at once and said on the running step's line; the step itself goes on.
      await t.waitFor(
        lang === "en"
          ? /interrupted: stopping when this step is done \(again: at once\)/
          : /已中断：本步骤完成后停止（再按一次立即退出）/,
        10_000,
      );
      held.release();
      const code = await t.exitCode(20_000);
      const out = await t.sinceRun();
      expect(out).not.toMatch(NEVER_ON_SCREEN);
      expect(code).toBe(130);
      if (lang === "en") {
        expect(out).toContain("~ swap off now and at boot: changed");
        expect(out).toMatch(/Not run \(interrupted\):\n\s+- kernel modules overlay, br_netfilter/);
        expect(out).toContain('error: interrupted after "swap off now and at boot" (1 of 4 steps done).');
        expect(out).not.toContain("turn swap off by hand");
      } else {
        expect(out).toContain("~ 立即关闭 swap 并禁止开机启用: 已修改");
        expect(out).toMatch(/未运行（已中断）:\n\s+- 内核模块 overlay、br_netfilter/);
        expect(out).toContain("错误：在“立即关闭 swap 并禁止开机启用”之后被中断（已完成 1/4 步）。");
      }
      const log = fake.commands();
      expect(log).toMatch(/^swapoff done$/m);
      expect(log).not.toMatch(/^(sysctl -w|systemctl restart|modprobe)/m);
      await t.run("echo still-here");
      expect(await t.exitCode(5_000)).toBe(0);
      expect(await t.sinceRun()).toMatch(/^still-here$/m);
    }, 60_000);
  }
});
