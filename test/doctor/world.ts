/**
 * A whole world for doctor scenarios: a cluster as JSON objects in an in-memory FakeCluster behind
 * the KubeClient port (the fake API server and the real adapter when a scenario is about the wire:
 * an unreachable server, a refused token), a host as files under a temp root, a scripted runner for systemctl/journalctl/versions, and real
 * HTTPS /healthz servers on 127.0.0.1 standing in for kube-controller-manager and kube-scheduler.
 * `healthy*()` build a world with nothing wrong; scenarios change one thing.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import yaml from "js-yaml";
import type { DoctorEnv } from "../../src/doctor/env.js";
import { fromSpec } from "../../src/doctor/expected.js";
import { httpsProber } from "../../src/doctor/prober.js";
import { type DoctorReport, type DoctorScope, runDoctor } from "../../src/doctor/run.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { loadKubeClient } from "../../src/kube/client-node.js";
import { pauseImage } from "../../src/kubeadm/images.js";
import type { ClusterSpec } from "../../src/spec/types.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FakeCluster } from "../fakes/kube-client.js";
import { FakeRunner, type Reply } from "../fakes/runner.js";

export const VERSION = "v1.33.2";
export const REPO = "registry.aliyuncs.com/google_containers";
export const POD_SUBNET = "10.244.0.0/16";
export const PAUSE = pauseImage(VERSION, REPO);

// ---- certificates (openssl, once per process) ------------------------------------------------

export interface Pki {
  dir: string;
  caCrt: string;
  leafCrt: string;
  leafKey: string;
  /** notAfter of the leaf (365 days); the CA lives 3650 days. */
  leafNotAfter: Date;
}

let pki: Pki | undefined;
export function testPki(): Pki {
  if (pki) return pki;
  const dir = mkdtempSync(join(tmpdir(), "kadm-doctor-pki-"));
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  ssl(
    "req",
    "-x509",
    ...ec,
    "-days",
    "3650",
    "-subj",
    "/CN=kubernetes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
  );
  ssl("req", ...ec, "-subj", "/CN=kube-apiserver", "-keyout", "leaf.key", "-out", "leaf.csr");
  writeFileSync(join(dir, "leaf.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  ssl(
    "x509",
    "-req",
    "-in",
    "leaf.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "365",
    "-extfile",
    "leaf.ext",
    "-out",
    "leaf.crt",
  );
  const leafCrt = readFileSync(join(dir, "leaf.crt"), "utf8");
  const end = execFileSync("openssl", ["x509", "-noout", "-enddate", "-in", "leaf.crt"], {
    cwd: dir,
  }).toString();
  pki = {
    dir,
    caCrt: readFileSync(join(dir, "ca.crt"), "utf8"),
    leafCrt,
    leafKey: readFileSync(join(dir, "leaf.key"), "utf8"),
    leafNotAfter: new Date(end.replace("notAfter=", "").trim()),
  };
  return pki;
}

// ---- the cluster ---------------------------------------------------------------------------------

const ready = (extra: Record<string, unknown>[] = []) => ({
  conditions: [
    { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory" },
    { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure" },
    { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID" },
    { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
    ...extra,
  ],
  nodeInfo: { kubeletVersion: VERSION },
});

export function node(name: string, podCIDR: string | undefined, status = ready()): FakeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
    status,
  };
}

export function runningPod(
  namespace: string,
  name: string,
  opts: { labels?: Record<string, string>; image?: string; container?: string; nodeName?: string } = {},
): FakeObject {
  const container = opts.container ?? "main";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: opts.labels ?? {} },
    spec: {
      nodeName: opts.nodeName ?? "cp-1",
      containers: [{ name: container, image: opts.image ?? "busybox:1.36" }],
    },
    status: {
      phase: "Running",
      conditions: [
        { type: "PodScheduled", status: "True" },
        { type: "Ready", status: "True" },
      ],
      containerStatuses: [
        {
          name: container,
          image: opts.image ?? "busybox:1.36",
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: "2025-01-01T00:00:00Z" } },
        },
      ],
    },
  };
}

export function kubeadmConfig(podSubnet: string = POD_SUBNET): FakeObject {
  const cc = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "ClusterConfiguration",
    kubernetesVersion: VERSION,
    imageRepository: REPO,
    networking: {
      dnsDomain: "cluster.local",
      serviceSubnet: "10.96.0.0/12",
      ...(podSubnet ? { podSubnet } : {}),
    },
  };
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kubeadm-config", namespace: "kube-system" },
    data: { ClusterConfiguration: yaml.dump(cc) },
  };
}

export function flannelConfig(network = POD_SUBNET): FakeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kube-flannel-cfg", namespace: "kube-flannel" },
    data: {
      "net-conf.json": JSON.stringify(
        { Network: network, EnableNFTables: false, Backend: { Type: "vxlan" } },
        null,
        2,
      ),
    },
  };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

