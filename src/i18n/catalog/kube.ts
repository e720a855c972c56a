import type { Entry } from "../entry.js";

/**
 * Kubernetes API errors as `cni apply` and `wait` report them (kube/explain.ts). The detail is the
 * KubeError's own English line (it names the server and the object). Keys "kubeapi.".
 */
export const KUBE_MESSAGES = {
  "kubeapi.unreachable": {
    en: (p) => p.detail as string,
    zh: (p) => `无法连接 API Server：${p.detail}`,
  },
  "kubeapi.unreachableHint": {
    en: (p) =>
      `check that kube-apiserver is running (crictl ps --name kube-apiserver) and that the kubeconfig (${p.source}) points at this cluster, or pass --kubeconfig FILE`,
    zh: (p) =>
      `确认 kube-apiserver 正在运行（crictl ps --name kube-apiserver），且 kubeconfig（${p.source}）指向本集群，或用 --kubeconfig FILE 指定`,
  },
  "kubeapi.tls": {
    en: (p) => p.detail as string,
    zh: (p) => `与 API Server 的 TLS 校验失败：${p.detail}`,
  },
  "kubeapi.tlsHint": {
    en: () =>
      "the kubeconfig is probably stale (kubeadm reset makes a new CA): cp /etc/kubernetes/admin.conf ~/.kube/config, or pass --kubeconfig /etc/kubernetes/admin.conf",
    zh: () =>
      "kubeconfig 可能已过期（kubeadm reset 会生成新 CA）：cp /etc/kubernetes/admin.conf ~/.kube/config，或使用 --kubeconfig /etc/kubernetes/admin.conf",
  },
  "kubeapi.unauthorized": {
    en: (p) => p.detail as string,
    zh: (p) => `API Server 拒绝了 kubeconfig 中的凭据：${p.detail}`,
  },
  "kubeapi.forbidden": {
    en: (p) => p.detail as string,
    zh: (p) => `权限不足：${p.detail}`,
  },
  "kubeapi.credentialsHint": {
    en: () => "use the cluster admin's kubeconfig: --kubeconfig /etc/kubernetes/admin.conf (as root)",
    zh: () => "请使用集群管理员的 kubeconfig：--kubeconfig /etc/kubernetes/admin.conf（以 root 运行）",
  },
  "kubeapi.noKubeconfig": {
    en: (p) => `no kubeconfig found: not --kubeconfig, ${p.files}`,
    zh: (p) => `找不到 kubeconfig：未指定 --kubeconfig，${p.files} 均不存在`,
  },
  "kubeapi.noKubeconfigEnv": {
    en: (p) => `no kubeconfig found: none of $KUBECONFIG (${p.files}) exists`,
    zh: (p) => `找不到 kubeconfig：$KUBECONFIG 中的文件（${p.files}）都不存在`,
  },
  "kubeapi.config": {
    en: (p) => p.detail as string,
    zh: (p) => `无法加载 kubeconfig：${p.detail}`,
  },
  "kubeapi.configHint": {
    en: () =>
      "run on the control-plane node as root (uses /etc/kubernetes/admin.conf) or pass --kubeconfig FILE",
    zh: () =>
      "请在控制平面节点上以 root 运行（使用 /etc/kubernetes/admin.conf），或用 --kubeconfig FILE 指定",
  },
  "kubeapi.other": {
    en: (p) => p.detail as string,
    zh: (p) => `API 请求失败：${p.detail}`,
  },
  "kubeapi.otherHint": {
    en: () => "run again with --verbose for details; kadm-wizard doctor checks the control plane",
    zh: () => "加 --verbose 重新运行可查看详情；kadm-wizard doctor 可检查控制平面",
  },
} satisfies Record<string, Entry>;
