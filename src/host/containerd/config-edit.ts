/**
 * Minimal, idempotent edits of containerd's config.toml for kubeadm (pure: text in, text out).
 *
 * Only the three settings kubeadm needs are touched: the runc cgroup driver (`SystemdCgroup`), the
 * sandbox (pause) image and the registry `config_path` for certs.d/hosts.toml. Everything else
 * (comments, order, quoting, blank lines) is kept byte for byte. Table names per containerd's
 * docs/cri/config.md and docs/hosts.md:
 *
 * - config version 2 (containerd 1.x): [plugins."io.containerd.grpc.v1.cri"] sandbox_image,
 *   [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options] SystemdCgroup,
 *   [plugins."io.containerd.grpc.v1.cri".registry] config_path
 * - config version 3 (containerd 2.0-2.2): [plugins.'io.containerd.cri.v1.images'.pinned_images] sandbox,
 *   [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options] SystemdCgroup,
 *   [plugins.'io.containerd.cri.v1.images'.registry] config_path
 * - config version 4 (containerd 2.3+, version.ConfigVersion = 4 in v2.3.0): only the server-level
 *   sections moved ([grpc]/[ttrpc]/[debug]/[metrics] became plugins."io.containerd.server.v1.*");
 *   the CRI plugin IDs and keys are those of version 3 (RELEASES.md, docs/man/containerd-config.toml.5.md).
 *
 * containerd 2.x still reads (and migrates) version 2 files, so the layout follows the file's own
 * `version`, not the installed binary.
 */

export type ConfigVersion = 2 | 3 | 4;

/** The newest config version this editor knows; a newer one is refused rather than guessed at. */
export const NEWEST_CONFIG_VERSION = 4;
export type CgroupDriverName = "systemd" | "cgroupfs";

/** containerd's config file (kubeadm hosts use the packaged default path). */
export const CONTAINERD_CONFIG = "/etc/containerd/config.toml";
export const DEFAULT_CERTS_DIR = "/etc/containerd/certs.d";

export interface ContainerdSettings {
  sandboxImage: string;
  cgroupDriver: CgroupDriverName;
  /** Directory of <registry>/hosts.toml files. Default /etc/containerd/certs.d. */
  configPath?: string;
}

export interface EditOptions {
  /**
   * Config version to write into a file that has no `version` and no plugin tables yet (an empty
   * or comments-only file): 2 for containerd 1.x, 3 for 2.0-2.2, 4 for 2.3+. Without it such a file
   * is refused.
   */
  versionForEmpty?: ConfigVersion;
}

export type SettingName = "version" | "SystemdCgroup" | "sandbox" | "config_path" | "disabled_plugins";

export interface SettingChange {
  setting: SettingName;
  /** Full TOML key, e.g. plugins."io.containerd.grpc.v1.cri".sandbox_image. */
  key: string;
  /** The value as written in the file before (TOML text), undefined when the key was missing. */
  before: string | undefined;
  after: string;
}

export interface EditResult {
  text: string;
  version: ConfigVersion;
  changes: SettingChange[];
  /**
   * Deprecated CRI registry settings that containerd refuses next to `config_path`
   * ("`mirrors` cannot be set when `config_path` is provided"), as full TOML keys.
   */
  conflicts: string[];
}

export type ConfigErrorCode = "parse" | "no-version" | "unsupported-version" | "inline-table";

/** The file cannot be edited safely; `code` says why, `detail` where. */
export class ContainerdConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "ContainerdConfigError";
  }
}

/** The CRI plugin's IDs in every config version ("cri" is the short name containerd 1.x also takes). */
const CRI_PLUGINS = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.cri.v1.runtime",
  "io.containerd.cri.v1.images",
];

