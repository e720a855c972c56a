/**
 * The container images kubeadm needs, per Kubernetes version, exactly as `kubeadm config images list`
 * prints them. Used when kubeadm is not installed yet (image pre-pull, offline mirroring) and for the
 * sandbox (pause) image containerd must be configured with. Pure: no I/O.
 *
 * Sources (Apache-2.0; facts only, no code copied):
 * - Tags per release: kubernetes/minikube pkg/minikube/constants/constants_kubeadm_images.go
 *   @ 383c3aa4af9c2d637800f0b4c70b360980d523cf (KubeadmImages map; minikube's
 *   hack/update/kubeadm_constants records `kubeadm config images list` of every released kubeadm).
 *   Rows for 1.22-1.25 agree with the older snapshots @ 2ed9bcfcb2c2982827440b704d8a9ab7bdda9c52
 *   and @ 006286b09bed057df735f2b342ecde9427f201ec.
 * - Cross-checks: kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go
 *   @ 3301161c36ac9c27854a7b4636139d4ebde43e72 (release-1.31: PauseVersion 3.10, CoreDNSVersion v1.11.3,
 *   etcd 3.5.15-0) and @ 00886ac01fec1c8432967e8bb597828f46a9ba8b (late release-1.32: PauseVersion 3.10,
 *   CoreDNSVersion v1.11.3, SupportedEtcdVersion[32] 3.5.24-0).
 * - Naming and order: kubernetes/kubernetes cmd/kubeadm/app/images/images.go
 *   @ 008b3652959ca58af8be3fb5b6ecfe9ae7638282 (GetControlPlaneImages, GetDNSImage, GetPauseImage).
 *   Before 1.29 the order was apiserver, controller-manager, scheduler, proxy, pause, etcd, coredns and
 *   the kube-proxy / CoreDNS images were always listed; kubernetes/kubernetes#114534 (1.29) moved CoreDNS
 *   after kube-proxy and made both skippable (observed: v1.24.3 in kubernetes/kubernetes#112148,
 *   v1.29.6 in kubernetes/kubeadm#2801).
 * - Default registry: kubeadm defaulted to k8s.gcr.io until the registry.k8s.io switch (1.25.0, backported
 *   to 1.22.17 / 1.23.15 / 1.24.9 by kubernetes/kubernetes#113388, #113393, #113395; kubernetes/kubeadm#2671).
 *   GetDNSImage adds the extra `/coredns` path segment only for the default registry of that kubeadm.
 * - 1.37 GA (1.37.0 2026-08-26, 1.37.1 2026-09-15): no newer minikube snapshot than
 *   @ eb25dbc703701fa38c3f65c89a1896baa375e5ed (2026-08-23) is stored; its v1.37.0-rc.0 row (pause 3.10.2,
 *   etcd 3.7.0-0, CoreDNS v1.14.6, the same as beta.0) is what release-1.37 froze at code freeze. The one
 *   later bump proposed, etcd 3.7.1 (kubernetes/kubernetes#141032), was deferred past 1.37's code freeze
 *   and merged to master after 2026-08-31; no cherry-pick into release-1.37 was found, so 1.37.0 and
 *   1.37.1 keep the rc.0 tags. kubernetes/kubernetes CHANGELOG/CHANGELOG-1.37.md is stored only up to
 *   v1.37.0-alpha.1 (@ df0a31e010eab41eb769fbd6ecb09391707bd2eb: "Updated the default etcd version to
 *   3.7.0-rc.0", #139427). When kubeadm is installed its own list wins over this row (images/plan.ts).
 */
import { type KubeVersion, parseKubeVersion } from "../validate/version.js";

export const DEFAULT_IMAGE_REPOSITORY = "registry.k8s.io";
/** kubeadm's default before the registry.k8s.io switch. */
export const LEGACY_IMAGE_REPOSITORY = "k8s.gcr.io";

export interface ImageTags {
  pause: string;
  etcd: string;
  coredns: string;
}

export interface ImageTagLookup extends ImageTags {
  /** True when the table has this exact release; false for a fallback (caller should warn). */
  exact: boolean;
  /** The release whose row was used, e.g. "v1.36.3" or "v1.37.0-rc.0". */
  basis: string;
}

/** Tags from patch `from` of the minor onwards, until the next range. */
interface PatchRange extends ImageTags {
  from: number;
}

interface MinorData {
  /** Newest GA patch present in the source table. */
  lastPatch: number;
  ranges: readonly PatchRange[];
}

const r = (from: number, pause: string, etcd: string, coredns: string): PatchRange => ({
  from,
  pause,
  etcd,
  coredns,
});

