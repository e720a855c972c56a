/**
 * The typed data one node's workflow carries from step to step (kubeadm's phases/workflow RunData is
 * the model): the flags and spec it was started with, read-only, and the outputs steps fill in for
 * the steps after them and for the command's report. No captured variables between steps.
 */
import type { FileChange } from "../host/host-fs.js";
import type { CheckResult, PreflightRole } from "../host/preflight/index.js";
import type { StepResult } from "../host/steps/types.js";
import type { ClusterSpec } from "../spec/types.js";
import type { RunState } from "../state/run-state.js";
import type { ProgressTask } from "../tasks/progress.js";

export interface NodeFlags {
  skipPrep: boolean;
  installPackages: boolean;
}

/** Where kubeadm's JoinConfiguration lives while it runs. */
export type JoinConfigPlacement =
  /** /etc/kadm-wizard/kubeadm-join.yaml (0600, kept for reference; `reset` removes it): `join`. */
  | "saved"
  /** A fresh private directory under /run, removed after kubeadm ran: nodes joined over SSH. */
  | "private";

export interface RunOutputs {
  /** The last preflight verdicts (after preparation: the re-check's). */
  preflight: CheckResult[];
  /** Failures preparation cannot repair: a real run stops on them (a dry run goes on and reports them). */
  fatal: CheckResult[];
  /** What each preparation step did. */
  steps: StepResult[];
  /** Pull result lines and their summary. */
  pulls: string[];
  /** Files written by the workflow outside preparation (kubeadm config, LB files, kubeconfigs). */
  files: FileChange[];
  /** kubeadm command lines run (or recorded). */
  commands: string[];
  /** kubeadm's log file on the node. */
  logPath?: string | undefined;
  /** The join commands `kubeadm init` printed (raw kubeadm form). */
  joinCommands?: RunState["joinCommands"];
  /** ~/.kube/config copies made. */
  kubeconfigs: string[];
}

export interface RunData {
  readonly command: "init" | "join";
  readonly role: PreflightRole;
  readonly flags: NodeFlags;
  readonly spec: ClusterSpec;
  /** Tokens and keys: masked in everything logged. */
  readonly secrets: readonly string[];
  /** What the node pre-pulls; `needed`: those kubeadm itself pulls or waits for. */
  readonly images: { images: string[]; needed: string[] };
  /** kubeadm's --config document (holds the token), the flags next to it, where the file lives. */
  readonly kubeadm: { config: string; args: string[]; placement: JoinConfigPlacement };
  /** Our own failed kubeadm run left files: `kubeadm reset -f` first (the state proves they are ours). */
  readonly cleanup: boolean;
  readonly outputs: RunOutputs;
}

export function emptyOutputs(joinCommands?: RunState["joinCommands"]): RunOutputs {
  return {
    preflight: [],
    fatal: [],
    steps: [],
    pulls: [],
    files: [],
    commands: [],
    kubeconfigs: [],
    ...(joinCommands ? { joinCommands } : {}),
  };
}

/** One step: a stable id (the run state's key), a title, the work. Returns its final title. */
export interface WorkflowStep {
  id: string;
  title: string;
  run: ProgressTask["run"];
  /** Shown under the step while it runs (one line per image). */
  subtasks?: ProgressTask[];
  concurrent?: boolean;
}
