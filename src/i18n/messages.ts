import { ARCHIVE_MESSAGES } from "./catalog/archive.js";
import { BUNDLE_MESSAGES } from "./catalog/bundle.js";
import { CNI_MESSAGES } from "./catalog/cni.js";
import { COMPLETION_MESSAGES } from "./catalog/completion.js";
import { CONTAINERD_MESSAGES } from "./catalog/containerd.js";
import { DAY2_MESSAGES } from "./catalog/day2.js";
import { DOCTOR_MESSAGES } from "./catalog/doctor.js";
import { HA_MESSAGES } from "./catalog/ha.js";
import { HOSTFS_MESSAGES } from "./catalog/host-fs.js";
import { IMAGES_MESSAGES } from "./catalog/images.js";
import { INPUT_MESSAGES } from "./catalog/input.js";
import { INTERRUPT_MESSAGES } from "./catalog/interrupt.js";
import { KUBE_MESSAGES } from "./catalog/kube.js";
import { KUBEADM_MESSAGES } from "./catalog/kubeadm.js";
import { PREFLIGHT_MESSAGES } from "./catalog/preflight.js";
import { PREPARE_MESSAGES } from "./catalog/prepare.js";
import { PULL_MESSAGES } from "./catalog/pull.js";
import { REGISTRY_MESSAGES } from "./catalog/registry.js";
import { RUN_MESSAGES } from "./catalog/run.js";
import { SPEC_INPUT_MESSAGES } from "./catalog/spec-input.js";
import { SSH_MESSAGES } from "./catalog/ssh.js";
import { STEP_MESSAGES } from "./catalog/steps.js";
import { UPGRADE_MESSAGES } from "./catalog/upgrade.js";
import { UPGRADE_APPLY_MESSAGES } from "./catalog/upgrade-apply.js";
import { WAIT_MESSAGES } from "./catalog/wait.js";
import type { Entry, Params } from "./entry.js";
import type { Lang } from "./lang.js";

/**
 * Every user-facing sentence, in both languages side by side so neither can be forgotten.
 * Keys are stable; tests assert on keys, users read the text.
 */
