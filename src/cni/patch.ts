/**
 * CNI manifests: parse, patch for the cluster (pod CIDR, image mirrors, node address interface),
 * render, verify, order for apply, and name the workloads to wait for. PURE: text or parsed
 * documents in, new documents out plus a report; the input documents are never modified.
 *
 * Where the pod CIDR lives (see ../shared/testdata/cni/*.meta.json):
 * - flannel (Documentation/kube-flannel.yml): ConfigMap kube-flannel/kube-flannel-cfg, data key
 *   `net-conf.json`, JSON field "Network" (dual-stack: "EnableIPv6": true and "IPv6Network").
 * - calico manifest (manifests/calico.yaml): DaemonSet kube-system/calico-node, container calico-node,
 *   env CALICO_IPV4POOL_CIDR (commented out upstream, so absent after parsing). Dual-stack as the
 *   calico docs say for manifest installs (networking/ipam/ipv6): CNI config ipam "assign_ipv4" and
 *   "assign_ipv6" = "true", env IP6=autodetect, FELIX_IPV6SUPPORT=true, CALICO_IPV6POOL_CIDR.
 * - calico operator (manifests/tigera-operator.yaml + manifests/custom-resources.yaml, patched as one
 *   document list): Installation `default` spec.calicoNetwork.ipPools[].cidr. The operator takes a
 *   mirror through spec.registry (`<registry>/` with a trailing slash: image format
 *   `<registry><imagePath>/<imagePrefix><imageName>:<tag>`, docs operations/image-options).
 *
 * Refusals are data (`{ code, params }`); the message catalogue turns them into sentences.
 */
import { createHash } from "node:crypto";
import yaml from "js-yaml";
import { InvalidReferenceError, parseReference } from "../images/reference.js";
import type { CniPlugin } from "../spec/types.js";
import { loadAllBounded, type YamlProblem } from "../util/yaml-safe.js";
import { type Cidr, parseCidr } from "../validate/ip.js";
import { mirrorImage } from "./catalog.js";

/** One parsed YAML document (a Kubernetes object as written in the manifest). */
export type ManifestDoc = Record<string, unknown>;

export type CniLayout = "flannel" | "calico-manifest" | "calico-operator";

export type CniPatchProblemCode =
  /** The text is not YAML (params: reason, line, column). */
  | "yamlInvalid"
  /** A document is a scalar or a list, not an object (params: index, 0-based). */
  | "notAnObject"
  /** The pod subnet is not one CIDR or an IPv4 and an IPv6 CIDR separated by a comma (params: podSubnet). */
  | "invalidPodSubnet"
  /** The pod subnet has no IPv4 part (params: plugin, podSubnet). */
  | "noIpv4PodSubnet"
  /** Where the pod CIDR (or another field to patch) lives could not be found (params: plugin, expected). */
  | "layoutUnknown"
  /** flannel net-conf.json does not parse as a JSON object (params: object, reason). */
  | "netConfInvalid"
  /**
   * The manifest already pins a different CIDR (params: object, path, manifest, podSubnet). Upstream
   * defaults (flannel 10.244.0.0/16, operator 192.168.0.0/16) are placeholders, not pins. Overridden
   * by `force`.
   */
  | "cidrConflict"
  /** A container image is not a valid reference (params: object, path, image). */
  | "imageInvalid"
  /** A mirror prefix is not valid (params: registry, mirror, reason). */
  | "mirrorInvalid"
  /** The interface name is empty or has whitespace (params: interface). */
  | "invalidInterface";

export interface CniPatchProblem {
  code: CniPatchProblemCode;
  params: Record<string, string>;
}

