import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { distroForKey, packageFromFile, parseBundleManifest } from "../../src/bundle/manifest.js";
import { hashingConsumer, readTar, TarCorrupt, tarHeader, writeTar } from "../../src/bundle/tar.js";

const dir = mkdtempSync(join(tmpdir(), "kadm-tar-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function entries(file: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await readTar(file, (e) => {
    const chunks: Buffer[] = [];
    return {
      data: (c) => void chunks.push(c),
      end: () => {
        out[e.name] = Buffer.concat(chunks).toString();
      },
    };
  });
  return out;
}

describe("the bundle's tar writer and strict reader", () => {
  const a = join(dir, "a.txt");
  const b = join(dir, "b.bin");
  const file = join(dir, "t.tar");
  const long = `packages/ubuntu-22.04/${"x".repeat(80)}_1.0_amd64.deb`;
  it("round trip: GNU tar lists and extracts what we wrote; we read GNU tar's output", async () => {
    writeFileSync(a, "hello\n");
    writeFileSync(b, Buffer.alloc(1300, 7));
    writeFileSync(join(dir, "empty"), "");
    await writeTar(file, [
      { name: "manifest.json", file: a },
      { name: long, file: b, mode: 0o755 },
      { name: "empty", file: join(dir, "empty") },
    ]);
    const listed = execFileSync("tar", ["-tvf", file], { encoding: "utf8" });
    expect(listed).toContain(long);
    expect(listed).toMatch(/-rwxr-xr-x root\/root\s+1300 /);
    const got = await entries(file);
    expect(got["manifest.json"]).toBe("hello\n");
    expect(got[long]).toBe(Buffer.alloc(1300, 7).toString());
    expect(got.empty).toBe("");
    // GNU tar's own archive of the same file (record padding to 10 KiB) reads too.
    const gnu = join(dir, "gnu.tar");
    execFileSync("tar", ["--format=ustar", "-cf", gnu, "-C", dir, "a.txt"]);
    expect((await entries(gnu))["a.txt"]).toBe("hello\n");
  });

  it("any single byte changed outside the data is refused; inside the data the hash differs", async () => {
    const bytes = readFileSync(file);
    const sums = async (f: string) => {
      const out: Record<string, string> = {};
      await readTar(f, (e) => {
        const h = hashingConsumer();
        return {
          data: (c) => h.data(c),
          end: () => {
            out[e.name] = h.result().sha256;
          },
        };
      });
      return JSON.stringify(out);
    };
    const good = await sums(file);
    const bad = join(dir, "bad.tar");
    // Every 97th byte, and every byte of the first header and the end blocks.
    const positions = [...Array(bytes.length).keys()].filter(
      (i) => i % 97 === 0 || i < 512 || i >= bytes.length - 1024,
    );
    for (const i of positions) {
      const copy = Buffer.from(bytes);
      copy[i] = (copy[i] ?? 0) ^ 0x20;
      writeFileSync(bad, copy);
      let noticed = false;
      try {
        noticed = (await sums(bad)) !== good;
      } catch (e) {
        noticed = e instanceof TarCorrupt;
      }
      expect(noticed, `byte ${i}`).toBe(true);
    }
  });

  it("a truncated archive names what it was reading", async () => {
    const bytes = readFileSync(file);
    const cut = join(dir, "cut.tar");
    writeFileSync(cut, bytes.subarray(0, 512 + 3));
    await expect(entries(cut)).rejects.toMatchObject({ kind: "entry", detail: "manifest.json" });
  });

  it("sizes of 8 GiB and more use base-256 (GNU)", () => {
    const h = tarHeader("big", 9 * 2 ** 30);
    expect(h[124]).toBe(0x80);
  });
});

describe("manifest and names", () => {
  it("OS keys: the supported distributions only", () => {
    expect(distroForKey("ubuntu-22.04")?.name).toBe("Ubuntu 22.04");
    expect(distroForKey("rocky-9")?.family).toBe("rpm");
    expect(distroForKey("kylin-v10")?.name).toBe("Kylin V10");
    expect(distroForKey("fedora-41")).toBeUndefined();
    expect(distroForKey("ubuntu-18.04")).toBeUndefined();
  });
  it("package file names", () => {
    expect(packageFromFile("kubeadm_1.33.2-1.1_amd64.deb")).toEqual({
      name: "kubeadm",
      version: "1.33.2-1.1",
    });
    expect(packageFromFile("conntrack_1%3a1.4.7-1+b2_amd64.deb")).toEqual({
      name: "conntrack",
      version: "1:1.4.7-1+b2",
    });
    expect(packageFromFile("containerd.io-2.1.4-3.1.el9.x86_64.rpm")).toEqual({
      name: "containerd.io",
      version: "2.1.4-3.1.el9",
    });
    expect(packageFromFile("cri-tools-1.33.0-150500.1.1.x86_64.rpm")?.name).toBe("cri-tools");
  });
  it("a manifest with a path leaving the bundle's directory is refused", () => {
    const m = {
      format: "kadm-wizard-bundle/1",
      version: "0.1.0",
      kubernetesVersion: "v1.33.2",
      cni: { plugin: "calico", version: "v3.32.1" },
      arch: "amd64",
      imageRepository: "registry.k8s.io",
      profile: "upstream",
      created: "2026-01-01T00:00:00.000Z",
      os: [],
      images: [],
      parts: [{ path: "../etc/passwd", kind: "cni", sha256: "0".repeat(64), size: 1 }],
    };
    expect(parseBundleManifest(JSON.stringify(m))).toEqual({
      ok: false,
      problem: { key: "bundle.manifestBad", field: "parts[0].path" },
    });
    m.parts[0] = { path: "cni/calico.yaml", kind: "cni", sha256: "0".repeat(64), size: 1 };
    expect(parseBundleManifest(JSON.stringify(m)).ok).toBe(true);
    expect(parseBundleManifest("{").ok).toBe(false);
  });
});
