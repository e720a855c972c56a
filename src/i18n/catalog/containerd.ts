import type { Entry } from "../entry.js";

/** Messages of the containerd area. Keys are prefixed "containerd." */
export const CONTAINERD_MESSAGES = {
  "containerd.step": {
    en: () => "containerd for kubeadm: cgroup driver, pause image, registry mirrors",
    zh: () => "为 kubeadm 配置 containerd：cgroup 驱动、pause 镜像、镜像仓库加速",
  },
  "containerd.notInstalled": {
    en: (p) => `containerd cannot be run (\`${p.command}\`: ${p.reason}).`,
    zh: (p) => `无法运行 containerd（\`${p.command}\`：${p.reason}）。`,
  },
  "containerd.noteNotInstalled": {
    en: (p) =>
      `containerd is not installed: this plan starts ${p.path} from an empty file; a real run needs containerd installed first (its \`containerd config default\` is then the base).`,
    zh: (p) =>
      `未安装 containerd：本计划以空文件为基础生成 ${p.path}；实际运行前需先安装 containerd（届时以其 \`containerd config default\` 为基础）。`,
  },
  "containerd.installHint": {
    en: () =>
      "install containerd (e.g. apt-get install containerd, or containerd.io from the Docker repository), then check `containerd --version`",
    zh: () =>
      "请先安装 containerd（如 apt-get install containerd，或 Docker 软件源中的 containerd.io），再用 `containerd --version` 检查",
  },
  "containerd.parse": {
    en: (p) => `${p.path} is not valid TOML (${p.detail}); it was left unchanged.`,
    zh: (p) => `${p.path} 不是合法的 TOML（${p.detail}），文件未做修改。`,
  },
  "containerd.parseHint": {
    en: (p) =>
      `fix that line, or move ${p.path} away so a fresh one is generated from \`containerd config default\``,
    zh: (p) => `请修正该行，或将 ${p.path} 移走，以便从 \`containerd config default\` 重新生成`,
  },
  "containerd.noVersion": {
    en: (p) =>
      `${p.path} has no \`version = 2\` (containerd 1.x), \`version = 3\` (containerd 2.0-2.2) or \`version = 4\` (containerd 2.3+) line, so its plugin sections cannot be told apart; it was left unchanged.`,
    zh: (p) =>
      `${p.path} 中没有 \`version = 2\`（containerd 1.x）、\`version = 3\`（containerd 2.0-2.2）或 \`version = 4\`（containerd 2.3+），无法判断插件配置的格式，文件未做修改。`,
  },
  "containerd.versionHint": {
    en: () =>
      "add the version line that matches the file, or regenerate it with `containerd config default` (containerd 2.x can convert old files with `containerd config migrate`)",
    zh: () =>
      "请补上与文件内容相符的 version 行，或用 `containerd config default` 重新生成（containerd 2.x 可用 `containerd config migrate` 转换旧文件）",
  },
  "containerd.newerVersionHint": {
    en: (p) =>
      `this containerd writes a config version newer than kadm-wizard knows: use a kadm-wizard release that supports it, or set the three settings in ${p.path} by hand (SystemdCgroup, the sandbox image, config_path) and run with --skip-prep`,
    zh: (p) =>
      `该 containerd 使用的配置版本比 kadm-wizard 所知的更新：请使用支持该版本的 kadm-wizard，或手动在 ${p.path} 中设置这三项（SystemdCgroup、沙箱镜像、config_path），再加上 --skip-prep 运行`,
  },
  "containerd.unsupportedVersion": {
    en: (p) =>
      `${p.path} uses config ${p.detail}; only version 2 (containerd 1.x), 3 (containerd 2.0-2.2) and 4 (containerd 2.3+) are supported. It was left unchanged.`,
    zh: (p) =>
      `${p.path} 使用的是配置 ${p.detail}；仅支持 version 2（containerd 1.x）、3（containerd 2.0-2.2）和 4（containerd 2.3+），文件未做修改。`,
  },
  "containerd.inlineTable": {
    en: (p) =>
      `${p.path} writes ${p.detail} as an inline table ({ ... }), which cannot be edited line by line; it was left unchanged.`,
    zh: (p) => `${p.path} 中 ${p.detail} 写成了内联表（{ ... }），无法逐行修改，文件未做修改。`,
  },
  "containerd.inlineTableHint": {
    en: (p) => `rewrite it as a [${p.detail}] table and run again`,
    zh: (p) => `请改写为 [${p.detail}] 表后重新运行`,
  },
  "containerd.legacyMirrors": {
    en: (p) =>
      `${p.path} still sets the deprecated ${p.keys}, which containerd refuses next to config_path ("mirrors cannot be set when config_path is provided"); nothing was changed.`,
    zh: (p) =>
      `${p.path} 仍在使用已弃用的 ${p.keys}，containerd 不允许它与 config_path 同时存在（"mirrors cannot be set when config_path is provided"），未做任何修改。`,
  },
  "containerd.legacyMirrorsHint": {
    en: (p) =>
      `move those registries to ${p.certsDir}/<registry>/hosts.toml (containerd docs/hosts.md; kadm-wizard writes them from registryMirrors) and delete the old sections from ${p.path}`,
    zh: (p) =>
      `请把这些仓库改写到 ${p.certsDir}/<仓库>/hosts.toml（见 containerd docs/hosts.md；kadm-wizard 会根据 registryMirrors 生成），并从 ${p.path} 删除旧的配置段`,
  },
  "containerd.badMirror": {
    en: (p) => `registry mirror "${p.mirror}" for ${p.registry} is not an http:// or https:// URL.`,
    zh: (p) => `${p.registry} 的镜像地址 "${p.mirror}" 不是 http:// 或 https:// 开头的 URL。`,
  },
  "containerd.badRegistry": {
    en: (p) => `"${p.registry}" in registryMirrors is not a registry host (host or host:port).`,
    zh: (p) => `registryMirrors 中的 "${p.registry}" 不是镜像仓库主机名（host 或 host:port）。`,
  },
  "containerd.mirrorHint": {
    en: () =>
      'write registryMirrors as upstream host -> full mirror URLs, e.g. docker.io: ["https://docker.m.daocloud.io"]',
    zh: () =>
      '请按“上游主机 -> 完整镜像 URL”填写 registryMirrors，例如 docker.io: ["https://docker.m.daocloud.io"]',
  },
  "containerd.rejected": {
    en: (p) => `containerd rejects the new ${p.path}: ${p.reason}.`,
    zh: (p) => `containerd 无法接受新的 ${p.path}：${p.reason}。`,
  },
  "containerd.rejectedRestored": {
    en: (p) =>
      `containerd rejects the new ${p.path}: ${p.reason}. The previous file was put back and containerd was not restarted.`,
    zh: (p) => `containerd 无法接受新的 ${p.path}：${p.reason}。已恢复原文件，containerd 未重启。`,
  },
  "containerd.rejectedHint": {
    en: (p) =>
      `the rejected version is kept as ${p.rejected}; \`containerd --config ${p.rejected} config dump\` shows the full error`,
    zh: (p) =>
      `被拒绝的版本保存在 ${p.rejected}；可用 \`containerd --config ${p.rejected} config dump\` 查看完整错误`,
  },
  "containerd.rejectedNewHint": {
    en: (p) =>
      `see the full error with \`containerd --config ${p.path} config dump\`, then fix or remove ${p.path}`,
    zh: (p) => `可用 \`containerd --config ${p.path} config dump\` 查看完整错误，然后修正或删除 ${p.path}`,
  },
  "containerd.restartHint": {
    en: () =>
      "look at `journalctl -u containerd -n 50` for why containerd did not come back, fix it and run again",
    zh: () => "请查看 `journalctl -u containerd -n 50` 了解 containerd 未能启动的原因，修复后重新运行",
  },
  "containerd.noteCreated": {
    en: (p) =>
      `${p.path} did not exist: it starts from \`containerd config default\` (config version ${p.version}).`,
    zh: (p) =>
      `${p.path} 原本不存在：以 \`containerd config default\` 的输出为基础（配置 version ${p.version}）。`,
  },
  "containerd.noteHostsOnly": {
    en: () => "only hosts.toml files changed; containerd reads them on every pull, so it was not restarted.",
    zh: () => "仅 hosts.toml 有变化；containerd 每次拉取镜像时都会读取它们，因此无需重启。",
  },
  "containerd.noteUnverified": {
    en: (p) => `dry run: the new ${p.path} was not checked by containerd.`,
    zh: (p) => `试运行：新的 ${p.path} 未经 containerd 校验。`,
  },
  "containerd.noteNotEffective": {
    en: (p) =>
      `containerd's effective configuration does not show ${p.what}; a file pulled in with \`imports\` may override it.`,
    zh: (p) => `containerd 的实际生效配置中没有 ${p.what}；可能被 \`imports\` 引入的其他文件覆盖了。`,
  },
} satisfies Record<string, Entry>;
