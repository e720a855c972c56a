/**
 * The parts of Kubernetes objects the classifiers read, as the API serves them (JSON). Everything is
 * optional: objects come from every Kubernetes version and from half-initialised clusters.
 */
export interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string }[];
}

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
}

export interface NodeLike {
  metadata?: Meta;
  spec?: { podCIDR?: string; podCIDRs?: string[]; taints?: { key?: string; effect?: string }[] };
  status?: { conditions?: Condition[]; nodeInfo?: { kubeletVersion?: string } };
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; finishedAt?: string; signal?: number };
}

export interface ContainerStatus {
  name?: string;
  image?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodLike {
  metadata?: Meta;
  spec?: {
    nodeName?: string;
    containers?: { name?: string; image?: string }[];
    initContainers?: { name?: string; image?: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
}

export function podObject(pod: PodLike): string {
  return `Pod ${pod.metadata?.namespace ?? "default"}/${pod.metadata?.name ?? "?"}`;
}

export function nodeObject(node: NodeLike): string {
  return `Node ${node.metadata?.name ?? "?"}`;
}
