/**
 * What an image archive holds content for: the pure reading (archive-platform.ts) on documents
 * shaped like ctr export's, then the real `tar` on hand-built archives: `images import` refuses an
 * arm64 archive on this machine before containerd is asked (exit 2, the image and both platforms
 * named, en and zh).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { execaRunner } from "../../src/host/runner.js";
import { importImages, readArchivePlatforms } from "../../src/images/archive.js";
import { parseArchiveIndex } from "../../src/images/archive-index.js";
import {
  documentsByDigest,
  imagePlatforms,
  platformMatches,
  platformMismatches,
  splitJsonValues,
} from "../../src/images/archive-platform.js";
import { localNode } from "../../src/node/node.js";
import { runCli } from "../fakes/ports.js";

const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const json = (v: unknown) => JSON.stringify(v);
const INDEX = "application/vnd.oci.image.index.v1+json";
const MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const HOST_ARCH = process.arch === "arm64" ? "arm64" : "amd64";
const OTHER_ARCH = HOST_ARCH === "amd64" ? "arm64" : "amd64";

/** An image's blobs: config, manifest (and an index over both platforms when `multi`). */
function image(arch: string, o: { multi?: boolean } = {}) {
  const config = json({ architecture: arch, os: "linux", rootfs: { type: "layers", diff_ids: [] } });
  const manifest = json({
    schemaVersion: 2,
    mediaType: MANIFEST,
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: sha(config),
      size: config.length,
    },
    layers: [],
  });
  const blobs = new Map([
    [sha(config), config],
    [sha(manifest), manifest],
  ]);
  if (!o.multi) return { top: manifest, mediaType: MANIFEST, blobs };
  // The index names both platforms; the archive holds only `arch`'s manifest (ctr export --platform).
  const absent = sha(`the ${arch === "amd64" ? "arm64" : "amd64"} manifest, not exported`);
  const index = json({
    schemaVersion: 2,
    mediaType: INDEX,
    manifests: [
      {
        mediaType: MANIFEST,
        digest: sha(manifest),
        size: manifest.length,
        platform: { os: "linux", architecture: arch },
      },
      {
        mediaType: MANIFEST,
        digest: absent,
        size: 100,
        platform: { os: "linux", architecture: arch === "amd64" ? "arm64" : "amd64" },
      },
    ],
  });
  blobs.set(sha(index), index);
  return { top: index, mediaType: INDEX, blobs };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An OCI layout tar as ctr export writes it: index.json naming each image, blobs/sha256/*. */
function archive(images: Record<string, ReturnType<typeof image>>): { root: string; path: string } {
  const root = mkdtempSync(join(tmpdir(), "kadm-archive-platform-"));
  dirs.push(root);
  const layout = join(root, "layout");
  mkdirSync(join(layout, "blobs/sha256"), { recursive: true });
  const manifests = Object.entries(images).map(([name, img]) => {
    for (const [d, text] of img.blobs) writeFileSync(join(layout, "blobs/sha256", d.slice(7)), text);
    return {
      mediaType: img.mediaType,
      digest: sha(img.top),
      size: img.top.length,
      annotations: {
        "io.containerd.image.name": name,
        "org.opencontainers.image.ref.name": name.split(":")[1],
      },
    };
  });
  writeFileSync(join(layout, "index.json"), json({ schemaVersion: 2, manifests }));
  writeFileSync(join(layout, "oci-layout"), json({ imageLayoutVersion: "1.0.0" }));
  const path = join(root, "images.tar");
  execFileSync("tar", ["-cf", path, "-C", layout, "oci-layout", "index.json", "blobs"]);
  return { root, path };
}