export function bootstrapToken(id: string, expiration: Date): FakeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: `bootstrap-token-${id}`, namespace: "kube-system" },
    type: "bootstrap.kubernetes.io/token",
    data: {
      "token-id": b64(id),
      "token-secret": b64("0123456789abcdef"),
      expiration: b64(expiration.toISOString().replace(/\.\d{3}Z$/, "Z")),
      "usage-bootstrap-authentication": b64("true"),
      "usage-bootstrap-signing": b64("true"),
    },
  };
}

export function healthyCluster(): FakeObject[] {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-flannel" } },
    node("cp-1", "10.244.0.0/24"),
    node("worker-1", "10.244.1.0/24"),
    kubeadmConfig(),
    flannelConfig(),
    bootstrapToken("abcdef", new Date(Date.now() + 20 * 3600_000)),
    runningPod("kube-flannel", "kube-flannel-ds-aaaaa", {
      labels: { app: "flannel" },
      container: "kube-flannel",
    }),
    runningPod("kube-flannel", "kube-flannel-ds-bbbbb", {
      labels: { app: "flannel" },
      container: "kube-flannel",
      nodeName: "worker-1",
    }),
    runningPod("kube-system", "coredns-6d4b7c9f8-x2x7z", {
      labels: { "k8s-app": "kube-dns" },
      container: "coredns",
    }),
    runningPod("kube-system", "kube-apiserver-cp-1", {
      labels: { component: "kube-apiserver" },
      container: "kube-apiserver",
    }),
    runningPod("default", "web-1", { labels: { app: "web" }, nodeName: "worker-1" }),
  ];
}

// ---- the host ------------------------------------------------------------------------------------

const TCP_HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
export const tcpListen = (ports: number[]) =>
  TCP_HEADER +
  ports
    .map(
      (p, i) =>
        `  ${i}: 00000000:${p.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5${i}123 1 0000000000000000 100 0 0 10 0\n`,
    )
    .join("");

export function containerdToml(opts: { systemd?: boolean; sandbox?: string | null } = {}): string {
  const sandbox = opts.sandbox === undefined ? PAUSE : opts.sandbox;
  return `version = 2

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
${sandbox === null ? "" : `    sandbox_image = "${sandbox}"\n`}    [plugins."io.containerd.grpc.v1.cri".containerd]
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          SystemdCgroup = ${opts.systemd === false ? "false" : "true"}
`;
}

export type HostTree = Record<string, string | null>;

/** A control-plane node as kubeadm leaves it, with everything right. null: a directory. */
export function healthyControlPlaneHost(): HostTree {
  const p = testPki();
  return {
    "/etc/kubernetes/manifests/kube-apiserver.yaml": "kind: Pod\n",
    "/etc/kubernetes/manifests/etcd.yaml": "kind: Pod\n",
    "/etc/kubernetes/admin.conf":
      "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: x\n",
    "/etc/kubernetes/kubelet.conf": "apiVersion: v1\nkind: Config\n",
    "/etc/kubernetes/pki/ca.crt": p.caCrt,
    "/etc/kubernetes/pki/apiserver.crt": p.leafCrt,
    "/etc/kubernetes/pki/etcd/ca.crt": p.caCrt,
    "/var/lib/kubelet/config.yaml":
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n",
    "/etc/containerd/config.toml": containerdToml(),
    // kubeadm/kubelet/kubectl where their packages put them (found under the root: node/binaries.ts).
    "/usr/bin/kubeadm": "",
    "/usr/bin/kubelet": "",
    "/usr/bin/kubectl": "",
    "/etc/cni/net.d/10-flannel.conflist":
      '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel"}]}\n',
    "/proc/swaps": "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n",
    "/proc/modules":
      "br_netfilter 32768 0 - Live 0x0000000000000000\noverlay 151552 0 - Live 0x0000000000000000\n",
    "/proc/sys/net/bridge/bridge-nf-call-iptables": "1\n",
    "/proc/sys/net/ipv4/ip_forward": "1\n",
    "/sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
    "/proc/net/tcp": tcpListen([6443, 2379, 2380, 10250, 10257, 10259]),
  };
}

