import { applyMirror, formatReference, mustParseReference } from "../images/reference.js";
import { DEFAULT_CNI_VERSIONS } from "../spec/defaults.js";
import type { CniPlugin } from "../spec/types.js";

/**
 * The CNI releases this version of kadm-wizard knows: their images and the sha256 of the upstream
 * manifest (flannel Documentation/kube-flannel.yml, calico manifests/calico.yaml at the tag).
 * Calico moved its images from docker.io to quay.io in 3.31.
 */
export interface CniRelease {
  plugin: Exclude<CniPlugin, "none">;
  version: string;
  images: string[];
  manifestSha256: string;
  /** Where upstream keeps the manifest at the release tag (for the URL templates of cni/source.ts). */
  manifest: { repo: string; path: string };
  /**
   * The Kubernetes minors ("1.36") upstream names as tested with this release, and where it says so
   * (see UPSTREAM SUPPORT below). A minor not listed is not refused: it is said in the plan.
   */
  kubernetes: { tested: readonly string[]; source: string };
}

/*
 * UPSTREAM SUPPORT (read 2026-12-03 from stored snapshots; nothing here is inferred):
 * - Calico: the "Kubernetes requirements > Supported versions" list of the docs of each minor,
 *   tigera/docs calico_versioned_docs/version-3.XX/_includes/partials/_system-requirements.mdx
 *   (snapshot f2a27624, 2026-08-21): 3.32 "We test Calico v3.32 against" 1.34, 1.35, 1.36;
 *   3.30: 1.31-1.35 (3.31: 1.32-1.35, not in our catalogue). No Calico release lists 1.37: v3.32.1
 *   (tag 2026-06-24) is built against k8s.io v1.35.6 (metadata.mk K8S_VERSION); only the unreleased
 *   master (projectcalico/calico 87c15906) builds against v1.37.0-beta.0.
 * - Flannel publishes no tested-versions list: README at v0.28.9 says "For Kubernetes v1.17+", and
 *   the release's e2e cluster is the only version it runs on: e2e/kind-config.yaml at v0.28.9
 *   (2026-08-07) uses kindest/node v1.36.1; at v0.26.7 e2e/Dockerfile uses k3s v1.29.8. So "tested"
 *   for Flannel means "its own e2e ran on it", and 1.37 is not among them for any release.
 */
const CALICO_DOCS = "Calico docs, Kubernetes requirements (tigera/docs calico_versioned_docs/version-";

const FLANNEL_MANIFEST = { repo: "flannel-io/flannel", path: "Documentation/kube-flannel.yml" };
const CALICO_MANIFEST = { repo: "projectcalico/calico", path: "manifests/calico.yaml" };

export const CNI_RELEASES: readonly CniRelease[] = [
  {
    plugin: "flannel",
    version: "v0.28.9",
    images: ["ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3", "ghcr.io/flannel-io/flannel:v0.28.9"],
    manifestSha256: "e875824be2f552b45711dbda91af81b17eb961d00025d914d9fef18fad8f09c0",
    manifest: FLANNEL_MANIFEST,
    kubernetes: {
      tested: ["1.36"],
      source: "flannel v0.28.9 e2e/kind-config.yaml (kindest/node v1.36.1); README: Kubernetes v1.17+",
    },
  },
  {
    plugin: "flannel",
    version: "v0.26.7",
    images: ["ghcr.io/flannel-io/flannel-cni-plugin:v1.6.2-flannel1", "ghcr.io/flannel-io/flannel:v0.26.7"],
    manifestSha256: "d3f539ef073032bdbd2d32900719400e0050a8ae1d00a9fef75d9d0f079c7d54",
    manifest: FLANNEL_MANIFEST,
    kubernetes: {
      tested: ["1.29"],
      source: "flannel v0.26.7 e2e/Dockerfile (k3s v1.29.8); README: Kubernetes v1.17+",
    },
  },
  {
    plugin: "calico",
    version: "v3.32.1",
    images: [
      "quay.io/calico/cni:v3.32.1",
      "quay.io/calico/node:v3.32.1",
      "quay.io/calico/kube-controllers:v3.32.1",
    ],
    manifestSha256: "a1df919d9721cf667accdc3e72848911b0cb25cfab7d2478ad0c996302c95744",
    manifest: CALICO_MANIFEST,
    kubernetes: { tested: ["1.34", "1.35", "1.36"], source: `${CALICO_DOCS}3.32)` },
  },
  {
    plugin: "calico",
    version: "v3.30.7",
    images: [
      "docker.io/calico/cni:v3.30.7",
      "docker.io/calico/node:v3.30.7",
      "docker.io/calico/kube-controllers:v3.30.7",
    ],
    manifestSha256: "ed105288f27c7ba4cae143bcaa3f6425f02d84fa94a4786cc8e3d371412c1a36",
    manifest: CALICO_MANIFEST,
    kubernetes: { tested: ["1.31", "1.32", "1.33", "1.34", "1.35"], source: `${CALICO_DOCS}3.30)` },
  },
];

