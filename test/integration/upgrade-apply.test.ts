/**
 * `upgrade apply` end to end on a hand-built plan (--plan FILE): the first control plane is a temp
 * host root with kubeadm's PKI and static pods run by the stand-in kubelet (REAL etcd, Debian's
 * etcd-server, on 127.0.0.1), the fake kubeadm, apt scripted; a worker "over SSH" (the fake
 * transport: its commands run under its own root with logging fakes); the cluster is the fake API
 * server (drain by eviction, Ready at the new version). Then a failing `kubeadm upgrade apply`: the
 * state says where each node stands, the same command resumes, and `upgrade rollback` restores
 * /etc/kubernetes and etcd (keys written after the snapshot are gone).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import yaml from "js-yaml";
import { afterEach, expect } from "vitest";
import { execaRunner, type Runner, type RunOptions, type RunResult } from "../../src/host/runner.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { makeKubeadmPki } from "../fakes/kubeadm-pki.js";
import { writeBin } from "../fakes/netns-hosts.mjs";
import { FAKE_KUBEADM, nodeHost, TRANSCRIPTS } from "../fakes/node-host.js";
import { runCli } from "../fakes/ports.js";
import { FakeRunner } from "../fakes/runner.js";
import { type FakeSshHosts, fakeSshHosts } from "../fakes/ssh-transport.js";
import {
  type FakeKubelet,
  freePorts,
  type Ports,
  startFakeKubelet,
  writeControlPlaneManifests,
} from "../fakes/static-pod-kubelet.js";
import { handPlan } from "../fakes/upgrade-plan.js";
import { itUnless, requireTool } from "../support/requires.js";

const unschedulable = (api: FakeApiServer, name: string) =>
  (api.get({ apiVersion: "v1", kind: "Node", name })?.spec as { unschedulable?: boolean } | undefined)
    ?.unschedulable;
const NO_ETCD = requireTool("etcd", "etcdctl", "openssl");
const test = itUnless(NO_ETCD);
const APT =
  "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/ /\n";
const MADISON = [
  "   kubeadm | 1.34.3-1.1 | https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.34/deb  Packages",
  "   kubeadm | 1.33.2-1.1 | https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb  Packages",
].join("\n");

interface World {
  root: string;
  ports: Ports;
  kubelet: FakeKubelet;
  api: FakeApiServer;
  ssh: FakeSshHosts;
  dir: string;
  plan: string;
  inventory: string;
  cleanup(): Promise<void>;
}
let world: World | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

const node = (name: string): FakeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  status: { nodeInfo: { kubeletVersion: "v1.33.2" }, conditions: [{ type: "Ready", status: "True" }] },
});
const pod = (name: string, nodeName: string, owner = "ReplicaSet"): FakeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    namespace: owner === "DaemonSet" ? "kube-system" : "default",
    ownerReferences: [{ apiVersion: "apps/v1", kind: owner, name: `${name}-o`, uid: "u", controller: true }],
  },
  spec: { nodeName, containers: [{ name: "c", image: "nginx" }] },
});

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (ok()) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function makeWorld(): Promise<World> {
  const host = await nodeHost("master-1");
  const root = host.root;
  const ports = await freePorts();
  makeKubeadmPki(root);
  writeControlPlaneManifests(root, ports);
  writeFileSync(join(root, "etc/kubernetes/admin.conf"), "apiVersion: v1\nkind: Config\n");
  mkdirSync(join(root, "etc/apt/sources.list.d"), { recursive: true });
  writeFileSync(join(root, "etc/apt/sources.list.d/kubernetes.list"), APT);
  const kubelet = startFakeKubelet(root);
  const api = await startFakeApiServer({
    objects: [
      node("master-1"),
      node("w1"),
      pod("web-1", "master-1"),
      pod("web-2", "w1"),
      pod("kube-proxy-a", "w1", "DaemonSet"),
    ],
  });
  const ssh = fakeSshHosts(["w1"]);
  const wroot = ssh.host("w1").root;
  mkdirSync(join(wroot, "etc/apt/sources.list.d"), { recursive: true });
  writeFileSync(join(wroot, "etc/apt/sources.list.d/kubernetes.list"), APT);
  const dir = mkdtempSync(join(tmpdir(), "kadm-upgrade-"));
  const plan = join(dir, "plan.json");
  writeFileSync(plan, JSON.stringify(handPlan({ workers: ["w1"] }), null, 2));
  const inventory = join(dir, "hosts.yaml");
  writeFileSync(
    inventory,
    yaml.dump({
      defaults: { user: "root", passwordEnv: "NODE_PW" },
      hosts: [
        {
          host: "w1",
          nodeName: "w1",
          root: wroot,
          env: { KADM_FAKE_VERSION: "v1.34.3", KADM_FAKE_APT_VERSIONS: "1.34.3-1.1 1.33.2-1.1" },
        },
      ],
    }),
  );
  const etcdctl = etcdctlAt(root, ports.etcdClient);
  await until("etcd to answer", () => etcdctl("get", "/health-probe") !== undefined);
  return {
    root,
    ports,
    kubelet,
    api,
    ssh,
    dir,
    plan,
    inventory,
    async cleanup() {
      await kubelet.stop();
      await api.stop();
      ssh.cleanup();
      await host.cleanup();
    },
  };
}

/** etcdctl against the node's etcd with kubeadm's healthcheck client certificate. */
function etcdctlAt(root: string, port: number) {
  return (...args: string[]) =>
    execFileSync(
      "etcdctl",
      [
        `--endpoints=https://127.0.0.1:${port}`,
        `--cacert=${root}/etc/kubernetes/pki/etcd/ca.crt`,
        `--cert=${root}/etc/kubernetes/pki/etcd/healthcheck-client.crt`,
        `--key=${root}/etc/kubernetes/pki/etcd/healthcheck-client.key`,
        "--command-timeout=5s",
        ...args,
      ],
      { encoding: "utf8", env: { ...process.env, ETCDCTL_API: "3" }, stdio: ["ignore", "pipe", "pipe"] },
    );
}

