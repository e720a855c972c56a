import type { CommandRun, FlagsFor } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput } from "../errors.js";
import { t } from "../i18n/messages.js";
import { type JoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import { gatherSpec } from "../spec/gather.js";
import type { ClusterSpec } from "../spec/types.js";
import { failedHosts, HOSTS_PATH, readHostsState } from "../ssh/hosts-state.js";
import { loadInventory, sshConcurrency } from "../ssh/inventory-flags.js";
import { readState } from "../state/run-state.js";
import { DOC_EXAMPLE_TOKEN } from "../validate/names.js";
import { joinInventory } from "../workflow/remote.js";
import type { JoinCommands } from "../workflow/remote-join.js";

type Flags = FlagsFor<"add-node">;

/** A saved join command older than this would fail discovery soon (tokens live 24 h by default). */
const STALE_MS = 23 * 3600_000;

function parseJoinFlag(ctx: Context, flag: string, text: string, controlPlane: boolean): JoinCommand {
  const p = parseJoinCommand(text);
  if (!p.ok) {
    const [first, ...more] = p.problems.map((x) => ({
      message: t(ctx.lang, "ssh.badJoinCommand", {
        flag,
        problem: t(ctx.lang, `kubeadm.join.${x.code}` as never, {
          value: x.value ?? "",
          suggestion: x.suggestion ?? "",
        }),
      }),
    }));
    throw invalidInput(first?.message ?? "", t(ctx.lang, "join.pasteHint"), more);
  }
  if (p.join.controlPlane !== controlPlane) {
    throw invalidInput(
      t(ctx.lang, "ssh.badJoinCommand", {
        flag,
        problem: t(ctx.lang, controlPlane ? "ssh.joinNotControlPlane" : "ssh.joinIsControlPlane"),
      }),
      t(ctx.lang, "ssh.joinCommandStaleHint"),
    );
  }
  // As `join` does: a cluster built from the documentation's defaults still joins, with the warning.
  if (p.join.token === DOC_EXAMPLE_TOKEN) ctx.warn(t(ctx.lang, "token.exampleJoin"));
  return p.join;
}

/** Join commands: from the flags, else the ones the finished init on this host saved. */
async function joinCommandsFor(
  ctx: Context,
  f: Flags,
  now: Date,
): Promise<{ joins: JoinCommands; spec?: ClusterSpec }> {
  const w = f["join-command"];
  const cp = f["control-plane-join-command"];
  const state = await readState(ctx.node.fs);
  const initState = state?.command === "init" && state.finished ? state : undefined;
  const joins: JoinCommands = {
    worker: w ? parseJoinFlag(ctx, "--join-command", w, false) : undefined,
    controlPlane: cp ? parseJoinFlag(ctx, "--control-plane-join-command", cp, true) : undefined,
  };
  if (!joins.worker && !joins.controlPlane) {
    const saved = initState?.joinCommands;
    if (!saved?.worker && !saved?.controlPlane) {
      throw invalidInput(t(ctx.lang, "ssh.noJoinCommand"), t(ctx.lang, "ssh.noJoinCommandHint"));
    }
    const age = now.getTime() - Date.parse(initState?.updatedAt ?? "");
    if (age > STALE_MS) {
      throw invalidInput(
        t(ctx.lang, "ssh.joinCommandStale", { hours: Math.floor(age / 3600_000) }),
        t(ctx.lang, "ssh.joinCommandStaleHint"),
      );
    }
    const parse = (s: string | undefined) => {
      const p = s ? parseJoinCommand(s) : undefined;
      return p?.ok ? p.join : undefined;
    };
    joins.worker = parse(saved.worker);
    joins.controlPlane = parse(saved.controlPlane);
  }
  return initState ? { joins, spec: initState.spec } : { joins };
}

/** `kadm-wizard add-node HOST... | --workers ... | --inventory FILE | --retry-failed`. */
export const run: CommandRun<"add-node"> = async (ctx, { flags: f, positionals }) => {
  const now = new Date();
  let hosts = await loadInventory(ctx, f, positionals);
  if (f["retry-failed"] === true) {
    const state = await readHostsState(ctx.node.fs).catch((e: Error) => {
      throw invalidInput(
        t(ctx.lang, "ssh.hostsStateBad", { path: HOSTS_PATH, reason: e.message }),
        t(ctx.lang, "ssh.hostsStateBadHint", { path: HOSTS_PATH }),
      );
    });
    // Settings given again win over the recorded ones; only failed hosts are redone.
    const given = new Map(hosts.map((h) => [h.id, h]));
    hosts = failedHosts(state).map((h) => given.get(h.id) ?? h);
    if (hosts.length === 0) {
      ctx.stdout.write(`${t(ctx.lang, "ssh.nothingToRetry", { path: HOSTS_PATH })}\n`);
      return ExitCode.ok;
    }
  }
  if (hosts.length === 0) throw invalidInput(t(ctx.lang, "ssh.noHosts"), t(ctx.lang, "ssh.noHostsHint"));
  sshConcurrency(ctx, f); // bad input stops here, before any look-up
  const { joins, spec: saved } = await joinCommandsFor(ctx, f, now);
  let spec = saved;
  if (!spec) {
    const g = await gatherSpec(ctx, {
      mode: "init",
      flags: f,
      hostIsTarget: false,
      confirm: false,
      purpose: "host",
    });
    for (const w of g.warnings) ctx.warn(w);
    spec = g.spec;
  }
  return joinInventory(ctx, { hosts, spec, joins, flags: f, quiet: f.quiet === true });
};
