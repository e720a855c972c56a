/**
 * Why is it not Ready? PURE: nodes, pods, workloads and events as the API serves them in, one
 * finding per stuck object out, with the cluster's own words as evidence and a fix to type.
 *
 * The ids match the doctor's (GUIDE section 2: image-pull.*, node.cni-not-ready, pod.crashloop,
 * ...), so `diagnose` (the doctor's classifiers, plugged in through WaitOptions) can replace a
 * finding here object by object: see mergeFindings.
 */
import type { ReadinessTarget } from "../cni/patch.js";
import type { Msg } from "../i18n/messages.js";
import { classifyPullError, type PullErrorClass } from "../images/pull.js";
import type { KubeObject } from "../kube/client.js";
import {
  type ClusterSnapshot,
  COREDNS,
  conditionOf,
  countsAsPod,
  detectCniTargets,
  nodeReady,
  type PhaseState,
  podReady,
} from "./readiness.js";

export interface StuckFinding {
  /** Doctor-compatible id, e.g. "image-pull.unreachable", "node.cni-not-ready". */
  id: string;
  /** "Pod kube-flannel/kube-flannel-ds-x2x7z", "Node master-1", "DaemonSet kube-flannel/kube-flannel-ds". */
  object: string;
  title: Msg;
  /** Verbatim text from the cluster (condition, container status, event messages). */
  evidence: string[];
  fix?: Msg | undefined;
}

export interface StuckInput {
  snapshot: ClusterSnapshot;
  /** Events of the namespaces concerned (may be empty: events expire after an hour). */
  events: readonly KubeObject[];
  phases: readonly PhaseState[];
  /** The CNI targets waited for (undefined: the detected ones). */
  cniTargets?: readonly ReadinessTarget[] | undefined;
}

/** The doctor's classifiers, or anything else that explains stuck objects; see mergeFindings. */
export type DiagnoseHook = (input: StuckInput) => StuckFinding[] | Promise<StuckFinding[]>;

type Obj = Record<string, unknown>;
interface ContainerStatus {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; running?: Obj; terminated?: Obj };
  lastState?: { terminated?: { reason?: string; exitCode?: number; message?: string } };
}
interface EventLike {
  reason?: string;
  message?: string;
  type?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  metadata?: { creationTimestamp?: string };
}

const msg = (key: Msg["key"], params: Record<string, string | number> = {}): Msg => ({ key, params });

function podName(p: KubeObject): string {
  return `Pod ${p.metadata.namespace ?? "default"}/${p.metadata.name}`;
}

function eventTime(e: EventLike): string {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? "";
}

/** Events about one object, oldest first. */
function eventsFor(
  events: readonly KubeObject[],
  kind: string,
  name: string,
  namespace?: string,
): EventLike[] {
  return (events as unknown as EventLike[])
    .filter(
      (e) =>
        e.involvedObject?.kind === kind &&
        e.involvedObject.name === name &&
        (namespace === undefined || (e.involvedObject.namespace ?? "") === namespace),
    )
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
}

function lastEvent(evs: EventLike[], pred: (e: EventLike) => boolean): EventLike | undefined {
  return [...evs].reverse().find(pred);
}

function registryOf(image: string): string {
  const first = image.split("/")[0] ?? "";
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")
    ? first
    : "docker.io";
}

const IMAGE_PULL_IDS: Record<PullErrorClass, string> = {
  unreachable: "image-pull.unreachable",
  "not-found": "image-pull.not-found",
  unauthorized: "image-pull.unauthorized",
  tls: "image-pull.tls",
  other: "image-pull.backoff",
};

// ---------------------------------------------------------------------------------------------
// nodes

export function diagnoseNode(node: KubeObject): StuckFinding | undefined {
  if (nodeReady(node)) return undefined;
  const object = `Node ${node.metadata.name}`;
  const ready = conditionOf(node, "Ready");
  const text = [ready?.reason, ready?.message].filter(Boolean).join(": ");
  const evidence = text ? [text] : [];
  const params = { node: node.metadata.name };
  if (ready?.status === "Unknown") {
    return {
      id: "node.kubelet-stopped",
      object,
      title: msg("wait.stuck.nodeKubeletStopped", params),
      evidence,
      fix: msg("wait.fix.kubelet"),
    };
  }
  if (
    /cni plugin not initialized|NetworkPluginNotReady|cni config uninitialized|network plugin is not ready/i.test(
      text,
    )
  ) {
    return {
      id: "node.cni-not-ready",
      object,
      title: msg("wait.stuck.nodeCniNotReady", params),
      evidence,
      fix: msg("wait.fix.installCni"),
    };
  }
  const pressure = ["MemoryPressure", "DiskPressure", "PIDPressure"].filter(
    (t) => conditionOf(node, t)?.status === "True",
  );
  if (pressure.length > 0) {
    return {
      id: "node.pressure",
      object,
      title: msg("wait.stuck.nodePressure", { ...params, conditions: pressure.join(", ") }),
      evidence: [...evidence, ...pressure.map((t) => conditionOf(node, t)?.message ?? t)],
      fix: msg("wait.fix.pressure"),
    };
  }
  return {
    id: "node.not-ready",
    object,
    title: msg("wait.stuck.nodeNotReady", { ...params, reason: ready?.reason ?? "no Ready condition yet" }),
    evidence,
    fix: msg("wait.fix.kubelet"),
  };
}

