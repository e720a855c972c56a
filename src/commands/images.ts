import { resolve } from "node:path";
import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { probeSocket } from "../host/probe-socket.js";
import { nodePlatform } from "../host/steps/arch.js";
import { render, t } from "../i18n/messages.js";
import { padEndDisplay } from "../i18n/width.js";
import { checkExportFlags, checkOutFile, exportArchive, importArchive } from "../images/archive-cli.js";
import { cniVersionsHint, type ImagePlan, imageSourceLine } from "../images/plan.js";
import type { PullResult } from "../images/pull.js";
import { ctrAddress } from "../images/pull-output.js";
import { checkImages, explainResult, type ImageCheckResult } from "../images/registry-check.js";
import { resolveImagePlan } from "../images/resolve-plan.js";
import { kubeadmImages } from "../kubeadm/images.js";
import { gatherSpec } from "../spec/gather.js";
import type { ClusterSpec } from "../spec/types.js";
import { Interrupted } from "../tasks/host-tasks.js";
import { progressMode, runWithProgress } from "../tasks/progress.js";
import { pullTasks } from "../tasks/pull-tasks.js";
import { isImageRepository } from "../validate/names.js";

const SUBCOMMANDS = ["list", "check", "pull", "export", "import"] as const;

async function imagePlan(ctx: Context, spec: ClusterSpec): Promise<ImagePlan> {
  // kubeadm's own list wins when it is there (node/binaries.ts: --kubeadm, else under the root).
  const plan = await resolveImagePlan(ctx.node, ctx.kubeadmPath, spec, ctx.warn, ctx.lang);
  // On a terminal (or --verbose): a pipe (`images list | xargs ...`) gets only the images.
  if (ctx.stderrIsTTY || ctx.verbose) ctx.stderr.write(`${imageSourceLine(ctx.lang, plan.source)}\n`);
  if (plan.kubeadmSource === "table-fallback")
    ctx.warn(t(ctx.lang, "images.tableFallback", { version: spec.kubernetesVersion }));
  if (!plan.cniKnown) {
    ctx.warn(
      t(ctx.lang, "images.cniUnknown", {
        plugin: spec.cni.plugin,
        version: spec.cni.version ?? "",
        known: cniVersionsHint(spec),
      }),
    );
  }
  return plan;
}

function resultLine(ctx: Context, r: ImageCheckResult, width: number): string {
  const label = padEndDisplay(t(ctx.lang, `registry.status.${r.status}`), 12);
  const ms = `${r.latencyMs}ms`.padStart(7);
  return `  ${label} ${ms}  ${r.ref.padEnd(width)}${r.status === "ok" ? "" : `  (${r.detail})`}`;
}

async function check(
  ctx: Context,
  spec: ClusterSpec,
  plan: ImagePlan,
  candidates: string[],
): Promise<number> {
  const images = [...plan.kubeadm, ...plan.cni];
  // The node pulls its own platform: a mirror with only amd64 of an index fails an arm64 node.
  const where = (await nodePlatform(ctx.node.runner)).platform ?? "";
  const [os = "", architecture = ""] = where.split("/");
  const platform = where ? { os, architecture } : undefined;
  ctx.stderr.write(`${t(ctx.lang, "images.checkHeader", { count: images.length, platform: where })}\n`);
  const results = await checkImages(images, { fetch: ctx.fetch, ...(platform ? { platform } : {}) });
  const width = Math.max(...images.map((i) => i.length));
  for (const r of results) ctx.stdout.write(`${resultLine(ctx, r, width)}\n`);
  const bad = results.filter((r) => r.status !== "ok");
  if (bad.length === 0) {
    ctx.stdout.write(`${t(ctx.lang, "images.allOk", { count: images.length })}\n`);
    return ExitCode.ok;
  }
  ctx.stdout.write(`\n${t(ctx.lang, "images.someBad", { bad: bad.length, count: images.length })}\n`);
  const onMirror = spec.imageRepository !== "registry.k8s.io";
  const hints = new Set(
    bad.flatMap((r) => {
      const { hint } = explainResult(r, onMirror);
      return hint ? [render(ctx.lang, hint)] : [];
    }),
  );
  for (const h of hints) ctx.stdout.write(`  - ${h}\n`);

  const kubeadmBad = results.slice(0, plan.kubeadm.length).some((r) => r.status !== "ok");
  if (kubeadmBad && candidates.length > 0) {
    // Other repositories (not prefixes): kubeadm names images relative to imageRepository.
    const lists = candidates.map((repo) =>
      kubeadmImages({
        kubernetesVersion: spec.kubernetesVersion,
        imageRepository: repo,
        externalEtcd: spec.etcd.external !== undefined,
      }),
    );
    const checked = await checkImages(lists.flat(), { fetch: ctx.fetch, ...(platform ? { platform } : {}) });
    let offset = 0;
    const complete = candidates.find((_, i) => {
      const part = checked.slice(offset, offset + (lists[i]?.length ?? 0));
      offset += lists[i]?.length ?? 0;
      return part.every((r) => r.status === "ok");
    });
    ctx.stdout.write(
      `${complete ? t(ctx.lang, "images.useRepository", { repo: complete }) : t(ctx.lang, "images.noCandidate")}\n`,
    );
  }
  return ExitCode.failed;
}

