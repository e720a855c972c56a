import type { Lang } from "../i18n/lang.js";
import { COMMANDS, type CommandDef, HELP_COMMAND } from "./commands.js";
import { GLOBAL_OPTIONS, type OptionDef } from "./options.js";

function optionLines(defs: readonly OptionDef[], lang: Lang): string[] {
  const seen = new Set<string>();
  const rows = defs
    .filter((d) => !seen.has(d.name) && seen.add(d.name))
    .map(
      (d) =>
        [`${d.short ? `-${d.short}, ` : "    "}--${d.name}${d.arg ? ` ${d.arg}` : ""}`, d[lang]] as const,
    );
  const width = Math.min(40, Math.max(...rows.map(([l]) => l.length)));
  return rows.map(([l, text]) => `  ${l.padEnd(width)}  ${text}`);
}

export function mainHelp(lang: Lang, version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const head =
    lang === "zh"
      ? `kadm-wizard ${version}：从“已安装 kubeadm”到就绪的 Kubernetes 集群`
      : `kadm-wizard ${version}: from "kubeadm is installed" to a Ready Kubernetes cluster`;
  const pending = lang === "zh" ? "（尚未实现）" : " (not built yet)";
  return [
    head,
    "",
    lang === "zh" ? "用法: kadm-wizard <命令> [选项]" : "Usage: kadm-wizard <command> [options]",
    "",
    lang === "zh" ? "命令:" : "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c[lang]}${c.load ? "" : pending}`),
    `  ${HELP_COMMAND.name.padEnd(width)}  ${HELP_COMMAND[lang]}`,
    "",
    lang === "zh" ? "全局选项:" : "Global options:",
    ...optionLines(
      [
        ...GLOBAL_OPTIONS,
        { name: "version", type: "boolean", short: "V", en: "print the version", zh: "打印版本" },
      ],
      lang,
    ),
    "",
    lang === "zh"
      ? "退出码: 0 成功, 1 操作失败, 2 输入无效, 3 发现问题（doctor、certs check、upgrade plan）, 130 已中断"
      : "Exit codes: 0 ok, 1 operation failed, 2 invalid input, 3 problems found (doctor, certs check, upgrade plan), 130 interrupted",
    lang === "zh"
      ? "运行 `kadm-wizard <命令> --help` 或 `kadm-wizard help <命令>` 查看命令详情。"
      : "Run `kadm-wizard <command> --help` or `kadm-wizard help <command>` for a command's options.",
    "",
  ].join("\n");
}

export function commandHelp(cmd: CommandDef, lang: Lang): string {
  const status = cmd.load
    ? []
    : [
        "",
        lang === "zh"
          ? "注意：此命令在当前版本中尚未实现。"
          : "Note: this command is not built yet in this release.",
      ];
  return [
    `kadm-wizard ${cmd.name}: ${cmd[lang]}`,
    "",
    `${lang === "zh" ? "用法" : "Usage"}: kadm-wizard ${cmd.usage}`,
    ...status,
    "",
    // A command without options of its own (completion) shows only the global ones.
    ...(cmd.options.length > 0
      ? [lang === "zh" ? "选项:" : "Options:", ...optionLines(cmd.options, lang), ""]
      : []),
    lang === "zh" ? "全局选项:" : "Global options:",
    ...optionLines(GLOBAL_OPTIONS, lang),
    "",
  ].join("\n");
}
