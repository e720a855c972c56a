import type { Entry } from "../entry.js";
import { noun, plural } from "../plural.js";

/** The `images` command. Keys are prefixed "images." */
export const IMAGES_MESSAGES = {
  "images.usage": {
    en: (p) => `unknown images subcommand "${p.value}"; use list, check, pull, export or import.`,
    zh: (p) => `未知的 images 子命令 "${p.value}"；可用 list、check、pull、export 或 import。`,
  },
  "images.usageHint": {
    en: () => "e.g. kadm-wizard images list --k8s-version v1.33.2",
    zh: () => "例如 kadm-wizard images list --k8s-version v1.33.2",
  },
  "images.tableFallback": {
    en: (p) =>
      `no exact image data for Kubernetes ${p.version}; the list uses the newest known release and may be off. Install kubeadm ${p.version} for the exact list.`,
    zh: (p) =>
      `没有 Kubernetes ${p.version} 的确切镜像数据；列表按已知的最新版本给出，可能有偏差。安装 kubeadm ${p.version} 可得到确切列表。`,
  },
  "images.source.kubeadm": {
    en: (p) => `kubeadm images: from kubeadm ${p.version} (\`kubeadm config images list\`)`,
    zh: (p) => `kubeadm 镜像：来自 kubeadm ${p.version}（\`kubeadm config images list\`）`,
  },
  "images.source.kubeadmInstalled": {
    en: (p) =>
      `kubeadm images: from kubeadm ${p.version}, installed first by --install-packages (\`kubeadm config images list\`)`,
    zh: (p) =>
      `kubeadm 镜像：来自 kubeadm ${p.version}，已由 --install-packages 先行安装（\`kubeadm config images list\`）`,
  },
  "images.source.installFirst": {
    en: (p) =>
      `kubeadm images: the real run installs kubeadm ${p.version} first (--install-packages) and takes its list; shown here from our table (${p.basis}), which is older`,
    zh: (p) =>
      `kubeadm 镜像：实际运行时会先安装 kubeadm ${p.version}（--install-packages）并采用它给出的列表；此处按内置镜像表（${p.basis}，较旧）显示`,
  },
  "images.installingKubeadm": {
    en: (p) =>
      `installing kubeadm ${p.version} first (--install-packages): our image table ends before it, so its own list decides the images`,
    zh: (p) =>
      `先安装 kubeadm ${p.version}（--install-packages）：内置镜像表不含该版本，镜像列表以它自己给出的为准`,
  },
  "images.source.table": {
    en: (p) => `kubeadm images: from our table (${p.basis})`,
    zh: (p) => `kubeadm 镜像：来自内置镜像表（${p.basis}）`,
  },
  "images.source.tableNotInstalled": {
    en: (p) => `kubeadm images: from our table (${p.basis}; kubeadm not installed yet)`,
    zh: (p) => `kubeadm 镜像：来自内置镜像表（${p.basis}；kubeadm 尚未安装）`,
  },
  "images.kubeadmFailed": {
    en: (p) => `\`kubeadm config images list\` failed (${p.reason}); using the built-in table instead.`,
    zh: (p) => `\`kubeadm config images list\` 执行失败（${p.reason}）；改用内置镜像表。`,
  },
  "images.runtimeDown": {
    en: (p) => `containerd does not answer on ${p.address}: no image was pulled.`,
    zh: (p) => `containerd 在 ${p.address} 上无响应：未拉取任何镜像。`,
  },
  "images.runtimeDownHint": {
    en: () =>
      `start it ("systemctl start containerd"; not installed yet: "apt-get install containerd" or "dnf install containerd.io"), or pass the right --cri-socket`,
    zh: () =>
      `请启动它（"systemctl start containerd"；尚未安装时："apt-get install containerd" 或 "dnf install containerd.io"），或传入正确的 --cri-socket`,
  },
  "images.cniUnknown": {
    en: (p) =>
      `the images of ${p.plugin} ${p.version} are not known to this release (known: ${p.known}); CNI images are left out.`,
    zh: (p) => `本版本不知道 ${p.plugin} ${p.version} 的镜像（已知版本：${p.known}）；未列出 CNI 镜像。`,
  },
  "images.checkHeader": {
    en: (p) =>
      `checking ${plural(p.count, "image")} on ${noun(p.count, "its registry", "their registries")}${p.platform ? ` for ${p.platform}` : ""}...`,
    zh: (p) => `正在向镜像仓库检查 ${p.count} 个镜像${p.platform ? `（${p.platform} 平台）` : ""}……`,
  },
  "images.allOk": {
    en: (p) => `${Number(p.count) === 1 ? "the image is" : `all ${p.count} images are`} available.`,
    zh: (p) => `${p.count} 个镜像全部可用。`,
  },
  "images.someBad": {
    en: (p) =>
      `${p.bad} of ${plural(p.count, "image")} ${noun(p.bad, "is", "are")} not available; kubeadm init would fail pulling ${noun(p.bad, "it", "them")}.`,
    zh: (p) => `${p.count} 个镜像中有 ${p.bad} 个不可用；kubeadm init 拉取它们时会失败。`,
  },
  "images.useRepository": {
    en: (p) => `every kubeadm image is available on ${p.repo}: pass --image-repository ${p.repo}`,
    zh: (p) => `${p.repo} 上有全部 kubeadm 镜像：请传入 --image-repository ${p.repo}`,
  },
  "images.noCandidate": {
    en: () => "none of the candidate repositories has every kubeadm image.",
    zh: () => "候选仓库中没有一个包含全部 kubeadm 镜像。",
  },
} satisfies Record<string, Entry>;
