import { findCniRelease, knownCniVersions, mirrorImage } from "../cni/catalog.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { dnsImageRepositoryOverride, hasExactImageData, kubeadmImages } from "../kubeadm/images.js";
import type { ClusterSpec } from "../spec/types.js";

/** The images a cluster built from this spec needs, and how sure we are of them. */
export interface ImagePlan {
  kubeadm: string[];
  /** Where the kubeadm list came from: kubeadm itself, or our table (exact, or a fallback). */
  kubeadmSource: "kubeadm" | "table" | "table-fallback";
  /** CNI images with the profile's mirrors applied. */
  cni: string[];
  /** False when the CNI version is not in our catalogue (its images are unknown). */
  cniKnown: boolean;
}

/** Pure: the image plan from a spec and, when kubeadm was asked, its own list. */
export function planImages(spec: ClusterSpec, fromKubeadm?: string[]): ImagePlan {
  const kubeadm =
    fromKubeadm ??
    kubeadmImages({
      kubernetesVersion: spec.kubernetesVersion,
      imageRepository: spec.imageRepository,
      externalEtcd: spec.etcd.external !== undefined,
    });
  const source = fromKubeadm
    ? "kubeadm"
    : hasExactImageData(spec.kubernetesVersion)
      ? "table"
      : "table-fallback";
  const release = findCniRelease(spec.cni.plugin, spec.cni.version);
  const cni = (release?.images ?? []).map((i) => mirrorImage(i, spec.cni.imageMirrors));
  return {
    kubeadm,
    kubeadmSource: source,
    cni,
    cniKnown: spec.cni.plugin === "none" || release !== undefined,
  };
}

/** Where the kubeadm list of a resolved plan came from, for the plan's source line. */
export type ImageSourceDetail =
  /** installedFirst: --install-packages installed this kubeadm to ask it (a release newer than our table). */
  | { kind: "kubeadm"; version: string; installedFirst?: boolean }
  /** installFirst: the version a real run installs kubeadm of first, then asks (a dry run's plan). */
  | { kind: "table"; basis: string; notInstalled: boolean; failed?: string; installFirst?: string };

export interface ResolvedImagePlan extends ImagePlan {
  source: ImageSourceDetail;
}

/**
 * kubeadm's own list, as `kubeadm config images list --kubernetes-version V --image-repository R`
 * prints it, adjusted to what our generated config changes: no etcd with external etcd, and the
 * CoreDNS repository we pin for kubeadm releases that defaulted to k8s.gcr.io. PURE.
 */
export function adjustKubeadmList(spec: ClusterSpec, listed: string[]): string[] {
  const repo = spec.imageRepository.trim().replace(/\/+$/, "");
  const dns = dnsImageRepositoryOverride(spec.kubernetesVersion, repo);
  return listed
    .filter((i) => !(spec.etcd.external !== undefined && i.startsWith(`${repo}/etcd:`)))
    .map((i) =>
      dns && i.startsWith(`${repo}/coredns:`) ? `${dns}/coredns:${i.slice(`${repo}/coredns:`.length)}` : i,
    );
}

/** The plan's one line saying where the kubeadm images came from (en/zh). */
export function imageSourceLine(lang: Lang, source: ImageSourceDetail): string {
  if (source.kind === "kubeadm")
    return t(lang, source.installedFirst ? "images.source.kubeadmInstalled" : "images.source.kubeadm", {
      version: source.version,
    });
  if (source.installFirst)
    return t(lang, "images.source.installFirst", { version: source.installFirst, basis: source.basis });
  return t(lang, source.notInstalled ? "images.source.tableNotInstalled" : "images.source.table", {
    basis: source.basis,
  });
}

export function cniVersionsHint(spec: ClusterSpec): string {
  return knownCniVersions(spec.cni.plugin).join(", ");
}
