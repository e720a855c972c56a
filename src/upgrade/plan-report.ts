/**
 * PURE: an UpgradePlan as text (aligned in both languages, guards with evidence and fix as doctor
 * prints findings) and as the JSON of `upgrade plan --output json`.
 */
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { roleText } from "../i18n/roles.js";
import { displayWidth, padEndDisplay } from "../i18n/width.js";
import { NEWEST_IMAGES_MINOR } from "../kubeadm/images.js";
import { parseKubeVersion } from "../validate/version.js";
import { parseRuntime } from "./guards.js";
import type { GuardResult, UpgradePlan } from "./types.js";

const SYMBOL = { pass: "✔", warn: "!", fail: "✗" } as const;
const COLOR = { pass: 32, warn: 33, fail: 31 } as const;

function paint(color: boolean, code: number, s: string): string {
  return color ? `\u001b[${code}m${s}\u001b[0m` : s;
}

/** Rows of cells as aligned columns (display width, so Chinese lines up too). */
function table(rows: string[][], indent = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return rows.map((row) =>
    `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : padEndDisplay(cell, widths[i] as number))).join("  ")}`.trimEnd(),
  );
}

function clusterLine(plan: UpgradePlan, lang: Lang): string {
  const f = plan.facts;
  const unknown = t(lang, "upgrade.report.unknown");
  const etcd = f.externalEtcd ? t(lang, "upgrade.report.etcdExternal") : (f.etcdVersion ?? unknown);
  const proxy =
    f.kubeProxyMode === null
      ? t(lang, "upgrade.report.proxyNone")
      : f.kubeProxyMode === ""
        ? t(lang, "upgrade.report.proxyDefault")
        : f.kubeProxyMode;
  const cni =
    f.cni.name === "none"
      ? t(lang, "upgrade.report.cniNone")
      : `${f.cni.name}${f.cni.version ? ` ${f.cni.version}` : ""}`;
  return t(lang, "upgrade.report.cluster", { etcd, proxy, cni, repo: f.imageRepository });
}

function guardLines(g: GuardResult, lang: Lang, color: boolean): string[] {
  const sym = paint(color, COLOR[g.verdict], SYMBOL[g.verdict]);
  const head = `${sym} [${g.id}] ${g.title}${g.overridden ? ` ${t(lang, "upgrade.report.overridden")}` : ""}`;
  if (g.verdict === "pass") return [head, ...g.evidence.map((e) => `    ${e}`)];
  return [
    head,
    `    ${t(lang, "upgrade.report.evidence")}`,
    ...g.evidence.map((e) => `      ${e}`),
    ...(g.fix ? [`    ${t(lang, "upgrade.report.fix")}`, `      ${g.fix}`] : []),
  ];
}

/** The text report. `server`: the API server the facts were read from. */
export function planText(plan: UpgradePlan, lang: Lang, opts: { server: string; color?: boolean }): string {
  const color = opts.color === true;
  const f = plan.facts;
  const current = plan.hops[0]?.from ?? parseKubeVersion(f.apiServerVersion)?.text ?? f.apiServerVersion;
  const out: string[] = [t(lang, "upgrade.report.title", { server: opts.server })];
  if (plan.hops.length === 0) {
    const newest = parseKubeVersion(plan.target)?.minor === NEWEST_IMAGES_MINOR || plan.target === current;
    out.push(
      newest && plan.target === current
        ? t(lang, "upgrade.report.upToDate", { current, newest: NEWEST_IMAGES_MINOR })
        : t(lang, "upgrade.report.atTarget", { current, target: plan.target }),
    );
  } else {
    out.push(t(lang, "upgrade.report.path", { current, target: plan.target, hops: plan.hops.length }));
  }
  out.push(clusterLine(plan, lang), "");

  if (plan.hops.length > 0) {
    out.push(t(lang, "upgrade.report.hops"));
    plan.hops.forEach((h, i) => {
      out.push(t(lang, "upgrade.report.hop", { n: i + 1, from: h.from, to: h.to, count: h.images.length }));
      for (const image of h.images) out.push(`       ${image}`);
      if (h.imagesExact === false && h.imagesBasis)
        out.push(t(lang, "upgrade.report.imagesGuessed", { basis: h.imagesBasis }));
    });
    out.push("");

    out.push(t(lang, "upgrade.report.nodes"));
    const facts = new Map(f.nodes.map((n) => [n.name, n]));
    const rows = [
      [
        "col.n",
        "col.node",
        "col.role",
        "col.kubeadm",
        "col.kubelet",
        "col.runtime",
        "col.cgroup",
        "col.pods",
      ].map((k) => t(lang, `upgrade.${k}` as Parameters<typeof t>[1])),
      ...plan.nodes.map((a) => {
        const n = facts.get(a.node);
        const r = n ? parseRuntime(n.containerRuntimeVersion) : undefined;
        return [
          String(a.batch ?? ""),
          a.node,
          roleText(lang, a.role),
          `kubeadm ${t(lang, `upgrade.kubeadm.${a.kubeadm}`)}`,
          n?.kubeletVersion ?? "",
          r ? `${r.name} ${r.version}` : (n?.containerRuntimeVersion ?? ""),
          n?.cgroupVersion ? `v${n.cgroupVersion}` : t(lang, "upgrade.cgroup.unknown"),
          t(lang, a.drain ? "upgrade.pods.drain" : "upgrade.pods.cordon"),
        ];
      }),
    ];
    out.push(...table(rows));
    const workers = plan.nodes.filter((a) => a.role === "worker");
    const perBatch = Math.max(
      0,
      ...[...new Set(workers.map((w) => w.batch))].map((b) => workers.filter((w) => w.batch === b).length),
    );
    if (workers.length > 0) out.push(t(lang, "upgrade.report.batches", { n: perBatch }));
    if (plan.nodes.length === 1) out.push(t(lang, "upgrade.report.singleNode"));
    out.push("");
  }

  out.push(t(lang, "upgrade.report.guards"));
  for (const g of plan.guards) out.push(...guardLines(g, lang, color));
  out.push("");
  const failing = plan.guards.filter((g) => g.verdict === "fail" && !g.overridden);
  const warnings = plan.guards.filter((g) => g.verdict === "warn").length;
  if (failing.length > 0) {
    out.push(
      paint(
        color,
        31,
        t(lang, "upgrade.report.blocked", {
          count: failing.length,
          ids: failing.map((g) => g.id).join(", "),
        }),
      ),
    );
  } else if (plan.hops.length === 0) {
    out.push(t(lang, "upgrade.report.nothing"));
  } else {
    out.push(t(lang, "upgrade.report.allowed", { warnings, target: plan.target }));
  }
  return `${out.join("\n")}\n`;
}

/** `--output json`: the plan as data (UpgradePlan, the contract apply reads), plus the current version. */
export function planJson(plan: UpgradePlan, opts: { server: string }): string {
  const current =
    plan.hops[0]?.from ?? parseKubeVersion(plan.facts.apiServerVersion)?.text ?? plan.facts.apiServerVersion;
  const doc = {
    server: opts.server,
    current,
    target: plan.target,
    allowed: plan.allowed,
    hops: plan.hops,
    nodes: plan.nodes,
    guards: plan.guards.map((g) => ({ overridden: false, ...g })),
    facts: plan.facts,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
