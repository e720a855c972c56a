#!/usr/bin/env node
/**
 * A fake `kubeadm` for integration tests (`kadm-wizard --kubeadm PATH`). It prints what a real kubeadm
 * prints, built from the message texts in ../shared/testdata/transcripts (read at run time, never copied
 * into the repository) and kubeadm's source strings quoted below, and writes the files kubeadm writes
 * under a fake host root.
 *
 * Environment:
 *   KADM_FAKE_ROOT      host root; every path kubeadm touches (/etc/kubernetes, /var/lib/etcd,
 *                       /var/lib/kubelet) lives under it. Required for init/join/reset/token.
 *   KADM_FAKE_TESTDATA  the shared/testdata/transcripts directory (default: <repo>/../shared/testdata/transcripts).
 *   KADM_FAKE_VERSION   kubeadm version, default v1.33.2. <= 1.33 prints the older error layout
 *                       ("error execution phase preflight: [preflight] Some fatal errors occurred: ..."),
 *                       >= 1.34 the newer one ("error: error execution phase preflight: preflight checks failed").
 *   KADM_FAKE_FAIL      inject a failure: preflight-leftovers, preflight-port, wait-control-plane,
 *                       wait-kubelet, join-token-expired, join-ca-hash, join-unreachable, upload-certs,
 *                       upgrade-apply (fails after kube-apiserver's manifest moved), upgrade-node.
 *   KADM_FAKE_CONFIG_LOG a file: every --config file read is appended as one JSON line
 *                       {command, path, mode, dirMode, text}, the file's state while kubeadm runs
 *                       (tests check it was private and held the right values).
 *   KADM_FAKE_CA_HASH   the CA hash join discovery accepts (default FAKE_CA_HASH).
 *   KADM_FAKE_JOIN_WAIT_MS  join waits this long in the TLS bootstrap, as a real kubelet does (default 0).
 *   KADM_FAKE_ADMIN_CONF a kubeconfig file written as /etc/kubernetes/admin.conf instead of a generated one,
 *                       e.g. one pointing at the fake API server on 127.0.0.1 (tests never dial the
 *                       advertise address).
 *   KADM_FAKE_IMAGE_TAGS JSON {"pause","etcd","coredns"}: the tags `config images list` prints (a kubeadm
 *                       release newer than the project's table), instead of the table's.
 *   KADM_FAKE_LENIENT   "1": unknown kinds in --config only warn and are ignored, as `kubeadm init` does;
 *                       by default they are rejected like `kubeadm config validate` does.
 *
 * Sub-commands: `version [-o short|json]`, `certs renew all|NAME`, `certs check-expiration`, `config images list|pull`, `init`, `init phase upload-certs`, `join`, `reset`,
 * `token create [--print-join-command] [--certificate-key K]`, `upgrade plan [VERSION]`, `upgrade apply VERSION [-y]`,
 * `upgrade node`. Anything else fails like cobra.
 * `join`, `token create` and `init phase upload-certs` refuse flags next to --config as kubeadm's
 * ValidateMixedArguments does (app/apis/kubeadm/validation/validation.go isAllowedFlag).
 *
 * The fake cluster's CA is fixed: pki/ca.crt holds a PEM-looking block and the CA hash printed in
 * join commands is sha256 over FAKE_CA_PUBLIC_KEY (exported as FAKE_CA_HASH), stable across runs and
 * roots. `join` checks --discovery-token-ca-cert-hash against it, like real discovery does.
 *
 * Sources for strings not in the testdata (kubernetes/kubernetes cmd/kubeadm, via the code index):
 * app/preflight/checks.go (RunChecks, handleError, check names/messages), app/cmd/phases/workflow/runner.go
 * ("error execution phase %s"), app/util/error.go (exit codes 1 / 3 for validation aggregates),
 * app/discovery/token/token.go + app/util/pubkeypin/pubkeypin.go (discovery errors),
 * app/apis/kubeadm/validation (ValidateDiscoveryBootstrapToken messages), app/util/config/common.go
 * (validateSupportedVersion, NormalizeKubernetesVersion), app/util/config/initconfiguration.go
 * ("no InitConfiguration or ClusterConfiguration kind was found in the configuration file"),
 * app/cmd/join.go (join flags, control-plane flag warning). Phase progress lines follow public 1.33/1.34
 * transcripts of `kubeadm init` / `join` / `reset` (phase lines are fmt.Printf strings of the phases).
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes, randomInt, X509Certificate } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import yaml from "js-yaml";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "..", "..", "..");

/** Fixed stand-in for the CA's SubjectPublicKeyInfo; the CA hash is sha256 over these bytes. */
export const FAKE_CA_PUBLIC_KEY = "kadm-wizard fake kubeadm cluster CA public key v1";
export const FAKE_CA_HASH = `sha256:${createHash("sha256").update(FAKE_CA_PUBLIC_KEY).digest("hex")}`;
const FAKE_CA_PEM = [
  "-----BEGIN CERTIFICATE-----",
  ...(Buffer.from(`${FAKE_CA_PUBLIC_KEY}\n`.repeat(8))
    .toString("base64")
    .match(/.{1,64}/g) ?? []),
  "-----END CERTIFICATE-----",
  "",
].join("\n");

const HINT = "To see the stack trace of this error execute with --v=5 or higher";

// ---------------------------------------------------------------------------------------------------
// output

class Exit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

const out = (s = "") => process.stdout.write(`${s}\n`);
const err = (s = "") => process.stderr.write(`${s}\n`);

/** klog-style warning on stderr, e.g. `W0614 23:56:56.964635   30787 checks.go:846] msg`. */
function klogWarn(file, msg) {
  const d = new Date();
  const p = (n, w = 2) => String(n).padStart(w, "0");
  const stamp = `${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
  err(`W${stamp} ${String(process.pid).padStart(7)} ${file}] ${msg}`);
}

/** kubeadm's error exit: message + stack-trace hint on stderr (app/util/error.go, cmd/kubeadm). */
function fail(message, code = 1) {
  err(message);
  err(HINT);
  throw new Exit(code);
}

// ---------------------------------------------------------------------------------------------------
// versions

function parseVersion(v) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(String(v ?? "").trim());
  return m
    ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: `v${m[1]}.${m[2]}.${m[3]}` }
    : undefined;
}

const KUBEADM = parseVersion(process.env.KADM_FAKE_VERSION || "v1.33.2") ?? parseVersion("v1.33.2");
const NEW_ERRORS = KUBEADM.minor >= 34;
/** Newer join.go indents continuation lines with a TAB (seen in 1.33+ output), older with four spaces. */
const CONTINUATION_INDENT = KUBEADM.minor >= 33 ? "\t" : "    ";

/** `error execution phase <phase>: <msg>`, prefixed with `error: ` from 1.34 on. */
function phaseError(phase, msg) {
  return `${NEW_ERRORS ? "error: " : ""}error execution phase ${phase}: ${msg}`;
}

// ---------------------------------------------------------------------------------------------------
// testdata

function testdataDir() {
  const dir = process.env.KADM_FAKE_TESTDATA || join(REPO, "..", "shared", "testdata", "transcripts");
  if (!existsSync(dir)) {
    err(`fake-kubeadm: transcripts not found at ${dir} (set KADM_FAKE_TESTDATA)`);
    throw new Exit(1);
  }
  return dir;
}

/** A transcript's data: everything after the leading `#` header lines. */
export function transcriptBody(text) {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i].startsWith("#")) i++;
  return lines.slice(i).join("\n");
}

function transcript(name) {
  return transcriptBody(readFileSync(join(testdataDir(), name), "utf8"));
}

/** `===== name =====` sections of a transcript body, keyed by name. */
export function transcriptSections(body) {
  const sections = new Map();
  let name;
  for (const line of body.split("\n")) {
    const m = /^===== (.+) =====$/.exec(line);
    if (m) {
      name = m[1];
      sections.set(name, []);
    } else if (name !== undefined) sections.get(name).push(line);
  }
  return new Map([...sections].map(([k, v]) => [k, v.join("\n").replace(/\n+$/, "")]));
}

function section(body, prefix) {
  for (const [k, v] of transcriptSections(body)) if (k.startsWith(prefix)) return v;
  throw new Error(`fake-kubeadm: no section "${prefix}" in transcript`);
}

// ---------------------------------------------------------------------------------------------------
// a small Go text/template subset: {{.X}}, {{$v}}, {{if .X}}..{{else}}..{{end}}, {{range $v := .X}}..{{end}},
// and the {{- / -}} whitespace trimming markers.

export function renderGoTemplate(src, data) {
  const parts = [];
  const re = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(src); m !== null; m = re.exec(src)) {
    let text = src.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (m[1] === "-") text = text.replace(/\s+$/, "");
    parts.push({ t: "text", v: text });
    parts.push({ t: "action", v: m[2] });
    trimNext = m[3] === "-";
    last = m.index + m[0].length;
  }
  let tail = src.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, "");
  parts.push({ t: "text", v: tail });

  // parse into a tree
  const root = { kind: "list", items: [] };
  const stack = [root];
  const top = () => stack[stack.length - 1];
  for (const p of parts) {
    if (p.t === "text") {
      top().items.push({ kind: "text", v: p.v });
      continue;
    }
    const a = p.v;
    const ifMatch = /^if\s+(.+)$/.exec(a);
    const rangeMatch = /^range\s+\$(\w+)\s*:=\s*(.+)$/.exec(a);
    if (ifMatch) {
      const node = {
        kind: "if",
        cond: ifMatch[1],
        yes: { kind: "list", items: [] },
        no: { kind: "list", items: [] },
      };
      top().items.push(node);
      stack.push(node, node.yes);
    } else if (a === "else") {
      stack.pop();
      const node = top();
      stack.push(node.no);
    } else if (rangeMatch) {
      const node = {
        kind: "range",
        v: rangeMatch[1],
        list: rangeMatch[2],
        body: { kind: "list", items: [] },
      };
      top().items.push(node);
      stack.push(node, node.body);
    } else if (a === "end") {
      stack.pop();
      stack.pop();
    } else top().items.push({ kind: "value", expr: a });
  }

  const lookup = (expr, scope) => {
    if (expr.startsWith("$")) return scope[expr.slice(1)];
    if (expr.startsWith(".")) return expr.slice(1) === "" ? data : data[expr.slice(1)];
    throw new Error(`fake-kubeadm: unsupported template action {{${expr}}}`);
  };
  const truthy = (v) =>
    !(v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0));
  const render = (node, scope) => {
    switch (node.kind) {
      case "list":
        return node.items.map((n) => render(n, scope)).join("");
      case "text":
        return node.v;
      case "value": {
        const v = lookup(node.expr, scope);
        return v === undefined || v === null ? "" : String(v);
      }
      case "if":
        return render(truthy(lookup(node.cond, scope)) ? node.yes : node.no, scope);
      case "range":
        return (lookup(node.list, scope) ?? [])
          .map((x) => render(node.body, { ...scope, [node.v]: x }))
          .join("");
      default:
        return "";
    }
  };
  return render(root, {});
}