export interface CniPatchOptions {
  plugin: Exclude<CniPlugin, "none">;
  /** ClusterSpec.networking.podSubnet: "v4" or "v4,v6". */
  podSubnet: string;
  /** ClusterSpec.cni.imageMirrors: upstream registry host -> mirror prefix. */
  mirrors: Record<string, string>;
  /** Node interface (name or regex) for calico address autodetection / flannel --iface. */
  interface?: string | undefined;
  /** Overwrite a CIDR the manifest already pins. */
  force?: boolean | undefined;
  /**
   * Upstream registry of the images the tigera operator deploys; its mirror becomes
   * Installation spec.registry. Default "quay.io" (calico >= 3.31; 3.30 and older used docker.io).
   */
  operatorImageRegistry?: string | undefined;
}

export interface ManifestChange {
  /** "Kind ns/name", or "Kind name" for cluster-scoped objects. */
  object: string;
  path: string;
  /** null when the field was added. */
  before: string | null;
  after: string;
}

export interface CniPatchReport {
  layout: CniLayout;
  changes: ManifestChange[];
  /** Every container image after patching, unique, in document order. */
  images: string[];
}

export type CniPatchResult =
  | { ok: true; docs: ManifestDoc[]; report: CniPatchReport }
  | { ok: false; problems: CniPatchProblem[] };

export type ParseManifestResult =
  | { ok: true; docs: ManifestDoc[] }
  | { ok: false; problems: CniPatchProblem[] }
  /** Valid YAML refused by the bounds (alias bomb, size, depth): nothing may be applied. */
  | { ok: false; problems: []; bounds: YamlProblem };

/** Upstream placeholder CIDRs: present in the pinned manifests, so not a user's choice. */
export const UPSTREAM_DEFAULT_CIDRS = {
  flannel: "10.244.0.0/16",
  calicoOperator: "192.168.0.0/16",
} as const;

// ---------------------------------------------------------------------------------------------
// parse / render / verify

/** Multi-document YAML -> objects, in order; empty (null) documents are skipped. */
export function parseManifest(text: string): ParseManifestResult {
  const r = loadAllBounded(text);
  if (!r.ok) {
    const p = r.problem;
    if (p.kind !== "syntax") return { ok: false, problems: [], bounds: p };
    return {
      ok: false,
      problems: [
        {
          code: "yamlInvalid",
          params: { reason: p.reason, line: String(p.line), column: String(p.column) },
        },
      ],
    };
  }
  const raw = r.docs;
  const docs: ManifestDoc[] = [];
  const problems: CniPatchProblem[] = [];
  raw.forEach((d, index) => {
    if (d === null || d === undefined) return;
    if (isObj(d)) docs.push(d);
    else problems.push({ code: "notAnObject", params: { index: String(index) } });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, docs };
}

/** Objects -> multi-document YAML (no line folding, no anchors). */
export function renderManifest(docs: readonly ManifestDoc[]): string {
  return docs.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join("---\n");
}

export type ManifestVerification =
  | { ok: true; sha256: string }
  | { ok: false; expected: string; actual: string };

/** sha256 of the manifest bytes (a string is hashed as UTF-8) against the pinned value. */
export function verifyManifest(text: string | Uint8Array, expectedSha256: string): ManifestVerification {
  const actual = createHash("sha256").update(text).digest("hex");
  const expected = expectedSha256
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, "");
  return actual === expected ? { ok: true, sha256: actual } : { ok: false, expected, actual };
}

// ---------------------------------------------------------------------------------------------
// patch

