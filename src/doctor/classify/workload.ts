/**
 * Deployments and DaemonSets that are not where they should be: below their replicas, past their
 * progress deadline, pods not ready or not scheduled. PURE. Their pods' findings (when any) say
 * why; the causal linking (causes.ts) then lists these under them.
 */
import { type Finding, finding } from "../finding.js";
import type { Condition, Meta } from "./types.js";

export interface WorkloadLike {
  kind?: string;
  metadata?: Meta & { generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    unavailableReplicas?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    numberMisscheduled?: number;
    conditions?: Condition[];
  };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function condText(c: Condition): string {
  return `${c.type}=${c.status ?? ""}${c.reason ? ` reason=${c.reason}` : ""}${c.message ? `: ${c.message}` : ""}`;
}

export function classifyDeployment(d: WorkloadLike): Finding[] {
  const ns = d.metadata?.namespace ?? "default";
  const name = d.metadata?.name ?? "";
  const object = `Deployment ${ns}/${name}`;
  const desired = d.spec?.replicas ?? 1;
  const available = num(d.status?.availableReplicas);
  const conds = d.status?.conditions ?? [];
  const params = { namespace: ns, name, available, desired };
  const scope = { namespace: ns, owner: { kind: "Deployment", name } };
  const deadline = conds.find(
    (c) => c.type === "Progressing" && c.status === "False" && c.reason === "ProgressDeadlineExceeded",
  );
  if (deadline) {
    return [
      {
        ...finding(
          "deployment.progress-deadline",
          "error",
          object,
          { key: "doctor.deployment.deadline.title", params },
          [condText(deadline), `availableReplicas=${available}/${desired}`],
          { key: "doctor.deployment.deadline.fix", params },
        ),
        scope,
      },
    ];
  }
  const availableCond = conds.find((c) => c.type === "Available" && c.status === "False");
  // Below its replicas, as the controller says (Available=False), not a rollout in progress.
  if (desired > 0 && available < desired && availableCond) {
    return [
      {
        ...finding(
          "deployment.unavailable",
          "error",
          object,
          { key: "doctor.deployment.unavailable.title", params },
          [`availableReplicas=${available}/${desired}`, condText(availableCond)],
          { key: "doctor.deployment.unavailable.fix", params },
        ),
        scope,
      },
    ];
  }
  return [];
}

export function classifyDaemonSet(ds: WorkloadLike): Finding[] {
  const ns = ds.metadata?.namespace ?? "default";
  const name = ds.metadata?.name ?? "";
  const s = ds.status ?? {};
  const desired = num(s.desiredNumberScheduled);
  const scheduled = num(s.currentNumberScheduled);
  const ready = num(s.numberReady);
  if (desired === 0 || (ready >= desired && scheduled >= desired)) return [];
  const params = { namespace: ns, name, ready, desired, scheduled };
  return [
    {
      ...finding(
        "daemonset.not-ready",
        "error",
        `DaemonSet ${ns}/${name}`,
        {
          key:
            scheduled < desired ? "doctor.daemonset.notScheduled.title" : "doctor.daemonset.notReady.title",
          params,
        },
        [
          `desiredNumberScheduled=${desired} currentNumberScheduled=${scheduled} numberReady=${ready} numberUnavailable=${num(s.numberUnavailable)}`,
        ],
        { key: "doctor.daemonset.notReady.fix", params },
      ),
      scope: { namespace: ns, owner: { kind: "DaemonSet", name }, cni: isCniWorkload(ns, name) },
    },
  ];
}

export function isCniWorkload(namespace: string, name: string): boolean {
  return (
    /^(kube-flannel-ds|calico-node|calico-kube-controllers|calico-typha|cilium|weave-net|kube-router)/.test(
      name,
    ) ||
    namespace === "kube-flannel" ||
    namespace === "calico-system"
  );
}
