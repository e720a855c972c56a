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
  "wait.phase.waitingOn": {
    en: (p) => ` (waiting on ${p.object}: ${p.cause})`,
    zh: (p) => `（正在等待 ${p.object}：${p.cause}）`,
  },
  "wait.phase.pullRetrying": {
    en: (p) => `pulling ${p.image} keeps failing; the kubelet retries`,
    zh: (p) => `拉取 ${p.image} 一直失败；kubelet 正在重试`,
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
  "wait.reportScope": {
    en: (p) =>
      `looked at ${p.namespaces} only (what the cluster needs to be up); for workloads in other namespaces run kadm-wizard doctor`,
    zh: (p) => `仅检查了 ${p.namespaces}（集群运行所需）；其他命名空间中的工作负载请运行 kadm-wizard doctor`,
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
} satisfies Record<string, Entry>;
