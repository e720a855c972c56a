/**
 * Ctrl-C / SIGTERM (the launcher aborts ctx.signal) at several points of the commands that change
 * the host, through the CLI in-process: the fake runner holds a named command until the test lets
 * it go, so the signal arrives before the first step, during a host change, between steps and
 * during the last step. Each run must stop at the next safe point, say what it finished and what
 * it did not, and exit 130; a host command that died of the same Ctrl-C is the interruption, never
 * a failure with that step's fix.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import type { RunOptions } from "../../src/host/runner.js";
import type { ExecOptions, ExecResult, SshTransport } from "../../src/ssh/transport.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { runCli } from "../fakes/ports.js";
import { FakeRunner, type Reply } from "../fakes/runner.js";
import { fakeSshHosts } from "../fakes/ssh-transport.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "containerd");
const DEFAULT_CONFIG = readFileSync(join(FIXTURES, "config-1.6-default.toml"), "utf8").replace(
  /^#.*\n/gm,
  "",
);
const REPLIES: Record<string, Reply> = {
  "containerd config default": { stdout: DEFAULT_CONFIG },
  "kubeadm version -o short": { stdout: "v1.33.2\n" },
  "kubelet --version": { stdout: "Kubernetes v1.33.2\n" },
  "uname -m": { stdout: "x86_64\n" },
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function put(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * Starts a command, waits until `command` runs (held at its gate), interrupts and lets it finish:
 * a Ctrl-C in the middle of that step. The result, and the options the command ran with.
 */
async function interruptDuring<R>(
  runner: FakeRunner,
  command: string,
  start: (signal: AbortSignal) => Promise<R>,
): Promise<{ r: R; opts: RunOptions }> {
  const ctrl = new AbortController();
  const gate = runner.gate(command);
  const run = start(ctrl.signal);
  const opts = await gate.reached;
  ctrl.abort(new Error("interrupted"));
  gate.release();
  return { r: await run, opts };
}

/** Swap on, modules not loaded, forwarding off, no containerd config: every step has work. */
function unpreparedHost(): string {
  const root = tempDir("kadm-int-prep-");
  put(root, {
    "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "/etc/fstab": "UUID=3b1d / ext4 errors=remount-ro 0 1\n/swap.img none swap sw 0 0\n",
    "/etc/hostname": "master-1\n",
    "/etc/hosts": "127.0.0.1 localhost\n192.168.10.11 master-1\n",
    "/proc/swaps": "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap.img  file  1048572  0  -2\n",
    "/proc/modules": "nf_conntrack 172032 1 - Live 0x0000000000000000\n",
    "/proc/meminfo": "MemTotal:        4015852 kB\n",
    "/sys/devices/system/cpu/online": "0-3\n",
    "/proc/sys/net/ipv4/ip_forward": "0\n",
    "/proc/sys/kernel/hostname": "master-1\n",
  });
  return root;
}

const SWAP = "swap off now and at boot";
const MODULES = "kernel modules overlay, br_netfilter";
const SYSCTL = "sysctls for bridged traffic and IP forwarding";
const CONTAINERD = "containerd for kubeadm: cgroup driver, pause image, registry mirrors";

/** The lines under "Not run (interrupted):" in stdout. */
function notRun(stdout: string): string[] {
  const at = stdout.indexOf("Not run (interrupted):\n");
  if (at < 0) return [];
  const lines = stdout.slice(at).split("\n").slice(1);
  const end = lines.findIndex((l) => !l.startsWith("  - "));
  return lines.slice(0, end < 0 ? undefined : end).map((l) => l.slice(4));
}

function prepare(runner: FakeRunner, signal: AbortSignal, root: string, lang = "en") {
  return runCli(["prepare", "--root", root, "--k8s-version", "v1.33.2", "--lang", lang], {
    overrides: { runner: () => runner },
    signal,
  });
}

