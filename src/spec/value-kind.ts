import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";

/**
 * What a settings key expects and what a file gave instead, as data: the sentence is built from
 * catalogue words ("value.*") so a zh line carries no English phrase.
 */
export type ExpectedKind =
  | "string"
  | "int"
  | "bool"
  | "stringList"
  | "stringMap"
  | "stringListMap"
  | "mapping"
  | "mappingList"
  | "fieldNameList";

export type GotValue =
  | { kind: "null" | "list" | "mapping" }
  | { kind: "string" | "number" | "boolean" | "other"; value: string };

/** PURE: the shape of a YAML value, for "expected X, got Y". */
export function describeValue(v: unknown): GotValue {
  if (v === null || v === undefined) return { kind: "null" };
  if (Array.isArray(v)) return { kind: "list" };
  if (typeof v === "object") return { kind: "mapping" };
  const value = JSON.stringify(v) ?? String(v);
  if (typeof v === "string") return { kind: "string", value };
  if (typeof v === "number") return { kind: "number", value };
  if (typeof v === "boolean") return { kind: "boolean", value };
  return { kind: "other", value };
}

export function expectedText(lang: Lang, k: ExpectedKind): string {
  return t(lang, `value.expected.${k}`);
}

export function gotText(lang: Lang, g: GotValue): string {
  return t(lang, `value.got.${g.kind}`, "value" in g ? { value: g.value } : {});
}
