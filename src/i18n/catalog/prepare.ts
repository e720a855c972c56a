import type { Entry } from "../entry.js";
import { noun, plural } from "../plural.js";

/** The `prepare` command (also the host part of init/join). Keys are prefixed "prepare." */
export const PREPARE_MESSAGES = {
  "prepare.was": { en: (p) => `(was ${p.value})`, zh: (p) => `（原为 ${p.value}）` },
  "prepare.preflight": { en: () => "Preflight", zh: () => "预检" },
  "prepare.steps": { en: () => "Host preparation", zh: () => "主机准备" },
  "prepare.changed": { en: () => "changed", zh: () => "已修改" },
  "prepare.unchanged": { en: () => "unchanged", zh: () => "无变化" },
  "prepare.wouldChange": { en: () => "would change", zh: () => "将修改" },
  "prepare.moreLines": {
    en: (p) => `... ${plural(p.count, "more line", "more lines")} (--verbose shows them all)`,
    zh: (p) => `……另有 ${p.count} 行（--verbose 显示全部）`,
  },
  "prepare.backup": { en: (p) => `backup: ${p.path}`, zh: (p) => `备份：${p.path}` },
  "prepare.dryRunDone": {
    en: () => "dry run: nothing on this host was changed. Run again without --dry-run to apply.",
    zh: () => "试运行：本机未做任何修改。去掉 --dry-run 重新运行即可执行。",
  },
  "prepare.dryRunWouldRemain": {
    en: (p) =>
      `dry run: nothing was changed, but ${plural(p.count, "check")} would still fail after preparation (${p.checks}); kubeadm would refuse this host.`,
    zh: (p) =>
      `试运行：未做任何修改，但准备完成后仍会有 ${p.count} 项检查失败（${p.checks}）；kubeadm 会拒绝本机。`,
  },
  "prepare.ready": {
    en: (p) => `this host is ready for kubeadm (${plural(p.warned, "warning")}).`,
    zh: (p) => `本机已满足 kubeadm 的要求（${p.warned} 个警告）。`,
  },
  "prepare.remaining": {
    en: (p) =>
      `${plural(p.failed, "preflight check")} still ${noun(p.failed, "fails", "fail")} after preparation; fix ${noun(p.failed, "it", "them")} and run again:`,
    zh: (p) => `准备完成后仍有 ${p.failed} 项预检未通过；请修复后重新运行：`,
  },
  "prepare.badRole": {
    en: (p) => `--role "${p.value}" is not one of: control-plane, worker.`,
    zh: (p) => `--role 的值 "${p.value}" 不在可选范围内：control-plane、worker。`,
  },
  "prepare.badRoleHint": {
    en: () => "pass --role control-plane (the default) or --role worker",
    zh: () => "请传入 --role control-plane（默认）或 --role worker",
  },
  "prepare.stepFailed": {
    en: (p) =>
      `host preparation stopped at "${p.step}"; the steps before it were applied and are safe to re-run.`,
    zh: (p) => `主机准备在“${p.step}”处停止；此前的步骤已完成，可安全地重新运行。`,
  },
} satisfies Record<string, Entry>;
