/**
 * Skip guards for suites that need something outside the repository: a Debian tool, root with network
 * namespaces, or ../shared/testdata. Each guard returns undefined when the suite can run, else ONE
 * reason "what is missing — how to fix it". The reason goes into the suite's title as
 * "(SKIPPED: <reason>)"; test/support/skip-reporter.ts prints every such skipped suite in the
 * summary at the end of the run, so a skip is never silent.
 *
 * Adopting it in a suite (two lines):
 *
 *   import { requireTool, skipTitle } from "../support/requires.js";
 *   const NO_TMUX = requireTool("tmux");
 *   describe.skipIf(NO_TMUX)(skipTitle("the wizard in a real terminal", NO_TMUX), () => { ... });
 *
 * or, for several top-level suites with the same need:
 *
 *   const describeShared = describeUnless(requireSharedTestdata("failure-messages.yaml"));
 *   describeShared("classifiers against the real messages", () => { ... });
 *
 * or, for some tests of a suite: `const test = itUnless(REASON);` and `test("...", ...)` for those.
 *
 * Guards: requireTool(...bins), requireRoot(), requireNetns(), requireSharedTestdata(...paths);
 * firstReason(...) combines several. `npm test` as root on Debian installs the tools first
 * (scripts/test-deps.mjs, unless KADM_TEST_NO_INSTALL=1).
 */
import { describe, it } from "vitest";
import { netnsUnavailable } from "../fakes/netns-hosts.mjs";
import { missingSharedTestdata, onPath, packageOf } from "./tools.mjs";

/** Why a suite cannot run here, or undefined when it can. */
export type SkipReason = string | undefined;

/** The marker the skip reporter looks for in suite and test titles. */
export const SKIP_MARK = "(SKIPPED: ";

/** Missing when any of `bins` is not on PATH; the fix names the Debian packages. */
export function requireTool(...bins: string[]): SkipReason {
  const missing = bins.filter((b) => onPath(b) === undefined);
  if (missing.length === 0) return undefined;
  const pkgs = [...new Set(missing.map(packageOf))];
  return `no ${missing.join(", ")} on PATH — apt-get install ${pkgs.join(" ")} (npm test as root does)`;
}

export function requireRoot(): SkipReason {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    return "not root — run the tests as root (network namespaces need it)";
  }
  return undefined;
}

/** Root, ip, sshd, ssh-keygen and a working `ip netns add` (test/fakes/netns-hosts.mjs). */
export function requireNetns(): SkipReason {
  if (process.platform !== "linux") return "not Linux — network namespaces are Linux only";
  return firstReason(requireRoot(), requireTool("ip", "sshd", "ssh-keygen"), netnsProbe());
}

function netnsProbe(): SkipReason {
  const why = netnsUnavailable();
  return why === undefined ? undefined : `${why} — run as root on a host that allows network namespaces`;
}

/** Missing when any of `paths` (relative to ../shared/testdata; none: the directory) is absent. */
export function requireSharedTestdata(...paths: string[]): SkipReason {
  const missing = missingSharedTestdata(paths.length === 0 ? [""] : paths);
  if (missing.length === 0) return undefined;
  const first = missing[0] === "" ? "" : `/${missing[0]}`;
  return `no ../shared/testdata${first} — put the project's shared/ directory next to this clone`;
}

/** The first reason given (guards are checked in order; later ones are not needed then). */
export function firstReason(...reasons: SkipReason[]): SkipReason {
  return reasons.find((r) => r !== undefined);
}

/** `title`, with the skip reason appended when there is one. */
export function skipTitle(title: string, reason: SkipReason): string {
  return reason === undefined ? title : `${title} ${SKIP_MARK}${reason})`;
}

/**
 * A `describe` that skips, with the reason in its title, when `reason` is set. A skipped suite's
 * body is not run (it may read the missing data while collecting); one placeholder test stands for it.
 */
export function describeUnless(reason: SkipReason): (title: string, fn: () => void) => void {
  return (title, fn) => {
    if (reason === undefined) describe(title, fn);
    else describe.skip(skipTitle(title, reason), () => it(NOT_COLLECTED, () => {}));
  };
}

/**
 * An `it` that skips, with the reason in its title, when `reason` is set. Files that guard only
 * some of their tests bind it as `const test = itUnless(REASON)`, so the guarded ones read
 * `test("...", async () => {` and keep the formatter's test-call layout (no re-indented bodies).
 */
export function itUnless(reason: SkipReason): (title: string, fn: () => unknown, timeout?: number) => void {
  return (title, fn, timeout) => it.skipIf(reason !== undefined)(skipTitle(title, reason), fn, timeout);
}

/** The placeholder test of a suite describeUnless skipped without collecting it. */
export const NOT_COLLECTED = "(not collected: its suite was skipped)";
