/**
 * Images once per cluster: a node joined over SSH gets the images it lacks from this node's
 * containerd (the first control plane), streamed over its SSH session straight into its own
 * containerd (`ctr images export - refs | ctr images import -`, no file on either side), so the
 * mirrors are asked once per cluster. The node's own pre-pull (steps/images.ts) runs after it and
 * finds them present; when the stream fails it pulls them itself, which is the fallback.
 */

import { DEFAULT_CERTS_DIR } from "../../host/containerd/config-edit.js";
import {
  displayCommand,
  failureReason,
  type PipeEnd,
  pipeCommands,
  pipeInto,
  type RunResult,
} from "../../host/runner.js";
import type { Lang } from "../../i18n/lang.js";
import { t } from "../../i18n/messages.js";
import { ctrBase, type ImageDigest, listNodeImages, platformOfNode } from "../../images/archive.js";
import { digestMismatches } from "../../images/archive-index.js";
import { pullImages } from "../../images/pull.js";
import { ctrAddress, formatSize, MAX_CTR_EVIDENCE } from "../../images/pull-output.js";
import type { Node } from "../../node/node.js";
import { oneLine } from "../../util/one-line.js";
import { type ReplayStream, replayStream } from "../../util/replay-stream.js";
import type { RunData, WorkflowStep } from "../data.js";

/** Streams leaving the source at once: its disk and uplink are shared by all of them. */
export const DEFAULT_STREAM_CONCURRENCY = 4;
/** A cluster's image set is a few hundred MiB; a slow link takes minutes. */
const STREAM_TIMEOUT_MS = 30 * 60_000;
/**
 * Exports kept in memory for the other hosts of a run: a control plane's set and a worker's
 * (about 220 and 70 MiB for v1.33 with a CNI) fit; a set beyond what is left is exported per host.
 */
export const SHARED_EXPORT_BYTES = 512 * 2 ** 20;

/** One `ctr images export` of a set, replayed to every host that lacks exactly that set. */
export interface SharedExport {
  readonly replay: ReplayStream;
  /** The export's own result, once it has ended. */
  readonly done: Promise<RunResult>;
}

/** The node the images come from, shared by every host of one run. */
export interface ImageSource {
  readonly node: Node;
  readonly criSocket: string;
  /** Whether its containerd answers (asked once). */
  up(): Promise<boolean>;
  /**
   * The source's digests of `refs`; images it lacks are pulled there first, once for all hosts.
   * Its image list is read once per run (and again only for an image that list did not have).
   */
  digests(refs: readonly string[], onPull?: (count: number) => void): Promise<Map<string, ImageDigest>>;
  /** At most `concurrency` streams at once. */
  slot<T>(f: () => Promise<T>): Promise<T>;
  /**
   * The export of `images` for `platform`, started by the first host that lacks exactly these
   * (same names and digests) and replayed to the others; undefined when exports are not shared
   * (one host) or the set does not fit in what is left of SHARED_EXPORT_BYTES.
   */
  shared(platform: string, images: readonly ImageDigest[]): SharedExport | undefined;
  /**
   * Host `id` needs nothing more from the source (its images step is over, or the host stopped
   * before it). Once every host of the run (`hosts`) said so, the exports held in memory are dropped:
   * the rest of the run (kubeadm join on each host) can take minutes.
   */
  release(id: string): void;
}

/** The export command of `refs` on the source, for the hosts of `platform`. */
function exportEnd(node: Node, criSocket: string, platform: string, refs: readonly string[]): PipeEnd {
  return {
    runner: node.runner,
    argv: [...ctrBase(node, criSocket), "images", "export", "--platform", platform, "-", ...refs],
    opts: { timeoutMs: STREAM_TIMEOUT_MS },
  };
}