/**
 * The join command as join.go renders it (testdata kubeadm-join-command.kubeadm-source-template.txt),
 * with the continuation indent of this kubeadm version.
 */
export function renderJoinCommand(ctx, indent = CONTINUATION_INDENT) {
  const tpl = transcript("kubeadm-join-command.kubeadm-source-template.txt").replace(/\n$/, "");
  return renderGoTemplate(tpl.replaceAll("\n    ", `\n${indent}`), ctx);
}

// ---------------------------------------------------------------------------------------------------
// flags (pflag-like: --name=value, --name value, -f; bools; repeatable slices)

function parseFlags(args, spec) {
  const flags = new Map();
  const positionals = [];
  const set = (name, value) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      positionals.push(a);
      continue;
    }
    let name;
    let inline;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      name = a.slice(2, eq >= 0 ? eq : undefined);
      inline = eq >= 0 ? a.slice(eq + 1) : undefined;
    } else {
      const short = a[1];
      name = spec.short?.[short];
      if (!name) fail(`unknown shorthand flag: '${short}' in ${a}`);
      inline = a.length > 2 ? a.slice(a[2] === "=" ? 3 : 2) : undefined;
    }
    if (spec.values.has(name)) {
      let v = inline;
      if (v === undefined) {
        if (i + 1 >= args.length) fail(`flag needs an argument: --${name}`);
        v = args[++i];
      }
      set(name, v);
    } else if (spec.bools.has(name)) {
      set(name, inline === undefined ? "true" : inline);
    } else fail(`unknown flag: --${name}`);
  }
  const get = (n) => flags.get(n)?.at(-1);
  const list = (n) => (flags.get(n) ?? []).flatMap((v) => v.split(",")).filter((v) => v !== "");
  const bool = (n) => /^(true|1|t)$/i.test(get(n) ?? "false");
  return { flags, positionals, get, list, bool, has: (n) => flags.has(n) };
}

const GLOBAL_VALUES = ["v", "log-file", "log-file-max-size", "rootfs", "kubeconfig"];
const GLOBAL_BOOLS = ["help", "add-dir-header", "one-output", "skip-headers", "skip-log-headers"];
const flagSpec = (values, bools, short = {}) => ({
  values: new Set([...values, ...GLOBAL_VALUES]),
  bools: new Set([...bools, ...GLOBAL_BOOLS]),
  short: { v: "v", h: "help", ...short },
});

/**
 * kubeadm's ValidateMixedArguments: with --config, only these flags (and any "skip-*") may be set;
 * anything else fails `can not mix '--config' with arguments [...]` (names in the order given).
 */
const MIXABLE = new Set([
  "config",
  "ignore-preflight-errors",
  "dry-run",
  "kubeconfig",
  "node-name",
  "kubeconfig-dir",
  "upload-certs",
  "print-join-command",
  "rootfs",
  "v",
  "log-file",
  "yes",
]);
function refuseMixedArguments(p, extra = []) {
  if (!p.has("config")) return;
  const mixed = [...p.flags.keys()].filter((n) => !MIXABLE.has(n) && !n.startsWith("skip-"));
  if (mixed.length > 0 || extra.length > 0)
    fail(`can not mix '--config' with arguments [${[...mixed, ...extra].join(" ")}]`);
}

