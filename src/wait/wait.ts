/**
 * `waitForCluster`: watches (never polls) nodes, pods, DaemonSets and Deployments, re-evaluates the
 * readiness phases on every event, and returns as soon as all hold. On timeout it lists the events
 * once and explains what is stuck with the diagnosis engine `doctor` uses (doctor/classify).
 *
 * The watching itself (410 -> re-list, dropped connections and API restarts -> reconnect with
 * backoff) is the Reflector's job (kube/reflector.ts).
 */
import type { ReadinessTarget } from "../cni/patch/readiness.js";
import type { Finding } from "../doctor/finding.js";
import type { Msg } from "../i18n/messages.js";
import type { KubeClient, KubeError, KubeObject } from "../kube/client.js";
import { Reflector, watchUntil } from "../kube/reflector.js";
import { diagnoseSnapshot } from "./diagnosis.js";
import {
  allDone,
  type ClusterSnapshot,
  detectCniTargets,
  evaluateReadiness,
  type PhaseState,
} from "./readiness.js";

export interface WaitOptions {
  /** The CNI workloads to wait for (readinessTargets of the applied manifest); undefined: detect. */
  cniTargets?: readonly ReadinessTarget[] | undefined;
  timeoutMs: number;
  /** Ctrl-C: stops watching, resolves with outcome "aborted". */
  signal?: AbortSignal | undefined;
  /** Every change: the phases as they are now, and whether a connection is being retried. */
  onUpdate?: ((phases: PhaseState[], info: { reconnecting: KubeError | undefined }) => void) | undefined;
  /**
   * Ask the API server for its version first and fail at once when it cannot be reached (default
   * true): a wrong kubeconfig should not take ten minutes to report. After that first contact,
   * lost connections are retried until the timeout.
   */
  failFast?: boolean | undefined;
  /** Reflector tuning (tests, the benchmark). */
  watchTimeoutSeconds?: number | undefined;
  backoff?: { initialMs: number; maxMs: number } | undefined;
}

export interface WaitResult {
  outcome: "ready" | "timeout" | "aborted";
  phases: PhaseState[];
  /** Why it is not ready (timeout only). */
  findings: Finding[];
  elapsedMs: number;
  /** Set when the API server could not be reached at the end (timeout while reconnecting). */
  lastError: KubeError | undefined;
  /** (timeout) The namespaces the findings come from: kube-system and the pod network's. */
  scope?: string[] | undefined;
}

/** The reflectors of one wait and the snapshot they hold. */
function watchers(client: KubeClient, opts: WaitOptions, onRetry: () => void) {
  const tuning = { watchTimeoutSeconds: opts.watchTimeoutSeconds, backoff: opts.backoff };
  const make = (apiVersion: string, kind: string) =>
    new Reflector(client, { apiVersion, kind, ...tuning }, { onRetry });
  const nodes = make("v1", "Node");
  const pods = make("v1", "Pod");
  const daemonSets = make("apps/v1", "DaemonSet");
  const deployments = make("apps/v1", "Deployment");
  const needStatefulSets = opts.cniTargets?.some((t) => t.kind === "StatefulSet") ?? false;
  const statefulSets = needStatefulSets ? make("apps/v1", "StatefulSet") : undefined;
  // condition targets (TigeraStatus calico): their kind, watched the same way
  const other = new Map<string, Reflector>();
  for (const t of opts.cniTargets ?? []) {
    if (t.check !== "condition") continue;
    const key = `${t.apiVersion}/${t.kind}`;
    if (!other.has(key)) other.set(key, make(t.apiVersion, t.kind));
  }
  const all = [
    nodes,
    pods,
    daemonSets,
    deployments,
    ...(statefulSets ? [statefulSets] : []),
    ...other.values(),
  ];
  const snapshot = (): ClusterSnapshot => ({
    nodes: nodes.items(),
    pods: pods.items(),
    daemonSets: daemonSets.items(),
    deployments: deployments.items(),
    statefulSets: statefulSets?.items(),
    other: new Map([...other].map(([k, r]) => [k, r.items()])),
  });
  return { all, snapshot };
}

