import { ExitCode, KadmError } from "../../errors.js";
import { type Msg, render, t } from "../../i18n/messages.js";
import type { ClusterSpec } from "../../spec/types.js";
import { parseKubeVersion } from "../../validate/version.js";
import type { FileChange } from "../host-fs.js";
import { readOsRelease } from "../preflight/os-release.js";
import { failureReason, type RunOptions, type RunResult } from "../runner.js";
import { type NodeArch, probeArch, SUPPORTED_ARCHES } from "./arch.js";
import { type Distro, detectDistro, SUPPORTED_DISTROS } from "./os-family.js";
import { criToolsPrefix, recentEnough, runtimePins } from "./runtime-matrix.js";
import type { StepEnv, StepResult } from "./types.js";
import { stepResult } from "./types.js";

/** apt-get install of pinned versions: over a hold, and back down when a newer one is installed. */
export const APT_INSTALL = [
  "apt-get",
  "install",
  "-y",
  "--no-install-recommends",
  "--allow-downgrades",
  "--allow-change-held-packages",
] as const;

export const KUBE_PACKAGES = ["kubelet", "kubeadm", "kubectl"] as const;
export const APT_LIST = "/etc/apt/sources.list.d/kubernetes.list";
export const APT_KEYRING = "/etc/apt/keyrings/kubernetes-apt-keyring.gpg";
export const YUM_REPO = "/etc/yum.repos.d/kubernetes.repo";
export const DOCKER_APT_LIST = "/etc/apt/sources.list.d/docker-ce.list";
export const DOCKER_APT_KEYRING = "/etc/apt/keyrings/docker-ce.gpg";
export const DOCKER_YUM_REPO = "/etc/yum.repos.d/docker-ce.repo";
export const CRICTL_YAML = "/etc/crictl.yaml";
/** apt's configuration for a run against --root (see aptRootConfig); ours alone, never backed up. */
export const APT_ROOT_CONF = "/run/kadm-wizard/apt/apt.conf";
const APT_ROOT_SOURCES = "/run/kadm-wizard/apt/sources.list.d";

/** Installs can take minutes on a slow mirror; the runner's default of 2 minutes is for probes. */
const INSTALL_TIMEOUT_MS = 20 * 60_000;

/** The per-minor repository URL of the profile ("{minor}" -> "v1.33"), always ending in "/". */
export function repoUrl(template: string, kubernetesVersion: string): string {
  const v = parseKubeVersion(kubernetesVersion);
  if (!v) throw new Error(`unvalidated version ${kubernetesVersion}`);
  const url = template.replaceAll("{minor}", `v${v.major}.${v.minor}`);
  return url.endsWith("/") ? url : `${url}/`;
}

export function aptSourceLine(url: string): string {
  return `# Written by kadm-wizard: Kubernetes packages, one minor version per repository.\ndeb [signed-by=${APT_KEYRING}] ${url} /\n`;
}

/**
 * docker-ce's apt repository for the distribution (containerd.io only is installed from it). `arch=`
 * as Docker's own instructions write it: its dists carry no i386 or other foreign architecture, so a
 * multiarch host would otherwise warn on every update. The Kubernetes repository is flat and lists
 * every architecture in one Packages file: apt picks the node's own there, no option needed.
 */
export function dockerAptSourceLine(base: string, distro: Distro, arch?: NodeArch): string {
  const url = `${base.replace(/\/+$/, "")}/${distro.dockerCe.path}`;
  const opts = `${arch ? `arch=${arch} ` : ""}signed-by=${DOCKER_APT_KEYRING}`;
  return `# Written by kadm-wizard: containerd.io from docker-ce (the distribution's containerd is too old).\ndeb [${opts}] ${url} ${distro.dockerCe.suite} stable\n`;
}

