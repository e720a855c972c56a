/**
 * The package side of an upgrade on one Node: the per-minor Kubernetes repository switched to the
 * target minor, then kubeadm (or kubelet + kubectl) at exactly the target version, unheld for the
 * install and held again (apt-mark; dnf: the repository's exclude= lifted for this transaction).
 * apt and dnf run the way `prepare --install-packages` runs them (host/steps/packages.ts makePm:
 * under --root against the root).
 */

import { ExitCode, KadmError } from "../errors.js";
import type { FileChange } from "../host/host-fs.js";
import { readOsRelease } from "../host/preflight/os-release.js";
import { probeArch } from "../host/steps/arch.js";
import { detectDistro } from "../host/steps/os-family.js";
import {
  APT_INSTALL,
  APT_LIST,
  APT_ROOT_CONF,
  aptVersionFor,
  makePm,
  type Pm,
  syncAptRoot,
  YUM_REPO,
} from "../host/steps/packages.js";
import type { Lang } from "../i18n/lang.js";
import { type Msg, t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import { bare, minorText, type PkgFamily, switchRepoMinor } from "./rollout.js";

async function pmOf(node: Node, lang: Lang): Promise<Pm> {
  const env = { fs: node.fs, runner: node.runner, lang };
  const found = detectDistro(await readOsRelease(node.fs));
  if (!found.ok) {
    throw new KadmError(t(lang, "rollout.pkg.unknownOs", { node: node.id, what: found.what }), {
      exitCode: ExitCode.invalid,
      hint: t(lang, "rollout.pkg.unknownOsHint"),
    });
  }
  // Only the Kubernetes packages move here (no docker-ce line), which every supported arch has.
  const probed = await probeArch(node.runner);
  return makePm(env, found.distro, probed.ok ? probed.arch : undefined);
}

/** apt or dnf on this node; undefined when /etc/os-release does not say (dry run of a remote node). */
export async function nodePackageFamily(node: Node): Promise<PkgFamily | undefined> {
  const found = detectDistro(await readOsRelease(node.fs));
  return found.ok ? found.distro.family : undefined;
}

/** The repository file switched to the target's minor; its change (unchanged when already there). */
export async function switchRepository(node: Node, target: string, lang: Lang): Promise<FileChange> {
  const pm = await pmOf(node, lang);
  const path = pm.distro.family === "deb" ? APT_LIST : YUM_REPO;
  const text = await node.fs.read(path);
  const next = text === undefined ? undefined : switchRepoMinor(text, target);
  if (text === undefined || next === undefined) {
    throw new KadmError(
      t(lang, text === undefined ? "rollout.pkg.noRepo" : "rollout.pkg.repoNoMinor", {
        node: node.id,
        path,
        minor: minorText(target),
      }),
      { hint: t(lang, "rollout.pkg.noRepoHint", { path, minor: minorText(target) }) },
    );
  }
  return node.fs.write(path, next);
}

/**
 * Installs `packages` at `version` (downgrades allowed: rollback uses the same path) and holds them.
 * Returns the host-changing commands run.
 */
export async function installPinned(
  node: Node,
  packages: readonly string[],
  version: string,
  lang: Lang,
): Promise<string[]> {
  const pm = await pmOf(node, lang);
  const hint: Msg = { key: "rollout.pkg.installHint", params: { node: node.id, version } };
  const want = bare(version);
  if (pm.distro.family === "deb") {
    if (pm.rooted) await syncAptRoot({ fs: node.fs, runner: node.runner, lang });
    await pm.change(["apt-get", "update"], hint);
    const canQuery = !pm.rooted || (await node.fs.exists(APT_ROOT_CONF));
    const madison = canQuery
      ? await pm.query(["apt-cache", "madison", packages[0] as string])
      : { stdout: "" };
    const exact = aptVersionFor(madison.stdout, version) ?? (node.runner.dryRun ? `${want}-*` : undefined);
    if (!exact) {
      throw new KadmError(
        t(lang, "rollout.pkg.versionMissing", { node: node.id, version, minor: minorText(version) }),
        {
          hint: t(lang, "rollout.pkg.versionMissingHint", { minor: minorText(version) }),
        },
      );
    }
    await pm.change(["apt-mark", "unhold", ...packages], hint);
    await pm.change([...APT_INSTALL, ...packages.map((p) => `${p}=${exact}`)], hint);
    await pm.change(["apt-mark", "hold", ...packages], hint);
  } else {
    // dnf installs a newer version with `install`, an older one only with `downgrade` (rollback).
    const have = await installedRpm(pm, packages[0] as string);
    const verb = have !== undefined && newer(have, want) ? "downgrade" : "install";
    await pm.change(
      [pm.distro.manager, verb, "-y", "--disableexcludes=kubernetes", ...packages.map((p) => `${p}-${want}`)],
      hint,
    );
  }
  return pm.commands;
}

async function installedRpm(pm: Pm, p: string): Promise<string | undefined> {
  const r = await pm.query(["rpm", "-q", "--qf", "%{VERSION}", p]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** PURE: a is a later x.y.z than b. */
function newer(a: string, b: string): boolean {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return false;
}
