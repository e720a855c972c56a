/**
 * The bundle library with an injected fake ImageArchiver (it writes a small tar with an index.json,
 * as an OCI archive has), and the command's input checks through the CLI: every refusal is exit 2
 * with one line and a fix, before anything is read from the network or written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createBundle } from "../../src/bundle/create.js";
import { installBundle, readManifest, verifyBundle } from "../../src/bundle/install.js";
import { fileSha256, readTar, writeTar } from "../../src/bundle/tar.js";
import type { ImageArchiver } from "../../src/bundle/types.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { execaRunner } from "../../src/host/runner.js";
import { tempDirsIn } from "../../src/ports.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import { runCli } from "../fakes/ports.js";

const dir = mkdtempSync(join(tmpdir(), "kadm-bundle-lib-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a tar holding index.json with the refs; import reads it back. */
function fakeArchiver(): ImageArchiver & { exported: string[][]; imported: string[] } {
  const present = new Set<string>();
  const self = {
    exported: [] as string[][],
    imported: [] as string[],
    async export(refs: readonly string[], path: string) {
      self.exported.push([...refs]);
      const index = join(dirname(path), "index.json");
      writeFileSync(
        index,
        JSON.stringify({ manifests: refs.map((r) => ({ annotations: { "io.containerd.image.name": r } })) }),
      );
      await writeTar(path, [{ name: "index.json", file: index }]);
      return { images: refs.map((ref) => ({ ref, digest: `sha256:${"a".repeat(64)}`, bytes: 1000 })) };
    },
    async import(path: string) {
      const chunks: Buffer[] = [];
      await readTar(path, () => ({ data: (c) => void chunks.push(c), end: () => {} }));
      const text = Buffer.concat(chunks).toString();
      const refs = (JSON.parse(text).manifests as { annotations: Record<string, string> }[]).map(
        (m) => m.annotations["io.containerd.image.name"] as string,
      );
      const fresh = refs.filter((r) => !present.has(r));
      for (const r of fresh) present.add(r);
      self.imported.push(...fresh);
      return { images: refs.map((ref) => ({ ref, digest: "", bytes: 0 })), imported: fresh };
    },
  };
  return self;
}

const spec = resolveSpec(
  [
    { source: "default", values: BUILTIN_DEFAULTS },
    {
      source: "flags",
      values: { kubernetesVersion: "v1.33.2", "cni.plugin": "none", "controlPlane.loadBalancer": "kube-vip" },
    },
  ],
  "upstream",
  "init",
).spec;

describe("bundle library with a fake archiver", () => {
  const out = join(dir, "kw.tar");
  const archiver = fakeArchiver();
  it("create: the images of kubeadm and the HA load balancer go through the archiver; the manifest lists every part", async () => {
    const r = await createBundle(
      {
        lang: "en",
        runner: execaRunner({}),
        fetch: async () => {
          throw new Error("no network in this test");
        },
        files: { readText: async () => "" } as never,
        tempDirs: tempDirsIn(() => dir),
        archiver,
        version: "0.1.0",
        progress: () => {},
      },
      { spec, distros: [], osRepos: new Map(), out, arch: "amd64", executable: undefined, now: new Date(0) },
    );
    expect(archiver.exported[0]).toContain("registry.k8s.io/kube-apiserver:v1.33.2");
    expect(archiver.exported[0]?.some((i) => i.includes("kube-vip"))).toBe(true);
    expect(r.manifest.parts.map((p) => p.path)).toEqual(["images/images.tar"]);
    expect(r.notes.join("\n")).toContain("npm run build:sea");
    const m = await readManifest("en", out);
    expect(m.created).toBe("1970-01-01T00:00:00.000Z");
    const checks = await verifyBundle("en", out, m);
    expect(checks.map((c) => c.status)).toEqual(["ok"]);
    // Only the bundle file is left; the staging directory is gone.
    expect(readFileSync(out).length % 512).toBe(0);
  });

  it("install on an OS the bundle has no packages for: exit 2 naming both, nothing written", async () => {
    const root = join(dir, "root");
    mkdirSync(join(root, "etc"), { recursive: true });
    writeFileSync(
      join(root, "etc/os-release"),
      'ID=ubuntu\nVERSION_ID="22.04"\nPRETTY_NAME="Ubuntu 22.04"\n',
    );
    await expect(
      installBundle(
        {
          lang: "zh",
          fs: rootedHostFs({ root }),
          runner: execaRunner({}),
          tempDirs: tempDirsIn(() => dir),
          archiver,
          progress: () => {},
        },
        out,
      ),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: "本节点是 ubuntu-22.04，而离线包只含 - 的软件包。未安装任何内容。",
    });
    expect(existsSync(join(root, "var"))).toBe(false);
    expect(archiver.imported).toEqual([]);
  });

  it("a part the manifest lists but the file lacks: refused as incomplete, naming it", async () => {
    const m = await readManifest("en", out);
    const manifest = join(dir, "m.json");
    const extra = { path: "cni/calico-v3.32.1-calico.yaml", kind: "cni", sha256: "b".repeat(64), size: 3 };
    writeFileSync(manifest, JSON.stringify({ ...m, parts: [...m.parts, extra] }));
    const sum = join(dir, "m.sum");
    writeFileSync(sum, `${(await fileSha256(manifest)).sha256}\n`);
    const images = join(dir, "images.tar");
    await writeTar(images, [{ name: "index.json", file: manifest }]);
    const broken = join(dir, "broken.tar");
    // The images part as it was (same bytes), the listed CNI part absent.
    const imagesBytes: Buffer[] = [];
    await readTar(out, (e) =>
      e.name === "images/images.tar" ? { data: (c) => void imagesBytes.push(c), end: () => {} } : undefined,
    );
    writeFileSync(images, Buffer.concat(imagesBytes));
    await writeTar(broken, [
      { name: "manifest.json", file: manifest },
      { name: "images/images.tar", file: images },
      { name: "manifest.json.sha256", file: sum },
    ]);
    const r = await runCli(["bundle", "inspect", broken, "--verify"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/CNI\s+MISSING\s+cni\/calico-v3\.32\.1-calico\.yaml\s+3 B/);
    expect(r.stderr).toContain("part cni/calico-v3.32.1-calico.yaml is missing");
  });
});