/** GA releases 1.22.0 - 1.37.1, keyed by minor. Ranges ascending by `from`, the first one from 0. */
const GA: Readonly<Record<number, MinorData>> = {
  22: { lastPatch: 17, ranges: [r(0, "3.5", "3.5.0-0", "v1.8.4"), r(17, "3.5", "3.5.6-0", "v1.8.4")] },
  23: {
    lastPatch: 17,
    ranges: [
      r(0, "3.6", "3.5.1-0", "v1.8.6"),
      r(14, "3.6", "3.5.5-0", "v1.8.6"),
      r(15, "3.6", "3.5.6-0", "v1.8.6"),
    ],
  },
  24: {
    lastPatch: 17,
    ranges: [
      r(0, "3.7", "3.5.3-0", "v1.8.6"),
      r(8, "3.7", "3.5.5-0", "v1.8.6"),
      r(9, "3.7", "3.5.6-0", "v1.8.6"),
    ],
  },
  25: {
    lastPatch: 16,
    ranges: [
      r(0, "3.8", "3.5.4-0", "v1.9.3"),
      r(4, "3.8", "3.5.5-0", "v1.9.3"),
      r(5, "3.8", "3.5.6-0", "v1.9.3"),
      r(15, "3.8", "3.5.9-0", "v1.9.3"),
    ],
  },
  26: {
    lastPatch: 15,
    ranges: [
      r(0, "3.9", "3.5.6-0", "v1.9.3"),
      r(10, "3.9", "3.5.9-0", "v1.9.3"),
      r(13, "3.9", "3.5.10-0", "v1.9.3"),
    ],
  },
  27: {
    lastPatch: 16,
    ranges: [
      r(0, "3.9", "3.5.7-0", "v1.10.1"),
      r(7, "3.9", "3.5.9-0", "v1.10.1"),
      r(10, "3.9", "3.5.10-0", "v1.10.1"),
      r(12, "3.9", "3.5.12-0", "v1.10.1"),
    ],
  },
  28: {
    lastPatch: 15,
    ranges: [
      r(0, "3.9", "3.5.9-0", "v1.10.1"),
      r(6, "3.9", "3.5.10-0", "v1.10.1"),
      r(8, "3.9", "3.5.12-0", "v1.10.1"),
      r(14, "3.9", "3.5.15-0", "v1.10.1"),
    ],
  },
  29: {
    lastPatch: 15,
    ranges: [
      r(0, "3.9", "3.5.10-0", "v1.11.1"),
      r(3, "3.9", "3.5.12-0", "v1.11.1"),
      r(9, "3.9", "3.5.15-0", "v1.11.1"),
      r(11, "3.9", "3.5.16-0", "v1.11.1"),
    ],
  },
  30: { lastPatch: 14, ranges: [r(0, "3.9", "3.5.12-0", "v1.11.1"), r(5, "3.9", "3.5.15-0", "v1.11.3")] },
  31: {
    lastPatch: 14,
    ranges: [
      r(0, "3.10", "3.5.15-0", "v1.11.1"),
      r(1, "3.10", "3.5.15-0", "v1.11.3"),
      r(14, "3.10", "3.5.24-0", "v1.11.3"),
    ],
  },
  32: { lastPatch: 13, ranges: [r(0, "3.10", "3.5.16-0", "v1.11.3"), r(10, "3.10", "3.5.24-0", "v1.11.3")] },
  33: { lastPatch: 13, ranges: [r(0, "3.10", "3.5.21-0", "v1.12.0"), r(6, "3.10", "3.5.24-0", "v1.12.0")] },
  34: { lastPatch: 10, ranges: [r(0, "3.10.1", "3.6.4-0", "v1.12.1"), r(2, "3.10.1", "3.6.5-0", "v1.12.1")] },
  35: { lastPatch: 7, ranges: [r(0, "3.10.1", "3.6.6-0", "v1.13.1")] },
  36: { lastPatch: 3, ranges: [r(0, "3.10.2", "3.6.8-0", "v1.14.2")] },
  // 1.37.0-1.37.1: the v1.37.0-rc.0 tags (see the header for why and where from).
  37: { lastPatch: 1, ranges: [r(0, "3.10.2", "3.7.0-0", "v1.14.6")] },
};

/** Pre-releases (kept after their minor went GA: `--k8s-version v1.37.0-rc.0` still resolves), newest first. */
const PRERELEASES: readonly (ImageTags & { version: string })[] = [
  { version: "v1.37.0-rc.0", pause: "3.10.2", etcd: "3.7.0-0", coredns: "v1.14.6" },
  { version: "v1.37.0-beta.0", pause: "3.10.2", etcd: "3.7.0-0", coredns: "v1.14.6" },
  { version: "v1.37.0-alpha.3", pause: "3.10.2", etcd: "3.7.0-rc.0-0", coredns: "v1.14.4" },
  { version: "v1.37.0-alpha.2", pause: "3.10.2", etcd: "3.7.0-rc.0-0", coredns: "v1.14.4" },
  { version: "v1.37.0-alpha.1", pause: "3.10.2", etcd: "3.7.0-rc.0-0", coredns: "v1.14.2" },
];

