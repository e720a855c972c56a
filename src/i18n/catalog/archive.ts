import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/**
 * Image archives (src/images/archive.ts, `images export|import`) and the image stream to nodes
 * joined over SSH (src/workflow/steps/image-stream.ts). Keys "archive." and "stream.".
 */
export const ARCHIVE_MESSAGES = {
  "archive.otherPlatform": {
    en: (p) =>
      `${p.path} has no ${p.platform} content for ${p.image} (it holds ${p.holds})${Number(p.count) > 1 ? `, nor for ${Number(p.count) - 1} more` : ""}: this node is ${p.platform}; nothing was imported.`,
    zh: (p) =>
      `${p.path} 中 ${p.image} 没有 ${p.platform} 的内容（只有 ${p.holds}）${Number(p.count) > 1 ? `，另有 ${Number(p.count) - 1} 个镜像也没有` : ""}：本节点是 ${p.platform}；未导入任何镜像。`,
  },
  "archive.otherPlatformHint": {
    en: (p) =>
      `export the archive for this node: kadm-wizard images export --platform ${p.platform} --out images.tar`,
    zh: (p) => `请为本节点导出归档：kadm-wizard images export --platform ${p.platform} --out images.tar`,
  },
  "archive.platformUnknown": {
    en: (p) => `cannot tell the node's platform from uname -m, dpkg or rpm (${p.reason}).`,
    zh: (p) => `无法从 uname -m、dpkg 或 rpm 判断节点的平台（${p.reason}）。`,
  },
  "archive.noAnswer": {
    en: () => "none of them answered",
    zh: () => "均无应答",
  },
  "archive.listFailed": {
    en: (p) => `containerd on ${p.node} did not list its images (${p.reason}).`,
    zh: (p) => `${p.node} 上的 containerd 未能列出镜像（${p.reason}）。`,
  },
  "archive.missing": {
    en: (p) => `${plural(p.count, "image is", "images are")} not in containerd on ${p.node}: ${p.images}.`,
    zh: (p) => `${p.node} 的 containerd 中缺少 ${p.count} 个镜像：${p.images}。`,
  },
  "archive.missingHint": {
    en: () => "pull them first: kadm-wizard images pull (same flags)",
    zh: () => "请先拉取：kadm-wizard images pull（相同参数）",
  },
  "archive.planPull": {
    en: () => "(images containerd lacks are pulled first, through the certs.d mirrors)",
    zh: () => "（containerd 中缺少的镜像会先通过 certs.d 镜像源拉取）",
  },
  "archive.pullFailed": {
    en: (p) =>
      `${plural(p.count, "image")} could not be pulled for the archive; first: ${p.image}: ${p.reason}`,
    zh: (p) => `有 ${p.count} 个镜像无法拉取以写入归档；第一个：${p.image}：${p.reason}`,
  },
  "archive.pullFailedHint": {
    en: () => "kadm-wizard images pull (same flags) shows each failure with its fix",
    zh: () => "运行 kadm-wizard images pull（相同参数）查看每个失败及修复方法",
  },
  "archive.exportFailed": {
    en: (p) => `ctr could not write ${p.path} (${p.reason}).`,
    zh: (p) => `ctr 无法写入 ${p.path}（${p.reason}）。`,
  },
  "archive.exportFailedHint": {
    en: (p) =>
      `containerd must hold each image's ${p.platform} content (pulled for this platform); check the directory is writable`,
    zh: (p) => `containerd 中须有每个镜像的 ${p.platform} 内容（为该平台拉取）；并确认目录可写`,
  },
  "archive.exportMismatch": {
    en: (p) => `the archive ${p.path} has ${p.image} as ${p.want}, containerd has ${p.got}.`,
    zh: (p) => `归档 ${p.path} 中 ${p.image} 为 ${p.want}，而 containerd 中为 ${p.got}。`,
  },
  "archive.absent": { en: () => "(absent)", zh: () => "（不存在）" },
  "archive.notArchive": {
    en: (p) => `${p.path} is not an image archive (${p.reason}).`,
    zh: (p) => `${p.path} 不是镜像归档（${p.reason}）。`,
  },
  "archive.notArchiveHint": {
    en: () => "give a file written by kadm-wizard images export (ctr images export)",
    zh: () => "请提供由 kadm-wizard images export（ctr images export）生成的文件",
  },
  "archive.importFailed": {
    en: (p) => `ctr could not import ${p.path} (${p.reason}).`,
    zh: (p) => `ctr 无法导入 ${p.path}（${p.reason}）。`,
  },
  "archive.importFailedHint": {
    en: () => "check that containerd runs and has room under its root (df -h /var/lib/containerd)",
    zh: () => "请确认 containerd 在运行且其根目录有足够空间（df -h /var/lib/containerd）",
  },
  "archive.verifyFailed": {
    en: (p) =>
      `after the import ${plural(p.count, "image does", "images do")} not carry the archive's digest; first: ${p.image} is ${p.got}, the archive says ${p.want}.`,
    zh: (p) =>
      `导入后有 ${p.count} 个镜像的摘要与归档不符；第一个：${p.image} 为 ${p.got}，归档中为 ${p.want}。`,
  },
  "archive.verifyFailedHint": {
    en: () => "run the import again; if it repeats, the archive is damaged: export it again",
    zh: () => "请重新导入；若仍如此，归档已损坏，请重新导出",
  },
  // --- `images export|import`
  "archive.runtimeDown": {
    en: (p) => `containerd does not answer on ${p.address}: nothing was exported or imported.`,
    zh: (p) => `containerd 在 ${p.address} 上无响应：未导出或导入任何镜像。`,
  },
  "archive.outRequired": {
    en: () => "images export needs --out FILE.",
    zh: () => "images export 需要 --out FILE。",
  },
  "archive.outRequiredHint": {
    en: () => "e.g. kadm-wizard images export --out images.tar --k8s-version v1.33.2",
    zh: () => "例如 kadm-wizard images export --out images.tar --k8s-version v1.33.2",
  },
  "archive.outIsDir": {
    en: (p) => `--out ${p.path} is a directory.`,
    zh: (p) => `--out ${p.path} 是一个目录。`,
  },
  "archive.outIsDirHint": {
    en: (p) => `name the file to write, e.g. --out ${p.example}`,
    zh: (p) => `请写出要生成的文件名，例如 --out ${p.example}`,
  },
  "archive.outNoDir": {
    en: (p) => `--out ${p.path}: the directory ${p.dir} does not exist.`,
    zh: (p) => `--out ${p.path}：目录 ${p.dir} 不存在。`,
  },
  "archive.outNoDirHint": {
    en: (p) => `create it first (mkdir -p ${p.dir}) or choose another --out`,
    zh: (p) => `请先创建该目录（mkdir -p ${p.dir}），或换一个 --out`,
  },
  "archive.fileRequired": {
    en: (p) => `images import takes one archive file${p.value ? `, not "${p.value}"` : ""}.`,
    zh: (p) => `images import 需要一个归档文件${p.value ? `，而不是 "${p.value}"` : ""}。`,
  },
  "archive.fileRequiredHint": {
    en: () => "e.g. kadm-wizard images import images.tar",
    zh: () => "例如 kadm-wizard images import images.tar",
  },
  "archive.fileMissing": {
    en: (p) => `${p.path}: ${p.reason}.`,
    zh: (p) => `${p.path}：${p.reason}。`,
  },
  "archive.badPlatform": {
    en: (p) => `--platform "${p.value}" is not an OCI platform.`,
    zh: (p) => `--platform "${p.value}" 不是 OCI 平台。`,
  },
  "archive.notKubernetesPlatform": {
    en: (p) => `--platform "${p.value}": Kubernetes publishes its images only for ${p.list}.`,
    zh: (p) => `--platform "${p.value}"：Kubernetes 只为 ${p.list} 发布镜像。`,
  },
  "archive.badPlatformHint": {
    en: () => "e.g. --platform linux/amd64 or linux/arm64 (default: this machine's)",
    zh: () => "例如 --platform linux/amd64 或 linux/arm64（默认本机平台）",
  },
  "archive.progress.list": {
    en: () => "asking containerd what it holds",
    zh: () => "查询 containerd 已有的镜像",
  },
  "archive.progress.pull": {
    en: (p) => `pulled ${p.done} of ${plural(p.count, "missing image")} (${p.ref})`,
    zh: (p) => `已拉取 ${p.done}/${p.count} 个缺少的镜像（${p.ref}）`,
  },
  "archive.progress.export": {
    en: (p) => `writing ${plural(p.count, "image")} into the archive`,
    zh: (p) => `正在将 ${p.count} 个镜像写入归档`,
  },
  "archive.progress.import": {
    en: (p) => `importing ${plural(p.count, "image")} into containerd`,
    zh: (p) => `正在将 ${p.count} 个镜像导入 containerd`,
  },
  "archive.progress.verify": { en: () => "checking digests", zh: () => "正在校验摘要" },
  "archive.exported": {
    en: (p) =>
      `wrote ${p.path}: ${plural(p.count, "image")} for ${p.platform}, ${p.size}${p.pulled ? ` (${p.pulled} pulled first)` : ""}.`,
    zh: (p) =>
      `已写入 ${p.path}：${p.count} 个 ${p.platform} 镜像，${p.size}${p.pulled ? `（其中 ${p.pulled} 个先行拉取）` : ""}。`,
  },
  "archive.imported": {
    en: (p) =>
      `${p.path}: ${p.imported} imported, ${p.replaced} replaced, ${p.unchanged} already present${p.verified ? "; every digest matches the archive" : ""}.`,
    zh: (p) =>
      `${p.path}：导入 ${p.imported} 个，替换 ${p.replaced} 个，已存在 ${p.unchanged} 个${p.verified ? "；所有摘要与归档一致" : ""}。`,
  },
  "archive.status.imported": { en: () => "imported", zh: () => "已导入" },
  "archive.status.replaced": { en: () => "replaced", zh: () => "已替换" },
  "archive.status.unchanged": { en: () => "present", zh: () => "已存在" },
  "archive.status.pulled": { en: () => "pulled", zh: () => "已拉取" },
  "archive.status.exported": { en: () => "exported", zh: () => "已导出" },
  "archive.dryRunExport": {
    en: (p) => `dry run: would write ${plural(p.count, "image")} for ${p.platform} to ${p.path}:`,
    zh: (p) => `试运行：将把 ${p.count} 个 ${p.platform} 镜像写入 ${p.path}：`,
  },
  "archive.dryRunImport": {
    en: (p) =>
      `dry run: ${p.path} holds ${plural(p.count, "image")}; images containerd already has with the same digest would be skipped:`,
    zh: (p) => `试运行：${p.path} 含 ${p.count} 个镜像；containerd 中摘要相同的镜像将被跳过：`,
  },
  "archive.dryRunCommands": { en: () => "would run:", zh: () => "将执行：" },
  // --- the stream to nodes over SSH
  "stream.progress": {
    en: (p) => `images from ${p.source}: ${p.done} of ${p.total} (${plural(p.count, "image")})`,
    zh: (p) => `从${p.source}传输镜像：${p.done} / ${p.total}（${p.count} 个）`,
  },
  "stream.sourcePull": {
    en: (p) => `pulling ${plural(p.count, "image")} on ${p.source} once for every node`,
    zh: (p) => `在${p.source}上为所有节点拉取一次 ${p.count} 个镜像`,
  },
  "stream.done": {
    en: (p) =>
      `${plural(p.count, "image")} streamed from ${p.source} (${p.size}, ${p.seconds} s); ${p.present} already there`,
    zh: (p) => `已从${p.source}传输 ${p.count} 个镜像（${p.size}，${p.seconds} 秒）；${p.present} 个已存在`,
  },
  "stream.allPresent": {
    en: (p) => `${Number(p.count) === 1 ? "the image is" : `all ${p.count} images are`} already on the node`,
    zh: (p) => `节点上已有全部 ${p.count} 个镜像`,
  },
  "stream.failed": {
    en: (p) => `streaming images from ${p.source} failed (${p.reason}); pulling them on the node instead`,
    zh: (p) => `从${p.source}传输镜像失败（${p.reason}）；改为在该节点上拉取`,
  },
  "stream.sourceLacks": {
    en: (p) => `this node could not pull ${plural(p.count, "image")} either: ${p.images}`,
    zh: (p) => `本节点也无法拉取 ${p.count} 个镜像：${p.images}`,
  },
  "stream.sourceDown": {
    en: (p) => `images are pulled on the node: containerd on ${p.source} does not answer (${p.address})`,
    zh: (p) => `镜像将在节点上拉取：${p.source}上的 containerd 无响应（${p.address}）`,
  },
  "stream.dryRunPlan": {
    en: () =>
      "  images: each host gets only those it lacks, streamed from this node's containerd (ctr images export - | ctr images import - over SSH, no temp file), pulled on the host when the stream fails",
    zh: () =>
      "  镜像：每台主机只接收缺少的镜像，经 SSH 从本节点的 containerd 直接传输（ctr images export - | ctr images import -，不落临时文件），传输失败时在该主机上拉取",
  },
  "stream.dryRunShared": {
    en: () =>
      "    hosts that lack the same images share one export of them: this node's containerd reads each image once for all of them",
    zh: () => "    缺少相同镜像的主机共用一次导出：本节点的 containerd 为它们每个镜像只读取一次",
  },
  "stream.thisNode": { en: () => "this node", zh: () => "本节点" },
} satisfies Record<string, Entry>;
