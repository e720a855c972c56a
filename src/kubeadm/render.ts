import yaml from "js-yaml";
import type { KubeDocument } from "./documents.js";

/** Multi-document YAML as kubeadm reads it; an optional comment header (kubeadm ignores comments). */
export function renderDocuments(docs: KubeDocument[], header: string[] = []): string {
  const body = docs
    .map((d) => yaml.dump(d, { noRefs: true, lineWidth: -1, sortKeys: false, quotingType: '"' }))
    .join("---\n");
  const head = header.map((l) => `# ${l}\n`).join("");
  return `${head}${body}`;
}

/** Splits multi-document YAML back into objects (used by round-trip tests and later by `init`). */
export function parseDocuments(text: string): KubeDocument[] {
  return yaml.loadAll(text).filter((d): d is KubeDocument => typeof d === "object" && d !== null);
}
