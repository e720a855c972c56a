/**
 * The main path of every other command on a real terminal, against a fake node (stubs only, see
 * fake-host.ts) and the fake API server in this process: prepare --dry-run, images pull with its
 * per-image progress, cni apply and wait with live counts, doctor (host and cluster), token and
 * reset --dry-run after an init, join --dry-run and join through the fake kubeadm.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caCertHash } from "../../src/kube/join-discovery.js";
import { CNI_DIR, readySteps, seedFreshCluster } from "../fakes/cluster.js";
import { cacheFlannel, freshCluster, readyController } from "../fakes/inited-cluster.js";
import { startJoinCluster } from "../fakes/join-cluster.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { hasOpenssl, makePki } from "../fakes/pki.js";
import { type FakeNode, fakeNode } from "./fake-host.js";
import { TTY_SKIP_REASON, ttyFile, ttySuite } from "./harness.js";

const tty = ttyFile("cmds");

/** A fake node for one test (stubs only) and a terminal on it. */
async function setUp(o: { env?: Record<string, string>; name?: string } = {}) {
  const fake: FakeNode = await fakeNode(mkdtempSync(join(tty.dir, "node-")), o);
  tty.afterThis(() => fake.cleanup());
  const t = await tty.open({ env: fake.env, cols: 140, rows: 45 });
  return { t, fake };
}

/** A fake API server for one test, stopped after it. */
async function cluster(started: Promise<FakeApiServer>): Promise<FakeApiServer> {
  const api = await started;
  tty.afterThis(() => api.stop());
  return api;
}

