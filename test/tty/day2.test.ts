/**
 * Day-2 commands on a real terminal (built binary, tmux): `certs check` on kubeadm's PKI made by
 * openssl under a temp root, in English and Chinese, and `etcd backup --dry-run` on a control
 * plane's manifests (the plan only: nothing run, nothing written).
 */
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeKubeadmPki } from "../fakes/kubeadm-pki.js";
import { hasOpenssl } from "../fakes/pki.js";
import { writeControlPlaneManifests } from "../fakes/static-pod-kubelet.js";
import { type FakeNode, fakeNode } from "./fake-host.js";
import { TTY_SKIP_REASON, ttyFile, ttySuite } from "./harness.js";

const tty = ttyFile("day2");
const PORTS = {
  etcdClient: 12379,
  etcdPeer: 12380,
  etcdMetrics: 12381,
  apiserver: 16443,
  controllerManager: 20257,
  scheduler: 20259,
};

async function setUp() {
  const fake: FakeNode = await fakeNode(mkdtempSync(join(tty.dir, "node-")));
  tty.afterThis(() => fake.cleanup());
  makeKubeadmPki(fake.root, { leafDays: 20 });
  writeControlPlaneManifests(fake.root, PORTS);
  const t = await tty.open({ env: fake.env, cols: 140, rows: 45 });
  return { t, fake };
}

describe.skipIf(TTY_SKIP_REASON !== undefined || !hasOpenssl())(
  ttySuite("day-2 commands on a terminal"),
  () => {
    it("certs check: the table, the timer state and exit 3 for certificates inside 30 days", async () => {
      const { t, fake } = await setUp();
      const { code, out } = await t.runToEnd(`kadm-wizard certs check --root ${fake.root}`);
      expect(code).toBe(3);
      expect(out).toMatch(/^ {2}NAME\s+KIND\s+EXPIRES \(UTC\)\s+LEFT\s+CA\s+NOTES$/m);
      expect(out).toMatch(/^ {2}apiserver\s+leaf\s+\S+ \S+\s+(19|20)d\s+ca\s+expires soon$/m);
      expect(out).toMatch(/^ {2}kubelet\.conf\s+kubeconfig.*rotated by the kubelet$/m);
      expect(out).toContain("Automatic renewal: off");
      const zh = await t.runToEnd(`kadm-wizard certs check --root ${fake.root} --lang zh`);
      expect(zh.code).toBe(3);
      expect(zh.out).toMatch(/^ {2}名称\s+类型\s+到期时间 \(UTC\)\s+剩余\s+签发 CA\s+备注$/m);
      expect(zh.out).toContain("即将过期");
    });

    it("etcd backup --dry-run: the etcdctl command with kubeadm's client certificate; nothing written", async () => {
      const { t, fake } = await setUp();
      const { code, out } = await t.runToEnd(
        `kadm-wizard etcd backup --dry-run --keep 3 --root ${fake.root}`,
      );
      expect(code).toBe(0);
      expect(out).toContain(`--endpoints=https://127.0.0.1:${PORTS.etcdClient}`);
      expect(out).toContain("--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt");
      expect(out).toContain("keep the newest 3 backups in /var/backups/kadm-wizard");
      expect(out).toContain("nothing was changed and nothing was contacted");
      expect(existsSync(join(fake.root, "var/backups"))).toBe(false);
      expect(fake.commands()).not.toMatch(/etcdctl|crictl/);
    });
  },
);
