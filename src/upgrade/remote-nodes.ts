/**
 * `upgrade plan --inventory`: the cluster nodes that are inventory hosts, read over SSH (a Node
 * per host, as doctor --inventory makes them) for what only a node can tell: its cgroup version.
 * A host that cannot be reached costs only its own facts (its cgroup stays unknown: a warning).
 */
import { KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { sshNode } from "../node/ssh-node.js";
import type { InventoryHost } from "../ssh/inventory.js";
import type { SshSession, SshTarget, SshTransport } from "../ssh/transport.js";
import { nodeCgroupVersion } from "./facts.js";
import type { UpgradeFacts } from "./types.js";

/** The cluster node an inventory host is: its nodeName, else its id/host as a name, else its address. */
export function matchHosts(
  facts: UpgradeFacts,
  hosts: readonly InventoryHost[],
): { matched: Map<string, InventoryHost>; unmatched: InventoryHost[] } {
  const matched = new Map<string, InventoryHost>();
  const unmatched: InventoryHost[] = [];
  for (const h of hosts) {
    const node =
      facts.nodes.find((n) => h.nodeName !== undefined && n.name === h.nodeName) ??
      facts.nodes.find((n) => h.nodeName === undefined && (n.name === h.id || n.name === h.host)) ??
      facts.nodes.find((n) => h.nodeName === undefined && n.address === h.host);
    if (node && !matched.has(node.name)) matched.set(node.name, h);
    else unmatched.push(h);
  }
  return { matched, unmatched };
}

export interface RemoteReadOptions {
  target: (h: InventoryHost) => SshTarget;
  transport: SshTransport;
  concurrency: number;
  lang: Lang;
  signal: AbortSignal;
  connectError: (e: unknown) => string;
}

export type RemoteCgroup = { ok: true; version: 1 | 2 | undefined } | { ok: false; reason: string };

async function readOne(h: InventoryHost, o: RemoteReadOptions): Promise<RemoteCgroup> {
  let session: SshSession;
  try {
    session = await o.transport.connect(o.target(h), { signal: o.signal, timeoutMs: 20_000 });
  } catch (e) {
    return { ok: false, reason: o.connectError(e) };
  }
  try {
    const node = sshNode(session, {
      id: h.id,
      user: h.user,
      root: h.root,
      env: h.env,
      dryRun: false,
      lang: o.lang,
    });
    // One command first: a sudo that wants a password is said once, as doctor does.
    try {
      await node.runner.run(["true"], { timeoutMs: 30_000 });
    } catch (e) {
      if (e instanceof KadmError) return { ok: false, reason: e.message };
      throw e;
    }
    return { ok: true, version: await nodeCgroupVersion(node) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    session.close();
  }
}

/** Each matched node's cgroup version (or why it was not read), at most `concurrency` at once. */
export async function readRemoteCgroups(
  matched: Map<string, InventoryHost>,
  o: RemoteReadOptions,
): Promise<Map<string, RemoteCgroup>> {
  const entries = [...matched.entries()];
  const out = new Map<string, RemoteCgroup>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < entries.length; i = next++) {
      const [name, h] = entries[i] as [string, InventoryHost];
      out.set(name, await readOne(h, o));
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, entries.length) }, worker));
  return out;
}
