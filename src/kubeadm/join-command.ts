/**
 * Join commands: parse the ones kubeadm prints (and users paste), format them back. Pure: no I/O.
 *
 * Shapes handled (sources: kubernetes/kubernetes cmd/kubeadm/app/cmd/util/join.go joinCommandTemplate,
 * cmd/kubeadm/app/cmd/token.go RunCreateToken, cmd/kubeadm/app/cmd/join.go flags; see
 * ../shared/testdata/transcripts/kubeadm-join-command.kubeadm-source-template.txt):
 * - `kubeadm init` prints `kubeadm join HOST:PORT --token T \` and continuation lines indented with four
 *   spaces (older join.go) or a TAB (newer), each hash followed by a space, and for the control-plane
 *   variant `\` + `--control-plane --certificate-key K`.
 * - `kubeadm token create --print-join-command` prints the same command on one line (token.go removes
 *   every backslash-newline and TAB), with a trailing space.
 * - Pasted lines: with or without `sudo`/`kubeadm`, `--flag=value` or `--flag value`, CRLF, lost or
 *   stray backslashes, shell `> ` continuation prompts, typographic dashes and quotes, values wrapped
 *   onto their own line by a terminal.
 *
 * Problems are returned as data (`{ code, value }`); the message catalogue (i18n/catalog/kubeadm.ts,
 * keys `kubeadm.join.<code>`) turns them into sentences.
 */
import {
  CA_HASH_RE,
  CERT_KEY_RE,
  endpointWithPort,
  isBareIpv6,
  isMistypedIpv4,
  parseHostPort,
  TOKEN_RE,
} from "../validate/names.js";

export interface JoinCommand {
  /** API server endpoint as given, HOST:PORT or [IPv6]:PORT. */
  endpoint: string;
  /** Bootstrap token `[a-z0-9]{6}.[a-z0-9]{16}`. */
  token: string;
  /** `sha256:<64 hex>` pins, lowercased; empty only with --discovery-token-unsafe-skip-ca-verification. */
  caCertHashes: string[];
  controlPlane: boolean;
  certificateKey?: string;
  /**
   * kubeadm join flags this parser accepts but does not interpret (e.g. `--node-name=n1`, `--v=5`,
   * `--discovery-token-unsafe-skip-ca-verification`), normalised to `--name=value` / `--name`, in order.
   */
  unknownFlags: string[];
}

export type JoinProblemCode =
  /** Nothing to parse. */
  | "empty"
  /** More than one `kubeadm join` command in the text (e.g. the whole init output was pasted). */
  | "multipleCommands"
  /** A kubeadm command other than join (value: the sub-command). */
  | "notJoin"
  | "missingEndpoint"
  /** Not HOST:PORT (value: the endpoint). */
  | "badEndpoint"
  /** HOST without :PORT; kubeadm needs the port (value: the endpoint; suggestion: with one). */
  | "endpointNoPort"
  /** An IPv6 address without brackets, e.g. ::1:6443 (value: as given; suggestion: [::1]:6443). */
  | "endpointIpv6Brackets"
  /** Digits and dots that are no IPv4 address, e.g. 999.1.1.1:6443 (value: the endpoint). */
  | "endpointBadIpv4"
  /** A second positional argument; kubeadm would use the first and ignore it (value: the argument). */
  | "extraArgument"
  | "missingToken"
  /** Not `[a-z0-9]{6}.[a-z0-9]{16}` (value: the token). */
  | "badToken"
  | "missingCaHash"
  /** Not `sha256:<64 hex>` (value: the hash). */
  | "badCaHash"
  /** Not 64 hex characters (value: the key). */
  | "badCertificateKey"
  /** --certificate-key given without --control-plane; kubeadm ignores it with a warning. */
  | "certificateKeyWithoutControlPlane"
  /** A flag kubeadm join does not have; kubeadm fails with `unknown flag` (value: the flag). */
  | "unknownFlag"
  /** A flag that needs a value came last (value: the flag). */
  | "missingValue"
  /** `--control-plane=maybe` (value: the flag as given). */
  | "badBoolean"
  /** A documentation placeholder such as `<token>` or `sha256:<hash>` (value: the placeholder). */
  | "placeholder"
  /** `<value withheld>` from `--skip-token-print` / `--skip-certificate-key-print` (value: the flag). */
  | "valueWithheld";

