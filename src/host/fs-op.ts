/**
 * The one implementation of a host file write / directory creation, run either in this process (as
 * root, or as whoever runs us) or in a child process started as the file's owner (kubeconfig copies
 * into a user's home: a link that user planted then only reaches what they could write anyway).
 *
 * Both functions are self-contained on purpose (no imports, no module-level names): the child of the
 * tsc build runs them from their source text (`node -e`), so they reach node's modules through
 * process.getBuiltinModule. Synchronous: host files are small, and nothing may run in between the
 * checks and the writes.
 */

export interface FsRequest {
  op: "write" | "mkdir" | "remove";
  /** Absolute --root on this machine; checks start there. */
  root: string;
  /** Absolute path on this machine, under root. */
  target: string;
  content?: string | undefined;
  mode?: number | undefined;
  owner?: { uid: number; gid: number } | undefined;
  /** write: keep the replaced content as `<file>.kadm-wizard-<stamp>[-N].bak` (default true). */
  backup?: boolean | undefined;
  stamp?: string | undefined;
  dryRun: boolean;
  /**
   * Refuse to follow a symlink below a directory another user can change (owned by someone other
   * than root and us, or group/other writable). Off in the child that runs as that user.
   */
  guard: boolean;
}

export interface FsResult {
  changed: boolean;
  /** write: the content replaced (undefined: there was no file). */
  before?: string | undefined;
  /** write: absolute path of the backup made. */
  backup?: string | undefined;
  /** remove: there was something to remove (in dry-run: it would be removed). */
  removed?: boolean | undefined;
  /** mkdir: the directory was created (false: it existed; `changed` then means mode/owner fixed). */
  created?: boolean | undefined;
}

/** Thrown (and passed back from the child) as `code: "KADM_UNSAFE"`, `path`, `reason`. */
export type UnsafeReason = "symlink" | "not-dir" | "not-file";

