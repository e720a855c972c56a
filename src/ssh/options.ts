/** The SSH flags: add-node and remove-node use them; `init` can spread them in to join hosts itself. */
import { many, opt } from "../cli/options.js";

/** How to reach hosts: shared by add-node, remove-node (and init once wired). */
export const SSH_CONNECT_OPTIONS = [
  opt("ssh-user", "string", "SSH user (default root)", "SSH 用户（默认 root）", "USER"),
  opt("ssh-port", "string", "SSH port (default 22)", "SSH 端口（默认 22）", "PORT"),
  opt(
    "identity-file",
    "string",
    "SSH private key (default ~/.ssh/id_*)",
    "SSH 私钥（默认 ~/.ssh/id_*）",
    "FILE",
  ),
  opt(
    "password-env",
    "string",
    "environment variable holding the SSH password",
    "存放 SSH 密码的环境变量",
    "VAR",
  ),
  opt("ask-password", "boolean", "ask for the SSH password", "交互输入 SSH 密码"),
  opt(
    "known-hosts",
    "string",
    "known_hosts file for host-key checks (~/.ssh/known_hosts)",
    "用于校验主机密钥的 known_hosts 文件（~/.ssh/known_hosts）",
    "FILE",
  ),
  opt(
    "accept-new-host-keys",
    "boolean",
    "trust and record unknown host keys (changed keys are always refused)",
    "信任并记录未知的主机密钥（已改变的密钥始终拒绝）",
  ),
];

/** Which hosts to join and how. */
export const SSH_JOIN_OPTIONS = [
  many(opt("workers", "string", "worker hosts to join over SSH", "通过 SSH 加入的工作节点主机", "H1,H2")),
  many(
    opt(
      "control-planes",
      "string",
      "control-plane hosts to join over SSH",
      "通过 SSH 加入的控制平面主机",
      "H1,H2",
    ),
  ),
  opt(
    "inventory",
    "string",
    "inventory YAML (hosts, users, keys, overrides)",
    "主机清单 YAML（主机、用户、密钥、覆盖项）",
    "FILE",
  ),
  ...SSH_CONNECT_OPTIONS,
  opt("ssh-concurrency", "string", "hosts joined at once (20)", "同时加入的主机数（20）", "N"),
  opt("retry-failed", "boolean", "redo only the hosts that failed last time", "只重试上次失败的主机"),
];
