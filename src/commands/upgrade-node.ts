/**
 * `kadm-wizard upgrade node --to vX.Y.Z`, run on a node that `upgrade apply` cannot reach over SSH
 * (after the first control plane moved): the same steps apply runs on it, from here. Drain, the
 * Ready wait and uncordon need a kubeconfig allowed to evict (an admin one); without it
 * `--skip-drain` upgrades the host only, and the drain is yours.
 */
import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { type Msg, render, t } from "../i18n/messages.js";
import { nodeLabel, roleText } from "../i18n/roles.js";
import { isKubeError, type KubeClient } from "../kube/client.js";
import { binaryCommand } from "../node/binaries.js";
import type { ParsedFlags } from "../spec/flags.js";
import { Interrupted } from "../tasks/host-tasks.js";
import { progressMode, runWithProgress } from "../tasks/progress.js";
import { rolloutTasks } from "../upgrade/apply.js";
import { reportedKubeletVersion } from "../upgrade/drain.js";
import { nodeTimeout, targetFlag } from "../upgrade/flags.js";
import { DEFAULT_UPGRADE_BACKUP_DIR, runNodeStep } from "../upgrade/node-steps.js";
import { nodePackageFamily } from "../upgrade/packages.js";
import { type RolloutHop, rolloutHops, type StepId, stepCommands } from "../upgrade/rollout.js";
import { openRollout, standingLines } from "../upgrade/standing.js";
import { newUpgradeState, writeUpgradeState } from "../upgrade/state.js";
import type { UpgradePlan } from "../upgrade/types.js";

const HOST_ONLY: StepId[] = ["repo", "kubeadm-package", "kubeadm-node", "kubelet-package", "restart-kubelet"];
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** This node's name as its kubelet's credentials say (system:node:NAME in kubelet.conf). */
async function nodeName(ctx: Context, f: ParsedFlags): Promise<string> {
  const given = str(f["node-name"]);
  if (given) return given;
  const text = (await ctx.node.fs.read("/etc/kubernetes/kubelet.conf")) ?? "";
  const m = /system:node:([A-Za-z0-9.-]+)/.exec(text);
  if (!m?.[1])
    throw invalidInput(t(ctx.lang, "rollout.nodeCmd.noName"), t(ctx.lang, "rollout.nodeCmd.noNameHint"));
  return m[1];
}

/** The from-version recorded when neither the kubelet nor the API server says one. */
const UNKNOWN_FROM = "?";

/** The version upgraded from: the kubelet binary's, else what the node reports to the API server. */
async function kubeletVersion(ctx: Context, name: string, client: KubeClient | undefined): Promise<string> {
  const kubelet = await binaryCommand({ fs: ctx.node.fs }, "kubelet");
  const r = await ctx.node.runner.run([kubelet, "--version"]);
  const own = /v\d+\.\d+\.\d+/.exec(r.stdout)?.[0];
  if (own || !client) return own ?? UNKNOWN_FROM;
  return (await reportedKubeletVersion(client, name)) ?? UNKNOWN_FROM;
}

