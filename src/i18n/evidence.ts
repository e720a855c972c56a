/**
 * PURE: the fixed words of preflight/doctor evidence in the user's language. Evidence is data
 * ("<source>: <state>; ..."): the checks build it once, in English, and JSON keeps it so; the text
 * renderers pass it through here, which only swaps the state words the checks write (missing,
 * not found, connect failed, (default X), expected:...) and leaves paths, values and command output alone.
 */
import type { Lang } from "./lang.js";

/** After "source: " (or at the start), in this order: specific phrases before general ones. */
const ZH: [RegExp, string][] = [
  [/ ?\(default ([^)]+)\)/g, "（默认 $1）"],
  [/ ?\(SELinux off\)/g, "（SELinux 未启用）"],
  [/present ?\(built in\)/g, "存在（内置）"],
  [/\bconnect ok\b/g, "连接成功"],
  [/\bconnect failed\b/g, "连接失败"],
  [/(^|; )expected: /g, "$1期望："],
  [/(^|; )pinned: /g, "$1固定版本："],
  [/(^|; )journal: /g, "$1日志："],
  [/\bno LISTEN socket on (.+?) in (.+?)(?=;|$)/g, "$2 中没有监听 $1 的套接字"],
  [/(^|; )expected by kubeadm (\S+) \(([^)]+)\): /g, "$1kubeadm $2 期望（$3）："],
  [/ unset \(containerd's built-in default ([^)]+)\)/g, " 未设置（containerd 内置默认值 $1）"],
  [/(: )failCgroupV1 (true|false) by default\b/g, "$1默认 failCgroupV1 $2"],
  [/(: )cgroup \(v1\) on /g, "$1cgroup（v1）挂载于 "],
  [/(: )cgroup2 on /g, "$1cgroup2 挂载于 "],
  [/(: )driver not readable from files\b/g, "$1无法从文件读取驱动"],
  [/(: )no entry for ([^\s;]+)/g, "$1没有 $2 的条目"],
  [/(: )no Secret of type ([^\s;]+)/g, "$1没有类型为 $2 的 Secret"],
  [/(: )no swap areas\b/g, "$1没有 swap 分区"],
  [/(^|; |: )(\d+) nodes? without spec\.podCIDR\b/g, "$1$2 个节点没有 spec.podCIDR"],
  // The remote preflight's failures (src/ssh/scripts.ts), shown in add-node's host table.
  [/(^|; |: )neither crictl nor ctr on PATH\b/g, "$1PATH 中既没有 crictl 也没有 ctr"],
  [/(^|; |: )(\S+) not on PATH\b/g, "$1$2 不在 PATH 中"],
  [/(^|; |: )port (\d+) is in use\b/g, "$1端口 $2 已被占用"],
  [/(^|; |: )(kubeadm|kubelet) (\S+), the cluster runs (\S+)/g, "$1$2 $3，而集群运行的是 $4"],
  [/(^|; |: )(\d+) MB, kubeadm needs (\d+) MB for a control plane\b/g, "$1$2 MB，控制平面节点至少需要 $3 MB"],
  [
    /(^|; |: )(\d+) CPUs?, kubeadm needs (\d+) for a control plane\b/g,
    "$1$2 个 CPU，控制平面节点至少需要 $3 个",
  ],
  [/(: )no ([^\s;]+) lines?\b/g, "$1没有 $2 行"],
  [/(: )(\d+) "processor" lines\b/g, '$1$2 个 "processor" 行'],
  // A lone name only ("no br_netfilter", "no SystemdCgroup (default ...)"): a longer English phrase
  // after "no" stays verbatim rather than half translated.
  [/(: )no ([^\s;,]+)(?=[;,]|$| \()/g, "$1没有 $2"],
  [/(: )empty or missing\b/g, "$1为空或不存在"],
  [/(: )(.+?) \(no \.conf, \.conflist or \.json\)/g, "$1$2（没有 .conf、.conflist 或 .json 文件）"],
  [/(: )missing\b/g, "$1不存在"],
  [/(: )not found\b/g, "$1未找到"],
  [/(: )exists\b/g, "$1存在"],
  // Only a state word on its own: containerd's verbatim "...: failed to resolve reference" stays.
  [/(: )failed(?=;|$| \()/g, "$1失败"],
  [/(: )exit (\d+)\b/g, "$1退出码 $2"],
];

export function localiseEvidence(lang: Lang, text: string): string {
  if (lang === "en") return text;
  return ZH.reduce((s, [re, to]) => s.replace(re, to), text);
}
