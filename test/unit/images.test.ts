import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  corednsImage,
  DEFAULT_IMAGE_REPOSITORY,
  dnsImageRepositoryOverride,
  hasExactImageData,
  imageTagsFor,
  kubeadmDefaultImageRepository,
  kubeadmImages,
  LEGACY_IMAGE_REPOSITORY,
  NEWEST_IMAGES_MINOR,
  parseImagesList,
  pauseImage,
} from "../../src/kubeadm/images.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

/** Reference table of `kubeadm config images list` output (shared test data, not part of the repo). */
interface Tags {
  pause: string;
  etcd: string;
  coredns: string;
}
interface MinorEntry extends Tags {
  minor: string;
  representative_patch: string;
  images: string[];
  print_order: string;
  first_patch: Tags & { version: string; images: string[] };
  patches: Record<string, Tags>;
}
interface ImagesJson {
  imageRepository_quirk: {
    observed: { coredns_line: string };
    example_rule_applied: { imageRepository: string; images: string[] };
  };
  minors: Record<string, MinorEntry>;
  prereleases: { entries: Record<string, Tags> };
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NO_TABLE = requireSharedTestdata("kubeadm/images.json");
const describeTable = describeUnless(NO_TABLE);
const data = (
  NO_TABLE
    ? { minors: {} }
    : JSON.parse(readFileSync(join(repoRoot, "..", "shared", "testdata", "kubeadm", "images.json"), "utf8"))
) as ImagesJson;

const ORDER_NAMES: Record<string, (version: string, t: Tags) => string> = {
  apiserver: (v) => `registry.k8s.io/kube-apiserver:${v}`,
  "controller-manager": (v) => `registry.k8s.io/kube-controller-manager:${v}`,
  scheduler: (v) => `registry.k8s.io/kube-scheduler:${v}`,
  proxy: (v) => `registry.k8s.io/kube-proxy:${v}`,
  pause: (_v, t) => `registry.k8s.io/pause:${t.pause}`,
  etcd: (_v, t) => `registry.k8s.io/etcd:${t.etcd}`,
  coredns: (_v, t) => `registry.k8s.io/coredns/coredns:${t.coredns}`,
};

/** The list the reference data implies for a patch, following the minor's documented print order. */
function expectedList(order: string, version: string, tags: Tags): string[] {
  return order.split(",").map((name) => {
    const build = ORDER_NAMES[name.trim()];
    if (!build) throw new Error(`unknown print_order entry ${name}`);
    return build(version, tags);
  });
}

const defaults = (kubernetesVersion: string) => ({
  kubernetesVersion,
  imageRepository: DEFAULT_IMAGE_REPOSITORY,
  externalEtcd: false,
});

const minors = Object.values(data.minors);
const allPatches = minors.flatMap((m) =>
  Object.entries(m.patches).map(([version, tags]) => ({ minor: m, version, tags })),
);

describeTable("kubeadm images vs the reference table (every GA patch 1.26-1.36)", () => {
  it("covers every minor in the reference data", () => {
    // The shared reference data ends at 1.36; 1.37 is checked on its own below.
    expect(minors.map((m) => m.minor)).toEqual(Array.from({ length: 36 - 26 + 1 }, (_, i) => `1.${26 + i}`));
    expect(NEWEST_IMAGES_MINOR).toBe(37);
    expect(allPatches.length).toBeGreaterThan(140);
  });

  it.each(allPatches.map((p) => [p.version, p] as const))("%s tags and ordered list", (version, p) => {
    expect(imageTagsFor(version)).toEqual({ ...p.tags, exact: true, basis: version });
    expect(hasExactImageData(version)).toBe(true);
    expect(kubeadmImages(defaults(version))).toEqual(expectedList(p.minor.print_order, version, p.tags));
    expect(pauseImage(version, DEFAULT_IMAGE_REPOSITORY)).toBe(`registry.k8s.io/pause:${p.tags.pause}`);
  });

  it.each(minors.map((m) => [m.minor, m] as const))(
    "%s representative and first patch match the captured lists",
    (_minor, m) => {
      expect(kubeadmImages(defaults(m.representative_patch))).toEqual(m.images);
      expect(imageTagsFor(m.representative_patch)).toMatchObject({
        pause: m.pause,
        etcd: m.etcd,
        coredns: m.coredns,
      });
      expect(kubeadmImages(defaults(m.first_patch.version))).toEqual(m.first_patch.images);
      expect(imageTagsFor(m.first_patch.version)).toMatchObject({
        pause: m.first_patch.pause,
        etcd: m.first_patch.etcd,
        coredns: m.first_patch.coredns,
      });
    },
  );

  it.each(Object.entries(data.prereleases.entries))("pre-release %s", (version, tags) => {
    expect(imageTagsFor(version)).toEqual({ ...tags, exact: true, basis: version });
  });
});

describe("patch-level changes inside a minor", () => {
  it("1.31.0 has CoreDNS v1.11.1, 1.31.1+ v1.11.3, 1.31.14 etcd 3.5.24-0", () => {
    expect(imageTagsFor("v1.31.0")?.coredns).toBe("v1.11.1");
    expect(imageTagsFor("v1.31.1")?.coredns).toBe("v1.11.3");
    expect(imageTagsFor("v1.31.13")?.etcd).toBe("3.5.15-0");
    expect(imageTagsFor("v1.31.14")?.etcd).toBe("3.5.24-0");
  });

  it("1.32.10+ uses etcd 3.5.24-0", () => {
    expect(imageTagsFor("v1.32.9")?.etcd).toBe("3.5.16-0");
    expect(imageTagsFor("v1.32.10")?.etcd).toBe("3.5.24-0");
  });

  it("accepts a version without the leading v and prints tags with it", () => {
    expect(kubeadmImages(defaults("1.33.2"))[0]).toBe("registry.k8s.io/kube-apiserver:v1.33.2");
  });
});

describeTable("image repository", () => {
  it("non-default repository drops the extra coredns path segment (Aliyun example)", () => {
    const ex = data.imageRepository_quirk.example_rule_applied;
    const list = kubeadmImages({
      kubernetesVersion: "v1.30.14",
      imageRepository: ex.imageRepository,
      externalEtcd: false,
    });
    expect(list).toEqual(ex.images);
    expect(list).toContain("registry.aliyuncs.com/google_containers/coredns:v1.11.3");
  });

  it("matches the observed localhost:5000 CoreDNS line for v1.29.6", () => {
    const list = kubeadmImages({
      kubernetesVersion: "v1.29.6",
      imageRepository: "localhost:5000",
      externalEtcd: false,
    });
    expect(list).toContain(data.imageRepository_quirk.observed.coredns_line);
    expect(list).toContain("localhost:5000/pause:3.9");
    expect(list).toContain("localhost:5000/etcd:3.5.12-0");
  });

  it("pause image for containerd follows the configured repository", () => {
    expect(pauseImage("v1.33.2", "registry.aliyuncs.com/google_containers")).toBe(
      "registry.aliyuncs.com/google_containers/pause:3.10",
    );
    expect(pauseImage("v1.36.0", "harbor.example.internal:8443/k8s/")).toBe(
      "harbor.example.internal:8443/k8s/pause:3.10.2",
    );
  });
});

describe("options", () => {
  it("external etcd drops the etcd image", () => {
    for (const version of ["v1.24.17", "v1.28.15", "v1.33.13"]) {
      const local = kubeadmImages(defaults(version));
      const external = kubeadmImages({ ...defaults(version), externalEtcd: true });
      expect(external).toEqual(local.filter((image) => !image.includes("/etcd:")));
      expect(external).toHaveLength(local.length - 1);
    }
  });

  it("1.29+ omits kube-proxy / CoreDNS when skipped", () => {
    expect(kubeadmImages({ ...defaults("v1.33.2"), skipKubeProxy: true, skipCoreDNS: true })).toEqual([
      "registry.k8s.io/kube-apiserver:v1.33.2",
      "registry.k8s.io/kube-controller-manager:v1.33.2",
      "registry.k8s.io/kube-scheduler:v1.33.2",
      "registry.k8s.io/pause:3.10",
      "registry.k8s.io/etcd:3.5.21-0",
    ]);
  });

  it("before 1.29 kubeadm lists kube-proxy and CoreDNS regardless", () => {
    const version = "v1.28.4";
    expect(kubeadmImages({ ...defaults(version), skipKubeProxy: true, skipCoreDNS: true })).toEqual(
      kubeadmImages(defaults(version)),
    );
  });
});

describe("1.22-1.25 (from the minikube table)", () => {
  const cases: [string, Tags][] = [
    ["v1.22.0", { pause: "3.5", etcd: "3.5.0-0", coredns: "v1.8.4" }],
    ["v1.22.16", { pause: "3.5", etcd: "3.5.0-0", coredns: "v1.8.4" }],
    ["v1.22.17", { pause: "3.5", etcd: "3.5.6-0", coredns: "v1.8.4" }],
    ["v1.23.0", { pause: "3.6", etcd: "3.5.1-0", coredns: "v1.8.6" }],
    ["v1.23.13", { pause: "3.6", etcd: "3.5.1-0", coredns: "v1.8.6" }],
    ["v1.23.14", { pause: "3.6", etcd: "3.5.5-0", coredns: "v1.8.6" }],
    ["v1.23.17", { pause: "3.6", etcd: "3.5.6-0", coredns: "v1.8.6" }],
    ["v1.24.0", { pause: "3.7", etcd: "3.5.3-0", coredns: "v1.8.6" }],
    ["v1.24.7", { pause: "3.7", etcd: "3.5.3-0", coredns: "v1.8.6" }],
    ["v1.24.8", { pause: "3.7", etcd: "3.5.5-0", coredns: "v1.8.6" }],
    ["v1.24.17", { pause: "3.7", etcd: "3.5.6-0", coredns: "v1.8.6" }],
    ["v1.25.0", { pause: "3.8", etcd: "3.5.4-0", coredns: "v1.9.3" }],
    ["v1.25.3", { pause: "3.8", etcd: "3.5.4-0", coredns: "v1.9.3" }],
    ["v1.25.4", { pause: "3.8", etcd: "3.5.5-0", coredns: "v1.9.3" }],
    ["v1.25.14", { pause: "3.8", etcd: "3.5.6-0", coredns: "v1.9.3" }],
    ["v1.25.16", { pause: "3.8", etcd: "3.5.9-0", coredns: "v1.9.3" }],
  ];

  it.each(cases)("%s", (version, tags) => {
    expect(imageTagsFor(version)).toEqual({ ...tags, exact: true, basis: version });
  });

  it("every GA patch up to the last one is known exactly", () => {
    const last: Record<number, number> = { 22: 17, 23: 17, 24: 17, 25: 16 };
    for (const [minor, lastPatch] of Object.entries(last)) {
      for (let patch = 0; patch <= lastPatch; patch++)
        expect(hasExactImageData(`v1.${minor}.${patch}`)).toBe(true);
      expect(hasExactImageData(`v1.${minor}.${lastPatch + 1}`)).toBe(false);
    }
  });

  it("uses the pre-1.29 order and the registry.k8s.io default from 1.25", () => {
    expect(kubeadmImages(defaults("v1.25.3"))).toEqual([
      "registry.k8s.io/kube-apiserver:v1.25.3",
      "registry.k8s.io/kube-controller-manager:v1.25.3",
      "registry.k8s.io/kube-scheduler:v1.25.3",
      "registry.k8s.io/kube-proxy:v1.25.3",
      "registry.k8s.io/pause:3.8",
      "registry.k8s.io/etcd:3.5.4-0",
      "registry.k8s.io/coredns/coredns:v1.9.3",
    ]);
  });

  it("knows which kubeadm releases still defaulted to k8s.gcr.io", () => {
    expect(kubeadmDefaultImageRepository("v1.22.16")).toBe(LEGACY_IMAGE_REPOSITORY);
    expect(kubeadmDefaultImageRepository("v1.22.17")).toBe(DEFAULT_IMAGE_REPOSITORY);
    expect(kubeadmDefaultImageRepository("v1.23.14")).toBe(LEGACY_IMAGE_REPOSITORY);
    expect(kubeadmDefaultImageRepository("v1.23.15")).toBe(DEFAULT_IMAGE_REPOSITORY);
    expect(kubeadmDefaultImageRepository("v1.24.8")).toBe(LEGACY_IMAGE_REPOSITORY);
    expect(kubeadmDefaultImageRepository("v1.24.9")).toBe(DEFAULT_IMAGE_REPOSITORY);
    expect(kubeadmDefaultImageRepository("v1.25.0")).toBe(DEFAULT_IMAGE_REPOSITORY);
  });

  it("CoreDNS gets the coredns/coredns path only for that kubeadm's own default registry", () => {
    const legacy = kubeadmImages({
      kubernetesVersion: "v1.24.3",
      imageRepository: "k8s.gcr.io",
      externalEtcd: false,
    });
    expect(legacy).toEqual([
      "k8s.gcr.io/kube-apiserver:v1.24.3",
      "k8s.gcr.io/kube-controller-manager:v1.24.3",
      "k8s.gcr.io/kube-scheduler:v1.24.3",
      "k8s.gcr.io/kube-proxy:v1.24.3",
      "k8s.gcr.io/pause:3.7",
      "k8s.gcr.io/etcd:3.5.3-0",
      "k8s.gcr.io/coredns/coredns:v1.8.6",
    ]);
    // kubeadm 1.22.0 alone would say registry.k8s.io/coredns:v1.8.4 (no such image); our config pins
    // dns.imageRepository for it, so the list names the real image.
    expect(corednsImage("v1.22.0", "registry.k8s.io")).toBe("registry.k8s.io/coredns:v1.8.4");
    expect(dnsImageRepositoryOverride("v1.22.0", "registry.k8s.io")).toBe("registry.k8s.io/coredns");
    expect(dnsImageRepositoryOverride("v1.22.17", "registry.k8s.io")).toBeUndefined();
    expect(dnsImageRepositoryOverride("v1.22.0", "registry.aliyuncs.com/google_containers")).toBeUndefined();
    expect(kubeadmImages(defaults("v1.22.0")).at(-1)).toBe("registry.k8s.io/coredns/coredns:v1.8.4");
    expect(kubeadmImages(defaults("v1.22.17")).at(-1)).toBe("registry.k8s.io/coredns/coredns:v1.8.4");
    expect(
      kubeadmImages({ kubernetesVersion: "v1.25.0", imageRepository: "k8s.gcr.io", externalEtcd: false }).at(
        -1,
      ),
    ).toBe("k8s.gcr.io/coredns:v1.9.3");
  });
});

describe("versions outside the table", () => {
  it("a newer patch of a known minor uses that minor's newest row and is flagged", () => {
    expect(imageTagsFor("v1.36.9")).toEqual({
      pause: "3.10.2",
      etcd: "3.6.8-0",
      coredns: "v1.14.2",
      exact: false,
      basis: "v1.36.3",
    });
    expect(hasExactImageData("v1.36.9")).toBe(false);
    expect(kubeadmImages(defaults("v1.36.9"))[0]).toBe("registry.k8s.io/kube-apiserver:v1.36.9");
  });

  it("1.37.0 and 1.37.1 have their own exact row (not 1.36's tags)", () => {
    for (const v of ["v1.37.0", "v1.37.1"]) {
      expect(imageTagsFor(v)).toEqual({
        pause: "3.10.2",
        etcd: "3.7.0-0",
        coredns: "v1.14.6",
        exact: true,
        basis: v,
      });
    }
    expect(kubeadmImages(defaults("v1.37.1"))).toEqual([
      "registry.k8s.io/kube-apiserver:v1.37.1",
      "registry.k8s.io/kube-controller-manager:v1.37.1",
      "registry.k8s.io/kube-scheduler:v1.37.1",
      "registry.k8s.io/kube-proxy:v1.37.1",
      "registry.k8s.io/coredns/coredns:v1.14.6",
      "registry.k8s.io/pause:3.10.2",
      "registry.k8s.io/etcd:3.7.0-0",
    ]);
    expect(imageTagsFor("v1.37.5")).toMatchObject({ exact: false, basis: "v1.37.1" });
    expect(imageTagsFor("v1.37.0-rc.0")?.exact).toBe(true);
  });

  it("a minor newer than the table falls back to the newest GA row, not an older pre-release", () => {
    expect(imageTagsFor("v1.38.0")).toMatchObject({ etcd: "3.7.0-0", exact: false, basis: "v1.37.1" });
  });

  it("an unknown newer minor falls back to the newest data and is flagged", () => {
    const tags = imageTagsFor("v1.40.2");
    expect(tags).toMatchObject({ pause: "3.10.2", exact: false });
    expect(hasExactImageData("v1.40.2")).toBe(false);
    const list = kubeadmImages(defaults("v1.40.2"));
    expect(list).toContain("registry.k8s.io/kube-proxy:v1.40.2");
    expect(list).toContain(`registry.k8s.io/etcd:${tags?.etcd}`);
    expect(list).toContain(`registry.k8s.io/pause:${tags?.pause}`);
  });

  it("an unlisted pre-release of a known minor uses its patch row and is flagged", () => {
    expect(imageTagsFor("v1.36.0-beta.0")).toMatchObject({ etcd: "3.6.8-0", exact: false, basis: "v1.36.0" });
  });

  it("rejects versions older than 1.22 or unparsable", () => {
    expect(imageTagsFor("v1.21.14")).toBeUndefined();
    expect(imageTagsFor("latest")).toBeUndefined();
    expect(hasExactImageData("v1.21.14")).toBe(false);
    expect(() => kubeadmImages(defaults("v1.21.14"))).toThrow(RangeError);
    expect(() => pauseImage("stable", DEFAULT_IMAGE_REPOSITORY)).toThrow(RangeError);
  });
});

describe("parseImagesList", () => {
  it("keeps only image lines from realistic output with klog warnings", () => {
    const stdout = [
      'W1123 07:21:03.123456   12345 version.go:104] could not fetch a Kubernetes version from the internet: unable to get URL "https://dl.k8s.io/release/stable-1.txt": Get "https://dl.k8s.io/release/stable-1.txt": dial tcp: lookup dl.k8s.io on 127.0.0.53:53: server misbehaving',
      "W1123 07:21:03.123789   12345 version.go:105] falling back to the local client version: v1.33.2",
      "registry.k8s.io/kube-apiserver:v1.33.2",
      "registry.k8s.io/kube-controller-manager:v1.33.2",
      "registry.k8s.io/kube-scheduler:v1.33.2",
      "registry.k8s.io/kube-proxy:v1.33.2",
      "registry.k8s.io/coredns/coredns:v1.12.0",
      "registry.k8s.io/pause:3.10",
      "registry.k8s.io/etcd:3.5.21-0",
      "",
    ].join("\r\n");
    expect(parseImagesList(stdout)).toEqual(kubeadmImages(defaults("v1.33.2")));
  });

  it("handles registries with ports, nested paths, digests and blank lines", () => {
    const stdout =
      "\n  localhost:5000/kube-apiserver:v1.29.6  \n\nharbor.example.internal:8443/k8s/pause:3.9\n" +
      `registry.k8s.io/pause@sha256:${"a".repeat(64)}\n` +
      "[config/images] Pulled registry.k8s.io/pause:3.9\nI0101 00:00:00.000000 1 images.go:1] x\nnot-an-image\n";
    expect(parseImagesList(stdout)).toEqual([
      "localhost:5000/kube-apiserver:v1.29.6",
      "harbor.example.internal:8443/k8s/pause:3.9",
      `registry.k8s.io/pause@sha256:${"a".repeat(64)}`,
    ]);
  });

  it("returns an empty list for empty output", () => {
    expect(parseImagesList("")).toEqual([]);
  });
});
