/**
 * An in-process fake Kubernetes API server (node:http on 127.0.0.1, random port) for tests of the
 * KubeClient port and of what is built on it (`cni apply`, `wait`, `doctor`).
 *
 * Faithful where our code can tell the difference: the JSON shapes of /version, discovery
 * (APIVersions, APIGroupList, APIGroup, APIResourceList with subresources), objects, lists
 * (`<Kind>List`, items without apiVersion/kind for built-in kinds, limit/continue with a consistent
 * snapshot, 410 on an expired continue token), metav1.Status errors with the API server's messages,
 * a global resourceVersion, watches as a chunked stream of JSON lines (history replay after
 * resourceVersion, ERROR 410 "Expired" beyond the retained window, BOOKMARKs, timeoutSeconds,
 * selector transitions as ADDED/DELETED), server-side apply (PATCH application/apply-patch+yaml:
 * create or merge per field manager, removal of fields a manager stopped applying, conflicts with
 * other managers unless force, no-op re-apply keeps the resourceVersion, status kept, generation),
 * CRDs that become Established shortly after being applied and only then are served, bearer-token
 * authentication (401) and a read-only token (403), and pod evictions (POST .../pods/NAME/eviction)
 * that honour PodDisruptionBudgets' status.disruptionsAllowed (429 when it is 0).
 *
 * Not modelled: admission and defaulting (apart from Namespaces and CRD status), schema validation,
 * strategic merge / JSON / merge patches, POST/PUT, finalizers and graceful deletion, owner
 * references / garbage collection, controllers (nothing becomes Ready unless the test says so),
 * aggregated discovery (v2), protobuf, OpenAPI.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";

// ---------------------------------------------------------------------------------------------
// Public types

export interface FakeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface FakeRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
}

export interface FakeApiServerOptions {
  /** Bearer token of the admin user (default: random). */
  token?: string;
  /** A second token that may get/list/watch but not write (403 Forbidden). */
  readOnlyToken?: string;
  /**
   * kubeadm's default: requests without a token are system:anonymous, allowed only /version,
   * /healthz, /livez, /readyz (403 elsewhere). Default false: no token -> 401.
   */
  anonymous?: boolean;
  /** Watch events kept for watches from an older resourceVersion (default 1000). */
  historyLimit?: number;
  /** Delay before an applied CRD becomes Established and served (default 10 ms); null: never (use setStatus). */
  crdEstablishDelayMs?: number | null;
  /** Reported by /version (default v1.33.1). */
  gitVersion?: string;
  /** Send BOOKMARKs to watches that allow them every so often (default: only on bookmark()). */
  bookmarkIntervalMs?: number;
  /** Serve HTTPS with this certificate; `ca` goes into the written kubeconfig. */
  tls?: { cert: string; key: string; ca?: string };
  /** Namespaces that exist from the start (default: default, kube-system, kube-public, kube-node-lease). */
  namespaces?: string[];
  /** Further objects present from the start (as upsert). */
  objects?: FakeObject[];
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  status: number;
  watch: boolean;
  user: string;
}

export interface FaultRule {
  method?: string;
  /** Substring or pattern of the path (without query). */
  path?: string | RegExp;
  status: number;
  reason?: string;
  message?: string;
  /** How many requests to fail (default 1). */
  times?: number;
  /** Let this many matching requests through first (default 0). */
  after?: number;
}

export interface FakeApiServer {
  url: string;
  port: number;
  token: string;
  /** A kubeconfig (in a temp dir removed by stop()) for url + token. */
  kubeconfigPath: string;
  /** Another kubeconfig: other token (null: none), server or CA. */
  writeKubeconfig(opts?: { token?: string | null; server?: string; ca?: string }): string;
  /** Every request answered so far. */
  requests: RequestRecord[];
  stop(): Promise<void>;
  /** Ends every open watch (abrupt: destroys the sockets instead of a clean end). Returns how many. */
  dropWatches(opts?: { abrupt?: boolean }): number;
  openWatches(): number;
  /** Sends a BOOKMARK to every watch that allowed them. */
  bookmark(): void;
  /** Forgets all watch history: a watch or continue token from before now gets 410 Gone. */
  compact(): void;
  /** The current (latest) resourceVersion. */
  resourceVersion(): string;
  get(ref: FakeRef): FakeObject | undefined;
  /** All stored objects (copies), optionally of one kind / namespace. */
  objects(filter?: { apiVersion?: string; kind?: string; namespace?: string }): FakeObject[];
  /** Replaces .status (as a controller would), MODIFIED event. */
  setStatus(ref: FakeRef, status: unknown): FakeObject;
  /** Creates or replaces an object (ADDED / MODIFIED), as another client would; optional field manager. */
  upsert(obj: FakeObject, opts?: { fieldManager?: string }): FakeObject;
  /** Deletes (DELETED event); a Namespace or CRD takes its objects with it. */
  remove(ref: FakeRef): boolean;
  /** Fails matching requests with a Status error. */
  fail(rule: FaultRule): void;
  /** Marks a stored CRD Established now (for crdEstablishDelayMs: null). False if there is no such CRD. */
  establishCrd(name: string): boolean;
  /**
   * (doctor) What GET .../pods/NAME/log returns for a container: the running instance, or with
   * `previous` the last terminated one (CrashLoopBackOff). Served for pods that exist.
   */
  setPodLog(
    ref: { namespace: string; name: string; container: string; previous?: boolean },
    text: string,
  ): void;

  // ---- added for cni apply / wait (issue 5) ----
  /**
   * Like kube-apiserver restarting (it is a static pod): stops listening, cuts every connection
   * (open watches included), and listens again on the same port after `downMs` (default 200).
   * Objects and watch history survive, as they do in etcd. Resolves once it listens again.
   */
  restart(opts?: { downMs?: number }): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Resource types

interface SubresourceDef {
  name: string;
  kind?: string;
  group?: string;
  version?: string;
  verbs: string[];
}

interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources: SubresourceDef[];
  /** metadata.generation is maintained. */
  generation: boolean;
  /** .status is only writable through the status subresource (setStatus). */
  statusSubresource: boolean;
  /** Set for kinds served from a CRD. */
  crd?: string;
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const STATUS: SubresourceDef = { name: "status", verbs: ["get", "patch", "update"] };
const SCALE: SubresourceDef = {
  name: "scale",
  kind: "Scale",
  group: "autoscaling",
  version: "v1",
  verbs: ["get", "patch", "update"],
};

function builtin(
  apiVersion: string,
  kind: string,
  plural: string,
  opts: {
    namespaced?: boolean;
    shortNames?: string[];
    categories?: string[];
    sub?: SubresourceDef[];
    generation?: boolean;
  } = {},
): ResourceType {
  const { group, version } = splitGV(apiVersion);
  const sub = opts.sub ?? [];
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: opts.namespaced ?? true,
    ...(opts.shortNames ? { shortNames: opts.shortNames } : {}),
    ...(opts.categories ? { categories: opts.categories } : {}),
    subresources: sub,
    generation: opts.generation ?? false,
    statusSubresource: sub.some((s) => s.name === "status"),
  };
}

const ALL = ["all"];

