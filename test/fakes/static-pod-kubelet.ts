/**
 * A stand-in for the kubelet's static pods under a temp host root: it watches
 * <root>/etc/kubernetes/manifests like the kubelet does (polling, here every 100 ms instead of 20 s)
 * and runs what each manifest describes on 127.0.0.1:
 *   etcd.yaml                     the REAL etcd binary with the manifest's flags (paths rooted)
 *   kube-apiserver.yaml           a node:tls HTTPS server with --tls-cert-file, answering /livez
 *   kube-controller-manager.yaml, kube-scheduler.yaml
 *                                 HTTPS servers with a self-signed certificate made at start
 *                                 (CN "localhost@<unix seconds>", as client-go does)
 * A removed manifest stops the process; a manifest back starts it again. `ignore` makes it a kubelet
 * that does not act on a component; `stale` one that restarts it with the certificate it loaded first;
 * `noRestart` one that stops it but never starts it again.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttps, type Server } from "node:https";
import { createServer as createNet } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";

export type Component = "etcd" | "kube-apiserver" | "kube-controller-manager" | "kube-scheduler";
const COMPONENTS: Component[] = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNet();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  etcdMetrics: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
}

export async function freePorts(): Promise<Ports> {
  return {
    etcdClient: await freePort(),
    etcdPeer: await freePort(),
    etcdMetrics: await freePort(),
    apiserver: await freePort(),
    controllerManager: await freePort(),
    scheduler: await freePort(),
  };
}

function manifest(name: string, command: string[]): string {
  return yaml.dump({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "kube-system", labels: { component: name, tier: "control-plane" } },
    spec: { containers: [{ name, image: `registry.k8s.io/${name}:v1.33.2`, command }], hostNetwork: true },
  });
}

/** kubeadm-shaped manifests (the flags kubeadm writes that matter here), on the given ports. */
export function writeControlPlaneManifests(root: string, p: Ports): void {
  const dir = join(root, "etc/kubernetes/manifests");
  mkdirSync(dir, { recursive: true });
  const pki = "/etc/kubernetes/pki";
  const files: Record<string, string> = {
    "etcd.yaml": manifest("etcd", [
      "etcd",
      `--advertise-client-urls=https://127.0.0.1:${p.etcdClient}`,
      `--cert-file=${pki}/etcd/server.crt`,
      "--client-cert-auth=true",
      "--data-dir=/var/lib/etcd",
      `--initial-advertise-peer-urls=https://127.0.0.1:${p.etcdPeer}`,
      `--initial-cluster=control-plane-1=https://127.0.0.1:${p.etcdPeer}`,
      `--key-file=${pki}/etcd/server.key`,
      `--listen-client-urls=https://127.0.0.1:${p.etcdClient}`,
      `--listen-metrics-urls=http://127.0.0.1:${p.etcdMetrics}`,
      `--listen-peer-urls=https://127.0.0.1:${p.etcdPeer}`,
      "--name=control-plane-1",
      `--peer-cert-file=${pki}/etcd/peer.crt`,
      "--peer-client-cert-auth=true",
      `--peer-key-file=${pki}/etcd/peer.key`,
      `--peer-trusted-ca-file=${pki}/etcd/ca.crt`,
      "--snapshot-count=10000",
      `--trusted-ca-file=${pki}/etcd/ca.crt`,
    ]),
    "kube-apiserver.yaml": manifest("kube-apiserver", [
      "kube-apiserver",
      "--advertise-address=127.0.0.1",
      `--etcd-servers=https://127.0.0.1:${p.etcdClient}`,
      `--secure-port=${p.apiserver}`,
      `--tls-cert-file=${pki}/apiserver.crt`,
      `--tls-private-key-file=${pki}/apiserver.key`,
    ]),
    "kube-controller-manager.yaml": manifest("kube-controller-manager", [
      "kube-controller-manager",
      "--bind-address=127.0.0.1",
      "--kubeconfig=/etc/kubernetes/controller-manager.conf",
      `--secure-port=${p.controllerManager}`,
    ]),
    "kube-scheduler.yaml": manifest("kube-scheduler", [
      "kube-scheduler",
      "--bind-address=127.0.0.1",
      "--kubeconfig=/etc/kubernetes/scheduler.conf",
      `--secure-port=${p.scheduler}`,
    ]),
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text, { mode: 0o600 });
}

const ROOTED_FLAGS = new Set([
  "cert-file",
  "key-file",
  "trusted-ca-file",
  "peer-cert-file",
  "peer-key-file",
  "peer-trusted-ca-file",
  "data-dir",
]);

