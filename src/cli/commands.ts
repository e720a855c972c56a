import type { Context } from "../context.js";
import { SSH_CONNECT_OPTIONS, SSH_JOIN_OPTIONS } from "../ssh/options.js";
import {
  type FlagsOf,
  GLOBAL_OPTIONS,
  HOST_FLAGS,
  IMAGE_FLAGS,
  INIT_SPEC_FLAGS,
  JOIN_ONLY_FLAGS,
  KUBEADM_OPTION,
  many,
  type OptionDef,
  opt,
  ROOT_OPTION,
  SOURCE_OPTIONS,
  type SpecFlag,
  specFlags,
  without,
  withoutOptions,
  YES_OPTION,
} from "./options.js";
import type { SubcommandDef } from "./subcommands.js";

/**
 * A command's entry point. `CommandRun<"init">`: the flags are exactly init's options (and the
 * global ones), typed from its entry in the table below: `flags["dry-run"]` is `boolean | undefined`,
 * `flags.candidate` a `string[]`, and a name the table does not have is a type error. Without a
 * name the flags are a loose record (what parseArgs returns, unchecked).
 */
export type CommandRun<N extends CommandName | undefined = undefined> = (
  ctx: Context,
  args: { flags: N extends CommandName ? FlagsFor<N> : Record<string, unknown>; positionals: string[] },
) => Promise<number>;

/** The command names of the table. */
export type CommandName = (typeof TABLE)[number]["name"];

/** The flags of command `N`, derived from its options in the table. */
export type FlagsFor<N extends CommandName> = FlagsOf<
  Extract<(typeof TABLE)[number], { name: N }>["options"]
>;

/**
 * What cli.ts calls. Declared as a method, whose parameters are compared both ways, so a run
 * typed for its own flags fits: cli.ts parses exactly that command's options (parseCommandArgs).
 */
type LoadedRun = {
  run(ctx: Context, args: { flags: Record<string, unknown>; positionals: string[] }): Promise<number>;
}["run"];

export interface CommandDef {
  name: string;
  usage: string;
  en: string;
  zh: string;
  options: readonly OptionDef[];
  /** Positionals allowed (e.g. `images list`, pasted `kubeadm join ...`). */
  positionals?: boolean;
  /** Accepts a pasted `kubeadm join ...` command: its words arrive as positionals, unparsed. */
  pastedJoin?: boolean;
  /** Lazy so `--help`/`--version` load nothing heavy. Absent: not built yet (exit 2, no fake success). */
  load?: () => Promise<{ run: LoadedRun }>;
}

const DRY_RUN = opt(
  "dry-run",
  "boolean",
  "print what would happen, change nothing",
  "只打印将执行的操作，不做任何修改",
);
const SKIP_PREP = opt("skip-prep", "boolean", "skip host preparation", "跳过主机准备");
const OUTPUT = opt(
  "output",
  "string",
  "text (default) or json summary on stdout",
  "输出格式：text（默认）或 json",
  "text|json",
);
const QUIET = opt("quiet", "boolean", "no progress, only the result", "不显示进度，只输出结果");
const INSTALL_PACKAGES = opt(
  "install-packages",
  "boolean",
  "install kubelet/kubeadm/kubectl pinned from the profile's mirror, held",
  "从方案的软件源安装并锁定 kubelet/kubeadm/kubectl",
);
const KUBECONFIG = opt(
  "kubeconfig",
  "string",
  "kubeconfig to use (default: /etc/kubernetes/admin.conf, else $KUBECONFIG, else ~/.kube/config)",
  "要使用的 kubeconfig（默认 /etc/kubernetes/admin.conf，其次 $KUBECONFIG，再次 ~/.kube/config）",
  "FILE",
);
const ROOT = ROOT_OPTION;
const KUBEADM = KUBEADM_OPTION;
const YES = YES_OPTION;
const uniq = <F extends SpecFlag>(flags: readonly F[]): F[] => [...new Set(flags)];

/**
 * What a joining node reads: its own registration, the images it pulls, a joining control plane's
 * load balancer, and the cluster to join. Not the cluster-wide settings init fixes (DNS domain,
 * certificate SANs, kube-proxy mode, CNI interface, token lifetime): the cluster has them already.
 */
