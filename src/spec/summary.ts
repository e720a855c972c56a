import type { Lang } from "../i18n/lang.js";
import { type MessageKey, t } from "../i18n/messages.js";
import { displayWidth, padEndDisplay } from "../i18n/width.js";
import { kubeadmApiVersion, parseKubeVersion } from "../validate/version.js";
import type { ClusterSpec } from "./types.js";

/** The confirmation summary: what will be generated, one aligned line per decision. */
export function summaryLines(spec: ClusterSpec, lang: Lang): string[] {
  const v = parseKubeVersion(spec.kubernetesVersion);
  const yes = t(lang, spec.node.scheduleOnControlPlane ? "summary.yes" : "summary.no");
  const rows: [MessageKey, string][] = [
    ["summary.profile", spec.profile],
    ["summary.version", spec.kubernetesVersion],
    ["summary.api", v ? kubeadmApiVersion(v) : "?"],
    ["summary.imageRepository", spec.imageRepository],
    ["summary.advertise", spec.controlPlane.advertiseAddress ?? t(lang, "summary.auto")],
  ];
  if (spec.controlPlane.endpoint) rows.push(["summary.endpoint", spec.controlPlane.endpoint]);
  rows.push(
    ["summary.podSubnet", spec.networking.podSubnet],
    ["summary.serviceSubnet", spec.networking.serviceSubnet],
    ["summary.cni", spec.cni.plugin + (spec.cni.version ? ` ${spec.cni.version}` : "")],
    ["summary.proxy", spec.kubeProxy.mode],
    ["summary.cgroup", spec.node.cgroupDriver],
    // Only when opted in: a deprecated setting should be seen before it is confirmed.
    ...(spec.node.allowCgroupV1
      ? ([["summary.cgroupV1", t(lang, "summary.cgroupV1Allowed")]] as [MessageKey, string][])
      : []),
    [
      "summary.etcd",
      spec.etcd.external ? spec.etcd.external.endpoints.join(", ") : t(lang, "summary.etcdLocal"),
    ],
    ["summary.schedule", yes],
  );
  const labels = rows.map(([k]) => t(lang, k));
  // Display columns, not characters: a Chinese label is twice as wide as its length.
  const width = Math.max(...labels.map(displayWidth));
  return rows.map(([, value], i) => `  ${padEndDisplay(labels[i] as string, width)}  ${value}`);
}
