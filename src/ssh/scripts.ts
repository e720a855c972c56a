/**
 * The plain POSIX shell steps run on remote hosts over SSH (they need no Node.js): preflight basics,
 * host preparation (the same settings as src/host/steps), containerd's config (edited here with the
 * pure editor, only read and written there), image pre-pull and kubeadm join. PURE: text in, text out;
 * the remote side reports through marker lines (`@@kadm <kind> ...`) that `parseMarkers` reads back.
 *
 * Every script is one brace group read entirely before it runs, with stdin from /dev/null, so no
 * command can swallow the rest of a script that arrives on `sh -s`'s stdin (secrets stay off argv).
 */

import {
  KERNEL_MODULES,
  MODULES_FILE,
  requiredSysctls,
  SYSCTL_FILE,
  sysctlFileText,
} from "../host/steps/kernel.js";
import { formatReference, mustParseReference } from "../images/reference.js";
import { ENV_NAME, heredoc, MARK, shArgv, shQuote } from "./shell.js";

export interface ScriptHost {
  /** File-system root on the remote host for every file read or written ("/" in production). */
  root: string;
  /** Extra environment exported first (proxies; PATH for tests). Names are checked. */
  env: Record<string, string>;
}

export const FSTAB_NOTE = "# disabled by kadm-wizard: kubelet requires swap off";
export const CONTAINERD_CONFIG = "/etc/containerd/config.toml";

/** The shared start of every script: strict mode, markers, the rooted file writer. */
export function prelude(h: ScriptHost): string {
  const root = h.root.replace(/\/+$/, "");
  const lines = ["set -eu", "export LC_ALL=C LANG=C"];
  for (const [k, v] of Object.entries(h.env)) {
    if (!ENV_NAME.test(k)) throw new Error(`invalid environment variable name: ${k}`);
    lines.push(`export ${k}=${shQuote(v)}`);
  }
  lines.push(
    `R=${shQuote(root)}`,
    "TS=$(date -u +%Y%m%dT%H%M%SZ)",
    "KADM_STEP=start",
    `kadm_mark() { printf '${MARK} %s\\n' "$*"; }`,
    'kadm_step() { KADM_STEP=$1; kadm_mark step "$1"; }',
    // kadm_write PATH MODE STRIP: content on stdin; replaces the file only when it differs,
    // backing the old one up; sets KADM_LAST (changed|unchanged) and KADM_BACKUP. As HostFs does
    // locally: the temp file is new and private (mktemp), and a backup never replaces another one
    // (a run in the same second gets -1, -2, ...: the first backup keeps the operator's original).
    "kadm_write() {",
    '  p="$R$1"; KADM_BACKUP=',
    '  mkdir -p "$(dirname "$p")"',
    '  t=$(mktemp "$(dirname "$p")/.kadm-wizard.XXXXXX")',
    '  if [ "$3" = 1 ]; then head -c -1 > "$t"; else cat > "$t"; fi',
    '  chmod "$2" "$t"',
    '  if [ -f "$p" ] && cmp -s "$t" "$p"; then rm -f "$t"; KADM_LAST=unchanged; kadm_mark unchanged "$1"; return 0; fi',
    '  if [ -f "$p" ]; then',
    '    b="$1.kadm-wizard-$TS.bak"; n=0',
    '    while ! (set -C; : > "$R$b") 2>/dev/null; do',
    '      n=$((n + 1)); [ "$n" -le 999 ] || { rm -f "$t"; return 1; }',
    '      b="$1.kadm-wizard-$TS-$n.bak"',
    "    done",
    '    cp -p "$p" "$R$b"; KADM_BACKUP=$b',
    "  fi",
    '  mv -f "$t" "$p"; KADM_LAST=changed; kadm_mark changed "$1" $KADM_BACKUP',
    "}",
    // KADM_PRIVATE: a private directory (secrets) removed on any exit; a signal exits through the
    // EXIT trap too (sh skips it when killed by one).
    "KADM_PRIVATE=",
    'trap \'rc=$?; if [ -n "$KADM_PRIVATE" ]; then rm -rf "$KADM_PRIVATE"; fi; [ "$rc" -eq 0 ] || kadm_mark failed "$KADM_STEP" "$rc"\' EXIT',
    "trap 'exit 129' HUP",
    "trap 'exit 130' INT",
    "trap 'exit 143' TERM",
  );
  return lines.join("\n");
}