/** `exclude=` is the yum hold: plain `yum update` never moves the cluster's version. */
export function yumRepoText(url: string): string {
  return [
    "# Written by kadm-wizard: Kubernetes packages, one minor version per repository.",
    "[kubernetes]",
    "name=Kubernetes",
    `baseurl=${url}`,
    "enabled=1",
    "gpgcheck=1",
    `gpgkey=${url}repodata/repomd.xml.key`,
    "exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni",
    "",
  ].join("\n");
}

/**
 * docker-ce's repository for the EL release the distribution is built from (derivatives such as
 * openEuler or Kylin have their own $releasever, which docker-ce does not know), containerd.io held.
 */
export function dockerYumRepoText(base: string, distro: Distro): string {
  const url = `${base.replace(/\/+$/, "")}/${distro.dockerCe.path}`;
  return [
    "# Written by kadm-wizard: containerd.io from docker-ce.",
    "[docker-ce-stable]",
    "name=Docker CE Stable",
    `baseurl=${url}/${distro.dockerCe.elRelease}/$basearch/stable`,
    "enabled=1",
    "gpgcheck=1",
    `gpgkey=${url}/gpg`,
    "exclude=containerd.io",
    "",
  ].join("\n");
}

/** crictl talks to the runtime kubeadm uses, so `crictl ps` works without --runtime-endpoint. */
export function crictlYaml(criSocket: string): string {
  const endpoint = criSocket.includes("://") ? criSocket : `unix://${criSocket}`;
  return [
    "# Written by kadm-wizard: crictl uses the same runtime as the kubelet.",
    `runtime-endpoint: ${endpoint}`,
    `image-endpoint: ${endpoint}`,
    "timeout: 10",
    "",
  ].join("\n");
}

/** The exact apt version for a Kubernetes release from `apt-cache madison kubeadm` ("1.33.2-1.1"). */
export function aptVersionFor(madison: string, kubernetesVersion: string): string | undefined {
  const want = kubernetesVersion.replace(/^v/, "");
  for (const line of madison.split("\n")) {
    const version = line.split("|")[1]?.trim();
    if (version?.startsWith(`${want}-`)) return version;
  }
  return undefined;
}

/** The "Candidate:" of `apt-cache policy PKG` (undefined for "(none)" or no such package). */
export function aptCandidate(policy: string): string | undefined {
  const m = /^\s*Candidate:\s*(\S+)/m.exec(policy);
  return m?.[1] && m[1] !== "(none)" ? m[1] : undefined;
}

/**
 * apt against a --root other than "/": this machine's apt-get with the target's configuration,
 * state and dpkg database. APT_CONFIG replaces this machine's apt.conf.d (read before any -o), and
 * the sources are copies whose signed-by keyrings point into the root (apt never roots that path).
 */
export function aptRootConfig(root: string): string {
  const r = root.replace(/\/+$/, "");
  return [
    `// Written by kadm-wizard for apt runs against the root ${r}: its files, this machine's apt.`,
    `Dir "${r}/";`,
    'Dir::Etc::SourceList "/dev/null";',
    `Dir::Etc::SourceParts "${r}${APT_ROOT_SOURCES}/";`,
    `DPkg::Options { "--root=${r}"; };`,
    "",
  ].join("\n");
}

