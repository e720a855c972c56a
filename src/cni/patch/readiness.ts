/** The workloads a manifest's install is ready by. PURE. */
import type { CniPlugin } from "../../spec/types.js";
import { findInstallation } from "./calico-operator.js";
import { metaOf, objAt } from "./docs.js";
import type { ManifestDoc } from "./types.js";

export interface ReadinessTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
  /** rollout: the workload's ready replicas reach the desired count; condition: status condition True. */
  check: "rollout" | "condition";
  condition?: string | undefined;
  /** spec.selector.matchLabels, to find the pods when reporting what is not ready. */
  selector?: Record<string, string> | undefined;
}

const WAIT_KINDS = new Set(["DaemonSet", "Deployment", "StatefulSet"]);

/**
 * The workloads to wait for: every DaemonSet, Deployment and StatefulSet in the documents, in
 * document order (flannel: kube-flannel/kube-flannel-ds; calico.yaml: kube-system/calico-node and
 * kube-system/calico-kube-controllers; operator: tigera-operator/tigera-operator). For the operator
 * install with an Installation, then `TigeraStatus calico` Available (the operator creates the
 * calico-system workloads, which are not in the files).
 */
export function readinessTargets(plugin: CniPlugin, docs: readonly ManifestDoc[]): ReadinessTarget[] {
  if (plugin === "none") return [];
  const out: ReadinessTarget[] = [];
  for (const d of docs) {
    if (typeof d.kind !== "string" || !WAIT_KINDS.has(d.kind)) continue;
    const meta = metaOf(d);
    if (meta.name === undefined) continue;
    const labels = objAt(objAt(d, "spec")?.selector, "matchLabels");
    const selector: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels ?? {})) if (typeof v === "string") selector[k] = v;
    out.push({
      apiVersion: typeof d.apiVersion === "string" ? d.apiVersion : "apps/v1",
      kind: d.kind,
      name: meta.name,
      namespace: meta.namespace ?? "default",
      check: "rollout",
      selector: Object.keys(selector).length > 0 ? selector : undefined,
    });
  }
  if (plugin === "calico" && findInstallation(docs)) {
    out.push({
      apiVersion: "operator.tigera.io/v1",
      kind: "TigeraStatus",
      name: "calico",
      check: "condition",
      condition: "Available",
    });
  }
  return out;
}