describe("prepare interrupted", () => {
  it("before the first step: nothing changed, every step listed as not run, exit 130", async () => {
    const root = unpreparedHost();
    const ctrl = new AbortController();
    ctrl.abort(new Error("interrupted"));
    const runner = new FakeRunner(REPLIES);
    const r = await prepare(runner, ctrl.signal, root);
    expect(r.code).toBe(130);
    expect(runner.changes).toEqual([]);
    expect(notRun(r.stdout)).toEqual([SWAP, MODULES, SYSCTL, CONTAINERD]);
    expect(r.stderr).toContain("error: interrupted before the first step; nothing was changed.");
    expect(r.stderr).toContain("Fix: run `kadm-wizard prepare` again");
    expect(readFileSync(join(root, "etc/fstab"), "utf8")).toContain("\n/swap.img none swap");
  });

  it("during swapoff: swapoff finishes, nothing after it starts; the report says what was done", async () => {
    const root = unpreparedHost();
    const runner = new FakeRunner(REPLIES);
    const { r, opts } = await interruptDuring(runner, "swapoff -a", (signal) =>
      prepare(runner, signal, root),
    );
    // A host change is not cancelled: it runs in its own process group and is waited for.
    expect(opts.signal).toBeUndefined();
    expect(r.code).toBe(130);
    expect(runner.changes).toEqual(["swapoff -a"]);
    expect(r.stdout).toContain(`~ ${SWAP}: changed`);
    expect(readFileSync(join(root, "etc/fstab"), "utf8")).toContain("# /swap.img none swap");
    expect(notRun(r.stdout)).toEqual([MODULES, SYSCTL, CONTAINERD]);
    expect(r.stderr).toContain(`error: interrupted after "${SWAP}" (1 of 4 steps done).`);
    // the re-check after preparation did not run either
    expect(r.stdout).not.toMatch(/ready for kubeadm|still fail/);
  });

  it("swapoff killed by the same Ctrl-C: reported as the interruption, not with the swap fix", async () => {
    const root = unpreparedHost();
    const ctrl = new AbortController();
    const runner = new FakeRunner(REPLIES);
    const gate = runner.gate("swapoff -a");
    const run = prepare(runner, ctrl.signal, root);
    await gate.reached;
    ctrl.abort(new Error("interrupted"));
    gate.release({ exitCode: 130, signal: "SIGINT" });
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stderr).not.toContain("turn swap off by hand");
    expect(r.stderr).not.toContain("`swapoff -a` failed");
    expect(r.stderr).toMatch(/✖ swap off now and at boot \[FAILED: interrupted, may be incomplete\]/);
    expect(r.stderr).toContain(
      `error: interrupted during "${SWAP}" (0 of 4 steps done; that one may be incomplete).`,
    );
    expect(notRun(r.stdout)).toEqual([
      `${SWAP}: interrupted, may be incomplete`,
      MODULES,
      SYSCTL,
      CONTAINERD,
    ]);
    expect(runner.changes).toEqual(["swapoff -a"]);
  });

  it("between steps (the last sysctl of its step): containerd is not configured", async () => {
    const root = unpreparedHost();
    const ctrl = new AbortController();
    const runner = new FakeRunner({
      ...REPLIES,
      "sysctl -w net.ipv4.ip_forward=1": () => {
        ctrl.abort(new Error("interrupted"));
        return {};
      },
    });
    const r = await prepare(runner, ctrl.signal, root);
    expect(r.code).toBe(130);
    expect(runner.changes).not.toContain("systemctl restart containerd");
    expect(existsSync(join(root, "etc/containerd/config.toml"))).toBe(false);
    expect(notRun(r.stdout)).toEqual([CONTAINERD]);
    expect(r.stderr).toContain(`interrupted after "${SYSCTL}" (3 of 4 steps done).`);
  });

  it("during the last step (systemctl restart containerd): it finishes; every step is reported done", async () => {
    const root = unpreparedHost();
    const runner = new FakeRunner(REPLIES);
    const { r } = await interruptDuring(runner, "systemctl restart containerd", (signal) =>
      prepare(runner, signal, root, "zh"),
    );
    expect(r.code).toBe(130);
    expect(runner.changes.at(-1)).toBe("systemctl restart containerd");
    expect(r.stdout).toContain("主机准备:");
    expect(r.stdout).not.toContain("未运行（已中断）");
    expect(r.stderr).toContain(
      "错误：在“为 kubeadm 配置 containerd：cgroup 驱动、pause 镜像、镜像仓库加速”之后被中断（已完成 4/4 步）。",
    );
    expect(r.stderr).toContain("重新运行 `kadm-wizard prepare`");
    expect(readFileSync(join(root, "etc/containerd/config.toml"), "utf8")).toContain("SystemdCgroup = true");
  });
});

