/**
 * `kadm-wizard upgrade plan` through the CLI: facts read from a FakeCluster (the KubeClient port),
 * this host's cgroup version from files under --root, text en/zh, JSON, the exit codes (0 allowed,
 * 3 a guard fails, 2 bad input before the cluster is contacted, 1 not a kubeadm cluster / API down),
 * and readUpgradeFacts over the cluster states the guards need.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readUpgradeFacts } from "../../src/upgrade/facts.js";
import { asKube } from "../fakes/cluster.js";
import { FakeCluster, fakeKubeClients } from "../fakes/kube-client.js";
import { runCli } from "../fakes/ports.js";
import { fakeSshHosts } from "../fakes/ssh-transport.js";
import { type UpgradeClusterSpec, upgradeCluster } from "../fakes/upgrade-cluster.js";

/** fakeHost in runCli is "master-1" at 192.168.10.11: the node with that address is this machine. */
const LOCAL = { name: "master-1", role: "control-plane" as const, address: "192.168.10.11" };

function cluster(o: UpgradeClusterSpec = {}): FakeCluster {
  const { objects, gitVersion } = upgradeCluster({
    nodes: [LOCAL, { name: "worker-1", address: "10.0.0.21" }],
    ...o,
  });
  return new FakeCluster({ objects: objects.map(asKube), gitVersion });
}

