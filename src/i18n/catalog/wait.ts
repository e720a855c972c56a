import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/** `kadm-wizard wait` and the readiness wait at the end of `cni apply` / `init`. Keys "wait.". */
export const WAIT_MESSAGES = {
  "wait.badTimeout": {
    en: (p) => `--timeout "${p.value}" is not a duration between 1ms and 24h.`,
    zh: (p) => `--timeout "${p.value}" 不是 1ms 到 24h 之间的时长。`,
  },
  "wait.badTimeoutHint": {
    en: () => "write it with a unit, e.g. --timeout 90s, --timeout 10m or --timeout 1h",
    zh: () => "请带上单位，例如 --timeout 90s、--timeout 10m 或 --timeout 1h",
  },
  "wait.usage": {
    en: (p) => `wait takes no arguments, got "${p.value}".`,
    zh: (p) => `wait 不接受参数，却收到了 "${p.value}"。`,
  },
  "wait.usageHint": {
    en: () => "e.g. kadm-wizard wait --timeout 10m",
    zh: () => "例如 kadm-wizard wait --timeout 10m",
  },
  // --- live progress (listr2 titles)
  "wait.title": {
    en: () => "waiting until the cluster is ready",
    zh: () => "等待集群就绪",
  },
  "wait.phase.nodes": {
    en: (p) => `nodes: ${p.ready}/${p.total} Ready`,
    zh: (p) => `节点：${p.ready}/${p.total} 就绪`,
  },
  "wait.phase.nodesNone": {
    en: () => "nodes: none registered yet",
    zh: () => "节点：尚无节点注册",
  },
  "wait.phase.cni": {
    en: (p) => `pod network: ${p.list}`,
    zh: (p) => `Pod 网络：${p.list}`,
  },
  "wait.phase.cniWorkload": {
    en: (p) => `${p.name} ${p.ready}/${p.desired} ready`,
    zh: (p) => `${p.name} ${p.ready}/${p.desired} 就绪`,
  },
  "wait.phase.cniCondition": {
    en: (p) => `${p.name} ${p.condition}`,
    zh: (p) => `${p.name} ${p.condition}`,
  },
  "wait.phase.cniMissing": {
    en: (p) => `${p.name} not created yet`,
    zh: (p) => `${p.name} 尚未创建`,
  },
  "wait.phase.cniNone": {
    en: () => "pod network: no flannel or calico workload found yet",
    zh: () => "Pod 网络：尚未发现 flannel 或 calico 工作负载",
  },
  "wait.phase.cniUnmanaged": {
    en: () => "pod network: working (not one kadm-wizard installed)",
    zh: () => "Pod 网络：正常（非 kadm-wizard 安装）",
  },
  "wait.phase.coredns": {
    en: (p) => `CoreDNS: ${p.ready}/${p.total} available`,
    zh: (p) => `CoreDNS：${p.ready}/${p.total} 可用`,
  },
  "wait.phase.corednsAbsent": {
    en: () => "CoreDNS: not deployed (skipped)",
    zh: () => "CoreDNS：未部署（跳过）",
  },
  "wait.phase.kubeSystem": {
    en: (p) => `kube-system pods: ${p.ready}/${p.total} Ready`,
    zh: (p) => `kube-system Pod：${p.ready}/${p.total} 就绪`,
  },
  "wait.reconnecting": {
    en: (p) => `${p.title} (reconnecting: ${p.reason})`,
    zh: (p) => `${p.title}（正在重连：${p.reason}）`,
  },
  // --- results
  "wait.ready": {
    en: (p) => `The cluster is ready (${p.elapsed}).`,
    zh: (p) => `集群已就绪（用时 ${p.elapsed}）。`,
  },
  "wait.timeout": {
    en: (p) => `the cluster is not ready after ${p.timeout}: ${plural(p.count, "problem")} listed above.`,
    zh: (p) => `等待 ${p.timeout} 后集群仍未就绪：上方列出了 ${p.count} 个问题。`,
  },
  "wait.timeoutHint": {
    en: () => "fix what is listed, then run kadm-wizard wait again (or kadm-wizard doctor for a full check)",
    zh: () => "按上方提示修复后再次运行 kadm-wizard wait（或运行 kadm-wizard doctor 做全面检查）",
  },
  "wait.timeoutNothing": {
    en: (p) => `not ready after ${p.timeout}: ${p.phases}`,
    zh: (p) => `等待 ${p.timeout} 后仍未就绪：${p.phases}`,
  },
  "wait.reportHeader": {
    en: (p) => `Not ready after ${p.timeout}:`,
    zh: (p) => `等待 ${p.timeout} 后仍未就绪：`,
  },
  "wait.fixLabel": { en: () => "fix: ", zh: () => "解决：" },
  "wait.unreachableAtEnd": {
    en: (p) =>
      `the API server was unreachable at the end (${p.reason}); the state shown is the last one seen.`,
    zh: (p) => `结束时无法连接 API Server（${p.reason}）；以上为最后一次观察到的状态。`,
  },
  "wait.interrupted": {
    en: () => "interrupted; nothing was changed.",
    zh: () => "已中断；未做任何修改。",
  },
  // --- why it is stuck (titles)
  "wait.stuck.nodeKubeletStopped": {
    en: (p) => `node ${p.node}: the kubelet stopped posting its status`,
    zh: (p) => `节点 ${p.node}：kubelet 已停止上报状态`,
  },
  "wait.stuck.nodeCniNotReady": {
    en: (p) =>
      `node ${p.node} is NotReady: the pod network is not initialised (no CNI config on the node yet)`,
    zh: (p) => `节点 ${p.node} 未就绪：Pod 网络尚未初始化（节点上还没有 CNI 配置）`,
  },
  "wait.stuck.nodePressure": {
    en: (p) => `node ${p.node} is NotReady under ${p.conditions}`,
    zh: (p) => `节点 ${p.node} 因 ${p.conditions} 未就绪`,
  },
  "wait.stuck.nodeNotReady": {
    en: (p) => `node ${p.node} is NotReady (${p.reason})`,
    zh: (p) => `节点 ${p.node} 未就绪（${p.reason}）`,
  },
  "wait.stuck.noNodes": {
    en: () => "no node has registered with the API server",
    zh: () => "没有任何节点注册到 API Server",
  },
  "wait.stuck.imagePull.unreachable": {
    en: (p) => `container ${p.container} cannot pull ${p.image}: ${p.registry} is unreachable from the node`,
    zh: (p) => `容器 ${p.container} 无法拉取 ${p.image}：节点无法访问 ${p.registry}`,
  },
  "wait.stuck.imagePull.not-found": {
    en: (p) => `container ${p.container} cannot pull ${p.image}: ${p.registry} does not have it`,
    zh: (p) => `容器 ${p.container} 无法拉取 ${p.image}：${p.registry} 上没有该镜像`,
  },
  "wait.stuck.imagePull.unauthorized": {
    en: (p) => `container ${p.container} cannot pull ${p.image}: ${p.registry} refused access`,
    zh: (p) => `容器 ${p.container} 无法拉取 ${p.image}：${p.registry} 拒绝访问`,
  },
  "wait.stuck.imagePull.tls": {
    en: (p) => `container ${p.container} cannot pull ${p.image}: TLS with ${p.registry} failed`,
    zh: (p) => `容器 ${p.container} 无法拉取 ${p.image}：与 ${p.registry} 的 TLS 握手失败`,
  },
  "wait.stuck.imagePull.other": {
    en: (p) => `container ${p.container} cannot pull ${p.image} (the kubelet is backing off)`,
    zh: (p) => `容器 ${p.container} 无法拉取 ${p.image}（kubelet 正在退避重试）`,
  },
  "wait.stuck.crashloop": {
    en: (p) =>
      `container ${p.container} keeps crashing (${p.restarts} restarts, last exit code ${p.exit}${p.reason ? `, ${p.reason}` : ""})`,
    zh: (p) =>
      `容器 ${p.container} 反复崩溃（已重启 ${p.restarts} 次，上次退出码 ${p.exit}${p.reason ? `，${p.reason}` : ""}）`,
  },
  "wait.stuck.unschedulable": {
    en: () => "cannot be scheduled on any node",
    zh: () => "无法调度到任何节点",
  },
  "wait.stuck.corednsNoCni": {
    en: () => "CoreDNS stays Pending until the pod network is up (the nodes are still tainted not-ready)",
    zh: () => "Pod 网络就绪前 CoreDNS 会一直 Pending（节点仍带有 not-ready 污点）",
  },
  "wait.stuck.sandboxImage": {
    en: () => "the pod sandbox cannot start: containerd cannot pull its pause (sandbox) image",
    zh: () => "Pod 沙箱无法启动：containerd 拉取不到 pause（沙箱）镜像",
  },
  "wait.stuck.sandbox": {
    en: () => "the pod sandbox cannot be created",
    zh: () => "无法创建 Pod 沙箱",
  },
  "wait.stuck.bgp": {
    en: () => "calico-node is not ready: BGP is not established with its peers",
    zh: () => "calico-node 未就绪：与对端的 BGP 未建立",
  },
  "wait.stuck.probe": {
    en: () => "running but its readiness probe fails",
    zh: () => "已运行但就绪探针失败",
  },
  "wait.stuck.waiting": {
    en: (p) => `container ${p.container} is waiting: ${p.reason}`,
    zh: (p) => `容器 ${p.container} 处于等待状态：${p.reason}`,
  },
  "wait.stuck.notReady": {
    en: (p) => `not Ready (phase ${p.phase})`,
    zh: (p) => `未就绪（阶段 ${p.phase}）`,
  },
  "wait.stuck.noCni": {
    en: () => "no pod network is installed (no flannel or calico workload)",
    zh: () => "未安装 Pod 网络（没有 flannel 或 calico 工作负载）",
  },
  "wait.stuck.workloadMissing": {
    en: () => "does not exist",
    zh: () => "不存在",
  },
  "wait.stuck.workloadNotReady": {
    en: (p) =>
      p.condition ? `not ready (${p.condition})` : `${p.ready}/${p.desired} ready, no pod to blame yet`,
    zh: (p) => (p.condition ? `未就绪（${p.condition}）` : `${p.ready}/${p.desired} 就绪，尚无可追查的 Pod`),
  },
  // --- fixes
  "wait.fix.kubelet": {
    en: () => "systemctl status kubelet; journalctl -xeu kubelet",
    zh: () => "systemctl status kubelet; journalctl -xeu kubelet",
  },
  "wait.fix.installCni": {
    en: () => "install the pod network: kadm-wizard cni apply",
    zh: () => "安装 Pod 网络：kadm-wizard cni apply",
  },
  "wait.fix.pressure": {
    en: () => "free disk space / memory on the node (df -h; free -m), then wait again",
    zh: () => "释放节点的磁盘 / 内存（df -h; free -m）后再等待",
  },
  "wait.fix.imagePull.unreachable": {
    en: (p) =>
      `pull through a reachable mirror: kadm-wizard cni apply --image-mirror ${p.registry}=<mirror> (CNI images) or a containerd mirror (kadm-wizard prepare); try: crictl pull ${p.image}`,
    zh: (p) =>
      `改用可访问的镜像加速：kadm-wizard cni apply --image-mirror ${p.registry}=<加速地址>（CNI 镜像），或配置 containerd 镜像加速（kadm-wizard prepare）；可用 crictl pull ${p.image} 验证`,
  },
  "wait.fix.imagePull.not-found": {
    en: (p) =>
      `check the name and tag on ${p.registry}; a mirror may not have synced it yet (kadm-wizard images check)`,
    zh: (p) => `核对 ${p.registry} 上的镜像名和标签；镜像站可能尚未同步（kadm-wizard images check）`,
  },
  "wait.fix.imagePull.unauthorized": {
    en: (p) =>
      `${p.registry} wants credentials or the repository name is wrong; check the image name or use a public mirror`,
    zh: (p) => `${p.registry} 需要凭据或仓库名有误；请核对镜像名或改用公共镜像站`,
  },
  "wait.fix.imagePull.tls": {
    en: (p) =>
      `make containerd trust ${p.registry}: add its CA (ca = ...) in /etc/containerd/certs.d/${p.registry}/hosts.toml`,
    zh: (p) =>
      `让 containerd 信任 ${p.registry}：在 /etc/containerd/certs.d/${p.registry}/hosts.toml 中配置其 CA（ca = ...）`,
  },
  "wait.fix.imagePull.other": {
    en: (p) => `see why: crictl pull ${p.image}`,
    zh: (p) => `查看原因：crictl pull ${p.image}`,
  },
  "wait.fix.logs": {
    en: (p) => `kubectl -n ${p.namespace} logs ${p.pod} -c ${p.container} --previous`,
    zh: (p) => `kubectl -n ${p.namespace} logs ${p.pod} -c ${p.container} --previous`,
  },
  "wait.fix.describePod": {
    en: (p) => `kubectl -n ${p.namespace} describe pod ${p.pod}`,
    zh: (p) => `kubectl -n ${p.namespace} describe pod ${p.pod}`,
  },
  "wait.fix.describeWorkload": {
    en: (p) => `kubectl -n ${p.namespace} describe ${p.kind} ${p.name}`,
    zh: (p) => `kubectl -n ${p.namespace} describe ${p.kind} ${p.name}`,
  },
  "wait.fix.sandboxImage": {
    en: () =>
      "point containerd's sandbox image at a reachable mirror (kadm-wizard prepare sets it), then systemctl restart containerd",
    zh: () =>
      "将 containerd 的沙箱镜像指向可访问的镜像站（kadm-wizard prepare 会设置），然后 systemctl restart containerd",
  },
  "wait.fix.bgp": {
    en: () =>
      "allow TCP 179 between the nodes and check the address calico picked (IP_AUTODETECTION_METHOD, e.g. interface=eth0)",
    zh: () =>
      "放通节点间 TCP 179 端口，并检查 calico 选用的地址（IP_AUTODETECTION_METHOD，例如 interface=eth0）",
  },
} satisfies Record<string, Entry>;
