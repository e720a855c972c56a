/**
 * What `upgrade plan` and `upgrade apply` read before planning: the cluster's facts, this machine's
 * own files when it is one of the nodes, and the --inventory hosts' over SSH (their cgroup version).
 */
import type { Context } from "../context.js";
import { KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import { isKubeError, type KubeClient } from "../kube/client.js";
import { kubeProblem } from "../kube/explain.js";
import type { Node } from "../node/node.js";
import type { ParsedFlags } from "../spec/flags.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import type { InventoryHost } from "../ssh/inventory.js";
import { flagDefaults, problemsError, readInventoryFile, sshConcurrency } from "../ssh/inventory-flags.js";
import type { SshTarget } from "../ssh/transport.js";
import { connectErrorLine } from "../workflow/remote.js";
import { applyCgroups, readUpgradeFacts, withNodeFacts } from "./facts.js";
import { matchHosts, readRemoteCgroups } from "./remote-nodes.js";
import type { UpgradeFacts } from "./types.js";

export type UpgradeInventory = { hosts: InventoryHost[]; targets: Map<string, SshTarget> };

/** This machine as a cluster node: its hostname or one of its addresses is the node's. */
function localNodeName(ctx: Context, facts: UpgradeFacts): string | undefined {
  const host = ctx.host.hostname().toLowerCase();
  const addresses = new Set(ctx.host.addresses().map((a) => a.address));
  return (
    facts.nodes.find((n) => n.name.toLowerCase() === host)?.name ??
    facts.nodes.find((n) => n.address !== undefined && addresses.has(n.address))?.name
  );
}

/** --inventory: its hosts and their SSH targets (credentials resolved), before anything connects. */
export async function readPlanInventory(
  ctx: Context,
  flags: Record<string, unknown>,
): Promise<{ hosts: InventoryHost[]; targets: Map<string, SshTarget> } | undefined> {
  const f = flags as ParsedFlags;
  const file = typeof f.inventory === "string" ? f.inventory : undefined;
  if (file === undefined) return undefined;
  sshConcurrency(ctx, f);
  const parsed = await readInventoryFile(ctx, file, flagDefaults(ctx, f));
  if (!parsed.ok) throw problemsError(ctx, parsed.problems);
  return { hosts: parsed.hosts, targets: await resolveTargets(ctx, parsed.hosts) };
}

/** The inventory hosts that are nodes of this cluster, read over SSH (their cgroup version). */
async function withInventoryFacts(
  ctx: Context,
  flags: Record<string, unknown>,
  facts: UpgradeFacts,
  inv: { hosts: InventoryHost[]; targets: Map<string, SshTarget> },
): Promise<UpgradeFacts> {
  const f = flags as ParsedFlags;
  const { matched, unmatched } = matchHosts(facts, inv.hosts);
  // This machine was read already, from its own files.
  if (facts.localNode) matched.delete(facts.localNode);
  if (unmatched.length > 0)
    ctx.warn(t(ctx.lang, "upgrade.inventoryUnmatched", { hosts: unmatched.map((h) => h.id).join(", ") }));
  if (matched.size === 0) return facts;
  const read = await readRemoteCgroups(matched, {
    target: (h) => inv.targets.get(h.id) as SshTarget,
    transport: ctx.ssh({
      knownHostsPath: expandHome(
        (typeof f["known-hosts"] === "string" ? f["known-hosts"] : undefined) ?? defaultKnownHosts(ctx.env),
        ctx.env,
      ),
      acceptNew: f["accept-new-host-keys"] === true,
      files: ctx.files,
    }),
    concurrency: sshConcurrency(ctx, f),
    lang: ctx.lang,
    signal: ctx.signal,
    connectError: (e) => connectErrorLine(ctx.lang, e),
  });
  const cgroups = new Map<string, 1 | 2 | undefined>();
  for (const [name, r] of read) {
    if (r.ok) cgroups.set(name, r.version);
    else {
      const h = matched.get(name) as InventoryHost;
      ctx.warn(
        t(ctx.lang, "upgrade.sshFailed", {
          node: name,
          host: `${h.user}@${h.host}:${h.port}`,
          reason: r.reason,
        }),
      );
    }
  }
  return applyCgroups(facts, cgroups);
}

/** The facts a plan is made from; a cluster that is not kubeadm's is refused (exit 1). */
export async function gatherUpgradeFacts(
  ctx: Context,
  client: KubeClient,
  flags: Record<string, unknown>,
  inventory: UpgradeInventory | undefined,
): Promise<UpgradeFacts> {
  let facts: UpgradeFacts;
  try {
    facts = await readUpgradeFacts(client);
  } catch (e) {
    if (isKubeError(e)) throw kubeProblem(ctx.lang, e, client.source);
    throw e;
  }
  if (facts.clusterVersion === "" && facts.kubeadmApiVersion === "") {
    throw new KadmError(t(ctx.lang, "upgrade.noKubeadmConfig"), {
      hint: t(ctx.lang, "upgrade.noKubeadmConfigHint"),
    });
  }
  // The cgroup version is only known where we can read the node's files: here, when this is a node.
  const local = localNodeName(ctx, facts);
  if (local) facts = await withNodeFacts(facts, new Map<string, Node>([[local, ctx.node]]));
  if (inventory) facts = await withInventoryFacts(ctx, flags, facts, inventory);
  return facts;
}
