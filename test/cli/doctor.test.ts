/**
 * `kadm-wizard doctor` end to end: in-process (scripted runner, host tree under --root, an in-memory
 * cluster behind ctx.kube; the real kubeconfig search where that is what is tested) and once through
 * the built binary against the fake API server. Exit codes: 0 healthy, 3 problems,
 * 1 doctor could not run, 2 bad input.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  containerdToml,
  healthyCluster,
  healthyReplies,
  tcpListen,
  testPki,
  VERSION,
  writeHost,
} from "../doctor/world.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FakeCluster, fakeKubeClients } from "../fakes/kube-client.js";
import { runCli } from "../fakes/ports.js";
import { FakeRunner } from "../fakes/runner.js";
import { requireTool, skipTitle } from "../support/requires.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A joined worker: no control-plane /healthz to probe on this machine's 127.0.0.1. */
function workerRoot(patch: Record<string, string | undefined> = {}): string {
  const tree: Record<string, string | undefined> = {
    "/etc/kubernetes/kubelet.conf": "apiVersion: v1\nkind: Config\n",
    "/etc/kubernetes/pki/ca.crt": testPki().caCrt,
    "/var/lib/kubelet/config.yaml": "kind: KubeletConfiguration\ncgroupDriver: systemd\n",
    "/etc/containerd/config.toml": containerdToml(),
    "/etc/cni/net.d/10-flannel.conflist": "{}\n",
    "/proc/swaps": "Filename Type Size Used Priority\n",
    "/proc/modules": "br_netfilter 32768 0 - Live 0x0\n",
    "/proc/sys/net/bridge/bridge-nf-call-iptables": "1\n",
    "/proc/sys/net/ipv4/ip_forward": "1\n",
    "/sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
    "/proc/net/tcp": tcpListen([10250]),
    // found under --root by the one binary rule (node/binaries.ts)
    "/usr/bin/kubeadm": "",
    "/usr/bin/kubelet": "",
    "/usr/bin/kubectl": "",
    ...patch,
  };
  return writeHost(
    Object.fromEntries(Object.entries(tree).filter((e): e is [string, string] => e[1] !== undefined)),
  );
}

function broken(): FakeObject[] {
  const image = "docker.io/flannel/flannel:v0.25.1";
  return healthyCluster().map((o) =>
    o.metadata.name === "kube-flannel-ds-bbbbb"
      ? {
          ...o,
          spec: { nodeName: "worker-1", containers: [{ name: "kube-flannel", image }] },
          status: {
            phase: "Pending",
            containerStatuses: [
              {
                name: "kube-flannel",
                image,
                ready: false,
                state: {
                  waiting: {
                    reason: "ErrImagePull",
                    message: `failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://registry-1.docker.io/v2/flannel/flannel/manifests/v0.25.1": dial tcp 54.85.133.123:443: i/o timeout`,
                  },
                },
              },
            ],
          },
        }
      : o,
  );
}

const NO_OPENSSL = requireTool("openssl");
let healthy: FakeApiServer;
let sick: FakeApiServer;
const home = mkdtempSync(join(tmpdir(), "kadm-doctor-cli-home-"));
const env = { LANG: "en_US.UTF-8", HOME: home };

beforeAll(async () => {
  [healthy, sick] = await Promise.all([
    startFakeApiServer({ objects: healthyCluster(), gitVersion: VERSION }),
    startFakeApiServer({ objects: broken(), gitVersion: VERSION }),
  ]);
});
afterAll(async () => {
  await Promise.all([healthy.stop(), sick.stop()]);
});

/** `cluster`: ctx.kube hands out clients of that in-memory cluster; without: the real adapter. */
const doctor = (args: string[], e: NodeJS.ProcessEnv = env, cluster?: FakeCluster) => {
  const root = args[args.indexOf("--root") + 1];
  return runCli(["doctor", ...args], {
    env: e,
    overrides: {
      runner: () => new FakeRunner(healthyReplies(), false, { exitCode: 127, notFound: true }, root),
      ...(cluster ? { kube: fakeKubeClients(cluster) } : {}),
    },
  });
};
const healthyInMemory = () => new FakeCluster({ objects: healthyCluster(), gitVersion: VERSION });
const sickInMemory = () => new FakeCluster({ objects: broken(), gitVersion: VERSION });

