/**
 * Pre-pull as progress tasks: one line per image, fed by pullImages' events while the pulls
 * themselves run bounded in parallel there. Shared by `images pull`, `init` and `join`.
 */
import { DEFAULT_CERTS_DIR } from "../host/containerd/config-edit.js";
import type { Lang } from "../i18n/lang.js";
import { type Msg, render } from "../i18n/messages.js";
import {
  explainPullResult,
  explainRetry,
  type PullEvent,
  type PullMsg,
  type PullResult,
  pullImages,
  summarisePulls,
} from "../images/pull.js";
import { ctrAddress, formatSize } from "../images/pull-output.js";
import type { Node } from "../node/node.js";
import type { ProgressTask } from "./progress.js";

export interface PullTasks {
  /** One task per image; each finishes when its pull did, and fails (throws) when it failed. */
  tasks: ProgressTask[];
  /** Every result, once all pulls ended (never rejects for a failed pull: see `status`). */
  results: Promise<PullResult[]>;
  /**
   * Result lines (✓/✗ with the hint for failures) and the summary; without `perImage` (the progress
   * already showed every image on this screen) only the distinct hints of the failures and the summary.
   */
  report(results: readonly PullResult[], o?: { perImage?: boolean }): string[];
  /** Images pulled or found present so far, in the order they finished (what an interruption kept). */
  done(): string[];
}

/** The pulls run on `node` (its ctr, its socket, its certs.d). */
export function pullTasks(
  node: Node,
  env: { lang: Lang; signal: AbortSignal },
  criSocket: string,
  images: string[],
  o: { onDone?: (done: number, count: number) => void } = {},
): PullTasks {
  const address = node.fs.resolve(ctrAddress(criSocket));
  const hostsDir = node.fs.resolve(DEFAULT_CERTS_DIR);
  const titles = new Map<string, (title: string) => void>();
  type Outcome = { title: string; failed: boolean };
  const finished = new Map<string, { resolve: (o: Outcome) => void; promise: Promise<Outcome> }>();
  for (const image of images) {
    let resolve: (o: Outcome) => void = () => {};
    const promise = new Promise<Outcome>((r) => {
      resolve = r;
    });
    finished.set(image, { resolve, promise });
  }
  const msg = (m: PullMsg) => render(env.lang, m as Msg);
  const done: string[] = [];
  const onEvent = (image: string, e: PullEvent) => {
    if (e.type === "done") {
      done.push(image);
      o.onDone?.(done.length, images.length);
    }
    const set = titles.get(image);
    if (e.type === "progress" && e.bytesTotal)
      set?.(`${image}  ${formatSize(e.bytesDone ?? 0)}/${formatSize(e.bytesTotal)}`);
    if (e.type === "retry") set?.(msg(explainRetry(image, e)));
  };
  // A socket nobody answers on (preflight's "runtime socket" failure, e.g. in a dry run before
  // containerd is set up) would make every ctr call wait for its dial timeout: don't ask ctr then.
  const results = node.probe
    .socket(ctrAddress(criSocket))
    .then((up) =>
      pullImages(images, {
        runner: node.runner,
        address,
        hostsDir,
        onEvent,
        signal: env.signal,
        runtimeDown: !up,
      }),
    )
    .then((rs) => {
      for (const r of rs) {
        const title = msg(explainPullResult(r, { hostsDir, address }).msg);
        finished.get(r.image)?.resolve({ title, failed: r.status === "failed" });
      }
      return rs;
    });
  // Should pullImages itself throw, release every progress line; the error surfaces from `results`.
  results.catch(() => {
    for (const f of finished.values()) f.resolve({ title: "", failed: true });
  });
  return {
    tasks: images.map((image) => ({
      title: image,
      run: async (setTitle) => {
        titles.set(image, setTitle);
        const o = await (finished.get(image) as { promise: Promise<Outcome> }).promise;
        // A failed pull is drawn as failed (✖), never with a success tick; the step or command
        // around these lines reports the failure itself (they run with exitOnError off).
        if (o.failed) throw new Error(o.title || image);
        return o.title;
      },
    })),
    results,
    done: () => [...done],
    report(rs, o = {}) {
      const lines: string[] = [];
      const hints = new Set<string>();
      for (const r of rs) {
        const { msg: m, hint } = explainPullResult(r, { hostsDir, address });
        if (o.perImage !== false) {
          lines.push(`${r.status === "failed" ? "✗" : "✓"} ${msg(m)}`);
          if (r.status === "failed" && hint) lines.push(`    ${msg(hint)}`);
        } else if (r.status === "failed" && hint) hints.add(`  - ${msg(hint)}`);
      }
      lines.push(...hints, msg(summarisePulls(rs)));
      return lines;
    },
  };
}
