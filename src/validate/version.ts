/** Kubernetes version parsing and the kubeadm API version each release speaks. */
export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
  /** e.g. "rc.0"; undefined for GA releases. */
  pre: string | undefined;
  /** Normalised text with a leading "v". */
  text: string;
}

/** kubeadm v1beta3 appeared in 1.22; older releases are out of support and use v1beta2. */
export const MIN_MINOR = 22;
/** Newest minor whose kubeadm behaviour (images, API) this release was checked against. */
export const NEWEST_KNOWN_MINOR = 37;
/** v1beta4 is the default from 1.31; kubeadm 1.31+ warns that v1beta3 is deprecated. */
export const V1BETA4_FROM_MINOR = 31;
/**
 * kubeadm 1.37 removed v1beta3 (kubernetes/kubernetes#136016, merged for 1.37; its kinder follow-up
 * kubernetes/kubeadm#3311 of 2026-05-30 waited for it): a v1beta3 file fails with "uses an old API
 * spec ... Please use kubeadm v1.36 instead". From here on v1beta4 is the only API we may write.
 */
export const V1BETA3_REMOVED_FROM_MINOR = 37;
/** KubeletConfiguration has failCgroupV1 from 1.31 (KEP-4569, default false). */
export const FAIL_CGROUP_V1_FIELD_FROM_MINOR = 31;
/**
 * From 1.35 failCgroupV1 defaults to true (KEP-5573) and kubeadm's SystemVerification refuses
 * cgroup v1 unless that check is explicitly skipped.
 */
export const FAIL_CGROUP_V1_FROM_MINOR = 35;

export type KubeadmApiVersion = "kubeadm.k8s.io/v1beta3" | "kubeadm.k8s.io/v1beta4";

const VERSION_RE = /^v?(1)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-((?:alpha|beta|rc)\.(?:0|[1-9][0-9]*)))?$/;

export function parseKubeVersion(text: string): KubeVersion | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const pre = m[4];
  return { major, minor, patch, pre, text: `v${major}.${minor}.${patch}${pre ? `-${pre}` : ""}` };
}

/** The API we write for a release; never v1beta3 from V1BETA3_REMOVED_FROM_MINOR (V1BETA4_FROM_MINOR is lower). */
export function kubeadmApiVersion(v: KubeVersion): KubeadmApiVersion {
  return v.minor >= V1BETA4_FROM_MINOR ? "kubeadm.k8s.io/v1beta4" : "kubeadm.k8s.io/v1beta3";
}

export function minorString(v: KubeVersion): string {
  return `v${v.major}.${v.minor}`;
}
