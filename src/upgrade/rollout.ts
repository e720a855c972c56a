/**
 * PURE: an UpgradePlan turned into the rollout `upgrade apply` follows, step by step and node by
 * node, and the words of its dry run. The same list drives the real run (src/upgrade/apply.ts), so
 * what `--dry-run` prints is what a run does, in that order.
 *
 * Order per hop (kubeadm never skips a minor, so a hop is one minor): the first control plane
 * (`kubeadm upgrade apply`), then the other control planes one at a time (`kubeadm upgrade node`),
 * then the workers, at most `maxUnavailable` at once. Each node: package repository of the target
 * minor, kubeadm, (images), kubeadm, drain, kubelet + kubectl, restart, Ready at the new version,
 * uncordon: the order of the kubeadm upgrade guide.
 */
import { APT_INSTALL } from "../host/steps/packages.js";
import type { Msg } from "../i18n/messages.js";
import type { UpgradeHop, UpgradeNodeAction, UpgradePlan } from "./types.js";

export type StepId =
  | "backup"
  | "repo"
  | "kubeadm-package"
  | "images"
  | "kubeadm-plan"
  | "kubeadm-apply"
  | "kubeadm-node"
  | "drain"
  | "kubelet-package"
  | "restart-kubelet"
  | "wait-ready"
  | "uncordon";

export interface RolloutStep {
  id: StepId;
  /** `<hop target>/<id>`: the key in the state file (a two-hop rollout runs every step twice). */
  key: string;
}

export interface NodeRollout {
  action: UpgradeNodeAction;
  /** The node's images for this hop (a worker: pause and kube-proxy only). */
  images: string[];
  steps: RolloutStep[];
}

export interface RolloutHop {
  hop: UpgradeHop;
  first: NodeRollout | undefined;
  controlPlanes: NodeRollout[];
  workers: NodeRollout[];
}

/** The images a worker needs of a hop: the pause sandbox and kube-proxy (its DaemonSet). */
export function workerImages(images: readonly string[]): string[] {
  return images.filter((i) => /\/(pause|kube-proxy):/.test(i));
}

function nodeRollout(
  hop: UpgradeHop,
  action: UpgradeNodeAction,
  withBackup: boolean,
  firstHop: boolean,
): NodeRollout {
  const images = action.role === "worker" ? workerImages(hop.images) : [...hop.images];
  const ids: StepId[] = [
    ...(withBackup && firstHop ? (["backup"] as const) : []),
    "repo",
    "kubeadm-package",
    ...(images.length > 0 ? (["images"] as const) : []),
    ...(action.kubeadm === "apply"
      ? (["kubeadm-plan", "kubeadm-apply"] as const)
      : (["kubeadm-node"] as const)),
    "drain",
    "kubelet-package",
    "restart-kubelet",
    "wait-ready",
    "uncordon",
  ];
  return { action, images, steps: ids.map((id) => ({ id, key: `${hop.to}/${id}` })) };
}

/** Every hop with its nodes in rollout order. The backup is the first step of the whole rollout. */
export function rolloutHops(plan: UpgradePlan): RolloutHop[] {
  return plan.hops.map((hop, i) => {
    const first = plan.nodes.find((n) => n.role === "first-control-plane");
    return {
      hop,
      first: first ? nodeRollout(hop, first, true, i === 0) : undefined,
      controlPlanes: plan.nodes
        .filter((n) => n.role === "control-plane")
        .map((n) => nodeRollout(hop, n, false, i === 0)),
      workers: plan.nodes.filter((n) => n.role === "worker").map((n) => nodeRollout(hop, n, false, i === 0)),
    };
  });
}

/** Nodes of a hop in the order they start (workers in batches after the control planes). */
export function hopNodes(h: RolloutHop): NodeRollout[] {
  return [...(h.first ? [h.first] : []), ...h.controlPlanes, ...h.workers];
}

/** "v1.34.3" -> "1.34.3"; "v1.34.3" -> "v1.34". */
export const bare = (v: string): string => v.replace(/^v/, "");
export function minorText(v: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return m ? `v${m[1]}.${m[2]}` : v;
}

