import { FIELDS } from "../spec/fields.js";

/** One CLI option: parseArgs shape plus bilingual help. */
export interface OptionDef {
  name: string;
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  arg?: string;
  en: string;
  zh: string;
}

/** Options every command takes (they shape the output, not what is done). */
export const GLOBAL_OPTIONS: OptionDef[] = [
  {
    name: "lang",
    type: "string",
    arg: "en|zh",
    en: "language of messages (default from LANG)",
    zh: "消息语言（默认取自 LANG）",
  },
  {
    name: "verbose",
    type: "boolean",
    short: "v",
    en: "more detail, and stack traces on errors",
    zh: "输出更多细节，出错时显示堆栈",
  },
  { name: "no-color", type: "boolean", en: "plain output without colours", zh: "不使用颜色" },
  { name: "help", type: "boolean", short: "h", en: "show help", zh: "显示帮助" },
];

/** For the commands that read or change this host's files (not `config`, `completion`). */
export const ROOT_OPTION: OptionDef = {
  name: "root",
  type: "string",
  arg: "DIR",
  en: "host file-system root (default /)",
  zh: "主机文件系统根目录（默认 /）",
};

/** For the commands that run kubeadm themselves. */
export const KUBEADM_OPTION: OptionDef = {
  name: "kubeadm",
  type: "string",
  arg: "PATH",
  en: "kubeadm binary to run (default: kubeadm from PATH)",
  zh: "要使用的 kubeadm 可执行文件（默认取 PATH 中的 kubeadm）",
};

const SPEC_HELP: Record<string, Pick<OptionDef, "arg" | "en" | "zh">> = {
  "k8s-version": { arg: "vX.Y.Z", en: "pinned Kubernetes version", zh: "固定的 Kubernetes 版本" },
  "image-repository": { arg: "REPO", en: "registry for kubeadm's images", zh: "kubeadm 镜像仓库" },
  "pod-subnet": {
    arg: "CIDR[,CIDR]",
    en: "pod network (dual-stack: IPv4,IPv6)",
    zh: "Pod 网段（双栈：IPv4,IPv6）",
  },
  "service-subnet": { arg: "CIDR[,CIDR]", en: "service network", zh: "Service 网段" },
  "dns-domain": {
    arg: "DOMAIN",
    en: "cluster DNS domain (cluster.local)",
    zh: "集群 DNS 域（cluster.local）",
  },
  "advertise-address": { arg: "IP", en: "address the API server advertises", zh: "API Server 通告地址" },
  "bind-port": { arg: "PORT", en: "API server port (6443)", zh: "API Server 端口（6443）" },
  "control-plane-endpoint": {
    arg: "HOST[:PORT]",
    en: "shared endpoint for HA control planes",
    zh: "高可用控制平面共享端点",
  },
  "cert-sans": { arg: "NAME,...", en: "extra API server certificate SANs", zh: "API Server 证书额外 SAN" },
  lb: {
    arg: "external|kube-vip|haproxy",
    en: "how the control-plane endpoint is served (HA)",
    zh: "控制平面端点的负载均衡方式（高可用）",
  },
  "vip-interface": {
    arg: "IF",
    en: "kube-vip: interface that carries the VIP",
    zh: "kube-vip：承载 VIP 的网卡",
  },
  "lb-backends": {
    arg: "IP[:PORT],...",
    en: "control-plane API servers behind the load balancer",
    zh: "负载均衡后端的控制平面 API Server",
  },
  "node-name": { arg: "NAME", en: "node name (default: hostname)", zh: "节点名（默认主机名）" },
  "cri-socket": {
    arg: "URL",
    en: "CRI socket (unix:///var/run/containerd/containerd.sock)",
    zh: "CRI 套接字",
  },
  "cgroup-driver": { arg: "systemd|cgroupfs", en: "kubelet cgroup driver", zh: "kubelet cgroup 驱动" },
  "allow-cgroup-v1": {
    en: "run on a cgroup v1 host anyway (kubelet failCgroupV1: false; deprecated, 1.31+)",
    zh: "仍在 cgroup v1 主机上运行（kubelet failCgroupV1: false；已弃用，需 1.31+）",
  },
  "schedule-on-control-plane": { en: "remove the control-plane taint", zh: "移除控制平面污点，允许调度负载" },
  "proxy-mode": { arg: "iptables|ipvs|nftables", en: "kube-proxy mode", zh: "kube-proxy 模式" },
  cni: { arg: "flannel|calico|none", en: "pod network plugin", zh: "Pod 网络插件" },
  "cni-interface": {
    arg: "IF",
    en: "node interface for the pod network (calico autodetection, flannel --iface)",
    zh: "Pod 网络使用的节点网卡（calico 地址探测、flannel --iface）",
  },
  "cni-version": { arg: "vX.Y.Z", en: "CNI release to install", zh: "要安装的 CNI 版本" },
  "image-mirror": {
    arg: "PREFIX|REG=PREFIX",
    en: "mirror for CNI images (repeatable)",
    zh: "CNI 镜像加速（可重复）",
  },
  "etcd-endpoints": { arg: "URL,...", en: "external etcd endpoints", zh: "外部 etcd 端点" },
  "etcd-cafile": { arg: "FILE", en: "external etcd CA", zh: "外部 etcd CA 证书" },
  "etcd-certfile": { arg: "FILE", en: "external etcd client certificate", zh: "外部 etcd 客户端证书" },
  "etcd-keyfile": { arg: "FILE", en: "external etcd client key", zh: "外部 etcd 客户端私钥" },
  token: { arg: "TOKEN", en: "bootstrap token (default: fresh random)", zh: "引导令牌（默认随机生成）" },
  "token-ttl": { arg: "DURATION", en: "bootstrap token lifetime (24h0m0s)", zh: "引导令牌有效期（24h0m0s）" },
  "certificate-key": {
    arg: "HEX",
    en: "key for uploaded control-plane certificates (default: fresh random with --control-plane-endpoint)",
    zh: "上传控制平面证书所用密钥（默认：指定 --control-plane-endpoint 时随机生成）",
  },
  endpoint: { arg: "HOST:PORT", en: "API server to join", zh: "要加入的 API Server" },
  "ca-cert-hash": { arg: "sha256:HASH", en: "cluster CA public key hash", zh: "集群 CA 公钥哈希" },
  "control-plane": { en: "join as a control-plane node", zh: "以控制平面节点身份加入" },
};