export async function waitForCluster(client: KubeClient, opts: WaitOptions): Promise<WaitResult> {
  const started = Date.now();
  if (opts.failFast !== false) await client.serverVersion();
  // Titles change on retries too ("reconnecting..."), not only on object changes.
  const { all, snapshot } = watchers(client, opts, () => update());
  const live = liveHint(opts.cniTargets);
  const evaluate = () => {
    const snap = snapshot();
    const synced = all.every((r) => r.synced);
    const phases = evaluateReadiness(snap, opts.cniTargets, synced);
    // Half-listed (DaemonSets in, pods not yet), the engine would name the wrong root and the
    // throttle would keep it for a second: no live line before every list is in.
    return synced ? live(snap, phases) : phases;
  };
  const reconnecting = () => all.find((r) => r.lastError)?.lastError;
  const update = () => opts.onUpdate?.(evaluate(), { reconnecting: reconnecting() });
  const outcome = await watchUntil(all, () => allDone(evaluate()), {
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    onChange: update,
  });
  const phases = evaluate();
  const result: WaitResult = {
    outcome: outcome === "done" ? "ready" : outcome,
    phases,
    findings: [],
    elapsedMs: Date.now() - started,
    lastError: reconnecting(),
  };
  opts.onUpdate?.(phases, { reconnecting: result.lastError });
  if (outcome === "timeout") {
    const why = await explain(client, snapshot(), phases, opts);
    result.findings = why.findings;
    result.scope = why.namespaces;
  }
  return result;
}

/** How often the live line re-runs the diagnosis (the snapshot changes on every pod update). */
const HINT_EVERY_MS = 1000;

/**
 * The pod network's live line says what it waits on ("waiting on kube-flannel-ds-x: cannot pull
 * ghcr.io/...: ghcr.io is unreachable from the node"), from the same engine (no events: the
 * containers' own status). The cause seen while the kubelet still reported it (ErrImagePull) is
 * kept through the back-off, whose message no longer says why.
 */
function liveHint(cniTargets: readonly ReadinessTarget[] | undefined) {
  let at = 0;
  let hint: { object: string; title: Msg } | undefined;
  return (snap: ClusterSnapshot, phases: PhaseState[]): PhaseState[] => {
    const cni = phases.find((p) => p.id === "cni");
    if (!cni || cni.done) return phases;
    const now = Date.now();
    if (now - at >= HINT_EVERY_MS) {
      const root = diagnoseSnapshot({
        snapshot: snap,
        events: [],
        phases,
        cniTargets,
        now: new Date(now),
      }).find((f) => !f.causedBy && f.scope?.cni && f.severity === "error");
      // Throttle only once there is something to say: the first failing status must not wait (the
      // watch re-evaluates on changes only, so a skipped one would not come back).
      if (root) at = now;
      if (!root) hint = undefined;
      else if (!(root.id === "image-pull.backoff" && hint?.object === root.object))
        // Live there are no events: a back-off says only that the pull keeps failing.
        hint = {
          object: root.object,
          title:
            root.id === "image-pull.backoff"
              ? { key: "wait.phase.pullRetrying", params: { image: String(root.title.params?.image ?? "") } }
              : root.title,
        };
    }
    const on = hint && { object: hint.object.replace(/^Pod [^/]+\//, ""), cause: hint.title };
    return on ? phases.map((p) => (p === cni ? { ...p, waitingOn: on } : p)) : phases;
  };
}

/** Events of the namespaces concerned, listed once (not watched: only the timeout needs them). */
async function explain(
  client: KubeClient,
  snap: ClusterSnapshot,
  phases: PhaseState[],
  opts: WaitOptions,
): Promise<{ findings: Finding[]; namespaces: string[] }> {
  const targets = opts.cniTargets ?? detectCniTargets(snap);
  const namespaces = [...new Set(["kube-system", ...targets.map((t) => t.namespace ?? "default")])];
  const events: KubeObject[] = [];
  for (const namespace of namespaces) {
    try {
      events.push(...(await client.list("v1", "Event", { namespace, limit: 500 })).items);
    } catch {
      // Events are evidence, not required: the objects' own status still explains most.
    }
  }
  return {
    findings: diagnoseSnapshot({
      snapshot: snap,
      events,
      phases,
      cniTargets: opts.cniTargets,
      now: new Date(),
    }),
    namespaces,
  };
}
