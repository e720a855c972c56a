import type { Entry } from "../entry.js";

/** Host file writes refused for safety (host/host-fs.ts, host/fs-op.ts). Keys "hostfs.". */
export const HOSTFS_MESSAGES = {
  "hostfs.unsafe.symlink": {
    en: (p) =>
      `refusing to follow the symbolic link ${p.path}: it is in a directory another user can change.`,
    zh: (p) => `拒绝跟随符号链接 ${p.path}：它位于其他用户可以修改的目录中。`,
  },
  "hostfs.unsafe.type": {
    en: (p) => `refusing to write through ${p.path}: it is not a regular file or directory.`,
    zh: (p) => `拒绝经由 ${p.path} 写入：它不是普通文件或目录。`,
  },
  "hostfs.unsafeHint": {
    en: (p) =>
      `${p.path} was not written; look at who made that entry (ls -la), remove it if it should not be there, then run again`,
    zh: (p) => `未写入 ${p.path}；请用 ls -la 查看该条目由谁创建，如不应存在请删除，然后重新运行`,
  },
  "hostfs.asUserFailed": {
    en: (p) => `could not write ${p.path} as its owner (uid ${p.uid}): ${p.reason}.`,
    zh: (p) => `无法以其所有者（uid ${p.uid}）的身份写入 ${p.path}：${p.reason}。`,
  },
  "hostfs.asUserFailedHint": {
    en: (p) =>
      `that user must be able to write the directory of ${p.path} (normally their home directory); fix its owner or permissions, then run again`,
    zh: (p) => `该用户必须能写入 ${p.path} 所在目录（通常是其主目录）；请修正该目录的所有者或权限后重新运行`,
  },
} satisfies Record<string, Entry>;
