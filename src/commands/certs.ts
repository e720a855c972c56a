import { hasDue, nodeCertsJson, nodeCertsText, readNodeCerts } from "../certs/check-report.js";
import { RENEWABLE_NAMES, readCertificates } from "../certs/inventory.js";
import { checkNodes, renewNodes } from "../certs/nodes.js";
import { planRenew } from "../certs/renew.js";
import { emptyOutcome, failedParts, outcomeLines, planLines, renewSteps } from "../certs/renew-node.js";
import { CERTS_TIMER, installRenewTimer, renewTimerInstalled } from "../certs/timer.js";
import { certVerdict, EXPIRY_WARNING_DAYS } from "../certs/x509.js";
import type { CommandRun, FlagsFor } from "../cli/commands.js";
import { outputFormat, restartTimeout } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { namesNodes, sudoUserOf } from "../controlplane/nodes.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import { runHostTasks } from "../tasks/host-tasks.js";
import { didYouMean } from "../util/did-you-mean.js";

type Flags = FlagsFor<"certs">;

/** `certs check`: every certificate, days left, exit 3 when one expires within 30 days. */
async function check(ctx: Context, flags: Flags): Promise<number> {
  const output = outputFormat(ctx, flags);
  if (namesNodes(flags)) return checkNodes(ctx, flags, output);
  const c = await readNodeCerts(ctx.node, renewTimerInstalled);
  const code = hasDue(c) ? ExitCode.problemsFound : ExitCode.ok;
  if (output === "json") {
    ctx.stdout.write(`${JSON.stringify(nodeCertsJson(c), null, 2)}\n`);
    return code;
  }
  if (c.entries.length === 0 && c.problems.length === 0) {
    throw new KadmError(t(ctx.lang, "certs.none", { root: ctx.root }), {
      hint: t(ctx.lang, "certs.noneHint"),
    });
  }
  ctx.stdout.write(`${nodeCertsText(ctx.lang, c).join("\n")}\n`);
  return code;
}

/** The certificates to renew: --all, or kubeadm's names (checked here so a typo is exit 2, not a kubeadm error). */
function renewNames(ctx: Context, flags: Flags, names: string[]): readonly string[] | "all" | undefined {
  const all = flags.all === true;
  if (all && names.length > 0) {
    throw invalidInput(t(ctx.lang, "certs.allAndNames"), t(ctx.lang, "certs.namesHint"));
  }
  for (const n of names) {
    if (n === "all") return "all";
    if (!RENEWABLE_NAMES.includes(n)) {
      const near = didYouMean(n, RENEWABLE_NAMES);
      throw invalidInput(
        t(ctx.lang, "certs.unknownName", {
          name: n,
          near: near ? t(ctx.lang, "certs.didYouMean", { near }) : "",
        }),
        t(ctx.lang, "certs.namesHint"),
      );
    }
  }
  if (all) return "all";
  return names.length > 0 ? [...new Set(names)] : undefined;
}

async function renewTimer(ctx: Context, node: Node): Promise<string[]> {
  const res = await installRenewTimer(node);
  if (res.failed) {
    throw new KadmError(t(ctx.lang, "certs.timerFailed", { reason: res.failed }), {
      hint: t(ctx.lang, "certs.timerFailedHint"),
    });
  }
  return [
    ...res.changes.map((c) =>
      t(ctx.lang, c.changed ? (ctx.dryRun ? "certs.wouldWrite" : "certs.wrote") : "certs.unchanged", {
        path: c.path,
      }),
    ),
    ...res.commands.map((c) => t(ctx.lang, ctx.dryRun ? "certs.wouldRun" : "certs.ran", { command: c })),
  ];
}

/** The renewal timer in the plan: installed, installed by this run, or how to install it. */
async function timerLine(ctx: Context, node: Node, installing: boolean): Promise<string> {
  const unit = `${CERTS_TIMER}.timer`;
  if (installing || (await renewTimerInstalled(node))) return t(ctx.lang, "certs.timerOn", { unit });
  return t(ctx.lang, "certs.timerOff", { unit });
}

/** `certs renew [--all|NAME...] [--dry-run] [--install-timer]`. */
async function renew(ctx: Context, flags: Flags, names: string[]): Promise<number> {
  const which = renewNames(ctx, flags, names);
  const timeoutMs = restartTimeout(ctx, flags);
  const installTimerToo = flags["install-timer"] === true;
  if (which === undefined && !installTimerToo) {
    throw invalidInput(t(ctx.lang, "certs.renewWhat"), t(ctx.lang, "certs.namesHint"));
  }
  if (namesNodes(flags) && which !== undefined) return renewNodes(ctx, flags, which, timeoutMs);
  const node = ctx.node;
  const lines: string[] = [];
  if (installTimerToo) lines.push(...(await renewTimer(ctx, node)));
  if (which === undefined) {
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }
  if (!(await node.fs.exists("/etc/kubernetes/pki/ca.crt"))) {
    throw new KadmError(t(ctx.lang, "certs.notControlPlane"), {
      hint: t(ctx.lang, "certs.notControlPlaneHint"),
    });
  }
  // The timer's run: nothing to do unless something expires within the window.
  if (flags["if-expiring"] === true) {
    const now = new Date();
    const { entries } = await readCertificates(node.fs);
    const due = entries.filter((e) => e.renewable && certVerdict(e.facts.notAfter, now).state !== "ok");
    if (due.length === 0) {
      ctx.stdout.write(
        `${[...lines, t(ctx.lang, "certs.nothingDue", { days: EXPIRY_WARNING_DAYS })].join("\n")}\n`,
      );
      return ExitCode.ok;
    }
  }
  const plan = await planRenew(node, which);
  if (ctx.dryRun) {
    lines.push(t(ctx.lang, "certs.plan.header"), ...planLines(ctx.lang, plan, ctx.kubeadmPath));
    lines.push(await timerLine(ctx, node, installTimerToo), t(ctx.lang, "certs.plan.nothingChanged"));
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }
  // The same steps every control plane runs over SSH (certs/nodes.ts), here as the progress list.
  const outcome = emptyOutcome();
  const steps = renewSteps(
    node,
    plan,
    {
      lang: ctx.lang,
      kubeadmPath: ctx.kubeadmPath,
      timeoutMs,
      signal: ctx.signal,
      sudoUser: sudoUserOf(ctx, undefined),
    },
    outcome,
  );
  await runHostTasks(ctx, steps, { again: "kadm-wizard certs renew", quiet: flags.quiet === true });
  lines.push(...outcomeLines(ctx.lang, outcome));
  const failed = failedParts(outcome);
  if (failed.length > 0) {
    ctx.stdout.write(`${lines.join("\n")}\n`);
    throw new KadmError(t(ctx.lang, "certs.renew.failed", { components: failed.join(", ") }), {
      hint: t(ctx.lang, "certs.renew.failedHint", { manifests: "/etc/kubernetes/manifests" }),
    });
  }
  lines.push(t(ctx.lang, "certs.renew.done"));
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return ExitCode.ok;
}

/** `kadm-wizard certs check|renew`. */
export const run: CommandRun<"certs"> = async (ctx, { flags: f, positionals }) => {
  const [sub, ...rest] = positionals;
  if (sub === "check" && rest.length === 0) return check(ctx, f);
  if (sub === "renew") return renew(ctx, f, rest);
  throw invalidInput(
    t(ctx.lang, "certs.usage", { value: positionals.join(" ") }),
    t(ctx.lang, "certs.usageHint"),
  );
};
