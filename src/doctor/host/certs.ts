import { readCertificates } from "../../certs/inventory.js";
import { certVerdict } from "../../certs/x509.js";
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
  return out;
}