export function findCniRelease(plugin: CniPlugin, version: string | undefined): CniRelease | undefined {
  if (plugin === "none") return undefined;
  const v = version ?? DEFAULT_CNI_VERSIONS[plugin];
  return CNI_RELEASES.find((r) => r.plugin === plugin && r.version === v);
}

/**
 * Is the Kubernetes version's minor newer than every minor upstream lists as tested with this
 * release (a new Kubernetes before upstream's list caught up)? Then what the plan says: the minor and
 * what upstream does list. Older minors are not flagged: both upstreams name a floor (Calico: not
 * below 1.21, Flannel: 1.17+) and keep no list of the older ones they still work with.
 */
export function untestedWith(
  release: CniRelease,
  kubernetesVersion: string,
): { minor: string; tested: string; source: string } | undefined {
  const minorOf = (v: string) => Number(/^v?1\.(\d+)/.exec(v)?.[1] ?? Number.NaN);
  const minor = minorOf(kubernetesVersion);
  const newest = Math.max(...release.kubernetes.tested.map(minorOf));
  if (!(minor > newest)) return undefined;
  return {
    minor: `1.${minor}`,
    tested: release.kubernetes.tested.join(", "),
    source: release.kubernetes.source,
  };
}

export function knownCniVersions(plugin: CniPlugin): string[] {
  return CNI_RELEASES.filter((r) => r.plugin === plugin).map((r) => r.version);
}

/**
 * Rewrites an image through the profile's mirrors: "quay.io/calico/node:v3.32.1" with
 * {"quay.io": "quay.m.daocloud.io"} becomes "quay.m.daocloud.io/calico/node:v3.32.1".
 */
export function mirrorImage(image: string, mirrors: Record<string, string>): string {
  const ref = mustParseReference(image);
  const prefix = mirrors[ref.registry];
  return prefix ? formatReference(applyMirror(ref, prefix)) : formatReference(ref);
}

/**
 * The Kubernetes minors each Calico minor is tested against ("System requirements" page of the
 * Calico docs, tigera/docs calico_versioned_docs/version-3.NN/_includes/partials/
 * _system-requirements.mdx @ f2a2762432b54f20274d42c67bfa828d82872498, and the history of
 * getting-started/kubernetes/requirements.mdx for 3.26-3.28). Calico says newer Kubernetes "may
 * also work, but we recommend upgrading to a version of Calico that is tested against it". Flannel
 * publishes no such range (it only watches Nodes and its ConfigMap), so it has no row.
 */
export const CALICO_KUBERNETES_SUPPORT: readonly { calico: string; from: number; to: number }[] = [
  { calico: "v3.32", from: 34, to: 36 },
  { calico: "v3.31", from: 32, to: 35 },
  { calico: "v3.30", from: 31, to: 35 },
  { calico: "v3.29", from: 29, to: 32 },
  { calico: "v3.28", from: 27, to: 30 },
  { calico: "v3.27", from: 27, to: 29 },
  { calico: "v3.26", from: 24, to: 28 },
];

/** The tested Kubernetes minors of a Calico release ("v3.30.7" -> 31..35); undefined when unknown. */
export function calicoKubernetesRange(version: string): { from: number; to: number } | undefined {
  const minor = /^v?(\d+\.\d+)/.exec(version)?.[1];
  const row = CALICO_KUBERNETES_SUPPORT.find((r) => r.calico === `v${minor}`);
  return row ? { from: row.from, to: row.to } : undefined;
}

/** Pinned releases of a plugin whose tested range includes the Kubernetes minor, newest first. */
export function pinnedReleasesFor(plugin: "calico" | "flannel", kubernetesMinor: number): CniRelease[] {
  return CNI_RELEASES.filter((r) => {
    if (r.plugin !== plugin) return false;
    if (plugin === "flannel") return true;
    const range = calicoKubernetesRange(r.version);
    return range !== undefined && kubernetesMinor >= range.from && kubernetesMinor <= range.to;
  });
}
