import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { redact } from "../host/runner.js";
import { readFailureReason, yamlInputError } from "../host/user-input.js";
import { t } from "../i18n/messages.js";
import { type JoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import type { ParsedFlags } from "../spec/flags.js";
import { gatherSpec } from "../spec/gather.js";
import type { ClusterSpec } from "../spec/types.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import {
  failedAtJoin,
  failedHosts,
  HOSTS_PATH,
  type HostsState,
  readHostsState,
  recordOutcomes,
  writeHostsState,
} from "../ssh/hosts-state.js";
import {
  type HostDefaults,
  hostsFromLists,
  type InventoryHost,
  type InventoryProblem,
  type InventoryResult,
  mergeInventories,
  parseInventory,
} from "../ssh/inventory.js";
import {
  DEFAULT_SSH_CONCURRENCY,
  hostJoinCommand,
  hostJoinConfig,
  imagesForRole,
  type JoinCommands,
  joinHosts,
} from "../ssh/join-hosts.js";
import { JOIN_CONFIG_NAME, REMOTE_PRIVATE_PARENT } from "../ssh/scripts.js";
import { outcomeCounts, renderHostTable } from "../ssh/summary.js";
import type { SshTransport } from "../ssh/transport.js";
import { readState } from "../state/run-state.js";
import { Interrupted } from "../tasks/host-tasks.js";
import { DOC_EXAMPLE_TOKEN } from "../validate/names.js";

/** A saved join command older than this would fail discovery soon (tokens live 24 h by default). */
const STALE_MS = 23 * 3600_000;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : typeof v === "string" ? [v] : []);

/** At most this many inventory problems are printed, then one "and K more" line. */
export const MAX_INVENTORY_LINES = 5;

/** One line per problem (the same one once), bounded: a broken file never floods the terminal. */
export function problemsError(ctx: Context, problems: InventoryProblem[]): KadmError {
  const lines = [
    ...new Set(
      problems.map((p) =>
        t(ctx.lang, "ssh.inventory.problem", {
          source: p.source,
          key: p.key,
          problem: t(ctx.lang, `ssh.inventory.${p.code}`, { value: p.value ?? "", known: p.known ?? "" }),
        }),
      ),
    ),
  ];
  const shown = lines.slice(0, MAX_INVENTORY_LINES);
  if (lines.length > shown.length) {
    shown.push(
      t(ctx.lang, "ssh.inventory.more", {
        source: problems[0]?.source ?? "",
        count: lines.length - shown.length,
      }),
    );
  }
  const [first, ...more] = shown;
  return invalidInput(
    first ?? "",
    t(ctx.lang, problems.every((p) => p.fromFlag) ? "ssh.hostArgHint" : "ssh.inventoryHint"),
    more.map((message) => ({ message })),
  );
}

/** --ssh-user / --ssh-port / ... as defaults for every host. */
export function flagDefaults(ctx: Context, f: ParsedFlags): HostDefaults {
  const portText = str(f["ssh-port"]);
  let port: number | undefined;
  if (portText !== undefined) {
    port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw invalidInput(
        t(ctx.lang, "ssh.badPortFlag", { value: portText }),
        t(ctx.lang, "ssh.badPortFlagHint"),
      );
    }
  }
  return {
    port,
    user: str(f["ssh-user"]),
    identityFile: str(f["identity-file"]),
    passwordEnv: str(f["password-env"]),
    askPassword: f["ask-password"] === true ? true : undefined,
  };
}

export function sshConcurrency(ctx: Context, f: ParsedFlags): number {
  const v = str(f["ssh-concurrency"]);
  if (v === undefined) return DEFAULT_SSH_CONCURRENCY;
  const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw invalidInput(
      t(ctx.lang, "ssh.badConcurrency", { value: v }),
      t(ctx.lang, "ssh.badConcurrencyHint"),
    );
  }
  return n;
}

