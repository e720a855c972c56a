/**
 * Image archives: containerd's store <-> one OCI archive (index.json + blobs), on any Node (this
 * machine or one over SSH) through its runner: `ctr -n k8s.io images export/import/ls`, pulls
 * through images/pull.ts (the certs.d mirrors apply). The names stay the ones the cluster asks
 * for (the mirrored names), so an imported image is what kubeadm and the kubelet look up.
 */
import { ExitCode, KadmError } from "../errors.js";
import { DEFAULT_CERTS_DIR } from "../host/containerd/config-edit.js";
import { failureReason, type Runner } from "../host/runner.js";
import { nodePlatform } from "../host/steps/arch.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import { DEFAULT_CRI_SOCKET } from "../spec/defaults.js";
import { oneLine } from "../util/one-line.js";
import {
  digestMismatches,
  type ImageDigest,
  type ImportStatus,
  importPlan,
  parseArchiveIndex,
  parseImageDigests,
} from "./archive-index.js";
import {
  blobDigest,
  blobMember,
  configPlatform,
  documentsByDigest,
  imagePlatforms,
  type OciPlatform,
  platformMismatches,
} from "./archive-platform.js";
import { CRI_NAMESPACE, pullImages } from "./pull.js";
import { ctrAddress, MAX_CTR_EVIDENCE } from "./pull-output.js";

export type { ImageDigest } from "./archive-index.js";

/** What the archive functions report while they work (a progress line follows it). */
export type ArchiveProgress =
  | { phase: "list" }
  | { phase: "pull"; ref: string; done: number; count: number }
  | { phase: "export"; count: number }
  | { phase: "import"; count: number }
  | { phase: "verify" };

interface CommonOptions {
  onProgress?: (p: ArchiveProgress) => void;
  /** The node's CRI socket (default containerd's); ctr talks to it. */
  criSocket?: string;
  lang?: Lang;
  signal?: AbortSignal;
}

export interface ExportOptions extends CommonOptions {
  /** Pull images containerd lacks first (through the node's certs.d mirrors); else they are an error. */
  pullMissing: boolean;
  /** OCI platform of the content written, e.g. linux/amd64 (platformOfNode: the node's own). */
  platform: string;
}

export interface ExportedImage extends ImageDigest {
  /** It was pulled for this export (not in containerd before). */
  pulled: boolean;
}

export interface ExportResult {
  path: string;
  platform: string;
  images: ExportedImage[];
  /** Size of the archive file; 0 in a dry run. */
  archiveBytes: number;
  /** Dry run: nothing was asked or written; `commands` is the plan. */
  recorded: boolean;
  commands: string[];
}

export interface ImportOptions extends CommonOptions {
  /** After the import, every name must carry the archive's digest (`ctr images ls` = index.json). */
  verify: boolean;
  /** The caller ran refuseOtherPlatform already (before asking whether containerd is up). */
  platformChecked?: boolean;
  /** The archive's index.json as the caller read it already (readArchiveIndex): not read again. */
  index?: readonly ImageDigest[];
}

export interface ImportedImage extends ImageDigest {
  /** imported: was absent; replaced: the name pointed at another digest; unchanged: same digest. */
  status: ImportStatus;
  changed: boolean;
}

export interface ImportResult {
  path: string;
  images: ImportedImage[];
  /** The digests were checked after the import (false in a dry run, or without `verify`). */
  verified: boolean;
  /** Dry run: containerd was not asked; every image is reported as "imported". */
  recorded: boolean;
  commands: string[];
}

const LIST_TIMEOUT_MS = 60_000;
/** An archive of a cluster's images is a few hundred MiB: minutes on a slow disk. */
const ARCHIVE_TIMEOUT_MS = 30 * 60_000;

/** `ctr --address A --namespace k8s.io` for the node's socket. */
export function ctrBase(node: Pick<Node, "fs">, criSocket: string = DEFAULT_CRI_SOCKET): string[] {
  return ["ctr", "--address", node.fs.resolve(ctrAddress(criSocket)), "--namespace", CRI_NAMESPACE];
}

