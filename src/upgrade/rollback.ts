/**
 * `upgrade rollback` on the first control plane after a failed `upgrade apply`: etcd back from the
 * snapshot taken before the first change and /etc/kubernetes from the copy taken with it (pods
 * stopped, data restored and swapped, files written, the old manifests started, API waited for), then kubeadm,
 * kubelet and kubectl of the version before, and the kubelet restarted. What it cannot undo is
 * listed by `rollbackLimits`, from the same state.
 */

import { KadmError } from "../errors.js";
import { planRestore, type RestorePlan, runRestore } from "../etcd/restore.js";
import { failureReason } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { type Msg, t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import { installPinned, switchRepository } from "./packages.js";
import type { UpgradeState } from "./state.js";

export type RollbackStep = "files" | "etcd" | "repo" | "packages" | "restart";

/** PURE: the other nodes whose kubelet the rollout already moved (their packages stay new). */
export function movedElsewhere(s: UpgradeState, self: string): string[] {
  return Object.entries(s.nodes)
    .filter(
      ([name, steps]) =>
        name !== self &&
        Object.entries(steps).some(([k, r]) => k.endsWith("/kubelet-package") && r.status === "done"),
    )
    .map(([name]) => name);
}

/** PURE: the honest list of what a rollback leaves as it is. */
export function rollbackLimits(s: UpgradeState, self: string): Msg[] {
  const out: Msg[] = [];
  for (const node of movedElsewhere(s, self)) {
    out.push({ key: "rollout.rollback.limit.kubelet", params: { node, from: s.from } });
  }
  const applied =
    Object.values(s.nodes[self] ?? {}).length > 0 &&
    s.nodes[self]?.[`${s.plan.hops[0]?.to}/kubeadm-apply`] !== undefined;
  if (applied) out.push({ key: "rollout.rollback.limit.addons" });
  out.push(
    { key: "rollout.rollback.limit.writes", params: { at: s.backup?.dir.split("/").at(-1) ?? "?" } },
    { key: "rollout.rollback.limit.certs" },
    { key: "rollout.rollback.limit.images" },
  );
  return out;
}

export interface RollbackPlan {
  state: UpgradeState;
  /** Absent when the rollout stopped before its backup: nothing of the control plane changed. */
  restore?: RestorePlan | undefined;
}

export async function planRollback(
  node: Node,
  s: UpgradeState,
  lang: Lang,
  now: Date,
): Promise<RollbackPlan> {
  if (!s.backup?.snapshot) return { state: s };
  return { state: s, restore: await planRestore(node, s.backup.snapshot, lang, now) };
}

/**
 * Writes the /etc/kubernetes copy back; returns the files written. `held` (target paths) are not
 * written but returned with their text: the static pod manifests, which go back through the etcd
 * restore's start step so the kubelet never runs the old control plane on the upgraded etcd data.
 */
async function restoreTree(
  node: Node,
  from: string,
  to: string,
  held: ReadonlySet<string> = new Set(),
  out: Map<string, string> = new Map(),
): Promise<{ files: number; held: Map<string, string> }> {
  let files = 0;
  for (const name of await node.fs.list(from)) {
    const src = `${from}/${name}`;
    const text = await node.fs.read(src).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EISDIR") return null;
      throw e;
    });
    if (text === null) files += (await restoreTree(node, src, `${to}/${name}`, held, out)).files;
    else if (text !== undefined && held.has(`${to}/${name}`)) out.set(`${to}/${name}`, text);
    else if (text !== undefined) {
      const ch = await node.fs.write(`${to}/${name}`, text, { mode: 0o600 });
      if (ch.changed) files++;
    }
  }
  return { files, held: out };
}

export async function runRollback(
  node: Node,
  p: RollbackPlan,
  o: {
    lang: Lang;
    timeoutMs: number;
    signal: AbortSignal;
    onStep: (s: RollbackStep, detail?: string) => void;
  },
): Promise<{ files: number; apiAnswered: boolean | undefined; commands: string[] }> {
  const s = p.state;
  let files = 0;
  let apiAnswered: boolean | undefined;
  const backup = s.backup;
  if (p.restore && backup?.snapshot) {
    o.onStep("etcd");
    // Planned again now: the pods it stops are the ones running now (kubeadm's new manifests). The
    // files come back while they are stopped and the data is restored, and the manifests from before
    // the upgrade are the ones started: the old API server never sees the upgraded data.
    const again = await planRestore(node, backup.snapshot, o.lang, new Date());
    const r = await runRestore(node, again, o.lang, {
      timeoutMs: o.timeoutMs,
      signal: o.signal,
      onStep: (step) => o.onStep("etcd", step),
      whileStopped: async () => {
        o.onStep("files");
        const tree = await restoreTree(
          node,
          backup.etcKubernetes,
          "/etc/kubernetes",
          new Set(again.pods.map((pod) => pod.manifest)),
        );
        const texts = new Map<string, string>();
        for (const pod of again.pods) {
          const text = tree.held.get(pod.manifest);
          if (text === undefined) continue;
          texts.set(pod.component, text);
          if (text !== pod.text) tree.files++;
        }
        files = tree.files;
        return texts;
      },
    });
    apiAnswered = r.apiAnswered;
  } else if (backup) {
    o.onStep("files");
    files = (await restoreTree(node, backup.etcKubernetes, "/etc/kubernetes")).files;
  }
  o.onStep("repo");
  await switchRepository(node, s.from, o.lang);
  o.onStep("packages");
  const commands = await installPinned(node, ["kubeadm", "kubelet", "kubectl"], s.from, o.lang);
  o.onStep("restart");
  for (const argv of [
    ["systemctl", "daemon-reload"],
    ["systemctl", "restart", "kubelet"],
  ]) {
    const r = await node.runner.run(argv, { changes: true });
    if (r.exitCode !== 0) {
      throw new KadmError(t(o.lang, "step.commandFailed", { command: r.command, reason: failureReason(r) }), {
        hint: t(o.lang, "rollout.restartHint", { node: node.id }),
      });
    }
  }
  return { files, apiAnswered, commands };
}
