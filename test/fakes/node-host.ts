/**
 * A host root for init/join/reset tests: a Debian node that passes preflight once prepared, a
 * containerd socket that answers, /etc/passwd with root and a sudo user, and a runner that sends
 * kubeadm to the fake kubeadm executable and every other command to a scripted FakeRunner.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execaRunner, type Runner, type RunOptions, type RunResult } from "../../src/host/runner.js";
import type { Prompter } from "../../src/prompts/prompter.js";
import { runCli } from "./ports.js";
import { FakeRunner, type Reply } from "./runner.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const FAKE_KUBEADM = join(HERE, "kubeadm", "fake-kubeadm.mjs");
export const TRANSCRIPTS = join(HERE, "..", "..", "..", "shared", "testdata", "transcripts");
const CONTAINERD_DEFAULT = readFileSync(
  join(HERE, "..", "fixtures", "containerd", "config-1.6-default.toml"),
  "utf8",
).replace(/^#.*\n/gm, "");

export const HOST_REPLIES: Record<string, Reply> = {
  "containerd config default": { stdout: CONTAINERD_DEFAULT },
  // kubeadm is the fake (--kubeadm, run for real); kubelet/kubectl are the stand-ins under the root.
  "/usr/bin/kubelet --version": { stdout: "Kubernetes v1.33.2\n" },
  "/usr/bin/kubectl version --client -o json": { stdout: '{"clientVersion":{"gitVersion":"v1.33.2"}}\n' },
  "uname -m": { stdout: "x86_64\n" },
  hostname: { stdout: "master-1\n" },
  "systemctl is-active firewalld": { stdout: "inactive\n", exitCode: 3 },
};

export interface NodeHost {
  root: string;
  /** The containerd socket listener (closed by cleanup). */
  socket: Server;
  cleanup(): Promise<void>;
}

