/**
 * The hosts a command names (--inventory FILE, --workers, --control-planes, positionals) and the SSH
 * flags every host defaults to, turned into inventory hosts; every problem is exit 2, before any
 * connection. Shared by add-node and init.
 */
import type { Context } from "../context.js";
import { invalidInput, type KadmError } from "../errors.js";
import { readFailureReason, yamlInputError } from "../host/user-input.js";
import { t } from "../i18n/messages.js";
import type { ParsedFlags } from "../spec/flags.js";
import {
  type HostDefaults,
  hostsFromLists,
  type InventoryHost,
  type InventoryProblem,
  type InventoryResult,
  mergeInventories,
  parseInventory,
} from "./inventory.js";

export type { InventoryHost } from "./inventory.js";

// A join mostly waits (pulls, TLS bootstrap): 20 at once keeps a typical batch in one round.
export const DEFAULT_SSH_CONCURRENCY = 20;

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
          problem: t(ctx.lang, `ssh.inventory.${p.code}`, {
            value: p.value ?? "",
            known: p.known ?? "",
            line: p.line ?? "",
            column: p.column ?? "",
          }),
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
  if (file !== undefined) results.push(await readInventoryFile(ctx, file, defaults));
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

/** An inventory file read and parsed; an unreadable file or a YAML bomb is bad input (exit 2). */
export async function readInventoryFile(
  ctx: Context,
  file: string,
  defaults: HostDefaults,
): Promise<InventoryResult> {
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
  return parsed;
}