/** The platform of the node's machine (the one probe, host/steps/arch.ts), e.g. linux/amd64. */
export async function platformOfNode(node: Pick<Node, "runner">, lang: Lang = "en"): Promise<string> {
  const { platform, raw } = await nodePlatform(node.runner);
  if (!platform)
    throw new KadmError(
      t(lang, "archive.platformUnknown", { reason: oneLine(raw || t(lang, "archive.noAnswer")) }),
    );
  return platform;
}

/** What containerd on the node holds (name -> digest); a KadmError when ctr cannot answer. */
export async function listNodeImages(
  node: Pick<Node, "fs" | "runner" | "id">,
  o: { criSocket?: string; lang?: Lang; signal?: AbortSignal } = {},
): Promise<Map<string, ImageDigest>> {
  const lang = o.lang ?? "en";
  const r = await node.runner.run([...ctrBase(node, o.criSocket), "images", "ls"], {
    timeoutMs: LIST_TIMEOUT_MS,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (r.exitCode !== 0 || r.timedOut)
    throw new KadmError(t(lang, "archive.listFailed", { node: node.id, reason: ctrReason(r) }), {
      hint: t(lang, "images.runtimeDownHint"),
    });
  return parseImageDigests(r.stdout);
}

function ctrReason(r: Parameters<typeof failureReason>[0]): string {
  return oneLine(failureReason(r).replace(/^ctr: /, ""), MAX_CTR_EVIDENCE);
}

/**
 * Writes `refs` (pulled first when missing and `pullMissing`) from the node's containerd into one
 * OCI archive at `out.path` on that node: `ctr images export --platform P PATH refs...`, then
 * checks that the archive's index.json names every image with the digest containerd has.
 */
export async function exportImages(
  node: Node,
  refs: string[],
  out: { path: string },
  o: ExportOptions,
): Promise<ExportResult> {
  const lang = o.lang ?? "en";
  const unique = [...new Set(refs)];
  const base = ctrBase(node, o.criSocket);
  const exportArgv = [...base, "images", "export", "--platform", o.platform, out.path, ...unique];
  if (node.runner.dryRun) {
    // Plan only: containerd is not asked which images it has (a dry run connects to nothing).
    return {
      path: out.path,
      platform: o.platform,
      images: unique.map((ref) => ({ ref, digest: "", bytes: 0, pulled: false })),
      archiveBytes: 0,
      recorded: true,
      commands: [
        ...(o.pullMissing ? [t(lang, "archive.planPull")] : []),
        (await node.runner.run(exportArgv, { changes: true })).command,
      ],
    };
  }
  o.onProgress?.({ phase: "list" });
  let present = await listNodeImages(node, o);
  const missing = unique.filter((r) => !present.has(r));
  const pulled = new Set<string>();
  if (missing.length > 0) {
    if (!o.pullMissing) {
      throw new KadmError(
        t(lang, "archive.missing", { count: missing.length, node: node.id, images: missing.join(", ") }),
        { hint: t(lang, "archive.missingHint") },
      );
    }
    let done = 0;
    const results = await pullImages(missing, {
      runner: node.runner,
      address: node.fs.resolve(ctrAddress(o.criSocket ?? DEFAULT_CRI_SOCKET)),
      hostsDir: node.fs.resolve(DEFAULT_CERTS_DIR),
      ...(o.signal ? { signal: o.signal } : {}),
      onEvent: (ref, e) => {
        if (e.type === "done") o.onProgress?.({ phase: "pull", ref, done: ++done, count: missing.length });
      },
    });
    const failed = results.filter((r) => r.status === "failed");
    if (failed.length > 0) {
      const f = failed[0];
      throw new KadmError(
        t(lang, "archive.pullFailed", {
          count: failed.length,
          image: f?.ref ?? "",
          reason: f?.failure?.evidence ?? "",
        }),
        { hint: t(lang, "archive.pullFailedHint") },
      );
    }
    for (const r of results) pulled.add(r.image);
    present = await listNodeImages(node, o);
  }
  o.onProgress?.({ phase: "export", count: unique.length });
  const r = await node.runner.run(exportArgv, {
    changes: true,
    timeoutMs: ARCHIVE_TIMEOUT_MS,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (r.exitCode !== 0 || r.timedOut)
    throw new KadmError(t(lang, "archive.exportFailed", { path: out.path, reason: ctrReason(r) }), {
      hint: t(lang, "archive.exportFailedHint", { platform: o.platform }),
    });
  o.onProgress?.({ phase: "verify" });
  const index = await readArchiveIndex(node.runner, out.path, lang);
  const wrong = digestMismatches(index, present);
  const absent = unique.filter((ref) => !index.some((e) => e.ref === ref));
  if (wrong.length > 0 || absent.length > 0) {
    const w = wrong[0];
    throw new KadmError(
      t(lang, "archive.exportMismatch", {
        path: out.path,
        image: w?.ref ?? absent[0] ?? "",
        want: w?.want ?? "",
        got: w?.got ?? t(lang, "archive.absent"),
      }),
    );
  }
  return {
    path: out.path,
    platform: o.platform,
    images: unique.map((ref) => {
      const e = present.get(ref) as ImageDigest;
      return { ref, digest: e.digest, bytes: e.bytes, pulled: pulled.has(ref) };
    }),
    archiveBytes: await fileSize(node.runner, out.path),
    recorded: false,
    commands: [r.command],
  };
}

/**
 * Loads an archive written by exportImages into the node's containerd under the names it holds.
 * An archive whose every image is present with the same digest is not imported at all; with
 * `verify`, `ctr images ls` must show every name with the archive's digest afterwards.
 */
export async function importImages(node: Node, archivePath: string, o: ImportOptions): Promise<ImportResult> {
  const lang = o.lang ?? "en";
  // Reading the archive is not a change: a dry run says what it holds.
  const index = o.index ?? (await readArchiveIndex(node.runner, archivePath, lang));
  if (!o.platformChecked) await refuseOtherPlatform(node, archivePath, index, lang);
  const importArgv = [...ctrBase(node, o.criSocket), "images", "import", archivePath];
  if (node.runner.dryRun) {
    const r = await node.runner.run(importArgv, { changes: true });
    return {
      path: archivePath,
      images: index.map((e) => ({ ...e, status: "imported", changed: true })),
      verified: false,
      recorded: true,
      commands: [r.command],
    };
  }
  o.onProgress?.({ phase: "list" });
  const plan = importPlan(index, await listNodeImages(node, o));
  const commands: string[] = [];
  const changing = plan.filter((p) => p.status !== "unchanged");
  if (changing.length > 0) {
    o.onProgress?.({ phase: "import", count: changing.length });
    const r = await node.runner.run(importArgv, {
      changes: true,
      timeoutMs: ARCHIVE_TIMEOUT_MS,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    commands.push(r.command);
    if (r.exitCode !== 0 || r.timedOut)
      throw new KadmError(t(lang, "archive.importFailed", { path: archivePath, reason: ctrReason(r) }), {
        hint: t(lang, "archive.importFailedHint"),
      });
  }
  if (o.verify) {
    o.onProgress?.({ phase: "verify" });
    const wrong = digestMismatches(index, await listNodeImages(node, o));
    const w = wrong[0];
    if (w)
      throw new KadmError(
        t(lang, "archive.verifyFailed", {
          count: wrong.length,
          image: w.ref,
          want: w.want,
          got: w.got ?? t(lang, "archive.absent"),
        }),
        { hint: t(lang, "archive.verifyFailedHint") },
      );
  }
  return {
    path: archivePath,
    images: plan.map((p) => ({ ...p.image, status: p.status, changed: p.status !== "unchanged" })),
    verified: o.verify,
    recorded: false,
    commands,
  };
}

/**
 * An archive for another platform (the classic: copied from an amd64 machine to an arm64 one) is
 * refused (exit 2) before containerd imports images its kubelet cannot run. A node that does not
 * say its platform (host/steps/arch.ts nodePlatform) is not refused on a guess.
 */
export async function refuseOtherPlatform(
  node: Pick<Node, "runner">,
  archivePath: string,
  index: readonly ImageDigest[],
  lang: Lang,
): Promise<void> {
  const { platform } = await nodePlatform(node.runner);
  if (!platform) return;
  const wrong = platformMismatches(await readArchivePlatforms(node.runner, archivePath, index), platform);
  const w = wrong[0];
  if (!w) return;
  throw new KadmError(
    t(lang, "archive.otherPlatform", {
      path: archivePath,
      image: w.image.ref,
      holds: w.holds.join(", ") || "?",
      count: wrong.length,
      platform,
    }),
    { exitCode: ExitCode.invalid, hint: t(lang, "archive.otherPlatformHint", { platform }) },
  );
}

/**
 * What the archive holds content for, per image (members listed once, top-level documents read in
 * one pass, the configs of single-platform images in a second). `undefined` for an image whose
 * documents could not be read: it is not refused on a guess.
 */
export async function readArchivePlatforms(
  runner: Runner,
  path: string,
  index: readonly ImageDigest[],
): Promise<{ image: ImageDigest; platforms: OciPlatform[] | undefined }[]> {
  const run = (argv: string[]) => runner.run(argv, { timeoutMs: ARCHIVE_TIMEOUT_MS });
  const listing = await run(["tar", "-tf", path]);
  if (listing.exitCode !== 0) return index.map((image) => ({ image, platforms: undefined }));
  const present = new Set(
    listing.stdout
      .split("\n")
      .map(blobDigest)
      .filter((d): d is string => d !== undefined),
  );
  const read = async (digests: string[]): Promise<Map<string, unknown>> => {
    const want = [...new Set(digests)].filter((d) => present.has(d));
    if (want.length === 0) return new Map();
    const r = await run(["tar", "-xOf", path, ...want.map(blobMember)]);
    return r.exitCode === 0 ? documentsByDigest(r.stdout, new Set(want)) : new Map();
  };
  const tops = await read(index.map((i) => i.digest));
  const next = index.map((image) => {
    const top = tops.get(image.digest);
    return { image, step: top === undefined ? undefined : imagePlatforms(top, present) };
  });
  const configs = await read(next.flatMap((n) => (n.step && "config" in n.step ? [n.step.config] : [])));
  return next.map(({ image, step }) => {
    if (!step) return { image, platforms: undefined };
    if ("platforms" in step) return { image, platforms: step.platforms };
    const p = configPlatform(configs.get(step.config));
    return { image, platforms: p ? [p] : undefined };
  });
}

/** index.json of the archive on the node (`tar -xOf`), as named images; exit 2 when it is not one. */
export async function readArchiveIndex(
  runner: Runner,
  path: string,
  lang: Lang = "en",
): Promise<ImageDigest[]> {
  const r = await runner.run(["tar", "-xOf", path, "index.json"], { timeoutMs: ARCHIVE_TIMEOUT_MS });
  const bad = (reason: string) =>
    new KadmError(t(lang, "archive.notArchive", { path, reason }), {
      exitCode: 2,
      hint: t(lang, "archive.notArchiveHint"),
    });
  // tar's first complaint says what is wrong ("This does not look like a tar archive"); its last is a summary.
  const first = r.stderr.split("\n").find((l) => l.trim() !== "" && !/Exiting with failure/.test(l));
  if (r.exitCode !== 0 || r.timedOut) throw bad(oneLine(first ?? failureReason(r), MAX_CTR_EVIDENCE));
  try {
    const images = parseArchiveIndex(r.stdout);
    if (images.length === 0) throw new Error("index.json lists no image");
    return images;
  } catch (e) {
    throw bad((e as Error).message);
  }
}

async function fileSize(runner: Runner, path: string): Promise<number> {
  const r = await runner.run(["stat", "-c", "%s", path], { timeoutMs: 30_000 });
  const n = Number(r.stdout.trim());
  return r.exitCode === 0 && Number.isFinite(n) ? n : 0;
}