/** A node where init ran: state, admin.conf, a CNI config. */
function initialisedHost(): string {
  const root = tempDir("kadm-int-reset-");
  put(root, {
    "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
    "/etc/kubernetes/admin.conf": "apiVersion: v1\nkind: Config\n",
    "/root/.kube/config": "apiVersion: v1\nkind: Config\n",
    "/etc/cni/net.d/10-flannel.conflist": "{}\n",
    "/etc/kadm-wizard/kubeadm.yaml": "kind: InitConfiguration\n",
    // kubeadm as its package installs it: the one binary rule runs <root>/usr/bin/kubeadm.
    "/usr/bin/kubeadm": "",
  });
  return root;
}

const RESET_STEPS = [
  "kubeadm reset -f",
  "CNI configuration and state (/etc/cni/net.d, /var/lib/cni, /var/lib/calico)",
  "CNI network interfaces (cni0, flannel.1, vxlan.calico, tunl0)",
  "iptables rules of Kubernetes and the CNI (other rules kept)",
  "IPVS tables of kube-proxy",
  "kubeconfig copies of this cluster",
  "kadm-wizard state and configuration",
];

function reset(runner: FakeRunner, signal: AbortSignal, root: string) {
  return runCli(["reset", "--yes", "--root", root], { overrides: { runner: () => runner }, signal });
}

describe("reset interrupted", () => {
  it("before the first step: kubeadm reset never ran, nothing removed", async () => {
    const root = initialisedHost();
    const ctrl = new AbortController();
    ctrl.abort(new Error("interrupted"));
    const runner = new FakeRunner({}, false, {}, root);
    const r = await reset(runner, ctrl.signal, root);
    expect(r.code).toBe(130);
    expect(runner.calls).toEqual([]);
    expect(notRun(r.stdout)).toEqual(RESET_STEPS);
    expect(existsSync(join(root, "etc/cni/net.d/10-flannel.conflist"))).toBe(true);
    expect(r.stderr).toContain("Fix: run `kadm-wizard reset` again");
  });

  it("during kubeadm reset: it is not killed; it finishes, then nothing else is removed", async () => {
    const root = initialisedHost();
    const runner = new FakeRunner({}, false, {}, root);
    const { r, opts } = await interruptDuring(runner, "/usr/bin/kubeadm reset -f", (signal) =>
      reset(runner, signal, root),
    );
    expect(opts.signal).toBeUndefined();
    expect(r.code).toBe(130);
    expect(r.stdout).toContain("~ kubeadm reset -f: changed");
    expect(notRun(r.stdout)).toEqual(RESET_STEPS.slice(1));
    expect(r.stderr).toContain('error: interrupted after "kubeadm reset -f" (1 of 7 steps done).');
    expect(existsSync(join(root, "etc/cni/net.d/10-flannel.conflist"))).toBe(true);
    expect(existsSync(join(root, "etc/kadm-wizard/kubeadm.yaml"))).toBe(true);
  });

  it("during the interface cleanup (between file removals and iptables): iptables is left alone", async () => {
    const root = initialisedHost();
    const runner = new FakeRunner(
      {
        "ip -o link show": { stdout: "1: lo: <LOOPBACK>\n5: cni0: <BROADCAST>\n" },
        "iptables-save": { stdout: "*filter\n:KUBE-FORWARD - [0:0]\nCOMMIT\n" },
      },
      false,
      {},
      root,
    );
    const { r } = await interruptDuring(runner, "ip link delete cni0", (signal) =>
      reset(runner, signal, root),
    );
    expect(r.code).toBe(130);
    expect(runner.changes).toEqual(["/usr/bin/kubeadm reset -f", "ip link delete cni0"]);
    expect(existsSync(join(root, "etc/cni/net.d/10-flannel.conflist"))).toBe(false);
    expect(notRun(r.stdout)).toEqual(RESET_STEPS.slice(3));
    expect(r.stdout).toContain("$ ip link delete cni0");
  });

  it("during the last step with a host command (ipvsadm --clear): it finishes; the files are kept", async () => {
    const root = initialisedHost();
    const runner = new FakeRunner({ "ipvsadm -Ln": { stdout: "TCP  10.96.0.1:443 rr\n" } }, false, {}, root);
    const { r } = await interruptDuring(runner, "ipvsadm --clear", (signal) => reset(runner, signal, root));
    expect(r.code).toBe(130);
    expect(runner.changes.at(-1)).toBe("ipvsadm --clear");
    expect(notRun(r.stdout)).toEqual(RESET_STEPS.slice(5));
    expect(existsSync(join(root, "root/.kube/config"))).toBe(true);
    expect(existsSync(join(root, "etc/kadm-wizard/kubeadm.yaml"))).toBe(true);
  });
});

