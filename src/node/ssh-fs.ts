/**
 * HostFs over SSH: the rooted file access of host-fs.ts for a node without Node.js. Each operation
 * is ONE run of the POSIX shell helper below (argv through remoteCommand, so through `sudo -n` for
 * a non-root login; content on stdin, old content back as base64, so any bytes survive).
 *
 * The helper does what fs-op.ts does, as far as a shell can: the directories from the root down are
 * checked one by one and a link below a directory another user can change (not owned by root, or
 * group/other writable) is refused; new directories are made one at a time; the new content goes to
 * a mktemp file in the same directory, gets its owner and mode, and is renamed over the target; a
 * backup is a hard link of a mktemp copy (link(2) never replaces nor follows an existing name), so
 * one backup never replaces another. Limits a shell cannot lift: the checks and the operations use
 * path names, not descriptors, so a directory swapped for a link between a check and the next
 * command is followed (the local helper holds descriptors); and reads follow links, as readFile does.
 * Needs sh, stat -c, mktemp, base64, cmp, ln, mv, chmod, chown (coreutils; busybox has them too).
 */
import { randomBytes } from "node:crypto";
import { posix } from "node:path";
import { PassThrough } from "node:stream";
import { KadmError } from "../errors.js";
import type { DirChange, FileChange, HostFs } from "../host/host-fs.js";
import { timestamp } from "../host/host-fs.js";
import { failureReason } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { RemoteExec } from "./ssh-runner.js";

/**
 * Shell text written in a template literal: "%{" stands for the shell's "${" (a template literal
 * would take it as its own interpolation); nothing else is touched, backslashes included.
 */
function shellText(parts: TemplateStringsArray): string {
  return parts.raw.join("").replaceAll("%{", "${");
}

