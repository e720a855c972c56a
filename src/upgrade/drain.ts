/**
 * Cordon, drain and uncordon through the Kubernetes API (the KubeClient port), the way `kubectl
 * drain --ignore-daemonsets` does it: pods are evicted (policy/v1 Eviction), so PodDisruptionBudgets
 * are honoured: a 429 means "not now", and the eviction is retried until the timeout. DaemonSet pods
 * (their controller would put them straight back) and mirror pods (the kubelet's static pods: the
 * API cannot remove them) stay. Pods without a controller would be gone for good, so they stop the
 * drain unless the caller allows it.
 */
import { KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { isKubeError, type KubeClient, type KubeObject } from "../kube/client.js";

const DRAIN_FIELD_MANAGER = "kadm-wizard-upgrade";
const MIRROR = "kubernetes.io/config.mirror";

interface DrainPod extends KubeObject {
  metadata: KubeObject["metadata"] & {
    ownerReferences?: { kind?: string; controller?: boolean; name?: string }[];
  };
  status?: { phase?: string };
}

/** PURE: which pods of a node a drain evicts, and which it leaves (and why). */
export function drainSelection(pods: readonly DrainPod[]): {
  evict: DrainPod[];
  daemonSet: number;
  mirror: number;
  unmanaged: DrainPod[];
} {
  const evict: DrainPod[] = [];
  const unmanaged: DrainPod[] = [];
  let daemonSet = 0;
  let mirror = 0;
  for (const p of pods) {
    if (p.metadata.annotations?.[MIRROR] !== undefined) {
      mirror++;
      continue;
    }
    const owner = p.metadata.ownerReferences?.find((o) => o.controller) ?? p.metadata.ownerReferences?.[0];
    if (owner?.kind === "DaemonSet") {
      daemonSet++;
      continue;
    }
    // A finished pod is not running anything: evicting it only removes its record.
    if (!owner && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") unmanaged.push(p);
    evict.push(p);
  }
  return { evict, daemonSet, mirror, unmanaged };
}

async function setUnschedulable(client: KubeClient, node: string, value: boolean): Promise<void> {
  await client.apply(
    { apiVersion: "v1", kind: "Node", metadata: { name: node }, spec: { unschedulable: value } },
    { fieldManager: DRAIN_FIELD_MANAGER, force: true },
  );
}

export const cordon = (client: KubeClient, node: string) => setUnschedulable(client, node, true);
export const uncordon = (client: KubeClient, node: string) => setUnschedulable(client, node, false);

export interface DrainOptions {
  lang: Lang;
  timeoutMs: number;
  signal: AbortSignal;
  /** Between two evictions a PodDisruptionBudget refused (default 5 s, as kubectl drain). */
  retryMs?: number;
  /** Evict pods without a controller too (they will not come back). */
  allowUnmanaged?: boolean;
  onProgress?: (evicted: number, total: number, waiting: string | undefined) => void;
}

export interface DrainResult {
  evicted: number;
  daemonSet: number;
  mirror: number;
  /** Evictions a PodDisruptionBudget refused at least once (429) before it let them through. */
  retried: number;
}

const sleepFor = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

const name = (p: DrainPod) => `${p.metadata.namespace}/${p.metadata.name}`;

/** Cordons the node and evicts its pods; resolves when every evicted pod is gone. */
export async function drainNode(client: KubeClient, node: string, o: DrainOptions): Promise<DrainResult> {
  await cordon(client, node);
  const { items } = await client.list<DrainPod>("v1", "Pod", { fieldSelector: `spec.nodeName=${node}` });
  const sel = drainSelection(items);
  if (sel.unmanaged.length > 0 && !o.allowUnmanaged) {
    throw new KadmError(
      t(o.lang, "rollout.drain.unmanaged", {
        node,
        count: sel.unmanaged.length,
        pods: sel.unmanaged.slice(0, 5).map(name).join(", "),
      }),
      { hint: t(o.lang, "rollout.drain.unmanagedHint") },
    );
  }
  const deadline = Date.now() + o.timeoutMs;
  const retryMs = o.retryMs ?? 5_000;
  let evicted = 0;
  let retried = 0;
  const blocked = new Set<string>();
  const report = () => o.onProgress?.(evicted, sel.evict.length, [...blocked][0]);
  report();
  await Promise.all(
    sel.evict.map(async (p) => {
      let refused = false;
      for (;;) {
        if (o.signal.aborted) throw o.signal.reason ?? new Error("aborted");
        try {
          await client.evict(p.metadata.namespace as string, p.metadata.name);
          break;
        } catch (e) {
          if (isKubeError(e, "not-found")) break;
          if (!isKubeError(e, "too-many-requests")) throw e;
          if (!refused) retried++;
          refused = true;
          blocked.add(name(p));
          report();
          if (Date.now() + retryMs > deadline) {
            throw new KadmError(
              t(o.lang, "rollout.drain.pdbTimeout", {
                node,
                pod: name(p),
                seconds: Math.round(o.timeoutMs / 1000),
                reason: e.message,
              }),
              { hint: t(o.lang, "rollout.drain.pdbTimeoutHint", { node }) },
            );
          }
          await sleepFor(retryMs, o.signal);
        }
      }
      blocked.delete(name(p));
      evicted++;
      report();
    }),
  );
  // Eviction starts a graceful deletion: the drain is over when the pods are gone.
  for (const p of sel.evict) {
    for (;;) {
      try {
        const cur = await client.get<DrainPod>({
          apiVersion: "v1",
          kind: "Pod",
          namespace: p.metadata.namespace,
          name: p.metadata.name,
        });
        if (cur.metadata.uid !== p.metadata.uid) break;
      } catch (e) {
        if (isKubeError(e, "not-found")) break;
        throw e;
      }
      if (Date.now() > deadline || o.signal.aborted) {
        throw new KadmError(t(o.lang, "rollout.drain.notGone", { node, pod: name(p) }), {
          hint: t(o.lang, "rollout.drain.pdbTimeoutHint", { node }),
        });
      }
      await sleepFor(1_000, o.signal);
    }
  }
  return { evicted, daemonSet: sel.daemonSet, mirror: sel.mirror, retried };
}

interface UpgradeNodeObj extends KubeObject {
  status?: {
    nodeInfo?: { kubeletVersion?: string };
    conditions?: { type?: string; status?: string }[];
  };
}

/** PURE: the node is Ready and its kubelet reports `version`. */
export function nodeAt(n: UpgradeNodeObj, version: string): { ready: boolean; version: string | undefined } {
  const ready = n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
  const v = n.status?.nodeInfo?.kubeletVersion;
  return { ready: ready && v === version, version: v };
}

/** The kubelet version the node reports to the API server; undefined when it cannot be read. */
export async function reportedKubeletVersion(client: KubeClient, node: string): Promise<string | undefined> {
  const n = await client
    .get<UpgradeNodeObj>({ apiVersion: "v1", kind: "Node", name: node })
    .catch(() => undefined);
  return n?.status?.nodeInfo?.kubeletVersion;
}

/** Waits until the node is Ready with its kubelet at `version`; false on timeout. */
export async function waitNodeAt(
  client: KubeClient,
  node: string,
  version: string,
  o: {
    timeoutMs: number;
    signal: AbortSignal;
    pollMs?: number;
    onSeen?: (version: string | undefined) => void;
  },
): Promise<boolean> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    try {
      const n = await client.get<UpgradeNodeObj>({ apiVersion: "v1", kind: "Node", name: node });
      const at = nodeAt(n, version);
      o.onSeen?.(at.version);
      if (at.ready) return true;
    } catch (e) {
      // The API server restarts during a control plane's own upgrade: keep asking.
      if (!isKubeError(e, "unreachable") && !isKubeError(e, "other")) throw e;
    }
    if (Date.now() > deadline || o.signal.aborted) return false;
    await sleepFor(o.pollMs ?? 1_000, o.signal);
  }
}
