import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

/**
 * Pushes a tiny single-layer OCI image to a registry through the distribution HTTP API
 * (monolithic blob uploads, then the manifest), so tests need no docker/skopeo and no network
 * beyond 127.0.0.1.
 */

export interface SeededImage {
  /** Digest of the manifest, as the registry reported it (Docker-Content-Digest). */
  manifestDigest: string;
  configDigest: string;
  layerDigest: string;
}

const sha256 = (b: Buffer | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

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

/** GOARCH of this machine, which ctr matches the image's platform against. */
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

async function uploadBlob(base: string, repo: string, blob: Buffer, digest: string): Promise<void> {
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: "POST" });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  const location = start.headers.get("location");
  if (!location) throw new Error("blob upload start: no Location header");
  const url = new URL(location, base);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, {
    method: "PUT",
    headers: { "content-type": "application/octet-stream", "content-length": String(blob.length) },
    body: blob,
  });
  if (put.status !== 201) throw new Error(`blob upload ${digest}: HTTP ${put.status} ${await put.text()}`);
}

/** Pushes <repo>:<tag> (one layer holding /kadm-wizard.txt) to the registry at `base` (http://127.0.0.1:port). */
export async function seedImage(base: string, repo: string, tag: string): Promise<SeededImage> {
  const tar = tarOneFile("kadm-wizard.txt", "seeded by kadm-wizard tests\n");
  const layer = gzipSync(tar);
  const layerDigest = sha256(layer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: goArch(),
      os: "linux",
      config: { Entrypoint: ["/pause"] },
      rootfs: { type: "layers", diff_ids: [sha256(tar)] },
    }),
  );
  const configDigest = sha256(config);
  await uploadBlob(base, repo, layer, layerDigest);
  await uploadBlob(base, repo, config, configDigest);

  const manifestType = "application/vnd.oci.image.manifest.v1+json";
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: manifestType,
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: configDigest,
      size: config.length,
    },
    layers: [
      { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: layerDigest, size: layer.length },
    ],
  });
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
    method: "PUT",
    headers: { "content-type": manifestType },
    body: manifest,
  });
  if (res.status !== 201) throw new Error(`manifest upload: HTTP ${res.status} ${await res.text()}`);
  const manifestDigest = res.headers.get("docker-content-digest") ?? sha256(manifest);
  if (manifestDigest !== sha256(manifest))
    throw new Error(`registry digest ${manifestDigest} != ${sha256(manifest)}`);
  return { manifestDigest, configDigest, layerDigest };
}