/** $1 op, $2 root, $3 target relative to root ("" = root), $4 dry-run (1/0), then the op's own. */
export const FS_HELPER = shellText`set -u
op=$1 root=$2 rel=$3 dry=$4
shift 4
t=%{root%/}/$rel
[ -n "$rel" ] || t=$root
case $rel in */*) drel=%{rel%/*} ;; *) drel= ;; esac
say() { printf '@@kadm %s\n' "$*"; }
unsafe() { say unsafe "$1" "$2"; exit 3; }
nl='
'
# Every stat prints "UID MODE GID SIZE" (STATF).
STATF='%u %a %g %s'
# trusted PATH: owned by root, not group/other writable. The stat is the next line of $pre (walk
# stats all its directories at once when they exist: each process costs more than the checks).
trusted() {
  if [ -n "$pre" ]; then
    s=%{pre%%"$nl"*}
    case $pre in *"$nl"*) pre=%{pre#*"$nl"} ;; *) pre= ;; esac
  else
    s=$(stat -L -c "$STATF" -- "$1") || exit 1
  fi
  lst=$s u=%{s%% *} s=%{s#* }
  [ "$u" = 0 ] && [ $((0%{s%% *} & 18)) -eq 0 ]
}
pre=
chown_new=
# walk DIR CREATE LASTMODE [EXTRA]: from the root down to DIR (relative), like fs-op.ts's walk.
# EXTRA (an existing path) joins the walk's one stat: its line is left in $pre afterwards (empty
# when it vanished in between).
walk() {
  p=$root tainted=0 above=0 missing=0 created=0 k=0 wcreate=$2 wmode=$3 rest=$1 extra=%{4-}
  if [ ! -e "$p" ] && [ ! -L "$p" ]; then
    if [ "$dry" = 1 ] || [ "$wcreate" = 0 ]; then missing=1; return 0; fi
    mkdir -p -- "$p" || exit 1
  fi
  # One stat for the root and every directory down to DIR. A missing one fails the stat, but the
  # lines it printed are still those of the existing directories above it, in order (a path below a
  # missing one is missing too, and [ -e ] below is the same stat(2)): only the ones made get a
  # stat of their own.
  set -- "$root"
  q=$root r=$rest
  while [ -n "$r" ]; do
    case $r in */*) c=%{r%%/*} r=%{r#*/} ;; *) c=$r r= ;; esac
    q=%{q%/}/$c
    set -- "$@" "$q"
  done
  if [ -n "$extra" ]; then set -- "$@" "$extra"; fi
  pre=$(stat -L -c "$STATF" -- "$@" 2>/dev/null) || :
  trusted "$p" || tainted=1
  above=$tainted
  while [ -n "$rest" ]; do
    case $rest in */*) c=%{rest%%/*} rest=%{rest#*/} ;; *) c=$rest rest= ;; esac
    p=%{p%/}/$c k=$((k + 1)) above=$tainted
    if [ ! -e "$p" ] && [ ! -L "$p" ]; then
      if [ "$dry" = 1 ] || [ "$wcreate" = 0 ]; then missing=1; return 0; fi
      if [ -z "$rest" ] && [ -n "$wmode" ]; then
        mkdir -m "$wmode" -- "$p" || exit 1
        created=1
      else
        mkdir -- "$p" || exit 1
      fi
      if [ -n "$chown_new" ]; then chown -- "$chown_new" "$p" || exit 1; fi
    fi
    if [ -L "$p" ] && [ "$tainted" = 1 ]; then unsafe symlink $k; fi
    [ -d "$p" ] || unsafe not-dir $k
    trusted "$p" || tainted=1
  done
}
# perm MODE: the permission bits of stat's %a in $pm; no subshell for a mode without special bits.
perm() {
  case $1 in ? | ?? | ???) pm=$1 ;; *) pm=$(printf '%o' $((0$1 & 511))) ;; esac
}
# statof "UID MODE GID SIZE": cur="MODE UID:GID" (what a write compares), csize.
statof() {
  su=%{1%% *} sr=%{1#* }
  sa=%{sr%% *} sr=%{sr#* }
  cur="$sa $su:%{sr%% *}" csize=%{sr#* }
}
case $op in
read)
  if [ ! -e "$t" ]; then say missing; exit 0; fi
  say content
  base64 <"$t" || exit 1
  ;;
exists)
  if [ -e "$t" ]; then say yes; else say no; fi
  ;;
list)
  if [ ! -e "$t" ]; then say missing; exit 0; fi
  if [ ! -d "$t" ]; then echo "not a directory: $t" >&2; exit 1; fi
  say names
  for f in "$t"/* "$t"/.*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    n=%{f##*/}
    case $n in . | ..) continue ;; esac
    printf '%s\0' "$n"
  done
  ;;
write)
  mode=$1 owner=$2 backup=$3 stamp=$4
  # stdin: "TOKEN SIZE" on the first line, then the content. TOKEN names our temporary files (it
  # is random and not on the command line, so nobody can place a file there first); SIZE is the
  # content's length in bytes: a current file of another size differs without a cmp.
  read -r tok size || exit 1
  case $tok in '' | *[!A-Za-z0-9]*) echo "bad write header" >&2; exit 2 ;; esac
  case $size in '' | *[!0-9]*) echo "bad write header" >&2; exit 2 ;; esac
  # Served (FS_SERVER): the content is the next SIZE bytes of a stdin that goes on with the next
  # request, so it is read exactly, and read away on any way out before that (drain).
  left=0
  if [ "%{srv-}" = 1 ]; then left=1; fi
  drain() { if [ "$left" = 1 ]; then left=0; head -c "$size" >/dev/null; fi; }
  trap drain EXIT
  if [ -n "$owner" ] && [ "%{owner%%:*}" != 0 ]; then chown_new=$owner; fi
  x=
  if [ -e "$t" ]; then x=$t; fi
  walk "$drel" 1 "" "$x"
  tst=$pre
  cur= csize=
  if [ "$missing" = 0 ] && { [ -e "$t" ] || [ -L "$t" ]; }; then
    if [ -L "$t" ] && [ "$tainted" = 1 ]; then unsafe symlink $((k + 1)); fi
    # A dangling link in a trusted directory has no content: the rename below replaces the link.
    if [ -e "$t" ]; then
      [ -f "$t" ] || unsafe not-file $((k + 1))
      if [ -z "$tst" ] || [ -z "$x" ]; then tst=$(stat -L -c "$STATF" -- "$t") || exit 1; fi
      statof "$tst"
      say before
      base64 <"$t" || exit 1
      say end
    fi
  fi
  dir=%{t%/*}
  [ -n "$dir" ] || dir=/
  same=0
  if [ "$dry" = 1 ]; then
    if [ -n "$cur" ] && [ "$csize" = "$size" ] && cmp -s - "$t"; then same=1; fi
    # cmp stops at the first difference: read the rest, the sender must not see a closed pipe.
    # (A dry run's writes are never served: cmp could read past the content.)
    cat >/dev/null
  else
    if [ -n "$mode" ]; then m=$mode; elif [ -n "$cur" ]; then perm "%{cur%% *}"; m=$pm; else m=644; fi
    # A mode without x or special bits is what the umask leaves of 0666: no chmod afterwards.
    chm=1
    case $m in
    [0246][0246][0246])
      r=%{m#?}
      umask "$((7 - %{m%??}))$((7 - %{r%?}))$((7 - %{r#?}))"
      chm=
      ;;
    *) umask 077 ;;
    esac
    tmp=$dir/.kadm-wizard.$tok
    # noclobber: created new (O_EXCL) or not at all; only then is it ours to remove.
    set -C
    exec 4>"$tmp" || exit 1
    set +C
    trap 'rm -f -- "$tmp"; drain' EXIT
    if [ "$left" = 1 ]; then
      left=0
      head -c "$size" >&4 || exit 1
    else
      cat >&4 || exit 1
    fi
    exec 4>&-
    if [ -n "$cur" ] && [ "$csize" = "$size" ] && cmp -s -- "$tmp" "$t"; then same=1; fi
  fi
  if [ -n "$cur" ]; then
    ok=$same
    if [ -n "$mode" ] && [ $((0%{cur%% *} & 511)) -ne $((0$mode)) ]; then ok=0; fi
    if [ -n "$owner" ] && [ "%{cur#* }" != "$owner" ]; then ok=0; fi
    if [ "$ok" = 1 ]; then say unchanged; exit 0; fi
  fi
  if [ "$dry" = 1 ]; then say changed; exit 0; fi
  if [ -n "$cur" ] && [ "$same" = 0 ] && [ "$backup" = 1 ]; then
    n=0
    while :; do
      if [ "$n" -gt 999 ]; then echo "too many backups of $t" >&2; exit 1; fi
      b=$t.kadm-wizard-$stamp.bak
      [ "$n" = 0 ] || b=$t.kadm-wizard-$stamp-$n.bak
      if [ ! -e "$b" ] && [ ! -L "$b" ]; then
        bt=$dir/.kadm-wizard.$tok-$n
        set -C
        if ! { cat -- "$t" >"$bt"; }; then set +C; exit 1; fi
        set +C
        if ! { chown -- "%{cur#* }" "$bt" && perm "%{cur%% *}" && chmod -- "$pm" "$bt"; }; then
          rm -f -- "$bt"
          exit 1
        fi
        if ln -- "$bt" "$b" 2>/dev/null; then
          rm -f -- "$bt"
          say backup $n
          break
        fi
        rm -f -- "$bt"
      fi
      n=$((n + 1))
    done
  fi
  if [ -n "$owner" ]; then chown -- "$owner" "$tmp" || exit 1; fi
  if [ -n "$chm" ]; then chmod -- "$m" "$tmp" || exit 1; fi
  mv -f -- "$tmp" "$t" || exit 1
  trap - EXIT
  say changed
  ;;
mkdir)
  mode=$1 owner=$2
  if [ -n "$owner" ] && [ "%{owner%%:*}" != 0 ]; then chown_new=$owner; fi
  walk "$rel" 1 "$mode"
  if [ "$missing" = 1 ]; then say changed 1; exit 0; fi
  # The walk's last stat was DIR's own (taken after making it, when it made it).
  statof "$lst"
  fix=0 fixmode=0 fixowner=0
  if [ -n "$mode" ] && [ $((0%{cur%% *} & 511)) -ne $((0$mode)) ]; then fix=1 fixmode=1; fi
  if [ -n "$owner" ] && [ "%{cur#* }" != "$owner" ]; then fix=1 fixowner=1; fi
  # Only what differs is changed (chown first: it may clear set-id bits the mode then restores).
  if [ "$dry" = 0 ]; then
    if [ "$fixowner" = 1 ]; then chown -- "$owner" "$t" || exit 1; fi
    if [ "$fixmode" = 1 ] || { [ "$fixowner" = 1 ] && [ -n "$mode" ]; }; then chmod -- "$mode" "$t" || exit 1; fi
  fi
  if [ "$created" = 1 ] || [ "$fix" = 1 ]; then say changed $created; else say unchanged; fi
  ;;
remove)
  walk "$drel" 0 ""
  if [ "$missing" = 0 ] && { [ -e "$t" ] || [ -L "$t" ]; }; then
    if [ "$dry" = 0 ]; then rm -rf -- "$t" || exit 1; fi
    say removed
  else
    say absent
  fi
  ;;
*)
  echo "unknown operation $op" >&2
  exit 2
  ;;
esac
`;