/** KADM_FAKE_CONFIG_LOG: the config file as kubeadm found it (mode, its directory's mode, text). */
function recordConfig(command, path) {
  const log = process.env.KADM_FAKE_CONFIG_LOG;
  if (!log || !path) return;
  const mode = (p) => {
    try {
      return (statSync(p).mode & 0o777).toString(8).padStart(4, "0");
    } catch {
      return "missing";
    }
  };
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {}
  appendFileSync(
    log,
    `${JSON.stringify({ command, path, mode: mode(path), dirMode: mode(dirname(path)), text })}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------
// host root

function root() {
  const r = process.env.KADM_FAKE_ROOT;
  if (!r) {
    err("fake-kubeadm: KADM_FAKE_ROOT is not set");
    throw new Exit(1);
  }
  return r;
}
const hostPath = (p) => join(root(), p);
function writeHost(p, content) {
  const full = hostPath(p);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}
const dirNotEmpty = (p) => existsSync(hostPath(p)) && readdirSync(hostPath(p)).length > 0;
function clearDir(p) {
  const full = hostPath(p);
  if (!existsSync(full)) return;
  for (const e of readdirSync(full)) rmSync(join(full, e), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------
// config files (kubeadm.k8s.io v1beta3/v1beta4 + component configs)

const KNOWN_KINDS = new Map([
  [
    "kubeadm.k8s.io/v1beta3",
    ["InitConfiguration", "ClusterConfiguration", "JoinConfiguration", "ResetConfiguration"],
  ],
  [
    "kubeadm.k8s.io/v1beta4",
    [
      "InitConfiguration",
      "ClusterConfiguration",
      "JoinConfiguration",
      "ResetConfiguration",
      "UpgradeConfiguration",
    ],
  ],
  ["kubelet.config.k8s.io/v1beta1", ["KubeletConfiguration"]],
  ["kubeproxy.config.k8s.io/v1alpha1", ["KubeProxyConfiguration"]],
]);
const OLD_APIS = {
  "kubeadm.k8s.io/v1alpha1": "v1.11",
  "kubeadm.k8s.io/v1alpha2": "v1.12",
  "kubeadm.k8s.io/v1alpha3": "v1.14",
  "kubeadm.k8s.io/v1beta1": "v1.15",
  "kubeadm.k8s.io/v1beta2": "v1.22",
};

function gvk(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return `schema.GroupVersionKind{Group:"${group}", Version:"${version}", Kind:"${kind}"}`;
}

/** Reads a kubeadm config file into { kind -> document }, failing the way kubeadm does. */
function loadConfig(path, wanted) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    fail(
      `unable to read config from "${path}" : open ${path}: ${e.code === "ENOENT" ? "no such file or directory" : e.message}`,
    );
  }
  let docs;
  try {
    docs = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    fail(`error converting YAML to JSON: yaml: ${e.reason ?? e.message}`);
  }
  const byKind = new Map();
  const seen = new Set();
  const unknown = [];
  for (const d of docs) {
    const apiVersion = typeof d === "object" && !Array.isArray(d) ? d.apiVersion : undefined;
    const kind = typeof d === "object" && !Array.isArray(d) ? d.kind : undefined;
    if (!apiVersion || !kind) {
      fail(
        `invalid configuration for GroupVersionKind ${gvk(apiVersion ?? "", kind ?? "")}: kind and apiVersion is mandatory information that must be specified`,
      );
    }
    const key = `${apiVersion}|${kind}`;
    if (seen.has(key))
      fail(`invalid configuration: GroupVersionKind ${gvk(apiVersion, kind)} is specified twice in YAML`);
    seen.add(key);
    // kubeadm 1.37 removed v1beta3 (kubernetes/kubernetes#136016); 1.36 is the last to read it.
    const old =
      OLD_APIS[apiVersion] ??
      (apiVersion === "kubeadm.k8s.io/v1beta3" && KUBEADM.minor >= 37 ? "v1.36" : undefined);
    if (old) {
      fail(
        `your configuration file uses an old API spec: "${apiVersion}" (kind: "${kind}"). Please use kubeadm ${old} instead and run 'kubeadm config migrate --old-config old.yaml --new-config new.yaml', which will write the new, similar spec using a newer API version.`,
      );
    }
    if (!KNOWN_KINDS.get(apiVersion)?.includes(kind)) {
      unknown.push([apiVersion, kind]);
      continue;
    }
    if (apiVersion === "kubeadm.k8s.io/v1beta3" && KUBEADM.minor >= 31) {
      klogWarn(
        "common.go:101",
        `your configuration file uses a deprecated API spec: "${apiVersion}" (kind: "${kind}"). Please use 'kubeadm config migrate --old-config old-config-file --new-config new-config-file', which will write the new, similar spec using a newer API version.`,
      );
    }
    byKind.set(kind, d);
  }
  if (unknown.length > 0) {
    if (process.env.KADM_FAKE_LENIENT === "1") {
      for (const [a, k] of unknown) {
        klogWarn(
          "initconfiguration.go:361",
          `[config] WARNING: Ignored configuration document with GroupVersionKind ${a}, Kind=${k}`,
        );
      }
    } else {
      // what `kubeadm config validate` says (common.go validateKnownGVKs)
      fail(
        `unknown configuration APIs: []schema.GroupVersionKind{${unknown.map(([a, k]) => gvk(a, k)).join(", ")}}`,
      );
    }
  }
  if (wanted === "init" && !byKind.has("InitConfiguration") && !byKind.has("ClusterConfiguration")) {
    fail("no InitConfiguration or ClusterConfiguration kind was found in the configuration file");
  }
  if (wanted === "join" && !byKind.has("JoinConfiguration"))
    fail("no JoinConfiguration found in the supplied config");
  return byKind;
}

// ---------------------------------------------------------------------------------------------------
// images (project table from dist/, else the shared images.json, else a tiny built-in table)

const BUILTIN_TAGS = {
  "v1.32.6": { pause: "3.10", etcd: "3.5.16-0", coredns: "v1.11.3" },
  "v1.33.2": { pause: "3.10", etcd: "3.5.21-0", coredns: "v1.12.0" },
  "v1.34.1": { pause: "3.10.1", etcd: "3.6.4-0", coredns: "v1.12.1" },
};

async function controlPlaneImages(version, repo, externalEtcd) {
  // A kubeadm newer than any table: its own tags (JSON {pause, etcd, coredns}), as a day-0 release has.
  let tags = process.env.KADM_FAKE_IMAGE_TAGS ? JSON.parse(process.env.KADM_FAKE_IMAGE_TAGS) : undefined;
  const dist = join(REPO, "dist", "kubeadm", "images.js");
  if (!tags && existsSync(dist)) {
    const mod = await import(pathToFileURL(dist).href);
    return mod.kubeadmImages({ kubernetesVersion: version, imageRepository: repo, externalEtcd });
  }
  tags ??= BUILTIN_TAGS[version];
  const json = join(testdataDir(), "..", "kubeadm", "images.json");
  if (!tags && existsSync(json)) {
    const v = parseVersion(version);
    tags = JSON.parse(readFileSync(json, "utf8")).minors?.[`${v.major}.${v.minor}`]?.patches?.[version];
  }
  if (!tags) fail(`fake-kubeadm: no image data for ${version}`);
  const coredns =
    repo === "registry.k8s.io"
      ? `${repo}/coredns/coredns:${tags.coredns}`
      : `${repo}/coredns:${tags.coredns}`;
  const k = (n) => `${repo}/${n}:${version}`;
  return [
    k("kube-apiserver"),
    k("kube-controller-manager"),
    k("kube-scheduler"),
    k("kube-proxy"),
    coredns,
    `${repo}/pause:${tags.pause}`,
    ...(externalEtcd ? [] : [`${repo}/etcd:${tags.etcd}`]),
  ];
}

// ---------------------------------------------------------------------------------------------------
// cluster facts from a config

function randomToken() {
  const abc = "abcdefghijklmnopqrstuvwxyz0123456789";
  const pick = (n) => Array.from({ length: n }, () => abc[randomInt(abc.length)]).join("");
  return `${pick(6)}.${pick(16)}`;
}

const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
/** HOST -> HOST:port, [v6] -> [v6]:port, bare v6 -> [v6]:port; HOST:PORT and [v6]:PORT unchanged. */
function withPort(host, port) {
  if (/^\[.*\]:\d+$/.test(host)) return host;
  if (/^\[.*\]$/.test(host)) return `${host}:${port}`;
  const colons = (host.match(/:/g) ?? []).length;
  if (colons === 0) return `${host}:${port}`;
  if (colons === 1) return host;
  return `[${host}]:${port}`;
}

function clusterFacts(cfg, flags) {
  const init = cfg.get("InitConfiguration") ?? {};
  const cluster = cfg.get("ClusterConfiguration") ?? {};
  const version = parseVersion(cluster.kubernetesVersion ?? flags.get("kubernetes-version") ?? KUBEADM.text);
  if (!version) fail(`couldn't parse Kubernetes version "${cluster.kubernetesVersion}"`);
  const advertise =
    init.localAPIEndpoint?.advertiseAddress ?? flags.get("apiserver-advertise-address") ?? "10.0.0.10";
  const bindPort = Number(init.localAPIEndpoint?.bindPort ?? flags.get("apiserver-bind-port") ?? 6443);
  const cpe = cluster.controlPlaneEndpoint ?? flags.get("control-plane-endpoint") ?? "";
  const token = init.bootstrapTokens?.[0]?.token ?? flags.get("token") ?? randomToken();
  if (!TOKEN_RE.test(token)) {
    fail(`the bootstrap token "${token}" was not of the form "\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z"`);
  }
  const local = withPort(advertise, bindPort);
  return {
    version,
    repo: String(cluster.imageRepository ?? flags.get("image-repository") ?? "registry.k8s.io").replace(
      /\/+$/,
      "",
    ),
    advertise,
    bindPort,
    local,
    controlPlaneEndpoint: cpe ? withPort(cpe, bindPort) : "",
    server: cpe ? withPort(cpe, bindPort) : local,
    nodeName: init.nodeRegistration?.name ?? flags.get("node-name") ?? "fake-node",
    criSocket:
      init.nodeRegistration?.criSocket ??
      flags.get("cri-socket") ??
      "unix:///var/run/containerd/containerd.sock",
    taints: init.nodeRegistration?.taints,
    token,
    certificateKey: init.certificateKey ?? flags.get("certificate-key") ?? randomBytes(32).toString("hex"),
    clusterName: cluster.clusterName ?? "kubernetes",
    dnsDomain: cluster.networking?.dnsDomain ?? flags.get("service-dns-domain") ?? "cluster.local",
    serviceSubnet: cluster.networking?.serviceSubnet ?? flags.get("service-cidr") ?? "10.96.0.0/12",
    podSubnet: cluster.networking?.podSubnet ?? flags.get("pod-network-cidr") ?? "",
    externalEtcd: cluster.etcd?.external !== undefined,
    etcdDataDir: cluster.etcd?.local?.dataDir ?? "/var/lib/etcd",
    skipPhases: init.skipPhases ?? [],
  };
}

function firstServiceIp(cidr) {
  const first = String(cidr).split(",")[0] ?? "";
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\//.exec(first);
  if (m) return `${m[1]}.${m[2]}.${m[3]}.${Number(m[4]) + 1}`;
  return first.replace(/\/.*$/, "1");
}

// ---------------------------------------------------------------------------------------------------
// files kubeadm writes

function kubeconfig(clusterName, server, user, credentials) {
  return yaml.dump({
    apiVersion: "v1",
    clusters: [
      {
        cluster: {
          "certificate-authority-data": Buffer.from(FAKE_CA_PEM).toString("base64"),
          server: `https://${server}`,
        },
        name: clusterName,
      },
    ],
    contexts: [{ context: { cluster: clusterName, user }, name: `${user}@${clusterName}` }],
    "current-context": `${user}@${clusterName}`,
    kind: "Config",
    preferences: {},
    users: [{ name: user, user: credentials }],
  });
}

const fakeCredentials = (who) => ({
  "client-certificate-data": Buffer.from(`fake client certificate for ${who}`).toString("base64"),
  "client-key-data": Buffer.from(`fake client key for ${who}`).toString("base64"),
});

function staticPod(name, image, command) {
  return yaml.dump({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      labels: { component: name, tier: "control-plane" },
      name,
      namespace: "kube-system",
    },
    spec: {
      containers: [{ command, image, imagePullPolicy: "IfNotPresent", name }],
      hostNetwork: true,
      priorityClassName: "system-node-critical",
    },
  });
}

function writeControlPlaneFiles(f, images, { kubeconfigs, manifests }) {
  writeHost("etc/kubernetes/pki/ca.crt", FAKE_CA_PEM);
  writeHost(
    "etc/kubernetes/pki/ca.key",
    "-----BEGIN RSA PRIVATE KEY-----\nZmFrZQ==\n-----END RSA PRIVATE KEY-----\n",
  );
  if (kubeconfigs) {
    writeHost(
      "etc/kubernetes/admin.conf",
      process.env.KADM_FAKE_ADMIN_CONF
        ? readFileSync(process.env.KADM_FAKE_ADMIN_CONF, "utf8")
        : kubeconfig(f.clusterName, f.server, "kubernetes-admin", fakeCredentials("admin")),
    );
    if (kubeconfigs === "init") {
      writeHost(
        "etc/kubernetes/super-admin.conf",
        kubeconfig(f.clusterName, f.server, "kubernetes-super-admin", fakeCredentials("super-admin")),
      );
    }
    writeHost(
      "etc/kubernetes/controller-manager.conf",
      kubeconfig(
        f.clusterName,
        f.local,
        "system:kube-controller-manager",
        fakeCredentials("controller-manager"),
      ),
    );
    writeHost(
      "etc/kubernetes/scheduler.conf",
      kubeconfig(f.clusterName, f.local, "system:kube-scheduler", fakeCredentials("scheduler")),
    );
  }
  if (manifests) {
    const img = (n) => images.find((i) => i.includes(`/${n}:`)) ?? `${f.repo}/${n}:${f.version.text}`;
    writeHost(
      "etc/kubernetes/manifests/kube-apiserver.yaml",
      staticPod("kube-apiserver", img("kube-apiserver"), [
        "kube-apiserver",
        `--advertise-address=${f.advertise}`,
        `--secure-port=${f.bindPort}`,
        `--service-cluster-ip-range=${f.serviceSubnet}`,
      ]),
    );
    writeHost(
      "etc/kubernetes/manifests/kube-controller-manager.yaml",
      staticPod("kube-controller-manager", img("kube-controller-manager"), [
        "kube-controller-manager",
        ...(f.podSubnet ? ["--allocate-node-cidrs=true", `--cluster-cidr=${f.podSubnet}`] : []),
      ]),
    );
    writeHost(
      "etc/kubernetes/manifests/kube-scheduler.yaml",
      staticPod("kube-scheduler", img("kube-scheduler"), ["kube-scheduler"]),
    );
    if (!f.externalEtcd) {
      writeHost(
        "etc/kubernetes/manifests/etcd.yaml",
        staticPod("etcd", img("etcd"), ["etcd", `--data-dir=${f.etcdDataDir}`]),
      );
      writeHost(join(f.etcdDataDir, "member", "snap", "db"), "fake etcd data\n");
    }
  }
}

function writeKubeletFiles(server, clusterName, nodeName) {
  writeHost(
    "etc/kubernetes/kubelet.conf",
    kubeconfig(clusterName, server, `system:node:${nodeName}`, {
      "client-certificate": "/var/lib/kubelet/pki/kubelet-client-current.pem",
      "client-key": "/var/lib/kubelet/pki/kubelet-client-current.pem",
    }),
  );
  writeHost(
    "var/lib/kubelet/config.yaml",
    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n",
  );
  writeHost("var/lib/kubelet/kubeadm-flags.env", 'KUBELET_KUBEADM_ARGS=""\n');
}

// ---------------------------------------------------------------------------------------------------
// preflight

/**
 * Prints preflight results like preflight.RunChecks: warnings on stderr as `\t[WARNING X]: msg`,
 * errors collected into the "[preflight] Some fatal errors occurred:" block (app/preflight/checks.go).
 */
