/**
 * A kubeadm control plane's PKI under a temp host root, made by the openssl CLI exactly where
 * kubeadm puts it (phases/certs, phases/kubeconfig): three CAs, the leaves with their SANs and key
 * usages, sa.key/sa.pub, kubeconfigs with embedded client certificates, and kubelet.conf pointing at
 * the rotated /var/lib/kubelet/pki/kubelet-client-current.pem. Everything on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const PKI = "etc/kubernetes/pki";

interface Leaf {
  file: string;
  ca: string;
  cn: string;
  o?: string;
  ext: string;
}

const SERVER = "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n";
const CLIENT = "extendedKeyUsage=clientAuth\n";

const LEAVES: Leaf[] = [
  {
    file: "apiserver",
    ca: "ca",
    cn: "kube-apiserver",
    ext: "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:kubernetes\n",
  },
  {
    file: "apiserver-kubelet-client",
    ca: "ca",
    cn: "kube-apiserver-kubelet-client",
    o: "kubeadm:cluster-admins",
    ext: CLIENT,
  },
  { file: "apiserver-etcd-client", ca: "etcd/ca", cn: "kube-apiserver-etcd-client", ext: CLIENT },
  { file: "front-proxy-client", ca: "front-proxy-ca", cn: "front-proxy-client", ext: CLIENT },
  { file: "etcd/server", ca: "etcd/ca", cn: "control-plane-1", ext: SERVER },
  { file: "etcd/peer", ca: "etcd/ca", cn: "control-plane-1", ext: SERVER },
  { file: "etcd/healthcheck-client", ca: "etcd/ca", cn: "kube-etcd-healthcheck-client", ext: CLIENT },
];

const KUBECONFIGS = [
  { file: "admin.conf", cn: "kubernetes-admin", o: "kubeadm:cluster-admins", user: "kubernetes-admin" },
  {
    file: "super-admin.conf",
    cn: "kubernetes-super-admin",
    o: "system:masters",
    user: "kubernetes-super-admin",
  },
  {
    file: "controller-manager.conf",
    cn: "system:kube-controller-manager",
    user: "system:kube-controller-manager",
  },
  { file: "scheduler.conf", cn: "system:kube-scheduler", user: "system:kube-scheduler" },
];

export interface KubeadmPkiOptions {
  /** Validity of the leaves and client certificates (kubeadm: 365). */
  leafDays?: number;
  /** The API server URL written into the kubeconfigs. */
  server?: string;
  /** More IP SANs of etcd's server and peer certificates (members that talk to each other). */
  etcdIps?: string[];
}

function ssl(cwd: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

function newKey(cwd: string, key: string, csr: string, subj: string): void {
  ssl(
    cwd,
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-subj",
    subj,
    "-keyout",
    key,
    "-out",
    csr,
  );
}

function sign(cwd: string, csr: string, ca: string, days: number, ext: string, out: string): void {
  const extFile = `${out}.ext`;
  writeFileSync(join(cwd, extFile), ext);
  ssl(
    cwd,
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-set_serial",
    `0x${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`,
    "-days",
    String(days),
    "-extfile",
    extFile,
    "-out",
    out,
  );
  rmSync(join(cwd, extFile));
  rmSync(join(cwd, csr));
}

function kubeconfig(server: string, ca: string, user: string, cert: string, key: string): string {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${b64(ca)}`,
    `    server: ${server}`,
    "  name: kubernetes",
    "contexts:",
    "- context:",
    "    cluster: kubernetes",
    `    user: ${user}`,
    `  name: ${user}@kubernetes`,
    `current-context: ${user}@kubernetes`,
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    `    client-certificate-data: ${b64(cert)}`,
    `    client-key-data: ${b64(key)}`,
    "",
  ].join("\n");
}

/** Writes the PKI and kubeconfigs under `root`; returns the CA text (for kubeconfig identity checks). */
export function makeKubeadmPki(root: string, opts: KubeadmPkiOptions = {}): void {
  const days = opts.leafDays ?? 365;
  const server = opts.server ?? "https://127.0.0.1:6443";
  const pki = join(root, PKI);
  mkdirSync(join(pki, "etcd"), { recursive: true });
  for (const [ca, cn] of [
    ["ca", "kubernetes"],
    ["etcd/ca", "etcd-ca"],
    ["front-proxy-ca", "front-proxy-ca"],
  ] as const) {
    ssl(
      pki,
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "3650",
      "-subj",
      `/CN=${cn}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
      "-keyout",
      `${ca}.key`,
      "-out",
      `${ca}.crt`,
    );
  }
  const etcdSans = (opts.etcdIps ?? []).map((ip) => `,IP:${ip}`).join("");
  for (const l of LEAVES) {
    newKey(pki, `${l.file}.key`, `${l.file}.csr`, `/CN=${l.cn}${l.o ? `/O=${l.o}` : ""}`);
    const ext =
      l.file.startsWith("etcd/") && l.ext === SERVER ? l.ext.replace(/\n$/, `${etcdSans}\n`) : l.ext;
    sign(pki, `${l.file}.csr`, l.ca, days, ext, `${l.file}.crt`);
  }
  ssl(pki, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key");
  ssl(pki, "pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");
  const caText = readFileSync(join(pki, "ca.crt"), "utf8");
  const tmp = join(pki, "tmp-kc");
  mkdirSync(tmp, { recursive: true });
  for (const k of KUBECONFIGS) {
    newKey(pki, "tmp-kc/c.key", "tmp-kc/c.csr", `/CN=${k.cn}${k.o ? `/O=${k.o}` : ""}`);
    sign(pki, "tmp-kc/c.csr", "ca", days, CLIENT, "tmp-kc/c.crt");
    const text = kubeconfig(
      server,
      caText,
      k.user,
      readFileSync(join(tmp, "c.crt"), "utf8"),
      readFileSync(join(tmp, "c.key"), "utf8"),
    );
    writeFileSync(join(root, "etc/kubernetes", k.file), text, { mode: 0o600 });
  }
  // The kubelet: a rotated client certificate in one PEM with its key, as the kubelet writes it.
  newKey(pki, "tmp-kc/k.key", "tmp-kc/k.csr", "/CN=system:node:control-plane-1/O=system:nodes");
  sign(pki, "tmp-kc/k.csr", "ca", days, CLIENT, "tmp-kc/k.crt");
  const pem = join(root, "var/lib/kubelet/pki/kubelet-client-current.pem");
  mkdirSync(dirname(pem), { recursive: true });
  writeFileSync(pem, readFileSync(join(tmp, "k.crt"), "utf8") + readFileSync(join(tmp, "k.key"), "utf8"), {
    mode: 0o600,
  });
  writeFileSync(
    join(root, "etc/kubernetes/kubelet.conf"),
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- cluster:",
      `    certificate-authority-data: ${Buffer.from(caText).toString("base64")}`,
      `    server: ${server}`,
      "  name: kubernetes",
      "users:",
      "- name: default-auth",
      "  user:",
      "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem",
      "    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  rmSync(tmp, { recursive: true, force: true });
  for (const f of ["ca.srl", "etcd/ca.srl", "front-proxy-ca.srl"]) rmSync(join(pki, f), { force: true });
}
