/**
 * Seeds a registry over the distribution HTTP API, as `docker push` would: monolithic blob uploads
 * (POST, then PUT with ?digest=) for an image config and one tiny layer, then PUT of the manifest.
 * Only ever pointed at 127.0.0.1.
 */
import { createHash } from "node:crypto";
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

/** A one-file ustar archive. */
export function tinyTar(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const header = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => header.write(text, offset, length, "ascii");
  put(name, 0, 100);
  put("0000644\0", 100, 8);
  put("0000000\0", 108, 8);
  put("0000000\0", 116, 8);
  put(`${data.length.toString(8).padStart(11, "0")}\0`, 124, 12);
  put("00000000000\0", 136, 12);
  put("        ", 148, 8); // checksum counts as spaces while summing
  put("0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
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
    headers: { "Content-Type": "application/octet-stream" },
    body: blob,
  });
  await expectStatus(put, 201, `finish upload of ${digest}`);
  await put.body?.cancel();
  return digest;
}

/** Pushes a minimal image (config + one layer) as repository:tag; returns the manifest digest. */
export async function pushImage(
  base: string,
  repository: string,
  tag: string,
  format: ManifestFormat = "docker",
): Promise<string> {
  const media = MEDIA[format];
  const tar = tinyTar("hello.txt", `${repository}:${tag}\n`);
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
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
  const digest = sha256(manifest);
  const echoed = res.headers.get("docker-content-digest");
  if (echoed !== digest) throw new Error(`registry answered digest ${echoed}, expected ${digest}`);
  return digest;
}
