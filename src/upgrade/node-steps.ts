/**
 * What each rollout step does on one node (its Node port: this machine or an SSH session) and
 * through the cluster's API (drain, Ready, uncordon). One function per step id of rollout.ts.
 */

import { ExitCode, KadmError } from "../errors.js";
import { planBackup, readLocalEtcd, runBackup } from "../etcd/backup.js";
import { failureReason } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { KubeClient } from "../kube/client.js";
import { lastMeaningfulLines } from "../kubeadm/diagnose.js";
import { redactSecrets } from "../kubeadm/secrets.js";
import type { Node } from "../node/node.js";
import { kubeadmLogPath, LOG_DIR } from "../tasks/kubeadm-run.js";
import { pullTasks } from "../tasks/pull-tasks.js";
import { cordon, drainNode, uncordon, waitNodeAt } from "./drain.js";
import { installPinned, switchRepository } from "./packages.js";
import type { NodeRollout, StepId } from "./rollout.js";
import type { UpgradeBackup } from "./state.js";
import type { UpgradeHop, UpgradePlan } from "./types.js";

export const DEFAULT_UPGRADE_BACKUP_DIR = "/var/backups/kadm-wizard";
const KUBEADM_UPGRADE_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_CRI = "unix:///var/run/containerd/containerd.sock";

export interface UpgradeStepEnv {
  lang: Lang;
  signal: AbortSignal;
  /** kubeadm on this node (--kubeadm locally, the one under the node's root elsewhere). */
  kubeadmPath: string;
  client: KubeClient;
  plan: UpgradePlan;
  /** Drain and "Ready at the new version" wait at most this long. */
  timeoutMs: number;
  backupDir: string;
  allowUnmanaged: boolean;
  now: () => Date;
  /** Records the backup in the rollout state (rollback reads it). */
  onBackup: (b: UpgradeBackup) => Promise<void>;
  setOutput: (line: string) => void;
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** A private copy of a directory tree of text files (kubeadm's manifests, kubeconfigs, PKI). */
export async function copyTree(
  node: Node,
  from: string,
  to: string,
  skip: readonly string[] = [],
): Promise<number> {
  await node.fs.mkdir(to, { mode: 0o700 });
  let n = 0;
  for (const name of await node.fs.list(from)) {
    if (skip.includes(name)) continue;
    const src = `${from}/${name}`;
    const text = await node.fs.read(src).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EISDIR") return null;
      throw e;
    });
    if (text === null) n += await copyTree(node, src, `${to}/${name}`);
    else if (text !== undefined) {
      await node.fs.write(`${to}/${name}`, text, { mode: 0o600, backup: false });
      n++;
    }
  }
  return n;
}

