import type { Entry } from "../entry.js";
import { noun, plural } from "../plural.js";

/** The init/join pipelines (keys "run." shared, "init." for init). */
export const RUN_MESSAGES = {
  // --- a node's role, the one word for it in every table, plan and progress line (i18n/roles.ts)
  "run.role.first-control-plane": { en: () => "first control plane", zh: () => "首个控制平面" },
  "run.role.control-plane": { en: () => "control plane", zh: () => "控制平面" },
  "run.role.worker": { en: () => "worker", zh: () => "工作节点" },
  // A node in progress lines and plans: "10.0.0.11 (worker, node-1)", "master-1 (control plane, this machine)".
  "run.nodeLabel": {
    en: (p) => `${p.node} (${p.role}${p.detail ? `, ${p.detail}` : ""})`,
    zh: (p) => `${p.node}（${p.role}${p.detail ? `，${p.detail}` : ""}）`,
  },
  "run.nodeLine": { en: (p) => `${p.label}: ${p.text}`, zh: (p) => `${p.label}：${p.text}` },
  // --- shared pipeline
  "run.step.preflight": { en: () => "Preflight checks", zh: () => "预检" },
  "run.step.verify": { en: () => "Preflight again after preparation", zh: () => "准备完成后再次预检" },
  "run.step.images": {
    en: (p) => `Pre-pull ${plural(p.count, "image")} into containerd`,
    zh: (p) => `预拉取 ${p.count} 个镜像到 containerd`,
  },
  "run.preflightDone": {
    en: (p) => `Preflight: ${p.passed} passed, ${plural(p.warned, "warning")}, ${p.failed} to fix`,
    zh: (p) => `预检：${p.passed} 项通过，${p.warned} 项警告，${p.failed} 项待修复`,
  },
  "run.preflightFailed": {
    en: (p) => `${plural(p.count, "preflight check")} failed that host preparation cannot fix.`,
    zh: (p) => `${p.count} 项预检失败，且主机准备无法自动修复。`,
  },
  "run.verifyFailed": {
    en: (p) =>
      `${plural(p.count, "preflight check")} still ${noun(p.count, "fails", "fail")} after host preparation.`,
    zh: (p) => `主机准备后仍有 ${p.count} 项预检失败。`,
  },
  "run.dryRunWouldStop": {
    en: (p) =>
      `dry run: nothing was changed, but a real run would stop at preflight: ${plural(p.count, "check")} ${noun(p.count, "fails", "fail")} that host preparation cannot fix (${p.checks}).`,
    zh: (p) =>
      `试运行：未做任何修改，但实际运行会在预检阶段停止：${p.count} 项检查失败且主机准备无法修复（${p.checks}）。`,
  },
  "run.dryRunFirst": {
    en: (p) => `What to do: ${p.hint}.`,
    zh: (p) => `怎么做：${p.hint}。`,
  },
  "run.dryRunFixFirst": {
    en: () => "fix those first (each ✗ check above shows the commands), then run again",
    zh: () => "请先修复这些问题（上方每个 ✗ 检查都给出了命令），然后重新运行",
  },
  "run.dryRunFixPackages": {
    en: () =>
      "kubeadm/kubelet/kubectl missing or at another version: add --install-packages, or run `kadm-wizard prepare --install-packages`",
    zh: () =>
      "kubeadm/kubelet/kubectl 缺失或版本不符：加上 --install-packages，或运行 `kadm-wizard prepare --install-packages`",
  },
  "run.dryRunFixSkipPrep": {
    en: () => "without --skip-prep, host preparation repairs swap, kernel modules, sysctls and containerd",
    zh: () => "去掉 --skip-prep 后，主机准备会修复 swap、内核模块、sysctl 和 containerd",
  },
  "run.preflightHint": {
    en: () => "fix what the checks above say (each shows the commands), then run the same command again",
    zh: () => "按上方各项检查给出的命令修复后，重新运行同一命令",
  },
  "run.verifyDone": {
    en: (p) => `Host ready for kubeadm (${plural(p.warned, "warning")})`,
    zh: (p) => `主机已满足 kubeadm 要求（${p.warned} 项警告）`,
  },
  "run.imagesDone": {
    en: (p) => `${plural(p.count, "image")} in containerd`,
    zh: (p) => `${p.count} 个镜像已就绪`,
  },
  "run.imagesPlanned": {
    en: (p) => `${plural(p.count, "image pull")} planned`,
    zh: (p) => `计划拉取 ${p.count} 个镜像`,
  },
  "run.pullFailed": {
    en: (p) =>
      `${plural(p.count, "image")} could not be pulled; kubeadm would hang waiting for ${p.needed === p.count ? noun(p.count, "it", "them") : `${p.needed} of them`}.`,
    zh: (p) =>
      p.needed === p.count
        ? `${p.count} 个镜像拉取失败；kubeadm 会因等待它们而卡住。`
        : `${p.count} 个镜像拉取失败；kubeadm 会因等待其中 ${p.needed} 个而卡住。`,
  },
  "run.pullFailedPods": {
    en: (p) =>
      `${plural(p.count, "image")} could not be pulled; the pods that use ${noun(p.count, "it", "them")} would not start.`,
    zh: (p) => `${p.count} 个镜像拉取失败；使用这些镜像的 Pod 将无法启动。`,
  },
  "run.pullFailedHint": {
    en: () =>
      "see the cause of each image above; `kadm-wizard images check` shows which registry lacks which tag",
    zh: () => "查看上方每个镜像的失败原因；`kadm-wizard images check` 可显示哪个仓库缺少哪个标签",
  },
  "run.recorded": { en: (p) => `would run: ${p.command}`, zh: (p) => `将执行：${p.command}` },
  "run.skippedDone": {
    en: (p) => `${p.step} (done in the earlier run)`,
    zh: (p) => `${p.step}（上次运行已完成）`,
  },
  "run.stoppedAt": {
    en: (p) => `stopped at "${p.step}"; fix the cause and run \`${p.command}\` again to resume from there`,
    zh: (p) => `停止于“${p.step}”；排除原因后重新运行 \`${p.command}\` 即可从此处继续`,
  },
  "run.interrupted": {
    en: (p) => `interrupted during "${p.step}".`,
    zh: (p) => `在“${p.step}”期间被中断。`,
  },
  "run.badOutput": {
    en: (p) => `--output "${p.value}" is not a known format.`,
    zh: (p) => `--output "${p.value}" 不是支持的格式。`,
  },
  "run.badOutputHint": {
    en: () => "use --output text or --output json",
    zh: () => "请使用 --output text 或 --output json",
  },
  "run.fix": { en: () => "Fix", zh: () => "解决方法" },
  "run.kubeadmLastLines": {
    en: (p) => `kubeadm ${p.sub} failed; its last lines:`,
    zh: (p) => `kubeadm ${p.sub} 失败；最后的输出：`,
  },
  "run.hostChecksFound": {
    en: (p) =>
      `The host checks, run again just now, found ${plural(p.count, "problem")} that can explain it:`,
    zh: (p) => `刚刚重新运行的主机检查发现 ${p.count} 个可能导致此失败的问题：`,
  },
  "run.hostChecksClean": {
    en: () => "The host checks, run again just now, found nothing on this host that explains it.",
    zh: () => "刚刚重新运行的主机检查没有在本机发现可以解释此失败的问题。",
  },
  "run.hostChecksTimedOut": {
    en: () => "The host checks did not finish within 15 s; run `kadm-wizard doctor --host-only`.",
    zh: () => "主机检查未能在 15 秒内完成；请运行 `kadm-wizard doctor --host-only`。",
  },
  "run.kubeadmUsualCauses": {
    en: () => "kubeadm's output matches these usual causes:",
    zh: () => "kubeadm 的输出符合以下常见原因：",
  },
  "run.kubeadmLog": {
    en: (p) => `Full kubeadm output: ${p.path}`,
    zh: (p) => `kubeadm 完整输出：${p.path}`,
  },
  "run.nextSteps": {
    en: () =>
      "More: `kadm-wizard doctor` checks the host and cluster; `kadm-wizard reset` cleans up before trying again.",
    zh: () => "更多：`kadm-wizard doctor` 检查主机和集群；`kadm-wizard reset` 清理后可重试。",
  },
  "run.kubeadmFailed": {
    en: (p) => `kubeadm ${p.sub} failed in phase ${p.phase} (exit code ${p.code}).`,
    zh: (p) => `kubeadm ${p.sub} 在 ${p.phase} 阶段失败（退出码 ${p.code}）。`,
  },
  "run.kubeadmTimedOut": {
    en: (p) => `kubeadm ${p.sub} did not finish in time and was stopped (last phase ${p.phase}).`,
    zh: (p) => `kubeadm ${p.sub} 超时未完成，已被终止（最后阶段 ${p.phase}）。`,
  },
  "run.kubeadmFailedHint": {
    en: (p) => `follow the diagnosis above; the full output is in ${p.path}`,
    zh: (p) => `按上方诊断处理；完整输出见 ${p.path}`,
  },
  "run.kubeadmMissing": {
    en: (p) => `kubeadm was not found (${p.path}).`,
    zh: (p) => `未找到 kubeadm（${p.path}）。`,
  },
  "run.kubeadmMissingHint": {
    en: () => "install kubeadm/kubelet/kubectl (add --install-packages) or pass --kubeadm PATH",
    zh: () => "请安装 kubeadm/kubelet/kubectl（可加 --install-packages），或用 --kubeadm 指定路径",
  },

  // --- init
  "init.step.config": { en: () => "Write the kubeadm configuration", zh: () => "写入 kubeadm 配置" },
  "init.configDone": { en: (p) => `Configuration written: ${p.path}`, zh: (p) => `配置已写入：${p.path}` },
  "init.step.cni": { en: (p) => `Pod network (${p.plugin})`, zh: (p) => `Pod 网络（${p.plugin}）` },
  "init.cniPlanned": {
    en: (p) =>
      `would apply ${p.plugin} ${p.version} with pod CIDR ${p.podSubnet} and mirrored images (server-side apply)`,
    zh: (p) => `将以服务端应用方式安装 ${p.plugin} ${p.version}（Pod CIDR ${p.podSubnet}，镜像走加速地址）`,
  },
  "init.step.wait": {
    en: (p) => `Wait until the cluster is Ready (up to ${p.timeout})`,
    zh: (p) => `等待集群就绪（最多 ${p.timeout}）`,
  },
  "init.waitStarting": { en: () => "connecting to the API server", zh: () => "正在连接 API Server" },
  "init.waitPlanned": {
    en: () => "would wait (watching) until nodes, the pod network, CoreDNS and kube-system pods are Ready",
    zh: () => "将（通过 watch）等待节点、Pod 网络、CoreDNS 和 kube-system Pod 就绪",
  },
  "init.ready": { en: (p) => `Cluster Ready after ${p.elapsed}`, zh: (p) => `集群已就绪，用时 ${p.elapsed}` },
  "init.waitTimeoutHint": {
    en: () =>
      "fix what the report above names, then run `kadm-wizard init` again: it resumes with the wait (or run `kadm-wizard wait`)",
    zh: () => "按上方报告处理后重新运行 `kadm-wizard init`，会从等待步骤继续（或运行 `kadm-wizard wait`）",
  },
  "init.step.files": {
    en: () => "Files and commands of this run",
    zh: () => "本次运行写入的文件与执行的命令",
  },
  "init.configPlanned": { en: (p) => `would write ${p.path}`, zh: (p) => `将写入 ${p.path}` },
  "init.kubeconfigPlanned": {
    en: (p) => `would copy admin.conf to ${p.paths}`,
    zh: (p) => `将把 admin.conf 复制到 ${p.paths}`,
  },
  "init.recordedCommands": {
    en: () => "Commands that would run, in order",
    zh: () => "将按顺序执行的命令",
  },
  "init.step.kubeadm": { en: () => "kubeadm init", zh: () => "kubeadm init" },
  "init.kubeadmDone": {
    en: () => "kubeadm init: control plane is up",
    zh: () => "kubeadm init：控制平面已启动",
  },
  "init.cleanupFailed": {
    en: () => "Cleaning up what the failed kubeadm init left behind (kubeadm reset -f)",
    zh: () => "清理上次失败的 kubeadm init 残留（kubeadm reset -f）",
  },
  "init.step.kubeconfig": { en: () => "Set up kubectl access", zh: () => "配置 kubectl 访问" },
  "init.kubeconfigDone": { en: (p) => `kubeconfig: ${p.paths}`, zh: (p) => `kubeconfig：${p.paths}` },
  "init.adminConfMissing": {
    en: (p) => `kubeadm init finished but ${p.path} is missing.`,
    zh: (p) => `kubeadm init 已结束，但缺少 ${p.path}。`,
  },
  "init.adminConfMissingHint": {
    en: () => "run `kadm-wizard doctor`; `kubeadm init phase kubeconfig admin` recreates it",
    zh: () => "运行 `kadm-wizard doctor`；`kubeadm init phase kubeconfig admin` 可重新生成",
  },
  "init.nodesUnavailable": {
    en: (p) => `could not list nodes: ${p.reason}`,
    zh: (p) => `无法列出节点：${p.reason}`,
  },
  "init.existing": {
    en: (p) => `this host already has a Kubernetes cluster (${p.files}); init will not overwrite it.`,
    zh: (p) => `本机已有 Kubernetes 集群（${p.files}）；init 不会覆盖它。`,
  },
  "init.existingHint": {
    en: () =>
      "check it with `kadm-wizard doctor`; to start over, `kadm-wizard reset` (destroys this node's cluster state)",
    zh: () => "用 `kadm-wizard doctor` 检查；如需重来，运行 `kadm-wizard reset`（会清除本节点的集群状态）",
  },
  "init.alreadyDone": {
    en: (p) => `kadm-wizard init already completed on this host (${p.at}); nothing to do.`,
    zh: (p) => `本机已于 ${p.at} 完成 kadm-wizard init；无需再做。`,
  },
  "init.alreadyDoneHint": {
    en: () =>
      "`kadm-wizard token` prints a fresh join command, `kadm-wizard doctor` checks the cluster, `kadm-wizard reset` starts over.",
    zh: () =>
      "`kadm-wizard token` 打印新的 join 命令，`kadm-wizard doctor` 检查集群，`kadm-wizard reset` 可从头开始。",
  },
  "init.specChanged": {
    en: () =>
      "kubeadm init already ran on this host with other settings; they cannot be changed by re-running init.",
    zh: () => "本机已用其他配置运行过 kubeadm init；重新运行 init 无法修改这些配置。",
  },
  "init.specChangedHint": {
    en: () =>
      "re-run init with the same flags/answers (saved in /etc/kadm-wizard/answers.yaml) to resume, or `kadm-wizard reset` first",
    zh: () =>
      "使用相同的参数/答案（保存在 /etc/kadm-wizard/answers.yaml）重新运行以继续，或先运行 `kadm-wizard reset`",
  },
  "init.resume": {
    en: (p) => `Resuming the earlier init from "${p.step}".`,
    zh: (p) => `从“${p.step}”继续上次的 init。`,
  },
  "init.restart": {
    en: (p) =>
      `The earlier init stopped before kubeadm finished and the settings changed: starting again from "${p.step}".`,
    zh: (p) => `上次 init 在 kubeadm 完成前停止且配置已改变：从“${p.step}”重新开始。`,
  },
  "init.summary.title": {
    en: () => "Your Kubernetes control plane is ready.",
    zh: () => "Kubernetes 控制平面已就绪。",
  },
  "init.summary.dryRun": {
    en: () => "Plan (dry run): this is what init would set up.",
    zh: () => "计划（试运行）：init 将完成以下部署。",
  },
  "init.summary.endpoint": { en: () => "API endpoint", zh: () => "API 端点" },
  "init.summary.version": { en: () => "Kubernetes", zh: () => "Kubernetes 版本" },
  "init.summary.nodes": { en: () => "Nodes", zh: () => "节点" },
  "init.summary.joinWorker": {
    en: () => "Join worker nodes: on each worker run",
    zh: () => "加入工作节点：在每个工作节点上运行",
  },
  "init.summary.joinControlPlane": {
    en: () => "Join more control-plane nodes: on each of them run",
    zh: () => "加入更多控制平面节点：在每个节点上运行",
  },
  "init.summary.rawForm": {
    en: () => "or, with plain kubeadm (after preparing the host yourself):",
    zh: () => "或直接使用 kubeadm（需自行准备主机）：",
  },
  "init.summary.certKeyTtl": {
    en: () =>
      "The certificate key gives access to cluster secrets; the uploaded certificates are deleted after 2 hours (`kadm-wizard token --control-plane` uploads them again).",
    zh: () =>
      "证书密钥可访问集群敏感数据；上传的证书 2 小时后删除（`kadm-wizard token --control-plane` 可重新上传）。",
  },
  "init.summary.saved": {
    en: (p) => `Saved (mode 0600) in ${p.path}.`,
    zh: (p) => `已保存（权限 0600）到 ${p.path}。`,
  },
  "init.summary.caHashLater": {
    en: () => "CA hash, known after kubeadm init",
    zh: () => "CA 哈希，kubeadm init 之后才知道",
  },
  "init.summary.plannedJoin": {
    en: (p) =>
      `Dry run: the token and certificate key are masked and the CA hash does not exist yet; the real run prints the complete commands and saves them (mode 0600) in ${p.path}.`,
    zh: (p) =>
      `试运行：令牌与证书密钥已隐去，CA 哈希尚不存在；实际运行会打印完整命令并保存（权限 0600）到 ${p.path}。`,
  },
  "init.summary.tokenTtl": {
    en: () =>
      "The token expires after its TTL (24h by default): `kadm-wizard token` prints a fresh join command.",
    zh: () => "令牌过期后（默认 24 小时）：`kadm-wizard token` 可打印新的 join 命令。",
  },

  // --- join
  "join.step.config": { en: () => "Write the join configuration", zh: () => "写入 join 配置" },
  "join.step.kubeadm": { en: () => "kubeadm join", zh: () => "kubeadm join" },
  "join.kubeadmDone": { en: () => "kubeadm join: this node joined", zh: () => "kubeadm join：本节点已加入" },
  "join.cleanupFailed": {
    en: () => "Cleaning up what the failed kubeadm join left behind (kubeadm reset -f)",
    zh: () => "清理上次失败的 kubeadm join 残留（kubeadm reset -f）",
  },
  "join.thisNode": { en: () => "this node", zh: () => "本节点" },
  "join.done": {
    en: (p) =>
      `${p.node} joined the cluster at ${p.endpoint}. On the control plane, \`kubectl get nodes\` shows it; it turns Ready once the pod network runs on it.`,
    zh: (p) =>
      `${p.node} 已加入集群 ${p.endpoint}。在控制平面上运行 \`kubectl get nodes\` 可以看到它；Pod 网络在其上运行后即变为 Ready。`,
  },
  "join.doneControlPlane": {
    en: (p) =>
      `${p.node} joined the control plane at ${p.endpoint}; kubectl works here too (~/.kube/config).`,
    zh: (p) => `${p.node} 已作为控制平面加入 ${p.endpoint}；本机也可直接使用 kubectl（~/.kube/config）。`,
  },
  "join.planned": {
    en: (p) => `Plan (dry run): ${p.node} would join the cluster at ${p.endpoint}.`,
    zh: (p) => `计划（试运行）：${p.node} 将加入集群 ${p.endpoint}。`,
  },
  "join.alreadyDone": {
    en: (p) => `kadm-wizard join already completed on this host (${p.at}); nothing to do.`,
    zh: (p) => `本机已于 ${p.at} 完成 kadm-wizard join；无需再做。`,
  },
  "join.already": {
    en: (p) => `this host already belongs to a cluster (${p.files}); join will not overwrite it.`,
    zh: (p) => `本机已属于某个集群（${p.files}）；join 不会覆盖。`,
  },
  "join.alreadyHint": {
    en: () => "to move it to another cluster, run `kadm-wizard reset` here first",
    zh: () => "如需加入其他集群，请先在本机运行 `kadm-wizard reset`",
  },
  "join.specChanged": {
    en: () => "kubeadm join already ran here with other settings.",
    zh: () => "本机已用其他配置运行过 kubeadm join。",
  },
  "join.resume": {
    en: (p) => `Resuming the earlier join from "${p.step}".`,
    zh: (p) => `从“${p.step}”继续上次的 join。`,
  },
  "join.restart": {
    en: (p) =>
      `The earlier join stopped before kubeadm finished and the settings changed: starting again from "${p.step}".`,
    zh: (p) => `上次 join 在 kubeadm 完成前停止且配置已改变：从“${p.step}”重新开始。`,
  },
  "join.pasteAndFlags": {
    en: (p) => `a pasted join command and ${p.flags} were both given.`,
    zh: (p) => `同时提供了粘贴的 join 命令和 ${p.flags}。`,
  },
  "join.pasteAndFlagsHint": {
    en: () => "use either the pasted `kubeadm join ...` line or --endpoint/--token/--ca-cert-hash, not both",
    zh: () => "请只使用粘贴的 `kubeadm join ...` 命令，或只使用 --endpoint/--token/--ca-cert-hash",
  },
  "join.pasteHint": {
    en: () =>
      "paste the command exactly as `kadm-wizard init` or `kubeadm token create --print-join-command` printed it; `kadm-wizard token` on the control plane prints a fresh one",
    zh: () =>
      "请原样粘贴 `kadm-wizard init` 或 `kubeadm token create --print-join-command` 打印的命令；在控制平面运行 `kadm-wizard token` 可获取新命令",
  },
  "join.unsafeSkip": {
    en: () =>
      "joining without --discovery-token-ca-cert-hash would trust any server that answers on the endpoint.",
    zh: () => "不带 --discovery-token-ca-cert-hash 加入集群会信任任何响应该端点的服务器。",
  },
  "join.unsafeSkipHint": {
    en: () => "use the full command printed by `kadm-wizard token` on the control plane",
    zh: () => "请使用在控制平面运行 `kadm-wizard token` 打印的完整命令",
  },
  "join.unsupportedFlag": {
    en: (p) => `the pasted command's ${p.flag} is not supported by kadm-wizard join.`,
    zh: (p) => `kadm-wizard join 不支持粘贴命令中的 ${p.flag}。`,
  },
  "join.unsupportedFlagHint": {
    en: () =>
      "remove it; kadm-wizard join writes a JoinConfiguration (see `kadm-wizard join --help` for its options)",
    zh: () => "请删除该参数；kadm-wizard join 会生成 JoinConfiguration（选项见 `kadm-wizard join --help`）",
  },
  "join.unreachable": {
    en: (p) => `cannot reach the API server at ${p.endpoint}: ${p.reason}. Nothing on this host was changed.`,
    zh: (p) => `无法连接 API Server ${p.endpoint}：${p.reason}。本机未做任何修改。`,
  },
  "join.unreachableHint": {
    en: (p) =>
      `check the address, and that TCP ${p.port} is open on ${p.host} (firewall-cmd --add-port=${p.port}/tcp --permanent && firewall-cmd --reload, or the cloud security group)`,
    zh: (p) =>
      `请检查地址，并确认 ${p.host} 的 TCP ${p.port} 端口已放行（firewall-cmd --add-port=${p.port}/tcp --permanent && firewall-cmd --reload，或云安全组）`,
  },
  "join.discoveryUnavailable": {
    en: (p) => `could not read the cluster's settings (${p.reason}); kubeadm will check the token`,
    zh: (p) => `无法读取集群配置（${p.reason}）；由 kubeadm 校验令牌`,
  },
  "join.wouldCheck": {
    en: () => "A real run checks first, before changing anything (not done now: a dry run contacts nothing):",
    zh: () => "实际运行时会先检查以下各项，再做任何修改（试运行不连接任何主机，故未检查）：",
  },
  "join.check.tcp": {
    en: (p) => `TCP: the API server answers at ${p.endpoint}`,
    zh: (p) => `TCP：API Server ${p.endpoint} 可以连通`,
  },
  "join.check.discovery": {
    en: (p) =>
      `token discovery: kube-public/cluster-info is signed for token "${p.tokenId}" (an expired or unknown token stops here)`,
    zh: (p) =>
      `令牌发现：kube-public/cluster-info 带有令牌 "${p.tokenId}" 的签名（令牌过期或不存在时在此停止）`,
  },
  "join.check.caPin": {
    en: (p) => `CA pin: the cluster's CA in cluster-info has the hash ${p.hashes}`,
    zh: (p) => `CA 校验：cluster-info 中集群 CA 的哈希为 ${p.hashes}`,
  },
  "join.check.settings": {
    en: () =>
      "the cluster's Kubernetes version and image repository (kubeadm-config) are used instead of the ones planned here",
    zh: () => "使用集群的 Kubernetes 版本与镜像仓库（kubeadm-config），而非此处计划中的值",
  },
  "join.assumed": {
    en: () => "Assumed (the cluster was not asked):",
    zh: () => "假设（未询问集群）：",
  },
  "join.assume.versionKubeadm": {
    en: (p) => `cluster version unknown: assuming ${p.version} (the installed kubeadm's); pass --k8s-version`,
    zh: (p) => `集群版本未知：假设为 ${p.version}（本机已安装的 kubeadm 版本）；请传入 --k8s-version`,
  },
  "join.assume.versionProfile": {
    en: (p) => `cluster version unknown: assuming ${p.version}; pass --k8s-version`,
    zh: (p) => `集群版本未知：假设为 ${p.version}；请传入 --k8s-version`,
  },
  "join.assume.cni": {
    en: (p) =>
      `the cluster's pod network is unknown: assuming ${p.cni} (its images are pre-pulled); pass --cni`,
    zh: (p) => `集群的 Pod 网络未知：假设为 ${p.cni}（预拉取其镜像）；请传入 --cni`,
  },
  "join.askVersion": {
    en: () => "Kubernetes version of the cluster to join (`kubectl version` on its control plane)",
    zh: () => "要加入的集群的 Kubernetes 版本（在其控制平面运行 `kubectl version` 查看）",
  },

  "join.caMismatch": {
    en: (p) =>
      `the cluster's CA is ${p.actual}, but the join command pins ${p.pinned}: this is not the cluster the command was made for. Nothing was changed.`,
    zh: (p) =>
      `集群 CA 为 ${p.actual}，但 join 命令固定的是 ${p.pinned}：这不是该命令对应的集群。未做任何修改。`,
  },
  "join.caMismatchHint": {
    en: () =>
      "check the endpoint, or use the join command printed for this cluster (`kadm-wizard token` on its control plane)",
    zh: () => "请检查端点，或使用该集群打印的 join 命令（在其控制平面运行 `kadm-wizard token`）",
  },
  "join.tokenUnknown": {
    en: (p) =>
      `the cluster has no valid bootstrap token with ID "${p.tokenId}" (expired after its TTL, 24h by default, or deleted). Nothing was changed.`,
    zh: (p) =>
      `集群中没有 ID 为 "${p.tokenId}" 的有效引导令牌（默认 24 小时后过期，或已被删除）。未做任何修改。`,
  },
  "join.tokenSecret": {
    en: (p) =>
      `the token "${p.tokenId}.****************" has the wrong secret part (a typo in the pasted command?). Nothing was changed.`,
    zh: (p) => `令牌 "${p.tokenId}.****************" 的密钥部分不正确（粘贴时有误？）。未做任何修改。`,
  },
  "join.noClusterInfo": {
    en: () => "the API server has no usable cluster-info ConfigMap; it does not look like a kubeadm cluster.",
    zh: () => "API Server 中没有可用的 cluster-info ConfigMap；看起来不是 kubeadm 集群。",
  },
  "join.tokenHint": {
    en: () => "on a control-plane node run `kadm-wizard token` and paste the join command it prints",
    zh: () => "在控制平面节点上运行 `kadm-wizard token`，然后粘贴它打印的 join 命令",
  },
  "join.clusterVersion": {
    en: (p) => `the cluster runs Kubernetes ${p.version} (kubeadm-config); using it instead of ${p.given}`,
    zh: (p) => `集群运行的是 Kubernetes ${p.version}（kubeadm-config）；将使用该版本而非 ${p.given}`,
  },
  "join.clusterRepository": {
    en: (p) => `the cluster pulls from ${p.repo} (kubeadm-config); using it instead of ${p.given}`,
    zh: (p) => `集群使用镜像仓库 ${p.repo}（kubeadm-config）；将使用它而非 ${p.given}`,
  },
  "join.tcp.refused": {
    en: () => "connection refused (nothing listens there)",
    zh: () => "连接被拒绝（该端口无服务监听）",
  },
  "join.tcp.timeout": {
    en: () => "no answer (a firewall drops the packets?)",
    zh: () => "无响应（可能被防火墙丢弃）",
  },
  "join.tcp.unreachable": { en: () => "no route to host", zh: () => "没有到主机的路由" },
  "join.tcp.dns": { en: () => "the host name does not resolve", zh: () => "主机名无法解析" },
  "join.tcp.other": { en: () => "network error", zh: () => "网络错误" },

  // --- token
  "token.notControlPlane": {
    en: (p) =>
      `this is not a control-plane node (${p.path} is missing); tokens are created on a control plane.`,
    zh: (p) => `本机不是控制平面节点（缺少 ${p.path}）；令牌需在控制平面上创建。`,
  },
  "token.notControlPlaneHint": {
    en: () => "run `kadm-wizard token` on the node where you ran `kadm-wizard init`",
    zh: () => "请在运行过 `kadm-wizard init` 的节点上运行 `kadm-wizard token`",
  },
  "token.failed": {
    en: (p) => `${p.command} failed: ${p.reason}`,
    zh: (p) => `${p.command} 失败：${p.reason}`,
  },
  "token.failedHint": {
    en: () => "check the control plane with `kadm-wizard doctor`",
    zh: () => "请用 `kadm-wizard doctor` 检查控制平面",
  },
  "token.unparsable": {
    en: (p) => `kubeadm printed no join command (last line: ${p.output}).`,
    zh: (p) => `kubeadm 没有打印 join 命令（最后一行：${p.output}）。`,
  },

  // --- reset
  "reset.confirm": {
    en: () =>
      "Reset this node? kubeadm's cluster state, CNI config and Kubernetes iptables rules are removed.",
    zh: () => "确定重置本节点？将删除 kubeadm 集群状态、CNI 配置和 Kubernetes 的 iptables 规则。",
  },
  "reset.needsYes": {
    en: () =>
      "reset removes this node's cluster state and needs confirmation, but there is no terminal to ask on.",
    zh: () => "reset 会删除本节点的集群状态，需要确认，但当前没有可交互的终端。",
  },
  "reset.needsYesHint": {
    en: () => "add --yes to confirm, or --dry-run to see what would be removed",
    zh: () => "加 --yes 确认，或加 --dry-run 查看将删除的内容",
  },
  "reset.step.kubeadm": { en: () => "kubeadm reset -f", zh: () => "kubeadm reset -f" },
  "reset.step.cniFiles": {
    en: () => "CNI configuration and state (/etc/cni/net.d, /var/lib/cni, /var/lib/calico)",
    zh: () => "CNI 配置与状态（/etc/cni/net.d、/var/lib/cni、/var/lib/calico）",
  },
  "reset.step.interfaces": {
    en: () => "CNI network interfaces (cni0, flannel.1, vxlan.calico, tunl0)",
    zh: () => "CNI 网络接口（cni0、flannel.1、vxlan.calico、tunl0）",
  },
  "reset.step.iptables": {
    en: () => "iptables rules of Kubernetes and the CNI (other rules kept)",
    zh: () => "Kubernetes 与 CNI 的 iptables 规则（保留其他规则）",
  },
  "reset.step.ipvs": { en: () => "IPVS tables of kube-proxy", zh: () => "kube-proxy 的 IPVS 表" },
  "reset.step.kubeconfig": {
    en: () => "kubeconfig copies of this cluster",
    zh: () => "本集群的 kubeconfig 副本",
  },
  "reset.step.state": { en: () => "kadm-wizard state and configuration", zh: () => "kadm-wizard 状态与配置" },
  "reset.removed": { en: (p) => `removed ${p.path}`, zh: (p) => `已删除 ${p.path}` },
  "reset.wouldRemove": { en: (p) => `would remove ${p.path}`, zh: (p) => `将删除 ${p.path}` },
  "reset.noTool": { en: (p) => `${p.tool} is not installed: skipped`, zh: (p) => `未安装 ${p.tool}：已跳过` },
  "reset.linkFailed": {
    en: (p) => `could not delete ${p.name} (${p.reason}); it goes away with a reboot`,
    zh: (p) => `无法删除 ${p.name}（${p.reason}）；重启后会消失`,
  },
  "reset.iptablesRemoved": {
    en: (p) => `${p.count} Kubernetes/CNI ${noun(p.count, "chain or rule", "chains and rules")} removed`,
    zh: (p) => `已移除 ${p.count} 条 Kubernetes/CNI 链和规则`,
  },
  "reset.iptablesFailed": {
    en: (p) => `restoring the filtered rules failed: ${p.reason}`,
    zh: (p) => `恢复过滤后的规则失败：${p.reason}`,
  },
  "reset.kubeconfigKept": {
    en: (p) => `kept ${p.path}: it is not this cluster's admin.conf`,
    zh: (p) => `保留 ${p.path}：它不是本集群的 admin.conf`,
  },
  "reset.done": {
    en: () =>
      "This node is reset. `kadm-wizard init` or `kadm-wizard join` can start again (answers kept in /etc/kadm-wizard/answers.yaml).",
    zh: () =>
      "本节点已重置。可重新运行 `kadm-wizard init` 或 `kadm-wizard join`（答案保存在 /etc/kadm-wizard/answers.yaml）。",
  },
} satisfies Record<string, Entry>;
