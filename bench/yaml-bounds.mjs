#!/usr/bin/env node
/**
 * The bounded YAML loader (src/util/yaml-safe.ts) against plain js-yaml, measured in the same run:
 * what the alias-expansion bound costs on real manifests (calico's 341 KB, flannel's), and what a
 * "billion laughs" costs to refuse (time and heap, next to parsing calico). Median of --runs.
 *
 *   npm run bench:yaml     (or: node --expose-gc bench/yaml-bounds.mjs --runs 31)
 *
 * Only local files, no network. Exits non-zero on errors only.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import yaml from "js-yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({ options: { runs: { type: "string", default: "31" } } });
const RUNS = Number(args.runs);
const { loadAllBounded } = await import(join(ROOT, "dist", "util", "yaml-safe.js"));

const CNI = join(ROOT, "..", "shared", "testdata", "cni");
const read = (f) => {
  try {
    return readFileSync(join(CNI, f), "utf8");
  } catch {
    return undefined;
  }
};

/** 9 levels of 9 aliases: 9^9 = 387 million strings once expanded, from half a KB of text. */
function billionLaughs() {
  const lines = ['a0: &a0 ["lol"]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(",")}]`,
    );
  return `${lines.join("\n")}\n`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
function heap(fn) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = fn();
  const after = process.memoryUsage().heapUsed;
  return { mb: Math.max(0, after - before) / 1024 / 1024, keep };
}

const rows = [];
for (const file of ["calico-v3.32.1.yaml", "flannel-v0.28.9.yml"]) {
  const text = read(file);
  if (!text) {
    console.log(`(skipped ${file}: ../shared/testdata/cni is not here)`);
    continue;
  }
  const plain = time(() => yaml.loadAll(text));
  const bounded = time(() => {
    const r = loadAllBounded(text);
    if (!r.ok) throw new Error(`${file} refused: ${r.problem.kind}`);
  });
  rows.push([file, `${(text.length / 1024).toFixed(0)} KB`, plain, bounded, bounded / plain]);
}

const bomb = billionLaughs();
const refused = time(() => {
  const r = loadAllBounded(bomb);
  if (r.ok || r.problem.kind !== "aliasBomb") throw new Error("the bomb was not refused");
});
const bombHeap = heap(() => loadAllBounded(bomb));
const calico = read("calico-v3.32.1.yaml");
const calicoHeap = calico ? heap(() => yaml.loadAll(calico)) : undefined;

console.log(`YAML loading, median of ${RUNS} runs (ms)\n`);
console.log("| input | size | js-yaml loadAll | loadAllBounded | ratio |");
console.log("| --- | --- | --- | --- | --- |");
for (const [f, size, p, b, ratio] of rows)
  console.log(`| ${f} | ${size} | ${p.toFixed(2)} | ${b.toFixed(2)} | ${ratio.toFixed(2)}x |`);
console.log(
  `| billion laughs (9^9 expanded) | ${(bomb.length / 1024).toFixed(1)} KB | (never ends once walked) | refused in ${refused.toFixed(2)} | - |`,
);
console.log(
  `\nheap to refuse the bomb: ${bombHeap.mb.toFixed(1)} MB${calicoHeap ? `; to parse calico: ${calicoHeap.mb.toFixed(1)} MB (baseline, same run)` : ""}`,
);
