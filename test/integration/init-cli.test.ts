/**
 * Whole `kadm-wizard init` runs against a temp host root: the fake kubeadm executable (driven by the
 * real transcripts) does kubeadm's part, a fake API server on 127.0.0.1 stands in for the cluster,
 * every other host command is scripted. Checks files, modes, owners, the printed join command,
 * exit codes, resume after an injected failure, Ctrl-C, and that secrets stay out of the logs.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { type NodeHost, type NodeRunner, nodeHost, runOnNode } from "../fakes/node-host.js";
import { makePki } from "../fakes/pki.js";
import { firstReason, itUnless, requireSharedTestdata, requireTool, skipTitle } from "../support/requires.js";

const NO_TRANSCRIPTS = requireSharedTestdata("transcripts");
const NO_ETCD_PKI = firstReason(requireTool("openssl"), NO_TRANSCRIPTS);
// `test`: an `it` skipped, with the reason in its title, when the fake kubeadm has no transcripts.
const test = itUnless(NO_TRANSCRIPTS);
let host: NodeHost;
let api: FakeApiServer;

beforeEach(async () => {
  host = await nodeHost();
  api = await startFakeApiServer({
    objects: [
      {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "master-1", labels: { "node-role.kubernetes.io/control-plane": "" } },
        status: {
          conditions: [{ type: "Ready", status: "False", reason: "KubeletNotReady" }],
          nodeInfo: { kubeletVersion: "v1.33.2" },
        },
      },
    ],
  });
});
afterEach(async () => {
  await api.stop();
  await host.cleanup();
});

const BASE = [
  "init",
  "--yes",
  "--advertise-address",
  "192.168.10.11",
  "--k8s-version",
  "v1.33.2",
  "--cni",
  "none",
];

function runInit(
  extra: string[] = [],
  o: {
    fail?: string;
    env?: NodeJS.ProcessEnv;
    signal?: AbortSignal;
    hook?: ConstructorParameters<typeof NodeRunner>[3];
  } = {},
) {
  return runOnNode(host, [...BASE, ...extra], {
    env: o.env ?? { LANG: "en_US.UTF-8", SUDO_USER: "dev" },
    fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath, KADM_FAKE_FAIL: o.fail ?? "" },
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.hook ? { hook: o.hook } : {}),
  });
}

const path = (p: string) => join(host.root, p);
const mode = (p: string) => statSync(path(p)).mode & 0o777;
const state = () => JSON.parse(readFileSync(path("/etc/kadm-wizard/state.json"), "utf8"));
const logs = () =>
  readdirSync(path("/var/log/kadm-wizard")).map((f) =>
    readFileSync(path(`/var/log/kadm-wizard/${f}`), "utf8"),
  );

describe("kadm-wizard init (fake kubeadm, fake API server)", () => {
  test("sets up the node and prints both join command forms; files are private, secrets stay out of logs", async () => {
    const r = await runInit();
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);

    // config + answers + state + join commands: 0600
    const config = readFileSync(path("/etc/kadm-wizard/kubeadm.yaml"), "utf8");
    const docs = yaml.loadAll(config) as { kind: string; bootstrapTokens?: { token: string }[] }[];
    const token = docs.find((d) => d.kind === "InitConfiguration")?.bootstrapTokens?.[0]?.token as string;
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    for (const f of ["kubeadm.yaml", "answers.yaml", "state.json", "join-command.txt"]) {
      expect(mode(`/etc/kadm-wizard/${f}`), f).toBe(0o600);
    }
    expect(state()).toMatchObject({ command: "init", finished: true });

    // kubeadm ran with our config and wrote its files
    expect(r.runner.kubeadmRuns.map((a) => a.slice(1, 3))).toEqual([["init", "--config"]]);
    expect(existsSync(path("/etc/kubernetes/manifests/kube-apiserver.yaml"))).toBe(true);

    // kubeconfig for root and for the sudo user, owned by each, 0600
    const admin = readFileSync(path("/etc/kubernetes/admin.conf"), "utf8");
    for (const [p, uid] of [
      ["/root/.kube/config", 0],
      ["/home/dev/.kube/config", 1000],
    ] as const) {
      expect(readFileSync(path(p), "utf8")).toBe(admin);
      expect(mode(p)).toBe(0o600);
      expect(statSync(path(p)).uid).toBe(uid);
    }
    expect(statSync(path("/home/dev/.kube")).uid).toBe(1000);

    // the join commands: kadm-wizard form and raw kubeadm form, with the fake cluster's CA hash
    expect(r.stdout).toContain(
      `kadm-wizard join --endpoint 192.168.10.11:6443 --token ${token} --ca-cert-hash ${FAKE_CA_HASH}`,
    );
    expect(r.stdout).toContain(
      `kubeadm join 192.168.10.11:6443 --token ${token} --discovery-token-ca-cert-hash ${FAKE_CA_HASH}`,
    );
    expect(readFileSync(path("/etc/kadm-wizard/join-command.txt"), "utf8")).toContain(`--token ${token}`);
    // nodes come from the API (the fake server), not from kubectl
    expect(r.stdout).toMatch(/master-1\s+NotReady\s+control-plane\s+v1\.33\.2/);

    // the kubeadm log: 0600, complete, token redacted
    const [log] = logs();
    expect(mode(`/var/log/kadm-wizard/${readdirSync(path("/var/log/kadm-wizard"))[0]}`)).toBe(0o600);
    expect(log).toContain("[certs] Generating");
    expect(log).toContain(`${token.slice(0, 6)}.****************`);
    expect(log).not.toContain(token);
    expect(r.stderr).not.toContain(token);
  });

  test("a second init on the finished host says so and runs nothing", async () => {
    expect((await runInit()).code).toBe(0);
    const again = await runInit();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already completed on this host");
    expect(again.runner.kubeadmRuns).toEqual([]);
    expect(again.fake.changes).toEqual([]);
  });

  it("refuses to touch a cluster it did not set up", async () => {
    // a foreign cluster: admin.conf present, no state file
    mkdirSync(path("/etc/kubernetes"), { recursive: true });
    writeFileSync(path("/etc/kubernetes/admin.conf"), "apiVersion: v1\nkind: Config\n");
    const r = await runInit();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already has a Kubernetes cluster \(\/etc\/kubernetes\/admin\.conf\)/);
    expect(r.stderr).toContain("kadm-wizard reset");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
    expect(r.runner?.kubeadmRuns ?? []).toEqual([]);
  });

  test("explains a failed kubeadm init, then resumes: cleans up kubeadm's leftovers and keeps the token", async () => {
    const failed = await runInit([], { fail: "wait-control-plane" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("kubeadm init failed in phase wait-control-plane");
    expect(failed.stderr).toMatch(/kube-apiserver is not healthy after/);
    expect(failed.stderr).toContain("kadm-wizard doctor");
    expect(failed.stderr).toContain("kadm-wizard reset");
    expect(failed.stderr).toContain('stopped at "kubeadm init"');
    expect(state().steps["kubeadm-init"].status).toBe("failed");
    const firstConfig = readFileSync(path("/etc/kadm-wizard/kubeadm.yaml"), "utf8");

    const resumed = await runInit();
    expect(resumed.stderr).toContain('Resuming the earlier init from "kubeadm init"');
    expect(resumed.code).toBe(0);
    // kubeadm reset -f first (the failed run left manifests), then init
    expect(resumed.runner.kubeadmRuns.map((a) => a[1])).toEqual(["reset", "init"]);
    // host preparation was not redone
    expect(resumed.fake.changes).toEqual([]);
    expect(readFileSync(path("/etc/kadm-wizard/kubeadm.yaml"), "utf8")).toBe(firstConfig);
    expect(state().finished).toBe(true);
  });

  describe("a failed kubeadm init runs the host checks again at once", () => {
    // containerd 1.6's own default (sandbox_image = "registry.k8s.io/pause:3.6"), cgroup driver already
    // systemd; --skip-prep leaves it as it is, and the aliyun profile reaches registry.k8s.io only
    // through a mirror this host does not have.
    const blockedSandbox = () => {
      const text = readFileSync(
        join(import.meta.dirname, "../fixtures/containerd/config-1.6-default.toml"),
        "utf8",
      ).replace("SystemdCgroup = false", "SystemdCgroup = true");
      mkdirSync(path("/etc/containerd"), { recursive: true });
      writeFileSync(path("/etc/containerd/config.toml"), text);
    };

    test("the sandbox image that explains it comes first, then kubeadm's usual causes", async () => {
      blockedSandbox();
      const started = Date.now();
      const r = await runInit(["--skip-prep"], { fail: "wait-control-plane" });
      expect(r.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(20_000);
      const err = r.stderr;
      const found = err.indexOf("The host checks, run again just now, found 1 problem that can explain it:");
      const sandbox = err.indexOf(
        "✗ containerd's sandbox image is registry.k8s.io/pause:3.6, unreachable from here (with profile aliyun, registry.k8s.io is only reached through a mirror, and containerd has none for it); kubeadm expects registry.aliyuncs.com/google_containers/pause:3.10",
      );
      const usual = err.indexOf("kubeadm's output matches these usual causes:");
      expect(found).toBeGreaterThan(-1);
      expect(sandbox).toBeGreaterThan(found);
      expect(usual).toBeGreaterThan(sandbox);
      expect(err.indexOf("kubeadm init failed; its last lines:")).toBeLessThan(found);
      expect(err).toContain(
        '> /etc/containerd/config.toml: plugins."io.containerd.grpc.v1.cri".sandbox_image = "registry.k8s.io/pause:3.6"',
      );
      expect(err).toContain("> /etc/containerd/certs.d/registry.k8s.io/hosts.toml: missing");
      expect(err).toContain("Fix: kadm-wizard prepare    # writes it");
      expect(err).toContain("kubeadm init failed in phase wait-control-plane");
    });

    test("in Chinese too; a host with nothing wrong says so in one line", async () => {
      blockedSandbox();
      const zh = await runInit(["--skip-prep"], {
        fail: "wait-control-plane",
        env: { LANG: "zh_CN.UTF-8", SUDO_USER: "dev" },
      });
      expect(zh.code).toBe(1);
      expect(zh.stderr).toContain("刚刚重新运行的主机检查发现 1 个可能导致此失败的问题：");
      expect(zh.stderr).toContain("containerd 的沙箱镜像为 registry.k8s.io/pause:3.6，从本机无法拉取");
      expect(zh.stderr).toContain("/etc/containerd/certs.d/registry.k8s.io/hosts.toml: 不存在");
      expect(zh.stderr).toContain(
        "> kubeadm v1.33.2 期望（profile aliyun）：registry.aliyuncs.com/google_containers/pause:3.10",
      );
      expect(zh.stderr).toContain("kubeadm 的输出符合以下常见原因：");
    });

    test("a prepared host (the mirror's pause image) has nothing to add", async () => {
      const r = await runInit([], { fail: "wait-control-plane" });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "The host checks, run again just now, found nothing on this host that explains it.",
      );
      expect(r.stderr).not.toContain("containerd's sandbox image is");
    });
  });

  test("HA: uploads certificates and prints the control-plane join command with the certificate key", async () => {
    const r = await runInit(["--control-plane-endpoint", "k8s-api.example.internal:6443"]);
    expect(r.code).toBe(0);
    expect(r.runner.kubeadmRuns[0]).toContain("--upload-certs");
    expect(r.stdout).toMatch(
      /kadm-wizard join --endpoint k8s-api\.example\.internal:6443 --token \S+ --ca-cert-hash sha256:[0-9a-f]{64} --control-plane --certificate-key [0-9a-f]{64}/,
    );
    expect(r.stdout).toContain("deleted after 2 hours");
  });

  test("--output json prints only the summary as JSON", async () => {
    const r = await runInit(["--output", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("ready");
    expect(out.endpoint).toBe("https://192.168.10.11:6443");
    expect(out.joinCommands.worker.kadmWizard).toMatch(/^kadm-wizard join --endpoint 192\.168\.10\.11:6443/);
    expect(out.joinCommands.worker.kubeadm).toMatch(/^kubeadm join 192\.168\.10\.11:6443/);
    expect(out.nodes[0].name).toBe("master-1");
  });

  it("--dry-run prints the plan, the diffs and the commands, and changes nothing", async () => {
    const before = readdirSync(host.root).sort();
    const r = await runInit(["--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Plan (dry run)");
    expect(r.stdout).toContain("+++ /etc/kadm-wizard/kubeadm.yaml");
    expect(r.stdout).toMatch(/\$ \S+fake-kubeadm\.mjs init --config \S+\/etc\/kadm-wizard\/kubeadm\.yaml/);
    expect(r.stdout).toContain("$ systemctl restart containerd");
    expect(r.stdout).toMatch(/token: [a-z0-9]{6}\.\*{16}/);
    expect(r.runner.kubeadmRuns.length).toBe(1);
    expect(r.runner.recorded.some((c) => c.includes("init --config"))).toBe(true);
    expect(readdirSync(host.root).sort()).toEqual(before);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
  });

  it("--dry-run prints the join commands it would print: token masked, the CA hash a placeholder (text, json, HA, zh)", async () => {
    const r = await runInit(["--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /kadm-wizard join --endpoint 192\.168\.10\.11:6443 --token [a-z0-9]{6}\.\*{16} --ca-cert-hash sha256:<CA hash, known after kubeadm init>\n/,
    );
    expect(r.stdout).toMatch(
      /kubeadm join 192\.168\.10\.11:6443 --token [a-z0-9]{6}\.\*{16} --discovery-token-ca-cert-hash sha256:<CA hash, known after kubeadm init>\n/,
    );
    expect(r.stdout).toContain("the real run prints the complete commands");
    expect(r.stdout).not.toContain("Saved (mode 0600)");

    const ha = await runInit([
      "--dry-run",
      "--output",
      "json",
      "--control-plane-endpoint",
      "k8s-api.example.internal:6443",
    ]);
    const out = JSON.parse(ha.stdout);
    expect(out.joinCommands.worker.kubeadm).toMatch(
      /^kubeadm join k8s-api\.example\.internal:6443 --token [a-z0-9]{6}\.\*{16} --discovery-token-ca-cert-hash sha256:<CA hash, known after kubeadm init>$/,
    );
    expect(out.joinCommands.controlPlane.kadmWizard).toMatch(
      /--ca-cert-hash sha256:<CA hash, known after kubeadm init> --control-plane --certificate-key <redacted>$/,
    );
    expect(ha.stdout).not.toMatch(/[0-9a-f]{64}/);

    const zh = await runInit(["--dry-run", "--lang", "zh"]);
    expect(zh.stdout).toContain("--ca-cert-hash sha256:<CA 哈希，kubeadm init 之后才知道>");
    expect(zh.stdout).toContain("实际运行会打印完整命令");
  });

  it("--dry-run with no containerd socket: ctr is never asked which images exist, their presence is unknown", async () => {
    await new Promise<void>((res) => host.socket.close(() => res()));
    rmSync(path("/var/run/containerd/containerd.sock"), { force: true });
    const r = await runInit(["--dry-run"]);
    expect(r.stdout).toMatch(/nothing answers on unix:\/\/\/var\/run\/containerd\/containerd\.sock/);
    const ctr = r.fake.calls.filter((c) => c.argv[0] === "ctr").map((c) => c.argv.slice(5, 7).join(" "));
    expect(ctr).not.toContain("images ls");
    expect(ctr).toContain("images pull");
    expect(r.stdout).toContain("which images it already has is unknown");
    expect(r.runner.recorded.filter((c) => c.includes(" images pull ")).length).toBeGreaterThan(0);
  });

  it("images pull with no containerd socket: one error naming the socket and the fix, ctr never run", async () => {
    await new Promise<void>((res) => host.socket.close(() => res()));
    rmSync(path("/var/run/containerd/containerd.sock"), { force: true });
    const r = await runOnNode(host, ["images", "pull", "--k8s-version", "v1.33.2", "--cni", "none"]);
    expect(r.code).toBe(1);
    expect(r.fake.calls.filter((c) => c.argv[0] === "ctr")).toEqual([]);
    expect(r.stderr).toContain(
      `error: containerd does not answer on ${host.root}/var/run/containerd/containerd.sock: no image was pulled.`,
    );
    expect(r.stderr).toContain("systemctl start containerd");
    // not a failed pull per image
    expect(r.stderr).not.toContain("kube-apiserver:v1.33.2");
    expect(r.stdout).toBe("");
  });

  /** A ctr pull of `ref` that the registry answers with "not found" (not retried). */
  const pullNotFound = (ref: string) => ({
    [`ctr --address ${host.root}/var/run/containerd/containerd.sock --namespace k8s.io images pull --hosts-dir ${host.root}/etc/containerd/certs.d ${ref}`]:
      { exitCode: 1, stderr: `ctr: failed to resolve reference "${ref}": ${ref}: not found\n` },
  });
  const FLANNEL = "ghcr.m.daocloud.io/flannel-io/flannel:v0.28.9";
  const APISERVER = "registry.aliyuncs.com/google_containers/kube-apiserver:v1.33.2";
  const pulled = (r: { fake: { calls: { argv: string[] }[] } }) =>
    r.fake.calls.filter((c) => c.argv.includes("pull")).map((c) => c.argv.at(-1) as string);

  test("--skip-cni pre-pulls none of the CNI's images (its failing image is never asked for)", async () => {
    const r = await runOnNode(host, [...BASE.slice(0, -2), "--cni", "flannel", "--skip-cni"], {
      env: { LANG: "en_US.UTF-8", SUDO_USER: "dev" },
      fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath },
      replies: pullNotFound(FLANNEL),
    });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(pulled(r)).toContain(APISERVER);
    expect(pulled(r).filter((i) => i.includes("flannel"))).toEqual([]);
  });

  test("a CNI image that fails to pull is drawn failed and blamed on its pods, not on kubeadm", async () => {
    const r = await runOnNode(host, [...BASE.slice(0, -2), "--cni", "flannel"], {
      env: { LANG: "en_US.UTF-8", SUDO_USER: "dev" },
      fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath },
      replies: pullNotFound(FLANNEL),
    });
    expect(r.code).toBe(1);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
    expect(errors[0]).toBe(
      "error: 1 image could not be pulled; the pods that use it would not start. Fix: see the cause of each image above; `kadm-wizard images check` shows which registry lacks which tag",
    );
    expect(r.stderr).not.toContain("kubeadm would hang");
    // the progress view: the failed image with a cross, never a tick
    const drawn = r.stderr.split("\n").filter((l) => l.includes(FLANNEL) && !l.startsWith(" "));
    expect(drawn.some((l) => l.startsWith("✖"))).toBe(true);
    expect(drawn.filter((l) => l.startsWith("✔"))).toEqual([]);
    expect(r.runner.kubeadmRuns).toEqual([]);
  });

  test("one of kubeadm's own images failing: kubeadm would hang waiting for it (en and zh)", async () => {
    const run = (lang: string) =>
      runOnNode(host, [...BASE, "--lang", lang], {
        env: { LANG: "en_US.UTF-8", SUDO_USER: "dev" },
        fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath },
        replies: pullNotFound(APISERVER),
      });
    const en = await run("en");
    expect(en.code).toBe(1);
    expect(en.stderr).toContain(
      "error: 1 image could not be pulled; kubeadm would hang waiting for it. Fix: ",
    );
    const drawn = en.stderr.split("\n").filter((l) => l.includes(APISERVER) && !l.startsWith(" "));
    expect(drawn.filter((l) => l.startsWith("✔"))).toEqual([]);
    const zh = await run("zh");
    expect(zh.stderr).toContain("错误：1 个镜像拉取失败；kubeadm 会因等待它们而卡住。 解决方法：");
  });

  test("Ctrl-C during kubeadm init stops with exit 130, says where, and the next run resumes there", async () => {
    const ctrl = new AbortController();
    const r = await runInit([], {
      signal: ctrl.signal,
      hook: async (argv) => {
        if (argv[1] !== "init") return undefined;
        ctrl.abort(new Error("interrupted"));
        return {
          command: argv.join(" "),
          exitCode: 130,
          stdout: "",
          stderr: "",
          timedOut: false,
          skipped: false,
          notFound: false,
        };
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted during "kubeadm init"');
    expect(state().steps["kubeadm-init"].status).toBe("interrupted");
    const again = await runInit();
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resuming the earlier init from "kubeadm init"');
  });

  it("stops before kubeadm when a preflight check fails that preparation cannot fix", async () => {
    writeFileSync(path("/proc/meminfo"), "MemTotal:         900000 kB\n");
    const r = await runInit();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 preflight check failed that host preparation cannot fix/);
    expect(r.stderr).toMatch(/memory/i);
    expect(r.runner.kubeadmRuns).toEqual([]);
    expect(state().steps.preflight.status).toBe("failed");
  });

  it("--dry-run with a preflight failure preparation cannot fix: the whole plan, then a warning saying the real run would stop", async () => {
    writeFileSync(path("/proc/meminfo"), "MemTotal:         900000 kB\n");
    const r = await runInit(["--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Plan (dry run)");
    expect(r.stdout).toContain("--ca-cert-hash sha256:<CA hash, known after kubeadm init>");
    expect(r.stdout).not.toContain("Run again without --dry-run to apply");
    expect(r.stderr).not.toMatch(/^error/m);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("would stop at preflight"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: dry run: .*a real run would stop at preflight: 1 check(\(s\))? fails? that host preparation cannot fix \(host\.memory\)/,
    );
    expect(warnings[0]).toContain("What to do: fix those first");
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);

    const json = await runInit(["--dry-run", "--output", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: "planned",
      wouldStopAt: "preflight",
      failingChecks: ["host.memory"],
    });

    const zh = await runInit(["--dry-run", "--lang", "zh"]);
    expect(zh.code).toBe(0);
    expect(zh.stderr).toContain("实际运行会在预检阶段停止：1 项检查失败");
  });

  test("HA with kube-vip: the VIP's static pod is written before kubeadm init, its image pre-pulled", async () => {
    const r = await runInit([
      "--control-plane-endpoint",
      "192.168.10.100:6443",
      "--lb",
      "kube-vip",
      "--vip-interface",
      "eth0",
    ]);
    expect(r.code).toBe(0);
    const manifest = readFileSync(path("/etc/kubernetes/manifests/kube-vip.yaml"), "utf8");
    expect(manifest).toContain("value: 192.168.10.100");
    expect(manifest).toContain("path: /etc/kubernetes/super-admin.conf");
    expect(mode("/etc/kubernetes/manifests/kube-vip.yaml")).toBe(0o600);
    const pulls = r.fake.calls.filter((c) => c.argv.includes("pull")).map((c) => c.argv.at(-1));
    expect(pulls).toContain("ghcr.m.daocloud.io/kube-vip/kube-vip:v0.8.9");
    expect(r.runner.kubeadmRuns[0]).toContain("--upload-certs");
    expect(r.stdout).toMatch(
      /kadm-wizard join --endpoint 192\.168\.10\.100:6443 .* --control-plane --certificate-key/,
    );
  });

  test("external LB: ready nginx and haproxy configs for it, and a note", async () => {
    const r = await runInit(["--control-plane-endpoint", "lb.example.internal:6443"]);
    expect(r.code).toBe(0);
    expect(readFileSync(path("/etc/kadm-wizard/lb/nginx-stream.conf"), "utf8")).toContain(
      "server 192.168.10.11:6443",
    );
    expect(existsSync(path("/etc/kadm-wizard/lb/haproxy.cfg"))).toBe(true);
    expect(r.stdout).toContain("Point your load balancer at the API servers");
  });

  describe.skipIf(NO_ETCD_PKI)(skipTitle("external etcd", NO_ETCD_PKI), () => {
    let pki: ReturnType<typeof makePki>;
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "kadm-etcd-pki-"));
      pki = makePki(dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const ETCD = [
      "--etcd-endpoints",
      "https://192.168.10.21:2379",
      "--etcd-cafile",
      "/etc/etcd/pki/ca.crt",
      "--etcd-certfile",
      "/etc/etcd/pki/client.crt",
      "--etcd-keyfile",
      "/etc/etcd/pki/client.key",
    ];
    function seed(ca: string) {
      mkdirSync(path("/etc/etcd/pki"), { recursive: true });
      writeFileSync(path("/etc/etcd/pki/ca.crt"), ca);
      writeFileSync(path("/etc/etcd/pki/client.crt"), pki.serverCert);
      writeFileSync(path("/etc/etcd/pki/client.key"), pki.serverKey);
    }
    it("checked certificates: init goes on and kubeadm gets the external etcd", async () => {
      seed(pki.ca);
      const r = await runInit(ETCD);
      expect(r.code).toBe(0);
      expect(readFileSync(path("/etc/kadm-wizard/kubeadm.yaml"), "utf8")).toContain(
        "https://192.168.10.21:2379",
      );
      expect(existsSync(path("/etc/kubernetes/manifests/etcd.yaml"))).toBe(false);
    });
    it("a client certificate from another CA stops init before anything changes", async () => {
      seed(pki.otherCa);
      const r = await runInit(ETCD);
      // Bad input, checked with the rest of it: exit 2 and not even the state file is written.
      expect(r.code).toBe(2);
      expect(existsSync(path("/etc/kadm-wizard/state.json"))).toBe(false);
      expect(r.stderr).toContain("is not signed by the CA /etc/etcd/pki/ca.crt");
      expect(r.runner.kubeadmRuns).toEqual([]);
      expect(r.fake.changes).toEqual([]);
    });
    it("a missing key file is named", async () => {
      seed(pki.ca);
      rmSync(path("/etc/etcd/pki/client.key"));
      const r = await runInit(ETCD);
      expect(r.code).toBe(2);
      expect(existsSync(path("/etc/kadm-wizard/state.json"))).toBe(false);
      expect(r.stderr).toContain("external etcd key /etc/etcd/pki/client.key does not exist on this host");
    });
  });

  it("--workers: init plans the SSH joins in a dry run; a bad host list is refused before anything", async () => {
    const plan = await runInit(["--dry-run", "--workers", "10.231.0.5,10.231.0.6"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/10\.231\.0\.5/);
    expect(plan.stdout).toMatch(/10\.231\.0\.6/);
    expect(plan.stdout).toMatch(/join 192\.168\.10\.11:6443 --token [a-z0-9]{6}\.\*{16}/);

    const bad = await runInit(["--workers", "not a host!"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(path("/etc/kadm-wizard"))).toBe(false);
    expect(bad.runner?.kubeadmRuns ?? []).toEqual([]);
  });

  it("--output json with --workers: stdout stays pure JSON, the SSH part goes to stderr", async () => {
    const r = await runInit(["--dry-run", "--output", "json", "--workers", "10.231.0.5"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe("planned");
    expect(r.stderr).toContain("10.231.0.5");
  });
});
