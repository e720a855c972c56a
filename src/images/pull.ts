/**
 * Pre-pulls images through containerd into the `k8s.io` namespace, where the CRI plugin (and so the
 * kubelet and kubeadm) finds them. Every pull is `ctr images pull --hosts-dir <certs.d>`, so the
 * certs.d/<registry>/hosts.toml mirrors apply exactly as they do for CRI pulls. Several images are
 * pulled at once (kubeadm pulls one after the other), transient failures are retried with
 * exponential backoff, and each failure is classified from ctr's stderr.
 */
import { setTimeout as delay } from "node:timers/promises";
import { failureReason, type Runner, type RunResult } from "../host/runner.js";
import type { PULL_MESSAGES } from "../i18n/catalog/pull.js";
import { mapLimit } from "../util/map-limit.js";
import { oneLine } from "../util/one-line.js";
import {
  classifyPullError,
  formatSize,
  isRetryableCause,
  isRuntimeError,
  MAX_CTR_EVIDENCE,
  type PullErrorClass,
  type PullErrorInfo,
  type PullProgress,
  parseImageList,
  progressTracker,
} from "./pull-output.js";
import { formatReference, mustParseReference } from "./reference.js";

/** containerd namespace of the CRI plugin. */
export const CRI_NAMESPACE = "k8s.io";
/** kubeadm needs 7 images: pull them all at once (each pull still fetches at most 3 layers at a time). */
export const DEFAULT_PULL_CONCURRENCY = 8;
export const DEFAULT_PULL_RETRIES = 3;
/** First retry waits this long; each further one twice as long, up to MAX_BACKOFF_MS. */
export const DEFAULT_BACKOFF_MS = 2_000;
export const MAX_BACKOFF_MS = 30_000;
/** Per attempt of one image. */
export const DEFAULT_PULL_TIMEOUT_MS = 10 * 60_000;
const LIST_TIMEOUT_MS = 60_000;

export interface PullFailure extends PullErrorInfo {
  /** Fully qualified reference that was pulled. */
  image: string;
  /** Registry of the reference (the one hosts.toml is looked up for). */
  registry: string;
  /** The last attempt ran into the per-attempt timeout. */
  timedOut: boolean;
  /** The failing command as logged; empty when ctr was not run (`runtimeDown` found by the caller). */
  command: string;
  /**
   * containerd itself failed (its socket), not a registry: the fix is the runtime's. Set from ctr's
   * text by the shared classifier, or by the caller's socket check; then `evidence` is empty and the
   * sentence comes from the catalogue ("pull.failed.runtimeDown").
   */
  runtimeDown?: boolean;
}

export type PullStatus = "pulled" | "cached" | "recorded" | "failed";

export interface PullResult {
  /** The image as given. */
  image: string;
  /** Fully qualified reference passed to ctr. */
  ref: string;
  registry: string;
  status: PullStatus;
  /** Image size as `ctr images ls` reports it (ctr rounds to 0.1 of a unit). Absent for "recorded"/"failed". */
  bytes?: number;
  /** ctr pull runs (0 when cached). */
  attempts: number;
  /** Dry run without a listing (containerd does not answer): whether it is present already is unknown. */
  presenceUnknown?: true;
  durationMs: number;
  failure?: PullFailure;
}

export type PullEvent =
  | { type: "started" }
  | ({ type: "progress" } & PullProgress)
  | { type: "done"; bytes: number; cached: boolean }
  /** A failed attempt will be repeated after `delayMs`; `attempt` is the number of the next one (2 = first retry). */
  | { type: "retry"; attempt: number; of: number; reason: string; cause: PullErrorClass; delayMs: number }
  | { type: "failed"; failure: PullFailure }
  /** Dry run: the pull command was recorded, not run. */
  | { type: "recorded"; command: string };

