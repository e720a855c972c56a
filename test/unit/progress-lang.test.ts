import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { localiseListrField, runWithProgress } from "../../src/tasks/progress.js";

function sink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

const failing = [
  {
    title: "拉取镜像",
    run: async () => {
      throw new Error("连接被拒绝");
    },
  },
];

describe("listr2's own words follow --lang", () => {
  it("a failed task's suffix is Chinese in zh", async () => {
    const out = sink();
    await expect(
      runWithProgress(failing, { stream: out.stream, mode: "simple", lang: "zh" }),
    ).rejects.toThrow("连接被拒绝");
    expect(out.text()).toContain("拉取镜像 [失败：连接被拒绝]");
    expect(out.text()).not.toContain("FAILED");
  });

  it("and English in en", async () => {
    const out = sink();
    await expect(
      runWithProgress(failing, { stream: out.stream, mode: "simple", lang: "en" }),
    ).rejects.toThrow();
    expect(out.text()).toContain("[FAILED: 连接被拒绝]");
  });

  it("maps every field listr2 builds from its log levels", () => {
    expect(localiseListrField("zh", "SKIPPED: 已存在")).toBe("已跳过：已存在");
    expect(localiseListrField("zh", "RETRY:2")).toBe("重试：2");
    expect(localiseListrField("zh", "SKIPPED")).toBe("已跳过");
    expect(localiseListrField("zh", "12.3s")).toBe("12.3s");
    expect(localiseListrField("en", "FAILED: x")).toBe("FAILED: x");
  });
});
