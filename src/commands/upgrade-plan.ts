import type { CommandRun } from "../cli/commands.js";
import { outputFormat } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import { isKubeError } from "../kube/client.js";
import { kubeProblem } from "../kube/explain.js";
import type { Node } from "../node/node.js";
import type { ParsedFlags } from "../spec/flags.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import type { InventoryHost } from "../ssh/inventory.js";
import { flagDefaults, problemsError, readInventoryFile, sshConcurrency } from "../ssh/inventory-flags.js";
import type { SshTarget } from "../ssh/transport.js";
import { applyCgroups, readUpgradeFacts, withNodeFacts } from "../upgrade/facts.js";
import { UPGRADE_GUARD_IDS } from "../upgrade/guards.js";
import { isGuardId, parseTarget, planUpgrade } from "../upgrade/plan.js";
import { planJson, planText } from "../upgrade/plan-report.js";
import { matchHosts, readRemoteCgroups } from "../upgrade/remote-nodes.js";
import type { UpgradeFacts } from "../upgrade/types.js";
import { didYouMean } from "../util/did-you-mean.js";
import { connectErrorLine } from "../workflow/remote.js";
import { connect } from "./wait.js";

/** --max-unavailable: workers upgraded at once (default 1). */
export function maxUnavailableFlag(ctx: Pick<Context, "lang">, flags: Record<string, unknown>): number {
  const raw = flags["max-unavailable"];
  if (raw === undefined) return 1;
  const text = String(raw).trim();
  if (!/^[1-9][0-9]{0,4}$/.test(text)) {
    throw invalidInput(
      t(ctx.lang, "upgrade.badMaxUnavailable", { value: text }),
      t(ctx.lang, "upgrade.badMaxUnavailableHint"),
    );
  }
  return Number(text);
}

/** --ignore-guard ID (repeatable): only ids that exist, so a typo cannot silently let a guard block. */
export function ignoreGuardFlag(ctx: Pick<Context, "lang">, flags: Record<string, unknown>): string[] {
  const raw = flags["ignore-guard"];
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  for (const id of ids) {
    if (!isGuardId(id)) {
      throw invalidInput(
        t(ctx.lang, "upgrade.badGuard", {
          value: id,
          suggestion: didYouMean(id, [...UPGRADE_GUARD_IDS]) ?? "",
        }),
        t(ctx.lang, "upgrade.badGuardHint", { known: UPGRADE_GUARD_IDS.join(", ") }),
      );
    }
  }
  return ids;
}

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
async function inventoryHosts(
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

/** `kadm-wizard upgrade plan [--to vX.Y.Z] [--output json]`: exit 0 allowed, 3 a guard fails. */
export const run: CommandRun = async (ctx, { flags, positionals }) => {
  if (positionals.length > 0) {
    throw invalidInput(
      t(ctx.lang, "cli.unexpectedArg", { value: positionals.join(" ") }),
      t(ctx.lang, "upgrade.usageHint"),
    );
  }
  // Input first: nothing is contacted for a command line that cannot be planned.
  const output = outputFormat(ctx, flags);
  const maxUnavailable = maxUnavailableFlag(ctx, flags);
  const ignoreGuards = ignoreGuardFlag(ctx, flags);
  const to = typeof flags.to === "string" ? flags.to : undefined;
  if (to !== undefined) parseTarget(to, ctx.lang);

  const inventory = await inventoryHosts(ctx, flags);

  const client = await connect(ctx, flags);
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

  const plan = planUpgrade(facts, to, { lang: ctx.lang, ignoreGuards, maxUnavailable });
  ctx.stdout.write(
    output === "json"
      ? planJson(plan, { server: client.server })
      : planText(plan, ctx.lang, { server: client.server, color: ctx.color && ctx.stdoutIsTTY }),
  );
  return plan.allowed ? ExitCode.ok : ExitCode.problemsFound;
};
