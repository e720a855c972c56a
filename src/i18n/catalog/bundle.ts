import type { Entry } from "../entry.js";

/** The `bundle` command (offline bundle: create, install, inspect). Keys are prefixed "bundle." */
export const BUNDLE_MESSAGES = {
  "bundle.usage": {
    en: (p) => `unknown bundle subcommand "${p.value}"; use create, install or inspect.`,
    zh: (p) => `未知的 bundle 子命令 "${p.value}"；可用 create、install 或 inspect。`,
  },
  "bundle.usageHint": {
    en: () =>
      "e.g. kadm-wizard bundle create --k8s-version v1.33.2 --cni calico --os ubuntu-22.04,rocky-9, then bundle install kw-bundle-v1.33.2.tar",
    zh: () =>
      "例如 kadm-wizard bundle create --k8s-version v1.33.2 --cni calico --os ubuntu-22.04,rocky-9，然后 bundle install kw-bundle-v1.33.2.tar",
  },
  "bundle.needFile": {
    en: (p) => `bundle ${p.sub} needs the bundle file.`,
    zh: (p) => `bundle ${p.sub} 需要指定离线包文件。`,
  },
  "bundle.needFileHint": {
    en: (p) => `e.g. kadm-wizard bundle ${p.sub} kw-bundle-v1.33.2.tar`,
    zh: (p) => `例如 kadm-wizard bundle ${p.sub} kw-bundle-v1.33.2.tar`,
  },
  "bundle.badOs": {
    en: (p) => `--os: "${p.value}" is not a distribution kadm-wizard installs packages on.`,
    zh: (p) => `--os："${p.value}" 不是 kadm-wizard 支持安装软件包的发行版。`,
  },
  "bundle.badOsHint": {
    en: (p) => `use keys such as ${p.examples} (comma-separated)`,
    zh: (p) => `请使用 ${p.examples} 这样的标识（逗号分隔）`,
  },
  "bundle.noOs": {
    en: (p) => `--os is needed: this machine's OS (${p.what}) is not one kadm-wizard installs packages on.`,
    zh: (p) => `需要 --os：本机系统（${p.what}）不在 kadm-wizard 支持安装软件包的范围内。`,
  },
  "bundle.badOsRepo": {
    en: (p) => `--os-repo "${p.value}": expected KEY=URL[,KEYURL] or KEY=deb ..., with KEY one of --os.`,
    zh: (p) => `--os-repo "${p.value}"：格式应为 KEY=URL[,KEYURL] 或 KEY=deb ...，KEY 须是 --os 中的一项。`,
  },
  "bundle.badOsRepoHint": {
    en: () =>
      "e.g. --os-repo 'rocky-9=https://mirrors.aliyun.com/rockylinux/9/BaseOS/x86_64/os/' (the distribution's packages: conntrack, socat ...)",
    zh: () =>
      "例如 --os-repo 'rocky-9=https://mirrors.aliyun.com/rockylinux/9/BaseOS/x86_64/os/'（发行版自身的软件包：conntrack、socat 等）",
  },
  "bundle.badArch": {
    en: (p) => `--arch "${p.value}": use amd64 or arm64.`,
    zh: (p) => `--arch "${p.value}"：请使用 amd64 或 arm64。`,
  },
  "bundle.badArchHint": {
    en: () => "e.g. --arch arm64 for Kunpeng / Phytium servers",
    zh: () => "例如鲲鹏、飞腾服务器使用 --arch arm64",
  },
  "bundle.executableUnreadable": {
    en: (p) => `--executable ${p.path}: ${p.reason}.`,
    zh: (p) => `--executable ${p.path}：${p.reason}。`,
  },
  "bundle.executableHint": {
    en: () => "build it with `npm run build:sea` (dist/sea/kadm-wizard-linux-x64), or leave --executable out",
    zh: () => "用 `npm run build:sea` 构建（dist/sea/kadm-wizard-linux-x64），或不传 --executable",
  },
  "bundle.plan.header": {
    en: (p) => `Offline bundle for Kubernetes ${p.version} (${p.arch}) -> ${p.out}`,
    zh: (p) => `Kubernetes ${p.version}（${p.arch}）离线包 -> ${p.out}`,
  },
  "bundle.plan.images": {
    en: (p) => `  images (${p.count}, pulled into this machine's containerd when missing, then exported):`,
    zh: (p) => `  镜像（${p.count} 个；本机 containerd 中缺少的先拉取，再导出）：`,
  },
  "bundle.plan.cni": {
    en: (p) => `  CNI manifest: ${p.plugin} ${p.version} (sha256 pinned)`,
    zh: (p) => `  CNI 清单：${p.plugin} ${p.version}（sha256 已固定）`,
  },
  "bundle.plan.os": {
    en: (p) => `  packages for ${p.os} (${p.manager}, with dependencies, not installed here): ${p.packages}`,
    zh: (p) => `  ${p.os} 的软件包（${p.manager}，含依赖，不在本机安装）：${p.packages}`,
  },
  "bundle.plan.executable": {
    en: (p) => `  kadm-wizard executable: ${p.path}`,
    zh: (p) => `  kadm-wizard 可执行文件：${p.path}`,
  },
  "bundle.plan.noExecutable": {
    en: () =>
      "  kadm-wizard executable: missing (not running as the single executable); build it with `npm run build:sea` and pass --executable dist/sea/kadm-wizard-linux-x64",
    zh: () =>
      "  kadm-wizard 可执行文件：缺失（当前不是以单文件可执行程序运行）；请用 `npm run build:sea` 构建并传入 --executable dist/sea/kadm-wizard-linux-x64",
  },
  "bundle.dryRun": {
    en: () => "Dry run: nothing downloaded, nothing written.",
    zh: () => "试运行：未下载、未写入任何内容。",
  },
  "bundle.step.cni": {
    en: (p) => `CNI manifest ${p.plugin} ${p.version} ...`,
    zh: (p) => `CNI 清单 ${p.plugin} ${p.version} ……`,
  },
  "bundle.step.images": {
    en: (p) => `images (${p.count}) ...`,
    zh: (p) => `镜像（${p.count} 个）……`,
  },
  "bundle.step.packages": {
    en: (p) => `packages for ${p.os} ...`,
    zh: (p) => `${p.os} 的软件包……`,
  },
  "bundle.step.executable": {
    en: () => "kadm-wizard executable ...",
    zh: () => "kadm-wizard 可执行文件……",
  },
  "bundle.step.write": {
    en: (p) => `writing ${p.out} ...`,
    zh: (p) => `正在写入 ${p.out} ……`,
  },
  "bundle.step.verify": {
    en: (p) => `verifying ${p.count} parts (${p.size}) against the manifest ...`,
    zh: (p) => `正在按清单校验 ${p.count} 个部件（${p.size}）……`,
  },
  "bundle.step.files": {
    en: () => "placing the files ...",
    zh: () => "正在放置文件……",
  },
  "bundle.created": {
    en: (p) => `✓ wrote ${p.out}: ${p.size}, ${p.parts} parts, packages for ${p.os}`,
    zh: (p) => `✓ 已写入 ${p.out}：${p.size}，${p.parts} 个部件，含 ${p.os} 的软件包`,
  },
  "bundle.createdNext": {
    en: (p) => `Next: copy it to the air-gapped server, then run: kadm-wizard bundle install ${p.file}`,
    zh: (p) => `下一步：把它复制到离线服务器上，然后执行：kadm-wizard bundle install ${p.file}`,
  },
  "bundle.commandFailed": {
    en: (p) => `${p.command} failed: ${p.reason}`,
    zh: (p) => `${p.command} 执行失败：${p.reason}`,
  },
  "bundle.commandFailedHint": {
    en: () =>
      "check that this machine reaches the profile's repositories (bundle create runs where the mirrors are reachable)",
    zh: () => "请确认本机能访问方案中的软件源（bundle create 需在能访问镜像源的机器上执行）",
  },
  "bundle.installHint": {
    en: () =>
      "the bundle's repository lacks a package this OS needs: create the bundle again with --os-repo for it",
    zh: () => "离线包的软件源缺少本系统所需的软件包：请加上对应的 --os-repo 重新创建离线包",
  },
  "bundle.keyFailed": {
    en: (p) => `cannot download the repository key ${p.url}: ${p.reason}`,
    zh: (p) => `无法下载软件源密钥 ${p.url}：${p.reason}`,
  },
  "bundle.noRuntimeSource": {
    en: (p) =>
      `no containerd for ${p.os}: the profile has no docker-ce repository and no --os-repo was given for it.`,
    zh: (p) => `${p.os} 没有 containerd 来源：方案中没有 docker-ce 软件源，也未为其提供 --os-repo。`,
  },
  "bundle.osRepoHint": {
    en: (p) =>
      `give the distribution's repository: --os-repo ${p.os}=URL, or packageRepository.dockerCe in an answers file`,
    zh: (p) => `请提供发行版软件源：--os-repo ${p.os}=URL，或在应答文件中设置 packageRepository.dockerCe`,
  },
  "bundle.noTools": {
    en: (p) =>
      `${p.os}: without --os-repo the distribution's own tools (${p.tools}) are not in the bundle; the servers must have them.`,
    zh: (p) => `${p.os}：未提供 --os-repo，发行版自带的工具（${p.tools}）不在离线包中，服务器上须已安装。`,
  },
  "bundle.packageMissing": {
    en: (p) => `${p.name} for ${p.os} was not downloaded.`,
    zh: (p) => `未能下载 ${p.os} 的 ${p.name}。`,
  },
  "bundle.cniFailed": {
    en: (p) =>
      `the ${p.plugin} ${p.version} manifest could not be downloaded with its pinned sha256 (${p.tried}).`,
    zh: (p) => `无法下载与固定 sha256 一致的 ${p.plugin} ${p.version} 清单（${p.tried}）。`,
  },
  "bundle.cniFailedHint": {
    en: () => "use a profile whose cni.manifestSources this machine reaches (aliyun or upstream)",
    zh: () => "请使用本机能访问其 cni.manifestSources 的方案（aliyun 或 upstream）",
  },
  "bundle.pullFailed": {
    en: (p) => `these images could not be pulled for the bundle: ${p.images}`,
    zh: (p) => `以下镜像无法拉取，未能打入离线包：${p.images}`,
  },
  "bundle.pullFailedHint": {
    en: () => "run kadm-wizard images pull with the same flags to see why, then create the bundle again",
    zh: () => "用相同参数执行 kadm-wizard images pull 查看原因，然后重新创建离线包",
  },
  "bundle.ctrHint": {
    en: (p) => `containerd must be running on ${p.address} (systemctl start containerd)`,
    zh: (p) => `containerd 须在 ${p.address} 上运行（systemctl start containerd）`,
  },
  "bundle.unreadable": {
    en: (p) => `cannot read the bundle ${p.file}: ${p.reason}.`,
    zh: (p) => `无法读取离线包 ${p.file}：${p.reason}。`,
  },
  "bundle.unreadableHint": {
    en: () => "give the path of a file made by kadm-wizard bundle create",
    zh: () => "请给出 kadm-wizard bundle create 生成的文件路径",
  },
  "bundle.damaged": {
    en: (p) => `the bundle ${p.file} is damaged: ${p.where}.`,
    zh: (p) => `离线包 ${p.file} 已损坏：${p.where}。`,
  },
  // A refused install says the node is as it was; `bundle inspect` installs nothing anyway.
  "bundle.nothingInstalled": {
    en: (p) => `${p.message} Nothing was installed.`,
    zh: (p) => `${p.message}未安装任何内容。`,
  },
  "bundle.damagedHint": {
    en: () => "copy the bundle again (compare its sha256sum with the source's), or create it again",
    zh: () => "请重新复制离线包（与源文件比对 sha256sum），或重新创建",
  },
  "bundle.partMismatch": {
    en: (p) =>
      `the bundle ${p.file} is damaged: part ${p.part} does not match the manifest (sha256 ${p.actual}, expected ${p.expected})${Number(p.more) > 0 ? `, and ${p.more} more` : ""}.`,
    zh: (p) =>
      `离线包 ${p.file} 已损坏：部件 ${p.part} 与清单不符（sha256 为 ${p.actual}，应为 ${p.expected}）${Number(p.more) > 0 ? `，另有 ${p.more} 个` : ""}。`,
  },
  "bundle.partMissing": {
    en: (p) =>
      `the bundle ${p.file} is incomplete: part ${p.part} is missing${Number(p.more) > 0 ? `, and ${p.more} more` : ""}.`,
    zh: (p) =>
      `离线包 ${p.file} 不完整：缺少部件 ${p.part}${Number(p.more) > 0 ? `，另有 ${p.more} 个` : ""}。`,
  },
  "bundle.where.after": {
    en: (p) => `${p.where}, after part ${p.part}`,
    zh: (p) => `${p.where}，位于部件 ${p.part} 之后`,
  },
  "bundle.where.truncated": { en: () => "the file ends too early", zh: () => "文件提前结束" },
  "bundle.where.header": {
    en: (p) => `the tar header at byte ${p.detail} is corrupt`,
    zh: (p) => `第 ${p.detail} 字节处的 tar 头已损坏`,
  },
  "bundle.where.entry": {
    en: (p) => `entry ${p.detail} is cut short`,
    zh: (p) => `条目 ${p.detail} 不完整`,
  },
  "bundle.where.padding": {
    en: (p) => `the padding after part ${p.detail} was changed`,
    zh: (p) => `部件 ${p.detail} 之后的填充字节被改动`,
  },
  "bundle.where.end": {
    en: () => "the end of the archive was changed",
    zh: () => "归档结尾被改动",
  },
  "bundle.where.noManifest": {
    en: () => "its first entry is not manifest.json",
    zh: () => "第一个条目不是 manifest.json",
  },
  "bundle.where.unexpected": {
    en: (p) => `entry ${p.entry} is not in the manifest`,
    zh: (p) => `条目 ${p.entry} 不在清单中`,
  },
  "bundle.where.manifestSum": {
    en: (p) => `part ${p.entry} does not match its sha256 (manifest.json.sha256)`,
    zh: (p) => `部件 ${p.entry} 与其 sha256（manifest.json.sha256）不符`,
  },
  "bundle.manifestNotJson": {
    en: () => "manifest.json is not JSON",
    zh: () => "manifest.json 不是 JSON",
  },
  "bundle.manifestBad": {
    en: (p) => `manifest.json has a bad ${p.field}`,
    zh: (p) => `manifest.json 的 ${p.field} 字段无效`,
  },
  "bundle.otherArch": {
    en: (p) =>
      `this bundle is for ${p.bundle}, this node is ${p.node} (uname -m: ${p.machine}): its packages and images would not run here.`,
    zh: (p) =>
      `此离线包适用于 ${p.bundle}，本节点是 ${p.node}（uname -m：${p.machine}）：其中的软件包和镜像无法在此运行。`,
  },
  "bundle.otherArchHint": {
    en: (p) =>
      p.arch === "amd64" || p.arch === "arm64"
        ? `create a bundle for this node with --arch ${p.arch}`
        : "bundles are made for amd64 and arm64 only; install this node from the online mirrors",
    zh: (p) =>
      p.arch === "amd64" || p.arch === "arm64"
        ? `请用 --arch ${p.arch} 为本节点创建离线包`
        : "离线包只支持 amd64 和 arm64；请通过在线软件源安装本节点",
  },
  "bundle.osNotInBundle": {
    en: (p) => `this node is ${p.os}, the bundle has packages for ${p.have} only.`,
    zh: (p) => `本节点是 ${p.os}，而离线包只含 ${p.have} 的软件包。`,
  },
  "bundle.osNotInBundleHint": {
    en: (p) => `create the bundle with --os ${p.os} (the OS keys are comma-separated)`,
    zh: (p) => `创建离线包时加上 --os ${p.os}（多个系统用逗号分隔）`,
  },
  "bundle.verified": {
    en: (p) => `✓ verified: ${p.count} parts, ${p.size}, every sha256 as in the manifest`,
    zh: (p) => `✓ 校验通过：${p.count} 个部件，${p.size}，sha256 均与清单一致`,
  },
  "bundle.filesChanged": {
    en: (p) => `~ files: ${p.changed} of ${p.count} placed (${p.dir}, the CNI cache, the executable)`,
    zh: (p) => `~ 文件：已放置 ${p.count} 个中的 ${p.changed} 个（${p.dir}、CNI 缓存、可执行文件）`,
  },
  "bundle.filesUnchanged": {
    en: (p) => `✓ files: all ${p.count} in place, unchanged`,
    zh: (p) => `✓ 文件：${p.count} 个均已就位，未改动`,
  },
  "bundle.packagesLine": {
    en: (p) => `packages for ${p.os} from the bundle's local repository; held: ${p.held}`,
    zh: (p) => `${p.os} 的软件包来自离线包的本地软件源；已锁定：${String(p.held).replaceAll(", ", "、")}`,
  },
  "bundle.imagesPlanned": {
    en: (p) => `~ images: ${p.count} would be imported into containerd`,
    zh: (p) => `~ 镜像：将向 containerd 导入 ${p.count} 个`,
  },
  "bundle.imagesLine": {
    en: (p) => `images: ${p.imported} imported, ${p.count} in the bundle`,
    zh: (p) => `镜像：导入 ${p.imported} 个，离线包中共 ${p.count} 个`,
  },
  "bundle.unchanged": { en: () => "unchanged", zh: () => "未改动" },
  "bundle.changed": { en: () => "changed", zh: () => "已改动" },
  "bundle.wouldChange": { en: () => "would change", zh: () => "将改动" },
  "bundle.installed": {
    en: (p) => `Bundle installed: Kubernetes ${p.version} for ${p.os}. Nothing from outside is needed now:`,
    zh: (p) => `离线包已安装：Kubernetes ${p.version}（${p.os}）。现在无需访问外部网络：`,
  },
  "bundle.installedUnchanged": {
    en: (p) => `Bundle already installed: Kubernetes ${p.version} for ${p.os}, nothing changed. Next:`,
    zh: (p) => `离线包此前已安装：Kubernetes ${p.version}（${p.os}），未做任何改动。下一步：`,
  },
  "bundle.dryRunInstall": {
    en: () => "Dry run: the bundle was verified; nothing was written or installed.",
    zh: () => "试运行：离线包已校验；未写入或安装任何内容。",
  },
  "bundle.commands": { en: () => "commands:", zh: () => "命令：" },
  "bundle.inspect.header": {
    en: (p) =>
      `${p.file}: Kubernetes ${p.version}, ${p.cni}, ${p.arch}, made by kadm-wizard ${p.tool} on ${p.created} (profile ${p.profile})`,
    zh: (p) =>
      `${p.file}：Kubernetes ${p.version}，${p.cni}，${p.arch}，由 kadm-wizard ${p.tool} 于 ${p.created} 创建（方案 ${p.profile}）`,
  },
  "bundle.inspect.os": {
    en: (p) => `OS families: ${p.list}`,
    zh: (p) => `操作系统：${p.list}`,
  },
  "bundle.inspect.images": {
    en: (p) => `images (${p.count}):`,
    zh: (p) => `镜像（${p.count} 个）：`,
  },
  "bundle.inspect.parts": {
    en: (p) => `parts (${p.count}, ${p.size}):`,
    zh: (p) => `部件（${p.count} 个，${p.size}）：`,
  },
  "bundle.inspect.kind.images": { en: () => "images", zh: () => "镜像" },
  "bundle.inspect.kind.cni": { en: () => "CNI", zh: () => "CNI" },
  "bundle.inspect.kind.package": { en: () => "package", zh: () => "软件包" },
  "bundle.inspect.kind.repo-index": { en: () => "index", zh: () => "索引" },
  "bundle.inspect.kind.executable": { en: () => "program", zh: () => "程序" },
  "bundle.inspect.ok": { en: () => "ok", zh: () => "正常" },
  "bundle.inspect.mismatch": { en: () => "MISMATCH", zh: () => "不符" },
  "bundle.inspect.missing": { en: () => "MISSING", zh: () => "缺失" },
  "bundle.inspect.allOk": {
    en: (p) => `✓ all ${p.count} parts match the manifest.`,
    zh: (p) => `✓ ${p.count} 个部件全部与清单一致。`,
  },
  "bundle.inspect.bad": {
    en: (p) =>
      `the bundle ${p.file} is damaged: part ${p.part} ${p.status === "missing" ? "is missing" : "does not match the manifest"}${Number(p.more) > 0 ? `, and ${p.more} more` : ""}.`,
    zh: (p) =>
      `离线包 ${p.file} 已损坏：部件 ${p.part}${p.status === "missing" ? "缺失" : "与清单不符"}${Number(p.more) > 0 ? `，另有 ${p.more} 个` : ""}。`,
  },
  "bundle.inspect.notVerified": {
    en: () => "checksums not verified (add --verify to read every part)",
    zh: () => "未校验 sha256（加 --verify 读取并校验每个部件）",
  },
} satisfies Record<string, Entry>;
