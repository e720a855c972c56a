/**
 * List + watch, kept up to date: the informer pattern of client-go, reduced to what `wait` and
 * `cni apply` need. A Reflector lists a kind once, then watches from the list's resourceVersion and
 * applies every event to its store, so callers re-evaluate on each change instead of polling.
 *
 * Survives what a fresh cluster does to a watch:
 * - the server ends the stream (timeoutSeconds, or its own ~30 min limit): watch again from the
 *   last resourceVersion seen (BOOKMARKs move it forward without a change);
 * - 410 Gone (the resourceVersion left the server's history, e.g. after a long disconnect or an etcd
 *   compaction): list again;
 * - a dropped connection or an API server restart (kube-apiserver is a static pod that restarts
 *   during init): retry with exponential backoff, first from the last resourceVersion;
 * - a kind not served yet (a CRD that is not Established): retry with backoff.
 * Errors no retry can fix (401, 403, TLS, a bad kubeconfig, invalid selectors) end `run` with them.
 */
import { isKubeError, type KubeClient, type KubeError, type KubeObject, WatchExpired } from "./client.js";

export interface ReflectorOptions {
  apiVersion: string;
  kind: string;
  /** Omitted: all namespaces (or a cluster-scoped kind). */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Server-side end of each watch; we then watch again from where we were (default 300 s). */
  watchTimeoutSeconds?: number | undefined;
  /** Exponential backoff between retries (default 100 ms doubling up to 5 s). */
  backoff?: { initialMs: number; maxMs: number } | undefined;
  /** List page size (default 500). */
  pageSize?: number | undefined;
}

export interface ReflectorEvents {
  /** After every change to the store, including the initial list and every re-list. */
  onChange?: (() => void) | undefined;
  /** A retry is coming after `delayMs` because of `err` (for --verbose logs and "reconnecting" titles). */
  onRetry?: ((err: KubeError, delayMs: number) => void) | undefined;
}

/** Failures a retry can fix: the network, the server restarting or overloaded, a kind not served yet. */
export function isRetryable(err: unknown): boolean {
  if (!isKubeError(err)) return false;
  if (err.reason === "unreachable" || err.reason === "not-found" || err.reason === "gone") return true;
  // 5xx / 429 / transport oddities during an API server restart
  return err.reason === "other" && (err.status === undefined || err.status >= 500 || err.status === 429);
}

export function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

export class Reflector<T extends KubeObject = KubeObject> {
  /** namespace/name -> object, as of the last event. */
  readonly store = new Map<string, T>();
  /** True once the first list arrived. */
  synced = false;
  /** The last retryable error, cleared by the next successful list or event. */
  lastError: KubeError | undefined;
  /** How many times the store was rebuilt from a list (1 + re-lists after 410). */
  lists = 0;
  /** How many watch requests were made. */
  watches = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly client: KubeClient,
    readonly opts: ReflectorOptions,
    private readonly events: ReflectorEvents = {},
  ) {
    if (events.onChange) this.listeners.add(events.onChange);
  }

  /** Calls `fn` after every change of the store; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  items(): T[] {
    return [...this.store.values()];
  }

  /** Runs until `signal` aborts (resolves) or a non-retryable error (rejects with it). */
  async run(signal: AbortSignal): Promise<void> {
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 100, maxMs: 5_000 };
    let delay = initialMs;
    let rv: string | undefined;
    const sel = {
      namespace: this.opts.namespace,
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
    };
    const retry = async (err: KubeError) => {
      this.lastError = err;
      this.events.onRetry?.(err, delay);
      await sleep(jitter(delay), signal);
      delay = Math.min(delay * 2, maxMs);
    };
    while (!signal.aborted) {
      try {
        if (rv === undefined) {
          const list = await this.client.list<T>(this.opts.apiVersion, this.opts.kind, {
            ...sel,
            limit: this.opts.pageSize ?? 500,
          });
          if (signal.aborted) return;
          this.store.clear();
          for (const item of list.items) this.store.set(objectKey(item), item);
          rv = list.resourceVersion;
          this.synced = true;
          this.lists++;
          this.lastError = undefined;
          delay = initialMs;
          this.changed();
        }
        const started = Date.now();
        let received = false;
        this.watches++;
        await this.client.watch<T>(
          this.opts.apiVersion,
          this.opts.kind,
          {
            ...sel,
            resourceVersion: rv,
            allowBookmarks: true,
            timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
          },
          (ev) => {
            received = true;
            this.lastError = undefined;
            delay = initialMs;
            rv = ev.object.metadata.resourceVersion || rv;
            if (ev.type === "BOOKMARK") return;
            if (ev.type === "DELETED") this.store.delete(objectKey(ev.object));
            else this.store.set(objectKey(ev.object), ev.object);
            this.changed();
          },
          signal,
        );
        if (signal.aborted) return;
        // The stream ended. Right away again, unless it ended at once with nothing: then something
        // is closing connections (a restarting API server, a proxy), so back off instead of spinning.
        if (!received && Date.now() - started < 1_000) {
          await sleep(jitter(delay), signal);
          delay = Math.min(delay * 2, maxMs);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof WatchExpired) {
          // Our resourceVersion is gone from the server's history: start over from a fresh list.
          rv = undefined;
          continue;
        }
        if (isRetryable(err)) {
          await retry(err as KubeError);
          continue;
        }
        throw err;
      }
    }
  }
}

/** ±20 %, so many reflectors reconnecting after an API restart do not hit it in lockstep. */
function jitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export type WatchUntilResult = "done" | "timeout" | "aborted";

/**
 * Runs reflectors until `check()` is true after some change (checked on every change of any of
 * them, so the answer comes with the event, not on a timer), `timeoutMs` passes or `signal` aborts.
 * A reflector's fatal error rejects. The reflectors stop when this settles.
 */
export async function watchUntil(
  reflectors: readonly Reflector[],
  check: () => boolean,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined; onChange?: (() => void) | undefined },
): Promise<WatchUntilResult> {
  const stop = new AbortController();
  let settle: (r: WatchUntilResult) => void = () => {};
  let fail: (err: unknown) => void = () => {};
  const result = new Promise<WatchUntilResult>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const evaluate = () => {
    opts.onChange?.();
    if (reflectors.every((r) => r.synced) && check()) settle("done");
  };
  const unsubscribe = reflectors.map((r) => r.subscribe(evaluate));
  const timer = setTimeout(() => settle("timeout"), opts.timeoutMs);
  const onOuterAbort = () => settle("aborted");
  if (opts.signal?.aborted) settle("aborted");
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const runs = reflectors.map((r) => r.run(stop.signal).catch(fail));
  try {
    return await result;
  } finally {
    clearTimeout(timer);
    for (const u of unsubscribe) u();
    opts.signal?.removeEventListener("abort", onOuterAbort);
    stop.abort();
    await Promise.allSettled(runs);
  }
}
