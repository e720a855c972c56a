import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rootedHostFs } from "../../src/host/host-fs.js";

const fixedNow = () => new Date("2026-11-23T09:30:00.123Z");

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "kadm-root-"));
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/fstab"), "/dev/sda2 none swap sw 0 0\n");
  return root;
}

describe("rooted host file system", () => {
  it("resolves host paths under the root and refuses to escape it", () => {
    const fs = rootedHostFs({ root: "/tmp/r" });
    expect(fs.resolve("/etc/containerd/config.toml")).toBe("/tmp/r/etc/containerd/config.toml");
    expect(() => fs.resolve("/../../etc/passwd")).not.toThrow(); // normalised to /etc/passwd under the root
    expect(fs.resolve("/../../etc/passwd")).toBe("/tmp/r/etc/passwd");
    expect(() => fs.resolve("etc/fstab")).toThrow(/absolute/);
  });

  it("writes atomically, backs up what it replaces, and reports unchanged on the second run", async () => {
    const root = tempRoot();
    const fs = rootedHostFs({ root, now: fixedNow });
    const first = await fs.write("/etc/fstab", "# /dev/sda2 none swap sw 0 0\n");
    expect(first).toMatchObject({ changed: true, backup: "/etc/fstab.kadm-wizard-20261123T093000Z.bak" });
    expect(readFileSync(join(root, "etc/fstab.kadm-wizard-20261123T093000Z.bak"), "utf8")).toBe(
      "/dev/sda2 none swap sw 0 0\n",
    );
    expect(readFileSync(join(root, "etc/fstab"), "utf8")).toBe("# /dev/sda2 none swap sw 0 0\n");
    const second = await fs.write("/etc/fstab", "# /dev/sda2 none swap sw 0 0\n");
    expect(second).toMatchObject({ changed: false });
    expect(readdirSync(join(root, "etc")).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("creates new files with parents and the requested mode, and fixes a wrong mode", async () => {
    const root = tempRoot();
    const fs = rootedHostFs({ root });
    const r = await fs.write("/etc/kadm-wizard/kubeadm.yaml", "token: x\n", { mode: 0o600 });
    expect(r).toMatchObject({ changed: true, before: undefined });
    expect(r.backup).toBeUndefined();
    expect(statSync(join(root, "etc/kadm-wizard/kubeadm.yaml")).mode & 0o777).toBe(0o600);
    const { chmodSync } = await import("node:fs");
    chmodSync(join(root, "etc/kadm-wizard/kubeadm.yaml"), 0o644);
    expect((await fs.write("/etc/kadm-wizard/kubeadm.yaml", "token: x\n", { mode: 0o600 })).changed).toBe(
      true,
    );
    expect(statSync(join(root, "etc/kadm-wizard/kubeadm.yaml")).mode & 0o777).toBe(0o600);
  });

  it("dry-run reports the change with before/after and touches nothing", async () => {
    const root = tempRoot();
    const fs = rootedHostFs({ root, dryRun: true });
    const r = await fs.write("/etc/fstab", "new\n");
    expect(r).toMatchObject({
      changed: true,
      skipped: true,
      before: "/dev/sda2 none swap sw 0 0\n",
      after: "new\n",
    });
    expect(readdirSync(join(root, "etc"))).toEqual(["fstab"]);
    expect(await fs.read("/etc/fstab")).toBe("/dev/sda2 none swap sw 0 0\n");
  });

  it("reads missing files as undefined and lists missing directories as empty", async () => {
    const fs = rootedHostFs({ root: tempRoot() });
    expect(await fs.read("/etc/nope")).toBeUndefined();
    expect(await fs.exists("/etc/fstab")).toBe(true);
    expect(await fs.list("/etc/sysctl.d")).toEqual([]);
  });
});
