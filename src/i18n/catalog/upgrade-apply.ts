import type { Entry } from "../entry.js";
import { noun, plural } from "../plural.js";

/** `upgrade apply`, `upgrade node`, `upgrade rollback`: the rollout (keys "rollout."). */
export const UPGRADE_APPLY_MESSAGES = {
  "rollout.usage": {
    en: (p) => `unknown upgrade command "${p.value}".`,
    zh: (p) => `未知的 upgrade 子命令 "${p.value}"。`,
  },
  "rollout.usageHint": {
    en: () =>
      "use `kadm-wizard upgrade apply --to vX.Y.Z`, `upgrade node --to vX.Y.Z` or `upgrade rollback` (and `upgrade plan`)",
    zh: () =>
      "请使用 `kadm-wizard upgrade apply --to vX.Y.Z`、`upgrade node --to vX.Y.Z` 或 `upgrade rollback`（以及 `upgrade plan`）",
  },
  "rollout.needTo": {
    en: () => "no target version: --to is required.",
    zh: () => "缺少目标版本：必须提供 --to。",
  },
  "rollout.needToHint": {
    en: () => "e.g. --to v1.34.3 (see `kadm-wizard upgrade plan` for the path)",
    zh: () => "例如 --to v1.34.3（升级路径见 `kadm-wizard upgrade plan`）",
  },
  "rollout.badTo": {
    en: (p) => `--to "${p.value}" is not a version like v1.34.3.`,
    zh: (p) => `--to "${p.value}" 不是形如 v1.34.3 的版本号。`,
  },
  "rollout.badMaxUnavailable": {
    en: (p) => `--max-unavailable "${p.value}" is not a whole number from 1.`,
    zh: (p) => `--max-unavailable "${p.value}" 不是大于等于 1 的整数。`,
  },
  "rollout.badMaxUnavailableHint": {
    en: () => "e.g. --max-unavailable 2: at most two workers drained at once",
    zh: () => "例如 --max-unavailable 2：最多同时驱逐两个工作节点",
  },
  "rollout.planUnreadable": {
    en: (p) => `cannot read the plan ${p.file}: ${p.reason}`,
    zh: (p) => `无法读取升级计划 ${p.file}：${p.reason}`,
  },
  "rollout.planNotJson": {
    en: (p) => `the plan ${p.file} is not JSON.`,
    zh: (p) => `升级计划 ${p.file} 不是 JSON。`,
  },
  "rollout.planShape": {
    en: (p) => `the plan ${p.file} lacks target, hops, nodes, guards or facts.`,
    zh: (p) => `升级计划 ${p.file} 缺少 target、hops、nodes、guards 或 facts。`,
  },
  "rollout.planFileHint": {
    en: () => "save one with `kadm-wizard upgrade plan --to vX.Y.Z --output json > plan.json`",
    zh: () => "可用 `kadm-wizard upgrade plan --to vX.Y.Z --output json > plan.json` 保存计划",
  },
  "rollout.dryRunNeedsPlan": {
    en: (p) =>
      `a dry run connects to nothing, so it cannot read the cluster to plan the upgrade to ${p.target}`,
    zh: (p) => `试运行不连接任何地址，因此无法读取集群来规划升级到 ${p.target}`,
  },
  "rollout.dryRunNeedsPlanHint": {
    en: (p) =>
      `save the plan first: kadm-wizard upgrade plan --to ${p.target} --output json > plan.json, then kadm-wizard upgrade apply --to ${p.target} --plan plan.json --dry-run`,
    zh: (p) =>
      `请先保存计划：kadm-wizard upgrade plan --to ${p.target} --output json > plan.json，然后运行 kadm-wizard upgrade apply --to ${p.target} --plan plan.json --dry-run`,
  },
  "rollout.planTarget": {
    en: (p) => `the plan ${p.file} goes to ${p.planned}, not to --to ${p.target}.`,
    zh: (p) => `升级计划 ${p.file} 的目标是 ${p.planned}，而不是 --to ${p.target}。`,
  },
  "rollout.planTargetHint": {
    en: (p) => `pass --to ${p.planned}, or make a new plan for your target`,
    zh: (p) => `请传入 --to ${p.planned}，或为你的目标版本重新生成计划`,
  },
  "rollout.otherTarget": {
    en: (p) => `an upgrade to ${p.target} started at ${p.at} has not finished on this node.`,
    zh: (p) => `本节点上 ${p.at} 开始的升级（目标 ${p.target}）尚未完成。`,
  },
  "rollout.otherTargetHint": {
    en: (p) =>
      `finish it with \`kadm-wizard upgrade apply --to ${p.target}\`, or undo it with \`kadm-wizard upgrade rollback\``,
    zh: (p) =>
      `请用 \`kadm-wizard upgrade apply --to ${p.target}\` 完成它，或用 \`kadm-wizard upgrade rollback\` 撤销`,
  },
  "rollout.alreadyDone": {
    en: (p) => `The upgrade to ${p.target} finished at ${p.at}; nothing to do.`,
    zh: (p) => `升级到 ${p.target} 已于 ${p.at} 完成，无需再做。`,
  },
  "rollout.resuming": {
    en: (p) => `Resuming the upgrade to ${p.target} started at ${p.at}: finished steps are skipped.`,
    zh: (p) => `继续 ${p.at} 开始的升级（目标 ${p.target}）：已完成的步骤将跳过。`,
  },
  "rollout.nothingToDo": {
    en: (p) => `The cluster is at ${p.version}: nothing to do for ${p.target}.`,
    zh: (p) => `集群已是 ${p.version}：升级到 ${p.target} 无需任何操作。`,
  },
  "rollout.unknownGuard": {
    en: (p) => `--ignore-guard names no guard of this plan: ${p.ids}.`,
    zh: (p) => `--ignore-guard 指定的检查项不在本计划中：${p.ids}。`,
  },
  "rollout.unknownGuardHint": {
    en: (p) => `the plan's guards: ${p.ids}`,
    zh: (p) => `本计划的检查项：${p.ids}`,
  },
  "rollout.guardsHeader": {
    en: () => "Guards that stop this upgrade:",
    zh: () => "阻止本次升级的检查项：",
  },
  "rollout.guardsFail": {
    en: (p) =>
      `${plural(p.count, "guard")} ${noun(p.count, "fails", "fail")} for the upgrade to ${p.target}: nothing was changed.`,
    zh: (p) => `升级到 ${p.target} 有 ${p.count} 个检查项未通过：未做任何修改。`,
  },
  "rollout.guardsFailHint": {
    en: (p) => `fix what each one says; to go on knowingly: --ignore-guard ${p.ids}`,
    zh: (p) => `请按每项的提示修复；明知风险仍要继续：--ignore-guard ${p.ids}`,
  },
  "rollout.guardIgnored": {
    en: (p) => `guard ${p.id} fails and is ignored (--ignore-guard): ${p.title}`,
    zh: (p) => `检查项 ${p.id} 未通过，已按 --ignore-guard 忽略：${p.title}`,
  },
  "rollout.needsYes": {
    en: () =>
      "upgrade changes every node of the cluster and needs a confirmation; there is no terminal to ask on.",
    zh: () => "升级会修改集群的每个节点，需要确认；当前没有可交互的终端。",
  },
  "rollout.needsYesHint": {
    en: () => "look at the plan with --dry-run, then pass --yes",
    zh: () => "先用 --dry-run 查看计划，再加上 --yes",
  },
  "rollout.confirm": {
    en: (p) => `Upgrade ${plural(p.nodes, "node")} to ${p.target} (${plural(p.hops, "minor step")})?`,
    zh: (p) => `将 ${p.nodes} 个节点升级到 ${p.target}（${p.hops} 个次版本步骤）？`,
  },
  "rollout.place.local": { en: () => "this machine", zh: () => "本机" },
  "rollout.place.ssh": { en: (p) => `over SSH ${p.address}`, zh: (p) => `通过 SSH ${p.address}` },
  "rollout.place.manual": {
    en: () => "not in --inventory: `upgrade node` on it",
    zh: () => "不在 --inventory 中：需在该节点上运行 `upgrade node`",
  },
  "rollout.dry.header": {
    en: (p) =>
      `Upgrade plan ${p.from} -> ${p.to} (${plural(p.hops, "minor step")}); dry run, nothing is changed:`,
    zh: (p) => `升级计划 ${p.from} -> ${p.to}（${p.hops} 个次版本步骤）；试运行，不做任何修改：`,
  },
  "rollout.dry.guards": { en: () => "Guards to know about:", zh: () => "需要注意的检查项：" },
  "rollout.dry.first": { en: () => "first control plane:", zh: () => "第一个控制平面：" },
  "rollout.dry.cps": {
    en: () => "other control planes, one at a time:",
    zh: () => "其他控制平面，逐个进行：",
  },
  "rollout.dry.workers": {
    en: (p) => `workers, at most ${p.max} at once:`,
    zh: (p) => `工作节点，最多同时 ${p.max} 个：`,
  },
  "rollout.dry.manual": {
    en: (p) =>
      `on ${p.node} itself: kadm-wizard upgrade node --to ${p.version} (the rollout waits for it there)`,
    zh: (p) => `在 ${p.node} 上执行：kadm-wizard upgrade node --to ${p.version}（滚动升级在此等待它完成）`,
  },
  "rollout.dry.doneBefore": { en: () => "done before, skipped", zh: () => "此前已完成，跳过" },
  "rollout.dry.state": {
    en: () =>
      "Every step is recorded in /etc/kadm-wizard/upgrade.json: a run again resumes after the last one done.",
    zh: () => "每个步骤都记录在 /etc/kadm-wizard/upgrade.json 中：再次运行会从最后完成的步骤之后继续。",
  },
  "rollout.dry.readCluster": {
    en: () => "The cluster was read (read-only) to make the plan; no node was connected to.",
    zh: () => "为生成计划读取了集群（只读）；未连接任何节点。",
  },
  "rollout.dry.noCluster": {
    en: () => "Neither the cluster nor any node was contacted.",
    zh: () => "未连接集群，也未连接任何节点。",
  },
  "rollout.plan.drain": {
    en: (p) =>
      `cordon ${p.node}, evict its pods through the API (not DaemonSet or mirror pods; PodDisruptionBudgets honoured)`,
    zh: (p) =>
      `封锁 ${p.node}，通过 API 驱逐其 Pod（DaemonSet 和静态镜像 Pod 除外；遵守 PodDisruptionBudget）`,
  },
  "rollout.plan.cordonOnly": {
    en: (p) => `cordon ${p.node} (the only node: its pods stay)`,
    zh: (p) => `封锁 ${p.node}（唯一的节点：其 Pod 保留）`,
  },
  "rollout.plan.waitReady": {
    en: (p) => `wait until ${p.node} is Ready with kubelet ${p.version}`,
    zh: (p) => `等待 ${p.node} 以 kubelet ${p.version} 就绪`,
  },
  "rollout.plan.uncordon": { en: (p) => `uncordon ${p.node}`, zh: (p) => `恢复 ${p.node} 的调度` },
  "rollout.stepName.backup": {
    en: () => "etcd snapshot + /etc/kubernetes backup",
    zh: () => "etcd 快照 + /etc/kubernetes 备份",
  },
  "rollout.stepName.repo": {
    en: () => "package repository of the target minor",
    zh: () => "切换到目标次版本的软件源",
  },
  "rollout.stepName.kubeadm-package": { en: () => "kubeadm package", zh: () => "kubeadm 软件包" },
  "rollout.stepName.images": { en: () => "pre-pull the images", zh: () => "预拉取镜像" },
  "rollout.stepName.kubeadm-plan": { en: () => "kubeadm upgrade plan", zh: () => "kubeadm upgrade plan" },
  "rollout.stepName.kubeadm-apply": { en: () => "kubeadm upgrade apply", zh: () => "kubeadm upgrade apply" },
  "rollout.stepName.kubeadm-node": { en: () => "kubeadm upgrade node", zh: () => "kubeadm upgrade node" },
  "rollout.stepName.drain": { en: () => "drain", zh: () => "驱逐" },
  "rollout.stepName.kubelet-package": {
    en: () => "kubelet + kubectl packages",
    zh: () => "kubelet + kubectl 软件包",
  },
  "rollout.stepName.restart-kubelet": { en: () => "restart the kubelet", zh: () => "重启 kubelet" },
  "rollout.stepName.wait-ready": { en: () => "Ready at the new version", zh: () => "以新版本就绪" },
  "rollout.stepName.uncordon": { en: () => "uncordon", zh: () => "恢复调度" },
  "rollout.hop": { en: (p) => `Upgrade ${p.from} -> ${p.to}`, zh: (p) => `升级 ${p.from} -> ${p.to}` },
  "rollout.hop.done": {
    en: (p) => `Upgraded ${p.from} -> ${p.to}`,
    zh: (p) => `已升级 ${p.from} -> ${p.to}`,
  },
  "rollout.hop.notStarted": {
    en: (p) => `${p.to}: not started (the rollout stopped)`,
    zh: (p) => `${p.to}：未开始（滚动升级已停止）`,
  },
  "rollout.workers": {
    en: (p) => `${plural(p.count, "worker")}, at most ${p.max} at once`,
    zh: (p) => `${p.count} 个工作节点，最多同时 ${p.max} 个`,
  },
  "rollout.node.notStarted": {
    en: (p) => `${p.node}: not started (the rollout stopped)`,
    zh: (p) => `${p.node}：未开始（滚动升级已停止）`,
  },
  "rollout.node.stoppedBefore": {
    en: (p) => `${p.node}: stopped before "${p.step}" (the rollout stopped)`,
    zh: (p) => `${p.node}：在"${p.step}"之前停止（滚动升级已停止）`,
  },
  "rollout.node.done": { en: (p) => `${p.node}: at ${p.version}`, zh: (p) => `${p.node}：已是 ${p.version}` },
  "rollout.step.backupDone": {
    en: (p) => `backup in ${p.dir} (${p.files} files of /etc/kubernetes)`,
    zh: (p) => `备份位于 ${p.dir}（/etc/kubernetes 的 ${p.files} 个文件）`,
  },
  "rollout.step.repoDone": {
    en: (p) => `${p.path} now uses ${p.minor}`,
    zh: (p) => `${p.path} 已改用 ${p.minor}`,
  },
  "rollout.step.repoSame": {
    en: (p) => `${p.path} already uses ${p.minor}`,
    zh: (p) => `${p.path} 已在使用 ${p.minor}`,
  },
  "rollout.step.kubeadmPackageDone": {
    en: (p) => `kubeadm ${p.version} installed and held`,
    zh: (p) => `已安装并锁定 kubeadm ${p.version}`,
  },
  "rollout.step.imagesDone": {
    en: (p) => `${plural(p.count, "image")} present`,
    zh: (p) => `${p.count} 个镜像已就绪`,
  },
  "rollout.step.kubeadmDone": {
    en: (p) => `${p.command} succeeded (log: ${p.log})`,
    zh: (p) => `${p.command} 成功（日志：${p.log}）`,
  },
  "rollout.step.cordoned": { en: (p) => `${p.node} cordoned`, zh: (p) => `已封锁 ${p.node}` },
  "rollout.step.drained": {
    en: (p) =>
      `${p.node} drained: ${plural(p.evicted, "pod")} evicted, ${p.daemonSet} DaemonSet and ${plural(p.mirror, "mirror pod")} left`,
    zh: (p) =>
      `${p.node} 已驱逐：驱逐 ${p.evicted} 个 Pod，保留 ${p.daemonSet} 个 DaemonSet Pod 和 ${p.mirror} 个静态镜像 Pod`,
  },
  "rollout.step.kubeletPackageDone": {
    en: (p) => `kubelet and kubectl ${p.version} installed and held`,
    zh: (p) => `已安装并锁定 kubelet 和 kubectl ${p.version}`,
  },
  "rollout.step.restarted": { en: () => "kubelet restarted", zh: () => "kubelet 已重启" },
  "rollout.step.ready": {
    en: (p) => `${p.node} Ready at ${p.version}`,
    zh: (p) => `${p.node} 已以 ${p.version} 就绪`,
  },
  "rollout.step.uncordoned": { en: (p) => `${p.node} schedulable again`, zh: (p) => `${p.node} 已恢复调度` },
  "rollout.drain.progress": {
    en: (p) => `${p.done}/${plural(p.total, "pod")} evicted`,
    zh: (p) => `已驱逐 ${p.done}/${p.total} 个 Pod`,
  },
  "rollout.drain.waitingPdb": {
    en: (p) =>
      `${p.done}/${p.total} evicted; ${p.pod}: its PodDisruptionBudget allows no disruption now, retrying`,
    zh: (p) => `已驱逐 ${p.done}/${p.total}；${p.pod}：其 PodDisruptionBudget 当前不允许中断，正在重试`,
  },
  "rollout.drain.unmanaged": {
    en: (p) =>
      `${p.node} runs ${plural(p.count, "pod")} no controller recreates (${p.pods}): evicting them deletes them for good.`,
    zh: (p) => `${p.node} 上有 ${p.count} 个没有控制器的 Pod（${p.pods}）：驱逐会永久删除它们。`,
  },
  "rollout.drain.unmanagedHint": {
    en: () =>
      "move them under a Deployment, or delete them, or pass --drain-unmanaged; then run the same command again",
    zh: () => "请把它们交给 Deployment 管理或删除，或加上 --drain-unmanaged；然后再次运行同一命令",
  },
  "rollout.drain.pdbTimeout": {
    en: (p) =>
      `draining ${p.node}: ${p.pod} could not be evicted within ${p.seconds} s, its PodDisruptionBudget refuses (${p.reason}).`,
    zh: (p) =>
      `驱逐 ${p.node}：${p.pod} 在 ${p.seconds} 秒内无法驱逐，其 PodDisruptionBudget 拒绝（${p.reason}）。`,
  },
  "rollout.drain.pdbTimeoutHint": {
    en: (p) =>
      `see \`kubectl get pdb -A\` (a budget with ALLOWED DISRUPTIONS 0 blocks ${p.node}); scale the workload up or relax the budget, then run the same command again (--timeout gives it longer)`,
    zh: (p) =>
      `查看 \`kubectl get pdb -A\`（ALLOWED DISRUPTIONS 为 0 的预算会阻塞 ${p.node}）；扩容工作负载或放宽预算后再次运行同一命令（--timeout 可延长等待）`,
  },
  "rollout.drain.notGone": {
    en: (p) => `draining ${p.node}: ${p.pod} was evicted but is still there.`,
    zh: (p) => `驱逐 ${p.node}：${p.pod} 已被驱逐但仍然存在。`,
  },
  "rollout.pkg.unknownOs": {
    en: (p) => `${p.node}: cannot tell its package manager (${p.what}).`,
    zh: (p) => `${p.node}：无法判断其软件包管理器（${p.what}）。`,
  },
  "rollout.pkg.unknownOsHint": {
    en: () => "upgrade the Kubernetes packages of this node yourself, then run the same command again",
    zh: () => "请自行升级该节点的 Kubernetes 软件包，然后再次运行同一命令",
  },
  "rollout.pkg.noRepo": {
    en: (p) => `${p.node}: no Kubernetes package repository file ${p.path}.`,
    zh: (p) => `${p.node}：没有 Kubernetes 软件源文件 ${p.path}。`,
  },
  "rollout.pkg.repoNoMinor": {
    en: (p) => `${p.node}: ${p.path} names no per-minor repository (/v1.NN/) to switch to ${p.minor}.`,
    zh: (p) => `${p.node}：${p.path} 中没有可切换到 ${p.minor} 的按次版本划分的软件源（/v1.NN/）。`,
  },
  "rollout.pkg.noRepoHint": {
    en: (p) =>
      `point ${p.path} at the ${p.minor} repository (e.g. https://mirrors.aliyun.com/kubernetes-new/core/stable/${p.minor}/deb/), then run the same command again`,
    zh: (p) =>
      `请让 ${p.path} 指向 ${p.minor} 的软件源（例如 https://mirrors.aliyun.com/kubernetes-new/core/stable/${p.minor}/deb/），然后再次运行同一命令`,
  },
  "rollout.pkg.installHint": {
    en: (p) =>
      `check that ${p.node} reaches its package mirror and that it has ${p.version}; then run the same command again`,
    zh: (p) => `请确认 ${p.node} 能访问其软件源且该源中有 ${p.version}；然后再次运行同一命令`,
  },
  "rollout.pkg.versionMissing": {
    en: (p) => `${p.node}: the ${p.minor} repository has no kubeadm ${p.version}.`,
    zh: (p) => `${p.node}：${p.minor} 软件源中没有 kubeadm ${p.version}。`,
  },
  "rollout.pkg.versionMissingHint": {
    en: (p) => `\`apt-cache madison kubeadm\` lists what ${p.minor} has; pick one of those with --to`,
    zh: (p) => `\`apt-cache madison kubeadm\` 可列出 ${p.minor} 中的版本；请用 --to 选择其中之一`,
  },
  "rollout.kubeadmFailed": {
    en: (p) => `${p.node}: ${p.command} failed (exit code ${p.code}): ${p.reason}`,
    zh: (p) => `${p.node}：${p.command} 失败（退出码 ${p.code}）：${p.reason}`,
  },
  "rollout.kubeadmFailedHint": {
    en: (p) => `the whole output is in ${p.path}; fix the cause and run the same command again, or roll back`,
    zh: (p) => `完整输出见 ${p.path}；修复原因后再次运行同一命令，或回滚`,
  },
  "rollout.kubeadmVersion": {
    en: (p) => `${p.node}: kubeadm reports ${p.got} after the install, not ${p.want}.`,
    zh: (p) => `${p.node}：安装后 kubeadm 报告的版本是 ${p.got}，而不是 ${p.want}。`,
  },
  "rollout.kubeadmVersionHint": {
    en: (p) =>
      `check which kubeadm runs (\`kubeadm version\`, --kubeadm) and that the package is ${p.version}`,
    zh: (p) => `请检查实际运行的 kubeadm（\`kubeadm version\`、--kubeadm）以及软件包是否为 ${p.version}`,
  },
  "rollout.imagesFailed": {
    en: (p) => `${p.node}: ${plural(p.count, "image")} could not be pulled.`,
    zh: (p) => `${p.node}：${p.count} 个镜像无法拉取。`,
  },
  "rollout.restartHint": {
    en: (p) => `look at \`journalctl -u kubelet\` on ${p.node}`,
    zh: (p) => `请查看 ${p.node} 上的 \`journalctl -u kubelet\``,
  },
  "rollout.notReady": {
    en: (p) =>
      `${p.node} is not Ready with kubelet ${p.version} after ${p.seconds} s (its kubelet reports ${p.seen}).`,
    zh: (p) =>
      `${p.node} 在 ${p.seconds} 秒后仍未以 kubelet ${p.version} 就绪（其 kubelet 报告 ${p.seen}）。`,
  },
  "rollout.notReadyHint": {
    en: (p) => `\`kadm-wizard doctor --node ${p.node}\` and \`journalctl -u kubelet\` there say why`,
    zh: (p) => `可用 \`kadm-wizard doctor --node ${p.node}\` 及该节点上的 \`journalctl -u kubelet\` 查明原因`,
  },
  "rollout.sshFailed": {
    en: (p) => `${p.node}: cannot connect over SSH: ${p.reason}`,
    zh: (p) => `${p.node}：无法通过 SSH 连接：${p.reason}`,
  },
  "rollout.sshFailedHint": {
    en: (p) =>
      `fix the connection (or run \`kadm-wizard upgrade node\` on ${p.node}), then run the same command again`,
    zh: (p) => `请修复连接（或在 ${p.node} 上运行 \`kadm-wizard upgrade node\`），然后再次运行同一命令`,
  },
  "rollout.manualDone": {
    en: (p) => `${p.node} is Ready at ${p.version} (upgraded on the node)`,
    zh: (p) => `${p.node} 已以 ${p.version} 就绪（已在该节点上升级）`,
  },
  "rollout.manualNeeded": {
    en: (p) => `${p.node} is not in --inventory and its kubelet is not at ${p.version} yet.`,
    zh: (p) => `${p.node} 不在 --inventory 中，其 kubelet 还不是 ${p.version}。`,
  },
  "rollout.manualNeededHint": {
    en: (p) =>
      `on ${p.node} run \`kadm-wizard upgrade node --to ${p.version}\` (or add it to --inventory), then here \`kadm-wizard upgrade apply --to ${p.target}\` again`,
    zh: (p) =>
      `请在 ${p.node} 上运行 \`kadm-wizard upgrade node --to ${p.version}\`（或把它加入 --inventory），然后在这里再次运行 \`kadm-wizard upgrade apply --to ${p.target}\``,
  },
  "rollout.stoppedHeader": {
    en: () => "The upgrade stopped. Where each node stands:",
    zh: () => "升级已停止。各节点的状态：",
  },
  "rollout.standing.done": { en: (p) => `done, at ${p.version}`, zh: (p) => `已完成，版本 ${p.version}` },
  "rollout.standing.notStarted": { en: () => "not started, unchanged", zh: () => "未开始，未改动" },
  "rollout.standing.after": {
    en: (p) => `stopped after "${p.step}" (${p.done}/${p.total} steps)`,
    zh: (p) => `停在"${p.step}"之后（${p.done}/${p.total} 步）`,
  },
  "rollout.standing.failed": {
    en: (p) => `FAILED at "${p.step}": ${p.reason}`,
    zh: (p) => `在"${p.step}"失败：${p.reason}`,
  },
  "rollout.next.continue": {
    en: (p) => `To continue after fixing the cause: kadm-wizard upgrade apply --to ${p.target}`,
    zh: (p) => `修复原因后继续：kadm-wizard upgrade apply --to ${p.target}`,
  },
  "rollout.next.rollback": {
    en: () =>
      "To undo the control plane's upgrade instead: kadm-wizard upgrade rollback --dry-run (then without --dry-run)",
    zh: () => "若要撤销控制平面的升级：kadm-wizard upgrade rollback --dry-run（确认后去掉 --dry-run）",
  },
  "rollout.interrupted": {
    en: () => "upgrade interrupted: the steps running finished, nothing after them started.",
    zh: () => "升级被中断：正在执行的步骤已完成，之后的步骤未开始。",
  },
  "rollout.done": {
    en: (p) => `Cluster upgraded to ${p.target}: ${plural(p.nodes, "node")}.`,
    zh: (p) => `集群已升级到 ${p.target}：共 ${p.nodes} 个节点。`,
  },
  "rollout.doneBackup": {
    en: (p) => `The backup taken before it stays in ${p.dir} (etcd snapshot and /etc/kubernetes).`,
    zh: (p) => `升级前的备份保留在 ${p.dir}（etcd 快照和 /etc/kubernetes）。`,
  },
  "rollout.doneBackupFiles": {
    en: (p) =>
      `The backup taken before it stays in ${p.dir} (/etc/kubernetes; external etcd: back it up yourself).`,
    zh: (p) => `升级前的备份保留在 ${p.dir}（/etc/kubernetes；外部 etcd 请自行备份）。`,
  },
  // --- upgrade node
  "rollout.nodeCmd.noName": {
    en: () => "cannot tell this node's name: /etc/kubernetes/kubelet.conf has no system:node:NAME.",
    zh: () => "无法确定本节点名称：/etc/kubernetes/kubelet.conf 中没有 system:node:NAME。",
  },
  "rollout.nodeCmd.noNameHint": {
    en: () => "pass --node-name NAME (as `kubectl get nodes` shows it)",
    zh: () => "请传入 --node-name 名称（与 `kubectl get nodes` 显示的一致）",
  },
  "rollout.nodeCmd.fullVersion": {
    en: (p) => `upgrade node needs the exact version the cluster moved to, not "${p.value}".`,
    zh: (p) => `upgrade node 需要集群升级到的确切版本，而不是 "${p.value}"。`,
  },
  "rollout.nodeCmd.noKubeconfig": {
    en: (p) => `no kubeconfig here to drain ${p.node} with (a node's own credentials may not evict pods).`,
    zh: (p) => `这里没有可用于驱逐 ${p.node} 的 kubeconfig（节点自身的凭据无权驱逐 Pod）。`,
  },
  "rollout.nodeCmd.noKubeconfigHint": {
    en: (p) =>
      `pass --kubeconfig with an admin kubeconfig, or drain it from a control plane (\`kubectl drain ${p.node} --ignore-daemonsets\`) and pass --skip-drain`,
    zh: (p) =>
      `请用 --kubeconfig 传入管理员 kubeconfig，或在控制平面上驱逐它（\`kubectl drain ${p.node} --ignore-daemonsets\`）并加上 --skip-drain`,
  },
  "rollout.nodeCmd.confirm": {
    en: (p) => `Upgrade this node (${p.node}) to ${p.to}?`,
    zh: (p) => `将本节点（${p.node}）升级到 ${p.to}？`,
  },
  "rollout.nodeCmd.fromUnknown": {
    en: () => "unknown version",
    zh: () => "未知版本",
  },
  "rollout.nodeCmd.dryHeader": {
    en: (p) => `Upgrade of ${p.node} (${p.role}) ${p.from} -> ${p.to}; dry run, nothing is changed:`,
    zh: (p) => `升级 ${p.node}（${p.role}）${p.from} -> ${p.to}；试运行，不做任何修改：`,
  },
  "rollout.nodeCmd.drainYours": {
    en: (p) =>
      `Not drained here (--skip-drain): drain ${p.node} before, and \`kubectl uncordon ${p.node}\` after, from a control plane.`,
    zh: (p) =>
      `此处未驱逐（--skip-drain）：请在控制平面上事先驱逐 ${p.node}，完成后运行 \`kubectl uncordon ${p.node}\`。`,
  },
  "rollout.nodeCmd.again": {
    en: (p) => `To continue after fixing the cause: kadm-wizard upgrade node --to ${p.target}`,
    zh: (p) => `修复原因后继续：kadm-wizard upgrade node --to ${p.target}`,
  },
  "rollout.nodeCmd.done": {
    en: (p) => `Node ${p.node} upgraded to ${p.version}.`,
    zh: (p) => `节点 ${p.node} 已升级到 ${p.version}。`,
  },
  // --- upgrade rollback
  "rollout.rollback.none": {
    en: () => "no `upgrade apply` recorded on this node: nothing to roll back.",
    zh: () => "本节点没有 `upgrade apply` 的记录：没有可回滚的内容。",
  },
  "rollout.rollback.noneHint": {
    en: () =>
      "run it on the first control plane, where `upgrade apply` ran (--root if its files are elsewhere)",
    zh: () => "请在运行过 `upgrade apply` 的第一个控制平面上执行（文件在其他位置时用 --root）",
  },
  "rollout.rollback.already": {
    en: (p) => `the upgrade to ${p.target} was rolled back already (${p.at}).`,
    zh: (p) => `升级到 ${p.target} 已于 ${p.at} 回滚。`,
  },
  "rollout.rollback.alreadyHint": {
    en: (p) => `\`kadm-wizard upgrade apply --to ${p.target}\` starts a new upgrade`,
    zh: (p) => `\`kadm-wizard upgrade apply --to ${p.target}\` 会开始新的升级`,
  },
  "rollout.rollback.finished": {
    en: (p) =>
      `the upgrade to ${p.target} finished (${p.at}); rolling back now would throw away every change to the cluster since it started.`,
    zh: (p) => `升级到 ${p.target} 已完成（${p.at}）；现在回滚会丢弃升级开始以来对集群的所有修改。`,
  },
  "rollout.rollback.finishedHint": {
    en: (p) =>
      `if you mean it: \`kadm-wizard etcd restore ${p.dir}\`, and reinstall the earlier packages yourself`,
    zh: (p) => `如确有需要：\`kadm-wizard etcd restore ${p.dir}\`，并自行重新安装之前的软件包`,
  },
  "rollout.rollback.plan": {
    en: (p) => `Roll back the upgrade to ${p.target} on this control plane, back to ${p.from}:`,
    zh: (p) => `在本控制平面上回滚升级到 ${p.target} 的操作，恢复到 ${p.from}：`,
  },
  "rollout.rollback.noBackup": {
    en: () => "(the rollout stopped before its backup: the control plane's files and etcd were not changed)",
    zh: () => "（滚动升级在备份之前停止：控制平面的文件和 etcd 未被修改）",
  },
  "rollout.rollback.step.files": {
    en: (p) => `write /etc/kubernetes back from ${p.from} (manifests, kubeconfigs, certificates)`,
    zh: (p) => `从 ${p.from} 写回 /etc/kubernetes（清单、kubeconfig、证书）`,
  },
  "rollout.rollback.step.startOld": {
    en: () =>
      "the control-plane pods started again from the manifests of before the upgrade (the API server meets only the restored data)",
    zh: () => "用升级前的清单重新启动控制平面 Pod（API server 只会看到恢复后的数据）",
  },
  "rollout.rollback.step.etcd": {
    en: (p) => `restore etcd from ${p.path} (revision ${p.revision}, ${p.keys} keys):`,
    zh: (p) => `从 ${p.path} 恢复 etcd（修订版本 ${p.revision}，${p.keys} 个键）：`,
  },
  "rollout.rollback.step.repo": {
    en: (p) => `package repository back to ${p.minor}`,
    zh: (p) => `软件源切回 ${p.minor}`,
  },
  "rollout.rollback.step.packages": {
    en: (p) => `kubeadm, kubelet and kubectl ${p.version} reinstalled (downgraded) and held`,
    zh: (p) => `重新安装（降级）并锁定 kubeadm、kubelet 和 kubectl ${p.version}`,
  },
  "rollout.rollback.limits": {
    en: () => "What this rollback cannot undo:",
    zh: () => "本次回滚无法撤销的内容：",
  },
  "rollout.rollback.limit.kubelet": {
    en: (p) =>
      `${p.node}: its kubelet already moved to the new version and stays there (newer than the restored API server: outside the skew policy); on it: install kubeadm, kubelet, kubectl ${p.from} again and restart the kubelet`,
    zh: (p) =>
      `${p.node}：其 kubelet 已升级到新版本并保持不变（比恢复后的 API server 更新，超出版本偏差策略）；请在该节点上重新安装 kubeadm、kubelet、kubectl ${p.from} 并重启 kubelet`,
  },
  "rollout.rollback.limit.addons": {
    en: () =>
      "CoreDNS and kube-proxy were upgraded by kubeadm: the restored etcd brings back their old Deployment and DaemonSet, and their pods are recreated with the old images (running pods restart)",
    zh: () =>
      "CoreDNS 和 kube-proxy 已被 kubeadm 升级：恢复的 etcd 会带回它们旧的 Deployment 和 DaemonSet，其 Pod 会以旧镜像重建（运行中的 Pod 会重启）",
  },
  "rollout.rollback.limit.writes": {
    en: (p) =>
      `every change made to the cluster after the snapshot (${p.at}) is lost: objects created, changed or deleted since then`,
    zh: (p) => `快照（${p.at}）之后对集群的所有修改都会丢失：此后创建、修改或删除的对象`,
  },
  "rollout.rollback.limit.certs": {
    en: () =>
      "certificates kubeadm renewed during the upgrade are replaced by the saved ones, with their earlier expiry (`kadm-wizard certs check`)",
    zh: () =>
      "升级期间 kubeadm 续期的证书会被备份中的证书替换，恢复原来的到期时间（`kadm-wizard certs check`）",
  },
  "rollout.rollback.limit.images": {
    en: () => "the new images pulled on the nodes stay (harmless; `crictl rmi` removes them)",
    zh: () => "节点上已拉取的新镜像保留（无害；可用 `crictl rmi` 删除）",
  },
  "rollout.rollback.needsYes": {
    en: () => "rollback replaces etcd's data and needs a confirmation; there is no terminal to ask on.",
    zh: () => "回滚会替换 etcd 的数据，需要确认；当前没有可交互的终端。",
  },
  "rollout.rollback.confirm": {
    en: (p) => `Roll this control plane back to ${p.from}?`,
    zh: (p) => `将本控制平面回滚到 ${p.from}？`,
  },
  "rollout.rollback.title": { en: (p) => `Roll back to ${p.from}`, zh: (p) => `回滚到 ${p.from}` },
  "rollout.rollback.running.files": {
    en: () => "writing /etc/kubernetes back",
    zh: () => "正在写回 /etc/kubernetes",
  },
  "rollout.rollback.running.etcd": { en: () => "restoring etcd", zh: () => "正在恢复 etcd" },
  "rollout.rollback.running.repo": { en: () => "package repository", zh: () => "软件源" },
  "rollout.rollback.running.packages": {
    en: () => "reinstalling the packages",
    zh: () => "正在重新安装软件包",
  },
  "rollout.rollback.running.restart": { en: () => "restarting the kubelet", zh: () => "正在重启 kubelet" },
  "rollout.rollback.done": {
    en: (p) =>
      `Control plane rolled back to ${p.from} (${plural(p.files, "file")} of /etc/kubernetes written back, etcd restored).`,
    zh: (p) => `控制平面已回滚到 ${p.from}（写回 /etc/kubernetes 的 ${p.files} 个文件，etcd 已恢复）。`,
  },
  "rollout.rollback.movedHint": {
    en: (p) =>
      `Next, on ${p.nodes}: kubeadm, kubelet and kubectl ${p.from} again, then \`systemctl restart kubelet\`.`,
    zh: (p) =>
      `接下来请在 ${p.nodes} 上：重新安装 kubeadm、kubelet 和 kubectl ${p.from}，然后 \`systemctl restart kubelet\`。`,
  },
} satisfies Record<string, Entry>;
