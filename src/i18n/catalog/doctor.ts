import type { Entry } from "../entry.js";
import { noun, plural } from "../plural.js";

/**
 * Messages of `kadm-wizard doctor`. Keys are prefixed "doctor.". Fixes are what to type, one command
 * a line; lines starting with "#" explain.
 */
export const DOCTOR_MESSAGES = {
  // --- CLI
  "doctor.cli.badOutput": {
    en: (p) => `--output "${p.value}" is not one of: text, json.`,
    zh: (p) => `--output 的值 "${p.value}" 不在可选范围内：text、json。`,
  },
  "doctor.cli.badOutputHint": {
    en: () => "pass --output text (default) or --output json",
    zh: () => "请传入 --output text（默认）或 --output json",
  },
  "doctor.cli.bothScopes": {
    en: () => "--host-only and --cluster-only exclude each other.",
    zh: () => "--host-only 与 --cluster-only 不能同时使用。",
  },
  "doctor.cli.bothScopesHint": {
    en: () => "pass one of them, or neither to check both the host and the cluster",
    zh: () => "只传其中一个；两个都不传则同时检查本机和集群",
  },
  "doctor.cli.kubeconfigHint": {
    en: () =>
      "pass --kubeconfig FILE (e.g. /etc/kubernetes/admin.conf on a control-plane node), or set KUBECONFIG",
    zh: () => "请传入 --kubeconfig FILE（控制平面节点上如 /etc/kubernetes/admin.conf），或设置 KUBECONFIG",
  },
  "doctor.cli.noCluster": {
    en: (p) => `cannot check the cluster: ${p.reason}.`,
    zh: (p) => `无法检查集群：${p.reason}。`,
  },
  // --- report
  "doctor.report.host": {
    en: (p) => `host: checked (${p.role})`,
    zh: (p) => `本机：已检查（${p.role}）`,
  },
  "doctor.role.control-plane": { en: () => "control-plane node", zh: () => "控制平面节点" },
  "doctor.role.worker": { en: () => "worker node", zh: () => "工作节点" },
  "doctor.role.none": {
    en: () => "not initialised or joined yet",
    zh: () => "尚未 init 或 join",
  },
  "doctor.report.cluster": {
    en: (p) =>
      `cluster: ${p.server} (${p.version}), ${plural(p.nodes, "node")}, ${plural(p.pods, "pod")}, ${p.unhealthy} looked at closer`,
    zh: (p) =>
      `集群：${p.server}（${p.version}），${p.nodes} 个节点，${p.pods} 个 Pod，其中 ${p.unhealthy} 个被进一步检查`,
  },
  "doctor.report.clusterUnreachable": {
    en: (p) => `cluster: ${p.server} could not be asked (see below)`,
    zh: (p) => `集群：无法访问 ${p.server}（见下文）`,
  },
  "doctor.report.noKubeconfigFound": {
    en: (p) => {
      const files = String(p.files).split("\n").join(", ");
      const reason = p.env ? `none of $KUBECONFIG (${files}) exists` : `not --kubeconfig, ${files}`;
      return `cluster: not checked (no kubeconfig found: ${reason})`;
    },
    zh: (p) => {
      const files = String(p.files).split("\n").join("、");
      const reason = p.env
        ? `$KUBECONFIG 中的文件（${files}）都不存在`
        : `未指定 --kubeconfig，${files} 均不存在`;
      return `集群：未检查（找不到 kubeconfig：${reason}）`;
    },
  },
  "doctor.report.noKubeconfig": {
    en: (p) => `cluster: not checked (${p.reason})`,
    zh: (p) => `集群：未检查（${p.reason}）`,
  },
  "doctor.report.hostOnly": {
    en: () => "cluster: not checked (--host-only)",
    zh: () => "集群：未检查（--host-only）",
  },
  "doctor.report.fromProfile": { en: (p) => `profile ${p.name}`, zh: (p) => `方案 ${p.name}` },
  "doctor.report.fromNodeKubeadm": {
    en: (p) => `the node's kubeadm ${p.version}; no cluster, saved config or --k8s-version to check against`,
    zh: (p) => `节点上的 kubeadm ${p.version}；没有集群、已保存的配置或 --k8s-version 可供对照`,
  },
  "doctor.report.expected": {
    en: (p) =>
      `expected: Kubernetes ${p.version}, images from ${p.repo}, pod subnet ${p.podSubnet} (from ${p.origin})`,
    zh: (p) =>
      `预期：Kubernetes ${p.version}，镜像来自 ${p.repo}，Pod 网段 ${p.podSubnet}（来源：${p.origin}）`,
  },
  "doctor.report.heading": { en: (p) => `${p.label} (${p.count})`, zh: (p) => `${p.label}（${p.count}）` },
  "doctor.report.section": { en: (p) => `${p.label}:`, zh: (p) => `${p.label}：` },
  "doctor.report.errors": { en: () => "Errors", zh: () => "错误" },
  "doctor.report.warnings": { en: () => "Warnings", zh: () => "警告" },
  "doctor.report.info": { en: () => "Notes", zh: () => "提示" },
  "doctor.report.evidence": { en: () => "evidence", zh: () => "证据" },
  "doctor.report.fix": { en: () => "fix", zh: () => "解决方法" },
  "doctor.report.sameOn": {
    en: (p) => `the same on ${p.count} more: ${p.objects}`,
    zh: (p) => `另有 ${p.count} 个对象情况相同：${p.objects}`,
  },
  "doctor.report.andMore": {
    en: (p) => ` and ${p.count} more`,
    zh: (p) => ` 等，另外还有 ${p.count} 个`,
  },
  "doctor.report.healthy": {
    en: (p) => `No problems found${Number(p.info) > 0 ? ` (${plural(p.info, "note")} above)` : ""}.`,
    zh: (p) => `未发现问题${Number(p.info) > 0 ? `（上方有 ${p.info} 条提示）` : ""}。`,
  },
  "doctor.report.summary": {
    en: (p) => `${plural(p.errors, "error")}, ${plural(p.warnings, "warning")}, ${plural(p.info, "note")}.`,
    zh: (p) => `${p.errors} 个错误，${p.warnings} 个警告，${p.info} 条提示。`,
  },
  "doctor.nodes.heading": {
    en: (p) => `=== node ${p.node} (${p.address}) ===`,
    zh: (p) => `=== 节点 ${p.node}（${p.address}）===`,
  },
  "doctor.nodes.host": {
    en: (p) => `node: checked (${p.role})`,
    zh: (p) => `节点：已检查（${p.role}）`,
  },
  "doctor.nodes.noCluster": {
    en: () => "cluster: not checked on other nodes (plain kadm-wizard doctor checks it, with --kubeconfig)",
    zh: () =>
      "集群：检查其他节点时不检查集群（请不带 --inventory/--node 运行 kadm-wizard doctor，可加 --kubeconfig）",
  },
  "doctor.nodes.allHealthy": {
    en: (p) => `${plural(p.count, "node")} checked: no problems on any.`,
    zh: (p) => `已检查 ${p.count} 个节点：均未发现问题。`,
  },
  "doctor.nodes.summary": {
    en: (p) => `${plural(p.count, "node")} checked: problems on ${p.bad} (${p.names}).`,
    zh: (p) => `已检查 ${p.count} 个节点：其中 ${p.bad} 个有问题（${p.names}）。`,
  },
  "doctor.nodes.dryRun": {
    en: (p) =>
      `would check ${plural(p.count, "node")} over SSH (host checks only; nothing is connected to now):`,
    zh: (p) => `将通过 SSH 检查 ${p.count} 个节点（仅主机检查；现在不会连接任何主机）：`,
  },
  "doctor.sshFailed.title": {
    en: () => "the node could not be checked over SSH",
    zh: () => "无法通过 SSH 检查该节点",
  },
  "doctor.sshFailed.fix": {
    en: (p) => `# the evidence says why; check that this works, then run doctor again\n${p.command}`,
    zh: (p) => `# 原因见证据；请确认下面的命令可以执行，然后重新运行 doctor\n${p.command}`,
  },
  "doctor.cli.clusterOnlyNodes": {
    en: (p) => `--cluster-only cannot be used with ${p.flag}: other nodes get host checks only.`,
    zh: (p) => `--cluster-only 不能与 ${p.flag} 同时使用：对其他节点只做主机检查。`,
  },
  "doctor.cli.clusterOnlyNodesHint": {
    en: () => "drop --cluster-only, or run kadm-wizard doctor --cluster-only without --inventory/--node",
    zh: () => "请去掉 --cluster-only，或不带 --inventory/--node 运行 kadm-wizard doctor --cluster-only",
  },
  "doctor.cli.unknownNode": {
    en: (p) => `--node ${p.node}: no host with that id or address in ${p.file}.`,
    zh: (p) => `--node ${p.node}：${p.file} 中没有这个 id 或地址的主机。`,
  },
  "doctor.cli.unknownNodeHint": {
    en: (p) => `pass one of: ${p.known}`,
    zh: (p) => `请传入以下之一：${p.known}`,
  },
  "doctor.checkFailed.title": {
    en: (p) => `check "${p.check}" could not run`,
    zh: (p) => `检查项 "${p.check}" 无法执行`,
  },
  "doctor.checkFailed.fix": {
    en: () =>
      "# run as root on the node, with an admin kubeconfig (RBAC), then run doctor again\nkadm-wizard doctor --verbose",
    zh: () => "# 请以 root 身份在节点上、使用管理员 kubeconfig（RBAC）重新运行\nkadm-wizard doctor --verbose",
  },
  // --- API access
  "doctor.api.unreachable.title": {
    en: (p) => `the API server ${p.server} does not answer`,
    zh: (p) => `API Server ${p.server} 无响应`,
  },
  "doctor.api.unreachable.fix": {
    en: () =>
      "# on a control-plane node:\nsystemctl status kubelet\ncrictl ps -a --name kube-apiserver\ncrictl logs $(crictl ps -a -q --name kube-apiserver | head -n 1)\nkadm-wizard doctor --host-only",
    zh: () =>
      "# 在控制平面节点上：\nsystemctl status kubelet\ncrictl ps -a --name kube-apiserver\ncrictl logs $(crictl ps -a -q --name kube-apiserver | head -n 1)\nkadm-wizard doctor --host-only",
  },
  "doctor.api.certExpired.title": {
    en: (p) => `a certificate used to talk to ${p.server} has expired`,
    zh: (p) => `与 ${p.server} 通信所用的证书已过期`,
  },
  "doctor.api.stale.title": {
    en: (p) => `the kubeconfig ${p.source} does not belong to this cluster (stale after kubeadm reset/init?)`,
    zh: (p) => `kubeconfig ${p.source} 不属于当前集群（kubeadm reset/init 后未更新？）`,
  },
  "doctor.api.stale.fix": {
    en: () =>
      "# copy the fresh admin kubeconfig from the control-plane node:\nmkdir -p $HOME/.kube\nsudo cp /etc/kubernetes/admin.conf $HOME/.kube/config\nsudo chown $(id -u):$(id -g) $HOME/.kube/config",
    zh: () =>
      "# 从控制平面节点复制新的管理员 kubeconfig：\nmkdir -p $HOME/.kube\nsudo cp /etc/kubernetes/admin.conf $HOME/.kube/config\nsudo chown $(id -u):$(id -g) $HOME/.kube/config",
  },
  // --- certificates
  "doctor.cert.expired.title": {
    en: (p) => `certificate ${p.source} expired on ${p.date} (${p.days} days ago)`,
    zh: (p) => `证书 ${p.source} 已于 ${p.date} 过期（${p.days} 天前）`,
  },
  "doctor.cert.expiring.title": {
    en: (p) => `certificate ${p.source} expires on ${p.date} (in ${p.days} days)`,
    zh: (p) => `证书 ${p.source} 将于 ${p.date} 过期（${p.days} 天后）`,
  },
  "doctor.cert.fix": {
    en: () =>
      "kubeadm certs check-expiration\nkubeadm certs renew all\n# restart the control-plane static pods so they load the new certificates:\nmkdir -p /tmp/manifests && mv /etc/kubernetes/manifests/*.yaml /tmp/manifests/ && sleep 20 && mv /tmp/manifests/*.yaml /etc/kubernetes/manifests/\ncp /etc/kubernetes/admin.conf $HOME/.kube/config",
    zh: () =>
      "kubeadm certs check-expiration\nkubeadm certs renew all\n# 重启控制平面静态 Pod 以加载新证书：\nmkdir -p /tmp/manifests && mv /etc/kubernetes/manifests/*.yaml /tmp/manifests/ && sleep 20 && mv /tmp/manifests/*.yaml /etc/kubernetes/manifests/\ncp /etc/kubernetes/admin.conf $HOME/.kube/config",
  },
  "doctor.cert.fixCa": {
    en: () =>
      "# a CA certificate: `kubeadm certs renew` does not renew CAs; follow the manual CA rotation:\n# https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/\nkubeadm certs check-expiration",
    zh: () =>
      "# 这是 CA 证书：`kubeadm certs renew` 不会续期 CA，请按手动轮换 CA 的文档操作：\n# https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/\nkubeadm certs check-expiration",
  },
  // --- host
  "doctor.host.runtimeInactive.title": {
    en: (p) => `the container runtime ${p.unit} is not running (${p.state})`,
    zh: (p) => `容器运行时 ${p.unit} 未运行（${p.state}）`,
  },
  "doctor.host.runtimeInactive.fix": {
    en: (p) => `systemctl enable --now ${p.unit}\njournalctl -u ${p.unit} -n 50 --no-pager`,
    zh: (p) => `systemctl enable --now ${p.unit}\njournalctl -u ${p.unit} -n 50 --no-pager`,
  },
  "doctor.host.kubeletInactive.title": {
    en: (p) => `the kubelet is not running (${p.state}); its last errors are below`,
    zh: (p) => `kubelet 未运行（${p.state}）；最近的错误见下`,
  },
  "doctor.host.kubeletInactive.fix": {
    en: () =>
      "systemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50\nsystemctl enable --now kubelet",
    zh: () =>
      "systemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50\nsystemctl enable --now kubelet",
  },
  "doctor.host.kubeletWaiting.title": {
    en: (p) =>
      `the kubelet restarts (${p.state}) until kubeadm init or join writes its configuration: expected on a fresh host`,
    zh: (p) => `kubelet 会不断重启（${p.state}），直到 kubeadm init 或 join 写入其配置：在新主机上属正常现象`,
  },
  "doctor.host.kubeletWaiting.fix": {
    en: () =>
      "# nothing to do before init/join; set up the node with:\nkadm-wizard init    # or: kadm-wizard join ...",
    zh: () =>
      "# init/join 之前无需处理；可用以下命令部署节点：\nkadm-wizard init    # 或：kadm-wizard join ...",
  },
  "doctor.host.sandbox.title": {
    en: (p) => `containerd's sandbox image is ${p.actual}, kubeadm expects ${p.expected}`,
    zh: (p) => `containerd 的沙箱镜像为 ${p.actual}，而 kubeadm 期望 ${p.expected}`,
  },
  "doctor.host.sandbox.titleUnreachable": {
    en: (p) =>
      `containerd's sandbox image is ${p.actual}, unreachable from here (with profile ${p.profile}, ${p.registry} is only reached through a mirror, and containerd has none for it); kubeadm expects ${p.expected}`,
    zh: (p) =>
      `containerd 的沙箱镜像为 ${p.actual}，从本机无法拉取（使用 ${p.profile} 配置时 ${p.registry} 只能通过镜像加速访问，而 containerd 没有为它配置镜像）；kubeadm 期望 ${p.expected}`,
  },
  "doctor.host.sandbox.fix2": {
    en: (p) =>
      `kadm-wizard prepare    # writes it, or by hand in /etc/containerd/config.toml:\n# [plugins."io.containerd.grpc.v1.cri"]\n#   sandbox_image = "${p.expected}"\nsystemctl restart containerd`,
    zh: (p) =>
      `kadm-wizard prepare    # 自动写入；或手动修改 /etc/containerd/config.toml：\n# [plugins."io.containerd.grpc.v1.cri"]\n#   sandbox_image = "${p.expected}"\nsystemctl restart containerd`,
  },
  "doctor.host.sandbox.fix3": {
    en: (p) =>
      `kadm-wizard prepare    # writes it, or by hand in /etc/containerd/config.toml:\n# [plugins.'io.containerd.cri.v1.images'.pinned_images]\n#   sandbox = '${p.expected}'\nsystemctl restart containerd`,
    zh: (p) =>
      `kadm-wizard prepare    # 自动写入；或手动修改 /etc/containerd/config.toml：\n# [plugins.'io.containerd.cri.v1.images'.pinned_images]\n#   sandbox = '${p.expected}'\nsystemctl restart containerd`,
  },
  "doctor.host.cniConfig.title": {
    en: () => "no CNI configuration in /etc/cni/net.d: the node stays NotReady and pods get no network",
    zh: () => "/etc/cni/net.d 中没有 CNI 配置：节点将保持 NotReady，Pod 无法获得网络",
  },
  "doctor.host.cniConfig.fixControlPlane": {
    en: () => "kadm-wizard cni apply\nkubectl get pods -A -o wide | grep -E 'flannel|calico'",
    zh: () => "kadm-wizard cni apply\nkubectl get pods -A -o wide | grep -E 'flannel|calico'",
  },
  "doctor.host.cniConfig.fixWorker": {
    en: () =>
      "# the CNI pod on this node writes the file; see why it does not run (on the control plane):\nkubectl get pods -A -o wide --field-selector spec.nodeName=$(hostname) | grep -E 'flannel|calico'",
    zh: () =>
      "# 该文件由本节点上的 CNI Pod 写入；请在控制平面上查看它为何未运行：\nkubectl get pods -A -o wide --field-selector spec.nodeName=$(hostname) | grep -E 'flannel|calico'",
  },
  "doctor.host.adminConf.title": {
    en: () => "this control-plane node has no /etc/kubernetes/admin.conf",
    zh: () => "此控制平面节点缺少 /etc/kubernetes/admin.conf",
  },
  "doctor.host.adminConf.fix": {
    en: () => "kubeadm init phase kubeconfig admin\nexport KUBECONFIG=/etc/kubernetes/admin.conf",
    zh: () => "kubeadm init phase kubeconfig admin\nexport KUBECONFIG=/etc/kubernetes/admin.conf",
  },
  "doctor.host.portClosed.title": {
    en: (p) => `${p.component} does not listen on port ${p.port}`,
    zh: (p) => `${p.component} 未监听端口 ${p.port}`,
  },
  "doctor.host.portClosed.fix": {
    en: (p) =>
      `crictl ps -a --name ${p.component}\ncrictl logs $(crictl ps -a -q --name ${p.component} | head -n 1)\nls -l /etc/kubernetes/manifests/`,
    zh: (p) =>
      `crictl ps -a --name ${p.component}\ncrictl logs $(crictl ps -a -q --name ${p.component} | head -n 1)\nls -l /etc/kubernetes/manifests/`,
  },
  "doctor.host.portClosed.fixKubelet": {
    en: () => "systemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50",
    zh: () => "systemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50",
  },
  "doctor.controlplane.title": {
    en: (p) => `${p.component} is not healthy (its /healthz does not answer "ok")`,
    zh: (p) => `${p.component} 不健康（其 /healthz 未返回 "ok"）`,
  },
  "doctor.controlplane.fix": {
    en: (p) =>
      `crictl ps -a --name ${p.component}\ncrictl logs $(crictl ps -a -q --name ${p.component} | head -n 1)\n# note: \`kubectl get componentstatuses\` is deprecated and shows false errors; do not rely on it`,
    zh: (p) =>
      `crictl ps -a --name ${p.component}\ncrictl logs $(crictl ps -a -q --name ${p.component} | head -n 1)\n# 注意：\`kubectl get componentstatuses\` 已弃用且会误报，请勿依赖`,
  },
  // --- nodes
  "doctor.node.cni.title": {
    en: (p) => `node ${p.node} is NotReady: the pod network (CNI) is not initialised`,
    zh: (p) => `节点 ${p.node} 为 NotReady：Pod 网络（CNI）未初始化`,
  },
  "doctor.node.cni.fix": {
    en: (p) =>
      `kadm-wizard cni apply    # if no CNI is installed yet\nkubectl get pods -A -o wide --field-selector spec.nodeName=${p.node}\n# on ${p.node}:\nls /etc/cni/net.d /opt/cni/bin`,
    zh: (p) =>
      `kadm-wizard cni apply    # 如果尚未安装 CNI\nkubectl get pods -A -o wide --field-selector spec.nodeName=${p.node}\n# 在 ${p.node} 上：\nls /etc/cni/net.d /opt/cni/bin`,
  },
  "doctor.node.kubeletStopped.title": {
    en: (p) => `node ${p.node}: the kubelet stopped posting status (last heard ${p.since})`,
    zh: (p) => `节点 ${p.node}：kubelet 已停止上报状态（最后一次为 ${p.since}）`,
  },
  "doctor.node.kubeletStopped.fix": {
    en: (p) =>
      `# on ${p.node}:\nsystemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50\nkadm-wizard doctor --host-only`,
    zh: (p) =>
      `# 在 ${p.node} 上：\nsystemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50\nkadm-wizard doctor --host-only`,
  },
  "doctor.node.runtime.title": {
    en: (p) => `node ${p.node} is NotReady: the container runtime is not ready`,
    zh: (p) => `节点 ${p.node} 为 NotReady：容器运行时未就绪`,
  },
  "doctor.node.runtime.fix": {
    en: (p) =>
      `# on ${p.node}:\nsystemctl status containerd\ncrictl info | head -n 40\njournalctl -u containerd -n 50 --no-pager`,
    zh: (p) =>
      `# 在 ${p.node} 上：\nsystemctl status containerd\ncrictl info | head -n 40\njournalctl -u containerd -n 50 --no-pager`,
  },
  "doctor.node.notReady.title": {
    en: (p) => `node ${p.node} is NotReady`,
    zh: (p) => `节点 ${p.node} 为 NotReady`,
  },
  "doctor.node.notReady.fix": {
    en: (p) => `kubectl describe node ${p.node}\n# on ${p.node}:\nkadm-wizard doctor --host-only`,
    zh: (p) => `kubectl describe node ${p.node}\n# 在 ${p.node} 上：\nkadm-wizard doctor --host-only`,
  },
  "doctor.node.pressure.title": {
    en: (p) => `node ${p.node} reports ${p.pressure}: the kubelet evicts pods and refuses new ones`,
    zh: (p) => `节点 ${p.node} 报告 ${p.pressure}：kubelet 会驱逐 Pod 并拒绝新的 Pod`,
  },
  "doctor.node.pressure.fixMemory": {
    en: (p) => `# on ${p.node}:\nfree -m\nkubectl top pods -A --sort-by=memory`,
    zh: (p) => `# 在 ${p.node} 上：\nfree -m\nkubectl top pods -A --sort-by=memory`,
  },
  "doctor.node.pressure.fixDisk": {
    en: (p) => `# on ${p.node}:\ndf -h /var/lib/kubelet /var/lib/containerd\ncrictl rmi --prune`,
    zh: (p) => `# 在 ${p.node} 上：\ndf -h /var/lib/kubelet /var/lib/containerd\ncrictl rmi --prune`,
  },
  "doctor.node.pressure.fixPid": {
    en: (p) => `# on ${p.node}:\nps -eLf | wc -l\ncat /proc/sys/kernel/pid_max`,
    zh: (p) => `# 在 ${p.node} 上：\nps -eLf | wc -l\ncat /proc/sys/kernel/pid_max`,
  },
  // --- image pulls
  "doctor.pull.unreachable.title": {
    en: (p) => `cannot pull ${p.image}: ${p.registry} is unreachable from the node`,
    zh: (p) => `无法拉取 ${p.image}：节点无法访问 ${p.registry}`,
  },
  "doctor.pull.unreachable.fixMirror": {
    en: (p) =>
      `# on ${p.node}, check the mirror has it:\ncrictl pull ${p.mirrorImage}\n# then let containerd use the mirror for ${p.registry} (writes /etc/containerd/certs.d/${p.registry}/hosts.toml):\nkadm-wizard prepare\n# or re-apply the CNI with its images rewritten:\nkadm-wizard cni apply --image-mirror ${p.registry}=${p.prefix}`,
    zh: (p) =>
      `# 在 ${p.node} 上确认镜像站有该镜像：\ncrictl pull ${p.mirrorImage}\n# 然后让 containerd 通过镜像站访问 ${p.registry}（写入 /etc/containerd/certs.d/${p.registry}/hosts.toml）：\nkadm-wizard prepare\n# 或改写镜像地址后重新安装 CNI：\nkadm-wizard cni apply --image-mirror ${p.registry}=${p.prefix}`,
  },
  "doctor.pull.unreachable.fixKubeadm": {
    en: (p) =>
      `# kubeadm's images: use a reachable image repository, e.g. ${p.repo}\nkadm-wizard images check --image-repository ${p.repo}\n# or on ${p.node}, through the mirror:\ncrictl pull ${p.mirrorImage}`,
    zh: (p) =>
      `# kubeadm 的镜像：请使用可访问的镜像仓库，例如 ${p.repo}\nkadm-wizard images check --image-repository ${p.repo}\n# 或在 ${p.node} 上通过镜像站拉取：\ncrictl pull ${p.mirrorImage}`,
  },
  "doctor.pull.unreachable.fix": {
    en: (p) =>
      `# on ${p.node}: check DNS, proxy and firewall for ${p.registry}\ncrictl pull ${p.image}\n# or configure a mirror for ${p.registry} in /etc/containerd/certs.d/${p.registry}/hosts.toml`,
    zh: (p) =>
      `# 在 ${p.node} 上检查访问 ${p.registry} 的 DNS、代理和防火墙\ncrictl pull ${p.image}\n# 或在 /etc/containerd/certs.d/${p.registry}/hosts.toml 中为 ${p.registry} 配置镜像站`,
  },
  "doctor.pull.notFound.title": {
    en: (p) =>
      `cannot pull ${p.image}: the tag is not on ${p.registry} (wrong name, or a mirror not synced yet)`,
    zh: (p) => `无法拉取 ${p.image}：${p.registry} 上没有该标签（名称错误，或镜像站尚未同步）`,
  },
  "doctor.pull.notFound.fix": {
    en: (p) =>
      `kadm-wizard images check${p.version ? ` --k8s-version ${p.version}` : ""}\n# compare the tag with the pinned version; fix the image name or pick another mirror:\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].image}'`,
    zh: (p) =>
      `kadm-wizard images check${p.version ? ` --k8s-version ${p.version}` : ""}\n# 将标签与固定的版本对比；修正镜像名或换一个镜像站：\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].image}'`,
  },
  "doctor.pull.unauthorized.title": {
    en: (p) =>
      `cannot pull ${p.image}: ${p.registry} refused access (private, or the repository does not exist)`,
    zh: (p) => `无法拉取 ${p.image}：${p.registry} 拒绝访问（私有仓库，或该仓库不存在）`,
  },
  "doctor.pull.unauthorized.fix": {
    en: (p) =>
      `# check the repository name; for a private registry add credentials:\nkubectl -n ${p.namespace} create secret docker-registry regcred --docker-server=${p.registry} --docker-username=USER --docker-password=PASSWORD\n# and reference it as imagePullSecrets in the pod's service account or spec`,
    zh: (p) =>
      `# 检查仓库名称；私有仓库需要添加凭据：\nkubectl -n ${p.namespace} create secret docker-registry regcred --docker-server=${p.registry} --docker-username=USER --docker-password=PASSWORD\n# 并在 Pod 的 ServiceAccount 或 spec 中通过 imagePullSecrets 引用`,
  },
  "doctor.pull.tls.title": {
    en: (p) => `cannot pull ${p.image}: the TLS certificate of ${p.registry} is not trusted`,
    zh: (p) => `无法拉取 ${p.image}：${p.registry} 的 TLS 证书不受信任`,
  },
  "doctor.pull.tls.fix": {
    en: (p) =>
      `# on ${p.node}: trust the registry's CA for containerd
mkdir -p /etc/containerd/certs.d/${p.registry}
cp ca.crt /etc/containerd/certs.d/${p.registry}/ca.crt
# and in /etc/containerd/certs.d/${p.registry}/hosts.toml: ca = "/etc/containerd/certs.d/${p.registry}/ca.crt"
crictl pull ${p.image}`,
    zh: (p) =>
      `# 在 ${p.node} 上让 containerd 信任该仓库的 CA
mkdir -p /etc/containerd/certs.d/${p.registry}
cp ca.crt /etc/containerd/certs.d/${p.registry}/ca.crt
# 并在 /etc/containerd/certs.d/${p.registry}/hosts.toml 中设置：ca = "/etc/containerd/certs.d/${p.registry}/ca.crt"
crictl pull ${p.image}`,
  },
  "doctor.pull.backoff.title": {
    en: (p) => `cannot pull ${p.image} (ImagePullBackOff; the events no longer say why)`,
    zh: (p) => `无法拉取 ${p.image}（ImagePullBackOff；事件中已没有具体原因）`,
  },
  "doctor.pull.backoff.fix": {
    en: (p) =>
      `# on ${p.node}, the pull error comes back verbatim:\ncrictl pull ${p.image}\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
    zh: (p) =>
      `# 在 ${p.node} 上可看到原始的拉取错误：\ncrictl pull ${p.image}\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
  },
  // --- sandboxes
  "doctor.sandbox.pause.title": {
    en: (p) => `pods on ${p.node} cannot start: containerd cannot pull its sandbox image ${p.image}`,
    zh: (p) => `${p.node} 上的 Pod 无法启动：containerd 无法拉取沙箱镜像 ${p.image}`,
  },
  "doctor.sandbox.pause.titleNoImage": {
    en: (p) => `pods on ${p.node} cannot start: containerd cannot pull its sandbox (pause) image`,
    zh: (p) => `${p.node} 上的 Pod 无法启动：containerd 无法拉取沙箱（pause）镜像`,
  },
  "doctor.sandbox.pause.fix": {
    en: (p) =>
      `# on ${p.node}: point containerd's sandbox image at ${p.expected}\nkadm-wizard prepare\nkadm-wizard doctor --host-only`,
    zh: (p) =>
      `# 在 ${p.node} 上：将 containerd 的沙箱镜像改为 ${p.expected}\nkadm-wizard prepare\nkadm-wizard doctor --host-only`,
  },
  "doctor.sandbox.network.title": {
    en: (p) => `pods on ${p.node} cannot start: the CNI fails to set up their network`,
    zh: (p) => `${p.node} 上的 Pod 无法启动：CNI 无法为其配置网络`,
  },
  "doctor.sandbox.network.fix": {
    en: (p) =>
      `kubectl get pods -A -o wide --field-selector spec.nodeName=${p.node} | grep -E 'flannel|calico'\n# on ${p.node}:\nls /etc/cni/net.d /opt/cni/bin /run/flannel 2>&1`,
    zh: (p) =>
      `kubectl get pods -A -o wide --field-selector spec.nodeName=${p.node} | grep -E 'flannel|calico'\n# 在 ${p.node} 上：\nls /etc/cni/net.d /opt/cni/bin /run/flannel 2>&1`,
  },
  "doctor.sandbox.other.title": {
    en: (p) => `a pod sandbox cannot be created on ${p.node}`,
    zh: (p) => `无法在 ${p.node} 上创建 Pod 沙箱`,
  },
  "doctor.sandbox.other.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}\n# on ${p.node}:\njournalctl -u containerd -n 50 --no-pager`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}\n# 在 ${p.node} 上：\njournalctl -u containerd -n 50 --no-pager`,
  },
  // --- crash loops
  "doctor.crashloop.title": {
    en: (p) =>
      `container ${p.container} keeps crashing (${p.restarts} restarts, last: ${p.reason}, exit code ${p.exitCode})`,
    zh: (p) =>
      `容器 ${p.container} 反复崩溃（已重启 ${p.restarts} 次，最近一次：${p.reason}，退出码 ${p.exitCode}）`,
  },
  "doctor.crashloop.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} logs ${p.pod} -c ${p.container} --previous\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
    zh: (p) =>
      `kubectl -n ${p.namespace} logs ${p.pod} -c ${p.container} --previous\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
  },
  "doctor.crashloop.fixOom": {
    en: (p) =>
      `# killed for memory: raise the container's memory limit\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].resources}'\nkubectl -n ${p.namespace} logs ${p.pod} -c ${p.container} --previous`,
    zh: (p) =>
      `# 因内存不足被杀：请提高容器的内存限制\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].resources}'\nkubectl -n ${p.namespace} logs ${p.pod} -c ${p.container} --previous`,
  },
  // --- scheduling
  "doctor.unschedulable.title.no-nodes": {
    en: (_p) => `pod cannot be scheduled: no node is registered`,
    zh: (_p) => `Pod 无法被调度：没有已注册的节点`,
  },
  "doctor.unschedulable.title.nodes-not-ready": {
    en: (_p) => `pod cannot be scheduled: the nodes are NotReady (not-ready taint)`,
    zh: (_p) => `Pod 无法被调度：节点为 NotReady（带 not-ready 污点）`,
  },
  "doctor.unschedulable.title.control-plane-taint": {
    en: (_p) => `pod cannot be scheduled: only control-plane nodes, which are tainted`,
    zh: (_p) => `Pod 无法被调度：只有带污点的控制平面节点`,
  },
  "doctor.unschedulable.title.insufficient": {
    en: (p) => `pod cannot be scheduled: not enough ${p.resources} on any node`,
    zh: (p) => `Pod 无法被调度：所有节点的 ${p.resources} 都不足`,
  },
  "doctor.unschedulable.title.selector": {
    en: (_p) => `pod cannot be scheduled: no node matches its node selector or affinity`,
    zh: (_p) => `Pod 无法被调度：没有节点符合其节点选择器或亲和性`,
  },
  "doctor.unschedulable.title.volume": {
    en: (_p) => `pod cannot be scheduled: its volume cannot be bound`,
    zh: (_p) => `Pod 无法被调度：其存储卷无法绑定`,
  },
  "doctor.unschedulable.title.ports": {
    en: (_p) => `pod cannot be scheduled: the host port it needs is taken on every node`,
    zh: (_p) => `Pod 无法被调度：它需要的主机端口在所有节点上都已被占用`,
  },
  "doctor.unschedulable.title.taint": {
    en: (_p) => `pod cannot be scheduled: the nodes carry taints it does not tolerate`,
    zh: (_p) => `Pod 无法被调度：节点带有它不容忍的污点`,
  },
  "doctor.unschedulable.title.other": {
    en: (_p) => `pod cannot be scheduled (the scheduler's message is below)`,
    zh: (_p) => `Pod 无法被调度（调度器的消息见下方）`,
  },
  "doctor.unschedulable.fixNoNodes": {
    en: () =>
      "# no node is registered: join one\nkadm-wizard token    # prints the join command\nkubectl get nodes",
    zh: () => "# 没有已注册的节点：请加入节点\nkadm-wizard token    # 打印 join 命令\nkubectl get nodes",
  },
  "doctor.unschedulable.fixNotReady": {
    en: () =>
      "# the nodes are NotReady (usually no CNI yet): see the node findings\nkubectl get nodes\nkadm-wizard cni apply",
    zh: () =>
      "# 节点为 NotReady（通常是尚未安装 CNI）：见节点相关的诊断\nkubectl get nodes\nkadm-wizard cni apply",
  },
  "doctor.unschedulable.fixControlPlane": {
    en: () =>
      "# only control-plane nodes, which are tainted: join a worker (kadm-wizard token), or on a single-node cluster:\nkubectl taint nodes --all node-role.kubernetes.io/control-plane-",
    zh: () =>
      "# 只有带污点的控制平面节点：请加入工作节点（kadm-wizard token），单节点集群可执行：\nkubectl taint nodes --all node-role.kubernetes.io/control-plane-",
  },
  "doctor.unschedulable.fixInsufficient": {
    en: (p) =>
      `# not enough ${p.resources} on any node: lower the pod's requests or add nodes\nkubectl describe nodes | grep -A 8 'Allocated resources'\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].resources.requests}'`,
    zh: (p) =>
      `# 所有节点的 ${p.resources} 都不足：请降低 Pod 的 requests 或增加节点\nkubectl describe nodes | grep -A 8 'Allocated resources'\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].resources.requests}'`,
  },
  "doctor.unschedulable.fixSelector": {
    en: (p) =>
      `# no node has the labels the pod asks for\nkubectl get nodes --show-labels\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.nodeSelector} {.spec.affinity}'`,
    zh: (p) =>
      `# 没有节点具有 Pod 要求的标签\nkubectl get nodes --show-labels\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.nodeSelector} {.spec.affinity}'`,
  },
  "doctor.unschedulable.fixVolume": {
    en: (p) =>
      `# its volume cannot be bound (no StorageClass or PersistentVolume?)\nkubectl -n ${p.namespace} get pvc\nkubectl get storageclass`,
    zh: (p) =>
      `# 其存储卷无法绑定（没有 StorageClass 或 PersistentVolume？）\nkubectl -n ${p.namespace} get pvc\nkubectl get storageclass`,
  },
  "doctor.unschedulable.fixPorts": {
    en: (p) =>
      `# the host port it asks for is taken on every node\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].ports}'`,
    zh: (p) =>
      `# 它需要的主机端口在所有节点上都已被占用\nkubectl -n ${p.namespace} get pod ${p.pod} -o jsonpath='{.spec.containers[*].ports}'`,
  },
  "doctor.unschedulable.fixTaint": {
    en: (p) =>
      `# the nodes carry taints the pod does not tolerate\nkubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
    zh: (p) =>
      `# 节点带有 Pod 不容忍的污点\nkubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
  },
  "doctor.unschedulable.fixOther": {
    en: (p) => `kubectl -n ${p.namespace} describe pod ${p.pod}`,
    zh: (p) => `kubectl -n ${p.namespace} describe pod ${p.pod}`,
  },
  "doctor.coredns.noCni.title": {
    en: () => "CoreDNS is Pending because no pod network (CNI) is installed yet",
    zh: () => "CoreDNS 处于 Pending，因为尚未安装 Pod 网络（CNI）",
  },
  "doctor.coredns.noCni.fix": {
    en: () => "kadm-wizard cni apply\nkadm-wizard wait",
    zh: () => "kadm-wizard cni apply\nkadm-wizard wait",
  },
  // --- issue 15: new findings and title variants
  "doctor.pull.secretMissing.title": {
    en: (p) => `cannot pull ${p.image}: the image pull secret ${p.secrets} does not exist`,
    zh: (p) => `无法拉取 ${p.image}：镜像拉取凭据 ${p.secrets} 不存在`,
  },
  "doctor.pull.secretMissing.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} create secret docker-registry ${p.secret} --docker-server=${p.registry} --docker-username=USER --docker-password=PASSWORD\nkubectl -n ${p.namespace} delete pod ${p.pod}    # pulls again with the secret`,
    zh: (p) =>
      `kubectl -n ${p.namespace} create secret docker-registry ${p.secret} --docker-server=${p.registry} --docker-username=USER --docker-password=PASSWORD\nkubectl -n ${p.namespace} delete pod ${p.pod}    # 使用该凭据重新拉取`,
  },
  "doctor.crashloop.titleNoLast": {
    en: (p) => `container ${p.container} keeps crashing (${p.restarts} restarts)`,
    zh: (p) => `容器 ${p.container} 反复崩溃（已重启 ${p.restarts} 次）`,
  },
  "doctor.pod.notReady.probe": {
    en: (p) => `pod is not ready: its readiness probe fails (${p.count} times)`,
    zh: (p) => `Pod 未就绪：就绪探针失败（${p.count} 次）`,
  },
  "doctor.pod.notReady.waiting": {
    en: (p) => `pod is not ready: container ${p.container} is still ${p.reason}`,
    zh: (p) => `Pod 未就绪：容器 ${p.container} 仍处于 ${p.reason}`,
  },
  "doctor.pod.notReady.phase": {
    en: (p) => `pod is not ready (phase ${p.phase})`,
    zh: (p) => `Pod 未就绪（阶段 ${p.phase}）`,
  },
  "doctor.pod.notReady.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}\nkubectl -n ${p.namespace} logs ${p.pod}${p.container ? ` -c ${p.container}` : ""}`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}\nkubectl -n ${p.namespace} logs ${p.pod}${p.container ? ` -c ${p.container}` : ""}`,
  },
  "doctor.pod.stuckCreating.title": {
    en: (p) =>
      `container ${p.container} has been ${p.reason} for ${p.minutes} min: its sandbox, network or volumes never got ready`,
    zh: (p) => `容器 ${p.container} 已处于 ${p.reason} ${p.minutes} 分钟：其沙箱、网络或卷一直未就绪`,
  },
  "doctor.pod.stuckCreating.titleNoAge": {
    en: (p) =>
      `container ${p.container} is stuck in ${p.reason}: its sandbox, network or volumes never got ready`,
    zh: (p) => `容器 ${p.container} 卡在 ${p.reason}：其沙箱、网络或卷一直未就绪`,
  },
  "doctor.pod.stuckCreating.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}    # events: FailedCreatePodSandBox (CNI), FailedMount / FailedAttachVolume (volumes)\nkubectl get events -n ${p.namespace} --field-selector involvedObject.name=${p.pod}\n# on ${p.node}: is the sandbox there, and what does the kubelet say?\ncrictl pods --name ${p.pod}\njournalctl -u kubelet --since -10m | grep ${p.pod}`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}    # 事件：FailedCreatePodSandBox（CNI）、FailedMount / FailedAttachVolume（卷）\nkubectl get events -n ${p.namespace} --field-selector involvedObject.name=${p.pod}\n# 在 ${p.node} 上：沙箱是否存在，kubelet 日志说了什么？\ncrictl pods --name ${p.pod}\njournalctl -u kubelet --since -10m | grep ${p.pod}`,
  },
  "doctor.pod.stuckCreating.fixNoNode": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}    # events: FailedCreatePodSandBox (CNI), FailedMount / FailedAttachVolume (volumes)\nkubectl get events -n ${p.namespace} --field-selector involvedObject.name=${p.pod}`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}    # 事件：FailedCreatePodSandBox（CNI）、FailedMount / FailedAttachVolume（卷）\nkubectl get events -n ${p.namespace} --field-selector involvedObject.name=${p.pod}`,
  },
  "doctor.pod.containerError.title": {
    en: (p) => `container ${p.container} cannot start: ${p.reason}`,
    zh: (p) => `容器 ${p.container} 无法启动：${p.reason}`,
  },
  "doctor.pod.containerError.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}\n# the message above says what to change in the pod spec`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe pod ${p.pod}\n# 上面的消息说明了需要修改 Pod spec 的哪一处`,
  },
  "doctor.pod.containerError.fixConfig": {
    en: (p) =>
      `# a ConfigMap or Secret it refers to is missing (named in the message above)\nkubectl -n ${p.namespace} get configmap,secret\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
    zh: (p) =>
      `# 它引用的 ConfigMap 或 Secret 不存在（名称见上面的消息）\nkubectl -n ${p.namespace} get configmap,secret\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
  },
  "doctor.pod.evicted.title": {
    en: (p) => `pod was evicted from ${p.node} (the node ran short of a resource)`,
    zh: (p) => `Pod 已被从 ${p.node} 驱逐（节点资源不足）`,
  },
  "doctor.pod.evicted.titleNoNode": {
    en: () => "pod was evicted (its node ran short of a resource)",
    zh: () => "Pod 已被驱逐（所在节点资源不足）",
  },
  "doctor.pod.evicted.fix": {
    en: (p) =>
      `${p.node ? `kubectl describe node ${p.node} | grep -A 8 Conditions\n` : ""}kubectl -n ${p.namespace} delete pod ${p.pod}    # its controller makes a new one`,
    zh: (p) =>
      `${p.node ? `kubectl describe node ${p.node} | grep -A 8 Conditions\n` : ""}kubectl -n ${p.namespace} delete pod ${p.pod}    # 其控制器会重新创建`,
  },
  "doctor.pod.failed.title": {
    en: (p) => `pod failed: containers exited with ${p.codes}`,
    zh: (p) => `Pod 失败：容器退出码为 ${p.codes}`,
  },
  "doctor.pod.failed.titleNoCode": {
    en: () => "pod failed (the reason is below)",
    zh: () => "Pod 失败（原因见下方）",
  },
  "doctor.pod.failed.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} logs ${p.pod}${p.container ? ` -c ${p.container}` : ""}\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
    zh: (p) =>
      `kubectl -n ${p.namespace} logs ${p.pod}${p.container ? ` -c ${p.container}` : ""}\nkubectl -n ${p.namespace} describe pod ${p.pod}`,
  },
  "doctor.pod.tooNew.title": {
    en: (p) =>
      `${plural(p.count, "pod")} ${noun(p.count, "is", "are")} too new to judge; run again in ${p.seconds} s`,
    zh: (p) => `${p.count} 个 Pod 刚创建，尚无法判断；请在 ${p.seconds} 秒后再次运行`,
  },
  "doctor.pod.tooNew.fix": {
    en: (p) => `sleep ${p.seconds} && kadm-wizard doctor`,
    zh: (p) => `sleep ${p.seconds} && kadm-wizard doctor`,
  },
  "doctor.node.kubeletStopped.titleNever": {
    en: (p) => `node ${p.node}: the kubelet stopped posting status`,
    zh: (p) => `节点 ${p.node}：kubelet 已停止上报状态`,
  },
  "doctor.node.networkUnavailable.title": {
    en: (p) =>
      `node ${p.node} has NetworkUnavailable=True${p.reason ? ` (${p.reason})` : ""}: the pod network has not set up this node`,
    zh: (p) =>
      `节点 ${p.node} 的 NetworkUnavailable=True${p.reason ? `（${p.reason}）` : ""}：Pod 网络尚未在该节点上配置好`,
  },
  "doctor.node.networkUnavailable.fix": {
    en: (p) =>
      `kubectl get pods -A -o wide --field-selector spec.nodeName=${p.node} | grep -E 'calico|flannel|cilium'\nkubectl describe node ${p.node} | grep -A 3 NetworkUnavailable`,
    zh: (p) =>
      `kubectl get pods -A -o wide --field-selector spec.nodeName=${p.node} | grep -E 'calico|flannel|cilium'\nkubectl describe node ${p.node} | grep -A 3 NetworkUnavailable`,
  },
  "doctor.node.cni.titleAbsent": {
    en: (p) => `node ${p.node} is NotReady: no pod network (CNI) is installed yet`,
    zh: (p) => `节点 ${p.node} 为 NotReady：尚未安装 Pod 网络（CNI）`,
  },
  "doctor.node.cni.titleFailing": {
    en: (p) => `node ${p.node} is NotReady: the pod network is installed but failing`,
    zh: (p) => `节点 ${p.node} 为 NotReady：Pod 网络已安装但运行失败`,
  },
  "doctor.node.none.title": {
    en: () => "no node has registered with the API server",
    zh: () => "没有节点向 API 服务器注册",
  },
  "doctor.node.none.fix": {
    en: () => "systemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50",
    zh: () => "systemctl status kubelet\njournalctl -xeu kubelet --no-pager | tail -n 50",
  },
  "doctor.coredns.noCni.titleFailing": {
    en: () => "CoreDNS is Pending because the pod network is failing (its nodes stay NotReady)",
    zh: () => "CoreDNS 处于 Pending，因为 Pod 网络运行失败（节点一直为 NotReady）",
  },
  "doctor.coredns.noCni.titleStarting": {
    en: () => "CoreDNS is Pending: its nodes are NotReady until the pod network is up",
    zh: () => "CoreDNS 处于 Pending：Pod 网络就绪前节点一直为 NotReady",
  },
  "doctor.cni.missing.title": {
    en: () => "no pod network (CNI) is installed: nodes stay NotReady and CoreDNS Pending",
    zh: () => "尚未安装 Pod 网络（CNI）：节点会一直为 NotReady，CoreDNS 一直处于 Pending",
  },
  "doctor.cni.workloadMissing.title": {
    en: () => "this pod network workload does not exist (the CNI manifest was not applied, or was deleted)",
    zh: () => "该 Pod 网络工作负载不存在（CNI 清单未应用或已被删除）",
  },
  "doctor.cni.missing.fix": {
    en: () => "kadm-wizard cni apply\nkadm-wizard wait",
    zh: () => "kadm-wizard cni apply\nkadm-wizard wait",
  },
  "doctor.deployment.deadline.title": {
    en: (p) =>
      `rollout of ${p.name} is stuck past its progress deadline (${p.available}/${p.desired} available)`,
    zh: (p) => `${p.name} 的发布超过了进度期限仍未完成（可用 ${p.available}/${p.desired}）`,
  },
  "doctor.deployment.deadline.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe deployment ${p.name}\nkubectl -n ${p.namespace} get pods -l "$(kubectl -n ${p.namespace} get deployment ${p.name} -o jsonpath='{.spec.selector.matchLabels}' | tr -d '{}"' | tr : =)"\n# to go back to the previous version:\nkubectl -n ${p.namespace} rollout undo deployment/${p.name}`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe deployment ${p.name}\nkubectl -n ${p.namespace} get pods -l "$(kubectl -n ${p.namespace} get deployment ${p.name} -o jsonpath='{.spec.selector.matchLabels}' | tr -d '{}"' | tr : =)"\n# 回滚到上一版本：\nkubectl -n ${p.namespace} rollout undo deployment/${p.name}`,
  },
  "doctor.deployment.unavailable.title": {
    en: (p) => `${p.name} has ${p.available} of ${p.desired} replicas available`,
    zh: (p) => `${p.name} 只有 ${p.available}/${p.desired} 个副本可用`,
  },
  "doctor.deployment.unavailable.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe deployment ${p.name}\nkubectl -n ${p.namespace} get rs,pods -o wide`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe deployment ${p.name}\nkubectl -n ${p.namespace} get rs,pods -o wide`,
  },
  "doctor.daemonset.notReady.title": {
    en: (p) => `${p.name}: ${p.ready} of ${p.desired} pods ready`,
    zh: (p) => `${p.name}：${p.desired} 个 Pod 中只有 ${p.ready} 个就绪`,
  },
  "doctor.daemonset.notScheduled.title": {
    en: (p) => `${p.name}: only ${p.scheduled} of ${p.desired} pods scheduled (${p.ready} ready)`,
    zh: (p) => `${p.name}：${p.desired} 个 Pod 中只调度了 ${p.scheduled} 个（${p.ready} 个就绪）`,
  },
  "doctor.daemonset.notReady.fix": {
    en: (p) =>
      `kubectl -n ${p.namespace} describe daemonset ${p.name}\nkubectl -n ${p.namespace} get pods -o wide | grep ${p.name}`,
    zh: (p) =>
      `kubectl -n ${p.namespace} describe daemonset ${p.name}\nkubectl -n ${p.namespace} get pods -o wide | grep ${p.name}`,
  },
  "doctor.report.explains": {
    en: (p) => `explains ${p.count} more:`,
    zh: (p) => `由此导致的另外 ${p.count} 项：`,
  },
  "doctor.report.variants": {
    en: (p) => `${p.count} different causes among them: ${p.values}`,
    zh: (p) => `其中共有 ${p.count} 种不同原因：${p.values}`,
  },
  "doctor.report.group": {
    en: (p) => `${p.count} × ${p.objects}`,
    zh: (p) => `${p.count} 个：${p.objects}`,
  },

  // --- CNI
  "doctor.cni.cidr.title": {
    en: (p) => `${p.plugin}'s pod network ${p.cidr} is not inside the cluster's podSubnet ${p.podSubnet}`,
    zh: (p) => `${p.plugin} 的 Pod 网络 ${p.cidr} 不在集群的 podSubnet ${p.podSubnet} 之内`,
  },
  "doctor.cni.cidr.fixFlannel": {
    en: (p) =>
      `# re-apply flannel with Network = ${p.podSubnet}:\nkadm-wizard cni apply --cni flannel --pod-subnet ${p.podSubnet}\nkubectl -n kube-flannel rollout restart daemonset kube-flannel-ds`,
    zh: (p) =>
      `# 以 Network = ${p.podSubnet} 重新安装 flannel：\nkadm-wizard cni apply --cni flannel --pod-subnet ${p.podSubnet}\nkubectl -n kube-flannel rollout restart daemonset kube-flannel-ds`,
  },
  "doctor.cni.cidr.fixCalico": {
    en: (p) =>
      `# create an IP pool inside ${p.podSubnet} and disable the wrong one (existing pods keep their addresses until restarted):\nkubectl get ippools.crd.projectcalico.org -o yaml\n# new installs: kadm-wizard cni apply --cni calico --pod-subnet ${p.podSubnet}`,
    zh: (p) =>
      `# 在 ${p.podSubnet} 内创建 IP 池并禁用错误的池（已有 Pod 重启后才会换地址）：\nkubectl get ippools.crd.projectcalico.org -o yaml\n# 新安装：kadm-wizard cni apply --cni calico --pod-subnet ${p.podSubnet}`,
  },
  "doctor.flannel.noPodCidr.title": {
    en: (p) => `flannel on ${p.node} cannot start: the node has no pod CIDR ("pod cidr not assigned")`,
    zh: (p) => `${p.node} 上的 flannel 无法启动：节点没有 Pod CIDR（"pod cidr not assigned"）`,
  },
  "doctor.flannel.noPodSubnet.title": {
    en: (p) =>
      `the cluster was initialised without podSubnet, so ${plural(p.nodes, "node")} ${noun(p.nodes, "has", "have")} no pod CIDR and flannel cannot run`,
    zh: (p) => `集群初始化时未设置 podSubnet，因此 ${p.nodes} 个节点没有 Pod CIDR，flannel 无法运行`,
  },
  "doctor.flannel.noPodCidr.fix": {
    en: () =>
      "# kubeadm must allocate node CIDRs: re-initialise with a pod subnet\nkubeadm reset -f && kadm-wizard init --pod-subnet 10.244.0.0/16\n# or, keeping the cluster: add --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16 to\n# /etc/kubernetes/manifests/kube-controller-manager.yaml",
    zh: () =>
      "# kubeadm 必须分配节点 CIDR：请设置 Pod 网段后重新初始化\nkubeadm reset -f && kadm-wizard init --pod-subnet 10.244.0.0/16\n# 或保留集群：在 /etc/kubernetes/manifests/kube-controller-manager.yaml 中加入\n# --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16",
  },
  "doctor.calico.bgp.title": {
    en: (p) => `calico-node on ${p.node} is not ready: BGP not established with ${p.peers}`,
    zh: (p) => `${p.node} 上的 calico-node 未就绪：与 ${p.peers} 的 BGP 未建立`,
  },
  "doctor.calico.bgp.fix": {
    en: (p) =>
      `# BGP uses TCP 179 between all nodes: open it (firewalld / ufw):\nfirewall-cmd --permanent --add-port=179/tcp && firewall-cmd --reload\n# with several interfaces calico may pick the wrong address: choose it\nkubectl -n ${p.namespace} set env daemonset/calico-node IP_AUTODETECTION_METHOD=kubernetes-internal-ip`,
    zh: (p) =>
      `# BGP 需要所有节点间互通 TCP 179：请放行（firewalld / ufw）：\nfirewall-cmd --permanent --add-port=179/tcp && firewall-cmd --reload\n# 多网卡时 calico 可能选错地址：请指定\nkubectl -n ${p.namespace} set env daemonset/calico-node IP_AUTODETECTION_METHOD=kubernetes-internal-ip`,
  },
  // --- tokens
  "doctor.token.title": {
    en: (p) =>
      Number(p.count) === 0
        ? "no bootstrap token left: new nodes cannot join with the command printed at init"
        : `all ${p.count} bootstrap tokens have expired: new nodes cannot join with them`,
    zh: (p) =>
      Number(p.count) === 0
        ? "已没有引导令牌：新节点无法使用 init 时打印的命令加入"
        : `全部 ${p.count} 个引导令牌已过期：新节点无法用它们加入`,
  },
  "doctor.token.fix": {
    en: () =>
      "kadm-wizard token    # prints a fresh join command (kubeadm token create --print-join-command)",
    zh: () => "kadm-wizard token    # 打印新的 join 命令（kubeadm token create --print-join-command）",
  },
} satisfies Record<string, Entry>;
