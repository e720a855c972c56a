import { findCniRelease, knownCniVersions, mirrorImage } from "../cni/catalog.js";
import { readKubeadmVersion } from "../host/preflight/kube-versions.js";
import { failureReason, type Runner } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import {
  dnsImageRepositoryOverride,
  hasExactImageData,
  imageTagsFor,
  kubeadmImages,
  parseImagesList,
} from "../kubeadm/images.js";
import type { Node } from "../node/node.js";
import type { ClusterSpec } from "../spec/types.js";

/** The images a cluster built from this spec needs, and how sure we are of them. */
export interface ImagePlan {
  kubeadm: string[];
  /** Where the kubeadm list came from: kubeadm itself, or our table (exact, or a fallback). */
  kubeadmSource: "kubeadm" | "table" | "table-fallback";
  /** CNI images with the profile's mirrors applied. */
  cni: string[];
  /** False when the CNI version is not in our catalogue (its images are unknown). */
  cniKnown: boolean;
}

/** Pure: the image plan from a spec and, when kubeadm was asked, its own list. */
export function planImages(spec: ClusterSpec, fromKubeadm?: string[]): ImagePlan {
  const kubeadm =
    fromKubeadm ??
    kubeadmImages({
      kubernetesVersion: spec.kubernetesVersion,
      imageRepository: spec.imageRepository,
      externalEtcd: spec.etcd.external !== undefined,
    });
  const source = fromKubeadm
    ? "kubeadm"
    : hasExactImageData(spec.kubernetesVersion)
      ? "table"
      : "table-fallback";
  const release = findCniRelease(spec.cni.plugin, spec.cni.version);
  const cni = (release?.images ?? []).map((i) => mirrorImage(i, spec.cni.imageMirrors));
  return {
    kubeadm,
    kubeadmSource: source,
    cni,
    cniKnown: spec.cni.plugin === "none" || release !== undefined,
  };
}

/** Where the kubeadm list of a resolved plan came from, for the plan's source line. */
export type ImageSourceDetail =
  | { kind: "kubeadm"; version: string }
  | { kind: "table"; basis: string; notInstalled: boolean; failed?: string };

export interface ResolvedImagePlan extends ImagePlan {
  source: ImageSourceDetail;
}

/**
 * kubeadm's own list, as `kubeadm config images list --kubernetes-version V --image-repository R`
 * prints it, adjusted to what our generated config changes: no etcd with external etcd, and the
 * CoreDNS repository we pin for kubeadm releases that defaulted to k8s.gcr.io. PURE.
 */
export function adjustKubeadmList(spec: ClusterSpec, listed: string[]): string[] {
  const repo = spec.imageRepository.trim().replace(/\/+$/, "");
  const dns = dnsImageRepositoryOverride(spec.kubernetesVersion, repo);
  return listed
    .filter((i) => !(spec.etcd.external !== undefined && i.startsWith(`${repo}/etcd:`)))
    .map((i) =>
      dns && i.startsWith(`${repo}/coredns:`) ? `${dns}/coredns:${i.slice(`${repo}/coredns:`.length)}` : i,
    );
}

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
  const version = (await readKubeadmVersion(runner, kubeadm))?.text ?? "";
  return {
    ...planImages(spec, adjustKubeadmList(spec, listed)),
    source: { kind: "kubeadm", version },
  };
}

/** The plan's one line saying where the kubeadm images came from (en/zh). */
export function imageSourceLine(lang: Lang, source: ImageSourceDetail): string {
  if (source.kind === "kubeadm") return t(lang, "images.source.kubeadm", { version: source.version });
  return t(lang, source.notInstalled ? "images.source.tableNotInstalled" : "images.source.table", {
    basis: source.basis,
  });
}

export function cniVersionsHint(spec: ClusterSpec): string {
  return knownCniVersions(spec.cni.plugin).join(", ");
}
