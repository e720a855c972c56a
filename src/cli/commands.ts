import type { Context } from "../context.js";
import { SSH_CONNECT_OPTIONS, SSH_JOIN_OPTIONS } from "../ssh/options.js";
import { GLOBAL_OPTIONS, JOIN_OPTIONS, type OptionDef, SPEC_OPTIONS } from "./options.js";

export type CommandRun = (
  ctx: Context,
  args: { flags: Record<string, unknown>; positionals: string[] },
) => Promise<number>;

export interface CommandDef {
  name: string;
  usage: string;
  en: string;
  zh: string;
  options: OptionDef[];
  /** Positionals allowed (e.g. `images list`, pasted `kubeadm join ...`). */
  positionals?: boolean;
  /** Accepts a pasted `kubeadm join ...` command: its words arrive as positionals, unparsed. */
  pastedJoin?: boolean;
  /** Lazy so `--help`/`--version` load nothing heavy. Absent: not built yet (exit 2, no fake success). */
  load?: () => Promise<{ run: CommandRun }>;
}

const opt = (name: string, type: "string" | "boolean", en: string, zh: string, arg?: string): OptionDef => ({
  name,
  type,
  en,
  zh,
  ...(arg ? { arg } : {}),
});

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
const FROM_KUBEADM_CONFIG = opt(
  "from-kubeadm-config",
  "string",
  "take values from an existing kubeadm config (kubeadm init --config FILE)",
  "从已有的 kubeadm 配置文件（kubeadm init --config 所用）读取值",
  "FILE",
);
const KUBECONFIG = opt("kubeconfig", "string", "kubeconfig to use", "要使用的 kubeconfig", "FILE");

export const COMMANDS: CommandDef[] = [
  {
    name: "init",
    usage:
      "init [spec flags] [--answers FILE] [--from-kubeadm-config FILE] [--yes] [--dry-run] [--skip-prep] [--skip-cni]",
    en: "set up the first control-plane node end to end",
    zh: "一步完成第一个控制平面节点的部署",
    options: [
      ...SPEC_OPTIONS,
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
      ...SSH_JOIN_OPTIONS.filter((o) => o.name !== "retry-failed"),
      INSTALL_PACKAGES,
      OUTPUT,
      QUIET,
    ],
    load: () => import("../commands/init.js"),
  },
  {
    name: "join",
    usage:
      "join [kubeadm join ARGS...] | --endpoint HOST:PORT --token T --ca-cert-hash sha256:H [--control-plane --certificate-key K]",
    en: "join this host to a cluster (paste the printed join command)",
    zh: "将本机加入集群（粘贴打印出的 join 命令即可）",
    options: [...SPEC_OPTIONS, ...JOIN_OPTIONS, DRY_RUN, SKIP_PREP, INSTALL_PACKAGES, OUTPUT, QUIET],
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
      ...SPEC_OPTIONS,
      ...JOIN_OPTIONS,
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
    usage: "images list|check|pull [spec flags] [--candidate REPO ...]",
    en: "list, check on the registries, or pre-pull the images the cluster needs",
    zh: "列出、在镜像仓库中检查或预拉取集群所需镜像",
    options: [
      ...SPEC_OPTIONS,
      {
        ...opt(
          "candidate",
          "string",
          "check: other image repositories to try for kubeadm's images (repeatable)",
          "check：可尝试的其他 kubeadm 镜像仓库（可重复）",
          "REPO",
        ),
        multiple: true,
      },
    ],
    positionals: true,
    load: () => import("../commands/images.js"),
  },
  {
    name: "prepare",
    usage: "prepare [spec flags] [--role control-plane|worker] [--install-packages] [--root DIR] [--dry-run]",
    en: "preflight checks and host preparation only",
    zh: "仅执行预检和主机准备",
    options: [
      ...SPEC_OPTIONS,
      DRY_RUN,
      opt(
        "role",
        "string",
        "control-plane (default) or worker: which checks apply",
        "control-plane（默认）或 worker：决定执行哪些检查",
        "ROLE",
      ),
      INSTALL_PACKAGES,
    ],
    load: () => import("../commands/prepare.js"),
  },
  {
    name: "cni",
    usage: "cni apply [--cni flannel|calico] [--manifest PATH|URL] [--no-wait] [--dry-run] [--kubeconfig F]",
    en: "install the pod network with the pod CIDR and mirrors patched in",
    zh: "安装 Pod 网络（自动写入 Pod CIDR 与镜像加速）",
    options: [
      ...SPEC_OPTIONS,
      opt("manifest", "string", "manifest file or URL", "清单文件或 URL", "PATH|URL"),
      opt("no-wait", "boolean", "do not wait for readiness", "不等待就绪"),
      opt("timeout", "string", "give up waiting after this long (10m)", "等待超时时间（10m）", "DURATION"),
      DRY_RUN,
      KUBECONFIG,
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
    ],
    load: () => import("../commands/wait.js"),
  },
  {
    name: "doctor",
    usage: "doctor [--kubeconfig F] [--output text|json] [--host-only|--cluster-only]",
    en: "diagnose ImagePullBackOff, NotReady and other classic failures",
    zh: "诊断 ImagePullBackOff、NotReady 等常见故障",
    options: [
      KUBECONFIG,
      opt("output", "string", "report format", "报告格式", "text|json"),
      opt("host-only", "boolean", "only check this host", "只检查本机"),
      opt("cluster-only", "boolean", "only check the cluster", "只检查集群"),
      // what the cluster should look like when neither the cluster nor a saved config says so
      ...SPEC_OPTIONS,
    ],
    load: () => import("../commands/doctor.js"),
  },
  {
    name: "reset",
    usage: "reset [--yes] [--dry-run]",
    en: "undo kubeadm init/join on this host",
    zh: "撤销本机上的 kubeadm init/join",
    options: [opt("yes", "boolean", "do not ask", "不询问"), DRY_RUN],
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
      ...SPEC_OPTIONS,
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
      QUIET,
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
      opt("yes", "boolean", "do not ask", "不询问"),
      DRY_RUN,
      KUBECONFIG,
    ],
    positionals: true,
    load: () => import("../commands/remove-node.js"),
  },
];

export const COMMAND_BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export function allOptions(cmd: CommandDef): OptionDef[] {
  return [...GLOBAL_OPTIONS, ...cmd.options];
}
