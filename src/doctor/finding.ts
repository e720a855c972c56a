/**
 * What `doctor` reports: one problem, about one object, with the exact text it read and what to
 * type. Plain data; rendering (text, JSON, languages) lives in report.ts.
 */
import type { CheckResult } from "../host/preflight/types.js";
import type { Msg } from "../i18n/messages.js";
import { redactSecrets } from "../kubeadm/secrets.js";

/** Stable ids (GUIDE section 2 plus the ones doctor added); scripts and the README table use them. */
export const FINDING_IDS = [
  // cluster: images and sandboxes
  "image-pull.unreachable",
  "image-pull.not-found",
  "image-pull.unauthorized",
  "image-pull.tls",
  "image-pull.backoff",
  "image-pull.secret-missing",
  "sandbox-image.pull-failed",
  "pod.sandbox-failed",
  // cluster: nodes and pods
  "node.cni-not-ready",
  "node.kubelet-stopped",
  "node.pressure",
  "node.runtime-not-ready",
  "node.not-ready",
  "node.network-unavailable",
  "node.none",
  "pod.crashloop",
  "pod.unschedulable",
  "pod.not-ready",
  "pod.stuck-creating",
  "pod.evicted",
  "pod.failed",
  "pod.container-error",
  "pod.too-new",
  "coredns.pending-no-cni",
  // cluster: workloads
  "deployment.unavailable",
  "deployment.progress-deadline",
  "daemonset.not-ready",
  // cluster: CNI
  "cni.missing",
  "cni.pod-cidr-mismatch",
  "flannel.no-pod-cidr",
  "calico.bgp-not-established",
  // cluster: control plane and access
  "controlplane.unhealthy",
  "token.expired",
  "api.unreachable",
  "kubeconfig.stale",
  "cert.expired",
  "cert.expiring",
  "cert.no-renew-timer",
  "cert.renew-timer",
  // host
  "host.swap-on",
  "host.br-netfilter",
  "host.ip-forward",
  "host.kubelet-inactive",
  "host.containerd-inactive",
  "host.cgroup-driver-mismatch",
  "host.cgroup-v1",
  "host.sandbox-image-mismatch",
  "host.version-skew",
  "host.kube-binaries",
  "host.port-in-use",
  "host.port-not-listening",
  "host.cni-config-missing",
  "host.admin-conf-missing",
  "host.ssh-failed",
  // doctor itself
  "doctor.check-failed",
] as const;

export type FindingId = (typeof FINDING_IDS)[number];

/** error and warning make doctor exit 3; info is worth knowing but not a problem (e.g. no join token left). */
export type Severity = "error" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** What it is about, e.g. "Pod kube-system/coredns-6d4b7c9f8-x2x7z", "Node node-1", "kubelet.service". */
  object: string;
  /** One sentence saying what is wrong. */
  title: Msg;
  /** The exact text read (condition or event message, file line, journal line), verbatim, redacted. */
  evidence: string[];
  /** What to type, one command (or short note) a line. */
  fix: Msg;
  /**
   * The finding that explains this one (the CNI that cannot pull its image explains the NotReady
   * nodes and the Pending CoreDNS): the report lists this one under it, with the cause's fix.
   */
  causedBy?: { id: FindingId; object: string } | undefined;
  /** What the causal linking reads (not reported): the pod's node, owner, whether it is the CNI's. */
  scope?: FindingScope | undefined;
}

export interface FindingScope {
  namespace?: string | undefined;
  node?: string | undefined;
  owner?: { kind: string; name: string } | undefined;
  /** A pod (or workload) of the pod network (flannel, calico, ...). */
  cni?: boolean | undefined;
  /** For grouping at scale: the cause shared by many objects (image, reason, condition). */
  cause?: string | undefined;
}

export function finding(
  id: FindingId,
  severity: Severity,
  object: string,
  title: Msg,
  evidence: readonly string[],
  fix: Msg,
): Finding {
  return { id, severity, object, title, evidence: evidence.map((e) => redactSecrets(e)), fix };
}

export function isProblem(f: Finding): boolean {
  return f.severity !== "info";
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by id and object, so reports and JSON are stable run to run. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] || a.id.localeCompare(b.id) || a.object.localeCompare(b.object),
  );
}

/** A preflight verdict (shared with `prepare`) as a doctor finding: fail is an error, warn a warning. */
export function fromCheckResult(r: CheckResult, object: string): Finding | undefined {
  if (r.status === "pass" || !r.fix) return undefined;
  const id = (FINDING_IDS as readonly string[]).includes(r.id) ? (r.id as FindingId) : "doctor.check-failed";
  return finding(id, r.status === "fail" ? "error" : "warning", object, r.title, [r.evidence], r.fix);
}