function runPreflight(checks, ignore) {
  const ignored = (name) => ignore.includes("all") || ignore.includes(name.toLowerCase());
  const errors = [];
  for (const c of checks) {
    if (c.warning || ignored(c.name)) err(`\t[WARNING ${c.name}]: ${c.message}`);
    else errors.push(`\t[ERROR ${c.name}]: ${c.message}`);
  }
  if (errors.length === 0) return;
  const hint =
    "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`";
  if (NEW_ERRORS) {
    err("[preflight] Some fatal errors occurred:");
    for (const e of errors) err(e);
    err(hint);
    fail(phaseError("preflight", "preflight checks failed"));
  }
  fail(phaseError("preflight", ["[preflight] Some fatal errors occurred:", ...errors, hint].join("\n")));
}

const portCheck = (port) => ({ name: `Port-${port}`, message: `Port ${port} is in use` });
const fileCheck = (path) => ({
  name: `FileAvailable-${path.replaceAll("/", "-")}`,
  message: `${path} already exists`,
});
const dirCheck = (path) => ({
  name: `DirAvailable-${path.replaceAll("/", "-")}`,
  message: `${path} is not empty`,
});

// ---------------------------------------------------------------------------------------------------
// commands

async function cmdVersion(args) {
  const p = parseFlags(args, flagSpec(["output"], [], { o: "output" }));
  const o = p.get("output") ?? "";
  const info = {
    major: String(KUBEADM.major),
    minor: String(KUBEADM.minor),
    gitVersion: KUBEADM.text,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-06-17T18:34:23Z",
    goVersion: "go1.24.4",
    compiler: "gc",
    platform: "linux/amd64",
  };
  if (o === "short") out(KUBEADM.text);
  else if (o === "json") out(JSON.stringify({ clientVersion: info }, null, 2));
  else if (o === "yaml") out(yaml.dump({ clientVersion: info }).trimEnd());
  else if (o === "") {
    out(
      `kubeadm version: &version.Info{Major:"${info.major}", Minor:"${info.minor}", GitVersion:"${info.gitVersion}", GitCommit:"${info.gitCommit}", GitTreeState:"clean", BuildDate:"${info.buildDate}", GoVersion:"${info.goVersion}", Compiler:"gc", Platform:"linux/amd64"}`,
    );
  } else fail(`invalid output format: ${o}`);
}

async function cmdConfig(args) {
  const [sub, verb, ...rest] = args;
  if (sub !== "images" || (verb !== "list" && verb !== "pull")) {
    fail(`unknown command "${[sub, verb].filter(Boolean).join(" ")}" for "kubeadm config"`);
  }
  const p = parseFlags(
    rest,
    flagSpec(
      ["config", "kubernetes-version", "image-repository", "cri-socket", "feature-gates"],
      ["allow-experimental-api"],
    ),
  );
  const cfgPath = p.get("config");
  if (cfgPath && (p.has("kubernetes-version") || p.has("image-repository"))) {
    fail(
      `can not mix '--config' with arguments [${["image-repository", "kubernetes-version"].filter((n) => p.has(n)).join(" ")}]`,
    );
  }
  const cfg = cfgPath ? loadConfig(cfgPath, "init") : new Map();
  const f = clusterFacts(cfg, p);
  const images = await controlPlaneImages(f.version.text, f.repo, f.externalEtcd);
  for (const i of images) out(verb === "list" ? i : `[config/images] Pulled ${i}`);
}

const INIT_PHASES = [
  "preflight",
  "certs",
  "kubeconfig",
  "etcd",
  "control-plane",
  "kubelet-start",
  "wait-control-plane",
  "upload-config",
  "upload-certs",
  "mark-control-plane",
  "bootstrap-token",
  "kubelet-finalize",
  "addon",
  "show-join-command",
];

function skipSet(list) {
  for (const s of list) {
    if (!INIT_PHASES.includes(s.split("/")[0])) fail(`invalid phase name: ${s}`);
  }
  const skipped = (name) => list.some((s) => s === name || name.startsWith(`${s}/`));
  return skipped;
}

const INIT_FLAG_FIELDS = [
  "kubernetes-version",
  "image-repository",
  "apiserver-advertise-address",
  "apiserver-bind-port",
  "control-plane-endpoint",
  "pod-network-cidr",
  "service-cidr",
  "service-dns-domain",
  "node-name",
  "token",
  "cri-socket",
];

async function cmdInit(args) {
  const p = parseFlags(
    args,
    flagSpec(
      [
        "config",
        "skip-phases",
        "ignore-preflight-errors",
        "certificate-key",
        "patches",
        "feature-gates",
        ...INIT_FLAG_FIELDS,
      ],
      ["upload-certs", "dry-run", "skip-token-print", "skip-certificate-key-print"],
    ),
  );
  if (p.positionals.length > 0) fail(`unknown command "${p.positionals[0]}" for "kubeadm init"`);
  const cfgPath = p.get("config");
  const mixed = INIT_FLAG_FIELDS.filter((n) => p.has(n));
  if (cfgPath && mixed.length > 0) fail(`can not mix '--config' with arguments [${mixed.join(" ")}]`);
  const cfg = cfgPath ? loadConfig(cfgPath, "init") : new Map();
  const f = clusterFacts(cfg, p);
  const skipped = skipSet(p.has("skip-phases") ? p.list("skip-phases") : f.skipPhases);
  const ignore = p.list("ignore-preflight-errors").map((s) => s.toLowerCase());
  const uploadCerts = p.bool("upload-certs");
  const failMode = process.env.KADM_FAKE_FAIL ?? "";

  // NormalizeKubernetesVersion (app/util/config/common.go)
  const minCp = `${KUBEADM.major}.${KUBEADM.minor - 1}.0`;
  if (f.version.major === KUBEADM.major && f.version.minor < KUBEADM.minor - 1) {
    fail(
      `this version of kubeadm only supports deploying clusters with the control plane version >= ${minCp}. Current version: ${f.version.text}`,
    );
  }
  const images = await controlPlaneImages(f.version.text, f.repo, f.externalEtcd);

  out(`[init] Using Kubernetes version: ${f.version.text}`);
  if (!skipped("preflight")) {
    out("[preflight] Running pre-flight checks");
    const checks = [];
    if (f.version.minor > KUBEADM.minor) {
      checks.push({
        name: "KubernetesVersion",
        warning: true,
        message: `Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes version: ${f.version.text.slice(1)}. Kubeadm version: ${KUBEADM.major}.${KUBEADM.minor}.x`,
      });
    }
    // InitNodeChecks order (checks.go): ports, manifests, ..., kubelet port, etcd ports and data dir
    const running = existsSync(hostPath("etc/kubernetes/manifests/kube-apiserver.yaml"));
    const leftovers = running || failMode === "preflight-leftovers";
    if (running || failMode === "preflight-port") checks.push(portCheck(f.bindPort));
    if (running) checks.push(portCheck(10259), portCheck(10257));
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]) {
      const path = `/etc/kubernetes/manifests/${c}.yaml`;
      if (leftovers || existsSync(hostPath(path))) checks.push(fileCheck(path));
    }
    if (running) checks.push(portCheck(10250));
    if (!f.externalEtcd) {
      if (running) checks.push(portCheck(2379), portCheck(2380));
      if (leftovers || dirNotEmpty(f.etcdDataDir)) checks.push(dirCheck(f.etcdDataDir));
    }
    runPreflight(checks, ignore);
    out("[preflight] Pulling images required for setting up a Kubernetes cluster");
    out("[preflight] This might take a minute or two, depending on the speed of your internet connection");
    out("[preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
  }

  const svcIp = firstServiceIp(f.serviceSubnet);
  const dns = [
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    `kubernetes.default.svc.${f.dnsDomain}`,
  ];
  const cpeHost = f.controlPlaneEndpoint.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  const sanNames = [
    ...new Set([f.nodeName, ...dns, ...(cpeHost && !/^[\d.:]+$/.test(cpeHost) ? [cpeHost] : [])]),
  ].sort();
  const sanIps = [
    svcIp,
    f.advertise,
    ...(cpeHost && /^[\d.:]+$/.test(cpeHost) && cpeHost !== f.advertise ? [cpeHost] : []),
  ];
  if (!skipped("certs")) {
    out('[certs] Using certificateDir folder "/etc/kubernetes/pki"');
    out('[certs] Generating "ca" certificate and key');
    out('[certs] Generating "apiserver" certificate and key');
    out(
      `[certs] apiserver serving cert is signed for DNS names [${sanNames.join(" ")}] and IPs [${sanIps.join(" ")}]`,
    );
    out('[certs] Generating "apiserver-kubelet-client" certificate and key');
    out('[certs] Generating "front-proxy-ca" certificate and key');
    out('[certs] Generating "front-proxy-client" certificate and key');
    if (!f.externalEtcd) {
      out('[certs] Generating "etcd/ca" certificate and key');
      out('[certs] Generating "etcd/server" certificate and key');
      out(
        `[certs] etcd/server serving cert is signed for DNS names [${f.nodeName} localhost] and IPs [${f.advertise} 127.0.0.1 ::1]`,
      );
      out('[certs] Generating "etcd/peer" certificate and key');
      out(
        `[certs] etcd/peer serving cert is signed for DNS names [${f.nodeName} localhost] and IPs [${f.advertise} 127.0.0.1 ::1]`,
      );
      out('[certs] Generating "etcd/healthcheck-client" certificate and key');
      out('[certs] Generating "apiserver-etcd-client" certificate and key');
    } else {
      out("[certs] External etcd mode: Skipping etcd/ca certificate authority generation");
    }
    out('[certs] Generating "sa" key and public key');
  }
  if (!skipped("kubeconfig")) {
    out('[kubeconfig] Using kubeconfig folder "/etc/kubernetes"');
    for (const k of ["admin", "super-admin", "kubelet", "controller-manager", "scheduler"]) {
      out(`[kubeconfig] Writing "${k}.conf" kubeconfig file`);
    }
  }
  if (!f.externalEtcd && !skipped("etcd")) {
    out('[etcd] Creating static Pod manifest for local etcd in "/etc/kubernetes/manifests"');
  }
  if (!skipped("control-plane")) {
    out('[control-plane] Using manifest folder "/etc/kubernetes/manifests"');
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      out(`[control-plane] Creating static Pod manifest for "${c}"`);
    }
  }
  writeControlPlaneFiles(f, images, {
    kubeconfigs: skipped("kubeconfig") ? false : "init",
    manifests: !skipped("control-plane"),
  });
  if (!skipped("kubelet-start")) {
    out(
      '[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"',
    );
    out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
    out("[kubelet-start] Starting the kubelet");
    writeKubeletFiles(f.server, f.clusterName, f.nodeName);
  }

  if (!skipped("wait-control-plane")) {
    const waitBody = transcript("kubeadm-init-failure.kubeadm-source-current.txt");
    out(
      '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"',
    );
    out(
      "[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s",
    );
    if (failMode === "wait-kubelet") {
      out("[kubelet-check] The kubelet is not healthy after 4m0.000521482s");
      out(section(waitBody, "kubeletFailMsg"));
      out("");
      fail(
        phaseError(
          "wait-control-plane",
          "failed while waiting for the kubelet to start: The HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get \"http://127.0.0.1:10248/healthz\": context deadline exceeded",
        ),
      );
    }
    out("[kubelet-check] The kubelet is healthy after 501.483944ms");
    out("[control-plane-check] Waiting for healthy control plane components. This can take up to 4m0s");
    const targets = [
      ["kube-apiserver", `https://${f.local}/livez`],
      ["kube-controller-manager", "https://127.0.0.1:10257/healthz"],
      ["kube-scheduler", "https://127.0.0.1:10259/livez"],
    ];
    for (const [c, url] of targets) out(`[control-plane-check] Checking ${c} at ${url}`);
    if (failMode === "wait-control-plane") {
      const after = ["4m0.001976302s", "4m0.002156153s", "4m0.002112041s"];
      for (const [i, [c]] of targets.entries())
        out(`[control-plane-check] ${c} is not healthy after ${after[i]}`);
      out(renderGoTemplate(section(waitBody, "controlPlaneFailTempl"), { Socket: f.criSocket }));
      out("");
      const why = targets.map(([c, url]) => {
        const hostPort = /https:\/\/([^/]+)\//.exec(url)[1];
        const get = c === "kube-apiserver" ? `${url}?timeout=10s` : url;
        return `${c} check failed at ${url}: Get "${get}": dial tcp ${hostPort}: connect: connection refused`;
      });
      fail(
        phaseError(
          "wait-control-plane",
          `failed while waiting for the control plane to start: [${why.join(", ")}]`,
        ),
      );
    }
    out("[control-plane-check] kube-controller-manager is healthy after 1.503219398s");
    out("[control-plane-check] kube-scheduler is healthy after 2.258506374s");
    out("[control-plane-check] kube-apiserver is healthy after 3.501755041s");
  }
  if (!skipped("upload-config")) {
    out(
      '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
    );
    out(
      '[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster',
    );
  }
  if (!skipped("upload-certs")) {
    if (uploadCerts) {
      out('[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
      out("[upload-certs] Using certificate key:");
      out(p.bool("skip-certificate-key-print") ? "<value withheld>" : f.certificateKey);
    } else out("[upload-certs] Skipping phase. Please see --upload-certs");
  }
  if (!skipped("mark-control-plane")) {
    out(
      `[mark-control-plane] Marking the node ${f.nodeName} as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]`,
    );
    const taints = f.taints ?? [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }];
    if (taints.length > 0) {
      const list = taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(" ");
      out(
        `[mark-control-plane] Marking the node ${f.nodeName} as control-plane by adding the taints [${list}]`,
      );
    }
  }
  if (!skipped("bootstrap-token")) {
    out(`[bootstrap-token] Using token: ${p.bool("skip-token-print") ? "<value withheld>" : f.token}`);
    out("[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles");
    out("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes");
    out(
      "[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials",
    );
    out(
      "[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token",
    );
    out(
      "[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster",
    );
    out('[bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace');
  }
  if (!skipped("kubelet-finalize")) {
    out(
      '[kubelet-finalize] Updating "/etc/kubernetes/kubelet.conf" to point to a rotatable kubelet client certificate and key',
    );
  }
  if (!skipped("addon/coredns")) out("[addons] Applied essential addon: CoreDNS");
  if (!skipped("addon/kube-proxy")) out("[addons] Applied essential addon: kube-proxy");

  if (!skipped("show-join-command")) {
    const token = p.bool("skip-token-print") ? "<value withheld>" : f.token;
    const key = p.bool("skip-certificate-key-print") ? "<value withheld>" : f.certificateKey;
    const base = { ControlPlaneHostPort: f.server, Token: token, CAPubKeyPins: [FAKE_CA_HASH] };
    const worker = renderJoinCommand({ ...base, ControlPlane: false });
    const cp = renderJoinCommand({ ...base, ControlPlane: true, CertificateKey: uploadCerts ? key : "" });
    const done = renderGoTemplate(transcript("kubeadm-init-success.kubeadm-source-template.txt"), {
      KubeConfigPath: "/etc/kubernetes/admin.conf",
      ControlPlaneEndpoint: f.controlPlaneEndpoint,
      UploadCerts: uploadCerts,
      joinControlPlaneCommand: cp,
      joinWorkerCommand: worker,
    });
    out(done.replace(/\n$/, ""));
  }
}

