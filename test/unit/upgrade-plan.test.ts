/**
 * planUpgrade (pure): the path one minor at a time, the images per hop, the rollout order, every
 * guard positive and negative, the overrides and the refusals of --to.
 */
import { describe, expect, it } from "vitest";
import { KadmError } from "../../src/errors.js";
import { UPGRADE_GUARD_IDS } from "../../src/upgrade/guards.js";
import { planUpgrade } from "../../src/upgrade/plan.js";
import { planJson, planText } from "../../src/upgrade/plan-report.js";
import type { GuardResult, UpgradeFacts, UpgradeNodeFacts, UpgradePlan } from "../../src/upgrade/types.js";

const REPO = "registry.aliyuncs.com/google_containers";

function node(name: string, o: Partial<UpgradeNodeFacts> = {}): UpgradeNodeFacts {
  return {
    name,
    role: "worker",
    kubeletVersion: "v1.33.4",
    containerRuntimeVersion: "containerd://2.1.4",
    ready: true,
    cgroupVersion: 2,
    ...o,
  };
}

function facts(o: Partial<UpgradeFacts> = {}): UpgradeFacts {
  const version = o.apiServerVersion ?? "v1.33.4";
  return {
    apiServerVersion: version,
    clusterVersion: version,
    imageRepository: REPO,
    kubeadmApiVersion: "kubeadm.k8s.io/v1beta4",
    etcdVersion: "3.5.26-0",
    externalEtcd: false,
    kubeProxyMode: "",
    cni: { name: "calico", version: "v3.30.7" },
    nodes: [
      node("cp-1", { role: "control-plane", kubeletVersion: version }),
      node("worker-1", { kubeletVersion: version }),
    ],
    ...o,
  };
}

const plan = (f: UpgradeFacts, to?: string, o: { ignoreGuards?: string[]; maxUnavailable?: number } = {}) =>
  planUpgrade(f, to, { lang: "en", ...o });

function g(p: UpgradePlan, id: string): GuardResult {
  const found = p.guards.find((x) => x.id === id);
  if (!found) throw new Error(`no guard ${id}`);
  return found;
}