export interface PullOptions {
  runner: Runner;
  /** containerd socket path (see ctrAddress for a criSocket). */
  address: string;
  /** certs.d directory with the hosts.toml files, as a path on this machine (already rooted). */
  hostsDir: string;
  /** Default "k8s.io", where the CRI plugin sees images. */
  namespace?: string;
  /** Images pulled at the same time, default 8. */
  concurrency?: number;
  /** Further attempts after a failure that may go away (unreachable, other), default 3. */
  retries?: number;
  /** Wait before the first retry, doubled for each next one (at most 30 s). Default 2 s. */
  backoffMs?: number;
  /** Per attempt of one image, default 10 min. */
  timeoutMs?: number;
  /** Injected for tests; default a timer (cancelled by `signal`). */
  sleep?: (ms: number) => Promise<void>;
  onEvent?: (image: string, event: PullEvent) => void;
  /** Extra environment for ctr (proxies: ctr itself talks to the registries). */
  env?: Record<string, string>;
  /** Cancels everything; pullImages then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** ctr binary, default "ctr". */
  ctr?: string;
  /**
   * The caller found that nothing answers on the socket. ctr is then not asked (`ctr images ls` would
   * only wait for its dial timeout): a dry run records the pulls with presence unknown, a real run
   * fails every image at once.
   */
  runtimeDown?: boolean;
}

/** A message of the "pull." catalogue (src/i18n/catalog/pull.ts). */
export interface PullMsg {
  key: keyof typeof PULL_MESSAGES;
  params?: Record<string, string | number>;
}

// --- pulling

interface Ctx {
  o: PullOptions;
  base: string[];
  present: Map<string, number | undefined>;
  retries: number;
  backoffMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  emit: (image: string, e: PullEvent) => void;
  presenceUnknown: boolean;
}

/**
 * Pulls every image (at most `concurrency` at a time) unless containerd has it already. Results are
 * in input order. Never rejects for a failed image: the result says why. Throws for invalid
 * references or options (before pulling anything), and with the signal's reason when aborted.
 */