// ---------------------------------------------------------------------------------------------
// pods

export function diagnosePod(pod: KubeObject, events: readonly KubeObject[]): StuckFinding | undefined {
  if (podReady(pod) || !countsAsPod(pod)) return undefined;
  const object = podName(pod);
  const ns = pod.metadata.namespace ?? "default";
  const name = pod.metadata.name;
  const status = (pod.status ?? {}) as {
    phase?: string;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
  const evs = eventsFor(events, "Pod", name, ns);
  const statuses = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  const describe = msg("wait.fix.describePod", { namespace: ns, pod: name });

  // 1. images that cannot be pulled
  for (const c of statuses) {
    const waiting = c.state?.waiting;
    if (
      waiting?.reason !== "ImagePullBackOff" &&
      waiting?.reason !== "ErrImagePull" &&
      waiting?.reason !== "InvalidImageName"
    )
      continue;
    const image = c.image ?? /"([^"]+)"/.exec(waiting.message ?? "")?.[1] ?? "?";
    // The waiting message of a back-off carries no cause; the kubelet's Failed event does.
    const failed = lastEvent(
      evs,
      (e) => e.reason === "Failed" && /pull/i.test(e.message ?? "") && (e.message ?? "").includes(image),
    );
    const evidence = [waiting.message, failed?.message].filter((x): x is string => Boolean(x));
    // containerd chains its errors ("...: failed to do request: ...: dial tcp ...: i/o timeout"):
    // the cause is at the end, and the classifier looks at a bounded length.
    const cause = classifyPullError((failed?.message ?? waiting.message ?? "").slice(-300)).cause;
    const registry = registryOf(image);
    const params = { container: c.name ?? "?", image, registry };
    return {
      id: IMAGE_PULL_IDS[cause],
      object,
      title: msg(`wait.stuck.imagePull.${cause}` as Msg["key"], params),
      evidence: evidence.length > 0 ? evidence : [waiting.reason ?? ""],
      fix: msg(`wait.fix.imagePull.${cause}` as Msg["key"], params),
    };
  }

  // 2. containers that keep crashing
  for (const c of statuses) {
    if (c.state?.waiting?.reason !== "CrashLoopBackOff") continue;
    const last = c.lastState?.terminated;
    return {
      id: "pod.crashloop",
      object,
      title: msg("wait.stuck.crashloop", {
        container: c.name ?? "?",
        restarts: c.restartCount ?? 0,
        exit: last?.exitCode ?? "?",
        reason: last?.reason ?? "",
      }),
      evidence: [c.state.waiting.message, last?.message].filter((x): x is string => Boolean(x)),
      fix: msg("wait.fix.logs", { namespace: ns, pod: name, container: c.name ?? "" }),
    };
  }

  // 3. not scheduled
  const scheduled = status.conditions?.find((c) => c.type === "PodScheduled");
  if (status.phase === "Pending" && scheduled?.status === "False") {
    const scheduling = lastEvent(evs, (e) => e.reason === "FailedScheduling");
    const text = scheduled.message || scheduling?.message || scheduled.reason || "";
    const isDns =
      ns === COREDNS.namespace &&
      (pod.metadata.labels?.["k8s-app"] === "kube-dns" || name.startsWith("coredns-"));
    if (
      isDns &&
      /node\.kubernetes\.io\/not-ready|node\(s\) had untolerated taint|network is not ready/i.test(text)
    ) {
      return {
        id: "coredns.pending-no-cni",
        object,
        title: msg("wait.stuck.corednsNoCni"),
        evidence: [text],
        fix: msg("wait.fix.installCni"),
      };
    }
    return {
      id: "pod.unschedulable",
      object,
      title: msg("wait.stuck.unschedulable"),
      evidence: [text],
      fix: describe,
    };
  }

  // 4. sandbox (pause image, CNI ADD) failures
  const sandbox = lastEvent(evs, (e) => e.reason === "FailedCreatePodSandBox");
  if (sandbox && status.phase === "Pending") {
    const text = sandbox.message ?? "";
    if (/sandbox image|pause:/i.test(text)) {
      return {
        id: "sandbox-image.pull-failed",
        object,
        title: msg("wait.stuck.sandboxImage"),
        evidence: [text],
        fix: msg("wait.fix.sandboxImage"),
      };
    }
    return {
      id: "pod.sandbox-failed",
      object,
      title: msg("wait.stuck.sandbox"),
      evidence: [text],
      fix: describe,
    };
  }

  // 5. running but failing its readiness probe
  const unhealthy = lastEvent(evs, (e) => e.reason === "Unhealthy");
  if (unhealthy?.message) {
    if (/BGP not established/i.test(unhealthy.message)) {
      return {
        id: "calico.bgp-not-established",
        object,
        title: msg("wait.stuck.bgp"),
        evidence: [unhealthy.message],
        fix: msg("wait.fix.bgp"),
      };
    }
    return {
      id: "pod.not-ready",
      object,
      title: msg("wait.stuck.probe"),
      evidence: [unhealthy.message],
      fix: describe,
    };
  }

  // 6. anything else: say what state it is in
  const waiting = statuses.find((c) => c.state?.waiting?.reason);
  if (waiting?.state?.waiting) {
    return {
      id: "pod.not-ready",
      object,
      title: msg("wait.stuck.waiting", {
        container: waiting.name ?? "?",
        reason: waiting.state.waiting.reason ?? "",
      }),
      evidence: [waiting.state.waiting.message ?? waiting.state.waiting.reason ?? ""].filter(Boolean),
      fix: describe,
    };
  }
  return {
    id: "pod.not-ready",
    object,
    title: msg("wait.stuck.notReady", { phase: status.phase ?? "Unknown" }),
    evidence: [],
    fix: describe,
  };
}

