/**
 * `bundle create`: everything an air-gapped node needs, gathered on a machine that reaches the
 * mirrors, staged in a temp directory, hashed, and written as one tar with manifest.json first.
 * Nothing on this machine changes but the output file.
 */
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { findCniRelease } from "../cni/catalog.js";
import { cachePath, expandSources, httpFetcher, obtainManifest } from "../cni/source.js";
import { KadmError } from "../errors.js";
import { lbImages } from "../ha/load-balancer.js";
import type { Files } from "../host/files.js";
import { rootedHostFs } from "../host/host-fs.js";
import type { Runner } from "../host/runner.js";
import type { Distro } from "../host/steps/os-family.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { planImages } from "../images/plan.js";
import type { FetchLike, TempDirs } from "../ports.js";
import type { ClusterSpec } from "../spec/types.js";
import { downloadOs, wanted } from "./packages.js";
import { fileSha256, type TarSource, writeTar } from "./tar.js";
import {
  BUNDLE_FORMAT,
  type BundleManifest,
  type BundlePart,
  type ImageArchiver,
  MANIFEST_ENTRY,
  MANIFEST_SUM_ENTRY,
  type OsPackages,
} from "./types.js";

export interface CreateEnv {
  lang: Lang;
  runner: Runner;
  fetch: FetchLike;
  files: Files;
  tempDirs: TempDirs;
  archiver: ImageArchiver;
  version: string;
  signal?: AbortSignal | undefined;
  /** One line per step as it starts (stderr). */
  progress(line: string): void;
}

export interface CreateRequest {
  spec: ClusterSpec;
  distros: Distro[];
  /** --os-repo values per OS key. */
  osRepos: Map<string, string[]>;
  out: string;
  arch: string;
  /** The kadm-wizard executable to put in (undefined: none; the plan says how to build one). */
  executable: string | undefined;
  now: Date;
}

/** The images the bundle carries: kubeadm's list for the version, the CNI's, the HA load balancer's. */
export function bundleImages(spec: ClusterSpec): string[] {
  const plan = planImages(spec);
  return [...new Set([...plan.kubeadm, ...plan.cni, ...lbImages(spec)])];
}

/** What create will do, for --dry-run and the head of a real run (no I/O). */
export function createPlan(lang: Lang, req: CreateRequest): string[] {
  const { spec } = req;
  const images = bundleImages(spec);
  const lines = [
    t(lang, "bundle.plan.header", { version: spec.kubernetesVersion, out: req.out, arch: req.arch }),
    t(lang, "bundle.plan.images", { count: images.length }),
    ...images.map((i) => `    ${i}`),
  ];
  const release = spec.cni.plugin === "none" ? undefined : findCniRelease(spec.cni.plugin, spec.cni.version);
  if (release) lines.push(t(lang, "bundle.plan.cni", { plugin: release.plugin, version: release.version }));
  for (const d of req.distros) {
    const w = wanted(spec, d, (req.osRepos.get(d.key) ?? []).length > 0);
    lines.push(
      t(lang, "bundle.plan.os", {
        os: d.key,
        manager: d.family === "deb" ? "apt" : "dnf",
        packages: [...w.pinned, ...w.tools].join(" "),
      }),
    );
  }
  lines.push(
    req.executable
      ? t(lang, "bundle.plan.executable", { path: req.executable })
      : t(lang, "bundle.plan.noExecutable"),
  );
  return lines;
}

