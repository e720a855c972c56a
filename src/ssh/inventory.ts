/**
 * The SSH inventory: which hosts to join, how to reach them, per-host overrides. From an inventory
 * YAML file and/or `--workers`/`--control-planes` lists. PURE: text and flag values in, hosts or
 * problems (file, key, problem code) out; nothing here reads a password or a key.
 *
 * ```yaml
 * defaults: { user: root, port: 22, identityFile: ~/.ssh/id_ed25519 }
 * hosts:
 *   - host: 10.0.0.21
 *     role: worker              # or control-plane
 *     nodeName: worker-1
 *   - host: 10.0.0.12
 *     role: control-plane
 *     advertiseAddress: 10.0.0.12
 *     passwordEnv: CP2_PASSWORD # or askPassword: true
 * ```
 */
import { loadBounded, type YamlProblem } from "../util/yaml-safe.js";
import { formatHostPort, parseIp } from "../validate/ip.js";
import { isDns1123Subdomain, isMistypedIpv4, parseHostPort } from "../validate/names.js";
import { ENV_NAME } from "./shell.js";

/** What a host joins as. */
export type RemoteRole = "control-plane" | "worker";

export interface InventoryHost {
  /** Stable id: host, or host:port when the port is not 22. */
  id: string;
  host: string;
  port: number;
  user: string;
  role: RemoteRole;
  identityFile?: string | undefined;
  /** Environment variable holding the password (its name only). */
  passwordEnv?: string | undefined;
  askPassword: boolean;
  nodeName?: string | undefined;
  advertiseAddress?: string | undefined;
  /** Remote file-system root for the files the steps write ("/"). */
  root: string;
  /** Extra environment for the remote steps (proxies). */
  env: Record<string, string>;
}

export type InventoryProblemCode =
  | "yaml"
  | "notMapping"
  | "unknownKey"
  | "notString"
  | "notList"
  | "badHost"
  | "badPort"
  | "badUser"
  | "badRole"
  | "badNodeName"
  | "badAddress"
  | "badIpv4"
  | "badEnvName"
  | "badRoot"
  | "badBool"
  | "duplicateHost"
  | "duplicateNodeName"
  | "advertiseWorker"
  | "empty";

export interface InventoryProblem {
  /** The inventory file, or the flag ("--workers"). */
  source: string;
  /** Where in it: `hosts[2].port`. */
  key: string;
  code: InventoryProblemCode;
  value?: string;
  /** unknownKey: the keys allowed at that place. */
  known?: string;
  /** yaml: where the parser stopped (1-based). */
  line?: number;
  column?: number;
  /** From a command-line flag or argument, not a file. */
  fromFlag?: boolean;
}

export type InventoryResult =
  | { ok: true; hosts: InventoryHost[] }
  | { ok: false; problems: InventoryProblem[]; bounds?: YamlProblem };

/** Settings a host inherits: file `defaults`, then flags, then per-host values (later wins). */
export interface HostDefaults {
  port?: number | undefined;
  user?: string | undefined;
  identityFile?: string | undefined;
  passwordEnv?: string | undefined;
  askPassword?: boolean | undefined;
  root?: string | undefined;
  env?: Record<string, string> | undefined;
}

const HOST_KEYS = [
  "host",
  "role",
  "port",
  "user",
  "identityFile",
  "passwordEnv",
  "askPassword",
  "nodeName",
  "advertiseAddress",
  "root",
  "env",
] as const;
const DEFAULT_KEYS = ["port", "user", "identityFile", "passwordEnv", "askPassword", "root", "env"] as const;
const USER_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

type Raw = Record<string, unknown>;

