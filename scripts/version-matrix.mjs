#!/usr/bin/env node
// Rewrites the README's supported-version matrix (between the version-matrix markers) from the built
// tables; test/unit/version-matrix.test.ts fails when the README and the tables disagree.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { versionMatrixMarkdown } = await import(
  pathToFileURL(join(ROOT, "dist", "kubeadm", "matrix.js")).href
);
const file = join(ROOT, "README.md");
const text = readFileSync(file, "utf8");
const next = text.replace(
  /(<!-- version-matrix:start -->\n)[\s\S]*?(<!-- version-matrix:end -->)/,
  `$1${versionMatrixMarkdown()}\n$2`,
);
writeFileSync(file, next);