const JOIN_VALUES = [
  "config",
  "token",
  "discovery-token",
  "discovery-token-ca-cert-hash",
  "discovery-file",
  "tls-bootstrap-token",
  "certificate-key",
  "node-name",
  "cri-socket",
  "apiserver-advertise-address",
  "apiserver-bind-port",
  "ignore-preflight-errors",
  "skip-phases",
  "patches",
];

function discoveryFacts(p) {
  const cfgPath = p.get("config");
  if (cfgPath) {
    refuseMixedArguments(p, p.positionals.length ? ["api-server-endpoint"] : []);
    recordConfig("join", cfgPath);
    const jc = loadConfig(cfgPath, "join").get("JoinConfiguration");
    const bt = jc.discovery?.bootstrapToken;
    return {
      endpoint: bt?.apiServerEndpoint,
      token: bt?.token ?? jc.discovery?.tlsBootstrapToken,
      hashes: bt?.caCertHashes ?? [],
      unsafe: bt?.unsafeSkipCAVerification === true,
      hasDiscovery: bt !== undefined || jc.discovery?.file !== undefined,
      controlPlane: jc.controlPlane !== undefined && jc.controlPlane !== null,
      certificateKey: jc.controlPlane?.certificateKey ?? "",
      nodeName: p.get("node-name") ?? jc.nodeRegistration?.name ?? "fake-worker",
    };
  }
  const endpoint = p.positionals[0];
  if (p.positionals.length > 1) {
    klogWarn(
      "join.go:346",
      `[preflight] WARNING: More than one API server endpoint supplied on command line [${p.positionals.join(" ")}]. Using the first one.`,
    );
  }
  const token = p.get("discovery-token") ?? p.get("token");
  return {
    endpoint,
    token,
    hashes: p.list("discovery-token-ca-cert-hash"),
    unsafe: p.bool("discovery-token-unsafe-skip-ca-verification"),
    hasDiscovery: endpoint !== undefined || p.has("discovery-file"),
    controlPlane: p.bool("control-plane"),
    certificateKey: p.get("certificate-key") ?? "",
    nodeName: p.get("node-name") ?? "fake-worker",
  };
}

