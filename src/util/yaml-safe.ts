/**
 * The one YAML loader for everything the user (or a host file, or a cluster) hands us. PURE.
 *
 * js-yaml resolves an alias to the anchored object itself, so a 10 KB "billion laughs" parses in
 * milliseconds into a small graph, and then explodes in whatever walks it (patching, dumping,
 * JSON.stringify for an apply): 10^9 nodes. js-yaml 4 bounds nesting (maxDepth) and merge keys but
 * not aliases, so after parsing we weigh each document as if every alias were expanded, memoised per
 * object so the walk costs what the text costs, and stop as soon as the weight passes the limit.
 * Recursive aliases (`&a [*a]`) have no expansion at all and are refused too.
 */
import yaml from "js-yaml";

/** Larger than any manifest we know (calico.yaml is 0.5 MB) by far; a config is a few KB. */
export const MAX_YAML_BYTES = 16 * 1024 * 1024;
/** Aliases may expand a document to this (in characters, roughly), or 4x its text if that is more. */
export const MIN_EXPANDED_LIMIT = 4 * 1024 * 1024;
/** Deeper than this (counting through aliases) nothing sane is; walkers downstream recurse. */
export const MAX_GRAPH_DEPTH = 256;

export type YamlProblem =
  | { kind: "syntax"; reason: string; line: number; column: number }
  | { kind: "tooLarge"; bytes: number; limit: number }
  | { kind: "aliasBomb"; limit: number }
  | { kind: "recursiveAlias" }
  | { kind: "tooDeep"; limit: number };

/** A file's YAML problem as the spec loaders report it: a syntax error as one "reason (line:col)". */
export type YamlFileProblem = { kind: "yaml"; reason: string } | { kind: "yamlBounds"; problem: YamlProblem };

export function yamlFileProblem(p: YamlProblem): YamlFileProblem {
  return p.kind === "syntax"
    ? { kind: "yaml", reason: `${p.reason} (${p.line}:${p.column})` }
    : { kind: "yamlBounds", problem: p };
}

export type YamlAllResult = { ok: true; docs: unknown[] } | { ok: false; problem: YamlProblem };
export type YamlOneResult = { ok: true; doc: unknown } | { ok: false; problem: YamlProblem };

export interface YamlLimits {
  maxBytes?: number;
  /** Expanded weight limit; default max(MIN_EXPANDED_LIMIT, 4 x text length). */
  maxExpanded?: number;
}

class Stop extends Error {
  constructor(readonly problem: YamlProblem) {
    super(problem.kind);
  }
}

/**
 * Roughly the characters a JSON rendering would take with every alias expanded; throws Stop. Each
 * distinct object is weighed once (memo), so the cost is that of the text, whatever it expands to.
 */
function weigher(limit: number) {
  // weight and height (levels below) per object: a shared subtree is as deep everywhere it appears.
  const memo = new WeakMap<object, { w: number; h: number }>();
  const active = new WeakSet<object>();
  const check = (w: number) => {
    if (w > limit) throw new Stop({ kind: "aliasBomb", limit });
  };
  const weigh = (v: unknown, depth: number): { w: number; h: number } => {
    if (typeof v === "string") return { w: v.length + 2, h: 0 };
    if (v === null || typeof v !== "object") return { w: 5, h: 0 };
    let m = memo.get(v);
    if (m === undefined) {
      if (active.has(v)) throw new Stop({ kind: "recursiveAlias" });
      // Bounds this walk's own recursion before anything below is known.
      if (depth > MAX_GRAPH_DEPTH) throw new Stop({ kind: "tooDeep", limit: MAX_GRAPH_DEPTH });
      let w = 2;
      let h = 0;
      if (ArrayBuffer.isView(v)) w += v.byteLength;
      else if (!(v instanceof Date)) {
        active.add(v);
        const items: [string, unknown][] = Array.isArray(v) ? v.map((item) => ["", item]) : Object.entries(v);
        for (const [k, item] of items) {
          const c = weigh(item, depth + 1);
          w += k.length + 3 + c.w;
          h = Math.max(h, c.h + 1);
          check(w);
        }
        active.delete(v);
      }
      m = { w, h };
      memo.set(v, m);
    }
    if (depth + m.h > MAX_GRAPH_DEPTH) throw new Stop({ kind: "tooDeep", limit: MAX_GRAPH_DEPTH });
    return m;
  };
  let total = 0;
  return (doc: unknown) => {
    total += weigh(doc, 0).w;
    check(total);
  };
}

function syntax(e: unknown): YamlProblem {
  if (e instanceof yaml.YAMLException) {
    return {
      kind: "syntax",
      reason: e.reason || (e.message.split("\n")[0] ?? e.message),
      line: (e.mark?.line ?? 0) + 1,
      column: (e.mark?.column ?? 0) + 1,
    };
  }
  throw e;
}

/** Every document of a multi-document stream, each bounded; null documents are kept. */
export function loadAllBounded(text: string, limits: YamlLimits = {}): YamlAllResult {
  const maxBytes = limits.maxBytes ?? MAX_YAML_BYTES;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) return { ok: false, problem: { kind: "tooLarge", bytes, limit: maxBytes } };
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text);
  } catch (e) {
    return { ok: false, problem: syntax(e) };
  }
  const weigh = weigher(limits.maxExpanded ?? Math.max(MIN_EXPANDED_LIMIT, 4 * text.length));
  try {
    for (const d of docs) weigh(d);
  } catch (e) {
    if (e instanceof Stop) return { ok: false, problem: e.problem };
    throw e;
  }
  return { ok: true, docs };
}

/** One document (js-yaml's `load`: a stream of more than one is a syntax error). */
export function loadBounded(text: string, limits: YamlLimits = {}): YamlOneResult {
  const maxBytes = limits.maxBytes ?? MAX_YAML_BYTES;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) return { ok: false, problem: { kind: "tooLarge", bytes, limit: maxBytes } };
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (e) {
    return { ok: false, problem: syntax(e) };
  }
  try {
    weigher(limits.maxExpanded ?? Math.max(MIN_EXPANDED_LIMIT, 4 * text.length))(doc);
  } catch (e) {
    if (e instanceof Stop) return { ok: false, problem: e.problem };
    throw e;
  }
  return { ok: true, doc };
}

/** Thrown by the `*OrThrow` forms, for callers that already turn exceptions into their own problem. */
export class YamlInputError extends Error {
  constructor(readonly problem: YamlProblem) {
    super(yamlProblemText(problem));
    this.name = "YamlInputError";
  }
}

export function loadBoundedOrThrow(text: string, limits: YamlLimits = {}): unknown {
  const r = loadBounded(text, limits);
  if (!r.ok) throw new YamlInputError(r.problem);
  return r.doc;
}

export function loadAllBoundedOrThrow(text: string, limits: YamlLimits = {}): unknown[] {
  const r = loadAllBounded(text, limits);
  if (!r.ok) throw new YamlInputError(r.problem);
  return r.docs;
}

/** English, for logs and internal errors; users get yamlProblemMsg through the catalogue. */
export function yamlProblemText(p: YamlProblem): string {
  switch (p.kind) {
    case "syntax":
      return `${p.reason} (line ${p.line}, column ${p.column})`;
    case "tooLarge":
      return `${p.bytes} bytes, more than the limit of ${p.limit}`;
    case "aliasBomb":
      return `its aliases expand past ${p.limit} characters (an alias bomb?)`;
    case "recursiveAlias":
      return "an alias refers to a node that contains it";
    case "tooDeep":
      return `nested deeper than ${p.limit} levels`;
  }
}
