import type { Entry } from "../entry.js";

/**
 * The wizard's cross-field checks at the question ("ask."), Kubernetes minor versions
 * ("version.minor"/"version.patch") and importing a kubeadm configuration ("import.").
 */
export const SPEC_INPUT_MESSAGES = {
  "ask.notOnHost": {
    en: (p) => `${p.value} is not on this host: this must be the control-plane host itself.`,
    zh: (p) => `${p.value} 不是本机的地址：该配置必须在拥有此地址的控制平面主机上使用。`,
  },
  "ask.useAnyway": { en: () => "Use it anyway?", zh: () => "仍然使用？" },
  "ask.vipOutsideInterface": {
    en: (p) =>
      `the VIP ${p.vip} is not in the subnet of ${p.iface} (${p.nets}); kube-vip announces it by ARP on that interface, so it must be a free address there.`,
    zh: (p) =>
      `VIP ${p.vip} 不在网卡 ${p.iface} 的网段（${p.nets}）内；kube-vip 通过该网卡的 ARP 宣告它，必须是该网段中未被占用的地址。`,
  },
  "ask.conflictsWith": {
    en: (p) => `(conflicts with ${p.what} ${p.value} ${p.source})`,
    zh: (p) => `（与${p.source}的 ${p.what} ${p.value} 冲突）`,
  },
  "ask.source.flags": { en: () => "given on the command line", zh: () => "命令行参数" },
  "ask.source.answers": { en: () => "from the answers file", zh: () => "答案文件中" },
  "ask.source.profile": { en: (p) => `from the profile ${p.name}`, zh: (p) => `方案 ${p.name} 中` },
  "ask.source.default": { en: () => "(the default)", zh: () => "默认值中" },
  "ask.source.prompts": { en: () => "(your earlier answer)", zh: () => "您之前的回答中" },
  "version.minorPinned": {
    en: (p) => `${p.minor} -> ${p.version}, the newest patch kadm-wizard knows.`,
    zh: (p) => `${p.minor} -> ${p.version}，即 kadm-wizard 已知的最新补丁版本。`,
  },
  "version.minorUnknown": {
    en: (p) => `Kubernetes ${p.value} is a minor version kadm-wizard has no release data for.`,
    zh: (p) => `kadm-wizard 没有 Kubernetes 次版本 ${p.value} 的发布数据。`,
  },
  "version.minorUnknownHint": {
    en: (p) => `pass the full version, e.g. --k8s-version ${p.example}`,
    zh: (p) => `请传入完整版本，例如 --k8s-version ${p.example}`,
  },
  "version.patchNewer": {
    en: (p) =>
      `Kubernetes ${p.value} is newer than the newest patch kadm-wizard knows (${p.known}); image tags follow ${p.known} and may need checking.`,
    zh: (p) =>
      `Kubernetes ${p.value} 比 kadm-wizard 已知的最新补丁版本 (${p.known}) 更新；镜像标签按 ${p.known} 推断，可能需要核对。`,
  },
} satisfies Record<string, Entry>;
