/**
 * Real "remote hosts" for the SSH tests and bench: one network namespace per host, each with a veth
 * pair to the root namespace (10.<a>.<i>.1 here, 10.<a>.<i>.2 there, /24, private test range) and
 * Debian's /usr/sbin/sshd listening only on the namespace address, with its own config, host key
 * and authorized test key. The host's "machine" is a directory (its file-system root for our steps)
 * plus a bin directory of fakes put first on PATH through the inventory's env: kubeadm is the fake
 * kubeadm (a Node script: the namespace shares this machine's file system, so node is there), and
 * swapoff/modprobe/sysctl/systemctl/containerd/ctr/crictl log what they were asked to do (the
 * first three change the host's /proc files as the kernel would). containerd's socket is a
 * listener under the host's root.
 *
 * Needs root, `ip` with netns support and /usr/sbin/sshd (apt-get install openssh-server iproute2).
 * Everything created is removed by stop(), also after failures; only namespaces created here are
 * touched. Plain JS so bench/ssh-join.mjs can use it without a TypeScript loader.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const FAKE_KUBEADM = join(HERE, "kubeadm", "fake-kubeadm.mjs");
export const TRANSCRIPTS = join(HERE, "..", "..", "..", "shared", "testdata", "transcripts");
const CONTAINERD_DEFAULT = join(HERE, "..", "fixtures", "containerd", "config-1.6-default.toml");
export const SSHD = "/usr/sbin/sshd";

function onPath(bin) {
  for (const dir of (process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch {}
  }
  return undefined;
}

/** Why netns hosts cannot run here, or undefined when they can. */
export function netnsUnavailable() {
  if (process.platform !== "linux") return "not Linux";
  if (typeof process.getuid === "function" && process.getuid() !== 0) return "not root (ip netns needs root)";
  if (!onPath("ip")) return "no ip binary (apt-get install iproute2)";
  try {
    accessSync(SSHD, constants.X_OK);
  } catch {
    return `no ${SSHD} (apt-get install openssh-server)`;
  }
  if (!onPath("ssh-keygen")) return "no ssh-keygen (apt-get install openssh-client)";
  const probe = `kadmprobe${process.pid}`;
  try {
    execFileSync("ip", ["netns", "add", probe], { stdio: "pipe" });
    execFileSync("ip", ["netns", "del", probe], { stdio: "pipe" });
  } catch (e) {
    return `ip netns add failed: ${
      String(e.stderr ?? e.message)
        .trim()
        .split("\n")[0]
    }`;
  }
  return undefined;
}

