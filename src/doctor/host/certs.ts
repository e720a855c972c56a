import { X509Certificate } from "node:crypto";
import { loadBoundedOrThrow } from "../../util/yaml-safe.js";
import type { HostContext } from "../env.js";
import { type Finding, finding } from "../finding.js";

const PKI = "/etc/kubernetes/pki";
/** Kubeconfigs kubeadm writes with an embedded client certificate (what `kubeadm certs check-expiration` lists). */
const KUBECONFIGS = [
  "/etc/kubernetes/admin.conf",
  "/etc/kubernetes/super-admin.conf",
  "/etc/kubernetes/controller-manager.conf",
  "/etc/kubernetes/scheduler.conf",
  "/etc/kubernetes/kubelet.conf",
];
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface CertInfo {
  /** Host path, with " (client certificate)" for kubeconfigs. */
  source: string;
  subject: string;
  notAfter: Date;
  isCa: boolean;
}

export type CertVerdict = { state: "ok" | "expiring" | "expired"; days: number };

/** Days left (negative: days since expiry) against the warning window. */
export function certVerdict(notAfter: Date, now: Date): CertVerdict {
  const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (notAfter.getTime() <= now.getTime()) return { state: "expired", days };
  return { state: days < EXPIRY_WARNING_DAYS ? "expiring" : "ok", days };
}

/** The first CERTIFICATE block of a PEM text (kubelet-client-current.pem also holds the key). */
export function parseFirstCertificate(pem: string): X509Certificate | undefined {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!m) return undefined;
  try {
    return new X509Certificate(m[0]);
  } catch {
    return undefined;
  }
}

function info(source: string, cert: X509Certificate): CertInfo {
  return {
    source,
    subject: cert.subject.replace(/\n/g, ", "),
    notAfter: new Date(cert.validTo),
    isCa: cert.ca,
  };
}

async function pkiCerts(ctx: HostContext): Promise<CertInfo[]> {
  const dirs = [PKI, `${PKI}/etcd`];
  const lists = await Promise.all(dirs.map(async (d) => ({ d, files: await ctx.env.fs.list(d) })));
  const paths = lists.flatMap(({ d, files }) =>
    files.filter((f) => f.endsWith(".crt")).map((f) => `${d}/${f}`),
  );
  const out = await Promise.all(
    paths.map(async (p) => {
      const cert = parseFirstCertificate((await ctx.env.fs.read(p)) ?? "");
      return cert ? [info(p, cert)] : [];
    }),
  );
  return out.flat();
}

async function kubeconfigCerts(ctx: HostContext): Promise<CertInfo[]> {
  const out = await Promise.all(
    KUBECONFIGS.map(async (path): Promise<CertInfo[]> => {
      const text = await ctx.env.fs.read(path);
      if (text === undefined) return [];
      let doc: unknown;
      try {
        doc = loadBoundedOrThrow(text);
      } catch {
        return [];
      }
      const users = (doc as { users?: { user?: Record<string, unknown> }[] } | null)?.users ?? [];
      const user = users[0]?.user ?? {};
      let pem: string | undefined;
      let source = `${path} (client certificate)`;
      if (typeof user["client-certificate-data"] === "string") {
        pem = Buffer.from(user["client-certificate-data"], "base64").toString("utf8");
      } else if (typeof user["client-certificate"] === "string") {
        // kubelet.conf points at the rotated /var/lib/kubelet/pki/kubelet-client-current.pem.
        source = user["client-certificate"];
        pem = await ctx.env.fs.read(source);
      }
      const cert = pem ? parseFirstCertificate(pem) : undefined;
      return cert ? [info(source, cert)] : [];
    }),
  );
  return out.flat();
}

/** Every kubeadm certificate and kubeconfig client certificate: expired (error) or < 30 days left (warning). */
export async function checkCertificates(ctx: HostContext): Promise<Finding[]> {
  const certs = [...(await pkiCerts(ctx)), ...(await kubeconfigCerts(ctx))];
  const now = ctx.env.now();
  const out: Finding[] = [];
  for (const c of certs) {
    const v = certVerdict(c.notAfter, now);
    if (v.state === "ok") continue;
    const evidence = [`${c.source}: notAfter=${c.notAfter.toISOString()} subject=${c.subject}`];
    const params = { source: c.source, days: Math.abs(v.days), date: c.notAfter.toISOString().slice(0, 10) };
    const fix = c.isCa ? "doctor.cert.fixCa" : "doctor.cert.fix";
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
            {
              key: fix,
            },
          ),
    );
  }
  return out;
}
