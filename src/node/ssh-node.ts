/**
 * The Node port over SSH: files through the shell helper of ssh-fs.ts, commands through
 * ssh-runner.ts, probes through OpenSSH's forwarding channels, all on one session. A login other
 * than root does everything through `sudo -n` (remote paths and sockets are root's).
 */

import type { TcpProbe } from "../host/probe-socket.js";
import type { Lang } from "../i18n/lang.js";
import type { ForwardResult, SshSession } from "../ssh/transport.js";
import type { Node } from "./node.js";
import { sshFs } from "./ssh-fs.js";
import { type RemoteExec, remoteExec, sshRunner } from "./ssh-runner.js";

export interface SshNodeOptions {
  /** How the node is named in progress lines and reports (the inventory id). */
  id: string;
  /** The SSH login; not root: every command and file operation goes through `sudo -n`. */
  user: string;
  /** The node's root for host paths (the inventory's `root`, "/" on a real host). */
  root: string;
  /** Environment of every command there (the inventory's `env`). */
  env: Record<string, string>;
  dryRun: boolean;
  lang: Lang;
  /** Every command is reported here (redacted) before it runs or is skipped. */
  log?: (line: string) => void;
  /** Injected clock so backups are named deterministically in tests. */
  now?: () => Date;
}

export function sshNode(session: SshSession, o: SshNodeOptions): Node {
  const exec = remoteExec(session, { user: o.user, env: o.env, lang: o.lang });
  const fs = sshFs(exec, { root: o.root, dryRun: o.dryRun, lang: o.lang, now: o.now });
  const runner = sshRunner(exec, { dryRun: o.dryRun, log: o.log });
  return {
    id: o.id,
    local: false,
    fs,
    runner,
    probe: {
      async socket(hostPath, timeoutMs = 2_000) {
        const path = fs.resolve(hostPath);
        const r = await session.connectUnix(path, timeoutMs);
        if (r.ok || o.user === "root" || r.timedOut) return r.ok;
        // The forwarded connection is opened by sshd as the login user, who may not open a socket
        // of root's (containerd's is 0660 root:root): ask again as root through sudo.
        return sudoSocketCheck(exec, path, timeoutMs);
      },
      async tcp(host, port, timeoutMs = 3_000) {
        return tcpProbeOf(await session.connectTcp(host, port, timeoutMs));
      },
    },
  };
}

/**
 * Connects to a unix socket as root with what the node has: python3, socat or nc -U (one of them
 * is on most hosts). With none of them only "a socket is there" can be checked (`test -S`), which
 * a stale socket left by a stopped daemon also passes.
 */
const SOCKET_CHECK = `p=$1 s=$2
if command -v python3 >/dev/null 2>&1; then
  exec python3 -c 'import socket,sys
c=socket.socket(socket.AF_UNIX)
c.settimeout(float(sys.argv[2]))
c.connect(sys.argv[1])' "$p" "$s"
elif command -v socat >/dev/null 2>&1; then
  exec socat -T"$s" /dev/null "UNIX-CONNECT:$p"
elif command -v nc >/dev/null 2>&1 && nc -h 2>&1 | grep -q -- -U; then
  exec nc -z -U -w "$s" "$p"
fi
test -S "$p"`;

async function sudoSocketCheck(exec: RemoteExec, path: string, timeoutMs: number): Promise<boolean> {
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const r = await exec(["sh", "-c", SOCKET_CHECK, "kadm-socket", path, seconds], {
    timeoutMs: timeoutMs + 5_000,
  });
  return r.exitCode === 0;
}

/**
 * The server's reason for a failed forward ("Connection refused": OpenSSH passes strerror on) as
 * the reasons and errno codes probeTcp gives locally. PURE.
 */
export function tcpProbeOf(r: ForwardResult): TcpProbe {
  if (r.ok) return { ok: true };
  if (r.timedOut) return { ok: false, reason: "timeout", code: "ETIMEDOUT" };
  const m = r.message;
  if (/refused/i.test(m)) return { ok: false, reason: "refused", code: "ECONNREFUSED" };
  if (/no route to host/i.test(m)) return { ok: false, reason: "unreachable", code: "EHOSTUNREACH" };
  if (/network is unreachable/i.test(m)) return { ok: false, reason: "unreachable", code: "ENETUNREACH" };
  if (/unknown host|not known|name resolution|no address/i.test(m))
    return { ok: false, reason: "dns", code: "ENOTFOUND" };
  if (/timed out/i.test(m)) return { ok: false, reason: "timeout", code: "ETIMEDOUT" };
  return { ok: false, reason: "other", code: m.replace(/^\(SSH\) /, "") || "EOTHER" };
}
