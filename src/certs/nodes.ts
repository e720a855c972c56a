/**
 * `certs renew|check --inventory FILE | --node HOST`: every control plane, this machine first when
 * it is one, each reached over SSH as a Node and given exactly the steps `certs renew` runs here
 * (renew-node.ts). Renewals go one node at a time so at most one API server / etcd member restarts
 * at once; an unreachable node is reported and the others are still done; a component left down by
 * its restart stops the rollout (the next node's restart could cost etcd its quorum).
 */
import type { Context } from "../context.js";
import {
  addressOf,
  type NodeConnector,
  nodeConnector,
  selectControlPlanes,
  sudoUserOf,
} from "../controlplane/nodes.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import { binaryCommand } from "../node/binaries.js";
import type { Node } from "../node/node.js";
import type { ParsedFlags } from "../spec/flags.js";
import type { InventoryHost } from "../ssh/inventory.js";
import { runHostTasks } from "../tasks/host-tasks.js";
import { hasDue, type NodeCerts, nodeCertsJson, nodeCertsText, readNodeCerts } from "./check-report.js";
import { readCertificates } from "./inventory.js";
import { planRenew } from "./renew.js";
import {
  emptyOutcome,
  failedParts,
  leftDown,
  outcomeLines,
  planLines,
  type RenewOutcome,
  renewSteps,
} from "./renew-node.js";
import { renewTimerInstalled } from "./timer.js";
import { certVerdict, EXPIRY_WARNING_DAYS } from "./x509.js";

interface Target {
  id: string;
  /** How it is reached: `user@host:port`, or "this machine". */
  address: string;
  host?: InventoryHost | undefined;
}

async function targetsOf(ctx: Context, f: ParsedFlags): Promise<Target[]> {
  const sel = await selectControlPlanes(ctx, f);
  return [
    ...(sel.local ? [{ id: ctx.node.id, address: t(ctx.lang, "certs.nodes.here") }] : []),
    ...sel.hosts.map((h) => ({ id: h.id, address: addressOf(h), host: h })),
  ];
}

type NodeRun<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs `fn` on the target's Node (this machine, or over SSH; the session closed after). */
async function onNode<T>(
  ctx: Context,
  reach: NodeConnector,
  target: Target,
  fn: (node: Node) => Promise<T>,
): Promise<NodeRun<T>> {
  if (!target.host) return { ok: true, value: await fn(ctx.node) };
  const r = await reach.reach(target.host);
  if (!r.ok) return { ok: false, reason: r.reason };
  try {
    return { ok: true, value: await fn(r.node) };
  } finally {
    r.close();
  }
}

const heading = (ctx: Context, x: Target) =>
  t(ctx.lang, "doctor.nodes.heading", { node: x.id, address: x.address });

/** `certs check` on every control plane: one table per node; exit 3 when any is due or unreached. */
export async function checkNodes(ctx: Context, f: ParsedFlags, output: string): Promise<number> {
  const targets = await targetsOf(ctx, f);
  if (ctx.dryRun) {
    const lines = [t(ctx.lang, "certs.nodes.checkDry", { count: targets.length })];
    for (const x of targets) lines.push(`  ${x.id} (${x.address})`);
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }
  const reach = await nodeConnector(
    ctx,
    f,
    targets.flatMap((x) => (x.host ? [x.host] : [])),
  );
  const results: { target: Target; run: NodeRun<NodeCerts> }[] = [];
  for (const target of targets) {
    results.push({
      target,
      run: await onNode(ctx, reach, target, (n) => readNodeCerts(n, renewTimerInstalled)),
    });
  }
  const due = results.filter((r) => r.run.ok && hasDue(r.run.value)).map((r) => r.target.id);
  const lost = results.filter((r) => !r.run.ok).map((r) => r.target.id);
  const code = due.length > 0 || lost.length > 0 ? ExitCode.problemsFound : ExitCode.ok;
  if (output === "json") {
    const nodes = results.map(({ target, run }) =>
      run.ok
        ? { ...nodeCertsJson(run.value), node: target.id, address: target.address }
        : { node: target.id, address: target.address, error: run.reason, ok: false },
    );
    ctx.stdout.write(`${JSON.stringify({ nodes, ok: code === ExitCode.ok }, null, 2)}\n`);
    return code;
  }
  const out: string[] = [];
  for (const { target, run } of results) {
    out.push(heading(ctx, target));
    if (run.ok) out.push(...nodeCertsText(ctx.lang, { ...run.value, node: target.id }));
    else out.push(t(ctx.lang, "certs.nodes.unreachable", { reason: run.reason }));
    out.push("");
  }
  out.push(
    t(ctx.lang, "certs.nodes.checkSummary", {
      count: targets.length,
      due: due.length,
      dueList: due.join(", "),
      lost: lost.length,
      lostList: lost.join(", "),
    }),
  );
  ctx.stdout.write(`${out.join("\n")}\n`);
  return code;
}

type NodeState =
  | { kind: "done"; outcome: RenewOutcome }
  | { kind: "not-effective"; outcome: RenewOutcome }
  | { kind: "failed"; outcome: RenewOutcome; reason: string }
  | { kind: "unreachable"; reason: string }
  | { kind: "nothing-due" }
  | { kind: "not-control-plane" }
  | { kind: "skipped"; because: string };

