import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/** cgroup v1 layouts: plain v1, or v1 controllers next to a cgroup2 mount ("hybrid", Ubuntu 20.04). */
const cgroupModeEn = (mode: unknown) => (mode === "hybrid" ? "v1 (hybrid layout)" : "v1");
const cgroupModeZh = (mode: unknown) => (mode === "hybrid" ? "v1（混合层级）" : "v1");

/** Messages of the preflight area. Keys are prefixed "preflight." */
export const PREFLIGHT_MESSAGES = {
  // --- shared
  "preflight.unreadable.fix": {
    en: (p) =>
      `make sure ${p.files} can be read: run as root on the node itself, not in a container without the host's /proc and /sys`,
    zh: (p) =>
      `请确认 ${p.files} 可读：以 root 身份在节点本机上运行，而不是在没有挂载主机 /proc 和 /sys 的容器中`,
  },
  "preflight.checkError": {
    en: (p) => `check ${p.id} could not run`,
    zh: (p) => `检查项 ${p.id} 无法执行`,
  },
  "preflight.checkError.fix": {
    en: () =>
      "run kadm-wizard as root on the node itself, then run the checks again (kadm-wizard doctor --host-only)",
    zh: () => "请以 root 身份在节点本机上运行 kadm-wizard，然后重新检查（kadm-wizard doctor --host-only）",
  },
  // --- OS, architecture, kernel
  "preflight.os.ok": {
    en: (p) => `operating system ${p.name} on ${p.arch}`,
    zh: (p) => `操作系统 ${p.name}，架构 ${p.arch}`,
  },
  "preflight.os.arch": {
    en: (p) => `architecture ${p.arch} has no Kubernetes release binaries`,
    zh: (p) => `架构 ${p.arch} 没有 Kubernetes 官方发布的二进制文件`,
  },
  "preflight.os.archFix": {
    en: () => "use an x86_64 (amd64), aarch64 (arm64), ppc64le or s390x machine",
    zh: () => "请使用 x86_64 (amd64)、aarch64 (arm64)、ppc64le 或 s390x 架构的机器",
  },
  "preflight.os.archUnknown": {
    en: () => "cannot tell the machine architecture (`uname -m` failed)",
    zh: () => "无法确定机器架构（`uname -m` 执行失败）",
  },
  "preflight.os.archUnknownFix": {
    en: () => "make sure `uname -m` works (coreutils) and prints x86_64, aarch64, ppc64le or s390x",
    zh: () => "请确认 `uname -m` 可用（coreutils），且输出 x86_64、aarch64、ppc64le 或 s390x",
  },
  "preflight.os.noRelease": {
    en: () => "cannot identify the Linux distribution (no /etc/os-release)",
    zh: () => "无法识别 Linux 发行版（缺少 /etc/os-release）",
  },
  "preflight.os.noReleaseFix": {
    en: () =>
      "restore /etc/os-release (shipped by base-files on Debian/Ubuntu, *-release packages on RHEL-like systems); kadm-wizard picks package commands from it",
    zh: () =>
      "请恢复 /etc/os-release（Debian/Ubuntu 由 base-files 提供，RHEL 系由 *-release 软件包提供）；kadm-wizard 据此选择软件包命令",
  },
  "preflight.os.kernel": {
    en: (p) =>
      `kernel ${p.kernel} is older than 4.19; kubeadm ${p.version} stops at its SystemVerification check`,
    zh: (p) => `内核 ${p.kernel} 低于 4.19；kubeadm ${p.version} 会在 SystemVerification 检查处失败`,
  },
  "preflight.os.kernelFix": {
    en: () =>
      "upgrade to a 4.19 or newer kernel and reboot;\nif your distribution backports the needed features (e.g. RHEL 8's 4.18), pass --ignore-preflight-errors=SystemVerification to kubeadm",
    zh: () =>
      "请升级到 4.19 或更新的内核并重启；\n如果发行版已向后移植所需特性（如 RHEL 8 的 4.18），可向 kubeadm 传入 --ignore-preflight-errors=SystemVerification",
  },
  // --- CPU and memory
  "preflight.cpu.ok": {
    en: (p) => `${plural(p.count, "CPU")}`,
    zh: (p) => `${p.count} 个 CPU`,
  },
  "preflight.cpu.low": {
    en: (p) => `only ${p.count} CPU; a control-plane node needs at least 2`,
    zh: (p) => `只有 ${p.count} 个 CPU；控制平面节点至少需要 2 个`,
  },
  "preflight.cpu.fix": {
    en: () =>
      "give this machine at least 2 CPUs (kubeadm's NumCPU check; skipping it with --ignore-preflight-errors=NumCPU starves the control plane)",
    zh: () =>
      "请为本机分配至少 2 个 CPU（kubeadm 的 NumCPU 检查；用 --ignore-preflight-errors=NumCPU 跳过会让控制平面资源不足）",
  },
  "preflight.cpu.unknown": {
    en: () => "cannot count the CPUs",
    zh: () => "无法统计 CPU 数量",
  },
  "preflight.memory.ok": {
    en: (p) => `${p.mb} MB of memory`,
    zh: (p) => `内存 ${p.mb} MB`,
  },
  "preflight.memory.low": {
    en: (p) => `only ${p.mb} MB of memory; a control-plane node needs at least 1700 MB`,
    zh: (p) => `内存只有 ${p.mb} MB；控制平面节点至少需要 1700 MB`,
  },
  "preflight.memory.fix": {
    en: () => "give this machine at least 2 GB of memory (kubeadm's Mem check requires 1700 MB)",
    zh: () => "请为本机分配至少 2 GB 内存（kubeadm 的 Mem 检查要求 1700 MB）",
  },
  "preflight.memory.unknown": {
    en: () => "cannot read the amount of memory",
    zh: () => "无法读取内存大小",
  },
  // --- swap
  "preflight.swap.off": {
    en: () => "swap is off",
    zh: () => "swap 已关闭",
  },
  "preflight.swap.on": {
    en: () => "swap is on; the kubelet refuses to start with swap by default",
    zh: () => "swap 已开启；kubelet 默认在开启 swap 时拒绝启动",
  },
  "preflight.swap.allowed": {
    en: () => "swap is on; the kubelet is configured to tolerate it (failSwapOn: false)",
    zh: () => "swap 已开启；kubelet 已配置为容忍 swap（failSwapOn: false）",
  },
  "preflight.swap.fix": {
    en: () => "swapoff -a\nsed -ri '/\\sswap\\s/ s/^#?/#/' /etc/fstab   # keep it off after a reboot",
    zh: () => "swapoff -a\nsed -ri '/\\sswap\\s/ s/^#?/#/' /etc/fstab   # 重启后保持关闭",
  },
  "preflight.swap.fixZram": {
    en: () =>
      "swapoff -a\nsed -ri '/\\sswap\\s/ s/^#?/#/' /etc/fstab   # keep it off after a reboot\ntouch /etc/systemd/zram-generator.conf   # an empty file turns off zram swap (zram-generator, e.g. Fedora)",
    zh: () =>
      "swapoff -a\nsed -ri '/\\sswap\\s/ s/^#?/#/' /etc/fstab   # 重启后保持关闭\ntouch /etc/systemd/zram-generator.conf   # 空文件即关闭 zram swap（zram-generator，如 Fedora）",
  },
  "preflight.swap.allowedFix": {
    en: () =>
      "keep swap only if you chose memorySwap.swapBehavior deliberately; otherwise:\nswapoff -a\nsed -ri '/\\sswap\\s/ s/^#?/#/' /etc/fstab",
    zh: () =>
      "仅当你有意配置了 memorySwap.swapBehavior 时才保留 swap；否则执行：\nswapoff -a\nsed -ri '/\\sswap\\s/ s/^#?/#/' /etc/fstab",
  },
  // --- kernel modules and sysctls
  "preflight.brNetfilter.ok": {
    en: () => "br_netfilter is loaded and bridge-nf-call-iptables is 1",
    zh: () => "br_netfilter 已加载，bridge-nf-call-iptables 为 1",
  },
  "preflight.brNetfilter.notLoaded": {
    en: () =>
      "br_netfilter is not loaded; bridged pod traffic would bypass iptables and Services would break",
    zh: () => "br_netfilter 未加载；桥接的 Pod 流量会绕过 iptables，导致 Service 无法访问",
  },
  "preflight.brNetfilter.off": {
    en: (p) => `net.bridge.bridge-nf-call-iptables is ${p.value}, not 1`,
    zh: (p) => `net.bridge.bridge-nf-call-iptables 为 ${p.value}，而不是 1`,
  },
  "preflight.brNetfilter.fixLoad": {
    en: () =>
      "modprobe br_netfilter\necho br_netfilter >> /etc/modules-load.d/k8s.conf   # load it at boot\necho 'net.bridge.bridge-nf-call-iptables = 1' >> /etc/sysctl.d/k8s.conf\nsysctl --system",
    zh: () =>
      "modprobe br_netfilter\necho br_netfilter >> /etc/modules-load.d/k8s.conf   # 开机自动加载\necho 'net.bridge.bridge-nf-call-iptables = 1' >> /etc/sysctl.d/k8s.conf\nsysctl --system",
  },
  "preflight.brNetfilter.fixSysctl": {
    en: () =>
      "echo 'net.bridge.bridge-nf-call-iptables = 1' >> /etc/sysctl.d/k8s.conf\nsysctl --system   # a later file in /etc/sysctl.d may set it back to 0",
    zh: () =>
      "echo 'net.bridge.bridge-nf-call-iptables = 1' >> /etc/sysctl.d/k8s.conf\nsysctl --system   # /etc/sysctl.d 中排序更靠后的文件可能会将其改回 0",
  },
  "preflight.overlay.ok": {
    en: () => "the overlay module is available",
    zh: () => "overlay 模块可用",
  },
  "preflight.overlay.missing": {
    en: () => "the overlay module is not loaded; containerd's overlayfs snapshotter needs it",
    zh: () => "overlay 模块未加载；containerd 的 overlayfs 快照器需要它",
  },
  "preflight.overlay.fix": {
    en: () => "modprobe overlay\necho overlay >> /etc/modules-load.d/k8s.conf   # load it at boot",
    zh: () => "modprobe overlay\necho overlay >> /etc/modules-load.d/k8s.conf   # 开机自动加载",
  },
  "preflight.ipForward.ok": {
    en: () => "IPv4 forwarding is on",
    zh: () => "IPv4 转发已开启",
  },
  "preflight.ipForward.off": {
    en: (p) => `net.ipv4.ip_forward is ${p.value}; pod traffic cannot leave the node`,
    zh: (p) => `net.ipv4.ip_forward 为 ${p.value}；Pod 流量无法离开本节点`,
  },
  "preflight.ipForward.fix": {
    en: () =>
      "sysctl -w net.ipv4.ip_forward=1\necho 'net.ipv4.ip_forward = 1' >> /etc/sysctl.d/k8s.conf   # keep it after a reboot",
    zh: () =>
      "sysctl -w net.ipv4.ip_forward=1\necho 'net.ipv4.ip_forward = 1' >> /etc/sysctl.d/k8s.conf   # 重启后保持开启",
  },
  "preflight.ipForward.unknown": {
    en: () => "cannot read net.ipv4.ip_forward",
    zh: () => "无法读取 net.ipv4.ip_forward",
  },
  // --- container runtime
  "preflight.runtimeSocket.ok": {
    en: (p) => `the container runtime answers on ${p.socket}`,
    zh: (p) => `容器运行时在 ${p.socket} 上正常响应`,
  },
  "preflight.runtimeSocket.down": {
    en: (p) => `nothing answers on ${p.socket}; kubeadm cannot pull images or start the control plane`,
    zh: (p) => `${p.socket} 上没有响应；kubeadm 无法拉取镜像或启动控制平面`,
  },
  "preflight.runtimeSocket.invalid": {
    en: (p) => `CRI socket ${p.socket} is not a unix:/// path`,
    zh: (p) => `CRI 套接字 ${p.socket} 不是 unix:/// 路径`,
  },
  "preflight.runtimeSocket.fix": {
    en: (p) =>
      `systemctl enable --now ${p.service}\njournalctl -u ${p.service} -n 50 --no-pager   # if it does not stay up`,
    zh: (p) =>
      `systemctl enable --now ${p.service}\njournalctl -u ${p.service} -n 50 --no-pager   # 如果服务无法保持运行`,
  },
  "preflight.runtimeSocket.fixUnknown": {
    en: (p) => `start the container runtime that serves ${p.socket}, or pass the right --cri-socket`,
    zh: (p) => `请启动提供 ${p.socket} 的容器运行时，或传入正确的 --cri-socket`,
  },
  "preflight.runtimeSocket.fixInvalid": {
    en: () => "pass a socket like --cri-socket unix:///run/containerd/containerd.sock",
    zh: () => "请传入形如 --cri-socket unix:///run/containerd/containerd.sock 的套接字",
  },
  // --- cgroup driver
  "preflight.cgroup.ok": {
    en: (p) => `the runtime and the kubelet agree on the ${p.driver} cgroup driver`,
    zh: (p) => `容器运行时与 kubelet 的 cgroup 驱动一致：${p.driver}`,
  },
  "preflight.cgroup.runtime": {
    en: (p) =>
      `${p.runtime} uses the ${p.actual} cgroup driver but the kubelet will use ${p.expected}; control-plane pods would keep restarting`,
    zh: (p) =>
      `${p.runtime} 使用 ${p.actual} cgroup 驱动，而 kubelet 将使用 ${p.expected}；控制平面 Pod 会不断重启`,
  },
  "preflight.cgroup.kubelet": {
    en: (p) => `/var/lib/kubelet/config.yaml sets cgroupDriver ${p.actual}, not ${p.expected}`,
    zh: (p) => `/var/lib/kubelet/config.yaml 中的 cgroupDriver 为 ${p.actual}，而不是 ${p.expected}`,
  },
  "preflight.cgroup.kubeletInvalid": {
    en: () => "/var/lib/kubelet/config.yaml cannot be parsed",
    zh: () => "无法解析 /var/lib/kubelet/config.yaml",
  },
  "preflight.cgroup.unknown": {
    en: (p) => `cannot tell which cgroup driver ${p.runtime} uses`,
    zh: (p) => `无法确定 ${p.runtime} 使用的 cgroup 驱动`,
  },
  "preflight.cgroup.fixContainerd": {
    en: (p) =>
      `containerd config default > /etc/containerd/config.toml   # only if the file is missing or has no SystemdCgroup line\nsed -i 's/SystemdCgroup = .*/SystemdCgroup = ${p.value}/' /etc/containerd/config.toml\nsystemctl restart containerd`,
    zh: (p) =>
      `containerd config default > /etc/containerd/config.toml   # 仅当文件不存在或没有 SystemdCgroup 行时执行\nsed -i 's/SystemdCgroup = .*/SystemdCgroup = ${p.value}/' /etc/containerd/config.toml\nsystemctl restart containerd`,
  },
  "preflight.cgroup.fixCrio": {
    en: (p) =>
      `printf '[crio.runtime]\\ncgroup_manager = "${p.value}"\\n' > /etc/crio/crio.conf.d/99-cgroup-manager.conf   # with cgroupfs also add conmon_cgroup = "pod"\nsystemctl restart crio`,
    zh: (p) =>
      `printf '[crio.runtime]\\ncgroup_manager = "${p.value}"\\n' > /etc/crio/crio.conf.d/99-cgroup-manager.conf   # 使用 cgroupfs 时还需加上 conmon_cgroup = "pod"\nsystemctl restart crio`,
  },
  "preflight.cgroup.fixKubelet": {
    en: (p) =>
      `this kubelet config is left from an earlier kubeadm run; undo that run with:\nkadm-wizard reset\n# or set cgroupDriver: ${p.value} in /var/lib/kubelet/config.yaml, then: systemctl restart kubelet`,
    zh: (p) =>
      `该 kubelet 配置是之前 kubeadm 运行留下的；撤销那次运行：\nkadm-wizard reset\n# 或者把 /var/lib/kubelet/config.yaml 中的 cgroupDriver 改为 ${p.value}，然后执行 systemctl restart kubelet`,
  },
  "preflight.cgroup.fixUnknown": {
    en: (p) =>
      `make sure ${p.runtime} uses the ${p.value} cgroup driver (with cri-dockerd: docker info --format '{{.CgroupDriver}}')`,
    zh: (p) =>
      `请确认 ${p.runtime} 使用 ${p.value} cgroup 驱动（cri-dockerd 可用 docker info --format '{{.CgroupDriver}}' 查看）`,
  },
  // --- cgroup v1 (kubelet failCgroupV1, default true from 1.35)
  "preflight.cgroupV1.ok": {
    en: () => "cgroup v2 (unified hierarchy)",
    zh: () => "cgroup v2（统一层级）",
  },
  "preflight.cgroupV1.unknown": {
    en: () => "cannot tell the cgroup version: /sys/fs/cgroup is not readable",
    zh: () => "无法确定 cgroup 版本：/sys/fs/cgroup 不可读",
  },
  "preflight.cgroupV1.refused": {
    en: (p) =>
      `this host runs cgroup ${cgroupModeEn(p.mode)}: the kubelet of Kubernetes ${p.version} refuses to start on it (failCgroupV1 defaults to true from 1.35)`,
    zh: (p) =>
      `此主机使用 cgroup ${cgroupModeZh(p.mode)}：Kubernetes ${p.version} 的 kubelet 拒绝在其上启动（从 1.35 起 failCgroupV1 默认为 true）`,
  },
  "preflight.cgroupV1.deprecated": {
    en: (p) =>
      `this host runs cgroup ${cgroupModeEn(p.mode)}: deprecated; from Kubernetes 1.35 the kubelet refuses to start on it`,
    zh: (p) =>
      `此主机使用 cgroup ${cgroupModeZh(p.mode)}：已弃用；从 Kubernetes 1.35 起 kubelet 将拒绝在其上启动`,
  },
  "preflight.cgroupV1.allowed": {
    en: (p) =>
      `this host runs cgroup ${cgroupModeEn(p.mode)}, allowed by failCgroupV1: false in /var/lib/kubelet/config.yaml (deprecated, to be removed)`,
    zh: (p) =>
      `此主机使用 cgroup ${cgroupModeZh(p.mode)}，/var/lib/kubelet/config.yaml 中的 failCgroupV1: false 允许了它（已弃用，将被移除）`,
  },
  "preflight.cgroupV1.allowedByFlag": {
    en: (p) =>
      `this host runs cgroup ${cgroupModeEn(p.mode)}, allowed by --allow-cgroup-v1 (failCgroupV1: false; deprecated, to be removed)`,
    zh: (p) =>
      `此主机使用 cgroup ${cgroupModeZh(p.mode)}，--allow-cgroup-v1 允许了它（failCgroupV1: false；已弃用，将被移除）`,
  },
  "preflight.cgroupV1.fix": {
    en: (p) =>
      `# 1. boot with cgroup v2 (kernel 4.15+, systemd 226+; CentOS 7 cannot: move to a newer OS):\ngrubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"   # RHEL/CentOS/Kylin/openEuler\n# Debian/Ubuntu: add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, then: update-grub\nreboot\nstat -fc %T /sys/fs/cgroup   # after the reboot: cgroup2fs\n# 2. or use Kubernetes ${p.below} or older: --k8s-version v${p.below}\n# 3. or knowingly keep cgroup v1 (deprecated, removed in a later release): add --allow-cgroup-v1\n#    (writes failCgroupV1: false and skips kubeadm's SystemVerification), e.g.\nkadm-wizard init --allow-cgroup-v1   # a joining node: kadm-wizard join ... --allow-cgroup-v1`,
    zh: (p) =>
      `# 1. 以 cgroup v2 启动（需内核 4.15+、systemd 226+；CentOS 7 无法支持：请换用较新的系统）：\ngrubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"   # RHEL/CentOS/麒麟/openEuler\n# Debian/Ubuntu：在 /etc/default/grub 的 GRUB_CMDLINE_LINUX 中加入 systemd.unified_cgroup_hierarchy=1，然后执行 update-grub\nreboot\nstat -fc %T /sys/fs/cgroup   # 重启后应输出 cgroup2fs\n# 2. 或者使用 Kubernetes ${p.below} 或更早版本：--k8s-version v${p.below}\n# 3. 或者明知后果地继续使用 cgroup v1（已弃用，后续版本将移除）：加上 --allow-cgroup-v1\n#    （写入 failCgroupV1: false 并跳过 kubeadm 的 SystemVerification 检查），例如：\nkadm-wizard init --allow-cgroup-v1   # 加入节点：kadm-wizard join ... --allow-cgroup-v1`,
  },
  "preflight.cgroupV1.fixAllowed": {
    en: () =>
      `# plan the move to cgroup v2 (the kubelet drops cgroup v1 in a later release):\ngrubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"   # or GRUB_CMDLINE_LINUX + update-grub\nreboot`,
    zh: () =>
      `# 请计划迁移到 cgroup v2（kubelet 将在后续版本中移除 cgroup v1 支持）：\ngrubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"   # 或修改 GRUB_CMDLINE_LINUX 并执行 update-grub\nreboot`,
  },
  // --- Kubernetes binaries and versions
  "preflight.kubeBinaries.ok": {
    en: () => "kubeadm, kubelet and kubectl are installed",
    zh: () => "kubeadm、kubelet 和 kubectl 均已安装",
  },
  "preflight.kubeBinaries.missing": {
    en: (p) => `not installed: ${p.list}`,
    zh: (p) => `未安装：${p.list}`,
  },
  "preflight.kubeBinaries.fix": {
    en: (p) =>
      `kadm-wizard prepare --install-packages   # installs kubeadm, kubelet and kubectl ${p.version}`,
    zh: (p) =>
      `kadm-wizard prepare --install-packages   # 安装 ${p.version} 版本的 kubeadm、kubelet 和 kubectl`,
  },
  "preflight.versions.ok": {
    en: (p) => `kubeadm, kubelet and kubectl fit Kubernetes ${p.version}`,
    zh: (p) => `kubeadm、kubelet 和 kubectl 的版本与 Kubernetes ${p.version} 相符`,
  },
  "preflight.versions.badPinned": {
    en: (p) => `the pinned Kubernetes version "${p.value}" is not a release version`,
    zh: (p) => `固定的 Kubernetes 版本 "${p.value}" 不是发布版本号`,
  },
  "preflight.versions.none": {
    en: () => "no kubeadm, kubelet or kubectl to compare with the pinned version",
    zh: () => "没有可与固定版本比较的 kubeadm、kubelet 或 kubectl",
  },
  "preflight.versions.kubeadmMinor": {
    en: (p) => `kubeadm ${p.actual} cannot set up Kubernetes ${p.expected}: the minor versions differ`,
    zh: (p) => `kubeadm ${p.actual} 无法部署 Kubernetes ${p.expected}：次版本号不同`,
  },
  "preflight.versions.kubeadmPatch": {
    en: (p) => `kubeadm ${p.actual} differs from the pinned ${p.expected} in the patch version`,
    zh: (p) => `kubeadm ${p.actual} 与固定版本 ${p.expected} 的补丁版本不同`,
  },
  "preflight.versions.kubeletNewer": {
    en: (p) =>
      `kubelet ${p.actual} is newer than the control plane ${p.expected}; the version skew policy forbids it`,
    zh: (p) => `kubelet ${p.actual} 比控制平面 ${p.expected} 更新；版本偏差策略不允许这样`,
  },
  "preflight.versions.kubeletTooOld": {
    en: (p) =>
      `kubelet ${p.actual} is more than ${p.max} minor versions older than the control plane ${p.expected}`,
    zh: (p) => `kubelet ${p.actual} 比控制平面 ${p.expected} 落后超过 ${p.max} 个次版本`,
  },
  "preflight.versions.kubeletOlder": {
    en: (p) =>
      `kubelet ${p.actual} is older than ${p.expected}; the skew policy allows it, but a new node should match`,
    zh: (p) => `kubelet ${p.actual} 比 ${p.expected} 旧；版本偏差策略允许，但新节点应保持一致`,
  },
  "preflight.versions.kubectl": {
    en: (p) => `kubectl ${p.actual} is more than one minor version away from ${p.expected}`,
    zh: (p) => `kubectl ${p.actual} 与 ${p.expected} 相差超过一个次版本`,
  },
  "preflight.versions.unreadable": {
    en: (p) => `cannot read the ${p.binary} version`,
    zh: (p) => `无法读取 ${p.binary} 的版本`,
  },
  "preflight.versions.fixOrPin": {
    en: (p) =>
      `kadm-wizard prepare --install-packages   # installs kubeadm, kubelet and kubectl ${p.version}\n# or pin the installed kubeadm's version instead: --k8s-version ${p.installed}`,
    zh: (p) =>
      `kadm-wizard prepare --install-packages   # 安装 ${p.version} 版本的 kubeadm、kubelet 和 kubectl\n# 或者改为固定已安装的 kubeadm 版本：--k8s-version ${p.installed}`,
  },
  // --- host tools
  "preflight.binaries.ok": {
    en: () => "the tools kubeadm needs are installed",
    zh: () => "kubeadm 所需的工具均已安装",
  },
  "preflight.binaries.missing": {
    en: (p) => `missing tools kubeadm needs: ${p.list}`,
    zh: (p) => `缺少 kubeadm 必需的工具：${p.list}`,
  },
  "preflight.binaries.missingOptional": {
    en: (p) => `missing tools kubeadm warns about: ${p.list}`,
    zh: (p) => `缺少 kubeadm 会发出警告的工具：${p.list}`,
  },
  "preflight.binaries.fix": {
    en: (p) => `${p.command}`,
    zh: (p) => `${p.command}`,
  },
  "preflight.binaries.fixUnknown": {
    en: (p) => `install the packages that provide: ${p.command}`,
    zh: (p) => `请安装提供以下命令的软件包：${p.command}`,
  },
  // --- ports
  "preflight.ports.ok": {
    en: (p) => `ports ${p.ports} are free`,
    zh: (p) => `端口 ${p.ports} 均未被占用`,
  },
  "preflight.ports.busy": {
    en: (p) => `ports already in use: ${p.ports}`,
    zh: (p) => `端口已被占用：${p.ports}`,
  },
  "preflight.ports.unknown": {
    en: () => "cannot read the listening TCP sockets",
    zh: () => "无法读取正在监听的 TCP 套接字",
  },
  "preflight.ports.fix": {
    en: (p) => `find the process holding them and stop it:\n${p.commands}`,
    zh: (p) => `找出占用端口的进程并停止它：\n${p.commands}`,
  },
  "preflight.ports.fixReset": {
    en: (p) =>
      `a previous kubeadm init/join is still set up here; undo it with:\nkadm-wizard reset\n# otherwise find the process holding them:\n${p.commands}`,
    zh: (p) =>
      `本机上仍保留着之前的 kubeadm init/join；撤销它：\nkadm-wizard reset\n# 否则请找出占用端口的进程：\n${p.commands}`,
  },
  // --- hostname
  "preflight.hostname.ok": {
    en: (p) => `node name ${p.name} is valid and listed in /etc/hosts`,
    zh: (p) => `节点名 ${p.name} 合法，且已写入 /etc/hosts`,
  },
  "preflight.hostname.invalid": {
    en: (p) =>
      `node name ${p.name} is not a valid DNS-1123 name (lowercase letters, digits, '-' and '.', at most 253 characters)`,
    zh: (p) =>
      `节点名 ${p.name} 不是合法的 DNS-1123 名称（只能包含小写字母、数字、'-' 和 '.'，最长 253 个字符）`,
  },
  "preflight.hostname.uppercase": {
    en: (p) => `hostname ${p.name} has uppercase letters; the node will be registered as ${p.lower}`,
    zh: (p) => `主机名 ${p.name} 含有大写字母；节点将以 ${p.lower} 注册`,
  },
  "preflight.hostname.unresolved": {
    en: (p) => `${p.name} is not in /etc/hosts; kubeadm warns unless DNS resolves it`,
    zh: (p) => `${p.name} 不在 /etc/hosts 中；除非 DNS 能解析它，否则 kubeadm 会发出警告`,
  },
  "preflight.hostname.unknown": {
    en: () => "cannot read the hostname",
    zh: () => "无法读取主机名",
  },
  "preflight.hostname.fixInvalid": {
    en: (p) =>
      `hostnamectl set-hostname ${p.suggestion}   # or keep the hostname and pass --node-name ${p.suggestion}`,
    zh: (p) => `hostnamectl set-hostname ${p.suggestion}   # 或保留主机名并传入 --node-name ${p.suggestion}`,
  },
  "preflight.hostname.fixUnresolved": {
    en: (p) => `echo "<this node's IP> ${p.name}" >> /etc/hosts   # or add ${p.name} to your DNS`,
    zh: (p) => `echo "<本节点 IP> ${p.name}" >> /etc/hosts   # 或者在 DNS 中添加 ${p.name}`,
  },
  // --- SELinux and firewalld
  "preflight.selinux.ok": {
    en: () => "SELinux is not enforcing",
    zh: () => "SELinux 未处于强制模式",
  },
  "preflight.selinux.enforcing": {
    en: () => "SELinux is enforcing; containers may be denied access to host paths (etcd data, CNI files)",
    zh: () => "SELinux 处于强制模式；容器可能无法访问主机路径（etcd 数据、CNI 文件）",
  },
  "preflight.selinux.fix": {
    en: () =>
      "setenforce 0\nsed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' /etc/selinux/config   # keep it after a reboot",
    zh: () =>
      "setenforce 0\nsed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' /etc/selinux/config   # 重启后保持",
  },
  "preflight.firewalld.ok": {
    en: () => "firewalld is not running",
    zh: () => "firewalld 未运行",
  },
  "preflight.firewalld.active": {
    en: (p) => `firewalld is running and may block ${p.ports}`,
    zh: (p) => `firewalld 正在运行，可能会拦截 ${p.ports}`,
  },
  "preflight.firewalld.fix": {
    en: (p) => `${p.command}\n# also open your pod network's ports, e.g. flannel 8472/udp, calico 179/tcp`,
    zh: (p) => `${p.command}\n# 还需放行 Pod 网络插件的端口，例如 flannel 8472/udp、calico 179/tcp`,
  },
} satisfies Record<string, Entry>;
