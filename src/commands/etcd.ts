import type { CommandRun, FlagsFor } from "../cli/commands.js";
import { restartTimeout } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { namesNodes } from "../controlplane/nodes.js";
import { ASIDE_DIR } from "../controlplane/static-pods.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import {
  type BackupResult,
  DEFAULT_BACKUP_DIR,
  DEFAULT_KEEP,
  planBackup,
  readLocalEtcd,
  runBackup,
  SNAPSHOT,
} from "../etcd/backup.js";
import { clientFlags } from "../etcd/etcdctl.js";
import { restoreMembers } from "../etcd/ha-restore.js";
import {
  otherMemberSteps,
  planRestore,
  type RestoreResult,
  restoreArgs,
  runRestore,
} from "../etcd/restore.js";
import { installTimer, selfCommand } from "../host/systemd-timer.js";
import { t } from "../i18n/messages.js";
import { runHostTasks } from "../tasks/host-tasks.js";

type Flags = FlagsFor<"etcd">;

export const BACKUP_TIMER = "kadm-wizard-etcd-backup";

function keepFlag(ctx: Context, flags: Flags): number {
  const raw = flags.keep;
  if (raw === undefined) return DEFAULT_KEEP;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw invalidInput(t(ctx.lang, "etcd.badKeep", { value: raw }), t(ctx.lang, "etcd.badKeepHint"));
  }
  return n;
}

function dirFlag(ctx: Context, flags: Flags): string {
  const raw = flags.dir;
  if (raw === undefined) return DEFAULT_BACKUP_DIR;
  if (!raw.startsWith("/") || raw.split("/").includes("..")) {
    throw invalidInput(t(ctx.lang, "etcd.badDir", { value: raw }), t(ctx.lang, "etcd.badDirHint"));
  }
  return raw;
}

async function backup(ctx: Context, flags: Flags): Promise<number> {
  const dir = dirFlag(ctx, flags);
  const keep = keepFlag(ctx, flags);
  const node = ctx.node;
  const lines: string[] = [];
  if (flags["install-timer"] === true) {
    const res = await installTimer(node, {
      name: BACKUP_TIMER,
      description: t("en", "etcd.timerDescription"),
      command: [...selfCommand(), "etcd", "backup", "--dir", dir, "--keep", String(keep)],
    });
    if (res.failed) {
      throw new KadmError(t(ctx.lang, "certs.timerFailed", { reason: res.failed }), {
        hint: t(ctx.lang, "certs.timerFailedHint"),
      });
    }
    for (const c of res.changes) {
      lines.push(
        t(ctx.lang, c.changed ? (ctx.dryRun ? "certs.wouldWrite" : "certs.wrote") : "certs.unchanged", {
          path: c.path,
        }),
      );
    }
    for (const c of res.commands)
      lines.push(t(ctx.lang, ctx.dryRun ? "certs.wouldRun" : "certs.ran", { command: c }));
  }
  const etcd = await readLocalEtcd(node, ctx.lang);
  const plan = planBackup(etcd, { dir, keep, now: new Date() });
  if (ctx.dryRun) {
    const flagsShown = clientFlags(etcd.endpoint, (p) => p).join(" ");
    lines.push(
      t(ctx.lang, "etcd.plan.header"),
      `  ${t(ctx.lang, "etcd.plan.snapshot", { command: `etcdctl ${flagsShown} snapshot save ${plan.target}/${SNAPSHOT}` })}`,
      `  ${t(ctx.lang, "etcd.plan.via")}`,
      `  ${t(ctx.lang, "etcd.plan.sha", { path: `${plan.target}/${SNAPSHOT}.sha256` })}`,
      `  ${t(ctx.lang, "etcd.plan.pki", { path: `${plan.target}/pki` })}`,
      `  ${t(ctx.lang, "etcd.plan.prune", { dir: plan.baseDir, keep })}`,
      t(ctx.lang, "certs.plan.nothingChanged"),
    );
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }
  let result: BackupResult | undefined;
  await runHostTasks(
    ctx,
    [
      {
        title: t(ctx.lang, "etcd.step.backup", { endpoint: etcd.endpoint }),
        run: async () => {
          result = await runBackup(node, plan, ctx.lang);
          return t(ctx.lang, "etcd.step.backupDone", { path: result.snapshot });
        },
      },
    ],
    { again: "kadm-wizard etcd backup", quiet: flags.quiet === true },
  );
  const r = result as BackupResult;
  if (flags.output === "json") {
    ctx.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return ExitCode.ok;
  }
  lines.push(
    t(ctx.lang, "etcd.backup.done", { path: r.dir }),
    `  ${SNAPSHOT}: sha256 ${r.sha256}${
      r.revision !== undefined
        ? `, ${t(ctx.lang, "etcd.backup.status", { revision: r.revision, keys: r.keys ?? 0 })}`
        : ""
    }`,
    `  ${t(ctx.lang, "etcd.backup.pki", { count: r.pkiFiles })}`,
    ...r.pruned.map((p) => `  ${t(ctx.lang, "etcd.backup.pruned", { path: p })}`),
    t(ctx.lang, "etcd.backup.restoreHint", { path: r.dir }),
  );
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return ExitCode.ok;
}

