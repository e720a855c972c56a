import type { Msg } from "../../i18n/messages.js";
import { type Finding, finding } from "../finding.js";
import { KUBEADM_MIRROR_REPOSITORY, registryOf, suggestMirror } from "../mirrors.js";
import {
  bgpPeersNotEstablished,
  classifyPullError,
  classifySandboxError,
  classifySchedulingMessage,
  imageInMessage,
  isFlannelNoPodCidr,
  type SchedulingCause,
} from "./messages.js";
import { type ContainerStatus, type EventLike, type PodLike, podObject } from "./types.js";

export interface PodClassifyContext {
  /** What the crashing containers printed last (previous instance), by container name. */
  logTails?: Record<string, string> | undefined;
  /** A pod network (flannel, calico, ...) was seen in the cluster; undefined when unknown. */
  cniInstalled?: boolean | undefined;
  /** The pause image kubeadm expects for the cluster's version, for the sandbox fix. */
  expectedPause?: string | undefined;
  /** The cluster's Kubernetes version, for image-not-found fixes. */
  kubernetesVersion?: string | undefined;
}

const PULL_REASONS = new Set(["ErrImagePull", "ImagePullBackOff"]);
/** Waiting reasons that are normal progress, not a problem (yet). */
const PROGRESS_REASONS = new Set(["ContainerCreating", "PodInitializing"]);
/** Pods may take this long to get going before "still creating" is worth looking at. */
const GRACE_MS = 60_000;
const LOG_LINES_SHOWN = 10;

function statuses(pod: PodLike): ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

function age(pod: PodLike, now: Date): number {
  const created = Date.parse(pod.metadata?.creationTimestamp ?? "");
  return Number.isNaN(created) ? Number.POSITIVE_INFINITY : now.getTime() - created;
}

/**
 * Cheap filter for the streamed pod list: only these pods are kept and looked at closer (events,
 * logs). Healthy, finished and just-created pods are dropped at once.
 */
export function isUnhealthyPod(pod: PodLike, now: Date): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  if (pod.metadata?.labels?.["kadm-wizard.io/ignore"] === "true") return false;
  const all = statuses(pod);
  if (all.some((s) => s.state?.waiting?.reason && !PROGRESS_REASONS.has(s.state.waiting.reason))) return true;
  const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False") return true;
  if (phase === "Pending") return age(pod, now) > GRACE_MS;
  // Running but not ready (readiness probe failing): calico's BGP check shows up this way.
  return phase === "Running" && all.some((s) => s.ready === false) && age(pod, now) > GRACE_MS;
}

function isCoreDns(pod: PodLike): boolean {
  return (
    pod.metadata?.namespace === "kube-system" &&
    (pod.metadata?.labels?.["k8s-app"] === "kube-dns" || /^coredns-/.test(pod.metadata?.name ?? ""))
  );
}

function isFlannel(pod: PodLike): boolean {
  return pod.metadata?.labels?.app === "flannel" || /^kube-flannel-ds-/.test(pod.metadata?.name ?? "");
}

/** Newest first: the last event is the one that says what is happening now. */
function newestFirst(events: readonly EventLike[]): EventLike[] {
  const time = (e: EventLike) => Date.parse(e.lastTimestamp ?? e.eventTime ?? "") || 0;
  return [...events].sort((a, b) => time(b) - time(a));
}

function eventLine(e: EventLike): string {
  return `event ${e.reason ?? "?"}${e.count && e.count > 1 ? ` (x${e.count})` : ""}: ${e.message ?? ""}`;
}

function imageOf(pod: PodLike, s: ContainerStatus): string {
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (c) => c.name === s.name,
  );
  return spec?.image ?? s.image ?? "?";
}

