import type { Entry } from "../entry.js";

/**
 * Bad input caught before anything happens: user-named files that are not regular files or too
 * large, YAML that is an alias bomb, certificate data that is not PEM, late-checked flag values.
 * Keys "input.".
 */
export const INPUT_MESSAGES = {
  // --- why a user-named file cannot be read (the `reason` of file.unreadable and friends)
  "input.reason.enoent": { en: () => "no such file", zh: () => "文件不存在" },
  "input.reason.eacces": { en: () => "permission denied", zh: () => "权限不足" },
  "input.reason.directory": { en: () => "it is a directory", zh: () => "它是一个目录" },
  "input.reason.fifo": {
    en: () => "it is a named pipe, not a regular file (reading it would wait for a writer)",
    zh: () => "它是命名管道而不是普通文件（读取它会一直等待写入方）",
  },
  "input.reason.socket": {
    en: () => "it is a socket, not a regular file",
    zh: () => "它是套接字而不是普通文件",
  },
  "input.reason.device": {
    en: () => "it is a device, not a regular file",
    zh: () => "它是设备文件而不是普通文件",
  },
  "input.reason.tooLarge": {
    en: (p) => `it is ${p.size} bytes, more than the ${p.limit} bytes accepted`,
    zh: (p) => `文件大小为 ${p.size} 字节，超过允许的 ${p.limit} 字节`,
  },
  // --- YAML beyond what the syntax checks catch
  "input.yaml.tooLarge": {
    en: (p) => `${p.file} is ${p.size} bytes of YAML, more than the ${p.limit} bytes accepted.`,
    zh: (p) => `${p.file} 的 YAML 大小为 ${p.size} 字节，超过允许的 ${p.limit} 字节。`,
  },
  "input.yaml.aliasBomb": {
    en: (p) =>
      `${p.file}: its YAML aliases (*name) expand to more than ${p.limit} characters, an alias bomb; nothing was applied or written.`,
    zh: (p) =>
      `${p.file}：其中的 YAML 别名（*name）展开后超过 ${p.limit} 个字符，属于别名炸弹；未应用也未写入任何内容。`,
  },
  "input.yaml.recursiveAlias": {
    en: (p) => `${p.file}: a YAML alias refers to a node that contains it, which has no finite expansion.`,
    zh: (p) => `${p.file}：某个 YAML 别名引用了包含它自身的节点，无法有限展开。`,
  },
  "input.yaml.tooDeep": {
    en: (p) => `${p.file}: its YAML is nested (through aliases) deeper than ${p.limit} levels.`,
    zh: (p) => `${p.file}：其 YAML（含别名展开）嵌套超过 ${p.limit} 层。`,
  },
  "input.yaml.hint": {
    en: (p) =>
      `write ${p.file} out without anchors and aliases (&name / *name), or check it is the file you meant`,
    zh: (p) => `请在 ${p.file} 中不使用锚点与别名（&name / *name）直接写出内容，或确认这是你要用的文件`,
  },
  // --- kubeconfig
  "input.kubeconfig.notPem": {
    en: (p) =>
      `the kubeconfig ${p.file} has ${p.field} (${p.where}) that is not PEM ${p.kind} data after base64 decoding.`,
    zh: (p) => `kubeconfig ${p.file} 中 ${p.where} 的 ${p.field} 经 base64 解码后不是 PEM ${p.kind}数据。`,
  },
  "input.kubeconfig.notPemFile": {
    en: (p) =>
      `the kubeconfig ${p.file} names ${p.field} ${p.path} (${p.where}), which is not PEM ${p.kind} data.`,
    zh: (p) =>
      `kubeconfig ${p.file} 中 ${p.where} 的 ${p.field} 指向 ${p.path}，其内容不是 PEM ${p.kind}数据。`,
  },
  "input.kubeconfig.unreadableFile": {
    en: (p) =>
      `the kubeconfig ${p.file} names ${p.field} ${p.path} (${p.where}): cannot read it: ${p.reason}.`,
    zh: (p) => `kubeconfig ${p.file} 中 ${p.where} 的 ${p.field} 指向 ${p.path}：无法读取：${p.reason}。`,
  },
  "input.pem.certificate": { en: () => "certificate", zh: () => "证书" },
  "input.pem.privateKey": { en: () => "private key", zh: () => "私钥" },
  "input.kubeconfig.notMapping": {
    en: (p) => `the kubeconfig ${p.file} is not a YAML mapping (clusters, users, contexts).`,
    zh: (p) => `kubeconfig ${p.file} 不是 YAML 映射（应包含 clusters、users、contexts）。`,
  },
  "input.kubeconfig.unreadable": {
    en: (p) => `cannot load kubeconfig ${p.file}: ${p.reason}.`,
    zh: (p) => `无法加载 kubeconfig ${p.file}：${p.reason}。`,
  },
  "input.kubeconfig.hint": {
    en: () =>
      "use an intact kubeconfig, e.g. --kubeconfig /etc/kubernetes/admin.conf on a control-plane node (or `kubeadm init phase kubeconfig admin` to recreate it)",
    zh: () =>
      "请使用完好的 kubeconfig，例如在控制平面节点上用 --kubeconfig /etc/kubernetes/admin.conf（或用 `kubeadm init phase kubeconfig admin` 重新生成）",
  },
  // --- flags checked before anything happens
  "input.tokenTtl": {
    en: (p) =>
      `--token-ttl "${p.value}" is not a duration like kubeadm's 24h0m0s (units h, m, s; 0 = never expires).`,
    zh: (p) =>
      `--token-ttl "${p.value}" 不是 kubeadm 的时长格式，例如 24h0m0s（单位 h、m、s；0 表示永不过期）。`,
  },
  "input.tokenTtlHint": {
    en: () => "e.g. --token-ttl 2h, --token-ttl 24h0m0s, or --token-ttl 0 for a token that never expires",
    zh: () => "例如 --token-ttl 2h、--token-ttl 24h0m0s，或用 --token-ttl 0 生成永不过期的令牌",
  },
} satisfies Record<string, Entry>;
