/**
 * The main path of every other command on a real terminal, against a fake node (stubs only, see
 * fake-host.ts) and the fake API server in this process: prepare --dry-run, images pull with its
 * per-image progress, cni apply and wait with live counts, doctor (host and cluster), token and
 * reset --dry-run after an init, join --dry-run and join through the fake kubeadm.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { caCertHash, detachedJws } from "../../src/kube/join-discovery.js";
import { CNI_DIR, readySteps, seedFreshCluster } from "../fakes/cluster.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { hasOpenssl, makePki } from "../fakes/pki.js";
import { cacheFlannel, freshCluster, readyController } from "./cluster.js";
import { type FakeNode, fakeNode } from "./fake-host.js";
import {
  NEVER_ON_SCREEN,
  REPO,
  requireBuild,
  type Terminal,
  TmuxServer,
  TTY_SKIP_REASON,
  ttySuite,
} from "./harness.js";

let server: TmuxServer;
let dir: string;
let api: FakeApiServer | undefined;
let fake: FakeNode | undefined;
let term: Terminal | undefined;
let stop: (() => void) | undefined;

beforeAll(() => {
  if (TTY_SKIP_REASON) return;
  requireBuild();
  server = new TmuxServer("cmds");
});
afterAll(() => server?.stop());
afterEach(async () => {
  stop?.();
  stop = undefined;
  await term?.kill();
  term = undefined;
  await api?.stop();
  api = undefined;
  await fake?.cleanup();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function setUp(o: { env?: Record<string, string>; name?: string } = {}): Promise<Terminal> {
  dir = mkdtempSync(join(tmpdir(), "kadm-tty-cmd-"));
  fake = await fakeNode(dir, o);
  term = await server.terminal({ cwd: REPO, env: fake.env, cols: 140, rows: 45 });
  return term;
}

/** Runs `command`, waits for its exit code, and checks nothing a user must never see is there. */
async function runToEnd(
  t: Terminal,
  command: string,
  timeoutMs = 30_000,
): Promise<{ code: number; out: string }> {
  await t.run(command);
  const code = await t.exitCode(timeoutMs);
  const out = await t.sinceRun();
  expect(out).not.toMatch(NEVER_ON_SCREEN);
  return { code, out };
}

/** Host-changing commands a dry run must not have run. */
const CHANGES =
  /^(swapoff|modprobe|sysctl -w|systemctl (restart|enable)|ctr .* images pull|ip link delete|iptables-restore)/m;