function pullFindings(pod: PodLike, events: EventLike[], ctx: PodClassifyContext): Finding[] {
  const out: Finding[] = [];
  const object = podObject(pod);
  const ns = pod.metadata?.namespace ?? "default";
  const seen = new Set<string>();
  for (const s of statuses(pod)) {
    const waiting = s.state?.waiting;
    if (!waiting?.reason || !PULL_REASONS.has(waiting.reason)) continue;
    const image = imageOf(pod, s);
    if (seen.has(image)) continue;
    seen.add(image);
    // The Failed events carry the cause; ImagePullBackOff's own message ("Back-off pulling image") does not.
    const failed = events.filter(
      (e) => e.reason === "Failed" && (e.message ?? "").includes(image.split("@")[0] ?? image),
    );
    const candidates = [waiting.message ?? "", ...failed.map((e) => e.message ?? "")];
    const causeText = candidates.find((t) => classifyPullError(t) !== undefined);
    const cls = causeText === undefined ? undefined : classifyPullError(causeText);
    const evidence = [
      `${s.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}`,
      ...failed.slice(0, 2).map(eventLine),
    ];
    const registry = registryOf(image);
    const params = {
      image,
      registry,
      namespace: ns,
      pod: pod.metadata?.name ?? "?",
      container: s.name ?? "?",
    };
    const node = pod.spec?.nodeName ?? "?";
    if (cls === "unreachable") {
      const mirror = suggestMirror(image);
      const kubeadmImage = registry === "registry.k8s.io" || registry === "k8s.gcr.io";
      const fix: Msg = mirror
        ? {
            key: kubeadmImage ? "doctor.pull.unreachable.fixKubeadm" : "doctor.pull.unreachable.fixMirror",
            params: {
              ...params,
              node,
              mirrorImage: mirror.image,
              prefix: mirror.prefix,
              repo: KUBEADM_MIRROR_REPOSITORY,
            },
          }
        : { key: "doctor.pull.unreachable.fix", params: { ...params, node } };
      out.push(
        finding(
          "image-pull.unreachable",
          "error",
          object,
          { key: "doctor.pull.unreachable.title", params },
          evidence,
          fix,
        ),
      );
    } else if (cls === "not-found") {
      out.push(
        finding(
          "image-pull.not-found",
          "error",
          object,
          { key: "doctor.pull.notFound.title", params },
          evidence,
          { key: "doctor.pull.notFound.fix", params: { ...params, version: ctx.kubernetesVersion ?? "" } },
        ),
      );
    } else if (cls === "unauthorized") {
      out.push(
        finding(
          "image-pull.unauthorized",
          "error",
          object,
          { key: "doctor.pull.unauthorized.title", params },
          evidence,
          { key: "doctor.pull.unauthorized.fix", params },
        ),
      );
    } else if (cls === "tls") {
      out.push(
        finding("image-pull.tls", "error", object, { key: "doctor.pull.tls.title", params }, evidence, {
          key: "doctor.pull.tls.fix",
          params: { ...params, node },
        }),
      );
    } else {
      out.push(
        finding(
          "image-pull.backoff",
          "error",
          object,
          { key: "doctor.pull.backoff.title", params },
          evidence,
          { key: "doctor.pull.backoff.fix", params: { ...params, node } },
        ),
      );
    }
  }
  return out;
}

function sandboxFindings(pod: PodLike, events: EventLike[], ctx: PodClassifyContext): Finding[] {
  const e = events.find((x) => x.reason === "FailedCreatePodSandBox");
  if (!e) return [];
  const text = e.message ?? "";
  const object = podObject(pod);
  const node = pod.spec?.nodeName ?? e.source?.host ?? "?";
  const kind = classifySandboxError(text);
  if (kind === "pause-image") {
    const image = imageInMessage(text) ?? "?";
    return [
      finding(
        "sandbox-image.pull-failed",
        "error",
        object,
        { key: "doctor.sandbox.pause.title", params: { image, node } },
        [eventLine(e)],
        {
          key: "doctor.sandbox.pause.fix",
          params: { node, expected: ctx.expectedPause ?? `${KUBEADM_MIRROR_REPOSITORY}/pause:<tag>` },
        },
      ),
    ];
  }
  return [
    finding(
      "pod.sandbox-failed",
      "error",
      object,
      {
        key: kind === "network" ? "doctor.sandbox.network.title" : "doctor.sandbox.other.title",
        params: { node },
      },
      [eventLine(e)],
      {
        key: kind === "network" ? "doctor.sandbox.network.fix" : "doctor.sandbox.other.fix",
        params: { node, namespace: pod.metadata?.namespace ?? "default", pod: pod.metadata?.name ?? "?" },
      },
    ),
  ];
}

function crashFindings(pod: PodLike, ctx: PodClassifyContext): Finding[] {
  const out: Finding[] = [];
  const object = podObject(pod);
  const ns = pod.metadata?.namespace ?? "default";
  const name = pod.metadata?.name ?? "?";
  for (const s of statuses(pod)) {
    const waiting = s.state?.waiting;
    if (waiting?.reason !== "CrashLoopBackOff") continue;
    const term = s.lastState?.terminated;
    const tail = ctx.logTails?.[s.name ?? ""] ?? "";
    const tailLines = tail
      .split("\n")
      .filter((l) => l.trim() !== "")
      .slice(-LOG_LINES_SHOWN);
    const evidence = [
      `${s.name}: CrashLoopBackOff${waiting.message ? `: ${waiting.message}` : ""}`,
      ...(term
        ? [
            `last termination: reason=${term.reason ?? "?"} exitCode=${term.exitCode ?? "?"}${term.finishedAt ? ` at ${term.finishedAt}` : ""}${term.message ? `: ${term.message.trim()}` : ""}`,
          ]
        : []),
      ...tailLines.map((l) => `log: ${l}`),
    ];
    const params = {
      namespace: ns,
      pod: name,
      container: s.name ?? "?",
      restarts: s.restartCount ?? 0,
      reason: term?.reason ?? "?",
      exitCode: term?.exitCode ?? "?",
    };
    if (isFlannel(pod) && isFlannelNoPodCidr(`${tail}\n${term?.message ?? ""}`)) {
      out.push(
        finding(
          "flannel.no-pod-cidr",
          "error",
          object,
          { key: "doctor.flannel.noPodCidr.title", params: { node: pod.spec?.nodeName ?? "?" } },
          evidence,
          { key: "doctor.flannel.noPodCidr.fix" },
        ),
      );
      continue;
    }
    out.push(
      finding("pod.crashloop", "error", object, { key: "doctor.crashloop.title", params }, evidence, {
        key: term?.reason === "OOMKilled" ? "doctor.crashloop.fixOom" : "doctor.crashloop.fix",
        params,
      }),
    );
  }
  return out;
}

