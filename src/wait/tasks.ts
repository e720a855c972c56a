/**
 * The wait as listr2 tasks: one line per phase with live counts ("pod network: kube-flannel-ds 2/3
 * ready"), all four drawn at once. Usable on its own (`kadm-wizard wait`) or as subtasks of a larger
 * run (`cni apply`, `init`): the wait starts when the first of its tasks starts.
 */
import type { Lang } from "../i18n/lang.js";
import { render, t } from "../i18n/messages.js";
import type { KubeError } from "../kube/client.js";
import type { ProgressTask } from "../tasks/progress.js";
import { PHASES, type PhaseId, type PhaseState } from "./readiness.js";
import type { WaitResult } from "./wait.js";

/** PURE: the title of one phase, in the user's language. */
export function waitPhaseTitle(lang: Lang, phase: PhaseState): string {
  switch (phase.id) {
    case "nodes":
      return phase.total === 0
        ? t(lang, "wait.phase.nodesNone")
        : t(lang, "wait.phase.nodes", { ready: phase.ready, total: phase.total });
    case "cni": {
      if (phase.unmanaged) return t(lang, "wait.phase.cniUnmanaged");
      if (phase.workloads.length === 0) return t(lang, "wait.phase.cniNone");
      const list = phase.workloads
        .map((w) =>
          !w.found
            ? t(lang, "wait.phase.cniMissing", { name: w.name })
            : w.condition !== undefined
              ? t(lang, "wait.phase.cniCondition", { name: w.name, condition: w.condition })
              : t(lang, "wait.phase.cniWorkload", { name: w.name, ready: w.ready, desired: w.desired }),
        )
        .join(", ");
      const title = t(lang, "wait.phase.cni", { list });
      return phase.waitingOn
        ? `${title}${t(lang, "wait.phase.waitingOn", { object: phase.waitingOn.object, cause: render(lang, phase.waitingOn.cause) })}`
        : title;
    }
    case "coredns":
      return phase.workloads[0]?.found === false
        ? t(lang, "wait.phase.corednsAbsent")
        : t(lang, "wait.phase.coredns", { ready: phase.ready, total: phase.total });
    case "kube-system":
      return t(lang, "wait.phase.kubeSystem", { ready: phase.ready, total: phase.total });
  }
}

/** Thrown by a phase task that was not done when the wait ended (listr2 marks it failed). */
export class PhaseNotReady extends Error {
  constructor(readonly title: string) {
    super(title);
    this.name = "PhaseNotReady";
  }
}

interface Line {
  title: string;
  setTitle: ((title: string) => void) | undefined;
  settle: { resolve: (title: string) => void; reject: (err: Error) => void };
  promise: Promise<string>;
  done: boolean;
}

/**
 * `start(onUpdate)` runs the wait (e.g. `(onUpdate) => waitForCluster(client, { ...opts, onUpdate })`).
 * `result()` starts it if no task has yet and returns its outcome; the tasks end with it (a phase
 * not done at the end fails with PhaseNotReady).
 */
export function waitProgress(
  lang: Lang,
  start: (
    onUpdate: (phases: PhaseState[], info: { reconnecting: KubeError | undefined }) => void,
  ) => Promise<WaitResult>,
): { tasks: ProgressTask[]; result: () => Promise<WaitResult> } {
  const lines = new Map<PhaseId, Line>();
  for (const id of PHASES) {
    let settle = { resolve: (_: string) => {}, reject: (_: Error) => {} };
    const promise = new Promise<string>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // listr2 awaits these; unhandled until a task runs them, so never let them crash the process.
    promise.catch(() => {});
    const initial: PhaseState = { id, done: false, ready: 0, total: 0, workloads: [] };
    lines.set(id, {
      title: waitPhaseTitle(lang, initial),
      setTitle: undefined,
      settle,
      promise,
      done: false,
    });
  }
  const onUpdate = (phases: PhaseState[], info: { reconnecting: KubeError | undefined }) => {
    for (const p of phases) {
      const line = lines.get(p.id) as Line;
      if (line.done) continue;
      const title = waitPhaseTitle(lang, p);
      line.title = info.reconnecting
        ? t(lang, "wait.reconnecting", { title, reason: info.reconnecting.message })
        : title;
      line.setTitle?.(line.title);
      if (p.done) {
        line.done = true;
        line.settle.resolve(title);
      }
    }
  };
  let running: Promise<WaitResult> | undefined;
  const result = () => {
    running ??= start(onUpdate).then(
      (r) => {
        onUpdate(r.phases, { reconnecting: undefined });
        for (const line of lines.values()) if (!line.done) line.settle.reject(new PhaseNotReady(line.title));
        return r;
      },
      (err: unknown) => {
        for (const line of lines.values()) if (!line.done) line.settle.reject(err as Error);
        throw err;
      },
    );
    return running;
  };
  const tasks: ProgressTask[] = PHASES.map((id) => ({
    title: (lines.get(id) as Line).title,
    run: (setTitle) => {
      const line = lines.get(id) as Line;
      line.setTitle = setTitle;
      setTitle(line.title);
      result().catch(() => {});
      return line.promise;
    },
  }));
  return { tasks, result };
}