/** The hosts named by --inventory, --workers, --control-planes and positionals; exit 2 on any problem. */
export async function loadInventory(
  ctx: Context,
  f: ParsedFlags,
  positionals: string[],
): Promise<InventoryHost[]> {
  const defaults = flagDefaults(ctx, f);
  const results: InventoryResult[] = [];
  const file = str(f.inventory);
  if (file !== undefined) {
    let text: string;
    try {
      text = await ctx.files.readText(file);
    } catch (e) {
      throw invalidInput(
        t(ctx.lang, "ssh.inventory.problem", {
          source: file,
          key: "",
          problem: readFailureReason(ctx.lang, e),
        }),
        t(ctx.lang, "ssh.inventoryHint"),
      );
    }
    const parsed = parseInventory(file, text, defaults);
    if (!parsed.ok && parsed.bounds) throw yamlInputError(ctx.lang, file, parsed.bounds);
    results.push(parsed);
  }
  results.push(
    hostsFromLists(
      [
        { flag: "add-node HOST", role: "worker", values: positionals },
        { flag: "--workers", role: "worker", values: list(f.workers) },
        { flag: "--control-planes", role: "control-plane", values: list(f["control-planes"]) },
      ],
      defaults,
    ),
  );
  const problems = results.flatMap((r) => (r.ok ? [] : r.problems));
  if (problems.length > 0) throw problemsError(ctx, problems);
  const [a = [], b = []] = results.map((r) => (r.ok ? r.hosts : []));
  const merged = results.length === 2 ? mergeInventories(a, b) : { ok: true as const, hosts: a };
  if (!merged.ok) throw problemsError(ctx, merged.problems);
  return merged.hosts;
}

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
  f: ParsedFlags,
  now: Date,
): Promise<{ joins: JoinCommands; spec?: ClusterSpec }> {
  const w = str(f["join-command"]);
  const cp = str(f["control-plane-join-command"]);
  const state = await readState(ctx.hostFs);
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

export interface JoinInventoryOptions {
  hosts: InventoryHost[];
  spec: ClusterSpec;
  joins: JoinCommands;
  flags: ParsedFlags;
  quiet: boolean;
  /** Test seam; the ssh2 adapter by default. */
  transport?: SshTransport;
}

const joinFor = (o: Pick<JoinInventoryOptions, "joins">, h: InventoryHost) =>
  h.role === "control-plane" ? o.joins.controlPlane : o.joins.worker;

/** Every host's join fits `kubeadm join --config` (checked before anything connects). */
function checkJoinConfigs(ctx: Context, o: JoinInventoryOptions): void {
  for (const h of o.hosts) {
    const j = joinFor(o, h);
    const c = j ? hostJoinConfig(j, h, o.spec) : undefined;
    if (c && !c.ok) {
      throw invalidInput(
        t(ctx.lang, "ssh.joinFlagUnsupported", { flag: c.flag }),
        t(ctx.lang, "ssh.joinFlagUnsupportedHint"),
      );
    }
  }
}

function dryRunPlan(ctx: Context, o: JoinInventoryOptions, skipPrep: boolean): number {
  const out = [t(ctx.lang, "ssh.dryRunPlan", { count: o.hosts.length })];
  for (const h of o.hosts) {
    const j = joinFor(o, h);
    out.push(
      `  ${t(ctx.lang, "ssh.dryRunHost", {
        host: h.id,
        role: h.role,
        user: h.user,
        port: h.port,
        prep: skipPrep ? "" : t(ctx.lang, "ssh.dryRunPrep"),
        images: imagesForRole(o.spec, h.role).length,
      })}`,
    );
    const c = j ? hostJoinConfig(j, h, o.spec) : undefined;
    if (!j || !c?.ok) {
      out.push(
        `    $ ${t(ctx.lang, h.role === "control-plane" ? "ssh.noControlPlaneJoin" : "ssh.noWorkerJoin")}`,
      );
      continue;
    }
    // What runs, then what its private file holds, in the flag form with the secrets masked.
    out.push(
      `    $ ${["kubeadm join --config", `${REMOTE_PRIVATE_PARENT}/kadm-wizard.XXXXXXXX/${JOIN_CONFIG_NAME}`, ...c.args].join(" ")}`,
      `      ${t(ctx.lang, "ssh.dryRunJoinConfig", {
        command: redact(hostJoinCommand(j, h, o.spec), [j.token, j.certificateKey ?? ""]),
      })}`,
    );
  }
  ctx.stdout.write(`${out.join("\n")}\n`);
  return ExitCode.ok;
}

/**
 * Joins the hosts over SSH, records each outcome in hosts.json, prints the table. The part `init`
 * calls after its own node is up (the lead wires it in); returns 0 when every host joined, else 1.
 */
export async function joinInventory(ctx: Context, o: JoinInventoryOptions): Promise<number> {
  const f = o.flags;
  const concurrency = sshConcurrency(ctx, f);
  const skipPrep = f["skip-prep"] === true;
  checkJoinConfigs(ctx, o);
  if (ctx.dryRun) return dryRunPlan(ctx, o, skipPrep);
  let state: HostsState;
  try {
    state = await readHostsState(ctx.hostFs);
  } catch (e) {
    throw invalidInput(
      t(ctx.lang, "ssh.hostsStateBad", { path: HOSTS_PATH, reason: (e as Error).message }),
      t(ctx.lang, "ssh.hostsStateBadHint", { path: HOSTS_PATH }),
    );
  }
  const targets = await resolveTargets(ctx, o.hosts);
  const transport =
    o.transport ??
    ctx.ssh({
      knownHostsPath: expandHome(str(f["known-hosts"]) ?? defaultKnownHosts(ctx.env), ctx.env),
      acceptNew: f["accept-new-host-keys"] === true,
      files: ctx.files,
    });
  const outcomes = await joinHosts(ctx, {
    hosts: o.hosts,
    spec: o.spec,
    joins: o.joins,
    transport,
    target: (h) => targets.get(h.id) as NonNullable<ReturnType<typeof targets.get>>,
    concurrency,
    skipPrep,
    resetFirst: (h) => failedAtJoin(state, h.id),
    quiet: o.quiet,
  });
  await writeHostsState(ctx.hostFs, recordOutcomes(await readHostsState(ctx.hostFs), outcomes, new Date()));
  ctx.stdout.write(`${renderHostTable(outcomes, ctx.lang)}\n`);
  const { joined, failed } = outcomeCounts(outcomes);
  if (ctx.signal.aborted) {
    const count = (k: "stopped" | "waiting") => outcomes.filter((x) => x.interrupted === k).length;
    throw new Interrupted(
      t(ctx.lang, "interrupt.hosts", {
        joined,
        count: outcomes.length,
        stopped: count("stopped"),
        waiting: count("waiting"),
      }),
      t(ctx.lang, "interrupt.hostsHint"),
    );
  }
  if (failed > 0) {
    throw new KadmError(t(ctx.lang, "ssh.someFailed", { failed, count: outcomes.length, path: HOSTS_PATH }), {
      hint: t(ctx.lang, "ssh.someFailedHint"),
    });
  }
  ctx.stdout.write(`${t(ctx.lang, "ssh.allJoined", { count: outcomes.length })}\n`);
  return ExitCode.ok;
}

/** `kadm-wizard add-node HOST... | --workers ... | --inventory FILE | --retry-failed`. */
export const run: CommandRun = async (ctx, { flags, positionals }) => {
  const f = flags as ParsedFlags;
  const now = new Date();
  let hosts = await loadInventory(ctx, f, positionals);
  if (f["retry-failed"] === true) {
    const state = await readHostsState(ctx.hostFs).catch((e: Error) => {
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
