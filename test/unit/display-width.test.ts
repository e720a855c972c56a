import { describe, expect, it } from "vitest";
import { displayWidth, padEndDisplay } from "../../src/i18n/width.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import { summaryLines } from "../../src/spec/summary.js";
import { renderHostTable } from "../../src/ssh/summary.js";

describe("displayWidth / padEndDisplay", () => {
  it("counts CJK characters and fullwidth punctuation as two columns, colour codes as none", () => {
    expect(displayWidth("pod subnet")).toBe(10);
    expect(displayWidth("Pod 网段")).toBe(8);
    expect(displayWidth("控制平面运行负载")).toBe(16);
    expect(displayWidth("（由 kubeadm 自动检测）")).toBe(23);
    expect(displayWidth("\u001b[31m错误\u001b[0m")).toBe(4);
    expect(padEndDisplay("方案", 6)).toBe("方案  ");
    expect(padEndDisplay("toolong", 3)).toBe("toolong");
  });
});

describe("aligned tables line up in Chinese", () => {
  /** The display column where each row's value starts (after the label and two spaces). */
  const valueColumns = (lines: string[], values: string[]) =>
    lines.map((l, i) => displayWidth(l.slice(0, l.lastIndexOf(values[i] as string))));

  it("the confirmation summary", () => {
    const spec = resolveSpec(
      [
        { source: "default", values: BUILTIN_DEFAULTS },
        { source: "flags", values: { "controlPlane.advertiseAddress": "192.0.2.10" } },
      ],
      "aliyun",
      "init",
    ).spec;
    for (const lang of ["en", "zh"] as const) {
      const lines = summaryLines(spec, lang);
      const values = lines.map(
        (l) =>
          l
            .trim()
            .split(/\s{2,}/)
            .pop() as string,
      );
      expect(new Set(valueColumns(lines, values)).size, lines.join("\n")).toBe(1);
    }
  });

  it("the SSH host table", () => {
    const table = renderHostTable(
      [
        {
          host: { id: "10.0.0.21", role: "worker", nodeName: "worker-1" },
          ok: false,
          step: "预拉取镜像",
          error: "boom",
          durationMs: 1200,
        },
        { host: { id: "10.0.0.22", role: "worker", nodeName: "w2" }, ok: true, durationMs: 800 },
      ] as never,
      "zh",
    ).split("\n");
    const col = (l: string, word: string) => displayWidth(l.slice(0, l.indexOf(word)));
    expect(col(table[1] as string, "1.2s")).toBe(col(table[2] as string, "800ms"));
  });
});

describe("init's summary", () => {
  it("lines up the node rows like kubectl get nodes", async () => {
    const { renderSummary } = await import("../../src/tasks/summary.js");
    const text = renderSummary(
      {
        endpoint: "10.0.0.1:6443",
        kubernetesVersion: "v1.33.2",
        nodes: [
          { name: "control-plane-1", ready: true, roles: ["control-plane"], version: "v1.33.2" },
          { name: "w1", ready: false, roles: [], version: "v1.33.2" },
        ],
        joinCommands: {},
        files: { config: "/etc/kadm-wizard/kubeadm.yaml", joinCommands: "/etc/kadm-wizard/join-commands" },
        kubeconfigs: [],
        dryRun: false,
      },
      "zh",
    );
    const rows = text.split("\n").filter((l) => l.endsWith("v1.33.2") && l.startsWith("    "));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((l) => l.indexOf("v1.33.2"))).size).toBe(1);
    expect(new Set(rows.map((l) => l.search(/Ready|NotReady/))).size).toBe(1);
  });
});
