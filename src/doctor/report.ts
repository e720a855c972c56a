/**
 * The report, pure over a DoctorReport: text grouped by severity (identical findings on many objects
 * folded into one entry) and the JSON of the CLI contract.
 */
import { localiseEvidence } from "../i18n/evidence.js";
import type { Lang } from "../i18n/lang.js";
import { render, t } from "../i18n/messages.js";
import { type Finding, isProblem, SEVERITIES, type Severity } from "./finding.js";
import type { NodeReport } from "./nodes.js";
import type { DoctorReport } from "./run.js";

export interface Summary {
  errors: number;
  warnings: number;
  info: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { errors: n("error"), warnings: n("warning"), info: n("info") };
}

export function hasProblems(report: DoctorReport): boolean {
  return report.findings.some(isProblem);
}

/** The contract's JSON: findings with stable ids, plus what was checked and against what. */
export function reportJson(report: DoctorReport, lang: Lang): string {
  return `${JSON.stringify(reportDoc(report, lang), null, 2)}\n`;
}

/** reportJson's document, before printing. */
export function reportDoc(report: DoctorReport, lang: Lang) {
  return {
    findings: report.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      object: f.object,
      title: render(lang, f.title),
      evidence: f.evidence.join("\n"),
      fix: render(lang, f.fix),
      ...(f.causedBy ? { causedBy: f.causedBy } : {}),
    })),
    summary: summarize(report.findings),
    host: report.host,
    cluster: {
      ...report.cluster,
      skipped: report.cluster.skipped ? render(lang, report.cluster.skipped) : undefined,
    },
    expected: report.expected,
  };
}

/**
 * `doctor --inventory`: one report per node, each the single-host document with the node named in
 * it and on every finding, plus the totals over all nodes.
 */
