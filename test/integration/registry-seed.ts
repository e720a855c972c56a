/**
 * Seeds a registry over the distribution HTTP API, as `docker push` would: monolithic blob uploads
 * (POST, then PUT with ?digest=) for an image config and one layer, then PUT of the manifest. So
 * tests need no docker/skopeo. Only ever pointed at 127.0.0.1.
 */
import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";

export type ManifestFormat = "docker" | "oci";

const MEDIA = {
  docker: {
    manifest: "application/vnd.docker.distribution.manifest.v2+json",
    config: "application/vnd.docker.container.image.v1+json",
    layer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  },
  oci: {
    manifest: "application/vnd.oci.image.manifest.v1+json",
    config: "application/vnd.oci.image.config.v1+json",
    layer: "application/vnd.oci.image.layer.v1.tar+gzip",
  },
} as const;

export const sha256 = (data: Buffer | string) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

/** One regular file in a ustar archive (header, content padded to 512, two zero blocks). */
export function tarOneFile(name: string, content: string | Buffer, mtime = 0): Buffer {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const header = Buffer.alloc(512, 0);
  const put = (value: string, offset: number, length: number) => header.write(value, offset, length, "ascii");
  const octal = (n: number, length: number) => `${n.toString(8).padStart(length - 1, "0")}\0`;
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(data.length, 12), 124, 12);
  put(octal(mtime, 12), 136, 12);
  put("        ", 148, 8); // checksum field counts as spaces while summing
  put("0", 156, 1);
  put("ustar\u000000", 257, 8);
  put("root", 265, 32);
  put("root", 297, 32);
  let sum = 0;
  for (const b of header) sum += b;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512, 0);
  return Buffer.concat([header, data, pad, Buffer.alloc(1024, 0)]);
}

/** GOARCH of this machine, which containerd matches the image's platform against. */
export function goArch(arch: string = process.arch): string {
  const map: Record<string, string> = {
    x64: "amd64",
    arm64: "arm64",
    arm: "arm",
    ppc64: "ppc64le",
    s390x: "s390x",
    riscv64: "riscv64",
  };
  return map[arch] ?? arch;
}

async function expectStatus(res: Response, want: number, what: string): Promise<void> {
  if (res.status !== want) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
}

/** Uploads a blob monolithically; returns its digest. */
export async function pushBlob(base: string, repository: string, blob: Buffer): Promise<string> {
  const digest = sha256(blob);
  const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: "POST" });
  await expectStatus(start, 202, `start upload to ${repository}`);
  await start.body?.cancel();
  const location = start.headers.get("location");
  if (!location) throw new Error("upload without Location");
  const url = new URL(location, base);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(blob.length) },
    body: blob,
  });
  await expectStatus(put, 201, `finish upload of ${digest}`);
  await put.body?.cancel();
  return digest;
}

export interface SeedOptions {
  /** Manifest and blob media types, default "oci". */
  format?: ManifestFormat;
  /** Size of the one file in the layer: random bytes, so the gzipped layer is about this big too. Default: a short text. */
  layerBytes?: number;
}

export interface SeededImage {
  /** Digest of the manifest, checked against the registry's Docker-Content-Digest. */
  manifestDigest: string;
  configDigest: string;
  layerDigest: string;
  /** Config + layer + manifest: what a pull downloads. */
  bytes: number;
}

/** Pushes repository:tag (config and one layer holding /kadm-wizard.txt) to `base` (http://127.0.0.1:port). */
export async function seedImage(
  base: string,
  repository: string,
  tag: string,
  opts: SeedOptions = {},
): Promise<SeededImage> {
  const media = MEDIA[opts.format ?? "oci"];
  const content =
    opts.layerBytes === undefined
      ? `${repository}:${tag} seeded by kadm-wizard tests\n`
      : randomBytes(opts.layerBytes);
  const tar = tarOneFile("kadm-wizard.txt", content);
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: goArch(),
      os: "linux",
      config: { Entrypoint: ["/pause"] },
      rootfs: { type: "layers", diff_ids: [sha256(tar)] },
    }),
  );
  const configDigest = await pushBlob(base, repository, config);
  const layerDigest = await pushBlob(base, repository, layer);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: media.manifest,
      config: { mediaType: media.config, size: config.length, digest: configDigest },
      layers: [{ mediaType: media.layer, size: layer.length, digest: layerDigest }],
    }),
  );
  const res = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: "PUT",
    headers: { "Content-Type": media.manifest },
    body: manifest,
  });
  await expectStatus(res, 201, `put manifest ${repository}:${tag}`);
  await res.body?.cancel();
  const manifestDigest = sha256(manifest);
  const echoed = res.headers.get("docker-content-digest");
  if (echoed !== manifestDigest)
    throw new Error(`registry answered digest ${echoed}, expected ${manifestDigest}`);
  return { manifestDigest, configDigest, layerDigest, bytes: config.length + layer.length + manifest.length };
}