const etcdctlOf = (w: World) => etcdctlAt(w.root, w.ports.etcdClient);

const REAL = new Set(["etcdctl", "etcdutl", "sha256sum", "chmod", "mv", "ctr"]);

/**
 * The first control plane's runner: the fake kubeadm and the real etcd/file tools run; ctr is the
 * logging fake (images land in <root>/images); apt and systemctl are scripted, and `systemctl
 * restart kubelet` makes the node report the version its packages now have, as a kubelet would.
 */
class ControlPlaneRunner implements Runner {
  readonly recorded: string[] = [];
  readonly host: FakeRunner;
  readonly calls: string[] = [];
  private readonly real: Runner;
  constructor(
    readonly dryRun: boolean,
    private readonly w: World,
    private readonly fakeEnv: Record<string, string>,
    private readonly bin: string,
  ) {
    this.real = execaRunner({ dryRun });
    let kubelet = "v1.33.2";
    this.host = new FakeRunner(
      {
        "apt-cache madison kubeadm": { stdout: `${MADISON}\n` },
        "apt-cache madison kubelet": { stdout: `${MADISON.replaceAll("kubeadm", "kubelet")}\n` },
        "systemctl restart kubelet": () => {
          w.api.setStatus(
            { apiVersion: "v1", kind: "Node", name: "master-1" },
            {
              nodeInfo: { kubeletVersion: kubelet },
              conditions: [{ type: "Ready", status: "True" }],
            },
          );
          return {};
        },
      },
      dryRun,
      {},
      w.root,
    );
    const installs = (argv: string[]) => {
      const v = argv.find((a) => a.startsWith("kubelet="))?.split("=")[1];
      if (v) kubelet = `v${v.split("-")[0]}`;
    };
    const orig = this.host.run.bind(this.host);
    this.host.run = async (argv, opts) => {
      if (argv.includes("install")) installs([...argv]);
      return orig(argv, opts);
    };
  }
  interrupt: Interrupt | undefined;
  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    this.calls.push(argv.join(" "));
    const i = this.interrupt;
    if (i && argv.join(" ").includes(i.during)) {
      this.interrupt = undefined;
      i.reached();
      await i.at;
    }
    const name = basename(argv[0] ?? "");
    if (argv[0] === FAKE_KUBEADM) {
      return this.real.run(argv, { ...opts, env: { ...opts.env, ...this.fakeEnv } });
    }
    if (REAL.has(name)) {
      const file = name === "ctr" ? join(this.bin, "ctr") : (argv[0] as string);
      return this.real.run([file, ...argv.slice(1)], {
        ...opts,
        env: { ...opts.env, KADM_FAKE_ROOT: this.w.root },
      });
    }
    const r = await this.host.run(argv, opts);
    if (r.skipped) this.recorded.push(r.command);
    return r;
  }
}