// --- add-node: the SSH fan-out over the fake hosts (real /bin/sh, a root per host)

/**
 * The fake hosts' transport, holding the first command on `host` that matches `what` until the
 * test releases it. Records every command with whether it was cancellable (given the signal): like
 * the ssh2 adapter, a cancellable command's channel is closed on abort and exec rejects.
 */
function holdingSsh(names: string[]) {
  const inner = fakeSshHosts(names);
  // `stopped`: the node runner aborted the command's channel (it runs with the run's signal).
  const ran: { host: string; command: string; stopped: () => boolean }[] = [];
  let hold: { host: string; what: RegExp; reached: () => void; release: Promise<void> } | undefined;
  const transport = (): SshTransport => ({
    async connect(target, opts) {
      if (opts?.signal?.aborted) throw opts.signal.reason;
      const session = await inner.transport().connect(target, opts);
      return {
        ...session,
        exec: async (command: string, o: ExecOptions = {}): Promise<ExecResult> => {
          ran.push({ host: target.host, command, stopped: () => o.signal?.aborted === true });
          const h = hold;
          if (h && h.host === target.host && h.what.test(command)) {
            hold = undefined;
            h.reached();
            await new Promise<void>((resolve, reject) => {
              h.release.then(resolve);
              const sig = o.signal;
              if (!sig) return;
              sig.addEventListener(
                "abort",
                () => (o.settleOnAbort ? resolve() : reject(sig.reason ?? new Error("aborted"))),
                { once: true },
              );
            });
            // Stopped while held: ended by the signal, as the remote process would be.
            if (o.signal?.aborted && o.settleOnAbort) {
              return { exitCode: -1, stdout: "", stderr: "", timedOut: false, signal: "TERM" };
            }
          }
          return session.exec(command, o);
        },
      };
    },
  });
  return {
    ran,
    transport,
    hosts: inner,
    hold(host: string, what: RegExp) {
      let reached: () => void = () => {};
      let release: () => void = () => {};
      const r = new Promise<void>((res) => {
        reached = res;
      });
      hold = {
        host,
        what,
        reached: () => reached(),
        release: new Promise<void>((res) => {
          release = res;
        }),
      };
      return { reached: r, release: () => release() };
    },
  };
}

const JOIN = `kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:${"a".repeat(64)}`;
/** A join the fake kubeadm accepts (its CA hash; not the documentation's token). */
const SSH_JOIN = `kubeadm join 10.0.0.10:6443 --token k8swiz.p0q1r2s3t4u5v6w7 --discovery-token-ca-cert-hash ${FAKE_CA_HASH}`;