export function imageSource(
  node: Node,
  o: {
    criSocket: string;
    signal?: AbortSignal;
    concurrency?: number;
    /** More than one host gets images from this source in this run: share each set's export. */
    share?: boolean;
    /** How many hosts this run has (see release); without it the exports live as long as the source. */
    hosts?: number;
  },
): ImageSource {
  let upOnce: Promise<boolean> | undefined;
  // Hosts ask at the same time: one after the other, so an image is pulled on the source only once.
  let chain: Promise<unknown> = Promise.resolve();
  let active = 0;
  const waiting: (() => void)[] = [];
  const limit = Math.max(1, o.concurrency ?? DEFAULT_STREAM_CONCURRENCY);
  const signal = o.signal ? { signal: o.signal } : {};
  let listed: Map<string, ImageDigest> | undefined;
  /** Images this node failed to pull in this run: each host pulls those itself. */
  const unpullable = new Set<string>();
  const exports = new Map<string, SharedExport>();
  let held = 0;
  const released = new Set<string>();
  return {
    node,
    criSocket: o.criSocket,
    up: () => {
      upOnce ??= node.probe.socket(ctrAddress(o.criSocket)).catch(() => false);
      return upOnce;
    },
    digests(refs, onPull) {
      const run = async () => {
        // Listed once for all hosts; again only when a host asks for an image the listing lacks and
        // this node has not failed to pull already (a mirror without a tag would otherwise be
        // asked again for every host, one after the other).
        const known = listed;
        if (known && refs.every((r) => known.has(r) || unpullable.has(r)))
          return new Map(refs.flatMap((r) => (known.has(r) ? [[r, known.get(r) as ImageDigest]] : [])));
        let present = await listNodeImages(node, { criSocket: o.criSocket, ...signal });
        const missing = [...new Set(refs)].filter((r) => !present.has(r) && !unpullable.has(r));
        if (missing.length > 0) {
          onPull?.(missing.length);
          // Failures are left out: those hosts pull the image themselves (and report why it fails).
          await pullImages(missing, {
            runner: node.runner,
            address: node.fs.resolve(ctrAddress(o.criSocket)),
            hostsDir: node.fs.resolve(DEFAULT_CERTS_DIR),
            ...signal,
          });
          present = await listNodeImages(node, { criSocket: o.criSocket, ...signal });
          for (const r of missing) if (!present.has(r)) unpullable.add(r);
        }
        listed = present;
        return new Map(refs.flatMap((r) => (present.has(r) ? [[r, present.get(r) as ImageDigest]] : [])));
      };
      const next = chain.then(run, run);
      chain = next.catch(() => undefined);
      return next;
    },
    async slot(f) {
      if (active >= limit) await new Promise<void>((r) => waiting.push(r));
      active++;
      try {
        return await f();
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
    shared(platform, images) {
      if (!o.share || node.runner.dryRun) return undefined;
      const sorted = [...images].sort((a, b) => a.ref.localeCompare(b.ref));
      const refs = sorted.map((i) => i.ref);
      const key = [platform, ...sorted.map((i) => `${i.ref}@${i.digest}`)].join(" ");
      const known = exports.get(key);
      if (known) return known;
      const size = images.reduce((n, i) => n + i.bytes, 0);
      if (held + size > SHARED_EXPORT_BYTES) return undefined;
      held += size;
      const replay = replayStream();
      const end = exportEnd(node, o.criSocket, platform, refs);
      const done = end.runner
        .run(end.argv, { ...end.opts, stdoutStream: replay.sink, ...signal })
        .catch(
          (e: unknown): RunResult => ({
            command: displayCommand(end.argv),
            exitCode: 1,
            stdout: "",
            stderr: e instanceof Error ? e.message : String(e),
            timedOut: false,
            skipped: false,
            notFound: false,
          }),
        )
        .then((r) => {
          const failed = r.exitCode !== 0 || r.timedOut;
          replay.finish(failed ? new Error(failureReason(r)) : undefined);
          // A later host starts a fresh export rather than replaying this failure.
          if (failed && exports.get(key)?.replay === replay) {
            exports.delete(key);
            held -= size;
          }
          return r;
        });
      const entry = { replay, done };
      exports.set(key, entry);
      return entry;
    },
    release(id) {
      released.add(id);
      // Readers still streaming keep their own reference; nobody new can ask for these.
      if (o.hosts !== undefined && released.size >= o.hosts) {
        exports.clear();
        held = 0;
      }
    },
  };
}

export type StreamOutcome =
  | { kind: "streamed"; images: string[]; bytes: number; present: number; ms: number }
  | { kind: "present"; count: number }
  | { kind: "source-down" }
  | { kind: "failed"; reason: string };

/**
 * Sends `target` the images of `refs` it lacks (by name and digest) from the source. Never throws
 * for a failed stream: the outcome says why, and the caller's pre-pull does the rest.
 */
export async function streamImages(
  source: ImageSource,
  target: Node,
  refs: readonly string[],
  o: {
    criSocket: string;
    lang: Lang;
    signal?: AbortSignal;
    progress?: (line: string) => void;
  },
): Promise<StreamOutcome> {
  const label = t(o.lang, "stream.thisNode");
  if (!(await source.up())) return { kind: "source-down" };
  const signal = o.signal ? { signal: o.signal } : {};
  try {
    const platform = await platformOfNode(target, o.lang);
    const have = await listNodeImages(target, { criSocket: o.criSocket, lang: o.lang, ...signal });
    const src = await source.digests(refs, (count) =>
      o.progress?.(t(o.lang, "stream.sourcePull", { count, source: label })),
    );
    const lacking = refs.filter((r) => src.has(r) && have.get(r)?.digest !== src.get(r)?.digest);
    // Neither here nor there (the pull on this node failed): the host's own pull is all that is left.
    const nowhere = refs.filter((r) => !src.has(r) && !have.has(r));
    if (lacking.length === 0) {
      if (nowhere.length === 0) return { kind: "present", count: refs.length };
      return {
        kind: "failed",
        reason: t(o.lang, "stream.sourceLacks", { count: nowhere.length, images: nowhere.join(", ") }),
      };
    }
    const total = lacking.reduce((n, r) => n + (src.get(r)?.bytes ?? 0), 0);
    const started = performance.now();
    let last = 0;
    const importEnd: PipeEnd = {
      runner: target.runner,
      argv: [...ctrBase(target, o.criSocket), "images", "import", "-"],
      opts: { changes: true, timeoutMs: STREAM_TIMEOUT_MS },
    };
    const piped = {
      ...signal,
      onBytes: (bytes: number) => {
        // A line per MiB at most: the title is redrawn, not appended, but not for every packet.
        if (bytes - last < 1 << 20) return;
        last = bytes;
        o.progress?.(
          t(o.lang, "stream.progress", {
            source: label,
            done: formatSize(bytes),
            total: formatSize(total),
            count: lacking.length,
          }),
        );
      },
    };
    const r = await source.slot(async () => {
      const shared = source.shared(
        platform,
        lacking.map((ref) => src.get(ref) as ImageDigest),
      );
      if (!shared)
        return pipeCommands(exportEnd(source.node, source.criSocket, platform, lacking), importEnd, piped);
      const into = await pipeInto(shared.replay.reader(), importEnd, piped);
      // The import stopped because the export failed: the export's reason is the one to give.
      return { from: into.inputError ? await shared.done : undefined, to: into.to, bytes: into.bytes };
    });
    const bad = [r.from, r.to].find((x) => x && (x.exitCode !== 0 || x.timedOut));
    if (bad)
      return { kind: "failed", reason: oneLine(failureReason(bad).replace(/^ctr: /, ""), MAX_CTR_EVIDENCE) };
    const after = await listNodeImages(target, { criSocket: o.criSocket, lang: o.lang, ...signal });
    const wrong = digestMismatches(
      lacking.map((ref) => src.get(ref) as ImageDigest),
      after,
    );
    if (wrong[0]) {
      const w = wrong[0];
      return {
        kind: "failed",
        reason: t(o.lang, "archive.verifyFailed", {
          count: wrong.length,
          image: w.ref,
          want: w.want,
          got: w.got ?? t(o.lang, "archive.absent"),
        }),
      };
    }
    return {
      kind: "streamed",
      images: lacking,
      bytes: r.bytes,
      present: refs.length - lacking.length,
      ms: performance.now() - started,
    };
  } catch (e) {
    if (o.signal?.aborted) throw e;
    return { kind: "failed", reason: oneLine(e instanceof Error ? e.message : String(e), MAX_CTR_EVIDENCE) };
  }
}

/** The one line a host's output gets for an outcome (none when there was nothing to say). */
export function streamLine(lang: Lang, out: StreamOutcome, address: string): string | undefined {
  const source = t(lang, "stream.thisNode");
  switch (out.kind) {
    case "streamed":
      return t(lang, "stream.done", {
        count: out.images.length,
        source,
        size: formatSize(out.bytes),
        seconds: (out.ms / 1000).toFixed(1),
        present: out.present,
      });
    case "present":
      return t(lang, "stream.allPresent", { count: out.count });
    case "source-down":
      return t(lang, "stream.sourceDown", { source, address });
    case "failed":
      return t(lang, "stream.failed", { source, reason: out.reason });
  }
}

/**
 * The workflow's steps with the stream run first inside the "images" step (same step id, so the run
 * state and resume are unchanged); its pre-pull then finds the streamed images present and pulls
 * only what the stream did not bring. Without a source, or without an images step, unchanged.
 */
export function withImageStream(
  steps: WorkflowStep[],
  source: ImageSource | undefined,
  target: Node,
  data: RunData,
  o: { lang: Lang; signal?: AbortSignal; output: (line: string) => void },
): WorkflowStep[] {
  if (!source) return steps;
  return steps.map((s) =>
    s.id !== "images"
      ? s
      : {
          ...s,
          run: async (setTitle, setOutput) => {
            const out = await streamImages(source, target, data.images.images, {
              criSocket: data.spec.node.criSocket,
              lang: o.lang,
              ...(o.signal ? { signal: o.signal } : {}),
              progress: (line) => setTitle(line),
            }).finally(() => source.release(target.id));
            const line = streamLine(o.lang, out, source.node.fs.resolve(ctrAddress(source.criSocket)));
            if (line) o.output(line);
            setTitle(s.title);
            const done = await s.run(setTitle, setOutput);
            if (line) data.outputs.pulls.unshift(line);
            return done;
          },
        },
  );
}
