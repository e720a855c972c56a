/**
 * `certs check` for one node: read its certificates and timer through the Node, then the table
 * (text) or the JSON document. The same for this machine and for each control plane over SSH.
 */
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { displayWidth, padEndDisplay } from "../i18n/width.js";
import type { Node } from "../node/node.js";
import { type CertEntry, type CertProblem, readCertificates } from "./inventory.js";
import { CERTS_TIMER } from "./timer.js";
import { certVerdict, EXPIRY_WARNING_DAYS } from "./x509.js";

export const day = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

export interface NodeCerts {
  node: string;
  entries: CertEntry[];
  problems: CertProblem[];
  timer: boolean;
  now: Date;
}

export async function readNodeCerts(node: Node, timerInstalled: (n: Node) => Promise<boolean>) {
  const { entries, problems } = await readCertificates(node.fs);
  return { node: node.id, entries, problems, timer: await timerInstalled(node), now: new Date() };
}

/** Anything expired or inside the window (or unreadable): `certs check` exits 3. */
export function hasDue(c: NodeCerts): boolean {
  return c.problems.length > 0 || c.entries.some((e) => certVerdict(e.facts.notAfter, c.now).state !== "ok");
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

/** The JSON document of one node (`certs check --output json`; one of `nodes` with --inventory). */
export function nodeCertsJson(c: NodeCerts) {
  return {
    node: c.node,
    checkedAt: c.now.toISOString(),
    warnDays: EXPIRY_WARNING_DAYS,
    certificates: c.entries.map((e) => entryJson(e, c.now)),
    unreadable: c.problems,
    renewTimer: { installed: c.timer },
    ok: !hasDue(c),
  };
}

/** The table, the timer state, what is due and each kind's remedy. */
export function nodeCertsText(lang: Lang, c: NodeCerts): string[] {
  const { entries, problems, now } = c;
  const head = [
    t(lang, "certs.col.name"),
    t(lang, "certs.col.kind"),
    t(lang, "certs.col.expires"),
    t(lang, "certs.col.left"),
    t(lang, "certs.col.ca"),
    t(lang, "certs.col.notes"),
  ];
  const rows = entries.map((e) => {
    const v = certVerdict(e.facts.notAfter, now);
    const notes = [
      v.state === "expired" ? t(lang, "certs.note.expired") : "",
      v.state === "expiring" ? t(lang, "certs.note.expiring") : "",
      e.rotates === true ? t(lang, "certs.note.rotates") : "",
      e.rotates === false ? t(lang, "certs.note.notRotating") : "",
    ].filter(Boolean);
    return [
      e.name,
      t(lang, `certs.kind.${e.kind}`),
      day(e.facts.notAfter),
      t(lang, "certs.days", { days: v.days }),
      e.authority ?? "",
      notes.join(lang === "zh" ? "；" : "; "),
    ];
  });
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] as string))),
  );
  const line = (r: string[]) =>
    `  ${r.map((col, i) => (i === r.length - 1 ? col : padEndDisplay(col, (widths[i] as number) + 1))).join(" ")}`.trimEnd();
  const out = [t(lang, "certs.header", { node: c.node, at: day(now) }), line(head), ...rows.map(line)];
  for (const p of problems) out.push(t(lang, "certs.unreadable", { name: p.name, path: p.path }));
  out.push("");
  out.push(
    c.timer
      ? t(lang, "certs.timerOn", { unit: `${CERTS_TIMER}.timer` })
      : t(lang, "certs.timerOff", { unit: `${CERTS_TIMER}.timer` }),
  );
  const bad = entries.filter((e) => certVerdict(e.facts.notAfter, now).state !== "ok");
  if (bad.length > 0) {
    const list = bad
      .map((e) => `${e.name} (${t(lang, "certs.days", { days: certVerdict(e.facts.notAfter, now).days })})`)
      .join(", ");
    out.push(t(lang, "certs.expiringSummary", { count: bad.length, days: EXPIRY_WARNING_DAYS, list }));
    // Each kind has its own remedy: kubeadm renews leaves, the kubelet rotates its own, a CA needs a rotation.
    if (bad.some((e) => e.renewable)) out.push(`  ${t(lang, "run.fix")}: ${t(lang, "certs.expiringFix")}`);
    if (bad.some((e) => e.name === "kubelet.conf"))
      out.push(`  ${t(lang, "run.fix")}: ${t(lang, "certs.kubeletFix")}`);
    if (bad.some((e) => e.kind === "ca")) out.push(`  ${t(lang, "run.fix")}: ${t(lang, "certs.caFix")}`);
  } else {
    out.push(t(lang, "certs.allOk", { days: EXPIRY_WARNING_DAYS }));
  }
  return out;
}
