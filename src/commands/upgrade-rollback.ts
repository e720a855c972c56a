/** `kadm-wizard upgrade rollback`: undo a failed `upgrade apply` on this control plane, honestly. */
import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ASIDE_DIR } from "../controlplane/static-pods.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { otherMemberSteps, restoreArgs } from "../etcd/restore.js";
import { render, t } from "../i18n/messages.js";
import type { ParsedFlags } from "../spec/flags.js";
import { runHostTasks } from "../tasks/host-tasks.js";
import { nodeTimeout } from "../upgrade/flags.js";
import { movedElsewhere, planRollback, rollbackLimits, runRollback } from "../upgrade/rollback.js";
import { bare, minorText } from "../upgrade/rollout.js";
import { readUpgradeState, writeUpgradeState } from "../upgrade/state.js";

export async function rollbackUpgrade(ctx: Context, f: ParsedFlags): Promise<number> {
  const timeoutMs = nodeTimeout(ctx, f);
  const s = await readUpgradeState(ctx.node.fs);
  if (s === undefined || s.command !== "apply") {
    throw invalidInput(t(ctx.lang, "rollout.rollback.none"), t(ctx.lang, "rollout.rollback.noneHint"));
  }
  if (s.rolledBack) {
    throw invalidInput(
      t(ctx.lang, "rollout.rollback.already", { target: s.target, at: s.rolledBack }),
      t(ctx.lang, "rollout.rollback.alreadyHint", { target: s.target }),
    );
  }
  if (s.finished) {
    throw invalidInput(
      t(ctx.lang, "rollout.rollback.finished", { target: s.target, at: s.updatedAt }),
      t(ctx.lang, "rollout.rollback.finishedHint", { dir: s.backup?.snapshot ?? s.backup?.dir ?? "-" }),
    );
  }
  const self = s.plan.nodes.find((n) => n.role === "first-control-plane")?.node ?? "";
  const plan = await planRollback(ctx.node, s, ctx.lang, new Date());
  const r = plan.restore;
  const ha = r !== undefined && r.members.length > 1;
  const lines = [t(ctx.lang, "rollout.rollback.plan", { target: s.target, from: s.from })];
  let i = 1;
  if (r && s.backup) {
    // The order runRollback keeps: pods stopped, data restored, files back, the old manifests started.
    lines.push(
      `  ${i++}. ${t(ctx.lang, "rollout.rollback.step.etcd", { path: r.snapshot, revision: r.revision ?? "?", keys: r.keys ?? "?" })}`,
      `       ${t(ctx.lang, "etcd.restore.step.stop", { pods: r.pods.map((p) => p.component).join(", "), aside: ASIDE_DIR })}`,
      `       ${r.tool} ${restoreArgs(r.snapshot, r.newDir, r.member, r.members).join(" ")}`,
      `       ${t(ctx.lang, "etcd.restore.step.swap", { data: r.etcd.dataDir, old: r.oldDir })}`,
      `  ${i++}. ${t(ctx.lang, "rollout.rollback.step.files", { from: s.backup.etcKubernetes })}`,
      `  ${i++}. ${t(ctx.lang, "rollout.rollback.step.startOld")}`,
    );
  } else if (s.backup) {
    lines.push(`  ${i++}. ${t(ctx.lang, "rollout.rollback.step.files", { from: s.backup.etcKubernetes })}`);
  } else {
    lines.push(`  ${t(ctx.lang, "rollout.rollback.noBackup")}`);
  }
  lines.push(
    `  ${i++}. ${t(ctx.lang, "rollout.rollback.step.repo", { minor: minorText(s.from) })}`,
    `  ${i++}. ${t(ctx.lang, "rollout.rollback.step.packages", { version: bare(s.from) })}`,
    `  ${i++}. systemctl daemon-reload; systemctl restart kubelet`,
  );
  const limits = [
    t(ctx.lang, "rollout.rollback.limits"),
    ...rollbackLimits(s, self).map((m) => `  - ${render(ctx.lang, m)}`),
  ];
  const others = r ? otherMemberSteps(r) : [];
  const otherLines = others.flatMap((o) => [
    `  ${t(ctx.lang, "etcd.ha.member", { name: o.member.name, url: o.member.peerUrl })}`,
    ...o.commands.map((c) => `    ${c}`),
  ]);
  if (ha && f["others-stopped"] !== true) {
    ctx.stdout.write(
      `${[...lines, t(ctx.lang, "etcd.ha.first", { count: r.members.length }), ...otherLines, ...limits].join("\n")}\n`,
    );
    if (ctx.dryRun) return ExitCode.ok;
    throw invalidInput(
      t(ctx.lang, "etcd.ha.refused", { count: r.members.length }),
      t(ctx.lang, "etcd.ha.refusedHint"),
    );
  }
  if (ctx.dryRun) {
    ctx.stdout.write(`${[...lines, ...limits, t(ctx.lang, "certs.plan.nothingChanged")].join("\n")}\n`);
    return ExitCode.ok;
  }
  if (f.yes !== true) {
    if (!ctx.canPrompt)
      throw invalidInput(t(ctx.lang, "rollout.rollback.needsYes"), t(ctx.lang, "rollout.needsYesHint"));
    ctx.stderr.write(`${[...lines, ...limits].join("\n")}\n`);
    const ok = await ctx
      .prompter()
      .confirm({ message: t(ctx.lang, "rollout.rollback.confirm", { from: s.from }), default: false });
    if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
  }
  let result: Awaited<ReturnType<typeof runRollback>> | undefined;
  await runHostTasks(
    ctx,
    [
      {
        title: t(ctx.lang, "rollout.rollback.title", { from: s.from }),
        run: async (setTitle) => {
          result = await runRollback(ctx.node, plan, {
            lang: ctx.lang,
            timeoutMs,
            signal: ctx.signal,
            onStep: (step, detail) =>
              setTitle(
                `${t(ctx.lang, `rollout.rollback.running.${step}` as const)}${detail ? `: ${t(ctx.lang, `etcd.step.restore.${detail}` as never)}` : ""}`,
              ),
          });
          // Recorded at once: a Ctrl-C that lands after this must not let a second rollback restore
          // the snapshot again over what happened since.
          await writeUpgradeState(ctx.node.fs, { ...s, rolledBack: new Date().toISOString() });
          return t(ctx.lang, "rollout.rollback.title", { from: s.from });
        },
      },
    ],
    {
      again: "kadm-wizard upgrade rollback",
      quiet: f.quiet === true,
      report: () =>
        result ? t(ctx.lang, "rollout.rollback.done", { from: s.from, files: result.files }) : "",
    },
  );
  const res = result as NonNullable<typeof result>;
  const out = [
    t(ctx.lang, "rollout.rollback.done", { from: s.from, files: res.files }),
    ...(ha ? [t(ctx.lang, "etcd.ha.then"), ...otherLines] : []),
    ...limits,
  ];
  const moved = movedElsewhere(s, self);
  if (moved.length > 0)
    out.push(t(ctx.lang, "rollout.rollback.movedHint", { nodes: moved.join(", "), from: s.from }));
  ctx.stdout.write(`${out.join("\n")}\n`);
  if (res.apiAnswered === false) {
    throw new KadmError(t(ctx.lang, "etcd.restore.apiSilent", { seconds: Math.round(timeoutMs / 1000) }), {
      hint: t(ctx.lang, "etcd.restore.apiSilentHint"),
    });
  }
  return ExitCode.ok;
}

export const run: CommandRun<"upgrade"> = (ctx, { flags }) => rollbackUpgrade(ctx, flags);
