import type { Entry } from "../entry.js";

/** `kadm-wizard completion bash|zsh` (src/commands/completion.ts). Keys are prefixed "completion." */
export const COMPLETION_MESSAGES = {
  "completion.shell": {
    en: (p) =>
      p.value
        ? `completion for "${p.value}" is not available; shells: bash, zsh.`
        : "completion needs the shell to generate a script for: bash or zsh.",
    zh: (p) =>
      p.value
        ? `不支持为 "${p.value}" 生成补全脚本；可选：bash、zsh。`
        : "completion 需要指定 shell：bash 或 zsh。",
  },
  "completion.hint": {
    en: () => "run `source <(kadm-wizard completion bash)` (or zsh) in your shell",
    zh: () => "请在 shell 中运行 `source <(kadm-wizard completion bash)`（或 zsh）",
  },
} satisfies Record<string, Entry>;
