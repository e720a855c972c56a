import { describe, expect, it } from "vitest";
import { displayCommand, execaRunner, failureReason } from "../../src/host/runner.js";

const node = process.execPath;

describe("execa runner", () => {
  it("runs argv arrays without a shell and captures output", async () => {
    const r = await execaRunner().run([
      node,
      "-e",
      "process.stdout.write(process.argv[1])",
      "$(echo no shell); rm -rf /",
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("$(echo no shell); rm -rf /");
  });

  it("forces the C locale so parsers see English", async () => {
    const r = await execaRunner().run(
      [node, "-e", "console.log(process.env.LC_ALL + ' ' + process.env.LANG)"],
      {
        env: { LANG: "zh_CN.UTF-8" },
      },
    );
    expect(r.stdout.trim()).toBe("C C");
  });

  it("reports exit codes, missing binaries and timeouts without throwing", async () => {
    const runner = execaRunner();
    const fail = await runner.run([node, "-e", "console.error('boom: disk full'); process.exit(3)"]);
    expect(fail.exitCode).toBe(3);
    expect(failureReason(fail)).toBe("boom: disk full");
    const missing = await runner.run(["/nonexistent/kubeadm", "version"]);
    expect(missing).toMatchObject({ notFound: true, exitCode: 127 });
    const slow = await runner.run([node, "-e", "setTimeout(() => {}, 10000)"], { timeoutMs: 200 });
    expect(slow.timedOut).toBe(true);
    expect(failureReason(slow)).toBe("timed out");
  });

  it("streams redacted lines as they arrive", async () => {
    const lines: string[] = [];
    const r = await execaRunner().run(
      [
        node,
        "-e",
        "console.log('[preflight] ok'); console.log('kubeadm join x --token k8swiz.0123456789abcdef')",
      ],
      { onLine: (l, s) => lines.push(`${s}:${l}`) },
    );
    expect(lines).toEqual(["stdout:[preflight] ok", "stdout:kubeadm join x --token k8swiz.****************"]);
    // The captured output is the real one: the caller needs the token.
    expect(r.stdout).toContain("k8swiz.0123456789abcdef");
  });

  it("dry-run records host-changing commands instead of running them, and still runs read-only ones", async () => {
    const log: string[] = [];
    const runner = execaRunner({ dryRun: true, log: (l) => log.push(l) });
    const write = await runner.run([node, "-e", "process.exit(9)"], { changes: true });
    expect(write).toMatchObject({ skipped: true, exitCode: 0 });
    const read = await runner.run([node, "-e", "console.log('read')"]);
    expect(read.stdout.trim()).toBe("read");
    expect(runner.recorded).toEqual([`${node} -e 'process.exit(9)'`]);
    expect(log[0]).toMatch(/^\[dry-run\] /);
  });

  it("redacts tokens, certificate keys and named secrets in what it logs", () => {
    const key = "ab".repeat(32);
    expect(
      displayCommand(
        ["kubeadm", "join", "--token", "k8swiz.0123456789abcdef", "--certificate-key", key, "pw=hunter2"],
        ["hunter2"],
      ),
    ).toBe("kubeadm join --token k8swiz.**************** --certificate-key <redacted> pw=<redacted>");
  });
});
