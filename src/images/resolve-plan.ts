/**
 * The image plan of one node, asked from its kubeadm (the shell half of images/plan.ts, which stays
 * pure): reads only, so it runs in a dry run too.
 */
import { readKubeadmVersion } from "../host/preflight/kube-versions.js";
import { failureReason, type Runner } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { imageTagsFor, parseImagesList } from "../kubeadm/images.js";
import type { Node } from "../node/node.js";
import type { ClusterSpec } from "../spec/types.js";
import { adjustKubeadmList, planImages, type ResolvedImagePlan } from "./plan.js";

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
