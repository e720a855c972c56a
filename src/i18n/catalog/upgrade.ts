import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/** `kadm-wizard upgrade plan` (the path, the nodes, the guards). Keys "upgrade.". */
export const UPGRADE_MESSAGES = {
  // --- the command group
  "upgrade.usage": {
    en: (p) => `unknown upgrade subcommand "${p.value}"; known: ${p.known}.`,
    zh: (p) => `未知的 upgrade 子命令 "${p.value}"；已有：${p.known}。`,
  },
  "upgrade.usageHint": {
    en: () => "e.g. kadm-wizard upgrade plan --to v1.34.10",
    zh: () => "例如 kadm-wizard upgrade plan --to v1.34.10",
  },
  "upgrade.optionNotHere": {
    en: (p) => `${p.option} is not an option of \`upgrade ${p.sub}\`.`,
    zh: (p) => `${p.option} 不是 \`upgrade ${p.sub}\` 的选项。`,
  },
  "upgrade.optionNotHereHint": {
    en: (p) =>
      `see kadm-wizard upgrade --help (its options name the subcommand they belong to); ${p.sub} takes ${p.options}`,
    zh: (p) => `参见 kadm-wizard upgrade --help（选项说明中注明所属子命令）；${p.sub} 可用 ${p.options}`,
  },

  // --- input
  "upgrade.badTarget": {
    en: (p) => `--to "${p.value}" is not a Kubernetes release like v1.34.10.`,
    zh: (p) => `--to "${p.value}" 不是形如 v1.34.10 的 Kubernetes 发布版本。`,
  },
  "upgrade.badTargetHint": {
    en: (p) =>
      `pass a version with its patch number, e.g. --to ${p.example} (or a bare minor: --to ${p.minor})`,
    zh: (p) => `请传入带补丁号的版本，例如 --to ${p.example}（或只写次版本：--to ${p.minor}）`,
  },
  "upgrade.preRelease": {
    en: (p) => `--to ${p.value} is a pre-release; upgrade plans are made for released versions only.`,
    zh: (p) => `--to ${p.value} 是预发布版本；升级计划只针对正式发布版本。`,
  },
  "upgrade.downgrade": {
    en: (p) => `--to ${p.target} is older than the cluster (${p.current}); kubeadm does not downgrade.`,
    zh: (p) => `--to ${p.target} 比集群当前版本（${p.current}）旧；kubeadm 不支持降级。`,
  },
  "upgrade.downgradeHint": {
    en: (p) =>
      `pass ${p.current} or newer; to go back after a failed apply use \`kadm-wizard upgrade rollback\``,
    zh: (p) => `请指定 ${p.current} 或更新的版本；apply 失败后要回退请用 \`kadm-wizard upgrade rollback\``,
  },
  "upgrade.unknownMinor": {
    en: (p) =>
      `the path to ${p.target} goes through v1.${p.minor}, and this release knows no v1.${p.minor} patch (newest known minor: v1.${p.newest}).`,
    zh: (p) =>
      `升级到 ${p.target} 须经过 v1.${p.minor}，而本版本不知道 v1.${p.minor} 的任何补丁版本（已知最新次版本：v1.${p.newest}）。`,
  },
  "upgrade.unknownMinorHint": {
    en: (p) => `upgrade one minor at a time: --to v1.${p.minor}.Z first (a released patch of v1.${p.minor})`,
    zh: (p) => `请逐个次版本升级：先 --to v1.${p.minor}.Z（v1.${p.minor} 的某个已发布补丁）`,
  },
  "upgrade.tooOld": {
    en: (p) => `the cluster runs ${p.current}; upgrade plans start at v1.${p.min} (kubeadm's v1beta3 API).`,
    zh: (p) => `集群运行的是 ${p.current}；升级计划从 v1.${p.min} 起支持（kubeadm 的 v1beta3 API）。`,
  },
  "upgrade.tooOldHint": {
    en: () => "upgrade to v1.22 with the kubeadm of each minor by hand first",
    zh: () => "请先用各次版本的 kubeadm 手动升级到 v1.22",
  },
  "upgrade.noVersion": {
    en: (p) =>
      `the cluster's version could not be read (/version: "${p.api}", kubeadm-config: "${p.config}").`,
    zh: (p) => `无法读取集群版本（/version："${p.api}"，kubeadm-config："${p.config}"）。`,
  },
  "upgrade.noVersionHint": {
    en: () =>
      "check that the kubeconfig points at a kubeadm cluster: kubectl version; kubectl -n kube-system get cm kubeadm-config",
    zh: () =>
      "请确认 kubeconfig 指向 kubeadm 集群：kubectl version；kubectl -n kube-system get cm kubeadm-config",
  },
  "upgrade.noKubeadmConfig": {
    en: () =>
      "ConfigMap kube-system/kubeadm-config holds no ClusterConfiguration: this cluster was not made by kubeadm.",
    zh: () =>
      "ConfigMap kube-system/kubeadm-config 中没有 ClusterConfiguration：该集群不是由 kubeadm 创建的。",
  },
  "upgrade.noKubeadmConfigHint": {
    en: () => "upgrade plans are for kubeadm clusters; check --kubeconfig",
    zh: () => "升级计划只适用于 kubeadm 集群；请检查 --kubeconfig",
  },

  "upgrade.badMaxUnavailable": {
    en: (p) => `--max-unavailable "${p.value}" is not a whole number of nodes (1 or more).`,
    zh: (p) => `--max-unavailable "${p.value}" 不是有效的节点数（1 或更多的整数）。`,
  },
  "upgrade.badMaxUnavailableHint": {
    en: () => "e.g. --max-unavailable 2: two workers are drained and upgraded at a time",
    zh: () => "例如 --max-unavailable 2：每次驱逐并升级两个工作节点",
  },
  "upgrade.badGuard": {
    en: (p) =>
      `--ignore-guard ${p.value}: no such guard${p.suggestion ? `; did you mean ${p.suggestion}?` : "."}`,
    zh: (p) =>
      `--ignore-guard ${p.value}：没有这个检查项${p.suggestion ? `；是否想输入 ${p.suggestion}？` : "。"}`,
  },
  "upgrade.badGuardHint": {
    en: (p) => `guards: ${p.known}`,
    zh: (p) => `检查项：${p.known}`,
  },

  "upgrade.sshFailed": {
    en: (p) => `${p.node} (${p.host}) was not read over SSH, its cgroup version stays unknown: ${p.reason}`,
    zh: (p) => `未能通过 SSH 读取 ${p.node}（${p.host}），其 cgroup 版本仍未知：${p.reason}`,
  },
  "upgrade.inventoryUnmatched": {
    en: (p) => `inventory hosts that are no node of this cluster (not read): ${p.hosts}`,
    zh: (p) => `清单中不属于该集群节点的主机（未读取）：${p.hosts}`,
  },

  // --- report
  "upgrade.report.title": {
    en: (p) => `Upgrade plan for ${p.server}`,
    zh: (p) => `${p.server} 的升级计划`,
  },
  "upgrade.report.path": {
    en: (p) =>
      `  Kubernetes ${p.current} -> ${p.target}: ${plural(p.hops, "hop")} (kubeadm never skips a minor)`,
    zh: (p) => `  Kubernetes ${p.current} -> ${p.target}：共 ${p.hops} 步（kubeadm 不会跳过次版本）`,
  },
  "upgrade.report.upToDate": {
    en: (p) =>
      `  Kubernetes ${p.current}: already the newest release this version knows (v1.${p.newest}); nothing to upgrade.`,
    zh: (p) => `  Kubernetes ${p.current}：已是本版本已知的最新版本（v1.${p.newest}），无需升级。`,
  },
  "upgrade.report.atTarget": {
    en: (p) => `  Kubernetes ${p.current}: already at ${p.target}; nothing to upgrade.`,
    zh: (p) => `  Kubernetes ${p.current}：已是 ${p.target}，无需升级。`,
  },
  "upgrade.report.cluster": {
    en: (p) => `  etcd ${p.etcd}; kube-proxy ${p.proxy}; pod network ${p.cni}; images from ${p.repo}`,
    zh: (p) => `  etcd ${p.etcd}；kube-proxy ${p.proxy}；Pod 网络 ${p.cni}；镜像来自 ${p.repo}`,
  },
  "upgrade.report.etcdExternal": { en: () => "external", zh: () => "外部" },
  "upgrade.report.unknown": { en: () => "unknown", zh: () => "未知" },
  "upgrade.report.proxyNone": { en: () => "absent", zh: () => "未部署" },
  "upgrade.report.proxyDefault": { en: () => "iptables (default)", zh: () => "iptables（默认）" },
  "upgrade.report.cniNone": { en: () => "none found", zh: () => "未发现" },
  "upgrade.report.hops": { en: () => "Hops:", zh: () => "升级步骤：" },
  "upgrade.report.hop": {
    en: (p) => `  ${p.n}. ${p.from} -> ${p.to}  (${plural(p.count, "image")})`,
    zh: (p) => `  ${p.n}. ${p.from} -> ${p.to}（${p.count} 个镜像）`,
  },
  "upgrade.report.imagesGuessed": {
    en: (p) =>
      `     images from our newest table row (${p.basis}): kubeadm's own \`kubeadm config images list\` on the node decides`,
    zh: (p) =>
      `     镜像取自我们表中最新的一行（${p.basis}）：以节点上 kubeadm 自己的 \`kubeadm config images list\` 为准`,
  },
  "upgrade.report.nodes": {
    en: () => "Nodes, in this order on every hop:",
    zh: () => "节点（每一步都按此顺序）：",
  },
  "upgrade.col.n": { en: () => "BATCH", zh: () => "批次" },
  "upgrade.col.node": { en: () => "NODE", zh: () => "节点" },
  "upgrade.col.role": { en: () => "ROLE", zh: () => "角色" },
  "upgrade.col.kubeadm": { en: () => "KUBEADM", zh: () => "KUBEADM" },
  "upgrade.col.kubelet": { en: () => "KUBELET", zh: () => "KUBELET" },
  "upgrade.col.runtime": { en: () => "RUNTIME", zh: () => "容器运行时" },
  "upgrade.col.cgroup": { en: () => "CGROUP", zh: () => "CGROUP" },
  "upgrade.col.pods": { en: () => "PODS", zh: () => "PODS" },
  "upgrade.kubeadm.apply": { en: () => "upgrade apply", zh: () => "upgrade apply" },
  "upgrade.kubeadm.node": { en: () => "upgrade node", zh: () => "upgrade node" },
  "upgrade.pods.drain": { en: () => "drained", zh: () => "驱逐" },
  "upgrade.pods.cordon": { en: () => "cordoned only", zh: () => "仅停止调度" },
  "upgrade.cgroup.unknown": { en: () => "?", zh: () => "?" },
  "upgrade.report.batches": {
    en: (p) => `  Workers go ${p.n} at a time (--max-unavailable); each is drained, upgraded and uncordoned.`,
    zh: (p) => `  工作节点每次 ${p.n} 个（--max-unavailable）；每个节点先驱逐，升级后恢复调度。`,
  },
  "upgrade.report.singleNode": {
    en: () => "  A single-node cluster keeps its pods: the node is cordoned, not drained.",
    zh: () => "  单节点集群保留其 Pod：节点只停止调度，不驱逐。",
  },
  "upgrade.report.guards": { en: () => "Guards:", zh: () => "升级前检查：" },
  "upgrade.report.evidence": { en: () => "evidence:", zh: () => "依据：" },
  "upgrade.report.fix": { en: () => "fix:", zh: () => "解决方法：" },
  "upgrade.report.overridden": {
    en: () => "(failing, overridden by --ignore-guard)",
    zh: () => "（未通过，已用 --ignore-guard 忽略）",
  },
  "upgrade.report.allowed": {
    en: (p) =>
      `Allowed: no guard fails (${plural(p.warnings, "warning")}). Next, on the first control plane: kadm-wizard upgrade apply --to ${p.target}`,
    zh: (p) =>
      `可以升级：没有未通过的检查（${p.warnings} 个警告）。下一步，在首个控制平面上：kadm-wizard upgrade apply --to ${p.target}`,
  },
  "upgrade.report.nothing": {
    en: () => "Nothing to do.",
    zh: () => "无需操作。",
  },
  "upgrade.report.blocked": {
    en: (p) =>
      `Blocked: ${plural(p.count, "guard")} ${Number(p.count) === 1 ? "fails" : "fail"} (${p.ids}). Fix ${Number(p.count) === 1 ? "it" : "them"} and plan again, or override knowingly: upgrade apply --ignore-guard ID.`,
    zh: (p) =>
      `不能升级：${p.count} 项检查未通过（${p.ids}）。请修复后重新生成计划，或在知情的前提下忽略：upgrade apply --ignore-guard ID。`,
  },

  // --- guards: kubelet skew
  "upgrade.guard.kubelet-skew.pass": {
    en: (p) =>
      `kubelets are within the skew policy of the API server ${p.api} (at most ${p.max} minors behind)`,
    zh: (p) => `kubelet 版本符合与 API Server ${p.api} 的偏差策略（最多落后 ${p.max} 个次版本）`,
  },
  "upgrade.guard.kubelet-skew.fail": {
    en: (p) => `${plural(p.count, "kubelet")} outside the version skew policy`,
    zh: (p) => `${p.count} 个 kubelet 超出版本偏差策略`,
  },
  "upgrade.guard.kubelet-skew.unknown": {
    en: (p) => `${plural(p.count, "kubelet version")} could not be read`,
    zh: (p) => `${p.count} 个 kubelet 版本无法读取`,
  },
  "upgrade.ev.kubelets": {
    en: (p) => `kubelets: ${p.list}`,
    zh: (p) => `kubelet：${p.list}`,
  },
  "upgrade.ev.apiAfterHop": {
    en: (p) =>
      `API server ${p.api} now, ${p.next} after the first hop; a kubelet may be at most ${p.max} minors older and never newer`,
    zh: (p) =>
      `API Server 当前为 ${p.api}，第一步后为 ${p.next}；kubelet 最多可比它旧 ${p.max} 个次版本，且不能更新`,
  },
  "upgrade.ev.apiNow": {
    en: (p) => `API server ${p.api}; a kubelet may be at most ${p.max} minors older and never newer`,
    zh: (p) => `API Server 为 ${p.api}；kubelet 最多可比它旧 ${p.max} 个次版本，且不能更新`,
  },
  "upgrade.ev.kubeletNewer": {
    en: (p) => `${p.node}: kubelet ${p.kubelet} is newer than the API server ${p.api}`,
    zh: (p) => `${p.node}：kubelet ${p.kubelet} 比 API Server ${p.api} 更新`,
  },
  "upgrade.ev.kubeletBehind": {
    en: (p) => `${p.node}: kubelet ${p.kubelet} would be ${p.behind} minors behind ${p.next}`,
    zh: (p) => `${p.node}：kubelet ${p.kubelet} 将落后 ${p.next} ${p.behind} 个次版本`,
  },
  "upgrade.ev.kubeletUnreadable": {
    en: (p) => `${p.node}: kubelet version "${p.kubelet}"`,
    zh: (p) => `${p.node}：kubelet 版本 "${p.kubelet}"`,
  },
  "upgrade.fix.kubelet-skew": {
    en: (p) =>
      `bring the kubelet of ${p.nodes} to the control plane's minor first: install kubelet ${p.api} (the v1.${p.minor} package repository), systemctl restart kubelet, then plan again`,
    zh: (p) =>
      `请先把 ${p.nodes} 的 kubelet 升到控制平面的次版本：安装 kubelet ${p.api}（v1.${p.minor} 软件源），systemctl restart kubelet，然后重新生成计划`,
  },
  "upgrade.fix.kubelet-unknown": {
    en: () =>
      "kubectl get nodes -o wide shows each kubelet's version; a node that never reported one is not Ready",
    zh: () => "kubectl get nodes -o wide 可查看每个 kubelet 的版本；从未上报版本的节点不是 Ready 状态",
  },

  // --- guards: etcd
  "upgrade.guard.etcd-version.pass": {
    en: (p) => `etcd ${p.etcd} is ${p.min} or newer: its step from 3.5 to 3.6 on the hop to ${p.hop} is safe`,
    zh: (p) => `etcd ${p.etcd} 已是 ${p.min} 或更新：升级到 ${p.hop} 时从 3.5 到 3.6 的一步是安全的`,
  },
  "upgrade.guard.etcd-version.noStep": {
    en: (p) => `etcd ${p.etcd}: no step from etcd 3.5 to 3.6 on this path`,
    zh: (p) => `etcd ${p.etcd}：此路径上没有从 etcd 3.5 到 3.6 的一步`,
  },
  "upgrade.guard.etcd-version.external": {
    en: () => "external etcd: kubeadm does not upgrade it",
    zh: () => "外部 etcd：kubeadm 不会升级它",
  },
  "upgrade.guard.etcd-version.fail": {
    en: (p) =>
      `etcd ${p.etcd} would move to ${p.to} on the hop to ${p.hop}; etcd 3.5 must be ${p.min} or newer first`,
    zh: (p) => `etcd ${p.etcd} 将在升级到 ${p.hop} 时变为 ${p.to}；etcd 3.5 必须先升到 ${p.min} 或更新`,
  },
  "upgrade.guard.etcd-version.unknown": {
    en: (p) => `etcd's version could not be read, and the hop to ${p.hop} moves it to ${p.to}`,
    zh: (p) => `无法读取 etcd 版本，而升级到 ${p.hop} 会把它变为 ${p.to}`,
  },
  "upgrade.ev.etcdNow": {
    en: (p) => `etcd image now: ${p.etcd} (${p.source})`,
    zh: (p) => `当前 etcd 镜像：${p.etcd}（${p.source}）`,
  },
  "upgrade.ev.etcdNone": {
    en: () => "no etcd-<node> pod in kube-system with a readable image",
    zh: () => "kube-system 中没有镜像可读的 etcd-<节点> Pod",
  },
  "upgrade.ev.etcdHop": {
    en: (p) =>
      `hop ${p.n} ${p.from} -> ${p.to}: etcd ${p.etcdFrom} -> ${p.etcdTo} (kubeadm's default for ${p.to})`,
    zh: (p) =>
      `第 ${p.n} 步 ${p.from} -> ${p.to}：etcd ${p.etcdFrom} -> ${p.etcdTo}（${p.to} 的 kubeadm 默认值）`,
  },
  "upgrade.ev.etcdWhy": {
    en: (p) =>
      `etcd's announcements: upgrading 3.5 -> 3.6 is safe only from ${p.min} (earlier patches can keep zombie members or wrong membership data); kubeadm does not check it (kubernetes/kubeadm#3247)`,
    zh: (p) =>
      `etcd 官方公告：3.5 -> 3.6 只有从 ${p.min} 起升级才安全（更早的补丁版本可能留下僵尸成员或错误的成员信息）；kubeadm 不检查这一点（kubernetes/kubeadm#3247）`,
  },
  "upgrade.ev.etcdExternal": {
    en: (p) => `ClusterConfiguration etcd.external; the target's kubeadm would run etcd ${p.to} when stacked`,
    zh: (p) => `ClusterConfiguration 使用 etcd.external；目标版本的 kubeadm 在堆叠模式下使用 etcd ${p.to}`,
  },
  "upgrade.fix.etcd-version": {
    en: (p) =>
      `before the hop to ${p.hop}: on each control plane, one at a time, set the image in /etc/kubernetes/manifests/etcd.yaml to ${p.image} (or a newer 3.5 patch) and wait until etcd is healthy, then plan again`,
    zh: (p) =>
      `在升级到 ${p.hop} 之前：逐个控制平面把 /etc/kubernetes/manifests/etcd.yaml 中的镜像改为 ${p.image}（或更新的 3.5 补丁版本），等待 etcd 恢复健康，然后重新生成计划`,
  },
  "upgrade.fix.etcd-version-later": {
    en: (p) =>
      `upgrade with --to ${p.stop} first; then, on each control plane, one at a time, set the image in /etc/kubernetes/manifests/etcd.yaml to ${p.image} (or a newer 3.5 patch), wait until etcd is healthy, and plan the rest`,
    zh: (p) =>
      `请先用 --to ${p.stop} 升级；然后逐个控制平面把 /etc/kubernetes/manifests/etcd.yaml 中的镜像改为 ${p.image}（或更新的 3.5 补丁版本），等待 etcd 恢复健康，再规划剩余步骤`,
  },
  "upgrade.fix.etcd-unknown": {
    en: () => "kubectl -n kube-system get pods -l component=etcd -o jsonpath='{..image}' shows it",
    zh: () => "kubectl -n kube-system get pods -l component=etcd -o jsonpath='{..image}' 可查看",
  },

  // --- guards: cgroup v1
  "upgrade.guard.cgroup-v1.pass": {
    en: () => "every node runs cgroup v2",
    zh: () => "所有节点都使用 cgroup v2",
  },
  "upgrade.guard.cgroup-v1.before": {
    en: (p) => `kubelet ${p.target} still starts on cgroup v1 (refused from v1.${p.minor})`,
    zh: (p) => `kubelet ${p.target} 仍可在 cgroup v1 上启动（从 v1.${p.minor} 起拒绝）`,
  },
  "upgrade.guard.cgroup-v1.fail": {
    en: (p) => `${plural(p.count, "node")} on cgroup v1: kubelet ${p.target} refuses to start there`,
    zh: (p) => `${p.count} 个节点使用 cgroup v1：kubelet ${p.target} 在这些节点上拒绝启动`,
  },
  "upgrade.guard.cgroup-v1.allowed": {
    en: (p) => `${plural(p.count, "node")} on cgroup v1, allowed by failCgroupV1: false (deprecated)`,
    zh: (p) => `${p.count} 个节点使用 cgroup v1，因 failCgroupV1: false 而被允许（已弃用）`,
  },
  "upgrade.guard.cgroup-v1.unknown": {
    en: (p) => `the cgroup version of ${plural(p.count, "node")} was not read (not reachable from here)`,
    zh: (p) => `未读取 ${p.count} 个节点的 cgroup 版本（从本机无法访问）`,
  },
  "upgrade.ev.cgroupNodes": {
    en: (p) => `cgroup ${p.version}: ${p.list}`,
    zh: (p) => `cgroup ${p.version}：${p.list}`,
  },
  "upgrade.ev.cgroupWhy": {
    en: (p) =>
      `from v1.${p.minor} failCgroupV1 defaults to true: the kubelet stops with "kubelet is configured to not run on a host using cgroup v1"`,
    zh: (p) =>
      `从 v1.${p.minor} 起 failCgroupV1 默认为 true：kubelet 会以 "kubelet is configured to not run on a host using cgroup v1" 退出`,
  },
  "upgrade.ev.cgroupTarget": {
    en: (p) => `target ${p.target}: the kubelet refuses cgroup v1 only from v1.${p.minor}`,
    zh: (p) => `目标 ${p.target}：kubelet 从 v1.${p.minor} 起才拒绝 cgroup v1`,
  },
  "upgrade.ev.failCgroupV1": {
    en: () => "ConfigMap kube-system/kubelet-config: failCgroupV1: false",
    zh: () => "ConfigMap kube-system/kubelet-config：failCgroupV1: false",
  },
  "upgrade.fix.cgroup-v1": {
    en: (p) =>
      `boot ${p.nodes} with cgroup v2 (kernel argument systemd.unified_cgroup_hierarchy=1, reboot), or stop at v1.${p.last} (--to v1.${p.last}), or knowingly set failCgroupV1: false in ConfigMap kube-system/kubelet-config`,
    zh: (p) =>
      `让 ${p.nodes} 以 cgroup v2 启动（内核参数 systemd.unified_cgroup_hierarchy=1 后重启），或停在 v1.${p.last}（--to v1.${p.last}），或在知情的前提下在 ConfigMap kube-system/kubelet-config 中设置 failCgroupV1: false`,
  },
  "upgrade.fix.cgroup-v1-allowed": {
    en: () =>
      "cgroup v1 support will be removed: move these nodes to cgroup v2 (systemd.unified_cgroup_hierarchy=1)",
    zh: () => "cgroup v1 支持将被移除：请把这些节点迁移到 cgroup v2（systemd.unified_cgroup_hierarchy=1）",
  },
  "upgrade.fix.cgroup-unknown": {
    en: () =>
      "on each of them: stat -fc %T /sys/fs/cgroup (cgroup2fs is v2, tmpfs is v1), or kadm-wizard doctor --inventory hosts.yaml",
    zh: () =>
      "在这些节点上执行：stat -fc %T /sys/fs/cgroup（cgroup2fs 为 v2，tmpfs 为 v1），或 kadm-wizard doctor --inventory hosts.yaml",
  },

  // --- guards: kube-proxy ipvs
  "upgrade.guard.kube-proxy-ipvs.pass": {
    en: (p) => `kube-proxy mode: ${p.mode}`,
    zh: (p) => `kube-proxy 模式：${p.mode}`,
  },
  "upgrade.guard.kube-proxy-ipvs.warn": {
    en: (p) =>
      `kube-proxy runs in ipvs mode, deprecated from v1.${p.minor} (KEP-5495; from v1.37 behind the KubeProxyIPVS feature gate, planned to be off in v1.40)`,
    zh: (p) =>
      `kube-proxy 运行在 ipvs 模式，该模式从 v1.${p.minor} 起已弃用（KEP-5495；自 v1.37 起受 KubeProxyIPVS 特性门控制，计划在 v1.40 默认关闭）`,
  },
  "upgrade.ev.proxyMode": {
    en: (p) => `ConfigMap kube-system/kube-proxy config.conf: mode: ${p.mode}`,
    zh: (p) => `ConfigMap kube-system/kube-proxy config.conf：mode: ${p.mode}`,
  },
  "upgrade.ev.proxyTarget": {
    en: (p) =>
      `target ${p.target}: ipvs still works but is deprecated and will be removed in a later release`,
    zh: (p) => `目标 ${p.target}：ipvs 仍可用，但已弃用，将在之后的版本中移除`,
  },
  "upgrade.fix.kube-proxy-ipvs": {
    en: () =>
      "plan a move to nftables (kernel 5.13+) or iptables: set mode in ConfigMap kube-system/kube-proxy, kubectl -n kube-system rollout restart ds/kube-proxy, then clear the old rules on each node (ipvsadm --clear)",
    zh: () =>
      "请计划迁移到 nftables（内核 5.13+）或 iptables：修改 ConfigMap kube-system/kube-proxy 中的 mode，kubectl -n kube-system rollout restart ds/kube-proxy，再在每个节点上清除旧规则（ipvsadm --clear）",
  },

  // --- guards: runtime
  "upgrade.guard.runtime.pass": {
    en: (p) => `container runtimes support what kubeadm ${p.target}'s preflight checks`,
    zh: (p) => `容器运行时支持 kubeadm ${p.target} 预检所检查的内容`,
  },
  "upgrade.guard.runtime.fail": {
    en: (p) => `${plural(p.count, "node")} with a container runtime ${p.target} does not support`,
    zh: (p) => `${p.count} 个节点的容器运行时不受 ${p.target} 支持`,
  },
  "upgrade.guard.runtime.warn": {
    en: (p) => `${plural(p.count, "node")} on containerd 1.x: the last minor for it is v1.35`,
    zh: (p) => `${p.count} 个节点使用 containerd 1.x：支持它的最后一个次版本是 v1.35`,
  },
  "upgrade.guard.runtime.unknown": {
    en: (p) => `the container runtime of ${plural(p.count, "node")} could not be judged`,
    zh: (p) => `无法判断 ${p.count} 个节点的容器运行时`,
  },
  "upgrade.ev.runtimeNodes": {
    en: (p) => `${p.runtime}: ${p.list}`,
    zh: (p) => `${p.runtime}：${p.list}`,
  },
  "upgrade.ev.runtimeNeeds": {
    en: (p) =>
      `Kubernetes v1.${p.minor} needs containerd ${p.min} or newer (containerd's RELEASES.md, Kubernetes support)`,
    zh: (p) =>
      `Kubernetes v1.${p.minor} 需要 containerd ${p.min} 或更新版本（containerd RELEASES.md 的 Kubernetes 支持表）`,
  },
  "upgrade.ev.runtimeConfig": {
    en: () =>
      "kubeadm's ContainerRuntimeVersion preflight check asks for the CRI RuntimeConfig call (KEP-4033): containerd has it from 2.0.0, CRI-O from 1.28.0; without it the kubelet falls back to its cgroupDriver setting, a fallback removed for kubelet 1.38",
    zh: () =>
      "kubeadm 的 ContainerRuntimeVersion 预检会检查 CRI RuntimeConfig 调用（KEP-4033）：containerd 从 2.0.0 起支持，CRI-O 从 1.28.0 起支持；不支持时 kubelet 退回使用自身的 cgroupDriver 设置，该退路在 kubelet 1.38 中移除",
  },
  "upgrade.fix.runtime": {
    en: (p) =>
      `move ${p.nodes} to containerd ${p.min} or newer before the upgrade (drain the node, install containerd.io 2.x from docker-ce or the distribution's 2.x, keep config.toml's SystemdCgroup, restart containerd and the kubelet)`,
    zh: (p) =>
      `升级前请把 ${p.nodes} 换成 containerd ${p.min} 或更新版本（先驱逐节点，从 docker-ce 安装 containerd.io 2.x 或使用发行版的 2.x，保留 config.toml 中的 SystemdCgroup，重启 containerd 和 kubelet）`,
  },
  "upgrade.fix.runtime-warn": {
    en: () =>
      "move to containerd 2.x before going past v1.35; until then kubeadm's preflight prints a ContainerRuntimeVersion warning",
    zh: () =>
      "在升级到 v1.35 之后的版本前请换成 containerd 2.x；在此之前 kubeadm 预检会给出 ContainerRuntimeVersion 警告",
  },
  "upgrade.fix.runtime-unknown": {
    en: () =>
      "check that the runtime of these nodes implements the CRI RuntimeConfig call (crictl info) and is supported by the target",
    zh: () => "请确认这些节点的运行时实现了 CRI RuntimeConfig 调用（crictl info），且受目标版本支持",
  },

  // --- guards: CNI
  "upgrade.guard.cni-version.pass": {
    en: (p) => `pod network ${p.cni} supports ${p.target}`,
    zh: (p) => `Pod 网络 ${p.cni} 支持 ${p.target}`,
  },
  "upgrade.guard.cni-version.none": {
    en: () => "no pod network of ours found (no calico-node or kube-flannel DaemonSet)",
    zh: () => "未发现本工具管理的 Pod 网络（没有 calico-node 或 kube-flannel DaemonSet）",
  },
  "upgrade.guard.cni-version.fail": {
    en: (p) => `${p.cni} is tested up to v1.${p.to}, not with ${p.target}`,
    zh: (p) => `${p.cni} 只测试到 v1.${p.to}，未针对 ${p.target} 测试`,
  },
  "upgrade.guard.cni-version.untested": {
    en: (p) => `${p.cni} is tested up to v1.${p.to}; no release we pin is tested with ${p.target}`,
    zh: (p) => `${p.cni} 只测试到 v1.${p.to}；本工具固定的版本中没有针对 ${p.target} 测试过的`,
  },
  "upgrade.guard.cni-version.unknown": {
    en: (p) => `pod network ${p.cni}: not in our support table, cannot judge ${p.target}`,
    zh: (p) => `Pod 网络 ${p.cni}：不在支持表中，无法判断是否支持 ${p.target}`,
  },
  "upgrade.ev.cniFound": {
    en: (p) => `${p.what}: ${p.image}`,
    zh: (p) => `${p.what}：${p.image}`,
  },
  "upgrade.ev.calicoRange": {
    en: (p) =>
      `Calico ${p.minor} is tested with Kubernetes v1.${p.from} - v1.${p.to} (Calico's system requirements)`,
    zh: (p) => `Calico ${p.minor} 的测试范围为 Kubernetes v1.${p.from} - v1.${p.to}（Calico 系统要求）`,
  },
  "upgrade.ev.flannelRange": {
    en: () => "flannel publishes no Kubernetes version range (it only uses Nodes and its ConfigMap)",
    zh: () => "flannel 不公布 Kubernetes 版本范围（它只使用 Node 和自己的 ConfigMap）",
  },
  "upgrade.fix.cni-version": {
    en: (p) =>
      `first, while the cluster is within v1.${p.from} - v1.${p.to}: kadm-wizard cni apply --cni ${p.plugin} --cni-version ${p.version}`,
    zh: (p) =>
      `请先在集群处于 v1.${p.from} - v1.${p.to} 范围内时执行：kadm-wizard cni apply --cni ${p.plugin} --cni-version ${p.version}`,
  },
  "upgrade.fix.cni-version-later": {
    en: (p) =>
      `upgrade with --to v1.${p.to} first; then, within v1.${p.from} - v1.${p.to}: kadm-wizard cni apply --cni ${p.plugin} --cni-version ${p.version}; then plan the rest`,
    zh: (p) =>
      `请先用 --to v1.${p.to} 升级；然后在 v1.${p.from} - v1.${p.to} 范围内执行：kadm-wizard cni apply --cni ${p.plugin} --cni-version ${p.version}；再规划剩余步骤`,
  },
  "upgrade.fix.cni-untested": {
    en: (p) =>
      `Calico says newer versions may work; stop at v1.${p.to} (--to v1.${p.to}) until a tested release is pinned, or go on knowingly`,
    zh: (p) =>
      `Calico 表示更新的版本可能可用；可先停在 v1.${p.to}（--to v1.${p.to}），等本工具固定了经过测试的版本，或在知情的前提下继续`,
  },
  "upgrade.fix.cni-unknown": {
    en: () => "check your pod network's documentation for the Kubernetes versions it supports",
    zh: () => "请查阅所用 Pod 网络的文档，确认其支持的 Kubernetes 版本",
  },

  // --- guards: kubeadm API
  "upgrade.guard.kubeadm-api.pass": {
    en: (p) => `the saved ClusterConfiguration (${p.api}) is readable by every kubeadm on the path`,
    zh: (p) => `已保存的 ClusterConfiguration（${p.api}）可被路径上的每个 kubeadm 读取`,
  },
  "upgrade.guard.kubeadm-api.warn": {
    en: (p) => `the saved ClusterConfiguration is ${p.api}, which kubeadm v1.${p.minor} cannot read`,
    zh: (p) => `已保存的 ClusterConfiguration 为 ${p.api}，kubeadm v1.${p.minor} 无法读取`,
  },
  "upgrade.guard.kubeadm-api.unknown": {
    en: (p) => `the saved ClusterConfiguration has an API this release does not know ("${p.api}")`,
    zh: (p) => `已保存的 ClusterConfiguration 的 API 版本未知（"${p.api}"）`,
  },
  "upgrade.ev.kubeadmApi": {
    en: (p) => `ConfigMap kube-system/kubeadm-config ClusterConfiguration: apiVersion ${p.api}`,
    zh: (p) => `ConfigMap kube-system/kubeadm-config ClusterConfiguration：apiVersion ${p.api}`,
  },
  "upgrade.ev.kubeadmRewrite": {
    en: (p) => `the hop to ${p.hop} stores it again as kubeadm.k8s.io/v1beta4 (kubeadm 1.31+ writes v1beta4)`,
    zh: (p) => `升级到 ${p.hop} 时会重新以 kubeadm.k8s.io/v1beta4 保存（kubeadm 1.31+ 写入 v1beta4）`,
  },
  "upgrade.ev.kubeadmRemoved": {
    en: (p) =>
      `kubeadm v1.${p.minor} removed v1beta3 ("uses an old API spec"); the hop to ${p.hop} needs v1beta4`,
    zh: (p) => `kubeadm v1.${p.minor} 已移除 v1beta3（"uses an old API spec"）；升级到 ${p.hop} 需要 v1beta4`,
  },
  "upgrade.fix.kubeadm-api": {
    en: () =>
      "nothing to do by hand: upgrade apply re-renders the ClusterConfiguration as v1beta4 (kubeadm config migrate) before that hop; by hand: kubeadm config migrate with kubeadm 1.36, then update ConfigMap kube-system/kubeadm-config",
    zh: () =>
      "无需手动处理：upgrade apply 会在这一步之前把 ClusterConfiguration 重新生成为 v1beta4（kubeadm config migrate）；手动做法：用 kubeadm 1.36 执行 kubeadm config migrate，再更新 ConfigMap kube-system/kubeadm-config",
  },
  "upgrade.fix.kubeadm-api-unknown": {
    en: () =>
      "kubectl -n kube-system get cm kubeadm-config -o yaml shows it; kubeadm writes kubeadm.k8s.io/v1beta3 or v1beta4",
    zh: () =>
      "kubectl -n kube-system get cm kubeadm-config -o yaml 可查看；kubeadm 写入的是 kubeadm.k8s.io/v1beta3 或 v1beta4",
  },

  // --- evidence helpers
  "upgrade.ev.more": {
    en: (p) => `and ${p.count} more`,
    zh: (p) => `另有 ${p.count} 个`,
  },
  "upgrade.ev.unreachable": {
    en: (p) => `not read: ${p.list}`,
    zh: (p) => `未读取：${p.list}`,
  },
} satisfies Record<string, Entry>;