/** The whole script: parsed completely before anything runs, stdin closed for every command. */
export function wrapScript(h: ScriptHost, body: string[]): string {
  return `{\n${prelude(h)}\n${body.join("\n")}\n} </dev/null\n`;
}

/** Runs a host-changing command and reports it (the displayed form may be redacted). */
function run(argv: readonly string[], display?: string): string {
  return `kadm_mark ran ${shQuote(display ?? shArgv(argv))}\n${shArgv(argv)}`;
}

function writeFile(path: string, mode: string, text: string): string {
  return heredoc(`kadm_write ${shQuote(path)} ${mode} ${text.endsWith("\n") ? 0 : 1}`, text);
}

export type RemoteRole = "control-plane" | "worker";

/**
 * Read-only basics: Linux, the binaries kubeadm join needs, a pull tool, CPUs for a control plane,
 * and no kubelet.conf (a host already in a cluster is never touched; `leftoversOurs` when our own
 * failed join left it, which the join step then resets first).
 */
export function preflightScript(
  h: ScriptHost,
  o: { role: RemoteRole; leftoversOurs: boolean; kubernetesVersion?: string | undefined },
): string {
  const body = [
    "kadm_step preflight",
    'if [ "$(uname -s)" = Linux ]; then kadm_mark check os ok "$(uname -sr)"; else kadm_mark check os fail "$(uname -s)"; fi',
    "for b in kubeadm kubelet containerd; do",
    '  if p=$(command -v "$b"); then kadm_mark check "binary.$b" ok "$p"; else kadm_mark check "binary.$b" fail "$b not on PATH"; fi',
    "done",
    "if command -v crictl >/dev/null 2>&1 || command -v ctr >/dev/null 2>&1; then kadm_mark check binary.pull ok crictl/ctr; else kadm_mark check binary.pull fail 'neither crictl nor ctr on PATH'; fi",
    'if [ "$(id -u)" = 0 ]; then kadm_mark check root ok uid=0; else kadm_mark check root fail "uid=$(id -u)"; fi',
  ];
  if (o.role === "control-plane") {
    body.push(
      'n=$(nproc 2>/dev/null || echo 0); if [ "$n" -ge 2 ]; then kadm_mark check cpu ok "$n CPUs"; elif [ "$n" -eq 1 ]; then kadm_mark check cpu fail "1 CPU, kubeadm needs 2 for a control plane"; else kadm_mark check cpu fail "$n CPUs, kubeadm needs 2 for a control plane"; fi',
      // kubeadm's Mem check (control planes): 1700 MB
      'mb=$(awk \'/^MemTotal:/ { print int($2 / 1024) }\' "$R/proc/meminfo" 2>/dev/null || true); if [ -z "$mb" ]; then kadm_mark check memory warn "cannot read /proc/meminfo"; elif [ "$mb" -ge 1700 ]; then kadm_mark check memory ok "$mb MB"; else kadm_mark check memory fail "$mb MB, kubeadm needs 1700 MB for a control plane"; fi',
    );
  }
  // Ports kubeadm's preflight needs free (Port-N checks); read from /proc/net/tcp{,6} like `prepare`.
  const ports = o.role === "control-plane" ? [6443, 10250, 10257, 10259, 2379, 2380] : [10250];
  for (const port of ports) {
    const hex = port.toString(16).toUpperCase().padStart(4, "0");
    body.push(
      `if cat "$R/proc/net/tcp" "$R/proc/net/tcp6" 2>/dev/null | awk 'NR > 0 && $4 == "0A" { p = $2; sub(/^.*:/, "", p); if (toupper(p) == "${hex}") found = 1 } END { exit found ? 0 : 1 }'; then kadm_mark check port.${port} fail "port ${port} is in use"; else kadm_mark check port.${port} ok free; fi`,
    );
  }
  // kubeadm and the kubelet must be the cluster's minor (kubeadm refuses other control-plane minors;
  // a kubelet newer than the API server is unsupported): the same skew rule as the local preflight.
  const minor = /^v?(\d+)\.(\d+)\./.exec(o.kubernetesVersion ?? "");
  if (minor) {
    const want = `${minor[1]}.${minor[2]}`;
    body.push(
      `v=$(kubeadm version -o short 2>/dev/null || true); case "$v" in v${want}.*) kadm_mark check skew.kubeadm ok "$v" ;; "") ;; *) kadm_mark check skew.kubeadm fail "kubeadm $v, the cluster runs v${want}.x" ;; esac`,
      `v=$(kubelet --version 2>/dev/null | awk '{ print $2 }' || true); case "$v" in v${want}.*) kadm_mark check skew.kubelet ok "$v" ;; "") ;; *) kadm_mark check skew.kubelet fail "kubelet $v, the cluster runs v${want}.x" ;; esac`,
    );
  }
  body.push(
    `if [ -e "$R/etc/kubernetes/kubelet.conf" ]; then kadm_mark check joined ${o.leftoversOurs ? "warn" : "fail"} /etc/kubernetes/kubelet.conf; else kadm_mark check joined ok -; fi`,
  );
  return wrapScript(h, body);
}