async function cmdJoin(args) {
  const p = parseFlags(
    args,
    flagSpec(JOIN_VALUES, ["control-plane", "discovery-token-unsafe-skip-ca-verification", "dry-run"]),
  );
  const d = discoveryFacts(p);
  if (!d.controlPlane && d.certificateKey && !p.has("config")) {
    klogWarn(
      "join.go:440",
      "[preflight] WARNING: --control-plane is also required when passing control-plane related flags such as [certificate-key, apiserver-advertise-address, apiserver-bind-port]",
    );
  }
  // ValidateJoinConfiguration -> utilerrors.Aggregate -> exit code 3 (app/util/error.go)
  const problems = [];
  if (!d.hasDiscovery) problems.push('discovery: Invalid value: "": bootstrapToken or file must be set');
  else if (d.endpoint !== undefined) {
    if (d.hashes.length === 0 && !d.unsafe) {
      problems.push(
        'discovery.bootstrapToken.caCertHashes: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue',
      );
    }
    if (!TOKEN_RE.test(d.token ?? "")) {
      problems.push(
        `discovery.bootstrapToken.token: Invalid value: "${d.token ?? ""}": the bootstrap token is invalid`,
      );
    }
    if (!/:\d+$/.test(d.endpoint)) {
      problems.push(
        `discovery.bootstrapToken.apiServerEndpoint: Invalid value: "${d.endpoint}": address ${d.endpoint}: missing port in address`,
      );
    }
    if (!TOKEN_RE.test(d.token ?? "")) {
      problems.push(
        `discovery.tlsBootstrapToken: Invalid value: "${d.token ?? ""}": the bootstrap token is invalid`,
      );
    }
  }
  if (problems.length > 0) fail(problems.length === 1 ? problems[0] : `[${problems.join(", ")}]`, 3);

  const ignore = p.list("ignore-preflight-errors").map((s) => s.toLowerCase());
  const failMode = process.env.KADM_FAKE_FAIL ?? "";
  out("[preflight] Running pre-flight checks");
  // JoinNodeChecks order (checks.go): kubelet.conf, bootstrap-kubelet.conf, common checks (Port-10250), ca.crt
  const checks = [];
  const joined = existsSync(hostPath("etc/kubernetes/kubelet.conf"));
  for (const f of ["/etc/kubernetes/kubelet.conf", "/etc/kubernetes/bootstrap-kubelet.conf"]) {
    if (existsSync(hostPath(f))) checks.push(fileCheck(f));
  }
  if (joined) checks.push(portCheck(10250));
  if (!d.controlPlane && existsSync(hostPath("etc/kubernetes/pki/ca.crt")))
    checks.push(fileCheck("/etc/kubernetes/pki/ca.crt"));
  runPreflight(checks, ignore);

  // token discovery (app/discovery/token/token.go, app/discovery/discovery.go)
  const identity = "couldn't validate the identity of the API Server";
  if (failMode === "join-unreachable") {
    fail(
      phaseError(
        "preflight",
        `${identity}: failed to request the cluster-info ConfigMap: Get "https://${d.endpoint}/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s": dial tcp ${d.endpoint}: connect: connection refused`,
      ),
    );
  }
  if (failMode === "join-token-expired") {
    const id = TOKEN_RE.exec(d.token ?? "")?.[1] ?? "";
    fail(
      phaseError(
        "preflight",
        `${identity}: could not find a JWS signature in the cluster-info ConfigMap for token ID "${id}"`,
      ),
    );
  }
  // KADM_FAKE_CA_HASH: the hash of a real test CA served by the fake API server.
  const caHash = process.env.KADM_FAKE_CA_HASH || FAKE_CA_HASH;
  const pinned = d.hashes.map((h) => h.toLowerCase()).includes(caHash);
  if (failMode === "join-ca-hash" || (!d.unsafe && !pinned)) {
    fail(
      phaseError(
        "preflight",
        `${identity}: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${caHash}" are pinned`,
      ),
    );
  }

  const server = d.endpoint ?? "10.0.0.10:6443";
  if (KUBEADM.minor >= 34) {
    out(
      '[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...',
    );
    out(
      "[preflight] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.",
    );
  } else {
    out(
      '[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...',
    );
    out("[preflight] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.");
  }
  if (d.controlPlane) {
    // control-plane-prepare phases (approximate wording, see join.go phases)
    out("[preflight] Running pre-flight checks before initializing the new control plane instance");
    out("[preflight] Pulling images required for setting up a Kubernetes cluster");
    out("[preflight] This might take a minute or two, depending on the speed of your internet connection");
    out("[preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
    if (d.certificateKey) {
      out(
        '[download-certs] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace',
      );
      out('[download-certs] Saving the certificates to the folder: "/etc/kubernetes/pki"');
    }
    out('[certs] Using certificateDir folder "/etc/kubernetes/pki"');
    out('[certs] Generating "apiserver" certificate and key');
    out("[kubeconfig] Generating kubeconfig files");
    out('[kubeconfig] Using kubeconfig folder "/etc/kubernetes"');
    out('[kubeconfig] Writing "admin.conf" kubeconfig file');
    out('[kubeconfig] Writing "controller-manager.conf" kubeconfig file');
    out('[kubeconfig] Writing "scheduler.conf" kubeconfig file');
    out('[control-plane] Using manifest folder "/etc/kubernetes/manifests"');
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      out(`[control-plane] Creating static Pod manifest for "${c}"`);
    }
    out("[check-etcd] Checking that the etcd cluster is healthy");
  }
  out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  out(
    '[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"',
  );
  out("[kubelet-start] Starting the kubelet");
  out(
    "[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s",
  );
  out("[kubelet-check] The kubelet is healthy after 503.304213ms");
  out("[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap");
  // A real join waits here for the kubelet's CSR to be signed: seconds of waiting, not of CPU.
  const bootstrapWait = Number(process.env.KADM_FAKE_JOIN_WAIT_MS ?? 0);
  if (bootstrapWait > 0) await new Promise((r) => setTimeout(r, bootstrapWait));
  writeKubeletFiles(server, "kubernetes", d.nodeName);
  writeHost("etc/kubernetes/pki/ca.crt", FAKE_CA_PEM);
  if (d.controlPlane) {
    const [host, port] = [server.replace(/:\d+$/, ""), Number(/:(\d+)$/.exec(server)?.[1] ?? 6443)];
    const f = {
      clusterName: "kubernetes",
      server,
      local: server,
      advertise: host,
      bindPort: port,
      repo: "registry.k8s.io",
      version: KUBEADM,
      serviceSubnet: "10.96.0.0/12",
      podSubnet: "",
      externalEtcd: false,
      etcdDataDir: "/var/lib/etcd",
    };
    writeControlPlaneFiles(f, await controlPlaneImages(KUBEADM.text, f.repo, false), {
      kubeconfigs: "join",
      manifests: true,
    });
    out("[etcd] Announced new etcd member joining to the existing etcd cluster");
    out('[etcd] Creating static Pod manifest for "etcd"');
    out(
      `[mark-control-plane] Marking the node ${d.nodeName} as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]`,
    );
    out(
      `[mark-control-plane] Marking the node ${d.nodeName} as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]`,
    );
    const doneCp = renderGoTemplate(
      transcript("kubeadm-join-success-control-plane.kubeadm-source-template.txt"),
      {
        KubeConfigPath: "/etc/kubernetes/admin.conf",
        etcdMessage: "* A new etcd member was added to the local/stacked etcd cluster.",
      },
    );
    process.stdout.write(doneCp.endsWith("\n") ? doneCp : `${doneCp}\n`);
  } else {
    const done = transcript("kubeadm-join-success-worker.kubeadm-source.txt");
    process.stdout.write(done.endsWith("\n") ? done : `${done}\n`);
  }
}

async function cmdReset(args) {
  const p = parseFlags(
    args,
    flagSpec(
      ["cri-socket", "ignore-preflight-errors", "cert-dir", "config", "skip-phases"],
      ["force", "dry-run", "cleanup-tmp-dir"],
      { f: "force" },
    ),
  );
  const body = transcript("kubeadm-reset.kubeadm-source.txt");
  const preflight = section(body, "preflight (A)").split("\n");
  const warning = preflight.find((l) => l.startsWith("[reset] WARNING")) ?? "";
  if (!p.bool("force") && !p.bool("dry-run")) {
    klogWarn("preflight.go:56", warning);
    process.stdout.write("[reset] Are you sure you want to proceed? [y/N]: ");
    let answer = "";
    try {
      answer = readFileSync(0, "utf8").split("\n")[0]?.trim() ?? "";
    } catch {}
    if (!/^[yY]$/.test(answer))
      fail(phaseError("preflight", "won't proceed; the user didn't answer (Y|y) in order to continue"));
  }
  for (const l of preflight) if (!l.startsWith("[reset] WARNING")) out(l);

  const etcdDir = "/var/lib/etcd";
  if (dirNotEmpty(etcdDir)) {
    clearDir(etcdDir);
    // removeetcdmember.go (not in the testdata; wording from public 1.33/1.34 reset output)
    out(`[reset] Deleted contents of the etcd data directory: ${etcdDir}`);
  }
  const dirs = ["/etc/kubernetes/manifests", "/var/lib/kubelet", "/etc/kubernetes/pki"];
  const files = [
    "/etc/kubernetes/admin.conf",
    ...(KUBEADM.minor >= 29 ? ["/etc/kubernetes/super-admin.conf"] : []),
    "/etc/kubernetes/kubelet.conf",
    "/etc/kubernetes/bootstrap-kubelet.conf",
    "/etc/kubernetes/controller-manager.conf",
    "/etc/kubernetes/scheduler.conf",
  ];
  const normal = section(body, "cleanup-node (B), normal run");
  const fill = (line) => {
    if (line.includes("Unmounting")) return line.replace("%q", '"/var/lib/kubelet"');
    if (line.includes("directories")) return line.replace("%v", `[${dirs.join(" ")}]`);
    if (line.includes("files")) return line.replace("%v", `[${files.join(" ")}]`);
    return line;
  };
  for (const l of normal.split("\n")) out(fill(l));
  for (const d of dirs) clearDir(d);
  for (const f of files) rmSync(hostPath(f), { force: true });
  out(section(body, "cniCleanupInstructions"));
  out(section(body, "iptablesCleanupInstructions"));
}

