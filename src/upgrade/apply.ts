/**
 * The rollout engine of `upgrade apply`: the hops of rollout.ts as progress tasks, one line per
 * node, the workers at most `maxUnavailable` at once; every step recorded in the upgrade state as
 * it ends, so a run again skips what is done. The first failure stops the rollout: nodes running a
 * step finish that step, nothing new starts. What a step does is the caller's (`exec`): the engine
 * knows order, concurrency, state and stopping, nothing about hosts.
 */
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { nodeLine } from "../i18n/roles.js";
import type { ProgressTask } from "../tasks/progress.js";
import type { NodeRollout, RolloutHop, RolloutStep } from "./rollout.js";
import { recordUpgradeStep, stepDone, type UpgradeState } from "./state.js";

export interface RolloutRun {
  lang: Lang;
  signal: AbortSignal;
  now: () => Date;
  maxUnavailable: number;
  state: UpgradeState;
  /** Persists the state (called after every step, one call at a time). */
  save: (s: UpgradeState) => Promise<void>;
  exec: (
    n: NodeRollout,
    hop: RolloutHop,
    step: RolloutStep,
    io: { setOutput: (line: string) => void },
  ) => Promise<string>;
  /** How a node is named on its line ("cp-1 (first control plane)"). */
  label: (n: NodeRollout) => string;
}

export interface RolloutFailure {
  node: string;
  step: RolloutStep;
  error: unknown;
}

export interface Rollout {
  tasks: ProgressTask[];
  /** Set by the first failing step. */
  failure(): RolloutFailure | undefined;
  /** The state as the engine left it (every recorded step). */
  state(): UpgradeState;
  /** Changes the state outside a step record (the backup's place), saved in turn with the others. */
  update(fn: (s: UpgradeState) => UpgradeState): Promise<void>;
  /** Resolves when no node step runs any more and the last state write is done. */
  settled(): Promise<void>;
}

function semaphore(limit: number) {
  let free = Math.max(1, limit);
  const waiting: (() => void)[] = [];
  return {
    async acquire(): Promise<() => void> {
      if (free > 0) free--;
      else await new Promise<void>((r) => waiting.push(r));
      return () => {
        const next = waiting.shift();
        if (next) next();
        else free++;
      };
    },
  };
}

export function rolloutTasks(hops: readonly RolloutHop[], r: RolloutRun): Rollout {
  let state = r.state;
  let failure: RolloutFailure | undefined;
  let saving: Promise<void> = Promise.resolve();
  const inflight = new Set<Promise<unknown>>();
  const stopped = () => failure !== undefined || r.signal.aborted;

  const record = (node: string, key: string, status: "done" | "failed" | "interrupted", detail?: string) => {
    state = recordUpgradeStep(state, node, key, status, r.now(), detail);
    const snapshot = state;
    saving = saving.then(() => r.save(snapshot));
    return saving;
  };

  const nodeTask = (h: RolloutHop, n: NodeRollout, limit?: ReturnType<typeof semaphore>): ProgressTask => {
    const node = n.action.node;
    const label = r.label(n);
    return {
      title: label,
      linePrefix: label,
      skip: () => (stopped() ? t(r.lang, "rollout.node.notStarted", { node: label }) : undefined),
      run: async (setTitle, setOutput) => {
        const release = limit ? await limit.acquire() : () => {};
        const work = (async () => {
          for (const step of n.steps) {
            if (stepDone(state, node, step.key)) continue;
            if (stopped()) {
              return t(r.lang, "rollout.node.stoppedBefore", {
                node: label,
                step: t(r.lang, `rollout.stepName.${step.id}` as const),
              });
            }
            setTitle(nodeLine(r.lang, label, t(r.lang, `rollout.stepName.${step.id}` as const)));
            setOutput("");
            try {
              const detail = await r.exec(n, h, step, { setOutput });
              await record(node, step.key, "done", detail);
              setOutput(detail);
            } catch (e) {
              const why = e instanceof Error ? e.message : String(e);
              await record(node, step.key, r.signal.aborted ? "interrupted" : "failed", why);
              failure ??= { node, step, error: e };
              throw e;
            }
          }
          return t(r.lang, "rollout.node.done", { node: label, version: h.hop.to });
        })();
        inflight.add(work);
        try {
          return await work;
        } finally {
          inflight.delete(work);
          release();
        }
      },
    };
  };

  const raise = async () => {
    if (failure) throw failure.error;
    return undefined;
  };

  const tasks: ProgressTask[] = hops.map((h) => {
    const limit = semaphore(r.maxUnavailable);
    const subtasks: ProgressTask[] = [
      ...(h.first ? [nodeTask(h, h.first)] : []),
      ...h.controlPlanes.map((n) => nodeTask(h, n)),
    ];
    if (h.workers.length > 0) {
      subtasks.push({
        title: t(r.lang, "rollout.workers", { count: h.workers.length, max: r.maxUnavailable }),
        concurrent: true,
        subtasks: h.workers.map((n) => nodeTask(h, n, limit)),
        run: raise,
      });
    }
    return {
      title: t(r.lang, "rollout.hop", { from: h.hop.from, to: h.hop.to }),
      skip: () => (stopped() ? t(r.lang, "rollout.hop.notStarted", { to: h.hop.to }) : undefined),
      subtasks,
      run: async () => {
        await raise();
        return t(r.lang, "rollout.hop.done", { from: h.hop.from, to: h.hop.to });
      },
    };
  });

  return {
    tasks,
    failure: () => failure,
    state: () => state,
    update(fn) {
      state = fn(state);
      const snapshot = state;
      saving = saving.then(() => r.save(snapshot));
      return saving;
    },
    async settled() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      await saving;
    },
  };
}
