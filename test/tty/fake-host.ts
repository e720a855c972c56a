/**
 * A node for the terminal tier that cannot touch this machine: a host root (test/fakes/node-host.ts:
 * Debian files, a containerd socket that answers) and a bin directory that is the shell's WHOLE
 * PATH. Every command the CLI runs by name is a stub here that only logs its arguments (swapoff,
 * modprobe, sysctl, systemctl, containerd, ctr, crictl, ip, iptables-*, journalctl, hostname, ...);
 * kubeadm is the fake kubeadm; anything else is "command not found" rather than this machine's tool.
 * Stubs use shell builtins and absolute paths only, since PATH holds nothing else.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type NodeHost, nodeHost, TRANSCRIPTS } from "../fakes/node-host.js";
import { REPO, writeLauncher } from "./harness.js";

const FAKE_KUBEADM = join(REPO, "test", "fakes", "kubeadm", "fake-kubeadm.mjs");
const CONTAINERD_DEFAULT = join(REPO, "test", "fixtures", "containerd", "config-1.6-default.toml");

const HEX = "0123456789abcdef".repeat(4);

/** What `ctr images pull` prints off a terminal: the blob table, redrawn, then "elapsed" lines. */
const CTR_PULL = [
  'echo "$ref: resolving      |--------------------------------------|"',
  'echo "elapsed: 0.1 s                                    total:   0.0 B (0.0 B/s)"',
  "/bin/sleep 0.15",
  `echo "manifest-sha256:${HEX}: done           |++++++++++++++++++++++++++++++++++++++|"`,
  `echo "layer-sha256:${HEX.replace(/0/g, "a")}:    downloading    |+++++++++++++-------------------------|  1.0 MiB/2.9 MiB"`,
  'echo "elapsed: 0.4 s                                    total:  1.0 Mi (2.5 MiB/s)"',
  "/bin/sleep 0.15",
  `echo "manifest-sha256:${HEX}: done           |++++++++++++++++++++++++++++++++++++++|"`,
  `echo "layer-sha256:${HEX.replace(/0/g, "a")}:    done           |++++++++++++++++++++++++++++++++++++++|"`,
  'echo "elapsed: 0.6 s                                    total:  2.9 Mi (4.8 MiB/s)"',
  `echo "unpacking linux/amd64 sha256:${HEX}..."`,
  'echo "done: 12.3ms"',
].join("\n");

function tools(state: string, hostname: string): Record<string, string> {
  return {
    swapoff: "",
    modprobe: "",
    sysctl: "",
    systemctl: [
      'case "$1" in',
      "  is-active) echo inactive; exit 3 ;;",
      '  show) printf "LoadState=loaded\\nActiveState=active\\nSubState=running\\nResult=success\\n" ;;',
      "esac",
    ].join("\n"),
    journalctl: "",
    hostname: `echo ${hostname}`,
    uname: 'case "$1" in -m) echo x86_64 ;; -r) echo 6.1.0-18-amd64 ;; *) echo Linux ;; esac',
    kubelet: 'if [ "$1" = --version ]; then echo "Kubernetes v1.33.2"; fi',
    kubectl: `echo '{"clientVersion":{"gitVersion":"v1.33.2"}}'`,
    containerd: [
      'case "$1" in',
      '  --version) echo "containerd containerd.io 1.6.33 d2d58213f83a351ca8f528a95fbd145f5654e957" ;;',
      `  config) while IFS= read -r l; do case "$l" in "#"*) ;; *) printf '%s\\n' "$l" ;; esac; done < '${CONTAINERD_DEFAULT}' ;;`,
      // `containerd --config FILE config dump`: the effective configuration is the file itself
      '  --config) while IFS= read -r l; do printf "%s\\n" "$l"; done < "$2" ;;',
      "esac",
    ].join("\n"),
    // ctr --address A --namespace N images ls [name==REF] | images pull --hosts-dir D REF
    ctr: [
      'for a in "$@"; do ref=$a; done',
      'case " $* " in',
      '  *" images ls"*)',
      '    echo "REF TYPE DIGEST SIZE PLATFORMS LABELS"',
      `    [ -f '${state}/images' ] && while IFS= read -r i; do`,
      '      case "$ref" in name==*) [ "name==$i" = "$ref" ] || continue ;; esac',
      `      echo "$i application/vnd.oci.image.index.v1+json sha256:${HEX} 2.9 MiB linux/amd64 io.cri-containerd.image=managed"`,
      `    done < '${state}/images'`,
      "    exit 0 ;;",
      '  *" images pull "*)',
      CTR_PULL,
      `    echo "$ref" >> '${state}/images' ;;`,
      "esac",
    ].join("\n"),
    crictl: "",
    ip: 'case "$*" in "-o link show") echo "1: lo: <LOOPBACK,UP> mtu 65536" ;; esac',
    "iptables-save": 'printf "*filter\\n:INPUT ACCEPT [0:0]\\nCOMMIT\\n"',
    "ip6tables-save": 'printf "*filter\\n:INPUT ACCEPT [0:0]\\nCOMMIT\\n"',
    "iptables-restore": "while IFS= read -r l; do :; done",
    "ip6tables-restore": "while IFS= read -r l; do :; done",
  };
}