/** A Ctrl-C in the middle: the first command containing `during` is held until `at` resolves. */
interface Interrupt {
  during: string;
  signal: AbortSignal;
  reached: () => void;
  at: Promise<void>;
}

async function cli(
  w: World,
  args: string[],
  o: { lang?: "en" | "zh"; fail?: string; interrupt?: Interrupt } = {},
) {
  let runner: ControlPlaneRunner | undefined;
  const bin = join(w.dir, "bin");
  if (!existsSync(bin)) writeBin(bin);
  // The worker's restart of its kubelet: the node then reports the new version (its kubelet would).
  const wlog = join(w.ssh.host("w1").root, "commands.log");
  const timer = setInterval(() => {
    const log = existsSync(wlog) ? readFileSync(wlog, "utf8") : "";
    if (log.includes("systemctl restart kubelet")) {
      const cur = w.api.get({ apiVersion: "v1", kind: "Node", name: "w1" });
      if (
        (cur?.status as { nodeInfo?: { kubeletVersion?: string } })?.nodeInfo?.kubeletVersion !== "v1.34.3"
      ) {
        w.api.setStatus(
          { apiVersion: "v1", kind: "Node", name: "w1" },
          {
            nodeInfo: { kubeletVersion: "v1.34.3" },
            conditions: [{ type: "Ready", status: "True" }],
          },
        );
      }
    }
  }, 50);
  try {
    const r = await runCli(
      [
        "--lang",
        o.lang ?? "en",
        "upgrade",
        ...args,
        "--root",
        w.root,
        "--kubeadm",
        FAKE_KUBEADM,
        "--kubeconfig",
        w.api.kubeconfigPath,
      ],
      {
        env: { LANG: "en_US.UTF-8", HOME: w.dir, NODE_PW: "pw" },
        ...(o.interrupt ? { signal: o.interrupt.signal } : {}),
        overrides: {
          ssh: w.ssh.transport,
          runner: (dry) => {
            runner = new ControlPlaneRunner(
              dry,
              w,
              {
                KADM_FAKE_ROOT: w.root,
                KADM_FAKE_TESTDATA: TRANSCRIPTS,
                KADM_FAKE_VERSION: "v1.34.3",
                ...(o.fail ? { KADM_FAKE_FAIL: o.fail } : {}),
              },
              bin,
            );
            runner.interrupt = o.interrupt;
            return runner;
          },
        },
      },
    );
    return { ...r, runner: runner as ControlPlaneRunner };
  } finally {
    clearInterval(timer);
  }
}

