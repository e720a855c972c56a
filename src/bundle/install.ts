/**
 * `bundle install` and `bundle inspect`: the bundle is read entry by entry (never whole), every
 * part's sha256 and size checked against manifest.json BEFORE anything is installed; then the
 * packages (a local repository), the CNI manifest (where `cni apply` and init look first, offline
 * too), the executable, and the images (through the archiver). Idempotent: a second install
 * changes nothing. Under --root; a dry run verifies, plans and writes nothing.
 */
import { copyFile, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { MANIFEST_CACHE_DIR } from "../cni/source.js";
import { ExitCode, KadmError } from "../errors.js";
import type { FileChange, HostFs } from "../host/host-fs.js";
import { readOsRelease } from "../host/preflight/os-release.js";
import type { Runner } from "../host/runner.js";
import { probeArch } from "../host/steps/arch.js";
import { detectDistro } from "../host/steps/os-family.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { platformOfMachine } from "../images/archive-index.js";
import type { TempDirs } from "../ports.js";
import { BUNDLE_HOME, EXECUTABLE_TARGET, humanSize, parseBundleManifest, repoDir } from "./manifest.js";
import { installOsPackages } from "./packages.js";
import { fileSha256, hashingConsumer, readTar, TarCorrupt } from "./tar.js";
import {
  type BundleManifest,
  type BundlePart,
  type ImageArchiver,
  MANIFEST_ENTRY,
  MANIFEST_SUM_ENTRY,
  type OsPackages,
} from "./types.js";

const MAX_MANIFEST = 4 * 2 ** 20;

function damaged(lang: Lang, file: string, where: string): KadmError {
  return new KadmError(t(lang, "bundle.damaged", { file, where }), {
    exitCode: ExitCode.invalid,
    hint: t(lang, "bundle.damagedHint"),
  });
}

function corruptWhere(lang: Lang, e: TarCorrupt): string {
  const where = t(lang, `bundle.where.${e.kind}`, { detail: e.detail });
  return e.after ? t(lang, "bundle.where.after", { where, part: e.after }) : where;
}

async function openCheck(lang: Lang, file: string): Promise<void> {
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(file);
  } catch (e) {
    throw new KadmError(
      t(lang, "bundle.unreadable", { file, reason: (e as NodeJS.ErrnoException).code ?? String(e) }),
      {
        exitCode: ExitCode.invalid,
        hint: t(lang, "bundle.unreadableHint"),
      },
    );
  }
  if (!s.isFile()) {
    throw new KadmError(t(lang, "bundle.unreadable", { file, reason: "not a regular file" }), {
      exitCode: ExitCode.invalid,
      hint: t(lang, "bundle.unreadableHint"),
    });
  }
}

/** The manifest alone (the first entry): what inspect without --verify reads. */
export async function readManifest(lang: Lang, file: string): Promise<BundleManifest> {
  await openCheck(lang, file);
  let text: string | undefined;
  try {
    await readTar(
      file,
      (entry) => {
        if (entry.name !== MANIFEST_ENTRY || entry.size > MAX_MANIFEST) return undefined;
        const chunks: Buffer[] = [];
        return {
          data: (c) => {
            chunks.push(c);
          },
          end: () => {
            text = Buffer.concat(chunks).toString("utf8");
          },
        };
      },
      { stopAfter: 1 },
    );
  } catch (e) {
    if (e instanceof TarCorrupt) throw damaged(lang, file, corruptWhere(lang, e));
    throw e;
  }
  if (text === undefined) throw damaged(lang, file, t(lang, "bundle.where.noManifest"));
  const parsed = parseBundleManifest(text);
  if (!parsed.ok) {
    const p = parsed.problem;
    throw damaged(
      lang,
      file,
      p.key === "bundle.manifestBad" ? t(lang, p.key, { field: p.field }) : t(lang, p.key),
    );
  }
  return parsed.manifest;
}

export interface PartCheck {
  part: BundlePart;
  status: "ok" | "mismatch" | "missing";
  /** The sha256 the bundle holds for it (mismatch). */
  actual?: string;
}

/**
 * Every entry against the manifest, streamed. `extractTo`: parts also written there (install's
 * staging directory), `only` limiting which. Throws exit 2 on a damaged archive or an entry the
 * manifest does not list; returns the per-part verdicts.
 */
