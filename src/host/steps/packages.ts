import { KadmError } from "../../errors.js";
import { t } from "../../i18n/messages.js";
import type { ClusterSpec } from "../../spec/types.js";
import { parseKubeVersion } from "../../validate/version.js";
import { packageFamily, readOsRelease } from "../preflight/os-release.js";
import { runChange, type StepEnv, type StepResult, stepResult } from "./types.js";

export const KUBE_PACKAGES = ["kubelet", "kubeadm", "kubectl"] as const;
export const APT_LIST = "/etc/apt/sources.list.d/kubernetes.list";
export const APT_KEYRING = "/etc/apt/keyrings/kubernetes-apt-keyring.gpg";
export const YUM_REPO = "/etc/yum.repos.d/kubernetes.repo";

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

/** The exact apt version for a Kubernetes release from `apt-cache madison kubeadm` ("1.33.2-1.1"). */
export function aptVersionFor(madison: string, kubernetesVersion: string): string | undefined {
  const want = kubernetesVersion.replace(/^v/, "");
  for (const line of madison.split("\n")) {
    const version = line.split("|")[1]?.trim();
    if (version?.startsWith(`${want}-`)) return version;
  }
  return undefined;
}

/**
 * kubelet, kubeadm and kubectl pinned to the spec's version from the profile's per-minor mirror
 * (Aliyun's kubernetes-new layout or pkgs.k8s.io), held against upgrades. Idempotent: nothing is
 * installed when all three are already at the pinned version.
 */
export async function installPackages(env: StepEnv, spec: ClusterSpec): Promise<StepResult> {
  const { fs, runner, lang } = env;
  const family = packageFamily(await readOsRelease(fs));
  if (family === "unknown") {
    throw new KadmError(t(lang, "packages.unsupported"), { hint: t(lang, "packages.unsupportedHint") });
  }
  const template = family === "deb" ? spec.packageRepository.apt : spec.packageRepository.yum;
  if (!template) {
    throw new KadmError(t(lang, "packages.noRepository", { profile: spec.profile }), {
      hint: t(lang, "packages.noRepositoryHint"),
    });
  }
  const url = repoUrl(template, spec.kubernetesVersion);
  const want = spec.kubernetesVersion.replace(/^v/, "");
  const commands: string[] = [];
  const run = async (argv: string[]) => {
    commands.push((await runChange(env, argv, { key: "packages.installHint", params: { url } })).command);
  };

  if (family === "deb") {
    const list = await fs.write(APT_LIST, aptSourceLine(url));
    const installed = await Promise.all(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS.
      KUBE_PACKAGES.map((p) => runner.run(["dpkg-query", "-W", "-f=${Version}", p])),
    );
    const upToDate = installed.every((r) => r.exitCode === 0 && r.stdout.trim().startsWith(`${want}-`));
    if (!(await fs.exists(APT_KEYRING))) {
      const tmp = `${fs.resolve(APT_KEYRING)}.asc`;
      await run(["mkdir", "-p", "-m", "755", fs.resolve("/etc/apt/keyrings")]);
      await run(["curl", "-fsSL", "--retry", "3", "-o", tmp, `${url}Release.key`]);
      await run(["gpg", "--batch", "--yes", "--dearmor", "-o", fs.resolve(APT_KEYRING), tmp]);
      await run(["rm", "-f", tmp]);
    }
    if (!upToDate || list.changed) {
      await run(["apt-get", "update"]);
      const madison = await runner.run(["apt-cache", "madison", "kubeadm"]);
      // In dry-run the repository was never added, so the exact version is a guess worth showing.
      const version =
        aptVersionFor(madison.stdout, spec.kubernetesVersion) ?? (runner.dryRun ? `${want}-*` : undefined);
      if (!version) {
        throw new KadmError(t(lang, "packages.versionMissing", { version: spec.kubernetesVersion, url }), {
          hint: t(lang, "packages.versionMissingHint"),
        });
      }
      if (!upToDate) {
        await run(["apt-mark", "unhold", ...KUBE_PACKAGES]);
        await run([
          "apt-get",
          "install",
          "-y",
          "--allow-downgrades",
          "--allow-change-held-packages",
          ...KUBE_PACKAGES.map((p) => `${p}=${version}`),
        ]);
      }
    }
    const held = await runner.run(["apt-mark", "showhold"]);
    const heldSet = new Set(held.stdout.split("\n").map((l) => l.trim()));
    if (!KUBE_PACKAGES.every((p) => heldSet.has(p)) || commands.length > 0)
      await run(["apt-mark", "hold", ...KUBE_PACKAGES]);
    if (!upToDate) await run(["systemctl", "enable", "--now", "kubelet"]);
    return stepResult("packages", { key: "step.packages" }, [list], commands);
  }

  const repo = await fs.write(YUM_REPO, yumRepoText(url));
  const installed = await Promise.all(
    KUBE_PACKAGES.map((p) => runner.run(["rpm", "-q", "--qf", "%{VERSION}", p])),
  );
  const upToDate = installed.every((r) => r.exitCode === 0 && r.stdout.trim() === want);
  if (!upToDate) {
    await run([
      "yum",
      "install",
      "-y",
      "--disableexcludes=kubernetes",
      ...KUBE_PACKAGES.map((p) => `${p}-${want}`),
    ]);
    await run(["systemctl", "enable", "--now", "kubelet"]);
  }
  return stepResult("packages", { key: "step.packages" }, [repo], commands);
}
