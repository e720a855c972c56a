import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { ADMIN_CONF } from "../host/kubeconfig-copy.js";
import { failureReason } from "../host/runner.js";
import { t } from "../i18n/messages.js";
import type { ParsedFlags } from "../spec/flags.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import {
  findNode,
  HOSTS_PATH,
  readHostsState,
  toInventoryHost,
  writeHostsState,
} from "../ssh/hosts-state.js";
import type { InventoryHost } from "../ssh/inventory.js";
import { connectErrorLine, lastMeaningfulLine } from "../ssh/join-hosts.js";
import { parseMarkers, resetScript } from "../ssh/scripts.js";
import { remoteShell, sudoRefused } from "../ssh/shell.js";
import { ssh2Transport } from "../ssh/ssh2-transport.js";
import { type HostTask, runHostTasks } from "../tasks/host-tasks.js";
import { isDns1123Subdomain } from "../validate/names.js";
import { flagDefaults, loadInventory } from "./add-node.js";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

async function confirm(ctx: Context, yes: boolean, name: string, host: string): Promise<void> {
  if (yes || ctx.dryRun) return;
  if (!ctx.canPrompt)
    throw invalidInput(t(ctx.lang, "ssh.remove.needsYes"), t(ctx.lang, "ssh.remove.needsYesHint"));
  const ok = await ctx
    .prompter()
    .confirm({ message: t(ctx.lang, "ssh.remove.confirm", { name, host }), default: false });
  if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
}

/**
 * `kadm-wizard remove-node NAME`: kubectl drain + delete node (through the runner, with this control
 * plane's admin.conf), then `kubeadm reset -f` on the node's host over SSH. The host's SSH details
 * come from hosts.json (add-node recorded them) or --host.
 */
export const run: CommandRun = async (ctx, { flags, positionals }) => {
  const f = flags as ParsedFlags;
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0 || !isDns1123Subdomain(name)) {
    throw invalidInput(t(ctx.lang, "ssh.remove.name"), t(ctx.lang, "ssh.remove.nameHint"));
  }
  const state = await readHostsState(ctx.hostFs).catch((e: Error) => {
    throw invalidInput(
      t(ctx.lang, "ssh.hostsStateBad", { path: HOSTS_PATH, reason: e.message }),
      t(ctx.lang, "ssh.hostsStateBadHint", { path: HOSTS_PATH }),
    );
  });
  let host: InventoryHost | undefined;
  const hostFlag = str(f.host);
  if (hostFlag) {
    [host] = await loadInventory(ctx, { ...f, workers: [hostFlag], inventory: undefined }, []);
  } else {
    const found = findNode(state, name);
    if (found) {
      const d = flagDefaults(ctx, f);
      const recorded = toInventoryHost(found[0], found[1]);
      host = {
        ...recorded,
        ...(d.user ? { user: d.user } : {}),
        ...(d.identityFile ? { identityFile: d.identityFile } : {}),
        ...(d.passwordEnv ? { passwordEnv: d.passwordEnv } : {}),
      };
    }
  }
  if (!host) {
    throw invalidInput(
      t(ctx.lang, "ssh.remove.unknown", { name, path: HOSTS_PATH }),
      t(ctx.lang, "ssh.remove.unknownHint"),
    );
  }
  await confirm(ctx, f.yes === true, name, host.id);
  const targets = ctx.dryRun ? undefined : await resolveTargets(ctx, [host]);

  const kubeconfig = str(f.kubeconfig) ?? ctx.hostFs.resolve(ADMIN_CONF);
  // Ctrl-C: a drain is safe to stop (the node stays cordoned); delete and the reset finish first.
  const kubectl = async (args: string[], timeoutMs: number, cancel: boolean) => {
    const r = await ctx.runner.run(["kubectl", "--kubeconfig", kubeconfig, ...args], {
      changes: true,
      timeoutMs,
      ...(cancel ? { signal: ctx.signal } : {}),
    });
    if (!r.skipped && r.exitCode !== 0) {
      throw new KadmError(
        t(ctx.lang, "ssh.remove.kubectlFailed", { command: r.command, reason: failureReason(r) }),
        {
          hint: t(ctx.lang, "ssh.remove.kubectlHint"),
        },
      );
    }
  };
  const fail = (reason: string) =>
    new KadmError(t(ctx.lang, "ssh.remove.resetFailed", { host: host.id, reason }), {
      hint: t(ctx.lang, "ssh.remove.resetHint"),
    });
  const resetOverSsh = async () => {
    const transport =
      ctx.sshTransport ??
      ssh2Transport({
        knownHostsPath: expandHome(str(f["known-hosts"]) ?? defaultKnownHosts(ctx.env), ctx.env),
        acceptNew: f["accept-new-host-keys"] === true,
        files: ctx.files,
      });
    let session: Awaited<ReturnType<typeof transport.connect>>;
    try {
      session = await transport.connect(
        targets?.get(host.id) as NonNullable<ReturnType<NonNullable<typeof targets>["get"]>>,
        { signal: ctx.signal },
      );
    } catch (e) {
      throw fail(connectErrorLine(ctx.lang, e));
    }
    try {
      const r = await session.exec(remoteShell(host.user), {
        stdin: resetScript({ root: host.root, env: host.env }),
        timeoutMs: 300_000,
      });
      if (r.exitCode !== 0 && sudoRefused(r.stderr))
        throw fail(t(ctx.lang, "ssh.sudoRefused", { user: host.user }));
      if (r.exitCode !== 0)
        throw fail(lastMeaningfulLine(parseMarkers(r.stdout), r.stderr) || `exit code ${r.exitCode}`);
    } finally {
      session.close();
    }
  };
  const tasks: HostTask[] = [];
  if (f["skip-drain"] !== true) {
    tasks.push({
      title: t(ctx.lang, "ssh.remove.step.drain", { name }),
      run: async () => {
        await kubectl(
          ["drain", name, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=300s"],
          330_000,
          true,
        );
        return undefined;
      },
    });
  }
  tasks.push({
    title: t(ctx.lang, "ssh.remove.step.delete", { name }),
    run: async () => {
      await kubectl(["delete", "node", name, "--ignore-not-found"], 60_000, false);
      return undefined;
    },
  });
  if (!ctx.dryRun) {
    tasks.push({
      title: t(ctx.lang, "ssh.remove.step.reset", { host: host.id }),
      run: async () => {
        await resetOverSsh();
        return undefined;
      },
    });
  }
  await runHostTasks(ctx, tasks, { again: `kadm-wizard remove-node ${name}` });
  if (ctx.dryRun) {
    ctx.stdout.write(`${t(ctx.lang, "ssh.remove.planned", { name, host: host.id })}\n`);
    for (const c of ctx.runner.recorded) ctx.stdout.write(`  $ ${c}\n`);
    ctx.stdout.write(`  ${host.user}@${host.id}$ kubeadm reset -f\n`);
    return ExitCode.ok;
  }
  const record = state.hosts[host.id];
  if (record) {
    await writeHostsState(ctx.hostFs, {
      ...state,
      hosts: { ...state.hosts, [host.id]: { ...record, status: "removed", at: new Date().toISOString() } },
    });
  }
  ctx.stdout.write(`${t(ctx.lang, "ssh.remove.done", { name, host: host.id })}\n`);
  return ExitCode.ok;
};