export function safeFsOp(req: FsRequest): FsResult {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  const crypto = process.getBuiltinModule("node:crypto");
  const C = fs.constants;
  const euid = process.geteuid ? process.geteuid() : -1;
  const unsafe = (p: string, reason: string) =>
    Object.assign(new Error(`refusing ${reason}: ${p}`), { code: "KADM_UNSAFE", path: p, reason });
  // Nobody but root (or we) can swap what is in such a directory.
  const trusted = (st: { uid: number; mode: number }) =>
    (st.uid === 0 || st.uid === euid) && (st.mode & 0o022) === 0;
  const lstatOrNone = (p: string) => {
    try {
      return fs.lstatSync(p);
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") return undefined;
      throw e;
    }
  };
  // Every component from the root down to `dir` with lstat: a link below a directory another user
  // controls is refused; missing ones are created one at a time (mkdir never follows a link that
  // appears meanwhile: it fails with EEXIST). `above`: the last component's parent is such a place.
  const walk = (dir: string, lastMode: number | undefined, create = true) => {
    const rel = path.relative(req.root, dir);
    const parts = rel === "" ? [] : rel.split(path.sep);
    let p = req.root;
    // The root is the operator's choice (--root): made when missing, like the rest of the path.
    const top = lstatOrNone(p);
    if (top === undefined) {
      if (req.dryRun || !create) return { tainted: false, above: false, missing: true, created: false };
      fs.mkdirSync(p, { recursive: true });
    }
    let tainted = req.guard && !trusted(fs.statSync(p));
    let above = tainted;
    let created = false;
    for (let i = 0; i < parts.length; i++) {
      p = path.join(p, parts[i] as string);
      above = tainted;
      let st = lstatOrNone(p);
      if (st === undefined) {
        if (req.dryRun || !create) return { tainted, above, missing: true, created };
        const last = i === parts.length - 1;
        fs.mkdirSync(p, last && lastMode !== undefined ? { mode: lastMode } : {});
        created = last;
        st = fs.lstatSync(p);
      }
      if (st.isSymbolicLink()) {
        if (tainted) throw unsafe(p, "symlink");
        st = fs.statSync(p);
      }
      if (!st.isDirectory()) throw unsafe(p, "not-dir");
      if (req.guard && !trusted(st)) tainted = true;
    }
    return { tainted, above, missing: false, created };
  };
  const ownerDiffers = (st: { uid: number; gid: number }) =>
    req.owner !== undefined && (st.uid !== req.owner.uid || st.gid !== req.owner.gid);
  const modeDiffers = (st: { mode: number }) => req.mode !== undefined && (st.mode & 0o777) !== req.mode;

  if (req.op === "remove") {
    // Not through a link below another user's directory: `~/.kube -> /etc` must not make
    // removing ~/.kube/config remove /etc/config. The entry itself, a link included, is removed.
    const parent = path.dirname(req.target);
    const w = walk(parent, undefined, false);
    const there = !w.missing && lstatOrNone(req.target) !== undefined;
    if (there && !req.dryRun) fs.rmSync(req.target, { recursive: true, force: true });
    return { changed: there, removed: there };
  }
  if (req.op === "mkdir") {
    const w = walk(req.target, req.mode);
    if (w.missing) return { changed: true, created: true };
    // Mode and owner through a descriptor opened without following: a directory swapped for a link
    // after the walk is refused (ELOOP), never chmod-ed / chown-ed through.
    const fd = fs.openSync(req.target, C.O_RDONLY | C.O_DIRECTORY | (w.above ? C.O_NOFOLLOW : 0));
    try {
      const st = fs.fstatSync(fd);
      // As the owner (no guard): a link of theirs to a directory that is not theirs (~/.kube -> /etc)
      // is named as what it is rather than failing on the chown.
      if (!req.guard && st.uid !== euid && fs.lstatSync(req.target).isSymbolicLink()) {
        throw unsafe(req.target, "symlink");
      }
      const fixOwner = ownerDiffers(st);
      const fixMode = modeDiffers(st);
      if (!req.dryRun) {
        if (fixOwner && req.owner) fs.fchownSync(fd, req.owner.uid, req.owner.gid);
        if (fixMode && req.mode !== undefined) fs.fchmodSync(fd, req.mode);
      }
      return { changed: w.created || fixOwner || fixMode, created: w.created };
    } finally {
      fs.closeSync(fd);
    }
  }

  const content = req.content ?? "";
  const dir = path.dirname(req.target);
  const w = walk(dir, undefined);
  let st = w.missing ? undefined : lstatOrNone(req.target);
  let old: Buffer | undefined;
  if (st !== undefined) {
    if (st.isSymbolicLink() && w.tainted) throw unsafe(req.target, "symlink");
    let fd: number | undefined;
    try {
      // O_NONBLOCK: a FIFO planted in place of the file must not hang us.
      fd = fs.openSync(req.target, C.O_RDONLY | C.O_NONBLOCK | (w.tainted ? C.O_NOFOLLOW : 0));
    } catch (e) {
      // A dangling link in a trusted directory: no content; the rename below replaces the link.
      if ((e as { code?: string }).code !== "ENOENT") throw e;
      st = undefined;
    }
    if (fd !== undefined) {
      try {
        st = fs.fstatSync(fd);
        if (!st.isFile()) throw unsafe(req.target, "not-file");
        old = fs.readFileSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  const before = old === undefined ? undefined : old.toString("utf8");
  if (before === content && st !== undefined && !modeDiffers(st) && !ownerDiffers(st)) {
    return { changed: false, before };
  }
  if (req.dryRun) return { changed: true, before };

  // New files are only ever created exclusively and without following a link: a name planted in
  // advance (backup or temp) makes open fail instead of writing through it.
  const EXCL = C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW;
  let backup: string | undefined;
  if (old !== undefined && st !== undefined && before !== content && req.backup !== false) {
    // Never overwrite a backup: the first one holds the operator's original.
    for (let n = 0; backup === undefined; n++) {
      if (n > 999) throw new Error(`too many backups of ${req.target}`);
      const name = `${req.target}.kadm-wizard-${req.stamp ?? "backup"}${n === 0 ? "" : `-${n}`}.bak`;
      let fd: number;
      try {
        fd = fs.openSync(name, EXCL, 0o600);
      } catch (e) {
        if ((e as { code?: string }).code === "EEXIST") continue;
        throw e;
      }
      try {
        fs.writeFileSync(fd, old);
        // Same owner and mode as the original (cp -p): the copy is readable by whoever could read it.
        if (euid === 0) fs.fchownSync(fd, st.uid, st.gid);
        fs.fchmodSync(fd, st.mode & 0o777);
      } catch (e) {
        fs.closeSync(fd);
        fs.rmSync(name, { force: true });
        throw e;
      }
      fs.closeSync(fd);
      backup = name;
    }
  }
  const mode = req.mode ?? (st !== undefined ? st.mode & 0o777 : 0o644);
  const tmp = path.join(dir, `.${crypto.randomBytes(6).toString("hex")}.kadm-wizard.tmp`);
  const fd = fs.openSync(tmp, EXCL, 0o600);
  try {
    try {
      fs.writeFileSync(fd, content);
      if (req.owner) fs.fchownSync(fd, req.owner.uid, req.owner.gid);
      fs.fchmodSync(fd, mode);
    } finally {
      fs.closeSync(fd);
    }
    // rename replaces whatever is at the name (a link included) and never writes through it.
    fs.renameSync(tmp, req.target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { changed: true, before, backup };
}

/** The child's main: one FsRequest as JSON on stdin, one JSON line back (a result or an error). */
export function fsHelperMain(op: (req: FsRequest) => FsResult): void {
  const fs = process.getBuiltinModule("node:fs");
  let out: unknown;
  try {
    out = { ok: op(JSON.parse(fs.readFileSync(0, "utf8")) as FsRequest) };
  } catch (e) {
    const x = e as { code?: string; message?: string; path?: string; reason?: string };
    out = { error: { code: x.code, message: x.message, path: x.path, reason: x.reason } };
  }
  fs.writeFileSync(1, `${JSON.stringify(out)}\n`);
}

/** Source text for `node -e` (tsc build and tests; not the minified single files: see host-fs). */
export function helperScript(): string {
  return `"use strict";(${fsHelperMain.toString()})(${safeFsOp.toString()});`;
}

/** Set in the environment of the single executable when it is started as the helper. */
export const FS_HELPER_ENV = "KADM_WIZARD_FS_HELPER";