/** Patches a manifest (text or parsed documents; parsed documents are not modified). */
export function patchManifest(input: string | readonly ManifestDoc[], opts: CniPatchOptions): CniPatchResult {
  let source: readonly ManifestDoc[];
  if (typeof input === "string") {
    const parsed = parseManifest(input);
    if (!parsed.ok) return parsed;
    source = parsed.docs;
  } else {
    source = input;
  }

  const problems: CniPatchProblem[] = [];
  const subnet = splitPodSubnet(opts.podSubnet);
  if (!subnet) return fail({ code: "invalidPodSubnet", params: { podSubnet: opts.podSubnet } });
  if (!subnet.v4) {
    return fail({ code: "noIpv4PodSubnet", params: { plugin: opts.plugin, podSubnet: opts.podSubnet } });
  }
  const iface = opts.interface?.trim();
  if (iface !== undefined && (iface === "" || /\s/.test(iface))) {
    return fail({ code: "invalidInterface", params: { interface: opts.interface ?? "" } });
  }
  const mirrors = normaliseMirrors(opts.mirrors);

  const docs = source.map((d) => structuredClone(d));
  const ctx: Ctx = {
    subnet: { v4: subnet.v4, v6: subnet.v6 },
    podSubnet: opts.podSubnet,
    iface,
    force: opts.force === true,
    changes: [],
    problems,
  };

  let layout: CniLayout | undefined;
  if (opts.plugin === "flannel") {
    layout = "flannel";
    patchFlannel(docs, ctx);
  } else if (findCalicoNode(docs)) {
    layout = "calico-manifest";
    patchCalicoManifest(docs, ctx);
  } else if (findInstallation(docs)) {
    layout = "calico-operator";
    patchCalicoOperator(docs, ctx, mirrors, opts.operatorImageRegistry ?? "quay.io");
  } else {
    problems.push({
      code: "layoutUnknown",
      params: {
        plugin: "calico",
        expected: "DaemonSet calico-node (calico.yaml) or Installation (custom-resources.yaml)",
      },
    });
  }

  rewriteImages(docs, mirrors, ctx);
  if (problems.length > 0 || layout === undefined) return { ok: false, problems };
  return { ok: true, docs, report: { layout, changes: ctx.changes, images: listImages(docs) } };
}

interface Ctx {
  subnet: { v4: Cidr; v6: Cidr | undefined };
  podSubnet: string;
  iface: string | undefined;
  force: boolean;
  changes: ManifestChange[];
  problems: CniPatchProblem[];
}

function fail(problem: CniPatchProblem): CniPatchResult {
  return { ok: false, problems: [problem] };
}

