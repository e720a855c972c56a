/**
 * `upgrade apply|node|rollback` through the CLI in-process: the dry run (the whole plan, no change,
 * no connection), the guards, bad input (exit 2, nothing touched), a node `apply` cannot reach, and
 * both languages.
 */
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SshTransport } from "../../src/ssh/transport.js";
import { FakeCluster, fakeKubeClients } from "../fakes/kube-client.js";
import { runCli } from "../fakes/ports.js";
import { FakeRunner } from "../fakes/runner.js";
import { handPlan } from "../fakes/upgrade-plan.js";

const APT =
  "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/ /\n";

function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const r = `${rel}/${n}`;
      if (statSync(p).isDirectory()) walk(p, r);
      else out.push(`${r} ${statSync(p).mtimeMs}`);
    }
  };
  walk(dir, "");
  return out.sort();
}

function setup(plan = handPlan({ controlPlanes: ["cp-2"], workers: ["w1", "w2", "w3"] })) {
  const dir = mkdtempSync(join(tmpdir(), "kadm-upgrade-cli-"));
  const root = join(dir, "root");
  mkdirSync(join(root, "etc/apt/sources.list.d"), { recursive: true });
  writeFileSync(join(root, "etc/apt/sources.list.d/kubernetes.list"), APT);
  writeFileSync(
    join(root, "etc/os-release"),
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
  );
  const planFile = join(dir, "plan.json");
  writeFileSync(planFile, JSON.stringify(plan));
  const inventory = join(dir, "hosts.yaml");
  writeFileSync(
    inventory,
    "defaults: { user: root, passwordEnv: NODE_PW }\nhosts:\n  - host: 10.0.0.12\n    nodeName: cp-2\n  - host: 10.0.0.21\n    nodeName: w1\n  - host: 10.0.0.22\n    nodeName: w2\n",
  );
  const kube = fakeKubeClients(new FakeCluster());
  const dialled: string[] = [];
  const ssh = (): SshTransport => ({
    connect: async (t) => {
      dialled.push(t.host);
      throw new Error("no connection may be made");
    },
  });
  let runner: FakeRunner | undefined;
  const cli = (args: string[], lang = "en") =>
    runCli(["--lang", lang, "upgrade", ...args, "--root", root], {
      env: { LANG: "en_US.UTF-8", HOME: dir, NODE_PW: "pw" },
      overrides: {
        kube,
        ssh,
        runner: (dry) => {
          runner = new FakeRunner({}, dry);
          return runner;
        },
      },
    });
  return { dir, root, planFile, inventory, kube, dialled, cli, runner: () => runner as FakeRunner };
}