const isMapping = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as quoted in a problem: one line, at most 60 characters (never a whole YAML subtree). */
function shown(value: unknown): string {
  const text = (typeof value === "string" ? value : (JSON.stringify(value) ?? String(value))).replace(
    /\s+/g,
    " ",
  );
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

class Collector {
  readonly problems: InventoryProblem[] = [];
  constructor(
    readonly source: string,
    readonly fromFlag = false,
  ) {}
  add(
    key: string,
    code: InventoryProblemCode,
    value?: unknown,
    known?: readonly string[],
    at?: { line: number; column: number },
  ) {
    this.problems.push({
      source: this.source,
      key,
      code,
      ...(value !== undefined ? { value: shown(value) } : {}),
      ...(known ? { known: known.join(", ") } : {}),
      ...(at ?? {}),
      ...(this.fromFlag ? { fromFlag: true } : {}),
    });
  }
}

/** Reads the shared fields of a host entry or the defaults block. */
function readSettings(c: Collector, raw: Raw, at: string, allowed: readonly string[]): HostDefaults & Raw {
  const out: HostDefaults & Raw = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = at ? `${at}.${k}` : k;
    if (!allowed.includes(k)) {
      c.add(key, "unknownKey", k, allowed);
      continue;
    }
    switch (k) {
      case "port": {
        const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
        if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 65535) c.add(key, "badPort", v);
        else out.port = n;
        break;
      }
      case "askPassword":
        if (typeof v !== "boolean") c.add(key, "badBool", v);
        else out.askPassword = v;
        break;
      case "env": {
        if (!isMapping(v)) {
          c.add(key, "notMapping", v);
          break;
        }
        const env: Record<string, string> = {};
        for (const [name, value] of Object.entries(v)) {
          if (!ENV_NAME.test(name)) c.add(`${key}.${name}`, "badEnvName", name);
          else if (typeof value !== "string" && typeof value !== "number")
            c.add(`${key}.${name}`, "notString", value);
          else env[name] = String(value);
        }
        out.env = env;
        break;
      }
      default: {
        if (typeof v !== "string" || v.trim() === "") {
          c.add(key, "notString", v);
          break;
        }
        const s = v.trim();
        if (k === "user" && !USER_RE.test(s)) c.add(key, "badUser", s);
        else if (k === "passwordEnv" && !ENV_NAME.test(s)) c.add(key, "badEnvName", s);
        else if (k === "root" && !s.startsWith("/")) c.add(key, "badRoot", s);
        else if (k === "nodeName" && !isDns1123Subdomain(s)) c.add(key, "badNodeName", s);
        else if (k === "advertiseAddress" && !parseIp(s)) c.add(key, "badAddress", s);
        else if (k === "role" && s !== "worker" && s !== "control-plane") c.add(key, "badRole", s);
        else out[k] = s;
      }
    }
  }
  return out;
}

function idOf(host: string, port: number): string {
  return port === 22 ? host : formatHostPort(host, port);
}

/** One host from HOST, HOST:PORT, [IPv6]:PORT or user@HOST[:PORT]. */
function hostEntry(
  c: Collector,
  key: string,
  text: string,
  role: RemoteRole,
  d: HostDefaults,
  per: HostDefaults & Raw = {},
): InventoryHost | undefined {
  let rest = text.trim();
  let user: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at > 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER_RE.test(user)) {
      c.add(key, "badUser", user);
      return undefined;
    }
  }
  const hp = parseHostPort(rest);
  if (!hp) {
    // "999.1.1.1", "10.0.0:2222": a mistyped address, not a host name to look up.
    const hostPart = /^[0-9.]+:[0-9]+$/.test(rest) ? rest.slice(0, rest.lastIndexOf(":")) : rest;
    c.add(key, isMistypedIpv4(hostPart) ? "badIpv4" : "badHost", text);
    return undefined;
  }
  if (hp.port !== undefined && (hp.port < 1 || hp.port > 65535)) {
    c.add(key, "badPort", String(hp.port));
    return undefined;
  }
  const port = per.port ?? hp.port ?? d.port ?? 22;
  const host: InventoryHost = {
    id: idOf(hp.host, port),
    host: hp.host,
    port,
    user: (per.user as string | undefined) ?? user ?? d.user ?? "root",
    role,
    identityFile: per.identityFile ?? d.identityFile,
    passwordEnv: per.passwordEnv ?? d.passwordEnv,
    askPassword: per.askPassword ?? d.askPassword ?? false,
    nodeName: per.nodeName as string | undefined,
    advertiseAddress: per.advertiseAddress as string | undefined,
    root: per.root ?? d.root ?? "/",
    env: { ...d.env, ...per.env },
  };
  if (host.advertiseAddress && role === "worker")
    c.add(`${key}.advertiseAddress`, "advertiseWorker", host.advertiseAddress);
  return host;
}

