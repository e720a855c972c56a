import yaml from "js-yaml";
import { loadAllBounded, YamlInputError, type YamlProblem } from "../util/yaml-safe.js";
import type { KubeDocument } from "./documents.js";

/** Multi-document YAML as kubeadm reads it; an optional comment header (kubeadm ignores comments). */
export function renderDocuments(docs: KubeDocument[], header: string[] = []): string {
  const body = docs
    .map((d) => yaml.dump(d, { noRefs: true, lineWidth: -1, sortKeys: false, quotingType: '"' }))
    .join("---\n");
  const head = header.map((l) => `# ${l}\n`).join("");
  return `${head}${body}`;
}

/**
 * The one reader of multi-document kubeadm YAML (a user's config, the one init saved): bounded like
 * every YAML we load, empty documents dropped, anything else kept for the caller to judge.
 */
export function loadDocuments(
  text: string,
): { ok: true; docs: unknown[] } | { ok: false; problem: YamlProblem } {
  const r = loadAllBounded(text);
  return r.ok ? { ok: true, docs: r.docs.filter((d) => d !== null && d !== undefined) } : r;
}

/** The mapping documents of multi-document YAML (round-trip tests, `token`); throws YamlInputError. */
export function parseDocuments(text: string): KubeDocument[] {
  const r = loadDocuments(text);
  if (!r.ok) throw new YamlInputError(r.problem);
  return r.docs.filter((d): d is KubeDocument => typeof d === "object" && d !== null);
}