/** Oldest and newest minors with GA data. */
export const OLDEST_IMAGES_MINOR = 22;
export const NEWEST_IMAGES_MINOR = 37;

/** From this minor on kubeadm lists CoreDNS before pause/etcd and honours disabled kube-proxy/CoreDNS. */
const NEW_ORDER_FROM_MINOR = 29;

function toVersion(version: string | KubeVersion): KubeVersion | undefined {
  return typeof version === "string" ? parseKubeVersion(version) : version;
}

/** The newest GA patch of a minor in the table (33 -> 13); undefined for a minor without GA data. */
export function lastKnownPatch(minor: number): number | undefined {
  return GA[minor]?.lastPatch;
}

function gaRow(minor: number, patch: number): { tags: ImageTags; basis: string; exact: boolean } | undefined {
  const data = GA[minor];
  if (!data) return undefined;
  const effective = Math.min(patch, data.lastPatch);
  let found: PatchRange | undefined;
  for (const range of data.ranges) if (range.from <= effective) found = range;
  if (!found) return undefined;
  const { pause, etcd, coredns } = found;
  return {
    tags: { pause, etcd, coredns },
    basis: `v1.${minor}.${effective}`,
    exact: patch <= data.lastPatch,
  };
}

function newestRow(): { tags: ImageTags; basis: string } {
  // A pre-release of a minor past the newest GA row is newer than any GA row.
  const pre = PRERELEASES.find((p) => (parseKubeVersion(p.version)?.minor ?? 0) > NEWEST_IMAGES_MINOR);
  if (pre) return { tags: { pause: pre.pause, etcd: pre.etcd, coredns: pre.coredns }, basis: pre.version };
  const ga = gaRow(NEWEST_IMAGES_MINOR, Number.MAX_SAFE_INTEGER);
  if (!ga) throw new Error("image table is empty");
  return ga;
}

/**
 * pause/etcd/CoreDNS tags for a Kubernetes version. A newer patch of a known minor gets that minor's newest
 * row; a pre-release of a known minor gets the row of its patch; a minor newer than the table gets the
 * newest row there is. All of those come back with `exact: false`. Undefined for an unparsable version or a
 * minor older than 1.22.
 */
export function imageTagsFor(version: string | KubeVersion): ImageTagLookup | undefined {
  const v = toVersion(version);
  if (v === undefined) return undefined;
  if (v.major !== 1 || v.minor < OLDEST_IMAGES_MINOR) return undefined;
  if (v.pre !== undefined) {
    const pre = PRERELEASES.find((p) => p.version === v.text);
    if (pre)
      return { pause: pre.pause, etcd: pre.etcd, coredns: pre.coredns, exact: true, basis: pre.version };
  }
  const ga = gaRow(v.minor, v.patch);
  if (ga) return { ...ga.tags, exact: ga.exact && v.pre === undefined, basis: ga.basis };
  const pres = PRERELEASES.filter((p) => parseKubeVersion(p.version)?.minor === v.minor);
  const newestPre = pres[0];
  if (newestPre) {
    const { pause, etcd, coredns } = newestPre;
    return { pause, etcd, coredns, exact: false, basis: newestPre.version };
  }
  const newest = newestRow();
  return { ...newest.tags, exact: false, basis: newest.basis };
}

/** True when the table holds this exact release (GA patch or listed pre-release); false means a fallback. */
export function hasExactImageData(version: string | KubeVersion): boolean {
  return imageTagsFor(version)?.exact ?? false;
}

function requireVersion(version: string | KubeVersion): { v: KubeVersion; tags: ImageTagLookup } {
  const v = toVersion(version);
  const tags = v ? imageTagsFor(v) : undefined;
  if (!v || !tags) {
    const text = typeof version === "string" ? version : version.text;
    throw new RangeError(
      `no kubeadm image data for Kubernetes version "${text}" (need v1.${OLDEST_IMAGES_MINOR}.0 or newer)`,
    );
  }
  return { v, tags };
}

/**
 * The imageRepository a given kubeadm release uses when none is configured: k8s.gcr.io before the switch to
 * registry.k8s.io (1.25.0; backported to 1.22.17, 1.23.15 and 1.24.9). It matters for CoreDNS naming.
 */
