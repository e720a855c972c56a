/**
 * What `npm publish` would ship: bin/, dist/ (without the executable and its build files in dist/sea/)
 * and profiles/, plus what npm always adds. Checked on the real `npm pack --dry-run` listing.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ALWAYS = /^(package\.json|README(\.md)?|LICEN[CS]E(\.md)?|CHANGELOG(\.md)?)$/i;

describe("npm pack", () => {
  it("builds dist/ first (prepack), so `npm ci && npm pack` in a clean clone makes an installable tarball", () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prepack).toBe("npm run build");
  });

  it("contains only bin, dist and profiles (and the files npm always adds)", async () => {
    const r = await execa("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
    const [pack] = JSON.parse(r.stdout) as [{ files: { path: string }[] }];
    const paths = pack.files.map((f) => f.path);
    const stray = paths.filter((p) => !/^(bin|dist|profiles)\//.test(p) && !ALWAYS.test(p));
    expect(stray).toEqual([]);
    expect(paths.filter((p) => p.startsWith("dist/sea/"))).toEqual([]);
    for (const needed of [
      "bin/kadm-wizard.js",
      "dist/launch.js",
      "dist/cli.js",
      "dist/kadm-wizard.mjs",
      "profiles/aliyun.yaml",
      "profiles/upstream.yaml",
      "profiles/offline.yaml",
    ]) {
      expect(paths).toContain(needed);
    }
  });
});
