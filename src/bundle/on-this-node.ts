/**
 * The bundle on this machine, for the commands: its containerd as the archiver, the install's report
 * lines, and `init --bundle` (installed first, its versions as init's defaults).
 */
import { resolve } from "node:path";
import type { Context } from "../context.js";
import { t } from "../i18n/messages.js";
import { DEFAULT_CRI_SOCKET } from "../spec/defaults.js";
import type { ParsedFlags } from "../spec/flags.js";
import { type InstallStep, installBundle, readManifest } from "./install.js";
import { nodeArchiver } from "./node-archiver.js";
import type { ImageArchiver } from "./types.js";

/** The archiver on this machine's containerd (its rooted socket; pulls through its certs.d mirrors). */
export function archiverFor(ctx: Context, criSocket: string, arch: string): ImageArchiver {
  return nodeArchiver(ctx.node, { platform: `linux/${arch}`, criSocket, lang: ctx.lang, signal: ctx.signal });
}

export function stepLine(ctx: Context, s: InstallStep): string {
  if (s.id === "packages") {
    const state = s.changed ? (ctx.dryRun ? "bundle.wouldChange" : "bundle.changed") : "bundle.unchanged";
    return `${s.changed ? "~" : "✓"} ${s.line}${ctx.lang === "zh" ? "：" : ": "}${t(ctx.lang, state)}`;
  }
  return s.id === "images" && !ctx.dryRun ? `${s.changed ? "~" : "✓"} ${s.line}` : s.line;
}

/**
 * `init --bundle FILE`: the bundle installed first (verified, packages, images, CNI manifest), and
 * what the bundle was made for fills the flags the user left out, so init needs nothing from outside.
 */
export async function installForInit(ctx: Context, flags: ParsedFlags, file: string): Promise<void> {
  const path = resolve(file);
  const manifest = await readManifest(ctx.lang, path);
  const criSocket = typeof flags["cri-socket"] === "string" ? flags["cri-socket"] : DEFAULT_CRI_SOCKET;
  const report = await installBundle(
    {
      lang: ctx.lang,
      fs: ctx.node.fs,
      runner: ctx.node.runner,
      tempDirs: ctx.tempDirs,
      archiver: archiverFor(ctx, criSocket, manifest.arch),
      signal: ctx.signal,
      progress: () => {},
    },
    path,
  );
  for (const s of report.steps) ctx.stderr.write(`${stepLine(ctx, s)}\n`);
  const f = flags as Record<string, unknown>;
  f.profile ??= manifest.profile;
  f["k8s-version"] ??= manifest.kubernetesVersion;
  f["image-repository"] ??= manifest.imageRepository;
  if (manifest.cni.plugin !== "none") {
    f.cni ??= manifest.cni.plugin;
    f["cni-version"] ??= manifest.cni.version;
  }
}
