/** The order to apply a manifest's objects in. PURE. */
import type { ManifestDoc } from "./types.js";

/** API groups served by kube-apiserver itself ("" is the core group). */
const BUILT_IN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "coordination.k8s.io",
  "certificates.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "events.k8s.io",
  "resource.k8s.io",
]);

const CLUSTER_SCOPED_KINDS = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "APIService",
  "PriorityClass",
  "StorageClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "IngressClass",
  "RuntimeClass",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "CertificateSigningRequest",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "PodSecurityPolicy",
  "DeviceClass",
]);

/**
 * Order to apply: CRDs, Namespaces, other cluster-scoped objects (ClusterRole/Binding, ...), namespaced
 * objects, then custom resources (their CRD must be established first; for the operator install the
 * operator creates the CRDs). Stable within a group; returns a new array.
 */
export function applyOrder<T extends ManifestDoc>(docs: readonly T[]): T[] {
  const rank = (d: T): number => {
    const kind = typeof d.kind === "string" ? d.kind : "";
    if (kind === "CustomResourceDefinition") return 0;
    if (kind === "Namespace") return 1;
    const apiVersion = typeof d.apiVersion === "string" ? d.apiVersion : "";
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    if (!BUILT_IN_GROUPS.has(group)) return 4;
    return CLUSTER_SCOPED_KINDS.has(kind) ? 2 : 3;
  };
  return docs
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.d);
}
