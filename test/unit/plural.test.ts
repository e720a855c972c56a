import { describe, expect, it } from "vitest";
import { MESSAGE_KEYS, t } from "../../src/i18n/messages.js";
import { noun, plural } from "../../src/i18n/plural.js";

/** Every parameter is `n`: counts and everything else alike. */
const all = (n: number) =>
  new Proxy({}, { get: (_t, k) => (typeof k === "string" ? n : undefined), has: () => true }) as never;

const COUNTED =
  /\b1 (?:[a-z]+ )?(?:errors|warnings|notes|images|image pulls|hosts|problems|checks|objects|CPUs|changes|lines|nodes|CustomResourceDefinitions)\b|(?<!http)\(s\)/;

describe("plural", () => {
  it("picks the singular for 1 only", () => {
    expect(plural(1, "error")).toBe("1 error");
    expect(plural(0, "error")).toBe("0 errors");
    expect(plural("2", "more line", "more lines")).toBe("2 more lines");
    expect(noun(1, "is", "are")).toBe("is");
  });

  it("no English message says '1 errors' or 'host(s)'", () => {
    const bad = MESSAGE_KEYS.flatMap((k) => {
      const s = t("en", k, all(1));
      return COUNTED.test(s) ? [`${k}: ${s}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it("counts read right in both numbers", () => {
    expect(t("en", "doctor.report.summary", { errors: 1, warnings: 1, info: 1 })).toBe(
      "1 error, 1 warning, 1 note.",
    );
    expect(t("en", "doctor.report.summary", { errors: 2, warnings: 0, info: 3 })).toBe(
      "2 errors, 0 warnings, 3 notes.",
    );
    expect(t("zh", "doctor.report.summary", { errors: 1, warnings: 1, info: 1 })).toBe(
      "1 个错误，1 个警告，1 条提示。",
    );
  });
});

describe("one Chinese term for a dry run", () => {
  it("every zh message says 试运行, none 演练", () => {
    const zh = MESSAGE_KEYS.map((k) => t("zh", k, all(1)));
    expect(zh.filter((s) => s.includes("演练"))).toEqual([]);
    expect(zh.filter((s) => s.includes("试运行")).length).toBeGreaterThanOrEqual(6);
  });
});
