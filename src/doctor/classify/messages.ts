/**
 * Text classifiers for the messages Kubernetes components write into events, conditions and logs.
 * Pure string -> class. The patterns follow the real strings collected in
 * ../shared/testdata/failure-messages.yaml (kubelet, containerd, scheduler, flannel, calico), which
 * the tests feed through here, positive and negative.
 */
// Why an image pull failed is classified by the one pull-text classifier, diagnose/transport.ts.

/** The first quoted image reference in a pull message ("Failed to pull image \"x\": ..."). */
export function imageInMessage(text: string): string | undefined {
  const m = /(?:image|reference|sandbox image)\s+"([^"\s]+)"/i.exec(text);
  return m?.[1];
}

export type SandboxFailure = "pause-image" | "network" | "other";

/**
 * FailedCreatePodSandBox events: the pause image could not be pulled (containerd's sandbox_image on
 * a blocked registry), the CNI could not set up the network, or something else.
 */
export function classifySandboxError(text: string): SandboxFailure {
  if (/failed to get sandbox image|sandbox image "[^"]*pause|pull(?:ing)? image "[^"]*\/pause:/i.test(text))
    return "pause-image";
  if (
    /failed to (?:setup|set up) network|network plugin|cni|subnet\.env|flannel|calico|plugin type=/i.test(
      text,
    )
  )
    return "network";
  return "other";
}

export type NodeNotReadyCause = "cni" | "runtime" | "kubelet-stopped" | "other";

/** Why a node's Ready condition is not True, from its reason and message. */
export function classifyNodeNotReady(reason: string, message: string): NodeNotReadyCause {
  const text = `${reason} ${message}`;
  if (/Kubelet stopped posting node status|NodeStatusUnknown/i.test(text)) return "kubelet-stopped";
  if (
    /NetworkPluginNotReady|cni plugin not initialized|cni config uninitialized|network not ready/i.test(text)
  )
    return "cni";
  if (
    /container runtime is down|RuntimeReady=false|container runtime status check|PLEG is not healthy|container runtime not ready/i.test(
      text,
    )
  )
    return "runtime";
  return "other";
}

export type SchedulingCause =
  | "no-nodes"
  | "nodes-not-ready"
  | "control-plane-taint"
  | "insufficient"
  | "selector"
  | "volume"
  | "ports"
  | "taint"
  | "other";

export interface SchedulingDiagnosis {
  cause: SchedulingCause;
  /** For "insufficient": the resources named ("cpu, memory"). */
  resources: string[];
}

/**
 * The scheduler's FailedScheduling / PodScheduled=False message, e.g. "0/1 nodes are available: 1
 * node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: ...". The
 * first cause in this order wins: the one whose fix unblocks the most.
 */
export function classifySchedulingMessage(message: string): SchedulingDiagnosis {
  const text = message.split(/\bpreemption:/)[0] ?? message;
  const resources = [...text.matchAll(/Insufficient ([\w/-]+(?:\.[\w/-]+)*)/g)].map((m) => m[1] as string);
  const cause: SchedulingCause = /no nodes available to schedule pods|^0\/0 nodes are available/i.test(text)
    ? "no-nodes"
    : /node\.kubernetes\.io\/(?:not-ready|network-unavailable|unreachable)/.test(text)
      ? "nodes-not-ready"
      : /untolerated taint \{?node-role\.kubernetes\.io\/(?:control-plane|master)/.test(text)
        ? "control-plane-taint"
        : resources.length > 0
          ? "insufficient"
          : /didn't match Pod's node affinity|didn't match node selector/i.test(text)
            ? "selector"
            : /persistentvolumeclaim|PersistentVolumeClaims|volume node affinity/i.test(text)
              ? "volume"
              : /didn't have free ports/i.test(text)
                ? "ports"
                : /untolerated taint|had taint/i.test(text)
                  ? "taint"
                  : "other";
  return { cause, resources: [...new Set(resources)] };
}

/** flannel's "Error registering network: failed to acquire lease: node "x" pod cidr not assigned". */
export function isFlannelNoPodCidr(text: string): boolean {
  return /pod cidr not assigned/i.test(text);
}

/** calico-node's readiness: "calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.2,...". */
export function bgpPeersNotEstablished(text: string): string[] | undefined {
  const m = /BGP not established with\s*([0-9a-fA-F.:,\s]+)/.exec(text);
  if (!m) return undefined;
  return (m[1] as string)
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Lines of a klog-formatted kubelet journal that report errors ("E0918 12:00:00.000000 ...") or fatal exits. */
export function isKubeletErrorLine(line: string): boolean {
  return /^[EF]\d{4} \d{2}:\d{2}:\d{2}/.test(line) || /failed to run Kubelet|^error: /i.test(line);
}