export async function verifyBundle(
  lang: Lang,
  file: string,
  manifest: BundleManifest,
  opts: { extractTo?: string; only?: (p: BundlePart) => boolean; signal?: AbortSignal } = {},
): Promise<PartCheck[]> {
  const byPath = new Map(manifest.parts.map((p) => [p.path, p]));
  const seen = new Map<string, { sha256: string; size: number }>();
  let index = 0;
  let manifestSum = "";
  let sumSeen = false;
  try {
    await readTar(
      file,
      async (entry) => {
        if (index++ === 0) {
          const h = hashingConsumer();
          return {
            data: (c) => h.data(c),
            end: () => {
              manifestSum = h.result().sha256;
            },
          };
        }
        if (entry.name === MANIFEST_SUM_ENTRY && !sumSeen && entry.size <= 128) {
          sumSeen = true;
          const chunks: Buffer[] = [];
          return {
            data: (c) => void chunks.push(c),
            end: () => {
              if (Buffer.concat(chunks).toString("utf8").trim() !== manifestSum)
                throw damaged(lang, file, t(lang, "bundle.where.manifestSum", { entry: MANIFEST_ENTRY }));
            },
          };
        }
        const part = byPath.get(entry.name);
        if (!part || seen.has(entry.name))
          throw damaged(lang, file, t(lang, "bundle.where.unexpected", { entry: entry.name }));
        let to: string | undefined;
        if (opts.extractTo && (opts.only?.(part) ?? true)) {
          to = join(opts.extractTo, part.path);
          await mkdir(dirname(to), { recursive: true });
        }
        const h = hashingConsumer(to);
        return {
          data: (c) => h.data(c),
          end: async () => {
            await h.end();
            seen.set(entry.name, h.result());
          },
        };
      },
      opts.signal ? { signal: opts.signal } : {},
    );
  } catch (e) {
    if (e instanceof TarCorrupt) throw damaged(lang, file, corruptWhere(lang, e));
    throw e;
  }
  if (!sumSeen) throw damaged(lang, file, t(lang, "bundle.where.manifestSum", { entry: MANIFEST_ENTRY }));
  return manifest.parts.map((part) => {
    const got = seen.get(part.path);
    if (!got) return { part, status: "missing" as const };
    return got.sha256 === part.sha256 && got.size === part.size
      ? { part, status: "ok" as const }
      : { part, status: "mismatch" as const, actual: got.sha256 };
  });
}

/** Refuses a bundle with any part that does not match, naming it (exit 2). */
export function refuseBad(lang: Lang, file: string, checks: readonly PartCheck[]): void {
  const bad = checks.filter((c) => c.status !== "ok");
  const first = bad[0];
  if (!first) return;
  throw new KadmError(
    t(lang, first.status === "missing" ? "bundle.partMissing" : "bundle.partMismatch", {
      file,
      part: first.part.path,
      // Whole 64-hex values are masked in every printed line (they look like certificate keys).
      expected: `${first.part.sha256.slice(0, 16)}…`,
      actual: first.actual ? `${first.actual.slice(0, 16)}…` : "-",
      more: bad.length - 1,
    }),
    { exitCode: ExitCode.invalid, hint: t(lang, "bundle.damagedHint") },
  );
}

export interface InstallEnv {
  lang: Lang;
  fs: HostFs;
  runner: Runner;
  tempDirs: TempDirs;
  archiver: ImageArchiver;
  signal?: AbortSignal | undefined;
  progress(line: string): void;
}

export interface InstallStep {
  id: "verify" | "files" | "packages" | "images";
  changed: boolean;
  line: string;
  commands: string[];
  files: FileChange[];
}

export interface InstallReport {
  manifest: BundleManifest;
  os: OsPackages;
  steps: InstallStep[];
}

/** The OS entry of the bundle for this node's /etc/os-release, or exit 2 naming both. */
export async function osForNode(lang: Lang, fs: HostFs, manifest: BundleManifest): Promise<OsPackages> {
  const found = detectDistro(await readOsRelease(fs));
  const have = manifest.os.map((o) => o.key).join(", ") || "-";
  const key = found.ok ? found.distro.key : found.what;
  const os = manifest.os.find((o) => o.key === key);
  if (!os) {
    throw new KadmError(t(lang, "bundle.osNotInBundle", { os: key, have }), {
      exitCode: ExitCode.invalid,
      hint: t(lang, "bundle.osNotInBundleHint", { os: found.ok ? found.distro.key : "<os>" }),
    });
  }
  return os;
}

