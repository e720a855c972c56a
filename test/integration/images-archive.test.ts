/**
 * `images export` / `images import` through the CLI against two real containerds (each under its
 * own --root) and a real docker-registry on 127.0.0.1 behind the profile's certs.d mirror: the
 * archive's index.json names the mirrored images with containerd's digests, the import lands the
 * same names and digests, and a second import changes nothing.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostsTomlPath, renderHostsToml } from "../../src/host/containerd/hosts-toml.js";
import { parseArchiveIndex } from "../../src/images/archive-index.js";
import { mustParseReference } from "../../src/images/reference.js";
import { kubeadmImages } from "../../src/kubeadm/images.js";
import { runCli } from "../fakes/ports.js";
import {
  type Containerd,
  containerdImages,
  containerdSuiteTitle,
  freePort,
  guardEnv,
  HAVE_CONTAINERD,
  type Registry,
  startContainerd,
  startRegistry,
  tempDir,
} from "./harness.js";
import { seedImage } from "./registry-seed.js";

const VERSION = "v1.33.2";
const SOCKET = "unix:///run/cd/containerd.sock";
const EXPECTED = kubeadmImages({
  kubernetesVersion: VERSION,
  imageRepository: "registry.aliyuncs.com/google_containers",
  externalEtcd: false,
});

describe.skipIf(!HAVE_CONTAINERD)(containerdSuiteTitle("images export and import through the CLI"), () => {
  let dir = "";
  let rootA = "";
  let rootB = "";
  let registry: Registry | undefined;
  let a: Containerd | undefined;
  let b: Containerd | undefined;
  const savedEnv = { ...process.env };
  const common = ["--cri-socket", SOCKET, "--k8s-version", VERSION, "--cni", "none"];

  beforeAll(async () => {
    dir = tempDir("kadm-archive-");
    rootA = join(dir, "a");
    rootB = join(dir, "b");
    registry = await startRegistry();
    for (const image of kubeadmImages({
      kubernetesVersion: VERSION,
      imageRepository: `${registry.host}/google_containers`,
      externalEtcd: false,
    })) {
      const ref = mustParseReference(image);
      await seedImage(registry.url, ref.repository, ref.tag ?? "latest", { layerBytes: 4096 });
    }
    const env = guardEnv(await freePort());
    Object.assign(process.env, env); // ctr, run by the CLI's runner, inherits the dead-proxy guard
    a = await startContainerd({ dir: join(rootA, "run", "cd"), env });
    b = await startContainerd({ dir: join(rootB, "run", "cd"), env });
    // Only A reaches the mirror: B gets its images from the archive or not at all.
    const file = hostsTomlPath(join(rootA, "etc/containerd/certs.d"), "registry.aliyuncs.com");
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderHostsToml("registry.aliyuncs.com", [registry.url]));
  }, 90_000);

  afterAll(async () => {
    process.env = savedEnv;
    await a?.stop();
    await b?.stop();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  const listed = containerdImages;

  it("export --no-pull refuses images containerd lacks (exit 1, nothing written)", async () => {
    const out = join(dir, "nopull.tar");
    const r = await runCli(["images", "export", "--out", out, "--root", rootA, "--no-pull", ...common]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("7 images are not in containerd on local");
    expect(r.stderr).toContain("kadm-wizard images pull");
    await expect(readFile(out)).rejects.toThrow();
  });

  it("export pulls what is missing, writes one archive whose index has containerd's digests", async () => {
    // One image is there already: the rest are pulled for the export.
    const pause = EXPECTED.find((i) => i.includes("/pause:")) as string;
    const pre = await runCli(["images", "pull", "--root", rootA, ...common]);
    expect(pre.code, pre.stderr).toBe(0);
    await a?.ctr(["-n", "k8s.io", "images", "rm", ...EXPECTED.filter((i) => i !== pause)]);
    const out = join(dir, "images.tar");
    const r = await runCli(["images", "export", "--out", out, "--root", rootA, ...common]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*images\.tar: 7 images for linux\/\w+, .* \(6 pulled first\)\./);
    const index = parseArchiveIndex((await execa("tar", ["-xOf", out, "index.json"])).stdout);
    expect(index.map((e) => e.ref).sort()).toEqual([...EXPECTED].sort());
    const inA = await listed(a);
    for (const e of index) expect(e.digest).toBe(inA.get(e.ref)?.digest);
  }, 120_000);

  it("import lands the mirrored names with the archive's digests; a second import changes nothing", async () => {
    const out = join(dir, "images.tar");
    const args = ["images", "import", out, "--root", rootB, "--cri-socket", SOCKET];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      "7 imported, 0 replaced, 0 already present; every digest matches the archive.",
    );
    const index = parseArchiveIndex((await execa("tar", ["-xOf", out, "index.json"])).stdout);
    const inB = await listed(b);
    for (const e of index) expect(inB.get(e.ref)?.digest, e.ref).toBe(e.digest);
    for (const image of EXPECTED) expect(inB.has(image), image).toBe(true);

    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("0 imported, 0 replaced, 7 already present");
    expect(await listed(b)).toEqual(inB);
  }, 120_000);

  it("import in Chinese, and a file that is not an archive is exit 2 before containerd is asked", async () => {
    const bad = join(dir, "not-an-archive.tar");
    await writeFile(bad, "hello");
    const r = await runCli([
      "images",
      "import",
      bad,
      "--root",
      rootB,
      "--cri-socket",
      SOCKET,
      "--lang",
      "zh",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("不是镜像归档（tar: This does not look like a tar archive）");
    const again = await runCli([
      "images",
      "import",
      join(dir, "images.tar"),
      "--root",
      rootB,
      "--cri-socket",
      SOCKET,
      "--lang",
      "zh",
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("导入 0 个，替换 0 个，已存在 7 个；所有摘要与归档一致。");
  }, 60_000);

  it("dry run: plans the export and the import, asks containerd nothing", async () => {
    const out = join(dir, "dry.tar");
    const ex = await runCli([
      "images",
      "export",
      "--out",
      out,
      "--root",
      join(dir, "empty"),
      "--dry-run",
      ...common,
    ]);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout).toContain("dry run: would write 7 images");
    expect(ex.stdout).toContain("images export --platform");
    await expect(readFile(out)).rejects.toThrow();
    const im = await runCli([
      "images",
      "import",
      join(dir, "images.tar"),
      "--root",
      join(dir, "empty"),
      "--cri-socket",
      SOCKET,
      "--dry-run",
    ]);
    expect(im.code, im.stderr).toBe(0);
    expect(im.stdout).toContain("holds 7 images");
    expect(im.stdout).toContain("images import");
  });
});
