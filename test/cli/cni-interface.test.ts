import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findCniRelease } from "../../src/cni/catalog.js";
import { cachePath } from "../../src/cni/source.js";
import { cniManifest } from "../fakes/cluster.js";
import { runCli } from "../fakes/ports.js";
import { requireSharedTestdata, skipTitle } from "../support/requires.js";

const NO_CNI = requireSharedTestdata("cni");
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});
function rootWith(plugin: "flannel" | "calico", version: string, file: string): string {
  const root = mkdtempSync(join(tmpdir(), "kadm-cni-if-"));
  roots.push(root);
  const release = findCniRelease(plugin, version);
  if (!release) throw new Error(`${plugin} ${version} unknown`);
  const path = join(root, cachePath(release));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, cniManifest(file));
  return root;
}

describe.skipIf(NO_CNI)(skipTitle("--cni-interface", NO_CNI), () => {
  it("calico: IP_AUTODETECTION_METHOD=interface=<IF> in the patched manifest", async () => {
    const root = rootWith("calico", "v3.32.1", "calico-v3.32.1.yaml");
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--cni",
      "calico",
      "--cni-interface",
      "eth1",
      "--root",
      root,
    ]);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/- name: IP_AUTODETECTION_METHOD\n\s+value: interface=eth1/);
  });
  it("flannel: --iface=<IF> for flanneld", async () => {
    const root = rootWith("flannel", "v0.28.9", "flannel-v0.28.9.yml");
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--cni",
      "flannel",
      "--cni-interface",
      "eth1",
      "--root",
      root,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--iface=eth1");
  });
  it("a bad interface is refused (exit 2)", async () => {
    const root = rootWith("flannel", "v0.28.9", "flannel-v0.28.9.yml");
    const r = await runCli([
      "cni",
      "apply",
      "--dry-run",
      "--cni",
      "flannel",
      "--cni-interface",
      "eth 1",
      "--root",
      root,
    ]);
    expect(r.code).toBe(2);
  });
});