const CORE_MESSAGES = {
  // --- versions
  "version.format": {
    en: (p) => `Kubernetes version "${p.value}" is not a release version like v1.33.2.`,
    zh: (p) => `Kubernetes 版本 "${p.value}" 不是形如 v1.33.2 的发布版本号。`,
  },
  "version.major": {
    en: (p) =>
      `Kubernetes version "${p.value}" has major version ${p.major}; every Kubernetes release is v1.x.`,
    zh: (p) => `Kubernetes 版本 "${p.value}" 的主版本号为 ${p.major}；Kubernetes 的发布版本都是 v1.x。`,
  },
  "version.majorHint": {
    en: () => "pass a Kubernetes release, e.g. --k8s-version v1.33.2",
    zh: () => "请传入 Kubernetes 的发布版本，例如 --k8s-version v1.33.2",
  },
  "version.formatHint": {
    en: () => "pass a full version with a patch number, e.g. --k8s-version v1.33.2",
    zh: () => "请传入带补丁号的完整版本，例如 --k8s-version v1.33.2",
  },
  "version.label": {
    en: (p) =>
      `Kubernetes version "${p.value}" is a label, not a pinned release; resolving it needs dl.k8s.io, which is often unreachable.`,
    zh: (p) =>
      `Kubernetes 版本 "${p.value}" 是标签而非固定版本；解析它需要访问 dl.k8s.io，而该地址经常无法访问。`,
  },
  "version.tooOld": {
    en: (p) =>
      `Kubernetes ${p.value} is not supported: kubeadm ${p.value} predates the v1beta3 config API (1.22) and is out of upstream support.`,
    zh: (p) =>
      `不支持 Kubernetes ${p.value}：该版本的 kubeadm 早于 v1beta3 配置 API（1.22），且已停止上游支持。`,
  },
  "version.tooOldHint": {
    en: () => "pin v1.22.0 or later, e.g. --k8s-version v1.33.2",
    zh: () => "请使用 v1.22.0 或更新版本，例如 --k8s-version v1.33.2",
  },
  "version.newer": {
    en: (p) =>
      `Kubernetes ${p.value} is newer than the newest minor this release knows (v1.${p.known}); the generated config uses the newest known API and may need checking.`,
    zh: (p) =>
      `Kubernetes ${p.value} 比本工具已知的最新次版本 (v1.${p.known}) 更新；生成的配置使用已知的最新 API，可能需要核对。`,
  },
  "version.prerelease": {
    en: (p) => `Kubernetes ${p.value} is a pre-release; mirrors often do not carry its images.`,
    zh: (p) => `Kubernetes ${p.value} 是预发布版本；镜像站通常没有它的镜像。`,
  },
  // --- CIDRs and addresses
  "cidr.syntax": {
    en: (p) => `${p.what} "${p.value}" is not a CIDR like 10.244.0.0/16.`,
    zh: (p) => `${p.what} "${p.value}" 不是形如 10.244.0.0/16 的 CIDR。`,
  },
  "cidr.hostBits": {
    en: (p) => `${p.what} "${p.value}" has host bits set; the network is ${p.suggestion}.`,
    zh: (p) => `${p.what} "${p.value}" 的主机位不为零；对应的网段是 ${p.suggestion}。`,
  },
  "cidr.tooMany": {
    en: (p) =>
      `${p.what} "${p.value}" lists more than two CIDRs; dual-stack takes exactly one IPv4 and one IPv6 CIDR.`,
    zh: (p) => `${p.what} "${p.value}" 包含两个以上的 CIDR；双栈只能是一个 IPv4 加一个 IPv6 CIDR。`,
  },
  "cidr.dualSameFamily": {
    en: (p) =>
      `${p.what} "${p.value}" has two CIDRs of the same IP family; dual-stack needs one IPv4 and one IPv6.`,
    zh: (p) => `${p.what} "${p.value}" 的两个 CIDR 属于同一 IP 协议族；双栈需要一个 IPv4 和一个 IPv6。`,
  },
  "cidr.familyMismatch": {
    en: (p) =>
      `pod subnet "${p.pod}" and service subnet "${p.svc}" must cover the same IP families (both single-stack of one family, or both dual-stack).`,
    zh: (p) =>
      `Pod 网段 "${p.pod}" 与 Service 网段 "${p.svc}" 的 IP 协议族必须一致（同为同一族的单栈，或同为双栈）。`,
  },
  "cidr.overlap": {
    en: (p) => `pod subnet ${p.a} overlaps service subnet ${p.b}.`,
    zh: (p) => `Pod 网段 ${p.a} 与 Service 网段 ${p.b} 重叠。`,
  },
  "cidr.hostOverlap": {
    en: (p) =>
      `${p.what} ${p.subnet} overlaps the host network ${p.host}; pods would be unable to reach those hosts.`,
    zh: (p) => `${p.what} ${p.subnet} 与主机网络 ${p.host} 重叠；Pod 将无法访问这些主机。`,
  },
  "cidr.overlapHint": {
    en: () => "choose non-overlapping ranges, e.g. --pod-subnet 10.244.0.0/16 --service-subnet 10.96.0.0/12",
    zh: () => "请选择互不重叠的网段，例如 --pod-subnet 10.244.0.0/16 --service-subnet 10.96.0.0/12",
  },
  "serviceSubnet.tooLarge": {
    en: (p) =>
      `service subnet ${p.value} is too large: kubeadm allows at most 2^20 service IPs (an IPv4 mask of /12 or longer, IPv6 /108 or longer).`,
    zh: (p) =>
      `Service 网段 ${p.value} 过大：kubeadm 最多允许 2^20 个 Service IP（IPv4 掩码至少 /12，IPv6 至少 /108）。`,
  },
  "podSubnet.smallerThanNode": {
    en: (p) =>
      `pod subnet ${p.value} is smaller than one node's pod range (/${p.nodeMask}); the controller manager could not allocate node CIDRs.`,
    zh: (p) =>
      `Pod 网段 ${p.value} 比单个节点的 Pod 网段 (/${p.nodeMask}) 还小；controller-manager 将无法分配节点 CIDR。`,
  },
  "podSubnet.tooLarge": {
    en: (p) =>
      `pod subnet ${p.value} is too large for node ranges of /${p.nodeMask}: kubeadm allows at most 16 bits between them.`,
    zh: (p) =>
      `Pod 网段 ${p.value} 相对于节点网段 /${p.nodeMask} 过大：kubeadm 要求两者掩码相差不超过 16 位。`,
  },
  "ip.invalid": {
    en: (p) => `${p.what} "${p.value}" is not an IPv4 or IPv6 address.`,
    zh: (p) => `${p.what} "${p.value}" 不是 IPv4 或 IPv6 地址。`,
  },
  "advertise.unusable": {
    en: (p) =>
      `advertise address ${p.value} cannot be used: loopback, unspecified, link-local and multicast addresses are unreachable from other nodes.`,
    zh: (p) => `通告地址 ${p.value} 不可用：回环、未指定、链路本地和组播地址无法被其他节点访问。`,
  },
  "advertise.hint": {
    en: () =>
      "pass this host's address on the cluster network, e.g. --advertise-address 192.168.1.10 (see `ip -br addr`)",
    zh: () =>
      "请传入本机在集群网络中的地址，例如 --advertise-address 192.168.1.10（可用 `ip -br addr` 查看）",
  },
  "advertise.familyMismatch": {
    en: (p) =>
      `advertise address ${p.value} is IPv${p.family} but the service subnet ${p.svc} has no IPv${p.family} range.`,
    zh: (p) => `通告地址 ${p.value} 是 IPv${p.family}，但 Service 网段 ${p.svc} 中没有 IPv${p.family} 网段。`,
  },
  "advertise.inSubnet": {
    en: (p) => `advertise address ${p.value} lies inside the ${p.what} ${p.subnet}.`,
    zh: (p) => `通告地址 ${p.value} 位于${p.what} ${p.subnet} 之内。`,
  },
  // --- names, ports, endpoints
  "dnsDomain.invalid": {
    en: (p) => `DNS domain "${p.value}" is not a valid DNS name (lowercase letters, digits, '-' and '.').`,
    zh: (p) => `DNS 域名 "${p.value}" 不是合法的 DNS 名称（小写字母、数字、'-' 和 '.'）。`,
  },
  "nodeName.invalid": {
    en: (p) =>
      `node name "${p.value}" is not a DNS-1123 name: use lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit.`,
    zh: (p) =>
      `节点名 "${p.value}" 不符合 DNS-1123 规范：只能使用小写字母、数字、'-' 和 '.'，最长 253 个字符，且以字母或数字开头和结尾。`,
  },
  "nodeName.labelTooLong": {
    en: (p) =>
      `node name "${p.value}" is not a DNS-1123 name: each part between dots is at most 63 characters (part ${p.index} has ${p.length}).`,
    zh: (p) =>
      `节点名 "${p.value}" 不符合 DNS-1123 规范：以点分隔的每一段最长 63 个字符（第 ${p.index} 段有 ${p.length} 个）。`,
  },
  "nodeName.tooLong": {
    en: (p) => `node name "${p.value}" is not a DNS-1123 name: ${p.length} characters, at most 253.`,
    zh: (p) => `节点名 "${p.value}" 不符合 DNS-1123 规范：共 ${p.length} 个字符，最长 253 个。`,
  },
  "nodeName.hint": {
    en: (p) => `pass --node-name ${p.suggestion}`,
    zh: (p) => `请传入 --node-name ${p.suggestion}`,
  },
  "nodeName.hintGeneric": {
    en: () => "pass a valid --node-name, e.g. --node-name worker-1",
    zh: () => "请传入合法的 --node-name，例如 --node-name worker-1",
  },
  "port.range": {
    en: (p) => `${p.what} ${p.value} is not a TCP port (1-65535).`,
    zh: (p) => `${p.what} ${p.value} 不是有效的 TCP 端口 (1-65535)。`,
  },
  "endpoint.invalid": {
    en: (p) => `${p.what} "${p.value}" is not HOST or HOST:PORT (IPv6 as [addr]:port).`,
    zh: (p) => `${p.what} "${p.value}" 不是 HOST 或 HOST:PORT 格式（IPv6 写作 [地址]:端口）。`,
  },
  "endpoint.needsPort": {
    en: (p) => `${p.what} "${p.value}" needs a port, e.g. ${p.suggestion}.`,
    zh: (p) => `${p.what} "${p.value}" 需要端口，例如 ${p.suggestion}。`,
  },
  "endpoint.ipv6Brackets": {
    en: (p) =>
      `${p.what} "${p.value}" is an IPv6 address without brackets, so it has no port; write it as ${p.suggestion}.`,
    zh: (p) => `${p.what} "${p.value}" 是未加方括号的 IPv6 地址，因此没有端口；请写成 ${p.suggestion}。`,
  },
  "certSAN.invalid": {
    en: (p) => `certificate SAN "${p.value}" is neither an IP address nor a DNS name.`,
    zh: (p) => `证书 SAN "${p.value}" 既不是 IP 地址也不是 DNS 名称。`,
  },
  "imageRepository.invalid": {
    en: (p) =>
      `image repository "${p.value}" is not a registry path like registry.aliyuncs.com/google_containers (no scheme, no trailing slash, lowercase).`,
    zh: (p) =>
      `镜像仓库 "${p.value}" 不是形如 registry.aliyuncs.com/google_containers 的仓库路径（不带协议头、不以斜杠结尾、小写）。`,
  },
  "criSocket.invalid": {
    en: (p) =>
      `CRI socket "${p.value}" is not a unix:// URL like unix:///var/run/containerd/containerd.sock.`,
    zh: (p) => `CRI 套接字 "${p.value}" 不是形如 unix:///var/run/containerd/containerd.sock 的 unix:// URL。`,
  },
  "enum.invalid": {
    en: (p) => `--${p.flag} "${p.value}" is not one of: ${p.allowed}.`,
    zh: (p) => `--${p.flag} 的值 "${p.value}" 不在可选范围内：${p.allowed}。`,
  },
  "proxyMode.nftablesTooOld": {
    en: (p) =>
      `kube-proxy mode nftables needs Kubernetes 1.31 or later (it is alpha behind a feature gate before that); ${p.version} was pinned.`,
    zh: (p) =>
      `kube-proxy 的 nftables 模式需要 Kubernetes 1.31 或更新版本（此前为需特性门控的 alpha 功能）；当前固定的是 ${p.version}。`,
  },
  "allowCgroupV1.tooOld": {
    en: (p) =>
      `--allow-cgroup-v1 needs Kubernetes 1.31 or later (older kubelets have no failCgroupV1 and run on cgroup v1 without it); ${p.version} was pinned.`,
    zh: (p) =>
      `--allow-cgroup-v1 需要 Kubernetes 1.31 或更新版本（更早的 kubelet 没有 failCgroupV1，本就可在 cgroup v1 上运行）；当前固定的是 ${p.version}。`,
  },
  "cniVersion.invalid": {
    en: (p) => `CNI version "${p.value}" is not a release tag like v0.28.9.`,
    zh: (p) => `CNI 版本 "${p.value}" 不是形如 v0.28.9 的发布标签。`,
  },
  "flannel.ipv6Only": {
    en: (p) =>
      `flannel's manifest sets only an IPv4 network, but the pod subnet ${p.value} has no IPv4 range.`,
    zh: (p) => `flannel 清单只配置 IPv4 网络，但 Pod 网段 ${p.value} 中没有 IPv4 网段。`,
  },
  "flannel.subnetTooSmall": {
    en: (p) =>
      `pod subnet ${p.value} leaves flannel no room: it hands each node a /24, so the network must be /23 or larger (flannel's default is 10.244.0.0/16).`,
    zh: (p) =>
      `Pod 网段 ${p.value} 对 flannel 来说太小：flannel 给每个节点分配 /24，网络至少需要 /23（flannel 默认 10.244.0.0/16）。`,
  },
  "imageMirror.invalid": {
    en: (p) =>
      `image mirror "${p.value}" is not REGISTRY=PREFIX or a PREFIX like docker.m.daocloud.io (no scheme).`,
    zh: (p) =>
      `镜像加速 "${p.value}" 不是 REGISTRY=PREFIX 或形如 docker.m.daocloud.io 的前缀（不带协议头）。`,
  },
  "imageMirror.hint": {
    en: () =>
      "pass --image-mirror docker.m.daocloud.io (all of docker.io, quay.io, ghcr.io) or --image-mirror quay.io=quay.m.daocloud.io",
    zh: () =>
      "请传入 --image-mirror docker.m.daocloud.io（覆盖 docker.io、quay.io、ghcr.io）或 --image-mirror quay.io=quay.m.daocloud.io",
  },
  "registryMirror.invalid": {
    en: (p) => `registry mirror "${p.value}" for ${p.registry} is not an http(s):// URL.`,
    zh: (p) => `${p.registry} 的镜像加速地址 "${p.value}" 不是 http(s):// URL。`,
  },
  "packageRepository.invalid": {
    en: (p) => `packageRepository.${p.field} "${p.value}" is not an http(s):// or file:// URL.`,
    zh: (p) => `packageRepository.${p.field} "${p.value}" 不是 http(s):// 或 file:// URL。`,
  },
  "packageRepository.hint": {
    en: () =>
      "use the repository's base URL, e.g. https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/deb/ or http://repo.internal/docker-ce",
    zh: () =>
      "请填写软件源的根地址，如 https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/deb/ 或 http://repo.internal/docker-ce",
  },
  "token.invalid": {
    en: (p) => `bootstrap token "${p.value}" does not match [a-z0-9]{6}.[a-z0-9]{16}.`,
    zh: (p) => `引导令牌 "${p.value}" 不符合 [a-z0-9]{6}.[a-z0-9]{16} 格式。`,
  },
  "token.example": {
    en: () => "bootstrap token abcdef.0123456789abcdef is the documentation's example, known to everyone.",
    zh: () => "引导令牌 abcdef.0123456789abcdef 是文档中的示例，人人皆知。",
  },
  "token.exampleJoin": {
    en: () =>
      "the join token abcdef.0123456789abcdef is the kubeadm documentation's example (`kubeadm config print init-defaults`): anyone who can reach the API server can join a node with it. Rotate it: `kadm-wizard token` on the control plane prints a fresh join command; then `kubeadm token delete abcdef`.",
    zh: () =>
      "加入令牌 abcdef.0123456789abcdef 是 kubeadm 文档中的示例令牌（`kubeadm config print init-defaults`）：任何能访问 API 服务器的人都能用它加入节点。请轮换：在控制平面上运行 `kadm-wizard token` 打印新的加入命令，然后执行 `kubeadm token delete abcdef`。",
  },
  "token.hint": {
    en: () => "leave the token out to get a fresh random one, or create one with `kubeadm token generate`",
    zh: () => "不传令牌即可自动生成随机令牌，或用 `kubeadm token generate` 生成",
  },
  "ttl.invalid": {
    en: (p) => `token TTL "${p.value}" is not a duration like 24h, 2h30m or 0 (never expires).`,
    zh: (p) => `令牌有效期 "${p.value}" 不是形如 24h、2h30m 或 0（永不过期）的时长。`,
  },
  "certKey.invalid": {
    en: (p) => `certificate key "${p.value}" is not 64 hexadecimal characters (32 bytes).`,
    zh: (p) => `证书密钥 "${p.value}" 不是 64 个十六进制字符（32 字节）。`,
  },
  "certKey.hint": {
    en: () => "leave it out to get a fresh one, or create one with `kubeadm certs certificate-key`",
    zh: () => "不传即可自动生成，或用 `kubeadm certs certificate-key` 生成",
  },
  "etcd.endpoint": {
    en: (p) => `external etcd endpoint "${p.value}" is not a URL like https://10.0.0.5:2379.`,
    zh: (p) => `外部 etcd 端点 "${p.value}" 不是形如 https://10.0.0.5:2379 的 URL。`,
  },
  "etcd.incomplete": {
    en: (p) =>
      `external etcd over https needs --etcd-cafile, --etcd-certfile and --etcd-keyfile; missing: ${p.missing}.`,
    zh: (p) =>
      `通过 https 使用外部 etcd 需要 --etcd-cafile、--etcd-certfile 和 --etcd-keyfile；缺少：${p.missing}。`,
  },
  "etcd.noEndpoints": {
    en: () => "external etcd files were given without --etcd-endpoints.",
    zh: () => "指定了外部 etcd 证书文件，但没有 --etcd-endpoints。",
  },
  "etcd.fileNotAbsolute": {
    en: (p) => `external etcd file "${p.value}" must be an absolute path.`,
    zh: (p) => `外部 etcd 文件 "${p.value}" 必须是绝对路径。`,
  },
  "join.caHash": {
    en: (p) => `CA certificate hash "${p.value}" is not sha256:<64 hex characters>.`,
    zh: (p) => `CA 证书哈希 "${p.value}" 不是 sha256:<64 位十六进制> 格式。`,
  },
  "join.certKeyMissing": {
    en: () =>
      "joining a control-plane node needs the certificate key printed by `kubeadm init --upload-certs`.",
    zh: () => "加入控制平面节点需要 `kubeadm init --upload-certs` 打印的证书密钥。",
  },
  "join.certKeyIgnored": {
    en: () =>
      "a certificate key is only used when joining a control-plane node (--control-plane); it is ignored.",
    zh: () => "证书密钥仅在加入控制平面节点 (--control-plane) 时使用；已忽略。",
  },
  "join.certKeyHint": {
    en: () =>
      "on the first control-plane node run `kadm-wizard token --control-plane` and pass --certificate-key",
    zh: () => "在第一个控制平面节点上运行 `kadm-wizard token --control-plane`，然后传入 --certificate-key",
  },
  "required.missing": {
    en: (p) => `missing required values: ${p.list}.`,
    zh: (p) => `缺少必需的值：${p.list}。`,
  },
  "fix.useNetwork": {
    en: (p) => `use --${p.flag} ${p.suggestion}`,
    zh: (p) => `请使用 --${p.flag} ${p.suggestion}`,
  },
  "fix.field": {
    en: (p) => `correct --${p.flag} (or "${p.path}" in the answers file); see \`kadm-wizard config --help\``,
    zh: (p) => `请修正 --${p.flag}（或答案文件中的 "${p.path}"）；参见 \`kadm-wizard config --help\``,
  },
  "fix.fileField": {
    en: (p) => `correct "${p.path}" in the profile or answers file`,
    zh: (p) => `请修正方案或答案文件中的 "${p.path}"`,
  },
  "required.hint": {
    en: () =>
      "pass them as flags, put them in an --answers file, or run in a terminal without --yes to be asked",
    zh: () => "请以参数传入，或写入 --answers 文件，或在终端中不带 --yes 运行以交互输入",
  },
  // --- files
  "file.unreadable": {
    en: (p) => `cannot read ${p.file}: ${p.reason}.`,
    zh: (p) => `无法读取 ${p.file}：${p.reason}。`,
  },
  "file.unreadableHint": {
    en: () => "check the path (relative paths are from the current directory) and that the file is readable",
    zh: () => "请检查路径（相对路径以当前目录为准）以及文件是否可读",
  },
  "file.yaml": {
    en: (p) => `${p.file} is not valid YAML: ${p.reason}.`,
    zh: (p) => `${p.file} 不是合法的 YAML：${p.reason}。`,
  },
  "file.notMapping": {
    en: (p) => `${p.file} must be a YAML mapping of settings at the top level.`,
    zh: (p) => `${p.file} 的顶层必须是 YAML 映射（键值对）。`,
  },
  "file.unknownKey": {
    en: (p) => `${p.file}: unknown key "${p.key}"${p.suggestion ? `; did you mean "${p.suggestion}"?` : "."}`,
    zh: (p) => `${p.file}：未知的键 "${p.key}"${p.suggestion ? `；是否想写 "${p.suggestion}"？` : "。"}`,
  },
  "file.badType": {
    en: (p) => `${p.file}: key "${p.key}" must be ${p.expected}, got ${p.got}.`,
    zh: (p) => `${p.file}：键 "${p.key}" 应为${p.expected}，实际为${p.got}。`,
  },
  "file.notAField": {
    en: (p) => `${p.file}: key "${p.key}": "${p.value}" is not a spec field`,
    zh: (p) => `${p.file}：键 "${p.key}"："${p.value}" 不是 spec 中的字段`,
  },
  "file.hint": {
    en: (p) => `fix ${p.file} and run again`,
    zh: (p) => `请修正 ${p.file} 后重试`,
  },
  "out.dirMissing": {
    en: (p) => `cannot write ${p.file}: directory ${p.dir} does not exist.`,
    zh: (p) => `无法写入 ${p.file}：目录 ${p.dir} 不存在。`,
  },
  "out.isDirectory": {
    en: (p) => `cannot write ${p.file}: it is a directory.`,
    zh: (p) => `无法写入 ${p.file}：它是一个目录。`,
  },
  "config.joinOnly": {
    en: (p) => `${p.flag} is only used with --join.`,
    zh: (p) => `${p.flag} 只能与 --join 一起使用。`,
  },
  "config.joinOnlyHint": {
    en: () => "add --join to print a JoinConfiguration",
    zh: () => "请加上 --join 以输出 JoinConfiguration",
  },
  "out.hint": {
    en: () => "create the directory first or choose another --out path",
    zh: () => "请先创建该目录，或换一个 --out 路径",
  },
  "out.written": {
    en: (p) => `wrote ${p.file} (mode 0600: it holds the bootstrap token)`,
    zh: (p) => `已写入 ${p.file}（权限 0600：其中包含引导令牌）`,
  },
  // --- profiles
  "profile.unknown": {
    en: (p) => `unknown profile "${p.value}"; built-in profiles: ${p.known}.`,
    zh: (p) => `未知的配置方案 "${p.value}"；内置方案：${p.known}。`,
  },
  "profile.hint": {
    en: () => "pass --profile aliyun|upstream|offline or a path to your own profile YAML",
    zh: () => "请传入 --profile aliyun|upstream|offline，或你自己的方案 YAML 文件路径",
  },
  // --- CLI
  "cli.unknownCommand": {
    en: (p) => `unknown command "${p.value}"${p.suggestion ? `; did you mean "${p.suggestion}"?` : "."}`,
    zh: (p) => `未知命令 "${p.value}"${p.suggestion ? `；是否想输入 "${p.suggestion}"？` : "。"}`,
  },
  "cli.helpHint": {
    en: (p) => `run \`kadm-wizard ${p.cmd}--help\` for usage`,
    zh: (p) => `运行 \`kadm-wizard ${p.cmd}--help\` 查看用法`,
  },
  "cli.badInt": {
    en: (p) => `--${p.flag} "${p.value}" is not a whole number.`,
    zh: (p) => `--${p.flag} 的值 "${p.value}" 不是整数。`,
  },
  "cli.badIntHint": {
    en: (p) => `pass a number, e.g. --${p.flag} 6443`,
    zh: (p) => `请传入数字，例如 --${p.flag} 6443`,
  },
  "cli.badLang": {
    en: (p) => `--lang "${p.value}" is not one of: en, zh.`,
    zh: (p) => `--lang 的值 "${p.value}" 不在可选范围内：en、zh。`,
  },
  "cli.badLangHint": {
    en: () => "pass --lang en or --lang zh (or leave it out to follow LANG)",
    zh: () => "请传入 --lang en 或 --lang zh（或不传，跟随 LANG）",
  },
  "cli.unknownOption": {
    en: (p) => `unknown option '${p.option}'${p.suggestion ? `; did you mean '${p.suggestion}'?` : "."}`,
    zh: (p) => `未知选项 '${p.option}'${p.suggestion ? `；是否想输入 '${p.suggestion}'？` : "。"}`,
  },
  "cli.optionNotHere": {
    en: (p) => `\`kadm-wizard ${p.cmd}\` does not take ${p.option} (it is an option of: ${p.commands}).`,
    zh: (p) => `\`kadm-wizard ${p.cmd}\` 不接受 ${p.option}（它是以下命令的选项：${p.commands}）。`,
  },
  "cli.missingValue": {
    en: (p) => `option ${p.option} needs a value.`,
    zh: (p) => `选项 ${p.option} 需要一个值。`,
  },
  "cli.missingValueHint": {
    en: (p) => `write ${p.option} VALUE (or ${p.option}=VALUE for a value that starts with "-")`,
    zh: (p) => `请写成 ${p.option} 值（值以 "-" 开头时写成 ${p.option}=值）`,
  },
  "cli.noValue": {
    en: (p) => `option ${p.option} is a switch and takes no value.`,
    zh: (p) => `选项 ${p.option} 是开关，不接受取值。`,
  },
  "cli.badArgs": {
    en: (p) => `cannot read the arguments at "${p.value}".`,
    zh: (p) => `无法解析参数 "${p.value}"。`,
  },
  "cli.notImplemented": {
    en: (p) => `\`kadm-wizard ${p.cmd}\` is not built yet in this release (${p.version}); nothing was done.`,
    zh: (p) => `此版本 (${p.version}) 尚未实现 \`kadm-wizard ${p.cmd}\`；未执行任何操作。`,
  },
  "cli.notImplementedHint": {
    en: () =>
      "see CHANGELOG.md for what is available; `kadm-wizard config` generates the kubeadm configuration",
    zh: () => "可用功能见 CHANGELOG.md；`kadm-wizard config` 可生成 kubeadm 配置",
  },
  "cli.unexpectedArg": {
    en: (p) => `unexpected argument "${p.value}".`,
    zh: (p) => `多余的参数 "${p.value}"。`,
  },
  "cli.internal": {
    en: (p) => `internal error: ${p.reason}`,
    zh: (p) => `内部错误：${p.reason}`,
  },
  "cli.internalHint": {
    en: () => "run again with --verbose for the stack trace and report it",
    zh: () => "请加 --verbose 重试以查看堆栈，并报告该问题",
  },
  "cli.interrupted": {
    en: () => "interrupted; nothing was written.",
    zh: () => "已中断；未写入任何内容。",
  },
  "cli.aborted": {
    en: () => "aborted at the confirmation; nothing was written.",
    zh: () => "已在确认时取消；未写入任何内容。",
  },
  "cli.warning": {
    en: (p) => `warning: ${p.text}`,
    zh: (p) => `警告：${p.text}`,
  },
  // --- wizard choices (the value first: it is what flags and files take)
  "wizard.cni.flannel": { en: () => "flannel  (VXLAN, simple)", zh: () => "flannel  （VXLAN，简单）" },
  "wizard.cni.calico": {
    en: () => "calico   (BGP/IPIP, NetworkPolicy)",
    zh: () => "calico   （BGP/IPIP，支持 NetworkPolicy）",
  },
  "wizard.cni.none": { en: () => "none     (install your own)", zh: () => "none     （自行安装）" },
  "wizard.proxy.nftables": {
    en: () => "nftables (Kubernetes 1.31+)",
    zh: () => "nftables（Kubernetes 1.31 及以上）",
  },
  // --- the words the progress library (listr2) adds itself
  "progress.failed": { en: () => "FAILED", zh: () => "失败" },
  "progress.skipped": { en: () => "SKIPPED", zh: () => "已跳过" },
  "progress.rollback": { en: () => "ROLLBACK", zh: () => "回滚" },
  "progress.retry": { en: () => "RETRY", zh: () => "重试" },
  "progress.paused": { en: () => "PAUSED", zh: () => "已暂停" },
  // --- the words the prompt library draws itself
  "prompt.key.navigate": { en: () => "navigate", zh: () => "移动" },
  "prompt.key.select": { en: () => "select", zh: () => "选择" },
  "prompt.yes": { en: () => "Yes", zh: () => "是" },
  "prompt.no": { en: () => "No", zh: () => "否" },
  "prompt.defaultYes": { en: (p) => `(${p.keys})`, zh: (p) => `（${p.keys}，默认：是）` },
  "prompt.defaultNo": { en: (p) => `(${p.keys})`, zh: (p) => `（${p.keys}，默认：否）` },
  "prompt.yesOrNo": { en: () => "answer y or n", zh: () => "请回答 y（是）或 n（否）" },
  // --- field labels (used inside other messages)
  "label.podSubnet": { en: () => "pod subnet", zh: () => "Pod 网段" },
  "label.serviceSubnet": { en: () => "service subnet", zh: () => "Service 网段" },
  "label.advertiseAddress": { en: () => "advertise address", zh: () => "通告地址" },
  "label.bindPort": { en: () => "API server port", zh: () => "API Server 端口" },
  "label.controlPlaneEndpoint": { en: () => "control-plane endpoint", zh: () => "控制平面端点" },
  "label.joinEndpoint": { en: () => "API server endpoint to join", zh: () => "要加入的 API Server 端点" },
  // --- wizard
  "wizard.profile": { en: () => "Registry profile", zh: () => "镜像源方案" },
  "wizard.profile.aliyun": {
    en: () => "aliyun   - mainland China: Aliyun images and packages, DaoCloud mirrors",
    zh: () => "aliyun   - 中国大陆：阿里云镜像与软件源，DaoCloud 加速",
  },
  "wizard.profile.upstream": {
    en: () => "upstream - registry.k8s.io and pkgs.k8s.io",
    zh: () => "upstream - 官方 registry.k8s.io 与 pkgs.k8s.io",
  },
  "wizard.profile.offline": {
    en: () => "offline  - your own private registry",
    zh: () => "offline  - 你自己的私有镜像仓库",
  },
  "wizard.k8sVersion": { en: () => "Kubernetes version (pinned)", zh: () => "Kubernetes 版本（固定）" },
  "wizard.imageRepository": { en: () => "Image repository", zh: () => "镜像仓库" },
  "wizard.advertiseAddress": {
    en: () => "Advertise address of this node",
    zh: () => "本节点的通告地址",
  },
  "wizard.otherAddress": { en: () => "another address...", zh: () => "其他地址..." },
  "wizard.joinToken": { en: () => "Bootstrap token", zh: () => "引导令牌" },
  "wizard.caCertHash": {
    en: () => "CA certificate hash (sha256:...)",
    zh: () => "CA 证书哈希（sha256:...）",
  },
  "wizard.certificateKey": { en: () => "Certificate key", zh: () => "证书密钥" },
  "wizard.podSubnet": { en: () => "Pod subnet", zh: () => "Pod 网段" },
  "wizard.serviceSubnet": { en: () => "Service subnet", zh: () => "Service 网段" },
  "wizard.cni": { en: () => "Pod network (CNI)", zh: () => "Pod 网络插件 (CNI)" },
  "wizard.proxyMode": { en: () => "kube-proxy mode", zh: () => "kube-proxy 模式" },
  "wizard.controlPlaneEndpoint": {
    en: () => "Control-plane endpoint for HA (empty for a single control plane)",
    zh: () => "高可用控制平面端点（单控制平面留空）",
  },
  "wizard.schedule": {
    en: () => "Run workloads on the control-plane node (single-node cluster)?",
    zh: () => "允许在控制平面节点上运行工作负载（单节点集群）？",
  },
  "wizard.summary": { en: () => "Summary", zh: () => "配置摘要" },
  "wizard.confirm": { en: () => "Generate this configuration?", zh: () => "生成此配置？" },
  "summary.profile": { en: () => "profile", zh: () => "方案" },
  "summary.version": { en: () => "Kubernetes", zh: () => "Kubernetes" },
  "summary.api": { en: () => "kubeadm API", zh: () => "kubeadm API" },
  "summary.imageRepository": { en: () => "images", zh: () => "镜像仓库" },
  "summary.advertise": { en: () => "advertise", zh: () => "通告地址" },
  "summary.endpoint": { en: () => "endpoint", zh: () => "控制平面端点" },
  "summary.podSubnet": { en: () => "pod subnet", zh: () => "Pod 网段" },
  "summary.serviceSubnet": { en: () => "service subnet", zh: () => "Service 网段" },
  "summary.cni": { en: () => "CNI", zh: () => "CNI" },
  "summary.proxy": { en: () => "kube-proxy", zh: () => "kube-proxy" },
  "summary.cgroup": { en: () => "cgroup driver", zh: () => "cgroup 驱动" },
  "summary.cgroupV1": { en: () => "cgroup v1", zh: () => "cgroup v1" },
  "summary.cgroupV1Allowed": {
    en: () => "allowed (failCgroupV1: false, deprecated)",
    zh: () => "允许（failCgroupV1: false，已弃用）",
  },
  "summary.etcd": { en: () => "etcd", zh: () => "etcd" },
  "summary.etcdLocal": { en: () => "local (stacked)", zh: () => "本地（堆叠）" },
  "summary.schedule": { en: () => "workloads on control plane", zh: () => "控制平面运行负载" },
  "summary.yes": { en: () => "yes", zh: () => "是" },
  "summary.no": { en: () => "no", zh: () => "否" },
  "summary.auto": { en: () => "(kubeadm detects)", zh: () => "（由 kubeadm 自动检测）" },
} satisfies Record<string, Entry>;

