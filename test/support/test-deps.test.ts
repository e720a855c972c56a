/**
 * scripts/test-deps.mjs (the `pretest`) against fake dpkg and apt-get on a PATH of our own: what it
 * installs, with which apt flags, and what it prints when it must not or cannot install. The real
 * apt-get is never run here.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { requireRoot, skipTitle } from "./requires.js";
import { REPO_ROOT, TEST_TOOLS } from "./tools.mjs";

const SCRIPT = join(REPO_ROOT, "scripts", "test-deps.mjs");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function script(path: string, body: string) {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/**
 * A bin dir with every test tool except `absent`, a dpkg that knows only what is in the dir, and an
 * apt-get that logs its argv and DEBIAN_FRONTEND, then "installs" by creating the binaries
 * (or fails with `aptFails`).
 */
function fakeMachine(absent: string[], o: { aptFails?: string } = {}) {
  const bin = mkdtempSync(join(tmpdir(), "kadm-test-deps-"));
  dirs.push(bin);
  const log = join(bin, "apt.log");
  for (const t of TEST_TOOLS) if (!absent.includes(t.bin)) script(join(bin, t.bin), "exit 0");
  const binOf = Object.fromEntries(TEST_TOOLS.flatMap((t) => t.pkg.split(" ").map((p) => [p, t.bin])));
  const cases = Object.entries(binOf)
    .map(([pkg, b]) => `  ${pkg}) [ -x "${bin}/${b}" ] && echo "Status: install ok installed" && exit 0 ;;`)
    .join("\n");
  script(join(bin, "dpkg"), `case "$2" in\n${cases}\nesac\nexit 1`);
  const creates = Object.entries(binOf)
    .map(([pkg, b]) => `    ${pkg}) printf '#!/bin/sh\\n' > "${bin}/${b}"; /bin/chmod 755 "${bin}/${b}" ;;`)
    .join("\n");
  script(
    join(bin, "apt-get"),
    [
      `echo "FRONTEND=$DEBIAN_FRONTEND $*" >> "${log}"`,
      o.aptFails ? `echo "${o.aptFails}" >&2; exit 100` : "",
      `for a in "$@"; do\n  case "$a" in\n${creates}\n  esac\ndone`,
    ].join("\n"),
  );
  const run = (env: Record<string, string> = {}) =>
    execa(process.execPath, [SCRIPT], { env: { PATH: bin, ...env }, extendEnv: false, reject: false });
  const aptCalls = () => {
    try {
      return readFileSync(log, "utf8").trim().split("\n");
    } catch {
      return [];
    }
  };
  return { run, aptCalls };
}

const NOT_ROOT = requireRoot();
describe.skipIf(NOT_ROOT)(skipTitle("pretest: scripts/test-deps.mjs (root)", NOT_ROOT), () => {
  it("installs only the missing packages, non-interactively, without recommends, after an update", async () => {
    const m = fakeMachine(["zsh", "tmux"]);
    const r = await m.run();
    expect(r.exitCode).toBe(0);
    expect(m.aptCalls()).toEqual([
      "FRONTEND=noninteractive -o DPkg::Lock::Timeout=300 update -qq",
      "FRONTEND=noninteractive -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends zsh tmux",
    ]);
    expect(r.stdout.split("\n")[0]).toBe(
      "test-deps: installing zsh tmux for the test suites (apt-get; KADM_TEST_NO_INSTALL=1 skips this)",
    );
    expect(r.stdout).toContain("test-deps: every test tool is here");
  });

  it("a tool that needs several packages gets all of them (qemu-user and the arm64 C library)", async () => {
    const m = fakeMachine(["qemu-aarch64", "sudo"]);
    const r = await m.run();
    expect(r.exitCode).toBe(0);
    expect(m.aptCalls()[1]).toBe(
      "FRONTEND=noninteractive -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends sudo qemu-user libc6-arm64-cross libstdc++6-arm64-cross",
    );
    expect(r.stdout).toContain("test-deps: every test tool is here");
  });

  it("runs no apt-get at all when nothing is missing", async () => {
    const m = fakeMachine([]);
    const r = await m.run();
    expect(r.exitCode).toBe(0);
    expect(m.aptCalls()).toEqual([]);
    expect(r.stdout).not.toContain("installing");
  });

  it("KADM_TEST_NO_INSTALL=1: changes nothing, one line per missing tool with the suites and the fix", async () => {
    const m = fakeMachine(["zsh", "sshd"]);
    const r = await m.run({ KADM_TEST_NO_INSTALL: "1" });
    expect(r.exitCode).toBe(0);
    expect(m.aptCalls()).toEqual([]);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("test-deps: no "));
    expect(lines.filter((l) => !l.startsWith("test-deps: no ../shared"))).toEqual([
      "test-deps: no zsh: skipping the zsh completion check (test/unit/completion.test.ts); install: apt-get install zsh [not installed: KADM_TEST_NO_INSTALL is set]",
      "test-deps: no sshd: skipping SSH orchestration over netns hosts (test/integration/ssh-join.test.ts); install: apt-get install openssh-server [not installed: KADM_TEST_NO_INSTALL is set]",
    ]);
  });

  it("apt unreachable: says so in one line, lists what will be skipped, and does not fail", async () => {
    const m = fakeMachine(["zsh"], {
      aptFails: "E: Failed to fetch http://deb.invalid/ Temporary failure resolving",
    });
    const r = await m.run();
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("test-deps: apt-get install failed (E: Failed to fetch");
    expect(r.stdout).toContain(
      "test-deps: no zsh: skipping the zsh completion check (test/unit/completion.test.ts); install: apt-get install zsh [not installed: apt-get could not install it]",
    );
  });
});

describe("pretest without apt-get", () => {
  it("reports, installs nothing and exits 0", async () => {
    const bin = mkdtempSync(join(tmpdir(), "kadm-test-deps-"));
    dirs.push(bin);
    const r = await execa(process.execPath, [SCRIPT], {
      env: { PATH: bin },
      extendEnv: false,
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("install: apt-get install tmux [not installed: no apt-get/dpkg here]");
  });
});