/**
 * Several read-only operations in one channel: $1 is FS_HELPER, $2 root, $3 dry-run, then pairs of
 * op and relative path; the first line of stdin is a random end mark. Each runs as its own helper
 * (a subshell: same answers, same exit codes as one call each, without a new shell process), its
 * output closed by "@@kadm MARK RC": the mark is random per batch and not on the command line, so
 * no file content or name (list's are any bytes) can fake it.
 */
export const FS_BATCH = `helper=$1 root=$2 dry=$3
shift 3
read -r end || exit 2
while [ $# -ge 2 ]; do
  (set -- "$1" "$root" "$2" "$dry"; eval "$helper") </dev/null
  printf '\\n@@kadm %s %s\\n' "$end" "$?"
  shift 2
done`;

/**
 * Every file operation of a session in ONE long-lived channel: the shell reads requests from stdin
 * and runs each as FS_HELPER in a subshell (the same answers and exit codes as one call each), so
 * an operation costs a fork instead of an SSH channel, a login shell, env and sh. $1 FS_HELPER,
 * $2 root, $3 dry-run; stdin: a random mark line, then requests "MARK N" + N argument lines (op,
 * relative path, the op's own), a write's header and content after them. After each, stdout and
 * stderr both get "@@kadm MARK RC". A request without the mark (a content not read exactly) ends
 * the server; the caller then does what was left one call each.
 */
