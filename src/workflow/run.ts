/**
 * Runs a node's workflow: the resume decision from the run state on that node, every step recorded
 * there after it ends (so an interrupted or failed run resumes where it stopped, per node), Ctrl-C
 * honoured between steps. `runLocal` draws the steps as a listr2 list (init, join); `runSteps` runs
 * them one after the other under one caller-drawn line (a node joined over SSH).
 */
import type { Context } from "../context.js";
import { ExitCode, KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import type { ClusterSpec } from "../spec/types.js";
import {
  decideRun,
  detectPresence,
  newState,
  type PipelineCommand,
  type Presence,
  type RunDecision,
  type RunState,
  readState,
  recordStep,
  resumedState,
  specFingerprint,
  writeState,
} from "../state/run-state.js";
import { type ProgressTask, progressMode, runWithProgress } from "../tasks/progress.js";
import type { RunOutputs, WorkflowStep } from "./data.js";
import { kubeadmStepId } from "./steps/kubeadm.js";

/** What is on the node before anything runs: its run state and kubeadm's files. */
export interface NodeHistory {
  prev: RunState | undefined;
  presence: Presence;
}

/** The state and kubeadm's files asked together: one round trip on a node over SSH. */
export async function readHistory(node: Node): Promise<NodeHistory> {
  const [prev, presence] = await Promise.all([readState(node.fs), detectPresence(node.fs)]);
  return { prev, presence };
}

export function decide(
  command: PipelineCommand,
  h: NodeHistory,
  spec: ClusterSpec,
  ids: readonly string[],
  kubeadmStep: string,
): RunDecision {
  return decideRun(command, h.prev, h.presence, specFingerprint(spec), ids, kubeadmStep);
}

/**
 * How long a finished step may stay recorded only in memory on a node over SSH. There a state write
 * is a remote helper run (several processes and a channel), and most steps take milliseconds: every
 * step's own write cost more than the steps. A resume needs the record of a failed or interrupted
 * step, and of kubeadm's (after it the cluster exists); a lost "done" record of an earlier step
 * only means that idempotent step runs again. So on a remote node a done step is written with the
 * next write, or as soon as this long has passed since the last one (a long pull or package
 * install is recorded when it ends). This machine's writes are cheap: every step is written there.
 */
export const REMOTE_STATE_WRITE_MS = 2_000;

/**
 * The run state on one node; nothing is recorded in a dry run. Owns the state so no step or command
 * mutates it: steps fill the RunOutputs, the recorder copies what the state keeps (the join
 * commands) from there. A failed or interrupted step, kubeadm's step and the end of the run are
 * written at once; other finished steps as `writeEveryMs` allows (0: every step).
 */
export class NodeRecorder {
  private state: RunState | undefined;
  private written = false;
  /** Steps recorded since the last write. */
  private pending = false;
  private lastWrite: number;
  /** How many times the state was written by this recorder (tests, the bench). */
  writes = 0;
  constructor(
    private readonly node: Node,
    state: RunState | undefined,
    private readonly outputs: RunOutputs,
    private readonly now: () => Date = () => new Date(),
    private readonly o: { kubeadmStep?: string; writeEveryMs?: number } = {},
  ) {
    this.state = state;
    this.lastWrite = now().getTime();
  }

  /** A fresh or resumed run's recorder. */
  static start(
    node: Node,
    command: PipelineCommand,
    decision: Extract<RunDecision, { kind: "resume" | "fresh" }>,
    h: NodeHistory,
    spec: ClusterSpec,
    outputs: RunOutputs,
    now: () => Date = () => new Date(),
  ): NodeRecorder {
    const state = node.fs.dryRun
      ? undefined
      : decision.kind === "fresh"
        ? newState(command, spec, now())
        : h.prev
          ? resumedState(h.prev, spec, decision.skip, now())
          : undefined;
    return new NodeRecorder(node, state, outputs, now, {
      kubeadmStep: kubeadmStepId(command),
      writeEveryMs: node.local ? 0 : REMOTE_STATE_WRITE_MS,
    });
  }

  /**
   * Records a step's end. `more`: false when no step follows in this run (its record then goes
   * with `finish`, which the caller makes next).
   */
  async step(
    id: string,
    status: "done" | "failed" | "interrupted",
    detail?: string,
    more = true,
  ): Promise<void> {
    if (!this.state) return;
    const joinCommands = this.outputs.joinCommands ?? this.state.joinCommands;
    this.state = { ...recordStep(this.state, id, status, this.now(), detail), joinCommands };
    this.pending = true;
    const due = this.now().getTime() - this.lastWrite >= (this.o.writeEveryMs ?? 0);
    if (status !== "done" || (more && (id === this.o.kubeadmStep || due))) await this.flush();
  }

  /** Writes what is recorded and not yet written (a run that stops for another reason). */
  async flush(): Promise<void> {
    if (!this.state || !this.pending) return;
    await this.write(this.state);
  }

  private async write(state: RunState): Promise<void> {
    await writeState(this.node.fs, state, { again: this.written });
    this.written = true;
    this.pending = false;
    this.writes++;
    this.lastWrite = this.now().getTime();
  }

  async finish(): Promise<void> {
    if (!this.state) return;
    const joinCommands = this.outputs.joinCommands ?? this.state.joinCommands;
    this.state = { ...this.state, joinCommands, finished: true, updatedAt: this.now().toISOString() };
    await this.write(this.state);
  }
}

export interface WorkflowRunOptions {
  /** Steps finished by an earlier run: shown as such, not run. */
  skip: readonly string[];
  recorder: NodeRecorder;
  signal: AbortSignal;
  lang: Lang;
}

function interrupted(lang: Lang, title: string): KadmError {
  return new KadmError(t(lang, "run.interrupted", { step: title }), { exitCode: ExitCode.interrupted });
}

/**
 * One step with its checkpoints and its record; a failure is recorded and rethrown. `more`: another
 * step runs after it (the last one's record is written by the recorder's `finish`).
 */
async function runOne(
  s: WorkflowStep,
  o: WorkflowRunOptions,
  setTitle: (s: string) => void,
  setOutput: (s: string) => void,
  more: boolean,
): Promise<string | undefined> {
  if (o.signal.aborted) {
    await o.recorder.step(s.id, "interrupted");
    throw interrupted(o.lang, s.title);
  }
  let final: string | undefined;
  try {
    final = await s.run(setTitle, setOutput);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    await o.recorder.step(s.id, o.signal.aborted ? "interrupted" : "failed", reason.split("\n")[0]);
    throw e;
  }
  if (o.signal.aborted) {
    await o.recorder.step(s.id, "interrupted");
    throw interrupted(o.lang, s.title);
  }
  await o.recorder.step(s.id, "done", undefined, more);
  return final;
}

/**
 * The steps in order under the caller's one line: `onStep` gets each step as it starts. Throws the
 * failing step's error as a `StepFailure` (which step, and the error itself).
 */
export async function runSteps(
  steps: readonly WorkflowStep[],
  o: WorkflowRunOptions & {
    onStep?: (s: WorkflowStep) => void;
    setTitle?: (s: string) => void;
    setOutput?: (s: string) => void;
  },
): Promise<void> {
  const todo = steps.filter((s) => !o.skip.includes(s.id));
  for (const [i, s] of todo.entries()) {
    o.onStep?.(s);
    try {
      await runOne(
        s,
        o,
        (x) => o.setTitle?.(x),
        (x) => o.setOutput?.(x),
        i < todo.length - 1,
      );
    } catch (e) {
      throw new StepFailure(s, e);
    }
  }
}

/** A step of a node's workflow failed (or was interrupted): which one, and why. */
export class StepFailure extends Error {
  constructor(
    readonly step: WorkflowStep,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = "StepFailure";
  }
}

/** This machine's workflow as a listr2 list; the error names the step and how to resume. */
export async function runLocal(
  ctx: Context,
  steps: readonly WorkflowStep[],
  o: Omit<WorkflowRunOptions, "signal" | "lang"> & {
    quiet: boolean;
    /** How to resume, for the message when a step fails: "kadm-wizard init". */
    resumeCommand: string;
  },
): Promise<void> {
  const ro: WorkflowRunOptions = { ...o, signal: ctx.signal, lang: ctx.lang };
  let current: WorkflowStep | undefined;
  const last = steps.filter((s) => !o.skip.includes(s.id)).at(-1);
  const tasks: ProgressTask[] = steps.map((s) => {
    if (o.skip.includes(s.id)) {
      return { title: s.title, run: async () => t(ctx.lang, "run.skippedDone", { step: s.title }) };
    }
    return {
      title: s.title,
      ...(s.subtasks ? { subtasks: s.subtasks, concurrent: s.concurrent ?? false } : {}),
      run: async (setTitle, setOutput) => {
        current = s;
        return runOne(s, ro, setTitle, setOutput, s !== last);
      },
    };
  });
  try {
    await runWithProgress(tasks, {
      stream: ctx.stderr,
      lang: ctx.lang,
      mode: progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose, quiet: o.quiet }),
    });
  } catch (e) {
    // Whatever stopped the list, the steps it finished stay recorded.
    await o.recorder.flush();
    const step = current;
    const where = step
      ? t(ctx.lang, "run.stoppedAt", { step: step.title, command: o.resumeCommand })
      : undefined;
    if (ctx.signal.aborted) {
      throw new KadmError(t(ctx.lang, "run.interrupted", { step: step?.title ?? "?" }), {
        exitCode: ExitCode.interrupted,
        ...(where ? { hint: where } : {}),
        cause: e,
      });
    }
    if (e instanceof KadmError) {
      throw new KadmError(e.message, {
        exitCode: e.exitCode,
        hint: e.hint ?? "",
        cause: e,
        more: [...e.more, ...(where ? [{ message: where }] : [])],
        report: e.report,
      });
    }
    throw e;
  }
}

/** A resumed run says where it starts (stderr), unless quiet. */
export function sayResume(
  ctx: Context,
  command: PipelineCommand,
  decision: Extract<RunDecision, { kind: "resume" | "fresh" }>,
  steps: readonly WorkflowStep[],
  quiet: boolean,
): void {
  if (decision.kind !== "resume" || quiet) return;
  const from = steps.find((s) => s.id === decision.from)?.title ?? decision.from;
  const key = decision.specChanged ? (`${command}.restart` as const) : (`${command}.resume` as const);
  ctx.stderr.write(`${t(ctx.lang, key, { step: from })}\n`);
}
