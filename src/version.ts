import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EMBEDDED } from "./embedded.js";
import { PACKAGE_ROOT } from "./paths.js";

/** Read once from package.json so the version has a single source (the bundles embed it at build time). */
export const VERSION: string =
  EMBEDDED?.version ??
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