const read = (root: string, p: string) => readFileSync(join(root, p), "utf8");
const state = (w: World) => JSON.parse(read(w.root, "etc/kadm-wizard/upgrade.json"));
const apply = (w: World, extra: string[] = [], o: { lang?: "en" | "zh"; fail?: string } = {}) =>
  cli(
    w,
    [
      "apply",
      "--to",
      "v1.34.3",
      "--plan",
      w.plan,
      "--inventory",
      w.inventory,
      "--yes",
      "--timeout",
      "20s",
      ...extra,
    ],
    o,
  );

test("apply: backup, repository, kubeadm, upgrade apply, drain, kubelet, Ready, uncordon; the worker over SSH", async () => {
  const w = await makeWorld();
  world = w;
  const r = await apply(w);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Cluster upgraded to v1.34.3: 2 nodes.");

  // Backup first: the etcd snapshot and /etc/kubernetes as it was (kube-apiserver still 1.33.2).
  const s = state(w);
  expect(s.finished).toBe(true);
  const backup = s.backup.dir as string;
  expect(existsSync(join(w.root, backup, "snapshot.db"))).toBe(true);
  expect(read(w.root, `${backup}/etc-kubernetes/manifests/kube-apiserver.yaml`)).toContain(
    "kube-apiserver:v1.33.2",
  );
  expect(read(w.root, "etc/kubernetes/manifests/kube-apiserver.yaml")).toContain("kube-apiserver:v1.34.3");

  // The repository moved to the target minor, kubeadm was unheld, installed pinned, held, before kubeadm ran.
  expect(read(w.root, "etc/apt/sources.list.d/kubernetes.list")).toContain("/core/stable/v1.34/deb/");
  const calls = r.runner.calls;
  const at = (s: string) => calls.findIndex((c) => c.includes(s));
  expect(at("apt-mark unhold kubeadm")).toBeGreaterThan(-1);
  expect(at("kubeadm=1.34.3-1.1")).toBeGreaterThan(at("apt-mark unhold kubeadm"));
  expect(at("apt-mark hold kubeadm")).toBeGreaterThan(at("kubeadm=1.34.3-1.1"));
  expect(at("upgrade plan v1.34.3")).toBeGreaterThan(at("apt-mark hold kubeadm"));
  expect(at("upgrade apply v1.34.3 -y")).toBeGreaterThan(at("upgrade plan v1.34.3"));
  expect(at("kubelet=1.34.3-1.1 kubectl=1.34.3-1.1")).toBeGreaterThan(at("upgrade apply v1.34.3 -y"));
  expect(at("systemctl daemon-reload")).toBeGreaterThan(at("kubelet=1.34.3-1.1"));
  // The images were pre-pulled (the logging ctr recorded them under the root).
  expect(read(w.root, "images")).toContain("kube-apiserver:v1.34.3");

  // Drained through the API (the pods of both nodes; the DaemonSet pod stays), uncordoned after.
  expect(w.api.objects({ kind: "Pod" }).map((p) => p.metadata.name)).toEqual(["kube-proxy-a"]);
  for (const n of ["master-1", "w1"]) {
    expect(unschedulable(w.api, n)).toBe(false);
  }

  // The worker: the same steps over SSH, `kubeadm upgrade node`, its repository switched.
  const wlog = w.ssh.host("w1").commands();
  expect(wlog).toContain("kubeadm upgrade node");
  expect(wlog).toMatch(
    /apt-get -o Acquire::Retries=3 install -y --no-install-recommends --allow-downgrades --allow-change-held-packages kubelet=1.34.3-1.1 kubectl=1.34.3-1.1/,
  );
  expect(wlog.indexOf("kubeadm upgrade node")).toBeLessThan(wlog.indexOf("kubelet=1.34.3-1.1"));
  expect(read(w.ssh.host("w1").root, "etc/apt/sources.list.d/kubernetes.list")).toContain("/v1.34/");

  // A run again: nothing to do.
  const again = await apply(w);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain("The upgrade to v1.34.3 finished");
}, 120_000);

