/**
 * What `init` / `join` have done on this host, so a re-run resumes instead of clobbering. The decision
 * (fresh run, resume from a step, refuse because a cluster is already here) is a pure function of the
 * saved state and what is on disk; reading and writing the file is the only I/O, through HostFs.
 */
import { createHash } from "node:crypto";
import type { HostFs } from "../host/host-fs.js";
import type { ClusterSpec } from "../spec/types.js";

export const STATE_DIR = "/etc/kadm-wizard";
export const STATE_PATH = `${STATE_DIR}/state.json`;
export const STATE_VERSION = 1;
/** init's kubeadm configuration (holds the token: 0600, no backups). */
export const CONFIG_PATH = `${STATE_DIR}/kubeadm.yaml`;
/** init's answers, to reuse with --answers. */
export const ANSWERS_PATH = `${STATE_DIR}/answers.yaml`;
/** The join commands init printed (0600). */
export const JOIN_COMMANDS_PATH = `${STATE_DIR}/join-command.txt`;
/** join's JoinConfiguration (0600, no backups). */
export const JOIN_CONFIG_PATH = `${STATE_DIR}/kubeadm-join.yaml`;

export type PipelineCommand = "init" | "join";
export type StepStatus = "done" | "failed" | "interrupted";

export interface StepRecord {
  status: StepStatus;
  at: string;
  /** One line: why it failed, or what it produced. */
  detail?: string | undefined;
}

export interface RunState {
  version: number;
  command: PipelineCommand;
  startedAt: string;
  updatedAt: string;
  /** Spec without its secrets, hashed: a re-run with other answers is not a resume. */
  fingerprint: string;
  /** The spec used, secrets included (the file is 0600): a resume reuses the same token. */
  spec: ClusterSpec;
  steps: Record<string, StepRecord>;
  /** The whole pipeline finished. */
  finished: boolean;
  /** Join commands printed by `kubeadm init`, kept so a resumed run can print them again. */
  joinCommands?: { worker?: string | undefined; controlPlane?: string | undefined } | undefined;
}

/** Files kubeadm leaves behind, each meaning "this host is (or was) part of a cluster". */
export const CLUSTER_FILES = [
  "/etc/kubernetes/manifests/kube-apiserver.yaml",
  "/etc/kubernetes/admin.conf",
  "/etc/kubernetes/kubelet.conf",
  "/etc/kubernetes/bootstrap-kubelet.conf",
] as const;

export interface Presence {
  /** Which of CLUSTER_FILES exist. */
  files: string[];
}

