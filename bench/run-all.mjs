#!/usr/bin/env node
/**
 * Runs every benchmark in bench/ and writes bench/RESULTS.md with each one's table and ratios.
 * A benchmark is a bench/*.mjs file that starts with a `#!` line (helpers without one are skipped),
 * so benchmarks added on other branches join in without editing this file. One failing benchmark
 * is recorded as failed; the others still run, and the exit code is 1 at the end.
 *
 *   npm run bench          (builds dist/ and the executable first)
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const SELF = fileURLToPath(import.meta.url)
  .split("/")
  .at(-1);

const benches = readdirSync(HERE)
  .filter((f) => f.endsWith(".mjs") && f !== SELF)
  .filter((f) => readFileSync(join(HERE, f), "utf8").startsWith("#!"))
  .sort();

/** Runs one benchmark with its output shown live and kept for the report. */
function run(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(HERE, file)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const keep = (echo) => (b) => {
      out += b;
      echo.write(b);
    };
    child.stdout.on("data", keep(process.stdout));
    child.stderr.on("data", keep(process.stderr));
    child.on("close", (code) => resolve({ file, code, out, seconds: (performance.now() - started) / 1000 }));
  });
}

const results = [];
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  results.push(await run(file));
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
const report = [
  "# Benchmark results",
  "",
  "Written by `npm run bench` (bench/run-all.mjs); every ratio is against a baseline measured in the same run.",
  `Machine: ${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}, Node.js ${process.version}.`,
  `Date: ${new Date().toISOString().slice(0, 10)}.`,
  "",
  ...results.flatMap((r) => [
    `## ${r.file.replace(/\.mjs$/, "")}`,
    "",
    `\`node bench/${r.file}\`: ${r.code === 0 ? "ok" : `FAILED (exit ${r.code})`}, ${r.seconds.toFixed(1)} s`,
    "",
    "```",
    r.out.trimEnd(),
    "```",
    "",
  ]),
].join("\n");
writeFileSync(join(HERE, "RESULTS.md"), report);
console.log(
  `\nwrote bench/RESULTS.md (${results.length} benchmarks: ${results.map((r) => r.file).join(", ")})`,
);
if (results.some((r) => r.code !== 0)) process.exitCode = 1;