const JOIN_SPEC_FLAGS = uniq([
  ...HOST_FLAGS,
  ...IMAGE_FLAGS,
  "advertise-address",
  "bind-port",
  "control-plane-endpoint",
  "lb",
  "vip-interface",
  "lb-backends",
  "schedule-on-control-plane",
  "token",
  "certificate-key",
  ...JOIN_ONLY_FLAGS,
]);
const JOIN_HELP = {
  "k8s-version": {
    en: "Kubernetes version when the cluster cannot be asked (default: the cluster's)",
    zh: "无法向集群查询时使用的 Kubernetes 版本（默认取集群的版本）",
  },
  "image-repository": {
    en: "image registry when the cluster cannot be asked (default: the cluster's)",
    zh: "无法向集群查询时使用的镜像仓库（默认取集群的设置）",
  },
  "advertise-address": {
    en: "address this node's API server advertises (--control-plane)",
    zh: "本节点 API Server 的通告地址（--control-plane）",
  },
  "pod-subnet": {
    en: "the cluster's pod network (an IPv6 range turns on IPv6 forwarding here)",
    zh: "集群的 Pod 网段（含 IPv6 网段时在本机开启 IPv6 转发）",
  },
  "service-subnet": {
    en: "the cluster's service network (an IPv6 range turns on IPv6 forwarding here)",
    zh: "集群的 Service 网段（含 IPv6 网段时在本机开启 IPv6 转发）",
  },
  "cni-version": {
    en: "CNI release whose images to pre-pull",
    zh: "预拉取其镜像的 CNI 版本",
  },
  token: {
    en: "the cluster's bootstrap token (from the join command; no default)",
    zh: "集群的引导令牌（取自 join 命令；无默认值）",
  },
  // The joining kubelet takes its KubeletConfiguration from the cluster (kubelet-config ConfigMap).
  "allow-cgroup-v1": {
    en: "join from a cgroup v1 host anyway (skips kubeadm's SystemVerification; the cluster must have been initialised with --allow-cgroup-v1)",
    zh: "仍从 cgroup v1 主机加入（跳过 kubeadm 的 SystemVerification；集群须以 --allow-cgroup-v1 初始化）",
  },
  "certificate-key": {
    en: "key to download the control-plane certificates (--control-plane)",
    zh: "下载控制平面证书所用密钥（--control-plane）",
  },
} as const;
const FROM_KUBEADM_CONFIG = opt(
  "from-kubeadm-config",
  "string",
  "take values from an existing kubeadm config (kubeadm init --config FILE)",
  "从已有的 kubeadm 配置文件（kubeadm init --config 所用）读取值",
  "FILE",
);

/**
 * `upgrade`'s options: one table for the group (so its flags are typed like every command's), and
 * UPGRADE_SUBCOMMANDS says which of them each subcommand takes (cli/subcommands.ts runs the one
 * named after `upgrade` and refuses an option that belongs to a sibling).
 */
