import { findCniRelease, knownCniVersions, mirrorImage } from "../cni/catalog.js";
import { hasExactImageData, kubeadmImages } from "../kubeadm/images.js";
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

export function cniVersionsHint(spec: ClusterSpec): string {
  return knownCniVersions(spec.cni.plugin).join(", ");
}
