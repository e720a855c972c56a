/**
 * A secret for a command on a node goes in a file, never on its argv (`ps` shows argv to every user
 * there): a fresh 0700 directory under the node's /run (tmpfs on real hosts), the file written 0600
 * through the node's HostFs, both removed afterwards, also when the command fails or throws.
 */
import { randomBytes } from "node:crypto";
import type { Node } from "../../node/node.js";

export const PRIVATE_PARENT = "/run";
/** How a dry run (and a plan) names the directory: the random part as X. */
export const PRIVATE_DIR_PLANNED = `${PRIVATE_PARENT}/kadm-wizard.XXXXXXXX`;

/** Runs `use(path)` with `content` in a private file `name`; `path` is where the node's commands find it. */
export async function withPrivateFile<T>(
  node: Node,
  name: string,
  content: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  if (node.fs.dryRun) return use(node.fs.resolve(`${PRIVATE_DIR_PLANNED}/${name}`));
  let dir = "";
  for (let i = 0; i < 5 && dir === ""; i++) {
    const candidate = `${PRIVATE_PARENT}/kadm-wizard.${randomBytes(4).toString("hex")}`;
    // Never one that exists already: its mode and contents would not be ours.
    if (!(await node.fs.exists(candidate))) dir = candidate;
  }
  if (dir === "") throw new Error(`no free private directory under ${PRIVATE_PARENT}`);
  try {
    await node.fs.mkdir(dir, { mode: 0o700 });
    const file = `${dir}/${name}`;
    await node.fs.write(file, content, { mode: 0o600, backup: false });
    return await use(node.fs.resolve(file));
  } finally {
    await node.fs.remove(dir);
  }
}
