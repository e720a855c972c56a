/**
 * `kadm-wizard init` for real on a terminal, against a fake node (test/tty/fake-host.ts: a temp root,
 * stubs for every host command, the fake kubeadm) and the fake API server in this process: the
 * animated progress through preflight, host preparation, the per-image pre-pull, kubeadm's live
 * phases, kubectl set-up, flannel and the wait, then the join commands. Also Ctrl-C while kubeadm
 * runs, and the interactive wizard of init answered key by key.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheFlannel, freshCluster, readyController } from "../fakes/inited-cluster.js";
import { fakeNode } from "./fake-host.js";
import { answer, answerAddress, TTY_SKIP_REASON, ttyFile, ttySuite } from "./harness.js";

const tty = ttyFile("init");

/** A fake node and a fresh fake cluster for one test, and a terminal on that node. */
async function setUp(o: { slowInit?: number; lineDelay?: number } = {}) {
  const api = await freshCluster();
  tty.afterThis(() => api.stop());
  const fake = await fakeNode(mkdtempSync(join(tty.dir, "node-")), {
    env: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath },
    ...o,
  });
  tty.afterThis(() => fake.cleanup());
  cacheFlannel(fake.root);
  const t = await tty.open({ env: fake.env, cols: 120, rows: 40 });
  return { t, api, fake };
}

const INIT = "kadm-wizard init --advertise-address 192.168.10.11 --k8s-version v1.33.2";

describe.skipIf(TTY_SKIP_REASON !== undefined)(
  ttySuite("init on a terminal (fake node, fake API server)"),
  () => {
    it("the whole run: live progress, kubeadm's phases, flannel, the wait, then both join commands", async () => {
      const { t, api, fake } = await setUp({ lineDelay: 0.03 });
      tty.afterThis(readyController(api));
      await t.run(`${INIT} --yes --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm`);
      // while it runs: the progress tree is drawn (a running step, kubeadm's phase as its title and
      // the phase's latest line under it). One frame holds both: the title can be a frame ahead.
      await t.waitFor(
        /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] kubeadm init: (Generating certificates|Writing kubeconfig files|.*control plane)\n\s+\S+ \[(certs|kubeconfig|control-plane|etcd|kubelet-start|wait-control-plane)\]/m,
        30_000,
      );
      const { code, out } = await t.finish(40_000);
      expect(code).toBe(0);
      expect(out).toMatch(/✔ Preflight/);
      expect(out).toMatch(/✔ .*9 images|✔ .*pulled/);
      expect(out).toMatch(
        /kadm-wizard join --endpoint 192\.168\.10\.11:6443 --token [a-z0-9]{6}\.[a-z0-9]{16} --ca-cert-hash sha256:[0-9a-f]{64}/,
      );
      expect(out).toMatch(
        /kubeadm join 192\.168\.10\.11:6443 --token \S+ --discovery-token-ca-cert-hash sha256:/,
      );
      expect(out).toMatch(/master-1\s+Ready/);
      // the stubs ran instead of this machine's tools, and kubeadm was the fake one
      const log = fake.commands();
      expect(log).toMatch(/^systemctl restart containerd$/m);
      expect(log).toMatch(/^ctr .* images pull .*kube-apiserver:v1\.33\.2$/m);
      expect(log).toMatch(/^kubeadm init --config \S+\/etc\/kadm-wizard\/kubeadm\.yaml/m);
      expect(existsSync(join(fake.root, "etc/kubernetes/admin.conf"))).toBe(true);
      expect(existsSync(join(fake.root, "root/.kube/config"))).toBe(true);
    }, 60_000);

    it("Ctrl-C while kubeadm init runs: exit 130, names the step, the terminal stays usable", async () => {
      const { t, fake } = await setUp({ slowInit: 20 });
      await t.run(`${INIT} --yes --cni none --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm`);
      await t.waitFor(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] kubeadm init/m, 30_000);
      await new Promise((r) => setTimeout(r, 300));
      await t.keys("C-c");
      const { code, out } = await t.finish(15_000);
      expect(code).toBe(130);
      expect(out).toContain('interrupted during "kubeadm init"');
      await t.run("echo still-here");
      expect(await t.exitCode(5_000)).toBe(0);
      expect(await t.sinceRun()).toMatch(/^still-here$/m);
    }, 60_000);

    it("the interactive wizard, key by key: profile, version, address, defaults, confirm; then a dry run", async () => {
      const { t, fake } = await setUp();
      await t.run(
        `kadm-wizard init --dry-run --cni none --root ${fake.root} --kubeadm ${fake.binDir}/kubeadm`,
      );
      await answer(t, "Registry profile", "Enter");
      await answer(t, "Kubernetes version (pinned)", "C-u", "v1.33.2", "Enter");
      await answerAddress(t, "Advertise address of this node", "192.168.10.11");
      await answer(t, "Pod subnet", "Enter");
      await answer(t, "Service subnet", "Enter");
      await answer(t, "kube-proxy mode", "Enter");
      await answer(t, "Control-plane endpoint for HA", "Enter");
      await answer(t, "Run workloads on the control-plane node", "Enter");
      const summary = await t.waitFor(/^\? Generate this configuration\?/m);
      expect(summary).toMatch(/advertise\s+192\.168\.10\.11/);
      await t.keys("Enter");
      const { code, out } = await t.finish(30_000);
      expect(code).toBe(0);
      expect(out).toContain("Plan (dry run)");
      expect(fake.commands()).not.toMatch(/^(swapoff|modprobe|sysctl -w|systemctl restart)/m);
    });
  },
);
