import { loadBounded, type YamlProblem, yamlFileProblem } from "../util/yaml-safe.js";
import { FIELD_BY_PATH, type FieldPath, type SpecValues } from "./fields.js";
import { type ValuesProblem, valuesFromDocument } from "./load-values.js";
import { describeValue } from "./value-kind.js";

export interface Profile {
  name: string;
  /** Where it came from: "builtin:aliyun" or the user's file path. */
  source: string;
  description: { en: string; zh: string };
  /** Fields the user must supply themselves (answers, flags or prompts), e.g. offline's registry. */
  required: FieldPath[];
  values: SpecValues;
}

export const BUILTIN_PROFILES = ["aliyun", "upstream", "offline"] as const;

/** A profile argument names a file when it looks like a path; otherwise a built-in profile. */
export function isProfilePath(arg: string): boolean {
  return arg.includes("/") || /\.ya?ml$/i.test(arg);
}

export type FileProblem =
  | { kind: "yaml"; reason: string }
  /** Parsed, but refused by the bounds (alias bomb, size, depth): see util/yaml-safe.ts. */
  | { kind: "yamlBounds"; problem: YamlProblem }
  | { kind: "notMapping" }
  | ValuesProblem
  /** A value that names no spec field (profile `required`). */
  | { kind: "notAField"; key: string; value: string };

/** Parses YAML text that must be a mapping; pure. */
export function parseYamlMapping(text: string): { doc?: Record<string, unknown>; problem?: FileProblem } {
  const r = loadBounded(text);
  if (!r.ok) return { problem: yamlFileProblem(r.problem) };
  const doc = r.doc;
  if (doc === undefined || doc === null) return { doc: {} };
  if (typeof doc !== "object" || Array.isArray(doc)) return { problem: { kind: "notMapping" } };
  return { doc: doc as Record<string, unknown> };
}

const PROFILE_KEYS = ["name", "description", "required", "spec"];

/** Parses and validates a profile document; reports the first problem so the message names one key. */
export function parseProfile(
  text: string,
  source: string,
  fallbackName: string,
): { profile?: Profile; problem?: FileProblem } {
  const { doc, problem } = parseYamlMapping(text);
  if (!doc) return { problem: problem as FileProblem };
  for (const k of Object.keys(doc)) {
    if (!PROFILE_KEYS.includes(k)) return { problem: { kind: "unknownKey", key: k, suggestion: undefined } };
  }
  const name = doc.name ?? fallbackName;
  if (typeof name !== "string")
    return { problem: { kind: "badType", key: "name", expected: "string", got: describeValue(name) } };
  const d = doc.description;
  const description =
    typeof d === "string"
      ? { en: d, zh: d }
      : typeof d === "object" && d !== null
        ? {
            en: String((d as Record<string, unknown>).en ?? ""),
            zh: String((d as Record<string, unknown>).zh ?? (d as Record<string, unknown>).en ?? ""),
          }
        : { en: "", zh: "" };
  const required: FieldPath[] = [];
  const req = doc.required ?? [];
  if (!Array.isArray(req))
    return {
      problem: { kind: "badType", key: "required", expected: "fieldNameList", got: describeValue(req) },
    };
  for (const r of req) {
    if (typeof r !== "string" || !FIELD_BY_PATH.has(r)) {
      return {
        problem: { kind: "notAField", key: "required", value: String(r) },
      };
    }
    required.push(r as FieldPath);
  }
  const spec = doc.spec ?? {};
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return {
      problem: {
        kind: "badType",
        key: "spec",
        expected: "mapping",
        got: describeValue(spec),
      },
    };
  }
  const { values, problems } = valuesFromDocument(spec as Record<string, unknown>);
  const first = problems[0];
  if (first) return { problem: { ...first, key: `spec.${first.key}` } };
  return { profile: { name, source, description, required, values } };
}

/** Answers files are a spec mapping plus an optional `profile` key naming the profile to start from. */
export function parseAnswers(text: string): { values?: SpecValues; profile?: string; problem?: FileProblem } {
  const { doc, problem } = parseYamlMapping(text);
  if (!doc) return { problem: problem as FileProblem };
  const profile = doc.profile;
  if (profile !== undefined && typeof profile !== "string") {
    return { problem: { kind: "badType", key: "profile", expected: "string", got: describeValue(profile) } };
  }
  const { values, problems } = valuesFromDocument(doc, ["profile"]);
  const first = problems[0];
  if (first) return { problem: first };
  return { values, ...(profile ? { profile } : {}) };
}
