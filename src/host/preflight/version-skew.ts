import type { Msg } from "../../i18n/messages.js";
import type { KubeVersion } from "../../validate/version.js";

export interface SkewProblem {
  status: "warn" | "fail";
  title: Msg;
}

export interface InstalledVersions {
  kubeadm?: KubeVersion | undefined;
  kubelet?: KubeVersion | undefined;
  kubectl?: KubeVersion | undefined;
}

/** The version skew policy allows kubelets 3 minors older than the API server since 1.28, 2 before. */
export function maxKubeletLag(controlPlane: KubeVersion): number {
  return controlPlane.minor >= 28 ? 3 : 2;
}

/**
 * Installed binaries against the pinned control-plane version. Pure: the same rules serve
 * init, join and doctor.
 */
export function skewProblems(pinned: KubeVersion, v: InstalledVersions): SkewProblem[] {
  const out: SkewProblem[] = [];
  const params = (actual: KubeVersion) => ({ actual: actual.text, expected: pinned.text });
  if (v.kubeadm) {
    // kubeadm only knows how to set up its own minor; a patch difference changes image tags only.
    if (v.kubeadm.minor !== pinned.minor) {
      out.push({
        status: "fail",
        title: { key: "preflight.versions.kubeadmMinor", params: params(v.kubeadm) },
      });
    } else if (v.kubeadm.text !== pinned.text) {
      out.push({
        status: "warn",
        title: { key: "preflight.versions.kubeadmPatch", params: params(v.kubeadm) },
      });
    }
  }
  if (v.kubelet) {
    const lag = pinned.minor - v.kubelet.minor;
    const max = maxKubeletLag(pinned);
    if (lag < 0) {
      out.push({
        status: "fail",
        title: { key: "preflight.versions.kubeletNewer", params: params(v.kubelet) },
      });
    } else if (lag > max) {
      out.push({
        status: "fail",
        title: { key: "preflight.versions.kubeletTooOld", params: { ...params(v.kubelet), max } },
      });
    } else if (lag > 0) {
      // Allowed during upgrades, but a node being set up now should match.
      out.push({
        status: "warn",
        title: { key: "preflight.versions.kubeletOlder", params: params(v.kubelet) },
      });
    }
  }
  if (v.kubectl && Math.abs(v.kubectl.minor - pinned.minor) > 1) {
    out.push({ status: "warn", title: { key: "preflight.versions.kubectl", params: params(v.kubectl) } });
  }
  return out;
}