/** `certs renew` on every control plane, one at a time, each node's report under its heading. */
export async function renewNodes(
  ctx: Context,
  f: ParsedFlags,
  which: readonly string[] | "all",
  timeoutMs: number,
): Promise<number> {
  if (f["install-timer"] === true) {
    throw invalidInput(t(ctx.lang, "certs.nodes.noTimer"), t(ctx.lang, "certs.nodes.noTimerHint"));
  }
  const targets = await targetsOf(ctx, f);
  if (ctx.dryRun) {
    const lines = [
      t(ctx.lang, "certs.nodes.plan", {
        count: targets.length,
        list: targets.map((x) => x.id).join(", "),
      }),
    ];
    for (const x of targets) {
      lines.push(heading(ctx, x));
      if (x.host) {
        lines.push(`  ${t(ctx.lang, "certs.nodes.remotePlan", { kubeadm: "kubeadm" })}`);
      } else {
        lines.push(...planLines(ctx.lang, await planRenew(ctx.node, which), ctx.kubeadmPath));
      }
    }
    lines.push(t(ctx.lang, "certs.plan.nothingChanged"));
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }
  const reach = await nodeConnector(
    ctx,
    f,
    targets.flatMap((x) => (x.host ? [x.host] : [])),
  );
  const states = new Map<string, NodeState>();
  let stopReason: string | undefined;

  const renewOne = async (
    x: Target,
    node: Node,
    setTitle: (s: string) => void,
    setOutput: (l: string) => void,
  ) => {
    if (!(await node.fs.exists("/etc/kubernetes/pki/ca.crt"))) return { kind: "not-control-plane" } as const;
    if (f["if-expiring"] === true) {
      const now = new Date();
      const { entries } = await readCertificates(node.fs);
      if (!entries.some((e) => e.renewable && certVerdict(e.facts.notAfter, now).state !== "ok"))
        return { kind: "nothing-due" } as const;
    }
    const plan = await planRenew(node, which);
    const outcome = emptyOutcome();
    const steps = renewSteps(
      node,
      plan,
      {
        lang: ctx.lang,
        kubeadmPath: x.host ? await binaryCommand(node, "kubeadm") : ctx.kubeadmPath,
        timeoutMs,
        signal: ctx.signal,
        sudoUser: sudoUserOf(ctx, x.host),
      },
      outcome,
    );
    try {
      for (const s of steps) {
        setTitle(`${x.id}: ${s.title}`);
        await s.run((title) => setTitle(`${x.id}: ${title}`), setOutput);
      }
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      return { kind: "failed", outcome, reason: e instanceof Error ? e.message : String(e) } as const;
    }
    return failedParts(outcome).length > 0
      ? ({ kind: "not-effective", outcome } as const)
      : ({ kind: "done", outcome } as const);
  };

  await runHostTasks(
    ctx,
    targets.map((x) => ({
      title: t(ctx.lang, "certs.nodes.title", { node: x.id }),
      run: async (setTitle: (s: string) => void, setOutput: (l: string) => void) => {
        let state: NodeState;
        if (stopReason !== undefined) state = { kind: "skipped", because: stopReason };
        else {
          const r = await onNode(ctx, reach, x, (node) => renewOne(x, node, setTitle, setOutput));
          state = r.ok ? r.value : { kind: "unreachable", reason: r.reason };
          const down = "outcome" in state ? leftDown(state.outcome) : [];
          if (down.length > 0)
            stopReason = t(ctx.lang, "certs.nodes.down", { node: x.id, components: down.join(", ") });
        }
        states.set(x.id, state);
        const final = t(ctx.lang, `certs.nodes.final.${state.kind}`, { node: x.id });
        // Drawn as failed; the next node still gets its turn (the report says why, per node).
        if (state.kind !== "done" && state.kind !== "nothing-due") throw new Error(final);
        return final;
      },
    })),
    { again: "kadm-wizard certs renew", quiet: f.quiet === true, independent: true },
  );

  const out: string[] = [];
  const bad: string[] = [];
  for (const x of targets) {
    const s = states.get(x.id) as NodeState;
    out.push(heading(ctx, x));
    if ("outcome" in s) out.push(...outcomeLines(ctx.lang, s.outcome).map((l) => `  ${l}`));
    if (s.kind === "failed") out.push(`  ✗ ${s.reason}`);
    if (s.kind === "unreachable")
      out.push(`  ${t(ctx.lang, "certs.nodes.unreachable", { reason: s.reason })}`);
    if (s.kind === "skipped") out.push(`  ${t(ctx.lang, "certs.nodes.skipped", { because: s.because })}`);
    if (s.kind === "not-control-plane") out.push(`  ✗ ${t(ctx.lang, "certs.notControlPlane")}`);
    if (s.kind === "nothing-due")
      out.push(`  ${t(ctx.lang, "certs.nothingDue", { days: EXPIRY_WARNING_DAYS })}`);
    if (s.kind === "done") out.push(`  ${t(ctx.lang, "certs.nodes.nodeDone")}`);
    if (s.kind !== "done" && s.kind !== "nothing-due") bad.push(x.id);
    out.push("");
  }
  if (bad.length === 0) {
    out.push(t(ctx.lang, "certs.nodes.allDone", { count: targets.length }));
    ctx.stdout.write(`${out.join("\n")}\n`);
    return ExitCode.ok;
  }
  ctx.stdout.write(`${out.join("\n")}\n`);
  throw new KadmError(
    t(ctx.lang, "certs.nodes.failed", { count: bad.length, total: targets.length, list: bad.join(", ") }),
    { hint: t(ctx.lang, "certs.nodes.failedHint") },
  );
}
