import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Larger than any file a user names on purpose (calico.yaml is 0.5 MB); a typo'd /dev/zero is not. */
export const MAX_USER_FILE_BYTES = 16 * 1024 * 1024;

export type NotRegularKind = "directory" | "fifo" | "socket" | "device";

/**
 * A user-named path that is not a regular file (reading a FIFO or /dev/tty would wait forever,
 * /dev/zero would never end) or is larger than the limit. `code` sits next to errno's codes, so
 * callers that switch on ENOENT/EACCES handle it the same way.
 */
export class UserFileRefused extends Error {
  readonly code: "ENOTREGULAR" | "ETOOLARGE";
  constructor(
    readonly path: string,
    readonly refusal: { kind: NotRegularKind } | { tooLarge: number; limit: number },
  ) {
    super(
      "kind" in refusal
        ? `${path} is a ${refusal.kind}, not a regular file`
        : `${path} is ${refusal.tooLarge} bytes, more than ${refusal.limit}`,
    );
    this.name = "UserFileRefused";
    this.code = "kind" in refusal ? "ENOTREGULAR" : "ETOOLARGE";
  }
}

function notRegular(st: Stats): NotRegularKind | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return "directory";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  return "device";
}

/**
 * Reads a user-named file: refused (UserFileRefused) unless it is a regular file within maxBytes.
 * stat first, so a FIFO is never opened (opening one blocks until a writer comes); then opened
 * with O_NONBLOCK and checked again on the descriptor, in case the path was swapped in between.
 */
export async function readUserText(path: string, maxBytes = MAX_USER_FILE_BYTES): Promise<string> {
  const check = (st: Stats) => {
    const kind = notRegular(st);
    if (kind) throw new UserFileRefused(path, { kind });
    if (st.size > maxBytes) throw new UserFileRefused(path, { tooLarge: st.size, limit: maxBytes });
  };
  check(await stat(path));
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    check(await fh.stat());
    // Read to the end, but never more than one byte past the limit (the file can grow after stat).
    const chunks: Buffer[] = [];
    let n = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - n));
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      n += bytesRead;
      if (n > maxBytes) throw new UserFileRefused(path, { tooLarge: n, limit: maxBytes });
    }
    return Buffer.concat(chunks, n).toString("utf8");
  } finally {
    await fh.close();
  }
}

/**
 * The file-system port for files the user names (answers, profiles, --out). Host files under
 * --root get their own rooted port with backups in the host layer.
 */
export interface Files {
  /** A regular file of at most maxBytes (default MAX_USER_FILE_BYTES), else UserFileRefused. */
  readText(path: string, maxBytes?: number): Promise<string>;
  isDirectory(path: string): Promise<boolean>;
  /** Temp file in the same directory + rename, so readers never see a half-written file. */
  writeAtomic(path: string, data: string, mode: number): Promise<void>;
}

export const localFiles: Files = {
  readText: (path, maxBytes) => readUserText(path, maxBytes),
  async isDirectory(path) {
    try {
      return (await stat(path)).isDirectory();
    } catch {
      return false;
    }
  },
  async writeAtomic(path, data, mode) {
    const dir = dirname(path);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${randomBytes(6).toString("hex")}.kadm-wizard.tmp`);
    try {
      // Exclusive and not through a link: a name planted in a shared directory (/tmp) is refused,
      // never written through. The random name makes a clash with an honest file unlikely.
      const fh = await open(
        tmp,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        mode,
      );
      try {
        await fh.writeFile(data);
        await fh.chmod(mode);
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
  },
};

/**
 * Why `path` (absolute) cannot be written as a new output file: it is a directory, or the
 * directory it would go in does not exist. Asked before anything is pulled or downloaded, so a
 * mistyped --out fails in a second, not after minutes of work.
 */
export async function outputFileProblem(
  files: Files,
  path: string,
): Promise<"is-dir" | "no-dir" | undefined> {
  if (await files.isDirectory(path)) return "is-dir";
  if (!(await files.isDirectory(dirname(path)))) return "no-dir";
  return undefined;
}
