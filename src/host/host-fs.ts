import { spawn } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { EMBEDDED } from "../embedded.js";
import { KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { FS_HELPER_ENV, type FsRequest, type FsResult, helperScript, safeFsOp } from "./fs-op.js";

/** What a host step did to one file: the unit of the changed/unchanged reports. */
export interface FileChange {
  /** Host path as the user thinks of it (/etc/fstab), not the rooted one. */
  path: string;
  changed: boolean;
  /** Where the previous content was saved, when there was one and it changed. */
  backup?: string | undefined;
  /** Content before (undefined: the file did not exist) and after, for dry-run diffs. */
  before: string | undefined;
  after: string;
  /** True when dry-run computed the change without writing it. */
  skipped: boolean;
}

/**
 * Host files under a configurable root (`--root`, default "/"), so tests and dry runs never touch
 * this machine's /etc. Writes are atomic (temp file + rename in the same directory) and back the
 * old content up with a timestamp before replacing it. New files (temp, backup) are created
 * exclusively without following links; below a directory another user controls no link is followed
 * at all; a file owned by another user is written by a child process running as that user.
 */
export interface HostFs {
  readonly root: string;
  readonly dryRun: boolean;
  /** Absolute path on this machine for a host path: /etc/fstab -> <root>/etc/fstab. */
  resolve(hostPath: string): string;
  read(hostPath: string): Promise<string | undefined>;
  exists(hostPath: string): Promise<boolean>;
  list(hostDir: string): Promise<string[]>;
  /** Writes only when the content (or mode, or owner) differs; reports what happened. */
  write(hostPath: string, content: string, opts?: WriteOptions): Promise<FileChange>;
  /**
   * Creates a directory (and parents) when missing and gives the last one mode/owner, also when it
   * already existed (a directory of ours left 0755 by someone else is fixed).
   */
  mkdir(hostPath: string, opts?: { mode?: number; owner?: Owner }): Promise<DirChange>;
  /**
   * Deletes a file or a directory tree. Returns what was there (false: nothing to delete). In dry-run
   * nothing is deleted, the answer is the same.
   */
  remove(hostPath: string): Promise<boolean>;
}

export interface DirChange {
  path: string;
  /** Created, or its mode/owner set (planned only, in dry-run). */
  changed: boolean;
  created: boolean;
}

export interface Owner {
  uid: number;
  gid: number;
}

export interface WriteOptions {
  mode?: number;
  /**
   * The file's owner (kubeconfig copies for the sudo user). When it is not us and we are root, the
   * whole write (and its backup) is done by a child process running as that user.
   */
  owner?: Owner;
  /**
   * false: no backup of the replaced content. For files that are ours alone and hold secrets
   * (state.json, kubeadm.yaml with the token): a backup would be one more copy of the token.
   */
  backup?: boolean;
}

export interface HostFsOptions {
  root?: string;
  dryRun?: boolean;
  /** Injected clock so backups are named deterministically in tests. */
  now?: () => Date;
  /** Language of the errors for refused paths. */
  lang?: Lang;
}

/** A backup name's stamp: 20260101T120000Z. */
export function timestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

export function rootedHostFs(opts: HostFsOptions = {}): HostFs {
  const root = resolve(opts.root ?? "/");
  const dryRun = opts.dryRun === true;
  const now = opts.now ?? (() => new Date());
  const lang = opts.lang ?? "en";
  const euid = process.geteuid?.() ?? -1;

  const resolveHost = (hostPath: string): string => {
    if (!isAbsolute(hostPath)) throw new Error(`host path must be absolute: ${hostPath}`);
    // Normalise as an absolute host path first ("/../etc" is "/etc"), so ".." cannot climb out of the root.
    const p = join(root, resolve("/", hostPath));
    const rel = relative(root, p);
    if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`host path escapes the root: ${hostPath}`);
    return p;
  };
  /** Back from a path on this machine to the host path the user knows. */
  const hostOf = (p: string): string => `/${relative(root, p)}`;

  const read = async (hostPath: string) => {
    try {
      return await readFile(resolveHost(hostPath), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  };

  const refused = (hostPath: string, e: { path?: string | undefined; reason?: string | undefined }) =>
    new KadmError(
      t(lang, `hostfs.unsafe.${e.reason === "symlink" ? "symlink" : "type"}`, {
        path: hostOf(e.path ?? resolveHost(hostPath)),
      }),
      {
        hint: t(lang, "hostfs.unsafeHint", { path: hostPath }),
      },
    );

  /** Runs the operation here, or as the owner when that is another user and we are root. */
  const perform = async (
    hostPath: string,
    req: Omit<FsRequest, "guard" | "root" | "dryRun">,
  ): Promise<FsResult> => {
    const full: FsRequest = { ...req, root, dryRun, guard: true };
    const owner = req.owner;
    if (!owner || euid !== 0 || owner.uid === 0) {
      try {
        return safeFsOp(full);
      } catch (e) {
        if ((e as { code?: string }).code === "KADM_UNSAFE") throw refused(hostPath, e as { path?: string });
        throw e;
      }
    }
    const answer = await asUser(owner, { ...full, guard: false });
    if (answer.ok) return answer.ok;
    const err = answer.error ?? {};
    if (err.code === "KADM_UNSAFE") throw refused(hostPath, err);
    throw new KadmError(
      t(lang, "hostfs.asUserFailed", {
        path: hostPath,
        uid: owner.uid,
        reason: err.message ?? String(err.code),
      }),
      { hint: t(lang, "hostfs.asUserFailedHint", { path: hostPath }) },
    );
  };

  return {
    root,
    dryRun,
    resolve: resolveHost,
    read,
    async exists(hostPath) {
      try {
        await stat(resolveHost(hostPath));
        return true;
      } catch {
        return false;
      }
    },
    async list(hostDir) {
      try {
        return (await readdir(resolveHost(hostDir))).sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
      }
    },
    async write(hostPath, content, o = {}) {
      const target = resolveHost(hostPath);
      const r = await perform(hostPath, {
        op: "write",
        target,
        content,
        mode: o.mode,
        owner: o.owner,
        backup: o.backup !== false,
        stamp: timestamp(now()),
      });
      const change: FileChange = {
        path: hostPath,
        changed: r.changed,
        before: r.before,
        after: content,
        skipped: dryRun && r.changed,
      };
      if (r.backup) change.backup = hostOf(r.backup);
      return change;
    },
    async mkdir(hostPath, o = {}) {
      const r = await perform(hostPath, {
        op: "mkdir",
        target: resolveHost(hostPath),
        mode: o.mode,
        owner: o.owner,
      });
      return { path: hostPath, changed: r.changed, created: r.created === true };
    },
    async remove(hostPath) {
      const target = resolveHost(hostPath);
      // join(root, "/") ends in a slash: compare what is below the root, not the strings.
      if (relative(root, target) === "") throw new Error("refusing to remove the host root");
      return (await perform(hostPath, { op: "remove", target })).removed === true;
    },
  };
}

interface HelperAnswer {
  ok?: FsResult;
  error?: { code?: string; message?: string; path?: string; reason?: string };
}

/**
 * One FsRequest done by a child process running as `owner` (uid, gid; libuv drops our supplementary
 * groups), so nothing it does can reach further than that user could. The request, content included,
 * goes on stdin, never on the command line. From the tsc build the child runs the functions' source
 * (`node -e`); the single-file builds are minified (their inner helpers would not survive toString),
 * so they start themselves again with FS_HELPER_ENV set and no arguments (src/standalone.ts).
 */
async function asUser(owner: Owner, req: FsRequest): Promise<HelperAnswer> {
  const sea =
    (process.getBuiltinModule("node:sea") as { isSea?: () => boolean } | undefined)?.isSea?.() === true;
  const single = EMBEDDED !== undefined;
  const args = single ? (sea ? [] : [process.argv[1] as string]) : ["-e", helperScript()];
  const child = spawn(process.execPath, args, {
    uid: owner.uid,
    gid: owner.gid,
    cwd: "/",
    env: single ? { [FS_HELPER_ENV]: "1" } : {},
    stdio: ["pipe", "pipe", "pipe"],
    timeout: 60_000,
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    out += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    err += d;
  });
  const done = new Promise<number | null>((res, rej) => {
    child.on("error", rej);
    child.on("close", (code) => res(code));
  });
  child.stdin.on("error", () => {});
  child.stdin.end(JSON.stringify(req));
  const code = await done;
  try {
    return JSON.parse(out) as HelperAnswer;
  } catch {
    return { error: { code: "EHELPER", message: (err.trim().split("\n").pop() ?? "") || `exit ${code}` } };
  }
}