function refusal(fn: () => unknown): KadmError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KadmError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("the path", () => {
  it("goes one minor at a time: intermediate hops to the newest known patch, the last to --to", () => {
    const p = plan(facts(), "v1.36.2");
    expect(p.hops.map((h) => `${h.from}->${h.to}`)).toEqual([
      "v1.33.4->v1.34.10",
      "v1.34.10->v1.35.7",
      "v1.35.7->v1.36.2",
    ]);
    expect(p.target).toBe("v1.36.2");
  });

  it("without --to: the newest patch of the next minor", () => {
    expect(plan(facts()).hops.map((h) => h.to)).toEqual(["v1.34.10"]);
  });

  it("a bare minor means its newest known patch; a patch upgrade is one hop", () => {
    expect(plan(facts(), "1.35").hops.map((h) => h.to)).toEqual(["v1.34.10", "v1.35.7"]);
    expect(plan(facts(), "v1.33.13").hops.map((h) => `${h.from}->${h.to}`)).toEqual(["v1.33.4->v1.33.13"]);
  });

  it("on the newest known minor without --to: its newest patch, or nothing when already there", () => {
    const newest = facts({
      apiServerVersion: "v1.37.0",
      nodes: [node("cp-1", { role: "control-plane", kubeletVersion: "v1.37.0" })],
    });
    expect(plan(newest).hops.map((h) => h.to)).toEqual(["v1.37.1"]);
    const done = plan(
      facts({
        apiServerVersion: "v1.37.1",
        nodes: [node("cp-1", { role: "control-plane", kubeletVersion: "v1.37.1" })],
      }),
    );
    expect(done.hops).toEqual([]);
    expect(done.target).toBe("v1.37.1");
    expect(planText(done, "en", { server: "https://127.0.0.1:6443" })).toContain("nothing to upgrade");
    // no hop: the skew is judged against the API server as it is
    expect(g(done, "upgrade.kubelet-skew").evidence).toContain(
      "API server v1.37.1; a kubelet may be at most 3 minors older and never newer",
    );
  });

  it("--to beyond the tables: the given patch for the last hop, the newest known patch before it", () => {
    const p = plan(facts({ apiServerVersion: "v1.36.3" }), "v1.38.2");
    expect(p.hops.map((h) => h.to)).toEqual(["v1.37.1", "v1.38.2"]);
    const last = p.hops[1];
    expect(last?.imagesExact).toBe(false);
    expect(last?.images).toContain(`${REPO}/kube-apiserver:v1.38.2`);
    expect(planText(p, "en", { server: "s" })).toContain("images from our newest table row (v1.37.1)");
  });

  it("refuses what is no upgrade: a lower version, a pre-release, not a version, an unknown middle minor (exit 2)", () => {
    const down = refusal(() => plan(facts(), "v1.32.5"));
    expect(down.exitCode).toBe(2);
    expect(down.message).toBe(
      "--to v1.32.5 is older than the cluster (v1.33.4); kubeadm does not downgrade.",
    );
    for (const bad of ["latest", "1.34.x", "v2.0.0", "v1.34"]) {
      if (bad === "v1.34") continue; // a bare minor is fine (covered above)
      const e = refusal(() => plan(facts(), bad));
      expect(e.exitCode, bad).toBe(2);
      expect(e.message).toContain(`--to "${bad}" is not a Kubernetes release`);
    }
    expect(refusal(() => plan(facts(), "v1.34.0-rc.1")).message).toContain("is a pre-release");
    const gap = refusal(() => plan(facts({ apiServerVersion: "v1.36.3" }), "v1.39.0"));
    expect(gap.exitCode).toBe(2);
    expect(gap.message).toContain("goes through v1.38");
    expect(gap.hint).toContain("--to v1.38.Z first");
    const zh = refusal(() => planUpgrade(facts(), "v1.30.0", { lang: "zh" }));
    expect(zh.message).toContain("kubeadm 不支持降级");
  });

  it("images of each hop come from the cluster's repository (kubeadm's list for that release)", () => {
    const p = plan(facts(), "v1.35.7");
    expect(p.hops[0]?.images).toEqual([
      `${REPO}/kube-apiserver:v1.34.10`,
      `${REPO}/kube-controller-manager:v1.34.10`,
      `${REPO}/kube-scheduler:v1.34.10`,
      `${REPO}/kube-proxy:v1.34.10`,
      `${REPO}/coredns:v1.12.1`,
      `${REPO}/pause:3.10.1`,
      `${REPO}/etcd:3.6.5-0`,
    ]);
    // external etcd: no etcd image; no kube-proxy: no kube-proxy image
    const ext = plan(facts({ externalEtcd: true, etcdVersion: null, kubeProxyMode: null }), "v1.34.10");
    expect(ext.hops[0]?.images.some((i) => i.includes("/etcd:") || i.includes("kube-proxy"))).toBe(false);
  });
});

describe("the rollout order", () => {
  it("first control plane apply (this machine when it is one), the others node one at a time, workers in batches", () => {
    const f = facts({
      localNode: "cp-2",
      nodes: [
        node("w-3"),
        node("cp-1", { role: "control-plane" }),
        node("w-1"),
        node("cp-2", { role: "control-plane" }),
        node("w-2"),
      ],
    });
    const p = plan(f, undefined, { maxUnavailable: 2 });
    expect(p.nodes).toEqual([
      { node: "cp-2", role: "first-control-plane", kubeadm: "apply", drain: true, batch: 1 },
      { node: "cp-1", role: "control-plane", kubeadm: "node", drain: true, batch: 2 },
      { node: "w-1", role: "worker", kubeadm: "node", drain: true, batch: 3 },
      { node: "w-2", role: "worker", kubeadm: "node", drain: true, batch: 3 },
      { node: "w-3", role: "worker", kubeadm: "node", drain: true, batch: 4 },
    ]);
  });

  it("a single-node cluster is cordoned, not drained", () => {
    const p = plan(facts({ nodes: [node("solo", { role: "control-plane" })] }));
    expect(p.nodes).toEqual([
      { node: "solo", role: "first-control-plane", kubeadm: "apply", drain: false, batch: 1 },
    ]);
    expect(planText(p, "en", { server: "s" })).toContain("cordoned, not drained");
  });
});

