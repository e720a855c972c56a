import { classifyPullText } from "../../diagnose/transport.js";
import type { Msg } from "../../i18n/messages.js";
import { type Finding, type FindingScope, finding } from "../finding.js";
import { KUBEADM_MIRROR_REPOSITORY, registryOf, suggestMirror } from "../mirrors.js";
import {
  bgpPeersNotEstablished,
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
  /** Now: a pod old enough that nothing explains is reported by its state (undefined: never). */
  now?: Date | undefined;
}

/** Waiting reasons of a container that cannot be created or started (the message says why). */
const CONTAINER_ERRORS = new Set([
  "CreateContainerConfigError",
  "CreateContainerError",
  "PreStartHookError",
  "RunContainerError",
  "InvalidImageName",
]);

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
 * logs). Healthy and finished pods are dropped at once; young pods are kept, because their events
 * may already repeat a failure (they are judged by those, or reported as too new to judge).
 */
export function isUnhealthyPod(pod: PodLike, _now?: Date): boolean {
  const phase = pod.status?.phase;
  if (pod.metadata?.labels?.["kadm-wizard.io/ignore"] === "true") return false;
  if (phase === "Succeeded") return false;
  if (phase === "Failed" || pod.status?.reason === "Evicted") return true;
  const all = statuses(pod);
  if (all.some((s) => s.state?.waiting?.reason && !PROGRESS_REASONS.has(s.state.waiting.reason))) return true;
  const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False") return true;
  if (phase === "Pending") return true;
  // Running but not ready (readiness probe failing): calico's BGP check shows up this way.
  return phase === "Running" && all.some((s) => s.ready === false);
}

/**
 * How long until a pod that nothing explains is old enough to judge (ms), or undefined when it is
 * old enough already. A just-created pod is normally still pulling or starting.
 */
export function tooNewToJudge(pod: PodLike, now: Date): number | undefined {
  const a = age(pod, now);
  return a < GRACE_MS ? GRACE_MS - a : undefined;
}

function scopeOf(pod: PodLike, cause?: string): FindingScope {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.kind && o.name);
  return {
    namespace: pod.metadata?.namespace ?? "default",
    node: pod.spec?.nodeName,
    owner: owner ? { kind: owner.kind as string, name: owner.name as string } : undefined,
    cni: isCniPod(pod),
    cause,
  };
}

/** Pods of the pod networks kadm-wizard installs or recognises, by their upstream labels and names. */
export function isCniPod(pod: PodLike): boolean {
  const labels = pod.metadata?.labels ?? {};
  const name = pod.metadata?.name ?? "";
  const ns = pod.metadata?.namespace ?? "";
  return (
    labels.app === "flannel" ||
    name.startsWith("kube-flannel-ds-") ||
    labels["k8s-app"] === "calico-node" ||
    name.startsWith("calico-node-") ||
    labels["k8s-app"] === "cilium" ||
    labels.name === "weave-net" ||
    labels["k8s-app"] === "kube-router" ||
    ns === "kube-flannel" ||
    ns === "calico-system"
  );
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
    const causeText = candidates.find((t) => classifyPullText(t) !== undefined);
    const cls = causeText === undefined ? undefined : classifyPullText(causeText);
    const evidence = [
      `${s.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}`,
      ...failed.slice(0, 2).map(eventLine),
    ];
    const registry = registryOf(image);
    const secretEvent = events.find(
      (e) =>
        e.reason === "FailedToRetrieveImagePullSecret" ||
        /Unable to retrieve some image pull secrets/i.test(e.message ?? ""),
    );
    const params = {
      image,
      registry,
      namespace: ns,
      pod: pod.metadata?.name ?? "?",
      container: s.name ?? "?",
    };
    const node = pod.spec?.nodeName ?? "?";
    if (secretEvent && (cls === "unauthorized" || cls === undefined)) {
      // The kubelet pulled without credentials because the named secret does not exist.
      const secrets = /image pull secrets \(([^)]*)\)/i.exec(secretEvent.message ?? "")?.[1] ?? "regcred";
      const secret = secrets.split(/[,\s]+/).find(Boolean) ?? "regcred";
      out.push(
        finding(
          "image-pull.secret-missing",
          "error",
          object,
          { key: "doctor.pull.secretMissing.title", params: { ...params, secrets } },
          [...evidence, eventLine(secretEvent)],
          { key: "doctor.pull.secretMissing.fix", params: { ...params, secret } },
        ),
      );
      continue;
    }
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
    const image = imageInMessage(text);
    return [
      finding(
        "sandbox-image.pull-failed",
        "error",
        object,
        image
          ? { key: "doctor.sandbox.pause.title", params: { image, node } }
          : { key: "doctor.sandbox.pause.titleNoImage", params: { node } },
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
            `last termination: reason=${term.reason ?? ""} exitCode=${term.exitCode ?? ""}${term.finishedAt ? ` at ${term.finishedAt}` : ""}${term.message ? `: ${term.message.trim()}` : ""}`,
          ]
        : []),
      ...tailLines.map((l) => `log: ${l}`),
    ];
    const params = {
      namespace: ns,
      pod: name,
      container: s.name ?? "?",
      restarts: s.restartCount ?? 0,
      reason: term?.reason ?? "",
      exitCode: term?.exitCode ?? "",
    };
    if (isFlannel(pod) && isFlannelNoPodCidr(`${tail}\n${term?.message ?? ""}`)) {
      out.push(
        finding(
          "flannel.no-pod-cidr",
          "error",
          object,
          { key: "doctor.flannel.noPodCidr.title", params: { node: pod.spec?.nodeName ?? "" } },
          evidence,
          { key: "doctor.flannel.noPodCidr.fix" },
        ),
      );
      continue;
    }
    out.push(
      finding(
        "pod.crashloop",
        "error",
        object,
        { key: term ? "doctor.crashloop.title" : "doctor.crashloop.titleNoLast", params },
        evidence,
        {
          key: term?.reason === "OOMKilled" ? "doctor.crashloop.fixOom" : "doctor.crashloop.fix",
          params,
        },
      ),
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
  // CoreDNS waits for the pod network: NotReady nodes (the not-ready taint), or no CNI at all.
  if (
    isCoreDns(pod) &&
    (diag.cause === "nodes-not-ready" ||
      (ctx.cniInstalled === false && (diag.cause === "no-nodes" || diag.cause === "other")))
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
      { key: `doctor.unschedulable.title.${diag.cause}`, params },
      evidence,
      { key: SCHEDULING_FIX[diag.cause], params },
    ),
  ];
}

