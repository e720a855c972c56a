/**
 * Every certificate kubeadm manages on a control plane (or a worker: kubelet.conf only), read
 * through a Node's HostFs so the same code runs locally and over SSH. Names are kubeadm's own
 * (`kubeadm certs check-expiration`, cmd/kubeadm/app/phases/certs/renewal/manager.go), so a NAME
 * given to `certs renew` is exactly what kubeadm accepts.
 */
import type { HostFs } from "../host/host-fs.js";
import { loadBoundedOrThrow } from "../util/yaml-safe.js";
import { type CertFacts, pemFacts } from "./x509.js";

export const PKI = "/etc/kubernetes/pki";
export const KUBELET_CONF = "/etc/kubernetes/kubelet.conf";

export type CertKind = "ca" | "cert" | "kubeconfig";

/** A certificate kubeadm knows: its name, file, signing CA and the component that loads it. */
export interface KnownCert {
  name: string;
  path: string;
  kind: CertKind;
  /** kubeadm's name of the CA that signed it (none for a CA). */
  authority?: string;
  /** The static pod that must restart to load a renewed file (none: read on each use). */
  component?: Component;
}

export type Component = "kube-apiserver" | "kube-controller-manager" | "kube-scheduler" | "etcd";

/** kubeadm's renewable certificates in its own order (renewal.Manager.Certificates()). */
export const KUBEADM_CERTS: readonly KnownCert[] = [
  { name: "admin.conf", path: "/etc/kubernetes/admin.conf", kind: "kubeconfig", authority: "ca" },
  {
    name: "apiserver",
    path: `${PKI}/apiserver.crt`,
    kind: "cert",
    authority: "ca",
    component: "kube-apiserver",
  },
  {
    name: "apiserver-etcd-client",
    path: `${PKI}/apiserver-etcd-client.crt`,
    kind: "cert",
    authority: "etcd-ca",
    component: "kube-apiserver",
  },
  {
    name: "apiserver-kubelet-client",
    path: `${PKI}/apiserver-kubelet-client.crt`,
    kind: "cert",
    authority: "ca",
    component: "kube-apiserver",
  },
  {
    name: "controller-manager.conf",
    path: "/etc/kubernetes/controller-manager.conf",
    kind: "kubeconfig",
    authority: "ca",
    component: "kube-controller-manager",
  },
  // Read by the liveness probe's etcdctl on every run: no restart needed.
  {
    name: "etcd-healthcheck-client",
    path: `${PKI}/etcd/healthcheck-client.crt`,
    kind: "cert",
    authority: "etcd-ca",
  },
  { name: "etcd-peer", path: `${PKI}/etcd/peer.crt`, kind: "cert", authority: "etcd-ca", component: "etcd" },
  {
    name: "etcd-server",
    path: `${PKI}/etcd/server.crt`,
    kind: "cert",
    authority: "etcd-ca",
    component: "etcd",
  },
  {
    name: "front-proxy-client",
    path: `${PKI}/front-proxy-client.crt`,
    kind: "cert",
    authority: "front-proxy-ca",
    component: "kube-apiserver",
  },
  {
    name: "scheduler.conf",
    path: "/etc/kubernetes/scheduler.conf",
    kind: "kubeconfig",
    authority: "ca",
    component: "kube-scheduler",
  },
  {
    name: "super-admin.conf",
    path: "/etc/kubernetes/super-admin.conf",
    kind: "kubeconfig",
    authority: "ca",
  },
];

export const KUBEADM_CAS: readonly KnownCert[] = [
  { name: "ca", path: `${PKI}/ca.crt`, kind: "ca" },
  { name: "etcd-ca", path: `${PKI}/etcd/ca.crt`, kind: "ca" },
  { name: "front-proxy-ca", path: `${PKI}/front-proxy-ca.crt`, kind: "ca" },
];

/** Names `kubeadm certs renew` accepts. */
export const RENEWABLE_NAMES = KUBEADM_CERTS.map((c) => c.name);

export interface CertEntry {
  /** kubeadm's name, "kubelet.conf", or the file name for other certificates under pki/. */
  name: string;
  /** The file the certificate is in (a kubeconfig for embedded ones; the rotated PEM for the kubelet). */
  path: string;
  kind: CertKind;
  authority?: string | undefined;
  component?: Component | undefined;
  /** kubeadm certs renew renews it. */
  renewable: boolean;
  /** The kubelet rotates it itself (kubelet.conf pointing at kubelet-client-current.pem). */
  rotates?: boolean;
  /** How doctor has always named it: the path, "<kubeconfig> (client certificate)". */
  source: string;
  facts: CertFacts;
}