export function specFingerprint(spec: ClusterSpec): string {
  const neutral = {
    ...spec,
    bootstrapToken: { ...spec.bootstrapToken, token: undefined },
    certificateKey: undefined,
    join: spec.join ? { ...spec.join, token: "", certificateKey: undefined } : undefined,
  };
  return createHash("sha256").update(stableJson(neutral)).digest("hex").slice(0, 16);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

export type RunDecision =
  /** Nothing here: run every step. */
  | { kind: "fresh" }
  /**
   * An earlier run of the same command stopped: steps in `skip` are done and need not run again.
   * `cleanup`: kubeadm itself failed half-way and left files its next run would trip over; they are
   * ours (the state proves it), so `kubeadm reset -f` runs first.
   */
  | { kind: "resume"; from: string; skip: string[]; cleanup: boolean; specChanged: boolean }
  /** The pipeline already completed on this host. */
  | { kind: "done"; command: PipelineCommand; at: string }
  /** A cluster is here that this tool did not leave half-done: never clobber it. */
  | { kind: "existing"; files: string[] }
  /** kubeadm already ran with other answers; only reset can change them. */
  | { kind: "spec-changed"; command: PipelineCommand };

/**
 * Decides how `command` proceeds. `steps` is the pipeline's step order, `kubeadmStep` the step that
 * runs kubeadm (the point after which the cluster exists and the spec is fixed).
 */
export function decideRun(
  command: PipelineCommand,
  state: RunState | undefined,
  presence: Presence,
  fingerprint: string,
  steps: readonly string[],
  kubeadmStep: string,
): RunDecision {
  const mine = state && state.command === command ? state : undefined;
  if (state?.finished) return { kind: "done", command: state.command, at: state.updatedAt };
  if (!mine)
    return presence.files.length > 0 ? { kind: "existing", files: presence.files } : { kind: "fresh" };

  const kubeadm = mine.steps[kubeadmStep];
  const specChanged = mine.fingerprint !== fingerprint;
  if (kubeadm?.status === "done") {
    if (specChanged) return { kind: "spec-changed", command };
    const skip = steps.filter((s) => mine.steps[s]?.status === "done");
    const from = steps.find((s) => mine.steps[s]?.status !== "done") ?? kubeadmStep;
    return { kind: "resume", from, skip, cleanup: false, specChanged: false };
  }
  // kubeadm has not completed: files on disk are either from our own failed kubeadm run or foreign.
  const kubeadmTried = kubeadm !== undefined;
  if (presence.files.length > 0 && !kubeadmTried) return { kind: "existing", files: presence.files };
  const cleanup = kubeadmTried && presence.files.length > 0;
  const skip = specChanged ? [] : steps.filter((s) => mine.steps[s]?.status === "done");
  const from = steps.find((s) => !skip.includes(s)) ?? (steps[0] as string);
  return { kind: "resume", from, skip, cleanup, specChanged };
}

export function newState(command: PipelineCommand, spec: ClusterSpec, now: Date): RunState {
  const at = now.toISOString();
  return {
    version: STATE_VERSION,
    command,
    startedAt: at,
    updatedAt: at,
    fingerprint: specFingerprint(spec),
    spec,
    steps: {},
    finished: false,
  };
}

/** Carries over the steps worth keeping for a resume. */
export function resumedState(
  prev: RunState,
  spec: ClusterSpec,
  skip: readonly string[],
  now: Date,
): RunState {
  const next = newState(prev.command, spec, now);
  next.startedAt = prev.startedAt;
  next.joinCommands = prev.joinCommands;
  for (const s of skip) {
    const rec = prev.steps[s];
    if (rec) next.steps[s] = rec;
  }
  return next;
}

export function recordStep(
  state: RunState,
  step: string,
  status: StepStatus,
  now: Date,
  detail?: string,
): RunState {
  const at = now.toISOString();
  return {
    ...state,
    updatedAt: at,
    steps: { ...state.steps, [step]: { status, at, ...(detail ? { detail } : {}) } },
  };
}

/** The saved state; undefined when there is none or it is unreadable (a corrupt file must not block reset). */
export async function readState(fs: HostFs): Promise<RunState | undefined> {
  const text = await fs.read(STATE_PATH);
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as RunState;
    if (s.version !== STATE_VERSION || (s.command !== "init" && s.command !== "join") || !s.spec)
      return undefined;
    return { ...s, steps: s.steps ?? {} };
  } catch {
    return undefined;
  }
}

/**
 * Rewritten after every step. No backups: the file is ours alone and holds the token and
 * certificate key, so every backup would be one more copy of them. Backups earlier versions left
 * are pruned here; the directory is made (or fixed to) 0700 first.
 */
export async function writeState(fs: HostFs, state: RunState, o: { again?: boolean } = {}): Promise<void> {
  // `again`: this run wrote it before, the directory and the pruning are done (on a node over SSH
  // each is a round trip, and the state is written after every step).
  if (!o.again) await fs.mkdir(STATE_DIR, { mode: 0o700 });
  await fs.write(STATE_PATH, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, backup: false });
  if (!o.again) await pruneOwnBackups(fs);
}

/** Our files in STATE_DIR that hold a token or certificate key: written without backups. */
export const SECRET_FILES = ["state.json", "kubeadm.yaml", "kubeadm-join.yaml", "join-command.txt"] as const;

/** A backup (host-fs naming) of one of SECRET_FILES, as earlier versions made them. */
export function isSecretBackup(name: string): boolean {
  return SECRET_FILES.some((f) => name.startsWith(`${f}.kadm-wizard-`) && name.endsWith(".bak"));
}

/** Removes the backups of SECRET_FILES; returns their paths (in dry-run: what would go). */
export async function pruneOwnBackups(fs: HostFs): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.list(STATE_DIR)) {
    const p = `${STATE_DIR}/${name}`;
    if (isSecretBackup(name) && (await fs.remove(p))) removed.push(p);
  }
  return removed;
}

/** Asked together (one round trip on a node over SSH, whose adapter batches reads issued at once). */
export async function detectPresence(fs: HostFs): Promise<Presence> {
  const found = await Promise.all(CLUSTER_FILES.map((f) => fs.exists(f)));
  return { files: CLUSTER_FILES.filter((_, i) => found[i]) };
}