const FAKE_TOOLS = {
  // The host changes take effect in the host's /proc, as the kernel's would: the re-check after
  // preparation then sees them.
  swapoff: `printf 'Filename\\tType\\tSize\\tUsed\\tPriority\\n' > "$KADM_FAKE_ROOT/proc/swaps"`,
  modprobe: 'for m in "$@"; do echo "$m 16384 0 - Live 0x0" >> "$KADM_FAKE_ROOT/proc/modules"; done',
  sysctl: [
    'if [ "$1" = -w ]; then',
    // KEY=VALUE, then dots to slashes: net.ipv4.ip_forward -> /net/ipv4/ip_forward (no tr on PATH).
    '  kv=$2; IFS==; set -- $kv; k=$1 v=$2; IFS=.; p=; for part in $k; do p="$p/$part"; done',
    '  printf \'%s\\n\' "$v" > "$KADM_FAKE_ROOT/proc/sys$p"',
    "fi",
  ].join("\n"),
  systemctl: 'case "$*" in "is-active firewalld") echo inactive; exit 3 ;; esac',
  // The packages' release: the fake kubeadm's ($KADM_FAKE_VERSION), as one repository installs them.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's parameter expansion, not JS.
  kubelet: 'if [ "$1" = --version ]; then echo "Kubernetes ${KADM_FAKE_VERSION:-v1.33.2}"; fi',
  kubectl: `echo "{\\"clientVersion\\":{\\"gitVersion\\":\\"\${KADM_FAKE_VERSION:-v1.33.2}\\"}}"`,
  hostname: 'cat "$KADM_FAKE_ROOT/proc/sys/kernel/hostname"',
  // apt as `upgrade` calls it: update / install / mark log only; madison lists $KADM_FAKE_APT_VERSIONS.
  // Installing kubeadm puts its stand-in under the root (a host that had none: day 0).
  "apt-get": [
    'case " $* " in *" install "*" kubeadm="*) k=$KADM_FAKE_ROOT/usr/bin/kubeadm',
    '  [ -e "$k" ] || { printf \'#!/bin/sh\\nexec kubeadm "$@"\\n\' > "$k"; chmod 755 "$k"; } ;; esac',
  ].join("\n"),
  "apt-mark": "",
  "apt-cache": [
    'if [ "$1" = madison ]; then',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's parameter expansion, not JS.
    "  for v in ${KADM_FAKE_APT_VERSIONS:-1.33.2-1.1}; do",
    '    echo "   $2 | $v | https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.x/deb  Packages"',
    "  done",
    "fi",
  ].join("\n"),
  // ctr as the pre-pull calls it: images ls [name==REF], images pull ... REF.
  ctr: [
    'for a in "$@"; do last=$a; done',
    'case " $* " in',
    '  *" images ls "*) echo "REF TYPE DIGEST SIZE PLATFORMS LABELS"; f=$KADM_FAKE_ROOT/images; [ -f "$f" ] || exit 0',
    '    while read -r img; do case "$last" in name==*) [ "name==$img" = "$last" ] || continue ;; esac',
    '      echo "$img application/vnd.oci.image.index.v1+json sha256:0000 1.0 MiB linux/amd64 -"; done < "$f" ;;',
    // The pull prints what ctr prints (a frame with the blob's size, then every blob done).
    '  *" images pull "*) echo "$last" >> "$KADM_FAKE_ROOT/images"',
    `    L=layer-sha256:${"0".repeat(64)}; B='|++++++++++++++++++++++++++++++++++++++|'`,
    '    echo "$last: resolved $B"; echo "$L: downloading |--------------------------------------| 0.0 B/1.0 MiB"',
    '    echo "elapsed: 0.1 s total: 0.0 B (0.0 B/s)"; echo "$L: done $B"; echo "elapsed: 0.2 s total: 1.0 Mi (5.0 MiB/s)"',
    `    echo "unpacking linux/amd64 sha256:${"0".repeat(64)}..."; echo "done: 1.0ms" ;;`,
    "esac",
  ].join("\n"),
  containerd: [
    'case "$1" in',
    '  --version) echo "containerd containerd.io 1.6.33 d2d58213f83a351ca8f528a95fbd145f5654e957" ;;',
    `  config) cat '${CONTAINERD_DEFAULT}' | grep -v '^#' ;;`,
    '  --config) cat "$2" >/dev/null ;;',
    "esac",
  ].join("\n"),
  crictl: [
    'for a in "$@"; do last=$a; done',
    'case " $* " in',
    '  *" inspecti "*) grep -qxF "$last" "$KADM_FAKE_ROOT/images" 2>/dev/null ;;',
    '  *" pull "*) echo "$last" >> "$KADM_FAKE_ROOT/images"; echo "Image is up to date for sha256:0000" ;;',
    "esac",
  ].join("\n"),
};

/** The fake tools (logging to $KADM_FAKE_ROOT/commands.log) and the fake kubeadm, in `binDir`. */
export function writeBin(binDir) {
  mkdirSync(binDir, { recursive: true });
  for (const [name, body] of Object.entries(FAKE_TOOLS)) {
    const p = join(binDir, name);
    writeFileSync(p, `#!/bin/sh\necho "${name} $*" >> "$KADM_FAKE_ROOT/commands.log"\n${body}\n`);
    chmodSync(p, 0o755);
  }
  const kubeadm = join(binDir, "kubeadm");
  // KADM_FAKE_NODE: another Node.js for the fake kubeadm (bench/ssh-join: a faster-starting one, so
  // 20 simulated hosts' kubeadm runs weigh on the shared cores about as a Go kubeadm would);
  // KADM_FAKE_COMPILE_CACHE: its compile cache directory (Node.js 22+).
  const node = process.env.KADM_FAKE_NODE || process.execPath;
  const cache = process.env.KADM_FAKE_COMPILE_CACHE
    ? `NODE_COMPILE_CACHE='${process.env.KADM_FAKE_COMPILE_CACHE}' `
    : "";
  writeFileSync(
    kubeadm,
    `#!/bin/sh\necho "kubeadm $*" >> "$KADM_FAKE_ROOT/commands.log"\n${cache}exec '${node}' '${FAKE_KUBEADM}' "$@"\n`,
  );
  chmodSync(kubeadm, 0o755);
}

/**
 * The host's files: a Debian node with 2 CPUs and 4 GB that passes the preflight once prepared:
 * swap on in fstab and /proc/swaps, modules not loaded, sysctls off until preparation changes them.
 * `name` is its hostname.
 */