function probeFindings(pod: PodLike, events: EventLike[]): Finding[] {
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
          params: { node: pod.spec?.nodeName ?? "", peers: peers.join(", ") },
        },
        [eventLine(e)],
        { key: "doctor.calico.bgp.fix", params: { namespace: ns } },
      ),
    ];
  }
  const probe = events.find(
    (e) => e.reason === "Unhealthy" && /Readiness probe failed/i.test(e.message ?? ""),
  );
  if (!probe) return [];
  const ns = pod.metadata?.namespace ?? "default";
  const name = pod.metadata?.name ?? "";
  const container = /container (\S+)/.exec(probe.message ?? "")?.[1];
  return [
    finding(
      "pod.not-ready",
      "error",
      podObject(pod),
      { key: "doctor.pod.notReady.probe", params: { count: probe.count ?? 1 } },
      [eventLine(probe)],
      { key: "doctor.pod.notReady.fix", params: { namespace: ns, pod: name, container: container ?? "" } },
    ),
  ];
}

function containerErrorFindings(pod: PodLike): Finding[] {
  const ns = pod.metadata?.namespace ?? "default";
  const name = pod.metadata?.name ?? "";
  return statuses(pod)
    .filter((s) => CONTAINER_ERRORS.has(s.state?.waiting?.reason ?? ""))
    .map((s) => {
      const w = s.state?.waiting ?? {};
      const reason = w.reason ?? "";
      return finding(
        "pod.container-error",
        "error",
        podObject(pod),
        { key: "doctor.pod.containerError.title", params: { container: s.name ?? "", reason } },
        [`${s.name}: ${reason}${w.message ? `: ${w.message}` : ""}`],
        {
          key:
            reason === "CreateContainerConfigError"
              ? "doctor.pod.containerError.fixConfig"
              : "doctor.pod.containerError.fix",
          params: { namespace: ns, pod: name, container: s.name ?? "" },
        },
      );
    });
}

/** Pods that ended: Evicted by the kubelet, or Failed with containers that exited non-zero. */
function endedFindings(pod: PodLike): Finding[] {
  if (pod.status?.phase !== "Failed" && pod.status?.reason !== "Evicted") return [];
  const ns = pod.metadata?.namespace ?? "default";
  const name = pod.metadata?.name ?? "";
  const node = pod.spec?.nodeName ?? "";
  if (pod.status.reason === "Evicted") {
    return [
      finding(
        "pod.evicted",
        "warning",
        podObject(pod),
        { key: node ? "doctor.pod.evicted.title" : "doctor.pod.evicted.titleNoNode", params: { node } },
        [`status.reason=Evicted${pod.status.message ? `: ${pod.status.message}` : " (no message)"}`],
        { key: "doctor.pod.evicted.fix", params: { namespace: ns, pod: name, node } },
      ),
    ];
  }
  const failed = statuses(pod).filter((s) => (s.state?.terminated?.exitCode ?? 0) !== 0);
  if (failed.length === 0 && !pod.status.message) return [];
  const codes = failed.map((s) => `${s.name}=${s.state?.terminated?.exitCode}`).join(", ");
  return [
    finding(
      "pod.failed",
      "error",
      podObject(pod),
      {
        key: failed.length > 0 ? "doctor.pod.failed.title" : "doctor.pod.failed.titleNoCode",
        params: { codes },
      },
      [
        ...failed.map((s) => {
          const t = s.state?.terminated ?? {};
          return `${s.name}: terminated ${t.reason ? `reason=${t.reason} ` : ""}exitCode=${t.exitCode}${t.message ? `: ${t.message.trim()}` : ""}`;
        }),
        ...(pod.status.message ? [`status: ${pod.status.reason ?? "Failed"}: ${pod.status.message}`] : []),
      ],
      {
        key: "doctor.pod.failed.fix",
        params: { namespace: ns, pod: name, container: failed[0]?.name ?? "" },
      },
    ),
  ];
}