export const FS_SERVER = `helper=$1 root=$2 dry=$3 srv=1
shift 3
read -r end || exit 2
while read -r m n; do
  [ "$m" = "$end" ] || exit 2
  case $n in '' | *[!0-9]*) exit 2 ;; esac
  set --
  while [ $# -lt "$n" ]; do
    IFS= read -r a || exit 2
    set -- "$@" "$a"
  done
  op=$1 rel=$2
  shift 2
  (set -- "$op" "$root" "$rel" "$dry" "$@"; eval "$helper")
  rc=$?
  printf '\\n@@kadm %s %s\\n' "$end" "$rc"
  printf '\\n@@kadm %s %s\\n' "$end" "$rc" >&2
done`;

type Raw = { exitCode: number; stdout: string; stderr: string; timedOut: boolean };

/**
 * The client of FS_SERVER on one node. `call` resolves with the operation's output, or with
 * undefined when the server cannot take it (not started, ended, an argument with a newline): the
 * caller then runs it as a call of its own. Started on the first call; a server that ended (the
 * session closed, a sudo that refuses, a transport without streamed stdin) is not started again.
 */
export function fsServer(
  exec: RemoteExec,
  o: { root: string; dryRun: boolean; timeoutMs?: number },
): { call(args: string[], stdin?: string): Promise<Raw | undefined>; usable(): boolean } {
  type Waiting = { done: (r: Raw | undefined) => void; timer: ReturnType<typeof setTimeout> };
  let input: PassThrough | undefined;
  let ended = false;
  let mark = "";
  const stop = new AbortController();
  const waiting: Waiting[] = [];
  const got = { stdout: [] as { text: string; rc: number }[], stderr: [] as { text: string; rc: number }[] };
  const acc = { stdout: "", stderr: "" };
  let markLine: RegExp;
  const end = () => {
    ended = true;
    input?.end();
    for (const w of waiting.splice(0)) {
      clearTimeout(w.timer);
      w.done(undefined);
    }
  };
  const onLine = (line: string, stream: "stdout" | "stderr") => {
    const m = markLine.exec(line);
    if (!m) {
      acc[stream] += `${line}\n`;
      return;
    }
    // The "\n" before the mark is the server's own.
    got[stream].push({ text: acc[stream].slice(0, -1), rc: Number(m[1]) });
    acc[stream] = "";
    while (got.stdout.length > 0 && got.stderr.length > 0) {
      const out = got.stdout.shift() as { text: string; rc: number };
      const err = got.stderr.shift() as { text: string; rc: number };
      const w = waiting.shift();
      if (!w) return end();
      clearTimeout(w.timer);
      w.done({ exitCode: out.rc, stdout: out.text, stderr: err.text, timedOut: false });
    }
  };
  const start = () => {
    mark = `end-${randomBytes(12).toString("base64url")}`;
    markLine = new RegExp(`^@@kadm ${mark} (\\d+)$`);
    input = new PassThrough();
    input.write(`${mark}\n`);
    exec(["sh", "-c", FS_SERVER, "kadm-fs-server", FS_HELPER, o.root, o.dryRun ? "1" : "0"], {
      stdinStream: input,
      onLine,
      signal: stop.signal,
    }).then(end, end);
  };
  return {
    usable: () => !ended,
    call(args, stdin) {
      if (ended || args.some((a) => a.includes("\n"))) return Promise.resolve(undefined);
      if (!input) start();
      return new Promise((done) => {
        // A hung operation ends the server; it is then asked again on its own (its own timeout).
        const timer = setTimeout(() => {
          stop.abort();
          end();
        }, o.timeoutMs ?? 120_000);
        waiting.push({ done, timer });
        input?.write(`${mark} ${args.length}\n${args.join("\n")}\n${stdin ?? ""}`);
      });
    },
  };
}

