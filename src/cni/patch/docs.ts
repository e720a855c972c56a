/** Reading and describing manifest objects, shared by the patchers, image rewriting and readiness. PURE. */
import type { ManifestDoc } from "./types.js";

const POD_SPEC_PATHS: Record<string, string[]> = {
  DaemonSet: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
};
const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

export interface ContainerAt {
  doc: ManifestDoc;
  container: Record<string, unknown>;
  /** e.g. "spec.template.spec.containers[calico-node]" */
  path: string;
}

export function podContainers(docs: readonly ManifestDoc[]): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const doc of docs) {
    const specPath = typeof doc.kind === "string" ? POD_SPEC_PATHS[doc.kind] : undefined;
    if (!specPath) continue;
    let node: unknown = doc;
    for (const k of specPath) node = isObj(node) ? node[k] : undefined;
    if (!isObj(node)) continue;
    for (const list of CONTAINER_LISTS) {
      const items = node[list];
      if (!Array.isArray(items)) continue;
      items.forEach((c, i) => {
        if (!isObj(c)) return;
        const id = typeof c.name === "string" ? c.name : String(i);
        out.push({ doc, container: c, path: `${specPath.join(".")}.${list}[${id}]` });
      });
    }
  }
  return out;
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function objAt(v: unknown, key: string): Record<string, unknown> | undefined {
  if (!isObj(v)) return undefined;
  const x = v[key];
  return isObj(x) ? x : undefined;
}

export function ensureObj(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const x = parent[key];
  if (isObj(x)) return x;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}

export function metaOf(d: ManifestDoc): { name: string | undefined; namespace: string | undefined } {
  const m = objAt(d, "metadata");
  return {
    name: typeof m?.name === "string" ? m.name : undefined,
    namespace: typeof m?.namespace === "string" ? m.namespace : undefined,
  };
}

/** "Kind ns/name", or "Kind name" for cluster-scoped objects. */
export function describeDoc(d: ManifestDoc): string {
  const { name, namespace } = metaOf(d);
  const kind = typeof d.kind === "string" ? d.kind : "?";
  return `${kind} ${namespace ? `${namespace}/` : ""}${name ?? "?"}`;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function scalarText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function envText(e: Record<string, unknown>): string {
  return e.valueFrom !== undefined ? `valueFrom ${JSON.stringify(e.valueFrom)}` : scalarText(e.value ?? "");
}
