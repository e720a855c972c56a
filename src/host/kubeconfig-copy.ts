import type { FileChange, HostFs } from "./host-fs.js";
import { kubeconfigTargets, parsePasswd } from "./passwd.js";

export const ADMIN_CONF = "/etc/kubernetes/admin.conf";

/**
 * admin.conf -> ~/.kube/config for root and, under sudo, for the invoking user (owned by them, 0600),
 * so kubectl works right away. An existing different config is backed up by HostFs, not lost.
 */
export async function copyAdminKubeconfig(
  fs: HostFs,
  sudoUser: string | undefined,
  /** certs renew: only replace a target this says yes to (its current content; undefined: absent). */
  replace?: (current: string | undefined, path: string) => boolean,
): Promise<{ changes: FileChange[]; targets: string[]; missing: boolean }> {
  const admin = await fs.read(ADMIN_CONF);
  const targets = kubeconfigTargets(parsePasswd((await fs.read("/etc/passwd")) ?? ""), sudoUser);
  if (admin === undefined) return { changes: [], targets: targets.map((x) => x.path), missing: true };
  const changes: FileChange[] = [];
  for (const target of targets) {
    if (replace && !replace(await fs.read(target.path), target.path)) continue;
    const owner = { uid: target.uid, gid: target.gid };
    await fs.mkdir(target.path.replace(/\/config$/, ""), { mode: 0o700, owner });
    changes.push(await fs.write(target.path, admin, { mode: 0o600, owner }));
  }
  return { changes, targets: targets.map((x) => x.path), missing: false };
}
