/**
 * Server-side apply of a (patched) manifest, in an order the API server accepts: CRDs first and
 * until they are Established (before that their kinds are not served and a custom resource would be
 * refused), Namespaces next, then the rest (cluster-scoped, namespaced, custom resources: applyOrder
 * in patch.ts). Field manager "kadm-wizard"; `force` takes over fields another manager (e.g. an
 * earlier `kubectl apply`) owns, since kadm-wizard installing the CNI is the point of the command.
 *
 * Re-applying the same manifest is a no-op: the server keeps the resourceVersion when nothing
 * changed, which is how each object is reported as created / configured / unchanged.
 */
import { describeObject, isKubeError, type KubeClient, type KubeObject } from "../kube/client.js";
import { Reflector, watchUntil } from "../kube/reflector.js";
import { mapLimit } from "../util/map-limit.js";
import { applyOrder } from "./patch/order.js";
import type { ManifestDoc } from "./patch/types.js";

export type ApplyOutcome = "created" | "configured" | "unchanged";

export interface AppliedObject {
  /** "DaemonSet kube-flannel/kube-flannel-ds", "ClusterRole flannel". */
  object: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  outcome: ApplyOutcome;
}

export type ApplyStage = "crds" | "establish" | "namespaces" | "objects";

export interface ApplyObjectsOptions {
  signal?: AbortSignal | undefined;
  /** How long CRDs may take to become Established (default 60 s). */
  crdTimeoutMs?: number | undefined;
  /** Applies in flight at once within a stage (default 4). */
  concurrency?: number | undefined;
  fieldManager?: string | undefined;
  onStage?: ((stage: ApplyStage, count: number) => void) | undefined;
  onObject?: ((applied: AppliedObject) => void) | undefined;
}

/** CRDs that did not become Established in time (their names). */
export class CrdsNotEstablished extends Error {
  constructor(
    readonly names: string[],
    readonly timeoutMs: number,
  ) {
    super(`CustomResourceDefinitions not Established after ${timeoutMs} ms: ${names.join(", ")}`);
    this.name = "CrdsNotEstablished";
  }
}

/** PURE: what an apply did, from the object before (undefined: absent) and as returned. */
export function classifyApply(before: KubeObject | undefined, after: KubeObject): ApplyOutcome {
  if (!before) return "created";
  return before.metadata.resourceVersion === after.metadata.resourceVersion ? "unchanged" : "configured";
}

/** PURE: the CRD's Established condition is True. */
export function crdEstablished(crd: KubeObject): boolean {
  const conditions = (crd.status as { conditions?: { type?: string; status?: string }[] } | undefined)
    ?.conditions;
  return Array.isArray(conditions) && conditions.some((c) => c.type === "Established" && c.status === "True");
}

/** PURE: the manifest split into the stages applyObjects runs, each in applyOrder. */
export function applyStages(docs: readonly ManifestDoc[]): {
  crds: KubeObject[];
  namespaces: KubeObject[];
  objects: KubeObject[];
} {
  const ordered = applyOrder(docs) as unknown as KubeObject[];
  return {
    crds: ordered.filter((d) => d.kind === "CustomResourceDefinition"),
    namespaces: ordered.filter((d) => d.kind === "Namespace"),
    objects: ordered.filter((d) => d.kind !== "CustomResourceDefinition" && d.kind !== "Namespace"),
  };
}

export async function applyObjects(
  client: KubeClient,
  docs: readonly ManifestDoc[],
  opts: ApplyObjectsOptions = {},
): Promise<AppliedObject[]> {
  const { crds, namespaces, objects } = applyStages(docs);
  const results: AppliedObject[] = [];
  const applyAll = async (stage: ApplyStage, list: KubeObject[]) => {
    if (list.length === 0) return;
    opts.onStage?.(stage, list.length);
    const done = await mapLimit(list, opts.concurrency ?? 4, (obj) => applyOne(client, obj, opts));
    results.push(...done);
  };

  await applyAll("crds", crds);
  if (crds.length > 0) {
    opts.onStage?.("establish", crds.length);
    await waitEstablished(
      client,
      crds.map((c) => c.metadata.name),
      opts,
    );
  }
  await applyAll("namespaces", namespaces);
  await applyAll("objects", objects);
  return results;
}

async function applyOne(
  client: KubeClient,
  obj: KubeObject,
  opts: ApplyObjectsOptions,
): Promise<AppliedObject> {
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("aborted");
  const ref = {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
  };
  let before: KubeObject | undefined;
  try {
    before = await client.get(ref);
  } catch (err) {
    // Absent (or its kind not served: then the apply below says so with the server's words).
    if (!isKubeError(err, "not-found")) throw err;
  }
  const after = await client.apply(obj, { force: true, fieldManager: opts.fieldManager });
  const applied: AppliedObject = {
    object: describeObject(obj.kind, obj.metadata.name, after.metadata.namespace ?? obj.metadata.namespace),
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: after.metadata.namespace ?? obj.metadata.namespace,
    outcome: classifyApply(before, after),
  };
  opts.onObject?.(applied);
  return applied;
}

/** Watches CRDs (no polling) until every one named is Established. */
async function waitEstablished(
  client: KubeClient,
  names: string[],
  opts: ApplyObjectsOptions,
): Promise<void> {
  const crds = new Reflector(client, {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
  });
  const pending = () =>
    names.filter((n) => !crds.store.has(`/${n}`) || !crdEstablished(crds.store.get(`/${n}`) as KubeObject));
  const timeoutMs = opts.crdTimeoutMs ?? 60_000;
  const r = await watchUntil([crds], () => pending().length === 0, { timeoutMs, signal: opts.signal });
  if (r === "timeout") throw new CrdsNotEstablished(pending(), timeoutMs);
  if (r === "aborted") throw opts.signal?.reason ?? new Error("aborted");
}