// ---------------------------------------------------------------------------------------------
// the whole picture

/** Namespaces whose pods matter: kube-system plus the CNI workloads' own (kube-flannel, ...). */
function namespacesOfInterest(input: StuckInput): Set<string> {
  const targets = input.cniTargets ?? detectCniTargets(input.snapshot);
  return new Set(["kube-system", ...targets.map((t) => t.namespace).filter((n): n is string => Boolean(n))]);
}

/** One finding per stuck object: nodes, then pods, then workloads that have no pod to blame. */
export function diagnoseStuck(input: StuckInput): StuckFinding[] {
  const out: StuckFinding[] = [];
  for (const n of input.snapshot.nodes) {
    const f = diagnoseNode(n);
    if (f) out.push(f);
  }
  if (input.snapshot.nodes.length === 0) {
    out.push({
      id: "node.none",
      object: "Node",
      title: msg("wait.stuck.noNodes"),
      evidence: [],
      fix: msg("wait.fix.kubelet"),
    });
  }
  const namespaces = namespacesOfInterest(input);
  for (const p of input.snapshot.pods) {
    if (!namespaces.has(p.metadata.namespace ?? "")) continue;
    const f = diagnosePod(p, input.events);
    if (f) out.push(f);
  }
  // Workloads not done where no pod explains it (not created, or no pods scheduled at all).
  const blamedNamespaces = new Set(
    out.filter((f) => f.object.startsWith("Pod ")).map((f) => f.object.split(" ")[1]?.split("/")[0]),
  );
  for (const phase of input.phases) {
    if (phase.id !== "cni" && phase.id !== "coredns") continue;
    if (phase.id === "cni" && phase.workloads.length === 0 && !phase.done) {
      out.push({
        id: "cni.missing",
        object: "CNI",
        title: msg("wait.stuck.noCni"),
        evidence: [],
        fix: msg("wait.fix.installCni"),
      });
    }
    for (const w of phase.workloads) {
      if (w.done) continue;
      if (!w.found) {
        out.push({
          id: "workload.missing",
          object: w.object,
          title: msg("wait.stuck.workloadMissing"),
          evidence: [],
          fix: msg("wait.fix.installCni"),
        });
      } else if (w.condition !== undefined || !blamedNamespaces.has(w.namespace)) {
        out.push({
          id: "workload.not-ready",
          object: w.object,
          title: msg("wait.stuck.workloadNotReady", {
            ready: w.ready,
            desired: w.desired,
            condition: w.condition ?? "",
          }),
          evidence: [],
          fix: msg("wait.fix.describeWorkload", {
            kind: w.kind.toLowerCase(),
            namespace: w.namespace ?? "default",
            name: w.name,
          }),
        });
      }
    }
  }
  return out;
}

/**
 * The hook's findings win for the objects they name (the doctor knows more); every other object
 * keeps the built-in finding. Order: the built-in order, hook-only objects at the end.
 */
export function mergeFindings(
  builtin: readonly StuckFinding[],
  fromHook: readonly StuckFinding[],
): StuckFinding[] {
  const hooked = new Set(fromHook.map((f) => f.object));
  const out: StuckFinding[] = [];
  const placed = new Set<string>();
  for (const f of builtin) {
    if (!hooked.has(f.object)) {
      out.push(f);
    } else if (!placed.has(f.object)) {
      out.push(...fromHook.filter((h) => h.object === f.object));
      placed.add(f.object);
    }
  }
  for (const h of fromHook)
    if (!placed.has(h.object) && !builtin.some((b) => b.object === h.object)) out.push(h);
  return out;
}
