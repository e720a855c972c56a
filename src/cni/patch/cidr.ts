/** The pod subnet against the CIDRs a manifest already has. PURE. */
import { type Cidr, parseCidr } from "../../validate/ip.js";
import type { PatchContext } from "./types.js";

export function splitPodSubnet(text: string): { v4: Cidr | undefined; v6: Cidr | undefined } | undefined {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length < 1 || parts.length > 2) return undefined;
  let v4: Cidr | undefined;
  let v6: Cidr | undefined;
  for (const p of parts) {
    const r = parseCidr(p);
    if (!r.ok) return undefined;
    if (r.cidr.family === 4) {
      if (v4) return undefined;
      v4 = r.cidr;
    } else {
      if (v6) return undefined;
      v6 = r.cidr;
    }
  }
  return { v4, v6 };
}

/** Same network and prefix (so "10.20.0.0/16" equals " 10.20.0.0/16", and IPv6 spellings match). */
function sameCidr(text: string, cidr: Cidr): boolean {
  const r = parseCidr(text);
  return r.ok && r.cidr.family === cidr.family && r.cidr.base === cidr.base && r.cidr.prefix === cidr.prefix;
}

/**
 * Decides whether a CIDR field may be set: unset, equal, an upstream placeholder, or `force`.
 * Pushes a cidrConflict otherwise. Returns true when the field should be written.
 */
export function mayWriteCidr(
  ctx: PatchContext,
  object: string,
  path: string,
  current: unknown,
  want: Cidr,
  placeholder?: string,
): boolean {
  if (current === undefined || current === null || current === "") return true;
  if (typeof current === "string" && sameCidr(current, want)) return false;
  if (
    typeof current === "string" &&
    placeholder !== undefined &&
    sameCidr(current, parsedOrThrow(placeholder))
  ) {
    return true;
  }
  if (ctx.force) return true;
  ctx.problems.push({
    code: "cidrConflict",
    params: {
      object,
      path,
      manifest: typeof current === "string" ? current : JSON.stringify(current),
      podSubnet: ctx.podSubnet,
    },
  });
  return false;
}

export function parsedOrThrow(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(`bad built-in CIDR ${text}`);
  return r.cidr;
}