export function kubeadmDefaultImageRepository(version: string | KubeVersion): string {
  const { v } = requireVersion(version);
  const legacyBefore: Record<number, number> = { 22: 17, 23: 15, 24: 9 };
  const switchPatch = legacyBefore[v.minor];
  if (
    switchPatch !== undefined &&
    (v.patch < switchPatch || (v.patch === switchPatch && v.pre !== undefined))
  ) {
    return LEGACY_IMAGE_REPOSITORY;
  }
  return DEFAULT_IMAGE_REPOSITORY;
}

function trimRepo(repo: string): string {
  return repo.trim().replace(/\/+$/, "");
}

/** The sandbox image kubeadm expects (`<repo>/pause:<tag>`); containerd's sandbox_image must match it. */
export function pauseImage(version: string | KubeVersion, imageRepository: string): string {
  const { tags } = requireVersion(version);
  return `${trimRepo(imageRepository)}/pause:${tags.pause}`;
}

/**
 * The CoreDNS image: `<repo>/coredns/coredns:<tag>` when the repository is that kubeadm's default registry,
 * `<repo>/coredns:<tag>` for any other repository (mirrors such as registry.aliyuncs.com/google_containers).
 */
export function corednsImage(version: string | KubeVersion, imageRepository: string): string {
  const { tags } = requireVersion(version);
  const repo = trimRepo(imageRepository);
  const dnsRepo = repo === kubeadmDefaultImageRepository(version) ? `${repo}/coredns` : repo;
  return `${dnsRepo}/coredns:${tags.coredns}`;
}

/**
 * kubeadm before 1.22.17/1.23.15/1.24.9 defaulted to k8s.gcr.io, so an explicit registry.k8s.io
 * loses the extra "coredns/" path and names an image that does not exist. Our generated
 * ClusterConfiguration then pins `dns.imageRepository` to this value.
 */
export function dnsImageRepositoryOverride(
  version: string | KubeVersion,
  imageRepository: string,
): string | undefined {
  const repo = trimRepo(imageRepository);
  const kubeadmDefault = kubeadmDefaultImageRepository(version);
  return repo === DEFAULT_IMAGE_REPOSITORY && kubeadmDefault !== repo ? `${repo}/coredns` : undefined;
}

export interface KubeadmImagesOptions {
  /** e.g. "v1.33.2". */
  kubernetesVersion: string;
  /** ClusterConfiguration.imageRepository, e.g. "registry.k8s.io". */
  imageRepository: string;
  /** External etcd: no etcd image. */
  externalEtcd: boolean;
  /** kube-proxy addon disabled/skipped; kubeadm honours this from 1.29 on. */
  skipKubeProxy?: boolean;
  /** CoreDNS addon disabled/skipped; kubeadm honours this from 1.29 on. */
  skipCoreDNS?: boolean;
}

/** The images `kubeadm config images list` prints for our generated configuration, in kubeadm's order. */
export function kubeadmImages(opts: KubeadmImagesOptions): string[] {
  const { v, tags } = requireVersion(opts.kubernetesVersion);
  const repo = trimRepo(opts.imageRepository);
  const k8s = (name: string) => `${repo}/${name}:${v.text}`;
  const pause = `${repo}/pause:${tags.pause}`;
  const etcd = opts.externalEtcd ? [] : [`${repo}/etcd:${tags.etcd}`];
  const dnsOverride = dnsImageRepositoryOverride(v, repo);
  const coredns = dnsOverride ? `${dnsOverride}/coredns:${tags.coredns}` : corednsImage(v, repo);
  const core = [k8s("kube-apiserver"), k8s("kube-controller-manager"), k8s("kube-scheduler")];

  if (v.minor < NEW_ORDER_FROM_MINOR) {
    return [...core, k8s("kube-proxy"), pause, ...etcd, coredns];
  }
  return [
    ...core,
    ...(opts.skipKubeProxy ? [] : [k8s("kube-proxy")]),
    ...(opts.skipCoreDNS ? [] : [coredns]),
    pause,
    ...etcd,
  ];
}

// Docker/OCI reference grammar (distribution/reference), without IPv6 hosts.
const DOMAIN =
  "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?";
const PATH = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const IMAGE_REF_RE = new RegExp(`^(?:${DOMAIN}/)?${PATH}(?:/${PATH})*(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** True for a full image reference with a tag and/or digest, e.g. "registry.k8s.io/pause:3.10". */
export function isImageReference(text: string): boolean {
  const m = IMAGE_REF_RE.exec(text);
  return m !== null && (m[1] !== undefined || m[2] !== undefined);
}

/**
 * The image lines of `kubeadm config images list` output. Blank lines and anything that is not an image
 * reference (klog warnings such as "W1123 ... could not fetch a Kubernetes version from the internet" when
 * stderr is merged in) are dropped.
 */
export function parseImagesList(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && isImageReference(line));
}