export async function pullImages(images: readonly string[], opts: PullOptions): Promise<PullResult[]> {
  const concurrency = opts.concurrency ?? DEFAULT_PULL_CONCURRENCY;
  const retries = opts.retries ?? DEFAULT_PULL_RETRIES;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency: ${concurrency}`);
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`retries: ${retries}`);
  if (opts.address === "" || opts.hostsDir === "") throw new Error("pullImages needs address and hostsDir");
  const refs = images.map((i) => mustParseReference(i));
  const base = [opts.ctr ?? "ctr", "--address", opts.address, "--namespace", opts.namespace ?? CRI_NAMESPACE];
  const signal = opts.signal;
  const ctx: Ctx = {
    o: opts,
    base,
    present: new Map(),
    retries,
    backoffMs: opts.backoffMs ?? DEFAULT_BACKOFF_MS,
    timeoutMs: opts.timeoutMs ?? DEFAULT_PULL_TIMEOUT_MS,
    sleep: opts.sleep ?? ((ms) => delay(ms, undefined, signal ? { signal } : {})),
    emit: (image, e) => opts.onEvent?.(image, e),
    presenceUnknown: false,
  };

  // containerd does not answer (or there is no ctr): every pull would fail the same way.
  const failAll = (
    evidence: string,
    timedOut: boolean,
    command: string,
    runtimeDown: boolean,
  ): PullResult[] =>
    refs.map((ref, i) => {
      const image = images[i] as string;
      const failure: PullFailure = {
        cause: "other",
        evidence,
        notFoundOn: [],
        image: formatReference(ref),
        registry: ref.registry,
        timedOut,
        command,
        ...(runtimeDown ? { runtimeDown } : {}),
      };
      ctx.emit(image, { type: "failed", failure });
      return {
        image,
        ref: failure.image,
        registry: ref.registry,
        status: "failed",
        attempts: 0,
        durationMs: 0,
        failure,
      };
    });
  if (opts.runtimeDown) {
    if (!opts.runner.dryRun) return failAll("", false, "", true);
    ctx.presenceUnknown = true;
  } else {
    const listing = await listPresentImages(ctx);
    if (signal?.aborted) throw signal.reason;
    if (listing.ok) ctx.present = listing.images;
    else if (!opts.runner.dryRun) {
      const r = listing.result;
      const evidence = oneLine(failureReason(r).replace(/^ctr: /, ""), MAX_CTR_EVIDENCE);
      return failAll(evidence, r.timedOut, r.command, isRuntimeError(evidence));
    }
  }

  // The same reference twice is pulled once.
  const unique = new Map<string, { image: string; registry: string }>();
  refs.forEach((ref, i) => {
    const key = formatReference(ref);
    if (!unique.has(key)) unique.set(key, { image: images[i] as string, registry: ref.registry });
  });
  const keys = [...unique.keys()];
  const done = await mapLimit(keys, concurrency, (key) => {
    const u = unique.get(key) as { image: string; registry: string };
    return pullOne(ctx, u.image, key, u.registry);
  });
  const byRef = new Map(keys.map((k, i) => [k, done[i] as PullResult]));
  return refs.map((ref, i) => ({
    ...(byRef.get(formatReference(ref)) as PullResult),
    image: images[i] as string,
  }));
}

async function listPresentImages(
  ctx: Ctx,
  filter?: string,
): Promise<{ ok: true; images: Map<string, number | undefined> } | { ok: false; result: RunResult }> {
  const argv = [...ctx.base, "images", "ls", ...(filter ? [filter] : [])];
  const r = await ctx.o.runner.run(argv, {
    timeoutMs: LIST_TIMEOUT_MS,
    ...(ctx.o.env ? { env: ctx.o.env } : {}),
    ...(ctx.o.signal ? { signal: ctx.o.signal } : {}),
  });
  if (r.exitCode !== 0 || r.timedOut) return { ok: false, result: r };
  return { ok: true, images: parseImageList(r.stdout) };
}

async function pullOne(ctx: Ctx, image: string, ref: string, registry: string): Promise<PullResult> {
  const { o, emit } = ctx;
  const start = performance.now();
  const result = (status: PullStatus, attempts: number): PullResult => ({
    image,
    ref,
    registry,
    status,
    attempts,
    durationMs: Math.round(performance.now() - start),
  });

  if (ctx.present.has(ref)) {
    const bytes = ctx.present.get(ref) ?? 0;
    emit(image, { type: "done", bytes, cached: true });
    return { ...result("cached", 0), bytes };
  }

  emit(image, { type: "started" });
  const argv = [...ctx.base, "images", "pull", "--hosts-dir", o.hostsDir, ref];
  for (let attempt = 1; ; attempt++) {
    if (o.signal?.aborted) throw o.signal.reason;
    const progress = progressTracker();
    let lastProgress: PullProgress | undefined;
    const r = await o.runner.run(argv, {
      changes: true,
      timeoutMs: ctx.timeoutMs,
      ...(o.env ? { env: o.env } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      onLine: (line, stream) => {
        if (stream !== "stdout") return;
        const p = progress.feed(line);
        if (p) {
          lastProgress = p;
          emit(image, { type: "progress", ...p });
        }
      },
    });
    if (o.signal?.aborted) throw o.signal.reason;
    if (r.skipped) {
      emit(image, { type: "recorded", command: r.command });
      return { ...result("recorded", attempt), ...(ctx.presenceUnknown ? { presenceUnknown: true } : {}) };
    }
    if (r.exitCode === 0 && !r.timedOut) {
      // When ctr's frames showed every blob's size and all are done, that is the size; otherwise (a
      // blob done before a frame showed its size) containerd is asked. One round trip less per image
      // on an SSH host.
      const complete = progress.completeBytes();
      const listed = complete === undefined ? await listPresentImages(ctx, `name==${ref}`) : undefined;
      const bytes =
        complete ?? (listed?.ok ? listed.images.get(ref) : undefined) ?? lastProgress?.bytesTotal ?? 0;
      emit(image, { type: "done", bytes, cached: false });
      return { ...result("pulled", attempt), bytes };
    }

    const failure = toFailure(r, ref, registry, ctx.timeoutMs);
    if (r.notFound || !isRetryableCause(failure.cause) || attempt > ctx.retries) {
      emit(image, { type: "failed", failure });
      return { ...result("failed", attempt), failure };
    }
    const delayMs = Math.min(MAX_BACKOFF_MS, ctx.backoffMs * 2 ** (attempt - 1));
    emit(image, {
      type: "retry",
      attempt: attempt + 1,
      of: ctx.retries + 1,
      reason: failure.evidence,
      cause: failure.cause,
      delayMs,
    });
    await ctx.sleep(delayMs);
  }
}

function toFailure(r: RunResult, image: string, registry: string, timeoutMs: number): PullFailure {
  const info = classifyPullError(r.stderr);
  const common = { image, registry, timedOut: r.timedOut, command: r.command };
  if (r.notFound) return { ...info, ...common, cause: "other", evidence: "ctr: not found" };
  if (r.timedOut) {
    const seconds = Math.round(timeoutMs / 1000);
    const evidence = `no result after ${seconds} s${info.evidence ? `; last: ${info.evidence}` : ""}`;
    return { ...info, ...common, cause: "unreachable", evidence: oneLine(evidence, MAX_CTR_EVIDENCE) };
  }
  const failure =
    info.evidence === "" ? { ...info, ...common, evidence: failureReason(r) } : { ...info, ...common };
  return isRuntimeError(failure.evidence) ? { ...failure, runtimeDown: true } : failure;
}

// --- messages

/** The message and fix for a result (keys of the "pull." catalogue). */
export function explainPullResult(
  result: PullResult,
  where: { hostsDir?: string; address?: string } = {},
): { msg: PullMsg; hint?: PullMsg } {
  const size = formatSize(result.bytes ?? 0);
  if (result.status === "pulled")
    return { msg: { key: "pull.result.pulled", params: { image: result.ref, size } } };
  if (result.status === "cached")
    return { msg: { key: "pull.result.cached", params: { image: result.ref, size } } };
  if (result.status === "recorded")
    return { msg: { key: "pull.result.recorded", params: { image: result.ref } } };
  const f = result.failure;
  if (!f) throw new Error(`failed result without failure: ${result.ref}`);
  const hostsFile = `${(where.hostsDir ?? "/etc/containerd/certs.d").replace(/\/+$/, "")}/${f.registry}/hosts.toml`;
  const params = {
    image: f.image,
    registry: f.registry,
    endpoint: f.endpoint !== undefined && f.endpoint !== f.registry ? f.endpoint : "",
    mirrors: f.notFoundOn.join(", "),
    evidence: f.evidence,
    hostsFile,
    command: f.command,
    address: where.address ?? "",
  };
  switch (f.cause) {
    case "unreachable":
      return {
        msg: { key: "pull.failed.unreachable", params },
        hint: { key: "pull.fix.unreachable", params },
      };
    case "not-found":
      return {
        msg: { key: "pull.failed.notFound", params },
        hint: { key: f.notFoundOn.length > 0 ? "pull.fix.notFoundMirror" : "pull.fix.notFound", params },
      };
    case "unauthorized":
      return {
        msg: { key: "pull.failed.unauthorized", params },
        hint: { key: "pull.fix.unauthorized", params },
      };
    case "tls":
      return { msg: { key: "pull.failed.tls", params }, hint: { key: "pull.fix.tls", params } };
    case "other":
      if (f.runtimeDown) {
        return {
          msg: { key: f.evidence === "" ? "pull.failed.runtimeDown" : "pull.failed.other", params },
          hint: { key: "pull.fix.runtime", params },
        };
      }
      return { msg: { key: "pull.failed.other", params }, hint: { key: "pull.fix.other", params } };
  }
}

/** One line for a retry event. */
export function explainRetry(image: string, e: Extract<PullEvent, { type: "retry" }>): PullMsg {
  return {
    key: "pull.retry",
    params: {
      image,
      attempt: e.attempt,
      of: e.of,
      seconds: Math.round(e.delayMs / 100) / 10,
      reason: e.reason,
    },
  };
}

/** Counts for the closing line. */
export function summarisePulls(results: readonly PullResult[]): PullMsg {
  const count = (s: PullStatus) => results.filter((r) => r.status === s).length;
  return {
    key: "pull.summary",
    params: {
      pulled: count("pulled"),
      cached: count("cached"),
      failed: count("failed"),
      recorded: count("recorded"),
      unknown: results.some((r) => r.presenceUnknown) ? 1 : 0,
    },
  };
}