describe.skipIf(NO_OPENSSL)(skipTitle("kadm-wizard doctor", NO_OPENSSL), () => {
  it("exits 0 on a healthy worker and cluster", async () => {
    const cluster = healthyInMemory();
    const r = await doctor(["--root", workerRoot()], env, cluster);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("host: checked (worker node)");
    expect(r.stdout).toContain(`cluster: ${cluster.server} (${VERSION}), 2 nodes, 5 pods`);
    expect(r.stdout).toContain("No problems found.");
    expect(r.code).toBe(0);
  });

  it("exits 3 with the contract's JSON when something is wrong", async () => {
    const r = await doctor(["--root", workerRoot(), "--output", "json"], env, sickInMemory());
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as {
      findings: Record<string, string>[];
      summary: Record<string, number>;
    };
    expect(doc.findings).toHaveLength(1);
    const [f] = doc.findings;
    expect(Object.keys(f ?? {})).toEqual(["id", "severity", "object", "title", "evidence", "fix"]);
    expect(f).toMatchObject({
      id: "image-pull.unreachable",
      severity: "error",
      object: "Pod kube-flannel/kube-flannel-ds-bbbbb",
    });
    expect(f?.evidence).toContain("i/o timeout");
    expect(f?.fix).toContain("crictl pull docker.m.daocloud.io/flannel/flannel:v0.25.1");
    expect(doc.summary).toEqual({ errors: 1, warnings: 0, info: 0 });
  });

  it("reports in Chinese with --lang zh", async () => {
    const r = await doctor(["--root", workerRoot(), "--lang", "zh"], env, sickInMemory());
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("错误（1）");
    expect(r.stdout).toContain("无法拉取 docker.io/flannel/flannel:v0.25.1：节点无法访问 docker.io");
    expect(r.stdout).toContain("证据");
    expect(r.stdout).toContain("1 个错误，0 个警告，0 条提示。");
  });

  it.each([
    ["unauthorized", "kubeconfig.stale", "kubeconfig /etc/kubernetes/admin.conf"],
    ["refused", "api.unreachable", "API server https://127.0.0.1:6443"],
  ] as const)("an API server answering %s: finding %s, exit 3", async (error, id, object) => {
    const cluster = healthyInMemory();
    cluster.fail({ op: "serverVersion", error });
    const r = await doctor(["--cluster-only", "--output", "json"], env, cluster);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as { findings: { id: string; object: string }[] };
    expect(doc.findings.map((f) => [f.id, f.object])).toEqual([[id, object]]);
  });

  it("kubeadm-config forbidden (a read-only user): the cluster is still checked, no finding about it", async () => {
    const cluster = healthyInMemory();
    cluster.fail({ op: "get", kind: "ConfigMap", error: "forbidden" });
    const r = await doctor(["--cluster-only", "--output", "json"], env, cluster);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ findings: [], cluster: { checked: true, nodes: 2 } });
    expect(cluster.calls.some((c) => c.op === "list" && c.kind === "Pod")).toBe(true);
  });

  it("without any kubeconfig checks the host only and says why", async () => {
    // what the host must match then comes from the spec flags
    const r = await doctor(["--root", workerRoot(), "--k8s-version", VERSION]);
    expect(r.stdout).toContain("cluster: not checked (no kubeconfig found");
    expect(r.stdout).toContain(
      `expected: Kubernetes ${VERSION}, images from registry.aliyuncs.com/google_containers`,
    );
    expect(r.stdout).toContain("(from profile aliyun)");
    expect(r.code).toBe(0);
    // Without the flag nothing says which release the cluster runs (no cluster, no saved config):
    // the profile's newest would be a guess, and every healthy v1.33 node would be "skewed" against
    // it. The node's own kubeadm is the reference then, and the report says so.
    const guessed = await doctor(["--root", workerRoot()]);
    expect(guessed.code, guessed.stdout).toBe(0);
    expect(guessed.stdout).toContain(
      `expected: Kubernetes ${VERSION}, images from registry.aliyuncs.com/google_containers, pod subnet 10.244.0.0/16 (from the node's kubeadm ${VERSION}; no cluster, saved config or --k8s-version to check against)`,
    );
    const zh = await doctor(["--root", workerRoot(), "--lang", "zh"]);
    expect(zh.stdout).toContain(
      `（来源：节点上的 kubeadm ${VERSION}；没有集群、已保存的配置或 --k8s-version 可供对照）`,
    );
    // A release the user names is checked against: the installed v1.33.2 binaries are skewed.
    const other = await doctor(["--root", workerRoot(), "--output", "json", "--k8s-version", "v1.35.0"]);
    expect(other.code).toBe(3);
    expect((JSON.parse(other.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id)).toContain(
      "host.version-skew",
    );
  });

  it("--cluster-only without a kubeconfig: doctor could not run (exit 1), one line", async () => {
    const root = mkdtempSync(join(tmpdir(), "kadm-doctor-empty-"));
    const r = await doctor(["--cluster-only", "--root", root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^error: cannot check the cluster: no kubeconfig found.* Fix: pass --kubeconfig FILE/,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it.each([
    [["--output", "yaml"], '--output "yaml" is not one of: text, json.'],
    [["--host-only", "--cluster-only"], "--host-only and --cluster-only exclude each other."],
    [
      ["--kubeconfig", "/nonexistent/kubeconfig"],
      "cannot load kubeconfig /nonexistent/kubeconfig: no such file",
    ],
    [["--k8s-version", "v1.30.x"], 'Kubernetes version "v1.30.x" is not a release version'],
  ])("bad input %j: exit 2, one line with the fix, no stack", async (args, message) => {
    const r = await doctor([...args, "--root", workerRoot()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(" Fix: ");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("the built binary: --cluster-only against a healthy cluster exits 0, against a broken one 3", async () => {
    const bin = join(ROOT, "bin", "kadm-wizard.js");
    const ok = await execa(
      "node",
      [bin, "doctor", "--cluster-only", "--kubeconfig", healthy.kubeconfigPath, "--output", "json"],
      {
        reject: false,
        env: { HOME: home, LANG: "C" },
      },
    );
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      findings: [],
      host: { checked: false },
      cluster: { checked: true, nodes: 2 },
    });
    const bad = await execa("node", [bin, "doctor", "--cluster-only", "--kubeconfig", sick.kubeconfigPath], {
      reject: false,
      env: { HOME: home, LANG: "C" },
    });
    expect(bad.exitCode).toBe(3);
    expect(bad.stdout).toContain("[image-pull.unreachable] Pod kube-flannel/kube-flannel-ds-bbbbb");
  });

  describe("host.cgroup-v1 (--host-only)", () => {
    /** A CentOS 7-style cgroup v1 worker: no cgroup.controllers, v1 controllers in /proc/mounts. */
    const v1Worker = () =>
      workerRoot({
        "/sys/fs/cgroup/cgroup.controllers": undefined,
        "/proc/mounts":
          "tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0\n" +
          "cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n",
      });
    const cgroupFinding = (stdout: string) =>
      (JSON.parse(stdout) as { findings: Record<string, string>[] }).findings.find(
        (f) => f.id === "host.cgroup-v1",
      );

    it("is an error for Kubernetes 1.35+, with the three ways out", async () => {
      const r = await doctor([
        "--host-only",
        "--root",
        v1Worker(),
        "--k8s-version",
        "v1.35.2",
        "--output",
        "json",
      ]);
      expect(r.code).toBe(3);
      const f = cgroupFinding(r.stdout);
      expect(f).toMatchObject({ severity: "error", object: "/sys/fs/cgroup" });
      expect(f?.title).toContain("refuses to start on it");
      expect(f?.evidence).toContain("/sys/fs/cgroup/cgroup.controllers: missing");
      expect(f?.fix).toContain("systemd.unified_cgroup_hierarchy=1");
      expect(f?.fix).toContain("--k8s-version v1.34");
      expect(f?.fix).toContain("failCgroupV1: false");
      expect(f?.fix).toContain("kadm-wizard init --allow-cgroup-v1");
    });

    it("follows the node's own kubelet config: failCgroupV1: false set knowingly is a warning on 1.35+, true an error", async () => {
      const withKubelet = (failCgroupV1: boolean) => {
        const root = v1Worker();
        writeFileSync(
          join(root, "var/lib/kubelet/config.yaml"),
          `kind: KubeletConfiguration\ncgroupDriver: systemd\nfailCgroupV1: ${failCgroupV1}\n`,
        );
        return root;
      };
      const args = (root: string) => [
        "--host-only",
        "--root",
        root,
        "--k8s-version",
        "v1.35.2",
        "--output",
        "json",
      ];
      const allowed = cgroupFinding((await doctor(args(withKubelet(false)))).stdout);
      expect(allowed).toMatchObject({ severity: "warning" });
      expect(allowed?.evidence).toContain("/var/lib/kubelet/config.yaml: failCgroupV1: false");
      const refused = cgroupFinding((await doctor(args(withKubelet(true)))).stdout);
      expect(refused).toMatchObject({ severity: "error" });
    });

    it("is a warning before 1.35, in Chinese too; a cgroup v2 worker has none", async () => {
      const r = await doctor([
        "--host-only",
        "--root",
        v1Worker(),
        "--k8s-version",
        VERSION,
        "--output",
        "json",
      ]);
      expect(cgroupFinding(r.stdout)?.severity).toBe("warning");
      const zh = await doctor([
        "--host-only",
        "--root",
        v1Worker(),
        "--k8s-version",
        VERSION,
        "--lang",
        "zh",
      ]);
      expect(zh.stdout).toContain("此主机使用 cgroup v1：已弃用");
      expect(zh.stdout).toContain("cgroup（v1）挂载于 /sys/fs/cgroup/memory");
      const v2 = await doctor([
        "--host-only",
        "--root",
        workerRoot(),
        "--k8s-version",
        "v1.35.2",
        "--output",
        "json",
      ]);
      expect(cgroupFinding(v2.stdout)).toBeUndefined();
    });
  });

  describe("pod.stuck-creating: ContainerCreating past a minute, nothing else to explain it", () => {
    const stuck = (minutesAgo: number): FakeObject[] =>
      healthyCluster().map((o) =>
        o.metadata.name === "web-1"
          ? {
              ...o,
              metadata: {
                ...o.metadata,
                creationTimestamp: new Date(Date.now() - minutesAgo * 60_000)
                  .toISOString()
                  .replace(/\.\d{3}Z$/, "Z"),
              },
              status: {
                phase: "Pending",
                conditions: [{ type: "PodScheduled", status: "True" }],
                containerStatuses: [
                  { name: "main", ready: false, state: { waiting: { reason: "ContainerCreating" } } },
                ],
              },
            }
          : o,
      );
    const run = async (minutesAgo: number, extra: string[] = []) => {
      const server = await startFakeApiServer({ objects: stuck(minutesAgo), gitVersion: VERSION });
      try {
        return await doctor(["--cluster-only", "--kubeconfig", server.kubeconfigPath, ...extra]);
      } finally {
        await server.stop();
      }
    };

    it("is its own finding (not a failing readiness probe), with the age and what to look at, en and zh", async () => {
      const r = await run(7, ["--output", "json"]);
      expect(r.code).toBe(3);
      const fs = (JSON.parse(r.stdout) as { findings: Record<string, string>[] }).findings;
      expect(fs.map((f) => f.id)).toEqual(["pod.stuck-creating"]);
      expect(fs[0]).toMatchObject({ severity: "error", object: "Pod default/web-1" });
      expect(fs[0]?.title).toBe(
        "container main has been ContainerCreating for 7 min: its sandbox, network or volumes never got ready",
      );
      expect(fs[0]?.evidence).toContain("main: ContainerCreating");
      expect(fs[0]?.evidence).toContain("creationTimestamp=");
      expect(fs[0]?.fix).toContain("crictl pods --name web-1");
      expect(fs[0]?.fix).toContain("FailedCreatePodSandBox");
      const zh = await run(7, ["--lang", "zh"]);
      expect(zh.stdout).toContain("容器 main 已处于 ContainerCreating 7 分钟：其沙箱、网络或卷一直未就绪");
      expect(zh.stdout).toContain("# 在 worker-1 上：沙箱是否存在，kubelet 日志说了什么？");
      expect(zh.stdout).not.toContain("readiness");
    });

    it("a pod created seconds ago is too new to judge, not stuck", async () => {
      const r = await run(0, ["--output", "json"]);
      const ids = (JSON.parse(r.stdout) as { findings: Record<string, string>[] }).findings.map((f) => f.id);
      expect(ids).not.toContain("pod.stuck-creating");
      expect(ids).toContain("pod.too-new");
    });
  });

  describe("host.sandbox-image-mismatch reads config versions 2, 3 and 4", () => {
    const v4 = (sandbox: string | undefined) =>
      [
        "version = 4",
        "",
        "[plugins]",
        "  [plugins.'io.containerd.cri.v1.images']",
        "    [plugins.'io.containerd.cri.v1.images'.pinned_images]",
        ...(sandbox ? [`      sandbox = '${sandbox}'`] : []),
        "  [plugins.'io.containerd.cri.v1.runtime']",
        "    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]",
        "      SystemdCgroup = true",
        "",
      ].join("\n");
    const sandboxFinding = async (toml: string) => {
      const root = workerRoot({ "/etc/containerd/config.toml": toml });
      const r = await doctor(["--host-only", "--root", root, "--k8s-version", VERSION, "--output", "json"]);
      return (JSON.parse(r.stdout) as { findings: Record<string, string>[] }).findings.find(
        (f) => f.id === "host.sandbox-image-mismatch",
      );
    };

    it("a version 4 file pinning registry.k8s.io's pause: error, with the version 3/4 table in the fix", async () => {
      const f = await sandboxFinding(v4("registry.k8s.io/pause:3.10.2"));
      expect(f).toMatchObject({ severity: "error", object: "/etc/containerd/config.toml" });
      expect(f?.evidence).toContain(
        "plugins.'io.containerd.cri.v1.images'.pinned_images.sandbox = \"registry.k8s.io/pause:3.10.2\"",
      );
      expect(f?.fix).toContain("[plugins.'io.containerd.cri.v1.images'.pinned_images]");
    });

    it("unset in a version 4 file means containerd 2.3's built-in pause:3.10.2; the mirror's pause is fine", async () => {
      expect((await sandboxFinding(v4(undefined)))?.evidence).toContain(
        "unset (containerd's built-in default registry.k8s.io/pause:3.10.2)",
      );
      expect(await sandboxFinding(v4("registry.aliyuncs.com/google_containers/pause:3.10"))).toBeUndefined();
    });
  });
});