/** Swap off (now and in fstab), overlay + br_netfilter (now and at boot), the kubeadm sysctls. */
export function prepareScript(h: ScriptHost, o: { ipv6: boolean }): string {
  const modulesText = `# Written by kadm-wizard: needed by containerd and kube-proxy.\n${KERNEL_MODULES.join("\n")}\n`;
  const sysctls = requiredSysctls(o.ipv6);
  const body = [
    "kadm_step prepare.swap",
    'if [ -f "$R/proc/swaps" ] && [ "$(tail -n +2 "$R/proc/swaps" | grep -c .)" -gt 0 ]; then',
    `  ${run(["swapoff", "-a"]).replace("\n", "\n  ")}`,
    "fi",
    'if [ -f "$R/etc/fstab" ]; then',
    `  awk '{ n = split($0, f, " "); if ($0 !~ /^[ \\t]*#/ && n >= 3 && f[3] == "swap") print "# " $0 "  ${FSTAB_NOTE}"; else print }' "$R/etc/fstab" > "$R/etc/fstab.kadm-wizard.new"`,
    '  kadm_write /etc/fstab "$(stat -c %a "$R/etc/fstab")" 0 < "$R/etc/fstab.kadm-wizard.new"',
    '  rm -f "$R/etc/fstab.kadm-wizard.new"',
    "fi",
    "kadm_step prepare.modules",
    writeFile(MODULES_FILE, "0644", modulesText),
  ];
  for (const m of KERNEL_MODULES) {
    body.push(
      `if ! grep -q ${shQuote(`^${m} `)} "$R/proc/modules" 2>/dev/null && [ ! -e "$R/sys/module/${m}" ]; then`,
      `  ${run(["modprobe", m]).replace("\n", "\n  ")}`,
      "fi",
    );
  }
  body.push("kadm_step prepare.sysctl", writeFile(SYSCTL_FILE, "0644", sysctlFileText(sysctls)));
  for (const [key, want] of Object.entries(sysctls)) {
    const path = `/proc/sys/${key.replaceAll(".", "/")}`;
    body.push(
      `if [ "$(cat "$R"${shQuote(path)} 2>/dev/null || true)" != ${shQuote(want)} ]; then`,
      `  ${run(["sysctl", "-w", `${key}=${want}`]).replace("\n", "\n  ")}`,
      "fi",
    );
  }
  return wrapScript(h, body);
}

/** containerd's current config.toml (or its defaults when there is none) and version, base64. */
export function containerdReadScript(h: ScriptHost): string {
  return wrapScript(h, [
    "kadm_step containerd.read",
    `f="$R"${shQuote(CONTAINERD_CONFIG)}`,
    'if [ -f "$f" ]; then kadm_mark config present; base64 < "$f"; else',
    '  d=$(mktemp); containerd config default > "$d"; kadm_mark config absent; base64 < "$d"; rm -f "$d"',
    "fi",
    'kadm_mark version "$(containerd --version)"',
  ]);
}

