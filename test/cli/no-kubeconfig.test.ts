import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../fakes/ports.js";

/** No kubeconfig anywhere: one line naming every place looked at, in the user's language, exit 2. */
describe("wait with no kubeconfig at all", () => {
  const home = () => mkdtempSync(join(tmpdir(), "kadm-nokc-"));

  it("names the files looked for, in English", async () => {
    const h = home();
    const r = await runCli(["wait", "--root", h], { env: { HOME: h, LANG: "en_US.UTF-8" } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`no kubeconfig found: not --kubeconfig, ${h}/etc/kubernetes/admin.conf`);
  });

  it("is all Chinese with --lang zh (no English sentence left inside)", async () => {
    const h = home();
    const r = await runCli(["wait", "--root", h, "--lang", "zh"], { env: { HOME: h } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("找不到 kubeconfig：未指定 --kubeconfig");
    expect(r.stderr).not.toMatch(/no kubeconfig found|nor /);
  });

  it("$KUBECONFIG naming only missing files says so", async () => {
    const h = home();
    const r = await runCli(["wait", "--root", h, "--lang", "zh"], {
      env: { HOME: h, KUBECONFIG: join(h, "nope.conf") },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`$KUBECONFIG 中的文件（${join(h, "nope.conf")}）都不存在`);
  });
});

describe("doctor with no kubeconfig at all", () => {
  const home = () => mkdtempSync(join(tmpdir(), "kadm-nokc-doc-"));

  it("--cluster-only: one Chinese line naming the places looked at, exit 1", async () => {
    const h = home();
    const r = await runCli(["doctor", "--cluster-only", "--root", h, "--lang", "zh"], { env: { HOME: h } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("错误：无法检查集群：找不到 kubeconfig：未指定 --kubeconfig");
    expect(r.stderr).not.toMatch(/no kubeconfig found|not --kubeconfig/);
  });

  it("a host check run says in its report why the cluster was not checked, in its language", async () => {
    const h = home();
    const zh = await runCli(["doctor", "--root", h, "--lang", "zh"], { env: { HOME: h } });
    expect(zh.stdout).toContain("集群：未检查（找不到 kubeconfig：未指定 --kubeconfig");
    const en = await runCli(["doctor", "--root", h], { env: { HOME: h, LANG: "en_US.UTF-8" } });
    expect(en.stdout).toContain("cluster: not checked (no kubeconfig found: not --kubeconfig, ");
  });
});