export interface JoinProblem {
  code: JoinProblemCode;
  value: string;
  /** The corrected value, when there is one to offer. */
  suggestion?: string;
}

export type JoinParseResult = { ok: true; join: JoinCommand } | { ok: false; problems: JoinProblem[] };

/** Flags of `kubeadm join` that take a value (join.go addJoinConfigFlags/addJoinOtherFlags, globals). */
const VALUE_FLAGS = new Set([
  "token",
  "discovery-token",
  "discovery-token-ca-cert-hash",
  "certificate-key",
  "node-name",
  "apiserver-advertise-address",
  "apiserver-bind-port",
  "discovery-file",
  "tls-bootstrap-token",
  "cri-socket",
  "config",
  "ignore-preflight-errors",
  "patches",
  "skip-phases",
  // kubeadm global flags
  "v",
  "log-file",
  "log-file-max-size",
  "rootfs",
]);
const BOOL_FLAGS = new Set([
  "control-plane",
  "discovery-token-unsafe-skip-ca-verification",
  "dry-run",
  "help",
  "add-dir-header",
  "one-output",
  "skip-headers",
  "skip-log-headers",
]);
const SHORT_FLAGS: Readonly<Record<string, string>> = { v: "v", h: "help" };
/** `kadm-wizard join` spellings (GUIDE §2), accepted when the command word is kadm-wizard. */
const KADM_ALIASES: Readonly<Record<string, string>> = {
  endpoint: "endpoint",
  "ca-cert-hash": "discovery-token-ca-cert-hash",
};

const WITHHELD = "\u0000withheld\u0000";
const PROGRAMS = /^(?:.*\/)?(kubeadm|kadm-wizard)(?:\.js)?$/;

/** Newlines, continuations and look-alike characters normalised; still multi-line. */
function normaliseText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
      .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " ")
      .replace(/[\u201c\u201d\u201e\u2018\u2019]/g, '"')
      .replace(/<value withheld>/g, WITHHELD)
      // a backslash-newline (with optional trailing blanks) is a continuation
      .replace(/\\[ \t]*\n/g, " ")
  );
}

function cleanToken(raw: string): string {
  let t = raw.replace(/\\+$/, "").replace(/^\\+/, "");
  t = t.replace(/^[\u2012-\u2015\u2212\ufe58\ufe63\uff0d]+(?=[a-zA-Z])/, "--");
  const q = /^(['"])(.*)\1$/.exec(t);
  if (q) t = q[2] as string;
  return t;
}

function tokens(line: string): string[] {
  return line
    .split(/\s+/)
    .map(cleanToken)
    .filter((t) => t !== "" && t !== ">" && t !== "$" && t !== "#");
}

/** Index of the program word followed by its sub-command, or -1. */
function programIndex(toks: readonly string[]): number {
  return toks.findIndex((t, i) => PROGRAMS.test(t) && toks[i + 1] !== undefined);
}

function isJoinLine(line: string): boolean {
  const toks = tokens(line);
  const i = programIndex(toks);
  return i >= 0 && toks[i + 1] === "join";
}

const VALUE_FLAG_AT_END = new RegExp(
  `(?:^|\\s)--?(?:${[...VALUE_FLAGS, ...Object.keys(KADM_ALIASES)].join("|")})\\s*$`,
);

/** A line after a join command that still belongs to it (terminal-wrapped paste). */
function continues(line: string, soFar: string): boolean {
  const t = line.trim();
  if (/^[-\u2012-\u2015\u2212]/.test(t)) return true;
  if (VALUE_FLAG_AT_END.test(soFar.trimEnd())) return true;
  return /^(?:sha256:[0-9a-fA-F]{8,}|[0-9a-f]{64})\s*$/.test(t);
}

/**
 * Every join command in a text (init output, a terminal paste), each as one normalised line starting at
 * its program word, in order. Continuation lines (`\`) are joined; so are lines a terminal wrapped.
 */
export function extractJoinCommands(text: string): string[] {
  const lines = normaliseText(text).split("\n");
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!isJoinLine(line)) continue;
    const toks = tokens(line);
    let cmd = toks.slice(programIndex(toks)).join(" ");
    let j = i + 1;
    while (j < lines.length) {
      let k = j;
      while (k < lines.length && (lines[k] as string).trim() === "") k++;
      const next = lines[k];
      if (next === undefined || isJoinLine(next) || !continues(next, cmd)) break;
      cmd = `${cmd} ${tokens(next).join(" ")}`;
      j = k + 1;
    }
    found.push(cmd.replaceAll(WITHHELD, "<value withheld>"));
    i = j - 1;
  }
  return found;
}

