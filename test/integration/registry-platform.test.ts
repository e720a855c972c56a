/**
 * The image check asks for the node's platform: an image index with amd64 and arm64 pushed to a
 * real docker-registry on 127.0.0.1 (as multi-arch mirrors serve them), a mirror that kept the index
 * but lost the arm64 manifest, single-platform images, and `images check` for an arm64 node.
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mustParseReference } from "../../src/images/reference.js";
import { checkImage } from "../../src/images/registry-check.js";
import { kubeadmImages } from "../../src/kubeadm/images.js";
import { runCli } from "../fakes/ports.js";
import { FakeRunner, NOT_FOUND } from "../fakes/runner.js";
import { requireTool, skipTitle } from "../support/requires.js";
import { type Registry, startRegistry } from "./harness.js";
import { pushBlob, seedImage, sha256, tarOneFile } from "./registry-seed.js";

const NO_REGISTRY = requireTool("docker-registry");
const INDEX = "application/vnd.oci.image.index.v1+json";
const MANIFEST = "application/vnd.oci.image.manifest.v1+json";

async function put(base: string, repository: string, ref: string, type: string, body: Buffer) {
  const res = await fetch(`${base}/v2/${repository}/manifests/${ref}`, {
    method: "PUT",
    headers: { "Content-Type": type },
    body,
  });
  if (res.status !== 201) throw new Error(`PUT ${repository}:${ref}: HTTP ${res.status} ${await res.text()}`);
  await res.body?.cancel();
  return sha256(body);
}

/** One image per architecture, then an OCI index naming them (and an attestation entry, as buildx adds). */
async function seedIndex(base: string, repository: string, tag: string, arches: string[]) {
  const children: Record<string, string> = {};
  for (const arch of arches) {
    const tar = tarOneFile("arch.txt", `${repository}:${tag} ${arch}\n`);
    const layer = gzipSync(tar);
    const config = Buffer.from(
      JSON.stringify({
        architecture: arch,
        os: "linux",
        rootfs: { type: "layers", diff_ids: [sha256(tar)] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST,
        config: {
          mediaType: "application/vnd.oci.image.config.v1+json",
          size: config.length,
          digest: await pushBlob(base, repository, config),
        },
        layers: [
          {
            mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
            size: layer.length,
            digest: await pushBlob(base, repository, layer),
          },
        ],
      }),
    );
    children[arch] = await put(base, repository, sha256(manifest), MANIFEST, manifest);
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: INDEX,
      manifests: arches.map((arch) => ({
        mediaType: MANIFEST,
        digest: children[arch],
        size: 0,
        platform: { os: "linux", architecture: arch },
      })),
    }),
  );
  await put(base, repository, tag, INDEX, index);
  return children;
}

describe.skipIf(NO_REGISTRY)(skipTitle("image checks for the node's platform", NO_REGISTRY), () => {
  let registry: Registry | undefined;
  let host = "";
  const VERSION = "v1.33.2";

  beforeAll(async () => {
    registry = await startRegistry();
    host = registry.host;
    const base = registry.url;
    const pause = await seedIndex(base, "multi/pause", "3.10", ["amd64", "arm64"]);
    // A mirror that synced the index and amd64 only: the arm64 manifest it names is gone.
    const broken = await seedIndex(base, "broken/pause", "3.10", ["amd64", "arm64"]);
    const del = await fetch(`${base}/v2/broken/pause/manifests/${broken.arm64}`, { method: "DELETE" });
    if (del.status !== 202) throw new Error(`DELETE: HTTP ${del.status}`);
    expect(pause.arm64).toMatch(/^sha256:/);
    await seedImage(base, "single/pause", "3.10"); // this machine's architecture only
    // Every kubeadm image of the release: "multi" as amd64+arm64 indexes, "amd64only" as amd64 indexes.
    for (const [repo, arches] of [
      ["multi", ["amd64", "arm64"]],
      ["amd64only", ["amd64"]],
    ] as const) {
      for (const image of kubeadmImages({
        kubernetesVersion: VERSION,
        imageRepository: `${host}/${repo}`,
        externalEtcd: false,
      })) {
        const ref = mustParseReference(image);
        if (ref.repository === "multi/pause") continue;
        await seedIndex(base, ref.repository, ref.tag ?? "latest", [...arches]);
      }
    }
  }, 90_000);
  afterAll(async () => {
    await registry?.stop();
  });

  const linux = (architecture: string) => ({ platform: { os: "linux", architecture } });

  it("an index: ok for each platform it lists, platform-missing (naming what it has) for another", async () => {
    const arm = await checkImage(`${host}/multi/pause:3.10`, linux("arm64"));
    expect(arm.status, arm.detail).toBe("ok");
    expect(arm.detail).toContain("linux/arm64");
    expect((await checkImage(`${host}/multi/pause:3.10`, linux("amd64"))).status).toBe("ok");
    const s390x = await checkImage(`${host}/multi/pause:3.10`, linux("s390x"));
    expect(s390x.status).toBe("platform-missing");
    expect(s390x.detail).toBe("the index lists no linux/s390x (it has linux/amd64, linux/arm64)");
    // Without a platform the tag alone counts, as before.
    expect((await checkImage(`${host}/multi/pause:3.10`)).status).toBe("ok");
  });

  it("an index whose arm64 manifest the registry lacks: platform-missing for arm64, ok for amd64", async () => {
    const arm = await checkImage(`${host}/broken/pause:3.10`, linux("arm64"));
    expect(arm.status).toBe("platform-missing");
    expect(arm.detail).toMatch(
      /^the index lists linux\/arm64 as sha256:.*, but that manifest is not on the registry \(HTTP 404\)$/,
    );
    expect((await checkImage(`${host}/broken/pause:3.10`, linux("amd64"))).status).toBe("ok");
  });

  it("a single-platform image: its config decides", async () => {
    const own = process.arch === "arm64" ? "arm64" : "amd64";
    const other = own === "arm64" ? "amd64" : "arm64";
    expect((await checkImage(`${host}/single/pause:3.10`, linux(own))).status).toBe("ok");
    const r = await checkImage(`${host}/single/pause:3.10`, linux(other));
    expect(r.status).toBe("platform-missing");
    expect(r.detail).toBe(`a single-platform image for linux/${own}, not linux/${other}`);
  });

  it("images check on an arm64 node: a multi-arch mirror passes, an amd64-only one fails per image (en, zh)", async () => {
    const arm64Node = () => new FakeRunner({ "uname -m": { stdout: "aarch64\n" } }, false, NOT_FOUND);
    const argv = (repo: string) => [
      "images",
      "check",
      "--k8s-version",
      VERSION,
      "--image-repository",
      `${host}/${repo}`,
      "--cni",
      "none",
    ];
    const ok = await runCli(argv("multi"), { overrides: { runner: arm64Node } });
    expect(ok.stderr).toContain("checking 7 images on their registries for linux/arm64...");
    expect(ok.stdout).toContain("all 7 images are available.");
    expect(ok.code).toBe(0);

    const bad = await runCli(argv("amd64only"), { overrides: { runner: arm64Node } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /no platform .*amd64only\/kube-apiserver:v1\.33\.2\s+\(the index lists no linux\/arm64 \(it has linux\/amd64\)\)/,
    );
    expect(bad.stdout).toContain("the mirror keeps only some architectures of this image");
    const zh = await runCli([...argv("amd64only"), "--lang", "zh"], { overrides: { runner: arm64Node } });
    expect(zh.stderr).toContain("（linux/arm64 平台）");
    expect(zh.stdout).toContain("缺少架构");
  });
});