const UPGRADE_OPTIONS = [
  opt(
    "to",
    "string",
    "target release (plan default: the newest patch of the next minor; a bare minor: its newest patch)",
    "目标版本（plan 默认下一个次版本的最新补丁；只写次版本表示其最新补丁）",
    "vX.Y.Z",
  ),
  opt("output", "string", "plan: text (default) or json", "plan：输出格式 text（默认）或 json", "text|json"),
  opt(
    "max-unavailable",
    "string",
    "plan/apply: workers upgraded (drained) at the same time (1)",
    "plan/apply：同时升级（驱逐）的工作节点数（1）",
    "N",
  ),
  many(
    opt(
      "ignore-guard",
      "string",
      "plan/apply: accept this failing guard knowingly (its id, as the plan shows it; repeatable)",
      "plan/apply：在知情的前提下接受此未通过的检查（其 id 见升级计划；可重复）",
      "ID",
    ),
  ),
  opt(
    "plan",
    "string",
    "apply: follow this saved plan (`upgrade plan --output json`) instead of planning now",
    "apply：按此保存的计划（`upgrade plan --output json`）执行，而不是重新规划",
    "FILE",
  ),
  opt(
    "timeout",
    "string",
    "drain, and each node's wait for Ready at the new version (10m)",
    "驱逐及每个节点等待以新版本就绪的时长（10m）",
    "DURATION",
  ),
  opt(
    "backup-dir",
    "string",
    "apply: where the etcd snapshot and the /etc/kubernetes copy go (/var/backups/kadm-wizard)",
    "apply：etcd 快照和 /etc/kubernetes 副本的存放目录（/var/backups/kadm-wizard）",
    "DIR",
  ),
  opt(
    "drain-unmanaged",
    "boolean",
    "apply/node: drain also pods no controller recreates (they are gone for good)",
    "apply/node：驱逐时也删除没有控制器的 Pod（它们不会再回来）",
  ),
  opt(
    "skip-drain",
    "boolean",
    "node: upgrade the host only; drain and uncordon it yourself",
    "node：只升级主机；驱逐与恢复调度由你自己完成",
  ),
  opt(
    "node-name",
    "string",
    "node: this node's name (default: from /etc/kubernetes/kubelet.conf)",
    "node：本节点名称（默认取自 /etc/kubernetes/kubelet.conf）",
    "NAME",
  ),
  opt(
    "others-stopped",
    "boolean",
    "rollback, HA: the control plane on every other etcd member is stopped",
    "rollback（高可用）：其他每个 etcd 成员上的控制平面均已停止",
  ),
  opt(
    "inventory",
    "string",
    "plan/apply: the other nodes over SSH (inventory YAML, as add-node reads)",
    "plan/apply：通过 SSH 访问的其他节点（主机清单 YAML，格式同 add-node）",
    "FILE",
  ),
  ...SSH_CONNECT_OPTIONS,
  opt("ssh-concurrency", "string", "plan: hosts contacted at once (20)", "plan：同时连接的主机数（20）", "N"),
  KUBECONFIG,
  DRY_RUN,
  { ...YES, en: "do not ask", zh: "不询问" },
  QUIET,
  ROOT,
  KUBEADM,
] as const;

type UpgradeOption = (typeof UPGRADE_OPTIONS)[number]["name"];
const SSH_NAMES = SSH_CONNECT_OPTIONS.map((o) => o.name as UpgradeOption);
const RUN_NAMES: UpgradeOption[] = ["kubeconfig", "dry-run", "yes", "quiet", "root", "kubeadm"];

const UPGRADE_SUBCOMMANDS: readonly SubcommandDef<UpgradeOption>[] = [
  {
    name: "plan",
    options: [
      "to",
      "output",
      "max-unavailable",
      "ignore-guard",
      "inventory",
      ...SSH_NAMES,
      "ssh-concurrency",
      "kubeconfig",
      "root",
    ],
    load: () => import("../commands/upgrade-plan.js"),
  },
  {
    name: "apply",
    options: [
      "to",
      "max-unavailable",
      "ignore-guard",
      "plan",
      "timeout",
      "backup-dir",
      "drain-unmanaged",
      "inventory",
      ...SSH_NAMES,
      ...RUN_NAMES,
    ],
    load: () => import("../commands/upgrade-apply.js"),
  },
  {
    name: "node",
    options: ["to", "timeout", "drain-unmanaged", "skip-drain", "node-name", ...RUN_NAMES],
    load: () => import("../commands/upgrade-node.js"),
  },
  {
    name: "rollback",
    options: ["timeout", "others-stopped", ...RUN_NAMES],
    load: () => import("../commands/upgrade-rollback.js"),
  },
];

/** certs and etcd restore on the other control planes over SSH (the SSH flags of add-node). */
const CONTROL_PLANE_NODES = [
  opt(
    "inventory",
    "string",
    "also every control plane of this inventory (role: control-plane), over SSH",
    "同时处理此主机清单中的每个控制平面（role: control-plane），通过 SSH",
    "FILE",
  ),
  many(
    opt(
      "node",
      "string",
      "only this control plane over SSH: an inventory id, or [USER@]HOST[:PORT]",
      "只处理该控制平面（通过 SSH）：清单中的 id，或 [USER@]HOST[:PORT]",
      "HOST",
    ),
  ),
  ...SSH_CONNECT_OPTIONS,
] as const;

/**
 * The command table. Its type is inferred (`as const`, no annotation, no `satisfies`), so each
 * entry keeps its name and its options' literal names and types: `FlagsFor` reads them. Checking
 * it against CommandDef in its own initializer would make TypeScript resolve the lazily imported
 * command modules, whose run types refer back to this table (a circular type); COMMANDS below is
 * that check.
 */
