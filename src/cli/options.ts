import { FIELDS } from "../spec/fields.js";

export type OptionType = "string" | "boolean";

/**
 * One CLI option: parseArgs shape plus bilingual help. The name, type and `multiple` are kept as
 * literal types (`opt`, `many`, `as const`) so a command's flags type is derived from its table
 * (`FlagsOf`); a plain `OptionDef` (name: string) is the loose form.
 */
export interface OptionDef<
  N extends string = string,
  T extends OptionType = OptionType,
  M extends boolean = boolean,
> {
  name: N;
  type: T;
  /** Repeatable: the value is a list (`--candidate a --candidate b`). */
  multiple?: M;
  short?: string;
  arg?: string;
  en: string;
  zh: string;
}

/** An option with its name and type as literal types; `many(opt(...))` for a repeatable one. */
export function opt<const N extends string, const T extends OptionType>(
  name: N,
  type: T,
  en: string,
  zh: string,
  arg?: string,
): OptionDef<N, T, false> {
  return { name, type, en, zh, ...(arg ? { arg } : {}) };
}

/** The same option, repeatable: its flag value is a list. */
export function many<N extends string, T extends OptionType>(o: OptionDef<N, T, boolean>): Repeatable<N, T> {
  return { ...o, multiple: true };
}

/** A repeatable option: `multiple` is there and true, which is what `FlagsOf` looks at. */
export type Repeatable<N extends string, T extends OptionType> = OptionDef<N, T, true> & { multiple: true };

type ValueOf<T extends OptionType> = T extends "boolean" ? boolean : string;
// `multiple` absent or false: one value; true: a list; unknown (a loose OptionDef): either.
type FlagValue<D extends OptionDef> = D extends { multiple: true }
  ? ValueOf<D["type"]>[]
  : D extends { multiple?: infer M }
    ? boolean extends M
      ? ValueOf<D["type"]> | ValueOf<D["type"]>[]
      : ValueOf<D["type"]>
    : ValueOf<D["type"]>;

/**
 * The flags parseArgs returns for these options (and the global ones), by option name: a boolean
 * option is `boolean | undefined`, a string one `string | undefined`, a repeatable one a list. A
 * name that is not in the table is a type error. Loose definitions (name: string) give a loose
 * record, which test/unit/flag-types.test.ts refuses for every command of the table.
 */
export type FlagsOf<Opts extends readonly OptionDef[]> = {
  [D in Opts[number] | (typeof GLOBAL_OPTIONS)[number] as D["name"]]?: FlagValue<D>;
};

/** Options every command takes (they shape the output, not what is done). */
export const GLOBAL_OPTIONS = [
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
] as const satisfies readonly OptionDef<string, OptionType, false>[];

/** For the commands that read or change this host's files (not `config`, `completion`). */
export const ROOT_OPTION = opt(
  "root",
  "string",
  "host file-system root (default /)",
  "主机文件系统根目录（默认 /）",
  "DIR",
);

/** For the commands that run kubeadm themselves. */
export const KUBEADM_OPTION = opt(
  "kubeadm",
  "string",
  "kubeadm binary to run (default: kubeadm from PATH)",
  "要使用的 kubeadm 可执行文件（默认取 PATH 中的 kubeadm）",
  "PATH",
);

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

type FieldKindOf<F extends SpecFlag> = Extract<(typeof FIELDS)[number], { flag: F }>["kind"];
/** The option of a spec flag, typed from its FIELDS kind exactly as `specOption` builds it. */
export type SpecOption<F extends SpecFlag> = F extends SpecFlag
  ? FieldKindOf<F> extends "stringList" | "stringMap"
    ? Repeatable<F, "string">
    : OptionDef<F, FieldKindOf<F> extends "bool" ? "boolean" : "string", false>
  : never;

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
export function specFlags<F extends SpecFlag>(
  names: readonly F[],
  help: Partial<Record<SpecFlag, HelpText>> = {},
): SpecOption<F>[] {
  const wanted = new Set<SpecFlag>(names);
  return FIELD_FLAGS.filter((f) => wanted.has(f.flag)).map(
    (f) => specOption(f.flag, f.kind, help[f.flag]) as SpecOption<F>,
  );
}

/** The list without `drop` (typed: the dropped names leave the flags type too). */
export function without<T extends string, D extends T>(list: readonly T[], ...drop: D[]): Exclude<T, D>[] {
  return list.filter((x): x is Exclude<T, D> => !(drop as T[]).includes(x));
}

/** The options without the named ones (typed like `without`). */
export function withoutOptions<O extends OptionDef, D extends O["name"]>(
  list: readonly O[],
  ...drop: D[]
): Exclude<O, { name: D }>[] {
  return list.filter((o): o is Exclude<O, { name: D }> => !(drop as string[]).includes(o.name));
}

/** Where spec values come from besides flags: every spec-reading command takes these. */
export const SOURCE_OPTIONS = [
  opt(
    "profile",
    "string",
    "aliyun (default), upstream, offline or a file",
    "aliyun（默认）、upstream、offline 或方案文件",
    "NAME|FILE",
  ),
  opt("answers", "string", "YAML file with the answers", "包含答案的 YAML 文件", "FILE"),
];

/** For the commands that would otherwise ask (the wizard, a confirmation, an SSH password). */
export const YES_OPTION = {
  ...opt("yes", "boolean", "never prompt; fail on missing values", "不交互；缺少值时报错"),
  short: "y",
};

/** The flags that only describe a cluster to join. */
export const JOIN_ONLY_FLAGS = [
  "endpoint",
  "ca-cert-hash",
  "control-plane",
] as const satisfies readonly SpecFlag[];

/** Everything `init` (and `config` without --join) reads: every spec flag but the join-only ones. */
export const INIT_SPEC_FLAGS = without(
  FIELD_FLAGS.map((f) => f.flag),
  ...JOIN_ONLY_FLAGS,
);

/** What decides the images: kubeadm's (version, repository, external etcd) and the CNI's. */
export const IMAGE_FLAGS = [
  "k8s-version",
  "image-repository",
  "cni",
  "cni-version",
  "image-mirror",
  "etcd-endpoints",
  "etcd-cafile",
  "etcd-certfile",
  "etcd-keyfile",
] as const satisfies readonly SpecFlag[];

/** What preflight and host preparation read: pause image, cgroup driver, CRI socket, IPv6 sysctls. */
export const HOST_FLAGS = [
  "k8s-version",
  "image-repository",
  "pod-subnet",
  "service-subnet",
  "node-name",
  "cri-socket",
  "cgroup-driver",
  "allow-cgroup-v1",
] as const satisfies readonly SpecFlag[];

/** The flags that describe the cluster being joined (config refuses them without --join). */
export const JOIN_OPTIONS = specFlags(JOIN_ONLY_FLAGS);

export function toParseArgsOptions(defs: readonly OptionDef[]) {
  return Object.fromEntries(
    defs.map((d) => [
      d.name,
      { type: d.type, ...(d.multiple ? { multiple: true } : {}), ...(d.short ? { short: d.short } : {}) },
    ]),
  ) as Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;
}