function splitPodSubnet(text: string): { v4: Cidr | undefined; v6: Cidr | undefined } | undefined {
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

const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

function normaliseRegistry(registry: string): string {
  const key = registry.trim().toLowerCase().replace(/\/+$/, "");
  return DOCKER_HUB_ALIASES.has(key) ? "docker.io" : key;
}

function normaliseMirrors(mirrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(mirrors)) out[normaliseRegistry(k)] = v;
  return out;
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
function mayWriteCidr(
  ctx: Ctx,
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

function parsedOrThrow(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(`bad built-in CIDR ${text}`);
  return r.cidr;
}

// --- flannel

function patchFlannel(docs: ManifestDoc[], ctx: Ctx): void {
  const cms = docs.filter(
    (d) => d.kind === "ConfigMap" && typeof objAt(d, "data")?.["net-conf.json"] === "string",
  );
  if (cms.length === 0) {
    ctx.problems.push({
      code: "layoutUnknown",
      params: { plugin: "flannel", expected: "ConfigMap kube-flannel-cfg with data net-conf.json" },
    });
  }
  for (const cm of cms) {
    const data = objAt(cm, "data") as Record<string, unknown>;
    const object = describe(cm);
    const text = data["net-conf.json"] as string;
    let conf: unknown;
    try {
      conf = JSON.parse(text);
    } catch (e) {
      ctx.problems.push({ code: "netConfInvalid", params: { object, reason: (e as Error).message } });
      continue;
    }
    if (!isObj(conf)) {
      ctx.problems.push({ code: "netConfInvalid", params: { object, reason: "not a JSON object" } });
      continue;
    }
    const path = (field: string) => `data["net-conf.json"].${field}`;
    const { v4, v6 } = ctx.subnet;
    const before = { ...conf };
    const writeV4 = mayWriteCidr(
      ctx,
      object,
      path("Network"),
      conf.Network,
      v4,
      UPSTREAM_DEFAULT_CIDRS.flannel,
    );
    const writeV6 = v6 !== undefined && mayWriteCidr(ctx, object, path("IPv6Network"), conf.IPv6Network, v6);
    if (v6 === undefined && conf.EnableIPv6 === true && !ctx.force) {
      ctx.problems.push({
        code: "cidrConflict",
        params: {
          object,
          path: path("IPv6Network"),
          manifest: String(conf.IPv6Network ?? "EnableIPv6"),
          podSubnet: ctx.podSubnet,
        },
      });
    }

    const next: Record<string, unknown> = {};
    const entries: [string, unknown][] =
      "Network" in conf ? Object.entries(conf) : [["Network", undefined], ...Object.entries(conf)];
    for (const [k, v] of entries) {
      if (k === "Network") {
        next.Network = writeV4 ? v4.text : v;
        if (v6 !== undefined) {
          next.IPv6Network = writeV6 ? v6.text : conf.IPv6Network;
          next.EnableIPv6 = true;
        }
      } else if (v6 !== undefined && (k === "IPv6Network" || k === "EnableIPv6")) {
        // placed right after Network
      } else if (k === "EnableIPv6" && v6 === undefined && v === true && ctx.force) {
        next[k] = false;
      } else if (k === "EnableIPv4" && v === false) {
        next[k] = true;
      } else {
        next[k] = v;
      }
    }

    let changed = false;
    for (const key of new Set([...Object.keys(before), ...Object.keys(next)])) {
      const a = before[key];
      const b = next[key];
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      changed = true;
      ctx.changes.push({
        object,
        path: path(key),
        before: a === undefined ? null : scalarText(a),
        after: scalarText(b),
      });
    }
    if (changed) data["net-conf.json"] = JSON.stringify(next, null, 2) + (text.endsWith("\n") ? "\n" : "");
  }

  if (ctx.iface !== undefined) {
    const targets = podContainers(docs).filter((c) =>
      [...strings(c.container.command), ...strings(c.container.args)].some((a) => a === "--kube-subnet-mgr"),
    );
    if (targets.length === 0) {
      ctx.problems.push({
        code: "layoutUnknown",
        params: { plugin: "flannel", expected: "flanneld container (args --kube-subnet-mgr)" },
      });
    }
    for (const t of targets) {
      const args = Array.isArray(t.container.args) ? (t.container.args as unknown[]) : [];
      const want = `--iface=${ctx.iface}`;
      const existing = args.filter((a) => typeof a === "string" && /^--iface(=|$)/.test(a));
      if (existing.length === 1 && existing[0] === want) continue;
      const kept = args.filter((a) => !(typeof a === "string" && /^--iface(=|$)/.test(a)));
      t.container.args = [...kept, want];
      ctx.changes.push({
        object: describe(t.doc),
        path: `${t.path}.args`,
        before: existing.length > 0 ? existing.join(" ") : null,
        after: want,
      });
    }
  }
}

// --- calico manifest

function findCalicoNode(
  docs: ManifestDoc[],
): { doc: ManifestDoc; container: Record<string, unknown>; path: string } | undefined {
  const candidates = podContainers(docs).filter(
    (c) => c.doc.kind === "DaemonSet" && c.container.name === "calico-node",
  );
  return candidates.find((c) => metaOf(c.doc).name === "calico-node") ?? candidates[0];
}

function patchCalicoManifest(docs: ManifestDoc[], ctx: Ctx): void {
  const node = findCalicoNode(docs);
  if (!node) return;
  const object = describe(node.doc);
  if (!Array.isArray(node.container.env)) node.container.env = [];
  const env = node.container.env as unknown[];
  const envPath = (name: string) => `${node.path}.env[${name}]`;
  const { v4, v6 } = ctx.subnet;

  /** Replaces `name` in place, or inserts it after the first of `after` present, or appends it. */
  const setEnv = (name: string, value: string, after: string[] = []) => {
    const i = env.findIndex((e) => isObj(e) && e.name === name);
    const current = i >= 0 ? (env[i] as Record<string, unknown>) : undefined;
    if (current && current.value === value && current.valueFrom === undefined) return;
    const entry = { name, value };
    if (i >= 0) env[i] = entry;
    else {
      const anchor = after.find((a) => env.some((e) => isObj(e) && e.name === a));
      const at = env.findIndex((e) => isObj(e) && e.name === anchor);
      if (at >= 0) env.splice(at + 1, 0, entry);
      else env.push(entry);
    }
    ctx.changes.push({
      object,
      path: envPath(name),
      before: current ? envText(current) : null,
      after: value,
    });
  };
  const cidrEnv = (name: string, want: Cidr, after: string[]) => {
    const current = env.find((e) => isObj(e) && e.name === name) as Record<string, unknown> | undefined;
    const value =
      current === undefined ? undefined : current.valueFrom !== undefined ? envText(current) : current.value;
    if (mayWriteCidr(ctx, object, envPath(name), value, want)) setEnv(name, want.text, after);
  };

  cidrEnv("CALICO_IPV4POOL_CIDR", v4, ["CALICO_IPV4POOL_VXLAN"]);
  if (ctx.iface !== undefined) setEnv("IP_AUTODETECTION_METHOD", `interface=${ctx.iface}`, ["IP"]);
  if (v6 !== undefined) {
    cidrEnv("CALICO_IPV6POOL_CIDR", v6, ["CALICO_IPV6POOL_VXLAN", "CALICO_IPV4POOL_CIDR"]);
    setEnv("IP6", "autodetect", ["IP_AUTODETECTION_METHOD", "IP"]);
    if (ctx.iface !== undefined) setEnv("IP6_AUTODETECTION_METHOD", `interface=${ctx.iface}`, ["IP6"]);
    setEnv("FELIX_IPV6SUPPORT", "true");
    enableCniIpv6(docs, ctx);
  }
}

/** calico-config cni_network_config (a JSON template with bare placeholders): ipam assigns both families. */
function enableCniIpv6(docs: ManifestDoc[], ctx: Ctx): void {
  const cm =
    docs.find((d) => d.kind === "ConfigMap" && metaOf(d).name === "calico-config") ??
    docs.find((d) => d.kind === "ConfigMap" && typeof objAt(d, "data")?.cni_network_config === "string");
  const data = cm ? objAt(cm, "data") : undefined;
  const text = data?.cni_network_config;
  const ipamType = /^([ \t]*)("type"\s*:\s*"calico-ipam")/m;
  if (!cm || !data || typeof text !== "string" || !ipamType.test(text)) {
    ctx.problems.push({
      code: "layoutUnknown",
      params: {
        plugin: "calico",
        expected: 'ConfigMap calico-config cni_network_config with ipam "calico-ipam"',
      },
    });
    return;
  }
  let next = text;
  const object = describe(cm);
  const missing: string[] = [];
  for (const key of ["assign_ipv4", "assign_ipv6"]) {
    const existing = new RegExp(`"${key}"\\s*:\\s*("?)(\\w+)\\1`);
    const m = existing.exec(next);
    if (!m) {
      missing.push(key);
    } else if (m[2] !== "true") {
      next = next.replace(existing, `"${key}": "true"`);
      ctx.changes.push({
        object,
        path: `data.cni_network_config ipam.${key}`,
        before: m[2] ?? null,
        after: "true",
      });
    }
  }
  if (missing.length > 0) {
    next = next.replace(
      ipamType,
      (_all, indent: string, type: string) =>
        `${indent}${type}${missing.map((k) => `,\n${indent}"${k}": "true"`).join("")}`,
    );
    for (const key of missing) {
      ctx.changes.push({ object, path: `data.cni_network_config ipam.${key}`, before: null, after: "true" });
    }
  }
  data.cni_network_config = next;
}

// --- calico operator

function findInstallation(docs: ManifestDoc[]): ManifestDoc | undefined {
  const all = docs.filter(
    (d) =>
      d.kind === "Installation" &&
      typeof d.apiVersion === "string" &&
      d.apiVersion.startsWith("operator.tigera.io/"),
  );
  return all.find((d) => metaOf(d).name === "default") ?? all[0];
}

const IPV6_ENCAPSULATIONS = new Set(["None", "VXLAN", "VXLANCrossSubnet"]);

function patchCalicoOperator(
  docs: ManifestDoc[],
  ctx: Ctx,
  mirrors: Record<string, string>,
  operatorImageRegistry: string,
): void {
  const inst = findInstallation(docs);
  if (!inst) return;
  const object = describe(inst);
  const spec = ensureObj(inst, "spec");
  const net = ensureObj(spec, "calicoNetwork");
  if (!Array.isArray(net.ipPools)) net.ipPools = [];
  const pools = net.ipPools as unknown[];
  const { v4, v6 } = ctx.subnet;
  const family = (p: unknown): 4 | 6 | undefined => {
    if (!isObj(p) || typeof p.cidr !== "string") return undefined;
    const r = parseCidr(p.cidr);
    return r.ok ? r.cidr.family : undefined;
  };

  // ipPools[0] is the IPv4 pool upstream; otherwise the first IPv4 pool, or a pool without a cidr.
  let i4 = pools.findIndex((p) => family(p) === 4);
  if (i4 < 0) i4 = pools.findIndex((p) => isObj(p) && (p.cidr === undefined || p.cidr === ""));
  if (i4 < 0) {
    pools.unshift({
      name: "default-ipv4-ippool",
      blockSize: 26,
      cidr: v4.text,
      encapsulation: "VXLANCrossSubnet",
      natOutgoing: "Enabled",
      nodeSelector: "all()",
    });
    ctx.changes.push({
      object,
      path: "spec.calicoNetwork.ipPools[0]",
      before: null,
      after: JSON.stringify(pools[0]),
    });
    i4 = 0;
  } else {
    const pool = pools[i4] as Record<string, unknown>;
    const path = `spec.calicoNetwork.ipPools[${i4}].cidr`;
    if (mayWriteCidr(ctx, object, path, pool.cidr, v4, UPSTREAM_DEFAULT_CIDRS.calicoOperator)) {
      ctx.changes.push({
        object,
        path,
        before: typeof pool.cidr === "string" ? pool.cidr : null,
        after: v4.text,
      });
      pool.cidr = v4.text;
    }
  }

  if (v6 !== undefined) {
    const i6 = pools.findIndex((p) => family(p) === 6);
    if (i6 >= 0) {
      const pool = pools[i6] as Record<string, unknown>;
      const path = `spec.calicoNetwork.ipPools[${i6}].cidr`;
      if (mayWriteCidr(ctx, object, path, pool.cidr, v6)) {
        ctx.changes.push({ object, path, before: String(pool.cidr), after: v6.text });
        pool.cidr = v6.text;
      }
    } else {
      const p4 = pools[i4] as Record<string, unknown>;
      const enc =
        typeof p4.encapsulation === "string" && IPV6_ENCAPSULATIONS.has(p4.encapsulation)
          ? p4.encapsulation
          : "None";
      const pool = {
        name: "default-ipv6-ippool",
        blockSize: 122,
        cidr: v6.text,
        encapsulation: enc,
        natOutgoing: typeof p4.natOutgoing === "string" ? p4.natOutgoing : "Enabled",
        nodeSelector: "all()",
      };
      pools.push(pool);
      ctx.changes.push({
        object,
        path: `spec.calicoNetwork.ipPools[${pools.length - 1}]`,
        before: null,
        after: JSON.stringify(pool),
      });
    }
  }

  if (ctx.iface !== undefined) {
    const fields =
      v6 !== undefined
        ? ["nodeAddressAutodetectionV4", "nodeAddressAutodetectionV6"]
        : ["nodeAddressAutodetectionV4"];
    for (const field of fields) {
      const want = { interface: ctx.iface };
      const current = net[field];
      if (JSON.stringify(current) === JSON.stringify(want)) continue;
      net[field] = want;
      ctx.changes.push({
        object,
        path: `spec.calicoNetwork.${field}`,
        before: current === undefined ? null : JSON.stringify(current),
        after: JSON.stringify(want),
      });
    }
  }

  const upstream = normaliseRegistry(operatorImageRegistry);
  const mirror = mirrors[upstream];
  const current = spec.registry;
  if (mirror !== undefined && (current === undefined || current === "" || current === "UseDefault")) {
    try {
      // Validates the prefix the same way image rewriting does.
      mirrorImage(`${upstream}/calico/node:latest`, { [upstream]: mirror });
      const registry = `${mirror.trim().replace(/\/+$/, "")}/`;
      spec.registry = registry;
      ctx.changes.push({
        object,
        path: "spec.registry",
        before: typeof current === "string" ? current : null,
        after: registry,
      });
    } catch (e) {
      if (!(e instanceof InvalidReferenceError)) throw e;
      pushMirrorProblem(ctx, upstream, mirror, e);
    }
  }
}

// --- images

const POD_SPEC_PATHS: Record<string, string[]> = {
  DaemonSet: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
};
const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

interface ContainerAt {
  doc: ManifestDoc;
  container: Record<string, unknown>;
  /** e.g. "spec.template.spec.containers[calico-node]" */
  path: string;
}

function podContainers(docs: readonly ManifestDoc[]): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const doc of docs) {
    const specPath = typeof doc.kind === "string" ? POD_SPEC_PATHS[doc.kind] : undefined;
    if (!specPath) continue;
    let node: unknown = doc;
    for (const k of specPath) node = isObj(node) ? node[k] : undefined;
    if (!isObj(node)) continue;
    for (const list of CONTAINER_LISTS) {
      const items = node[list];
      if (!Array.isArray(items)) continue;
      items.forEach((c, i) => {
        if (!isObj(c)) return;
        const id = typeof c.name === "string" ? c.name : String(i);
        out.push({ doc, container: c, path: `${specPath.join(".")}.${list}[${id}]` });
      });
    }
  }
  return out;
}

