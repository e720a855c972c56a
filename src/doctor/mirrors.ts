/**
 * Which mirror to suggest when a registry is unreachable from the node. The prefixes are the
 * well-known public mirrors reachable from mainland China (the aliyun profile uses the same), so a
 * fix can name the exact image to try with `crictl pull`.
 */
import { applyMirror, formatReference, parseReference } from "../images/reference.js";

const MIRROR_PREFIX: Record<string, string> = {
  "docker.io": "docker.m.daocloud.io",
  "quay.io": "quay.m.daocloud.io",
  "ghcr.io": "ghcr.m.daocloud.io",
  "registry.k8s.io": "k8s.m.daocloud.io",
  "k8s.gcr.io": "k8s.m.daocloud.io",
  "gcr.io": "gcr.m.daocloud.io",
};

/** kubeadm's own images have a full mirror repository, which `imageRepository` can point at. */
export const KUBEADM_MIRROR_REPOSITORY = "registry.aliyuncs.com/google_containers";

export interface MirrorSuggestion {
  /** The registry that could not be reached, e.g. "docker.io". */
  registry: string;
  /** Mirror prefix for that registry, e.g. "docker.m.daocloud.io". */
  prefix: string;
  /** The same image through the mirror, to try with crictl pull. */
  image: string;
}

export function suggestMirror(image: string): MirrorSuggestion | undefined {
  const parsed = parseReference(image);
  if (!parsed.ok) return undefined;
  const prefix = MIRROR_PREFIX[parsed.ref.registry];
  if (!prefix) return undefined;
  return { registry: parsed.ref.registry, prefix, image: formatReference(applyMirror(parsed.ref, prefix)) };
}

/** The registry part of an image reference ("docker.io" for "flannel/flannel:v0.25.1"). */
export function registryOf(image: string): string {
  const parsed = parseReference(image);
  return parsed.ok ? parsed.ref.registry : (image.split("/")[0] ?? image);
}
