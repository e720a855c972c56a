/**
 * `etcd restore SNAPSHOT --inventory FILE | --node HOST`: a stacked etcd of several members is
 * restored on EVERY member from the same snapshot, each with its own --name and
 * --initial-advertise-peer-urls and the --initial-cluster of all of them (taken from every
 * member's etcd manifest: kubeadm writes each one's --initial-cluster as the members at its join).
 * Everything is checked first on every member (reachable, its manifest, the snapshot at the same
 * path with the same sha256, etcdutl/etcdctl); then all stop, all restore, all swap, and all start
 * together (one member of three alone cannot elect a leader), and the API servers are awaited. A
 * failure before the start puts every member back as it was.
 */
import type { Context } from "../context.js";
import { addressOf, nodeConnector, type Reached, selectControlPlanes } from "../controlplane/nodes.js";
import { ASIDE_DIR, manifestPath } from "../controlplane/static-pods.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { failureReason } from "../host/runner.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import type { ParsedFlags } from "../spec/flags.js";
import type { InventoryHost } from "../ssh/inventory.js";
import { runHostTasks } from "../tasks/host-tasks.js";
import { parseSha256 } from "./etcdctl.js";
import { MemberRestore, mergeMembers, planRestore, type RestorePlan, restoreArgs } from "./restore.js";

interface Participant {
  id: string;
  address: string;
  host?: InventoryHost | undefined;
  node: Node;
  plan: RestorePlan;
  sha256: string;
  close(): void;
}

const heading = (ctx: Context, id: string, address: string) =>
  t(ctx.lang, "doctor.nodes.heading", { node: id, address });

/** The steps of one member, as shown in the plan. */
function memberLines(ctx: Context, plan: RestorePlan): string[] {
  return [
    `  1. ${t(ctx.lang, "etcd.restore.step.stop", { pods: plan.pods.map((p) => p.component).join(", "), aside: ASIDE_DIR })}`,
    `  2. ${plan.tool} ${restoreArgs(plan.snapshot, plan.newDir, plan.member, plan.members).join(" ")}`,
    `  3. ${t(ctx.lang, "etcd.restore.step.swap", { data: plan.etcd.dataDir, old: plan.oldDir })}`,
    `  4. ${t(ctx.lang, "etcd.ha.startTogether")}`,
  ];
}

