/**
 * `certs renew` on one control-plane Node: kubeadm renews the files, the static pods that load
 * them are restarted, and then what they SERVE is compared with the files — a renewal whose
 * restart did not happen is reported as not effective instead of "done".
 */
import {
  type ComponentName,
  readStaticPods,
  restartStaticPod,
  type StaticPod,
} from "../controlplane/static-pods.js";
import { copyAdminKubeconfig } from "../host/kubeconfig-copy.js";
import type { Node } from "../node/node.js";
import { type CertEntry, KUBEADM_CERTS, readCertificates } from "./inventory.js";
import { type ClientPair, type Served, servedCertificate } from "./served.js";
import { type CertFacts, pemFacts } from "./x509.js";

export const ETCD_CLIENT: ClientPair = {
  cert: "/etc/kubernetes/pki/etcd/healthcheck-client.crt",
  key: "/etc/kubernetes/pki/etcd/healthcheck-client.key",
};

/** What the served certificate must be after the restart. */
export type Expectation =
  /** Exactly the certificate in this file (compared by fingerprint; NotAfter shown). */
  | { kind: "file"; path: string }
  /** A self-signed certificate the component generated when it started (no --tls-cert-file): started after `since`. */
  | { kind: "started-after"; since: Date };

export interface ServedVerdict {
  effective: boolean;
  /** Served NotAfter (and the start time for self-signed ones). */
  served?: CertFacts | undefined;
  /** The file's NotAfter when there is a file to compare with. */
  file?: CertFacts | undefined;
  error?: string | undefined;
}

/** When a component generated its self-signed serving certificate: CN "host@<unix seconds>" (client-go cert.GenerateSelfSignedCertKey), else NotBefore + 1 h. */
export function selfSignedStart(facts: CertFacts): Date {
  const m = /@(\d{9,})$/.exec(facts.commonName);
  if (m) return new Date(Number(m[1]) * 1000);
  return new Date(facts.notBefore.getTime() + 3_600_000);
}

/** PURE: is what is served what should be served? */
export function judgeServed(served: Served, expect: Expectation, file: CertFacts | undefined): ServedVerdict {
  if (!served.ok) return { effective: false, error: served.error, file };
  if (expect.kind === "file") {
    return {
      effective: file !== undefined && served.facts.fingerprint === file.fingerprint,
      served: served.facts,
      file,
    };
  }
  // Second resolution in the CN: allow the second the restart began in.
  const started = selfSignedStart(served.facts);
  return {
    effective: started.getTime() >= Math.floor(expect.since.getTime() / 1000) * 1000,
    served: served.facts,
  };
}

export interface RenewPlan {
  /** kubeadm invocations (without the binary). */
  kubeadm: string[][];
  /** The certificates to be renewed as read now. */
  before: CertEntry[];
  /** Static pods to restart, in order (etcd before the API server that depends on it). */
  restart: StaticPod[];
  /** Whether admin.conf is renewed (then ~/.kube/config copies are refreshed). */
  admin: boolean;
}

/** Which static pod loads what, from the renewed names (`all`: every pod there is). */
export async function planRenew(node: Node, names: readonly string[] | "all"): Promise<RenewPlan> {
  const { entries } = await readCertificates(node.fs);
  const wanted = names === "all" ? KUBEADM_CERTS.map((c) => c.name) : names;
  const before = entries.filter((e) => e.renewable && wanted.includes(e.name));
  const components = new Set<ComponentName>(
    KUBEADM_CERTS.filter((c) => wanted.includes(c.name) && c.component).map(
      (c) => c.component as ComponentName,
    ),
  );
  const pods = (await readStaticPods(node)).filter((p) => components.has(p.component));
  return {
    kubeadm: names === "all" ? [["certs", "renew", "all"]] : names.map((n) => ["certs", "renew", n]),
    before,
    restart: pods,
    admin: wanted.includes("admin.conf"),
  };
}

/** The expectation for a pod's serving certificate, from its manifest's flags. */
export function expectationFor(pod: StaticPod, since: Date): Expectation {
  const file = pod.flags.get(pod.component === "etcd" ? "cert-file" : "tls-cert-file");
  return file ? { kind: "file", path: file } : { kind: "started-after", since };
}

export interface ComponentResult {
  component: ComponentName;
  endpoint: string;
  restart: "restarted" | "not-stopped" | "not-started";
  verdict: ServedVerdict;
  expectation: Expectation;
}

/** Restarts each pod and checks what it serves; retries the handshake a little (a server may open its port first). */
export async function restartAndVerify(
  node: Node,
  pods: readonly StaticPod[],
  opts: {
    timeoutMs: number;
    signal?: AbortSignal;
    onComponent?: (c: ComponentName, phase: "restart" | "verify") => void;
  },
): Promise<ComponentResult[]> {
  const out: ComponentResult[] = [];
  for (const pod of pods) {
    opts.onComponent?.(pod.component, "restart");
    const since = new Date();
    const restart = await restartStaticPod(node, pod, opts.timeoutMs, opts.signal);
    opts.onComponent?.(pod.component, "verify");
    const expectation = expectationFor(pod, since);
    const file = expectation.kind === "file" ? await readCertificatesFile(node, expectation.path) : undefined;
    const client = pod.component === "etcd" ? ETCD_CLIENT : undefined;
    let verdict: ServedVerdict;
    const deadline = Date.now() + Math.min(opts.timeoutMs, 10_000);
    for (;;) {
      verdict = judgeServed(await servedCertificate(node, pod.endpoint, client), expectation, file);
      if (verdict.effective || restart !== "restarted" || Date.now() >= deadline || opts.signal?.aborted)
        break;
      await new Promise((r) => setTimeout(r, 250));
    }
    out.push({
      component: pod.component,
      endpoint: `${pod.endpoint.host.includes(":") ? `[${pod.endpoint.host}]` : pod.endpoint.host}:${pod.endpoint.port}`,
      restart,
      verdict,
      expectation,
    });
  }
  return out;
}

async function readCertificatesFile(node: Node, path: string): Promise<CertFacts | undefined> {
  return pemFacts(await node.fs.read(path));
}

export interface KubeconfigRefresh {
  path: string;
  /** refreshed: now the renewed admin.conf; kept: another cluster's or user's config, left alone. */
  state: "refreshed" | "unchanged" | "kept";
}

/**
 * admin.conf -> root's and the sudo user's ~/.kube/config, but only where that file is missing or a
 * copy of this cluster's admin.conf (same CA and server): a config for other clusters is the user's.
 */
export async function refreshKubeconfigs(
  node: Node,
  sudoUser: string | undefined,
): Promise<KubeconfigRefresh[]> {
  const admin = await node.fs.read("/etc/kubernetes/admin.conf");
  if (admin === undefined) return [];
  const identity = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const ca = /certificate-authority-data:\s*(\S+)/.exec(text)?.[1];
    const server = /server:\s*(\S+)/.exec(text)?.[1];
    return ca && server ? `${server} ${ca}` : undefined;
  };
  const mine = identity(admin);
  const kept: string[] = [];
  const res = await copyAdminKubeconfig(node.fs, sudoUser, (current, path) => {
    const ok = current === undefined || (mine !== undefined && identity(current) === mine);
    if (!ok) kept.push(path);
    return ok;
  });
  return [
    ...res.changes.map(
      (c): KubeconfigRefresh => ({ path: c.path, state: c.changed ? "refreshed" : "unchanged" }),
    ),
    ...kept.map((path): KubeconfigRefresh => ({ path, state: "kept" })),
  ];
}
