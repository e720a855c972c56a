import { readCertificates } from "../../certs/inventory.js";
import { CERTS_TIMER_UNIT, renewTimerInstalled } from "../../certs/timer.js";
import { certVerdict, EXPIRY_WARNING_DAYS } from "../../certs/x509.js";
import type { HostContext } from "../env.js";
import { type Finding, finding } from "../finding.js";

// The parsing lives in certs/ (shared with `certs check`); re-exported for doctor's callers.
export {
  type CertVerdict,
  certVerdict,
  EXPIRY_WARNING_DAYS,
  parseFirstCertificate,
} from "../../certs/x509.js";

/** Every kubeadm certificate and kubeconfig client certificate: expired (error) or < 30 days left (warning). */
export async function checkCertificates(ctx: HostContext): Promise<Finding[]> {
  const { entries } = await readCertificates(ctx.env.fs);
  const now = ctx.env.now();
  const out: Finding[] = [];
  for (const c of entries) {
    const v = certVerdict(c.facts.notAfter, now);
    if (v.state === "ok") continue;
    const evidence = [`${c.source}: notAfter=${c.facts.notAfter.toISOString()} subject=${c.facts.subject}`];
    const params = {
      source: c.source,
      days: Math.abs(v.days),
      date: c.facts.notAfter.toISOString().slice(0, 10),
    };
    const fix = c.facts.isCa ? "doctor.cert.fixCa" : "doctor.cert.fix";
    out.push(
      v.state === "expired"
        ? finding("cert.expired", "error", c.source, { key: "doctor.cert.expired.title", params }, evidence, {
            key: fix,
          })
        : finding(
            "cert.expiring",
            "warning",
            c.source,
            { key: "doctor.cert.expiring.title", params },
            evidence,
            { key: fix },
          ),
    );
  }
  // The renewal timer (`certs renew --install-timer`), where kubeadm's certificates are: said when
  // it is on; a warning when it is off and something kubeadm renews is due.
  const renewable = entries.filter((c) => c.renewable);
  if (renewable.length === 0) return out;
  if (await renewTimerInstalled({ fs: ctx.env.fs })) {
    out.push(
      finding(
        "cert.renew-timer",
        "info",
        CERTS_TIMER_UNIT,
        { key: "certs.doctor.timerOn.title" },
        [`${CERTS_TIMER_UNIT}: exists`],
        { key: "certs.doctor.timerOn.fix" },
      ),
    );
    return out;
  }
  const due = renewable.filter((c) => certVerdict(c.facts.notAfter, now).state !== "ok");
  if (due.length > 0) {
    out.push(
      finding(
        "cert.no-renew-timer",
        "warning",
        CERTS_TIMER_UNIT,
        { key: "certs.doctor.timerOff.title", params: { count: due.length, days: EXPIRY_WARNING_DAYS } },
        [
          `${CERTS_TIMER_UNIT}: missing`,
          `due: ${due.map((c) => c.name).join(", ")} (earliest notAfter=${new Date(
            Math.min(...due.map((c) => c.facts.notAfter.getTime())),
          ).toISOString()})`,
        ],
        { key: "certs.doctor.timerOff.fix" },
      ),
    );
  }
  return out;
}