const TABLE = [
  {
    name: "init",
    usage:
      "init [spec flags] [--answers FILE] [--from-kubeadm-config FILE] [--yes] [--dry-run] [--skip-prep] [--skip-cni]",
    en: "set up the first control-plane node end to end",
    zh: "一步完成第一个控制平面节点的部署",
    options: [
      ...SOURCE_OPTIONS,
      opt(
        "bundle",
        "string",
        "install this offline bundle first (kadm-wizard bundle install); its versions are the defaults",
        "先安装此离线包（同 kadm-wizard bundle install）；以其中的版本作为默认值",
        "FILE",
      ),
      YES,
      ...specFlags(INIT_SPEC_FLAGS),
      FROM_KUBEADM_CONFIG,
      DRY_RUN,
      SKIP_PREP,
      opt("skip-cni", "boolean", "do not install the pod network", "不安装 Pod 网络"),
      opt(
        "manifest",
        "string",
        "CNI manifest file or URL (offline hosts)",
        "CNI 清单文件或 URL（离线主机）",
        "PATH|URL",
      ),
      opt("timeout", "string", "how long to wait for Ready (10m)", "等待就绪的时长（10m）", "DURATION"),
      // --workers/--control-planes/--inventory: init joins those hosts over SSH at the end
      ...withoutOptions(SSH_JOIN_OPTIONS, "retry-failed"),
      INSTALL_PACKAGES,
      OUTPUT,
      QUIET,
      ROOT,
      KUBEADM,
    ],
    load: () => import("../commands/init.js"),
  },
  {
    name: "join",
    usage:
      "join [kubeadm join ARGS...] | --endpoint HOST:PORT --token T --ca-cert-hash sha256:H [--control-plane --certificate-key K]",
    en: "join this host to a cluster (paste the printed join command)",
    zh: "将本机加入集群（粘贴打印出的 join 命令即可）",
    options: [
      ...SOURCE_OPTIONS,
      YES,
      ...specFlags(JOIN_SPEC_FLAGS, JOIN_HELP),
      DRY_RUN,
      SKIP_PREP,
      INSTALL_PACKAGES,
      OUTPUT,
      QUIET,
      ROOT,
      KUBEADM,
    ],
    positionals: true,
    pastedJoin: true,
    load: () => import("../commands/join.js"),
  },
  {
    name: "config",
    usage:
      "config [spec flags] [--answers FILE] [--from-kubeadm-config FILE] [--out FILE] [--join --endpoint HOST:PORT --token T --ca-cert-hash H]",
    en: "print the kubeadm configuration (multi-document YAML)",
    zh: "输出 kubeadm 配置（多文档 YAML）",
    options: [
      ...SOURCE_OPTIONS,
      YES,
      ...specFlags(uniq([...INIT_SPEC_FLAGS, ...JOIN_ONLY_FLAGS]), {
        token: {
          en: "bootstrap token (default: fresh random; with --join: the cluster's, no default)",
          zh: "引导令牌（默认随机生成；配合 --join 时为集群的令牌，无默认值）",
        },
        "certificate-key": {
          en: "key for the control-plane certificates (default: fresh random with --control-plane-endpoint; with --join: the cluster's)",
          zh: "控制平面证书密钥（默认：指定 --control-plane-endpoint 时随机生成；配合 --join 时为集群的密钥）",
        },
      }),
      FROM_KUBEADM_CONFIG,
      opt(
        "out",
        "string",
        "write to FILE (mode 0600) instead of stdout",
        "写入文件（权限 0600）而非标准输出",
        "FILE",
      ),
      opt("join", "boolean", "print a JoinConfiguration instead", "改为输出 JoinConfiguration"),
    ],
    load: () => import("../commands/config.js"),
  },
  {
    name: "images",
    usage:
      "images list|check|pull|export|import [spec flags] [--candidate REPO ...] [--out FILE] [--platform P] [ARCHIVE]",
    en: "list, check on the registries, pre-pull, export to / import from an archive the images the cluster needs",
    zh: "列出、在镜像仓库中检查、预拉取、导出到归档或从归档导入集群所需镜像",
    options: [
      ...SOURCE_OPTIONS,
      // pull: the CRI socket is where the images go
      ...specFlags(uniq([...IMAGE_FLAGS, "cri-socket"]), {
        "cni-version": { en: "CNI release whose images to list", zh: "列出其镜像的 CNI 版本" },
      }),
      many(
        opt(
          "candidate",
          "string",
          "check: other image repositories to try for kubeadm's images (repeatable)",
          "check：可尝试的其他 kubeadm 镜像仓库（可重复）",
          "REPO",
        ),
      ),
      // export: the HA load balancer's images too
      ...specFlags(["control-plane-endpoint", "lb", "vip-interface", "lb-backends"]),
      opt(
        "out",
        "string",
        "export: the archive to write (one OCI archive with an index)",
        "export：要写入的归档（带索引的单个 OCI 归档）",
        "FILE",
      ),
      opt(
        "platform",
        "string",
        "export: the platform of the content (default: this machine's)",
        "export：镜像内容的平台（默认本机平台）",
        "OS/ARCH",
      ),
      opt(
        "no-pull",
        "boolean",
        "export: fail instead of pulling images containerd lacks",
        "export：containerd 缺少镜像时报错而不拉取",
      ),
      DRY_RUN,
      ROOT,
      KUBEADM,
    ],
    positionals: true,
    load: () => import("../commands/images.js"),
  },
  {
    name: "bundle",
    usage:
      "bundle create [--k8s-version V] [--cni calico] [--os ubuntu-22.04,rocky-9] [--out FILE] | install FILE [--dry-run] | inspect FILE [--verify]",
    en: "offline bundle: create one file with images, packages, CNI manifest; install it on an air-gapped server",
    zh: "离线包：生成含镜像、软件包、CNI 清单的单个文件；在离线服务器上安装",
    options: [
      ...SOURCE_OPTIONS,
      ...specFlags(uniq([...IMAGE_FLAGS, "lb", "cri-socket"]), {
        "cni-version": { en: "create: CNI release to bundle", zh: "create：打包的 CNI 版本" },
      }),
      opt(
        "out",
        "string",
        "create: the bundle file (kw-bundle-V.tar)",
        "create：离线包文件（kw-bundle-V.tar）",
        "FILE",
      ),
      opt(
        "os",
        "string",
        "create: OS families to bundle packages for, comma-separated (default: this machine's)",
        "create：要打包软件包的操作系统，逗号分隔（默认本机系统）",
        "KEYS",
      ),
      {
        ...opt(
          "os-repo",
          "string",
          "create: the distribution's repository for an OS, for its tools (repeatable)",
          "create：某操作系统的发行版软件源，用于其依赖工具（可重复）",
          "KEY=URL[,KEYURL]",
        ),
        multiple: true,
      },
      opt(
        "arch",
        "string",
        "create: amd64 (default: this machine's) or arm64",
        "create：amd64（默认本机架构）或 arm64",
        "ARCH",
      ),
      opt(
        "executable",
        "string",
        "create: the kadm-wizard executable to include (default: this one when it is the single executable)",
        "create：要打包的 kadm-wizard 可执行文件（默认：以单文件运行时即本程序）",
        "FILE",
      ),
      opt(
        "verify",
        "boolean",
        "inspect: read every part and check its sha256",
        "inspect：读取每个部件并校验 sha256",
      ),
      OUTPUT,
      DRY_RUN,
      ROOT,
    ],
    positionals: true,
    load: () => import("../commands/bundle.js"),
  },
  {
    name: "prepare",
    usage: "prepare [spec flags] [--role control-plane|worker] [--install-packages] [--root DIR] [--dry-run]",
    en: "preflight checks and host preparation only",
    zh: "仅执行预检和主机准备",
    options: [
      ...SOURCE_OPTIONS,
      ...specFlags(HOST_FLAGS),
      DRY_RUN,
      opt(
        "role",
        "string",
        "control-plane (default) or worker: which checks apply",
        "control-plane（默认）或 worker：决定执行哪些检查",
        "ROLE",
      ),
      INSTALL_PACKAGES,
      ROOT,
    ],
    load: () => import("../commands/prepare.js"),
  },
  {
    name: "cni",
    usage: "cni apply [--cni flannel|calico] [--manifest PATH|URL] [--no-wait] [--dry-run] [--kubeconfig F]",
    en: "install the pod network with the pod CIDR and mirrors patched in",
    zh: "安装 Pod 网络（自动写入 Pod CIDR 与镜像加速）",
    options: [
      ...SOURCE_OPTIONS,
      ...specFlags(["pod-subnet", "cni", "cni-version", "cni-interface", "image-mirror"], {
        "pod-subnet": {
          en: "pod network (default: the cluster's kubeadm-config, else the profile's)",
          zh: "Pod 网段（默认取集群 kubeadm-config 中的值，否则取方案中的值）",
        },
      }),
      opt("manifest", "string", "manifest file or URL", "清单文件或 URL", "PATH|URL"),
      opt("no-wait", "boolean", "do not wait for readiness", "不等待就绪"),
      opt("timeout", "string", "give up waiting after this long (10m)", "等待超时时间（10m）", "DURATION"),
      DRY_RUN,
      KUBECONFIG,
      ROOT,
    ],
    positionals: true,
    load: () => import("../commands/cni.js"),
  },
  {
    name: "wait",
    usage: "wait [--timeout 10m] [--kubeconfig F]",
    en: "wait until nodes, the CNI and CoreDNS are ready",
    zh: "等待节点、CNI 和 CoreDNS 就绪",
    options: [
      opt("timeout", "string", "give up after this long (10m)", "超时时间（10m）", "DURATION"),
      KUBECONFIG,
      ROOT,
    ],
    load: () => import("../commands/wait.js"),
  },
  {
    name: "doctor",
    usage:
      "doctor [--kubeconfig F] [--output text|json] [--host-only|--cluster-only] [--inventory FILE | --node HOST]",
    en: "diagnose ImagePullBackOff, NotReady and other classic failures",
    zh: "诊断 ImagePullBackOff、NotReady 等常见故障",
    options: [
      KUBECONFIG,
      opt("output", "string", "report format (default text)", "报告格式（默认 text）", "text|json"),
      opt("host-only", "boolean", "only check this host", "只检查本机"),
      opt("cluster-only", "boolean", "only check the cluster", "只检查集群"),
      // Other nodes over SSH: their host checks, one report per node (the SSH flags of add-node).
      opt(
        "inventory",
        "string",
        "check these hosts over SSH instead of this one (inventory YAML, as add-node reads)",
        "通过 SSH 检查这些主机而不是本机（主机清单 YAML，格式同 add-node）",
        "FILE",
      ),
      many(
        opt(
          "node",
          "string",
          "check this host over SSH: an inventory id, or [USER@]HOST[:PORT]",
          "通过 SSH 检查该主机：清单中的 id，或 [USER@]HOST[:PORT]",
          "HOST",
        ),
      ),
      ...SSH_CONNECT_OPTIONS,
      opt("ssh-concurrency", "string", "hosts checked at once (20)", "同时检查的主机数（20）", "N"),
      {
        ...DRY_RUN,
        en: "with --inventory/--node: list the nodes to check, connect to none",
        zh: "与 --inventory/--node 同用时：只列出要检查的节点，不连接任何主机",
      },
      // What the cluster should look like when neither the cluster nor a saved config says so:
      // exactly what doctor/expected.ts fromSpec() reads.
      ...SOURCE_OPTIONS,
      ...specFlags(["k8s-version", "image-repository", "pod-subnet", "cri-socket", "cgroup-driver"], {
        "k8s-version": {
          en: "version to expect when neither the cluster nor a saved config says (default: the profile's)",
          zh: "集群和已保存的配置都未给出时预期的版本（默认取方案中的版本）",
        },
        "image-repository": {
          en: "image registry to expect, likewise (default: the profile's)",
          zh: "同上，预期的镜像仓库（默认取方案中的设置）",
        },
        "pod-subnet": {
          en: "pod network to expect, likewise (default: the profile's)",
          zh: "同上，预期的 Pod 网段（默认取方案中的设置）",
        },
      }),
      ROOT,
    ],
    load: () => import("../commands/doctor.js"),
  },
  {
    name: "reset",
    usage: "reset [--yes] [--dry-run]",
    en: "undo kubeadm init/join on this host",
    zh: "撤销本机上的 kubeadm init/join",
    options: [{ ...YES, en: "do not ask", zh: "不询问" }, DRY_RUN, ROOT, KUBEADM],
    load: () => import("../commands/reset.js"),
  },
  {
    name: "token",
    usage: "token [--control-plane] [--token-ttl 24h0m0s] [--output text|json]",
    en: "print a fresh join command",
    zh: "打印新的 join 命令",
    options: [
      opt(
        "control-plane",
        "boolean",
        "upload the control-plane certificates again and add the certificate key",
        "重新上传控制平面证书并附带证书密钥",
      ),
      opt("token-ttl", "string", "token lifetime (24h0m0s)", "令牌有效期（24h0m0s）", "DURATION"),
      DRY_RUN,
      OUTPUT,
      ROOT,
      KUBEADM,
    ],
    load: () => import("../commands/token.js"),
  },
  {
    name: "completion",
    usage: "completion bash|zsh",
    en: "print the shell completion script (source <(kadm-wizard completion bash))",
    zh: "输出 shell 补全脚本（source <(kadm-wizard completion bash)）",
    options: [],
    positionals: true,
    load: () => import("../commands/completion.js"),
  },
  {
    name: "add-node",
    usage:
      "add-node HOST... | --workers H1,H2 | --control-planes H1 | --inventory FILE | --retry-failed [--accept-new-host-keys] [--ssh-concurrency N]",
    en: "join other hosts over SSH (preflight, preparation, pre-pull, kubeadm join)",
    zh: "通过 SSH 将其他主机加入集群（预检、准备、预拉取、kubeadm join）",
    options: [
      {
        ...YES,
        en: "never prompt: SSH passwords only from --password-env, key passphrases from $KADM_SSH_KEY_PASSPHRASE",
        zh: "不交互：SSH 密码只从 --password-env 读取，私钥口令从 $KADM_SSH_KEY_PASSPHRASE 读取",
      },
      // Read only when init saved no spec on this host: what the hosts' preparation and images need.
      ...[...SOURCE_OPTIONS, ...specFlags(uniq([...without(HOST_FLAGS, "node-name"), ...IMAGE_FLAGS]))].map(
        (o) => ({
          ...o,
          en: `${o.en} (only if init saved no spec here)`,
          zh: `${o.zh}（仅当本机没有 init 保存的配置时）`,
        }),
      ),
      ...SSH_JOIN_OPTIONS,
      opt(
        "join-command",
        "string",
        "worker join command (default: saved by init)",
        "工作节点 join 命令（默认取 init 保存的）",
        "CMD",
      ),
      opt(
        "control-plane-join-command",
        "string",
        "control-plane join command (default: saved by init)",
        "控制平面 join 命令（默认取 init 保存的）",
        "CMD",
      ),
      DRY_RUN,
      SKIP_PREP,
      {
        ...INSTALL_PACKAGES,
        en: "on each host: install containerd, kubelet/kubeadm/kubectl and the tools, pinned from the profile's mirrors, held",
        zh: "在每台主机上：从方案的软件源安装并锁定 containerd、kubelet/kubeadm/kubectl 及所需工具",
      },
      QUIET,
      ROOT,
    ],
    positionals: true,
    load: () => import("../commands/add-node.js"),
  },
  {
    name: "remove-node",
    usage: "remove-node NAME [--host HOST] [--skip-drain] [--yes] [--dry-run]",
    en: "drain and delete a node, then kubeadm reset on its host over SSH",
    zh: "驱逐并删除节点，然后通过 SSH 在其主机上执行 kubeadm reset",
    options: [
      ...SSH_CONNECT_OPTIONS,
      opt(
        "host",
        "string",
        "the node's host (default: recorded by add-node)",
        "节点所在主机（默认取 add-node 的记录）",
        "HOST",
      ),
      opt("skip-drain", "boolean", "do not drain (the node is gone)", "不驱逐（节点已失联）"),
      { ...YES, en: "do not ask", zh: "不询问" },
      DRY_RUN,
      {
        ...KUBECONFIG,
        en: "kubeconfig to drain and delete with (default: /etc/kubernetes/admin.conf)",
        zh: "用于驱逐和删除节点的 kubeconfig（默认 /etc/kubernetes/admin.conf）",
      },
      ROOT,
    ],
    positionals: true,
    load: () => import("../commands/remove-node.js"),
  },
  {
    name: "certs",
    usage:
      "certs check|renew [--all|NAME...] [--dry-run] [--install-timer] [--output text|json] [--inventory FILE | --node HOST]",
    en: "check certificate expiry; renew, restart the control plane and verify what it serves",
    zh: "检查证书到期；续期、重启控制平面并核实实际提供的证书",
    options: [
      OUTPUT,
      opt("all", "boolean", "renew: every certificate kubeadm renews", "renew：续期 kubeadm 管理的全部证书"),
      DRY_RUN,
      opt(
        "install-timer",
        "boolean",
        "renew: install a daily systemd timer renewing 30 days before expiry (off by default)",
        "renew：安装每日 systemd 定时器，在到期前 30 天续期（默认不安装）",
      ),
      opt(
        "if-expiring",
        "boolean",
        "renew: only when a certificate expires within 30 days (what the timer runs)",
        "renew：仅当有证书在 30 天内到期时续期（定时器所用）",
      ),
      opt(
        "timeout",
        "string",
        "renew: how long to wait for each pod to stop and to come back (5m)",
        "renew：每个 Pod 停止和恢复的等待时长（5m）",
        "DURATION",
      ),
      { ...YES, en: "do not ask", zh: "不询问" },
      ...CONTROL_PLANE_NODES,
      QUIET,
      ROOT,
      KUBEADM,
    ],
    positionals: true,
    load: () => import("../commands/certs.js"),
  },
  {
    name: "etcd",
    usage:
      "etcd backup|restore [--dir DIR] [--keep N] [--install-timer] | restore SNAPSHOT [--yes] [--dry-run] [--inventory FILE]",
    en: "back up etcd (snapshot + sha256 + PKI copy) or restore a snapshot on this control plane",
    zh: "备份 etcd（快照 + sha256 + PKI 副本）或在本控制平面上恢复快照",
    options: [
      opt(
        "dir",
        "string",
        "backup: where backups go (/var/backups/kadm-wizard)",
        "backup：备份目录（/var/backups/kadm-wizard）",
        "DIR",
      ),
      opt("keep", "string", "backup: how many backups to keep (7)", "backup：保留的备份份数（7）", "N"),
      opt(
        "install-timer",
        "boolean",
        "backup: install a daily systemd timer running this backup",
        "backup：安装每日执行此备份的 systemd 定时器",
      ),
      opt(
        "others-stopped",
        "boolean",
        "restore, HA: the control plane on every other etcd member is stopped",
        "restore（高可用）：其他每个 etcd 成员上的控制平面均已停止",
      ),
      opt(
        "timeout",
        "string",
        "restore: how long to wait for the pods to stop and the API to answer (5m)",
        "restore：等待 Pod 停止和 API 响应的时长（5m）",
        "DURATION",
      ),
      { ...YES, en: "restore: do not ask", zh: "restore：不询问" },
      ...CONTROL_PLANE_NODES,
      DRY_RUN,
      OUTPUT,
      QUIET,
      ROOT,
    ],
    positionals: true,
    load: () => import("../commands/etcd.js"),
  },
  {
    name: "upgrade",
    usage:
      "upgrade plan [--to vX.Y.Z] [--output json] | apply --to vX.Y.Z [--max-unavailable N] [--ignore-guard ID] [--inventory F] [--dry-run] | node --to vX.Y.Z | rollback",
    en: "plan and run a kubeadm upgrade one minor at a time, with the guards kubeadm lacks; a node; roll back",
    zh: "逐个次版本规划并执行 kubeadm 升级（附带 kubeadm 缺少的升级前检查）；升级单个节点；回滚",
    options: UPGRADE_OPTIONS,
    positionals: true,
    load: async () => ({
      run: (await import("./subcommands.js")).subcommandGroup("upgrade", UPGRADE_SUBCOMMANDS),
    }),
  },
] as const;

/** The table as cli.ts, --help and completion read it; this line checks every entry fits CommandDef. */
export const COMMANDS: readonly CommandDef[] = TABLE;

/** `kadm-wizard help COMMAND`: the same text as `COMMAND --help` (handled in cli.ts, not a command to run). */
export const HELP_COMMAND = {
  name: "help",
  usage: "help [COMMAND]",
  en: "show the help of a command (same as COMMAND --help)",
  zh: "显示某个命令的帮助（等同于 <命令> --help）",
} as const;

export const COMMAND_BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export function allOptions(cmd: CommandDef): readonly OptionDef[] {
  return [...GLOBAL_OPTIONS, ...cmd.options];
}