export function writeHostRoot(root, name = "node") {
  const files = {
    "etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "etc/fstab": "UUID=3b1d / ext4 errors=remount-ro 0 1\n/swapfile none swap sw 0 0\n",
    "etc/hostname": `${name}\n`,
    "etc/hosts": `127.0.0.1 localhost\n127.0.1.1 ${name}\n`,
    "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
    "proc/swaps": "Filename\tType\tSize\tUsed\tPriority\n/swapfile file\t1048572\t0\t-2\n",
    "proc/modules": "ext4 1 0 - Live 0x0\n",
    "proc/meminfo": "MemTotal:        4015852 kB\n",
    "proc/net/tcp":
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
    "proc/sys/net/ipv4/ip_forward": "0\n",
    "proc/sys/net/bridge/bridge-nf-call-iptables": "0\n",
    "proc/sys/net/bridge/bridge-nf-call-ip6tables": "0\n",
    "proc/sys/kernel/hostname": `${name}\n`,
    "proc/sys/kernel/osrelease": "6.1.0-18-amd64\n",
    "sys/fs/cgroup/cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
    "sys/devices/system/cpu/online": "0-1\n",
    "commands.log": "",
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  // kubeadm's preflight looks for these on PATH; the checks look under the root.
  mkdirSync(join(root, "usr/sbin"), { recursive: true });
  for (const tool of ["iptables", "ip", "mount", "nsenter", "conntrack", "ebtables", "ethtool", "socat"]) {
    writeFileSync(join(root, "usr/sbin", tool), "");
  }
  // kubeadm, kubelet and kubectl are found under the root and run by that path (node/binaries.ts):
  // these stand-ins hand over to the logging fakes on the host's PATH.
  mkdirSync(join(root, "usr/bin"), { recursive: true });
  for (const tool of ["kubeadm", "kubelet", "kubectl"]) {
    writeFileSync(join(root, "usr/bin", tool), `#!/bin/sh\nexec ${tool} "$@"\n`);
    chmodSync(join(root, "usr/bin", tool), 0o755);
  }
}

/** containerd's socket under the host's root, answering connections (closed with `close()`). */
export async function listenRuntimeSocket(root) {
  const sock = join(root, "var/run/containerd/containerd.sock");
  mkdirSync(dirname(sock), { recursive: true });
  rmSync(sock, { force: true });
  const server = createServer((c) => c.end());
  await new Promise((resolve) => server.listen(sock, resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

function waitPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = connect({ host, port });
      s.once("connect", () => {
        s.destroy();
        resolve();
      });
      s.once("error", () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd on ${host}:${port} not listening`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function sh(cmd, args) {
  execFileSync(cmd, args, { stdio: "pipe" });
}

/** The login users besides root when `users` is set: one with passwordless sudo, one without sudo. */
export const SUDO_USER = { name: "kadmsudo", uid: 4242 };
export const NO_SUDO_USER = { name: "kadmnosudo", uid: 4243 };

/**
 * /etc/passwd, group, shadow and sudoers of a host with the two users above, bind-mounted over this
 * machine's in the host's own mount namespace only (`ip netns exec` makes one per command).
 */
function userFiles(hostDir) {
  const etc = join(hostDir, "etc");
  mkdirSync(etc);
  const users = [SUDO_USER, NO_SUDO_USER];
  const add = (file, lines) => {
    const mine = join(etc, file);
    writeFileSync(mine, `${readFileSync(`/etc/${file}`, "utf8").trimEnd()}\n${lines.join("\n")}\n`);
    return mine;
  };
  const binds = [];
  for (const u of users) {
    const home = join(hostDir, `home-${u.name}`);
    mkdirSync(home);
    chownSync(home, u.uid, u.uid);
  }
  binds.push([
    add(
      "passwd",
      users.map((u) => `${u.name}:x:${u.uid}:${u.uid}::${join(hostDir, `home-${u.name}`)}:/bin/sh`),
    ),
    "/etc/passwd",
  ]);
  binds.push([
    add(
      "group",
      users.map((u) => `${u.name}:x:${u.uid}:`),
    ),
    "/etc/group",
  ]);
  binds.push([
    add(
      "shadow",
      users.map((u) => `${u.name}:*:19000:0:99999:7:::`),
    ),
    "/etc/shadow",
  ]);
  const sudoers = join(etc, "sudoers");
  writeFileSync(
    sudoers,
    [
      "Defaults env_reset",
      "Defaults !use_pty",
      "Defaults !lecture",
      "root ALL=(ALL:ALL) ALL",
      `${SUDO_USER.name} ALL=(ALL:ALL) NOPASSWD: ALL`,
      "",
    ].join("\n"),
    { mode: 0o440 },
  );
  binds.push([sudoers, "/etc/sudoers"]);
  return binds;
}

/**
 * Starts `count` hosts. `octet` picks the test range 10.<octet>.<i>.0/24 (distinct per suite so
 * suites can run side by side). `users`: the hosts also have the logins SUDO_USER and NO_SUDO_USER
 * (needs sudo installed). Returns the hosts, the client key and stop().
 */
export async function startNetnsHosts(count, opts = {}) {
  const octet = opts.octet ?? 231;
  const dir = mkdtempSync(join(tmpdir(), "kadm-netns-"));
  // The other logins must reach their authorized_keys (and nothing here is secret but the client
  // key, which stays 0600).
  if (opts.users) chmodSync(dir, 0o755);
  const tag = `k${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const hosts = [];
  const procs = [];
  const namespaces = [];
  const sockets = [];
  const stop = async () => {
    for (const s of sockets) await s.close();
    for (const p of procs) {
      if (p.exitCode === null) {
        p.kill("SIGTERM");
        await new Promise((r) => {
          const timer = setTimeout(() => {
            p.kill("SIGKILL");
            r();
          }, 3000);
          p.once("exit", () => {
            clearTimeout(timer);
            r();
          });
        });
      }
    }
    for (const ns of namespaces) {
      try {
        sh("ip", ["netns", "del", ns]);
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const binDir = join(dir, "bin");
    writeBin(binDir);
    const clientKey = join(dir, "id_ed25519");
    sh("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "kadm-test-client", "-f", clientKey]);
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    const path = `${binDir}:${dirname(process.execPath)}:/usr/sbin:/usr/bin:/sbin:/bin`;
    for (let i = 0; i < count; i++) {
      const ns = `${tag}-${i}`;
      const veth = `${tag}h${i}`.slice(0, 15);
      const peer = `${tag}n${i}`.slice(0, 15);
      const third = i + 1;
      const rootAddr = `10.${octet}.${third}.1`;
      const addr = `10.${octet}.${third}.2`;
      sh("ip", ["netns", "add", ns]);
      namespaces.push(ns);
      sh("ip", ["link", "add", veth, "type", "veth", "peer", "name", peer]);
      sh("ip", ["link", "set", peer, "netns", ns]);
      sh("ip", ["addr", "add", `${rootAddr}/24`, "dev", veth]);
      sh("ip", ["link", "set", veth, "up"]);
      sh("ip", ["-n", ns, "addr", "add", `${addr}/24`, "dev", peer]);
      sh("ip", ["-n", ns, "link", "set", peer, "up"]);
      sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
      const hostDir = join(dir, `host-${i}`);
      const root = join(hostDir, "root");
      writeHostRoot(root, `node-${i}`);
      // A unix socket is reached through the file system: the namespace's sshd forwards to it.
      sockets.push(await listenRuntimeSocket(root));
      const hostKey = join(hostDir, "ssh_host_ed25519_key");
      sh("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `host-${i}`, "-f", hostKey]);
      writeFileSync(join(hostDir, "authorized_keys"), readFileSync(`${clientKey}.pub`));
      const config = join(hostDir, "sshd_config");
      writeFileSync(
        config,
        [
          "Port 22",
          `ListenAddress ${addr}`,
          `HostKey ${hostKey}`,
          `PidFile ${join(hostDir, "sshd.pid")}`,
          `AuthorizedKeysFile ${join(hostDir, "authorized_keys")}`,
          "PermitRootLogin prohibit-password",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "UsePAM no",
          "StrictModes no",
          "PrintMotd no",
          "MaxStartups 100",
          "MaxSessions 50",
          "",
        ].join("\n"),
      );
      // A clean host has no login dotfiles: root's home is an empty directory in this namespace's own
      // mount namespace (ip netns exec makes one, slave to ours), so this machine's ~/.bashrc, which
      // bash runs for every SSH command, is not part of the simulated host.
      const home = join(hostDir, "home");
      mkdirSync(home);
      const binds = opts.users ? userFiles(hostDir).flat() : [];
      const proc = spawn(
        "ip",
        [
          "netns",
          "exec",
          ns,
          "sh",
          "-c",
          'h=$1 d=$2 c=$3; shift 3; mount --bind "$h" /root || exit 1; while [ $# -gt 1 ]; do mount --bind "$1" "$2" || exit 1; shift 2; done; exec "$d" -D -e -f "$c"',
          "sh",
          home,
          SSHD,
          config,
          ...binds,
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      let log = "";
      proc.stderr.on("data", (b) => (log += String(b)));
      procs.push(proc);
      const pub = readFileSync(`${hostKey}.pub`, "utf8").trim().split(/\s+/);
      hosts.push({
        index: i,
        namespace: ns,
        address: addr,
        rootAddress: rootAddr,
        root,
        hostKeyLine: `${addr} ${pub[0]} ${pub[1]}`,
        env: { PATH: path, KADM_FAKE_ROOT: root, KADM_FAKE_TESTDATA: TRANSCRIPTS },
        commands: () => readFileSync(join(root, "commands.log"), "utf8"),
        sshdLog: () => log,
      });
    }
    await Promise.all(hosts.map((h) => waitPort(h.address, 22, 10_000)));
    return { dir, hosts, clientKey, binDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