describe("archive platforms (pure)", () => {
  it("splits the JSON values tar -xO prints one after another, braces inside strings included", () => {
    const a = json({ a: "}{", b: [1, { c: '\\"}' }] });
    const b = json({ z: 1 });
    expect(splitJsonValues(`${a}${b}\n${a}`)).toEqual([a, b, a]);
    expect(documentsByDigest(`${b}${a}`, new Set([sha(a)]))).toEqual(new Map([[sha(a), JSON.parse(a)]]));
  });

  it("an index holds the platforms whose manifests are in the archive; a manifest needs its config", () => {
    const multi = image("arm64", { multi: true });
    const present = new Set(multi.blobs.keys());
    expect(imagePlatforms(JSON.parse(multi.top), present)).toEqual({
      platforms: [{ os: "linux", architecture: "arm64" }],
    });
    const single = image("amd64");
    expect(imagePlatforms(JSON.parse(single.top), new Set())).toEqual({
      config: [...single.blobs.keys()][0],
    });
    expect(imagePlatforms({ nothing: true }, present)).toBeUndefined();
  });

  it("matches a node's platform (arm64's variant optional) and lists the images without it", () => {
    expect(platformMatches({ os: "linux", architecture: "arm64", variant: "v8" }, "linux/arm64")).toBe(true);
    expect(platformMatches({ os: "linux", architecture: "arm", variant: "v6" }, "linux/arm/v7")).toBe(false);
    const img = (ref: string) => ({ ref, digest: sha(ref), bytes: 0 });
    expect(
      platformMismatches(
        [
          { image: img("a"), platforms: [{ os: "linux", architecture: "amd64" }] },
          { image: img("b"), platforms: [{ os: "linux", architecture: "arm64" }] },
          { image: img("c"), platforms: undefined },
        ],
        "linux/amd64",
      ),
    ).toEqual([{ image: img("b"), holds: ["linux/arm64"] }]);
  });
});

describe("images import: an archive for another platform (real tar)", () => {
  const node = (root: string) => localNode(rootedHostFs({ root }), execaRunner());

  it("reads what a ctr-export-shaped archive holds: the index's exported platform, a manifest's config", async () => {
    const a = archive({
      "registry.k8s.io/pause:3.10": image(HOST_ARCH, { multi: true }),
      "registry.k8s.io/kube-proxy:v1.33.2": image(OTHER_ARCH),
    });
    const index = parseArchiveIndex(
      execFileSync("tar", ["-xOf", a.path, "index.json"], { encoding: "utf8" }),
    );
    const got = await readArchivePlatforms(execaRunner(), a.path, index);
    expect(got.map((g) => [g.image.ref, g.platforms])).toEqual([
      ["registry.k8s.io/pause:3.10", [{ os: "linux", architecture: HOST_ARCH }]],
      ["registry.k8s.io/kube-proxy:v1.33.2", [{ os: "linux", architecture: OTHER_ARCH }]],
    ]);
  });

  it("refuses before containerd is asked, naming the image and both platforms (exit 2, en and zh)", async () => {
    const a = archive({
      "registry.k8s.io/pause:3.10": image(OTHER_ARCH, { multi: true }),
      "registry.k8s.io/kube-proxy:v1.33.2": image(OTHER_ARCH),
    });
    for (const [lang, words] of [
      [
        "en",
        `has no linux/${HOST_ARCH} content for registry.k8s.io/pause:3.10 (it holds linux/${OTHER_ARCH}), nor for 1 more`,
      ],
      ["zh", `中 registry.k8s.io/pause:3.10 没有 linux/${HOST_ARCH} 的内容（只有 linux/${OTHER_ARCH}）`],
    ] as const) {
      const e = await importImages(node(a.root), a.path, { lang, verify: true }).catch((x: unknown) => x);
      expect(e).toMatchObject({ exitCode: 2 });
      expect((e as Error).message).toContain(words);
    }
  });

  it("the CLI says it before whether containerd is up matters: exit 2, one line, no containerd here", async () => {
    const a = archive({ "registry.k8s.io/pause:3.10": image(OTHER_ARCH) });
    const r = await runCli(["images", "import", a.path, "--root", a.root], {
      overrides: { runner: (dry) => execaRunner({ dryRun: dry }) },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`has no linux/${HOST_ARCH} content for registry.k8s.io/pause:3.10`);
    expect(r.stderr).not.toContain("containerd does not answer");
  });
});