/** A list file with its signed-by keyrings under the root (for aptRootConfig). */
export function rootedSourceList(text: string, root: string): string {
  const r = root.replace(/\/+$/, "");
  return text.replace(/signed-by=\//g, `signed-by=${r}/`).replace(/^(Signed-By:\s*)\//gim, `$1${r}/`);
}

/** One package manager on a node (apt or dnf/yum), rooted like the packages step (also `upgrade`). */
export interface Pm {
  distro: Distro;
  /** The node's architecture; undefined when the node could not tell (apt/dnf then use their own). */
  arch: NodeArch | undefined;
  rooted: boolean;
  /** Read-only query (also in dry-run). */
  query(argv: string[]): Promise<RunResult>;
  /** Host change: recorded in dry-run; a failure stops the step. */
  change(argv: string[], hint: Msg): Promise<void>;
  commands: string[];
}

/** apt and dnf print progress on stdout after their error: the "E:"/"Error:" line is the reason. */
export function pmReason(r: RunResult): string {
  const lines = r.stderr.split("\n").map((l) => l.trim());
  return lines.filter((l) => /^(E|Error):/.test(l)).at(-1) ?? failureReason(r);
}

function refuse(env: StepEnv, os: Record<string, string> | undefined): never {
  const d = detectDistro(os);
  const what = d.ok ? d.distro.name : d.what;
  const family = d.ok ? d.distro.family : d.family;
  throw new KadmError(
    t(env.lang, family === "unknown" ? "packages.unsupported" : "packages.unsupportedFamily", {
      what,
      family: family === "deb" ? "Debian/Ubuntu (apt)" : "RHEL (dnf/yum)",
    }),
    {
      // Nothing was changed and a run again will not help: the input (the host's OS) is the problem.
      exitCode: ExitCode.invalid,
      hint: t(env.lang, "packages.unsupportedHint", { supported: SUPPORTED_DISTROS }),
    },
  );
}

export function makePm(env: StepEnv, distro: Distro, arch: NodeArch | undefined): Pm {
  const { fs, runner } = env;
  const rooted = fs.root !== "/" && fs.root !== "";
  const root = fs.root.replace(/\/+$/, "");
  const commands: string[] = [];
  // DEBIAN_FRONTEND: no debconf prompt may wait for a terminal nobody watches.
  const aptEnv: Record<string, string> = {
    DEBIAN_FRONTEND: "noninteractive",
    ...(rooted ? { APT_CONFIG: fs.resolve(APT_ROOT_CONF) } : {}),
  };
  // The target's rpm database, repositories and release; this machine's dnf plugins act on this machine.
  const elRelease = distro.dockerCe.elRelease ?? "8";
  const rewrite = (argv: string[]): string[] => {
    const [bin, ...rest] = argv;
    // Mirrors drop connections now and then: apt retries a failed download itself.
    if (bin === "apt-get") return [bin, "-o", "Acquire::Retries=3", ...rest];
    if (!rooted || !bin) return argv;
    if (bin === "dnf" || bin === "yum")
      return [
        bin,
        `--installroot=${root}`,
        `--releasever=${elRelease}`,
        `--setopt=reposdir=${root}/etc/yum.repos.d`,
        "--noplugins",
        ...rest,
      ];
    if (bin === "rpm" || bin === "dpkg-query") return [bin, `--root=${root}`, ...rest];
    if (bin === "systemctl") return [bin, `--root=${root}`, ...rest.filter((a) => a !== "--now")];
    return argv;
  };
  const opts = (argv: string[], changes: boolean): RunOptions => ({
    changes,
    timeoutMs: changes ? INSTALL_TIMEOUT_MS : 120_000,
    ...(argv[0]?.startsWith("apt") ? { env: aptEnv } : {}),
  });
  return {
    distro,
    arch,
    rooted,
    commands,
    query: (argv) => runner.run(rewrite(argv), opts(argv, false)),
    async change(argv, hint) {
      const r = await runner.run(rewrite(argv), opts(argv, true));
      if (r.exitCode !== 0) {
        throw new KadmError(t(env.lang, "step.commandFailed", { command: r.command, reason: pmReason(r) }), {
          hint: render(env.lang, hint),
        });
      }
      commands.push(r.command);
    },
  };
}

/** A key downloaded once (ASCII armour from the repository) and dearmored into the keyring apt names. */
async function aptKeyring(env: StepEnv, pm: Pm, keyring: string, keyUrl: string, hint: Msg): Promise<void> {
  if (await env.fs.exists(keyring)) return;
  const tmp = `${env.fs.resolve(keyring)}.asc`;
  await pm.change(["mkdir", "-p", "-m", "755", env.fs.resolve("/etc/apt/keyrings")], hint);
  await pm.change(["curl", "-fsSL", "--retry", "3", "-o", tmp, keyUrl], hint);
  await pm.change(["gpg", "--batch", "--yes", "--dearmor", "-o", env.fs.resolve(keyring), tmp], hint);
  await pm.change(["rm", "-f", tmp], hint);
}

/** Under --root: apt's configuration and the rooted copies of the sources (see aptRootConfig). */
export async function syncAptRoot(env: StepEnv): Promise<void> {
  const { fs } = env;
  await fs.write(APT_ROOT_CONF, aptRootConfig(fs.root), { backup: false });
  const lists = [
    "/etc/apt/sources.list",
    ...(await fs.list("/etc/apt/sources.list.d")).map((n) => `/etc/apt/sources.list.d/${n}`),
  ];
  for (const path of lists) {
    if (!/\.(list|sources)$/.test(path)) continue;
    const text = await fs.read(path);
    if (text === undefined) continue;
    const name = path === "/etc/apt/sources.list" ? "00-sources.list" : path.split("/").at(-1);
    await fs.write(`${APT_ROOT_SOURCES}/${name}`, rootedSourceList(text, fs.root), { backup: false });
  }
}

/** What every install starts from: the distribution, the per-minor URL, the package manager, the notes. */
async function setUp(
  env: StepEnv,
  spec: ClusterSpec,
): Promise<{ distro: Distro; url: string; pm: Pm; notes: string[] }> {
  const { fs, lang } = env;
  const os = await readOsRelease(fs);
  const found = detectDistro(os);
  if (!found.ok) refuse(env, os);
  const distro = found.distro;
  const template = distro.family === "deb" ? spec.packageRepository.apt : spec.packageRepository.yum;
  if (!template) {
    throw new KadmError(t(lang, "packages.noRepository", { profile: spec.profile }), {
      exitCode: ExitCode.invalid,
      hint: t(lang, "packages.noRepositoryHint"),
    });
  }
  const url = repoUrl(template, spec.kubernetesVersion);
  // The same package names on every architecture (kubeadm, containerd.io, ...); the repositories
  // serve the node's own build. An architecture we install nothing for is refused before any change.
  const probed = await probeArch(env.runner);
  if (!probed.ok && probed.raw !== "") {
    throw new KadmError(t(lang, "packages.unsupportedArch", { arch: probed.raw, name: distro.name }), {
      exitCode: ExitCode.invalid,
      hint: t(lang, "packages.unsupportedArchHint", { supported: SUPPORTED_ARCHES.join(", ") }),
    });
  }
  const pm = makePm(env, distro, probed.ok ? probed.arch : undefined);
  const notes: string[] = [];
  if (distro.eol) notes.push(t(lang, "packages.eol", { name: distro.name, date: distro.eol }));
  if (!probed.ok) notes.push(t(lang, "packages.archUnknown"));
  if (pm.rooted) {
    notes.push(
      t(lang, distro.family === "deb" ? "packages.rootedApt" : "packages.rootedDnf", {
        root: fs.root,
        conf: APT_ROOT_CONF,
      }),
    );
  }
  return { distro, url, pm, notes };
}

/**
 * Day 0 for a release newer than our tables: only kubeadm, pinned to the spec's version from the
 * per-minor repository and held, so its own `kubeadm config images list` can be asked before the
 * image plan is made (the packages step installs the rest later and finds kubeadm in place).
 * Idempotent: nothing runs when kubeadm is already at that version.
 */
export async function installKubeadmFirst(env: StepEnv, spec: ClusterSpec): Promise<StepResult> {
  const { fs, lang } = env;
  const { distro, url, pm, notes } = await setUp(env, spec);
  const hint: Msg = { key: "packages.installHint", params: { url } };
  const want = spec.kubernetesVersion.replace(/^v/, "");
  const files: FileChange[] = [];
  if (distro.family === "deb") {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS.
    const q = await pm.query(["dpkg-query", "-W", "-f=${Version} ${db:Status-Abbrev}", "kubeadm"]);
    const [version, status] = q.stdout.trim().split(/\s+/);
    if (!(q.exitCode === 0 && status?.[1] === "i" && version?.startsWith(`${want}-`))) {
      files.push(await fs.write(APT_LIST, aptSourceLine(url)));
      await aptKeyring(env, pm, APT_KEYRING, `${url}Release.key`, hint);
      if (pm.rooted) await syncAptRoot(env);
      await pm.change(["apt-get", "update"], hint);
      const madison = await pm.query(["apt-cache", "madison", "kubeadm"]);
      const exact = aptVersionFor(madison.stdout, spec.kubernetesVersion);
      if (!exact) {
        throw new KadmError(t(lang, "packages.versionMissing", { version: spec.kubernetesVersion, url }), {
          hint: t(lang, "packages.versionMissingHint"),
        });
      }
      await pm.change(["apt-mark", "unhold", "kubeadm"], hint);
      await pm.change([...APT_INSTALL, `kubeadm=${exact}`], hint);
      await pm.change(["apt-mark", "hold", "kubeadm"], hint);
    }
  } else {
    const q = await pm.query(["rpm", "-q", "--qf", "%{VERSION}", "kubeadm"]);
    if (!(q.exitCode === 0 && q.stdout.trim() === want)) {
      files.push(await fs.write(YUM_REPO, yumRepoText(url)));
      await pm.change(
        [distro.manager, "install", "-y", "--disableexcludes=kubernetes", `kubeadm-${want}`],
        hint,
      );
    }
  }
  return stepResult("packages", { key: "step.packages" }, files, pm.commands, notes);
}

/**
 * Everything a bare node needs from packages: kubelet, kubeadm and kubectl pinned to the spec's
 * version from the profile's per-minor mirror, cri-tools (crictl) of that minor, containerd (the
 * distribution's when recent enough for the minor, else containerd.io from the profile's docker-ce
 * mirror), runc and the tools kubeadm's preflight looks for; all pinned ones held against upgrades,
 * /etc/crictl.yaml pointing at the runtime, containerd and the kubelet enabled. Idempotent: nothing
 * is installed when everything is already at its pinned version.
 */
export async function installPackages(env: StepEnv, spec: ClusterSpec): Promise<StepResult> {
  const { fs } = env;
  const { distro, url, pm, notes } = await setUp(env, spec);
  const result =
    distro.family === "deb"
      ? await installDeb(env, pm, spec, url, notes)
      : await installRpm(env, pm, spec, url, notes);
  const crictl = await fs.write(CRICTL_YAML, crictlYaml(spec.node.criSocket));
  return stepResult("packages", { key: "step.packages" }, [...result, crictl], pm.commands, notes);
}

function dockerBaseOrFail(env: StepEnv, spec: ClusterSpec, why: Msg): string {
  const base = spec.packageRepository.dockerCe;
  if (base) return base;
  throw new KadmError(render(env.lang, why), {
    exitCode: ExitCode.invalid,
    hint: t(env.lang, "packages.noDockerCeHint"),
  });
}

async function installDeb(
  env: StepEnv,
  pm: Pm,
  spec: ClusterSpec,
  url: string,
  notes: string[],
): Promise<FileChange[]> {
  const { fs, runner, lang } = env;
  const hint: Msg = { key: "packages.installHint", params: { url } };
  const want = spec.kubernetesVersion.replace(/^v/, "");
  const pins = runtimePins(spec.kubernetesVersion);
  const crictlPrefix = criToolsPrefix(spec.kubernetesVersion);
  const files: FileChange[] = [];

  const installed = async (p: string) => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS.
    const r = await pm.query(["dpkg-query", "-W", "-f=${Version} ${db:Status-Abbrev}", p]);
    const [version, status] = r.stdout.trim().split(/\s+/);
    // "ii" installed, "hi" installed and held; "rc" (removed, config left) is not installed.
    return r.exitCode === 0 && status?.[1] === "i" ? version : undefined;
  };
  const kube = await Promise.all(KUBE_PACKAGES.map(installed));
  const kubeOk = kube.every((v) => v?.startsWith(`${want}-`));
  const criOk = (await installed("cri-tools"))?.startsWith(crictlPrefix) === true;
  const distroCtrd = await installed("containerd");
  const ctrd = distroCtrd ?? (await installed("containerd.io"));
  const ctrdName = distroCtrd ? "containerd" : "containerd.io";
  const ctrdOk = ctrd !== undefined && recentEnough(ctrd, pins.minContainerd);
  const tools = await Promise.all(pm.distro.tools.map(async (p) => ((await installed(p)) ? undefined : p)));
  const missingTools = tools.filter((p): p is string => p !== undefined);

  files.push(await fs.write(APT_LIST, aptSourceLine(url)));
  await aptKeyring(env, pm, APT_KEYRING, `${url}Release.key`, hint);
  const dockerList = await fs.read(DOCKER_APT_LIST);
  const update = async () => {
    if (pm.rooted) await syncAptRoot(env);
    await pm.change(["apt-get", "update"], hint);
  };

  const install: string[] = [];
  const hold: string[] = [];
  if (!kubeOk || !criOk || !ctrdOk || missingTools.length > 0 || files[0]?.changed) {
    await update();
    if (!kubeOk) {
      const madison =
        !pm.rooted || (await fs.exists(APT_ROOT_CONF))
          ? await pm.query(["apt-cache", "madison", "kubeadm"])
          : { stdout: "" };
      // In dry-run the repository was never added, so the exact version is a guess worth showing.
      const version =
        aptVersionFor(madison.stdout, spec.kubernetesVersion) ?? (runner.dryRun ? `${want}-*` : undefined);
      if (!version) {
        throw new KadmError(t(lang, "packages.versionMissing", { version: spec.kubernetesVersion, url }), {
          hint: t(lang, "packages.versionMissingHint"),
        });
      }
      install.push(...KUBE_PACKAGES.map((p) => `${p}=${version}`));
    }
    if (!criOk) install.push(`cri-tools=${crictlPrefix}*`);
    if (!ctrdOk) {
      // A dry run under --root never wrote apt's configuration: no query, or it would read this machine's.
      const canQuery = !pm.rooted || (await fs.exists(APT_ROOT_CONF));
      const policy = canQuery ? (await pm.query(["apt-cache", "policy", "containerd"])).stdout : "";
      const candidate = aptCandidate(policy);
      if (candidate && recentEnough(candidate, pins.minContainerd)) {
        install.push(`containerd=${candidate}`, "runc");
        notes.push(t(lang, "packages.containerdDistro", { version: candidate, min: pins.minContainerd }));
      } else {
        const base = dockerBaseOrFail(env, spec, {
          key: "packages.noDockerCe",
          params: { found: candidate ?? "-", min: pins.minContainerd, profile: spec.profile },
        });
        const dockerHint: Msg = { key: "packages.installHint", params: { url: base } };
        // A docker-ce repository the host already has (Docker's own docker.list, with its own
        // signed-by) is used as it is: a second entry for the same URL with another keyring makes
        // apt refuse every source ("Conflicting values set for option Signed-By").
        const elsewhere =
          dockerList === undefined && canQuery
            ? aptCandidate((await pm.query(["apt-cache", "policy", "containerd.io"])).stdout)
            : undefined;
        if (elsewhere) {
          notes.push(t(lang, "packages.dockerCeThere", { version: elsewhere }));
        } else {
          const list = await fs.write(DOCKER_APT_LIST, dockerAptSourceLine(base, pm.distro, pm.arch));
          files.push(list);
          await aptKeyring(
            env,
            pm,
            DOCKER_APT_KEYRING,
            `${base.replace(/\/+$/, "")}/${pm.distro.dockerCe.path}/gpg`,
            dockerHint,
          );
          if (list.changed || dockerList === undefined) await update();
        }
        install.push(`containerd.io=${pins.containerdIo}.*`);
        notes.push(
          candidate === undefined && runner.dryRun
            ? t(lang, "packages.containerdUnknown", { min: pins.minContainerd, series: pins.containerdIo })
            : t(lang, "packages.containerdDocker", {
                found: candidate ?? "-",
                min: pins.minContainerd,
                series: pins.containerdIo,
              }),
        );
      }
    }
    install.push(...missingTools);
  }
  if (install.length > 0) {
    const held = install.filter((p) => p.includes("=")).map((p) => p.split("=")[0] as string);
    if (held.length > 0) await pm.change(["apt-mark", "unhold", ...held], hint);
    await pm.change([...APT_INSTALL, ...install], hint);
  }
  hold.push(...KUBE_PACKAGES, "cri-tools");
  const runtimeName = install.find((p) => p.startsWith("containerd"))?.split("=")[0] ?? ctrdName;
  hold.push(runtimeName);
  const showhold = await pm.query(["apt-mark", "showhold"]);
  const heldSet = new Set(showhold.stdout.split("\n").map((l) => l.trim()));
  if (!hold.every((p) => heldSet.has(p)) || install.length > 0)
    await pm.change(["apt-mark", "hold", ...hold], hint);
  await enableServices(pm, hint, !kubeOk, !ctrdOk);
  return files;
}

