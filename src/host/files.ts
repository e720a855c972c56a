import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * The file-system port for files the user names (answers, profiles, --out). Host files under
 * --root get their own rooted port with backups in the host layer.
 */
export interface Files {
  readText(path: string): Promise<string>;
  isDirectory(path: string): Promise<boolean>;
  /** Temp file in the same directory + rename, so readers never see a half-written file. */
  writeAtomic(path: string, data: string, mode: number): Promise<void>;
}

export const localFiles: Files = {
  readText: (path) => readFile(path, "utf8"),
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
      await writeFile(tmp, data, { mode });
      await chmod(tmp, mode);
      await rename(tmp, path);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
  },
};