/**
 * Pre-pulls into containerd with one progress line per image. A containerd that does not answer is
 * one error, not one failed pull per image (a dry run still plans the pulls).
 */
export async function pull(ctx: Context, spec: ClusterSpec, images: string[]): Promise<number> {
  const address = ctx.node.fs.resolve(ctrAddress(spec.node.criSocket));
  if (!ctx.dryRun && !(await probeSocket(address))) {
    throw new KadmError(t(ctx.lang, "images.runtimeDown", { address }), {
      hint: t(ctx.lang, "images.runtimeDownHint"),
    });
  }
  const p = pullTasks(ctx.node, ctx, spec.node.criSocket, images);
  const mode = progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose });
  await runWithProgress(p.tasks, {
    stream: ctx.stderr,
    lang: ctx.lang,
    mode,
    concurrent: true,
    exitOnError: false,
  });
  let results: PullResult[];
  try {
    results = await p.results;
  } catch (e) {
    if (!ctx.signal.aborted) throw e;
    // Ctrl-C: pulls are stopped (a partial pull is garbage to containerd, never a broken image).
    const done = p.done();
    const rest = images.filter((i) => !done.includes(i));
    const out = [...done.map((i) => `✓ ${i}`), "", `${t(ctx.lang, "interrupt.pullsNotDone")}:`];
    for (const i of rest) out.push(`  - ${i}`);
    ctx.stdout.write(`${out.join("\n")}\n`);
    throw new Interrupted(
      t(ctx.lang, "interrupt.pulls", { done: done.length, count: images.length }),
      t(ctx.lang, "interrupt.again", { command: "kadm-wizard images pull" }),
      e,
    );
  }
  // Drawn on the same screen already (one line per image): only the fixes and the totals again.
  const shown = mode === "default" && ctx.stdoutIsTTY;
  ctx.stdout.write(`${p.report(results, { perImage: !shown }).join("\n")}\n`);
  return results.some((r) => r.status === "failed") ? ExitCode.failed : ExitCode.ok;
}

/** `kadm-wizard images list|check|pull`. */
export const run: CommandRun<"images"> = async (ctx, { flags, positionals }) => {
  const sub = positionals[0] ?? "list";
  // import takes its archive as the one further word.
  const maxWords = sub === "import" ? 2 : 1;
  if (positionals.length > maxWords || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw invalidInput(
      t(ctx.lang, "images.usage", { value: positionals.join(" ") }),
      t(ctx.lang, "images.usageHint"),
    );
  }
  const candidates = (flags.candidate ?? []).map((c) => c.trim().replace(/\/+$/, ""));
  const badCandidate = candidates.find((c) => !isImageRepository(c));
  if (badCandidate !== undefined) {
    throw invalidInput(
      t(ctx.lang, "imageRepository.invalid", { value: badCandidate }),
      t(ctx.lang, "images.usageHint"),
    );
  }
  // Before the image plan is resolved (it may ask kubeadm and print where the list came from).
  if (sub === "export") await checkOutFile(ctx, resolve(checkExportFlags(ctx, flags).out), "images.tar");
  const { spec, warnings } = await gatherSpec(ctx, {
    mode: "init",
    flags,
    hostIsTarget: false,
    confirm: false,
    purpose: "host",
  });
  for (const w of warnings) ctx.warn(w);
  if (sub === "import") return importArchive(ctx, spec, positionals[1]);
  const plan = await imagePlan(ctx, spec);
  if (sub === "list") {
    for (const image of [...plan.kubeadm, ...plan.cni]) ctx.stdout.write(`${image}\n`);
    return ExitCode.ok;
  }
  if (sub === "pull") return pull(ctx, spec, [...plan.kubeadm, ...plan.cni]);
  if (sub === "export") return exportArchive(ctx, spec, plan, flags);
  return check(ctx, spec, plan, candidates);
};