/** Parses an inventory file's text. `flagDefaults` (from --ssh-user etc.) sit between its defaults and its hosts. */
export function parseInventory(
  source: string,
  text: string,
  flagDefaults: HostDefaults = {},
): InventoryResult {
  const c = new Collector(source);
  const r = loadBounded(text);
  if (!r.ok) {
    const p = r.problem;
    if (p.kind !== "syntax") return { ok: false, problems: [], bounds: p };
    // the reason and the position, no snippet of the file
    c.add("", "yaml", p.reason, undefined, { line: p.line, column: p.column });
    return { ok: false, problems: c.problems };
  }
  const doc = r.doc;
  if (!isMapping(doc)) {
    c.add("", "notMapping");
    return { ok: false, problems: c.problems };
  }
  for (const k of Object.keys(doc))
    if (k !== "defaults" && k !== "hosts") c.add(k, "unknownKey", k, ["defaults", "hosts"]);
  let defaults: HostDefaults = {};
  if (doc.defaults !== undefined) {
    if (!isMapping(doc.defaults)) c.add("defaults", "notMapping");
    else defaults = readSettings(c, doc.defaults, "defaults", DEFAULT_KEYS);
  }
  const merged: HostDefaults = {
    ...defaults,
    ...stripUndefined(flagDefaults),
    env: { ...defaults.env, ...flagDefaults.env },
  };
  const hosts: InventoryHost[] = [];
  if (!Array.isArray(doc.hosts)) {
    c.add("hosts", doc.hosts === undefined ? "empty" : "notList");
  } else {
    doc.hosts.forEach((entry, i) => {
      const key = `hosts[${i}]`;
      const raw: Raw = typeof entry === "string" ? { host: entry } : isMapping(entry) ? entry : {};
      if (!isMapping(entry) && typeof entry !== "string") {
        c.add(key, "notMapping");
        return;
      }
      const per = readSettings(c, raw, key, HOST_KEYS);
      if (typeof per.host !== "string") {
        if (raw.host === undefined) c.add(`${key}.host`, "badHost", "");
        return;
      }
      const h = hostEntry(
        c,
        `${key}.host`,
        per.host,
        (per.role as RemoteRole | undefined) ?? "worker",
        merged,
        per,
      );
      if (h) hosts.push(h);
    });
  }
  checkDuplicates(c, hosts, (i) => `hosts[${i}]`);
  return c.problems.length > 0 ? { ok: false, problems: c.problems } : { ok: true, hosts };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Hosts from `--workers a,b` / `--control-planes c` (and add-node's positionals). */
export function hostsFromLists(
  lists: { flag: string; role: RemoteRole; values: string[] }[],
  defaults: HostDefaults,
): InventoryResult {
  const all: InventoryHost[] = [];
  const problems: InventoryProblem[] = [];
  for (const l of lists) {
    const c = new Collector(l.flag, true);
    const words = l.values.flatMap((v) => v.split(",")).map((w) => w.trim());
    const given = words.filter((w) => w !== "").length;
    words.forEach((w, i) => {
      if (w === "") return;
      // A lone value needs no position ("--host: ..." rather than "--host: 1: ...").
      const h = hostEntry(c, given > 1 ? `${i + 1}` : "", w, l.role, defaults);
      if (h) all.push(h);
    });
    problems.push(...c.problems);
  }
  const c = new Collector(lists.map((l) => l.flag).join("/"), true);
  checkDuplicates(c, all, (i) => all[i]?.id ?? String(i));
  problems.push(...c.problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, hosts: all };
}

function checkDuplicates(c: Collector, hosts: InventoryHost[], keyOf: (i: number) => string): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  hosts.forEach((h, i) => {
    if (ids.has(h.id)) c.add(keyOf(i), "duplicateHost", h.id);
    ids.add(h.id);
    if (h.nodeName) {
      if (names.has(h.nodeName)) c.add(`${keyOf(i)}.nodeName`, "duplicateNodeName", h.nodeName);
      names.add(h.nodeName);
    }
  });
}

/** File hosts plus list hosts; a host given twice is a problem (it would be joined twice). */
export function mergeInventories(a: InventoryHost[], b: InventoryHost[]): InventoryResult {
  const c = new Collector("inventory");
  const all = [...a, ...b];
  checkDuplicates(c, all, (i) => all[i]?.id ?? String(i));
  return c.problems.length > 0 ? { ok: false, problems: c.problems } : { ok: true, hosts: all };
}