/** A known certificate whose file is there but holds nothing we can read. */
export interface CertProblem {
  name: string;
  path: string;
}

const isEntry = (e: CertEntry | CertProblem): e is CertEntry => "facts" in e;

/** The client certificate of a kubeconfig's first user: embedded data, or the file it points at. */
async function kubeconfigClientCert(
  fs: HostFs,
  path: string,
): Promise<{ pem: string | undefined; file: string | undefined } | undefined> {
  const text = await fs.read(path);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = loadBoundedOrThrow(text);
  } catch {
    return { pem: undefined, file: undefined };
  }
  const users = (doc as { users?: { user?: Record<string, unknown> }[] } | null)?.users ?? [];
  const user = users[0]?.user ?? {};
  if (typeof user["client-certificate-data"] === "string") {
    return { pem: Buffer.from(user["client-certificate-data"], "base64").toString("utf8"), file: undefined };
  }
  if (typeof user["client-certificate"] === "string") {
    const file = user["client-certificate"];
    return { pem: await fs.read(file), file };
  }
  return { pem: undefined, file: undefined };
}

/**
 * Reads every certificate: kubeadm's CAs and leaves, any other *.crt under pki/ and pki/etcd/,
 * the kubeconfigs' client certificates and the kubelet's. Absent files are simply not listed (a
 * worker has only kubelet.conf); present but unreadable known ones are problems.
 */
export async function readCertificates(
  fs: HostFs,
): Promise<{ entries: CertEntry[]; problems: CertProblem[] }> {
  const entries: CertEntry[] = [];
  const problems: CertProblem[] = [];
  const known = new Map([...KUBEADM_CAS, ...KUBEADM_CERTS].map((c) => [c.path, c]));

  const dirs = [PKI, `${PKI}/etcd`];
  const listed = await Promise.all(dirs.map(async (d) => (await fs.list(d)).map((f) => `${d}/${f}`)));
  const crtFiles = listed.flat().filter((p) => p.endsWith(".crt"));
  const pkiEntries = await Promise.all(
    crtFiles.map(async (path): Promise<CertEntry | CertProblem> => {
      const k = known.get(path);
      const name = k?.name ?? path.slice(PKI.length + 1);
      const facts = pemFacts(await fs.read(path));
      if (!facts) return { name, path };
      return {
        name,
        path,
        kind: k?.kind ?? (facts.isCa ? "ca" : "cert"),
        authority: k?.authority,
        component: k?.component,
        renewable: k !== undefined && k.kind !== "ca",
        source: path,
        facts,
      };
    }),
  );
  const kubeconfigs = [...KUBEADM_CERTS.filter((c) => c.kind === "kubeconfig"), { path: KUBELET_CONF }];
  const kcEntries = await Promise.all(
    kubeconfigs.map(async (k): Promise<CertEntry | CertProblem | undefined> => {
      const kc = await kubeconfigClientCert(fs, k.path);
      if (kc === undefined) return undefined;
      const name = "name" in k ? k.name : "kubelet.conf";
      const facts = pemFacts(kc.pem);
      if (!facts) return { name, path: kc.file ?? k.path };
      const base = "name" in k ? k : { kind: "kubeconfig" as const, authority: "ca" };
      return {
        name,
        path: kc.file ?? k.path,
        kind: "kubeconfig",
        authority: base.authority,
        component: "component" in base ? base.component : undefined,
        renewable: "name" in k,
        // Only the kubelet rotates its client certificate (rotateCertificates, on by default).
        ...("name" in k
          ? {}
          : { rotates: kc.file !== undefined && /kubelet-client-current\.pem$/.test(kc.file) }),
        source: kc.file ?? `${k.path} (client certificate)`,
        facts,
      };
    }),
  );
  for (const e of [...pkiEntries, ...kcEntries]) {
    if (e === undefined) continue;
    if (isEntry(e)) entries.push(e);
    else problems.push(e);
  }
  const order = new Map([...KUBEADM_CERTS, ...KUBEADM_CAS].map((c, i) => [c.name, i]));
  const rank = (e: CertEntry) => order.get(e.name) ?? (e.name === "kubelet.conf" ? 100 : 200);
  entries.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return { entries, problems };
}