function rewriteImages(docs: ManifestDoc[], mirrors: Record<string, string>, ctx: Ctx): void {
  const badMirrors = new Set<string>();
  for (const { doc, container, path } of podContainers(docs)) {
    const image = container.image;
    if (typeof image !== "string") continue;
    const parsed = parseReference(image);
    if (!parsed.ok) {
      ctx.problems.push({
        code: "imageInvalid",
        params: { object: describe(doc), path: `${path}.image`, image },
      });
      continue;
    }
    const registry = parsed.ref.registry;
    const mirror = mirrors[registry];
    if (mirror === undefined || badMirrors.has(registry)) continue;
    let after: string;
    try {
      after = mirrorImage(image, mirrors);
    } catch (e) {
      if (!(e instanceof InvalidReferenceError)) throw e;
      badMirrors.add(registry);
      pushMirrorProblem(ctx, registry, mirror, e);
      continue;
    }
    if (after === image) continue;
    container.image = after;
    ctx.changes.push({ object: describe(doc), path: `${path}.image`, before: image, after });
  }
}

function pushMirrorProblem(ctx: Ctx, registry: string, mirror: string, e: InvalidReferenceError): void {
  if (ctx.problems.some((p) => p.code === "mirrorInvalid" && p.params.registry === registry)) return;
  ctx.problems.push({ code: "mirrorInvalid", params: { registry, mirror, reason: e.problem } });
}

