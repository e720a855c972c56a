import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/**
 * kubeadm output: phase titles (src/kubeadm/phases.ts phaseTitle), failure diagnoses and their fixes
 * (src/kubeadm/diagnose.ts), join-command problems (src/kubeadm/join-command.ts). Keys are prefixed
 * "kubeadm.".
 *
 * Params: diag/fix entries take the params of their diagnosis (see diagnose.ts); join entries take
 * `value` (the offending text).
 */
export const KUBEADM_MESSAGES = {
  // --- phase titles
  "kubeadm.phase.init": { en: () => "Starting", zh: () => "开始初始化" },
  "kubeadm.phase.preflight": { en: () => "Pre-flight checks", zh: () => "预检" },
  "kubeadm.phase.certs": { en: () => "Generating certificates", zh: () => "生成证书" },
  "kubeadm.phase.kubeconfig": { en: () => "Writing kubeconfig files", zh: () => "写入 kubeconfig 文件" },
  "kubeadm.phase.etcd": { en: () => "Setting up etcd", zh: () => "配置 etcd" },
  "kubeadm.phase.control-plane": {
    en: () => "Writing control-plane manifests",
    zh: () => "写入控制平面静态 Pod 清单",
  },
  "kubeadm.phase.kubelet-start": { en: () => "Starting the kubelet", zh: () => "启动 kubelet" },
  "kubeadm.phase.wait-control-plane": {
    en: () => "Waiting for the control plane to come up",
    zh: () => "等待控制平面启动",
  },
  "kubeadm.phase.kubelet-check": { en: () => "Checking the kubelet", zh: () => "检查 kubelet" },
  "kubeadm.phase.control-plane-check": {
    en: () => "Checking control-plane components",
    zh: () => "检查控制平面组件",
  },
  "kubeadm.phase.apiclient": { en: () => "Waiting for the API server", zh: () => "等待 API Server" },
  "kubeadm.phase.upload-config": {
    en: () => "Storing the cluster configuration",
    zh: () => "保存集群配置",
  },
  "kubeadm.phase.kubelet": { en: () => "Storing the kubelet configuration", zh: () => "保存 kubelet 配置" },
  "kubeadm.phase.upload-certs": {
    en: () => "Uploading control-plane certificates",
    zh: () => "上传控制平面证书",
  },
  "kubeadm.phase.mark-control-plane": {
    en: () => "Labelling and tainting the control-plane node",
    zh: () => "为控制平面节点添加标签和污点",
  },
  "kubeadm.phase.bootstrap-token": {
    en: () => "Setting up the bootstrap token",
    zh: () => "配置引导令牌",
  },
  "kubeadm.phase.kubelet-finalize": {
    en: () => "Finishing the kubelet setup",
    zh: () => "完成 kubelet 配置",
  },
  "kubeadm.phase.addons": {
    en: () => "Installing CoreDNS and kube-proxy",
    zh: () => "安装 CoreDNS 和 kube-proxy",
  },
  "kubeadm.phase.discovery": { en: () => "Contacting the cluster", zh: () => "连接集群" },
  "kubeadm.phase.download-certs": {
    en: () => "Downloading control-plane certificates",
    zh: () => "下载控制平面证书",
  },
  "kubeadm.phase.check-etcd": { en: () => "Checking etcd", zh: () => "检查 etcd" },
  "kubeadm.phase.reset": { en: () => "Resetting this node", zh: () => "重置本节点" },
  "kubeadm.phase.patches": { en: () => "Applying patches", zh: () => "应用补丁" },
  "kubeadm.phase.config": { en: () => "Reading the configuration", zh: () => "读取配置" },
  "kubeadm.phase.config.images": { en: () => "Pulling images", zh: () => "拉取镜像" },
  "kubeadm.phase.endpoint": { en: () => "Checking the API endpoint", zh: () => "检查 API 端点" },
  "kubeadm.phase.dryrun": { en: () => "Dry run", zh: () => "试运行" },
  "kubeadm.phase.unknown": { en: (p) => `kubeadm: ${p.phase}`, zh: (p) => `kubeadm：${p.phase}` },

  // --- diagnoses: what happened (kubeadm.diag.<id>) and what to do (kubeadm.fix.<id>)
  "kubeadm.diag.preflight.leftovers": {
    en: (p) =>
      `An earlier kubeadm init or join left files behind (${p.paths}); kubeadm refuses to overwrite them.`,
    zh: (p) => `之前的 kubeadm init 或 join 留下了文件（${p.paths}），kubeadm 拒绝覆盖它们。`,
  },
  "kubeadm.fix.preflight.leftovers": {
    en: () => "run `kadm-wizard reset` to clean up the earlier attempt, then try again",
    zh: () => "请运行 `kadm-wizard reset` 清理之前的残留，然后重试",
  },
  "kubeadm.diag.preflight.port-in-use": {
    en: (p) =>
      `${Number(p.count) === 1 ? "Port" : "Ports"} ${p.ports} ${Number(p.count) === 1 ? "is" : "are"} already in use on this host.`,
    zh: (p) => `本机端口 ${p.ports} 已被占用。`,
  },
  "kubeadm.fix.preflight.port-in-use": {
    en: (p) =>
      `find what listens there (\`ss -ltnp | grep -E ':(${String(p.ports).replaceAll(", ", "|")})\\b'\`) and stop it; if it is a control plane or kubelet from an earlier kubeadm run, run \`kadm-wizard reset\``,
    zh: (p) =>
      `请查出占用端口的进程（\`ss -ltnp | grep -E ':(${String(p.ports).replaceAll(", ", "|")})\\b'\`）并停止它；如果是之前 kubeadm 留下的控制平面或 kubelet，请运行 \`kadm-wizard reset\``,
  },
  "kubeadm.fix.preflight.port-in-use.reset": {
    en: () =>
      "the ports are held by the control plane or kubelet of an earlier kubeadm run: run `kadm-wizard reset`, then try again",
    zh: () => "这些端口被之前 kubeadm 运行留下的控制平面或 kubelet 占用：请运行 `kadm-wizard reset` 后重试",
  },
  "kubeadm.diag.preflight.swap": {
    en: () => "Swap is on; this kubelet refuses to run with swap.",
    zh: () => "系统开启了 swap，该版本的 kubelet 不允许在开启 swap 时运行。",
  },
  "kubeadm.fix.preflight.swap": {
    en: () => "run `kadm-wizard prepare` (turns swap off now and in /etc/fstab)",
    zh: () => "请运行 `kadm-wizard prepare`（立即关闭 swap 并注释 /etc/fstab 中的 swap 项）",
  },
  "kubeadm.diag.preflight.cgroup-v1": {
    en: () =>
      "This host runs cgroup v1; from Kubernetes 1.35 the kubelet refuses to start on it (failCgroupV1 defaults to true) and kubeadm's SystemVerification stops here.",
    zh: () =>
      "此主机使用 cgroup v1；从 Kubernetes 1.35 起 kubelet 拒绝在其上启动（failCgroupV1 默认为 true），kubeadm 的 SystemVerification 检查因此失败。",
  },
  "kubeadm.fix.preflight.cgroup-v1": {
    en: () =>
      'boot with cgroup v2 (`grubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"` or GRUB_CMDLINE_LINUX + update-grub, then reboot), or pin Kubernetes 1.34 or older (`--k8s-version v1.34`), or knowingly keep cgroup v1 with `--allow-cgroup-v1`; `kadm-wizard doctor --host-only` shows the details',
    zh: () =>
      '请以 cgroup v2 启动（`grubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"`，或修改 GRUB_CMDLINE_LINUX 并执行 update-grub，然后重启），或固定使用 Kubernetes 1.34 或更早版本（`--k8s-version v1.34`），或明知后果地用 `--allow-cgroup-v1` 继续使用 cgroup v1；`kadm-wizard doctor --host-only` 会给出详情',
  },
  "kubeadm.diag.preflight.cpu": {
    en: (p) => `This machine has ${plural(p.have, "CPU")}; a control-plane node needs at least ${p.need}.`,
    zh: (p) => `本机只有 ${p.have} 个 CPU；控制平面节点至少需要 ${p.need} 个。`,
  },
  "kubeadm.fix.preflight.cpu": {
    en: (p) =>
      `give the machine at least ${plural(p.need, "CPU")}; on a throw-away test machine kubeadm's \`--ignore-preflight-errors=NumCPU\` skips the check`,
    zh: (p) =>
      `请为本机分配至少 ${p.need} 个 CPU；仅用于测试的机器可以用 kubeadm 的 \`--ignore-preflight-errors=NumCPU\` 跳过此检查`,
  },
  "kubeadm.diag.preflight.memory": {
    en: (p) => `This machine has ${p.have} MB of RAM; a control-plane node needs at least ${p.need} MB.`,
    zh: (p) => `本机内存为 ${p.have} MB；控制平面节点至少需要 ${p.need} MB。`,
  },
  "kubeadm.fix.preflight.memory": {
    en: (p) =>
      `give the machine at least ${p.need} MB of RAM; on a throw-away test machine kubeadm's \`--ignore-preflight-errors=Mem\` skips the check`,
    zh: (p) =>
      `请为本机分配至少 ${p.need} MB 内存；仅用于测试的机器可以用 kubeadm 的 \`--ignore-preflight-errors=Mem\` 跳过此检查`,
  },
  "kubeadm.diag.preflight.bridge-netfilter": {
    en: (p) =>
      `Bridged traffic is not passed to iptables (${p.files}): the br_netfilter module is not loaded or the sysctl is off.`,
    zh: (p) => `网桥流量未交给 iptables 处理（${p.files}）：br_netfilter 模块未加载或相应 sysctl 未开启。`,
  },
  "kubeadm.fix.preflight.bridge-netfilter": {
    en: () => "run `kadm-wizard prepare` (loads br_netfilter and sets net.bridge.bridge-nf-call-iptables=1)",
    zh: () => "请运行 `kadm-wizard prepare`（加载 br_netfilter 并设置 net.bridge.bridge-nf-call-iptables=1）",
  },
  "kubeadm.diag.preflight.ip-forward": {
    en: (p) => `IP forwarding is off (${p.files}).`,
    zh: (p) => `IP 转发未开启（${p.files}）。`,
  },
  "kubeadm.fix.preflight.ip-forward": {
    en: () => "run `kadm-wizard prepare` (sets net.ipv4.ip_forward=1 now and at boot)",
    zh: () => "请运行 `kadm-wizard prepare`（立即并永久设置 net.ipv4.ip_forward=1）",
  },
  "kubeadm.diag.preflight.cri": {
    en: (p) => `kubeadm cannot talk to the container runtime${p.socket ? ` at ${p.socket}` : ""}.`,
    zh: (p) => `kubeadm 无法连接容器运行时${p.socket ? `（${p.socket}）` : ""}。`,
  },
  "kubeadm.fix.preflight.cri": {
    en: () =>
      "make sure containerd is installed and running (`systemctl status containerd`), then run `kadm-wizard prepare` to configure it for kubeadm",
    zh: () =>
      "请确认 containerd 已安装并在运行（`systemctl status containerd`），然后运行 `kadm-wizard prepare` 为 kubeadm 配置它",
  },
  "kubeadm.fix.preflight.cri.disabled": {
    en: () =>
      'containerd runs without its CRI plugin (the packaged /etc/containerd/config.toml has `disabled_plugins = ["cri"]`): run `kadm-wizard prepare`, which writes a config with CRI enabled and restarts containerd',
    zh: () =>
      'containerd 运行时未启用 CRI 插件（安装包自带的 /etc/containerd/config.toml 含有 `disabled_plugins = ["cri"]`）：请运行 `kadm-wizard prepare`，它会写入启用 CRI 的配置并重启 containerd',
  },
  "kubeadm.diag.preflight.image-pull": {
    en: (p) => `Control-plane images could not be pulled${p.images ? ` (${p.images})` : ""}.`,
    zh: (p) => `无法拉取控制平面镜像${p.images ? `（${p.images}）` : ""}。`,
  },
  "kubeadm.fix.preflight.image-pull": {
    en: () =>
      "run `kadm-wizard images check` to see which registry fails; pick a reachable one with --image-repository or --profile",
    zh: () =>
      "请运行 `kadm-wizard images check` 查看是哪个镜像仓库无法访问；可用 --image-repository 或 --profile 选择可访问的仓库",
  },
  "kubeadm.diag.preflight.version-skew": {
    en: (p) => `The kubeadm, kubelet and Kubernetes versions do not fit together: ${p.detail}`,
    zh: (p) => `kubeadm、kubelet 与 Kubernetes 版本不匹配：${p.detail}`,
  },
  "kubeadm.fix.preflight.version-skew": {
    en: () =>
      "install kubeadm and kubelet of the minor you deploy (compare `kubeadm version -o short` and `kubelet --version`), or pass --k8s-version matching the installed kubeadm",
    zh: () =>
      "请安装与要部署的次版本一致的 kubeadm 和 kubelet（对比 `kubeadm version -o short` 和 `kubelet --version`），或用 --k8s-version 指定与已安装 kubeadm 相符的版本",
  },
  "kubeadm.diag.preflight.not-root": {
    en: () => "kubeadm was not run as root.",
    zh: () => "kubeadm 没有以 root 身份运行。",
  },
  "kubeadm.fix.preflight.not-root": {
    en: () => "run the command again with sudo",
    zh: () => "请用 sudo 重新运行该命令",
  },
  "kubeadm.diag.preflight.missing-tool": {
    en: (p) => `Tools kubeadm needs are missing: ${p.tools}.`,
    zh: (p) => `缺少 kubeadm 需要的工具：${p.tools}。`,
  },
  "kubeadm.fix.preflight.missing-tool": {
    en: (p) => `install them with the package manager (e.g. \`apt-get install ${p.tools}\`), then try again`,
    zh: (p) => `请用包管理器安装（例如 \`apt-get install ${p.tools}\`）后重试`,
  },
  "kubeadm.diag.preflight.other": {
    en: (p) => `Pre-flight check ${p.check} failed: ${p.message}`,
    zh: (p) => `预检项 ${p.check} 未通过：${p.message}`,
  },
  "kubeadm.fix.preflight.other": {
    en: (p) =>
      `fix what the check reports and try again; only if you know it is harmless, skip it with kubeadm's \`--ignore-preflight-errors=${p.check}\``,
    zh: (p) =>
      `请按检查项的提示修复后重试；只有确认无害时，才可用 kubeadm 的 \`--ignore-preflight-errors=${p.check}\` 跳过`,
  },
  "kubeadm.diag.join.already-joined": {
    en: (p) => `This host already belongs to a cluster or has leftovers of an earlier join (${p.paths}).`,
    zh: (p) => `本机已加入某个集群，或留有之前 join 的残留文件（${p.paths}）。`,
  },
  "kubeadm.fix.join.already-joined": {
    en: () => "run `kadm-wizard reset` on this host, then join again",
    zh: () => "请在本机运行 `kadm-wizard reset`，然后重新加入",
  },
  "kubeadm.diag.join.token-invalid": {
    en: (p) =>
      `The cluster does not accept the bootstrap token${p.tokenId ? ` ${p.tokenId}` : ""}: it expired (tokens live 24 hours by default), was deleted, or was mistyped.`,
    zh: (p) =>
      `集群不接受该引导令牌${p.tokenId ? ` ${p.tokenId}` : ""}：令牌已过期（默认有效期 24 小时）、已被删除或输入有误。`,
  },
  "kubeadm.fix.join.token-invalid": {
    en: () => "on a control-plane node run `kadm-wizard token` and use the join command it prints",
    zh: () => "请在控制平面节点上运行 `kadm-wizard token`，使用它打印的新 join 命令",
  },
  "kubeadm.diag.join.ca-hash-mismatch": {
    en: (p) =>
      `The cluster's CA does not match --discovery-token-ca-cert-hash${p.actual ? ` (the server presented ${p.actual})` : ""}; the hash is wrong, or this is a different cluster.`,
    zh: (p) =>
      `集群 CA 与 --discovery-token-ca-cert-hash 不符${p.actual ? `（服务器提供的是 ${p.actual}）` : ""}：哈希值有误，或连接到了另一个集群。`,
  },
  "kubeadm.fix.join.ca-hash-mismatch": {
    en: () =>
      "take the hash from the control plane, not from an old note: run `kadm-wizard token` there and use the command it prints",
    zh: () =>
      "请以控制平面上的哈希为准，不要用旧记录：在控制平面上运行 `kadm-wizard token` 并使用它打印的命令",
  },
  "kubeadm.diag.api.unreachable": {
    en: (p) =>
      `The API server${p.endpoint ? ` at ${p.endpoint}` : ""} cannot be reached${p.reason ? ` (${p.reason})` : ""}.`,
    zh: (p) =>
      `无法连接 API Server${p.endpoint ? `（${p.endpoint}）` : ""}${p.reason ? `：${p.reason}` : ""}。`,
  },
  "kubeadm.fix.api.unreachable": {
    en: (p) =>
      `check from this host that ${p.endpoint || "the endpoint"} is the right address and answers (\`curl -k https://${p.endpoint || "HOST:6443"}/livez\`), that a firewall lets TCP 6443 through, and on the control plane run \`kadm-wizard doctor\``,
    zh: (p) =>
      `请在本机确认 ${p.endpoint || "该端点"} 地址正确且可访问（\`curl -k https://${p.endpoint || "HOST:6443"}/livez\`），防火墙放行了 TCP 6443，并在控制平面上运行 \`kadm-wizard doctor\``,
  },
  "kubeadm.diag.wait.kubelet-unhealthy": {
    en: () =>
      "The kubelet never became healthy. Usual causes: a cgroup driver mismatch between kubelet and containerd, swap left on, or a kubelet that crashes on its configuration.",
    zh: () =>
      "kubelet 一直没有进入健康状态。常见原因：kubelet 与 containerd 的 cgroup 驱动不一致、swap 未关闭，或 kubelet 因配置错误而崩溃。",
  },
  "kubeadm.fix.wait.kubelet-unhealthy": {
    en: () =>
      "run `kadm-wizard doctor` (checks the cgroup driver, swap and the kubelet service); `journalctl -xeu kubelet` shows why the kubelet stops",
    zh: () =>
      "请运行 `kadm-wizard doctor`（检查 cgroup 驱动、swap 和 kubelet 服务）；`journalctl -xeu kubelet` 可查看 kubelet 停止的原因",
  },
  "kubeadm.diag.wait.control-plane-timeout": {
    en: (p) =>
      `The control-plane static Pods${p.components ? ` (${p.components})` : ""} did not become healthy in time. Usual causes: containerd cannot pull its sandbox (pause) image from an unreachable registry, a cgroup driver mismatch (SystemdCgroup vs the kubelet's cgroupDriver), or control-plane images that cannot be pulled.`,
    zh: (p) =>
      `控制平面静态 Pod${p.components ? `（${p.components}）` : ""}未能按时进入健康状态。常见原因：containerd 无法从不可访问的仓库拉取 sandbox（pause）镜像、cgroup 驱动不一致（SystemdCgroup 与 kubelet 的 cgroupDriver），或控制平面镜像无法拉取。`,
  },
  "kubeadm.fix.wait.control-plane-timeout": {
    en: (p) =>
      `run \`kadm-wizard doctor\`; \`crictl --runtime-endpoint ${p.socket} ps -a | grep kube | grep -v pause\` lists the failing containers. Then run \`kadm-wizard reset\` before trying again`,
    zh: (p) =>
      `请运行 \`kadm-wizard doctor\`；\`crictl --runtime-endpoint ${p.socket} ps -a | grep kube | grep -v pause\` 可列出失败的容器。重试前请先运行 \`kadm-wizard reset\``,
  },
  "kubeadm.diag.wait.sandbox-image": {
    en: (p) =>
      `containerd uses the sandbox image ${p.runtimeImage}, kubeadm expects ${p.kubeadmImage}; if the first cannot be pulled, no Pod can start.`,
    zh: (p) =>
      `containerd 使用的 sandbox 镜像是 ${p.runtimeImage}，而 kubeadm 期望 ${p.kubeadmImage}；如果前者无法拉取，任何 Pod 都无法启动。`,
  },
  "kubeadm.fix.wait.sandbox-image": {
    en: () =>
      "run `kadm-wizard prepare`, which points containerd's sandbox image at the same repository as kubeadm's images",
    zh: () => "请运行 `kadm-wizard prepare`，它会把 containerd 的 sandbox 镜像指向与 kubeadm 镜像相同的仓库",
  },
  "kubeadm.diag.unknown": {
    en: (p) =>
      `kubeadm failed${p.phase ? ` in phase ${p.phase}` : ""} (exit code ${p.exitCode}) for a reason not recognised here.`,
    zh: (p) =>
      `kubeadm 执行失败${p.phase ? `（阶段 ${p.phase}）` : ""}（退出码 ${p.exitCode}），原因无法自动识别。`,
  },
  "kubeadm.fix.unknown": {
    en: () =>
      "read the last lines above; `kadm-wizard doctor` checks the usual suspects, and `--verbose` shows kubeadm's full output",
    zh: () =>
      "请阅读上面的最后几行输出；`kadm-wizard doctor` 会检查常见问题，`--verbose` 可显示 kubeadm 的完整输出",
  },

  // --- join command problems (kubeadm.join.<code>; param value)
  "kubeadm.join.empty": {
    en: () => "No join command was given.",
    zh: () => "没有提供 join 命令。",
  },
  "kubeadm.join.multipleCommands": {
    en: (p) =>
      `The text holds ${p.value} join commands; paste only one (the worker or the control-plane one).`,
    zh: (p) => `文本中有 ${p.value} 条 join 命令；请只粘贴一条（工作节点或控制平面的那条）。`,
  },
  "kubeadm.join.notJoin": {
    en: (p) => `This is not a join command${p.value ? ` (kubeadm ${p.value})` : ""}.`,
    zh: (p) => `这不是 join 命令${p.value ? `（kubeadm ${p.value}）` : ""}。`,
  },
  "kubeadm.join.missingEndpoint": {
    en: () => "The join command has no API server endpoint (HOST:PORT).",
    zh: () => "join 命令中缺少 API Server 端点（HOST:PORT）。",
  },
  "kubeadm.join.badEndpoint": {
    en: (p) => `"${p.value}" is not an API server endpoint like 10.0.0.1:6443.`,
    zh: (p) => `"${p.value}" 不是形如 10.0.0.1:6443 的 API Server 端点。`,
  },
  "kubeadm.join.endpointNoPort": {
    en: (p) => `The endpoint "${p.value}" has no port; use HOST:PORT, e.g. ${p.suggestion}.`,
    zh: (p) => `端点 "${p.value}" 缺少端口；请使用 HOST:PORT，例如 ${p.suggestion}。`,
  },
  "kubeadm.join.endpointIpv6Brackets": {
    en: (p) =>
      `The endpoint "${p.value}" is an IPv6 address without brackets, so it has no port; write it as ${p.suggestion}.`,
    zh: (p) => `端点 "${p.value}" 是未加方括号的 IPv6 地址，因此没有端口；请写成 ${p.suggestion}。`,
  },
  "kubeadm.join.endpointBadIpv4": {
    en: (p) =>
      `The endpoint "${p.value}" is not a valid IPv4 address (four numbers 0-255 separated by dots, then :PORT).`,
    zh: (p) => `端点 "${p.value}" 不是有效的 IPv4 地址（四个 0-255 的数字以点分隔，再加 :端口）。`,
  },
  "kubeadm.join.extraArgument": {
    en: (p) => `Unexpected extra argument "${p.value}"; kubeadm takes one endpoint.`,
    zh: (p) => `多余的参数 "${p.value}"；kubeadm 只接受一个端点。`,
  },
  "kubeadm.join.missingToken": {
    en: () => "The join command has no --token.",
    zh: () => "join 命令中缺少 --token。",
  },
  "kubeadm.join.badToken": {
    en: (p) => `"${p.value}" is not a bootstrap token like abcdef.0123456789abcdef.`,
    zh: (p) => `"${p.value}" 不是形如 abcdef.0123456789abcdef 的引导令牌。`,
  },
  "kubeadm.join.missingCaHash": {
    en: () =>
      "The join command has no --discovery-token-ca-cert-hash; without it the node cannot verify the cluster.",
    zh: () => "join 命令中缺少 --discovery-token-ca-cert-hash；没有它，节点无法验证集群身份。",
  },
  "kubeadm.join.badCaHash": {
    en: (p) => `"${p.value}" is not a CA hash like sha256: followed by 64 hex digits.`,
    zh: (p) => `"${p.value}" 不是形如 sha256: 加 64 位十六进制数的 CA 哈希。`,
  },
  "kubeadm.join.badCertificateKey": {
    en: (p) => `"${p.value}" is not a certificate key (64 hex digits).`,
    zh: (p) => `"${p.value}" 不是证书密钥（64 位十六进制数）。`,
  },
  "kubeadm.join.certificateKeyWithoutControlPlane": {
    en: () => "--certificate-key only applies together with --control-plane.",
    zh: () => "--certificate-key 只能与 --control-plane 一起使用。",
  },
  "kubeadm.join.unknownFlag": {
    en: (p) => `kubeadm join has no flag ${p.value}.`,
    zh: (p) => `kubeadm join 没有 ${p.value} 这个参数。`,
  },
  "kubeadm.join.missingValue": {
    en: (p) => `${p.value} needs a value.`,
    zh: (p) => `${p.value} 需要一个值。`,
  },
  "kubeadm.join.badBoolean": {
    en: (p) => `${p.value}: expected true or false.`,
    zh: (p) => `${p.value}：应为 true 或 false。`,
  },
  "kubeadm.join.placeholder": {
    en: (p) =>
      `"${p.value}" is a placeholder from the documentation; use the values your control plane printed.`,
    zh: (p) => `"${p.value}" 是文档中的占位符；请使用控制平面实际打印的值。`,
  },
  "kubeadm.join.valueWithheld": {
    en: (p) =>
      `The value of ${p.value} was withheld when the command was printed; run \`kadm-wizard token\` on the control plane for a complete command.`,
    zh: (p) => `打印命令时隐去了 ${p.value} 的值；请在控制平面上运行 \`kadm-wizard token\` 获取完整命令。`,
  },
} satisfies Record<string, Entry>;
