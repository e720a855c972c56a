/**
 * PURE: the upgrade plan from what was read (upgrade/facts.ts): the path one minor at a time
 * (kubeadm refuses to skip one), the images each hop pulls from the cluster's own repository, the
 * order of the nodes, and the guards. `apply` re-reads the facts, plans again and follows this.
 */
import { invalidInput, KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { imageTagsFor, kubeadmImages, NEWEST_IMAGES_MINOR } from "../kubeadm/images.js";
import { newestKnownPatch, pinMinor } from "../validate/known-versions.js";
import { type KubeVersion, MIN_MINOR, parseKubeVersion } from "../validate/version.js";
import { evaluateGuards, UPGRADE_GUARD_IDS } from "./guards.js";
import type { UpgradeFacts, UpgradeHop, UpgradeNodeAction, UpgradePlan } from "./types.js";

export interface PlanOptions {
  lang: Lang;
  /** Guard ids whose failure the user accepts (`--ignore-guard`). */
  ignoreGuards?: string[];
  /** Workers upgraded at the same time (default 1). */
  maxUnavailable?: number;
}

function compare(a: KubeVersion, b: KubeVersion): number {
  return a.minor - b.minor || a.patch - b.patch;
}

/** The control plane's version: what the API server says, else the saved ClusterConfiguration's. */
export function currentVersion(facts: UpgradeFacts, lang: Lang): KubeVersion {
  const v = parseKubeVersion(facts.apiServerVersion) ?? parseKubeVersion(facts.clusterVersion);
  if (!v) {
    throw new KadmError(
      t(lang, "upgrade.noVersion", { api: facts.apiServerVersion, config: facts.clusterVersion }),
      { hint: t(lang, "upgrade.noVersionHint") },
    );
  }
  // A pre-release control plane counts as its GA release for the path ("v1.34.0-rc.1" -> v1.34.0).
  return v.pre === undefined ? v : (parseKubeVersion(`v1.${v.minor}.${v.patch}`) as KubeVersion);
}

/**
 * `--to` as text: a release ("v1.34.10") or a bare minor ("1.34": its newest known patch); never a
 * pre-release. Checked before the cluster is contacted (`current` only improves the example).
 */
export function parseTarget(to: string, lang: Lang, current?: KubeVersion): KubeVersion {
  const example =
    (current ? newestKnownPatch(current.minor + 1)?.text : undefined) ??
    newestKnownPatch(NEWEST_IMAGES_MINOR)?.text ??
    "";
  const nextMinor = `v1.${current ? current.minor + 1 : NEWEST_IMAGES_MINOR}`;
  const pinned = pinMinor(to);
  const v = pinned?.kind === "pinned" ? parseKubeVersion(pinned.version) : parseKubeVersion(to);
  if (!v) {
    throw invalidInput(
      t(lang, "upgrade.badTarget", { value: to }),
      t(lang, "upgrade.badTargetHint", { example, minor: nextMinor }),
    );
  }
  if (v.pre !== undefined) {
    throw invalidInput(
      t(lang, "upgrade.preRelease", { value: v.text }),
      t(lang, "upgrade.badTargetHint", { example, minor: `v1.${v.minor}` }),
    );
  }
  return v;
}

/**
 * `--to`: a full release, or a bare minor meaning its newest known patch. Without it: the newest
 * known patch of the next minor, or of the current minor once that is the newest we know.
 */
export function resolveTarget(current: KubeVersion, to: string | undefined, lang: Lang): KubeVersion {
  if (to === undefined) {
    const next = newestKnownPatch(current.minor + 1) ?? newestKnownPatch(current.minor);
    return next && compare(next, current) > 0 ? next : current;
  }
  const v = parseTarget(to, lang, current);
  if (compare(v, current) < 0) {
    throw invalidInput(
      t(lang, "upgrade.downgrade", { target: v.text, current: current.text }),
      t(lang, "upgrade.downgradeHint", { current: current.text }),
    );
  }
  return v;
}

/** One hop per minor; every hop but the last goes to the newest known patch of its minor. */
export function upgradePath(
  current: KubeVersion,
  target: KubeVersion,
  lang: Lang,
): { from: string; to: string }[] {
  if (compare(target, current) <= 0) return [];
  if (target.minor === current.minor) return [{ from: current.text, to: target.text }];
  const hops: { from: string; to: string }[] = [];
  let from = current.text;
  for (let minor = current.minor + 1; minor <= target.minor; minor++) {
    const to = minor === target.minor ? target.text : newestKnownPatch(minor)?.text;
    if (to === undefined) {
      throw invalidInput(
        t(lang, "upgrade.unknownMinor", { target: target.text, minor, newest: NEWEST_IMAGES_MINOR }),
        t(lang, "upgrade.unknownMinorHint", { minor }),
      );
    }
    hops.push({ from, to });
    from = to;
  }
  return hops;
}

function hopImages(facts: UpgradeFacts, hop: { from: string; to: string }): UpgradeHop {
  const tags = imageTagsFor(hop.to);
  return {
    ...hop,
    images: kubeadmImages({
      kubernetesVersion: hop.to,
      imageRepository: facts.imageRepository,
      externalEtcd: facts.externalEtcd,
      // kubeadm upgrades only the addons it finds; without kube-proxy it pulls no kube-proxy image.
      skipKubeProxy: facts.kubeProxyMode === null,
    }),
    imagesExact: tags?.exact ?? false,
    ...(tags ? { imagesBasis: tags.basis } : {}),
  };
}

/**
 * The rollout order: the first control plane (this machine when it is one, else the first by name)
 * runs `kubeadm upgrade apply`; the other control planes `kubeadm upgrade node`, one at a time;
 * then the workers in batches of maxUnavailable. A single-node cluster is cordoned, not drained
 * (its pods have nowhere to go).
 */
export function rolloutOrder(facts: UpgradeFacts, maxUnavailable = 1): UpgradeNodeAction[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const cps = facts.nodes.filter((n) => n.role === "control-plane").sort(byName);
  const workers = facts.nodes.filter((n) => n.role === "worker").sort(byName);
  const local = cps.findIndex((n) => n.name === facts.localNode);
  if (local > 0) cps.unshift(...cps.splice(local, 1));
  const drain = facts.nodes.length > 1;
  const out: UpgradeNodeAction[] = cps.map((n, i) => ({
    node: n.name,
    role: i === 0 ? "first-control-plane" : "control-plane",
    kubeadm: i === 0 ? "apply" : "node",
    drain,
    batch: i + 1,
  }));
  const size = Math.max(1, Math.floor(maxUnavailable));
  workers.forEach((n, i) => {
    out.push({
      node: n.name,
      role: "worker",
      kubeadm: "node",
      drain,
      batch: cps.length + 1 + Math.floor(i / size),
    });
  });
  return out;
}

/** PURE: the whole plan. Throws KadmError (exit 2) for a target that is no upgrade of this cluster. */
export function planUpgrade(facts: UpgradeFacts, target: string | undefined, o: PlanOptions): UpgradePlan {
  const current = currentVersion(facts, o.lang);
  if (current.minor < MIN_MINOR) {
    throw invalidInput(
      t(o.lang, "upgrade.tooOld", { current: current.text, min: MIN_MINOR }),
      t(o.lang, "upgrade.tooOldHint"),
    );
  }
  const to = resolveTarget(current, target, o.lang);
  const hops = upgradePath(current, to, o.lang).map((h) => hopImages(facts, h));
  const ignored = new Set(o.ignoreGuards ?? []);
  const guards = evaluateGuards({ facts, current, target: to, hops }, o.lang).map((g) =>
    g.verdict === "fail" && ignored.has(g.id) ? { ...g, overridden: true } : g,
  );
  return {
    facts,
    target: to.text,
    hops,
    nodes: rolloutOrder(facts, o.maxUnavailable),
    guards,
    allowed: guards.every((g) => g.verdict !== "fail" || g.overridden === true),
  };
}

/** Ids `--ignore-guard` accepts. */
export function isGuardId(id: string): boolean {
  return (UPGRADE_GUARD_IDS as readonly string[]).includes(id);
}