/** The edited config.toml and mirror hosts.toml files; checked with `config dump`, restart on change. */
export function containerdWriteScript(
  h: ScriptHost,
  o: { config: string; hosts: { path: string; text: string }[] },
): string {
  const body = [
    "kadm_step containerd",
    writeFile(CONTAINERD_CONFIG, "0644", o.config),
    "cfg_changed=$KADM_LAST; cfg_backup=$KADM_BACKUP",
  ];
  for (const f of o.hosts) body.push(writeFile(f.path, "0644", f.text));
  body.push(
    'if [ "$cfg_changed" = changed ]; then',
    `  if ! err=$(containerd --config "$R"${shQuote(CONTAINERD_CONFIG)} config dump 2>&1 >/dev/null); then`,
    `    if [ -n "$cfg_backup" ]; then cp -p "$R$cfg_backup" "$R"${shQuote(CONTAINERD_CONFIG)}; fi`,
    '    kadm_mark rejected "$(printf \'%s\\n\' "$err" | tail -n 1)"',
    "    exit 1",
    "  fi",
    `  ${run(["systemctl", "restart", "containerd"]).replace("\n", "\n  ")}`,
    "fi",
  );
  return wrapScript(h, body);
}

/** Socket path of a unix:// CRI endpoint. */
export function socketPath(criSocket: string): string {
  const p = criSocket.startsWith("unix://") ? criSocket.slice("unix://".length) : criSocket;
  if (!p.startsWith("/") || /\s/.test(p)) throw new Error(`not a unix socket: ${criSocket}`);
  return p;
}

/** Pre-pull into containerd's k8s.io namespace: crictl when present (CRI: mirrors, auth), else ctr. */
export function pullScript(h: ScriptHost, o: { images: string[]; criSocket: string }): string {
  const sock = socketPath(o.criSocket);
  const images = o.images.map((i) => formatReference(mustParseReference(i)));
  return wrapScript(h, [
    "kadm_step images",
    `sock=${shQuote(sock)}`,
    "if command -v crictl >/dev/null 2>&1; then",
    '  kadm_have() { crictl --runtime-endpoint "unix://$sock" inspecti "$1" >/dev/null 2>&1; }',
    '  kadm_pull() { crictl --runtime-endpoint "unix://$sock" pull "$1"; }',
    "else",
    '  kadm_have() { ctr --address "$sock" -n k8s.io images ls -q | grep -qxF "$1"; }',
    '  kadm_pull() { ctr --address "$sock" -n k8s.io images pull --hosts-dir "$R/etc/containerd/certs.d" "$1"; }',
    "fi",
    `for img in ${images.map(shQuote).join(" ")}; do`,
    '  if kadm_have "$img"; then kadm_mark cached "$img"; continue; fi',
    "  n=0",
    '  until out=$(kadm_pull "$img" 2>&1); do',
    "    n=$((n + 1))",
    '    if [ "$n" -ge 3 ]; then kadm_mark pullfailed "$img" "$(printf \'%s\\n\' "$out" | grep . | tail -n 1)"; exit 1; fi',
    "    sleep 2",
    "  done",
    '  kadm_mark pulled "$img"',
    "done",
  ]);
}

/** Where the join's private directory is made on the node (under the host's root). */
export const REMOTE_PRIVATE_PARENT = "/run";
/** The JoinConfiguration's name inside it. */
export const JOIN_CONFIG_NAME = "join.yaml";

/**
 * `kubeadm join --config FILE [args]` with kubeadm's output merged (phases arrive in order). The
 * JoinConfiguration holds the token and certificate key, so it travels inside this script (stdin,
 * never an argv) and is written by the shell itself: a fresh `mktemp -d` directory (0700), the file
 * created under umask 077 (0600 before the first byte), both removed by the EXIT trap whatever
 * happens. `resetFirst` after our own failed attempt left files behind.
 */
