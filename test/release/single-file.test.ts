/**
 * The two one-file distributions, as a user gets them: dist/kadm-wizard.mjs run by a bare Node.js and
 * the Linux x64 executable, each copied into an empty temp directory (no package.json, no
 * node_modules, no profiles/ anywhere above it). `npm test` builds both first (npm run build:sea).
 * Each must behave exactly like the source build (bin/kadm-wizard.js), which the other tests cover.
 */
import { copyFileSync, existsSync, linkSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_BY_NAME } from "../../src/cli/commands.js";
import { parseDocuments } from "../../src/kubeadm/render.js";
import { type NodeHost, nodeHost } from "../fakes/node-host.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const PKG_VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;
const BUNDLE = join(ROOT, "dist", "kadm-wizard.mjs");
const EXECUTABLE = join(ROOT, "dist", "sea", "kadm-wizard-linux-x64");
const CONFIG = ["config", "--k8s-version", "v1.33.2", "--advertise-address", "192.0.2.10", "--yes"];

const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", CI: "1" };
const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

let dir: string;
let host: NodeHost;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kadm-onefile-"));
  for (const file of [BUNDLE, EXECUTABLE]) {
    expect(existsSync(file), `${file} is built by npm run build:sea`).toBe(true);
    const to = join(dir, file.split("/").at(-1) as string);
    // A hard link is instant for the 130 MB executable; another file system needs a copy.
    try {
      linkSync(file, to);
    } catch {
      copyFileSync(file, to);
    }
  }
  host = await nodeHost();
});
afterAll(async () => {
  await host.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

type Launch = (args: string[]) => Promise<{ exitCode: number; stdout: string; stderr: string }>;
const launcher =
  (argv0: () => string[]): Launch =>
  async (args) => {
    const [cmd, ...pre] = argv0() as [string, ...string[]];
    const r = await execa(cmd, [...pre, ...args], { cwd: dir, reject: false, env, extendEnv: false });
    return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
const source = launcher(() => [process.execPath, join(ROOT, "bin", "kadm-wizard.js")]);

/** What a doctor run amounts to, without details that may differ between two runs. */
function doctorOutcome(r: { exitCode: number; stdout: string; stderr: string }) {
  if (r.exitCode === 2) return { exitCode: 2, stderr: r.stderr };
  const report = JSON.parse(r.stdout) as { findings: { id: string }[] };
  return { exitCode: r.exitCode, ids: report.findings.map((f) => f.id).sort() };
}

describe.each([
  ["bundle (node kadm-wizard.mjs)", () => [process.execPath, join(dir, "kadm-wizard.mjs")]],
  ["executable (kadm-wizard-linux-x64)", () => [join(dir, "kadm-wizard-linux-x64")]],
])("%s from an empty directory", (_name, argv0) => {
  const run = launcher(argv0);

  it("--version prints the package version", async () => {
    const r = await run(["--version"]);
    expect(r).toEqual({ exitCode: 0, stdout: `kadm-wizard ${PKG_VERSION}`, stderr: "" });
  });

  it("--help and a command's --help match the source build", async () => {
    for (const args of [["--help"], ["images", "--help", "--lang", "zh"]]) {
      expect(await run(args)).toEqual(await source(args));
    }
  });

  it("config prints the kubeadm documents from the embedded aliyun profile", async () => {
    const r = await run(CONFIG);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("# profile: builtin:aliyun");
    const docs = parseDocuments(r.stdout);
    expect(docs.map((d) => d.kind)).toEqual([
      "InitConfiguration",
      "ClusterConfiguration",
      "KubeletConfiguration",
      "KubeProxyConfiguration",
    ]);
    expect(docs[1]).toMatchObject({ imageRepository: "registry.aliyuncs.com/google_containers" });
  });

  it("every built-in profile is embedded", async () => {
    for (const [profile, repo] of [
      ["upstream", "registry.k8s.io"],
      ["offline", "harbor.example.internal/k8s"],
    ] as const) {
      const extra = profile === "offline" ? ["--image-repository", repo] : [];
      const r = await run([...CONFIG, "--profile", profile, ...extra]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(parseDocuments(r.stdout)[1]).toMatchObject({ imageRepository: repo });
    }
  });

  it("bad input exits 2 with one line and no stack trace", async () => {
    const r = await run(["config", "--k8s-version", "v1.30.x", "--advertise-address", "192.0.2.10", "--yes"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: Kubernetes version "v1\.30\.x" .* Fix: /);
  });

  it("completion bash is the same script as from the source build", async () => {
    const r = await run(["completion", "bash"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe((await source(["completion", "bash"])).stdout);
    expect(r.stdout).toContain("complete -o default -F _kadm_wizard kadm-wizard");
  });

  it("doctor --host-only --root <fixture> has the source build's outcome", async () => {
    const args = ["doctor", "--host-only", "--root", host.root, "--output", "json"];
    expect(doctorOutcome(await run(args))).toEqual(doctorOutcome(await source(args)));
  });

  // Written while `doctor` was still being built on another branch. The branch follows the command
  // table, so after the merge the second half is what runs; nothing to switch by hand.
  it("doctor --host-only: one-line 'not built yet' (exit 2) until doctor lands, then a JSON report", async () => {
    const r = await run(["doctor", "--host-only", "--root", host.root, "--output", "json"]);
    if (!COMMAND_BY_NAME.get("doctor")?.load) {
      expect(r.exitCode).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: `kadm-wizard doctor` is not built yet/);
    } else {
      expect([0, 3], r.stderr).toContain(r.exitCode);
      expect(JSON.parse(r.stdout)).toHaveProperty("findings");
    }
  });
});
