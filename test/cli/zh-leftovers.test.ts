import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../fakes/ports.js";

/** English left inside `--lang zh` output: each line is asserted whole in zh, and unchanged in en. */
function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "kadm-zh-")), name);
  writeFileSync(path, text);
  return path;
}

const stderrLines = async (argv: string[]) => (await runCli(argv)).stderr.split("\n");

describe("spec files: expected and got kinds are catalogue words", () => {
  it("a list of numbers where a list of strings belongs", async () => {
    const f = file("answers.yaml", "controlPlane:\n  certSANs: [1, 2]\n");
    expect(await stderrLines(["--lang", "zh", "config", "--answers", f, "--yes"])).toContain(
      `错误：${f}：键 "controlPlane.certSANs" 应为字符串列表，实际为列表。 解决方法：请修正 ${f} 后重试`,
    );
    expect(await stderrLines(["--lang", "en", "config", "--answers", f, "--yes"])).toContain(
      `error: ${f}: key "controlPlane.certSANs" must be a list of strings, got a list. Fix: fix ${f} and run again`,
    );
  });

  it("a number where a string belongs, in a profile", async () => {
    const f = file("p.yaml", "name: 3\n");
    expect(await stderrLines(["--lang", "zh", "config", "--profile", f, "--yes"])).toContain(
      `错误：${f}：键 "name" 应为字符串，实际为数字 3。 解决方法：请修正 ${f} 后重试`,
    );
  });

  it("kubeadm import: bootstrapTokens must be a list of mappings", async () => {
    const f = file(
      "k.yaml",
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nbootstrapTokens: [x]\n",
    );
    expect(await stderrLines(["--lang", "zh", "config", "--from-kubeadm-config", f, "--yes"])).toContain(
      `错误：${f}：键 "bootstrapTokens" 应为映射列表，实际为字符串 "x"。 解决方法：请修正 ${f} 后重试`,
    );
    expect(await stderrLines(["--lang", "en", "config", "--from-kubeadm-config", f, "--yes"])).toContain(
      `error: ${f}: key "bootstrapTokens" must be a list of mappings, got string "x". Fix: fix ${f} and run again`,
    );
  });

  it("kubeadm import: a document without kind and extra tokens are named in zh", async () => {
    const f = file(
      "k.yaml",
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nbootstrapTokens:\n- token: k8swiz.0123456789abcdef\n- token: k8swiz.0123456789abcdeg\n- token: k8swiz.0123456789abcdeh\n---\nfoo: bar\n",
    );
    const args = ["config", "--from-kubeadm-config", f, "--advertise-address", "192.168.10.11", "--yes"];
    expect(await stderrLines(["--lang", "zh", ...args])).toContain(
      `已忽略 ${f} 中的以下项（kadm-wizard 无对应设置）：bootstrapTokens[1..2]（另外 2 个令牌）, 第 2 个文档。`,
    );
    expect(await stderrLines(["--lang", "en", ...args])).toContain(
      `ignored in ${f} (no kadm-wizard equivalent): bootstrapTokens[1..2], document 2.`,
    );
  });
});
