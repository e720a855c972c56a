/**
 * /etc/kadm-wizard/hosts.json (under --root): what happened to each SSH host, so `--retry-failed`
 * redoes only the failed ones and `remove-node` finds a node's host. No secrets: passwords and keys
 * are never stored, only where they come from (key file path, environment variable name).
 */
import type { HostFs } from "../host/host-fs.js";
import { STATE_DIR } from "../state/run-state.js";
import type { InventoryHost } from "./inventory.js";

export const HOSTS_PATH = `${STATE_DIR}/hosts.json`;
export const HOSTS_VERSION = 1;

export type HostStatus = "joined" | "failed" | "removed";

export interface HostRecord extends Omit<InventoryHost, "id"> {
  status: HostStatus;
  /** The step that failed: connect, preflight, prepare, containerd, images, join. */
  step?: string | undefined;
  /** One line, redacted. */
  error?: string | undefined;
  at: string;
  durationMs: number;
}

export interface HostsState {
  version: number;
  hosts: Record<string, HostRecord>;
}

export interface HostOutcome {
  host: InventoryHost;
  ok: boolean;
  step?: string | undefined;
  error?: string | undefined;
  durationMs: number;
  /** Ctrl-C: stopped part-way, or never started (recorded as failed, so --retry-failed takes it). */
  interrupted?: "stopped" | "waiting";
}

export function emptyHostsState(): HostsState {
  return { version: HOSTS_VERSION, hosts: {} };
}

/** The state after a run: each outcome replaces its host's record. PURE. */
export function recordOutcomes(state: HostsState, outcomes: HostOutcome[], now: Date): HostsState {
  const hosts = { ...state.hosts };
  for (const o of outcomes) {
    const { id, ...settings } = o.host;
    hosts[id] = {
      ...settings,
      status: o.ok ? "joined" : "failed",
      ...(o.ok ? {} : { step: o.step, error: o.error }),
      at: now.toISOString(),
      durationMs: Math.round(o.durationMs),
    };
  }
  return { ...state, hosts };
}

/** Failed hosts, as inventory entries (settings from the record). PURE. */
export function failedHosts(state: HostsState): InventoryHost[] {
  return Object.entries(state.hosts)
    .filter(([, r]) => r.status === "failed")
    .map(([id, r]) => toInventoryHost(id, r));
}

export function toInventoryHost(id: string, r: HostRecord): InventoryHost {
  const { status: _s, step: _st, error: _e, at: _a, durationMs: _d, ...settings } = r;
  return { id, ...settings };
}

/** Did our own join on this host fail at kubeadm (its leftovers are ours to reset)? PURE. */
export function failedAtJoin(state: HostsState, id: string): boolean {
  const r = state.hosts[id];
  return r?.status === "failed" && r.step === "join";
}

/** The record for a node name (or host id). PURE. */
export function findNode(state: HostsState, name: string): [string, HostRecord] | undefined {
  return (
    Object.entries(state.hosts).find(([, r]) => r.nodeName === name) ??
    Object.entries(state.hosts).find(([id, r]) => id === name || r.host === name)
  );
}

export async function readHostsState(fs: HostFs): Promise<HostsState> {
  const text = await fs.read(HOSTS_PATH);
  if (text === undefined) return emptyHostsState();
  const parsed = JSON.parse(text) as HostsState;
  if (parsed.version !== HOSTS_VERSION || typeof parsed.hosts !== "object") {
    throw new Error(`${HOSTS_PATH}: unsupported version ${String(parsed.version)}`);
  }
  return parsed;
}

export async function writeHostsState(fs: HostFs, state: HostsState): Promise<void> {
  await fs.mkdir(STATE_DIR, { mode: 0o700 });
  await fs.write(HOSTS_PATH, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
