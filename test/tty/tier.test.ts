/**
 * The terminal tier's one visible line: its name says whether it runs and, if not, why (no tmux).
 * The other test/tty files skip their suites on the same condition, the reason in their titles too.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { requireBuild, TTY_SKIP_REASON, TTY_TIER_TITLE, tmuxBinary } from "./harness.js";

// The default reporter does not name skipped suites: say it once, where it is seen.
if (TTY_SKIP_REASON) console.warn(TTY_TIER_TITLE);

describe.skipIf(TTY_SKIP_REASON !== undefined)(TTY_TIER_TITLE, () => {
  it("has a tmux that takes the options the harness uses (3.0 or later) and a built CLI", () => {
    const version = execFileSync(tmuxBinary() as string, ["-V"], { encoding: "utf8" });
    const m = /tmux (\d+)\.(\d+)/.exec(version);
    expect(m, version).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(3);
    requireBuild();
  });
});