async function enableServices(pm: Pm, hint: Msg, kubelet: boolean, containerd: boolean): Promise<void> {
  // containerd first: the kubelet's first start needs the runtime socket.
  if (containerd) await pm.change(["systemctl", "enable", "--now", "containerd"], hint);
  if (kubelet) await pm.change(["systemctl", "enable", "--now", "kubelet"], hint);
}

async function installRpm(
  env: StepEnv,
  pm: Pm,
  spec: ClusterSpec,
  url: string,
  notes: string[],
): Promise<FileChange[]> {
  const { fs, lang } = env;
  const hint: Msg = { key: "packages.installHint", params: { url } };
  const want = spec.kubernetesVersion.replace(/^v/, "");
  const pins = runtimePins(spec.kubernetesVersion);
  const crictlPrefix = criToolsPrefix(spec.kubernetesVersion);
  const files: FileChange[] = [await fs.write(YUM_REPO, yumRepoText(url))];

  const installed = async (p: string) => {
    const r = await pm.query(["rpm", "-q", "--qf", "%{VERSION}", p]);
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  };
  const kubeOk = (await Promise.all(KUBE_PACKAGES.map(installed))).every((v) => v === want);
  const criOk = (await installed("cri-tools"))?.startsWith(crictlPrefix) === true;
  const ctrd = await installed("containerd.io");
  const ctrdOk = ctrd !== undefined && recentEnough(ctrd, pins.minContainerd);
  // `rpm -q` takes package names; iptables-nft and the like are real package names too.
  const missingTools = (
    await Promise.all(pm.distro.tools.map(async (p) => ((await installed(p)) ? undefined : p)))
  ).filter((p): p is string => p !== undefined);

  const install: string[] = [];
  if (!kubeOk) install.push(...KUBE_PACKAGES.map((p) => `${p}-${want}`));
  if (!criOk) install.push(`cri-tools-${crictlPrefix}*`);
  const repos = ["kubernetes"];
  if (!ctrdOk) {
    const base = dockerBaseOrFail(env, spec, {
      key: "packages.noDockerCeRpm",
      params: { name: pm.distro.name, profile: spec.profile },
    });
    files.push(await fs.write(DOCKER_YUM_REPO, dockerYumRepoText(base, pm.distro)));
    repos.push("docker-ce-stable");
    install.push(`containerd.io-${pins.containerdIo}.*`);
    notes.push(t(lang, "packages.containerdDockerRpm", { series: pins.containerdIo }));
  }
  install.push(...missingTools);
  if (install.length > 0) {
    // The excludes= hold is lifted for this one transaction only (one flag per repository: yum's
    // option appends, it does not split on commas).
    await pm.change(
      [pm.distro.manager, "install", "-y", ...repos.map((r) => `--disableexcludes=${r}`), ...install],
      hint,
    );
  }
  await enableServices(pm, hint, !kubeOk, !ctrdOk);
  return files;
}
