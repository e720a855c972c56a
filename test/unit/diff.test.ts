import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/host/diff.js";

describe("unified diff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("/etc/x", "a\n", "a\n")).toBe("");
  });

  it("shows a new file against /dev/null", () => {
    expect(unifiedDiff("/etc/modules-load.d/k.conf", undefined, "overlay\nbr_netfilter\n")).toBe(
      "--- /dev/null\n+++ /etc/modules-load.d/k.conf\n@@ -0,0 +1,2 @@\n+overlay\n+br_netfilter\n",
    );
  });

  it("shows one changed line with three lines of context, in hunks", () => {
    const before = `${Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n")}\n`;
    const after = before.replace("line 5\n", "line five\n").replace("line 18\n", "");
    expect(unifiedDiff("/etc/f", before, after)).toBe(
      [
        "--- /etc/f",
        "+++ /etc/f",
        "@@ -2,7 +2,7 @@",
        " line 2",
        " line 3",
        " line 4",
        "-line 5",
        "+line five",
        " line 6",
        " line 7",
        " line 8",
        "@@ -15,6 +15,5 @@",
        " line 15",
        " line 16",
        " line 17",
        "-line 18",
        " line 19",
        " line 20",
        "",
      ].join("\n"),
    );
  });
});
