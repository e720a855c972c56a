/**
 * The image plan of one node, asked from its kubeadm (the shell half of images/plan.ts, which stays
 * pure): reads only, so it runs in a dry run too.
 */
import { readKubeadmVersion } from "../host/preflight/kube-versions.js";
import { failureReason, type Runner } from "../host/runner.js";
import { installKubeadmFirst } from "../host/steps/packages.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { imageTagsFor, parseImagesList } from "../kubeadm/images.js";
import type { Node } from "../node/node.js";
import type { ClusterSpec } from "../spec/types.js";
import { adjustKubeadmList, imageSourceLine, planImages, type ResolvedImagePlan } from "./plan.js";

/**
 * The image plan for a node: kubeadm's own list when the kubeadm the command runs (`kubeadm`, found by
 * node/binaries.ts) is there — it knows its release exactly, including one newer than our table —
 * else our table. Read-only, so it runs in a dry run too. `warn` gets a failed kubeadm's reason.
 */
export async function resolveImagePlan(
  node: Pick<Node, "runner">,
  kubeadm: string,
  spec: ClusterSpec,
  warn?: (text: string, lang?: Lang) => void,
  lang: Lang = "en",
  /** false: no source line will be shown, so kubeadm's version is not asked (one more round trip on an SSH host). */
  o: { version?: boolean } = {},
): Promise<ResolvedImagePlan> {
  const runner: Runner = node.runner;
  const r = await runner.run(
    [
      kubeadm,
      "config",
      "images",
      "list",
      "--kubernetes-version",
      spec.kubernetesVersion,
      "--image-repository",
      spec.imageRepository,
    ],
    { timeoutMs: 30_000 },
  );
  const basis = imageTagsFor(spec.kubernetesVersion)?.basis ?? spec.kubernetesVersion;
  if (r.notFound) return { ...planImages(spec), source: { kind: "table", basis, notInstalled: true } };
  const listed = parseImagesList(r.stdout);
  if (r.exitCode !== 0 || listed.length === 0) {
    const reason = failureReason(r);
    warn?.(t(lang, "images.kubeadmFailed", { reason }));
    return { ...planImages(spec), source: { kind: "table", basis, notInstalled: false, failed: reason } };
  }
  const version = o.version === false ? "" : ((await readKubeadmVersion(runner, kubeadm))?.text ?? "");
  return {
    ...planImages(spec, adjustKubeadmList(spec, listed)),
    source: { kind: "kubeadm", version },
  };
}

export interface InstallFirst {
  /** --install-packages is on: the node gets its packages from the profile's repositories anyway. */
  installPackages: boolean;
  dryRun: boolean;
  /** Says, before it starts, that kubeadm is installed first and why (one line, localised). */
  say?: (text: string) => void;
}

/**
 * Day 0 for a release newer than our tables: when kubeadm is not on the node yet and
 * --install-packages is on, kubeadm (the pinned package from the per-minor repository) is installed
 * first and then asked, instead of guessing from our newest row. A dry run installs nothing and its
 * plan says that the real run will. Any other case is resolveImagePlan's.
 */
export async function resolveImagePlanInstalling(
  node: Pick<Node, "runner" | "fs">,
  kubeadm: string,
  spec: ClusterSpec,
  first: InstallFirst,
  warn?: (text: string, lang?: Lang) => void,
  lang: Lang = "en",
  o: { version?: boolean } = {},
): Promise<ResolvedImagePlan> {
  const plan = await resolveImagePlan(node, kubeadm, spec, warn, lang, o);
  const newer = plan.kubeadmSource === "table-fallback";
  if (!first.installPackages || !newer || plan.source.kind !== "table" || !plan.source.notInstalled)
    return plan;
  if (first.dryRun) {
    return { ...plan, source: { ...plan.source, installFirst: spec.kubernetesVersion } };
  }
  first.say?.(t(lang, "images.installingKubeadm", { version: spec.kubernetesVersion }));
  await installKubeadmFirst({ fs: node.fs, runner: node.runner, lang }, spec);
  // Its source line is said below, with the version of what was installed: asked even when `o` skips it.
  const asked = await resolveImagePlan(node, kubeadm, spec, warn, lang, { ...o, version: true });
  const done: ResolvedImagePlan =
    asked.source.kind === "kubeadm" ? { ...asked, source: { ...asked.source, installedFirst: true } } : asked;
  first.say?.(imageSourceLine(lang, done.source));
  return done;
}
