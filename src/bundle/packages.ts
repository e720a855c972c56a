/**
 * Packages for the bundle. Create: downloaded from the profile's repositories (and the distribution's,
 * with --os-repo) without installing anything: apt and dnf run on private configuration, state and
 * cache in a temp directory against an empty package database, so the dependency closure is resolved
 * as for a bare OS, and the repository index is made here (the air-gapped node needs no index tool).
 * Install: the bundle's directory as a local repository, pinned and held as --install-packages does.
 */

import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KadmError } from "../errors.js";
import type { FileChange, HostFs } from "../host/host-fs.js";
import type { Runner, RunResult } from "../host/runner.js";
import { rpmArch } from "../host/steps/arch.js";
import type { Distro } from "../host/steps/os-family.js";
import { APT_INSTALL, dockerYumRepoText, pmReason, repoUrl } from "../host/steps/packages.js";
import { criToolsPrefix, runtimePins } from "../host/steps/runtime-matrix.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { FetchLike } from "../ports.js";
import type { ClusterSpec } from "../spec/types.js";
import {
  APT_BUNDLE_LIST,
  aptBundleSource,
  packageFromFile,
  repoDir,
  YUM_BUNDLE_REPO,
  yumBundleRepo,
} from "./manifest.js";
import type { OsPackages } from "./types.js";

const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;
const KUBE = ["kubelet", "kubeadm", "kubectl"];

export interface DownloadEnv {
  lang: Lang;
  runner: Runner;
  fetch: FetchLike;
  /** Debian architecture ("amd64"). */
  arch: string;
  signal?: AbortSignal | undefined;
}

export interface DownloadedOs {
  packages: OsPackages;
  /** Files of the repository directory, relative to it (packages and index). */
  files: { rel: string; kind: "package" | "repo-index"; name?: string; version?: string }[];
  notes: string[];
}

async function must(
  env: DownloadEnv,
  argv: string[],
  opts: { env?: Record<string, string> } = {},
): Promise<RunResult> {
  const r = await env.runner.run(argv, {
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    ...opts,
    ...(env.signal ? { signal: env.signal } : {}),
  });
  if (r.exitCode !== 0) {
    throw new KadmError(t(env.lang, "bundle.commandFailed", { command: r.command, reason: pmReason(r) }), {
      hint: t(env.lang, "bundle.commandFailedHint"),
    });
  }
  return r;
}