describe.skipIf(TTY_SKIP_REASON !== undefined)(ttySuite("every command's main path on a terminal"), () => {
  it("prepare --dry-run: preflight verdicts and the changes it would make; nothing run", async () => {
    const t = await setUp();
    const { code, out } = await runToEnd(
      t,
      `kadm-wizard prepare --dry-run --k8s-version v1.33.2 --root ${fake?.root}`,
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^Preflight:$/m);
    expect(out).toMatch(/^✔ containerd for kubeadm.*would change$/m);
    expect(out).toContain("+++ /etc/containerd/config.toml");
    expect(fake?.commands()).not.toMatch(CHANGES);
  });

  it("images pull: one progress line per image, a total; again: all already present", async () => {
    const t = await setUp();
    const cmd = `kadm-wizard images pull --k8s-version v1.33.2 --root ${fake?.root}`;
    await t.run(cmd);
    // while pulling: images in progress with their byte counts
    await t.waitFor(/kube-apiserver:v1\.33\.2.*(MiB|pulling|\d+%)/);
    const code = await t.exitCode(30_000);
    const out = await t.sinceRun();
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(0);
    expect(out).toMatch(
      /registry\.aliyuncs\.com\/google_containers\/kube-apiserver:v1\.33\.2 pulled \(2\.9 MiB\)/,
    );
    expect(out).toMatch(/registry\.aliyuncs\.com\/google_containers\/etcd:3\.5\.21-0 pulled/);
    expect(out).toMatch(/9 pulled, 0 already present, 0 failed/);
    const again = await runToEnd(t, cmd);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 pulled, 9 already present, 0 failed/);
  });

  it("cni apply: flannel applied, then the wait shows live counts until Ready", async () => {
    api = await freshCluster();
    const t = await setUp();
    cacheFlannel(fake?.root as string);
    stop = readyController(api, 1500);
    await t.run(`kadm-wizard cni apply --root ${fake?.root} --kubeconfig ${api.kubeconfigPath}`);
    const live = await t.waitFor(/nodes: 0\/1 Ready|0\/1 ready/);
    expect(live).not.toMatch(NEVER_ON_SCREEN);
    const code = await t.exitCode(30_000);
    const out = await t.sinceRun();
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(0);
    expect(out).toContain("flannel: 6 objects applied (6 created, 0 configured, 0 unchanged)");
    expect(out).toMatch(/The cluster is ready \([\d.]+m?s\)\./);
  });

  it("wait: live counts while the cluster comes up, exit 0 once Ready", async () => {
    api = await startFakeApiServer();
    const parsed = (await import("../../src/cni/patch.js")).parseManifest(
      readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8"),
    );
    if (!parsed.ok) throw new Error("flannel manifest does not parse");
    seedFreshCluster(api, {
      flannelDs: parsed.docs.find((d) => d.kind === "DaemonSet") as unknown as FakeObject,
    });
    const t = await setUp();
    await t.run(`kadm-wizard wait --timeout 30s --kubeconfig ${api.kubeconfigPath}`);
    const live = await t.waitFor(/nodes: 0\/1 Ready/);
    expect(live).toMatch(/kube-system pods: \d+\/\d+ Ready/);
    for (const step of readySteps(api)) step();
    const code = await t.exitCode(30_000);
    const out = await t.sinceRun();
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(code).toBe(0);
    expect(out).toMatch(/^The cluster is ready \([\d.]+m?s\)\.$/m);
  });

  it("doctor --host-only, then doctor against the cluster: reports with a verdict line", async () => {
    api = await freshCluster();
    const t = await setUp();
    const host = await runToEnd(
      t,
      `kadm-wizard doctor --host-only --k8s-version v1.33.2 --root ${fake?.root}`,
    );
    // the fresh node has no containerd config yet: problems found (exit 3), each with its id
    expect(host.code).toBe(3);
    expect(host.out).toMatch(/\[host\.[a-z-]+\]/);
    expect(host.out).toMatch(/^\d+ errors?, \d+ warnings?, \d+ notes?\.$/m);
    const cluster = await runToEnd(t, `kadm-wizard doctor --cluster-only --kubeconfig ${api.kubeconfigPath}`);
    expect(cluster.code).toBe(3);
    expect(cluster.out).toContain("[node.cni-not-ready]");
    expect(cluster.out).toMatch(/^\d+ errors?, \d+ warnings?, \d+ notes?\.$/m);
  });

  it("after an init: token prints a fresh join command; reset --dry-run lists what it would remove", async () => {
    api = await freshCluster();
    const t = await setUp({ env: {} });
    // the fake kubeadm writes admin.conf pointing at the fake API server
    const env = `KADM_FAKE_ADMIN_CONF=${api.kubeconfigPath}`;
    const k = `--root ${fake?.root} --kubeadm ${fake?.binDir}/kubeadm`;
    const init = await runToEnd(
      t,
      `${env} kadm-wizard init --yes --advertise-address 192.168.10.11 --k8s-version v1.33.2 --cni none ${k}`,
      40_000,
    );
    expect(init.code).toBe(0);
    const token = await runToEnd(t, `${env} kadm-wizard token ${k}`);
    expect(token.code).toBe(0);
    expect(token.out).toMatch(
      /kadm-wizard join --endpoint 127\.0\.0\.1:\d+ --token [a-z0-9]{6}\.[a-z0-9]{16} --ca-cert-hash sha256:/,
    );
    const before = fake?.commands().length ?? 0;
    const reset = await runToEnd(t, `kadm-wizard reset --dry-run ${k}`);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/kubeadm reset -f/);
    expect(reset.out).toContain("would remove /root/.kube/config");
    expect(fake?.commands().slice(before)).not.toMatch(CHANGES);
    expect(fake?.commands().slice(before)).not.toMatch(/^kubeadm reset/m);
    expect(existsSync(join(fake?.root as string, "etc/kubernetes/admin.conf"))).toBe(true);
  });

  it("reset asks first; Ctrl-C at its question: exit 130, one short line, nothing run", async () => {
    const t = await setUp();
    await t.run(`kadm-wizard reset --root ${fake?.root} --kubeadm ${fake?.binDir}/kubeadm`);
    await t.waitFor(/^\? Reset this node\?.*\(y\/N\)/m);
    await new Promise((r) => setTimeout(r, 100));
    await t.keys("C-c");
    const code = await t.exitCode();
    const out = await t.sinceRun();
    expect(out).not.toMatch(NEVER_ON_SCREEN);
    expect(out).toMatch(/^error: interrupted; nothing was written\.$/m);
    expect(code).toBe(130);
    expect(fake?.commands()).not.toMatch(/^(kubeadm|ip|iptables)/m);
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

    async function joinApi(): Promise<FakeApiServer> {
      const kubeconfig = [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: ''",
        "  cluster:",
        "    server: https://192.168.10.11:6443",
        `    certificate-authority-data: ${Buffer.from(pki.ca).toString("base64")}`,
        "",
      ].join("\n");
      const [id, secret] = TOKEN.split(".") as [string, string];
      return startFakeApiServer({
        tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca },
        anonymous: true,
        readOnlyToken: TOKEN,
        objects: [
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "cluster-info", namespace: "kube-public" },
            data: { kubeconfig, [`jws-kubeconfig-${id}`]: detachedJws(kubeconfig, id, secret) },
          },
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "kubeadm-config", namespace: "kube-system" },
            data: {
              ClusterConfiguration:
                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.33.2\nimageRepository: registry.aliyuncs.com/google_containers\nnetworking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n",
            },
          },
        ],
      });
    }
    /** The worker join line kubeadm init prints, pasted after `kadm-wizard join`. */
    const pasted = (a: FakeApiServer) =>
      `kubeadm join 127.0.0.1:${a.port} --token ${TOKEN} --discovery-token-ca-cert-hash ${caCertHash(pki.ca)}`;

    it("join --dry-run with the pasted kubeadm join line prints a plan, exit 0", async () => {
      api = await joinApi();
      const t = await setUp({ name: "worker-1", env: { KADM_FAKE_CA_HASH: caCertHash(pki.ca) } });
      const { code, out } = await runToEnd(
        t,
        `kadm-wizard join --dry-run --yes --root ${fake?.root} --kubeadm ${fake?.binDir}/kubeadm ${pasted(api)}`,
      );
      expect(code).toBe(0);
      expect(out).toMatch(/[Pp]lan|would/);
      expect(fake?.commands()).not.toMatch(CHANGES);
      expect(fake?.commands()).not.toMatch(/^kubeadm join/m);
    });

    it("join through the fake kubeadm: the steps drawn, then joined", async () => {
      api = await joinApi();
      const t = await setUp({ name: "worker-1", env: { KADM_FAKE_CA_HASH: caCertHash(pki.ca) } });
      const { code, out } = await runToEnd(
        t,
        `kadm-wizard join --yes --k8s-version v1.33.2 --cni none --root ${fake?.root} --kubeadm ${fake?.binDir}/kubeadm ${pasted(api)}`,
        40_000,
      );
      expect(code).toBe(0);
      expect(out).toMatch(/✔ Preflight/);
      expect(out).toContain(`joined the cluster at 127.0.0.1:${api.port}`);
      expect(fake?.commands()).toMatch(/^kubeadm join --config \S+kubeadm-join\.yaml/m);
      expect(existsSync(join(fake?.root as string, "etc/kubernetes/kubelet.conf"))).toBe(true);
    });
  });
});
