/**
 * What `--install-packages` pins per Kubernetes minor besides kubelet/kubeadm/kubectl: the oldest
 * containerd that minor supports (a distribution's containerd older than that is not used) and the
 * containerd.io release series taken from docker-ce otherwise. Sources: containerd's RELEASES.md
 * ("Kubernetes Support" table) and the Kubernetes container-runtimes page (1.35 is the last minor
 * with containerd 1.x). cri-tools is always the minor's own (crictl 1.33.x for Kubernetes 1.33), from
 * the same per-minor Kubernetes repository. README's "Packages per minor" table is this one.
 */
import { parseKubeVersion } from "../../validate/version.js";

export interface RuntimePins {
  /** The oldest containerd major.minor the minor supports ("1.7"). */
  minContainerd: string;
  /** The containerd.io series installed from docker-ce ("2.1": 2.1.x, the newest patch). */
  containerdIo: string;
}

/** From the newest minor down; a minor takes the first row at or below it. */
export const RUNTIME_MATRIX: readonly { from: number; to: number; pins: RuntimePins }[] = [
  { from: 36, to: 37, pins: { minContainerd: "2.0", containerdIo: "2.2" } },
  { from: 33, to: 35, pins: { minContainerd: "1.7", containerdIo: "2.1" } },
  { from: 26, to: 32, pins: { minContainerd: "1.6", containerdIo: "1.7" } },
  { from: 22, to: 25, pins: { minContainerd: "1.6", containerdIo: "1.6" } },
];

/** The pins for a Kubernetes version; a minor newer than the table takes the newest row. */
export function runtimePins(kubernetesVersion: string): RuntimePins {
  const v = parseKubeVersion(kubernetesVersion);
  if (!v) throw new Error(`unvalidated version ${kubernetesVersion}`);
  const row = RUNTIME_MATRIX.find((r) => v.minor >= r.from) ?? RUNTIME_MATRIX.at(-1);
  if (!row) throw new Error("empty runtime matrix");
  return row.pins;
}

/** "1.33." for v1.33.2: the cri-tools versions of that minor's repository. */
export function criToolsPrefix(kubernetesVersion: string): string {
  const v = parseKubeVersion(kubernetesVersion);
  if (!v) throw new Error(`unvalidated version ${kubernetesVersion}`);
  return `${v.major}.${v.minor}.`;
}

/** Compares dotted numeric versions by their leading numbers ("1.7.24~ds1-1" vs "1.7"): -1, 0, 1. */
export function compareVersions(a: string, b: string): number {
  const nums = (s: string) =>
    (/^\d+(?:\.\d+)*/.exec(s.replace(/^\d+:/, ""))?.[0] ?? "0").split(".").map(Number);
  const x = nums(a);
  const y = nums(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Is the distribution's containerd version (as apt/dnf print it) at least `min` ("1.7")? */
export function recentEnough(version: string, min: string): boolean {
  const [maj, mnr] = (/^\d+(?:\.\d+)*/.exec(version.replace(/^\d+:/, ""))?.[0] ?? "0").split(".").map(Number);
  return compareVersions(`${maj ?? 0}.${mnr ?? 0}`, min) >= 0;
}