/** The CRI socket the node's kubelet uses (kubeadm writes it into kubeadm-flags.env). */
async function criSocket(node: Node): Promise<string> {
  const text = (await node.fs.read("/var/lib/kubelet/kubeadm-flags.env")) ?? "";
  return /--container-runtime-endpoint=([^\s"]+)/.exec(text)?.[1] ?? DEFAULT_CRI;
}

/** kubeadm's own step prefix ("[upgrade/control-plane]") as the live title's detail. */
export function upgradePhase(line: string): string | undefined {
  return /^\[([a-z-]+(?:\/[a-z-]+)?)\]/.exec(line.trim())?.[1];
}

/** One `kubeadm upgrade ...` with its output live, kept in a 0600 log, a failure with its last lines. */
export async function runKubeadmUpgrade(
  node: Node,
  env: Pick<UpgradeStepEnv, "lang" | "signal" | "kubeadmPath" | "now">,
  args: string[],
  onLine: (phase: string | undefined, line: string) => void,
): Promise<string> {
  const sub = `upgrade-${args[1] ?? ""}`;
  const logPath = kubeadmLogPath(sub, env.now());
  const lines: string[] = [];
  const r = await node.runner.run([env.kubeadmPath, ...args], {
    changes: true,
    timeoutMs: KUBEADM_UPGRADE_TIMEOUT_MS,
    signal: env.signal,
    onLine: (line) => {
      lines.push(line);
      if (line.trim()) onLine(upgradePhase(line), line.trim());
    },
  });
  if (r.skipped) return logPath;
  const output = lines.length > 0 ? lines.join("\n") : redactSecrets(`${r.stdout}\n${r.stderr}`);
  await node.fs.mkdir(LOG_DIR, { mode: 0o700 });
  await node.fs.write(logPath, `# ${r.command}\n# exit code ${r.exitCode}\n${redactSecrets(output)}\n`, {
    mode: 0o600,
  });
  if (env.signal.aborted) {
    throw new KadmError(t(env.lang, "run.interrupted", { step: `kubeadm ${args.slice(0, 2).join(" ")}` }), {
      exitCode: ExitCode.interrupted,
    });
  }
  if (r.exitCode !== 0) {
    const raw = `${r.stdout}\n${r.stderr}`;
    const last = lastMeaningfulLines(raw, 8);
    const reason = r.notFound
      ? failureReason(r)
      : (last.filter((l) => /error|fatal|failed|couldn't/i.test(l)).at(-1) ??
        last.at(-1) ??
        failureReason(r));
    throw new KadmError(
      t(env.lang, "rollout.kubeadmFailed", {
        node: node.id,
        command: `kubeadm ${args.join(" ")}`,
        code: r.exitCode,
        reason: redactSecrets(reason),
      }),
      {
        hint: t(env.lang, "rollout.kubeadmFailedHint", { path: logPath }),
        report: [
          t(env.lang, "run.kubeadmLastLines", { sub: args.slice(0, 2).join(" ") }),
          ...last.map((l) => `    ${l}`),
        ].join("\n"),
      },
    );
  }
  return logPath;
}

/** The kubeadm on the node must now be the target's (a package that did not move is caught here). */
async function checkKubeadmVersion(node: Node, env: UpgradeStepEnv, version: string): Promise<void> {
  const r = await node.runner.run([env.kubeadmPath, "version", "-o", "short"]);
  const got = r.stdout.trim();
  if (r.exitCode !== 0 || got !== version) {
    throw new KadmError(
      t(env.lang, "rollout.kubeadmVersion", { node: node.id, got: got || failureReason(r), want: version }),
      { hint: t(env.lang, "rollout.kubeadmVersionHint", { version }) },
    );
  }
}

/** Runs one step; returns its one-line outcome for the progress line. */
export async function runNodeStep(
  rawNode: Node,
  n: NodeRollout,
  hop: UpgradeHop,
  step: StepId,
  env: UpgradeStepEnv,
): Promise<string> {
  const name = n.action.node;
  const { lang } = env;
  // Messages name the node as the cluster does ("master-1"), not "local".
  const node: Node = rawNode.local ? { ...rawNode, id: name } : rawNode;
  switch (step) {
    case "backup": {
      const at = env.now();
      let dir: string;
      let snapshot: string | undefined;
      if (!env.plan.facts.externalEtcd) {
        const etcd = await readLocalEtcd(node, lang);
        // No pruning of the user's own backups by an upgrade.
        const res = await runBackup(
          node,
          planBackup(etcd, { dir: env.backupDir, keep: 1_000_000, now: at }),
          lang,
        );
        dir = res.dir;
        snapshot = res.dir;
      } else {
        dir = `${env.backupDir.replace(/\/+$/, "")}/upgrade-${stamp(at)}`;
        await node.fs.mkdir(dir, { mode: 0o700 });
      }
      const etcKubernetes = `${dir}/etc-kubernetes`;
      // kubeadm's own tmp/ holds its earlier backups: not part of the configuration.
      const files = await copyTree(node, "/etc/kubernetes", etcKubernetes, ["tmp"]);
      await env.onBackup({ dir, snapshot, etcKubernetes });
      return t(lang, "rollout.step.backupDone", { dir, files });
    }
    case "repo": {
      const ch = await switchRepository(node, hop.to, lang);
      return t(lang, ch.changed ? "rollout.step.repoDone" : "rollout.step.repoSame", {
        path: ch.path,
        minor: hop.to.replace(/\.\d+$/, ""),
      });
    }
    case "kubeadm-package":
      await installPinned(node, ["kubeadm"], hop.to, lang);
      await checkKubeadmVersion(node, env, hop.to);
      return t(lang, "rollout.step.kubeadmPackageDone", { version: hop.to });
    case "images": {
      const p = pullTasks(node, { lang, signal: env.signal }, await criSocket(node), n.images, {
        onDone: (done, count) => env.setOutput(`${done}/${count}`),
      });
      const results = await p.results;
      const failed = results.filter((r) => r.status === "failed");
      if (failed.length > 0) {
        throw new KadmError(t(lang, "rollout.imagesFailed", { node: name, count: failed.length }), {
          hint: t(lang, "run.pullFailedHint"),
          report: p.report(results).join("\n"),
        });
      }
      return t(lang, "rollout.step.imagesDone", { count: results.length });
    }
    case "kubeadm-plan":
    case "kubeadm-apply":
    case "kubeadm-node": {
      const args =
        step === "kubeadm-plan"
          ? ["upgrade", "plan", hop.to]
          : step === "kubeadm-apply"
            ? ["upgrade", "apply", hop.to, "-y"]
            : ["upgrade", "node"];
      // `upgrade plan` prints a table: only its log keeps it; apply/node show their phase lines live.
      const log = await runKubeadmUpgrade(node, env, args, (phase, line) => {
        if (phase && step !== "kubeadm-plan") env.setOutput(line);
      });
      return t(lang, "rollout.step.kubeadmDone", { command: `kubeadm ${args.join(" ")}`, log });
    }
    case "drain": {
      if (!n.action.drain) {
        await cordon(env.client, name);
        return t(lang, "rollout.step.cordoned", { node: name });
      }
      const r = await drainNode(env.client, name, {
        lang,
        timeoutMs: env.timeoutMs,
        signal: env.signal,
        allowUnmanaged: env.allowUnmanaged,
        onProgress: (done, total, waiting) =>
          env.setOutput(
            waiting
              ? t(lang, "rollout.drain.waitingPdb", { done, total, pod: waiting })
              : t(lang, "rollout.drain.progress", { done, total }),
          ),
      });
      return t(lang, "rollout.step.drained", {
        node: name,
        evicted: r.evicted,
        daemonSet: r.daemonSet,
        mirror: r.mirror,
      });
    }
    case "kubelet-package":
      await installPinned(node, ["kubelet", "kubectl"], hop.to, lang);
      return t(lang, "rollout.step.kubeletPackageDone", { version: hop.to });
    case "restart-kubelet": {
      for (const argv of [
        ["systemctl", "daemon-reload"],
        ["systemctl", "restart", "kubelet"],
      ]) {
        const r = await node.runner.run(argv, { changes: true });
        if (r.exitCode !== 0) {
          throw new KadmError(
            t(lang, "step.commandFailed", { command: r.command, reason: failureReason(r) }),
            {
              hint: t(lang, "rollout.restartHint", { node: name }),
            },
          );
        }
      }
      return t(lang, "rollout.step.restarted");
    }
    case "wait-ready": {
      let seen: string | undefined;
      const ok = await waitNodeAt(env.client, name, hop.to, {
        timeoutMs: env.timeoutMs,
        signal: env.signal,
        onSeen: (v) => {
          seen = v;
        },
      });
      if (!ok) {
        throw new KadmError(
          t(lang, "rollout.notReady", {
            node: name,
            version: hop.to,
            seen: seen ?? "?",
            seconds: Math.round(env.timeoutMs / 1000),
          }),
          { hint: t(lang, "rollout.notReadyHint", { node: name }) },
        );
      }
      return t(lang, "rollout.step.ready", { node: name, version: hop.to });
    }
    case "uncordon":
      await uncordon(env.client, name);
      return t(lang, "rollout.step.uncordoned", { node: name });
  }
}