/** Key paths of the settings, per config version. */
export const LAYOUT = {
  2: {
    cri: ["plugins", "io.containerd.grpc.v1.cri"],
    runtimes: ["plugins", "io.containerd.grpc.v1.cri", "containerd", "runtimes"],
    sandbox: ["plugins", "io.containerd.grpc.v1.cri", "sandbox_image"],
    registry: ["plugins", "io.containerd.grpc.v1.cri", "registry"],
  },
  3: {
    cri: ["plugins", "io.containerd.cri.v1.runtime"],
    runtimes: ["plugins", "io.containerd.cri.v1.runtime", "containerd", "runtimes"],
    sandbox: ["plugins", "io.containerd.cri.v1.images", "pinned_images", "sandbox"],
    registry: ["plugins", "io.containerd.cri.v1.images", "registry"],
  },
  4: {
    cri: ["plugins", "io.containerd.cri.v1.runtime"],
    runtimes: ["plugins", "io.containerd.cri.v1.runtime", "containerd", "runtimes"],
    sandbox: ["plugins", "io.containerd.cri.v1.images", "pinned_images", "sandbox"],
    registry: ["plugins", "io.containerd.cri.v1.images", "registry"],
  },
} as const satisfies Record<ConfigVersion, Record<string, readonly string[]>>;

// ---------------------------------------------------------------------------------------------
// A line-level TOML scanner: enough structure to find keys and their value spans, nothing more.

interface Header {
  kind: "header";
  array: boolean;
  path: string[];
  indent: string;
  start: number;
  /** Offset just past the line (after its newline, or the end of the text). */
  end: number;
}

interface TomlEntry {
  kind: "entry";
  /** Path of the [table] the line is in. */
  table: string[];
  /** Full key path: table + dotted key. */
  path: string[];
  indent: string;
  start: number;
  valueStart: number;
  valueEnd: number;
  end: number;
}