/** Events shown under a pod stuck being created: the newest few say what the kubelet tried. */
const STUCK_EVENTS_SHOWN = 3;

/**
 * Still ContainerCreating / PodInitializing past the grace time with no failure recognised above:
 * not a readiness probe (pod.not-ready means that), but a sandbox, CNI or volume step that never
 * finishes. Its own finding, with the age and the last events.
 */
function stuckCreating(pod: PodLike, events: readonly EventLike[], now: Date): Finding[] {
  const waiting = statuses(pod).find((s) => PROGRESS_REASONS.has(s.state?.waiting?.reason ?? ""));
  if (!waiting) return [];
  const ns = pod.metadata?.namespace ?? "default";
  const name = pod.metadata?.name ?? "";
  const node = pod.spec?.nodeName ?? "";
  const reason = waiting.state?.waiting?.reason ?? "";
  const a = age(pod, now);
  const minutes = Number.isFinite(a) ? Math.max(1, Math.floor(a / 60_000)) : undefined;
  const shown = events.slice(0, STUCK_EVENTS_SHOWN);
  return [
    finding(
      "pod.stuck-creating",
      "error",
      podObject(pod),
      minutes === undefined
        ? { key: "doctor.pod.stuckCreating.titleNoAge", params: { container: waiting.name ?? "", reason } }
        : {
            key: "doctor.pod.stuckCreating.title",
            params: { container: waiting.name ?? "", reason, minutes },
          },
      [
        `${waiting.name}: ${reason}${waiting.state?.waiting?.message ? `: ${waiting.state.waiting.message}` : ""}`,
        ...(pod.metadata?.creationTimestamp ? [`creationTimestamp=${pod.metadata.creationTimestamp}`] : []),
        ...shown.map(eventLine),
      ],
      {
        key: node ? "doctor.pod.stuckCreating.fix" : "doctor.pod.stuckCreating.fixNoNode",
        params: { namespace: ns, pod: name, node },
      },
    ),
  ];
}

/** A pod old enough to be ready that nothing above explains: say what state it is in. */
function stateFinding(pod: PodLike, events: readonly EventLike[], ctx: PodClassifyContext): Finding[] {
  if (ctx.now === undefined || tooNewToJudge(pod, ctx.now) !== undefined) return [];
  const stuck = stuckCreating(pod, events, ctx.now);
  if (stuck.length > 0) return stuck;
  const ns = pod.metadata?.namespace ?? "default";
  const name = pod.metadata?.name ?? "";
  const waiting = statuses(pod).find((s) => s.state?.waiting?.reason);
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  const evidence = [
    ...(waiting
      ? [
          `${waiting.name}: ${waiting.state?.waiting?.reason}${waiting.state?.waiting?.message ? `: ${waiting.state.waiting.message}` : ""}`,
        ]
      : []),
    ...(ready
      ? [
          `Ready=${ready.status}${ready.reason ? ` reason=${ready.reason}` : ""}${ready.message ? `: ${ready.message}` : ""}`,
        ]
      : []),
  ];
  return [
    finding(
      "pod.not-ready",
      "error",
      podObject(pod),
      waiting
        ? {
            key: "doctor.pod.notReady.waiting",
            params: { container: waiting.name ?? "", reason: waiting.state?.waiting?.reason ?? "" },
          }
        : { key: "doctor.pod.notReady.phase", params: { phase: pod.status?.phase ?? "Pending" } },
      evidence,
      { key: "doctor.pod.notReady.fix", params: { namespace: ns, pod: name, container: "" } },
    ),
  ];
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
  const ended = endedFindings(pod);
  const found =
    ended.length > 0 || pod.status?.phase === "Failed"
      ? ended
      : [
          ...pullFindings(pod, sorted, ctx),
          ...containerErrorFindings(pod),
          ...sandboxFindings(pod, sorted, ctx),
          ...crashFindings(pod, ctx),
          ...schedulingFindings(pod, sorted, ctx),
        ];
  const all = found.length > 0 || pod.status?.phase === "Failed" ? found : probeFindings(pod, sorted);
  const out = all.length > 0 || pod.status?.phase === "Failed" ? all : stateFinding(pod, sorted, ctx);
  return out.map((f) => ({ ...f, scope: scopeOf(pod, causeKey(f)) }));
}

/** What many objects may share, for grouping (the image, the reason, the cause). */
function causeKey(f: Finding): string {
  const p = (f.title.params ?? {}) as Record<string, unknown>;
  return [f.title.key, p.image, p.reason, p.registry].filter((x) => x !== undefined && x !== "").join(" ");
}
