#!/usr/bin/env node
// Precomputes what `kadm-wizard --version` and `--help` print (dist/fast.json), so the npm launcher can
// answer them without loading the CLI: Node.js alone already costs most of the start-up budget.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const DIST = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const { mainHelp } = await import(pathToFileURL(join(DIST, "cli", "help.js")).href);
const { VERSION } = await import(pathToFileURL(join(DIST, "version.js")).href);
writeFileSync(
  join(DIST, "fast.json"),
  JSON.stringify({ version: VERSION, help: { en: mainHelp("en", VERSION), zh: mainHelp("zh", VERSION) } }),
);