/** Host-changing commands a dry run must not have run. */
const CHANGES =
  /^(swapoff|modprobe|sysctl -w|systemctl (restart|enable)|ctr .* images pull|ip link delete|iptables-restore)/m;

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("every command's main path on a terminal"), () => {
  it("prepare --dry-run: preflight verdicts and the changes it would make; nothing run", async () => {
    const { t, fake } = await setUp();
    const { code, out } = await t.runToEnd(
      `kadm-wizard prepare --dry-run --k8s-version v1.33.2 --root ${fake.root}`,
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^Preflight:$/m);
    expect(out).toMatch(/^✔ containerd for kubeadm.*would change$/m);
    expect(out).toContain("+++ /etc/containerd/config.toml");
    expect(fake.commands()).not.toMatch(CHANGES);
  });

  it("images pull: one progress line per image, a total; again: all already present", async () => {
    const { t, fake } = await setUp();
    const cmd = `kadm-wizard images pull --k8s-version v1.33.2 --root ${fake.root}`;
    await t.run(cmd);
    // while pulling: images in progress with their byte counts
    await t.waitFor(/kube-apiserver:v1\.33\.2.*(MiB|pulling|\d+%)/);
    const { code, out } = await t.finish(30_000);
    expect(code).toBe(0);
    expect(out).toMatch(
      /registry\.aliyuncs\.com\/google_containers\/kube-apiserver:v1\.33\.2 pulled \(2\.9 MiB\)/,
    );
    expect(out).toMatch(/registry\.aliyuncs\.com\/google_containers\/etcd:3\.5\.21-0 pulled/);
    expect(out).toMatch(/9 pulled, 0 already present, 0 failed/);
    // each image once: the progress drew its line, the report on the same screen does not repeat it
    expect(out.match(/kube-apiserver:v1\.33\.2 pulled/g)).toHaveLength(1);
    const again = await t.runToEnd(cmd);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 pulled, 9 already present, 0 failed/);
  });

  it("cni apply: flannel applied, then the wait shows live counts until Ready", async () => {
    const api = await cluster(freshCluster());
    const { t, fake } = await setUp();
    cacheFlannel(fake.root);
    tty.afterThis(readyController(api, 1500));
    await t.run(`kadm-wizard cni apply --root ${fake.root} --kubeconfig ${api.kubeconfigPath}`);
    await t.waitFor(/nodes: 0\/1 Ready|0\/1 ready/);
    const { code, out } = await t.finish(30_000);
    expect(code).toBe(0);
    expect(out).toContain("flannel: 6 objects applied (6 created, 0 configured, 0 unchanged)");
    expect(out).toMatch(/The cluster is ready \([\d.]+m?s\)\./);
  });

  it("wait: live counts while the cluster comes up, exit 0 once Ready", async () => {
    const api = await cluster(startFakeApiServer());
    const parsed = (await import("../../src/cni/patch/manifest.js")).parseManifest(
      readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8"),
    );
    if (!parsed.ok) throw new Error("flannel manifest does not parse");
    seedFreshCluster(api, {
      flannelDs: parsed.docs.find((d) => d.kind === "DaemonSet") as unknown as FakeObject,
    });
    const { t } = await setUp();
    await t.run(`kadm-wizard wait --timeout 30s --kubeconfig ${api.kubeconfigPath}`);
    const live = await t.waitFor(/nodes: 0\/1 Ready/);
    expect(live).toMatch(/kube-system pods: \d+\/\d+ Ready/);
    for (const step of readySteps(api)) step();
    const { code, out } = await t.finish(30_000);
    expect(code).toBe(0);
    expect(out).toMatch(/^The cluster is ready \([\d.]+m?s\)\.$/m);
  });

  it("doctor --host-only, then doctor against the cluster: reports with a verdict line", async () => {
    const api = await cluster(freshCluster());
    const { t, fake } = await setUp();
    const host = await t.runToEnd(`kadm-wizard doctor --host-only --k8s-version v1.33.2 --root ${fake.root}`);
    // the fresh node has no containerd config yet: problems found (exit 3), each with its id
    expect(host.code).toBe(3);
    expect(host.out).toMatch(/\[host\.[a-z-]+\]/);
    expect(host.out).toMatch(/^\d+ errors?, \d+ warnings?, \d+ notes?\.$/m);
    const onCluster = await t.runToEnd(
      `kadm-wizard doctor --cluster-only --kubeconfig ${api.kubeconfigPath}`,
    );
    expect(onCluster.code).toBe(3);
    expect(onCluster.out).toContain("[node.cni-not-ready]");
    expect(onCluster.out).toMatch(/^\d+ errors?, \d+ warnings?, \d+ notes?\.$/m);
  });

  it("after an init: token prints a fresh join command; reset --dry-run lists what it would remove", async () => {
    const api = await cluster(freshCluster());
    const { t, fake } = await setUp({ env: {} });
    // the fake kubeadm writes admin.conf pointing at the fake API server
    const env = `KADM_FAKE_ADMIN_CONF=${api.kubeconfigPath}`;
    const k = `--root ${fake.root} --kubeadm ${fake.binDir}/kubeadm`;
    const init = await t.runToEnd(
      `${env} kadm-wizard init --yes --advertise-address 192.168.10.11 --k8s-version v1.33.2 --cni none ${k}`,
      40_000,
    );
    expect(init.code).toBe(0);
    const token = await t.runToEnd(`${env} kadm-wizard token ${k}`);
    expect(token.code).toBe(0);
    expect(token.out).toMatch(
      /kadm-wizard join --endpoint 127\.0\.0\.1:\d+ --token [a-z0-9]{6}\.[a-z0-9]{16} --ca-cert-hash sha256:/,
    );
    const before = fake.commands().length ?? 0;
    const reset = await t.runToEnd(`kadm-wizard reset --dry-run ${k}`);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/kubeadm reset -f/);
    expect(reset.out).toContain("would remove /root/.kube/config");
    expect(fake.commands().slice(before)).not.toMatch(CHANGES);
    expect(fake.commands().slice(before)).not.toMatch(/^kubeadm reset/m);
    expect(existsSync(join(fake.root, "etc/kubernetes/admin.conf"))).toBe(true);
  });

  it("reset asks first; Ctrl-C at its question: exit 130, one short line, nothing run", async () => {
    const { t, fake } = await setUp();
    await t.run(`kadm-wizard reset --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm`);
    await t.waitFor(/^\? Reset this node\?.*\(y\/N\)/m);
    await new Promise((r) => setTimeout(r, 100));
    await t.keys("C-c");
    const { code, out } = await t.finish();
    expect(out).toMatch(/^error: interrupted; nothing was written\.$/m);
    expect(code).toBe(130);
    expect(fake.commands()).not.toMatch(/^(kubeadm|ip|iptables)/m);
    expect(await t.cursorVisible()).toBe(true);
  });

  describe.skipIf(!hasOpenssl())("join (fake API server over HTTPS with a test CA)", () => {
    const TOKEN = "k8swiz.p0q1r2s3t4u5v6w7";
    let pki: ReturnType<typeof makePki>;
    let pkiDir: string;
    beforeAll(() => {
      pkiDir = mkdtempSync(join(tmpdir(), "kadm-tty-pki-"));
      pki = makePki(pkiDir);
    });
    afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

    /** The worker join line kubeadm init prints, pasted after `kadm-wizard join`. */
    const pasted = (a: FakeApiServer) =>
      `kubeadm join 127.0.0.1:${a.port} --token ${TOKEN} --discovery-token-ca-cert-hash ${caCertHash(pki.ca)}`;

    it("join --dry-run with the pasted kubeadm join line prints a plan, exit 0", async () => {
      const api = await cluster(startJoinCluster(pki, { token: TOKEN }));
      const { t, fake } = await setUp({ name: "worker-1", env: { KADM_FAKE_CA_HASH: caCertHash(pki.ca) } });
      const { code, out } = await t.runToEnd(
        `kadm-wizard join --dry-run --yes --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm ${pasted(api)}`,
      );
      expect(code).toBe(0);
      expect(out).toMatch(/[Pp]lan|would/);
      expect(fake.commands()).not.toMatch(CHANGES);
      expect(fake.commands()).not.toMatch(/^kubeadm join/m);
    });

    it("join through the fake kubeadm: the steps drawn, then joined", async () => {
      const api = await cluster(startJoinCluster(pki, { token: TOKEN }));
      const { t, fake } = await setUp({ name: "worker-1", env: { KADM_FAKE_CA_HASH: caCertHash(pki.ca) } });
      const { code, out } = await t.runToEnd(
        `kadm-wizard join --yes --k8s-version v1.33.2 --cni none --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm ${pasted(api)}`,
        40_000,
      );
      expect(code).toBe(0);
      expect(out).toMatch(/✔ Preflight/);
      expect(out).toContain(`joined the cluster at 127.0.0.1:${api.port}`);
      expect(fake.commands()).toMatch(/^kubeadm join --config \S+kubeadm-join\.yaml/m);
      expect(existsSync(join(fake.root, "etc/kubernetes/kubelet.conf"))).toBe(true);
    });
  });
});
