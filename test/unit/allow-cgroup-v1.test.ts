import { describe, expect, it } from "vitest";
import { t } from "../../src/i18n/messages.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import type { SpecValues } from "../../src/spec/fields.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import { summaryLines } from "../../src/spec/summary.js";

const spec = (values: SpecValues) =>
  resolveSpec(
    [
      { source: "default", values: BUILTIN_DEFAULTS },
      { source: "flags", values },
    ],
    "t",
    "init",
  ).spec;

describe("the confirmation summary and --allow-cgroup-v1", () => {
  it("shows the deprecated opt-in only when it is set (en, zh)", () => {
    expect(summaryLines(spec({}), "en").join("\n")).not.toContain("cgroup v1");
    const en = summaryLines(spec({ "node.allowCgroupV1": true }), "en");
    expect(en).toContainEqual(
      expect.stringMatching(/^ {2}cgroup v1 +allowed \(failCgroupV1: false, deprecated\)$/),
    );
    expect(summaryLines(spec({ "node.allowCgroupV1": true }), "zh").join("\n")).toContain(
      "允许（failCgroupV1: false，已弃用）",
    );
  });
});

describe("kubeadm's cgroup v1 refusal", () => {
  it("names --allow-cgroup-v1 among the ways out (en, zh)", () => {
    expect(t("en", "kubeadm.fix.preflight.cgroup-v1")).toContain("`--allow-cgroup-v1`");
    expect(t("zh", "kubeadm.fix.preflight.cgroup-v1")).toContain("`--allow-cgroup-v1`");
  });
});
