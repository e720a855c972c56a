import { didYouMean } from "../util/did-you-mean.js";
import { FIELD_BY_PATH, FIELDS, type FieldDef, type SpecValues } from "./fields.js";
import { describeValue as describe, type ExpectedKind, type GotValue } from "./value-kind.js";

/** A problem found while reading a profile or answers file; rendered with the file name. */
export type ValuesProblem =
  | { kind: "unknownKey"; key: string; suggestion: string | undefined }
  | { kind: "badType"; key: string; expected: ExpectedKind; got: GotValue };

const PREFIXES = new Set(
  FIELDS.flatMap((f) =>
    f.path
      .split(".")
      .slice(0, -1)
      .map((_, i, a) => a.slice(0, i + 1).join(".")),
  ),
);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Coerces one YAML value to its field's kind; undefined when the type is wrong. */
export function coerce(def: FieldDef, v: unknown): unknown {
  switch (def.kind) {
    case "string":
      // A bare 1.30 in YAML is the float 1.3: refuse rather than silently pin the wrong version.
      return typeof v === "string" ? v : undefined;
    case "int":
      return typeof v === "number" && Number.isInteger(v) ? v : undefined;
    case "bool":
      return typeof v === "boolean" ? v : undefined;
    case "stringList":
      if (typeof v === "string")
        return v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
      return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
    case "stringMap":
      return isPlainObject(v) && Object.values(v).every((x) => typeof x === "string") ? { ...v } : undefined;
    case "stringListMap": {
      if (!isPlainObject(v)) return undefined;
      const out: Record<string, string[]> = {};
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === "string") out[k] = [x];
        else if (Array.isArray(x) && x.every((y) => typeof y === "string")) out[k] = x;
        else return undefined;
      }
      return out;
    }
  }
}

function suggest(key: string): string | undefined {
  return didYouMean(key, [...FIELD_BY_PATH.keys(), ...PREFIXES]);
}

/**
 * Flattens a nested spec mapping (profile `spec:` or an answers file) into field values.
 * Every key must be a known field: a typo must not silently fall back to a default.
 * `extraTopLevel` are keys the caller handles itself (e.g. `profile` in answers files).
 */
export function valuesFromDocument(
  doc: Record<string, unknown>,
  extraTopLevel: readonly string[] = [],
): { values: SpecValues; problems: ValuesProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: ValuesProblem[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (!prefix && extraTopLevel.includes(k)) continue;
      const def = FIELD_BY_PATH.get(path);
      if (def) {
        if (v === null || v === undefined) continue;
        const c = coerce(def, v);
        if (c === undefined)
          problems.push({ kind: "badType", key: path, expected: def.kind, got: describe(v) });
        else values[path] = c;
      } else if (PREFIXES.has(path)) {
        if (v === null) continue;
        if (isPlainObject(v)) walk(v, path);
        else problems.push({ kind: "badType", key: path, expected: "mapping", got: describe(v) });
      } else {
        problems.push({ kind: "unknownKey", key: path, suggestion: suggest(path) });
      }
    }
  };
  walk(doc, "");
  return { values: values as SpecValues, problems };
}
