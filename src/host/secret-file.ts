/**
 * Secrets for a local command go in a file, never on its argv (any local user reads argv with
 * `ps`): a fresh 0700 directory under the rooted /run (tmpfs on real hosts, so nothing survives a
 * reboot), the file created 0600 before the secret is written, both removed afterwards, also when
 * the command fails or throws.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type TempDirs, withTempDir } from "../ports.js";
import type { HostFs } from "./host-fs.js";

/** Parent of the private directories; root-only writable on a real host. */
export const SECRET_DIR_PARENT = "/run";
/** The directory prefix (the TempDirs port appends six random characters). */
export const SECRET_DIR_PREFIX = "kadm-wizard-";
/** How a dry run names the directory it would create. */
export const DRY_RUN_DIR = `${SECRET_DIR_PARENT}/${SECRET_DIR_PREFIX}XXXXXX`;

/**
 * Runs `use(path)` with `content` in a private file named `name`; `path` is the absolute path on
 * this machine (what kubeadm's --config gets). A dry run writes nothing and passes the path the
 * real run would use, with the random part as XXXXXX. The directory comes from the temp-dir port
 * (Context.tempDirs), always under the rooted /run.
 */
export async function withSecretFile<T>(
  fs: HostFs,
  temp: TempDirs,
  name: string,
  content: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  if (fs.dryRun) return use(join(fs.resolve(DRY_RUN_DIR), name));
  await fs.mkdir(SECRET_DIR_PARENT, { mode: 0o755 });
  // A new directory (never an existing one), mode 0700.
  return withTempDir(
    temp,
    SECRET_DIR_PREFIX,
    async (dir) => {
      const file = join(dir, name);
      // "wx": created here (O_EXCL) with mode 0600 before the first byte is written.
      await writeFile(file, content, { mode: 0o600, flag: "wx" });
      return use(file);
    },
    { parent: fs.resolve(SECRET_DIR_PARENT) },
  );
}
