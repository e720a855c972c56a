/**
 * Prints, after vitest's own summary, one line per file and reason for every suite (or test) that
 * was skipped because this machine lacks something: the titles carry "(SKIPPED: <reason>)" (see
 * test/support/requires.ts). A run where everything ran says so in one line, so "nothing was
 * skipped" is visible too.
 */
import type { Reporter, TestCase, TestModule, TestSuite } from "vitest/node";
import { NOT_COLLECTED, SKIP_MARK } from "./requires.js";

interface Skip {
  file: string;
  title: string;
  reason: string;
  /** Skipped tests; a suite skipped without collecting its tests (describeUnless) counts 0 ... */
  tests: number;
  /** ... and is marked here. */
  uncollected?: boolean;
}

function reasonOf(name: string): { title: string; reason: string } | undefined {
  const at = name.lastIndexOf(SKIP_MARK);
  if (at < 0 || !name.endsWith(")")) return undefined;
  return { title: name.slice(0, at).trim(), reason: name.slice(at + SKIP_MARK.length, -1) };
}

/** The marked, skipped suites and tests of a module; only the outermost mark of a subtree counts. */
export function skipsOf(module: TestModule): Skip[] {
  const out: Skip[] = [];
  const file = module.relativeModuleId;
  const visit = (node: TestSuite | TestCase) => {
    if (node.type === "test") {
      const r = reasonOf(node.name);
      if (r && node.result().state === "skipped") out.push({ file, ...r, tests: 1 });
      return;
    }
    const r = reasonOf(node.name);
    if (r && node.state() === "skipped") {
      const tests = [...node.children.allTests()];
      const uncollected = tests.length === 1 && tests[0]?.name === NOT_COLLECTED;
      out.push({ file, ...r, tests: uncollected ? 0 : tests.length, uncollected });
      return;
    }
    for (const child of node.children) visit(child);
  };
  for (const child of module.children) visit(child);
  return out;
}

/** Lines per file and reason: "skipped: <file> › <suite> (<n> tests) — <reason>". */
export function skipLines(skips: Skip[]): string[] {
  type Group = { file: string; reason: string; titles: string[]; tests: number; uncollected: number };
  const groups = new Map<string, Group>();
  for (const s of skips) {
    const key = `${s.file}\0${s.reason}`;
    const g = groups.get(key) ?? { file: s.file, reason: s.reason, titles: [], tests: 0, uncollected: 0 };
    g.titles.push(s.title);
    g.tests += s.tests;
    if (s.uncollected) g.uncollected++;
    groups.set(key, g);
  }
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return [...groups.values()].map((g) => {
    const what = g.titles.length === 1 ? g.titles[0] : `${g.titles[0]} and ${g.titles.length - 1} more`;
    const counts = [
      ...(g.tests > 0 ? [plural(g.tests, "test")] : []),
      ...(g.uncollected > 0 ? [`${plural(g.uncollected, "suite")} not collected`] : []),
    ].join(", ");
    return `skipped: ${g.file} › ${what} (${counts}) — ${g.reason}`;
  });
}

export default class SkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines = skipLines(modules.flatMap(skipsOf));
    const out = process.stdout;
    if (lines.length === 0) {
      out.write("\n environment: every suite ran (no tool or shared test data missing)\n\n");
      return;
    }
    const n = lines.length;
    out.write(`\n environment: ${n} skipped group${n === 1 ? "" : "s"} (missing tools or test data):\n`);
    for (const line of lines) out.write(`   ${line}\n`);
    out.write("\n");
  }
}
