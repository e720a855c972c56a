/** Manifest text <-> documents, and the pinned-sha256 check. PURE. */
import { createHash } from "node:crypto";
import yaml from "js-yaml";
import { loadAllBounded, type YamlProblem } from "../../util/yaml-safe.js";
import { isObj } from "./docs.js";
import type { CniPatchProblem, ManifestDoc } from "./types.js";

export type ParseManifestResult =
  | { ok: true; docs: ManifestDoc[] }
  | { ok: false; problems: CniPatchProblem[] }
  /** Valid YAML refused by the bounds (alias bomb, size, depth): nothing may be applied. */
  | { ok: false; problems: []; bounds: YamlProblem };

/** Multi-document YAML -> objects, in order; empty (null) documents are skipped. */
export function parseManifest(text: string): ParseManifestResult {
  const r = loadAllBounded(text);
  if (!r.ok) {
    const p = r.problem;
    if (p.kind !== "syntax") return { ok: false, problems: [], bounds: p };
    return {
      ok: false,
      problems: [
        {
          code: "yamlInvalid",
          params: { reason: p.reason, line: String(p.line), column: String(p.column) },
        },
      ],
    };
  }
  const raw = r.docs;
  const docs: ManifestDoc[] = [];
  const problems: CniPatchProblem[] = [];
  raw.forEach((d, index) => {
    if (d === null || d === undefined) return;
    if (isObj(d)) docs.push(d);
    else problems.push({ code: "notAnObject", params: { index: String(index) } });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, docs };
}

/** Objects -> multi-document YAML (no line folding, no anchors). */
export function renderManifest(docs: readonly ManifestDoc[]): string {
  return docs.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join("---\n");
}

export type ManifestVerification =
  | { ok: true; sha256: string }
  | { ok: false; expected: string; actual: string };

/** sha256 of the manifest bytes (a string is hashed as UTF-8) against the pinned value. */
export function verifyManifest(text: string | Uint8Array, expectedSha256: string): ManifestVerification {
  const actual = createHash("sha256").update(text).digest("hex");
  const expected = expectedSha256
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, "");
  return actual === expected ? { ok: true, sha256: actual } : { ok: false, expected, actual };
}