/** The flag of every spec field that has one, in FIELDS order. */
export type SpecFlag = Extract<(typeof FIELDS)[number], { flag: string }>["flag"];

const FIELD_FLAGS = FIELDS.flatMap((f) =>
  "flag" in f ? [{ flag: f.flag as SpecFlag, kind: f.kind as string }] : [],
);

type HelpText = Pick<OptionDef, "en" | "zh">;

function specOption(name: SpecFlag, kind: string, help?: HelpText): OptionDef {
  const base = SPEC_HELP[name] ?? { en: name, zh: name };
  const multiple = kind === "stringList" || kind === "stringMap";
  return {
    name,
    type: kind === "bool" ? "boolean" : "string",
    ...(multiple ? { multiple: true } : {}),
    ...base,
    ...help,
  };
}

/**
 * The spec flags a command reads, in FIELDS order (so every --help lists them alike), with
 * per-command help where the meaning or default differs (join's --token is the cluster's).
 */
export function specFlags(
  names: readonly SpecFlag[],
  help: Partial<Record<SpecFlag, HelpText>> = {},
): OptionDef[] {
  const wanted = new Set(names);
  return FIELD_FLAGS.filter((f) => wanted.has(f.flag)).map((f) => specOption(f.flag, f.kind, help[f.flag]));
}

/** Where spec values come from besides flags: every spec-reading command takes these. */
export const SOURCE_OPTIONS: OptionDef[] = [
  {
    name: "profile",
    type: "string",
    arg: "NAME|FILE",
    en: "aliyun (default), upstream, offline or a file",
    zh: "aliyun（默认）、upstream、offline 或方案文件",
  },
  {
    name: "answers",
    type: "string",
    arg: "FILE",
    en: "YAML file with the answers",
    zh: "包含答案的 YAML 文件",
  },
];

/** For the commands that would otherwise ask (the wizard, a confirmation, an SSH password). */
export const YES_OPTION: OptionDef = {
  name: "yes",
  type: "boolean",
  short: "y",
  en: "never prompt; fail on missing values",
  zh: "不交互；缺少值时报错",
};

/** The flags that only describe a cluster to join. */
export const JOIN_ONLY_FLAGS: readonly SpecFlag[] = ["endpoint", "ca-cert-hash", "control-plane"];

/** Everything `init` (and `config` without --join) reads: every spec flag but the join-only ones. */
export const INIT_SPEC_FLAGS: readonly SpecFlag[] = FIELD_FLAGS.map((f) => f.flag).filter(
  (f) => !JOIN_ONLY_FLAGS.includes(f),
);

/** What decides the images: kubeadm's (version, repository, external etcd) and the CNI's. */
export const IMAGE_FLAGS: readonly SpecFlag[] = [
  "k8s-version",
  "image-repository",
  "cni",
  "cni-version",
  "image-mirror",
  "etcd-endpoints",
  "etcd-cafile",
  "etcd-certfile",
  "etcd-keyfile",
];

/** What preflight and host preparation read: pause image, cgroup driver, CRI socket, IPv6 sysctls. */
export const HOST_FLAGS: readonly SpecFlag[] = [
  "k8s-version",
  "image-repository",
  "pod-subnet",
  "service-subnet",
  "node-name",
  "cri-socket",
  "cgroup-driver",
  "allow-cgroup-v1",
];

/** The flags that describe the cluster being joined (config refuses them without --join). */
export const JOIN_OPTIONS: OptionDef[] = specFlags(JOIN_ONLY_FLAGS);

export function toParseArgsOptions(defs: OptionDef[]) {
  return Object.fromEntries(
    defs.map((d) => [
      d.name,
      { type: d.type, ...(d.multiple ? { multiple: true } : {}), ...(d.short ? { short: d.short } : {}) },
    ]),
  ) as Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;
}
