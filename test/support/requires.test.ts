/**
 * The skip guards and the skip reporter: reasons name what is missing and the fix, and a vitest run
 * with a guarded suite ends with that reason in one line after the summary.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { firstReason, requireSharedTestdata, requireTool, skipTitle } from "./requires.js";
import { skipLines } from "./skip-reporter.js";
import { REPO_ROOT, SHARED_TESTDATA } from "./tools.mjs";

describe("guards", () => {
  it("requireTool: undefined when on PATH, else the missing binaries and their Debian packages", () => {
    expect(requireTool("node")).toBeUndefined();
    expect(requireTool("node", "kadm-no-such-tool", "ctr")).toMatch(
      /^no kadm-no-such-tool(, ctr)? on PATH — apt-get install kadm-no-such-tool( containerd)? \(npm test as root does\)$/,
    );
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(requireTool("zsh", "sshd")).toBe(
        "no zsh, sshd on PATH — apt-get install zsh openssh-server (npm test as root does)",
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it("requireSharedTestdata names the first missing path", () => {
    const fix = "put the project's shared/ directory next to this clone";
    expect(requireSharedTestdata()).toBe(
      existsSync(SHARED_TESTDATA) ? undefined : `no ../shared/testdata — ${fix}`,
    );
    expect(requireSharedTestdata("no-such-file.yaml", "cni")).toBe(
      `no ../shared/testdata/no-such-file.yaml — ${fix}`,
    );
  });

  it("skipTitle marks only a real reason; firstReason keeps the order", () => {
    expect(skipTitle("zsh", undefined)).toBe("zsh");
    expect(skipTitle("zsh", "no zsh — fix")).toBe("zsh (SKIPPED: no zsh — fix)");
    expect(firstReason(undefined, "b", "c")).toBe("b");
    expect(firstReason(undefined, undefined)).toBeUndefined();
  });

  it("skipLines: one line per file and reason", () => {
    const r = "no zsh on PATH — apt-get install zsh";
    expect(
      skipLines([
        { file: "a.test.ts", title: "zsh", reason: r, tests: 2 },
        { file: "a.test.ts", title: "zsh again", reason: r, tests: 1 },
        { file: "b.test.ts", title: "cni", reason: "no data", tests: 0, uncollected: true },
      ]),
    ).toEqual([
      `skipped: a.test.ts › zsh and 1 more (3 tests) — ${r}`,
      "skipped: b.test.ts › cni (1 suite not collected) — no data",
    ]);
  });
});

describe("the skip reporter in a real vitest run", () => {
  const dir = mkdtempSync(join(tmpdir(), "kadm-skip-reporter-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the guarded suite's reason after the summary; the run still passes", async () => {
    mkdirSync(join(dir, "t"));
    const requires = join(REPO_ROOT, "test", "support", "requires.ts");
    writeFileSync(
      join(dir, "t", "toy.test.ts"),
      [
        'import { describe, expect, it } from "vitest";',
        `import { describeUnless, requireTool, skipTitle } from ${JSON.stringify(requires)};`,
        'const NO_TOOL = requireTool("kadm-no-such-tool");',
        'describe.skipIf(NO_TOOL)(skipTitle("needs the tool", NO_TOOL), () => { it("a", () => {}); it("b", () => {}); });',
        'describeUnless(NO_TOOL)("reads at collection", () => { throw new Error("collected"); });',
        'describe("runs", () => { it("c", () => expect(1).toBe(1)); });',
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "vitest.config.ts"),
      `export default { test: { include: ["t/*.test.ts"], reporters: ["default", ${JSON.stringify(
        join(REPO_ROOT, "test", "support", "skip-reporter.ts"),
      )}] } };\n`,
    );
    const r = await execa(join(REPO_ROOT, "node_modules", ".bin", "vitest"), ["run", "--root", dir], {
      reject: false,
      env: { NO_COLOR: "1", CI: "1" },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const reason = "no kadm-no-such-tool on PATH — apt-get install kadm-no-such-tool (npm test as root does)";
    expect(r.stdout).toContain(" environment: 1 skipped group (missing tools or test data):");
    expect(r.stdout).toContain(
      `skipped: t/toy.test.ts › needs the tool and 1 more (2 tests, 1 suite not collected) — ${reason}`,
    );
    expect(r.stdout.indexOf("environment:")).toBeGreaterThan(r.stdout.indexOf("Tests"));
  }, 60_000);
});