/** A host root whose /sys/fs/cgroup is the unified hierarchy (v2) or the v1 tmpfs of controllers. */
function hostRoot(cgroup: 1 | 2): string {
  const root = mkdtempSync(join(tmpdir(), "kadm-upgrade-"));
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  if (cgroup === 2) {
    put("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
    put("/proc/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n");
  } else {
    mkdirSync(join(root, "sys/fs/cgroup/memory"), { recursive: true });
    put(
      "/proc/mounts",
      "tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0\ncgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n",
    );
  }
  return root;
}

async function plan(c: FakeCluster, args: string[], root = hostRoot(2), env?: NodeJS.ProcessEnv) {
  const kube = fakeKubeClients(c);
  const r = await runCli(["upgrade", "plan", "--root", root, ...args], {
    overrides: { kube },
    ...(env ? { env } : {}),
  });
  return { ...r, calls: c.calls.length, requests: kube.requests };
}

describe("upgrade plan", () => {
  it("a healthy cluster: the path, the nodes (this host's cgroup read under --root), every guard passes, exit 0", async () => {
    const r = await plan(cluster({ cni: { plugin: "flannel", version: "v0.28.9" } }), []);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Upgrade plan for https://127.0.0.1:6443");
    expect(r.stdout).toContain("  Kubernetes v1.33.4 -> v1.34.10: 1 hop (kubeadm never skips a minor)");
    expect(r.stdout).toContain("registry.aliyuncs.com/google_containers/etcd:3.6.5-0");
    // this host is master-1 (its address): first control plane, cgroup v2 from the files; worker-1 unknown
    expect(r.stdout).toMatch(
      /^ {2}1 +master-1 +first control plane +kubeadm upgrade apply +v1\.33\.4 .* v2 +drained$/m,
    );
    expect(r.stdout).toMatch(/^ {2}2 +worker-1 +worker +kubeadm upgrade node .* \? +drained$/m);
    expect(r.stdout).not.toMatch(/^✗/m);
    expect(r.stdout).toMatch(
      /^Allowed: no guard fails \(0 warnings\)\. Next, on the first control plane: kadm-wizard upgrade apply --to v1\.34\.10$/m,
    );
  });

  it("in Chinese: the same plan, aligned columns, the verdict in Chinese", async () => {
    const r = await plan(cluster({ cni: { plugin: "flannel", version: "v0.28.9" } }), ["--lang", "zh"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("的升级计划");
    expect(r.stdout).toMatch(/^ {2}批次 +节点 +角色 +KUBEADM +KUBELET +容器运行时 +CGROUP +PODS$/m);
    expect(r.stdout).toMatch(/^ {2}1 +master-1 +首个控制平面 +kubeadm upgrade apply/m);
    expect(r.stdout).toContain("升级前检查：");
    expect(r.stdout).toContain("可以升级：没有未通过的检查");
    expect(r.stdout).not.toMatch(/\b(Allowed|Guards|Nodes, in this order)\b/);
  });

  it("--output json: the plan as data; exit 0", async () => {
    const r = await plan(cluster(), ["--output", "json", "--to", "v1.35.7"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ current: "v1.33.4", target: "v1.35.7", allowed: true });
    expect(doc.hops.map((h: { to: string }) => h.to)).toEqual(["v1.34.10", "v1.35.7"]);
    expect(doc.facts).toMatchObject({
      etcdVersion: "3.5.26-0",
      cni: { name: "calico", version: "v3.30.7" },
      localNode: "master-1",
      kubeadmApiVersion: "kubeadm.k8s.io/v1beta4",
    });
    expect(doc.facts.nodes.find((n: { name: string }) => n.name === "master-1").cgroupVersion).toBe(2);
  });

  it("etcd below 3.5.26 before 1.34: the guard fails, exit 3; --ignore-guard names it and it no longer blocks", async () => {
    const r = await plan(cluster({ etcd: "3.5.24-0" }), ["--to", "v1.34.10"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("✗ [upgrade.etcd-version] etcd 3.5.24-0 would move to 3.6.5-0");
    expect(r.stdout).toMatch(/^Blocked: 1 guard fails \(upgrade\.etcd-version\)/m);
    const ok = await plan(cluster({ etcd: "3.5.24-0" }), [
      "--to",
      "v1.34.10",
      "--ignore-guard",
      "upgrade.etcd-version",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("(failing, overridden by --ignore-guard)");
  });

  it("this host on cgroup v1 and the target 1.35: the cgroup guard fails (exit 3), in Chinese too", async () => {
    const c = () =>
      cluster({
        version: "v1.34.10",
        etcd: "3.6.5-0",
        nodes: [{ ...LOCAL }, { name: "worker-1", address: "10.0.0.21" }],
      });
    const r = await plan(c(), ["--to", "v1.35.7"], hostRoot(1));
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      "✗ [upgrade.cgroup-v1] 1 node on cgroup v1: kubelet v1.35.7 refuses to start there",
    );
    expect(r.stdout).toContain("cgroup v1: master-1");
    const zh = await plan(c(), ["--to", "v1.35.7", "--lang", "zh"], hostRoot(1));
    expect(zh.code).toBe(3);
    expect(zh.stdout).toContain("1 个节点使用 cgroup v1：kubelet v1.35.7 在这些节点上拒绝启动");
  });

  it("bad input is exit 2 with one line, and the cluster is not contacted", async () => {
    for (const [args, message] of [
      [["--to", "latest"], 'error: --to "latest" is not a Kubernetes release like v1.34.10.'],
      [["--to", "v1.35.0-rc.1"], "error: --to v1.35.0-rc.1 is a pre-release"],
      [["--max-unavailable", "0"], 'error: --max-unavailable "0" is not a whole number of nodes'],
      [["--ignore-guard", "upgrade.etcd"], "error: --ignore-guard upgrade.etcd: no such guard"],
      [["--output", "yaml"], "error: "],
    ] as const) {
      const c = cluster();
      const r = await plan(c, [...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.requests, args.join(" ")).toEqual([]);
      expect(r.stdout).toBe("");
    }
  });

  it("--to lower than the cluster: exit 2 naming both versions (zh too)", async () => {
    const r = await plan(cluster(), ["--to", "v1.32.5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--to v1.32.5 is older than the cluster (v1.33.4); kubeadm does not downgrade.",
    );
    const zh = await plan(cluster(), ["--to", "v1.32.5", "--lang", "zh"]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain("错误：--to v1.32.5 比集群当前版本（v1.33.4）旧；kubeadm 不支持降级。");
  });

  it("the group: `upgrade` alone or a typo is exit 2 with the known subcommands", async () => {
    const none = await runCli(["upgrade"], { overrides: { kube: fakeKubeClients(cluster()) } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('unknown upgrade subcommand ""; known: plan');
    const typo = await runCli(["upgrade", "plna"], { overrides: { kube: fakeKubeClients(cluster()) } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("(plan?)");
    const help = await runCli(["upgrade", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: kadm-wizard upgrade plan");
    expect(help.stdout).toContain("--ignore-guard ID");
  });

  it("no kubeadm-config: not a kubeadm cluster, exit 1; the API down: exit 1 with the reason", async () => {
    const r = await plan(cluster({ noKubeadmConfig: true }), []);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("holds no ClusterConfiguration: this cluster was not made by kubeadm");
    const down = cluster();
    down.fail({ op: "serverVersion", error: "refused" });
    const d = await plan(down, []);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/^error: .*127\.0\.0\.1:6443/m);
  });
});

describe("upgrade plan --inventory: the other nodes' cgroup version over SSH", () => {
  it("reads the inventory hosts that are nodes (by nodeName or address); v1 there fails the guard; an unreachable one is a warning", async () => {
    const ssh = fakeSshHosts(["w1-host", "w2-host"]);
    try {
      // w2-host boots cgroup v1: no cgroup.controllers, v1 controller mounts
      const w2 = ssh.host("w2-host").root;
      rmSync(join(w2, "sys/fs/cgroup/cgroup.controllers"));
      mkdirSync(join(w2, "sys/fs/cgroup/memory"), { recursive: true });
      mkdirSync(join(w2, "proc"), { recursive: true });
      writeFileSync(
        join(w2, "proc/mounts"),
        "tmpfs /sys/fs/cgroup tmpfs ro 0 0\ncgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n",
      );
      const dir = mkdtempSync(join(tmpdir(), "kadm-upgrade-inv-"));
      const inv = join(dir, "hosts.yaml");
      writeFileSync(
        inv,
        yaml.dump({
          defaults: { user: "root", passwordEnv: "NODE_PW" },
          hosts: [
            { host: "w1-host", root: ssh.host("w1-host").root, nodeName: "worker-1" },
            { host: "w2-host", root: w2, nodeName: "worker-2" },
            { host: "gone-host", root: "/", nodeName: "worker-3" },
            { host: "stranger", root: "/" },
          ],
        }),
      );
      const c = cluster({
        version: "v1.34.10",
        etcd: "3.6.5-0",
        nodes: [
          LOCAL,
          { name: "worker-1", address: "10.0.0.21" },
          { name: "worker-2", address: "10.0.0.22" },
          { name: "worker-3", address: "10.0.0.23" },
        ],
      });
      const r = await runCli(
        ["upgrade", "plan", "--root", hostRoot(2), "--inventory", inv, "--to", "v1.35.7"],
        {
          env: { LANG: "en_US.UTF-8", HOME: dir, NODE_PW: "pw" },
          overrides: { kube: fakeKubeClients(c), ssh: ssh.transport },
        },
      );
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toContain("cgroup v2: master-1, worker-1");
      expect(r.stdout).toContain("cgroup v1: worker-2");
      expect(r.stdout).toContain(
        "✗ [upgrade.cgroup-v1] 1 node on cgroup v1: kubelet v1.35.7 refuses to start there",
      );
      expect(r.stdout).toMatch(/^ {2}\d +worker-1 .* v2 +drained$/m);
      expect(r.stderr).toContain(
        "worker-3 (root@gone-host:22) was not read over SSH, its cgroup version stays unknown",
      );
      expect(r.stderr).toContain("inventory hosts that are no node of this cluster (not read): stranger");
      // only the nodes were contacted; this machine (master-1) was read from its files
      expect(new Set(ssh.execs.map((e) => e.host))).toEqual(new Set(["w1-host", "w2-host"]));
    } finally {
      ssh.cleanup();
    }
  }, 30_000);
});

describe("readUpgradeFacts", () => {
  const read = (o: UpgradeClusterSpec) => readUpgradeFacts(cluster(o).client());

  it("reads versions, the image repository, the API, etcd's oldest member, kube-proxy's mode, calico", async () => {
    const c = cluster({
      version: "v1.33.4",
      kubeadmApi: "kubeadm.k8s.io/v1beta3",
      proxyMode: "ipvs",
      nodes: [
        { name: "cp-1", role: "control-plane", runtime: "containerd://1.7.24" },
        { name: "cp-2", role: "control-plane" },
        { name: "w-1", kubelet: "v1.32.9", address: "10.0.0.31" },
      ],
    });
    // cp-2's etcd is still older: the guard is about the member that moves first
    c.upsert(
      asKube({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "etcd-cp-2", namespace: "kube-system", labels: { component: "etcd" } },
        spec: {
          containers: [{ name: "etcd", image: "registry.aliyuncs.com/google_containers/etcd:3.5.21-0" }],
        },
      }),
    );
    const f = await readUpgradeFacts(c.client());
    expect(f).toMatchObject({
      apiServerVersion: "v1.33.4",
      clusterVersion: "v1.33.4",
      imageRepository: "registry.aliyuncs.com/google_containers",
      kubeadmApiVersion: "kubeadm.k8s.io/v1beta3",
      externalEtcd: false,
      etcdVersion: "3.5.21-0",
      kubeProxyMode: "ipvs",
      cni: { name: "calico", version: "v3.30.7", image: "quay.io/calico/node:v3.30.7" },
    });
    expect(f.nodes).toEqual([
      expect.objectContaining({
        name: "cp-1",
        role: "control-plane",
        containerRuntimeVersion: "containerd://1.7.24",
        ready: true,
      }),
      expect.objectContaining({ name: "cp-2", role: "control-plane" }),
      expect.objectContaining({
        name: "w-1",
        role: "worker",
        kubeletVersion: "v1.32.9",
        address: "10.0.0.31",
      }),
    ]);
    expect(f.nodes[0]?.cgroupVersion).toBeUndefined();
  });

  it("external etcd, no kube-proxy, flannel, failCgroupV1: false", async () => {
    const f = await read({
      externalEtcd: true,
      proxyMode: null,
      cni: { plugin: "flannel", version: "v0.26.7" },
      failCgroupV1: false,
    });
    expect(f).toMatchObject({
      externalEtcd: true,
      etcdVersion: null,
      kubeProxyMode: null,
      cni: { name: "flannel", version: "v0.26.7" },
      kubeletFailCgroupV1: false,
    });
  });

  it("calico from the operator (calico-system), no CNI at all, a default kube-proxy mode", async () => {
    const c = cluster({ cni: { plugin: "calico", version: "v3.32.1", namespace: "calico-system" } });
    const none = await read({ cni: null, proxyMode: "" });
    expect((await readUpgradeFacts(c.client())).cni).toMatchObject({ name: "calico", version: "v3.32.1" });
    expect(none.cni).toEqual({ name: "none", version: null });
    expect(none.kubeProxyMode).toBe("");
  });
});
