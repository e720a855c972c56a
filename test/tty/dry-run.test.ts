/**
 * Dry runs on a real terminal: the README's own first command (init --dry-run with animated progress:
 * the run that crashed with "ProcessOutput has been already hijacked!" while every piped test was
 * green), and the same run with its stdout piped into tee. Other commands' dry runs are in commands.test.ts.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeNode } from "./fake-host.js";
import { TTY_SKIP_REASON, ttyFile, ttySuite } from "./harness.js";

const tty = ttyFile("dry");
const newRoot = () => mkdtempSync(join(tty.dir, "root-"));

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("dry runs on a terminal"), () => {
  it("README's first line: init --dry-run --yes shows progress, then the whole plan, exit 0", async () => {
    const t = await tty.open({ env: { PATH: tty.path } });
    const { code, out } = await t.runToEnd(
      `kadm-wizard init --dry-run --yes --k8s-version v1.33.2 --advertise-address 192.0.2.10 --root ${newRoot()}`,
      30_000,
    );
    expect(code).toBe(0);
    // the progress tree (drawn on the terminal, ✔ per finished step) and the plan after it
    expect(out).toMatch(/✔ .*[Pp]reflight/);
    expect(out).toContain("Plan (dry run)");
    expect(out).toContain("+++ /etc/kadm-wizard/kubeadm.yaml");
    expect(out).toMatch(/\$ \S+\/usr\/bin\/kubeadm init --config \S+\/etc\/kadm-wizard\/kubeadm\.yaml/);
  });

  it("init --dry-run | tee log: still animated on the terminal, the log holds only the plan", async () => {
    const node = await fakeNode(mkdtempSync(join(tty.dir, "node-")));
    tty.afterThis(() => node.cleanup());
    const t = await tty.open({ env: node.env, cols: 150 });
    const log = join(tty.dir, "plan.log");
    const { code, out } = await t.runToEnd(
      `kadm-wizard init --dry-run --yes --k8s-version v1.33.2 --advertise-address 192.168.10.11 --root ${node.root} --kubeadm ${node.binDir}/kubeadm | /usr/bin/tee ${log} > /dev/null`,
      30_000,
    );
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
  });
});
