import { invalidInput, KadmError, type Problem } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { isImageRepository } from "../validate/names.js";
import { FIELDS, type SpecValues } from "./fields.js";

export type ParsedFlags = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Registries whose images CNI manifests use; a bare --image-mirror PREFIX covers all of them. */
export const MIRRORED_REGISTRIES = ["docker.io", "quay.io", "ghcr.io"] as const;

/** --image-mirror PREFIX (prefix/<registry>/<path>) or REGISTRY=PREFIX; repeatable. */
export function parseImageMirrors(args: string[], lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const [registry, prefix] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [undefined, arg];
    const clean = prefix.replace(/\/+$/, "");
    if (!isImageRepository(clean) || (registry !== undefined && !isImageRepository(registry))) {
      throw invalidInput(t(lang, "imageMirror.invalid", { value: arg }), t(lang, "imageMirror.hint"));
    }
    if (registry !== undefined) out[registry] = clean;
    else for (const r of MIRRORED_REGISTRIES) out[r] = `${clean}/${r}`;
  }
  return out;
}

/**
 * Converts parsed flags into spec values. In join mode --token and --certificate-key describe
 * the cluster being joined rather than a token to create. A flag whose value cannot be read is left
 * out and its problem added to `problems` (every one is reported, together with the spec's own).
 */
export function valuesFromFlags(
  flags: ParsedFlags,
  mode: "init" | "join",
  lang: Lang,
  problems: Problem[] = [],
): SpecValues {
  const values: Record<string, unknown> = {};
  const refused = (e: unknown) => {
    if (!(e instanceof KadmError)) throw e;
    problems.push(...e.problems);
  };
  for (const f of FIELDS) {
    if (!("flag" in f)) continue;
    const raw = flags[f.flag];
    if (raw === undefined) continue;
    let path: string = f.path;
    if (mode === "join" && path === "bootstrapToken.token") path = "join.token";
    if (mode === "join" && path === "certificateKey") path = "join.certificateKey";
    switch (f.kind) {
      case "string":
        values[path] = String(raw).trim();
        break;
      case "int": {
        const s = String(raw).trim();
        if (!/^[0-9]+$/.test(s)) {
          problems.push({
            message: t(lang, "cli.badInt", { flag: f.flag, value: s }),
            hint: t(lang, "cli.badIntHint", { flag: f.flag }),
          });
          break;
        }
        values[path] = Number(s);
        break;
      }
      case "bool":
        values[path] = raw === true;
        break;
      case "stringList":
        values[path] = (raw as string[])
          .flatMap((s) => s.split(","))
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case "stringMap":
        try {
          values[path] = parseImageMirrors(raw as string[], lang);
        } catch (e) {
          refused(e);
        }
        break;
      default:
        break;
    }
  }
  return values as SpecValues;
}
