import type { Entry } from "../entry.js";

/**
 * The wizard's cross-field checks at the question ("ask."), Kubernetes minor versions
 * ("version.minor"/"version.patch") and importing a kubeadm configuration ("import.").
 */
export const SPEC_INPUT_MESSAGES = {
  "ask.notOnHost": {
    en: (p) => `${p.value} is not on this host: this must be the control-plane host itself.`,
    zh: (p) => `${p.value} 不是本机的地址：该配置必须在拥有此地址的控制平面主机上使用。`,
  },
  "ask.useAnyway": { en: () => "Use it anyway?", zh: () => "仍然使用？" },
  "ask.vipOutsideInterface": {
    en: (p) =>
      `the VIP ${p.vip} is not in the subnet of ${p.iface} (${p.nets}); kube-vip announces it by ARP on that interface, so it must be a free address there.`,
    zh: (p) =>
      `VIP ${p.vip} 不在网卡 ${p.iface} 的网段（${p.nets}）内；kube-vip 通过该网卡的 ARP 宣告它，必须是该网段中未被占用的地址。`,
  },
  "ask.conflictsWith": {
    en: (p) => `(conflicts with ${p.what} ${p.value} ${p.source})`,
    zh: (p) => `（与${p.source}的 ${p.what} ${p.value} 冲突）`,
  },
  "ask.source.flags": { en: () => "given on the command line", zh: () => "命令行参数" },
  "ask.source.answers": { en: () => "from the answers file", zh: () => "答案文件中" },
  "ask.source.kubeadmConfig": {
    en: (p) => `from the kubeadm config ${p.file}`,
    zh: (p) => `kubeadm 配置文件 ${p.file} 中`,
  },
  "ask.source.profile": { en: (p) => `from the profile ${p.name}`, zh: (p) => `方案 ${p.name} 中` },
  "ask.source.default": { en: () => "(the default)", zh: () => "默认值中" },
  "version.minorPinned": {
    en: (p) => `${p.minor} -> ${p.version}, the newest patch kadm-wizard knows.`,
    zh: (p) => `${p.minor} -> ${p.version}，即 kadm-wizard 已知的最新补丁版本。`,
  },
  "version.minorUnknown": {
    en: (p) => `Kubernetes ${p.value} is a minor version kadm-wizard has no release data for.`,
    zh: (p) => `kadm-wizard 没有 Kubernetes 次版本 ${p.value} 的发布数据。`,
  },
  "version.minorUnknownHint": {
    en: (p) => `pass the full version, e.g. --k8s-version ${p.example}`,
    zh: (p) => `请传入完整版本，例如 --k8s-version ${p.example}`,
  },
  "version.patchNewer": {
    en: (p) =>
      `Kubernetes ${p.value} is newer than the newest patch kadm-wizard knows (${p.known}); image tags follow ${p.known} and may need checking.`,
    zh: (p) =>
      `Kubernetes ${p.value} 比 kadm-wizard 已知的最新补丁版本 (${p.known}) 更新；镜像标签按 ${p.known} 推断，可能需要核对。`,
  },
  "import.took": {
    en: (p) => `took from ${p.file}: ${p.keys}.`,
    zh: (p) => `已从 ${p.file} 读取：${p.keys}。`,
  },
  "import.tookNothing": {
    en: (p) => `took nothing from ${p.file}: it sets no value kadm-wizard has.`,
    zh: (p) => `未从 ${p.file} 读取任何值：其中没有 kadm-wizard 可用的设置。`,
  },
  // Words for "key X must be <expected>, got <got>" (src/spec/value-kind.ts).
  "value.expected.string": { en: () => "a string", zh: () => "字符串" },
  "value.expected.int": { en: () => "a whole number", zh: () => "整数" },
  "value.expected.bool": { en: () => "true or false", zh: () => "true 或 false" },
  "value.expected.stringList": { en: () => "a list of strings", zh: () => "字符串列表" },
  "value.expected.stringMap": { en: () => "a mapping of strings", zh: () => "值为字符串的映射" },
  "value.expected.stringListMap": { en: () => "a mapping of string lists", zh: () => "值为字符串列表的映射" },
  "value.expected.mapping": { en: () => "a mapping", zh: () => "映射（键值对）" },
  "value.expected.mappingList": { en: () => "a list of mappings", zh: () => "映射列表" },
  "value.expected.fieldNameList": { en: () => "a list of field names", zh: () => "字段名列表" },
  "value.got.null": { en: () => "null", zh: () => "null" },
  "value.got.list": { en: () => "a list", zh: () => "列表" },
  "value.got.mapping": { en: () => "a mapping", zh: () => "映射" },
  "value.got.string": { en: (p) => `string ${p.value}`, zh: (p) => `字符串 ${p.value}` },
  "value.got.number": { en: (p) => `number ${p.value}`, zh: (p) => `数字 ${p.value}` },
  "value.got.boolean": { en: (p) => `boolean ${p.value}`, zh: (p) => `布尔值 ${p.value}` },
  "value.got.other": { en: (p) => `${p.value}`, zh: (p) => `${p.value}` },
  "import.document": { en: (p) => `document ${p.n}`, zh: (p) => `第 ${p.n} 个文档` },
  "import.extraTokens": {
    en: (p) => `bootstrapTokens[1..${p.n}]`,
    zh: (p) => `bootstrapTokens[1..${p.n}]（另外 ${p.n} 个令牌）`,
  },
  "import.ignored": {
    en: (p) => `ignored in ${p.file} (no kadm-wizard equivalent): ${p.keys}.`,
    zh: (p) => `已忽略 ${p.file} 中的以下项（kadm-wizard 无对应设置）：${p.keys}。`,
  },
  "import.placeholders": {
    en: (p) =>
      `not taken from ${p.file}: ${p.keys}, placeholders of \`kubeadm config print init-defaults\` (give your own by flag or at the question).`,
    zh: (p) =>
      `未从 ${p.file} 读取：${p.keys}，这是 \`kubeadm config print init-defaults\` 的占位值（请用参数或在提问时给出实际值）。`,
  },
  "import.exampleToken": {
    en: (p) =>
      `not taken from ${p.file}: bootstrapTokens.token ${p.token}, the example token of \`kubeadm config print init-defaults\`; init generates a fresh one.`,
    zh: (p) =>
      `未从 ${p.file} 读取：bootstrapTokens.token ${p.token} 是 \`kubeadm config print init-defaults\` 的示例令牌；init 会生成新的令牌。`,
  },
  "import.defaultRegistry": {
    en: (p) =>
      `not taken from ${p.file}: imageRepository ${p.value} is kubeadm's default, so the profile's registry is used (--image-repository to choose one).`,
    zh: (p) =>
      `未从 ${p.file} 读取：imageRepository ${p.value} 是 kubeadm 的默认值，因此使用方案中的镜像仓库（可用 --image-repository 指定）。`,
  },
  "import.notKubeadm": {
    en: (p) =>
      `${p.file} holds no kubeadm configuration (a document with apiVersion kubeadm.k8s.io/v1beta3 or v1beta4).`,
    zh: (p) => `${p.file} 中没有 kubeadm 配置（apiVersion 为 kubeadm.k8s.io/v1beta3 或 v1beta4 的文档）。`,
  },
  "import.notMapping": {
    en: (p) => `${p.file}: document ${p.document} is not a YAML mapping.`,
    zh: (p) => `${p.file}：第 ${p.document} 个文档不是 YAML 映射。`,
  },
  "import.apiVersion": {
    en: (p) => `${p.file}: ${p.apiVersion} is not supported (${p.supported} are).`,
    zh: (p) => `${p.file}：不支持 ${p.apiVersion}（支持 ${p.supported}）。`,
  },
  "import.migrateHint": {
    en: (p) => `convert it with: kubeadm config migrate --old-config ${p.file} --new-config new.yaml`,
    zh: (p) => `请先转换：kubeadm config migrate --old-config ${p.file} --new-config new.yaml`,
  },
  "import.hint": {
    en: (p) =>
      `pass the file you give to kubeadm init --config (e.g. from kubeadm config print init-defaults), not ${p.file}`,
    zh: (p) =>
      `请传入用于 kubeadm init --config 的文件（如 kubeadm config print init-defaults 的输出），而不是 ${p.file}`,
  },
} satisfies Record<string, Entry>;
