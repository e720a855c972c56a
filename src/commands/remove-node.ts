import type { CommandRun, FlagsFor } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError, type Problem } from "../errors.js";
import { ADMIN_CONF } from "../host/kubeconfig-copy.js";
import { failureReason } from "../host/runner.js";
import { render, t } from "../i18n/messages.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import {
  findNode,
  HOSTS_PATH,
  readHostsState,
  toInventoryHost,
  writeHostsState,
} from "../ssh/hosts-state.js";
import { hostsFromLists, type InventoryHost } from "../ssh/inventory.js";
import { flagDefaults, problemsError } from "../ssh/inventory-flags.js";
import { type HostTask, runHostTasks } from "../tasks/host-tasks.js";
import { KubeadmFailed, runKubeadm } from "../tasks/kubeadm-run.js";
import { isDns1123Subdomain, suggestNodeName } from "../validate/names.js";
import { nodeNameMsg } from "../validate/spec.js";
import type { NodeEnv } from "../workflow/env.js";
import { connectErrorLine, nodeForHost } from "../workflow/remote.js";

type Flags = FlagsFor<"remove-node">;

async function confirm(ctx: Context, yes: boolean, name: string, host: string): Promise<void> {
  if (yes || ctx.dryRun) return;
  if (!ctx.canPrompt)
    throw invalidInput(t(ctx.lang, "ssh.remove.needsYes"), t(ctx.lang, "ssh.remove.needsYesHint"));
  const ok = await ctx
    .prompter()
    .confirm({ message: t(ctx.lang, "ssh.remove.confirm", { name, host }), default: false });
  if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
}

/** What is wrong with the NAME arguments (one valid node name), in words; undefined when fine. */
function nameProblem(ctx: Context, positionals: string[]): Problem | undefined {
  const [name, ...extra] = positionals;
  if (name === undefined || name === "") {
    return { message: t(ctx.lang, "ssh.remove.name"), hint: t(ctx.lang, "ssh.remove.nameHint") };
  }
  if (extra.length > 0) {
    return {
      message: t(ctx.lang, "ssh.remove.extraNames", {
        count: positionals.length,
        names: positionals.join(", "),
      }),
      hint: t(ctx.lang, "ssh.remove.extraNamesHint", { first: name }),
    };
  }
  if (isDns1123Subdomain(name)) return undefined;
  const suggestion = suggestNodeName(name);
  return {
    message: render(ctx.lang, nodeNameMsg(name)),
    hint: suggestion
      ? t(ctx.lang, "ssh.remove.badNameHint", { suggestion })
      : t(ctx.lang, "ssh.remove.nameHint"),
  };
}

/** --host HOST: one host, checked by the inventory's own rules and named as --host in any problem. */
function hostFromFlag(ctx: Context, f: Flags, value: string): InventoryHost | Problem[] {
  const r = hostsFromLists([{ flag: "--host", role: "worker", values: [value] }], flagDefaults(ctx, f));
  if (!r.ok) return problemsError(ctx, r.problems).problems;
  if (r.hosts.length !== 1) {
    return [
      {
        message: t(ctx.lang, "ssh.remove.oneHost", { count: r.hosts.length, value }),
        hint: t(ctx.lang, "ssh.remove.oneHostHint"),
      },
    ];
  }
  return r.hosts[0] as InventoryHost;
}

/**
 * `kadm-wizard remove-node NAME`: kubectl drain + delete node (through the runner, with this control
 * plane's admin.conf), then `kubeadm reset -f` on the node's host over SSH. The host's SSH details
 * come from hosts.json (add-node recorded them) or --host.
 */
export const run: CommandRun<"remove-node"> = async (ctx, { flags: f, positionals }) => {
  const hostFlag = f.host;
  // The name and --host are checked together, before hosts.json is read: every bad value is named.
  const badName = nameProblem(ctx, positionals);
  const fromFlag = hostFlag === undefined ? undefined : hostFromFlag(ctx, f, hostFlag);
  const problems = [...(badName ? [badName] : []), ...(Array.isArray(fromFlag) ? fromFlag : [])];
  if (problems.length > 0) {
    const [first, ...more] = problems;
    throw invalidInput(first?.message ?? "", first?.hint, more);
  }
  const name = positionals[0] as string;
  const given = Array.isArray(fromFlag) ? undefined : fromFlag;
  const state = await readHostsState(ctx.node.fs).catch((e: Error) => {
    throw invalidInput(
      t(ctx.lang, "ssh.hostsStateBad", { path: HOSTS_PATH, reason: e.message }),
      t(ctx.lang, "ssh.hostsStateBadHint", { path: HOSTS_PATH }),
    );
  });
  let host: InventoryHost | undefined = given;
  if (!host) {
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

  const kubeconfig = f.kubeconfig ?? ctx.node.fs.resolve(ADMIN_CONF);
  // Ctrl-C: a drain is safe to stop (the node stays cordoned); delete and the reset finish first.
  const kubectl = async (args: string[], timeoutMs: number, cancel: boolean) => {
    const r = await ctx.node.runner.run(["kubectl", "--kubeconfig", kubeconfig, ...args], {
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
    const transport = ctx.ssh({
      knownHostsPath: expandHome(f["known-hosts"] ?? defaultKnownHosts(ctx.env), ctx.env),
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
      const env: NodeEnv = {
        lang: ctx.lang,
        dryRun: false,
        signal: ctx.signal,
        liveOutput: false,
        kubeadmPath: "kubeadm",
      };
      // Half a reset helps nobody: Ctrl-C lets it finish.
      await runKubeadm(nodeForHost(host, session, env), env, ["reset", "-f"], {
        sub: "reset",
        secrets: [],
        finishOnInterrupt: true,
      }).catch((e: unknown) => {
        throw fail(e instanceof KubeadmFailed ? e.lastLine || e.message : (e as Error).message);
      });
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
    for (const c of ctx.node.runner.recorded) ctx.stdout.write(`  $ ${c}\n`);
    ctx.stdout.write(`  ${host.user}@${host.id}$ kubeadm reset -f\n`);
    return ExitCode.ok;
  }
  const record = state.hosts[host.id];
  if (record) {
    await writeHostsState(ctx.node.fs, {
      ...state,
      hosts: { ...state.hosts, [host.id]: { ...record, status: "removed", at: new Date().toISOString() } },
    });
  }
  ctx.stdout.write(`${t(ctx.lang, "ssh.remove.done", { name, host: host.id })}\n`);
  return ExitCode.ok;
};
