/**
 * `images export --out FILE` and `images import FILE`: the cluster's images between this node's
 * containerd and one OCI archive (images/archive.ts does the work through ctx.node).
 */

import { lstat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { outputFileProblem } from "../host/files.js";
import { probeSocket } from "../host/probe-socket.js";
import type { MessageKey } from "../i18n/messages.js";
import { t } from "../i18n/messages.js";
import { padEndDisplay } from "../i18n/width.js";
import type { ClusterSpec } from "../spec/types.js";
import { nodeImages } from "../workflow/steps/images.js";
import {
  type ArchiveProgress,
  exportImages,
  importImages,
  platformOfNode,
  readArchiveIndex,
  refuseOtherPlatform,
} from "./archive.js";
import { isKubernetesPlatform, isPlatform, KUBERNETES_PLATFORMS } from "./archive-index.js";
import type { ImagePlan } from "./plan.js";
import { ctrAddress, formatSize } from "./pull-output.js";

function progress(ctx: Context): (p: ArchiveProgress) => void {
  // Lines on stderr on a terminal (or --verbose); a script sees only the result on stdout.
  if (!ctx.stderrIsTTY && !ctx.verbose) return () => {};
  return (p) => {
    const key = `archive.progress.${p.phase}` as MessageKey;
    ctx.stderr.write(`${t(ctx.lang, key, p as unknown as Record<string, string | number>)}\n`);
  };
}

async function runtimeUp(ctx: Context, spec: ClusterSpec): Promise<void> {
  const address = ctx.node.fs.resolve(ctrAddress(spec.node.criSocket));
  if (!(await probeSocket(address))) {
    throw new KadmError(t(ctx.lang, "archive.runtimeDown", { address }), {
      hint: t(ctx.lang, "images.runtimeDownHint"),
    });
  }
}

const digestShort = (d: string) => (d ? d.slice(0, 19) : "");

/** export's own flags, checked before the spec is gathered or anything is asked (exit 2). */
export function checkExportFlags(
  ctx: Pick<Context, "lang">,
  flags: Record<string, unknown>,
): { out: string; platform: string | undefined } {
  const out = typeof flags.out === "string" && flags.out !== "" ? flags.out : undefined;
  if (!out) throw invalidInput(t(ctx.lang, "archive.outRequired"), t(ctx.lang, "archive.outRequiredHint"));
  const platform = typeof flags.platform === "string" ? flags.platform.trim() : undefined;
  if (platform !== undefined && !isPlatform(platform))
    throw invalidInput(
      t(ctx.lang, "archive.badPlatform", { value: platform }),
      t(ctx.lang, "archive.badPlatformHint"),
    );
  if (platform !== undefined && !isKubernetesPlatform(platform))
    throw invalidInput(
      t(ctx.lang, "archive.notKubernetesPlatform", {
        value: platform,
        list: KUBERNETES_PLATFORMS.join(", "),
      }),
      t(ctx.lang, "archive.badPlatformHint"),
    );
  return { out, platform };
}

/** `images export --out FILE`: every image a node of this cluster needs, for one platform. */
export async function exportArchive(
  ctx: Context,
  spec: ClusterSpec,
  plan: ImagePlan,
  flags: Record<string, unknown>,
): Promise<number> {
  const { out, platform: given } = checkExportFlags(ctx, flags);
  const path = resolve(out);
  // A control plane's set: kubeadm's images, the CNI's, the HA load balancer's (a worker's are a subset).
  const { images } = nodeImages(spec, "control-plane", { plan });
  if (!ctx.dryRun) await runtimeUp(ctx, spec);
  const platform = given ?? (await platformOfNode(ctx.node, ctx.lang));
  const r = await exportImages(
    ctx.node,
    images,
    { path },
    {
      pullMissing: flags["no-pull"] !== true,
      platform,
      criSocket: spec.node.criSocket,
      lang: ctx.lang,
      signal: ctx.signal,
      onProgress: progress(ctx),
    },
  );
  const lines: string[] = [];
  if (r.recorded) {
    lines.push(t(ctx.lang, "archive.dryRunExport", { count: images.length, platform, path }));
    for (const i of r.images) lines.push(`  ${i.ref}`);
    lines.push(t(ctx.lang, "archive.dryRunCommands"), ...r.commands.map((c) => `  ${c}`));
  } else {
    const width = Math.max(...r.images.map((i) => i.ref.length));
    for (const i of r.images) {
      const label = padEndDisplay(
        t(ctx.lang, i.pulled ? "archive.status.pulled" : "archive.status.exported"),
        9,
      );
      lines.push(`  ${label} ${i.ref.padEnd(width)}  ${digestShort(i.digest)}  ${formatSize(i.bytes)}`);
    }
    lines.push(
      t(ctx.lang, "archive.exported", {
        path,
        count: r.images.length,
        platform,
        size: formatSize(r.archiveBytes),
        pulled: r.images.filter((i) => i.pulled).length,
      }),
    );
  }
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return ExitCode.ok;
}

/** `images import FILE`: into this node's containerd, present images skipped, digests verified. */
export async function importArchive(
  ctx: Context,
  spec: ClusterSpec,
  file: string | undefined,
): Promise<number> {
  if (!file)
    throw invalidInput(
      t(ctx.lang, "archive.fileRequired", { value: "" }),
      t(ctx.lang, "archive.fileRequiredHint"),
    );
  const path = resolve(file);
  // A missing or odd file is bad input (exit 2) before containerd is asked anything.
  const st = await lstat(path).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error || !st.isFile()) {
    const reason =
      st instanceof Error ? (st.code === "ENOENT" ? "no such file" : st.message) : "not a regular file";
    throw invalidInput(
      t(ctx.lang, "archive.fileMissing", { path, reason }),
      t(ctx.lang, "archive.fileRequiredHint"),
    );
  }
  // Not an archive, or one for another platform, is bad input (exit 2), said before whether
  // containerd is up matters.
  const index = await readArchiveIndex(ctx.node.runner, path, ctx.lang);
  await refuseOtherPlatform(ctx.node, path, index, ctx.lang);
  if (!ctx.dryRun) await runtimeUp(ctx, spec);
  const r = await importImages(ctx.node, path, {
    verify: true,
    platformChecked: true,
    index,
    criSocket: spec.node.criSocket,
    lang: ctx.lang,
    signal: ctx.signal,
    onProgress: progress(ctx),
  });
  const lines: string[] = [];
  if (r.recorded) {
    lines.push(t(ctx.lang, "archive.dryRunImport", { path, count: r.images.length }));
    for (const i of r.images) lines.push(`  ${i.ref}  ${digestShort(i.digest)}`);
    lines.push(t(ctx.lang, "archive.dryRunCommands"), ...r.commands.map((c) => `  ${c}`));
  } else {
    const width = Math.max(...r.images.map((i) => i.ref.length));
    for (const i of r.images) {
      const label = padEndDisplay(t(ctx.lang, `archive.status.${i.status}`), 9);
      lines.push(`  ${label} ${i.ref.padEnd(width)}  ${digestShort(i.digest)}`);
    }
    const count = (s: string) => r.images.filter((i) => i.status === s).length;
    lines.push(
      t(ctx.lang, "archive.imported", {
        path,
        imported: count("imported"),
        replaced: count("replaced"),
        unchanged: count("unchanged"),
        verified: r.verified ? 1 : 0,
      }),
    );
  }
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return ExitCode.ok;
}

/** A mistyped --out is bad input before anything is pulled, exported or downloaded (also in a dry run). */
export async function checkOutFile(
  ctx: Pick<Context, "lang" | "files">,
  path: string,
  fileName: string,
): Promise<void> {
  const problem = await outputFileProblem(ctx.files, path);
  if (problem === "is-dir")
    throw invalidInput(
      t(ctx.lang, "archive.outIsDir", { path }),
      t(ctx.lang, "archive.outIsDirHint", { example: join(path, fileName) }),
    );
  if (problem === "no-dir")
    throw invalidInput(
      t(ctx.lang, "archive.outNoDir", { path, dir: dirname(path) }),
      t(ctx.lang, "archive.outNoDirHint", { dir: dirname(path) }),
    );
}