export function joinScript(
  h: ScriptHost,
  o: { config: string; args: readonly string[]; resetFirst: boolean },
): string {
  for (const a of o.args) if (!/^--[a-z][a-z0-9-]*(=|$)/.test(a)) throw new Error(`not a kubeadm flag: ${a}`);
  const body = ["kadm_step join"];
  if (o.resetFirst) body.push(`${run(["kubeadm", "reset", "-f"])} 2>&1`);
  const file = `"$KADM_PRIVATE"/${JOIN_CONFIG_NAME}`;
  const args = o.args.map(shQuote).join(" ");
  body.push(
    `mkdir -p "$R"${REMOTE_PRIVATE_PARENT}`,
    `KADM_PRIVATE=$(mktemp -d "$R"${REMOTE_PRIVATE_PARENT}/kadm-wizard.XXXXXXXX)`,
    heredoc(`(umask 077 && cat > ${file})`, o.config),
    `kadm_mark ran ${shQuote(`kubeadm join --config ${REMOTE_PRIVATE_PARENT}/kadm-wizard.XXXXXXXX/${JOIN_CONFIG_NAME}${args ? ` ${args}` : ""}`)}`,
    `kubeadm join --config ${file}${args ? ` ${args}` : ""} 2>&1`,
  );
  return wrapScript(h, body);
}

/** `kubeadm reset -f` for remove-node. */
export function resetScript(h: ScriptHost): string {
  return wrapScript(h, ["kadm_step reset", `${run(["kubeadm", "reset", "-f"])} 2>&1`]);
}

// --- reading the markers back

export type CheckStatus = "ok" | "warn" | "fail";

export interface Markers {
  checks: { id: string; status: CheckStatus; evidence: string }[];
  changed: { path: string; backup?: string }[];
  unchanged: string[];
  ran: string[];
  pulled: string[];
  cached: string[];
  pullFailed: { image: string; reason: string }[];
  rejected?: string;
  /** The step a failing script was in, and its exit code. */
  failed?: { step: string; code: number };
  /** containerd.read: the config file (decoded) and whether it existed. */
  config?: { present: boolean; text: string };
  version?: string;
  /** Lines that are not markers (command output). */
  output: string[];
}

/** Reads the marker lines of a script's stdout. PURE. */
export function parseMarkers(stdout: string): Markers {
  const m: Markers = {
    checks: [],
    changed: [],
    unchanged: [],
    ran: [],
    pulled: [],
    cached: [],
    pullFailed: [],
    output: [],
  };
  let b64: string[] | undefined;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(`${MARK} `)) {
      if (b64) b64.push(line.trim());
      else if (line.trim() !== "") m.output.push(line);
      continue;
    }
    const rest = line.slice(MARK.length + 1);
    const [kind = "", a = "", b = ""] = rest.split(" ");
    const tail = (n: number) => rest.split(" ").slice(n).join(" ");
    if (kind !== "config" && b64 && m.config) {
      m.config.text = Buffer.from(b64.join(""), "base64").toString("utf8");
      b64 = undefined;
    }
    switch (kind) {
      case "check":
        if (b === "ok" || b === "warn" || b === "fail")
          m.checks.push({ id: a, status: b, evidence: tail(3) });
        break;
      case "changed":
        m.changed.push(b ? { path: a, backup: b } : { path: a });
        break;
      case "unchanged":
        m.unchanged.push(a);
        break;
      case "ran":
        m.ran.push(tail(1));
        break;
      case "pulled":
        m.pulled.push(a);
        break;
      case "cached":
        m.cached.push(a);
        break;
      case "pullfailed":
        m.pullFailed.push({ image: a, reason: tail(2) });
        break;
      case "rejected":
        m.rejected = tail(1);
        break;
      case "failed":
        m.failed = { step: a, code: Number(b) };
        break;
      case "config":
        m.config = { present: a === "present", text: "" };
        b64 = [];
        break;
      case "version":
        m.version = tail(1);
        break;
      default:
        break;
    }
  }
  if (b64 && m.config) m.config.text = Buffer.from(b64.join(""), "base64").toString("utf8");
  return m;
}