type Item = Header | TomlEntry;

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    const line = this.s.slice(0, this.i).split("\n").length;
    throw new ContainerdConfigError("parse", `line ${line}: ${what}`);
  }

  ch(off = 0): string {
    return this.s[this.i + off] ?? "";
  }

  atEol(): boolean {
    return this.i >= this.s.length || this.ch() === "\n" || (this.ch() === "\r" && this.ch(1) === "\n");
  }

  skipSpaces(): void {
    while (this.ch() === " " || this.ch() === "\t") this.i++;
  }

  skipToLineEnd(): void {
    while (!this.atEol()) this.i++;
  }

  /** Past the newline, if any. */
  eatEol(): void {
    if (this.ch() === "\r") this.i++;
    if (this.ch() === "\n") this.i++;
  }

  /** Whitespace, newlines and comments, as allowed inside arrays. */
  skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      if (this.ch() === "#") this.skipToLineEnd();
      if (this.i < this.s.length && this.atEol()) this.eatEol();
      else return;
    }
  }

  /** Rest of the line after a value or header: spaces, an optional comment, the newline. */
  endLine(): void {
    this.skipSpaces();
    if (this.ch() === "#") this.skipToLineEnd();
    if (!this.atEol()) this.fail(`unexpected "${this.ch()}"`);
    this.eatEol();
  }

  basicString(): string {
    this.i++;
    let out = "";
    for (;;) {
      const c = this.ch();
      if (c === "" || c === "\n") this.fail("unterminated string");
      this.i++;
      if (c === '"') return out;
      if (c === "\\") {
        const e = this.ch();
        this.i++;
        const simple: Record<string, string> = {
          b: "\b",
          t: "\t",
          n: "\n",
          f: "\f",
          r: "\r",
          '"': '"',
          "\\": "\\",
        };
        if (simple[e] !== undefined) out += simple[e];
        else if (e === "u" || e === "U") {
          const n = e === "u" ? 4 : 8;
          out += String.fromCodePoint(Number.parseInt(this.s.slice(this.i, this.i + n), 16));
          this.i += n;
        } else this.fail(`bad escape \\${e}`);
      } else out += c;
    }
  }

  literalString(): string {
    const close = this.s.indexOf("'", this.i + 1);
    const nl = this.s.indexOf("\n", this.i + 1);
    if (close < 0 || (nl >= 0 && nl < close)) this.fail("unterminated string");
    const out = this.s.slice(this.i + 1, close);
    this.i = close + 1;
    return out;
  }

  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.ch();
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i, this.i + 256));
        if (!m) this.fail("expected a key");
        parts.push(m[0]);
        this.i += m[0].length;
      }
      this.skipSpaces();
      if (this.ch() !== ".") return parts;
      this.i++;
    }
  }

  /** Skips one value (which may span lines: multi-line strings, arrays). */
  value(inContainer = false): void {
    const s = this.s;
    if (s.startsWith('"""', this.i) || s.startsWith("'''", this.i)) {
      const q = s.slice(this.i, this.i + 3);
      let j = this.i + 3;
      for (;;) {
        if (j >= s.length) this.fail("unterminated multi-line string");
        if (q === '"""' && s[j] === "\\") j += 2;
        else if (s.startsWith(q, j)) break;
        else j++;
      }
      j += 3;
      // Up to two quotes may end the content right before the closing delimiter.
      for (let k = 0; k < 2 && s[j] === q[0]; k++) j++;
      this.i = j;
    } else if (this.ch() === '"') this.basicString();
    else if (this.ch() === "'") this.literalString();
    else if (this.ch() === "[") {
      this.i++;
      for (;;) {
        this.skipBlank();
        if (this.ch() === "]") break;
        if (this.i >= s.length) this.fail("unterminated array");
        this.value(true);
        this.skipBlank();
        if (this.ch() === ",") this.i++;
        else if (this.ch() !== "]") this.fail("expected , or ] in array");
      }
      this.i++;
    } else if (this.ch() === "{") {
      this.i++;
      for (;;) {
        this.skipSpaces();
        if (this.ch() === "}") break;
        this.key();
        if (this.ch() !== "=") this.fail("expected = in inline table");
        this.i++;
        this.skipSpaces();
        this.value(true);
        this.skipSpaces();
        if (this.ch() === ",") this.i++;
        else if (this.ch() !== "}") this.fail("expected , or } in inline table");
      }
      this.i++;
    } else {
      // Numbers, booleans, dates (which may contain one space): up to a delimiter, trimmed.
      const stop = inContainer ? /[,\]}#\r\n]/ : /[#\r\n]/;
      const start = this.i;
      while (this.i < s.length && !stop.test(this.ch())) this.i++;
      while (this.i > start && /[ \t]/.test(s[this.i - 1] ?? "")) this.i--;
      if (this.i === start) this.fail("expected a value");
    }
  }
}