const SCHEDULING_FIX: Record<SchedulingCause, Msg["key"]> = {
  "no-nodes": "doctor.unschedulable.fixNoNodes",
  "nodes-not-ready": "doctor.unschedulable.fixNotReady",
  "control-plane-taint": "doctor.unschedulable.fixControlPlane",
  insufficient: "doctor.unschedulable.fixInsufficient",
  selector: "doctor.unschedulable.fixSelector",
  volume: "doctor.unschedulable.fixVolume",
  ports: "doctor.unschedulable.fixPorts",
  taint: "doctor.unschedulable.fixTaint",
  other: "doctor.unschedulable.fixOther",
};

function schedulingFindings(pod: PodLike, events: EventLike[], ctx: PodClassifyContext): Finding[] {
  const cond = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  const event = events.find((e) => e.reason === "FailedScheduling");
  if (!cond && !event) return [];
  if (pod.spec?.nodeName) return [];
  const message = cond?.message || event?.message || "";
  const evidence = [
    ...(cond ? [`PodScheduled=False reason=${cond.reason ?? "?"}: ${cond.message ?? ""}`] : []),
    ...(event && event.message !== cond?.message ? [eventLine(event)] : []),
  ];
  const object = podObject(pod);
  const diag = classifySchedulingMessage(message);
  const params = {
    namespace: pod.metadata?.namespace ?? "default",
    pod: pod.metadata?.name ?? "?",
    resources: diag.resources.join(", "),
  };
  if (
    isCoreDns(pod) &&
    ctx.cniInstalled === false &&
    (diag.cause === "nodes-not-ready" || diag.cause === "no-nodes" || diag.cause === "other")
  ) {
    return [
      finding("coredns.pending-no-cni", "error", object, { key: "doctor.coredns.noCni.title" }, evidence, {
        key: "doctor.coredns.noCni.fix",
      }),
    ];
  }
  return [
    finding(
      "pod.unschedulable",
      diag.cause === "control-plane-taint" ? "warning" : "error",
      object,
      { key: `doctor.unschedulable.title`, params: { ...params, cause: diag.cause } },
      evidence,
      { key: SCHEDULING_FIX[diag.cause], params },
    ),
  ];
}

function bgpFindings(pod: PodLike, events: EventLike[]): Finding[] {
  for (const e of events) {
    if (e.reason !== "Unhealthy") continue;
    const peers = bgpPeersNotEstablished(e.message ?? "");
    if (!peers) continue;
    const ns = pod.metadata?.namespace ?? "kube-system";
    return [
      finding(
        "calico.bgp-not-established",
        "error",
        podObject(pod),
        {
          key: "doctor.calico.bgp.title",
          params: { node: pod.spec?.nodeName ?? "?", peers: peers.join(", ") },
        },
        [eventLine(e)],
        { key: "doctor.calico.bgp.fix", params: { namespace: ns } },
      ),
    ];
  }
  return [];
}

/**
 * A pod's problems from its status and its events (any order): image pulls by cause, sandbox
 * failures, crash loops (with the log tail from ctx), scheduling, CoreDNS without a CNI, calico BGP.
 * Pure; [] when nothing is recognisably wrong. The `wait` command reuses this for its timeout report.
 */
export function classifyPod(
  pod: PodLike,
  events: readonly EventLike[] = [],
  ctx: PodClassifyContext = {},
): Finding[] {
  const sorted = newestFirst(events);
  return [
    ...pullFindings(pod, sorted, ctx),
    ...sandboxFindings(pod, sorted, ctx),
    ...crashFindings(pod, ctx),
    ...schedulingFindings(pod, sorted, ctx),
    ...bgpFindings(pod, sorted),
  ];
}
