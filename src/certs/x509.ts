/**
 * The one certificate reader: PEM text -> plain facts (node:crypto X509Certificate), and the
 * expiry verdict. Used by `certs check`, `certs renew`'s verification and doctor.
 */
import { X509Certificate } from "node:crypto";

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** What we need to know of one certificate, as plain data (JSON-able once dates are strings). */
export interface CertFacts {
  subject: string;
  /** Common name alone ("kube-apiserver", "localhost@1733212345"). */
  commonName: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  /** SHA-256 fingerprint, colon-separated hex: tells two certificates with the same dates apart. */
  fingerprint: string;
}

export type CertVerdict = { state: "ok" | "expiring" | "expired"; days: number };

/** Days left (negative: days since expiry) against the warning window. */
export function certVerdict(notAfter: Date, now: Date, warnDays = EXPIRY_WARNING_DAYS): CertVerdict {
  const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (notAfter.getTime() <= now.getTime()) return { state: "expired", days };
  return { state: days < warnDays ? "expiring" : "ok", days };
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

export function certFacts(cert: X509Certificate): CertFacts {
  const subject = cert.subject.replace(/\n/g, ", ");
  return {
    subject,
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? "",
    issuer: cert.issuer.replace(/\n/g, ", "),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    isCa: cert.ca,
    fingerprint: cert.fingerprint256,
  };
}

/** Facts of the first certificate in a PEM text, or undefined when there is none that parses. */
export function pemFacts(pem: string | undefined): CertFacts | undefined {
  const cert = pem === undefined ? undefined : parseFirstCertificate(pem);
  return cert ? certFacts(cert) : undefined;
}
