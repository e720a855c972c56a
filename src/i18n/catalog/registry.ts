import type { Entry } from "../entry.js";

/** Messages of the registry area. Keys are prefixed "registry." */
export const REGISTRY_MESSAGES = {
  // --- one line per checked image (params: ref, registry, detail, digest)
  "registry.result.ok": {
    en: (p) => `${p.ref} is available${p.digest ? ` (${p.digest})` : ""}.`,
    zh: (p) => `${p.ref} 可用${p.digest ? `（${p.digest}）` : ""}。`,
  },
  "registry.result.tagMissing": {
    en: (p) => `${p.ref} does not exist on ${p.registry} (${p.detail}).`,
    zh: (p) => `${p.registry} 上不存在 ${p.ref}（${p.detail}）。`,
  },
  "registry.result.platformMissing": {
    en: (p) => `${p.ref} is on ${p.registry}, but not for this node's platform (${p.detail}).`,
    zh: (p) => `${p.registry} 上有 ${p.ref}，但没有本节点平台的版本（${p.detail}）。`,
  },
  "registry.result.unauthorized": {
    en: (p) => `${p.registry} refused access to ${p.ref} (${p.detail}).`,
    zh: (p) => `${p.registry} 拒绝访问 ${p.ref}（${p.detail}）。`,
  },
  "registry.result.unreachable": {
    en: (p) => `cannot reach ${p.registry} to check ${p.ref} (${p.detail}).`,
    zh: (p) => `无法连接 ${p.registry}，未能检查 ${p.ref}（${p.detail}）。`,
  },
  "registry.result.tls": {
    en: (p) => `the TLS certificate of ${p.registry} is not trusted; ${p.ref} was not checked (${p.detail}).`,
    zh: (p) => `${p.registry} 的 TLS 证书不受信任；未能检查 ${p.ref}（${p.detail}）。`,
  },
  "registry.result.error": {
    en: (p) => `unexpected answer from ${p.registry} for ${p.ref} (${p.detail}).`,
    zh: (p) => `${p.registry} 对 ${p.ref} 的响应异常（${p.detail}）。`,
  },
  // --- fixes
  "registry.fix.tagMissingMirror": {
    en: () => "the mirror has not synced this tag yet; try another mirror or pin an older patch release",
    zh: () => "镜像站尚未同步此标签；请换一个镜像站，或固定使用更早的补丁版本",
  },
  "registry.fix.platformMissingMirror": {
    en: () =>
      "the mirror keeps only some architectures of this image; use a mirror that syncs all of them (or the upstream registry) for this node",
    zh: () => "该镜像站只同步了此镜像的部分架构；请为本节点换用同步全部架构的镜像站（或上游镜像仓库）",
  },
  "registry.fix.platformMissing": {
    en: () => "this image is not built for the node's architecture; pick a release or an image that is",
    zh: () => "此镜像没有为本节点的架构构建；请选择支持该架构的版本或镜像",
  },
  "registry.fix.tagMissing": {
    en: () => "check the image name and tag; pin a version that has been released",
    zh: () => "请检查镜像名称和标签；请使用已发布的版本",
  },
  "registry.fix.unauthorized": {
    en: (p) =>
      `give credentials for ${p.registry} or check that the project is public; Docker Hub also answers this way for repositories that do not exist`,
    zh: (p) => `请提供 ${p.registry} 的登录凭据，或确认该项目为公开；对不存在的仓库，Docker Hub 也会这样响应`,
  },
  "registry.fix.unreachable": {
    en: (p) =>
      `check DNS, firewall and proxy (HTTPS_PROXY) for ${p.registry}, or use a mirror reachable from this network`,
    zh: (p) => `请检查访问 ${p.registry} 的 DNS、防火墙和代理（HTTPS_PROXY）设置，或改用本网络可访问的镜像站`,
  },
  "registry.fix.tls": {
    en: (p) =>
      `trust the CA of ${p.registry} (NODE_EXTRA_CA_CERTS for this check, /etc/containerd/certs.d/${p.registry}/ for containerd), or mark it insecure if it serves plain HTTP`,
    zh: (p) =>
      `请信任 ${p.registry} 的 CA 证书（本检查用 NODE_EXTRA_CA_CERTS，containerd 用 /etc/containerd/certs.d/${p.registry}/）；若它只提供 HTTP，请将其标记为不安全（insecure）`,
  },
  "registry.fix.rateLimited": {
    en: () =>
      "the registry is rate limiting (Docker Hub does for anonymous pulls); wait, log in, or use a mirror",
    zh: () => "该镜像仓库正在限流（Docker Hub 会限制匿名拉取）；请稍后重试、登录，或改用镜像站",
  },
  "registry.fix.error": {
    en: () => "retry later; if it persists, try another mirror",
    zh: () => "请稍后重试；若持续出现，请换一个镜像站",
  },
  // --- short status labels for tables
  "registry.status.ok": { en: () => "ok", zh: () => "可用" },
  "registry.status.tag-missing": { en: () => "missing", zh: () => "缺失" },
  "registry.status.platform-missing": { en: () => "no platform", zh: () => "缺少架构" },
  "registry.status.unauthorized": { en: () => "unauthorized", zh: () => "无权限" },
  "registry.status.unreachable": { en: () => "unreachable", zh: () => "无法连接" },
  "registry.status.tls": { en: () => "TLS error", zh: () => "TLS 错误" },
  "registry.status.error": { en: () => "error", zh: () => "错误" },
  // --- bad input
  "registry.invalidReference": {
    en: (p) => `"${p.value}" is not a valid image reference.`,
    zh: (p) => `"${p.value}" 不是有效的镜像引用。`,
  },
  "registry.invalidMirror": {
    en: (p) => `"${p.value}" is not a valid mirror prefix (host[:port][/path]).`,
    zh: (p) => `"${p.value}" 不是有效的镜像站前缀（host[:port][/path]）。`,
  },
  "registry.reason.empty": { en: () => "it is empty", zh: () => "内容为空" },
  "registry.reason.scheme": {
    en: () => "leave out the scheme (https://); write host/path:tag",
    zh: () => "请去掉协议前缀（https://），写成 host/path:tag",
  },
  "registry.reason.uppercase": {
    en: () => "repository names must be lowercase",
    zh: () => "仓库名称必须为小写",
  },
  "registry.reason.name": {
    en: () => "path components take lowercase letters, digits and single . _ - separators",
    zh: () => "路径各段只能包含小写字母、数字以及单个 . _ - 分隔符",
  },
  "registry.reason.host": {
    en: () => "the registry host is not a valid host[:port]",
    zh: () => "镜像仓库地址不是有效的 host[:port]",
  },
  "registry.reason.tag": {
    en: () => "a tag has up to 128 letters, digits, _ . - and does not start with . or -",
    zh: () => "标签最多 128 个字符，只能包含字母、数字、_ . -，且不能以 . 或 - 开头",
  },
  "registry.reason.digest": {
    en: () => "a digest looks like sha256:<64 hex digits>",
    zh: () => "摘要的格式应为 sha256:<64 位十六进制数>",
  },
  "registry.reason.too-long": {
    en: () => "the name is longer than 255 characters",
    zh: () => "名称超过 255 个字符",
  },
} satisfies Record<string, Entry>;
