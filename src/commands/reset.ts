import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { ADMIN_CONF } from "../host/kubeconfig-copy.js";
import { kubeconfigTargets, parsePasswd } from "../host/passwd.js";
import {
  type CleanupResult,
  cleanCniConfig,
  cleanIptables,
  clearIpvs,
  removeCniInterfaces,
  removeKubeconfigCopies,
} from "../host/reset-cleanup.js";
import { changeStatus } from "../host/steps/types.js";
import { t } from "../i18n/messages.js";
import { pruneOwnBackups, readState, STATE_DIR } from "../state/run-state.js";
import { Interrupted, runHostTasks } from "../tasks/host-tasks.js";
import { KubeadmMissing, runKubeadm } from "../tasks/kubeadm-run.js";

/** Files of ours that describe the cluster being removed (answers.yaml is kept to re-run init). */
const OWN_FILES = ["state.json", "kubeadm.yaml", "kubeadm-join.yaml", "join-command.txt"].map(
  (f) => `${STATE_DIR}/${f}`,
);

async function confirm(ctx: Context, yes: boolean): Promise<void> {
  if (yes || ctx.dryRun) return;
  if (!ctx.canPrompt) {
    throw invalidInput(t(ctx.lang, "reset.needsYes"), t(ctx.lang, "reset.needsYesHint"));
  }
  const ok = await ctx.prompter().confirm({ message: t(ctx.lang, "reset.confirm"), default: false });
  if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
}

/**
 * `kadm-wizard reset`: `kubeadm reset -f`, then what kubeadm leaves behind, each step reported;
 * `--dry-run` shows it all and changes nothing.
 */
export const run: CommandRun<"reset"> = async (ctx, { flags }) => {
  await confirm(ctx, flags.yes === true);
  const state = await readState(ctx.node.fs);
  const criSocket = state?.spec.node.criSocket;
  const adminConf = await ctx.node.fs.read(ADMIN_CONF);
  const kubeconfigs = kubeconfigTargets(
    parsePasswd((await ctx.node.fs.read("/etc/passwd")) ?? ""),
    ctx.env.SUDO_USER,
  ).map((x) => x.path);
  const env = { fs: ctx.node.fs, runner: ctx.node.runner, lang: ctx.lang };
  const results: CleanupResult[] = [];
  const step = (title: string, work: () => Promise<CleanupResult>) => ({
    title,
    run: async () => {
      const r = await work();
      results.push(r);
      return `${r.title}: ${changeStatus(ctx.lang, r.changed, ctx.dryRun)}`;
    },
  });

  const tasks = [
    step(t(ctx.lang, "reset.step.kubeadm"), async () => {
      const title = t(ctx.lang, "reset.step.kubeadm");
      const r = await runKubeadm(
        ctx.node,
        ctx,
        ["reset", "-f", ...(criSocket ? ["--cri-socket", criSocket] : [])],
        {
          sub: "reset",
          secrets: [],
          finishOnInterrupt: true,
        },
      ).catch((e: unknown) => {
        // No kubeadm at all: there is nothing of kubeadm's to undo; go on with the rest.
        if (e instanceof KubeadmMissing) return undefined;
        throw e;
      });
      if (!r)
        return {
          id: "kubeadm",
          title,
          changed: false,
          lines: [t(ctx.lang, "reset.noTool", { tool: "kubeadm" })],
        };
      return {
        id: "kubeadm",
        title,
        changed: true,
        lines: [
          `$ ${r.result.command}`,
          ...(r.result.skipped ? [] : [t(ctx.lang, "run.kubeadmLog", { path: r.logPath })]),
        ],
      };
    }),
    step(t(ctx.lang, "reset.step.cniFiles"), () => cleanCniConfig(env)),
    step(t(ctx.lang, "reset.step.interfaces"), () => removeCniInterfaces(env)),
    step(t(ctx.lang, "reset.step.iptables"), () => cleanIptables(env)),
    step(t(ctx.lang, "reset.step.ipvs"), () => clearIpvs(env)),
    step(t(ctx.lang, "reset.step.kubeconfig"), () => removeKubeconfigCopies(env, adminConf, kubeconfigs)),
    step(t(ctx.lang, "reset.step.state"), async () => {
      const lines: string[] = [];
      const gone: string[] = [];
      for (const p of OWN_FILES) if (await ctx.node.fs.remove(p)) gone.push(p);
      // Backups of them (earlier versions made some): each holds the token too.
      gone.push(...(await pruneOwnBackups(ctx.node.fs)));
      for (const p of gone) {
        lines.push(t(ctx.lang, ctx.dryRun ? "reset.wouldRemove" : "reset.removed", { path: p }));
      }
      return { id: "state", title: t(ctx.lang, "reset.step.state"), changed: lines.length > 0, lines };
    }),
  ];
  const report = () => {
    const out: string[] = [];
    for (const r of results) {
      out.push(`${r.changed ? "~" : "="} ${r.title}: ${changeStatus(ctx.lang, r.changed, ctx.dryRun)}`);
      for (const l of r.lines) out.push(`    ${l}`);
    }
    return out.join("\n");
  };
  try {
    await runHostTasks(ctx, tasks, { again: "kadm-wizard reset", report });
  } catch (e) {
    // Interrupted: the report is printed already, with the steps not run.
    if (!(e instanceof Interrupted) && results.length > 0) ctx.stdout.write(`${report()}\n`);
    throw e;
  }
  if (results.length > 0) ctx.stdout.write(`${report()}\n`);
  ctx.stdout.write(`\n${t(ctx.lang, ctx.dryRun ? "prepare.dryRunDone" : "reset.done")}\n`);
  return ExitCode.ok;
};