/** Every container image in the documents, unique, in document order. */
export function listImages(docs: readonly ManifestDoc[]): string[] {
  const seen = new Set<string>();
  for (const { container } of podContainers(docs)) {
    if (typeof container.image === "string") seen.add(container.image);
  }
  return [...seen];
}

// ---------------------------------------------------------------------------------------------
// apply order

/** API groups served by kube-apiserver itself ("" is the core group). */
const BUILT_IN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "coordination.k8s.io",
  "certificates.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "events.k8s.io",
  "resource.k8s.io",
]);

const CLUSTER_SCOPED_KINDS = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "APIService",
  "PriorityClass",
  "StorageClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "IngressClass",
  "RuntimeClass",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "CertificateSigningRequest",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "PodSecurityPolicy",
  "DeviceClass",
]);

/**
 * Order to apply: CRDs, Namespaces, other cluster-scoped objects (ClusterRole/Binding, ...), namespaced
 * objects, then custom resources (their CRD must be established first; for the operator install the
 * operator creates the CRDs). Stable within a group; returns a new array.
 */
export function applyOrder<T extends ManifestDoc>(docs: readonly T[]): T[] {
  const rank = (d: T): number => {
    const kind = typeof d.kind === "string" ? d.kind : "";
    if (kind === "CustomResourceDefinition") return 0;
    if (kind === "Namespace") return 1;
    const apiVersion = typeof d.apiVersion === "string" ? d.apiVersion : "";
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    if (!BUILT_IN_GROUPS.has(group)) return 4;
    return CLUSTER_SCOPED_KINDS.has(kind) ? 2 : 3;
  };
  return docs
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.d);
}