export async function restoreMembers(
  ctx: Context,
  f: ParsedFlags,
  arg: string,
  timeoutMs: number,
): Promise<number> {
  const sel = await selectControlPlanes(ctx, f);
  const local = sel.local || (await ctx.node.fs.exists(manifestPath("etcd")));
  const targets: { id: string; address: string; host?: InventoryHost }[] = [
    ...(local ? [{ id: ctx.node.id, address: t(ctx.lang, "certs.nodes.here") }] : []),
    ...sel.hosts.map((h) => ({ id: h.id, address: addressOf(h), host: h })),
  ];
  if (ctx.dryRun) {
    const lines = [
      t(ctx.lang, "etcd.ha.plan", {
        path: arg,
        count: targets.length,
        list: targets.map((x) => x.id).join(", "),
      }),
    ];
    for (const x of targets) {
      lines.push(heading(ctx, x.id, x.address));
      if (x.host) lines.push(`  ${t(ctx.lang, "etcd.ha.remotePlan")}`);
      else lines.push(...memberLines(ctx, await planRestore(ctx.node, arg, ctx.lang, new Date())));
    }
    lines.push(t(ctx.lang, "certs.plan.nothingChanged"));
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }

  // 1. Reach every member and check everything there; nothing changes until all agree.
  const connector = await nodeConnector(ctx, f, sel.hosts);
  const now = new Date();
  const parts: Participant[] = [];
  const problems: string[] = [];
  let badInput = false;
  try {
    for (const x of targets) {
      let reached: Reached = { ok: true, node: ctx.node, close: () => {} };
      if (x.host) reached = await connector.reach(x.host);
      if (!reached.ok) {
        problems.push(t(ctx.lang, "etcd.ha.unreachable", { node: x.id, reason: reached.reason }));
        continue;
      }
      const { node, close } = reached;
      try {
        const plan = await planRestore(node, arg, ctx.lang, now, { live: true });
        const sum = await node.runner.run(["sha256sum", node.fs.resolve(plan.snapshot)]);
        const sha256 = parseSha256(sum.stdout);
        if (!sha256) throw new KadmError(`sha256sum: ${failureReason(sum)}`);
        parts.push({ ...x, node, plan, sha256, close });
      } catch (e) {
        close();
        if (!(e instanceof KadmError)) throw e;
        if (e.exitCode === ExitCode.invalid) badInput = true;
        problems.push(t(ctx.lang, "etcd.ha.onNode", { node: x.id, message: e.message }));
      }
    }
    // The same snapshot everywhere, and every member of the cluster among the nodes reached.
    const first = parts[0];
    for (const p of parts.slice(1)) {
      if (first && p.sha256 !== first.sha256) {
        badInput = true;
        problems.push(
          t(ctx.lang, "etcd.ha.otherSnapshot", {
            node: p.id,
            path: p.plan.snapshot,
            sha: p.sha256,
            first: first.id,
            want: first.sha256,
          }),
        );
      }
    }
    // Two nodes restoring as one member would make two clusters (kubeadm names members after nodes).
    const seen = new Map<string, string>();
    for (const p of parts) {
      const other = seen.get(p.plan.member.name);
      if (other !== undefined) {
        badInput = true;
        problems.push(t(ctx.lang, "etcd.ha.sameMember", { name: p.plan.member.name, a: other, b: p.id }));
      }
      seen.set(p.plan.member.name, p.id);
    }
    const members = mergeMembers(...parts.map((p) => [p.plan.member]), ...parts.map((p) => p.plan.members));
    const covered = new Set(parts.map((p) => p.plan.member.name));
    for (const m of members) {
      if (!covered.has(m.name) && problems.length === 0) {
        badInput = true;
        problems.push(t(ctx.lang, "etcd.ha.memberMissing", { name: m.name, url: m.peerUrl }));
      }
    }
    if (problems.length > 0) {
      const [head, ...more] = problems;
      const hint = t(ctx.lang, "etcd.ha.checkHint", { path: arg });
      throw badInput
        ? invalidInput(
            head ?? "",
            hint,
            more.map((message) => ({ message })),
          )
        : new KadmError(head ?? "", { hint, more: more.map((message) => ({ message })) });
    }
    for (const p of parts) p.plan.members = members;

    const planOut = [
      t(ctx.lang, "etcd.ha.restoring", { path: arg, count: parts.length, sha: first?.sha256 ?? "" }),
      ...parts.flatMap((p) => [heading(ctx, p.id, p.address), ...memberLines(ctx, p.plan)]),
    ];
    if (f.yes !== true) {
      if (!ctx.canPrompt)
        throw invalidInput(t(ctx.lang, "etcd.restore.needsYes"), t(ctx.lang, "etcd.restore.needsYesHint"));
      ctx.stderr.write(`${planOut.join("\n")}\n`);
      const ok = await ctx
        .prompter()
        .confirm({ message: t(ctx.lang, "etcd.ha.confirm", { count: parts.length }), default: false });
      if (!ok) throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
    }

    // 2. Phase by phase on every member.
    const runs = parts.map((p) => new MemberRestore(p.node, p.plan, ctx.lang));
    const each = async (fn: (m: MemberRestore) => Promise<void>) => {
      for (const m of runs) await fn(m);
    };
    const api = new Map<string, boolean>();
    let undone = false;
    const guarded = (fn: (m: MemberRestore) => Promise<void>) => async () => {
      try {
        await each(fn);
      } catch (e) {
        // Every member back as it was: the old data dirs are in place again, the pods restarted.
        for (const m of runs) await m.undo().catch(() => {});
        undone = true;
        throw e;
      }
      return undefined;
    };
    await runHostTasks(
      ctx,
      [
        {
          title: t(ctx.lang, "etcd.ha.step.stop", { count: runs.length }),
          run: guarded((m) => m.stop(timeoutMs, ctx.signal)),
        },
        {
          title: t(ctx.lang, "etcd.ha.step.restore", { count: runs.length }),
          run: guarded((m) => m.restore()),
        },
        { title: t(ctx.lang, "etcd.ha.step.swap", { count: runs.length }), run: guarded((m) => m.swap()) },
        {
          title: t(ctx.lang, "etcd.ha.step.start", { count: runs.length }),
          run: async () => {
            await each((m) => m.start());
            return t(ctx.lang, "etcd.ha.step.started", { count: runs.length });
          },
        },
        {
          title: t(ctx.lang, "etcd.step.restore.wait"),
          run: async () => {
            for (const [i, m] of runs.entries()) {
              api.set(parts[i]?.id ?? "", await m.waitApi(timeoutMs, ctx.signal));
            }
            return t(ctx.lang, "etcd.ha.step.answered", {
              ok: [...api.values()].filter(Boolean).length,
              count: runs.length,
            });
          },
        },
      ],
      { again: `kadm-wizard etcd restore ${arg}`, quiet: f.quiet === true },
    ).catch((e) => {
      if (undone && e instanceof KadmError) {
        throw new KadmError(e.message, { hint: t(ctx.lang, "etcd.ha.undone", { count: runs.length }) });
      }
      throw e;
    });

    const out: string[] = [];
    for (const p of parts) {
      out.push(heading(ctx, p.id, p.address));
      out.push(`  ${t(ctx.lang, "etcd.restore.done", { data: p.plan.etcd.dataDir, old: p.plan.oldDir })}`);
      const hasApi = p.plan.pods.some((x) => x.component === "kube-apiserver");
      if (hasApi) out.push(`  ${t(ctx.lang, api.get(p.id) ? "etcd.ha.apiOk" : "etcd.ha.apiSilent")}`);
    }
    ctx.stdout.write(`${out.join("\n")}\n`);
    const silent = parts.filter(
      (p) => p.plan.pods.some((x) => x.component === "kube-apiserver") && !api.get(p.id),
    );
    if (silent.length > 0) {
      throw new KadmError(
        t(ctx.lang, "etcd.ha.apiSilentAll", {
          list: silent.map((p) => p.id).join(", "),
          seconds: Math.round(timeoutMs / 1000),
        }),
        { hint: t(ctx.lang, "etcd.restore.apiSilentHint") },
      );
    }
    return ExitCode.ok;
  } finally {
    for (const p of parts) p.close();
  }
}