/**
 * The bundle's packages and images are for one architecture: a node of another is refused before
 * anything is written (apt/dnf would refuse the packages half-way, containerd would import images
 * its kubelet cannot run). The node says its architecture by the one rule (host/steps/arch.ts); a
 * node that says nothing is not refused on a guess.
 */
export async function refuseOtherArch(lang: Lang, runner: Runner, manifest: BundleManifest): Promise<void> {
  const probed = await probeArch(runner);
  if (probed.raw === "" || (probed.ok && probed.arch === manifest.arch)) return;
  const node = probed.ok
    ? probed.arch
    : (platformOfMachine(probed.raw)?.replace(/^linux\//, "") ?? probed.raw);
  throw new KadmError(t(lang, "bundle.otherArch", { bundle: manifest.arch, node, machine: probed.raw }), {
    exitCode: ExitCode.invalid,
    hint: t(lang, "bundle.otherArchHint", { arch: node }),
  });
}

/** Where a part lands on the node (host path), or undefined when this node does not need it. */
export function partTarget(part: BundlePart, os: OsPackages): string | undefined {
  if (part.kind === "package" || part.kind === "repo-index") {
    if (part.os !== os.key) return undefined;
    return `${repoDir(os.key)}/${part.path.slice(`packages/${os.key}/`.length)}`;
  }
  if (part.kind === "images") return `${BUNDLE_HOME}/images/images.tar`;
  if (part.kind === "cni") return `${MANIFEST_CACHE_DIR}/${part.path.split("/").pop()}`;
  return EXECUTABLE_TARGET;
}

/**
 * A refusal of the checks before anything is written (a damaged or incomplete bundle, another OS
 * or architecture) says so: the node is as it was.
 */
async function beforeAnyWrite<T>(lang: Lang, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof KadmError) || e.exitCode !== ExitCode.invalid) throw e;
    throw new KadmError(t(lang, "bundle.nothingInstalled", { message: e.message }), {
      exitCode: e.exitCode,
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
      more: e.more,
    });
  }
}

export async function installBundle(env: InstallEnv, file: string): Promise<InstallReport> {
  const { lang, fs } = env;
  const manifest = await beforeAnyWrite(lang, () => readManifest(lang, file));
  const os = await beforeAnyWrite(lang, () => osForNode(lang, fs, manifest));
  await beforeAnyWrite(lang, () => refuseOtherArch(lang, env.runner, manifest));
  const wanted = (p: BundlePart) => partTarget(p, os) !== undefined;
  const steps: InstallStep[] = [];
  const total = manifest.parts.reduce((n, p) => n + p.size, 0);

  // 1. Verify every part before anything is written: a damaged bundle leaves the node as it was.
  env.progress(t(lang, "bundle.step.verify", { count: manifest.parts.length, size: humanSize(total) }));
  const checks = await verifyBundle(lang, file, manifest, env.signal ? { signal: env.signal } : {});
  await beforeAnyWrite(lang, () => refuseBad(lang, file, checks));
  let staging: string | undefined;
  try {
    if (!env.runner.dryRun) {
      // Then this node's parts, verified again as they are written (the file may change in between).
      await mkdir(fs.resolve(BUNDLE_HOME), { recursive: true, mode: 0o755 });
      staging = await env.tempDirs.create(".staging-", { parent: fs.resolve(BUNDLE_HOME) });
      const again = await verifyBundle(lang, file, manifest, {
        extractTo: staging,
        only: wanted,
        ...(env.signal ? { signal: env.signal } : {}),
      });
      // The staging directory is removed below: still nothing installed.
      await beforeAnyWrite(lang, () => refuseBad(lang, file, again));
    }
    steps.push({
      id: "verify",
      changed: false,
      line: t(lang, "bundle.verified", { count: checks.length, size: humanSize(total) }),
      commands: [],
      files: [],
    });

    // 2. Files into place: the local repository, the images archive, the CNI manifest, the executable.
    env.progress(t(lang, "bundle.step.files"));
    const placed: FileChange[] = [];
    for (const part of manifest.parts) {
      const target = partTarget(part, os);
      if (!target) continue;
      if (part.kind === "cni") {
        const text = staging ? await readText(join(staging, part.path)) : "";
        if (staging) placed.push(await fs.write(target, text, { mode: 0o644 }));
        else placed.push(await plannedBinary(fs, target, part));
        continue;
      }
      placed.push(
        staging
          ? await placeBinary(fs, join(staging, part.path), target, part)
          : await plannedBinary(fs, target, part),
      );
    }
    if (!env.runner.dryRun) await pruneRepo(fs, os, manifest);
    const changedFiles = placed.filter((f) => f.changed);
    steps.push({
      id: "files",
      changed: changedFiles.length > 0,
      line: t(lang, changedFiles.length > 0 ? "bundle.filesChanged" : "bundle.filesUnchanged", {
        changed: changedFiles.length,
        count: placed.length,
        dir: BUNDLE_HOME,
      }),
      commands: [],
      files: changedFiles,
    });

    // 3. Packages from the local repository, pinned and held.
    env.progress(t(lang, "bundle.step.packages", { os: os.key }));
    const pk = await installOsPackages({ lang, fs, runner: env.runner }, os);
    steps.push({
      id: "packages",
      changed:
        pk.commands.length > 0 ||
        pk.files.some((f) => f.changed) ||
        (env.runner.dryRun && env.runner.recorded.length > 0),
      line: t(lang, "bundle.packagesLine", { os: os.key, held: os.held.join(", ") }),
      commands: env.runner.dryRun ? [...env.runner.recorded] : pk.commands,
      files: pk.files.filter((f) => f.changed),
    });

    // 4. Images into containerd (after the packages: containerd is installed and started by then).
    env.progress(t(lang, "bundle.step.images", { count: manifest.images.length }));
    if (env.runner.dryRun) {
      steps.push({
        id: "images",
        changed: true,
        line: t(lang, "bundle.imagesPlanned", { count: manifest.images.length }),
        commands: [],
        files: [],
      });
    } else {
      const r = await env.archiver.import(fs.resolve(`${BUNDLE_HOME}/images/images.tar`));
      steps.push({
        id: "images",
        changed: r.imported.length > 0,
        line: t(lang, "bundle.imagesLine", { imported: r.imported.length, count: r.images.length }),
        commands: [],
        files: [],
      });
    }
    return { manifest, os, steps };
  } finally {
    if (staging) await env.tempDirs.remove(staging);
  }
}