/** Areas keep their own catalogues (src/i18n/catalog/) so modules can be worked on side by side. */
const MESSAGES = {
  ...CORE_MESSAGES,
  ...PREFLIGHT_MESSAGES,
  ...CONTAINERD_MESSAGES,
  ...REGISTRY_MESSAGES,
  ...STEP_MESSAGES,
  ...IMAGES_MESSAGES,
  ...PREPARE_MESSAGES,
  ...PULL_MESSAGES,
  ...KUBEADM_MESSAGES,
  ...RUN_MESSAGES,
  ...DOCTOR_MESSAGES,
  ...HA_MESSAGES,
  ...CNI_MESSAGES,
  ...WAIT_MESSAGES,
  ...KUBE_MESSAGES,
  ...COMPLETION_MESSAGES,
  ...SSH_MESSAGES,
  ...SPEC_INPUT_MESSAGES,
  ...HOSTFS_MESSAGES,
  ...INTERRUPT_MESSAGES,
  ...INPUT_MESSAGES,
  ...UPGRADE_APPLY_MESSAGES,
  ...DAY2_MESSAGES,
  ...UPGRADE_MESSAGES,
  ...ARCHIVE_MESSAGES,
  ...BUNDLE_MESSAGES,
};

export type MessageKey = keyof typeof MESSAGES;

export interface Msg {
  key: MessageKey;
  params?: Params;
}

export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  return MESSAGES[key][lang](params);
}

export function render(lang: Lang, msg: Msg): string {
  return t(lang, msg.key, msg.params);
}

export const MESSAGE_KEYS = Object.keys(MESSAGES) as MessageKey[];