const BUILTIN_TYPES: ResourceType[] = [
  builtin("v1", "ConfigMap", "configmaps", { shortNames: ["cm"] }),
  builtin("v1", "Endpoints", "endpoints", { shortNames: ["ep"] }),
  builtin("v1", "Event", "events", { shortNames: ["ev"] }),
  builtin("v1", "Namespace", "namespaces", {
    namespaced: false,
    shortNames: ["ns"],
    sub: [{ name: "finalize", verbs: ["update"] }, STATUS],
  }),
  builtin("v1", "Node", "nodes", {
    namespaced: false,
    shortNames: ["no"],
    sub: [
      { name: "proxy", kind: "NodeProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] },
      STATUS,
    ],
  }),
  builtin("v1", "Pod", "pods", {
    shortNames: ["po"],
    categories: ALL,
    generation: true,
    sub: [
      { name: "eviction", kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] },
      { name: "exec", kind: "PodExecOptions", verbs: ["create", "get"] },
      { name: "log", kind: "Pod", verbs: ["get"] },
      STATUS,
    ],
  }),
  builtin("v1", "Secret", "secrets"),
  builtin("v1", "ServiceAccount", "serviceaccounts", {
    shortNames: ["sa"],
    sub: [
      {
        name: "token",
        kind: "TokenRequest",
        group: "authentication.k8s.io",
        version: "v1",
        verbs: ["create"],
      },
    ],
  }),
  builtin("v1", "Service", "services", {
    shortNames: ["svc"],
    categories: ALL,
    sub: [
      { name: "proxy", kind: "ServiceProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] },
      STATUS,
    ],
  }),
  builtin("apps/v1", "ControllerRevision", "controllerrevisions"),
  builtin("apps/v1", "DaemonSet", "daemonsets", {
    shortNames: ["ds"],
    categories: ALL,
    generation: true,
    sub: [STATUS],
  }),
  builtin("apps/v1", "Deployment", "deployments", {
    shortNames: ["deploy"],
    categories: ALL,
    generation: true,
    sub: [SCALE, STATUS],
  }),
  builtin("apps/v1", "ReplicaSet", "replicasets", {
    shortNames: ["rs"],
    categories: ALL,
    generation: true,
    sub: [SCALE, STATUS],
  }),
  builtin("apps/v1", "StatefulSet", "statefulsets", {
    shortNames: ["sts"],
    categories: ALL,
    generation: true,
    sub: [SCALE, STATUS],
  }),
  builtin("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", { namespaced: false }),
  builtin("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", { namespaced: false }),
  builtin("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings"),
  builtin("rbac.authorization.k8s.io/v1", "Role", "roles"),
  builtin("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", {
    namespaced: false,
    shortNames: ["crd", "crds"],
    categories: ["api-extensions"],
    generation: true,
    sub: [STATUS],
  }),
  builtin("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", {
    shortNames: ["pdb"],
    generation: true,
    sub: [STATUS],
  }),
  builtin("coordination.k8s.io/v1", "Lease", "leases"),
];

/** Group order of a real server's /apis (built-in part). */
const BUILTIN_GROUPS = [
  "apps",
  "rbac.authorization.k8s.io",
  "apiextensions.k8s.io",
  "policy",
  "coordination.k8s.io",
];

function splitGV(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function gvString(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** Kubernetes version priority: v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > anything else (alphabetical). */
function versionPriority(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0] as const;
    const level = m[2] === undefined ? 3 : m[2] === "beta" ? 2 : 1;
    return [level, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return a.localeCompare(b);
}

function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash("sha256")
    .update(`${group}/${version}/${kind}`)
    .digest()
    .subarray(0, 8)
    .toString("base64");
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(v: Json): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

function status(code: number, reason: string, message: string, details?: JsonObject): JsonObject {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: JsonObject | string,
  ) {
    super(typeof body === "string" ? body : String(body.message));
  }
}

const pageNotFound = () => new HttpError(404, "404 page not found\n");

function qualified(t: ResourceType): string {
  return t.group === "" ? t.plural : `${t.plural}.${t.group}`;
}

function notFound(t: ResourceType, name: string): HttpError {
  return new HttpError(
    404,
    status(404, "NotFound", `${qualified(t)} "${name}" not found`, {
      name,
      ...(t.group ? { group: t.group } : {}),
      kind: t.plural,
    }),
  );
}

function invalid(t: ResourceType, name: string, causes: { field: string; message: string }[]): HttpError {
  const kindQ = t.group === "" ? t.kind : `${t.kind}.${t.group}`;
  const text = causes.map((c) => `${c.field}: ${c.message}`);
  const message = `${kindQ} "${name}" is invalid: ${text.length === 1 ? text[0] : `[${text.join(", ")}]`}`;
  return new HttpError(
    422,
    status(422, "Invalid", message, {
      name,
      ...(t.group ? { group: t.group } : {}),
      kind: t.kind,
      causes: causes.map((c) => ({ reason: "FieldValueInvalid", message: c.message, field: c.field })),
    }),
  );
}

function badRequest(message: string): HttpError {
  return new HttpError(400, status(400, "BadRequest", message));
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// ---------------------------------------------------------------------------------------------
// Field ownership (server-side apply, simplified): a manager owns leaf paths. Objects are merged
// key by key; lists and scalars are atomic leaves.

type FieldPath = string; // JSON.stringify(string[])

interface Ownership {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fields: Set<FieldPath>;
}

const IDENTITY_META = new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

function leaves(obj: JsonObject, includeStatus: boolean): Set<FieldPath> {
  const out = new Set<FieldPath>();
  const walk = (v: Json, path: string[]) => {
    if (isObject(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
    } else {
      out.add(JSON.stringify(path));
    }
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind") continue;
    if (k === "status" && !includeStatus) continue;
    if (k === "metadata" && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) if (!IDENTITY_META.has(mk)) walk(mv, ["metadata", mk]);
      continue;
    }
    walk(v, [k]);
  }
  return out;
}

function getPath(obj: Json, path: string[]): { found: boolean; value: Json } {
  let cur: Json = obj;
  for (const k of path) {
    if (!isObject(cur) || !Object.hasOwn(cur, k)) return { found: false, value: undefined };
    cur = cur[k];
  }
  return { found: true, value: cur };
}

function deletePath(obj: JsonObject, path: string[]): void {
  const parents: JsonObject[] = [];
  let cur: JsonObject = obj;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (!isObject(next)) return;
    parents.push(cur);
    cur = next;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  delete cur[last];
  // prune parents emptied by the removal (never the top level or metadata itself)
  for (let i = path.length - 2; i >= 1; i--) {
    const parent = parents[i];
    const key = path[i];
    if (parent === undefined || key === undefined) break;
    const child = parent[key];
    if (isObject(child) && Object.keys(child).length === 0) delete parent[key];
    else break;
  }
}

function mergeInto(target: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    const cur = target[k];
    if (isObject(v)) {
      // an empty map in the configuration leaves the current one (and others' fields) alone
      if (!isObject(cur)) target[k] = {};
      mergeInto(target[k] as JsonObject, v);
    } else {
      target[k] = clone(v);
    }
  }
}

function sameFields(a: Set<FieldPath>, b: Set<FieldPath>): boolean {
  return a.size === b.size && [...a].every((f) => b.has(f));
}

function sameOwners(a: Map<string, Ownership>, b: Map<string, Ownership>): boolean {
  const live = (m: Map<string, Ownership>) => [...m.values()].filter((o) => o.fields.size > 0);
  const la = live(a);
  const lb = live(b);
  return (
    la.length === lb.length &&
    la.every((o) => {
      const other = b.get(o.manager);
      return other !== undefined && other.operation === o.operation && sameFields(o.fields, other.fields);
    })
  );
}

function fieldsV1(fields: Set<FieldPath>): JsonObject {
  const root: JsonObject = {};
  for (const f of [...fields].sort()) {
    let cur = root;
    for (const k of JSON.parse(f) as string[]) {
      const key = `f:${k}`;
      if (!isObject(cur[key])) cur[key] = {};
      cur = cur[key] as JsonObject;
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Selectors

type Matcher = (obj: JsonObject) => boolean;

function parseLabelSelector(sel: string | undefined): Matcher {
  if (!sel?.trim()) return () => true;
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      terms.push(sel.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(sel.slice(start));
  const tests = terms.map((raw): ((labels: Record<string, string>) => boolean) => {
    const t = raw.trim();
    let m = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
    if (m) {
      const key = m[1] as string;
      const values = (m[3] as string).split(",").map((s) => s.trim());
      return m[2] === "in"
        ? (l) => Object.hasOwn(l, key) && values.includes(l[key] as string)
        : (l) => !Object.hasOwn(l, key) || !values.includes(l[key] as string);
    }
    m = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s=!()]*)$/.exec(t);
    if (m) {
      const key = m[1] as string;
      const value = m[3] as string;
      return m[2] === "!=" ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    m = /^(!?)([^\s!=()]+)$/.exec(t);
    if (m) {
      const key = m[2] as string;
      return m[1] === "!" ? (l) => !Object.hasOwn(l, key) : (l) => Object.hasOwn(l, key);
    }
    throw badRequest(`unable to parse requirement: found '${t}', expected: in, notin, =, ==, !=, gt, lt`);
  });
  return (obj) => {
    const labels = ((obj.metadata as JsonObject | undefined)?.labels ?? {}) as Record<string, string>;
    return tests.every((test) => test(labels));
  };
}

/** Field selectors the real API server accepts, beyond metadata.name / metadata.namespace. */
const EXTRA_FIELDS: Record<string, string[]> = {
  Pod: [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  Node: ["spec.unschedulable"],
  Namespace: ["status.phase"],
  Secret: ["type"],
  Event: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
};

function parseFieldSelector(sel: string | undefined, t: ResourceType): Matcher {
  if (!sel?.trim()) return () => true;
  const allowed = new Set([
    "metadata.name",
    "metadata.namespace",
    ...(t.crd ? [] : (EXTRA_FIELDS[t.kind] ?? [])),
  ]);
  const tests = sel.split(",").map((raw): Matcher => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(raw);
    if (!m) throw badRequest(`invalid selector: '${sel}'; can't understand '${raw}'`);
    const field = m[1] as string;
    if (!allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
    const value = m[3] as string;
    const path = field === "source" ? ["source", "component"] : field.split(".");
    const read = (obj: JsonObject) => {
      const v = getPath(obj, path).value;
      if (v === undefined || v === null)
        return field === "spec.hostNetwork" || field === "spec.unschedulable" ? "false" : "";
      return String(v);
    };
    return m[2] === "!=" ? (o) => read(o) !== value : (o) => read(o) === value;
  });
  return (obj) => tests.every((test) => test(obj));
}

// ---------------------------------------------------------------------------------------------
// The server

interface Stored {
  type: ResourceType;
  obj: FakeObject;
  owners: Map<string, Ownership>;
}

interface HistoryEvent {
  rv: number;
  type: "ADDED" | "MODIFIED" | "DELETED";
  typeKey: string;
  key: string;
  object: FakeObject;
  prev: FakeObject | undefined;
}

interface Watcher {
  typeKey: string;
  type: ResourceType;
  namespace: string | undefined;
  matches: Matcher;
  bookmarks: boolean;
  res: ServerResponse;
  closed: boolean;
  timer: NodeJS.Timeout | undefined;
  /** Events queued while replaying history (none in practice: replay is synchronous). */
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

const typeKeyOf = (t: { group: string; plural: string }) => `${t.group}/${t.plural}`;

export async function startFakeApiServer(opts: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const token = opts.token ?? randomBytes(16).toString("hex");
  const historyLimit = opts.historyLimit ?? 1000;
  const establishDelay = opts.crdEstablishDelayMs === undefined ? 10 : opts.crdEstablishDelayMs;
  const gitVersion = opts.gitVersion ?? "v1.33.1";
  const tmp = mkdtempSync(join(tmpdir(), "kadm-fake-api-"));

  const store = new Map<string, Stored>();
  const history: HistoryEvent[] = [];
  const watchers = new Set<Watcher>();
  const requests: RequestRecord[] = [];
  const faults: (FaultRule & { left: number; pass: number })[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let rv = 0;
  /** Watches / continue tokens from a resourceVersion below this are expired. */
  let compactedRv = 0;
  let stopped = false;

  // ---- types (built-in + established CRDs) -----------------------------------------------------

  const crdTypes = new Map<string, ResourceType[]>(); // CRD name -> served types

  function allTypes(): ResourceType[] {
    return [...BUILTIN_TYPES, ...[...crdTypes.values()].flat()];
  }

  function typeByKind(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = splitGV(apiVersion);
    return allTypes().find((t) => t.group === group && t.version === version && t.kind === kind);
  }

  function typeByPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return allTypes().find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  function requireType(apiVersion: string, kind: string): ResourceType {
    const t = typeByKind(apiVersion, kind);
    if (!t) throw new Error(`fake API server: no kind ${kind} in ${apiVersion} (CRD not established?)`);
    return t;
  }

  /** Stored objects are keyed by group + plural, so one object is visible under every served version. */
  function keyOf(t: ResourceType, namespace: string | undefined, name: string): string {
    return `${typeKeyOf(t)}/${t.namespaced ? (namespace ?? "") : ""}/${name}`;
  }

  function crdServedTypes(crd: FakeObject): ResourceType[] {
    const spec = (crd.spec ?? {}) as JsonObject;
    const names = (spec.names ?? {}) as JsonObject;
    const versions = (Array.isArray(spec.versions) ? spec.versions : []) as JsonObject[];
    return versions
      .filter((v) => v.served !== false)
      .map((v) => {
        const hasStatus = isObject(v.subresources) && isObject(v.subresources.status);
        const hasScale = isObject(v.subresources) && isObject(v.subresources.scale);
        const sub: SubresourceDef[] = [];
        if (hasStatus) sub.push({ ...STATUS, kind: String(names.kind) });
        if (hasScale) sub.push(SCALE);
        return {
          group: String(spec.group),
          version: String(v.name),
          kind: String(names.kind),
          plural: String(names.plural),
          singular: String(names.singular ?? String(names.kind).toLowerCase()),
          namespaced: spec.scope === "Namespaced",
          ...(Array.isArray(names.shortNames) ? { shortNames: names.shortNames as string[] } : {}),
          ...(Array.isArray(names.categories) ? { categories: names.categories as string[] } : {}),
          subresources: sub,
          generation: true,
          statusSubresource: hasStatus,
          crd: crd.metadata.name,
        };
      });
  }

  function isEstablished(crd: FakeObject): boolean {
    const conditions = ((crd.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[];
    return (
      Array.isArray(conditions) && conditions.some((c) => c.type === "Established" && c.status === "True")
    );
  }

  /** Keeps crdTypes in line with the CRD objects' Established condition. */
  function syncCrd(crd: FakeObject | undefined, name: string): void {
    const before = crdTypes.get(name);
    if (crd && isEstablished(crd)) {
      crdTypes.set(name, crdServedTypes(crd));
    } else {
      crdTypes.delete(name);
    }
    const after = crdTypes.get(name);
    // Kinds no longer served: their objects go, open watches end.
    for (const gone of before ?? []) {
      if (after?.some((t) => t.plural === gone.plural && t.group === gone.group)) continue;
      for (const w of watchers) if (w.typeKey === typeKeyOf(gone)) endWatch(w, false);
      if (!crd) {
        for (const [key, s] of [...store]) {
          if (typeKeyOf(s.type) === typeKeyOf(gone)) deleteStored(key, s);
        }
      }
    }
  }

  /** What the apiextensions controllers do: accept the names, mark Established; the kinds get served. */
  function establish(name: string): boolean {
    const s = store.get(keyOf(crdType, undefined, name));
    if (!s) return false;
    if (isEstablished(s.obj)) return true;
    const spec = (s.obj.spec ?? {}) as JsonObject;
    const versions = (Array.isArray(spec.versions) ? spec.versions : []) as JsonObject[];
    const t = now();
    const names = clone((spec.names ?? {}) as JsonObject);
    if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
    if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
    writeStatus(s, {
      acceptedNames: names,
      conditions: [
        {
          type: "NamesAccepted",
          status: "True",
          lastTransitionTime: t,
          reason: "NoConflicts",
          message: "no conflicts found",
        },
        {
          type: "Established",
          status: "True",
          lastTransitionTime: t,
          reason: "InitialNamesAccepted",
          message: "the initial names have been accepted",
        },
      ],
      storedVersions: versions.filter((v) => v.storage === true).map((v) => String(v.name)),
    });
    return true;
  }

  function scheduleEstablish(name: string): void {
    if (establishDelay === null) return;
    if (establishDelay <= 0) {
      establish(name);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) establish(name);
    }, establishDelay);
    timers.add(timer);
  }

  const crdType = BUILTIN_TYPES.find((t) => t.kind === "CustomResourceDefinition") as ResourceType;
  const nsType = BUILTIN_TYPES.find((t) => t.kind === "Namespace") as ResourceType;

  // ---- storage + events ------------------------------------------------------------------------

  function record(
    type: HistoryEvent["type"],
    key: string,
    t: ResourceType,
    object: FakeObject,
    prev?: FakeObject,
  ) {
    history.push({ rv, type, typeKey: typeKeyOf(t), key, object: clone(object), prev: prev && clone(prev) });
    while (history.length > historyLimit) {
      const dropped = history.shift();
      if (dropped) compactedRv = dropped.rv;
    }
    const ev = history[history.length - 1] as HistoryEvent;
    for (const w of watchers) deliver(w, ev);
  }

  function renderManagedFields(s: Stored): void {
    const entries = [...s.owners.values()]
      .filter((o) => o.fields.size > 0)
      .map((o) => ({
        manager: o.manager,
        operation: o.operation,
        apiVersion: o.apiVersion,
        time: o.time,
        fieldsType: "FieldsV1",
        fieldsV1: fieldsV1(o.fields),
      }));
    if (entries.length > 0) s.obj.metadata.managedFields = entries;
    else delete s.obj.metadata.managedFields;
  }

  /** Persists a new or changed object: next resourceVersion, event. */
  function commit(key: string, t: ResourceType, next: FakeObject, owners: Map<string, Ownership>): Stored {
    const prev = store.get(key);
    rv++;
    next.metadata.resourceVersion = String(rv);
    const s: Stored = { type: t, obj: next, owners };
    renderManagedFields(s);
    store.set(key, s);
    record(prev ? "MODIFIED" : "ADDED", key, t, s.obj, prev?.obj);
    if (t === crdType) syncCrd(s.obj, s.obj.metadata.name);
    return s;
  }

  function writeStatus(s: Stored, newStatus: unknown): Stored {
    const next = clone(s.obj);
    if (newStatus === undefined || newStatus === null) delete next.status;
    else next.status = clone(newStatus);
    return commit(keyOf(s.type, s.obj.metadata.namespace, s.obj.metadata.name), s.type, next, s.owners);
  }

  function deleteStored(key: string, s: Stored): void {
    store.delete(key);
    rv++;
    const gone = clone(s.obj);
    gone.metadata.resourceVersion = String(rv);
    record("DELETED", key, s.type, gone, s.obj);
    if (s.type === nsType) {
      for (const [k, other] of [...store]) {
        if (other.type.namespaced && other.obj.metadata.namespace === s.obj.metadata.name)
          deleteStored(k, other);
      }
    }
    if (s.type === crdType) syncCrd(undefined, s.obj.metadata.name);
  }

  function specOf(o: FakeObject): JsonObject {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  }

  /** Defaults the API server adds on create. */
  function onCreate(t: ResourceType, obj: FakeObject): void {
    if (t === nsType) {
      const labels = (obj.metadata.labels ?? {}) as Record<string, string>;
      obj.metadata.labels = { ...labels, "kubernetes.io/metadata.name": obj.metadata.name };
      obj.spec = { finalizers: ["kubernetes"], ...((obj.spec as JsonObject | undefined) ?? {}) };
      obj.status = { phase: "Active" };
    }
  }

  function validateCreateOrUpdate(t: ResourceType, obj: FakeObject): void {
    const name = obj.metadata.name;
    const nameOk = t === nsType ? DNS_LABEL.test(name) : DNS_SUBDOMAIN.test(name);
    if (!nameOk || name.length > 253) {
      throw invalid(t, name, [
        {
          field: "metadata.name",
          message: `Invalid value: "${name}": a lowercase RFC 1123 ${t === nsType ? "label" : "subdomain"} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        },
      ]);
    }
    if (t === crdType) {
      const spec = (obj.spec ?? {}) as JsonObject;
      const names = (spec.names ?? {}) as JsonObject;
      const group = String(spec.group ?? "");
      const causes: { field: string; message: string }[] = [];
      if (name !== `${names.plural}.${group}`) {
        causes.push({
          field: "metadata.name",
          message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group`,
        });
      }
      if (!names.kind) causes.push({ field: "spec.names.kind", message: "Required value" });
      if (spec.scope !== "Namespaced" && spec.scope !== "Cluster") {
        causes.push({ field: "spec.scope", message: `Unsupported value: "${String(spec.scope)}"` });
      }
      const versions = (Array.isArray(spec.versions) ? spec.versions : []) as JsonObject[];
      if (versions.filter((v) => v.storage === true).length !== 1) {
        causes.push({
          field: "spec.versions",
          message: "Invalid value: must have exactly one version marked as storage version",
        });
      }
      const protectedGroup = /(^|\.)(k8s\.io|kubernetes\.io)$/.test(group);
      const annotations = (obj.metadata.annotations ?? {}) as Record<string, string>;
      if (protectedGroup && !annotations["api-approved.kubernetes.io"]) {
        causes.push({
          field: "metadata.annotations[api-approved.kubernetes.io]",
          message: `Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111`,
        });
      }
      if (causes.length > 0) throw invalid(t, name, causes);
    }
  }

  /** The write path shared by apply and upsert. Returns [stored, created, changed]. */
  function write(
    t: ResourceType,
    config: FakeObject,
    how: {
      manager: string;
      operation: "Apply" | "Update";
      force: boolean;
      dryRun: boolean;
      replace: boolean;
      /** (seeded objects) the creationTimestamp they were made at, kept instead of now */
      createdAt?: string | undefined;
    },
  ): { obj: FakeObject; created: boolean; changed: boolean } {
    const name = config.metadata.name;
    const namespace = t.namespaced ? config.metadata.namespace : undefined;
    const key = keyOf(t, namespace, name);
    const existing = store.get(key);
    if (t.namespaced && !store.has(keyOf(nsType, undefined, namespace ?? ""))) {
      throw new HttpError(
        404,
        status(404, "NotFound", `namespaces "${namespace}" not found`, {
          name: namespace ?? "",
          kind: "namespaces",
        }),
      );
    }
    const wantedRv = config.metadata.resourceVersion;
    if (
      existing &&
      !how.replace &&
      typeof wantedRv === "string" &&
      wantedRv !== "" &&
      wantedRv !== existing.obj.metadata.resourceVersion
    ) {
      throw new HttpError(
        409,
        status(
          409,
          "Conflict",
          `Operation cannot be fulfilled on ${qualified(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
          { name, ...(t.group ? { group: t.group } : {}), kind: t.plural },
        ),
      );
    }
    const includeStatus = !t.statusSubresource || how.replace;
    const newFields = leaves(config, includeStatus);
    const owners = new Map<string, Ownership>();
    for (const [m, o] of existing?.owners ?? []) owners.set(m, { ...o, fields: new Set(o.fields) });

    let next: FakeObject;
    if (existing && !how.replace) {
      // conflicts with other managers
      const conflicts: { manager: string; field: string; apiVersion: string }[] = [];
      for (const f of newFields) {
        const path = JSON.parse(f) as string[];
        for (const o of owners.values()) {
          if (o.manager === how.manager || !o.fields.has(f)) continue;
          if (deepEqual(getPath(existing.obj, path).value, getPath(config, path).value)) continue;
          if (how.force) o.fields.delete(f);
          else conflicts.push({ manager: o.manager, field: `.${path.join(".")}`, apiVersion: o.apiVersion });
        }
      }
      if (conflicts.length > 0) {
        const lines = conflicts.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${c.field}`);
        throw new HttpError(
          409,
          status(
            409,
            "Conflict",
            conflicts.length === 1
              ? `Apply failed with 1 conflict: ${lines[0]}`
              : `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`,
            {
              causes: conflicts.map((c, i) => ({
                reason: "FieldManagerConflict",
                message: lines[i],
                field: c.field,
              })),
            },
          ),
        );
      }
      next = clone(existing.obj);
      // fields this manager applied before and dropped now, owned by nobody else: removed
      const mine = owners.get(how.manager);
      for (const f of mine?.fields ?? []) {
        if (newFields.has(f)) continue;
        if ([...owners.values()].some((o) => o.manager !== how.manager && o.fields.has(f))) continue;
        deletePath(next as JsonObject, JSON.parse(f) as string[]);
      }
      const body = clone(config) as JsonObject;
      delete body.apiVersion;
      delete body.kind;
      if (!includeStatus) delete body.status;
      const meta = (body.metadata ?? {}) as JsonObject;
      for (const k of IDENTITY_META) delete meta[k];
      mergeInto(next as JsonObject, body);
      next.apiVersion = gvString(t.group, t.version);
    } else {
      next = clone(config);
      next.apiVersion = gvString(t.group, t.version);
      next.kind = t.kind;
      const meta = next.metadata as JsonObject;
      for (const k of IDENTITY_META) if (k !== "name" && k !== "namespace") delete meta[k];
      if (!includeStatus) delete next.status;
      // a replace without status keeps the current one (as an update through the main resource does)
      if (existing && next.status === undefined && existing.obj.status !== undefined) {
        next.status = clone(existing.obj.status);
      }
      if (!t.namespaced) delete next.metadata.namespace;
    }

    // ownership: this manager now owns exactly what it sent
    if (how.replace) owners.clear();
    const before = existing?.owners.get(how.manager);
    const newOwners = new Map<string, Ownership>();
    for (const o of owners.values())
      if (o.manager !== how.manager && o.fields.size > 0) newOwners.set(o.manager, o);
    if (how.manager !== "" && newFields.size > 0) {
      const same =
        before !== undefined && before.operation === how.operation && sameFields(before.fields, newFields);
      newOwners.set(how.manager, {
        manager: how.manager,
        operation: how.operation,
        apiVersion: gvString(t.group, t.version),
        time: same ? before.time : now(),
        fields: newFields,
      });
    }

    // identity, timestamps, generation
    if (existing) {
      for (const k of ["uid", "creationTimestamp", "generation"]) {
        const v = existing.obj.metadata[k];
        if (v !== undefined) next.metadata[k] = v;
        else delete next.metadata[k];
      }
    } else {
      next.metadata.uid = randomUUID();
      next.metadata.creationTimestamp = how.createdAt ?? now();
      if (t.generation) next.metadata.generation = 1;
      onCreate(t, next);
    }
    validateCreateOrUpdate(t, next);
    if (existing && t.generation && !deepEqual(specOf(existing.obj), specOf(next))) {
      next.metadata.generation = Number(existing.obj.metadata.generation ?? 0) + 1;
    }

    if (existing) {
      const a = clone(existing.obj);
      const b = clone(next);
      for (const o of [a, b]) {
        delete o.metadata.managedFields;
        delete o.metadata.resourceVersion;
      }
      if (deepEqual(a, b) && sameOwners(existing.owners, newOwners)) {
        return { obj: clone(existing.obj), created: false, changed: false };
      }
    }
    if (how.dryRun) {
      const preview = clone(next);
      if (existing) preview.metadata.resourceVersion = existing.obj.metadata.resourceVersion;
      return { obj: preview, created: !existing, changed: true };
    }
    const s = commit(key, t, next, newOwners);
    if (t === crdType && !existing) scheduleEstablish(name);
    return { obj: clone(s.obj), created: !existing, changed: true };
  }

  // ---- watches -----------------------------------------------------------------------------------

  function send(w: Watcher, type: string, object: Json): void {
    if (w.closed) return;
    w.res.write(`${JSON.stringify({ type, object })}\n`);
  }

  function inScope(w: Watcher, obj: FakeObject): boolean {
    return w.namespace === undefined || obj.metadata.namespace === w.namespace;
  }

  function deliver(w: Watcher, ev: HistoryEvent): void {
    if (w.closed || ev.typeKey !== w.typeKey) return;
    const cur = withVersion(ev.object, w.type);
    const is = inScope(w, ev.object) && w.matches(ev.object as JsonObject);
    if (ev.type === "ADDED") {
      if (is) send(w, "ADDED", cur);
      return;
    }
    const was = ev.prev !== undefined && inScope(w, ev.prev) && w.matches(ev.prev as JsonObject);
    if (ev.type === "DELETED") {
      if (was || is) send(w, "DELETED", cur);
      return;
    }
    if (was && is) send(w, "MODIFIED", cur);
    else if (!was && is) send(w, "ADDED", cur);
    else if (was && !is) send(w, "DELETED", cur);
  }

  function endWatch(w: Watcher, abrupt: boolean): void {
    if (w.closed) return;
    w.closed = true;
    if (w.timer) clearTimeout(w.timer);
    watchers.delete(w);
    if (abrupt) w.res.socket?.destroy();
    else w.res.end();
  }

  function sendBookmark(w: Watcher): void {
    if (!w.bookmarks) return;
    send(w, "BOOKMARK", {
      kind: w.type.kind,
      apiVersion: gvString(w.type.group, w.type.version),
      metadata: { resourceVersion: String(rv), creationTimestamp: null },
    });
  }

  /** The object as served under the requested version (same content: versions share a schema here). */
  function withVersion(obj: FakeObject, t: ResourceType): FakeObject {
    return { ...obj, apiVersion: gvString(t.group, t.version), kind: t.kind };
  }

  // ---- state at a past resourceVersion (for consistent continue) -----------------------------

  /**
   * (doctor bench) The last snapshot per kind and resourceVersion, valid while nothing was written:
   * paging through 150,000 pods then re-collects and re-sorts nothing.
   */
  const snapshots = new Map<string, { atRv: number; writtenRv: number; list: FakeObject[] }>();

  function objectsAt(t: ResourceType, atRv: number): FakeObject[] {
    const typeKey = typeKeyOf(t);
    const hit = snapshots.get(typeKey);
    if (hit && hit.atRv === atRv && hit.writtenRv === rv) return hit.list;
    const list = collectObjectsAt(typeKey, atRv);
    snapshots.set(typeKey, { atRv, writtenRv: rv, list });
    return list;
  }

  function collectObjectsAt(typeKey: string, atRv: number): FakeObject[] {
    const state = new Map<string, FakeObject>();
    for (const [k, s] of store) if (typeKeyOf(s.type) === typeKey) state.set(k, s.obj);
    for (let i = history.length - 1; i >= 0; i--) {
      const ev = history[i] as HistoryEvent;
      if (ev.rv <= atRv) break;
      if (ev.typeKey !== typeKey) continue;
      if (ev.type === "ADDED") state.delete(ev.key);
      else if (ev.prev) state.set(ev.key, ev.prev);
    }
    return [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  function json(res: ServerResponse, code: number, body: Json): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  function sendError(res: ServerResponse, err: HttpError): void {
    if (typeof err.body === "string") {
      res.writeHead(err.code, {
        "Content-Type": "text/plain; charset=utf-8",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(err.body);
    } else {
      json(res, err.code, err.body);
    }
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });
  }

  function authenticate(req: IncomingMessage): { user: string; readOnly: boolean } | "anonymous" | undefined {
    const header = req.headers.authorization;
    if (!header) return "anonymous";
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (m?.[1] === token) return { user: "kubernetes-admin", readOnly: false };
    if (opts.readOnlyToken && m?.[1] === opts.readOnlyToken) {
      return { user: "system:serviceaccount:kube-system:reader", readOnly: true };
    }
    return undefined;
  }

  function discoveryResources(group: string, version: string): JsonObject[] {
    const out: JsonObject[] = [];
    for (const t of allTypes()) {
      if (t.group !== group || t.version !== version) continue;
      out.push({
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ALL_VERBS,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        ...(t.categories ? { categories: t.categories } : {}),
        storageVersionHash: storageVersionHash(t.group, t.version, t.kind),
      });
      for (const s of t.subresources) {
        out.push({
          name: `${t.plural}/${s.name}`,
          singularName: "",
          namespaced: t.namespaced,
          ...(s.group !== undefined ? { group: s.group, version: s.version } : {}),
          kind: s.kind ?? t.kind,
          verbs: s.verbs,
        });
      }
    }
    return out.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }

  function apiGroups(): JsonObject[] {
    const versionsByGroup = new Map<string, Set<string>>();
    for (const g of BUILTIN_GROUPS) versionsByGroup.set(g, new Set());
    for (const t of allTypes()) {
      if (t.group === "") continue;
      const set = versionsByGroup.get(t.group) ?? new Set<string>();
      set.add(t.version);
      versionsByGroup.set(t.group, set);
    }
    const groups: JsonObject[] = [];
    for (const [name, set] of versionsByGroup) {
      const versions = [...set].sort(versionPriority);
      if (versions.length === 0) continue;
      const preferred = versions[0] as string;
      groups.push({
        name,
        versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${preferred}`, version: preferred },
      });
    }
    return groups;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, rec: RequestRecord): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const q = Object.fromEntries(url.searchParams);
    rec.path = path;
    rec.query = q;
    const method = req.method ?? "GET";

    const auth = authenticate(req);
    // kubeadm's RBAC also lets system:anonymous read kube-public/cluster-info (token discovery).
    const publicPath =
      ["/version", "/healthz", "/livez", "/readyz"].includes(path) ||
      (method === "GET" && path === "/api/v1/namespaces/kube-public/configmaps/cluster-info");
    if (auth === undefined || (auth === "anonymous" && !opts.anonymous)) {
      rec.user = "";
      throw new HttpError(401, status(401, "Unauthorized", "Unauthorized"));
    }
    rec.user = auth === "anonymous" ? "system:anonymous" : auth.user;
    if (auth === "anonymous" && !publicPath) {
      throw new HttpError(
        403,
        status(
          403,
          "Forbidden",
          `forbidden: User "system:anonymous" cannot ${method.toLowerCase()} path "${path}"`,
          {},
        ),
      );
    }

    for (const f of faults) {
      if (f.left <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.path && !(typeof f.path === "string" ? path.includes(f.path) : f.path.test(path))) continue;
      if (f.pass > 0) {
        f.pass--;
        continue;
      }
      f.left--;
      throw new HttpError(
        f.status,
        status(f.status, f.reason ?? "InternalError", f.message ?? `injected failure (${f.status})`),
      );
    }

    if (method === "GET") {
      if (path === "/version") {
        const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
        return json(res, 200, {
          major: m?.[1] ?? "1",
          minor: m?.[2] ?? "33",
          emulationMajor: m?.[1] ?? "1",
          emulationMinor: m?.[2] ?? "33",
          minCompatibilityMajor: m?.[1] ?? "1",
          minCompatibilityMinor: String(Number(m?.[2] ?? 33) - 1),
          gitVersion,
          gitCommit: "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
          gitTreeState: "clean",
          buildDate: "2025-05-15T08:19:08Z",
          goVersion: "go1.24.2",
          compiler: "gc",
          platform: "linux/amd64",
        });
      }
      if (path === "/healthz" || path === "/livez" || path === "/readyz") {
        res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
        return void res.end("ok");
      }
      if (path === "/api") {
        const addr = server.address() as AddressInfo;
        return json(res, 200, {
          kind: "APIVersions",
          versions: ["v1"],
          serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `127.0.0.1:${addr.port}` }],
        });
      }
      if (path === "/api/v1") {
        return json(res, 200, {
          kind: "APIResourceList",
          groupVersion: "v1",
          resources: discoveryResources("", "v1"),
        });
      }
      if (path === "/apis") {
        return json(res, 200, { kind: "APIGroupList", apiVersion: "v1", groups: apiGroups() });
      }
      const g = /^\/apis\/([^/]+)$/.exec(path);
      if (g) {
        const group = apiGroups().find((x) => x.name === g[1]);
        if (!group) throw pageNotFound();
        return json(res, 200, { kind: "APIGroup", apiVersion: "v1", ...group });
      }
      const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
      if (gv) {
        const resources = discoveryResources(gv[1] as string, gv[2] as string);
        if (resources.length === 0) throw pageNotFound();
        return json(res, 200, {
          kind: "APIResourceList",
          apiVersion: "v1",
          groupVersion: `${gv[1]}/${gv[2]}`,
          resources,
        });
      }
    }

    // resource paths
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(path);
    if (!m) throw pageNotFound();
    const group = m[2] ?? "";
    const version = m[1] ?? (m[3] as string);
    let segs = (m[4] as string).split("/").map(decodeURIComponent);
    let watchPath = false;
    if (segs[0] === "watch") {
      watchPath = true;
      segs = segs.slice(1);
    }
    let namespace: string | undefined;
    const namespaceSub =
      group === "" &&
      segs[0] === "namespaces" &&
      segs.length === 3 &&
      ["status", "finalize"].includes(segs[2] ?? "");
    if (segs[0] === "namespaces" && segs.length >= 3 && !namespaceSub) {
      namespace = segs[1];
      segs = segs.slice(2);
    }
    const [plural, name, sub, ...extra] = segs;
    if (plural === undefined || extra.length > 0) throw pageNotFound();
    const t = typeByPlural(group, version, plural);
    if (!t) throw pageNotFound();
    if (namespace !== undefined && !t.namespaced) throw pageNotFound();
    if (name !== undefined && t.namespaced && namespace === undefined) throw pageNotFound();
    if (sub === "log" && t.kind === "Pod" && method === "GET" && name !== undefined) {
      return servePodLog(res, namespace as string, name, q);
    }
    if (sub === "eviction" && t.kind === "Pod" && method === "POST" && name !== undefined) {
      return evict(res, req, auth, namespace as string, name);
    }
    if (sub !== undefined && !(sub === "status" && t.statusSubresource)) throw pageNotFound();

    const isWrite = method !== "GET";
    if (isWrite && auth !== "anonymous" && auth.readOnly) {
      const verb =
        method === "PATCH"
          ? "patch"
          : method === "DELETE"
            ? "delete"
            : method === "PUT"
              ? "update"
              : "create";
      const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
      const what = name ? `${qualified(t)} "${name}" is forbidden` : `${qualified(t)} is forbidden`;
      throw new HttpError(
        403,
        status(
          403,
          "Forbidden",
          `${what}: User "${auth.user}" cannot ${verb} resource "${t.plural}" in API group "${t.group}" ${scope}`,
          { ...(name ? { name } : {}), group: t.group, kind: t.plural },
        ),
      );
    }

    if (method === "GET" && name === undefined) {
      const watch = watchPath || q.watch === "true" || q.watch === "1";
      const matchLabels = parseLabelSelector(q.labelSelector);
      const matchFields = parseFieldSelector(q.fieldSelector, t);
      const matches: Matcher = (o) => matchLabels(o) && matchFields(o);
      if (watch) return startWatch(res, rec, t, namespace, matches, q);
      return list(res, t, namespace, matches, q);
    }
    if (method === "GET") {
      const s = store.get(keyOf(t, namespace, name as string));
      if (!s) throw notFound(t, name as string);
      return json(res, 200, withVersion(s.obj, t));
    }
    if (method === "PATCH" && sub === undefined) {
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim();
      rec.contentType = contentType;
      if (contentType !== "application/apply-patch+yaml") {
        throw new HttpError(
          415,
          status(
            415,
            "UnsupportedMediaType",
            `the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml (this fake API server only implements server-side apply)`,
          ),
        );
      }
      if (!q.fieldManager) {
        throw new HttpError(
          422,
          status(
            422,
            "Invalid",
            `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch`,
            {
              group: "meta.k8s.io",
              kind: "PatchOptions",
              causes: [
                {
                  reason: "FieldValueRequired",
                  message: "Required value: is required for apply patch",
                  field: "fieldManager",
                },
              ],
            },
          ),
        );
      }
      if (q.dryRun !== undefined && q.dryRun !== "All") {
        throw badRequest(`Invalid dryRun: Unsupported value: "${q.dryRun}": supported values: "All"`);
      }
      const text = await readBody(req);
      let body: Json;
      try {
        body = JSON.parse(text);
      } catch {
        try {
          body = yaml.load(text);
        } catch (err) {
          throw badRequest(`error decoding YAML: ${(err as Error).message.split("\n")[0]}`);
        }
      }
      if (!isObject(body) || !isObject(body.metadata))
        throw badRequest("Object 'metadata' is missing in the apply patch");
      const obj = body as FakeObject;
      if (obj.apiVersion !== gvString(t.group, t.version) || obj.kind !== t.kind) {
        throw badRequest(
          `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gvString(t.group, t.version)})`,
        );
      }
      if (obj.metadata.name === undefined) obj.metadata.name = name as string;
      if (obj.metadata.name !== name) {
        throw badRequest(
          `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
      if (t.namespaced) {
        if (obj.metadata.namespace === undefined) obj.metadata.namespace = namespace;
        if (obj.metadata.namespace !== namespace) {
          throw badRequest(
            "the namespace of the provided object does not match the namespace sent on the request",
          );
        }
      }
      const result = write(t, obj, {
        manager: q.fieldManager,
        operation: "Apply",
        force: q.force === "true",
        dryRun: q.dryRun === "All",
        replace: false,
      });
      return json(res, result.created ? 201 : 200, withVersion(result.obj, t));
    }
    if (method === "DELETE" && name !== undefined && sub === undefined) {
      const key = keyOf(t, namespace, name);
      const s = store.get(key);
      if (!s) throw notFound(t, name);
      deleteStored(key, s);
      return json(
        res,
        200,
        withVersion({ ...s.obj, metadata: { ...s.obj.metadata, resourceVersion: String(rv) } }, t),
      );
    }
    throw new HttpError(
      405,
      status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`),
    );
  }

  /**
   * POST .../pods/NAME/eviction (policy/v1 Eviction), as the API server's eviction REST does it: a
   * PodDisruptionBudget of the namespace whose selector matches the pod and whose
   * status.disruptionsAllowed is below 1 refuses with 429 TooManyRequests (the message and the
   * DisruptionBudget cause of pkg/registry/core/pod/storage/eviction.go); otherwise the budget's
   * disruptionsAllowed goes down by one and the pod is deleted. No budget: the pod is deleted.
   */
  async function evict(
    res: ServerResponse,
    req: IncomingMessage,
    auth: Exclude<ReturnType<typeof authenticate>, undefined>,
    namespace: string,
    name: string,
  ): Promise<void> {
    const podType = requireType("v1", "Pod");
    if (auth !== "anonymous" && auth.readOnly) {
      throw new HttpError(
        403,
        status(
          403,
          "Forbidden",
          `pods "${name}" is forbidden: User "${auth.user}" cannot create resource "pods/eviction" in API group "" in the namespace "${namespace}"`,
        ),
      );
    }
    await readBody(req);
    const key = keyOf(podType, namespace, name);
    const pod = store.get(key);
    if (!pod) throw notFound(podType, name);
    const labels = (pod.obj.metadata.labels ?? {}) as Record<string, string>;
    const pdbType = requireType("policy/v1", "PodDisruptionBudget");
    for (const [, s] of store) {
      if (s.type !== pdbType || s.obj.metadata.namespace !== namespace) continue;
      const sel = ((s.obj.spec as JsonObject | undefined)?.selector as JsonObject | undefined)?.matchLabels as
        | Record<string, string>
        | undefined;
      if (!sel || !Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
      const st = (s.obj.status ?? {}) as JsonObject;
      const allowed = Number(st.disruptionsAllowed ?? 0);
      if (allowed < 1) {
        throw new HttpError(
          429,
          status(
            429,
            "TooManyRequests",
            "Cannot evict pod as it would violate the pod's disruption budget.",
            {
              causes: [
                {
                  reason: "DisruptionBudget",
                  message: `The disruption budget ${s.obj.metadata.name} needs ${String(st.desiredHealthy ?? 1)} healthy pods and has ${String(st.currentHealthy ?? 1)} currently`,
                },
              ],
            },
          ),
        );
      }
      writeStatus(s, { ...st, disruptionsAllowed: allowed - 1 });
    }
    deleteStored(key, pod);
    return json(res, 201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
  }

  function list(
    res: ServerResponse,
    t: ResourceType,
    namespace: string | undefined,
    matches: Matcher,
    q: Record<string, string>,
  ): void {
    let atRv = rv;
    let start = "";
    if (q.continue) {
      let tok: ContinueToken;
      try {
        tok = JSON.parse(Buffer.from(q.continue, "base64").toString("utf8")) as ContinueToken;
        if (tok.v !== "meta.k8s.io/v1" || typeof tok.rv !== "number" || typeof tok.start !== "string")
          throw new Error();
      } catch {
        throw badRequest(
          "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
        );
      }
      if (tok.rv < compactedRv) {
        throw new HttpError(
          410,
          status(
            410,
            "Expired",
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
          ),
        );
      }
      atRv = tok.rv;
      start = tok.start;
    }
    // The snapshot is sorted by namespace/name: find the continue point by binary search and read
    // on from there, like etcd's range read - O(limit) per page, not O(all objects of the kind)
    // (150,000 pods in pages of 500 cost the fake 0.3 s a page before, hiding the clients' costs).
    const all = objectsAt(t, atRv);
    const sortKey = (o: FakeObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    let from = 0;
    for (let hi = all.length; from < hi; ) {
      const mid = (from + hi) >>> 1;
      if (sortKey(all[mid] as FakeObject) < start) from = mid + 1;
      else hi = mid;
    }
    const selected = (o: FakeObject) =>
      (namespace === undefined || o.metadata.namespace === namespace) && matches(o as JsonObject);
    const plain = namespace === undefined && !q.labelSelector && !q.fieldSelector;
    const limit = Number(q.limit ?? 0);
    const page: FakeObject[] = [];
    let rest = 0;
    let i = from;
    for (; i < all.length && (limit <= 0 || page.length < limit); i++) {
      const o = all[i] as FakeObject;
      if (selected(o)) page.push(o);
    }
    if (plain) rest = all.length - i;
    else for (; i < all.length; i++) if (selected(all[i] as FakeObject)) rest++;
    const metadata: JsonObject = { resourceVersion: String(atRv) };
    if (rest > 0) {
      const last = page[page.length - 1] as FakeObject;
      const tok: ContinueToken = { v: "meta.k8s.io/v1", rv: atRv, start: `${sortKey(last)}\u0000` };
      metadata.continue = Buffer.from(JSON.stringify(tok)).toString("base64");
      if (!q.labelSelector && !q.fieldSelector) metadata.remainingItemCount = rest;
    }
    const items = page.map((o) => {
      if (t.crd) return withVersion(o, t);
      const { apiVersion: _a, kind: _k, ...item } = o;
      return item;
    });
    json(res, 200, { kind: `${t.kind}List`, apiVersion: gvString(t.group, t.version), metadata, items });
  }

  function startWatch(
    res: ServerResponse,
    rec: RequestRecord,
    t: ResourceType,
    namespace: string | undefined,
    matches: Matcher,
    q: Record<string, string>,
  ): void {
    const fromRaw = q.resourceVersion;
    const from = fromRaw === undefined || fromRaw === "" || fromRaw === "0" ? undefined : Number(fromRaw);
    if (from !== undefined && !Number.isInteger(from)) {
      throw badRequest(`resourceVersion: Invalid value: "${fromRaw}": must be a valid resourceVersion`);
    }
    rec.watch = true;
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
    res.flushHeaders();
    const w: Watcher = {
      typeKey: typeKeyOf(t),
      type: t,
      namespace,
      matches,
      bookmarks: q.allowWatchBookmarks === "true",
      res,
      closed: false,
      timer: undefined,
    };
    if (from !== undefined && from < compactedRv) {
      const oldest = history[0]?.rv ?? rv + 1;
      w.res.write(
        `${JSON.stringify({ type: "ERROR", object: status(410, "Expired", `too old resource version: ${from} (${oldest - 1})`) })}\n`,
      );
      w.closed = true;
      res.end();
      return;
    }
    watchers.add(w);
    res.on("close", () => {
      w.closed = true;
      if (w.timer) clearTimeout(w.timer);
      watchers.delete(w);
    });
    if (from === undefined) {
      for (const o of objectsAt(t, rv)) {
        if (inScope(w, o) && matches(o as JsonObject)) send(w, "ADDED", withVersion(o, t));
      }
    } else {
      for (const ev of history) if (ev.rv > from) deliver(w, ev);
    }
    const timeout = Number(q.timeoutSeconds ?? 0);
    if (timeout > 0) w.timer = setTimeout(() => endWatch(w, false), timeout * 1000);
  }

  // ---- pod logs (doctor) ---------------------------------------------------------------------------

  const podLogs = new Map<string, string>();
  const logKey = (ns: string, pod: string, container: string, previous: boolean) =>
    `${ns}/${pod}/${container}/${previous ? "previous" : "current"}`;

  /** The kubelet's answers, relayed by the API server: messages as in pkg/registry/core/pod and kubelet. */
  function servePodLog(
    res: ServerResponse,
    namespace: string,
    name: string,
    q: Record<string, string>,
  ): void {
    const podType = requireType("v1", "Pod");
    const s = store.get(keyOf(podType, namespace, name));
    if (!s) throw notFound(podType, name);
    const spec = (s.obj.spec ?? {}) as JsonObject;
    const containers = ((spec.containers ?? []) as JsonObject[]).map((c) => String(c.name));
    let container = q.container;
    if (!container) {
      if (containers.length !== 1) {
        throw badRequest(
          `a container name must be specified for pod ${name}, choose one of: [${containers.join(" ")}]`,
        );
      }
      container = containers[0] as string;
    }
    const previous = q.previous === "true";
    const text = podLogs.get(logKey(namespace, name, container, previous));
    if (text === undefined) {
      throw badRequest(
        previous
          ? `previous terminated container "${container}" in pod "${name}" not found`
          : `container "${container}" in pod "${name}" is waiting to start: ContainerCreating`,
      );
    }
    let out = text;
    const tail = Number(q.tailLines ?? -1);
    if (tail >= 0) {
      const lines = out.endsWith("\n") ? out.slice(0, -1).split("\n") : out.split("\n");
      out = tail === 0 ? "" : `${lines.slice(-tail).join("\n")}\n`;
    }
    const limit = Number(q.limitBytes ?? 0);
    if (limit > 0) out = Buffer.from(out).subarray(0, limit).toString("utf8");
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(out) });
    res.end(out);
  }

  // ---- the node:http server ---------------------------------------------------------------------

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const rec: RequestRecord = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      query: {},
      contentType: undefined,
      status: 0,
      watch: false,
      user: "",
    };
    res.on("finish", () => {
      rec.status = res.statusCode;
    });
    requests.push(rec);
    handle(req, res, rec).then(
      () => {
        rec.status = res.statusCode;
      },
      (err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (err instanceof HttpError) sendError(res, err);
        else
          json(res, 500, status(500, "InternalError", `Internal error occurred: ${(err as Error).message}`));
        rec.status = res.statusCode;
      },
    );
  };

  const server: Server = opts.tls
    ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest)
    : createHttpServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;

  let kubeconfigs = 0;
  function writeKubeconfig(o: { token?: string | null; server?: string; ca?: string } = {}): string {
    const user = o.token === null ? {} : { token: o.token ?? token };
    const ca = o.ca ?? opts.tls?.ca;
    const cluster: JsonObject = { server: o.server ?? url };
    if (ca) cluster["certificate-authority-data"] = Buffer.from(ca).toString("base64");
    const doc = {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake", cluster }],
      users: [{ name: "fake-admin", user }],
      contexts: [{ name: "fake-admin@fake", context: { cluster: "fake", user: "fake-admin" } }],
      "current-context": "fake-admin@fake",
      preferences: {},
    };
    const file = join(tmp, kubeconfigs === 0 ? "kubeconfig" : `kubeconfig-${kubeconfigs}`);
    kubeconfigs++;
    writeFileSync(file, yaml.dump(doc), { mode: 0o600 });
    return file;
  }

  // ---- seed --------------------------------------------------------------------------------------

  const seed = (obj: FakeObject, fieldManager = "", createdAt?: string) => {
    const t = requireType(obj.apiVersion, obj.kind);
    return write(t, clone(obj), {
      manager: fieldManager,
      operation: "Update",
      force: true,
      dryRun: false,
      replace: true,
      createdAt,
    }).obj;
  };
  for (const ns of opts.namespaces ?? ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    seed({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  }
  // Objects present from the start may be old (a pod stuck for minutes): a creationTimestamp given
  // there is kept; everything created later gets now.
  for (const o of opts.objects ?? [])
    seed(o, "", typeof o.metadata.creationTimestamp === "string" ? o.metadata.creationTimestamp : undefined);

  let bookmarkTimer: NodeJS.Timeout | undefined;
  if (opts.bookmarkIntervalMs && opts.bookmarkIntervalMs > 0) {
    bookmarkTimer = setInterval(() => {
      for (const w of watchers) sendBookmark(w);
    }, opts.bookmarkIntervalMs);
  }

  const lookup = (ref: FakeRef): [string, Stored] | undefined => {
    const t = requireType(ref.apiVersion, ref.kind);
    if (t.namespaced && !ref.namespace)
      throw new Error(`fake API server: ${ref.kind} ${ref.name} needs a namespace`);
    const key = keyOf(t, ref.namespace, ref.name);
    const s = store.get(key);
    return s ? [key, s] : undefined;
  };

  return {
    url,
    port,
    token,
    kubeconfigPath: writeKubeconfig(),
    writeKubeconfig,
    requests,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      for (const timer of timers) clearTimeout(timer);
      for (const w of [...watchers]) endWatch(w, false);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(tmp, { recursive: true, force: true });
    },
    dropWatches(o = {}) {
      const open = [...watchers];
      for (const w of open) endWatch(w, o.abrupt ?? false);
      return open.length;
    },
    openWatches: () => watchers.size,
    bookmark() {
      for (const w of watchers) sendBookmark(w);
    },
    compact() {
      compactedRv = rv;
      history.length = 0;
    },
    resourceVersion: () => String(rv),
    get(ref) {
      const hit = lookup(ref);
      return hit ? withVersion(clone(hit[1].obj), requireType(ref.apiVersion, ref.kind)) : undefined;
    },
    objects(filter = {}) {
      const out: FakeObject[] = [];
      const want = filter.apiVersion && filter.kind ? requireType(filter.apiVersion, filter.kind) : undefined;
      for (const s of store.values()) {
        if (filter.kind && s.type.kind !== filter.kind) continue;
        if (want && typeKeyOf(s.type) !== typeKeyOf(want)) continue;
        if (filter.namespace !== undefined && s.obj.metadata.namespace !== filter.namespace) continue;
        out.push(clone(want ? withVersion(s.obj, want) : s.obj));
      }
      return out.sort((a, b) =>
        `${a.kind}/${a.metadata.namespace ?? ""}/${a.metadata.name}`.localeCompare(
          `${b.kind}/${b.metadata.namespace ?? ""}/${b.metadata.name}`,
        ),
      );
    },
    setStatus(ref, newStatus) {
      const hit = lookup(ref);
      if (!hit) throw new Error(`fake API server: no ${ref.kind} ${ref.namespace ?? ""}/${ref.name}`);
      return clone(writeStatus(hit[1], newStatus).obj);
    },
    upsert(obj, o = {}) {
      const t = requireType(obj.apiVersion, obj.kind);
      const body = clone(obj);
      const result = write(t, body, {
        manager: o.fieldManager ?? "",
        operation: "Update",
        force: true,
        dryRun: false,
        replace: true,
      });
      return result.obj;
    },
    remove(ref) {
      const hit = lookup(ref);
      if (!hit) return false;
      deleteStored(hit[0], hit[1]);
      return true;
    },
    fail(rule) {
      faults.push({ ...rule, left: rule.times ?? 1, pass: rule.after ?? 0 });
    },
    establishCrd: establish,
    setPodLog(ref, text) {
      podLogs.set(logKey(ref.namespace, ref.name, ref.container, ref.previous === true), text);
    },
    restart,
  };

  // ---- added for cni apply / wait (issue 5): API server restarts -----------------------------------

  async function restart(o: { downMs?: number } = {}): Promise<void> {
    for (const w of [...watchers]) endWatch(w, true);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await new Promise((resolve) => setTimeout(resolve, o.downMs ?? 200));
    if (stopped) return;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  }
}
