import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/** Day-2 jobs: `certs check|renew` (keys "certs.") and `etcd backup|restore` (keys "etcd."). */
export const DAY2_MESSAGES = {
  // --- certs check
  "certs.usage": {
    en: (p) => `unknown certs command "${p.value}".`,
    zh: (p) => `未知的 certs 子命令 "${p.value}"。`,
  },
  "certs.usageHint": {
    en: () => "use `kadm-wizard certs check` or `kadm-wizard certs renew --all|NAME...`",
    zh: () => "请使用 `kadm-wizard certs check` 或 `kadm-wizard certs renew --all|名称...`",
  },
  "certs.none": {
    en: (p) => `no kubeadm certificates under ${p.root}/etc/kubernetes: this host is not a cluster node.`,
    zh: (p) => `${p.root}/etc/kubernetes 下没有 kubeadm 证书：本机不是集群节点。`,
  },
  "certs.noneHint": {
    en: () => "run it on a control-plane node (or pass --root to the host's root directory)",
    zh: () => "请在控制平面节点上运行（或用 --root 指定主机根目录）",
  },
  "certs.header": {
    en: (p) => `Certificates on ${p.node} (checked ${p.at} UTC):`,
    zh: (p) => `${p.node} 上的证书（检查时间 ${p.at} UTC）：`,
  },
  "certs.col.name": { en: () => "NAME", zh: () => "名称" },
  "certs.col.kind": { en: () => "KIND", zh: () => "类型" },
  "certs.col.expires": { en: () => "EXPIRES (UTC)", zh: () => "到期时间 (UTC)" },
  "certs.col.left": { en: () => "LEFT", zh: () => "剩余" },
  "certs.col.ca": { en: () => "CA", zh: () => "签发 CA" },
  "certs.col.notes": { en: () => "NOTES", zh: () => "备注" },
  "certs.kind.ca": { en: () => "CA", zh: () => "CA" },
  "certs.kind.cert": { en: () => "leaf", zh: () => "叶子证书" },
  "certs.kind.kubeconfig": { en: () => "kubeconfig", zh: () => "kubeconfig" },
  "certs.days": {
    en: (p) => `${p.days}d`,
    zh: (p) => `${p.days} 天`,
  },
  "certs.note.expired": { en: () => "EXPIRED", zh: () => "已过期" },
  "certs.note.expiring": { en: () => "expires soon", zh: () => "即将过期" },
  "certs.note.rotates": { en: () => "rotated by the kubelet", zh: () => "由 kubelet 自动轮换" },
  "certs.note.notRotating": {
    en: () => "embedded: the kubelet does not rotate it",
    zh: () => "内嵌证书：kubelet 不会轮换",
  },
  "certs.unreadable": {
    en: (p) => `  ${p.name}: ${p.path} holds no certificate that can be read`,
    zh: (p) => `  ${p.name}：${p.path} 中没有可读取的证书`,
  },
  "certs.timerOn": {
    en: (p) => `Automatic renewal: on (${p.unit}, daily, renews within 30 days of expiry).`,
    zh: (p) => `自动续期：已开启（${p.unit}，每天检查，到期前 30 天内续期）。`,
  },
  "certs.timerOff": {
    en: (p) =>
      `Automatic renewal: off (${p.unit} not installed; \`kadm-wizard certs renew --install-timer\` installs it).`,
    zh: (p) =>
      `自动续期：未开启（未安装 ${p.unit}；可用 \`kadm-wizard certs renew --install-timer\` 安装）。`,
  },
  "certs.expiringSummary": {
    en: (p) => `${plural(p.count, "certificate")} expired or expire within ${p.days} days: ${p.list}.`,
    zh: (p) => `${p.count} 个证书已过期或将在 ${p.days} 天内过期：${p.list}。`,
  },
  "certs.expiringFix": {
    en: () => "kadm-wizard certs renew --all (on every control plane)",
    zh: () => "kadm-wizard certs renew --all（在每个控制平面节点上）",
  },
  "certs.kubeletFix": {
    en: () =>
      "the kubelet rotates its own client certificate: look for rotation errors in `journalctl -u kubelet` and pending CSRs in `kubectl get csr`",
    zh: () =>
      "kubelet 会自动轮换其客户端证书：请在 `journalctl -u kubelet` 中查找轮换错误，并用 `kubectl get csr` 检查待批准的 CSR",
  },
  "certs.caFix": {
    en: () =>
      "kubeadm does not renew a CA: plan a CA rotation (kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates)",
    zh: () =>
      "kubeadm 不会续期 CA：请规划 CA 轮换（kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates）",
  },
  "certs.allOk": {
    en: (p) => `No certificate expires within ${p.days} days.`,
    zh: (p) => `没有证书会在 ${p.days} 天内过期。`,
  },
  // --- certs renew: input
  "certs.allAndNames": {
    en: () => "--all and certificate names together: say one or the other.",
    zh: () => "--all 与证书名称不能同时使用。",
  },
  "certs.renewWhat": {
    en: () => "certs renew needs --all or the names of the certificates to renew.",
    zh: () => "certs renew 需要 --all 或要续期的证书名称。",
  },
  "certs.unknownName": {
    en: (p) => `"${p.name}" is not a certificate kubeadm renews.${p.near}`,
    zh: (p) => `"${p.name}" 不是 kubeadm 可续期的证书。${p.near}`,
  },
  "certs.didYouMean": {
    en: (p) => ` Did you mean "${p.near}"?`,
    zh: (p) => `是否想输入 "${p.near}"？`,
  },
  "certs.namesHint": {
    en: () =>
      "names: admin.conf apiserver apiserver-etcd-client apiserver-kubelet-client controller-manager.conf etcd-healthcheck-client etcd-peer etcd-server front-proxy-client scheduler.conf super-admin.conf (see `kadm-wizard certs check`)",
    zh: () =>
      "可用名称：admin.conf apiserver apiserver-etcd-client apiserver-kubelet-client controller-manager.conf etcd-healthcheck-client etcd-peer etcd-server front-proxy-client scheduler.conf super-admin.conf（见 `kadm-wizard certs check`）",
  },
  "certs.notControlPlane": {
    en: () => "no /etc/kubernetes/pki/ca.crt: this host is not a control-plane node.",
    zh: () => "没有 /etc/kubernetes/pki/ca.crt：本机不是控制平面节点。",
  },
  "certs.notControlPlaneHint": {
    en: () => "run certs renew on each control-plane node (workers' kubelets rotate their own certificates)",
    zh: () => "请在每个控制平面节点上运行 certs renew（工作节点的 kubelet 会自动轮换证书）",
  },
  "certs.nothingDue": {
    en: (p) => `No certificate expires within ${p.days} days: nothing renewed.`,
    zh: (p) => `没有证书会在 ${p.days} 天内过期：未续期任何证书。`,
  },
  // --- certs renew: plan (dry-run)
  "certs.plan.header": { en: () => "Plan:", zh: () => "计划：" },
  "certs.plan.kubeadm": { en: (p) => `run: ${p.command}`, zh: (p) => `执行：${p.command}` },
  "certs.plan.restart": {
    en: (p) =>
      `restart ${p.component}: move ${p.manifest} aside, wait until ${p.endpoint} closes, move it back, wait until it serves`,
    zh: (p) =>
      `重启 ${p.component}：将 ${p.manifest} 移出，等待 ${p.endpoint} 关闭，再移回，等待其重新提供服务`,
  },
  "certs.plan.verifyFile": {
    en: (p) => `then check with a TLS handshake that it serves ${p.path}`,
    zh: (p) => `然后通过 TLS 握手确认其提供的是 ${p.path}`,
  },
  "certs.plan.verifyStart": {
    en: () =>
      "then check with a TLS handshake that its self-signed serving certificate is from the new process",
    zh: () => "然后通过 TLS 握手确认其自签名服务证书来自新进程",
  },
  "certs.plan.kubeconfigs": {
    en: () => "refresh root's and the sudo user's ~/.kube/config from the renewed admin.conf",
    zh: () => "用续期后的 admin.conf 更新 root 和 sudo 用户的 ~/.kube/config",
  },
  "certs.plan.nothingChanged": {
    en: () => "(dry run: nothing was changed and nothing was contacted)",
    zh: () => "（试运行：未做任何修改，也未连接任何服务）",
  },
  // --- certs renew: progress and result
  "certs.step.kubeadm": { en: () => "kubeadm certs renew", zh: () => "kubeadm certs renew" },
  "certs.step.kubeadmDone": {
    en: (p) => `kubeadm renewed ${plural(p.count, "certificate")}`,
    zh: (p) => `kubeadm 已续期 ${p.count} 个证书`,
  },
  "certs.step.restart": {
    en: (p) => `Restart ${plural(p.count, "control-plane pod")}`,
    zh: (p) => `重启 ${p.count} 个控制平面 Pod`,
  },
  "certs.step.restarting": {
    en: (p) => `Restarting ${p.component} (manifest aside until the kubelet stops it, then back)`,
    zh: (p) => `正在重启 ${p.component}（清单移出直到 kubelet 停止它，再移回）`,
  },
  "certs.step.verify": {
    en: (p) => `Checking what ${p.component} serves`,
    zh: (p) => `检查 ${p.component} 提供的证书`,
  },
  "certs.step.restartDone": {
    en: (p) => `${p.ok} of ${p.count} serve the renewed certificates`,
    zh: (p) => `${p.count} 个中有 ${p.ok} 个已使用新证书`,
  },
  "certs.step.kubeconfigs": { en: () => "Refresh ~/.kube/config", zh: () => "更新 ~/.kube/config" },
  "certs.step.kubeconfigsDone": {
    en: (p) => `${plural(p.count, "kubeconfig copy", "kubeconfig copies")} up to date`,
    zh: (p) => `${p.count} 个 kubeconfig 副本已是最新`,
  },
  "certs.kubeadmFailed": {
    en: (p) => `${p.command} failed: ${p.reason}`,
    zh: (p) => `${p.command} 失败：${p.reason}`,
  },
  "certs.kubeadmFailedHint": {
    en: () => "nothing was restarted; fix what kubeadm says and run certs renew again",
    zh: () => "未重启任何组件；请按 kubeadm 的提示处理后重新运行 certs renew",
  },
  "certs.renew.notRenewed": {
    en: (p) => `✗ ${p.name}: the file did not change (kubeadm did not renew it: an external CA?)`,
    zh: (p) => `✗ ${p.name}：文件未变化（kubeadm 未续期：是否为外部 CA？）`,
  },
  "certs.renew.effective": {
    en: (p) => `✓ ${p.component} (${p.endpoint}) serves the renewed certificate (NotAfter ${p.served})`,
    zh: (p) => `✓ ${p.component}（${p.endpoint}）已使用新证书（NotAfter ${p.served}）`,
  },
  "certs.renew.notEffective": {
    en: (p) => `✗ ${p.component} (${p.endpoint}): renewal NOT effective: ${p.why}`,
    zh: (p) => `✗ ${p.component}（${p.endpoint}）：续期未生效：${p.why}`,
  },
  "certs.renew.notStopped": {
    en: () => "the kubelet did not stop the pod after its manifest was moved aside (manifest put back)",
    zh: () => "清单移出后 kubelet 未停止该 Pod（清单已放回）",
  },
  "certs.renew.notStarted": {
    en: () => "the pod did not come back after its manifest was put back",
    zh: () => "清单放回后 Pod 未重新启动",
  },
  "certs.renew.servesOld": {
    en: (p) => `it serves NotAfter ${p.served}, the file ${p.path} has NotAfter ${p.file}`,
    zh: (p) => `其提供的证书 NotAfter 为 ${p.served}，而文件 ${p.path} 的 NotAfter 为 ${p.file}`,
  },
  "certs.renew.oldProcess": {
    en: (p) =>
      `its serving certificate (${p.served}) was made before the restart: the old process still runs`,
    zh: (p) => `其服务证书（${p.served}）生成于重启之前：旧进程仍在运行`,
  },
  "certs.renew.kubeconfig.refreshed": {
    en: (p) => `✓ ${p.path} refreshed from admin.conf`,
    zh: (p) => `✓ 已用 admin.conf 更新 ${p.path}`,
  },
  "certs.renew.kubeconfig.unchanged": {
    en: (p) => `✓ ${p.path} already up to date`,
    zh: (p) => `✓ ${p.path} 已是最新`,
  },
  "certs.renew.kubeconfig.kept": {
    en: (p) =>
      `! ${p.path} is not a copy of this cluster's admin.conf: left alone (copy it yourself if it should be)`,
    zh: (p) => `! ${p.path} 不是本集群 admin.conf 的副本：未改动（如需要请自行复制）`,
  },
  "certs.renew.failed": {
    en: (p) => `certificate renewal not effective for: ${p.components}`,
    zh: (p) => `以下组件的证书续期未生效：${p.components}`,
  },
  "certs.renew.failedHint": {
    en: (p) =>
      `the renewed files are in place; check the kubelet (journalctl -u kubelet) and ${p.manifests}, then run certs renew again or restart the pod`,
    zh: (p) =>
      `新证书文件已就位；请检查 kubelet（journalctl -u kubelet）和 ${p.manifests}，然后重新运行 certs renew 或重启该 Pod`,
  },
  "certs.renew.done": {
    en: () =>
      "Renewal done and in effect. On an HA cluster, do every other control plane too (--inventory FILE renews them all over SSH).",
    zh: () => "续期完成并已生效。高可用集群的其他控制平面也需续期（--inventory FILE 可通过 SSH 逐个续期）。",
  },
  // --- certs on every control plane (--inventory / --node)
  "cp.nodes.none": {
    en: (p) => `${p.file} has no host with role: control-plane, and this machine is not a control plane.`,
    zh: (p) => `${p.file} 中没有 role: control-plane 的主机，本机也不是控制平面。`,
  },
  "cp.nodes.noneHint": {
    en: () => "mark the control planes with `role: control-plane` in the inventory, or name them with --node",
    zh: () => "请在主机清单中用 `role: control-plane` 标出控制平面，或用 --node 指定",
  },
  "certs.nodes.here": { en: () => "this machine", zh: () => "本机" },
  "certs.nodes.title": {
    en: (p) => `${p.node}: renew certificates`,
    zh: (p) => `${p.node}：续期证书`,
  },
  "certs.nodes.final.done": {
    en: (p) => `${p.node}: renewed, in effect`,
    zh: (p) => `${p.node}：已续期并生效`,
  },
  "certs.nodes.final.not-effective": {
    en: (p) => `${p.node}: renewal NOT in effect`,
    zh: (p) => `${p.node}：续期未生效`,
  },
  "certs.nodes.final.failed": { en: (p) => `${p.node}: failed`, zh: (p) => `${p.node}：失败` },
  "certs.nodes.final.unreachable": {
    en: (p) => `${p.node}: not reached over SSH`,
    zh: (p) => `${p.node}：SSH 无法连接`,
  },
  "certs.nodes.final.nothing-due": {
    en: (p) => `${p.node}: nothing due`,
    zh: (p) => `${p.node}：无需续期`,
  },
  "certs.nodes.final.not-control-plane": {
    en: (p) => `${p.node}: not a control plane`,
    zh: (p) => `${p.node}：不是控制平面`,
  },
  "certs.nodes.final.skipped": {
    en: (p) => `${p.node}: not started`,
    zh: (p) => `${p.node}：未开始`,
  },
  "certs.nodes.unreachable": {
    en: (p) => `✗ not reached over SSH: ${p.reason}`,
    zh: (p) => `✗ 无法通过 SSH 连接：${p.reason}`,
  },
  "certs.nodes.down": {
    en: (p) => `${p.components} on ${p.node} did not come back after its restart`,
    zh: (p) => `${p.node} 上的 ${p.components} 重启后未恢复`,
  },
  "certs.nodes.skipped": {
    en: (p) =>
      `✗ not started: ${p.because}; restarting this node's too could cost etcd its quorum or leave no API server`,
    zh: (p) => `✗ 未开始：${p.because}；再重启本节点的组件可能导致 etcd 失去多数派或没有可用的 API Server`,
  },
  "certs.nodes.nodeDone": {
    en: () => "✓ renewal done and in effect on this node",
    zh: () => "✓ 本节点续期完成并已生效",
  },
  "certs.nodes.allDone": {
    en: (p) => `Renewal done and in effect on ${plural(p.count, "control plane")}.`,
    zh: (p) => `${p.count} 个控制平面的续期均已完成并生效。`,
  },
  "certs.nodes.failed": {
    en: (p) =>
      `certificate renewal not done or not in effect on ${p.count} of ${p.total} control planes: ${p.list}`,
    zh: (p) => `${p.total} 个控制平面中有 ${p.count} 个续期未完成或未生效：${p.list}`,
  },
  "certs.nodes.failedHint": {
    en: () =>
      "each ✗ above says why; the other nodes are done. Fix those, then run certs renew again with --node NODE for each",
    zh: () => "上面每个 ✗ 都说明了原因；其他节点已完成。处理后对每个节点用 --node 节点 重新运行 certs renew",
  },
  "certs.nodes.plan": {
    en: (p) => `Plan: renew on ${plural(p.count, "control plane")}, one at a time: ${p.list}`,
    zh: (p) => `计划：逐个续期 ${p.count} 个控制平面：${p.list}`,
  },
  "certs.nodes.remotePlan": {
    en: () =>
      "the same steps over SSH (kubeadm certs renew, the restarts, the TLS checks with openssl s_client on the node itself, its ~/.kube/config copies), from that node's own manifests, read when it runs",
    zh: () =>
      "通过 SSH 执行相同步骤（kubeadm certs renew、重启、在该节点上用 openssl s_client 做 TLS 检查、更新其 ~/.kube/config 副本），按该节点自己的清单，运行时读取",
  },
  "certs.nodes.noTimer": {
    en: () => "--install-timer installs the timer on this machine only, not with --inventory/--node.",
    zh: () => "--install-timer 只在本机安装定时器，不能与 --inventory/--node 同用。",
  },
  "certs.nodes.noTimerHint": {
    en: () =>
      "run `kadm-wizard certs renew --install-timer` on each control plane (the timer runs kadm-wizard there)",
    zh: () =>
      "请在每个控制平面上运行 `kadm-wizard certs renew --install-timer`（定时器在该节点上运行 kadm-wizard）",
  },
  "certs.nodes.checkDry": {
    en: (p) => `would check the certificates of ${plural(p.count, "control plane")} (nothing contacted):`,
    zh: (p) => `将检查 ${p.count} 个控制平面的证书（未连接任何主机）：`,
  },
  "certs.nodes.checkSummary": {
    en: (p) =>
      `${plural(p.count, "control plane")} checked: ${Number(p.due) === 0 ? "nothing due" : `certificates due on ${p.due} (${p.dueList})`}${Number(p.lost) === 0 ? "" : `; not reached: ${p.lost} (${p.lostList})`}.`,
    zh: (p) =>
      `已检查 ${p.count} 个控制平面：${Number(p.due) === 0 ? "无需续期" : `${p.due} 个有证书需续期（${p.dueList}）`}${Number(p.lost) === 0 ? "" : `；${p.lost} 个无法连接（${p.lostList}）`}。`,
  },
  // --- doctor: the renewal timer
  "certs.doctor.timerOff.title": {
    en: (p) =>
      `${plural(p.count, "certificate")} kubeadm renews expire within ${p.days} days and no renewal timer is installed`,
    zh: (p) => `${p.count} 个由 kubeadm 续期的证书将在 ${p.days} 天内过期，且未安装自动续期定时器`,
  },
  "certs.doctor.timerOff.fix": {
    en: () =>
      "kadm-wizard certs renew --all   # now: renew, restart, verify what is served\nkadm-wizard certs renew --install-timer   # from now on: renews within 30 days of expiry",
    zh: () =>
      "kadm-wizard certs renew --all   # 现在：续期、重启并核实实际提供的证书\nkadm-wizard certs renew --install-timer   # 今后：到期前 30 天内自动续期",
  },
  "certs.doctor.timerOn.title": {
    en: () => "certificates are renewed automatically (daily timer, renews within 30 days of expiry)",
    zh: () => "证书自动续期已开启（每日定时器，到期前 30 天内续期）",
  },
  "certs.doctor.timerOn.fix": {
    en: () => "systemctl list-timers kadm-wizard-certs-renew.timer   # when it runs next",
    zh: () => "systemctl list-timers kadm-wizard-certs-renew.timer   # 查看下次运行时间",
  },
  // --- timers (certs and etcd)
  "certs.timerDescription": {
    en: (p) => `kadm-wizard: renew kubeadm certificates ${p.days} days before they expire`,
    zh: (p) => `kadm-wizard：在 kubeadm 证书到期前 ${p.days} 天续期`,
  },
  "certs.timerFailed": {
    en: (p) => `the systemd timer could not be enabled: ${p.reason}`,
    zh: (p) => `无法启用 systemd 定时器：${p.reason}`,
  },
  "certs.timerFailedHint": {
    en: () => "the unit files are written; check `systemctl status` and enable the timer by hand",
    zh: () => "单元文件已写入；请检查 `systemctl status` 并手动启用定时器",
  },
  "certs.wrote": { en: (p) => `wrote ${p.path}`, zh: (p) => `已写入 ${p.path}` },
  "certs.wouldWrite": { en: (p) => `would write ${p.path}`, zh: (p) => `将写入 ${p.path}` },
  "certs.unchanged": { en: (p) => `${p.path} unchanged`, zh: (p) => `${p.path} 未变化` },
  "certs.ran": { en: (p) => `ran: ${p.command}`, zh: (p) => `已执行：${p.command}` },
  "certs.wouldRun": { en: (p) => `would run: ${p.command}`, zh: (p) => `将执行：${p.command}` },

  // --- etcd
  "etcd.usage": {
    en: (p) => `unknown etcd command "${p.value}".`,
    zh: (p) => `未知的 etcd 子命令 "${p.value}"。`,
  },
  "etcd.usageHint": {
    en: () => "use `kadm-wizard etcd backup [--dir DIR] [--keep N]` or `kadm-wizard etcd restore SNAPSHOT`",
    zh: () => "请使用 `kadm-wizard etcd backup [--dir 目录] [--keep N]` 或 `kadm-wizard etcd restore 快照`",
  },
  "etcd.badKeep": {
    en: (p) => `--keep "${p.value}" is not a whole number from 1 to 1000.`,
    zh: (p) => `--keep "${p.value}" 不是 1 到 1000 之间的整数。`,
  },
  "etcd.badKeepHint": { en: () => "e.g. --keep 7", zh: () => "例如 --keep 7" },
  "etcd.badDir": {
    en: (p) => `--dir "${p.value}" is not an absolute path.`,
    zh: (p) => `--dir "${p.value}" 不是绝对路径。`,
  },
  "etcd.badDirHint": {
    en: () => "e.g. --dir /var/backups/kadm-wizard",
    zh: () => "例如 --dir /var/backups/kadm-wizard",
  },
  "etcd.noManifest": {
    en: (p) => `no ${p.path}: this host runs no kubeadm (stacked) etcd.`,
    zh: (p) => `没有 ${p.path}：本机没有运行 kubeadm（堆叠式）etcd。`,
  },
  "etcd.noManifestHint": {
    en: () => "run it on a control-plane node; an external etcd is backed up on its own hosts",
    zh: () => "请在控制平面节点上运行；外部 etcd 需在其自身主机上备份",
  },
  "etcd.noEtcdctl": {
    en: () => "no etcdctl on this host and no running etcd container to run it in.",
    zh: () => "本机没有 etcdctl，也没有可在其中运行它的 etcd 容器。",
  },
  "etcd.noEtcdctlHint": {
    en: () => "install it (apt-get install etcd-client) or check `crictl ps --name etcd`",
    zh: () => "请安装（apt-get install etcd-client）或检查 `crictl ps --name etcd`",
  },
  "etcd.noOfflineTool": {
    en: () =>
      "neither etcdutl nor etcdctl is installed on this host: a snapshot cannot be checked or restored.",
    zh: () => "本机既没有 etcdutl 也没有 etcdctl：无法校验或恢复快照。",
  },
  "etcd.noOfflineToolHint": {
    en: () =>
      "install etcdutl from the etcd release that matches the cluster (or apt-get install etcd-client)",
    zh: () => "请安装与集群版本一致的 etcd 发行包中的 etcdutl（或 apt-get install etcd-client）",
  },
  "etcd.commandFailed": {
    en: (p) => `etcd ${p.what} failed: ${p.command}: ${p.reason}`,
    zh: (p) => `etcd ${p.what} 失败：${p.command}：${p.reason}`,
  },
  "etcd.commandFailedHint": {
    en: () => "check that etcd is healthy (kadm-wizard doctor) and the disk has room, then try again",
    zh: () => "请确认 etcd 正常（kadm-wizard doctor）且磁盘空间充足，然后重试",
  },
  "etcd.plan.header": { en: () => "Plan:", zh: () => "计划：" },
  "etcd.plan.snapshot": { en: (p) => `run: ${p.command}`, zh: (p) => `执行：${p.command}` },
  "etcd.plan.via": {
    en: () => "(etcdctl on this host, else inside the etcd static pod's container through crictl exec)",
    zh: () => "（优先使用本机 etcdctl，否则通过 crictl exec 在 etcd 静态 Pod 容器中执行）",
  },
  "etcd.plan.sha": { en: (p) => `write its sha256 to ${p.path}`, zh: (p) => `将其 sha256 写入 ${p.path}` },
  "etcd.plan.pki": {
    en: (p) => `copy /etc/kubernetes/pki to ${p.path} (files 0600, directories 0700)`,
    zh: (p) => `将 /etc/kubernetes/pki 复制到 ${p.path}（文件 0600，目录 0700）`,
  },
  "etcd.plan.prune": {
    en: (p) => `keep the newest ${p.keep} backups in ${p.dir}, delete older ones`,
    zh: (p) => `${p.dir} 中只保留最新的 ${p.keep} 份备份，删除更早的`,
  },
  "etcd.step.backup": {
    en: (p) => `Snapshot etcd (${p.endpoint})`,
    zh: (p) => `创建 etcd 快照（${p.endpoint}）`,
  },
  "etcd.step.backupDone": { en: (p) => `Snapshot saved: ${p.path}`, zh: (p) => `快照已保存：${p.path}` },
  "etcd.backup.done": { en: (p) => `Backup written to ${p.path}:`, zh: (p) => `备份已写入 ${p.path}：` },
  "etcd.backup.status": {
    en: (p) => `revision ${p.revision}, ${p.keys} keys`,
    zh: (p) => `修订版本 ${p.revision}，${p.keys} 个键`,
  },
  "etcd.backup.pki": {
    en: (p) => `pki/: ${p.count} files (0600)`,
    zh: (p) => `pki/：${p.count} 个文件（0600）`,
  },
  "etcd.backup.pruned": { en: (p) => `deleted old backup ${p.path}`, zh: (p) => `已删除旧备份 ${p.path}` },
  "etcd.backup.restoreHint": {
    en: (p) => `Restore with: kadm-wizard etcd restore ${p.path}`,
    zh: (p) => `恢复命令：kadm-wizard etcd restore ${p.path}`,
  },
  "etcd.timerDescription": {
    en: () => "kadm-wizard: daily etcd snapshot and PKI backup",
    zh: () => "kadm-wizard：每日 etcd 快照与 PKI 备份",
  },
  // --- etcd restore
  "etcd.restoreUsage": {
    en: (p) => `etcd restore needs one absolute path to a snapshot or backup directory, not "${p.value}".`,
    zh: (p) => `etcd restore 需要一个快照文件或备份目录的绝对路径，而不是 "${p.value}"。`,
  },
  "etcd.restoreUsageHint": {
    en: () => "e.g. kadm-wizard etcd restore /var/backups/kadm-wizard/etcd-20261203T145000Z",
    zh: () => "例如 kadm-wizard etcd restore /var/backups/kadm-wizard/etcd-20261203T145000Z",
  },
  "etcd.snapshotMissing": {
    en: (p) => `no snapshot at ${p.path}.`,
    zh: (p) => `${p.path} 处没有快照。`,
  },
  "etcd.snapshotMissingHint": {
    en: () =>
      "give the backup directory `etcd backup` printed, or its snapshot.db (ls /var/backups/kadm-wizard)",
    zh: () => "请给出 `etcd backup` 打印的备份目录或其中的 snapshot.db（ls /var/backups/kadm-wizard）",
  },
  "etcd.snapshotChecksum": {
    en: (p) =>
      `${p.path} does not match its sha256 file (expected ${p.want}, got ${p.got}): nothing was changed.`,
    zh: (p) => `${p.path} 与其 sha256 文件不符（应为 ${p.want}，实际 ${p.got}）：未做任何修改。`,
  },
  "etcd.snapshotChecksumHint": {
    en: () => "the snapshot is damaged or was replaced; use another backup",
    zh: () => "快照已损坏或被替换；请使用其他备份",
  },
  "etcd.snapshotCorrupt": {
    en: (p) => `${p.path} is not a readable etcd snapshot (${p.reason}): nothing was changed.`,
    zh: (p) => `${p.path} 不是可读取的 etcd 快照（${p.reason}）：未做任何修改。`,
  },
  "etcd.snapshotCorruptHint": {
    en: () => "use another backup (each one has its snapshot.db and snapshot.db.sha256)",
    zh: () => "请使用其他备份（每份备份都有 snapshot.db 和 snapshot.db.sha256）",
  },
  "etcd.restore.plan": {
    en: (p) => `Restore ${p.path} (revision ${p.revision}, ${p.keys} keys, sha256 ${p.sha}):`,
    zh: (p) => `恢复 ${p.path}（修订版本 ${p.revision}，${p.keys} 个键，sha256 ${p.sha}）：`,
  },
  "etcd.restore.noSha": { en: () => "no .sha256 file", zh: () => "无 .sha256 文件" },
  "etcd.restore.step.stop": {
    en: (p) => `stop ${p.pods}: manifests moved to ${p.aside}, wait until their ports close`,
    zh: (p) => `停止 ${p.pods}：清单移至 ${p.aside}，等待端口关闭`,
  },
  "etcd.restore.step.swap": {
    en: (p) => `swap the restored directory in as ${p.data} (the old one kept as ${p.old})`,
    zh: (p) => `将恢复出的目录换为 ${p.data}（原目录保留为 ${p.old}）`,
  },
  "etcd.restore.step.start": {
    en: () => "put the manifests back and wait until the API server answers /livez",
    zh: () => "放回清单，等待 API Server 响应 /livez",
  },
  "etcd.restore.needsYes": {
    en: () => "etcd restore replaces the cluster's data: confirm with --yes (no terminal to ask on).",
    zh: () => "etcd restore 会替换集群数据：请用 --yes 确认（没有可交互的终端）。",
  },
  "etcd.restore.needsYesHint": {
    en: () => "look at the plan first with --dry-run",
    zh: () => "可先用 --dry-run 查看计划",
  },
  "etcd.restore.confirm": {
    en: () => "Stop the control plane and restore this snapshot?",
    zh: () => "停止控制平面并恢复此快照？",
  },
  "etcd.step.restore": { en: () => "Restore etcd", zh: () => "恢复 etcd" },
  "etcd.step.restore.stop": { en: () => "Stopping the control plane", zh: () => "正在停止控制平面" },
  "etcd.step.restore.restore": { en: () => "Restoring the snapshot", zh: () => "正在恢复快照" },
  "etcd.step.restore.swap": { en: () => "Swapping the data directory", zh: () => "正在替换数据目录" },
  "etcd.step.restore.start": { en: () => "Starting the control plane", zh: () => "正在启动控制平面" },
  "etcd.step.restore.wait": { en: () => "Waiting for the API server", zh: () => "正在等待 API Server" },
  "etcd.step.restoreDone": { en: () => "etcd restored", zh: () => "etcd 已恢复" },
  "etcd.notStopped": {
    en: (p) =>
      `the kubelet did not stop ${p.component} (its port still accepts connections); manifests put back`,
    zh: (p) => `kubelet 未停止 ${p.component}（其端口仍可连接）；清单已放回`,
  },
  "etcd.restoreFailed": {
    en: (p) => `etcd restore failed at ${p.what}: ${p.reason}`,
    zh: (p) => `etcd 恢复在 ${p.what} 处失败：${p.reason}`,
  },
  "etcd.restoreFailedHint": {
    en: (p) =>
      `the data dir ${p.data} is as it was (or back from ${p.old}); manifests are back in /etc/kubernetes/manifests (copies in ${p.aside})`,
    zh: (p) =>
      `数据目录 ${p.data} 保持原样（或已从 ${p.old} 还原）；清单已放回 /etc/kubernetes/manifests（副本在 ${p.aside}）`,
  },
  "etcd.restore.done": {
    en: (p) =>
      `✓ etcd restored into ${p.data}; the previous data is kept in ${p.old} (delete it once all is well).`,
    zh: (p) => `✓ etcd 已恢复到 ${p.data}；原数据保留在 ${p.old}（确认无误后可删除）。`,
  },
  "etcd.restore.apiSilent": {
    en: (p) => `the API server did not answer /livez within ${p.seconds}s after the restore.`,
    zh: (p) => `恢复后 ${p.seconds} 秒内 API Server 未响应 /livez。`,
  },
  "etcd.restore.apiSilentHint": {
    en: () => "check `crictl ps -a` and `journalctl -u kubelet`; the old data dir is kept to go back to",
    zh: () => "请检查 `crictl ps -a` 和 `journalctl -u kubelet`；原数据目录已保留，可用于回退",
  },
  "etcd.ha.member": {
    en: (p) => `on ${p.name} (${p.url}):`,
    zh: (p) => `在 ${p.name}（${p.url}）上：`,
  },
  "etcd.ha.first": {
    en: (p) =>
      `This etcd has ${p.count} members: every member restores the same snapshot. First stop the control plane on each other member (step 1 below), then run this command again with --others-stopped, then the rest on each:`,
    zh: (p) =>
      `此 etcd 有 ${p.count} 个成员：每个成员都须恢复同一快照。请先在其他每个成员上停止控制平面（下面第 1 步），再加 --others-stopped 重新运行本命令，然后在各成员上完成其余步骤：`,
  },
  "etcd.ha.refused": {
    en: (p) => `not restoring a ${p.count}-member etcd while the other members may still run.`,
    zh: (p) => `其他成员可能仍在运行，不恢复 ${p.count} 成员的 etcd。`,
  },
  "etcd.ha.refusedHint": {
    en: () =>
      "add --inventory FILE (the other control planes) to restore every member over SSH, or follow the steps printed above, then add --others-stopped",
    zh: () =>
      "加上 --inventory FILE（其他控制平面）即可通过 SSH 恢复所有成员；或按上面打印的步骤操作，然后加上 --others-stopped",
  },
  "etcd.ha.startTogether": {
    en: () =>
      "put the manifests back on every member at once, then wait until each API server answers /livez",
    zh: () => "在所有成员上同时放回清单，然后等待每个 API Server 响应 /livez",
  },
  "etcd.ha.plan": {
    en: (p) =>
      `Plan: restore ${p.path} on the etcd members of ${plural(p.count, "control plane")} (${p.list}): all stop, each restores the same snapshot as itself, all start together.`,
    zh: (p) =>
      `计划：在 ${p.count} 个控制平面（${p.list}）的 etcd 成员上恢复 ${p.path}：全部停止，各自以自身身份恢复同一快照，再同时启动。`,
  },
  "etcd.ha.remotePlan": {
    en: () =>
      "over SSH: read its etcd manifest (--name, --initial-advertise-peer-urls, --initial-cluster, --data-dir), check the snapshot is at the same path with the same sha256 and etcdutl/etcdctl is there, then the same 4 steps",
    zh: () =>
      "通过 SSH：读取其 etcd 清单（--name、--initial-advertise-peer-urls、--initial-cluster、--data-dir），确认同一路径下有 sha256 相同的快照且有 etcdutl/etcdctl，然后执行同样的 4 步",
  },
  "etcd.ha.onNode": { en: (p) => `${p.node}: ${p.message}`, zh: (p) => `${p.node}：${p.message}` },
  "etcd.ha.unreachable": {
    en: (p) => `${p.node}: not reached over SSH: ${p.reason}`,
    zh: (p) => `${p.node}：无法通过 SSH 连接：${p.reason}`,
  },
  "etcd.ha.otherSnapshot": {
    en: (p) =>
      `${p.node}: ${p.path} has sha256 ${p.sha}, not ${p.want} as on ${p.first}: every member must restore the same snapshot.`,
    zh: (p) =>
      `${p.node}：${p.path} 的 sha256 为 ${p.sha}，与 ${p.first} 上的 ${p.want} 不同：每个成员必须恢复同一快照。`,
  },
  "etcd.ha.sameMember": {
    en: (p) =>
      `${p.a} and ${p.b} both run etcd member ${p.name} (--name in their etcd manifests): these are not members of one cluster.`,
    zh: (p) =>
      `${p.a} 和 ${p.b} 运行的是同一个 etcd 成员 ${p.name}（etcd 清单中的 --name）：它们不是同一集群的成员。`,
  },
  "etcd.ha.memberMissing": {
    en: (p) =>
      `etcd member ${p.name} (${p.url}) is not among the nodes given: all members must be restored together.`,
    zh: (p) => `etcd 成员 ${p.name}（${p.url}）不在所给节点中：所有成员必须一起恢复。`,
  },
  "etcd.ha.checkHint": {
    en: (p) =>
      `nothing was changed. Copy the snapshot to the same path on every member (scp ${p.path} root@HOST:${p.path}) and list every control plane in the inventory (role: control-plane)`,
    zh: (p) =>
      `未做任何修改。请将快照复制到每个成员的相同路径（scp ${p.path} root@主机:${p.path}），并在主机清单中列出每个控制平面（role: control-plane）`,
  },
  "etcd.ha.restoring": {
    en: (p) => `Restore ${p.path} (sha256 ${p.sha}) on ${plural(p.count, "etcd member")}:`,
    zh: (p) => `在 ${p.count} 个 etcd 成员上恢复 ${p.path}（sha256 ${p.sha}）：`,
  },
  "etcd.ha.confirm": {
    en: (p) => `Stop the control plane on all ${p.count} members and restore this snapshot?`,
    zh: (p) => `停止全部 ${p.count} 个成员的控制平面并恢复此快照？`,
  },
  "etcd.ha.step.stop": {
    en: (p) => `Stop the control plane on ${plural(p.count, "member")}`,
    zh: (p) => `停止 ${p.count} 个成员的控制平面`,
  },
  "etcd.ha.step.restore": {
    en: (p) => `Restore the snapshot on ${plural(p.count, "member")}`,
    zh: (p) => `在 ${p.count} 个成员上恢复快照`,
  },
  "etcd.ha.step.swap": {
    en: (p) => `Swap the data directory on ${plural(p.count, "member")}`,
    zh: (p) => `替换 ${p.count} 个成员的数据目录`,
  },
  "etcd.ha.step.start": {
    en: (p) => `Start ${plural(p.count, "member")} together`,
    zh: (p) => `同时启动 ${p.count} 个成员`,
  },
  "etcd.ha.step.started": {
    en: (p) => `manifests back on ${plural(p.count, "member")}`,
    zh: (p) => `已在 ${p.count} 个成员上放回清单`,
  },
  "etcd.ha.step.answered": {
    en: (p) => `${p.ok} of ${p.count} API servers answer`,
    zh: (p) => `${p.count} 个 API Server 中有 ${p.ok} 个已响应`,
  },
  "etcd.ha.undone": {
    en: (p) =>
      `every one of the ${p.count} members was put back as it was (old data dir in place, manifests back); fix the cause and run the restore again`,
    zh: (p) => `全部 ${p.count} 个成员已恢复原状（原数据目录已还原，清单已放回）；处理原因后请重新执行恢复`,
  },
  "etcd.ha.apiOk": { en: () => "✓ its API server answers /livez", zh: () => "✓ 其 API Server 已响应 /livez" },
  "etcd.ha.apiSilent": {
    en: () => "✗ its API server did not answer /livez in time",
    zh: () => "✗ 其 API Server 未及时响应 /livez",
  },
  "etcd.ha.apiSilentAll": {
    en: (p) => `after the restore the API server did not answer /livez within ${p.seconds}s on: ${p.list}`,
    zh: (p) => `恢复后以下节点的 API Server 在 ${p.seconds} 秒内未响应 /livez：${p.list}`,
  },
  "etcd.ha.then": {
    en: () => "Now on each other member (the same snapshot copied there):",
    zh: () => "现在在其他每个成员上执行（先将同一快照复制过去）：",
  },
} satisfies Record<string, Entry>;
