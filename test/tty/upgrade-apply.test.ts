/**
 * `upgrade apply` on a real terminal (built binary, tmux): a one-node cluster (a hand-built plan,
 * external etcd, so the backup is the /etc/kubernetes copy) on the stub host, the fake kubeadm at
 * the target version, apt stubs, the fake API server: the live lines, the end summary, the state;
 * then the dry run in Chinese.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeApiServer } from "../fakes/kube-api-server.js";
import { writeControlPlaneManifests } from "../fakes/static-pod-kubelet.js";
import { handPlan } from "../fakes/upgrade-plan.js";
import { fakeNode } from "./fake-host.js";
import { NEVER_ON_SCREEN, TTY_SKIP_REASON, ttyFile, ttySuite } from "./harness.js";

const tty = ttyFile("upgrade-apply");
const PORTS = {
  etcdClient: 22379,
  etcdPeer: 22380,
  etcdMetrics: 22381,
  apiserver: 26443,
  controllerManager: 30257,
  scheduler: 30259,
};
const APT =
  "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/ /\n";

async function setUp() {
  const dir = mkdtempSync(join(tty.dir, "upgrade-"));
  const fake = await fakeNode(dir, { env: { KADM_FAKE_VERSION: "v1.34.3" } });
  tty.afterThis(() => fake.cleanup());
  writeControlPlaneManifests(fake.root, PORTS);
  mkdirSync(join(fake.root, "etc/apt/sources.list.d"), { recursive: true });
  writeFileSync(join(fake.root, "etc/apt/sources.list.d/kubernetes.list"), APT);
  // apt as the upgrade calls it: madison lists the versions the mirror has.
  const log = join(dir, "state", "commands.log");
  for (const [tool, body] of Object.entries({
    "apt-get": "",
    "apt-mark": "",
    "apt-cache":
      'echo "   $2 | 1.34.3-1.1 | https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.34/deb  Packages"',
  })) {
    writeFileSync(join(fake.binDir, tool), `#!/bin/sh\necho "${tool} $*" >> '${log}'\n${body}\n`);
    chmodSync(join(fake.binDir, tool), 0o755);
  }
  const api = await startFakeApiServer({
    objects: [
      {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "master-1" },
        status: { nodeInfo: { kubeletVersion: "v1.33.2" }, conditions: [{ type: "Ready", status: "True" }] },
      },
    ],
  });
  tty.afterThis(() => api.stop());
  // The kubelet restarted by the upgrade reports its new version.
  const timer = setInterval(() => {
    if (fake.commands().includes("systemctl restart kubelet")) {
      api.setStatus(
        { apiVersion: "v1", kind: "Node", name: "master-1" },
        { nodeInfo: { kubeletVersion: "v1.34.3" }, conditions: [{ type: "Ready", status: "True" }] },
      );
      clearInterval(timer);
    }
  }, 50);
  tty.afterThis(async () => clearInterval(timer));
  const plan = join(dir, "plan.json");
  writeFileSync(plan, JSON.stringify(handPlan({ externalEtcd: true })));
  const t = await tty.open({ env: fake.env, cols: 140, rows: 50 });
  const args = `--to v1.34.3 --plan ${plan} --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm --kubeconfig ${api.kubeconfigPath}`;
  return { t, fake, api, args };
}

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("upgrade on a terminal"), () => {
  it("apply: every step of the one node, the summary, the state; a run again has nothing to do", async () => {
    const { t, fake, args } = await setUp();
    const { code, out } = await t.runToEnd(`kadm-wizard upgrade apply ${args} --yes`);
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(0);
    expect(out).toContain("Upgraded v1.33.2 -> v1.34.3");
    expect(out).toContain("Cluster upgraded to v1.34.3: 1 node.");
    expect(out).toMatch(
      /The backup taken before it stays in \/var\/backups\/kadm-wizard\/upgrade-\d{8}T\d{6}Z \(\/etc\/kubernetes; external etcd: back it up yourself\)/,
    );
    const log = fake.commands();
    expect(log).toContain("apt-mark unhold kubeadm");
    expect(log).toContain("kubeadm upgrade apply v1.34.3 -y");
    expect(log).toContain("systemctl restart kubelet");
    expect(readFileSync(join(fake.root, "etc/kubernetes/manifests/kube-apiserver.yaml"), "utf8")).toContain(
      "kube-apiserver:v1.34.3",
    );
    const state = JSON.parse(readFileSync(join(fake.root, "etc/kadm-wizard/upgrade.json"), "utf8"));
    expect(state.finished).toBe(true);
    const again = await t.runToEnd(`kadm-wizard upgrade apply ${args} --yes`);
    expect(again.code).toBe(0);
    expect(again.out).toContain("The upgrade to v1.34.3 finished at");
    // A finished upgrade is not rolled back: one line, the reason and the fix, exit 2; then in Chinese.
    const rb = await t.runToEnd(`kadm-wizard upgrade rollback --root ${fake.root} --yes`);
    expect(rb.out).not.toMatch(NEVER_ON_SCREEN);
    expect(rb.code).toBe(2);
    expect(rb.out).toContain("error: the upgrade to v1.34.3 finished (");
    const zh = await t.runToEnd(`kadm-wizard upgrade rollback --root ${fake.root} --yes --lang zh`);
    expect(zh.code).toBe(2);
    expect(zh.out).toContain("升级到 v1.34.3 已完成（");
  });

  it("upgrade node --dry-run on this control plane, in English and Chinese; rollback with nothing recorded", async () => {
    const { t, fake } = await setUp();
    // The kubelet under the root (found there by the one binary rule), as its package installs it.
    mkdirSync(join(fake.root, "usr/bin"), { recursive: true });
    writeFileSync(join(fake.root, "usr/bin/kubelet"), `#!/bin/sh\nexec '${fake.binDir}/kubelet' "$@"\n`);
    chmodSync(join(fake.root, "usr/bin/kubelet"), 0o755);
    const base = `kadm-wizard upgrade node --to v1.34.3 --node-name master-1 --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm --dry-run`;
    const en = await t.runToEnd(base);
    expect(en.out).not.toMatch(NEVER_ON_SCREEN);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(
      /Upgrade of master-1 \(control plane\) v1\.33\.2 -> v1\.34\.3; dry run, nothing is changed:/,
    );
    expect(en.out).toContain("upgrade node");
    const zh = await t.runToEnd(`${base} --lang zh`);
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/升级 master-1（控制平面）v1\.33\.2 -> v1\.34\.3；试运行，不做任何修改：/);
    expect(fake.commands()).not.toMatch(/apt-get|kubeadm upgrade|systemctl/);
    const none = await t.runToEnd(`kadm-wizard upgrade rollback --root ${fake.root} --lang zh`);
    expect(none.code).toBe(2);
    expect(none.out).toContain("本节点没有 `upgrade apply` 的记录：没有可回滚的内容。");
  });

  it("the dry run in Chinese: the plan, nothing run", async () => {
    const { t, fake, args } = await setUp();
    const { code, out } = await t.runToEnd(`kadm-wizard upgrade apply ${args} --dry-run --lang zh`);
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(0);
    expect(out).toContain("升级计划 v1.33.2 -> v1.34.3（1 个次版本步骤）；试运行，不做任何修改：");
    expect(out).toContain("封锁 master-1（唯一的节点：其 Pod 保留）");
    expect(out).toContain("未连接集群，也未连接任何节点。");
    expect(fake.commands()).not.toMatch(/apt|kubeadm upgrade|systemctl/);
    expect(existsSync(join(fake.root, "etc/kadm-wizard/upgrade.json"))).toBe(false);
  });
});