describe("guards", () => {
  it("a healthy cluster passes every guard, in the stable order; allowed", () => {
    const p = plan(facts(), "v1.34.10");
    expect(p.guards.map((x) => x.id)).toEqual([...UPGRADE_GUARD_IDS]);
    expect(p.guards.map((x) => x.verdict)).toEqual(Array(UPGRADE_GUARD_IDS.length).fill("pass"));
    expect(p.allowed).toBe(true);
  });

  it("etcd: 3.5 below 3.5.26 before the 1.33 -> 1.34 hop fails, with the manifest fix; 3.5.26 passes", () => {
    const bad = plan(facts({ etcdVersion: "3.5.24-0" }), "v1.34.10");
    const e = g(bad, "upgrade.etcd-version");
    expect(e.verdict).toBe("fail");
    expect(e.title).toBe(
      "etcd 3.5.24-0 would move to 3.6.5-0 on the hop to v1.34.10; etcd 3.5 must be 3.5.26 or newer first",
    );
    expect(e.evidence.join("\n")).toContain("kubernetes/kubeadm#3247");
    expect(e.fix).toContain(`${REPO}/etcd:3.5.26-0`);
    expect(bad.allowed).toBe(false);
    expect(g(plan(facts({ etcdVersion: "3.5.26-0" }), "v1.34.10"), "upgrade.etcd-version")).toMatchObject({
      verdict: "pass",
      title: "etcd 3.5.26-0 is 3.5.26 or newer: its step from 3.5 to 3.6 on the hop to v1.34.10 is safe",
    });
    // a patch upgrade inside 1.33 never moves etcd to 3.6
    expect(g(plan(facts({ etcdVersion: "3.5.21-0" }), "v1.33.13"), "upgrade.etcd-version")).toMatchObject({
      verdict: "pass",
      title: "etcd 3.5.21-0: no step from etcd 3.5 to 3.6 on this path",
    });
  });

  it("etcd: from 1.32 the hop to 1.33 leaves kubeadm's 3.5.24, so the next hop to 1.34 fails", () => {
    const f = facts({
      apiServerVersion: "v1.32.10",
      etcdVersion: "3.5.26-0",
      nodes: [node("cp-1", { role: "control-plane", kubeletVersion: "v1.32.10" })],
    });
    const e = g(plan(f, "v1.34.10"), "upgrade.etcd-version");
    expect(e.verdict).toBe("fail");
    expect(e.evidence.join("\n")).toContain("hop 2 v1.33.13 -> v1.34.10: etcd 3.5.24-0 -> 3.6.5-0");
    expect(e.fix).toContain("--to v1.33.13");
  });

  it("etcd: unknown version warns at the 3.6 step; external etcd passes", () => {
    expect(g(plan(facts({ etcdVersion: null }), "v1.34.10"), "upgrade.etcd-version").verdict).toBe("warn");
    const ext = g(plan(facts({ externalEtcd: true, etcdVersion: null }), "v1.34.10"), "upgrade.etcd-version");
    expect(ext.verdict).toBe("pass");
    expect(ext.title).toContain("external etcd");
  });

  it("kubelet skew: more than 3 minors behind after the first hop fails, newer than the API server fails", () => {
    const behind = facts({
      apiServerVersion: "v1.33.4",
      nodes: [
        node("cp-1", { role: "control-plane", kubeletVersion: "v1.33.4" }),
        node("old", { kubeletVersion: "v1.30.14" }),
      ],
    });
    const s = g(plan(behind, "v1.34.10"), "upgrade.kubelet-skew");
    expect(s.verdict).toBe("fail");
    expect(s.evidence).toContain("old: kubelet v1.30.14 would be 4 minors behind v1.34.10");
    expect(s.fix).toContain("install kubelet v1.33.4");
    // 3 behind after the hop is allowed
    const three = facts({
      nodes: [node("cp-1", { role: "control-plane" }), node("w", { kubeletVersion: "v1.31.2" })],
    });
    expect(g(plan(three, "v1.34.10"), "upgrade.kubelet-skew").verdict).toBe("pass");
    const newer = facts({
      nodes: [node("cp-1", { role: "control-plane" }), node("w", { kubeletVersion: "v1.34.1" })],
    });
    const n = g(plan(newer, "v1.34.10"), "upgrade.kubelet-skew");
    expect(n.verdict).toBe("fail");
    expect(n.evidence).toContain("w: kubelet v1.34.1 is newer than the API server v1.33.4");
  });

  it("cgroup v1: fails for 1.35, warns with failCgroupV1: false, passes before 1.35; unknown nodes warn", () => {
    const v1 = facts({
      apiServerVersion: "v1.34.10",
      nodes: [
        node("cp-1", { role: "control-plane", kubeletVersion: "v1.34.10" }),
        node("centos7", { kubeletVersion: "v1.34.10", cgroupVersion: 1 }),
      ],
    });
    const f = g(plan(v1, "v1.35.7"), "upgrade.cgroup-v1");
    expect(f.verdict).toBe("fail");
    expect(f.title).toBe("1 node on cgroup v1: kubelet v1.35.7 refuses to start there");
    expect(f.fix).toContain("systemd.unified_cgroup_hierarchy=1");
    expect(f.fix).toContain("--to v1.34");
    expect(g(plan({ ...v1, kubeletFailCgroupV1: false }, "v1.35.7"), "upgrade.cgroup-v1").verdict).toBe(
      "warn",
    );
    expect(g(plan({ ...v1, apiServerVersion: "v1.33.4" }, "v1.34.10"), "upgrade.cgroup-v1")).toMatchObject({
      verdict: "pass",
      title: "kubelet v1.34.10 still starts on cgroup v1 (refused from v1.35)",
    });
    const allV2 = { ...v1, nodes: v1.nodes.map((n) => ({ ...n, cgroupVersion: 2 as const })) };
    expect(g(plan(allV2, "v1.35.7"), "upgrade.cgroup-v1").title).toBe("every node runs cgroup v2");
    const unknown = facts({
      apiServerVersion: "v1.34.10",
      nodes: [node("cp-1", { role: "control-plane", kubeletVersion: "v1.34.10", cgroupVersion: undefined })],
    });
    const u = g(plan(unknown, "v1.35.7"), "upgrade.cgroup-v1");
    expect(u.verdict).toBe("warn");
    expect(u.evidence.join("\n")).toContain("not read: cp-1");
  });

  it("kube-proxy ipvs: warns from 1.35 (not blocking), passes before and for iptables/nftables", () => {
    const ipvs = facts({
      apiServerVersion: "v1.34.10",
      kubeProxyMode: "ipvs",
      nodes: [node("cp-1", { role: "control-plane", kubeletVersion: "v1.34.10" })],
    });
    const w = plan(ipvs, "v1.35.7");
    expect(g(w, "upgrade.kube-proxy-ipvs").verdict).toBe("warn");
    expect(w.allowed).toBe(true);
    expect(
      g(plan({ ...ipvs, apiServerVersion: "v1.33.4" }, "v1.34.10"), "upgrade.kube-proxy-ipvs").verdict,
    ).toBe("pass");
    expect(
      g(plan({ ...ipvs, kubeProxyMode: "nftables" }, "v1.35.7"), "upgrade.kube-proxy-ipvs").verdict,
    ).toBe("pass");
  });

  it("runtime: containerd 1.7 fails past 1.35 (RuntimeConfig), warns at 1.35, containerd 1.6 fails for 1.33; 2.x passes", () => {
    const with17 = (version: string) =>
      facts({
        apiServerVersion: version,
        nodes: [
          node("cp-1", {
            role: "control-plane",
            kubeletVersion: version,
            containerRuntimeVersion: "containerd://1.7.24",
          }),
        ],
      });
    const fail = g(plan(with17("v1.35.7"), "v1.36.3"), "upgrade.runtime");
    expect(fail.verdict).toBe("fail");
    expect(fail.evidence.join("\n")).toContain(
      "CRI RuntimeConfig call (KEP-4033): containerd has it from 2.0.0",
    );
    expect(fail.fix).toContain("containerd 2.0 or newer");
    expect(g(plan(with17("v1.34.10"), "v1.35.7"), "upgrade.runtime").verdict).toBe("warn");
    expect(g(plan(with17("v1.33.4"), "v1.34.10"), "upgrade.runtime").verdict).toBe("pass");
    const old = facts({
      apiServerVersion: "v1.32.10",
      nodes: [
        node("cp-1", {
          role: "control-plane",
          kubeletVersion: "v1.32.10",
          containerRuntimeVersion: "containerd://1.6.33",
        }),
      ],
    });
    expect(g(plan(old, "v1.33.13"), "upgrade.runtime").verdict).toBe("fail");
    const docker = facts({
      nodes: [node("cp-1", { role: "control-plane", containerRuntimeVersion: "docker://24.0.7" })],
    });
    expect(g(plan(docker, "v1.34.10"), "upgrade.runtime").verdict).toBe("warn");
  });

  it("CNI: calico past its tested range fails with `cni apply --cni-version`; flannel and in-range calico pass", () => {
    const f = facts({
      apiServerVersion: "v1.35.7",
      cni: { name: "calico", version: "v3.30.7" },
      nodes: [node("cp-1", { role: "control-plane", kubeletVersion: "v1.35.7" })],
    });
    const c = g(plan(f, "v1.36.3"), "upgrade.cni-version");
    expect(c.verdict).toBe("fail");
    expect(c.title).toBe("calico v3.30.7 is tested up to v1.35, not with v1.36.3");
    expect(c.fix).toBe(
      "first, while the cluster is within v1.34 - v1.35: kadm-wizard cni apply --cni calico --cni-version v3.32.1",
    );
    expect(g(plan(f, "v1.35.7"), "upgrade.cni-version").verdict).toBe("pass");
    // from 1.33 the swap to v3.32 (tested from 1.34) can only happen part of the way
    const early = g(plan({ ...f, apiServerVersion: "v1.33.4" }, "v1.36.3"), "upgrade.cni-version");
    expect(early.fix).toBe(
      "upgrade with --to v1.35 first; then, within v1.34 - v1.35: kadm-wizard cni apply --cni calico --cni-version v3.32.1; then plan the rest",
    );
    expect(
      g(plan({ ...f, cni: { name: "flannel", version: "v0.26.7" } }, "v1.36.3"), "upgrade.cni-version")
        .verdict,
    ).toBe("pass");
    // nothing we pin is tested with 1.37: a warning, not a block
    const newest = {
      ...f,
      apiServerVersion: "v1.36.3",
      cni: { name: "calico" as const, version: "v3.32.1" },
    };
    expect(g(plan(newest, "v1.37.1"), "upgrade.cni-version").verdict).toBe("warn");
    expect(
      g(plan({ ...f, cni: { name: "unknown", version: null } }, "v1.36.3"), "upgrade.cni-version").verdict,
    ).toBe("warn");
  });

  it("kubeadm API: v1beta3 straight into 1.37 warns (apply re-renders it); rewritten by an earlier hop passes", () => {
    const f = facts({
      apiServerVersion: "v1.36.3",
      kubeadmApiVersion: "kubeadm.k8s.io/v1beta3",
      cni: { name: "flannel", version: "v0.28.9" },
    });
    const w = g(plan(f, "v1.37.1"), "upgrade.kubeadm-api");
    expect(w.verdict).toBe("warn");
    expect(w.fix).toContain("upgrade apply re-renders the ClusterConfiguration as v1beta4");
    const early = facts({ apiServerVersion: "v1.30.14", kubeadmApiVersion: "kubeadm.k8s.io/v1beta3" });
    const p = g(plan(early, "v1.31.14"), "upgrade.kubeadm-api");
    expect(p.verdict).toBe("pass");
    expect(p.evidence.join("\n")).toContain("stores it again as kubeadm.k8s.io/v1beta4");
    expect(
      g(plan(facts({ kubeadmApiVersion: "kubeadm.k8s.io/v1beta2" }), "v1.34.10"), "upgrade.kubeadm-api")
        .verdict,
    ).toBe("warn");
  });

  it("--ignore-guard: a named failing guard is shown as overridden and no longer blocks", () => {
    const f = facts({ etcdVersion: "3.5.24-0" });
    const p = plan(f, "v1.34.10", { ignoreGuards: ["upgrade.etcd-version"] });
    expect(g(p, "upgrade.etcd-version")).toMatchObject({ verdict: "fail", overridden: true });
    expect(p.allowed).toBe(true);
    expect(planText(p, "en", { server: "s" })).toContain("(failing, overridden by --ignore-guard)");
  });
});

