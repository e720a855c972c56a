import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/** SSH orchestration: inventory, host keys, add-node / remove-node. */
export const SSH_MESSAGES = {
  // --- inventory problems (keys "ssh.inventory.<code>")
  "ssh.inventory.problem": {
    en: (p) => `${p.source}${p.key ? `: ${p.key}` : ""}: ${p.problem}.`,
    zh: (p) => `${p.source}${p.key ? `：${p.key}` : ""}：${p.problem}。`,
  },
  "ssh.inventory.yaml": {
    en: (p) => `not valid YAML at line ${p.line}, column ${p.column} (${p.value})`,
    zh: (p) => `不是有效的 YAML：第 ${p.line} 行第 ${p.column} 列（${p.value}）`,
  },
  "ssh.inventory.notMapping": {
    en: () => "must be a mapping (key: value)",
    zh: () => "必须是映射（key: value）",
  },
  "ssh.inventory.unknownKey": {
    en: (p) => `unknown key "${p.value}" (known here: ${p.known})`,
    zh: (p) => `未知的键 "${p.value}"（此处可用：${String(p.known).split(", ").join("、")}）`,
  },
  "ssh.inventory.notString": {
    en: (p) => `must be a string, got ${p.value}`,
    zh: (p) => `必须是字符串，实际为 ${p.value}`,
  },
  "ssh.inventory.notList": { en: () => "must be a list of hosts", zh: () => "必须是主机列表" },
  "ssh.inventory.badHost": {
    en: (p) => `"${p.value}" is not HOST, HOST:PORT or user@HOST`,
    zh: (p) => `"${p.value}" 不是 HOST、HOST:PORT 或 user@HOST 格式`,
  },
  "ssh.inventory.badPort": {
    en: (p) => `port ${p.value} is not 1-65535`,
    zh: (p) => `端口 ${p.value} 不在 1-65535 范围内`,
  },
  "ssh.inventory.badUser": {
    en: (p) => `"${p.value}" is not a user name`,
    zh: (p) => `"${p.value}" 不是有效的用户名`,
  },
  "ssh.inventory.badRole": {
    en: (p) => `role "${p.value}" is not worker or control-plane`,
    zh: (p) => `角色 "${p.value}" 不是 worker 或 control-plane`,
  },
  "ssh.inventory.badNodeName": {
    en: (p) =>
      `node name "${p.value}" is not a DNS-1123 name (lowercase letters, digits, "-" and "."; at most 63 characters between dots)`,
    zh: (p) =>
      `节点名 "${p.value}" 不符合 DNS-1123 规范（只能包含小写字母、数字、"-" 和 "."；以点分隔的每段最长 63 个字符）`,
  },
  "ssh.inventory.badAddress": {
    en: (p) => `"${p.value}" is not an IP address`,
    zh: (p) => `"${p.value}" 不是 IP 地址`,
  },
  "ssh.inventory.badIpv4": {
    en: (p) => `"${p.value}" is not a valid IPv4 address (four numbers 0-255 separated by dots)`,
    zh: (p) => `"${p.value}" 不是有效的 IPv4 地址（四个 0-255 的数字以点分隔）`,
  },
  "ssh.inventory.badEnvName": {
    en: (p) => `"${p.value}" is not an environment variable name`,
    zh: (p) => `"${p.value}" 不是有效的环境变量名`,
  },
  "ssh.inventory.badRoot": {
    en: (p) => `root "${p.value}" is not an absolute path`,
    zh: (p) => `root "${p.value}" 不是绝对路径`,
  },
  "ssh.inventory.badBool": {
    en: (p) => `must be true or false, got ${p.value}`,
    zh: (p) => `必须是 true 或 false，实际为 ${p.value}`,
  },
  "ssh.inventory.duplicateHost": {
    en: (p) => `host ${p.value} is listed twice`,
    zh: (p) => `主机 ${p.value} 重复列出`,
  },
  "ssh.inventory.duplicateNodeName": {
    en: (p) => `node name ${p.value} is used twice`,
    zh: (p) => `节点名 ${p.value} 被使用了两次`,
  },
  "ssh.inventory.advertiseWorker": {
    en: (p) => `advertiseAddress ${p.value} only applies to control-plane hosts`,
    zh: (p) => `advertiseAddress ${p.value} 只适用于控制平面主机`,
  },
  "ssh.inventory.empty": {
    en: () => "no hosts: add a hosts: list",
    zh: () => "没有主机：请添加 hosts: 列表",
  },
  "ssh.inventory.more": {
    en: (p) => `${p.source}: and ${plural(p.count, "more problem")} (fix the ones above first).`,
    zh: (p) => `${p.source}：另有 ${p.count} 个问题（请先修正上面列出的）。`,
  },
  "ssh.hostArgHint": {
    en: () =>
      "give each host as HOST, HOST:PORT, [IPv6]:PORT or user@HOST, e.g. 10.0.0.21 or admin@10.0.0.21:2222",
    zh: () =>
      "每个主机写作 HOST、HOST:PORT、[IPv6]:PORT 或 user@HOST，例如 10.0.0.21 或 admin@10.0.0.21:2222",
  },
  "ssh.inventoryHint": {
    en: () => "correct the inventory entry named above (README: add-node), then run the same command again",
    zh: () => "按上方指出的位置修正主机清单（见 README 的 add-node 部分），然后重新运行同一命令",
  },
  "ssh.noHosts": {
    en: () => "no hosts to join.",
    zh: () => "没有要加入的主机。",
  },
  "ssh.noHostsHint": {
    en: () =>
      "name them: kadm-wizard add-node HOST..., --workers h1,h2, --control-planes h3 or --inventory FILE",
    zh: () =>
      "请指定主机：kadm-wizard add-node HOST...、--workers h1,h2、--control-planes h3 或 --inventory FILE",
  },
  "ssh.badConcurrency": {
    en: (p) => `--ssh-concurrency "${p.value}" is not a whole number from 1 to 100.`,
    zh: (p) => `--ssh-concurrency "${p.value}" 不是 1 到 100 之间的整数。`,
  },
  "ssh.badConcurrencyHint": { en: () => "e.g. --ssh-concurrency 10", zh: () => "例如 --ssh-concurrency 10" },
  "ssh.badPortFlag": {
    en: (p) => `--ssh-port "${p.value}" is not a port from 1 to 65535.`,
    zh: (p) => `--ssh-port "${p.value}" 不是 1 到 65535 之间的端口。`,
  },
  "ssh.badPortFlagHint": { en: () => "e.g. --ssh-port 22", zh: () => "例如 --ssh-port 22" },
  // --- credentials
  "ssh.passwordEnvMissing": {
    en: (p) => `${p.host}: environment variable ${p.name} (passwordEnv) is not set.`,
    zh: (p) => `${p.host}：环境变量 ${p.name}（passwordEnv）未设置。`,
  },
  "ssh.passwordEnvHint": {
    en: (p) => `export ${p.name}=... before running, or use a key (identityFile)`,
    zh: (p) => `运行前执行 export ${p.name}=...，或改用密钥（identityFile）`,
  },
  "ssh.keyUnreadable": {
    en: (p) => `${p.host}: cannot read the SSH key ${p.path} (${p.reason}).`,
    zh: (p) => `${p.host}：无法读取 SSH 密钥 ${p.path}（${p.reason}）。`,
  },
  "ssh.keyUnreadableHint": {
    en: () => "check identityFile / --identity-file names a private key readable by this user",
    zh: () => "请确认 identityFile / --identity-file 指向当前用户可读的私钥",
  },
  "ssh.noCredentials": {
    en: (p) => `${p.host}: no way to log in: no identity file, password, ~/.ssh/id_* key or ssh-agent.`,
    zh: (p) => `${p.host}：无可用的登录方式：没有密钥文件、密码、~/.ssh/id_* 密钥或 ssh-agent。`,
  },
  "ssh.noCredentialsHint": {
    en: () => "pass --identity-file FILE, or passwordEnv / --password-env VAR",
    zh: () => "请传入 --identity-file FILE，或 passwordEnv / --password-env VAR",
  },
  "ssh.cannotAsk": {
    en: (p) => `${p.host}: askPassword needs a terminal to ask on.`,
    zh: (p) => `${p.host}：askPassword 需要在终端中交互输入。`,
  },
  "ssh.cannotAskHint": {
    en: () => "use passwordEnv / --password-env VAR in scripts and CI",
    zh: () => "脚本和 CI 中请使用 passwordEnv / --password-env VAR",
  },
  "ssh.passwordPrompt": { en: (p) => `SSH password for ${p.target}`, zh: (p) => `${p.target} 的 SSH 密码` },
  // --- join commands
  "ssh.noJoinCommand": {
    en: () => "no join command: this host has no finished kadm-wizard init state.",
    zh: () => "没有 join 命令：本机没有已完成的 kadm-wizard init 状态。",
  },
  "ssh.noJoinCommandHint": {
    en: () =>
      "run add-node on the control-plane node where kadm-wizard init ran, or pass --join-command '<kubeadm join ...>' (kadm-wizard token prints one)",
    zh: () =>
      "请在执行过 kadm-wizard init 的控制平面节点上运行 add-node，或传入 --join-command '<kubeadm join ...>'（kadm-wizard token 可打印）",
  },
  "ssh.joinCommandStale": {
    en: (p) => `the join command saved by init is ${p.hours} h old; its token expires after 24 h.`,
    zh: (p) => `init 保存的 join 命令已生成 ${p.hours} 小时；令牌 24 小时后过期。`,
  },
  "ssh.joinCommandStaleHint": {
    en: () =>
      "print a fresh one with kadm-wizard token (--control-plane for control planes) and pass it with --join-command / --control-plane-join-command",
    zh: () =>
      "用 kadm-wizard token（控制平面加 --control-plane）生成新命令，并通过 --join-command / --control-plane-join-command 传入",
  },
  "ssh.joinNotControlPlane": {
    en: () => "it has no --control-plane: this is a worker join command",
    zh: () => "缺少 --control-plane：这是工作节点的加入命令",
  },
  "ssh.joinIsControlPlane": {
    en: () => "this is a control-plane join command (it has --control-plane)",
    zh: () => "这是控制平面节点的加入命令（带有 --control-plane）",
  },
  "ssh.badJoinCommand": {
    en: (p) => `${p.flag}: ${p.problem}`,
    zh: (p) => `${p.flag}：${p.problem}`,
  },
  "ssh.joinFlagUnsupported": {
    en: (p) =>
      `${p.flag} of the join command cannot be passed on: the nodes run kubeadm join --config (the token stays off their command lines), and kubeadm takes only a few flags next to --config.`,
    zh: (p) =>
      `无法传递 join 命令中的 ${p.flag}：节点上运行的是 kubeadm join --config（令牌不出现在命令行上），kubeadm 在 --config 旁只接受少数参数。`,
  },
  "ssh.joinFlagUnsupportedHint": {
    en: () =>
      "remove it from --join-command / --control-plane-join-command (node names and addresses go in the inventory)",
    zh: () => "请从 --join-command / --control-plane-join-command 中删除该参数（节点名和地址写在清单中）",
  },
  "ssh.dryRunJoinConfig": {
    en: (p) => `the file (0600, removed after the join) holds what this command line would: ${p.command}`,
    zh: (p) => `该文件（0600，加入后删除）包含的内容等同于命令行：${p.command}`,
  },
  "ssh.hostInCluster": {
    en: (p) =>
      `the host already belongs to a cluster (${p.files}); add-node will not overwrite it: run \`kadm-wizard reset\` there first`,
    zh: (p) =>
      `该主机已属于某个集群（${p.files}）；add-node 不会覆盖：请先在该主机上运行 \`kadm-wizard reset\``,
  },
  "ssh.hostJoined": {
    en: (p) => `kadm-wizard already joined this host (${p.at}); nothing to do`,
    zh: (p) => `kadm-wizard 已于 ${p.at} 将该主机加入集群；无需再做`,
  },
  "ssh.hostSpecChanged": {
    en: () =>
      "kubeadm already joined this host with other settings; run `kadm-wizard reset` there to join it again",
    zh: () => "kubeadm 已用其他设置将该主机加入；如需重新加入，请先在该主机上运行 `kadm-wizard reset`",
  },
  "ssh.noWorkerJoin": {
    en: () => "no worker join command (pass --join-command)",
    zh: () => "没有工作节点 join 命令（请传入 --join-command）",
  },
  "ssh.noControlPlaneJoin": {
    en: () =>
      "no control-plane join command: init needs --control-plane-endpoint; then kadm-wizard token --control-plane and --control-plane-join-command",
    zh: () =>
      "没有控制平面 join 命令：init 需设置 --control-plane-endpoint；然后执行 kadm-wizard token --control-plane 并传入 --control-plane-join-command",
  },
  // --- host keys and connections
  "ssh.hostKeyChanged": {
    en: (p) =>
      `host key of ${p.host} CHANGED (now ${p.fingerprint}, ${p.file} line ${p.line} differs): refused, possible man-in-the-middle; if the host was reinstalled, remove that line (ssh-keygen -R ${p.host}) after checking the new fingerprint`,
    zh: (p) =>
      `${p.host} 的主机密钥已改变（当前 ${p.fingerprint}，与 ${p.file} 第 ${p.line} 行不同）：已拒绝，可能存在中间人攻击；若主机已重装，请核对新指纹后删除该行（ssh-keygen -R ${p.host}）`,
  },
  "ssh.hostKeyRevoked": {
    en: (p) => `host key of ${p.host} is marked @revoked in ${p.file} line ${p.line}: refused`,
    zh: (p) => `${p.host} 的主机密钥在 ${p.file} 第 ${p.line} 行被标记为 @revoked：已拒绝`,
  },
  "ssh.hostKeyUnknown": {
    en: (p) =>
      `host key of ${p.host} (${p.type} ${p.fingerprint}) is not in ${p.file}: refused; check the fingerprint, then rerun with --accept-new-host-keys (or add it with ssh-keyscan)`,
    zh: (p) =>
      `${p.host} 的主机密钥（${p.type} ${p.fingerprint}）不在 ${p.file} 中：已拒绝；核对指纹后加 --accept-new-host-keys 重新运行（或用 ssh-keyscan 添加）`,
  },
  "ssh.authFailed": {
    en: (p) => `${p.host}: SSH login refused (key or password not accepted)`,
    zh: (p) => `${p.host}：SSH 登录被拒绝（密钥或密码不被接受）`,
  },
  "ssh.refused": {
    en: (p) => `${p.address}: connection refused (is sshd running, is the port right?)`,
    zh: (p) => `${p.address}：连接被拒绝（sshd 是否在运行，端口是否正确？）`,
  },
  "ssh.connectTimeout": {
    en: (p) => `${p.address}: no answer (firewall, wrong address?)`,
    zh: (p) => `${p.address}：无响应（防火墙拦截或地址错误？）`,
  },
  "ssh.unreachable": {
    en: (p) => `${p.host}: unreachable (${p.reason})`,
    zh: (p) => `${p.host}：不可达（${p.reason}）`,
  },
  "ssh.timedOut": {
    en: (p) => `no result after ${p.minutes} min`,
    zh: (p) => `${p.minutes} 分钟后仍无结果`,
  },
  "ssh.sudoRefused": {
    en: (p) =>
      `${p.user} cannot run the steps as root: kadm-wizard uses \`sudo -n\`, which needs passwordless sudo (add "${p.user} ALL=(ALL) NOPASSWD: ALL" to /etc/sudoers.d/kadm-wizard) or log in as root`,
    zh: (p) =>
      `${p.user} 无法以 root 身份执行步骤：kadm-wizard 使用 \`sudo -n\`，需要免密 sudo（在 /etc/sudoers.d/kadm-wizard 中加入 "${p.user} ALL=(ALL) NOPASSWD: ALL"），或改用 root 登录`,
  },
  "ssh.passphrasePrompt": { en: (p) => `Passphrase of ${p.path}`, zh: (p) => `${p.path} 的密码短语` },
  "ssh.keyEncrypted": {
    en: (p) => `${p.host}: the key ${p.path} is encrypted and no passphrase was given.`,
    zh: (p) => `${p.host}：私钥 ${p.path} 已加密，但没有提供密码短语。`,
  },
  "ssh.keyEncryptedHint": {
    en: (p) => `set ${p.name}, run interactively to be asked, or load the key into ssh-agent`,
    zh: (p) => `请设置 ${p.name}、以交互方式运行以便输入，或将私钥加入 ssh-agent`,
  },
  "ssh.keyPassphraseWrong": {
    en: (p) => `${p.host}: the passphrase does not open the key ${p.path}.`,
    zh: (p) => `${p.host}：密码短语无法解开私钥 ${p.path}。`,
  },
  "ssh.exitCode": { en: (p) => `exit code ${p.code}`, zh: (p) => `退出码 ${p.code}` },
  "ssh.containerdUnreadable": {
    en: () => "cannot read containerd's config.toml or defaults (is containerd installed?)",
    zh: () => "无法读取 containerd 的 config.toml 或默认配置（是否已安装 containerd？）",
  },
  // --- progress and summary
  "ssh.step.join": {
    en: (p) => `Join ${plural(p.count, "host")} over SSH`,
    zh: (p) => `通过 SSH 加入 ${p.count} 台主机`,
  },
  "ssh.step.joinDone": {
    en: (p) => `${p.joined} of ${plural(p.count, "host")} joined`,
    zh: (p) => `${p.count} 台主机中 ${p.joined} 台已加入`,
  },
  "ssh.stage.waiting": { en: () => "waiting", zh: () => "等待中" },
  "ssh.stage.connect": { en: () => "connecting", zh: () => "连接中" },
  "ssh.stage.preflight": { en: () => "preflight", zh: () => "预检" },
  "ssh.stage.prepare": { en: () => "swap, kernel modules, sysctl", zh: () => "swap、内核模块、sysctl" },
  "ssh.stage.containerd": { en: () => "containerd config", zh: () => "containerd 配置" },
  "ssh.stage.images": {
    en: (p) => `pre-pull ${plural(p.count, "image")}`,
    zh: (p) => `预拉取 ${p.count} 个镜像`,
  },
  "ssh.stage.join": { en: () => "kubeadm join", zh: () => "kubeadm join" },
  "ssh.pullProgress": {
    en: (p) => `${p.done}/${plural(p.count, "image")}`,
    zh: (p) => `${p.done}/${p.count} 个镜像`,
  },
  "ssh.col.host": { en: () => "HOST", zh: () => "主机" },
  "ssh.col.role": { en: () => "ROLE", zh: () => "角色" },
  // A host's role as the inventory spells it (role: worker | control-plane), in the user's language.
  "ssh.col.node": { en: () => "NODE", zh: () => "节点" },
  "ssh.col.result": { en: () => "RESULT", zh: () => "结果" },
  "ssh.col.duration": { en: () => "TIME", zh: () => "耗时" },
  "ssh.col.error": { en: () => "ERROR", zh: () => "错误" },
  "ssh.result.joined": { en: () => "joined", zh: () => "已加入" },
  "ssh.result.failed": { en: (p) => `failed at ${p.step}`, zh: (p) => `失败于 ${p.step}` },
  "ssh.someFailed": {
    en: (p) => `${p.failed} of ${plural(p.count, "host")} failed to join (recorded in ${p.path}).`,
    zh: (p) => `${p.count} 台主机中有 ${p.failed} 台加入失败（已记录到 ${p.path}）。`,
  },
  "ssh.someFailedHint": {
    en: () => "fix what the ERROR column says, then: kadm-wizard add-node --retry-failed",
    zh: () => "按 错误 列的提示修复后执行：kadm-wizard add-node --retry-failed",
  },
  "ssh.allJoined": {
    en: (p) => `${Number(p.count) === 1 ? "1 host" : `All ${p.count} hosts`} joined.`,
    zh: (p) => `全部 ${p.count} 台主机已加入。`,
  },
  "ssh.nothingToRetry": {
    en: (p) => `No failed hosts recorded in ${p.path}: nothing to retry.`,
    zh: (p) => `${p.path} 中没有失败的主机：无需重试。`,
  },
  "ssh.dryRunPlan": {
    en: (p) => `Would join ${plural(p.count, "host")} over SSH (nothing connected, nothing changed):`,
    zh: (p) => `将通过 SSH 加入 ${p.count} 台主机（未连接，未做任何修改）：`,
  },
  "ssh.dryRunHost": {
    en: (p) =>
      `${p.host} (${p.role}) as ${p.user}, port ${p.port}: preflight, ${p.prep}pre-pull ${plural(p.images, "image")}, then:`,
    zh: (p) =>
      `${p.host}（${p.role}），用户 ${p.user}，端口 ${p.port}：预检、${p.prep}预拉取 ${p.images} 个镜像，然后：`,
  },
  "ssh.dryRunPackages": {
    en: (p) =>
      `packages (containerd, runc, crictl, the tools, kubelet/kubeadm/kubectl ${p.version} pinned and held; kubeadm first for a release newer than our tables), `,
    zh: (p) =>
      `软件包（containerd、runc、crictl、所需工具，锁定版本的 kubelet/kubeadm/kubectl ${p.version}；比内置版本表更新的版本先装 kubeadm）、`,
  },
  "ssh.dryRunPrep": {
    en: () => "swap/modules/sysctl/containerd, ",
    zh: () => "swap/内核模块/sysctl/containerd、",
  },
  "ssh.hostsStateBad": {
    en: (p) => `cannot read ${p.path}: ${p.reason}`,
    zh: (p) => `无法读取 ${p.path}：${p.reason}`,
  },
  "ssh.hostsStateBadHint": {
    en: (p) => `move ${p.path} aside; it only records earlier add-node results`,
    zh: (p) => `将 ${p.path} 移走即可；它只记录之前 add-node 的结果`,
  },
  // --- remove-node
  "ssh.remove.name": {
    en: () => "remove-node needs the name of the node to remove.",
    zh: () => "remove-node 需要指定要移除的节点名。",
  },
  "ssh.remove.nameHint": {
    en: () => "give the name `kubectl get nodes` lists, e.g. kadm-wizard remove-node worker-3",
    zh: () => "请给出 `kubectl get nodes` 列出的节点名，例如 kadm-wizard remove-node worker-3",
  },
  "ssh.remove.extraNames": {
    en: (p) => `remove-node removes one node at a time; got ${p.count} names: ${p.names}.`,
    zh: (p) =>
      `remove-node 一次只移除一个节点；收到了 ${p.count} 个节点名：${String(p.names).split(", ").join("、")}。`,
  },
  "ssh.remove.extraNamesHint": {
    en: (p) => `run it once per node: kadm-wizard remove-node ${p.first}`,
    zh: (p) => `请每个节点运行一次：kadm-wizard remove-node ${p.first}`,
  },
  "ssh.remove.badNameHint": {
    en: (p) => `did you mean kadm-wizard remove-node ${p.suggestion}? (the name \`kubectl get nodes\` lists)`,
    zh: (p) => `是否要执行 kadm-wizard remove-node ${p.suggestion}？（即 \`kubectl get nodes\` 列出的名称）`,
  },
  "ssh.remove.oneHost": {
    en: (p) => `--host takes one host (the node's), got ${p.count}: ${p.value}.`,
    zh: (p) => `--host 只接受一个主机（该节点所在主机），收到了 ${p.count} 个：${p.value}。`,
  },
  "ssh.remove.oneHostHint": {
    en: () => "e.g. --host 10.0.0.21 or --host admin@10.0.0.21:2222",
    zh: () => "例如 --host 10.0.0.21 或 --host admin@10.0.0.21:2222",
  },
  "ssh.remove.unknown": {
    en: (p) =>
      `node ${p.name} was not joined by add-node here (no record in ${p.path}), so its SSH details are unknown.`,
    zh: (p) =>
      `节点 ${p.name} 不是在本机用 add-node 加入的（${p.path} 中无记录），因此不知道其 SSH 连接信息。`,
  },
  "ssh.remove.unknownHint": {
    en: () => "name the host with --host HOST (and --ssh-user / --identity-file as for add-node)",
    zh: () => "请用 --host HOST 指定主机（以及与 add-node 相同的 --ssh-user / --identity-file）",
  },
  "ssh.remove.step.drain": { en: (p) => `Drain ${p.name}`, zh: (p) => `驱逐 ${p.name} 上的负载` },
  "ssh.remove.step.delete": { en: (p) => `Delete node ${p.name}`, zh: (p) => `删除节点 ${p.name}` },
  "ssh.remove.step.reset": {
    en: (p) => `kubeadm reset on ${p.host}`,
    zh: (p) => `在 ${p.host} 上执行 kubeadm reset`,
  },
  "ssh.remove.kubectlFailed": {
    en: (p) => `${p.command} failed: ${p.reason}`,
    zh: (p) => `${p.command} 失败：${p.reason}`,
  },
  "ssh.remove.kubectlHint": {
    en: () =>
      "run on a control-plane node (kubectl and /etc/kubernetes/admin.conf), or --skip-drain for a dead node",
    zh: () =>
      "请在控制平面节点上运行（需要 kubectl 和 /etc/kubernetes/admin.conf），节点已失联时可加 --skip-drain",
  },
  "ssh.remove.resetFailed": {
    en: (p) => `kubeadm reset on ${p.host} failed: ${p.reason}`,
    zh: (p) => `在 ${p.host} 上执行 kubeadm reset 失败：${p.reason}`,
  },
  "ssh.remove.resetHint": {
    en: () => "the node is already out of the cluster; log in and run kubeadm reset -f there",
    zh: () => "节点已从集群中移除；请登录该主机手动执行 kubeadm reset -f",
  },
  "ssh.remove.done": {
    en: (p) => `Node ${p.name} drained, deleted and reset (${p.host}).`,
    zh: (p) => `节点 ${p.name} 已驱逐、删除并重置（${p.host}）。`,
  },
  "ssh.remove.planned": {
    en: (p) => `Would drain and delete ${p.name}, then run kubeadm reset -f on ${p.host}:`,
    zh: (p) => `将驱逐并删除 ${p.name}，然后在 ${p.host} 上执行 kubeadm reset -f：`,
  },
  "ssh.remove.confirm": {
    en: (p) => `Drain and delete node ${p.name}, then kubeadm reset -f on ${p.host}?`,
    zh: (p) => `驱逐并删除节点 ${p.name}，然后在 ${p.host} 上执行 kubeadm reset -f？`,
  },
  "ssh.remove.needsYes": {
    en: () => "remove-node deletes a node and resets its host, and there is no terminal to confirm on.",
    zh: () => "remove-node 会删除节点并重置其主机，而当前没有可确认的终端。",
  },
  "ssh.remove.needsYesHint": { en: () => "add --yes", zh: () => "请加上 --yes" },
} satisfies Record<string, Entry>;
