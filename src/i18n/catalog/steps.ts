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
} satisfies Record<string, Entry>;