async function readText(file: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  return readFile(file, "utf8");
}

const change = (path: string, changed: boolean, skipped: boolean): FileChange => ({
  path,
  changed,
  before: undefined,
  after: "",
  skipped,
});

async function sameFile(fs: HostFs, target: string, part: BundlePart): Promise<boolean> {
  try {
    const s = await stat(fs.resolve(target));
    if (!s.isFile() || s.size !== part.size) return false;
    return (await fileSha256(fs.resolve(target))).sha256 === part.sha256;
  } catch {
    return false;
  }
}

/** Dry run: would this part change its target? */
async function plannedBinary(fs: HostFs, target: string, part: BundlePart): Promise<FileChange> {
  return change(target, !(await sameFile(fs, target, part)), true);
}

/** Verified bytes moved into place (rename within the same file system), unless already there. */
async function placeBinary(fs: HostFs, from: string, target: string, part: BundlePart): Promise<FileChange> {
  if (await sameFile(fs, target, part)) return change(target, false, false);
  const to = fs.resolve(target);
  await mkdir(dirname(to), { recursive: true, mode: 0o755 });
  const mode = part.kind === "executable" ? 0o755 : 0o644;
  try {
    await rename(from, to);
  } catch {
    // Another file system (/usr/local/bin on its own mount): copy next to it, then rename.
    await copyFile(from, `${to}.kadm-wizard-new`);
    await rename(`${to}.kadm-wizard-new`, to);
  }
  const { chmod } = await import("node:fs/promises");
  await chmod(to, mode);
  return change(target, true, false);
}

/** Files of an earlier bundle left in this OS's repository directory (the new index does not list them). */
async function pruneRepo(fs: HostFs, os: OsPackages, manifest: BundleManifest): Promise<void> {
  const dir = fs.resolve(repoDir(os.key));
  const keep = new Set(
    manifest.parts.filter((p) => p.os === os.key).map((p) => p.path.slice(`packages/${os.key}/`.length)),
  );
  const walk = async (rel: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(join(dir, rel));
    } catch {
      return;
    }
    for (const n of names) {
      const r = rel ? `${rel}/${n}` : n;
      const s = await stat(join(dir, r));
      if (s.isDirectory()) await walk(r);
      else if (!keep.has(r)) await rm(join(dir, r), { force: true });
    }
  };
  await walk("");
}
