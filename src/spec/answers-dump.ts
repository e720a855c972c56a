import yaml from "js-yaml";
import { FIELDS } from "./fields.js";
import type { ClusterSpec } from "./types.js";

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

/**
 * The spec as an answers file (`--answers`): every settable field, nested like the field paths, so a
 * saved run can be repeated or inspected. Join details and secrets are left out.
 */
export function answersFromSpec(spec: ClusterSpec, header: string[] = []): string {
  const out: Record<string, unknown> = { profile: spec.profile };
  for (const f of FIELDS) {
    // Join details belong to one join; secrets live only in the 0600 state file and kubeadm config.
    if (f.path.startsWith("join.") || f.path === "bootstrapToken.token" || f.path === "certificateKey")
      continue;
    const v = at(spec, f.path);
    if (isEmpty(v)) continue;
    const parts = f.path.split(".");
    let node = out;
    for (const p of parts.slice(0, -1)) {
      node[p] ??= {};
      node = node[p] as Record<string, unknown>;
    }
    node[parts.at(-1) as string] = v;
  }
  return `${header.map((h) => `# ${h}\n`).join("")}${yaml.dump(out, { lineWidth: -1 })}`;
}