describe("upgrade apply --dry-run", () => {
  it("prints every hop, node and command in rollout order; changes nothing; connects to nothing", async () => {
    const w = setup(
      handPlan({ to: ["v1.34.3", "v1.35.1"], controlPlanes: ["cp-2"], workers: ["w1", "w2", "w3"] }),
    );
    const before = tree(w.root);
    const r = await w.cli([
      "apply",
      "--to",
      "v1.35.1",
      "--plan",
      w.planFile,
      "--inventory",
      w.inventory,
      "--max-unavailable",
      "2",
      "--dry-run",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain("Upgrade plan v1.33.2 -> v1.35.1 (2 minor steps); dry run, nothing is changed:");
    // Hop by hop, the first control plane, then cp-2, then the workers two at a time.
    const at = (s: string, from = 0) => out.indexOf(s, from);
    const hop1 = at("Upgrade v1.33.2 -> v1.34.3");
    const hop2 = at("Upgrade v1.34.3 -> v1.35.1");
    expect(hop1).toBeGreaterThan(-1);
    expect(hop2).toBeGreaterThan(hop1);
    expect(at("    master-1 (first control plane, this machine)", hop1)).toBeLessThan(
      at("    cp-2 (control plane, over SSH root@10.0.0.12:22)", hop1),
    );
    expect(at("  workers, at most 2 at once:", hop1)).toBeGreaterThan(at("cp-2", hop1));
    expect(out).toContain("      etcd snapshot + /etc/kubernetes backup");
    expect(out).toContain("        /etc/apt/sources.list.d/kubernetes.list: /v1.33/ -> /v1.34/");
    expect(out).toContain("        apt-mark unhold kubeadm");
    expect(out).toContain(
      "        apt-get install -y --no-install-recommends --allow-downgrades --allow-change-held-packages kubeadm=1.34.3-*",
    );
    expect(out).toContain(
      "        ctr -n k8s.io images pull registry.aliyuncs.com/google_containers/kube-apiserver:v1.34.3",
    );
    expect(out).toContain("upgrade apply v1.34.3 -y");
    expect(out).toContain("        kubeadm upgrade node");
    // A remote node: both package managers, its OS is not read in a dry run.
    expect(out).toContain("        apt: apt-mark unhold kubelet kubectl");
    expect(out).toContain(
      "        dnf: dnf install -y --disableexcludes=kubernetes kubelet-1.35.1 kubectl-1.35.1",
    );
    expect(out).toContain(
      "        cordon w1, evict its pods through the API (not DaemonSet or mirror pods; PodDisruptionBudgets honoured)",
    );
    expect(out).toContain("        systemctl restart kubelet");
    expect(out).toContain("        wait until w2 is Ready with kubelet v1.35.1");
    // w3 is in no inventory: the rollout waits for `upgrade node` on it.
    expect(out).toContain("    w3 (worker, not in --inventory: `upgrade node` on it)");
    expect(out).toContain("      on w3 itself: kadm-wizard upgrade node --to v1.34.3");
    // The backup is taken once, before the first hop.
    expect(out.slice(hop2)).not.toContain("etcd snapshot");
    expect(out).toContain("Neither the cluster nor any node was contacted.");
    expect(tree(w.root)).toEqual(before);
    expect(w.dialled).toEqual([]);
    expect(w.kube.requests).toEqual([]);
    expect(w.runner().calls.filter((c) => c.opts.changes)).toEqual([]);
  });

  it("zh: the same plan in Chinese", async () => {
    const w = setup();
    const r = await w.cli(
      ["apply", "--to", "v1.34.3", "--plan", w.planFile, "--inventory", w.inventory, "--dry-run"],
      "zh",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("升级计划 v1.33.2 -> v1.34.3（1 个次版本步骤）；试运行，不做任何修改：");
    expect(r.stdout).toContain("    master-1（首个控制平面，本机）");
    expect(r.stdout).toContain("  其他控制平面，逐个进行：");
    expect(r.stdout).toContain("  工作节点，最多同时 1 个：");
    expect(r.stdout).toContain("      预拉取镜像");
    expect(r.stdout).toContain(
      "        封锁 w1，通过 API 驱逐其 Pod（DaemonSet 和静态镜像 Pod 除外；遵守 PodDisruptionBudget）",
    );
    expect(r.stdout).toContain("未连接集群，也未连接任何节点。");
    expect(r.stdout).not.toMatch(/cordon|evict its|wait until|first control plane/);
  });
});

describe("upgrade apply: guards and bad input", () => {
  const failing = handPlan({
    workers: ["w1"],
    guards: [
      {
        id: "upgrade.etcd-version",
        verdict: "fail",
        title: "etcd 3.5.24 must be at least 3.5.26 before etcd 3.6",
        evidence: ["etcd image tag 3.5.24-0"],
        fix: "upgrade within 1.33 first (v1.33.13 ships etcd 3.5.26)",
      },
      { id: "upgrade.ipvs", verdict: "warn", title: "kube-proxy ipvs is deprecated", evidence: [] },
    ],
  });

  it("a failing guard refuses before anything changes, naming it; --ignore-guard ID lets it through", async () => {
    const w = setup(failing);
    const before = tree(w.root);
    const r = await w.cli(["apply", "--to", "v1.34.3", "--plan", w.planFile, "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Guards that stop this upgrade:");
    expect(r.stderr).toContain(
      "  ✗ [upgrade.etcd-version] etcd 3.5.24 must be at least 3.5.26 before etcd 3.6",
    );
    expect(r.stderr).toContain("      etcd image tag 3.5.24-0");
    expect(r.stderr).toContain("error: 1 guard fails for the upgrade to v1.34.3: nothing was changed. Fix:");
    expect(r.stderr).toContain("--ignore-guard upgrade.etcd-version");
    expect(tree(w.root)).toEqual(before);
    expect(w.kube.requests).toEqual([]);

    const ok = await w.cli([
      "apply",
      "--to",
      "v1.34.3",
      "--plan",
      w.planFile,
      "--ignore-guard",
      "upgrade.etcd-version",
      "--dry-run",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("guard upgrade.etcd-version fails and is ignored (--ignore-guard)");
    expect(ok.stdout).toContain("  ✗ [upgrade.etcd-version]");
    expect(ok.stdout).toContain("  ! [upgrade.ipvs] kube-proxy ipvs is deprecated");

    const unknown = await w.cli([
      "apply",
      "--to",
      "v1.34.3",
      "--plan",
      w.planFile,
      "--ignore-guard",
      "upgrade.etcd",
      "--dry-run",
    ]);
    expect(unknown.code).toBe(2);
    // Checked against every guard there is, before the plan is even read.
    expect(unknown.stderr).toContain("upgrade.etcd");
    expect(unknown.stderr).toContain("upgrade.etcd-version");
  });

  it("zh: the refusal in Chinese", async () => {
    const w = setup(failing);
    const r = await w.cli(["apply", "--to", "v1.34.3", "--plan", w.planFile, "--yes"], "zh");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("阻止本次升级的检查项：");
    expect(r.stderr).toContain("错误：升级到 v1.34.3 有 1 个检查项未通过：未做任何修改。");
    expect(r.stderr).toContain("明知风险仍要继续：--ignore-guard upgrade.etcd-version");
  });

  it.each([
    [["apply"], "no target version: --to is required."],
    [["apply", "--to", "1.34.x"], '--to "1.34.x" is not a version like v1.34.3.'],
    [["apply", "--to", "v1.34.3", "--max-unavailable", "0"], '--max-unavailable "0"'],
    [["apply", "--to", "v1.34.3", "--timeout", "soon"], ""],
    [["apply", "--to", "v1.35.1", "--plan", "PLAN", "--dry-run"], "goes to v1.34.3, not to --to v1.35.1"],
    [
      ["apply", "--to", "v1.34.3", "--dry-run"],
      "a dry run connects to nothing, so it cannot read the cluster",
    ],
    [["node", "--to", "v1.34.3", "--output", "json"], "--output is not an option of `upgrade node`"],
    [["frobnicate"], "unknown upgrade"],
    [["rollback", "--yes"], "no `upgrade apply` recorded on this node: nothing to roll back."],
  ])("bad input %j: exit 2, one line, nothing touched", async (args, line) => {
    const w = setup();
    const before = tree(w.root);
    const r = await w.cli(args.map((a) => (a === "PLAN" ? w.planFile : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(line);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(w.root)).toEqual(before);
    expect(w.dialled).toEqual([]);
  });

  it("without --yes and no terminal: refused, the dry run is offered", async () => {
    const w = setup();
    const r = await w.cli(["apply", "--to", "v1.34.3", "--plan", w.planFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("look at the plan with --dry-run, then pass --yes");
  });
});

describe("upgrade node --dry-run", () => {
  it("a worker's own steps, drain left to the user with --skip-drain; no cluster contacted", async () => {
    const w = setup();
    mkdirSync(join(w.root, "etc/kubernetes"), { recursive: true });
    writeFileSync(join(w.root, "etc/kubernetes/kubelet.conf"), "users:\n- name: system:node:w7\n");
    const r = await w.cli(["node", "--to", "v1.34.3", "--skip-drain", "--dry-run"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Upgrade of w7 (worker) unknown version -> v1.34.3; dry run, nothing is changed:",
    );
    expect(r.stdout).toContain(
      "    apt-get install -y --no-install-recommends --allow-downgrades --allow-change-held-packages kubeadm=1.34.3-*",
    );
    expect(r.stdout).toContain("  kubeadm upgrade node");
    expect(r.stdout).not.toContain("evict");
    expect(r.stdout).toContain(
      "Not drained here (--skip-drain): drain w7 before, and `kubectl uncordon w7` after",
    );
    expect(w.kube.requests).toEqual([]);
  });
});
