import type { Entry } from "../entry.js";

/**
 * Pre-pulling images through containerd (src/images/pull.ts). Keys are prefixed "pull."
 * Failure params: image, registry, endpoint ("" when it is the registry itself), mirrors (hosts
 * that answered 404, comma-separated), evidence (ctr's last error line), hostsFile, command, address.
 */
export const PULL_MESSAGES = {
  // --- one line per image (params: image, size)
  "pull.result.pulled": {
    en: (p) => `${p.image} pulled (${p.size}).`,
    zh: (p) => `已拉取 ${p.image}（${p.size}）。`,
  },
  "pull.result.cached": {
    en: (p) => `${p.image} is already present (${p.size}).`,
    zh: (p) => `${p.image} 已存在（${p.size}）。`,
  },
  "pull.result.recorded": {
    en: (p) => `dry run: ${p.image} would be pulled.`,
    zh: (p) => `试运行：将会拉取 ${p.image}。`,
  },
  // --- failures, one per cause class
  "pull.failed.unreachable": {
    en: (p) =>
      `cannot pull ${p.image}: ${p.registry}${p.endpoint ? ` (tried ${p.endpoint})` : ""} is unreachable (${p.evidence}).`,
    zh: (p) =>
      `无法拉取 ${p.image}：无法连接 ${p.registry}${p.endpoint ? `（尝试的是 ${p.endpoint}）` : ""}（${p.evidence}）。`,
  },
  "pull.failed.notFound": {
    en: (p) =>
      `cannot pull ${p.image}: ${p.registry} does not have it${p.mirrors ? ` (not found on ${p.mirrors})` : ""} (${p.evidence}).`,
    zh: (p) =>
      `无法拉取 ${p.image}：${p.registry} 上没有该镜像${p.mirrors ? `（${p.mirrors} 返回不存在）` : ""}（${p.evidence}）。`,
  },
  "pull.failed.unauthorized": {
    en: (p) =>
      `cannot pull ${p.image}: ${p.registry}${p.endpoint ? ` (${p.endpoint})` : ""} refused access (${p.evidence}).`,
    zh: (p) =>
      `无法拉取 ${p.image}：${p.registry}${p.endpoint ? `（${p.endpoint}）` : ""} 拒绝访问（${p.evidence}）。`,
  },
  "pull.failed.tls": {
    en: (p) =>
      `cannot pull ${p.image}: the TLS connection to ${p.endpoint || p.registry} failed (${p.evidence}).`,
    zh: (p) => `无法拉取 ${p.image}：与 ${p.endpoint || p.registry} 的 TLS 连接失败（${p.evidence}）。`,
  },
  "pull.failed.runtimeDown": {
    en: (p) =>
      `cannot pull ${p.image}: nothing answers on the containerd socket${p.address ? ` ${p.address}` : ""}.`,
    zh: (p) => `无法拉取 ${p.image}：containerd 套接字${p.address ? ` ${p.address} ` : ""}无响应。`,
  },
  "pull.failed.other": {
    en: (p) => `cannot pull ${p.image} from ${p.registry} (${p.evidence}).`,
    zh: (p) => `无法从 ${p.registry} 拉取 ${p.image}（${p.evidence}）。`,
  },
  // --- fixes
  "pull.fix.unreachable": {
    en: (p) =>
      `check this machine's network and proxy settings, and the mirrors in ${p.hostsFile}; if the mirror is down, use another one`,
    zh: (p) => `请检查本机网络和代理设置，以及 ${p.hostsFile} 中的镜像站；如果镜像站不可用，请换一个`,
  },
  "pull.fix.notFound": {
    en: () => "check the image name and tag: the Kubernetes version and the image repository must match",
    zh: () => "请检查镜像名称和标签：Kubernetes 版本与镜像仓库必须对应",
  },
  "pull.fix.notFoundMirror": {
    en: (p) =>
      `the mirror has not synced this tag yet; put another mirror first in ${p.hostsFile}, or pin an earlier patch release`,
    zh: (p) => `镜像站尚未同步此标签；请在 ${p.hostsFile} 中把另一个镜像站放在前面，或固定使用更早的补丁版本`,
  },
  "pull.fix.unauthorized": {
    en: (p) =>
      `${p.registry} wants credentials, or the repository path is wrong (some registries answer "denied" for names that do not exist); check imageRepository, or use a public mirror`,
    zh: (p) =>
      `${p.registry} 需要登录凭据，或仓库路径有误（有些仓库对不存在的名称也返回"拒绝访问"）；请检查 imageRepository，或改用公共镜像站`,
  },
  "pull.fix.tls": {
    en: (p) =>
      `the registry's certificate is not trusted, or an https:// mirror only speaks plain HTTP; give its CA with ca = "..." in ${p.hostsFile}, or fix the mirror URL's scheme`,
    zh: (p) =>
      `仓库证书不受信任，或 https:// 镜像站实际只支持 HTTP；请在 ${p.hostsFile} 中用 ca = "..." 指定其 CA，或改正镜像站地址的协议`,
  },
  "pull.fix.other": {
    en: (p) => `run the command by hand for the whole output: ${p.command}`,
    zh: (p) => `请手动运行该命令查看完整输出：${p.command}`,
  },
  "pull.fix.runtime": {
    en: (p) =>
      `containerd does not answer${p.address ? ` on ${p.address}` : ""}: check "systemctl status containerd" and the CRI socket`,
    zh: (p) =>
      `containerd 无响应${p.address ? `（${p.address}）` : ""}：请检查 "systemctl status containerd" 和 CRI 套接字`,
  },
  // --- progress
  "pull.retry": {
    en: (p) => `retrying ${p.image} in ${p.seconds} s (attempt ${p.attempt} of ${p.of}): ${p.reason}`,
    zh: (p) => `${p.seconds} 秒后重试拉取 ${p.image}（第 ${p.attempt}/${p.of} 次）：${p.reason}`,
  },
  "pull.summary": {
    en: (p) =>
      `${p.pulled} pulled, ${p.cached} already present, ${p.failed} failed${Number(p.recorded) > 0 ? `, ${p.recorded} to pull (dry run)` : ""}.${Number(p.unknown) > 0 ? " containerd does not answer yet, so which images it already has is unknown." : ""}`,
    zh: (p) =>
      `已拉取 ${p.pulled} 个，已存在 ${p.cached} 个，失败 ${p.failed} 个${Number(p.recorded) > 0 ? `，待拉取 ${p.recorded} 个（试运行）` : ""}。${Number(p.unknown) > 0 ? "containerd 尚无响应，无法得知哪些镜像已存在。" : ""}`,
  },
} satisfies Record<string, Entry>;