// ---------------------------------------------------------------------------------------------
// readiness

export interface ReadinessTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
  /** rollout: the workload's ready replicas reach the desired count; condition: status condition True. */
  check: "rollout" | "condition";
  condition?: string | undefined;
  /** spec.selector.matchLabels, to find the pods when reporting what is not ready. */
  selector?: Record<string, string> | undefined;
}

const WAIT_KINDS = new Set(["DaemonSet", "Deployment", "StatefulSet"]);

/**
 * The workloads to wait for: every DaemonSet, Deployment and StatefulSet in the documents, in
 * document order (flannel: kube-flannel/kube-flannel-ds; calico.yaml: kube-system/calico-node and
 * kube-system/calico-kube-controllers; operator: tigera-operator/tigera-operator). For the operator
 * install with an Installation, then `TigeraStatus calico` Available (the operator creates the
 * calico-system workloads, which are not in the files).
 */
export function readinessTargets(plugin: CniPlugin, docs: readonly ManifestDoc[]): ReadinessTarget[] {
  if (plugin === "none") return [];
  const out: ReadinessTarget[] = [];
  for (const d of docs) {
    if (typeof d.kind !== "string" || !WAIT_KINDS.has(d.kind)) continue;
    const meta = metaOf(d);
    if (meta.name === undefined) continue;
    const labels = objAt(objAt(d, "spec")?.selector, "matchLabels");
    const selector: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels ?? {})) if (typeof v === "string") selector[k] = v;
    out.push({
      apiVersion: typeof d.apiVersion === "string" ? d.apiVersion : "apps/v1",
      kind: d.kind,
      name: meta.name,
      namespace: meta.namespace ?? "default",
      check: "rollout",
      selector: Object.keys(selector).length > 0 ? selector : undefined,
    });
  }
  if (plugin === "calico" && findInstallation(docs as ManifestDoc[])) {
    out.push({
      apiVersion: "operator.tigera.io/v1",
      kind: "TigeraStatus",
      name: "calico",
      check: "condition",
      condition: "Available",
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// helpers

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function objAt(v: unknown, key: string): Record<string, unknown> | undefined {
  if (!isObj(v)) return undefined;
  const x = v[key];
  return isObj(x) ? x : undefined;
}

function ensureObj(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const x = parent[key];
  if (isObj(x)) return x;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}

function metaOf(d: ManifestDoc): { name: string | undefined; namespace: string | undefined } {
  const m = objAt(d, "metadata");
  return {
    name: typeof m?.name === "string" ? m.name : undefined,
    namespace: typeof m?.namespace === "string" ? m.namespace : undefined,
  };
}

/** "Kind ns/name", or "Kind name" for cluster-scoped objects. */
export function describe(d: ManifestDoc): string {
  const { name, namespace } = metaOf(d);
  const kind = typeof d.kind === "string" ? d.kind : "?";
  return `${kind} ${namespace ? `${namespace}/` : ""}${name ?? "?"}`;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function scalarText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function envText(e: Record<string, unknown>): string {
  return e.valueFrom !== undefined ? `valueFrom ${JSON.stringify(e.valueFrom)}` : scalarText(e.value ?? "");
}