async function fetchKey(env: DownloadEnv, url: string, to: string): Promise<void> {
  let text: string;
  try {
    const res = await env.fetch(url, { redirect: "follow", signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (e) {
    throw new KadmError(t(env.lang, "bundle.keyFailed", { url, reason: (e as Error).message }), {
      hint: t(env.lang, "bundle.commandFailedHint"),
    });
  }
  await writeFile(to, text);
}

const debArch = (arch: string) => arch;

/** What to download for one distribution: pinned names (with version patterns) and the tools. */
export function wanted(
  spec: ClusterSpec,
  distro: Distro,
  haveOsRepo: boolean,
): { pinned: string[]; runtime: string; tools: string[] } {
  const want = spec.kubernetesVersion.replace(/^v/, "");
  const pins = runtimePins(spec.kubernetesVersion);
  const cri = criToolsPrefix(spec.kubernetesVersion);
  const deb = distro.family === "deb";
  const useDocker = spec.packageRepository.dockerCe !== undefined && spec.packageRepository.dockerCe !== "";
  const runtime = useDocker ? "containerd.io" : "containerd";
  const pinned = [
    ...KUBE.map((p) => (deb ? `${p}=${want}-*` : `${p}-${want}`)),
    deb ? `cri-tools=${cri}*` : `cri-tools-${cri}*`,
    useDocker
      ? deb
        ? `containerd.io=${pins.containerdIo}.*`
        : `containerd.io-${pins.containerdIo}.*`
      : "containerd",
    ...(useDocker ? [] : ["runc"]),
  ];
  return { pinned, runtime, tools: haveOsRepo ? distro.tools : [] };
}

/** The pinned packages and tools for one OS, from the repositories, into `out` with its index. */
export async function downloadOs(
  env: DownloadEnv,
  spec: ClusterSpec,
  distro: Distro,
  osRepos: readonly string[],
  work: string,
  out: string,
): Promise<DownloadedOs> {
  const template = distro.family === "deb" ? spec.packageRepository.apt : spec.packageRepository.yum;
  if (!template) {
    throw new KadmError(t(env.lang, "packages.noRepository", { profile: spec.profile }), {
      exitCode: 2,
      hint: t(env.lang, "packages.noRepositoryHint"),
    });
  }
  const useDocker = !!spec.packageRepository.dockerCe;
  if (!useDocker && osRepos.length === 0) {
    throw new KadmError(t(env.lang, "bundle.noRuntimeSource", { os: distro.key }), {
      exitCode: 2,
      hint: t(env.lang, "bundle.osRepoHint", { os: distro.key }),
    });
  }
  const url = repoUrl(template, spec.kubernetesVersion);
  const { pinned, runtime, tools } = wanted(spec, distro, osRepos.length > 0);
  const notes: string[] = [];
  if (osRepos.length === 0)
    notes.push(t(env.lang, "bundle.noTools", { os: distro.key, tools: distro.tools.join(", ") }));
  await mkdir(out, { recursive: true });
  if (distro.family === "deb")
    await aptDownload(env, spec, distro, url, osRepos, work, out, [...pinned, ...tools]);
  else await dnfDownload(env, spec, distro, url, osRepos, work, out, [...pinned, ...tools]);

  const names = (await readdir(out)).filter((f) => f.endsWith(".deb") || f.endsWith(".rpm")).sort();
  const found = new Map<string, string>();
  const files: DownloadedOs["files"] = [];
  for (const f of names) {
    const p = packageFromFile(f);
    if (p) found.set(p.name, p.version);
    files.push({ rel: f, kind: "package", ...(p ? { name: p.name, version: p.version } : {}) });
  }
  const held = [...KUBE, "cri-tools", runtime];
  const install: Record<string, string> = {};
  for (const n of [...held, ...(useDocker ? [] : ["runc"]), ...tools]) {
    const v = found.get(n);
    if (v === undefined) {
      throw new KadmError(t(env.lang, "bundle.packageMissing", { name: n, os: distro.key }), {
        hint: t(env.lang, "bundle.commandFailedHint"),
      });
    }
    install[n] = v;
  }
  if (distro.family === "deb") {
    const packages = await must(env, ["apt-ftparchive", "packages", out]);
    // Relative to the repository ("deb file:DIR ./"), wherever the node puts it.
    const text = packages.stdout.replace(/^Filename: .*\/([^/\n]+)$/gm, "Filename: ./$1");
    await writeFile(join(out, "Packages"), text);
    files.push({ rel: "Packages", kind: "repo-index" });
  } else {
    await must(env, ["createrepo_c", "-q", "--simple-md-filenames", out]);
    for (const f of (await readdir(join(out, "repodata"))).sort())
      files.push({ rel: `repodata/${f}`, kind: "repo-index" });
  }
  return { packages: { key: distro.key, family: distro.family, held, install }, files, notes };
}

/** One --os-repo value for apt: a whole "deb ..." line, or "URL[,KEYURL]" (a flat repository "URL /"). */
function aptOsLine(value: string, keyFile: string | undefined): string {
  if (value.startsWith("deb ")) return value;
  const [u = ""] = value.split(",");
  return `deb ${keyFile ? `[signed-by=${keyFile}] ` : ""}${u} /`;
}

async function aptDownload(
  env: DownloadEnv,
  spec: ClusterSpec,
  distro: Distro,
  url: string,
  osRepos: readonly string[],
  work: string,
  out: string,
  packages: string[],
): Promise<void> {
  const etc = join(work, "etc");
  const state = join(work, "state");
  const cache = join(work, "cache");
  for (const d of [
    join(etc, "sources.list.d"),
    join(etc, "preferences.d"),
    join(state, "lists/partial"),
    join(cache, "archives/partial"),
    join(out, "partial"),
  ])
    await mkdir(d, { recursive: true });
  await writeFile(join(state, "status"), "");
  const lines = [];
  const kubeKey = join(etc, "kubernetes.asc");
  await fetchKey(env, `${url}Release.key`, kubeKey);
  lines.push(`deb [signed-by=${kubeKey}] ${url} /`);
  if (spec.packageRepository.dockerCe) {
    const base = `${spec.packageRepository.dockerCe.replace(/\/+$/, "")}/${distro.dockerCe.path}`;
    const dockerKey = join(etc, "docker-ce.asc");
    await fetchKey(env, `${base}/gpg`, dockerKey);
    lines.push(
      `deb [signed-by=${dockerKey} arch=${debArch(env.arch)}] ${base} ${distro.dockerCe.suite} stable`,
    );
  }
  for (const [i, r] of osRepos.entries()) {
    const keyUrl = r.startsWith("deb ") ? undefined : r.split(",")[1];
    const keyFile = keyUrl ? join(etc, `os-${i}.asc`) : undefined;
    if (keyUrl && keyFile) await fetchKey(env, keyUrl, keyFile);
    lines.push(aptOsLine(r, keyFile));
  }
  await writeFile(join(etc, "sources.list"), `${lines.join("\n")}\n`);
  const o = (k: string, v: string) => ["-o", `${k}=${v}`];
  const common = [
    ...o("Dir::Etc", `${etc}/`),
    ...o("Dir::Etc::SourceList", join(etc, "sources.list")),
    ...o("Dir::Etc::SourceParts", `${join(etc, "sources.list.d")}/`),
    // The distribution's keys of this machine stay trusted for --os-repo lines without signed-by.
    ...o("Dir::Etc::TrustedParts", "/etc/apt/trusted.gpg.d/"),
    ...o("Dir::State", `${state}/`),
    ...o("Dir::State::status", join(state, "status")),
    ...o("Dir::Cache", `${cache}/`),
    ...o("APT::Architecture", debArch(env.arch)),
    ...o("APT::Architectures", debArch(env.arch)),
    ...o("Debug::NoLocking", "1"),
    ...o("APT::Sandbox::User", "root"),
    ...o("Acquire::Retries", "3"),
  ];
  const aptEnv = { env: { DEBIAN_FRONTEND: "noninteractive" } };
  await must(env, ["apt-get", ...common, "update"], aptEnv);
  await must(
    env,
    [
      "apt-get",
      ...common,
      ...o("Dir::Cache::archives", `${out}/`),
      "install",
      "--download-only",
      "-y",
      "--no-install-recommends",
      ...packages,
    ],
    aptEnv,
  );
  await must(env, ["rm", "-rf", join(out, "partial"), join(out, "lock")]);
}

async function dnfDownload(
  env: DownloadEnv,
  spec: ClusterSpec,
  distro: Distro,
  url: string,
  osRepos: readonly string[],
  work: string,
  out: string,
  packages: string[],
): Promise<void> {
  const repos = join(work, "repos");
  await mkdir(repos, { recursive: true });
  await mkdir(join(work, "root"), { recursive: true });
  const text = [
    "[kubernetes]",
    "name=Kubernetes",
    `baseurl=${url}`,
    "enabled=1",
    "gpgcheck=1",
    `gpgkey=${url}repodata/repomd.xml.key`,
    "",
  ];
  if (spec.packageRepository.dockerCe)
    text.push(dockerYumRepoText(spec.packageRepository.dockerCe, distro).replace(/^exclude=.*\n/m, ""));
  for (const [i, r] of osRepos.entries()) {
    const [u = "", key] = r.split(",");
    const base = u.endsWith("/") ? u : `${u}/`;
    text.push(
      `[os-${i}]`,
      `name=${distro.name} ${i}`,
      `baseurl=${base}`,
      "enabled=1",
      "gpgcheck=1",
      `gpgkey=${key ?? `${base}repodata/repomd.xml.key`}`,
      "",
    );
  }
  await writeFile(join(repos, "bundle.repo"), text.join("\n"));
  await must(env, [
    "dnf",
    `--installroot=${join(work, "root")}`,
    `--releasever=${distro.dockerCe.elRelease ?? "9"}`,
    `--setopt=reposdir=${repos}`,
    `--setopt=cachedir=${join(work, "cache")}`,
    `--forcearch=${rpmArch(env.arch === "arm64" ? "arm64" : "amd64")}`,
    "--setopt=install_weak_deps=False",
    "--noplugins",
    "-y",
    "install",
    "--downloadonly",
    `--destdir=${out}`,
    ...packages,
  ]);
}

// ---------------------------------------------------------------------------------------------
// install

export interface PackageInstallEnv {
  lang: Lang;
  fs: HostFs;
  runner: Runner;
}

/** The bundle's packages on this node from its local repository: only what is not at its pinned version. */
export async function installOsPackages(
  env: PackageInstallEnv,
  os: OsPackages,
): Promise<{ files: FileChange[]; commands: string[] }> {
  const { fs, runner } = env;
  const rooted = fs.root !== "/" && fs.root !== "";
  const root = fs.root.replace(/\/+$/, "");
  const dir = repoDir(os.key);
  const commands: string[] = [];
  const files: FileChange[] = [];
  const change = async (argv: string[], extra: { env?: Record<string, string> } = {}) => {
    const r = await runner.run(argv, { changes: true, timeoutMs: DOWNLOAD_TIMEOUT_MS, ...extra });
    if (r.exitCode !== 0) {
      throw new KadmError(t(env.lang, "bundle.commandFailed", { command: r.command, reason: pmReason(r) }), {
        hint: t(env.lang, "bundle.installHint"),
      });
    }
    commands.push(r.command);
  };
  if (os.family === "deb") {
    const conf = "/run/kadm-wizard/bundle-apt/apt.conf";
    const list = "/run/kadm-wizard/bundle-apt/sources.list";
    const aptEnv = { env: { DEBIAN_FRONTEND: "noninteractive", APT_CONFIG: fs.resolve(conf) } };
    files.push(await fs.write(APT_BUNDLE_LIST, aptBundleSource(dir)));
    // The run itself reads only the bundle's repository: the node's other sources are unreachable.
    await fs.write(list, aptBundleSource(fs.resolve(dir)), { backup: false });
    await fs.mkdir("/run/kadm-wizard/bundle-apt/parts");
    await fs.write(
      conf,
      [
        "// Written by kadm-wizard bundle install: apt reads only the bundle's repository.",
        ...(rooted ? [`Dir "${root}/";`] : []),
        `Dir::Etc::SourceList "${fs.resolve(list)}";`,
        `Dir::Etc::SourceParts "${fs.resolve("/run/kadm-wizard/bundle-apt/parts")}/";`,
        'APT::Sandbox::User "root";',
        ...(rooted ? [`DPkg::Options { "--root=${root}"; };`] : []),
        "",
      ].join("\n"),
      { backup: false },
    );
    const q = async (argv: string[]) =>
      runner.run(
        rooted && argv[0] === "dpkg-query" ? [argv[0], `--root=${root}`, ...argv.slice(1)] : argv,
        aptEnv,
      );
    const installed = async (p: string) => {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS.
      const r = await q(["dpkg-query", "-W", "-f=${Version} ${db:Status-Abbrev}", p]);
      const [version, status] = r.stdout.trim().split(/\s+/);
      return r.exitCode === 0 && status?.[1] === "i" ? version : undefined;
    };
    const todo: string[] = [];
    for (const [name, version] of Object.entries(os.install)) {
      const have = await installed(name);
      // Pinned ones at exactly the bundle's version; a tool at any version will do.
      if (os.held.includes(name) ? have !== version : have === undefined) todo.push(`${name}=${version}`);
    }
    if (todo.length > 0) {
      await change(["apt-get", "update"], aptEnv);
      const held = todo.map((p) => p.split("=")[0] as string).filter((n) => os.held.includes(n));
      if (held.length > 0) await change(["apt-mark", "unhold", ...held], aptEnv);
      await change([...APT_INSTALL, ...todo], aptEnv);
    }
    const showhold = new Set((await q(["apt-mark", "showhold"])).stdout.split("\n").map((l) => l.trim()));
    if (todo.length > 0 || !os.held.every((p) => showhold.has(p)))
      await change(["apt-mark", "hold", ...os.held], aptEnv);
    await services(change, rooted, root, todo);
    return { files, commands };
  }
  // rpm: the repository file names the real path; the run reads a private copy naming the rooted one.
  const reposd = "/run/kadm-wizard/bundle-dnf";
  files.push(await fs.write(YUM_BUNDLE_REPO, yumBundleRepo(dir, os.held)));
  await fs.write(`${reposd}/kadm-wizard-bundle.repo`, yumBundleRepo(fs.resolve(dir), os.held), {
    backup: false,
  });
  const distroEl = os.key.match(/-(\d+)/)?.[1] ?? "9";
  const rpmq = async (p: string) => {
    const r = await runner.run([
      "rpm",
      ...(rooted ? [`--root=${root}`] : []),
      "-q",
      "--qf",
      "%{VERSION}-%{RELEASE}",
      p,
    ]);
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  };
  const todo: string[] = [];
  for (const [name, version] of Object.entries(os.install)) {
    const have = await rpmq(name);
    if (os.held.includes(name) ? have !== version : have === undefined) todo.push(`${name}-${version}`);
  }
  if (todo.length > 0) {
    await change([
      "dnf",
      ...(rooted ? [`--installroot=${root}`, `--releasever=${distroEl}`] : []),
      `--setopt=reposdir=${fs.resolve(reposd)}`,
      "--noplugins",
      "--disablerepo=*",
      "--enablerepo=kadm-wizard-bundle",
      "--disableexcludes=kadm-wizard-bundle",
      "-y",
      "install",
      ...todo,
    ]);
  }
  await services(change, rooted, root, todo);
  return { files, commands };
}

async function services(
  change: (argv: string[]) => Promise<void>,
  rooted: boolean,
  root: string,
  todo: string[],
): Promise<void> {
  const sys = (unit: string) =>
    rooted ? ["systemctl", `--root=${root}`, "enable", unit] : ["systemctl", "enable", "--now", unit];
  // containerd first: the kubelet's first start needs the runtime socket.
  if (todo.some((p) => p.startsWith("containerd"))) await change(sys("containerd"));
  if (todo.some((p) => p.startsWith("kubelet"))) await change(sys("kubelet"));
}
