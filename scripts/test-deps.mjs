#!/usr/bin/env node
/**
 * `pretest` (runs before `npm test`): gets this machine what the test tiers use, so the README's
 * `npm ci && npm test` passes on a fresh Debian machine by itself.
 *
 * As root on Debian: apt-installs the packages of test/support/tools.mjs that dpkg does not have
 * (apt-get update only then). Otherwise (not root, no apt, apt unreachable, or KADM_TEST_NO_INSTALL=1
 * for a machine that must not change) it installs nothing and prints one line per missing tool: the
 * suites that will be skipped and how to install it. It never fails the test run: the suites skip
 * themselves, visibly (test/support/requires.ts, test/support/skip-reporter.ts).
 */
import { spawnSync } from "node:child_process";
import { missingSharedTestdata, onPath, TEST_TOOLS } from "../test/support/tools.mjs";

const say = (line) => process.stdout.write(`test-deps: ${line}\n`);

/** KADM_TEST_NO_INSTALL=1 (or true/yes): report only. */
function optedOut(env = process.env) {
  return ["1", "true", "yes"].includes((env.KADM_TEST_NO_INSTALL ?? "").trim().toLowerCase());
}

function installed(pkg) {
  const r = spawnSync("dpkg", ["-s", pkg], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  return r.status === 0 && /^Status: install ok installed$/m.test(r.stdout);
}

function apt(args) {
  const r = spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=300", ...args], {
    encoding: "utf8",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const last = `${r.stderr ?? ""}\n${r.stdout ?? ""}`
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  return { ok: r.status === 0, why: r.error?.message ?? last ?? `exit ${r.status}` };
}

/** Why packages cannot be installed here, or undefined when they can. */
function cannotInstall() {
  if (optedOut()) return "KADM_TEST_NO_INSTALL is set";
  if (process.platform !== "linux" || !onPath("dpkg") || !onPath("apt-get")) return "no apt-get/dpkg here";
  if (typeof process.getuid === "function" && process.getuid() !== 0) return "not root";
  return undefined;
}

function main() {
  const packages = [...new Set(TEST_TOOLS.flatMap((t) => t.pkg.split(" ")))];
  const blocked = cannotInstall();
  const haveDpkg = onPath("dpkg") !== undefined;
  const missingPkgs = haveDpkg ? packages.filter((p) => !installed(p)) : [];
  if (missingPkgs.length > 0 && blocked === undefined) {
    say(
      `installing ${missingPkgs.join(" ")} for the test suites (apt-get; KADM_TEST_NO_INSTALL=1 skips this)`,
    );
    // A stale or empty package list is the usual reason for "Unable to locate package".
    const update = apt(["update", "-qq"]);
    const inst = apt(["install", "-y", "-qq", "--no-install-recommends", ...missingPkgs]);
    if (!inst.ok) {
      say(`apt-get install failed (${update.ok ? inst.why : update.why}); installing nothing`);
    }
  }
  const missing = TEST_TOOLS.filter((t) => onPath(t.bin) === undefined);
  const not = blocked ?? "apt-get could not install it";
  for (const t of missing) {
    const skips = t.suites === "" ? "no suite skips without it" : `skipping ${t.suites}`;
    say(`no ${t.bin}: ${skips}; install: apt-get install ${t.pkg} [not installed: ${not}]`);
  }
  if (missingSharedTestdata().length > 0) {
    say(
      "no ../shared/testdata: skipping the suites that read real kubeadm transcripts, CNI manifests and messages; fix: put the project's shared/ directory next to this clone",
    );
  }
  if (missing.length === 0) say(`every test tool is here (${TEST_TOOLS.map((t) => t.bin).join(", ")})`);
}

try {
  main();
} catch (e) {
  // Never the reason a test run fails: the suites report what is missing themselves.
  say(`could not check the test tools (${e instanceof Error ? e.message : String(e)}); the suites still run`);
}