export async function upgradeNode(ctx: Context, f: ParsedFlags): Promise<number> {
  const target = targetFlag(ctx, f);
  if (!/^v\d+\.\d+\.\d+/.test(target)) {
    throw invalidInput(
      t(ctx.lang, "rollout.nodeCmd.fullVersion", { value: target }),
      t(ctx.lang, "rollout.needToHint"),
    );
  }
  const timeoutMs = nodeTimeout(ctx, f);
  const name = await nodeName(ctx, f);
  const controlPlane = await ctx.node.fs.exists("/etc/kubernetes/manifests/kube-apiserver.yaml");
  const skipDrain = f["skip-drain"] === true;
  const decision = await openRollout(ctx, target);
  if (!decision) return ExitCode.ok;
  // A dry run contacts nothing; a real one needs the API for the drain (and asks it the version).
  let client: KubeClient | undefined;
  if (!skipDrain && !ctx.dryRun) {
    try {
      client = await ctx.kube.fromKubeconfig({ kubeconfig: str(f.kubeconfig) });
    } catch (e) {
      if (isKubeError(e, "config")) {
        throw invalidInput(
          t(ctx.lang, "rollout.nodeCmd.noKubeconfig", { node: name }),
          t(ctx.lang, "rollout.nodeCmd.noKubeconfigHint", { node: name }),
        );
      }
      throw e;
    }
  }
  const from = decision.kind === "resume" ? decision.state.from : await kubeletVersion(ctx, name, client);
  const plan: UpgradePlan =
    decision.kind === "resume"
      ? decision.state.plan
      : {
          facts: {
            apiServerVersion: target,
            clusterVersion: target,
            imageRepository: "",
            kubeadmApiVersion: "",
            etcdVersion: null,
            externalEtcd: false,
            kubeProxyMode: null,
            cni: { name: "unknown", version: null },
            nodes: [
              {
                name,
                role: controlPlane ? "control-plane" : "worker",
                kubeletVersion: from,
                containerRuntimeVersion: "",
                ready: true,
              },
            ],
          },
          target,
          hops: [{ from, to: target, images: [] }],
          nodes: [
            { node: name, role: controlPlane ? "control-plane" : "worker", kubeadm: "node", drain: true },
          ],
          guards: [],
          allowed: true,
        };
  const hops = rolloutHops(plan).map(
    (h): RolloutHop => ({
      ...h,
      controlPlanes: h.controlPlanes.map((n) => ({
        ...n,
        steps: n.steps.filter((s) => !skipDrain || HOST_ONLY.includes(s.id)),
      })),
      workers: h.workers.map((n) => ({
        ...n,
        steps: n.steps.filter((s) => !skipDrain || HOST_ONLY.includes(s.id)),
      })),
    }),
  );
  const h = hops[0] as RolloutHop;
  const me = (h.controlPlanes[0] ?? h.workers[0]) as NonNullable<RolloutHop["first"]>;

  if (ctx.dryRun) {
    const family = await nodePackageFamily(ctx.node);
    const lines = [
      t(ctx.lang, "rollout.nodeCmd.dryHeader", {
        node: name,
        role: roleText(ctx.lang, me.action.role),
        // The kubelet gave no version and a dry run asks no API server: say so rather than "?".
        from: from === UNKNOWN_FROM ? t(ctx.lang, "rollout.nodeCmd.fromUnknown") : from,
        to: target,
      }),
    ];
    for (const s of me.steps) {
      lines.push(`  ${t(ctx.lang, `rollout.stepName.${s.id}` as const)}`);
      for (const c of stepCommands(s.id, me, h.hop, {
        family,
        kubeadm: ctx.kubeadmPath,
        backupDir: DEFAULT_UPGRADE_BACKUP_DIR,
      })) {
        lines.push(`    ${typeof c === "string" ? c : render(ctx.lang, c as Msg)}`);
      }
    }
    if (skipDrain) lines.push(t(ctx.lang, "rollout.nodeCmd.drainYours", { node: name }));
    lines.push(
      t(ctx.lang, "rollout.dry.state"),
      t(ctx.lang, "rollout.dry.noCluster"),
      t(ctx.lang, "certs.plan.nothingChanged"),
    );
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }

  if (f.yes !== true) {
    if (!ctx.canPrompt)
      throw invalidInput(t(ctx.lang, "rollout.needsYes"), t(ctx.lang, "rollout.needsYesHint"));
    const ok = await ctx.prompter().confirm({
      message: t(ctx.lang, "rollout.nodeCmd.confirm", { node: name, to: target }),
      default: false,
    });
    if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
  }
  if (decision.kind === "resume") {
    ctx.stderr.write(`${t(ctx.lang, "rollout.resuming", { target, at: decision.state.startedAt })}\n`);
  }
  const state = decision.kind === "resume" ? decision.state : newUpgradeState("node", plan, new Date());
  await writeUpgradeState(ctx.node.fs, state);
  const rollout = rolloutTasks(hops, {
    lang: ctx.lang,
    signal: ctx.signal,
    now: () => new Date(),
    maxUnavailable: 1,
    state,
    save: (s) => writeUpgradeState(ctx.node.fs, s),
    label: (n) => nodeLabel(ctx.lang, n.action.node, n.action.role),
    exec: (n, hop, step, io) =>
      runNodeStep(ctx.node, n, hop.hop, step.id, {
        lang: ctx.lang,
        signal: ctx.signal,
        kubeadmPath: ctx.kubeadmPath,
        client: client as KubeClient,
        plan,
        timeoutMs,
        backupDir: DEFAULT_UPGRADE_BACKUP_DIR,
        allowUnmanaged: f["drain-unmanaged"] === true,
        now: () => new Date(),
        onBackup: async () => {},
        setOutput: io.setOutput,
      }),
  });
  try {
    await runWithProgress(rollout.tasks, {
      stream: ctx.stderr,
      mode: progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose, quiet: f.quiet === true }),
      lang: ctx.lang,
    });
  } catch (e) {
    await rollout.settled();
    ctx.stdout.write(
      `${["", t(ctx.lang, "rollout.stoppedHeader"), ...standingLines(ctx, rollout.state(), hops), "", t(ctx.lang, "rollout.nodeCmd.again", { target })].join("\n")}\n`,
    );
    if (ctx.signal.aborted)
      throw new Interrupted(
        t(ctx.lang, "rollout.interrupted"),
        t(ctx.lang, "rollout.nodeCmd.again", { target }),
        e,
      );
    throw e;
  }
  await rollout.settled();
  await rollout.update((s) => ({ ...s, finished: true }));
  ctx.stdout.write(
    `${[t(ctx.lang, "rollout.nodeCmd.done", { node: name, version: target }), ...(skipDrain ? [t(ctx.lang, "rollout.nodeCmd.drainYours", { node: name })] : [])].join("\n")}\n`,
  );
  return ExitCode.ok;
}

export const run: CommandRun<"upgrade"> = (ctx, { flags }) => upgradeNode(ctx, flags);
