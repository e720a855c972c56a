import type { Entry } from "../entry.js";

/** Host preparation steps. Keys are prefixed "step." */
export const STEP_MESSAGES = {
  "step.swap": { en: () => "swap off now and at boot", zh: () => "立即关闭 swap 并禁止开机启用" },
  "step.modules": {
    en: () => "kernel modules overlay, br_netfilter",
    zh: () => "内核模块 overlay、br_netfilter",
  },
  "step.sysctl": {
    en: () => "sysctls for bridged traffic and IP forwarding",
    zh: () => "网桥流量与 IP 转发的 sysctl 参数",
  },
  "step.commandFailed": {
    en: (p) => `\`${p.command}\` failed: ${p.reason}.`,
    zh: (p) => `\`${p.command}\` 执行失败：${p.reason}。`,
  },
  "step.swapoffHint": {
    en: () => "turn swap off by hand (swapoff -a) and check `cat /proc/swaps`",
    zh: () => "请手动关闭 swap（swapoff -a），并用 `cat /proc/swaps` 检查",
  },
  "step.modprobeHint": {
    en: (p) =>
      `install the kernel modules package for the running kernel (e.g. linux-modules-extra-$(uname -r)), then modprobe ${p.module}`,
    zh: (p) =>
      `请安装当前内核对应的内核模块包（如 linux-modules-extra-$(uname -r)），然后执行 modprobe ${p.module}`,
  },
  "step.sysctlHint": {
    en: (p) =>
      `set ${p.key} = ${p.value} by hand; bridge settings need br_netfilter loaded first (modprobe br_netfilter)`,
    zh: (p) =>
      `请手动设置 ${p.key} = ${p.value}；网桥相关参数需要先加载 br_netfilter（modprobe br_netfilter）`,
  },
  "step.packages": {
    en: () => "packages: containerd, crictl, tools, kubelet, kubeadm, kubectl pinned and held",
    zh: () => "软件包：containerd、crictl、依赖工具、kubelet、kubeadm、kubectl（固定并锁定版本）",
  },
  "step.rhel": {
    en: () => "SELinux permissive, firewalld ports open (RHEL family)",
    zh: () => "SELinux 设为 permissive，firewalld 放行端口（RHEL 系）",
  },
  "rhel.notRhel": {
    en: () => "not a RHEL-family system: nothing to do.",
    zh: () => "不是 RHEL 系系统：无需处理。",
  },
  "rhel.setenforceHint": {
    en: () =>
      "put SELinux in permissive mode by hand (setenforce 0) and set SELINUX=permissive in /etc/selinux/config",
    zh: () =>
      "请手动将 SELinux 设为 permissive（setenforce 0），并在 /etc/selinux/config 中设置 SELINUX=permissive",
  },
  "rhel.firewallHint": {
    en: (p) =>
      `open ${p.ports} by hand (firewall-cmd --permanent --add-port=...; firewall-cmd --reload) or stop firewalld`,
    zh: (p) =>
      `请手动放行 ${p.ports}（firewall-cmd --permanent --add-port=...；firewall-cmd --reload），或停止 firewalld`,
  },
  "rhel.cniPorts": {
    en: () =>
      "firewalld is on: the pod network needs its own ports too (flannel 8472/udp; calico 179/tcp, 4789/udp) and firewalld's masquerading (firewall-cmd --permanent --add-masquerade).",
    zh: () =>
      "firewalld 已启用：Pod 网络还需要放行自己的端口（flannel 8472/udp；calico 179/tcp、4789/udp）并开启伪装（firewall-cmd --permanent --add-masquerade）。",
  },
  "packages.unsupported": {
    en: (p) =>
      `cannot install packages on ${p.what}: /etc/os-release names neither a Debian/Ubuntu nor a RHEL-family system.`,
    zh: (p) => `无法在 ${p.what} 上安装软件包：/etc/os-release 既不是 Debian/Ubuntu 也不是 RHEL 系。`,
  },
  "packages.unsupportedArch": {
    en: (p) =>
      `cannot install packages on this ${p.name} node: its architecture is ${p.arch}, and kadm-wizard installs packages only for amd64 (x86_64) and arm64 (aarch64).`,
    zh: (p) =>
      `无法在这台 ${p.name} 节点上安装软件包：其架构为 ${p.arch}，kadm-wizard 只为 amd64（x86_64）和 arm64（aarch64）安装软件包。`,
  },
  "packages.unsupportedArchHint": {
    en: (p) =>
      `install kubelet, kubeadm, kubectl and a container runtime for this architecture yourself and leave out --install-packages (supported: ${p.supported})`,
    zh: (p) =>
      `请自行为该架构安装 kubelet、kubeadm、kubectl 和容器运行时，并去掉 --install-packages（支持：${p.supported}）`,
  },
  "packages.archUnknown": {
    en: () =>
      "the node did not tell its architecture (uname -m, dpkg, rpm): apt and dnf choose the packages for their own",
    zh: () => "节点未给出其架构（uname -m、dpkg、rpm）：由 apt 和 dnf 按其自身架构选择软件包",
  },
  "packages.unsupportedFamily": {
    en: (p) =>
      `cannot install packages on ${p.what}: it is of the ${p.family} family, but not a distribution release kadm-wizard knows the packages of.`,
    zh: (p) =>
      `无法在 ${p.what} 上安装软件包：它属于 ${p.family} 系，但不是 kadm-wizard 已知软件包的发行版版本。`,
  },
  "packages.unsupportedHint": {
    en: (p) =>
      `supported: ${p.supported}; elsewhere install containerd, kubelet, kubeadm and kubectl yourself and run again without --install-packages`,
    zh: (p) =>
      `支持的发行版：${p.supported}；其他系统请自行安装 containerd、kubelet、kubeadm 和 kubectl，然后不带 --install-packages 重新运行`,
  },
  "packages.eol": {
    en: (p) =>
      `${p.name} reached its end of life on ${p.date}: still supported here, but it gets no security fixes.`,
    zh: (p) => `${p.name} 已于 ${p.date} 停止维护：这里仍然支持，但它不再有安全更新。`,
  },
  "packages.containerdDistro": {
    en: (p) =>
      `containerd ${p.version} from the distribution (this Kubernetes minor needs ${p.min} or newer).`,
    zh: (p) => `使用发行版自带的 containerd ${p.version}（该 Kubernetes 版本需要 ${p.min} 或更新）。`,
  },
  "packages.containerdDocker": {
    en: (p) =>
      `containerd.io ${p.series}.x from docker-ce: the distribution's containerd (${p.found}) is older than the ${p.min} this Kubernetes minor needs.`,
    zh: (p) =>
      `使用 docker-ce 的 containerd.io ${p.series}.x：发行版的 containerd（${p.found}）低于该 Kubernetes 版本所需的 ${p.min}。`,
  },
  "packages.containerdUnknown": {
    en: (p) =>
      `containerd: the distribution's if it is ${p.min} or newer (known after apt-get update), else containerd.io ${p.series}.x from docker-ce (planned here).`,
    zh: (p) =>
      `containerd：若发行版版本不低于 ${p.min}（apt-get update 之后才知道）则用发行版的，否则用 docker-ce 的 containerd.io ${p.series}.x（此处按后者规划）。`,
  },
  "packages.dockerCeThere": {
    en: (p) =>
      `containerd.io comes from the docker-ce repository this host already has (candidate ${p.version}): no second one added.`,
    zh: (p) => `containerd.io 来自本机已配置的 docker-ce 软件源（候选版本 ${p.version}）：不再重复添加。`,
  },
  "packages.rootedApt": {
    en: (p) =>
      `apt and dpkg work on ${p.root}, not on this machine: APT_CONFIG=${p.root}${p.conf}, dpkg --root=${p.root}.`,
    zh: (p) =>
      `apt 与 dpkg 作用于 ${p.root}，而不是本机：APT_CONFIG=${p.root}${p.conf}，dpkg --root=${p.root}。`,
  },
  "packages.rootedDnf": {
    en: (p) => `dnf and rpm work on ${p.root}, not on this machine (--installroot=${p.root}).`,
    zh: (p) => `dnf 与 rpm 作用于 ${p.root}，而不是本机（--installroot=${p.root}）。`,
  },
  "packages.containerdDockerRpm": {
    en: (p) =>
      `containerd.io ${p.series}.x from docker-ce (RHEL-family repositories have no containerd recent enough).`,
    zh: (p) => `使用 docker-ce 的 containerd.io ${p.series}.x（RHEL 系软件源没有足够新的 containerd）。`,
  },
  "packages.noDockerCe": {
    en: (p) =>
      `the distribution's containerd (${p.found}) is older than the ${p.min} this Kubernetes minor needs, and profile ${p.profile} names no docker-ce mirror for containerd.io.`,
    zh: (p) =>
      `发行版的 containerd（${p.found}）低于该 Kubernetes 版本所需的 ${p.min}，而配置方案 ${p.profile} 没有指定提供 containerd.io 的 docker-ce 镜像。`,
  },
  "packages.noDockerCeRpm": {
    en: (p) =>
      `${p.name} needs containerd.io from docker-ce, and profile ${p.profile} names no docker-ce mirror.`,
    zh: (p) => `${p.name} 需要 docker-ce 的 containerd.io，而配置方案 ${p.profile} 没有指定 docker-ce 镜像。`,
  },
  "packages.noDockerCeHint": {
    en: () =>
      "set packageRepository.dockerCe (e.g. https://mirrors.aliyun.com/docker-ce, or your local copy) in the answers file or profile, or install containerd yourself",
    zh: () =>
      "请在应答文件或配置方案中设置 packageRepository.dockerCe（如 https://mirrors.aliyun.com/docker-ce 或你的本地镜像），或自行安装 containerd",
  },
  "packages.noRepository": {
    en: (p) => `profile ${p.profile} names no package repository for this distribution.`,
    zh: (p) => `配置方案 ${p.profile} 没有为此发行版指定软件源。`,
  },
  "packages.noRepositoryHint": {
    en: () =>
      "use --profile aliyun or upstream, add packageRepository to your profile, or install the packages yourself",
    zh: () => "请使用 --profile aliyun 或 upstream，或在方案中添加 packageRepository，或自行安装软件包",
  },
  "packages.installHint": {
    en: (p) =>
      `check that ${p.url} is reachable from this host (curl -I ${p.url}) and that the package manager is not locked`,
    zh: (p) => `请检查本机能否访问 ${p.url}（curl -I ${p.url}），以及包管理器是否被占用`,
  },
  "packages.versionMissing": {
    en: (p) => `Kubernetes ${p.version} is not in ${p.url} (the mirror may not have synced it yet).`,
    zh: (p) => `${p.url} 中没有 Kubernetes ${p.version}（镜像站可能尚未同步）。`,
  },
  "packages.versionMissingHint": {
    en: () => "pin an earlier patch release (see apt-cache madison kubeadm) or try --profile upstream",
    zh: () => "请固定一个更早的补丁版本（见 apt-cache madison kubeadm），或尝试 --profile upstream",
  },
} satisfies Record<string, Entry>;
