import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadAllBounded, loadBounded, MAX_GRAPH_DEPTH } from "../../src/util/yaml-safe.js";
import { billionLaughs } from "../fakes/yaml-bombs.js";
import { itUnless, requireSharedTestdata } from "../support/requires.js";

const withCni = itUnless(requireSharedTestdata("cni"));
const CNI_DIR = new URL("../../../shared/testdata/cni/", import.meta.url).pathname;

describe("loadAllBounded", () => {
  // (Bounded by construction: the weight is memoised per object, so this returns where a walk of the
  // expansion, 10^9 nodes, would not end before the test's timeout. Time is measured in bench/, not here.)
  it("refuses a billion laughs without expanding it", () => {
    const text = billionLaughs();
    expect(text.length).toBeLessThan(10_240);
    const r = loadAllBounded(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.kind).toBe("aliasBomb");
  });

  it("refuses the same bomb hidden in the second document of a stream", () => {
    const r = loadAllBounded(`kind: Namespace\n---\n${billionLaughs()}`);
    expect(!r.ok && r.problem.kind).toBe("aliasBomb");
  });

  it("refuses a bomb of long strings (few aliases, huge expansion)", () => {
    const big = "x".repeat(4000);
    let s = `s: &s "${big}"\nl0: &l0 [*s, *s, *s, *s]\n`;
    for (let i = 1; i < 12; i++) s += `l${i}: &l${i} [*l${i - 1}, *l${i - 1}, *l${i - 1}, *l${i - 1}]\n`;
    const r = loadBounded(s);
    expect(!r.ok && r.problem.kind).toBe("aliasBomb");
  });

  it("refuses recursive aliases (no finite expansion)", () => {
    for (const text of ["a: &x [*x]", "a: &x {b: *x}"]) {
      const r = loadBounded(text);
      expect(!r.ok && r.problem.kind, text).toBe("recursiveAlias");
    }
  });

  it("refuses a chain of aliases deeper than any walker should recurse", () => {
    let s = "a0: &a0 [1]\n";
    for (let i = 1; i <= MAX_GRAPH_DEPTH + 5; i++) s += `a${i}: &a${i} [*a${i - 1}]\n`;
    const r = loadBounded(s);
    expect(!r.ok && r.problem.kind).toBe("tooDeep");
  });

  it("refuses text over the size limit before parsing it", () => {
    const r = loadBounded("a: 1\n".repeat(100), { maxBytes: 100 });
    expect(r).toEqual({ ok: false, problem: { kind: "tooLarge", bytes: 500, limit: 100 } });
  });

  it("reports syntax errors with line and column", () => {
    const r = loadBounded("a: [1, 2\nb: 3\n");
    expect(!r.ok && r.problem.kind).toBe("syntax");
  });

  it("keeps ordinary aliases that expand modestly", () => {
    const r = loadBounded("base: &b {cpu: 100m, memory: 128Mi}\nx: *b\ny: *b\nz: {<<: *b, cpu: 1}\n");
    expect(r.ok && r.doc).toEqual({
      base: { cpu: "100m", memory: "128Mi" },
      x: { cpu: "100m", memory: "128Mi" },
      y: { cpu: "100m", memory: "128Mi" },
      z: { cpu: 1, memory: "128Mi" },
    });
  });

  withCni("accepts every real CNI manifest in the shared testdata", () => {
    for (const f of [
      "calico-v3.30.7.yaml",
      "calico-v3.32.1.yaml",
      "tigera-operator-v3.32.1.yaml",
      "flannel-v0.28.9.yml",
    ]) {
      const r = loadAllBounded(readFileSync(`${CNI_DIR}${f}`, "utf8"));
      expect(r.ok, f).toBe(true);
    }
  });
});