function addNode(ssh: ReturnType<typeof holdingSsh>, signal: AbortSignal, root: string, hosts: string[]) {
  const inv = join(root, "hosts.yaml");
  writeFileSync(
    inv,
    yaml.dump({
      defaults: { user: "root", passwordEnv: "NODE_PW" },
      hosts: hosts.map((h) => ({ host: h, root: ssh.hosts.host(h).root })),
    }),
  );
  return runCli(
    [
      "add-node",
      "--inventory",
      inv,
      "--root",
      root,
      "--ssh-concurrency",
      "1",
      "--join-command",
      SSH_JOIN,
      "--profile",
      "upstream",
      "--k8s-version",
      "v1.33.2",
    ],
    {
      env: { LANG: "en_US.UTF-8", HOME: root, NODE_PW: "pw" },
      overrides: { ssh: ssh.transport },
      signal,
    },
  );
}

function hostsJson(root: string): Record<string, { status: string; step?: string; error?: string }> {
  return JSON.parse(readFileSync(join(root, "etc/kadm-wizard/hosts.json"), "utf8")).hosts;
}

const HOSTS = ["10.0.0.21", "10.0.0.22"];
let sshHosts: ReturnType<typeof holdingSsh> | undefined;
afterEach(() => {
  sshHosts?.hosts.cleanup();
  sshHosts = undefined;
});

describe("add-node interrupted", () => {
  it("before the first host: no connection, every host recorded as not started for --retry-failed", async () => {
    const root = tempDir("kadm-int-ssh-");
    const ssh = holdingSsh(HOSTS);
    sshHosts = ssh;
    const ctrl = new AbortController();
    ctrl.abort(new Error("interrupted"));
    const r = await addNode(ssh, ctrl.signal, root, HOSTS);
    expect(r.code).toBe(130);
    expect(ssh.ran).toEqual([]);
    expect(r.stderr).toContain("error: interrupted: 0 of 2 hosts joined, 0 stopped part-way, 2 not started.");
    expect(r.stderr).toContain("kadm-wizard add-node --retry-failed");
    const state = hostsJson(root);
    expect(Object.values(state).map((h) => h.status)).toEqual(["failed", "failed"]);
  });

  it("during a host's preparation: swapoff finishes, the host stops before the next step, the next host never starts", async () => {
    const root = tempDir("kadm-int-ssh-");
    const ssh = holdingSsh(HOSTS);
    sshHosts = ssh;
    const ctrl = new AbortController();
    const hold = ssh.hold("10.0.0.21", /swapoff/);
    const run = addNode(ssh, ctrl.signal, root, HOSTS);
    await hold.reached;
    ctrl.abort(new Error("interrupted"));
    hold.release();
    const r = await run;
    expect(r.code).toBe(130);
    const first = ssh.ran.filter((x) => x.host === "10.0.0.21");
    expect(first.find((x) => /swapoff/.test(x.command))?.stopped()).toBe(false);
    // swapoff ran to its end (the fake emptied /proc/swaps); nothing after it started.
    expect(ssh.hosts.host("10.0.0.21").commands()).toMatch(/^swapoff -a$/m);
    expect(first.some((x) => /LANG=C (modprobe |systemctl restart )/.test(x.command))).toBe(false);
    expect(ssh.ran.some((x) => x.host === "10.0.0.22")).toBe(false);
    expect(r.stdout).toMatch(/10\.0\.0\.21 .*failed at prepare .*interrupted during prepare/);
    expect(r.stdout).toMatch(/10\.0\.0\.22 .*not started: interrupted/);
    expect(r.stderr).toContain("interrupted: 0 of 2 hosts joined, 1 stopped part-way, 1 not started.");
    const state = hostsJson(root);
    expect(state["10.0.0.21"]?.step).toBe("prepare");
    expect(state["10.0.0.22"]?.status).toBe("failed");
  }, 60_000);

  it("between hosts, and during the last host's kubeadm join (cancelled; --retry-failed resets it first)", async () => {
    const root = tempDir("kadm-int-ssh-");
    const ssh = holdingSsh(HOSTS);
    sshHosts = ssh;
    const ctrl = new AbortController();
    const hold = ssh.hold("10.0.0.22", /kubeadm join/);
    const run = addNode(ssh, ctrl.signal, root, HOSTS);
    await hold.reached;
    ctrl.abort(new Error("interrupted"));
    const r = await run;
    expect(r.code).toBe(130);
    expect(ssh.hosts.host("10.0.0.21").commands()).toMatch(/^kubeadm join --config /m);
    expect(ssh.ran.find((x) => x.host === "10.0.0.22" && /kubeadm join/.test(x.command))?.stopped()).toBe(
      true,
    );
    expect(ssh.hosts.host("10.0.0.22").commands()).not.toMatch(/^kubeadm join /m);
    expect(r.stderr).toContain("interrupted: 1 of 2 hosts joined, 1 stopped part-way, 0 not started.");
    expect(r.stderr).not.toMatch(/failed to join/);
    const state = hostsJson(root);
    expect(state["10.0.0.21"]?.status).toBe("joined");
    expect(state["10.0.0.22"]).toMatchObject({ status: "failed", step: "join" });
  }, 60_000);
});

