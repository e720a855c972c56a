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

/** What is on the node before anything runs: its run state and kubeadm's files. */
export interface NodeHistory {
  prev: RunState | undefined;
  presence: Presence;
}

export async function readHistory(node: Node): Promise<NodeHistory> {
  return { prev: await readState(node.fs), presence: await detectPresence(node.fs) };
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
 * The run state on one node, rewritten after every step; nothing is recorded in a dry run. Owns the
 * state so no step or command mutates it: steps fill the RunOutputs, the recorder copies what the
 * state keeps (the join commands) from there.
 */
export class NodeRecorder {
  private state: RunState | undefined;
  private written = false;
  constructor(
    private readonly node: Node,
    state: RunState | undefined,
    private readonly outputs: RunOutputs,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = state;
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
    return new NodeRecorder(node, state, outputs, now);
  }

  async step(id: string, status: "done" | "failed" | "interrupted", detail?: string): Promise<void> {
    if (!this.state) return;
    const joinCommands = this.outputs.joinCommands ?? this.state.joinCommands;
    this.state = { ...recordStep(this.state, id, status, this.now(), detail), joinCommands };
    await this.write(this.state);
  }

  private async write(state: RunState): Promise<void> {
    await writeState(this.node.fs, state, { again: this.written });
    this.written = true;
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

/** One step with its checkpoints and its record; a failure is recorded and rethrown. */
async function runOne(
  s: WorkflowStep,
  o: WorkflowRunOptions,
  setTitle: (s: string) => void,
  setOutput: (s: string) => void,
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
  await o.recorder.step(s.id, "done");
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
  for (const s of steps) {
    if (o.skip.includes(s.id)) continue;
    o.onStep?.(s);
    try {
      await runOne(
        s,
        o,
        (x) => o.setTitle?.(x),
        (x) => o.setOutput?.(x),
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
  const tasks: ProgressTask[] = steps.map((s) => {
    if (o.skip.includes(s.id)) {
      return { title: s.title, run: async () => t(ctx.lang, "run.skippedDone", { step: s.title }) };
    }
    return {
      title: s.title,
      ...(s.subtasks ? { subtasks: s.subtasks, concurrent: s.concurrent ?? false } : {}),
      run: async (setTitle, setOutput) => {
        current = s;
        return runOne(s, ro, setTitle, setOutput);
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
