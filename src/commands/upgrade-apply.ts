/**
 * `kadm-wizard upgrade apply --to vX.Y.Z`: on the first control plane, the whole rollout of the plan
 * (`upgrade plan`'s, or a saved one with --plan FILE): guards, backup, then hop by hop every node.
 * Resumable from /etc/kadm-wizard/upgrade.json; a failure says where each node stands and what to
 * type next.
 */
import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { type Msg, render, t } from "../i18n/messages.js";
import { nodeLabel } from "../i18n/roles.js";
import type { KubeClient } from "../kube/client.js";
import type { ParsedFlags } from "../spec/flags.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import type { InventoryHost } from "../ssh/inventory.js";
import { flagDefaults, readInventoryFile } from "../ssh/inventory-flags.js";
import { Interrupted } from "../tasks/host-tasks.js";
import { progressMode, runWithProgress } from "../tasks/progress.js";
import { rolloutTasks } from "../upgrade/apply.js";
import { waitNodeAt } from "../upgrade/drain.js";
import { ignoreGuardFlag, maxUnavailableFlag, nodeTimeout, targetFlag } from "../upgrade/flags.js";
import { DEFAULT_UPGRADE_BACKUP_DIR, runNodeStep } from "../upgrade/node-steps.js";
import { type NodeAccess, type NodePlace, nodeAccess, placeNodes } from "../upgrade/nodes.js";
import { nodePackageFamily } from "../upgrade/packages.js";
import { loadPlanner, type Planner } from "../upgrade/planner.js";
import { type NodeRollout, type RolloutHop, rolloutHops, stepCommands } from "../upgrade/rollout.js";
import { openRollout, standingLines } from "../upgrade/standing.js";
import { newUpgradeState, type UpgradeState, writeUpgradeState } from "../upgrade/state.js";
import type { GuardResult, UpgradePlan } from "../upgrade/types.js";
import { connectErrorLine } from "../workflow/remote.js";

/** A saved plan (`upgrade plan --output json`): checked for the fields the rollout reads. */
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

async function readPlanFile(ctx: Context, file: string): Promise<UpgradePlan> {
  let text: string;
  try {
    text = await ctx.files.readText(file);
  } catch (e) {
    throw invalidInput(
      t(ctx.lang, "rollout.planUnreadable", { file, reason: e instanceof Error ? e.message : String(e) }),
      t(ctx.lang, "rollout.planFileHint"),
    );
  }
  let p: UpgradePlan;
  try {
    p = JSON.parse(text) as UpgradePlan;
  } catch {
    throw invalidInput(t(ctx.lang, "rollout.planNotJson", { file }), t(ctx.lang, "rollout.planFileHint"));
  }
  const ok =
    p &&
    typeof p.target === "string" &&
    Array.isArray(p.hops) &&
    p.hops.every(
      (h) => typeof h?.from === "string" && typeof h?.to === "string" && Array.isArray(h?.images),
    ) &&
    Array.isArray(p.nodes) &&
    p.nodes.every((n) => typeof n?.node === "string" && typeof n?.role === "string") &&
    Array.isArray(p.guards) &&
    p.facts &&
    Array.isArray(p.facts.nodes);
  if (!ok)
    throw invalidInput(t(ctx.lang, "rollout.planShape", { file }), t(ctx.lang, "rollout.planFileHint"));
  return p;
}

/** PURE: the guards that stop the rollout after the overrides; unknown override ids. */
export function failingGuards(
  guards: readonly GuardResult[],
  ignore: readonly string[],
): { failing: GuardResult[]; ignored: GuardResult[]; unknown: string[] } {
  const ids = new Set(guards.map((g) => g.id));
  return {
    failing: guards.filter((g) => g.verdict === "fail" && !ignore.includes(g.id)),
    ignored: guards.filter((g) => g.verdict === "fail" && ignore.includes(g.id)),
    unknown: ignore.filter((i) => !ids.has(i)),
  };
}

function guardLines(ctx: Context, guards: readonly GuardResult[]): string[] {
  return guards.flatMap((g) => [
    `  ✗ [${g.id}] ${g.title}`,
    ...g.evidence.map((e) => `      ${e}`),
    ...(g.fix ? [`    ${t(ctx.lang, "run.fix")}: ${g.fix}`] : []),
  ]);
}