test("a failing kubeadm upgrade apply: where each node stands, resume skips done steps; rollback restores files and etcd", async () => {
  const w = await makeWorld();
  world = w;
  const etcdctl = etcdctlOf(w);
  etcdctl("put", "/registry/early", "one");
  const failed = await apply(w, [], { fail: "upgrade-apply" });
  expect(failed.code).toBe(1);
  expect(failed.stdout).toContain("The upgrade stopped. Where each node stands:");
  expect(failed.stdout).toContain(
    '  master-1: FAILED at "kubeadm upgrade apply (v1.34.3)": master-1: kubeadm upgrade apply v1.34.3 -y failed (exit code 1)',
  );
  expect(failed.stdout).toContain("  w1: not started, unchanged");
  expect(failed.stdout).toContain(
    "To continue after fixing the cause: kadm-wizard upgrade apply --to v1.34.3",
  );
  expect(failed.stdout).toContain("kadm-wizard upgrade rollback --dry-run");
  expect(failed.stderr).toContain("couldn't complete the static pod upgrade");
  expect(w.ssh.host("w1").commands()).not.toContain("kubeadm");
  const s = state(w);
  expect(s.nodes["master-1"]["v1.34.3/backup"].status).toBe("done");
  expect(s.nodes["master-1"]["v1.34.3/kubeadm-apply"].status).toBe("failed");
  // kubeadm moved the API server's manifest before it failed.
  expect(read(w.root, "etc/kubernetes/manifests/kube-apiserver.yaml")).toContain("kube-apiserver:v1.34.3");

  // Written after the snapshot: a rollback must lose it.
  etcdctl("put", "/registry/late", "two");
  const dry = await cli(w, ["rollback", "--dry-run"]);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain("Roll back the upgrade to v1.34.3 on this control plane, back to v1.33.2:");
  expect(dry.stdout).toContain("What this rollback cannot undo:");
  expect(dry.stdout).toContain("every change made to the cluster after the snapshot");
  expect(dry.runner.calls.filter((c) => c.includes("install"))).toEqual([]);

  const mark = w.kubelet.history.length;
  const rb = await cli(w, ["rollback", "--yes", "--timeout", "30s"]);
  expect(rb.stderr).not.toMatch(/error/i);
  expect(rb.code).toBe(0);
  // The old API server starts once, after etcd was stopped and started on the restored data: never
  // against the upgraded data (writing the old manifest first would have restarted it there).
  const h = w.kubelet.history.slice(mark);
  const apiStarts = h.filter((e) => e.startsWith("start kube-apiserver"));
  expect(apiStarts).toEqual(["start kube-apiserver registry.k8s.io/kube-apiserver:v1.33.2"]);
  expect(h.indexOf(apiStarts[0] as string)).toBeGreaterThan(
    h.lastIndexOf("start etcd registry.k8s.io/etcd:v1.33.2"),
  );
  expect(h.indexOf("stop etcd")).toBeGreaterThanOrEqual(0);
  expect(h.indexOf("stop etcd")).toBeLessThan(h.indexOf(apiStarts[0] as string));
  expect(rb.stdout).toContain("Control plane rolled back to v1.33.2");
  expect(read(w.root, "etc/kubernetes/manifests/kube-apiserver.yaml")).toContain("kube-apiserver:v1.33.2");
  await until("etcd after the rollback", () => etcdctl("get", "/health-probe") !== undefined);
  expect(etcdctl("get", "/registry/early", "--print-value-only").trim()).toBe("one");
  expect(etcdctl("get", "/registry/late", "--print-value-only").trim()).toBe("");
  expect(read(w.root, "etc/apt/sources.list.d/kubernetes.list")).toContain("/core/stable/v1.33/deb/");
  expect(
    rb.runner.calls.some((c) => c.includes("kubeadm=1.33.2-1.1 kubelet=1.33.2-1.1 kubectl=1.33.2-1.1")),
  ).toBe(true);
  expect(rb.runner.calls).toContain("systemctl restart kubelet");
  expect(state(w).rolledBack).toBeTruthy();
  // A second rollback is refused; a new apply starts afresh.
  expect((await cli(w, ["rollback", "--yes"])).code).toBe(2);
}, 180_000);