export function writeHost(tree: HostTree): string {
  const root = mkdtempSync(join(tmpdir(), "kadm-doctor-root-"));
  for (const [path, content] of Object.entries(tree)) {
    const abs = join(root, path);
    if (content === null) {
      mkdirSync(abs, { recursive: true });
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

export const systemctlShow = (active: string, sub: string, result = "success") =>
  `LoadState=loaded\nActiveState=${active}\nSubState=${sub}\nResult=${result}\n`;

export function healthyReplies(): Record<string, Reply> {
  return {
    "systemctl show kubelet --property=LoadState,ActiveState,SubState,Result --no-pager": {
      stdout: systemctlShow("active", "running"),
    },
    "systemctl show containerd --property=LoadState,ActiveState,SubState,Result --no-pager": {
      stdout: systemctlShow("active", "running"),
    },
    "/usr/bin/kubeadm version -o short": { stdout: `${VERSION}\n` },
    "/usr/bin/kubelet --version": { stdout: `Kubernetes ${VERSION}\n` },
    "/usr/bin/kubectl version --client -o json": {
      stdout: JSON.stringify({ clientVersion: { gitVersion: VERSION } }),
    },
  };
}

// ---- /healthz servers ----------------------------------------------------------------------------

export interface HealthServer {
  endpoint: string;
  /** What /healthz answers from now on. */
  answer: { status: number; body: string };
  close(): Promise<void>;
}

export async function startHealthServer(): Promise<HealthServer> {
  const p = testPki();
  const state = { status: 200, body: "ok" };
  const server: Server = createServer({ cert: p.leafCrt, key: p.leafKey }, (req, res) => {
    if (req.url !== "/healthz") {
      res.writeHead(404).end("404 page not found");
      return;
    }
    res.writeHead(state.status, { "Content-Type": "text/plain" }).end(state.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `127.0.0.1:${port}`,
    get answer() {
      return state;
    },
    set answer(a) {
      state.status = a.status;
      state.body = a.body;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

// ---- running doctor ------------------------------------------------------------------------------

export interface World {
  cluster?: FakeObject[] | undefined;
  /** Applied after the cluster is set up (pod logs, faults). */
  tweak?: (cluster: FakeCluster) => void;
  host?: HostTree | undefined;
  replies?: Record<string, Reply>;
  scope?: DoctorScope;
  /** Shifts doctor's clock (certificates, tokens, pod ages). */
  now?: Date;
  /** The scenario is about the wire: the cluster is served by the fake API server, read through this kubeconfig. */
  kubeconfig?: (server: FakeApiServer) => string;
  /** On the wire too (paging, 410s): the fake API server, set up by this before doctor runs. */
  tweakServer?: (server: FakeApiServer) => void;
  /** Health endpoints; default: the shared healthy servers. */
  endpoints?: { controllerManager: string; scheduler: string };
  fallback?: ClusterSpec;
  /** Items per list page (doctor's default 500). */
  pageSize?: number;
}

const FALLBACK: ClusterSpec = {
  profile: "aliyun",
  kubernetesVersion: "v1.35.7",
  imageRepository: REPO,
  networking: { podSubnet: POD_SUBNET, serviceSubnet: "10.96.0.0/12", dnsDomain: "cluster.local" },
  controlPlane: {
    advertiseAddress: undefined,
    bindPort: 6443,
    endpoint: undefined,
    certSANs: [],
    loadBalancer: undefined,
    vipInterface: undefined,
    lbBackends: [],
  },
  node: {
    name: undefined,
    criSocket: "unix:///var/run/containerd/containerd.sock",
    cgroupDriver: "systemd",
    scheduleOnControlPlane: false,
    allowCgroupV1: false,
  },
  kubeProxy: { mode: "iptables" },
  cni: { plugin: "flannel", version: undefined, imageMirrors: {}, manifestSources: [] },
  etcd: { external: undefined },
  bootstrapToken: { token: undefined, ttl: "24h0m0s" },
  certificateKey: undefined,
  registryMirrors: {},
  packageRepository: { apt: undefined, yum: undefined, dockerCe: undefined },
  join: undefined,
};

export async function runWorld(
  w: World,
  health: { controllerManager: string; scheduler: string },
): Promise<{ report: DoctorReport; runner: FakeRunner; server: FakeApiServer | undefined }> {
  const wire = w.kubeconfig !== undefined || w.tweakServer !== undefined;
  if (wire && w.tweak) throw new Error("a world is either in memory (tweak) or on the wire (kubeconfig)");
  const server =
    w.cluster && wire ? await startFakeApiServer({ objects: w.cluster, gitVersion: VERSION }) : undefined;
  const cluster =
    w.cluster && !wire ? new FakeCluster({ objects: w.cluster, gitVersion: VERSION }) : undefined;
  try {
    if (cluster) w.tweak?.(cluster);
    if (server) w.tweakServer?.(server);
    const root = writeHost(w.host ?? {});
    const home = mkdtempSync(join(tmpdir(), "kadm-doctor-home-"));
    const runner = new FakeRunner(
      w.replies ?? healthyReplies(),
      false,
      { exitCode: 127, notFound: true },
      root,
    );
    const now = w.now ?? new Date(Date.now() + 5 * 60_000);
    const env: DoctorEnv = {
      fs: rootedHostFs({ root }),
      runner,
      probeSocket: async () => true,
      probe: httpsProber(2_000),
      now: () => now,
      kube: async () =>
        cluster
          ? cluster.client("/etc/kubernetes/admin.conf")
          : loadKubeClient({
              kubeconfig: server ? (w.kubeconfig?.(server) ?? server.kubeconfigPath) : undefined,
              root,
              env: { HOME: home },
              timeoutMs: 3_000,
            }),
      controlPlaneEndpoints: w.endpoints ?? health,
      concurrency: 4,
      pageSize: w.pageSize,
    };
    const report = await runDoctor(env, {
      scope: w.scope ?? "both",
      fallback: fromSpec(w.fallback ?? FALLBACK),
    });
    return { report, runner, server };
  } finally {
    await server?.stop();
  }
}
