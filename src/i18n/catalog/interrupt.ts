import type { Entry } from "../entry.js";
import { plural } from "../plural.js";

/** Ctrl-C / SIGTERM during a command that changes the host (src/tasks/host-tasks.ts). */
export const INTERRUPT_MESSAGES = {
  "interrupt.finishing": {
    en: () => "interrupted: stopping when this step is done (again: at once)",
    zh: () => "已中断：本步骤完成后停止（再按一次立即退出）",
  },
  "interrupt.atOnce": {
    en: () =>
      "interrupted again: stopped at once; the step that was running may be incomplete. Run the same command again to finish.",
    zh: () => "再次中断：已立即停止；正在运行的步骤可能未完成。重新运行同一命令即可完成。",
  },
  "interrupt.skipped": { en: () => "not run: interrupted", zh: () => "未运行：已中断" },
  "interrupt.stepStopped": {
    en: () => "interrupted, may be incomplete",
    zh: () => "被中断，可能未完成",
  },
  "interrupt.notRun": { en: () => "Not run (interrupted)", zh: () => "未运行（已中断）" },
  "interrupt.incomplete": {
    en: (p) => `${p.step}: interrupted, may be incomplete`,
    zh: (p) => `${p.step}：被中断，可能未完成`,
  },
  "interrupt.before": {
    en: () => "interrupted before the first step; nothing was changed.",
    zh: () => "在第一步之前被中断，未做任何修改。",
  },
  "interrupt.after": {
    en: (p) => `interrupted after "${p.step}" (${p.done} of ${plural(p.count, "step")} done).`,
    zh: (p) => `在“${p.step}”之后被中断（已完成 ${p.done}/${p.count} 步）。`,
  },
  "interrupt.during": {
    en: (p) =>
      `interrupted during "${p.step}" (${p.done} of ${plural(p.count, "step")} done; that one may be incomplete).`,
    zh: (p) => `在“${p.step}”期间被中断（已完成 ${p.done}/${p.count} 步；该步骤可能未完成）。`,
  },
  "interrupt.again": {
    en: (p) => `run \`${p.command}\` again: what is done is kept, the rest is done then`,
    zh: (p) => `重新运行 \`${p.command}\`：已完成的保持不变，其余部分届时完成`,
  },
  "interrupt.hosts": {
    en: (p) =>
      `interrupted: ${p.joined} of ${plural(p.count, "host")} joined, ${p.stopped} stopped part-way, ${p.waiting} not started.`,
    zh: (p) =>
      `已中断：${p.count} 台主机中 ${p.joined} 台已加入，${p.stopped} 台中途停止，${p.waiting} 台未开始。`,
  },
  "interrupt.hostsHint": {
    en: () => "run `kadm-wizard add-node --retry-failed` to finish the others",
    zh: () => "运行 `kadm-wizard add-node --retry-failed` 完成其余主机",
  },
  "interrupt.hostStopped": {
    en: (p) => `interrupted during ${p.step}`,
    zh: (p) => `在 ${p.step} 期间被中断`,
  },
  "interrupt.hostWaiting": { en: () => "not started: interrupted", zh: () => "未开始：已中断" },
  "interrupt.pulls": {
    en: (p) => `interrupted: ${p.done} of ${plural(p.count, "image")} pulled or already present.`,
    zh: (p) => `已中断：${p.count} 个镜像中 ${p.done} 个已拉取或已存在。`,
  },
  "interrupt.pullsNotDone": { en: () => "Not pulled (interrupted)", zh: () => "未拉取（已中断）" },
  "interrupt.objects": {
    en: (p) => `interrupted: ${p.done} of ${plural(p.count, "object")} applied.`,
    zh: (p) => `已中断：${p.count} 个对象中已应用 ${p.done} 个。`,
  },
  "token.step.upload": {
    en: () => "Upload the control-plane certificates",
    zh: () => "上传控制平面证书",
  },
  "token.step.create": { en: () => "Create a bootstrap token", zh: () => "创建引导令牌" },
} satisfies Record<string, Entry>;