describe("bundle command input checks (exit 2, one line, nothing done)", () => {
  const cases: [string, string[], string][] = [
    ["no subcommand", ["bundle"], 'unknown bundle subcommand ""; use create, install or inspect.'],
    [
      "unknown OS key",
      ["bundle", "create", "--os", "fedora-41", "--k8s-version", "v1.33.2"],
      '--os: "fedora-41" is not a distribution',
    ],
    [
      "--os-repo for an OS not bundled",
      ["bundle", "create", "--os", "ubuntu-22.04", "--os-repo", "rocky-9=http://127.0.0.1:1/x", "--dry-run"],
      '--os-repo "rocky-9=http://127.0.0.1:1/x"',
    ],
    [
      "bad --arch",
      ["bundle", "create", "--os", "rocky-9", "--arch", "s390x"],
      '--arch "s390x": use amd64 or arm64.',
    ],
    ["install without a file", ["bundle", "install"], "bundle install needs the bundle file."],
    [
      "a file that is not there",
      ["bundle", "inspect", "/nonexistent/kw.tar"],
      "cannot read the bundle /nonexistent/kw.tar: ENOENT.",
    ],
  ];
  for (const [name, argv, text] of cases) {
    it(name, async () => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(text);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
  it("a file that is not a bundle (zh)", async () => {
    const f = join(dir, "not.tar");
    writeFileSync(f, "hello world\n".repeat(100));
    const r = await runCli(["bundle", "inspect", f, "--lang", "zh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`离线包 ${f} 已损坏：第 0 字节处的 tar 头已损坏。`);
    expect(r.stderr).not.toContain("未安装");
  });
});

describe("init --bundle", () => {
  it("installs the bundle first (dry run: verified and planned) and takes its versions as defaults", async () => {
    // A bundle for Ubuntu 22.04 whose packages this root already has (none to install).
    const base = join(dir, "init-base.tar");
    const archiver = fakeArchiver();
    const s = resolveSpec(
      [
        { source: "default", values: BUILTIN_DEFAULTS },
        { source: "flags", values: { kubernetesVersion: "v1.32.4", "cni.plugin": "none" } },
      ],
      "upstream",
      "init",
    ).spec;
    await createBundle(
      {
        lang: "en",
        runner: execaRunner({}),
        fetch: async () => {
          throw new Error("no network in this test");
        },
        files: { readText: async () => "" } as never,
        tempDirs: tempDirsIn(() => dir),
        archiver,
        version: "0.1.0",
        progress: () => {},
      },
      {
        spec: s,
        distros: [],
        osRepos: new Map(),
        out: base,
        arch: "amd64",
        executable: undefined,
        now: new Date(0),
      },
    );
    const m = await readManifest("en", base);
    const manifest = join(dir, "init-m.json");
    writeFileSync(
      manifest,
      JSON.stringify({ ...m, os: [{ key: "ubuntu-22.04", family: "deb", held: [], install: {} }] }),
    );
    const sum = join(dir, "init-m.sum");
    writeFileSync(sum, `${(await fileSha256(manifest)).sha256}\n`);
    const images: Buffer[] = [];
    await readTar(base, (e) =>
      e.name === "images/images.tar" ? { data: (c) => void images.push(c), end: () => {} } : undefined,
    );
    writeFileSync(join(dir, "init-images.tar"), Buffer.concat(images));
    const file = join(dir, "init.tar");
    await writeTar(file, [
      { name: "manifest.json", file: manifest },
      { name: "images/images.tar", file: join(dir, "init-images.tar") },
      { name: "manifest.json.sha256", file: sum },
    ]);
    const root = join(dir, "init-root");
    mkdirSync(join(root, "etc"), { recursive: true });
    writeFileSync(join(root, "etc/os-release"), 'ID=ubuntu\nVERSION_ID="22.04"\n');
    const r = await runCli([
      "init",
      "--bundle",
      file,
      "--dry-run",
      "--yes",
      "--advertise-address",
      "192.0.2.10",
      "--root",
      root,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("✓ verified: 1 parts");
    expect(r.stderr).toContain(
      "~ images: 4 would be imported into containerd".replace("4", String(m.images.length)),
    );
    // The bundle's version and profile, not the defaults (aliyun, the newest release).
    expect(r.stdout).toContain("kubernetesVersion: v1.32.4");
    expect(r.stdout).toContain("registry.k8s.io/kube-apiserver:v1.32.4");
    expect(existsSync(join(root, "var/lib/kadm-wizard/bundle"))).toBe(false);
  });
});
