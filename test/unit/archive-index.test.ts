import { describe, expect, it } from "vitest";
import {
  digestMismatches,
  importPlan,
  isKubernetesPlatform,
  isPlatform,
  parseArchiveIndex,
  parseImageDigests,
  platformOfMachine,
} from "../../src/images/archive-index.js";

const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;
const D3 = `sha256:${"3".repeat(64)}`;

// What ctr 1.6 writes (index.json of `ctr images export`), and `ctr images ls` in its layout.
const INDEX = JSON.stringify({
  schemaVersion: 2,
  manifests: [
    {
      mediaType: "application/vnd.oci.image.index.v1+json",
      digest: D1,
      size: 402,
      annotations: {
        "io.containerd.image.name": "registry.aliyuncs.com/google_containers/pause:3.10",
        "org.opencontainers.image.ref.name": "3.10",
      },
    },
    {
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: D2,
      size: 404,
      annotations: { "io.containerd.image.name": "registry.aliyuncs.com/google_containers/etcd:3.5.21-0" },
    },
  ],
});
const LS = [
  "REF                                                  TYPE                                       DIGEST SIZE     PLATFORMS   LABELS",
  `registry.aliyuncs.com/google_containers/etcd:3.5.21-0 application/vnd.oci.image.manifest.v1+json ${D3} 57.2 MiB linux/amd64 io.cri-containerd.image=managed`,
  `registry.aliyuncs.com/google_containers/pause:3.10    application/vnd.oci.image.index.v1+json    ${D1} 311.6 KiB linux/amd64,linux/arm64 io.cri-containerd.image=managed`,
  "",
].join("\n");

describe("archive index and containerd listing", () => {
  it("reads the full names and digests of ctr's index.json", () => {
    expect(parseArchiveIndex(INDEX)).toEqual([
      { ref: "registry.aliyuncs.com/google_containers/pause:3.10", digest: D1, bytes: 402 },
      { ref: "registry.aliyuncs.com/google_containers/etcd:3.5.21-0", digest: D2, bytes: 404 },
    ]);
  });

  it("refuses what is not ctr's index: not JSON, no list, a tag-only name, a bad digest", () => {
    expect(() => parseArchiveIndex("hello")).toThrow("not JSON");
    expect(() => parseArchiveIndex("{}")).toThrow("no manifests");
    expect(() =>
      parseArchiveIndex(
        JSON.stringify({
          manifests: [{ digest: D1, annotations: { "org.opencontainers.image.ref.name": "3.10" } }],
        }),
      ),
    ).toThrow("io.containerd.image.name");
    expect(() => parseArchiveIndex(JSON.stringify({ manifests: [{ digest: "md5:x" }] }))).toThrow("sha256");
  });

  it("reads ctr images ls: digest and size per name", () => {
    const m = parseImageDigests(LS);
    expect(m.get("registry.aliyuncs.com/google_containers/etcd:3.5.21-0")).toEqual({
      ref: "registry.aliyuncs.com/google_containers/etcd:3.5.21-0",
      digest: D3,
      bytes: Math.round(57.2 * 1024 * 1024),
    });
    expect(m.get("registry.aliyuncs.com/google_containers/pause:3.10")?.digest).toBe(D1);
    expect(m.size).toBe(2);
  });

  it("plans an import: absent -> imported, same digest -> unchanged, other digest -> replaced", () => {
    const plan = importPlan(parseArchiveIndex(INDEX), parseImageDigests(LS));
    expect(plan.map((p) => p.status)).toEqual(["unchanged", "replaced"]);
    expect(importPlan(parseArchiveIndex(INDEX), new Map()).map((p) => p.status)).toEqual([
      "imported",
      "imported",
    ]);
    expect(digestMismatches(parseArchiveIndex(INDEX), parseImageDigests(LS))).toEqual([
      { ref: "registry.aliyuncs.com/google_containers/etcd:3.5.21-0", want: D2, got: D3 },
    ]);
  });

  it("maps uname -m to the platform containerd matches", () => {
    expect(platformOfMachine("x86_64\n")).toBe("linux/amd64");
    expect(platformOfMachine("aarch64")).toBe("linux/arm64");
    expect(platformOfMachine("sparc")).toBeUndefined();
    expect(isPlatform("linux/arm64")).toBe(true);
    expect(isPlatform("linux/arm/v7")).toBe(true);
    expect(isPlatform("amd64")).toBe(false);
    expect(isPlatform("linux/amd64; rm")).toBe(false);
    // Syntax is not enough: the images exist for Linux on these only.
    expect(isKubernetesPlatform("linux/arm64")).toBe(true);
    expect(isKubernetesPlatform("linux/mips")).toBe(false);
    expect(isKubernetesPlatform("windows/amd64")).toBe(false);
  });
});