function placeWord(ctx: Context, p: NodePlace | undefined): string {
  if (!p || p.kind === "manual") return t(ctx.lang, "rollout.place.manual");
  if (p.kind === "local") return t(ctx.lang, "rollout.place.local");
  return t(ctx.lang, "rollout.place.ssh", { address: `${p.host.user}@${p.host.host}:${p.host.port}` });
}

interface ApplyDeps {
  planner: (ctx: Context, flags: Record<string, unknown>) => Promise<Planner>;
}

async function inventoryHosts(ctx: Context, f: ParsedFlags): Promise<InventoryHost[]> {
  const file = str(f.inventory);
  if (file === undefined) return [];
  const r = await readInventoryFile(ctx, file, flagDefaults(ctx, f));
  if (!r.ok) {
    const { problemsError } = await import("../ssh/inventory-flags.js");
    throw problemsError(ctx, r.problems);
  }
  return r.hosts;
}

/** The dry run: the whole plan of commands and file changes, nothing changed, no node contacted. */
async function printPlan(
  ctx: Context,
  plan: UpgradePlan,
  hops: RolloutHop[],
  places: Map<string, NodePlace>,
  o: { fromCluster: boolean; resumed: UpgradeState | undefined; backupDir: string; maxUnavailable: number },
): Promise<void> {
  const localFamily = await nodePackageFamily(ctx.node);
  const lines: string[] = [
    t(ctx.lang, "rollout.dry.header", {
      from: plan.hops[0]?.from ?? plan.facts.clusterVersion,
      to: plan.target,
      hops: plan.hops.length,
    }),
  ];
  const warned = plan.guards.filter((g) => g.verdict !== "pass");
  if (warned.length > 0) {
    lines.push(t(ctx.lang, "rollout.dry.guards"));
    for (const g of warned) lines.push(`  ${g.verdict === "fail" ? "✗" : "!"} [${g.id}] ${g.title}`);
  }
  for (const h of hops) {
    lines.push("", t(ctx.lang, "rollout.hop", { from: h.hop.from, to: h.hop.to }));
    const groups: [string, NodeRollout[]][] = [
      ...(h.first ? [[t(ctx.lang, "rollout.dry.first"), [h.first]] as [string, NodeRollout[]]] : []),
      ...(h.controlPlanes.length > 0
        ? [[t(ctx.lang, "rollout.dry.cps"), h.controlPlanes] as [string, NodeRollout[]]]
        : []),
      ...(h.workers.length > 0
        ? [
            [t(ctx.lang, "rollout.dry.workers", { max: o.maxUnavailable }), h.workers] as [
              string,
              NodeRollout[],
            ],
          ]
        : []),
    ];
    for (const [title, nodes] of groups) {
      lines.push(`  ${title}`);
      for (const n of nodes) {
        const place = places.get(n.action.node);
        lines.push(`    ${nodeLabel(ctx.lang, n.action.node, n.action.role, placeWord(ctx, place))}`);
        if (place?.kind === "manual") {
          lines.push(
            `      ${t(ctx.lang, "rollout.dry.manual", { node: n.action.node, version: h.hop.to })}`,
          );
          continue;
        }
        for (const s of n.steps) {
          const done = o.resumed?.nodes[n.action.node]?.[s.key]?.status === "done";
          lines.push(
            `      ${t(ctx.lang, `rollout.stepName.${s.id}` as never)}${done ? `  (${t(ctx.lang, "rollout.dry.doneBefore")})` : ""}`,
          );
          if (done) continue;
          const cmds = stepCommands(s.id, n, h.hop, {
            family: place?.kind === "local" ? localFamily : undefined,
            kubeadm: place?.kind === "local" ? ctx.kubeadmPath : "kubeadm",
            backupDir: o.backupDir,
            externalEtcd: plan.facts.externalEtcd,
          });
          for (const c of cmds)
            lines.push(`        ${typeof c === "string" ? c : render(ctx.lang, c as Msg)}`);
        }
      }
    }
  }
  lines.push(
    "",
    t(ctx.lang, "rollout.dry.state"),
    t(ctx.lang, o.fromCluster ? "rollout.dry.readCluster" : "rollout.dry.noCluster"),
    t(ctx.lang, "certs.plan.nothingChanged"),
  );
  ctx.stdout.write(`${lines.join("\n")}\n`);
}