function scan(text: string): Item[] {
  const sc = new Scanner(text);
  const items: Item[] = [];
  let table: string[] = [];
  while (sc.i < text.length) {
    const start = sc.i;
    sc.skipSpaces();
    const indent = text.slice(start, sc.i);
    if (sc.atEol()) {
      sc.eatEol();
      continue;
    }
    if (sc.ch() === "#") {
      sc.skipToLineEnd();
      sc.eatEol();
      continue;
    }
    if (sc.ch() === "[") {
      const array = sc.ch(1) === "[";
      sc.i += array ? 2 : 1;
      const path = sc.key();
      if (!text.startsWith(array ? "]]" : "]", sc.i)) sc.fail("expected ] after table name");
      sc.i += array ? 2 : 1;
      sc.endLine();
      table = path;
      items.push({ kind: "header", array, path, indent, start, end: sc.i });
      continue;
    }
    const key = sc.key();
    if (sc.ch() !== "=") sc.fail("expected =");
    sc.i++;
    sc.skipSpaces();
    const valueStart = sc.i;
    sc.value();
    const valueEnd = sc.i;
    sc.endLine();
    items.push({
      kind: "entry",
      table,
      path: [...table, ...key],
      indent,
      start,
      valueStart,
      valueEnd,
      end: sc.i,
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------

type Scalar = { type: "string"; value: string } | { type: "bool"; value: boolean } | { type: "other" };

function readScalar(raw: string): Scalar {
  if (raw === "true" || raw === "false") return { type: "bool", value: raw === "true" };
  if (raw.startsWith('"""') || raw.startsWith("'''")) return { type: "other" };
  if (raw.startsWith('"')) return { type: "string", value: new Scanner(raw).basicString() };
  if (raw.startsWith("'")) return { type: "string", value: raw.slice(1, -1) };
  return { type: "other" };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((x, i) => x === path[i]);
}

function quoteBasic(v: string): string {
  return `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

function keyText(path: readonly string[], quote: "'" | '"'): string {
  return path
    .map((p) => (BARE_KEY.test(p) ? p : quote === "'" && !p.includes("'") ? `'${p}'` : quoteBasic(p)))
    .join(".");
}

/** The config version and which layout it implies; undefined when the file has no `version`. */
export function detectVersion(text: string): { version: number | undefined; hasPlugins: boolean } {
  const items = scan(text);
  let version: number | undefined;
  for (const it of items) {
    if (it.kind === "entry" && same(it.path, ["version"])) {
      const raw = text.slice(it.valueStart, it.valueEnd);
      version = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
    }
  }
  const hasPlugins = items.some((it) => it.path[0] === "plugins");
  return { version, hasPlugins };
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
  seq: number;
}

/**
 * Applies the kubeadm settings to a containerd config.toml. Idempotent: applying the result again
 * gives the same text and no changes.
 */
export function editContainerdConfig(
  text: string,
  settings: ContainerdSettings,
  opts: EditOptions = {},
): EditResult {
  const items = scan(text);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const edits: Edit[] = [];
  const changes: SettingChange[] = [];
  const add = (at: number, remove: number, insert: string) =>
    edits.push({ at, remove, insert, seq: edits.length });

  // --- version
  const { version: found, hasPlugins } = detectVersion(text);
  let version: ConfigVersion;
  if (found === undefined) {
    if (hasPlugins || opts.versionForEmpty === undefined) {
      throw new ContainerdConfigError(
        "no-version",
        "the file has no `version = 2`, `version = 3` or `version = 4` line",
      );
    }
    version = opts.versionForEmpty;
    add(0, 0, `version = ${version}${eol}`);
    changes.push({ setting: "version", key: "version", before: undefined, after: String(version) });
  } else if (found === 2 || found === 3 || found === 4) {
    version = found;
  } else {
    throw new ContainerdConfigError("unsupported-version", `version = ${found}`);
  }
  const quote = version >= 3 ? "'" : '"';
  const layout = LAYOUT[version];

  /** Sets one key to a boolean or string, editing in place or adding the line (and table) it needs. */
  const set = (setting: SettingName, path: readonly string[], value: boolean | string) => {
    const literal = (existing?: string) => {
      if (typeof value === "boolean") return String(value);
      if (existing?.startsWith("'") && !/['\r\n]/.test(value)) return `'${value}'`;
      if (existing === undefined && quote === "'" && !/['\r\n]/.test(value)) return `'${value}'`;
      return quoteBasic(value);
    };
    const display = keyText(path, quote);
    for (const it of items) {
      if (it.kind === "entry" && it.path.length < path.length && startsWith(path, it.path)) {
        throw new ContainerdConfigError("inline-table", keyText(it.path, quote));
      }
    }
    const existing = items.filter((it): it is TomlEntry => it.kind === "entry" && same(it.path, path)).at(-1);
    if (existing) {
      const raw = text.slice(existing.valueStart, existing.valueEnd);
      const cur = readScalar(raw);
      if (cur.type !== "other" && cur.value === value) return;
      const next = literal(raw);
      add(existing.valueStart, existing.valueEnd - existing.valueStart, next);
      changes.push({ setting, key: display, before: raw, after: next });
      return;
    }
    const next = literal();
    const table = path.slice(0, -1);
    const leaf = path.at(-1) as string;
    // (a) Next to a key of the same table (in its [table], or dotted from a parent table).
    const sibling = items
      .filter(
        (it): it is TomlEntry =>
          it.kind === "entry" &&
          it.table.length <= table.length &&
          startsWith(table, it.table) &&
          startsWith(it.path, table) &&
          it.path.length > table.length,
      )
      .at(-1);
    if (sibling) {
      const rel = keyText([...table.slice(sibling.table.length), leaf], quote);
      add(sibling.end, 0, `${needsEol(text, sibling.end, eol)}${sibling.indent}${rel} = ${next}${eol}`);
      changes.push({ setting, key: display, before: undefined, after: next });
      return;
    }
    // (b) Right under an existing, still empty [table] header.
    const header = items.find(
      (it): it is Header => it.kind === "header" && !it.array && same(it.path, table),
    );
    if (header) {
      const inner = `${header.indent}${childIndent(items, header)}`;
      add(
        header.end,
        0,
        `${needsEol(text, header.end, eol)}${inner}${keyText([leaf], quote)} = ${next}${eol}`,
      );
      changes.push({ setting, key: display, before: undefined, after: next });
      return;
    }
    // (c) A new [table] at the end of its closest existing ancestor's sub-tree, or of the file.
    let at = text.length;
    let indent = "";
    let step = "  ";
    for (let n = table.length - 1; n >= 1; n--) {
      const prefix = table.slice(0, n);
      const anc = items.find(
        (it): it is Header => it.kind === "header" && !it.array && same(it.path, prefix),
      );
      if (!anc) continue;
      const last = items
        .filter((it) => (it.kind === "header" ? startsWith(it.path, prefix) : startsWith(it.table, prefix)))
        .at(-1) as Item;
      at = last.end;
      step = childIndent(items, anc);
      indent = `${anc.indent}${step}`;
      break;
    }
    add(
      at,
      0,
      `${needsEol(text, at, eol)}${eol}${indent}[${keyText(table, quote)}]${eol}${indent}${step}${keyText([leaf], quote)} = ${next}${eol}`,
    );
    changes.push({ setting, key: display, before: undefined, after: next });
  };

  // --- cgroup driver: runc, and every other runtime of the runc type, as containerd advises.
  const systemd = settings.cgroupDriver === "systemd";
  const runtimes = new Set<string>(["runc"]);
  for (const it of items) {
    if (
      it.kind === "entry" &&
      it.path.length === layout.runtimes.length + 2 &&
      startsWith(it.path, layout.runtimes) &&
      it.path.at(-1) === "runtime_type"
    ) {
      const v = readScalar(text.slice(it.valueStart, it.valueEnd));
      if (v.type === "string" && v.value === "io.containerd.runc.v2") runtimes.add(it.path.at(-2) as string);
    }
  }
  for (const name of runtimes)
    set("SystemdCgroup", [...layout.runtimes, name, "options", "SystemdCgroup"], systemd);

  // --- sandbox image and certs.d
  set("sandbox", layout.sandbox, settings.sandboxImage);
  set("config_path", [...layout.registry, "config_path"], settings.configPath ?? DEFAULT_CERTS_DIR);

  // --- the CRI plugin must not be disabled: docker-ce's containerd.io package ships a config.toml
  // with `disabled_plugins = ["cri"]` (for Docker, which does not need it), and kubeadm then finds
  // no runtime. Only the CRI names are taken out; other disabled plugins stay disabled.
  const disabled = items.find(
    (it): it is TomlEntry => it.kind === "entry" && same(it.path, ["disabled_plugins"]),
  );
  if (disabled) {
    const raw = text.slice(disabled.valueStart, disabled.valueEnd);
    const names = [...raw.matchAll(/"([^"\\]*)"|'([^']*)'/g)].map((m) => ({
      text: m[0],
      name: m[1] ?? m[2] ?? "",
    }));
    const isCri = (n: string) => n === "cri" || CRI_PLUGINS.includes(n);
    // A plain array of strings only (anything else is left alone rather than rewritten wrongly).
    const plain = /^\[\s*((("[^"\\]*"|'[^']*')\s*,\s*)*("[^"\\]*"|'[^']*')\s*,?)?\s*\]$/.test(raw);
    if (plain && names.some((n) => isCri(n.name))) {
      const next = `[${names
        .filter((n) => !isCri(n.name))
        .map((n) => n.text)
        .join(", ")}]`;
      add(disabled.valueStart, disabled.valueEnd - disabled.valueStart, next);
      changes.push({ setting: "disabled_plugins", key: "disabled_plugins", before: raw, after: next });
    }
  }

  // --- deprecated registry settings containerd refuses next to config_path
  const conflicts = new Set<string>();
  for (const it of items) {
    const mirror = [...layout.registry, "mirrors"];
    const configs = [...layout.registry, "configs"];
    if (it.path.length > mirror.length && startsWith(it.path, mirror)) {
      conflicts.add(keyText(it.path.slice(0, mirror.length + 1), quote));
    }
    if (
      it.path.length > configs.length + 1 &&
      startsWith(it.path, configs) &&
      it.path[configs.length + 1] === "tls"
    ) {
      conflicts.add(keyText(it.path.slice(0, configs.length + 2), quote));
    }
  }

  return { text: apply(text, edits), version, changes, conflicts: [...conflicts] };
}

/** Indentation of a table's keys relative to its header (containerd writes two spaces). */
function childIndent(items: Item[], header: Header): string {
  const idx = items.indexOf(header);
  const next = items[idx + 1];
  if (next?.kind === "entry" && same(next.table, header.path) && next.indent.startsWith(header.indent)) {
    const extra = next.indent.slice(header.indent.length);
    if (extra.length > 0) return extra;
  }
  return "  ";
}

/** A newline to put first when inserting at the very end of a text that lacks a final one. */
function needsEol(text: string, at: number, eol: string): string {
  return at === text.length && text.length > 0 && !text.endsWith("\n") ? eol : "";
}

function apply(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.at - b.at || a.seq - b.seq);
  let out = "";
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.at) + e.insert;
    pos = Math.max(pos, e.at + e.remove);
  }
  return out + text.slice(pos);
}

// ---------------------------------------------------------------------------------------------
// Reading (doctor): the sandbox image the file configures.

export interface SandboxImageSetting {
  version: ConfigVersion;
  /** Full TOML key for the version's layout, e.g. plugins."io.containerd.grpc.v1.cri".sandbox_image. */
  key: string;
  /** The configured image; undefined when unset (containerd then uses its built-in registry.k8s.io pause). */
  image: string | undefined;
}

/**
 * The sandbox (pause) image of a config.toml, for the layout its `version` implies. Undefined when
 * the version is missing or unsupported; throws ContainerdConfigError when the file does not parse.
 */
export function readSandboxImage(text: string): SandboxImageSetting | undefined {
  const { version } = detectVersion(text);
  if (version !== 2 && version !== 3 && version !== 4) return undefined;
  const path = LAYOUT[version].sandbox;
  const entry = scan(text)
    .filter((it): it is TomlEntry => it.kind === "entry" && same(it.path, path))
    .at(-1);
  const value = entry ? readScalar(text.slice(entry.valueStart, entry.valueEnd)) : undefined;
  return {
    version,
    key: keyText(path, version >= 3 ? "'" : '"'),
    image: value?.type === "string" && value.value !== "" ? value.value : undefined,
  };
}