async function restore(ctx: Context, flags: Flags, args: string[]): Promise<number> {
  if (args.length !== 1 || !args[0]?.startsWith("/")) {
    throw invalidInput(
      t(ctx.lang, "etcd.restoreUsage", { value: args.join(" ") }),
      t(ctx.lang, "etcd.restoreUsageHint"),
    );
  }
  const timeoutMs = restartTimeout(ctx, flags);
  if (namesNodes(flags)) return restoreMembers(ctx, flags, args[0], timeoutMs);
  const node = ctx.node;
  const plan = await planRestore(node, args[0], ctx.lang, new Date(), { live: !ctx.dryRun });
  const ha = plan.members.length > 1;
  const others = otherMemberSteps(plan);
  const otherLines = others.flatMap((o) => [
    `  ${t(ctx.lang, "etcd.ha.member", { name: o.member.name, url: o.member.peerUrl })}`,
    ...o.commands.map((c) => `    ${c}`),
  ]);
  const planLines = [
    t(ctx.lang, "etcd.restore.plan", {
      path: plan.snapshot,
      revision: plan.revision ?? "?",
      keys: plan.keys ?? "?",
      sha: plan.sha256 ?? t(ctx.lang, "etcd.restore.noSha"),
    }),
    `  1. ${t(ctx.lang, "etcd.restore.step.stop", { pods: plan.pods.map((p) => p.component).join(", "), aside: ASIDE_DIR })}`,
    `  2. ${plan.tool} ${restoreArgs(plan.snapshot, plan.newDir, plan.member, plan.members).join(" ")}`,
    `  3. ${t(ctx.lang, "etcd.restore.step.swap", { data: plan.etcd.dataDir, old: plan.oldDir })}`,
    `  4. ${t(ctx.lang, "etcd.restore.step.start")}`,
  ];
  if (ha && flags["others-stopped"] !== true) {
    ctx.stdout.write(
      `${[...planLines, t(ctx.lang, "etcd.ha.first", { count: plan.members.length }), ...otherLines].join("\n")}\n`,
    );
    if (ctx.dryRun) return ExitCode.ok;
    throw invalidInput(
      t(ctx.lang, "etcd.ha.refused", { count: plan.members.length }),
      t(ctx.lang, "etcd.ha.refusedHint"),
    );
  }
  if (ctx.dryRun) {
    ctx.stdout.write(`${[...planLines, t(ctx.lang, "certs.plan.nothingChanged")].join("\n")}\n`);
    return ExitCode.ok;
  }
  if (flags.yes !== true) {
    if (!ctx.canPrompt)
      throw invalidInput(t(ctx.lang, "etcd.restore.needsYes"), t(ctx.lang, "etcd.restore.needsYesHint"));
    ctx.stderr.write(`${planLines.join("\n")}\n`);
    const ok = await ctx.prompter().confirm({ message: t(ctx.lang, "etcd.restore.confirm"), default: false });
    if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
  }
  let result: RestoreResult | undefined;
  await runHostTasks(
    ctx,
    [
      {
        title: t(ctx.lang, "etcd.step.restore"),
        run: async (setTitle) => {
          result = await runRestore(node, plan, ctx.lang, {
            timeoutMs,
            signal: ctx.signal,
            onStep: (s) => setTitle(t(ctx.lang, `etcd.step.restore.${s}`)),
          });
          return t(ctx.lang, "etcd.step.restoreDone");
        },
      },
    ],
    {
      again: `kadm-wizard etcd restore ${args[0]}`,
      quiet: flags.quiet === true,
      // Interrupted once the data was swapped: the restore went through (the pods were started
      // again), only the wait for the API server was cut short. Say so before the interruption.
      report: () =>
        result ? t(ctx.lang, "etcd.restore.done", { data: plan.etcd.dataDir, old: result.oldDir }) : "",
    },
  );
  const r = result as RestoreResult;
  const lines = [
    t(ctx.lang, "etcd.restore.done", { data: plan.etcd.dataDir, old: r.oldDir }),
    ...(ha ? [t(ctx.lang, "etcd.ha.then"), ...otherLines] : []),
  ];
  ctx.stdout.write(`${lines.join("\n")}\n`);
  if (!r.apiAnswered) {
    throw new KadmError(t(ctx.lang, "etcd.restore.apiSilent", { seconds: Math.round(timeoutMs / 1000) }), {
      hint: t(ctx.lang, "etcd.restore.apiSilentHint"),
    });
  }
  return ExitCode.ok;
}

/** `kadm-wizard etcd backup|restore`. */
export const run: CommandRun<"etcd"> = async (ctx, { flags: f, positionals }) => {
  const [sub, ...rest] = positionals;
  if (sub === "backup" && rest.length === 0) return backup(ctx, f);
  if (sub === "restore") return restore(ctx, f, rest);
  throw invalidInput(
    t(ctx.lang, "etcd.usage", { value: positionals.join(" ") }),
    t(ctx.lang, "etcd.usageHint"),
  );
};