export async function applyUpgrade(ctx: Context, f: ParsedFlags, deps: ApplyDeps): Promise<number> {
  const target = targetFlag(ctx, f);
  const maxUnavailable = maxUnavailableFlag(ctx, f);
  const timeoutMs = nodeTimeout(ctx, f);
  const ignore = ignoreGuardFlag(ctx, f);
  const backupDir = str(f["backup-dir"]) ?? DEFAULT_UPGRADE_BACKUP_DIR;
  if (!backupDir.startsWith("/") || backupDir.split("/").includes("..")) {
    throw invalidInput(t(ctx.lang, "etcd.badDir", { value: backupDir }), t(ctx.lang, "etcd.badDirHint"));
  }
  const planFile = str(f.plan);
  const hosts = await inventoryHosts(ctx, f);

  const decision = await openRollout(ctx, target);
  if (!decision) return ExitCode.ok;

  let client: KubeClient | undefined;
  const kube = async () => {
    client ??= await ctx.kube.fromKubeconfig({ kubeconfig: str(f.kubeconfig) });
    return client;
  };
  let plan: UpgradePlan;
  let fromCluster = false;
  if (decision.kind === "resume") {
    plan = decision.state.plan;
    ctx.stderr.write(`${t(ctx.lang, "rollout.resuming", { target, at: decision.state.startedAt })}\n`);
  } else if (planFile !== undefined) {
    plan = await readPlanFile(ctx, planFile);
    if (plan.target !== target) {
      throw invalidInput(
        t(ctx.lang, "rollout.planTarget", { file: planFile, planned: plan.target, target }),
        t(ctx.lang, "rollout.planTargetHint", { planned: plan.target }),
      );
    }
  } else {
    // Planning reads the cluster; a dry run connects to nothing: it follows a saved plan instead.
    if (ctx.dryRun) {
      throw invalidInput(
        t(ctx.lang, "rollout.dryRunNeedsPlan", { target }),
        t(ctx.lang, "rollout.dryRunNeedsPlanHint", { target }),
      );
    }
    const planner = await deps.planner(ctx, f);
    const facts = await planner.readFacts(await kube());
    plan = planner.plan(facts, target, { lang: ctx.lang, ignoreGuards: ignore, maxUnavailable });
    fromCluster = true;
  }
  if (plan.hops.length === 0) {
    ctx.stdout.write(
      `${t(ctx.lang, "rollout.nothingToDo", { version: plan.facts.clusterVersion, target })}\n`,
    );
    return ExitCode.ok;
  }
  const guards = failingGuards(plan.guards, ignore);
  if (guards.unknown.length > 0 && decision.kind === "fresh") {
    throw invalidInput(
      t(ctx.lang, "rollout.unknownGuard", { ids: guards.unknown.join(", ") }),
      t(ctx.lang, "rollout.unknownGuardHint", { ids: plan.guards.map((g) => g.id).join(", ") }),
    );
  }
  if (guards.failing.length > 0 && decision.kind === "fresh") {
    throw new KadmError(t(ctx.lang, "rollout.guardsFail", { count: guards.failing.length, target }), {
      exitCode: ExitCode.failed,
      hint: t(ctx.lang, "rollout.guardsFailHint", { ids: guards.failing.map((g) => g.id).join(",") }),
      report: [t(ctx.lang, "rollout.guardsHeader"), ...guardLines(ctx, guards.failing)].join("\n"),
    });
  }
  for (const g of guards.ignored) ctx.warn(t(ctx.lang, "rollout.guardIgnored", { id: g.id, title: g.title }));

  const hops = rolloutHops(plan);
  const places = placeNodes(plan.nodes, plan.facts, hosts);
  if (ctx.dryRun) {
    await printPlan(ctx, plan, hops, places, {
      fromCluster,
      resumed: decision.kind === "resume" ? decision.state : undefined,
      backupDir,
      maxUnavailable,
    });
    return ExitCode.ok;
  }
  if (f.yes !== true) {
    if (!ctx.canPrompt)
      throw invalidInput(t(ctx.lang, "rollout.needsYes"), t(ctx.lang, "rollout.needsYesHint"));
    const ok = await ctx.prompter().confirm({
      message: t(ctx.lang, "rollout.confirm", { target, nodes: plan.nodes.length, hops: plan.hops.length }),
      default: false,
    });
    if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
  }

  const api = await kube();
  const state = decision.kind === "resume" ? decision.state : newUpgradeState("apply", plan, new Date());
  await writeUpgradeState(ctx.node.fs, state);
  let targets: Promise<Map<string, import("../ssh/transport.js").SshTarget>> | undefined;
  const access: NodeAccess = nodeAccess({
    places,
    local: ctx.node,
    localKubeadm: ctx.kubeadmPath,
    transport: () =>
      ctx.ssh({
        knownHostsPath: expandHome(str(f["known-hosts"]) ?? defaultKnownHosts(ctx.env), ctx.env),
        acceptNew: f["accept-new-host-keys"] === true,
        files: ctx.files,
      }),
    targets: () => {
      targets ??= resolveTargets(
        ctx,
        hosts.filter((h) => [...places.values()].some((p) => p.kind === "ssh" && p.host.id === h.id)),
      );
      return targets;
    },
    lang: ctx.lang,
    signal: ctx.signal,
    connectError: (e) => connectErrorLine(ctx.lang, e),
  });
  const rollout = rolloutTasks(hops, {
    lang: ctx.lang,
    signal: ctx.signal,
    now: () => new Date(),
    maxUnavailable,
    state,
    save: (s) => writeUpgradeState(ctx.node.fs, s),
    label: (n) => nodeLabel(ctx.lang, n.action.node, n.action.role),
    exec: async (n, h, step, io) => {
      const got = await access.node(n.action.node);
      if (!got) {
        // Not reachable from here: done when `upgrade node` on it has moved its kubelet.
        const ok = await waitNodeAt(api, n.action.node, h.hop.to, { timeoutMs: 0, signal: ctx.signal });
        if (ok) return t(ctx.lang, "rollout.manualDone", { node: n.action.node, version: h.hop.to });
        throw new KadmError(t(ctx.lang, "rollout.manualNeeded", { node: n.action.node, version: h.hop.to }), {
          hint: t(ctx.lang, "rollout.manualNeededHint", { node: n.action.node, version: h.hop.to, target }),
        });
      }
      return runNodeStep(got.node, n, h.hop, step.id, {
        lang: ctx.lang,
        signal: ctx.signal,
        kubeadmPath: got.kubeadm,
        client: api,
        plan,
        timeoutMs,
        backupDir,
        allowUnmanaged: f["drain-unmanaged"] === true,
        now: () => new Date(),
        onBackup: (b) => rollout.update((s) => ({ ...s, backup: b })),
        setOutput: io.setOutput,
      });
    },
  });
  try {
    await runWithProgress(rollout.tasks, {
      stream: ctx.stderr,
      mode: progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose, quiet: f.quiet === true }),
      lang: ctx.lang,
    });
  } catch (e) {
    await rollout.settled();
    access.close();
    const final = rollout.state();
    const lines = [
      "",
      t(ctx.lang, "rollout.stoppedHeader"),
      ...standingLines(ctx, final, hops),
      "",
      t(ctx.lang, "rollout.next.continue", { target }),
      ...(final.backup ? [t(ctx.lang, "rollout.next.rollback")] : []),
    ];
    ctx.stdout.write(`${lines.join("\n")}\n`);
    if (ctx.signal.aborted) {
      throw new Interrupted(
        t(ctx.lang, "rollout.interrupted"),
        t(ctx.lang, "rollout.next.continue", { target }),
        e,
      );
    }
    throw e;
  }
  await rollout.settled();
  access.close();
  await rollout.update((s) => ({ ...s, finished: true }));
  const final = rollout.state();
  ctx.stdout.write(
    `${[
      t(ctx.lang, "rollout.done", { target, nodes: plan.nodes.length }),
      ...(final.backup
        ? [
            t(ctx.lang, final.backup.snapshot ? "rollout.doneBackup" : "rollout.doneBackupFiles", {
              dir: final.backup.dir,
            }),
          ]
        : []),
    ].join("\n")}\n`,
  );
  return ExitCode.ok;
}

export const run: CommandRun<"upgrade"> = (ctx, { flags }) =>
  applyUpgrade(ctx, flags, { planner: loadPlanner });
