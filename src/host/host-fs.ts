import { randomBytes } from "node:crypto";
import {
  chmod,
  chown,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

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
 * old content up with a timestamp before replacing it.
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
  /** Creates a directory (and parents) when missing; sets mode/owner on the last one. True when created. */
  mkdir(hostPath: string, opts?: { mode?: number; owner?: Owner }): Promise<boolean>;
  /**
   * Deletes a file or a directory tree. Returns what was there (false: nothing to delete). In dry-run
   * nothing is deleted, the answer is the same.
   */
  remove(hostPath: string): Promise<boolean>;
}

export interface Owner {
  uid: number;
  gid: number;
}

export interface WriteOptions {
  mode?: number;
  /** chown after writing (kubeconfig copies for the sudo user). */
  owner?: Owner;
}

export interface HostFsOptions {
  root?: string;
  dryRun?: boolean;
  /** Injected clock so backups are named deterministically in tests. */
  now?: () => Date;
}

function timestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

export function rootedHostFs(opts: HostFsOptions = {}): HostFs {
  const root = resolve(opts.root ?? "/");
  const dryRun = opts.dryRun === true;
  const now = opts.now ?? (() => new Date());

  const resolveHost = (hostPath: string): string => {
    if (!isAbsolute(hostPath)) throw new Error(`host path must be absolute: ${hostPath}`);
    // Normalise as an absolute host path first ("/../etc" is "/etc"), so ".." cannot climb out of the root.
    const p = join(root, resolve("/", hostPath));
    const rel = relative(root, p);
    if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`host path escapes the root: ${hostPath}`);
    return p;
  };

  const read = async (hostPath: string) => {
    try {
      return await readFile(resolveHost(hostPath), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
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
      const before = await read(hostPath);
      let modeDiffers = false;
      if (before !== undefined && (o.mode !== undefined || o.owner !== undefined)) {
        const st = await stat(target);
        modeDiffers =
          (o.mode !== undefined && (st.mode & 0o777) !== o.mode) ||
          (o.owner !== undefined && (st.uid !== o.owner.uid || st.gid !== o.owner.gid));
      }
      if (before === content && !modeDiffers) {
        return { path: hostPath, changed: false, before, after: content, skipped: false };
      }
      if (dryRun) return { path: hostPath, changed: true, before, after: content, skipped: true };

      const dir = dirname(target);
      await mkdir(dir, { recursive: true });
      let backup: string | undefined;
      if (before !== undefined && before !== content) {
        backup = `${hostPath}.kadm-wizard-${timestamp(now())}.bak`;
        await copyFile(target, resolveHost(backup));
      }
      const tmp = join(dir, `.${randomBytes(6).toString("hex")}.kadm-wizard.tmp`);
      try {
        const mode = o.mode ?? (before !== undefined ? (await stat(target)).mode & 0o777 : 0o644);
        await writeFile(tmp, content, { mode });
        await chmod(tmp, mode);
        if (o.owner) await chown(tmp, o.owner.uid, o.owner.gid);
        await rename(tmp, target);
      } catch (e) {
        await unlink(tmp).catch(() => {});
        throw e;
      }
      return { path: hostPath, changed: true, backup, before, after: content, skipped: false };
    },
    async mkdir(hostPath, o = {}) {
      const target = resolveHost(hostPath);
      const existed = await stat(target).then(
        (st) => st.isDirectory(),
        () => false,
      );
      if (existed || dryRun) return !existed;
      await mkdir(target, { recursive: true, ...(o.mode !== undefined ? { mode: o.mode } : {}) });
      if (o.mode !== undefined) await chmod(target, o.mode);
      if (o.owner) await chown(target, o.owner.uid, o.owner.gid);
      return true;
    },
    async remove(hostPath) {
      const target = resolveHost(hostPath);
      if (target === root) throw new Error("refusing to remove the host root");
      const there = await lstat(target).then(
        () => true,
        () => false,
      );
      if (there && !dryRun) await rm(target, { recursive: true, force: true });
      return there;
    },
  };
}
