import type { Entry } from "../entry.js";

/** Host preparation steps. Keys are prefixed "step." */
export const STEP_MESSAGES = {
  "step.swap": { en: () => "swap off now and at boot", zh: () => "立即关闭 swap 并禁止开机启用" },
  "step.modules": {
    en: () => "kernel modules overlay, br_netfilter",
    zh: () => "内核模块 overlay、br_netfilter",
  },
  "step.sysctl": {
    en: () => "sysctls for bridged traffic and IP forwarding",
    zh: () => "网桥流量与 IP 转发的 sysctl 参数",
  },
  "step.commandFailed": {
    en: (p) => `\`${p.command}\` failed: ${p.reason}.`,
    zh: (p) => `\`${p.command}\` 执行失败：${p.reason}。`,
  },
  "step.swapoffHint": {
    en: () => "turn swap off by hand (swapoff -a) and check `cat /proc/swaps`",
    zh: () => "请手动关闭 swap（swapoff -a），并用 `cat /proc/swaps` 检查",
  },
  "step.modprobeHint": {
    en: (p) =>
      `install the kernel modules package for the running kernel (e.g. linux-modules-extra-$(uname -r)), then modprobe ${p.module}`,
    zh: (p) =>
      `请安装当前内核对应的内核模块包（如 linux-modules-extra-$(uname -r)），然后执行 modprobe ${p.module}`,
  },
  "step.sysctlHint": {
    en: (p) =>
      `set ${p.key} = ${p.value} by hand; bridge settings need br_netfilter loaded first (modprobe br_netfilter)`,
    zh: (p) =>
      `请手动设置 ${p.key} = ${p.value}；网桥相关参数需要先加载 br_netfilter（modprobe br_netfilter）`,
  },
  "step.packages": {
    en: () => "kubelet, kubeadm, kubectl pinned and held",
    zh: () => "安装并锁定 kubelet、kubeadm、kubectl 版本",
  },
  "packages.unsupported": {
    en: () =>
      "cannot install packages on this distribution: /etc/os-release names neither a Debian/Ubuntu nor a RHEL-like system.",
    zh: () => "无法在此发行版上安装软件包：/etc/os-release 既不是 Debian/Ubuntu 也不是 RHEL 系。",
  },
  "packages.unsupportedHint": {
    en: () => "install kubelet, kubeadm and kubectl yourself and run again without --install-packages",
    zh: () => "请自行安装 kubelet、kubeadm 和 kubectl，然后不带 --install-packages 重新运行",
  },
  "packages.noRepository": {
    en: (p) => `profile ${p.profile} names no package repository for this distribution.`,
    zh: (p) => `配置方案 ${p.profile} 没有为此发行版指定软件源。`,
  },
  "packages.noRepositoryHint": {
    en: () =>
      "use --profile aliyun or upstream, add packageRepository to your profile, or install the packages yourself",
    zh: () => "请使用 --profile aliyun 或 upstream，或在方案中添加 packageRepository，或自行安装软件包",
  },
  "packages.installHint": {
    en: (p) =>
      `check that ${p.url} is reachable from this host (curl -I ${p.url}) and that the package manager is not locked`,
    zh: (p) => `请检查本机能否访问 ${p.url}（curl -I ${p.url}），以及包管理器是否被占用`,
  },
  "packages.versionMissing": {
    en: (p) => `Kubernetes ${p.version} is not in ${p.url} (the mirror may not have synced it yet).`,
    zh: (p) => `${p.url} 中没有 Kubernetes ${p.version}（镜像站可能尚未同步）。`,
  },
  "packages.versionMissingHint": {
    en: () => "pin an earlier patch release (see apt-cache madison kubeadm) or try --profile upstream",
    zh: () => "请固定一个更早的补丁版本（见 apt-cache madison kubeadm），或尝试 --profile upstream",
  },
} satisfies Record<string, Entry>;