/**
 * A per-minor package repository file switched to another minor: every `/v1.NN/` in its URLs
 * (Aliyun's kubernetes-new and pkgs.k8s.io both have one repository per minor, the v1.33
 * repository has no 1.34 packages). `undefined` when the file names no minor: nothing to switch.
 */
export function switchRepoMinor(text: string, target: string): string | undefined {
  const to = minorText(target);
  if (!/\/v\d+\.\d+\//.test(text)) return undefined;
  return text.replace(/\/v\d+\.\d+\//g, `/${to}/`);
}

export type PkgFamily = "deb" | "rpm";

/** The package commands that move `packages` to `version` (apt: the exact version apt-cache shows). */
export function packageCommands(family: PkgFamily, packages: readonly string[], version: string): string[][] {
  const v = bare(version);
  if (family === "deb") {
    return [
      ["apt-mark", "unhold", ...packages],
      [...APT_INSTALL, ...packages.map((p) => `${p}=${v}-*`)],
      ["apt-mark", "hold", ...packages],
    ];
  }
  return [["dnf", "install", "-y", "--disableexcludes=kubernetes", ...packages.map((p) => `${p}-${v}`)]];
}

/** What one step does on a node, for the dry-run plan: commands and file changes (text), or a sentence. */
export function stepCommands(
  step: StepId,
  n: NodeRollout,
  hop: UpgradeHop,
  o: { family: PkgFamily | undefined; kubeadm: string; backupDir: string; externalEtcd?: boolean },
): (string | Msg)[] {
  const pkg = (packages: string[]) => {
    const fams: PkgFamily[] = o.family ? [o.family] : ["deb", "rpm"];
    return fams.flatMap((f) =>
      packageCommands(f, packages, hop.to).map(
        (c) => `${o.family ? "" : `${f === "deb" ? "apt" : "dnf"}: `}${c.join(" ")}`,
      ),
    );
  };
  switch (step) {
    case "backup":
      return o.externalEtcd
        ? [`cp -a /etc/kubernetes ${o.backupDir}/upgrade-YYYYMMDDTHHMMSSZ/etc-kubernetes`]
        : [
            `etcdctl snapshot save ${o.backupDir}/etcd-YYYYMMDDTHHMMSSZ/snapshot.db (+ snapshot.db.sha256, pki/)`,
            `cp -a /etc/kubernetes ${o.backupDir}/etcd-YYYYMMDDTHHMMSSZ/etc-kubernetes`,
          ];
    case "repo":
      return [
        `${o.family === "rpm" ? "/etc/yum.repos.d/kubernetes.repo" : o.family === "deb" ? "/etc/apt/sources.list.d/kubernetes.list" : "/etc/apt/sources.list.d/kubernetes.list | /etc/yum.repos.d/kubernetes.repo"}: /${minorText(hop.from)}/ -> /${minorText(hop.to)}/`,
        ...(o.family === "rpm" ? [] : [`${o.family ? "" : "apt: "}apt-get update`]),
      ];
    case "kubeadm-package":
      return pkg(["kubeadm"]);
    case "images":
      return n.images.map((i) => `ctr -n k8s.io images pull ${i}`);
    case "kubeadm-plan":
      return [`${o.kubeadm} upgrade plan ${hop.to}`];
    case "kubeadm-apply":
      return [`${o.kubeadm} upgrade apply ${hop.to} -y`];
    case "kubeadm-node":
      return [`${o.kubeadm} upgrade node`];
    case "drain":
      return [
        {
          key: n.action.drain ? "rollout.plan.drain" : "rollout.plan.cordonOnly",
          params: { node: n.action.node },
        },
      ];
    case "kubelet-package":
      return pkg(["kubelet", "kubectl"]);
    case "restart-kubelet":
      return ["systemctl daemon-reload", "systemctl restart kubelet"];
    case "wait-ready":
      return [{ key: "rollout.plan.waitReady", params: { node: n.action.node, version: hop.to } }];
    case "uncordon":
      return [{ key: "rollout.plan.uncordon", params: { node: n.action.node } }];
  }
}
