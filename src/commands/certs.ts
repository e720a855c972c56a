import { type CertEntry, RENEWABLE_NAMES, readCertificates } from "../certs/inventory.js";
import {
  type ComponentResult,
  expectationFor,
  type KubeconfigRefresh,
  planRenew,
  refreshKubeconfigs,
  restartAndVerify,
} from "../certs/renew.js";
import { certVerdict, EXPIRY_WARNING_DAYS } from "../certs/x509.js";
import type { CommandRun, FlagsFor } from "../cli/commands.js";
import { outputFormat, restartTimeout } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { failureReason } from "../host/runner.js";
import { installTimer, selfCommand, timerInstalled } from "../host/systemd-timer.js";
import { t } from "../i18n/messages.js";
import { displayWidth, padEndDisplay } from "../i18n/width.js";
import type { Node } from "../node/node.js";
import { runHostTasks } from "../tasks/host-tasks.js";
import { didYouMean } from "../util/did-you-mean.js";

type Flags = FlagsFor<"certs">;

export const CERTS_TIMER = "kadm-wizard-certs-renew";

const day = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

function kindWord(ctx: Context, e: CertEntry): string {
  return t(ctx.lang, `certs.kind.${e.kind}`);
}

function entryJson(e: CertEntry, now: Date) {
  const v = certVerdict(e.facts.notAfter, now);
  return {
    name: e.name,
    path: e.path,
    kind: e.kind,
    ca: e.facts.isCa,
    authority: e.authority ?? null,
    component: e.component ?? null,
    renewable: e.renewable,
    rotatedByKubelet: e.rotates === true,
    subject: e.facts.subject,
    notBefore: e.facts.notBefore.toISOString(),
    notAfter: e.facts.notAfter.toISOString(),
    daysLeft: v.days,
    state: v.state,
  };
}