/** Splits a batch's output into each item's output and exit code. PURE. */
export function splitBatch(stdout: string, mark: string): { stdout: string; exitCode: number }[] {
  const items: { stdout: string; exitCode: number }[] = [];
  if (!/^[A-Za-z0-9_-]+$/.test(mark)) throw new Error(`invalid batch mark: ${mark}`);
  const re = new RegExp(`\\n@@kadm ${mark} (\\d+)\\n`, "g");
  let from = 0;
  for (let m = re.exec(stdout); m; m = re.exec(stdout)) {
    items.push({ stdout: stdout.slice(from, m.index), exitCode: Number(m[1]) });
    from = m.index + m[0].length;
  }
  return items;
}

/** 12 random letters and digits: the helper's temporary file names. */
function tempToken(): string {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(12)].map((b) => abc[b % abc.length]).join("");
}

export interface SshFsOptions {
  root: string;
  dryRun: boolean;
  lang: Lang;
  /** Injected clock so backups are named deterministically in tests. */
  now?: (() => Date) | undefined;
}

interface Answer {
  marks: string[][];
  /** The base64 block after "@@kadm before"/"content" decoded, when there was one. */
  data: string | undefined;
  /** Everything after "@@kadm names": NUL-separated entries. */
  names: string[];
}

/** Parses the helper's output: marker lines, one base64 block, or the NUL-separated names. PURE. */
export function parseFsAnswer(stdout: string): Answer {
  const marks: string[][] = [];
  let data: string | undefined;
  let names: string[] = [];
  const namesAt = stdout.indexOf("@@kadm names\n");
  const head = namesAt >= 0 ? stdout.slice(0, namesAt) : stdout;
  if (namesAt >= 0)
    names = stdout
      .slice(namesAt + "@@kadm names\n".length)
      .split("\0")
      .filter((n) => n !== "");
  let block: string[] | undefined;
  for (const line of head.split("\n")) {
    if (line.startsWith("@@kadm ")) {
      const words = line.slice(7).split(" ");
      if (words[0] === "before" || words[0] === "content") block = [];
      else if (words[0] === "end" && block) {
        data = Buffer.from(block.join(""), "base64").toString("utf8");
        block = undefined;
      } else marks.push(words);
      continue;
    }
    if (block) block.push(line.trim());
  }
  // "content" (read) runs to the end of the output.
  if (block) data = Buffer.from(block.join(""), "base64").toString("utf8");
  return { marks, data, names };
}