function isPlaceholder(v: string): boolean {
  return /<[^<>]*>/.test(v);
}

interface RawFlags {
  positionals: string[];
  values: Map<string, string[]>;
  passThrough: string[];
  problems: JoinProblem[];
}

function scanArgs(args: readonly string[], kadm: boolean): RawFlags {
  const out: RawFlags = { positionals: [], values: new Map(), passThrough: [], problems: [] };
  const add = (name: string, value: string) => out.values.set(name, [...(out.values.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("-") || arg === "-" || arg === "--") {
      if (arg !== "-" && arg !== "--") out.positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const body = arg.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    let name = eq >= 0 ? body.slice(0, eq) : body;
    let inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (!long) {
      const mapped = SHORT_FLAGS[name.charAt(0)];
      // pflag shorthand: -v5, -v=5, -v 5
      if (mapped === undefined || (name.length > 1 && mapped !== "v")) {
        out.problems.push({ code: "unknownFlag", value: arg });
        continue;
      }
      if (name.length > 1 && inline === undefined) inline = name.slice(1);
      name = mapped;
    }
    if (kadm && KADM_ALIASES[name]) name = KADM_ALIASES[name] as string;
    const isValue = VALUE_FLAGS.has(name) || (kadm && name === "endpoint");
    if (!isValue && !BOOL_FLAGS.has(name)) {
      out.problems.push({ code: "unknownFlag", value: long ? `--${name}` : arg });
      // its value, if it has one, is not an extra argument (unless it looks like the endpoint)
      const next = args[i + 1];
      const endpointLike =
        next !== undefined && out.positionals.length === 0 && /^(\[.*\]|[\w.-]+):\d+$/.test(next);
      if (inline === undefined && next !== undefined && !next.startsWith("-") && !endpointLike) i++;
      continue;
    }
    if (isValue) {
      let value = inline;
      if (value === undefined) {
        const next = args[i + 1];
        if (next === undefined) {
          out.problems.push({ code: "missingValue", value: `--${name}` });
          continue;
        }
        value = next;
        i++;
      }
      if (value.includes(WITHHELD)) {
        out.problems.push({ code: "valueWithheld", value: `--${name}` });
        continue;
      }
      add(name, value);
    } else {
      const v = inline ?? "true";
      if (!/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(v)) {
        out.problems.push({ code: "badBoolean", value: arg });
        continue;
      }
      add(name, /^(true|1|t)$/i.test(v) ? "true" : "false");
    }
  }
  return out;
}

const INTERPRETED = new Set([
  "token",
  "discovery-token",
  "discovery-token-ca-cert-hash",
  "control-plane",
  "certificate-key",
  "endpoint",
]);

/** The args of one join command (after `join`), or the whole text when it has no program word. */
function argsOf(text: string): { args: string[]; kadm: boolean } | JoinProblem {
  const commands = extractJoinCommands(text);
  if (commands.length > 1) return { code: "multipleCommands", value: String(commands.length) };
  if (commands.length === 1) {
    const toks = tokens(normaliseText(commands[0] as string));
    const i = programIndex(toks);
    return { args: toks.slice(i + 2), kadm: /kadm-wizard/.test(toks[i] as string) };
  }
  const toks = tokens(normaliseText(text).replace(/\n/g, " "));
  const i = programIndex(toks);
  if (i >= 0) return { code: "notJoin", value: toks[i + 1] as string };
  if (toks.length === 1 && PROGRAMS.test(toks[0] as string)) return { code: "notJoin", value: "" };
  return { args: toks[0] === "join" ? toks.slice(1) : toks, kadm: false };
}

/**
 * Parses one join command: printed by `kubeadm init` / `kubeadm token create --print-join-command`,
 * pasted by a user, or just its arguments. All problems are reported, not only the first.
 */
export function parseJoinCommand(text: string): JoinParseResult {
  if (text.trim() === "") return { ok: false, problems: [{ code: "empty", value: "" }] };
  const located = argsOf(text);
  if ("code" in located) return { ok: false, problems: [located] };
  const raw = scanArgs(located.args, located.kadm);
  const problems = [...raw.problems];
  const first = (name: string) => raw.values.get(name)?.[0];
  const unknownFlags: string[] = [];

  // endpoint: the first positional (kadm: --endpoint)
  const positionals = [...(raw.values.get("endpoint") ?? []), ...raw.positionals];
  const endpoint = positionals[0];
  for (const extra of positionals.slice(1)) problems.push({ code: "extraArgument", value: extra });
  if (endpoint === undefined) problems.push({ code: "missingEndpoint", value: "" });
  else if (isPlaceholder(endpoint)) problems.push({ code: "placeholder", value: endpoint });
  else {
    const hp = parseHostPort(endpoint);
    const host = endpoint.replace(/:[0-9]*$/, "");
    if (!hp && isMistypedIpv4(host)) problems.push({ code: "endpointBadIpv4", value: endpoint });
    else if (!hp) problems.push({ code: "badEndpoint", value: endpoint });
    else if (hp.port === undefined) {
      const code = isBareIpv6(endpoint) ? "endpointIpv6Brackets" : "endpointNoPort";
      problems.push({ code, value: endpoint, suggestion: endpointWithPort(endpoint) });
    }
  }

  // token: --token, else --discovery-token (join.go: --token fills both discovery and TLS bootstrap)
  const token = first("token") ?? first("discovery-token");
  const discoveryToken = first("discovery-token");
  if (first("token") !== undefined && discoveryToken !== undefined && discoveryToken !== token) {
    unknownFlags.push(`--discovery-token=${discoveryToken}`);
  }
  if (token === undefined) problems.push({ code: "missingToken", value: "" });
  else if (isPlaceholder(token)) problems.push({ code: "placeholder", value: token });
  else if (!TOKEN_RE.test(token)) problems.push({ code: "badToken", value: token });

  // CA pins: repeatable and comma-separated (a pflag StringSlice)
  const caCertHashes: string[] = [];
  for (const h of (raw.values.get("discovery-token-ca-cert-hash") ?? []).flatMap((v) => v.split(","))) {
    if (h === "") continue;
    const lower = /^sha256:/i.test(h) ? `sha256:${h.slice(7).toLowerCase()}` : h;
    if (isPlaceholder(h)) problems.push({ code: "placeholder", value: h });
    else if (!CA_HASH_RE.test(lower)) problems.push({ code: "badCaHash", value: h });
    else if (!caCertHashes.includes(lower)) caCertHashes.push(lower);
  }
  const unsafeSkip = first("discovery-token-unsafe-skip-ca-verification") === "true";
  const hashProblem = problems.some((p) => p.code === "badCaHash" || p.value.startsWith("sha256:<"));
  if (caCertHashes.length === 0 && !unsafeSkip && !hashProblem) {
    problems.push({ code: "missingCaHash", value: "" });
  }

  const controlPlane = first("control-plane") === "true";
  const certificateKey = first("certificate-key");
  if (certificateKey !== undefined) {
    if (isPlaceholder(certificateKey)) problems.push({ code: "placeholder", value: certificateKey });
    else if (!CERT_KEY_RE.test(certificateKey.toLowerCase())) {
      problems.push({ code: "badCertificateKey", value: certificateKey });
    }
    if (!controlPlane) problems.push({ code: "certificateKeyWithoutControlPlane", value: certificateKey });
  }

  // pass-through flags, in the order given
  for (const [name, values] of raw.values) {
    if (INTERPRETED.has(name)) continue;
    for (const v of values)
      unknownFlags.push(BOOL_FLAGS.has(name) && v === "true" ? `--${name}` : `--${name}=${v}`);
  }

  if (problems.length > 0 || endpoint === undefined || token === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    join: {
      endpoint,
      token,
      caCertHashes,
      controlPlane,
      ...(certificateKey !== undefined ? { certificateKey: certificateKey.toLowerCase() } : {}),
      unknownFlags,
    },
  };
}

export interface InitJoinCommands {
  worker?: JoinParseResult;
  controlPlane?: JoinParseResult;
}

/**
 * The join commands at the end of a `kubeadm init` run (showjoincommand.go initDoneTempl): one for
 * workers, and one for control planes when a controlPlaneEndpoint is set.
 */
export function parseInitJoinCommands(output: string): InitJoinCommands {
  const result: InitJoinCommands = {};
  for (const cmd of extractJoinCommands(output)) {
    const parsed = parseJoinCommand(cmd);
    const isCp = parsed.ok ? parsed.join.controlPlane : /(^|\s)--control-plane\b/.test(cmd);
    if (isCp) result.controlPlane ??= parsed;
    else result.worker ??= parsed;
  }
  return result;
}

function quote(a: string): string {
  return /^[A-Za-z0-9_./:=@%+,[\]-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`;
}

/** kubeadm flags that `kadm-wizard join` has under the same name (GUIDE §2 spec flags). */
const KADM_PASSABLE = new Set(["node-name", "cri-socket"]);

/**
 * One-line join command. `kadm: false`: `kubeadm join HOST:PORT --token T --discovery-token-ca-cert-hash H
 * [--control-plane] [--certificate-key K] [pass-through flags]`. `kadm: true`: the `kadm-wizard join
 * --endpoint ... --ca-cert-hash ...` form; pass-through flags other than --node-name and --cri-socket
 * have no kadm-wizard equivalent and are left out.
 */
export function formatJoinCommand(j: JoinCommand, opts: { kadm: boolean }): string {
  const parts: string[] = opts.kadm
    ? ["kadm-wizard", "join", "--endpoint", j.endpoint, "--token", j.token]
    : ["kubeadm", "join", j.endpoint, "--token", j.token];
  for (const h of j.caCertHashes)
    parts.push(opts.kadm ? "--ca-cert-hash" : "--discovery-token-ca-cert-hash", h);
  if (j.controlPlane) parts.push("--control-plane");
  if (j.certificateKey !== undefined) parts.push("--certificate-key", j.certificateKey);
  for (const f of j.unknownFlags) {
    if (!opts.kadm) parts.push(f);
    else {
      const m = /^--([^=]+)=(.*)$/.exec(f);
      if (m && KADM_PASSABLE.has(m[1] as string)) parts.push(`--${m[1]}`, m[2] as string);
    }
  }
  return parts.map(quote).join(" ");
}
