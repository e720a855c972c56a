/**
 * The data of CNI manifest patching: documents, options, problems (data; the message catalogue
 * turns them into sentences), the report, and the one interface every plugin layout implements.
 * PURE.
 */
import type { InstallableCni } from "../../spec/types.js";
import type { Cidr } from "../../validate/ip.js";

/** One parsed YAML document (a Kubernetes object as written in the manifest). */
export type ManifestDoc = Record<string, unknown>;

export type CniLayout = "flannel" | "calico-manifest" | "calico-operator";

export type CniPatchProblemCode =
  /** The text is not YAML (params: reason, line, column). */
  | "yamlInvalid"
  /** A document is a scalar or a list, not an object (params: index, 0-based). */
  | "notAnObject"
  /** The pod subnet is not one CIDR or an IPv4 and an IPv6 CIDR separated by a comma (params: podSubnet). */
  | "invalidPodSubnet"
  /** The pod subnet has no IPv4 part (params: plugin, podSubnet). */
  | "noIpv4PodSubnet"
  /** Where the pod CIDR (or another field to patch) lives could not be found (params: plugin, expected). */
  | "layoutUnknown"
  /** flannel net-conf.json does not parse as a JSON object (params: object, reason). */
  | "netConfInvalid"
  /**
   * The manifest already pins a different CIDR (params: object, path, manifest, podSubnet). Upstream
   * defaults (flannel 10.244.0.0/16, operator 192.168.0.0/16) are placeholders, not pins. Overridden
   * by `force`.
   */
  | "cidrConflict"
  /** A container image is not a valid reference (params: object, path, image). */
  | "imageInvalid"
  /** A mirror prefix is not valid (params: registry, mirror, reason). */
  | "mirrorInvalid"
  /** The interface name is empty or has whitespace (params: interface). */
  | "invalidInterface";

export interface CniPatchProblem {
  code: CniPatchProblemCode;
  params: Record<string, string>;
}

export interface CniPatchOptions {
  plugin: InstallableCni;
  /** ClusterSpec.networking.podSubnet: "v4" or "v4,v6". */
  podSubnet: string;
  /** ClusterSpec.cni.imageMirrors: upstream registry host -> mirror prefix. */
  mirrors: Record<string, string>;
  /** Node interface (name or regex) for calico address autodetection / flannel --iface. */
  interface?: string | undefined;
  /** Overwrite a CIDR the manifest already pins. */
  force?: boolean | undefined;
  /**
   * Upstream registry of the images the tigera operator deploys; its mirror becomes
   * Installation spec.registry. Default "quay.io" (calico >= 3.31; 3.30 and older used docker.io).
   */
  operatorImageRegistry?: string | undefined;
}

export interface ManifestChange {
  /** "Kind ns/name", or "Kind name" for cluster-scoped objects. */
  object: string;
  path: string;
  /** null when the field was added. */
  before: string | null;
  after: string;
}

export interface CniPatchReport {
  layout: CniLayout;
  changes: ManifestChange[];
  /** Every container image after patching, unique, in document order. */
  images: string[];
}

export type CniPatchResult =
  | { ok: true; docs: ManifestDoc[]; report: CniPatchReport }
  | { ok: false; problems: CniPatchProblem[] };

/** Upstream placeholder CIDRs: present in the pinned manifests, so not a user's choice. */
export const UPSTREAM_DEFAULT_CIDRS = {
  flannel: "10.244.0.0/16",
  calicoOperator: "192.168.0.0/16",
} as const;

/** What a layout patcher works with: the checked options and where it records changes and problems. */
export interface PatchContext {
  subnet: { v4: Cidr; v6: Cidr | undefined };
  podSubnet: string;
  iface: string | undefined;
  force: boolean;
  /** Upstream registry (normalised) -> mirror prefix. */
  mirrors: Record<string, string>;
  /** Upstream registry of the images the tigera operator deploys (CniPatchOptions.operatorImageRegistry). */
  operatorImageRegistry: string;
  changes: ManifestChange[];
  problems: CniPatchProblem[];
}

/**
 * One manifest layout of a plugin (flannel.ts, calico-manifest.ts, calico-operator.ts). `patch`
 * edits the documents (already copies) in place and records every change and refusal in the context.
 */
export interface LayoutPatcher {
  layout: CniLayout;
  /** The objects that identify the layout, for the refusal when no layout of a plugin matches. */
  expected: string;
  /** Whether the documents are of this layout. */
  detect(docs: readonly ManifestDoc[]): boolean;
  patch(docs: ManifestDoc[], ctx: PatchContext): void;
}