export function sshFs(exec: RemoteExec, o: SshFsOptions): HostFs {
  const root = posix.resolve(o.root);
  const now = o.now ?? (() => new Date());
  const resolveHost = (hostPath: string): string => {
    if (!posix.isAbsolute(hostPath)) throw new Error(`host path must be absolute: ${hostPath}`);
    const p = posix.join(root, posix.resolve("/", hostPath));
    const rel = posix.relative(root, p);
    if (rel.startsWith("..") || posix.isAbsolute(rel))
      throw new Error(`host path escapes the root: ${hostPath}`);
    return p;
  };
  const relOf = (hostPath: string) => posix.relative(root, resolveHost(hostPath));

  const server = fsServer(exec, { root, dryRun: o.dryRun });
  const helper = async (
    op: string,
    hostPath: string,
    args: string[] = [],
    stdin?: string,
  ): Promise<Answer> => {
    const rel = relOf(hostPath);
    // A dry run's writes are never served (see FS_HELPER's write).
    const served = op === "write" && o.dryRun ? undefined : await server.call([op, rel, ...args], stdin);
    const r =
      served ??
      (await exec(["sh", "-c", FS_HELPER, "kadm-fs", op, root, rel, o.dryRun ? "1" : "0", ...args], {
        stdin,
        timeoutMs: 120_000,
      }));
    return answer(op, hostPath, r);
  };
  /** The helper's output as an Answer; its refusals and failures as errors. */
  const answer = (op: string, hostPath: string, r: Raw): Answer => {
    const rel = relOf(hostPath);
    const a = parseFsAnswer(r.stdout);
    const refusal = a.marks.find((m) => m[0] === "unsafe");
    if (r.exitCode === 3 && refusal) {
      // The k-th component below the root, as the host path the user knows.
      const k = Number(refusal[2]);
      const at = `/${rel.split("/").slice(0, k).join("/")}`;
      throw new KadmError(
        t(o.lang, `hostfs.unsafe.${refusal[1] === "symlink" ? "symlink" : "type"}`, { path: at }),
        { hint: t(o.lang, "hostfs.unsafeHint", { path: hostPath }) },
      );
    }
    if (r.exitCode !== 0) {
      const reason = failureReason({ ...r, command: "", skipped: false, notFound: r.exitCode === 127 });
      throw new Error(`${op} ${hostPath}: ${reason}`);
    }
    return a;
  };
  // Without the server, read-only calls issued together (preflight's checks run in parallel) share
  // one channel: each channel costs a login shell and sshd's session setup, far more than a read.
  type Pending = {
    op: "read" | "exists" | "list";
    rel: string;
    hostPath: string;
    done: (a: Answer) => void;
    fail: (e: unknown) => void;
  };
  let queue: Pending[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    const [only] = batch;
    if (batch.length === 1 && only) {
      return helper(only.op, only.hostPath).then(only.done, only.fail);
    }
    const mark = `end-${randomBytes(12).toString("base64url")}`;
    const items = await exec(
      [
        "sh",
        "-c",
        FS_BATCH,
        "kadm-fs-batch",
        FS_HELPER,
        root,
        o.dryRun ? "1" : "0",
        ...batch.flatMap((b) => [b.op, b.rel]),
      ],
      { stdin: `${mark}\n`, timeoutMs: 120_000 },
    ).then(
      (r) => splitBatch(r.stdout, mark),
      () => [],
    );
    for (const [i, b] of batch.entries()) {
      const item = items[i];
      // A failed (or lost) item is asked again on its own: its error is then the single call's.
      if (item && item.exitCode === 0) b.done(parseFsAnswer(item.stdout));
      else helper(b.op, b.hostPath).then(b.done, b.fail);
    }
  };
  const batched = (op: "read" | "exists" | "list", hostPath: string): Promise<Answer> =>
    new Promise((done, fail) => {
      const rel = relOf(hostPath);
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push({ op, rel, hostPath, done, fail });
    });
  const readOnly = async (op: "read" | "exists" | "list", hostPath: string): Promise<Answer> => {
    const r = server.usable() ? await server.call([op, relOf(hostPath)]) : undefined;
    return r ? answer(op, hostPath, r) : batched(op, hostPath);
  };
  const has = (a: Answer, word: string) => a.marks.some((m) => m[0] === word);
  const ownerArg = (ow: { uid: number; gid: number } | undefined) => (ow ? `${ow.uid}:${ow.gid}` : "");
  const modeArg = (m: number | undefined) => (m === undefined ? "" : m.toString(8));

  return {
    root,
    dryRun: o.dryRun,
    resolve: resolveHost,
    async read(hostPath) {
      const a = await readOnly("read", hostPath);
      return has(a, "missing") ? undefined : (a.data ?? "");
    },
    async exists(hostPath) {
      return has(await readOnly("exists", hostPath), "yes");
    },
    async list(hostDir) {
      return (await readOnly("list", hostDir)).names.sort();
    },
    async write(hostPath, content, w = {}) {
      const stamp = timestamp(now());
      // The helper's header line: a random name for its temporary files, the content's byte length.
      const header = `${tempToken()} ${Buffer.byteLength(content)}\n`;
      const a = await helper(
        "write",
        hostPath,
        [modeArg(w.mode), ownerArg(w.owner), w.backup === false ? "0" : "1", stamp],
        header + content,
      );
      const changed = has(a, "changed");
      const change: FileChange = {
        path: hostPath,
        changed,
        before: a.data,
        after: content,
        skipped: o.dryRun && changed,
      };
      const b = a.marks.find((m) => m[0] === "backup");
      if (b) {
        const n = Number(b[1]);
        change.backup = `/${relOf(hostPath)}.kadm-wizard-${stamp}${n === 0 ? "" : `-${n}`}.bak`;
      }
      return change;
    },
    async mkdir(hostPath, m = {}): Promise<DirChange> {
      const a = await helper("mkdir", hostPath, [modeArg(m.mode), ownerArg(m.owner)]);
      const c = a.marks.find((x) => x[0] === "changed");
      return { path: hostPath, changed: c !== undefined, created: c?.[1] === "1" };
    },
    async remove(hostPath) {
      if (relOf(hostPath) === "") throw new Error("refusing to remove the host root");
      return has(await helper("remove", hostPath), "removed");
    },
  };
}