describe("token interrupted", () => {
  const key = (argv: string[]) => argv.includes("upload-certs");
  it("during upload-certs: it finishes, no token is created, exit 130", async () => {
    const root = tempDir("kadm-int-token-");
    put(root, { "/etc/kubernetes/admin.conf": "apiVersion: v1\n", "/usr/bin/kubeadm": "" });
    const ctrl = new AbortController();
    const runner = new FakeRunner({}, false, {}, root);
    const run = runCli(["token", "--control-plane", "--root", root], {
      overrides: {
        runner: () =>
          new (class extends FakeRunner {
            override async run(argv: readonly string[], opts = {}) {
              if (argv[1] === "init" && key([...argv])) ctrl.abort(new Error("interrupted"));
              return runner.run(argv, opts);
            }
          })(),
      },
      signal: ctrl.signal,
    });
    const r = await run;
    expect(r.code).toBe(130);
    // (kubeadm version: which API the upload's config file speaks)
    expect(runner.calls.map((c) => c.argv.slice(0, 3).join(" ").replace(root, ""))).toEqual([
      "/usr/bin/kubeadm version -o",
      "/usr/bin/kubeadm init phase",
    ]);
    expect(r.stderr).toContain(
      'interrupted after "Upload the control-plane certificates" (1 of 2 steps done).',
    );
    expect(notRun(r.stdout)).toEqual(["Create a bootstrap token"]);
    expect(existsSync(join(root, "etc/kadm-wizard/join-command.txt"))).toBe(false);
  });

  it("during token create: the token it made is saved and printed, not lost; exit 130", async () => {
    const root = tempDir("kadm-int-token-");
    put(root, { "/etc/kubernetes/admin.conf": "apiVersion: v1\n", "/usr/bin/kubeadm": "" });
    const ctrl = new AbortController();
    const runner = new FakeRunner(
      {
        "/usr/bin/kubeadm token create --print-join-command": () => {
          ctrl.abort(new Error("interrupted"));
          return { stdout: `${JOIN}\n` };
        },
      },
      false,
      {},
      root,
    );
    const r = await runCli(["token", "--root", root], {
      overrides: { runner: () => runner },
      signal: ctrl.signal,
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toContain("kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef");
    expect(readFileSync(join(root, "etc/kadm-wizard/join-command.txt"), "utf8")).toContain("kubeadm join");
    expect(r.stderr).toContain('interrupted after "Create a bootstrap token" (1 of 1 step done).');
  });
});

describe("remove-node interrupted", () => {
  function recorded(root: string) {
    put(root, {
      "/etc/kadm-wizard/hosts.json": JSON.stringify({
        version: 1,
        hosts: {
          "10.0.0.21": {
            host: "10.0.0.21",
            port: 22,
            user: "root",
            role: "worker",
            nodeName: "worker-1",
            root: "/",
            env: {},
            passwordEnv: "NODE_PW",
            status: "joined",
            at: new Date().toISOString(),
            durationMs: 1,
          },
        },
      }),
    });
  }

  it("during the drain: the drain is stopped (the node stays cordoned); delete and reset do not run", async () => {
    const root = tempDir("kadm-int-rm-");
    recorded(root);
    const ctrl = new AbortController();
    const runner = new FakeRunner();
    const kubeconfig = join(root, "etc/kubernetes/admin.conf");
    const gate = runner.gate(
      `kubectl --kubeconfig ${kubeconfig} drain worker-1 --ignore-daemonsets --delete-emptydir-data --force --timeout=300s`,
    );
    const ssh = holdingSsh(["10.0.0.21"]);
    sshHosts = ssh;
    const run = runCli(["remove-node", "worker-1", "--yes", "--root", root], {
      env: { LANG: "en_US.UTF-8", HOME: root, NODE_PW: "pw" },
      overrides: { runner: () => runner, ssh: ssh.transport },
      signal: ctrl.signal,
    });
    const opts = await gate.reached;
    expect(opts.signal).toBeDefined();
    ctrl.abort(new Error("interrupted"));
    const r = await run;
    expect(r.code, r.stderr).toBe(130);
    expect(runner.calls).toHaveLength(1);
    expect(ssh.ran).toEqual([]);
    expect(r.stderr).toContain('error: interrupted during "Drain worker-1" (0 of 3 steps done');
    expect(notRun(r.stdout)).toEqual([
      "Drain worker-1: interrupted, may be incomplete",
      "Delete node worker-1",
      "kubeadm reset on 10.0.0.21",
    ]);
    expect(hostsJson(root)["10.0.0.21"]?.status).toBe("joined");
  });
});

describe("images pull interrupted", () => {
  it("during a pull: that pull is stopped, the report lists what was pulled and what was not; exit 130", async () => {
    const root = tempDir("kadm-int-pull-");
    const sockDir = join(root, "var/run/containerd");
    mkdirSync(sockDir, { recursive: true });
    const sock = join(sockDir, "containerd.sock");
    const server = createServer((c) => c.end());
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const args = ["--root", root, "--k8s-version", "v1.33.2", "--cni", "none", "--profile", "upstream"];
      const list = await runCli(["images", "list", ...args], {
        overrides: { runner: () => new FakeRunner({}, false, { exitCode: 127, notFound: true }) },
      });
      const images = list.stdout.trim().split("\n");
      expect(images.length).toBeGreaterThan(3);
      const ctr = `ctr --address ${sock} --namespace k8s.io`;
      const runner = new FakeRunner({
        [`${ctr} images ls`]: { stdout: "REF TYPE DIGEST SIZE PLATFORMS LABELS\n" },
      });
      const held = images[0] as string;
      const gate = runner.gate(
        `${ctr} images pull --hosts-dir ${join(root, "etc/containerd/certs.d")} ${held}`,
      );
      const ctrl = new AbortController();
      const run = runCli(["images", "pull", ...args], {
        overrides: { runner: () => runner },
        signal: ctrl.signal,
      });
      const opts = await gate.reached;
      // A pull is safe to stop half-way: it is cancelled, not waited for.
      expect(opts.signal).toBeDefined();
      ctrl.abort(new Error("interrupted"));
      const r = await run;
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toMatch(
        new RegExp(`error: interrupted: \\d+ of ${images.length} images pulled or already present\\.`),
      );
      const at = r.stdout.indexOf("Not pulled (interrupted):");
      expect(at).toBeGreaterThan(-1);
      expect(r.stdout.slice(at)).toContain(`  - ${held}`);
      expect(r.stderr).not.toContain("internal error");
    } finally {
      server.close();
    }
  });
});
