/**
 * What `upgrade apply` has done, per node and step, in /etc/kadm-wizard/upgrade.json on the node it
 * runs on (the first control plane; `upgrade node` keeps its own on its node). The plan that started
 * the rollout is saved with it: a resumed run follows the same hops and nodes, not a plan made from
 * a half-upgraded cluster. The decisions are pure; reading and writing go through HostFs.
 */
import type { HostFs } from "../host/host-fs.js";
import { STATE_DIR } from "../state/run-state.js";
import type { UpgradePlan } from "./types.js";

export const UPGRADE_STATE_PATH = `${STATE_DIR}/upgrade.json`;
const UPGRADE_STATE_VERSION = 1;

export interface UpgradeStepRecord {
  status: "done" | "failed" | "interrupted";
  at: string;
  detail?: string | undefined;
}

export interface UpgradeBackup {
  /** The backup directory: etcd snapshot (when local etcd), its sha256, pki/ and etc-kubernetes/. */
  dir: string;
  /** The snapshot directory `etcd restore` takes; absent with external etcd. */
  snapshot?: string | undefined;
  /** The copy of /etc/kubernetes. */
  etcKubernetes: string;
}

export interface UpgradeState {
  version: number;
  command: "apply" | "node";
  target: string;
  /** The cluster's version before the rollout (rollback reinstalls these packages). */
  from: string;
  startedAt: string;
  updatedAt: string;
  plan: UpgradePlan;
  backup?: UpgradeBackup | undefined;
  /** node name -> step key (`<hop>/<id>`) -> record. */
  nodes: Record<string, Record<string, UpgradeStepRecord>>;
  finished: boolean;
  rolledBack?: string | undefined;
}

export type UpgradeDecision =
  | { kind: "fresh" }
  | { kind: "resume"; state: UpgradeState }
  | { kind: "done"; state: UpgradeState }
  /** Another target's rollout stopped half-way: finish or roll back that one first. */
  | { kind: "other-target"; state: UpgradeState };

/** PURE: how `upgrade apply --to target` proceeds given the saved state. */
export function decideUpgrade(state: UpgradeState | undefined, target: string): UpgradeDecision {
  if (!state || state.rolledBack) return { kind: "fresh" };
  if (state.finished) return state.target === target ? { kind: "done", state } : { kind: "fresh" };
  if (state.target !== target) return { kind: "other-target", state };
  return { kind: "resume", state };
}

export function newUpgradeState(
  command: UpgradeState["command"],
  plan: UpgradePlan,
  now: Date,
): UpgradeState {
  const at = now.toISOString();
  return {
    version: UPGRADE_STATE_VERSION,
    command,
    target: plan.target,
    from: plan.hops[0]?.from ?? plan.facts.clusterVersion,
    startedAt: at,
    updatedAt: at,
    plan,
    nodes: {},
    finished: false,
  };
}

/** PURE: the state with one step recorded. */
export function recordUpgradeStep(
  s: UpgradeState,
  node: string,
  key: string,
  status: UpgradeStepRecord["status"],
  now: Date,
  detail?: string,
): UpgradeState {
  const at = now.toISOString();
  return {
    ...s,
    updatedAt: at,
    nodes: { ...s.nodes, [node]: { ...s.nodes[node], [key]: { status, at, ...(detail ? { detail } : {}) } } },
  };
}

export function stepDone(s: UpgradeState, node: string, key: string): boolean {
  return s.nodes[node]?.[key]?.status === "done";
}

/** PURE: where a node stands: the last step done, and the failed/interrupted one after it. */
export function nodeStanding(
  s: UpgradeState,
  node: string,
  keys: readonly string[],
): {
  done: number;
  total: number;
  last?: string | undefined;
  failed?: { key: string; detail?: string | undefined };
} {
  const rec = s.nodes[node] ?? {};
  const doneKeys = keys.filter((k) => rec[k]?.status === "done");
  const failedKey = keys.find((k) => rec[k] && rec[k]?.status !== "done");
  return {
    done: doneKeys.length,
    total: keys.length,
    last: doneKeys.at(-1),
    ...(failedKey ? { failed: { key: failedKey, detail: rec[failedKey]?.detail } } : {}),
  };
}

export async function readUpgradeState(fs: HostFs): Promise<UpgradeState | undefined> {
  const text = await fs.read(UPGRADE_STATE_PATH);
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as UpgradeState;
    if (s.version !== UPGRADE_STATE_VERSION || !s.plan || typeof s.target !== "string") return undefined;
    return { ...s, nodes: s.nodes ?? {} };
  } catch {
    return undefined;
  }
}

/** Written after every step; no secrets in it (the plan is versions and node names). */
export async function writeUpgradeState(fs: HostFs, s: UpgradeState): Promise<void> {
  await fs.mkdir(STATE_DIR, { mode: 0o700 });
  await fs.write(UPGRADE_STATE_PATH, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600, backup: false });
}