export interface FakeNode {
  host: NodeHost;
  root: string;
  binDir: string;
  /** The whole environment of the shell that runs the CLI. */
  env: Record<string, string>;
  /** Every stubbed command that ran, one `name args` a line. */
  commands(): string;
  cleanup(): Promise<void>;
}

/**
 * `env` joins the shell's environment (e.g. KADM_FAKE_ADMIN_CONF). `slowInit`: the kubeadm stub
 * waits that many seconds before `kubeadm init` (for Ctrl-C while it runs); `lineDelay`: kubeadm
 * init's output comes out line by line with that many seconds in between, as a real init does
 * (the fake prints everything at once, too fast to see the live phases).
 */
export async function fakeNode(
  dir: string,
  o: { env?: Record<string, string>; slowInit?: number; lineDelay?: number; name?: string } = {},
): Promise<FakeNode> {
  const name = o.name ?? "master-1";
  const host = await nodeHost(name);
  const binDir = join(dir, "bin");
  const state = join(dir, "state");
  mkdirSync(state, { recursive: true });
  const log = join(state, "commands.log");
  writeFileSync(log, "");
  writeLauncher(binDir);
  for (const [tool, body] of Object.entries(tools(state, name))) {
    const p = join(binDir, tool);
    writeFileSync(p, `#!/bin/sh\necho "${tool} $*" >> '${log}'\n${body}\n`);
    chmodSync(p, 0o755);
  }
  const kubeadm = join(binDir, "kubeadm");
  const isInit = '[ "$1" = init ] && [ "$2" != phase ]';
  const lines = [`#!/bin/sh`, `echo "kubeadm $*" >> '${log}'`];
  if (o.slowInit) lines.push(`if ${isInit}; then /bin/sleep ${o.slowInit}; fi`);
  if (o.lineDelay) {
    lines.push(
      `if ${isInit}; then`,
      `  '${process.execPath}' '${FAKE_KUBEADM}' "$@" > '${state}/out' 2> '${state}/err'; rc=$?`,
      `  while IFS= read -r l; do printf '%s\\n' "$l"; /bin/sleep ${o.lineDelay}; done < '${state}/out'`,
      `  while IFS= read -r l; do printf '%s\\n' "$l" >&2; done < '${state}/err'`,
      "  exit $rc",
      "fi",
    );
  }
  lines.push(`exec '${process.execPath}' '${FAKE_KUBEADM}' "$@"`, "");
  writeFileSync(kubeadm, lines.join("\n"));
  chmodSync(kubeadm, 0o755);
  return {
    host,
    root: host.root,
    binDir,
    env: {
      PATH: binDir,
      KADM_FAKE_ROOT: host.root,
      KADM_FAKE_TESTDATA: TRANSCRIPTS,
      SUDO_USER: "dev",
      ...o.env,
    },
    commands: () => readFileSync(log, "utf8"),
    cleanup: () => host.cleanup(),
  };
}

export interface HeldSwapoff {
  /** Resolves with the stub's pid once `swapoff` has started (it then waits for release()). */
  blocked(timeoutMs?: number): Promise<number>;
  release(): void;
}

/**
 * Turns swap on (and forwarding off, so later steps have work) and makes `swapoff` hold until
 * release(): a host change in flight, for interrupting `prepare` there. It logs "swapoff done"
 * when it finishes.
 */
export function holdSwapoff(node: FakeNode): HeldSwapoff {
  const state = join(dirname(node.binDir), "state");
  const log = join(state, "commands.log");
  writeFileSync(
    join(node.root, "etc/fstab"),
    "UUID=3b1d / ext4 errors=remount-ro 0 1\n/swap.img none swap sw 0 0\n",
  );
  writeFileSync(
    join(node.root, "proc/swaps"),
    "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap.img  file  1048572  0  -2\n",
  );
  writeFileSync(join(node.root, "proc/sys/net/ipv4/ip_forward"), "0\n");
  const pidFile = join(state, "swapoff.pid");
  const stub = join(node.binDir, "swapoff");
  writeFileSync(
    stub,
    [
      "#!/bin/sh",
      `echo "swapoff $*" >> '${log}'`,
      `echo $$ > '${pidFile}'`,
      `while [ ! -f '${state}/release' ]; do /bin/sleep 0.05; done`,
      `echo "swapoff done" >> '${log}'`,
      "",
    ].join("\n"),
  );
  chmodSync(stub, 0o755);
  return {
    blocked: async (timeoutMs = 15_000) => {
      for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
        const pid = existsSync(pidFile) ? readFileSync(pidFile, "utf8").trim() : "";
        if (pid !== "") return Number(pid);
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("swapoff did not start");
    },
    release: () => writeFileSync(join(state, "release"), ""),
  };
}