async function cmdToken(args) {
  const [verb, ...rest] = args;
  if (verb !== "create") fail(`unknown command "${verb ?? ""}" for "kubeadm token"`);
  const p = parseFlags(
    rest,
    flagSpec(
      ["certificate-key", "config", "ttl", "description", "groups", "usages"],
      ["print-join-command", "dry-run"],
    ),
  );
  refuseMixedArguments(p);
  recordConfig("token create", p.get("config"));
  const fromConfig = p.has("config")
    ? loadConfig(p.get("config"), "init").get("InitConfiguration")?.bootstrapTokens?.[0]?.token
    : undefined;
  const token = p.positionals[0] ?? fromConfig ?? randomToken();
  if (!TOKEN_RE.test(token))
    fail(`the bootstrap token "${token}" was not of the form "\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z"`);
  const kubeconfigPath = p.get("kubeconfig") ?? "/etc/kubernetes/admin.conf";
  const full = hostPath(kubeconfigPath);
  if (!existsSync(full))
    fail(`failed to load admin kubeconfig: open ${kubeconfigPath}: no such file or directory`);
  if (!p.bool("print-join-command")) {
    out(token);
    return;
  }
  const kc = yaml.load(readFileSync(full, "utf8"));
  const server = String(kc?.clusters?.[0]?.cluster?.server ?? "").replace(/^https?:\/\//, "");
  const key = p.get("certificate-key") ?? "";
  const cmd = renderJoinCommand({
    ControlPlaneHostPort: server,
    Token: token,
    CAPubKeyPins: [FAKE_CA_HASH],
    ControlPlane: key !== "",
    CertificateKey: key,
  });
  // token.go RunCreateToken: strip every backslash-newline and TAB, Fprintln
  out(cmd.replaceAll("\\\n", "").replaceAll("\t", ""));
}

// ---------------------------------------------------------------------------------------------------

/**
 * `kubeadm init phase upload-certs --upload-certs [--certificate-key K | --config F]`
 * (phases/init/uploadcerts.go): needs admin.conf, stores the certificates and prints the key (unless
 * --skip-certificate-key-print).
 */
async function cmdInitPhase(args) {
  const [phase, ...rest] = args;
  if (phase !== "upload-certs") fail(`unknown command "${phase ?? ""}" for "kubeadm init phase"`);
  const p = parseFlags(
    rest,
    flagSpec(["certificate-key", "config", "kubeconfig"], ["upload-certs", "skip-certificate-key-print"]),
  );
  const kubeconfigPath = p.get("kubeconfig") ?? "/etc/kubernetes/admin.conf";
  if (!existsSync(hostPath(kubeconfigPath)))
    fail(`failed to load admin kubeconfig: open ${kubeconfigPath}: no such file or directory`);
  if (!p.bool("upload-certs")) {
    out("[upload-certs] Skipping phase. Please see --upload-certs");
    return;
  }
  refuseMixedArguments(p);
  recordConfig("init phase upload-certs", p.get("config"));
  // With --config the key is InitConfiguration.certificateKey (initData.CertificateKey reads cfg).
  const cfg = p.has("config") ? loadConfig(p.get("config"), "init") : new Map();
  const key =
    cfg.get("InitConfiguration")?.certificateKey ??
    p.get("certificate-key") ??
    randomBytes(32).toString("hex");
  if (!/^[0-9a-f]{64}$/.test(key)) fail("error decoding certificate key: encoding/hex: invalid byte");
  out('[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
  if (process.env.KADM_FAKE_FAIL === "upload-certs") {
    fail(
      phaseError(
        "upload-certs",
        "error uploading certs: error creating token: timed out waiting for the condition",
      ),
    );
  }
  if (p.bool("skip-certificate-key-print")) return;
  out("[upload-certs] Using certificate key:");
  out(key);
}

// ---------------------------------------------------------------------------------------------------

/**
 * `kubeadm certs renew all|NAME` and `kubeadm certs check-expiration` (app/cmd/certs.go,
 * app/phases/certs/renewal/manager.go). Renewal keeps each certificate's key, subject and
 * extensions and signs it again for 365 days with the CA under the root (openssl: -x509toreq
 * -copy_extensions copyall, then -req), as RenewUsingLocalCA does. kubeconfigs get their embedded
 * client certificate replaced. The fake cannot read the kubeadm-config ConfigMap, so it says it
 * falls back to the default configuration, as kubeadm does with no reachable cluster.
 * KADM_FAKE_FAIL=certs-renew fails like a CA without its key.
 */
const CERT_HANDLERS = [
  [
    "admin.conf",
    "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself",
    "/etc/kubernetes/admin.conf",
    "ca",
  ],
  ["apiserver", "certificate for serving the Kubernetes API", "apiserver", "ca"],
  [
    "apiserver-etcd-client",
    "certificate the apiserver uses to access etcd",
    "apiserver-etcd-client",
    "etcd-ca",
  ],
  [
    "apiserver-kubelet-client",
    "certificate for the API server to connect to kubelet",
    "apiserver-kubelet-client",
    "ca",
  ],
  [
    "controller-manager.conf",
    "certificate embedded in the kubeconfig file for the controller manager to use",
    "/etc/kubernetes/controller-manager.conf",
    "ca",
  ],
  [
    "etcd-healthcheck-client",
    "certificate for liveness probes to healthcheck etcd",
    "etcd/healthcheck-client",
    "etcd-ca",
  ],
  ["etcd-peer", "certificate for etcd nodes to communicate with each other", "etcd/peer", "etcd-ca"],
  ["etcd-server", "certificate for serving etcd", "etcd/server", "etcd-ca"],
  ["front-proxy-client", "certificate for the front proxy client", "front-proxy-client", "front-proxy-ca"],
  [
    "scheduler.conf",
    "certificate embedded in the kubeconfig file for the scheduler manager to use",
    "/etc/kubernetes/scheduler.conf",
    "ca",
  ],
  [
    "super-admin.conf",
    "certificate embedded in the kubeconfig file for the super-admin",
    "/etc/kubernetes/super-admin.conf",
    "ca",
  ],
];
const CA_FILES = { ca: "ca", "etcd-ca": "etcd/ca", "front-proxy-ca": "front-proxy-ca" };
const PKI_DIR = "/etc/kubernetes/pki";

function openssl(cwd, args) {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** Signs crt (with key) again for 365 days by the CA `ca` (a pki-relative base name). */
function resign(crtPem, keyPem, ca) {
  const dir = mkdtempSync(join(tmpdir(), "fake-kubeadm-renew-"));
  try {
    writeFileSync(join(dir, "old.crt"), crtPem);
    writeFileSync(join(dir, "old.key"), keyPem);
    const caBase = hostPath(`${PKI_DIR}/${ca}`);
    openssl(dir, [
      "x509",
      "-x509toreq",
      "-in",
      "old.crt",
      "-key",
      "old.key",
      "-copy_extensions",
      "copyall",
      "-out",
      "r.csr",
    ]);
    openssl(dir, [
      "x509",
      "-req",
      "-in",
      "r.csr",
      "-CA",
      `${caBase}.crt`,
      "-CAkey",
      `${caBase}.key`,
      "-CAserial",
      join(dir, "ca.srl"),
      "-CAcreateserial",
      "-days",
      "365",
      "-copy_extensions",
      "copyall",
      "-out",
      "new.crt",
    ]);
    return readFileSync(join(dir, "new.crt"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function kubeconfigUser(text) {
  const crt = /client-certificate-data:\s*(\S+)/.exec(text)?.[1];
  const key = /client-key-data:\s*(\S+)/.exec(text)?.[1];
  return crt && key ? { crt, key } : undefined;
}

function certFileOf(handler) {
  const [, , file] = handler;
  return file.startsWith("/") ? file : `${PKI_DIR}/${file}.crt`;
}

function renewOne(handler) {
  const [, longName, file, caName] = handler;
  const path = certFileOf(handler);
  if (!existsSync(hostPath(path))) {
    out(`MISSING! ${longName}`);
    return;
  }
  const caBase = CA_FILES[caName];
  if (process.env.KADM_FAKE_FAIL === "certs-renew" || !existsSync(hostPath(`${PKI_DIR}/${caBase}.key`))) {
    out(`Detected external ${caName}, ${longName} can't be renewed`);
    return;
  }
  if (file.startsWith("/")) {
    const text = readFileSync(hostPath(path), "utf8");
    const u = kubeconfigUser(text);
    if (!u) fail(`failed to load kubeconfig ${path}: no client certificate`);
    const crt = Buffer.from(u.crt, "base64").toString("utf8");
    const key = Buffer.from(u.key, "base64").toString("utf8");
    const renewed = Buffer.from(resign(crt, key, caBase)).toString("base64");
    writeHost(path, text.replace(u.crt, renewed));
  } else {
    const keyPath = path.replace(/\.crt$/, ".key");
    const renewed = resign(
      readFileSync(hostPath(path), "utf8"),
      readFileSync(hostPath(keyPath), "utf8"),
      caBase,
    );
    writeHost(path, renewed);
  }
  out(`${longName} renewed`);
}

function configFallback(prefix) {
  out(`[${prefix}] Error reading configuration from the Cluster. Falling back to default configuration`);
  out();
}

/** duration.ShortHumanDuration (apimachinery). */
function shortHuman(ms) {
  const s = Math.floor(ms / 1000);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  const h = Math.floor(s / 3600);
  if (h < 24) return `${h}h`;
  if (h < 24 * 365) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 24 / 365)}y`;
}

function notAfterOf(pem) {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  return m ? new Date(new X509Certificate(m[0]).validTo) : undefined;
}

/** Go's "Jan 02, 2006 15:04 MST" in UTC. */
function goDate(d) {
  const mon = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const p = (n) => String(n).padStart(2, "0");
  return `${mon} ${p(d.getUTCDate())}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

/** text/tabwriter with minwidth 10, tabwidth 4, padding 3, space-padded. */
function tabwrite(rows) {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = [];
  for (let i = 0; i < cols - 1; i++)
    widths[i] = Math.max(10, ...rows.map((r) => (r.length > i + 1 ? (r[i] ?? "").length + 3 : 0)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join(""));
}

function cmdCertsCheck() {
  configFallback("check-expiration");
  const now = Date.now();
  const rows = [["CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"]];
  for (const h of CERT_HANDLERS) {
    const path = certFileOf(h);
    let pem;
    if (existsSync(hostPath(path))) {
      const text = readFileSync(hostPath(path), "utf8");
      pem = h[2].startsWith("/")
        ? Buffer.from(kubeconfigUser(text)?.crt ?? "", "base64").toString("utf8")
        : text;
    }
    const na = pem ? notAfterOf(pem) : undefined;
    if (!na) rows.push([`!MISSING! ${h[0]}`, "", "", "", ""]);
    else rows.push([h[0], goDate(na), shortHuman(na.getTime() - now), h[3], "no      "]);
  }
  const caRows = [["CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"]];
  for (const [name, base] of Object.entries(CA_FILES)) {
    const path = hostPath(`${PKI_DIR}/${base}.crt`);
    const na = existsSync(path) ? notAfterOf(readFileSync(path, "utf8")) : undefined;
    if (!na) caRows.push([`!MISSING! ${name}`, "", "", ""]);
    else caRows.push([name, goDate(na), shortHuman(na.getTime() - now), "no      "]);
  }
  for (const l of tabwrite(rows)) out(l);
  out();
  for (const l of tabwrite(caRows)) out(l);
}

async function cmdCerts(args) {
  const [verb, ...rest] = args;
  if (verb === "check-expiration") {
    parseFlags(rest, flagSpec(["config", "cert-dir"], []));
    return cmdCertsCheck();
  }
  if (verb !== "renew") fail(`unknown command "${verb ?? ""}" for "kubeadm certs"`);
  const p = parseFlags(rest, flagSpec(["config", "cert-dir", "csr-dir"], ["csr-only"]));
  const [name, ...extra] = p.positionals;
  if (name === undefined) fail('unknown command "" for "kubeadm certs renew"');
  if (extra.length > 0) fail(`unknown command "${extra[0]}" for "kubeadm certs renew ${name}"`);
  if (name === "all") {
    configFallback("renew");
    for (const h of CERT_HANDLERS) renewOne(h);
    out();
    out(
      "Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.",
    );
    return;
  }
  const h = CERT_HANDLERS.find((x) => x[0] === name);
  if (!h) fail(`unknown command "${name}" for "kubeadm certs renew"`);
  configFallback("renew");
  renewOne(h);
}

// ---------------------------------------------------------------------------------------------------
// upgrade plan | apply | node
//
// Message texts from kubernetes/kubernetes cmd/kubeadm/app/cmd/phases/upgrade/apply/preflight.go
// ("[upgrade/preflight] Running preflight checks", "You have chosen to upgrade the cluster version
// to %q", the three prepull lines), .../apply/controlplane.go ("[upgrade/control-plane] Upgrading
// your static Pod-hosted control plane to version %q (timeout: %v)...", "... The control plane
// instance for this node was successfully upgraded!"), .../node/kubeletconfig.go ("[upgrade] The
// configuration for this node was successfully updated!", "[upgrade] Now you should go ahead and
// upgrade the kubelet package using your package manager."), app/phases/upgrade/staticpods.go
// ("[upgrade/staticpods] Moving new manifest to %q and backing up old manifest to %q",
// "Component %q upgraded successfully!"), and the closing lines of `upgrade apply` as 1.31+ prints
// them ("[upgrade] SUCCESS! A control plane node of your cluster was upgraded to %q.", "[upgrade] Now
// please proceed with upgrading the rest of the nodes by following the right order.").
// KADM_FAKE_FAIL=upgrade-apply fails `upgrade apply` after kube-apiserver's manifest moved (the
// others not), as a static pod that never became healthy does; =upgrade-node fails `upgrade node`.

const CONTROL_PLANE_PODS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];

function manifestFile(component) {
  return `/etc/kubernetes/manifests/${component}.yaml`;
}

/** The control plane's version on this host: kube-apiserver's image tag. */
function hostClusterVersion() {
  const p = hostPath(manifestFile("kube-apiserver"));
  if (!existsSync(p)) return undefined;
  return parseVersion(/image:\s*\S+\/kube-apiserver:(\S+)/.exec(readFileSync(p, "utf8"))?.[1] ?? "")?.text;
}

function upgradeReadConfig() {
  out('[upgrade] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  out("[upgrade] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.");
}

function upgradeTarget(positional, current) {
  const want = parseVersion(positional);
  if (!want) fail(`the version argument is invalid: "${positional ?? ""}" is not a semantic version`);
  if (want.minor > KUBEADM.minor || (want.minor === KUBEADM.minor && want.patch > KUBEADM.patch)) {
    fail(
      `the version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "${want.text}" is higher than the kubeadm version "${KUBEADM.text}". Upgrade kubeadm first using the tool you used to install kubeadm\n\nPlease fix the misalignments highlighted above and try upgrading again`,
    );
  }
  const cur = parseVersion(current ?? "");
  if (cur && want.minor > cur.minor + 1) {
    fail(
      `the version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "${want.text}" is too high; kubeadm can upgrade only 1 minor version at a time\n\nPlease fix the misalignments highlighted above and try upgrading again`,
    );
  }
  return want;
}

function cmdUpgradePlan(args) {
  const p = parseFlags(
    args,
    flagSpec(
      ["config", "ignore-preflight-errors", "output", "o"],
      [
        "allow-experimental-upgrades",
        "allow-release-candidate-upgrades",
        "print-config",
        "show-managed-fields",
      ],
      { o: "output" },
    ),
  );
  const current = hostClusterVersion();
  if (!current)
    fail('[upgrade/config] FATAL: failed to get config map: configmaps "kubeadm-config" not found');
  const target = p.positionals[0] ? upgradeTarget(p.positionals[0], current) : KUBEADM;
  out("[preflight] Running pre-flight checks.");
  upgradeReadConfig();
  out("[upgrade] Running cluster health checks");
  out("[upgrade] Fetching available versions to upgrade to");
  out(`[upgrade/versions] Cluster version: ${current}`);
  out(`[upgrade/versions] kubeadm version: ${KUBEADM.text}`);
  out(`[upgrade/versions] Target version: ${target.text}`);
  out(`[upgrade/versions] Latest version in the v${target.major}.${target.minor} series: ${target.text}`);
  out();
  out("Upgrade to the latest version in the series:");
  out();
  const rows = [["COMPONENT", "NODE", "CURRENT", "TARGET"]];
  for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"])
    rows.push([c, "", current, target.text]);
  for (const l of tabwrite(rows)) out(l);
  out();
  out("You can now apply the upgrade by executing the following command:");
  out();
  out(`\tkubeadm upgrade apply ${target.text}`);
  out();
  out("_____________________________________________________________________");
}

/** Rewrites a static pod manifest's image tag, keeping the old file in the backup directory. */
function upgradeManifest(component, version, backupDir) {
  const path = manifestFile(component);
  const full = hostPath(path);
  if (!existsSync(full)) return false;
  const text = readFileSync(full, "utf8");
  writeHost(`${backupDir}/${component}.yaml`, text);
  const next =
    component === "etcd"
      ? text
      : text.replace(new RegExp(`(image:\\s*\\S+/${component}:)\\S+`), `$1${version}`);
  out(
    `[upgrade/staticpods] Moving new manifest to "${path}" and backing up old manifest to "${backupDir}/${component}.yaml"`,
  );
  writeHost(path, next);
  return true;
}

function kubeadmStamp() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

function cmdUpgradeApply(args) {
  const p = parseFlags(
    args,
    flagSpec(
      ["config", "ignore-preflight-errors", "patches", "image-pull-timeout"],
      [
        "yes",
        "force",
        "dry-run",
        "etcd-upgrade",
        "certificate-renewal",
        "allow-experimental-upgrades",
        "allow-release-candidate-upgrades",
        "print-config",
      ],
      { y: "yes", f: "force" },
    ),
  );
  const current = hostClusterVersion();
  upgradeReadConfig();
  out("[upgrade/preflight] Running preflight checks");
  out("[upgrade] Running cluster health checks");
  if (!current)
    fail(
      "[upgrade/preflight] FATAL: this node has no control plane (no /etc/kubernetes/manifests/kube-apiserver.yaml)",
    );
  const target = upgradeTarget(p.positionals[0], current);
  out(`[upgrade/preflight] You have chosen to upgrade the cluster version to "${target.text}"`);
  out(`[upgrade/versions] Cluster version: ${current}`);
  out(`[upgrade/versions] kubeadm version: ${KUBEADM.text}`);
  if (!p.bool("yes") && !p.bool("force") && !p.bool("dry-run")) {
    out("[upgrade] Are you sure you want to proceed? [y/N]: ");
    fail("won't proceed; the user didn't answer (Y|y) in order to continue");
  }
  out("[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster");
  out(
    "[upgrade/preflight] This might take a minute or two, depending on the speed of your internet connection",
  );
  out("[upgrade/preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
  out(
    `[upgrade/control-plane] Upgrading your static Pod-hosted control plane to version "${target.text}" (timeout: 5m0s)...`,
  );
  const backupDir = `/etc/kubernetes/tmp/kubeadm-backup-manifests-${kubeadmStamp()}`;
  for (const c of CONTROL_PLANE_PODS) {
    if (!upgradeManifest(c, target.text, backupDir)) continue;
    if (process.env.KADM_FAKE_FAIL === "upgrade-apply" && c === "kube-apiserver") {
      out(`[upgrade/staticpods] Waiting for the kubelet to restart the component`);
      out(`[upgrade/staticpods] This can take up to 5m0s`);
      err(
        phaseError(
          "control-plane",
          `couldn't complete the static pod upgrade: [upgrade/staticpods] FATAL: couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: failed to obtain static Pod hash for component kube-apiserver on Node ${process.env.KADM_FAKE_NODE_NAME ?? "master-1"}: context deadline exceeded`,
        ),
      );
      err(HINT);
      throw new Exit(1);
    }
    out(`[upgrade/staticpods] Component "${c}" upgraded successfully!`);
  }
  out("[upgrade/control-plane] The control plane instance for this node was successfully upgraded!");
  out(
    '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
  );
  out(
    '[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster',
  );
  out("[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!");
  out("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes");
  out("[addons] Applied essential addon: CoreDNS");
  out("[addons] Applied essential addon: kube-proxy");
  out();
  out(`[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${target.text}".`);
  out();
  out("[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.");
}

function cmdUpgradeNode(args) {
  parseFlags(
    args,
    flagSpec(
      ["patches", "ignore-preflight-errors"],
      ["dry-run", "etcd-upgrade", "certificate-renewal", "skip-phases"],
    ),
  );
  upgradeReadConfig();
  out("[upgrade/preflight] Running pre-flight checks");
  const controlPlane = existsSync(hostPath(manifestFile("kube-apiserver")));
  if (process.env.KADM_FAKE_FAIL === "upgrade-node") {
    err(
      phaseError(
        "preflight",
        "[preflight] Some fatal errors occurred:\n\t[ERROR CoreDNSUnsupportedPlugins]: couldn't retrieve DNS addon deployments: context deadline exceeded",
      ),
    );
    err(HINT);
    throw new Exit(1);
  }
  if (controlPlane) {
    out(
      `[upgrade/control-plane] Upgrading your Static Pod-hosted control plane instance to version "${KUBEADM.text}"...`,
    );
    const backupDir = `/etc/kubernetes/tmp/kubeadm-backup-manifests-${kubeadmStamp()}`;
    for (const c of CONTROL_PLANE_PODS)
      if (upgradeManifest(c, KUBEADM.text, backupDir))
        out(`[upgrade/staticpods] Component "${c}" upgraded successfully!`);
    out("[upgrade/control-plane] The control plane instance for this node was successfully upgraded!");
  } else {
    out("[upgrade/control-plane] Skipping phase. Not a control plane node.");
  }
  out("[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!");
  out("[upgrade] The configuration for this node was successfully updated!");
  out("[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.");
}

async function cmdUpgrade(args) {
  const [verb, ...rest] = args;
  if (verb === "plan") return cmdUpgradePlan(rest);
  if (verb === "apply") return cmdUpgradeApply(rest);
  if (verb === "node") return cmdUpgradeNode(rest);
  fail(`unknown command "${verb ?? ""}" for "kubeadm upgrade"`);
}

const COMMANDS = {
  version: cmdVersion,
  certs: cmdCerts,
  config: cmdConfig,
  init: (args) => (args[0] === "phase" ? cmdInitPhase(args.slice(1)) : cmdInit(args)),
  join: cmdJoin,
  reset: cmdReset,
  token: cmdToken,
  upgrade: cmdUpgrade,
};

export async function main(argv) {
  const [cmd, ...args] = argv;
  try {
    if (cmd === undefined || cmd === "help" || cmd === "--help" || cmd === "-h") {
      out(
        "Usage:\n  kubeadm [command]\n\nAvailable Commands:\n  certs  config  init  join  reset  token  upgrade  version",
      );
      return 0;
    }
    const run = COMMANDS[cmd];
    if (!run) fail(`unknown command "${cmd}" for "kubeadm"`);
    await run(args);
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    err(String(e?.stack ?? e));
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