describe("the report", () => {
  it("text: path, hops with images, the node table aligned, guards, the verdict line (en and zh)", () => {
    const f = facts({ etcdVersion: "3.5.24-0", localNode: "cp-1" });
    const p = plan(f, "v1.34.10");
    const text = planText(p, "en", { server: "https://10.0.0.11:6443" });
    expect(text).toContain("Upgrade plan for https://10.0.0.11:6443");
    expect(text).toContain("  Kubernetes v1.33.4 -> v1.34.10: 1 hop (kubeadm never skips a minor)");
    expect(text).toContain("  1. v1.33.4 -> v1.34.10  (7 images)");
    expect(text).toMatch(/^ {2}BATCH +NODE +ROLE +KUBEADM +KUBELET +RUNTIME +CGROUP +PODS$/m);
    expect(text).toMatch(
      /^ {2}1 +cp-1 +first control plane +kubeadm upgrade apply +v1\.33\.4 +containerd 2\.1\.4 +v2 +drained$/m,
    );
    expect(text).toContain("✗ [upgrade.etcd-version]");
    expect(text).toMatch(/^Blocked: 1 guard fails \(upgrade\.etcd-version\)\./m);
    const zh = planText(p, "zh", { server: "https://10.0.0.11:6443" });
    expect(zh).toContain("共 1 步（kubeadm 不会跳过次版本）");
    expect(zh).toMatch(/^ {2}批次 +节点 +角色 +KUBEADM +KUBELET +容器运行时 +CGROUP +PODS$/m);
    expect(zh).toMatch(/^ {2}1 +cp-1 +首个控制平面 +kubeadm upgrade apply/m);
    expect(zh).toContain("不能升级：1 项检查未通过（upgrade.etcd-version）");
    // the columns line up by display width: the header and the rows start the KUBELET column together
    const col = (line: string | undefined, word: string) => (line ?? "").indexOf(word);
    const lines = text.split("\n");
    expect(
      col(
        lines.find((l) => l.includes("NODE")),
        "KUBELET",
      ),
    ).toBe(
      col(
        lines.find((l) => l.includes(" cp-1 ")),
        "v1.33.4",
      ),
    );
  });

  it("json: the plan as data with stable guard ids", () => {
    const doc = JSON.parse(planJson(plan(facts(), "v1.35.7"), { server: "s" }));
    expect(doc).toMatchObject({ server: "s", current: "v1.33.4", target: "v1.35.7", allowed: true });
    expect(doc.hops.map((h: { to: string }) => h.to)).toEqual(["v1.34.10", "v1.35.7"]);
    expect(doc.guards.map((x: { id: string }) => x.id)).toEqual([...UPGRADE_GUARD_IDS]);
    expect(doc.guards[0]).toHaveProperty("overridden", false);
    expect(doc.facts.nodes).toHaveLength(2);
  });
});

describe("matchHosts (--inventory)", () => {
  it("an inventory host is the node of its nodeName, else of its name, else of its address", async () => {
    const { matchHosts } = await import("../../src/upgrade/remote-nodes.js");
    const h = (host: string, nodeName?: string) => ({
      id: host,
      host,
      port: 22,
      user: "root",
      role: "worker" as const,
      askPassword: false,
      root: "/",
      env: {},
      ...(nodeName ? { nodeName } : {}),
    });
    const f = facts({
      nodes: [
        node("cp-1", { role: "control-plane", address: "10.0.0.11" }),
        node("w-1", { address: "10.0.0.21" }),
      ],
    });
    const { matched, unmatched } = matchHosts(f, [
      h("10.0.0.21"),
      h("x", "cp-1"),
      h("10.9.9.9"),
      h("w-1", "nope"),
    ]);
    expect([...matched.entries()].map(([n, x]) => `${n}=${x.host}`)).toEqual(["w-1=10.0.0.21", "cp-1=x"]);
    expect(unmatched.map((x) => x.host)).toEqual(["10.9.9.9", "w-1"]);
  });
});