export function nodesReportJson(nodes: readonly NodeReport[], lang: Lang): string {
  const doc = {
    nodes: nodes.map((n) => {
      const d = reportDoc(n.report, lang);
      return {
        node: n.node,
        address: n.address,
        ...d,
        findings: d.findings.map((f) => ({ node: n.node, ...f })),
      };
    }),
    summary: summarize(nodes.flatMap((n) => n.report.findings)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The text report of each node under its own heading, then one line over all of them. */
export function nodesReportText(
  nodes: readonly NodeReport[],
  lang: Lang,
  opts: { color?: boolean } = {},
): string {
  const parts = nodes.map(
    (n) =>
      `${t(lang, "doctor.nodes.heading", { node: n.node, address: n.address })}\n${reportText(n.report, lang, { ...opts, remote: true })}`,
  );
  const bad = nodes.filter((n) => hasProblems(n.report)).map((n) => n.node);
  const last =
    bad.length === 0
      ? t(lang, "doctor.nodes.allHealthy", { count: nodes.length })
      : t(lang, "doctor.nodes.summary", { count: nodes.length, bad: bad.length, names: named(lang, bad, 5) });
  return `${parts.join("\n")}\n${last}\n`;
}

const SYMBOL: Record<Severity, string> = { error: "✗", warning: "!", info: "i" };
const COLOR: Record<Severity, number> = { error: 31, warning: 33, info: 36 };
const HEADING = {
  error: "doctor.report.errors",
  warning: "doctor.report.warnings",
  info: "doctor.report.info",
} as const;
/** Objects named per folded entry; the rest are counted. */
const OBJECTS_SHOWN = 5;
const EVIDENCE_SHOWN = 12;

interface Group {
  first: Finding;
  objects: string[];
  members: Finding[];
}

/** Params that name the object itself: findings differing only in these share a cause. */
const OBJECT_PARAMS = new Set([
  "node",
  "pod",
  "namespace",
  "container",
  "restarts",
  "since",
  "name",
  "count",
]);

/** The params that say what the cause is (image, reason, resources), without the object's own. */
function causeParams(f: Finding): string {
  return Object.entries(f.title.params ?? {})
    .filter(([k]) => !OBJECT_PARAMS.has(k))
    .map(([, v]) => String(v))
    .filter((v) => v !== "")
    .join(" ");
}

/**
 * Findings of the same kind (id, title, fix) on different objects become one entry with a count
 * and a few examples; when their causes differ (another image each), the entry says how many and
 * names a few. JSON keeps every one.
 */
function fold(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = `${f.id}\u0000${f.title.key}\u0000${f.fix.key}`;
    const g = groups.get(key);
    if (g) {
      g.objects.push(f.object);
      g.members.push(f);
    } else groups.set(key, { first: f, objects: [f.object], members: [f] });
  }
  return [...groups.values()];
}

/** "3 different causes: a, b, c" when the members of a group do not share one. */
function variants(lang: Lang, g: Group): string | undefined {
  const distinct = [...new Set(g.members.map(causeParams))];
  if (distinct.length <= 1) return undefined;
  return t(lang, "doctor.report.variants", { count: distinct.length, values: named(lang, distinct, 3) });
}

function named(lang: Lang, objects: readonly string[], shown: number): string {
  const list = objects.slice(0, shown).join(", ");
  return objects.length > shown
    ? `${list}${t(lang, "doctor.report.andMore", { count: objects.length - shown })}`
    : list;
}

function header(report: DoctorReport, lang: Lang, remote: boolean): string[] {
  const lines: string[] = [];
  const h = report.host;
  if (h.checked)
    lines.push(
      // zh says 本机 ("this machine") for the host doctor runs on; another node is 节点.
      t(lang, remote ? "doctor.nodes.host" : "doctor.report.host", {
        role: t(lang, `doctor.role.${h.role ?? "none"}`),
      }),
    );
  const c = report.cluster;
  if (c.checked) {
    lines.push(
      t(lang, "doctor.report.cluster", {
        server: c.server ?? "?",
        version: c.version ?? "?",
        nodes: c.nodes ?? "?",
        pods: c.pods ?? "?",
        unhealthy: c.unhealthyPods ?? "?",
      }),
    );
  } else if (c.skipped) {
    lines.push(render(lang, c.skipped));
  } else if (c.server) {
    lines.push(t(lang, "doctor.report.clusterUnreachable", { server: c.server }));
  }
  const e = report.expected;
  lines.push(
    t(lang, "doctor.report.expected", {
      version: e.kubernetesVersion,
      repo: e.imageRepository,
      podSubnet: e.podSubnet || "-",
      // "profile aliyun" is built in English by expected.ts; the other origins are names (ConfigMap, path).
      origin:
        e.source === "spec"
          ? t(lang, "doctor.report.fromProfile", { name: e.origin.replace(/^profile /, "") })
          : e.source === "node"
            ? t(lang, "doctor.report.fromNodeKubeadm", { version: e.origin })
            : e.origin,
    }),
  );
  return lines;
}

export function reportText(
  report: DoctorReport,
  lang: Lang,
  opts: { color?: boolean; remote?: boolean } = {},
): string {
  const paint = (code: number, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out = [...header(report, lang, opts.remote === true), ""];
  // Effects are listed under their cause, not on their own (the fix shown is the cause's).
  const effectsOf = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (!f.causedBy) continue;
    const key = `${f.causedBy.id}\u0000${f.causedBy.object}`;
    effectsOf.set(key, [...(effectsOf.get(key) ?? []), f]);
  }
  for (const severity of SEVERITIES) {
    const findings = report.findings.filter((f) => f.severity === severity && !f.causedBy);
    if (findings.length === 0) continue;
    // The heading counts every finding of this severity, those listed under a cause too (as the summary does).
    const total = report.findings.filter((f) => f.severity === severity).length;
    out.push(
      paint(
        COLOR[severity],
        t(lang, "doctor.report.heading", { label: t(lang, HEADING[severity]), count: total }),
      ),
    );
    for (const g of fold(findings)) {
      const f = g.first;
      out.push(`${paint(COLOR[severity], SYMBOL[severity])} [${f.id}] ${f.object}: ${render(lang, f.title)}`);
      if (g.objects.length > 1) {
        const more = g.objects.slice(1);
        out.push(
          `    ${t(lang, "doctor.report.sameOn", { count: more.length, objects: named(lang, more, OBJECTS_SHOWN) })}`,
        );
        const v = variants(lang, g);
        if (v) out.push(`    ${v}`);
      }
      out.push(`    ${t(lang, "doctor.report.section", { label: t(lang, "doctor.report.evidence") })}`);
      for (const l of f.evidence.slice(0, EVIDENCE_SHOWN)) out.push(`      ${localiseEvidence(lang, l)}`);
      out.push(`    ${t(lang, "doctor.report.section", { label: t(lang, "doctor.report.fix") })}`);
      for (const l of render(lang, f.fix).split("\n")) out.push(`      ${l}`);
      const effects = g.members.flatMap((m) => effectsOf.get(`${m.id}\u0000${m.object}`) ?? []);
      if (effects.length > 0) {
        out.push(`    ${t(lang, "doctor.report.explains", { count: effects.length })}`);
        for (const e of fold(effects)) {
          const objects = t(lang, "doctor.report.group", {
            count: e.objects.length,
            objects: named(lang, e.objects, 3),
          });
          out.push(`      - [${e.first.id}] ${objects}: ${render(lang, e.first.title)}`);
          if (e.first.evidence[0]) out.push(`          ${localiseEvidence(lang, e.first.evidence[0])}`);
        }
      }
    }
    out.push("");
  }
  const s = summarize(report.findings);
  out.push(
    s.errors + s.warnings === 0
      ? t(lang, "doctor.report.healthy", { info: s.info })
      : t(lang, "doctor.report.summary", { errors: s.errors, warnings: s.warnings, info: s.info }),
  );
  return `${out.join("\n")}\n`;
}