export async function createBundle(
  env: CreateEnv,
  req: CreateRequest,
): Promise<{ manifest: BundleManifest; notes: string[] }> {
  const { spec, lang } = { spec: req.spec, lang: env.lang };
  const work = await env.tempDirs.create("kadm-bundle-");
  const notes: string[] = [];
  try {
    const parts: (BundlePart & { file: string })[] = [];
    const add = async (
      path: string,
      file: string,
      kind: BundlePart["kind"],
      extra: Partial<BundlePart> = {},
    ) => {
      const { sha256, size } = await fileSha256(file);
      parts.push({ path, kind, sha256, size, ...extra, file });
    };

    // The pinned CNI manifest, checked against the catalogue's sha256 like `cni apply` does.
    const release =
      spec.cni.plugin === "none" ? undefined : findCniRelease(spec.cni.plugin, spec.cni.version);
    if (release) {
      env.progress(t(lang, "bundle.step.cni", { plugin: release.plugin, version: release.version }));
      const { urls } = expandSources(spec.cni.manifestSources, release);
      const got = await obtainManifest({
        release,
        urls,
        // The download's cache goes to the temp directory: create changes nothing on this machine.
        hostFs: rootedHostFs({ root: join(work, "cni-cache"), lang }),
        files: env.files,
        fetcher: httpFetcher(env.fetch),
        signal: env.signal,
      });
      if (!got.ok) {
        const tried = got.failure.attempts.map((a) => `${a.url}: ${a.detail}`).join("; ");
        throw new KadmError(
          t(lang, "bundle.cniFailed", {
            plugin: release.plugin,
            version: release.version,
            tried: tried || "-",
          }),
          {
            hint: t(lang, "bundle.cniFailedHint"),
          },
        );
      }
      await mkdir(join(work, "cni"), { recursive: true });
      const file = join(work, "cni", basename(cachePath(release)));
      await writeFile(file, got.manifest.text);
      await add(`cni/${basename(cachePath(release))}`, file, "cni", {
        name: release.plugin,
        version: release.version,
      });
    }

    // Images through the archiver (it pulls what this machine's containerd lacks).
    const refs = bundleImages(spec);
    env.progress(t(lang, "bundle.step.images", { count: refs.length }));
    await mkdir(join(work, "images"), { recursive: true });
    const imagesFile = join(work, "images", "images.tar");
    const { images } = await env.archiver.export(refs, imagesFile);
    await add("images/images.tar", imagesFile, "images");

    const os: OsPackages[] = [];
    for (const d of req.distros) {
      env.progress(t(lang, "bundle.step.packages", { os: d.key }));
      const out = join(work, "packages", d.key);
      const got = await downloadOs(
        { lang, runner: env.runner, fetch: env.fetch, arch: req.arch, signal: env.signal },
        spec,
        d,
        req.osRepos.get(d.key) ?? [],
        join(work, `pm-${d.key}`),
        out,
      );
      notes.push(...got.notes);
      os.push(got.packages);
      for (const f of got.files) {
        await add(`packages/${d.key}/${f.rel}`, join(out, f.rel), f.kind, {
          os: d.key,
          ...(f.name ? { name: f.name } : {}),
          ...(f.version ? { version: f.version } : {}),
        });
      }
    }

    if (req.executable) {
      env.progress(t(lang, "bundle.step.executable"));
      const file = join(work, "kadm-wizard");
      await copyFile(req.executable, file);
      await add("bin/kadm-wizard", file, "executable", { version: env.version });
    } else notes.push(t(lang, "bundle.plan.noExecutable"));

    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      version: env.version,
      kubernetesVersion: spec.kubernetesVersion,
      cni: { plugin: spec.cni.plugin, version: release?.version ?? "" },
      arch: req.arch,
      imageRepository: spec.imageRepository,
      profile: spec.profile,
      created: req.now.toISOString(),
      os,
      images,
      parts: parts.map(({ file: _file, ...p }) => p),
    };
    const manifestFile = join(work, MANIFEST_ENTRY);
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const sumFile = join(work, MANIFEST_SUM_ENTRY);
    await writeFile(sumFile, `${(await fileSha256(manifestFile)).sha256}\n`);
    env.progress(t(lang, "bundle.step.write", { out: req.out }));
    const sources: TarSource[] = [
      { name: MANIFEST_ENTRY, file: manifestFile },
      ...parts.map((p) => ({ name: p.path, file: p.file, mode: p.kind === "executable" ? 0o755 : 0o644 })),
      { name: MANIFEST_SUM_ENTRY, file: sumFile },
    ];
    await writeTar(req.out, sources);
    return { manifest, notes };
  } finally {
    await env.tempDirs.remove(work);
  }
}
