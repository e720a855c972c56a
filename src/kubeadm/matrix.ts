/** The supported-version matrix the README shows, computed from the same tables the tool uses. Pure. */
import { DEFAULT_CNI_VERSIONS } from "../spec/defaults.js";
import { kubeadmApiVersion, parseKubeVersion } from "../validate/version.js";
import { imageTagsFor, NEWEST_IMAGES_MINOR, OLDEST_IMAGES_MINOR } from "./images.js";

export interface MatrixRow {
  minor: string;
  newestPatch: string;
  apiVersion: string;
  pause: string;
  etcd: string;
  coredns: string;
}

export function versionMatrix(): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (let minor = NEWEST_IMAGES_MINOR; minor >= OLDEST_IMAGES_MINOR; minor--) {
    const tags = imageTagsFor(`v1.${minor}.999`);
    const v = parseKubeVersion(`v1.${minor}.0`);
    if (!tags || !v || parseKubeVersion(tags.basis)?.minor !== minor) continue;
    rows.push({
      minor: `1.${minor}`,
      newestPatch: tags.basis,
      apiVersion: kubeadmApiVersion(v),
      pause: tags.pause,
      etcd: tags.etcd,
      coredns: tags.coredns,
    });
  }
  return rows;
}

/** Markdown, between the README's `<!-- version-matrix -->` markers. */
export function versionMatrixMarkdown(): string {
  const lines = [
    "| Kubernetes | newest patch known | kubeadm config API | pause | etcd | CoreDNS |",
    "| --- | --- | --- | --- | --- | --- |",
    ...versionMatrix().map(
      (r) =>
        `| ${r.minor} | ${r.newestPatch} | \`${r.apiVersion}\` | ${r.pause} | ${r.etcd} | ${r.coredns} |`,
    ),
    "",
    `Default pod networks: Flannel ${DEFAULT_CNI_VERSIONS.flannel}, Calico ${DEFAULT_CNI_VERSIONS.calico} (\`--cni-version\` picks another known release).`,
  ];
  return lines.join("\n");
}