export async function nodeHost(name = "master-1"): Promise<NodeHost> {
  const root = mkdtempSync(join(tmpdir(), "kadm-node-"));
  const files: Record<string, string> = {
    "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "/etc/fstab": "UUID=3b1d / ext4 errors=remount-ro 0 1\n",
    "/etc/hostname": `${name}\n`,
    "/etc/hosts": `127.0.0.1 localhost\n192.168.10.11 ${name}\n`,
    "/etc/passwd":
      "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\ndev:x:1000:1000:Dev:/home/dev:/bin/bash\n",
    "/proc/swaps": "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n",
    "/proc/modules": "br_netfilter 32768 0 - Live 0x0\noverlay 151552 0 - Live 0x0\n",
    "/proc/meminfo": "MemTotal:        4015852 kB\n",
    "/proc/net/tcp":
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
    "/proc/sys/net/ipv4/ip_forward": "1\n",
    "/sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
    "/proc/sys/net/bridge/bridge-nf-call-iptables": "1\n",
    "/proc/sys/kernel/hostname": `${name}\n`,
    "/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n",
    "/sys/devices/system/cpu/online": "0-3\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const tool of ["iptables", "ip", "mount", "nsenter", "conntrack", "ebtables", "ethtool", "socat"]) {
    mkdirSync(join(root, "usr/sbin"), { recursive: true });
    writeFileSync(join(root, "usr/sbin", tool), "");
  }
  // Found under the root by the one binary rule (node/binaries.ts), answered by HOST_REPLIES.
  for (const tool of ["kubelet", "kubectl"]) {
    mkdirSync(join(root, "usr/bin"), { recursive: true });
    writeFileSync(join(root, "usr/bin", tool), "");
  }
  // As on a real host: the tree is searchable by everyone and the sudo user owns their home
  // (their kubeconfig copy is written by a process running as them).
  chmodSync(root, 0o755);
  mkdirSync(join(root, "home/dev"), { recursive: true });
  if (process.getuid?.() === 0) chownSync(join(root, "home/dev"), 1000, 1000);
  const sock = join(root, "var/run/containerd/containerd.sock");
  mkdirSync(dirname(sock), { recursive: true });
  const socket = createServer((c) => c.end());
  await new Promise<void>((resolve) => socket.listen(sock, resolve));
  return {
    root,
    socket,
    async cleanup() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * kubeadm (the fake, by path) runs for real with `env`; everything else is answered by `host`.
 * `kubeadmHook` may replace a kubeadm call (e.g. to simulate Ctrl-C while it runs).
 */
export class NodeRunner implements Runner {
  readonly recorded: string[] = [];
  /** Every kubeadm run, `version` probes (preflight's, join's, token's) included. */
  readonly kubeadmCalls: string[][] = [];
  /**
   * The kubeadm runs that do something: kubeadmCalls without the read-only questions (`version`,
   * and `config images list`, the image plan's source).
   */
  get kubeadmRuns(): string[][] {
    return this.kubeadmCalls.filter(
      (argv) =>
        argv[1] !== "version" && !(argv[1] === "config" && argv[2] === "images" && argv[3] === "list"),
    );
  }
  private readonly real: Runner;
  /** Every command other than kubeadm, scripted (and honouring dry-run like the real runner). */
  readonly host: FakeRunner;
  constructor(
    replies: Record<string, Reply>,
    readonly dryRun: boolean,
    private readonly env: Record<string, string>,
    private readonly kubeadmHook?: (argv: string[]) => Promise<RunResult | undefined>,
    /** The host root: binaries run from under it are scripted by their host path. */
    root?: string,
    /** The kubeadm that runs for real (the fake, or a path that is not there). */
    readonly kubeadm: string = FAKE_KUBEADM,
  ) {
    this.real = execaRunner({ dryRun });
    this.host = new FakeRunner(replies, dryRun, {}, root);
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    if (argv[0] !== this.kubeadm) {
      const r = await this.host.run(argv, opts);
      if (r.skipped) this.recorded.push(r.command);
      return r;
    }
    this.kubeadmCalls.push([...argv]);
    const hooked = await this.kubeadmHook?.([...argv]);
    if (hooked) return hooked;
    const r = await this.real.run(argv, { ...opts, env: { ...opts.env, ...this.env } });
    if (r.skipped) this.recorded.push(r.command);
    return r;
  }
}

export interface NodeCliOptions {
  /** The CLI's environment (default: an English locale). */
  env?: NodeJS.ProcessEnv;
  /** Extra environment for the fake kubeadm (KADM_FAKE_ROOT and the transcripts are always set). */
  fakeEnv?: Record<string, string>;
  /** Further scripted host commands. */
  replies?: Record<string, Reply>;
  hook?: ConstructorParameters<typeof NodeRunner>[3];
  signal?: AbortSignal;
  /** Interactive: a terminal on stdin and stderr, questions answered by this prompter. */
  prompter?: Prompter;
  /**
   * "missing": a host without kubeadm. No --kubeadm is given, so the one binary rule looks under the
   * root, finds none and runs `<root>/usr/bin/kubeadm`, which really is not there (ENOENT).
   */
  kubeadm?: "missing";
}

/**
 * Runs `kadm-wizard <args>` in-process against a node host: `--root` is the host's root, `--kubeadm`
 * the fake kubeadm (or none at all: `kubeadm: "missing"`). Returns the result with the runner (kubeadm calls) and the scripted host runner.
 */
export async function runOnNode(host: NodeHost, args: string[], o: NodeCliOptions = {}) {
  let runner: NodeRunner | undefined;
  const fakeEnv = { KADM_FAKE_ROOT: host.root, KADM_FAKE_TESTDATA: TRANSCRIPTS, ...o.fakeEnv };
  const [command = "", ...rest] = args;
  const missing = o.kubeadm === "missing";
  const kubeadm = missing ? join(host.root, "usr/bin/kubeadm") : FAKE_KUBEADM;
  const r = await runCli(
    [command, "--root", host.root, ...(missing ? [] : ["--kubeadm", FAKE_KUBEADM]), ...rest],
    {
      env: o.env ?? { LANG: "en_US.UTF-8" },
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.prompter ? { tty: true } : {}),
      overrides: {
        ...(o.prompter ? { prompter: o.prompter } : {}),
        runner: (dry) => {
          runner = new NodeRunner(
            { ...HOST_REPLIES, ...o.replies },
            dry,
            fakeEnv,
            o.hook,
            host.root,
            kubeadm,
          );
          return runner;
        },
      },
    },
  );
  const made = runner as NodeRunner;
  return { ...r, runner: made, fake: made.host };
}