test("resume after a failure: the steps done are not run again", async () => {
  const w = await makeWorld();
  world = w;
  expect((await apply(w, [], { fail: "upgrade-apply" })).code).toBe(1);
  const backups = readdirSync(join(w.root, "var/backups/kadm-wizard"));
  const again = await apply(w);
  expect(again.code).toBe(0);
  expect(again.stderr).toContain("Resuming the upgrade to v1.34.3");
  // No second snapshot, no second kubeadm install: straight to kubeadm upgrade apply.
  expect(readdirSync(join(w.root, "var/backups/kadm-wizard"))).toEqual(backups);
  expect(again.runner.calls.some((c) => c.includes("snapshot save"))).toBe(false);
  expect(again.runner.calls.some((c) => c.includes("kubeadm=1.34.3-1.1"))).toBe(false);
  expect(again.runner.calls.some((c) => c.endsWith("upgrade plan v1.34.3"))).toBe(false);
  expect(again.runner.calls.some((c) => c.endsWith("upgrade apply v1.34.3 -y"))).toBe(true);
  expect(state(w).finished).toBe(true);
  expect(dirname(state(w).backup.dir)).toBe("/var/backups/kadm-wizard");
}, 120_000);

test("upgrade node on a control plane, for real: drained, kubeadm upgrade node, repository, kubelet, Ready, uncordoned; again: done", async () => {
  const w = await makeWorld();
  world = w;
  const node = (extra: string[] = [], o: { fail?: string } = {}) =>
    cli(w, ["node", "--to", "v1.34.3", "--node-name", "master-1", "--yes", "--timeout", "20s", ...extra], o);
  // A failing `kubeadm upgrade node`: the state says where it stopped; the node was not drained yet.
  const failed = await node([], { fail: "upgrade-node" });
  expect(failed.code).toBe(1);
  expect(failed.stdout).toContain("The upgrade stopped. Where each node stands:");
  expect(failed.stdout).toMatch(/master-1: FAILED at "kubeadm upgrade node/);
  expect(failed.stderr).toContain("CoreDNSUnsupportedPlugins");
  // kubeadm's own order: kubeadm first, `kubeadm upgrade node`, then drain and the kubelet.
  const failedAt = state(w).nodes["master-1"];
  expect(failedAt["v1.34.3/kubeadm-package"].status).toBe("done");
  expect(failedAt["v1.34.3/kubeadm-node"].status).toBe("failed");
  expect(failedAt["v1.34.3/drain"]).toBeUndefined();
  expect(unschedulable(w.api, "master-1")).toBeFalsy();

  const r = await node();
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("master-1");
  const calls = r.runner.calls;
  const at = (s: string) => calls.findIndex((c) => c.includes(s));
  // Resumed: kubeadm is not installed again; kubeadm upgrade node, then drain and the kubelet package.
  expect(r.stderr).toContain("Resuming the upgrade to v1.34.3");
  // The version it came from: the kubelet binary did not answer, the node's status in the API did.
  expect(r.stderr).toContain("Upgrade v1.33.2 -> v1.34.3");
  expect(calls.some((c) => c.includes("kubeadm=1.34.3-1.1"))).toBe(false);
  expect(at("upgrade node")).toBeGreaterThan(-1);
  expect(at("kubelet=1.34.3-1.1 kubectl=1.34.3-1.1")).toBeGreaterThan(at("upgrade node"));
  expect(at("systemctl restart kubelet")).toBeGreaterThan(at("kubelet=1.34.3-1.1"));
  expect(read(w.root, "etc/apt/sources.list.d/kubernetes.list")).toContain("/core/stable/v1.34/deb/");
  // kubeadm upgrade node moved this control plane's manifests to the target.
  expect(read(w.root, "etc/kubernetes/manifests/kube-apiserver.yaml")).toContain("kube-apiserver:v1.34.3");
  // Drained through the API (its own pod evicted, the other node's kept), uncordoned after.
  expect(
    w.api
      .objects({ kind: "Pod" })
      .map((p) => p.metadata.name)
      .sort(),
  ).toEqual(["kube-proxy-a", "web-2"]);
  expect(unschedulable(w.api, "master-1")).toBe(false);
  expect(state(w).finished).toBe(true);

  const again = await node();
  expect(again.code).toBe(0);
  expect(again.runner.calls.some((c) => c.includes("upgrade node"))).toBe(false);
}, 120_000);

test("a node not in --inventory: the rollout stops there saying what to run on it; after `upgrade node` there, apply goes on", async () => {
  const w = await makeWorld();
  world = w;
  const noInventory = () =>
    cli(w, ["apply", "--to", "v1.34.3", "--plan", w.plan, "--yes", "--timeout", "20s"]);
  const first = await noInventory();
  expect(first.code).toBe(1);
  expect(first.stdout).toContain("The upgrade stopped. Where each node stands:");
  expect(first.stdout).toMatch(
    /w1: FAILED at .*w1 is not in --inventory and its kubelet is not at v1\.34\.3 yet\./,
  );
  expect(first.stderr).toContain("kadm-wizard upgrade node --to v1.34.3");
  // This control plane went through; nothing was run on w1 (no connection to it at all).
  expect(state(w).nodes["master-1"]["v1.34.3/uncordon"].status).toBe("done");
  expect(w.ssh.execs).toEqual([]);

  // `upgrade node` on w1 (as its user would run it there) moved its kubelet: the API says so.
  w.api.setStatus(
    { apiVersion: "v1", kind: "Node", name: "w1" },
    { nodeInfo: { kubeletVersion: "v1.34.3" }, conditions: [{ type: "Ready", status: "True" }] },
  );
  const again = await noInventory();
  expect(again.code, `${again.stdout}\n${again.stderr}`).toBe(0);
  expect(again.stderr).toContain("w1 is Ready at v1.34.3 (upgraded on the node)");
  expect(again.stdout).toContain("Cluster upgraded to v1.34.3: 2 nodes.");
  expect(again.runner.calls.some((c) => c.endsWith("upgrade apply v1.34.3 -y"))).toBe(false);
  expect(state(w).finished).toBe(true);
}, 120_000);

test("Ctrl-C during the rollback's package reinstall: it finishes, the rollback is recorded (a second one is refused), exit 130", async () => {
  const w = await makeWorld();
  world = w;
  expect((await apply(w, [], { fail: "upgrade-apply" })).code).toBe(1);
  const ctrl = new AbortController();
  let reached: () => void = () => {};
  const atGate = new Promise<void>((r) => {
    reached = r;
  });
  let release: () => void = () => {};
  const at = new Promise<void>((r) => {
    release = r;
  });
  const run = cli(w, ["rollback", "--yes", "--timeout", "30s"], {
    interrupt: { during: "kubeadm=1.33.2-1.1", signal: ctrl.signal, reached, at },
  });
  await atGate;
  ctrl.abort(new Error("interrupted"));
  release();
  const rb = await run;
  expect(rb.code).toBe(130);
  expect(rb.stdout).toContain("Control plane rolled back to v1.33.2");
  expect(rb.stderr).not.toMatch(/\n\s+at /);
  expect(read(w.root, "etc/kubernetes/manifests/kube-apiserver.yaml")).toContain("kube-apiserver:v1.33.2");
  expect(state(w).rolledBack).toBeTruthy();
  const again = await cli(w, ["rollback", "--yes"]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain("error: the upgrade to v1.34.3 was rolled back already (");
}, 180_000);