/** `certs check`: every certificate, days left, exit 3 when one expires within 30 days. */
async function check(ctx: Context, flags: Flags): Promise<number> {
  const output = outputFormat(ctx, flags);
  const node = ctx.node;
  const { entries, problems } = await readCertificates(node.fs);
  const now = new Date();
  const timer = await timerInstalled(node, CERTS_TIMER);
  const bad = entries.filter((e) => certVerdict(e.facts.notAfter, now).state !== "ok");
  const code = bad.length > 0 || problems.length > 0 ? ExitCode.problemsFound : ExitCode.ok;
  if (output === "json") {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          node: node.id,
          checkedAt: now.toISOString(),
          warnDays: EXPIRY_WARNING_DAYS,
          certificates: entries.map((e) => entryJson(e, now)),
          unreadable: problems,
          renewTimer: { installed: timer },
          ok: code === ExitCode.ok,
        },
        null,
        2,
      )}\n`,
    );
    return code;
  }
  if (entries.length === 0 && problems.length === 0) {
    throw new KadmError(t(ctx.lang, "certs.none", { root: ctx.root }), {
      hint: t(ctx.lang, "certs.noneHint"),
    });
  }
  const head = [
    t(ctx.lang, "certs.col.name"),
    t(ctx.lang, "certs.col.kind"),
    t(ctx.lang, "certs.col.expires"),
    t(ctx.lang, "certs.col.left"),
    t(ctx.lang, "certs.col.ca"),
    t(ctx.lang, "certs.col.notes"),
  ];
  const rows = entries.map((e) => {
    const v = certVerdict(e.facts.notAfter, now);
    const notes = [
      v.state === "expired" ? t(ctx.lang, "certs.note.expired") : "",
      v.state === "expiring" ? t(ctx.lang, "certs.note.expiring") : "",
      e.rotates === true ? t(ctx.lang, "certs.note.rotates") : "",
      e.rotates === false ? t(ctx.lang, "certs.note.notRotating") : "",
    ].filter(Boolean);
    return [
      e.name,
      kindWord(ctx, e),
      day(e.facts.notAfter),
      t(ctx.lang, "certs.days", { days: v.days }),
      e.authority ?? "",
      notes.join(ctx.lang === "zh" ? "；" : "; "),
    ];
  });
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] as string))),
  );
  const line = (r: string[]) =>
    `  ${r.map((c, i) => (i === r.length - 1 ? c : padEndDisplay(c, (widths[i] as number) + 1))).join(" ")}`.trimEnd();
  const out = [t(ctx.lang, "certs.header", { node: node.id, at: day(now) }), line(head), ...rows.map(line)];
  for (const p of problems) out.push(t(ctx.lang, "certs.unreadable", { name: p.name, path: p.path }));
  out.push("");
  out.push(
    timer
      ? t(ctx.lang, "certs.timerOn", { unit: `${CERTS_TIMER}.timer` })
      : t(ctx.lang, "certs.timerOff", { unit: `${CERTS_TIMER}.timer` }),
  );
  if (bad.length > 0) {
    const list = bad
      .map(
        (e) => `${e.name} (${t(ctx.lang, "certs.days", { days: certVerdict(e.facts.notAfter, now).days })})`,
      )
      .join(", ");
    out.push(t(ctx.lang, "certs.expiringSummary", { count: bad.length, days: EXPIRY_WARNING_DAYS, list }));
    // Each kind has its own remedy: kubeadm renews leaves, the kubelet rotates its own, a CA needs a rotation.
    if (bad.some((e) => e.renewable))
      out.push(`  ${t(ctx.lang, "run.fix")}: ${t(ctx.lang, "certs.expiringFix")}`);
    if (bad.some((e) => e.name === "kubelet.conf"))
      out.push(`  ${t(ctx.lang, "run.fix")}: ${t(ctx.lang, "certs.kubeletFix")}`);
    if (bad.some((e) => e.kind === "ca"))
      out.push(`  ${t(ctx.lang, "run.fix")}: ${t(ctx.lang, "certs.caFix")}`);
  } else {
    out.push(t(ctx.lang, "certs.allOk", { days: EXPIRY_WARNING_DAYS }));
  }
  ctx.stdout.write(`${out.join("\n")}\n`);
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

function componentLine(ctx: Context, r: ComponentResult): string {
  const v = r.verdict;
  const served = v.served ? day(v.served.notAfter) : (v.error ?? "?");
  if (v.effective) {
    return t(ctx.lang, "certs.renew.effective", { component: r.component, endpoint: r.endpoint, served });
  }
  const file = v.file ? day(v.file.notAfter) : "";
  const why =
    r.restart === "not-stopped"
      ? t(ctx.lang, "certs.renew.notStopped")
      : r.restart === "not-started"
        ? t(ctx.lang, "certs.renew.notStarted")
        : r.expectation.kind === "file"
          ? t(ctx.lang, "certs.renew.servesOld", { served, file, path: r.expectation.path })
          : t(ctx.lang, "certs.renew.oldProcess", {
              served: v.served ? v.served.commonName : (v.error ?? "?"),
            });
  return t(ctx.lang, "certs.renew.notEffective", { component: r.component, endpoint: r.endpoint, why });
}

async function renewTimer(ctx: Context, node: Node): Promise<string[]> {
  const res = await installTimer(node, {
    name: CERTS_TIMER,
    description: t("en", "certs.timerDescription", { days: EXPIRY_WARNING_DAYS }),
    command: [...selfCommand(), "certs", "renew", "--all", "--if-expiring", "--yes"],
  });
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

/** `certs renew [--all|NAME...] [--dry-run] [--install-timer]`. */
async function renew(ctx: Context, flags: Flags, names: string[]): Promise<number> {
  const which = renewNames(ctx, flags, names);
  const timeoutMs = restartTimeout(ctx, flags);
  const installTimerToo = flags["install-timer"] === true;
  if (which === undefined && !installTimerToo) {
    throw invalidInput(t(ctx.lang, "certs.renewWhat"), t(ctx.lang, "certs.namesHint"));
  }
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
  const kubeadmLines = plan.kubeadm.map((a) => [ctx.kubeadmPath, ...a].join(" "));
  if (ctx.dryRun) {
    const since = new Date();
    lines.push(t(ctx.lang, "certs.plan.header"));
    for (const k of kubeadmLines) lines.push(`  ${t(ctx.lang, "certs.plan.kubeadm", { command: k })}`);
    for (const p of plan.restart) {
      const e = expectationFor(p, since);
      lines.push(
        `  ${t(ctx.lang, "certs.plan.restart", {
          component: p.component,
          manifest: p.manifest,
          endpoint: `${p.endpoint.host}:${p.endpoint.port}`,
        })}`,
        `    ${
          e.kind === "file"
            ? t(ctx.lang, "certs.plan.verifyFile", { path: e.path })
            : t(ctx.lang, "certs.plan.verifyStart")
        }`,
      );
    }
    if (plan.admin) lines.push(`  ${t(ctx.lang, "certs.plan.kubeconfigs")}`);
    lines.push(t(ctx.lang, "certs.plan.nothingChanged"));
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }

  let results: ComponentResult[] = [];
  let copies: KubeconfigRefresh[] = [];
  const notRenewed: string[] = [];
  const tasks = [
    {
      title: t(ctx.lang, "certs.step.kubeadm"),
      run: async (_: (s: string) => void, setOutput: (l: string) => void) => {
        for (const args of plan.kubeadm) {
          const r = await node.runner.run([ctx.kubeadmPath, ...args], {
            changes: true,
            timeoutMs: 120_000,
            onLine: (l) => setOutput(l),
          });
          if (r.exitCode !== 0) {
            throw new KadmError(
              t(ctx.lang, "certs.kubeadmFailed", { command: r.command, reason: failureReason(r) }),
              {
                hint: t(ctx.lang, r.notFound ? "run.kubeadmMissingHint" : "certs.kubeadmFailedHint"),
              },
            );
          }
        }
        const after = new Map((await readCertificates(node.fs)).entries.map((e) => [e.name, e]));
        for (const b of plan.before) {
          if (after.get(b.name)?.facts.fingerprint === b.facts.fingerprint) notRenewed.push(b.name);
        }
        return t(ctx.lang, "certs.step.kubeadmDone", { count: plan.before.length - notRenewed.length });
      },
    },
    ...(plan.restart.length > 0
      ? [
          {
            title: t(ctx.lang, "certs.step.restart", { count: plan.restart.length }),
            run: async (setTitle: (s: string) => void) => {
              results = await restartAndVerify(node, plan.restart, {
                timeoutMs,
                signal: ctx.signal,
                onComponent: (c, phase) => setTitle(t(ctx.lang, `certs.step.${phase}`, { component: c })),
              });
              const ok = results.filter((r) => r.verdict.effective).length;
              return t(ctx.lang, "certs.step.restartDone", { ok, count: results.length });
            },
          },
        ]
      : []),
    ...(plan.admin
      ? [
          {
            title: t(ctx.lang, "certs.step.kubeconfigs"),
            run: async () => {
              copies = await refreshKubeconfigs(node, ctx.env.SUDO_USER);
              return t(ctx.lang, "certs.step.kubeconfigsDone", {
                count: copies.filter((c) => c.state !== "kept").length,
              });
            },
          },
        ]
      : []),
  ];
  await runHostTasks(ctx, tasks, { again: "kadm-wizard certs renew", quiet: flags.quiet === true });

  for (const n of notRenewed) lines.push(t(ctx.lang, "certs.renew.notRenewed", { name: n }));
  for (const r of results) lines.push(componentLine(ctx, r));
  for (const c of copies) lines.push(t(ctx.lang, `certs.renew.kubeconfig.${c.state}`, { path: c.path }));
  const failed = results.filter((r) => !r.verdict.effective);
  if (failed.length > 0 || notRenewed.length > 0) {
    ctx.stdout.write(`${lines.join("\n")}\n`);
    throw new KadmError(
      t(ctx.lang, "certs.renew.failed", {
        components: [...failed.map((r) => r.component), ...notRenewed].join(", "),
      }),
      { hint: t(ctx.lang, "certs.renew.failedHint", { manifests: "/etc/kubernetes/manifests" }) },
    );
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
