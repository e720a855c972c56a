/**
 * `upgrade plan` on a real terminal: the built binary against the fake API server in this process
 * (a kubeadm cluster at v1.33.4 whose etcd is still 3.5.24), with this machine as its control plane
 * (its hostname is a node's name; its cgroup files are under the fake root). English and Chinese.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeApiServer } from "../fakes/kube-api-server.js";
import { upgradeCluster } from "../fakes/upgrade-cluster.js";
import { type FakeNode, fakeNode } from "./fake-host.js";
import { NEVER_ON_SCREEN, TTY_SKIP_REASON, ttyFile, ttySuite } from "./harness.js";

const tty = ttyFile("upgrade");

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("upgrade plan on a terminal"), () => {
  it("the path, the node table, the failing etcd guard and exit 3; then in Chinese", async () => {
    const me = hostname().toLowerCase();
    const { objects, gitVersion } = upgradeCluster({
      etcd: "3.5.24-0",
      nodes: [
        { name: me, role: "control-plane", address: "10.0.0.11" },
        { name: "worker-1", address: "10.0.0.21" },
      ],
    });
    const api = await startFakeApiServer({ objects, gitVersion });
    tty.afterThis(() => api.stop());
    const fake: FakeNode = await fakeNode(mkdtempSync(join(tty.dir, "node-")));
    tty.afterThis(() => fake.cleanup());
    mkdirSync(join(fake.root, "sys/fs/cgroup"), { recursive: true });
    writeFileSync(join(fake.root, "sys/fs/cgroup/cgroup.controllers"), "cpu io memory pids\n");
    const t = await tty.open({ env: fake.env, cols: 160, rows: 70 });

    const cmd = `kadm-wizard upgrade plan --root ${fake.root} --kubeconfig ${api.kubeconfigPath}`;
    const { code, out } = await t.runToEnd(cmd);
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(3);
    expect(out).toContain("Kubernetes v1.33.4 -> v1.34.10: 1 hop (kubeadm never skips a minor)");
    expect(out).toMatch(
      new RegExp(
        `^ {2}1 +${me} +first control plane +kubeadm upgrade apply +v1\\.33\\.4 .* v2 +drained$`,
        "m",
      ),
    );
    expect(out).toMatch(/^ {2}2 +worker-1 +worker +kubeadm upgrade node/m);
    expect(out).toContain(
      "[upgrade.etcd-version] etcd 3.5.24-0 would move to 3.6.5-0 on the hop to v1.34.10",
    );
    expect(out).toMatch(/^Blocked: 1 guard fails \(upgrade\.etcd-version\)/m);

    const zh = await t.runToEnd(`${cmd} --lang zh`);
    expect(zh.code).toBe(3);
    expect(zh.out).toMatch(/^ {2}批次 +节点 +角色 +KUBEADM +KUBELET +容器运行时 +CGROUP +PODS$/m);
    expect(zh.out).toContain("不能升级：1 项检查未通过（upgrade.etcd-version）");
  });
});
