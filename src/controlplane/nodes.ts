/**
 * The control planes a day-2 command works on (`certs renew|check`, `etcd restore`): this machine
 * when it is one, and the control planes of `--inventory FILE` (or those `--node` picks), each
 * reached over SSH as a Node — so the same step code runs on every one of them. Selection
 * problems are exit 2 before anything connects.
 */
import type { Context } from "../context.js";
import { invalidInput, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import type { ParsedFlags } from "../spec/flags.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import { hostsFromLists, type InventoryHost } from "../ssh/inventory.js";
import { flagDefaults, problemsError, readInventoryFile } from "../ssh/inventory-flags.js";
import type { SshSession, SshTarget, SshTransport } from "../ssh/transport.js";
import { connectErrorLine, nodeForHost } from "../workflow/remote.js";
import { manifestPath } from "./static-pods.js";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const words = (v: unknown) =>
  (Array.isArray(v) ? (v as string[]) : typeof v === "string" ? [v] : []).flatMap((x) =>
    x
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean),
  );

/** True when the command names other nodes (then it works through SSH). */
export function namesNodes(f: ParsedFlags): boolean {
  return str(f.inventory) !== undefined || words(f.node).length > 0;
}

export interface ControlPlaneSelection {
  /** This machine takes part (it is a control plane and no --node narrowed the set). */
  local: boolean;
  /** The other control planes, in inventory order. */
  hosts: InventoryHost[];
}

/**
 * `--inventory FILE`: this machine when it has a kube-apiserver manifest, then the inventory's
 * `role: control-plane` hosts. `--node ID` (with the inventory: an id, address or nodeName of it;
 * without: [USER@]HOST[:PORT]) takes only those, and not this machine.
 */
export async function selectControlPlanes(ctx: Context, f: ParsedFlags): Promise<ControlPlaneSelection> {
  const defaults = flagDefaults(ctx, f);
  const names = words(f.node);
  const file = str(f.inventory);
  if (file === undefined) {
    const r = hostsFromLists([{ flag: "--node", role: "control-plane", values: names }], defaults);
    if (!r.ok) throw problemsError(ctx, r.problems);
    return { local: false, hosts: r.hosts };
  }
  const parsed = await readInventoryFile(ctx, file, defaults);
  if (!parsed.ok) throw problemsError(ctx, parsed.problems);
  if (names.length > 0) {
    return {
      local: false,
      hosts: names.map((n) => {
        const h = parsed.hosts.find((x) => x.id === n || x.host === n || x.nodeName === n);
        if (!h) {
          throw invalidInput(
            t(ctx.lang, "doctor.cli.unknownNode", { node: n, file }),
            t(ctx.lang, "doctor.cli.unknownNodeHint", { known: parsed.hosts.map((x) => x.id).join(", ") }),
          );
        }
        return h;
      }),
    };
  }
  const hosts = parsed.hosts.filter((h) => h.role === "control-plane");
  const local = await ctx.node.fs.exists(manifestPath("kube-apiserver"));
  if (hosts.length === 0 && !local) {
    throw invalidInput(t(ctx.lang, "cp.nodes.none", { file }), t(ctx.lang, "cp.nodes.noneHint"));
  }
  return { local, hosts };
}

/** `user@host:port`, as connected to. */
export const addressOf = (h: InventoryHost) => `${h.user}@${h.host}:${h.port}`;

export type Reached = { ok: true; node: Node; close(): void } | { ok: false; reason: string };

export interface NodeConnector {
  /** Connects and checks the login can run commands (sudo -n); never throws for an unreachable node. */
  reach(h: InventoryHost): Promise<Reached>;
}

/** Credentials for every host (exit 2 on a problem, before any connection), then one connector. */
export async function nodeConnector(
  ctx: Context,
  f: ParsedFlags,
  hosts: InventoryHost[],
  opts: { dryRun?: boolean } = {},
): Promise<NodeConnector> {
  const targets = await resolveTargets(ctx, hosts);
  let transport: SshTransport | undefined;
  const env = { dryRun: opts.dryRun ?? ctx.dryRun, lang: ctx.lang };
  return {
    async reach(h) {
      transport ??= ctx.ssh({
        knownHostsPath: expandHome(str(f["known-hosts"]) ?? defaultKnownHosts(ctx.env), ctx.env),
        acceptNew: f["accept-new-host-keys"] === true,
        files: ctx.files,
      });
      let session: SshSession;
      try {
        session = await transport.connect(targets.get(h.id) as SshTarget, {
          signal: ctx.signal,
          timeoutMs: 20_000,
        });
      } catch (e) {
        return { ok: false, reason: connectErrorLine(ctx.lang, e) };
      }
      const node = nodeForHost(h, session, {
        ...env,
        signal: ctx.signal,
        liveOutput: false,
        kubeadmPath: "kubeadm",
      });
      // One command first: a sudo that wants a password is said once, not by every step.
      try {
        await node.runner.run(["true"], { timeoutMs: 30_000 });
      } catch (e) {
        session.close();
        if (e instanceof KadmError) return { ok: false, reason: e.message };
        throw e;
      }
      return { ok: true, node, close: () => session.close() };
    },
  };
}

/**
 * Whose ~/.kube/config gets the admin.conf copy besides root's on a node: here the user sudo ran
 * us for; over SSH the login when it is not root (it runs everything through `sudo -n`: it is
 * that node's "sudo user").
 */
export function sudoUserOf(ctx: Context, h: InventoryHost | undefined): string | undefined {
  if (h === undefined) return ctx.env.SUDO_USER;
  return h.user === "root" ? undefined : h.user;
}
