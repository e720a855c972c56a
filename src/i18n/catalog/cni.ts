import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/** `kadm-wizard cni apply` and the CNI library (cni/install.ts). Keys "cni.". */
export const CNI_MESSAGES = {
  "cni.usage": {
    en: (p) => `unknown cni subcommand "${p.value}"; the only one is apply.`,
    zh: (p) => `未知的 cni 子命令 "${p.value}"；目前只有 apply。`,
  },
  "cni.usageHint": {
    en: () => "e.g. kadm-wizard cni apply --cni calico",
    zh: () => "例如 kadm-wizard cni apply --cni calico",
  },
  "cni.none": {
    en: () => "--cni none: there is no pod network to apply.",
    zh: () => "--cni none：没有要安装的 Pod 网络。",
  },
  "cni.noneHint": {
    en: () => "choose one: --cni flannel or --cni calico (or --manifest FILE for your own)",
    zh: () => "请选择：--cni flannel 或 --cni calico（或用 --manifest FILE 指定自己的清单）",
  },
  "cni.versionUnknown": {
    en: (p) =>
      `no pinned manifest checksum for ${p.plugin} ${p.version} in this release (known: ${p.known}).`,
    zh: (p) => `本版本没有 ${p.plugin} ${p.version} 的清单校验和（已知版本：${p.known}）。`,
  },
  "cni.notTested": {
    en: (p) =>
      `${p.plugin} ${p.version} is not yet listed as tested with Kubernetes ${p.minor} by ${p.upstream} (tested: ${p.tested}; from ${p.source}); it may work, but upstream has not said so.`,
    zh: (p) =>
      `${p.upstream} 尚未将 ${p.plugin} ${p.version} 列为已在 Kubernetes ${p.minor} 上测试（已测试：${p.tested}；来源：${p.source}）；可能可用，但上游尚未确认。`,
  },
  "cni.versionUnknownHint": {
    en: (p) =>
      `use a known --cni-version, or pass the ${p.plugin} manifest yourself with --manifest PATH|URL`,
    zh: (p) => `请使用已知的 --cni-version，或用 --manifest PATH|URL 自行提供 ${p.plugin} 清单`,
  },
  "cni.sourceTemplate.scheme": {
    en: (p) =>
      `manifest source "${p.template}" in the profile is not an http(s) URL (expands to "${p.detail}").`,
    zh: (p) => `方案中的清单来源 "${p.template}" 不是 http(s) URL（展开为 "${p.detail}"）。`,
  },
  "cni.sourceTemplate.placeholder": {
    en: (p) => `manifest source "${p.template}" in the profile uses the unknown placeholder ${p.detail}.`,
    zh: (p) => `方案中的清单来源 "${p.template}" 使用了未知占位符 ${p.detail}。`,
  },
  "cni.sourceTemplateHint": {
    en: () =>
      "fix cni.manifestSources in the profile: http(s) URLs with {repo} {tag} {path} {file} {url} {plugin} {version}",
    zh: () =>
      "请修正方案中的 cni.manifestSources：使用 http(s) URL，可用占位符 {repo} {tag} {path} {file} {url} {plugin} {version}",
  },
  // --- getting the manifest
  "cni.obtain.userFileUnreadable": {
    en: (p) => `cannot read --manifest ${p.path}: ${p.reason}.`,
    zh: (p) => `无法读取 --manifest ${p.path}：${p.reason}。`,
  },
  "cni.obtain.userUrlFailed": {
    en: (p) => `cannot download --manifest ${p.url}: ${p.reason}.`,
    zh: (p) => `无法下载 --manifest ${p.url}：${p.reason}。`,
  },
  "cni.obtain.userHint": {
    en: () => "pass a readable YAML file or a reachable http(s) URL with --manifest",
    zh: () => "请用 --manifest 传入可读取的 YAML 文件或可访问的 http(s) URL",
  },
  "cni.obtain.noSources": {
    en: (p) =>
      `the profile names no download source for the ${p.plugin} ${p.version} manifest and ${p.cache} is not cached.`,
    zh: (p) => `方案没有为 ${p.plugin} ${p.version} 清单配置下载来源，且本地缓存 ${p.cache} 不存在。`,
  },
  "cni.obtain.noSourcesHint": {
    en: (p) =>
      `copy the manifest to this host and pass --manifest FILE, or put the pinned file at ${p.cache}`,
    zh: (p) => `请把清单复制到本机并用 --manifest FILE 指定，或把固定版本的文件放到 ${p.cache}`,
  },
  "cni.obtain.checksumMismatch": {
    en: (p) =>
      `no source served the pinned ${p.plugin} ${p.version} manifest (sha256 ${String(p.expected).slice(0, 16)}...): ${p.attempts}.`,
    zh: (p) =>
      `没有任何来源提供固定版本的 ${p.plugin} ${p.version} 清单（sha256 ${String(p.expected).slice(0, 16)}...）：${p.attempts}。`,
  },
  "cni.obtain.checksumMismatchHint": {
    en: () =>
      "a mirror served another file; fix cni.manifestSources in the profile, or pass a file you trust with --manifest FILE (it is then applied as given)",
    zh: () =>
      "镜像站提供的是其他文件；请修正方案中的 cni.manifestSources，或用 --manifest FILE 传入你信任的文件（将按原样应用）",
  },
  "cni.obtain.allSourcesFailed": {
    en: (p) => `cannot download the ${p.plugin} ${p.version} manifest: ${p.attempts}.`,
    zh: (p) => `无法下载 ${p.plugin} ${p.version} 清单：${p.attempts}。`,
  },
  "cni.obtain.allSourcesFailedHint": {
    en: () =>
      "check the network or add a reachable mirror to cni.manifestSources in the profile; offline: --manifest FILE",
    zh: () => "请检查网络，或在方案的 cni.manifestSources 中加入可访问的镜像；离线环境：--manifest FILE",
  },
  "cni.attempt.mismatch": {
    en: (p) => `${p.url} sent sha256 ${p.got}... instead of ${p.expected}...`,
    zh: (p) => `${p.url} 返回的 sha256 为 ${p.got}...，应为 ${p.expected}...`,
  },
  "cni.attempt.error": {
    en: (p) => `${p.url}: ${p.reason}`,
    zh: (p) => `${p.url}：${p.reason}`,
  },
  "cni.sourcesSkipped": {
    en: (p) => `skipped manifest sources: ${p.attempts}`,
    zh: (p) => `已跳过的清单来源：${p.attempts}`,
  },
  "cni.pluginMismatch": {
    en: (p) => `--manifest is a ${p.detected} manifest but --cni is ${p.plugin}.`,
    zh: (p) => `--manifest 是 ${p.detected} 清单，但 --cni 为 ${p.plugin}。`,
  },
  "cni.pluginMismatchHint": {
    en: (p) => `pass --cni ${p.detected}, or leave --cni out with --manifest`,
    zh: (p) => `请传入 --cni ${p.detected}，或在使用 --manifest 时省略 --cni`,
  },
  "cni.userManifestPinned": {
    en: (p) => `--manifest is the pinned ${p.plugin} ${p.version} manifest (sha256 verified).`,
    zh: (p) => `--manifest 与固定版本 ${p.plugin} ${p.version} 的清单一致（sha256 已校验）。`,
  },
  "cni.userManifestUnpinned": {
    en: (p) => `--manifest (sha256 ${p.sha}...) is not a release this version pins; it is applied as given.`,
    zh: (p) => `--manifest（sha256 ${p.sha}...）不是本版本固定的发布版本；将按原样应用。`,
  },
  // --- pod subnet
  "cni.podSubnetMismatch": {
    en: (p) => `--pod-subnet ${p.given} is not the cluster's pod subnet ${p.cluster} (kubeadm-config).`,
    zh: (p) => `--pod-subnet ${p.given} 与集群的 Pod 网段 ${p.cluster}（kubeadm-config）不一致。`,
  },
  "cni.podSubnetMismatchHint": {
    en: (p) =>
      `leave --pod-subnet out (the cluster's ${p.cluster} is used); a different range needs kubeadm reset and init with it`,
    zh: (p) =>
      `请省略 --pod-subnet（将使用集群的 ${p.cluster}）；如需其他网段，必须 kubeadm reset 后用该网段重新 init`,
  },
  "cni.clusterNoPodSubnet": {
    en: (p) =>
      `the cluster has no pod subnet (kubeadm init ran without --pod-network-cidr), so nodes get no pod CIDR and ${p.plugin} cannot start ("pod cidr not assigned").`,
    zh: (p) =>
      `集群没有 Pod 网段（kubeadm init 时未指定 --pod-network-cidr），节点不会分配 Pod CIDR，${p.plugin} 无法启动（"pod cidr not assigned"）。`,
  },
  "cni.clusterNoPodSubnetHint": {
    en: () =>
      "use --cni calico, or kubeadm reset and init again with a pod subnet (kadm-wizard init sets one)",
    zh: () => "改用 --cni calico，或 kubeadm reset 后带 Pod 网段重新 init（kadm-wizard init 会自动设置）",
  },
  "cni.noKubeadmConfig": {
    en: (p) =>
      `no kube-system/kubeadm-config in the cluster (not set up by kubeadm?); using pod subnet ${p.podSubnet}.`,
    zh: (p) =>
      `集群中没有 kube-system/kubeadm-config（不是 kubeadm 部署的？）；使用 Pod 网段 ${p.podSubnet}。`,
  },
  // --- patch refusals (cni/patch/types.ts codes)
  "cni.patch.yamlInvalid": {
    en: (p) => `the manifest is not valid YAML (line ${p.line}, column ${p.column}: ${p.reason}).`,
    zh: (p) => `清单不是合法的 YAML（第 ${p.line} 行第 ${p.column} 列：${p.reason}）。`,
  },
  "cni.patch.yamlInvalidHint": {
    en: () => "pass the upstream manifest unchanged, or fix the YAML",
    zh: () => "请传入未修改的上游清单，或修正 YAML",
  },
  "cni.patch.notAnObject": {
    en: (p) => `document ${p.index} of the manifest is not a Kubernetes object.`,
    zh: (p) => `清单中第 ${p.index} 个文档不是 Kubernetes 对象。`,
  },
  "cni.patch.notAnObjectHint": {
    en: () => "every YAML document must be a mapping with apiVersion, kind and metadata",
    zh: () => "每个 YAML 文档都必须是包含 apiVersion、kind 和 metadata 的映射",
  },
  "cni.patch.invalidPodSubnet": {
    en: (p) => `pod subnet "${p.podSubnet}" is not one CIDR or an IPv4 and an IPv6 CIDR.`,
    zh: (p) => `Pod 网段 "${p.podSubnet}" 不是一个 CIDR，也不是一个 IPv4 加一个 IPv6 CIDR。`,
  },
  "cni.patch.invalidPodSubnetHint": {
    en: () => "e.g. --pod-subnet 10.244.0.0/16 or --pod-subnet 10.244.0.0/16,fd00:10:244::/56",
    zh: () => "例如 --pod-subnet 10.244.0.0/16 或 --pod-subnet 10.244.0.0/16,fd00:10:244::/56",
  },
  "cni.patch.noIpv4PodSubnet": {
    en: (p) => `${p.plugin} needs an IPv4 pod subnet; "${p.podSubnet}" has none.`,
    zh: (p) => `${p.plugin} 需要 IPv4 Pod 网段；"${p.podSubnet}" 中没有。`,
  },
  "cni.patch.noIpv4PodSubnetHint": {
    en: () => "add an IPv4 range: --pod-subnet 10.244.0.0/16,<IPv6 CIDR>",
    zh: () => "请加入 IPv4 网段：--pod-subnet 10.244.0.0/16,<IPv6 CIDR>",
  },
  "cni.patch.layoutUnknown": {
    en: (p) => `the manifest does not look like ${p.plugin}: expected ${p.expected}.`,
    zh: (p) => `该清单看起来不是 ${p.plugin}：应包含 ${p.expected}。`,
  },
  "cni.patch.layoutUnknownHint": {
    en: () => "pass the upstream manifest of the plugin named by --cni",
    zh: () => "请传入与 --cni 对应插件的上游清单",
  },
  "cni.patch.netConfInvalid": {
    en: (p) => `net-conf.json in ${p.object} is not valid: ${p.reason}.`,
    zh: (p) => `${p.object} 中的 net-conf.json 无效：${p.reason}。`,
  },
  "cni.patch.netConfInvalidHint": {
    en: () => "fix net-conf.json in the manifest (it must be a JSON object)",
    zh: () => "请修正清单中的 net-conf.json（必须是 JSON 对象）",
  },
  "cni.patch.cidrConflict": {
    en: (p) => `${p.object} ${p.path} is ${p.manifest} but the cluster's pod subnet is ${p.podSubnet}.`,
    zh: (p) => `${p.object} 的 ${p.path} 为 ${p.manifest}，但集群的 Pod 网段是 ${p.podSubnet}。`,
  },
  "cni.patch.cidrConflictHint": {
    en: (p) => `change it to ${p.podSubnet} in your manifest (or remove it and let kadm-wizard set it)`,
    zh: (p) => `请在清单中改为 ${p.podSubnet}（或删除该项由 kadm-wizard 设置）`,
  },
  "cni.patch.imageInvalid": {
    en: (p) => `${p.object} ${p.path}: "${p.image}" is not a valid image reference.`,
    zh: (p) => `${p.object} ${p.path}："${p.image}" 不是合法的镜像引用。`,
  },
  "cni.patch.imageInvalidHint": {
    en: () => "fix the image in the manifest",
    zh: () => "请修正清单中的镜像",
  },
  "cni.patch.mirrorInvalid": {
    en: (p) => `image mirror ${p.registry}=${p.mirror} is not usable: ${p.reason}.`,
    zh: (p) => `镜像加速 ${p.registry}=${p.mirror} 不可用：${p.reason}。`,
  },
  "cni.patch.mirrorInvalidHint": {
    en: () => "e.g. --image-mirror quay.io=quay.m.daocloud.io",
    zh: () => "例如 --image-mirror quay.io=quay.m.daocloud.io",
  },
  "cni.patch.invalidInterface": {
    en: (p) => `network interface "${p.interface}" is empty or contains spaces.`,
    zh: (p) => `网卡名 "${p.interface}" 为空或包含空格。`,
  },
  "cni.patch.invalidInterfaceHint": {
    en: () => "give the node interface name, e.g. eth0",
    zh: () => "请给出节点网卡名，例如 eth0",
  },
  // --- applying
  "cni.crdsNotEstablished": {
    en: (p) =>
      `${plural(p.count, "CustomResourceDefinition")} not Established after ${p.seconds}s: ${p.names}.`,
    zh: (p) => `${p.count} 个 CustomResourceDefinition 在 ${p.seconds} 秒后仍未 Established：${p.names}。`,
  },
  "cni.crdsNotEstablishedHint": {
    en: () => "kubectl get crd -o wide; kubectl describe crd NAME (names conflicts are listed there)",
    zh: () => "kubectl get crd -o wide; kubectl describe crd NAME（名称冲突会在其中列出）",
  },
  "cni.progress.fetching": {
    en: (p) => `manifest: ${p.what}`,
    zh: (p) => `清单：${p.what}`,
  },
  "cni.progress.downloading": {
    en: (p) => `manifest: downloading ${p.url}`,
    zh: (p) => `清单：正在下载 ${p.url}`,
  },
  "cni.progress.establish": {
    en: (p) => `waiting for ${plural(p.count, "CustomResourceDefinition")} to be Established`,
    zh: (p) => `等待 ${p.count} 个 CustomResourceDefinition 变为 Established`,
  },
  "cni.progress.applying": {
    en: (p) => `server-side apply: ${p.done}/${plural(p.total, "object")}`,
    zh: (p) => `服务端应用：${p.done}/${p.total} 个对象`,
  },
  "cni.summary": {
    en: (p) =>
      `${p.plugin}: ${plural(p.total, "object")} applied (${p.created} created, ${p.configured} configured, ${p.unchanged} unchanged)`,
    zh: (p) =>
      `${p.plugin}：已应用 ${p.total} 个对象（新建 ${p.created}，更新 ${p.configured}，未变化 ${p.unchanged}）`,
  },
  "cni.outcome.created": { en: () => "created", zh: () => "新建" },
  "cni.outcome.configured": { en: () => "configured", zh: () => "更新" },
  "cni.outcome.unchanged": { en: () => "unchanged", zh: () => "未变化" },
  "cni.origin.cache": {
    en: (p) => `${p.plugin} ${p.version} manifest from the cache ${p.where} (sha256 verified)`,
    zh: (p) => `${p.plugin} ${p.version} 清单来自本地缓存 ${p.where}（sha256 已校验）`,
  },
  "cni.origin.download": {
    en: (p) => `${p.plugin} ${p.version} manifest from ${p.where} (sha256 verified)`,
    zh: (p) => `${p.plugin} ${p.version} 清单来自 ${p.where}（sha256 已校验）`,
  },
  "cni.origin.user": {
    en: (p) => `${p.plugin} manifest from ${p.where}`,
    zh: (p) => `${p.plugin} 清单来自 ${p.where}`,
  },
  "cni.patched": {
    en: (p) =>
      `patched: pod subnet ${p.podSubnet} (from the ${p.source}), ${plural(p.changes, "change")}, images: ${p.images}`,
    zh: (p) =>
      `已修改：Pod 网段 ${p.podSubnet}（来自${p.source}），共 ${p.changes} 处修改，镜像：${p.images}`,
  },
  "cni.source.cluster": { en: () => "cluster", zh: () => "集群" },
  "cni.source.spec": { en: () => "flags/profile", zh: () => "参数/方案" },
  "cni.task.apply": {
    en: () => "server-side apply",
    zh: () => "服务端应用",
  },
  "cni.dryRunNote": {
    en: (p) =>
      `dry run: ${p.what} patched for pod subnet ${p.podSubnet} (from flags/profile; the cluster was not contacted); nothing was applied.`,
    zh: (p) =>
      `试运行：${p.what} 已按 Pod 网段 ${p.podSubnet} 修改（来自参数/方案；未连接集群）；未应用任何内容。`,
  },
  "cni.dryRunDownload": {
    en: (p) => `would download the pinned ${p.what} manifest (sha256 ${p.sha}) from the first of:`,
    zh: (p) => `将从以下第一个可用地址下载固定版本的 ${p.what} 清单（sha256 ${p.sha}）：`,
  },
  "cni.dryRunDownloadUser": {
    en: (p) => `would download ${p.what} (--manifest) from:`,
    zh: (p) => `将下载 ${p.what}（--manifest），地址：`,
  },
  "cni.dryRunPatch": {
    en: (p) => `then patch it (pod subnet ${p.podSubnet}; images: ${p.mirrors}) and apply it.`,
    zh: (p) => `然后修改清单（Pod 网段 ${p.podSubnet}；镜像：${p.mirrors}）并应用。`,
  },
  "cni.dryRunNoMirrors": {
    en: () => "as published",
    zh: () => "保持原样",
  },
  "cni.dryRunDownloadNote": {
    en: () =>
      "dry run: nothing was downloaded or applied (a dry run connects to nothing); --manifest FILE shows the patched manifest.",
    zh: () =>
      "试运行：未下载、未应用任何内容（试运行不连接任何地址）；使用 --manifest 文件 可查看修改后的清单。",
  },
  "cni.noWait": {
    en: () => "not waiting for readiness (--no-wait); check later with: kadm-wizard wait",
    zh: () => "未等待就绪（--no-wait）；稍后可运行：kadm-wizard wait",
  },
} satisfies Record<string, Entry>;