function flagsOf(text: string): Map<string, string> {
  const doc = yaml.load(text) as { spec: { containers: { command: string[] }[] } };
  const out = new Map<string, string>();
  for (const w of doc.spec.containers[0]?.command ?? []) {
    const m = /^--([^=]+)=(.*)$/.exec(w);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

function parses(text: string): boolean {
  try {
    return Array.isArray((yaml.load(text) as { spec?: { containers?: unknown } })?.spec?.containers);
  } catch {
    return false;
  }
}

function selfSigned(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "fake-kubelet-ss-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "365",
        "-subj",
        `/CN=localhost@${Math.floor(Date.now() / 1000)}`,
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
      ],
      { cwd: dir, stdio: "pipe" },
    );
    return { cert: readFileSync(join(dir, "c.pem"), "utf8"), key: readFileSync(join(dir, "k.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Running = { kind: "process"; child: ChildProcess } | { kind: "server"; server: Server };

export interface FakeKubelet {
  /** Components it leaves as they are (a kubelet that does not act on their manifests). */
  ignore: Set<Component>;
  /** Components it restarts with the certificate they were first started with. */
  stale: Set<Component>;
  /** Components it stops when their manifest goes but does not start again (a pod that does not come back). */
  noRestart: Set<Component>;
  /** How many times each was started. */
  starts: Record<Component, number>;
  /** Every start and stop in order: "start kube-apiserver <image>", "stop etcd". */
  history: string[];
  running(c: Component): boolean;
  stop(): Promise<void>;
}

export function startFakeKubelet(root: string): FakeKubelet {
  const running = new Map<Component, Running>();
  const firstCert = new Map<Component, { cert: string; key: string }>();
  const starts = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  // The manifest each running pod was started from: like the kubelet, a changed manifest restarts it.
  const startedFrom = new Map<Component, string>();
  const history: string[] = [];
  const kubelet: FakeKubelet = {
    ignore: new Set(),
    stale: new Set(),
    noRestart: new Set(),
    starts,
    history,
    running: (c) => running.has(c),
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...running.keys()].map((c) => stopOne(c)));
    },
  };
  const rooted = (p: string) => join(root, p);

  const start = (c: Component, text: string) => {
    const flags = flagsOf(text);
    starts[c]++;
    startedFrom.set(c, text);
    history.push(`start ${c} ${/image:\s*(\S+)/.exec(text)?.[1] ?? "?"}`);
    if (c === "etcd") {
      const args = [...flags].map(([k, v]) => `--${k}=${ROOTED_FLAGS.has(k) ? rooted(v) : v}`);
      const child = spawn("etcd", args, { stdio: ["ignore", "ignore", "pipe"] });
      child.stderr?.resume();
      running.set(c, { kind: "process", child });
      return;
    }
    let pair: { cert: string; key: string };
    if (kubelet.stale.has(c) && firstCert.has(c)) pair = firstCert.get(c) as { cert: string; key: string };
    else if (c === "kube-apiserver") {
      pair = {
        cert: readFileSync(rooted(flags.get("tls-cert-file") as string), "utf8"),
        key: readFileSync(rooted(flags.get("tls-private-key-file") as string), "utf8"),
      };
    } else pair = selfSigned();
    if (!firstCert.has(c)) firstCert.set(c, pair);
    const server = createHttps({ ...pair }, (req, res) => {
      res.writeHead(req.url === "/livez" || req.url === "/healthz" ? 200 : 404);
      res.end("ok");
    });
    server.listen(Number(flags.get("secure-port")), "127.0.0.1");
    running.set(c, { kind: "server", server });
  };

  const stopOne = (c: Component): Promise<void> => {
    const r = running.get(c);
    running.delete(c);
    if (!r) return Promise.resolve();
    history.push(`stop ${c}`);
    if (r.kind === "server") {
      return new Promise((res) => {
        r.server.close(() => res());
        r.server.closeAllConnections();
      });
    }
    return new Promise((res) => {
      if (r.child.exitCode !== null) return res();
      r.child.once("exit", () => res());
      r.child.kill("SIGTERM");
    });
  };

  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const c of COMPONENTS) {
        if (kubelet.ignore.has(c)) continue;
        const path = rooted(`etc/kubernetes/manifests/${c}.yaml`);
        let text = existsSync(path) ? readFileSync(path, "utf8") : undefined;
        // A manifest caught half-written is not a pod yet (the kubelet skips what it cannot parse):
        // leave the component as it is until the next look.
        if (text !== undefined && !parses(text)) text = startedFrom.get(c);
        if (text === undefined && existsSync(path)) continue;
        if (text !== undefined && running.has(c) && text !== startedFrom.get(c)) await stopOne(c);
        if (text !== undefined && !running.has(c) && !(kubelet.noRestart.has(c) && starts[c] > 0))
          start(c, text);
        else if (text === undefined && running.has(c)) await stopOne(c);
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick().catch(() => {}), 100);
  void tick().catch(() => {});
  return kubelet;
}
