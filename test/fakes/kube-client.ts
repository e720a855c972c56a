/**
 * An in-memory KubeClient (src/kube/client.ts) for command tests: no HTTP, no kubeconfig, no
 * @kubernetes/client-node. Commands get it through the Context port (`overrides.kube`), so a test
 * says what the cluster holds and what fails, and reads what was applied.
 *
 * Modelled: objects by kind/namespace/name with a global resourceVersion; list (label selectors
 * `k=v`, `k!=v`, `k`, `!k`; field selectors `a.b=v`, `a.b!=v`), listPages, watch (history replay
 * after a resourceVersion, 410 WatchExpired after compact(), live events, BOOKMARKs, ends on
 * endWatches()); server-side apply (create or merge, fields a manager stopped applying removed,
 * conflicts with another manager's fields unless force, a no-op keeps the resourceVersion, status
 * kept, generation bumped on spec changes, namespaced objects need their Namespace); CRDs
 * whose kinds are served once Established (at once after apply, or by establishCrd()); pod logs;
 * injectable failures (401, 403, 404, 410, 500, connection refused) per operation and kind. Errors
 * are the KubeErrors the real adapter makes (same constructors, same wording).
 *
 * Not modelled: admission/defaulting, validation, deletion propagation (except a Namespace taking
 * its objects), set-based selectors, managedFields in the returned objects. The real adapter is
 * tested against test/fakes/kube-api-server.ts, which models the wire.
 */
import { randomUUID } from "node:crypto";
import {
  type ApplyOptions,
  type ClientParts,
  describeObject,
  FIELD_MANAGER,
  type KubeClient,
  type KubeClients,
  type KubeconfigClientOptions,
  KubeError,
  type KubeObject,
  kubeErrorFromResponse,
  kubeErrorFromTransport,
  type ListOptions,
  type ListResult,
  type ObjectRef,
  type PodLogOptions,
  type ResourceInfo,
  type ServerVersion,
  splitApiVersion,
  type WatchEvent,
  type WatchOptions,
} from "../../src/kube/client.js";

export type KubeOp = "get" | "list" | "watch" | "apply" | "discover" | "serverVersion" | "podLog" | "evict";

export type FaultKind = "unauthorized" | "forbidden" | "not-found" | "gone" | "server-error" | "refused";

export interface KubeFault {
  /** Which operation fails (default: every one). listPages counts as "list". */
  op?: KubeOp | undefined;
  /** Only for this kind (default: any). */
  kind?: string | undefined;
  error: FaultKind;
  /** How many calls fail (default: all of them). */
  times?: number | undefined;
}

export interface KubeCall {
  op: KubeOp;
  kind?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

type Stored = KubeObject & { metadata: KubeObject["metadata"] & { resourceVersion: string } };

interface Kind {
  info: ResourceInfo;
  /** From a CRD: served only once it is Established. */
  crd?: string;
}

const STATUS_CODE: Record<Exclude<FaultKind, "refused">, number> = {
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  gone: 410,
  "server-error": 500,
};

function builtin(apiVersion: string, kind: string, resource: string, namespaced = true): Kind {
  const { group, version } = splitApiVersion(apiVersion);
  return {
    info: {
      group,
      version,
      apiVersion,
      kind,
      resource,
      namespaced,
      verbs: ["get", "list", "watch", "patch"],
    },
  };
}

const BUILTIN: Kind[] = [
  builtin("v1", "ConfigMap", "configmaps"),
  builtin("v1", "Endpoints", "endpoints"),
  builtin("v1", "Event", "events"),
  builtin("v1", "Namespace", "namespaces", false),
  builtin("v1", "Node", "nodes", false),
  builtin("v1", "Pod", "pods"),
  builtin("v1", "Secret", "secrets"),
  builtin("v1", "Service", "services"),
  builtin("v1", "ServiceAccount", "serviceaccounts"),
  builtin("apps/v1", "ControllerRevision", "controllerrevisions"),
  builtin("apps/v1", "DaemonSet", "daemonsets"),
  builtin("apps/v1", "Deployment", "deployments"),
  builtin("apps/v1", "ReplicaSet", "replicasets"),
  builtin("apps/v1", "StatefulSet", "statefulsets"),
  builtin("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
  builtin("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
  builtin("rbac.authorization.k8s.io/v1", "Role", "roles"),
  builtin("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings"),
  builtin("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false),
  builtin("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets"),
  builtin("coordination.k8s.io/v1", "Lease", "leases"),
];

const CRD = "CustomResourceDefinition";
const clone = <T>(v: T): T => structuredClone(v);
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Leaf paths of an applied config (lists are atomic: one leaf). */
function leafPaths(v: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (isMap(v) && Object.keys(v).length > 0) {
    for (const [k, x] of Object.entries(v)) leafPaths(x, [...prefix, k], out);
  } else if (prefix.length > 0) out.push(prefix);
  return out;
}

function at(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (!isMap(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function removePath(obj: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in obj)) return;
  if (rest.length === 0) {
    delete obj[head];
    return;
  }
  const child = obj[head];
  if (!isMap(child)) return;
  removePath(child, rest);
  if (Object.keys(child).length === 0) delete obj[head];
}

function merge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isMap(cur) && isMap(v)) merge(cur, v);
    else into[k] = clone(v);
  }
}

function labelMatch(labels: Record<string, string>, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const t = term.trim();
    if (t === "") return true;
    const ne = /^([^!=]+)!=(.*)$/.exec(t);
    if (ne) return labels[(ne[1] as string).trim()] !== (ne[2] as string).trim();
    const eq = /^([^!=]+)==?(.*)$/.exec(t);
    if (eq) return labels[(eq[1] as string).trim()] === (eq[2] as string).trim();
    if (t.startsWith("!")) return !(t.slice(1) in labels);
    return t in labels;
  });
}

function fieldMatch(obj: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
    if (!m) return true;
    const value = at(obj, (m[1] as string).split("."));
    const same = String(value ?? "") === m[3];
    return m[2] === "!=" ? !same : same;
  });
}

interface Watcher {
  kind: Kind;
  opts: WatchOptions;
  onEvent: (e: WatchEvent) => void;
  end: () => void;
}

interface HistoryEvent {
  rv: number;
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: Stored;
}

/** The cluster the fake clients share: tests arrange it and read it back. */
export class FakeCluster {
  readonly server: string;
  gitVersion: string;
  /** Every call the clients made, in order. */
  readonly calls: KubeCall[] = [];
  /** CRDs become Established right after they are applied ("auto"), or only by establishCrd(). */
  crdEstablish: "auto" | "manual" = "auto";
  private rv = 1;
  /** resourceVersions at or below this are gone from the history (compact()). */
  private compactedAt = 0;
  private readonly objects = new Map<string, Stored>();
  /** Per object key: manager -> the config it last applied. */
  private readonly applied = new Map<string, Map<string, KubeObject>>();
  private readonly history: HistoryEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly faults: KubeFault[] = [];
  private readonly logs = new Map<string, string>();
  private readonly crdKinds = new Map<string, Kind>();

  constructor(
    opts: {
      objects?: KubeObject[];
      namespaces?: string[];
      server?: string;
      gitVersion?: string;
    } = {},
  ) {
    this.server = opts.server ?? "https://127.0.0.1:6443";
    this.gitVersion = opts.gitVersion ?? "v1.33.1";
    for (const ns of opts.namespaces ?? ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      this.upsert({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    }
    for (const o of opts.objects ?? []) this.upsert(o);
  }

  // ---- arranging (as a controller or another client would) ---------------------------------------

  /** Creates or replaces an object (ADDED / MODIFIED). */
  upsert(obj: KubeObject): KubeObject {
    const kind = this.kindOrThrow(obj.apiVersion, obj.kind, true);
    const key = this.key(kind, obj.metadata.namespace, obj.metadata.name);
    const before = this.objects.get(key);
    const next = clone(obj) as Stored;
    if (!kind.info.namespaced) delete next.metadata.namespace;
    this.store(key, next, before);
    return clone(this.objects.get(key) as Stored);
  }

  /** Replaces .status (MODIFIED); the object must exist. */
  setStatus(ref: ObjectRef, status: unknown): KubeObject {
    const kind = this.kindOrThrow(ref.apiVersion, ref.kind, true);
    const key = this.key(kind, ref.namespace, ref.name);
    const cur = this.objects.get(key);
    if (!cur)
      throw new Error(`setStatus: ${describeObject(ref.kind, ref.name, ref.namespace)} is not stored`);
    this.store(key, { ...clone(cur), status: clone(status) }, cur);
    return clone(this.objects.get(key) as Stored);
  }

  /** Deletes (DELETED); a Namespace takes its objects with it. */
  remove(ref: ObjectRef): boolean {
    const kind = this.kindOrThrow(ref.apiVersion, ref.kind, true);
    const key = this.key(kind, ref.namespace, ref.name);
    const cur = this.objects.get(key);
    if (!cur) return false;
    if (ref.kind === "Namespace") {
      for (const [k, o] of [...this.objects]) {
        if (o.metadata.namespace === ref.name) this.drop(k, o);
      }
    }
    this.drop(key, cur);
    return true;
  }

  get(ref: ObjectRef): KubeObject | undefined {
    const kind = this.kindFor(ref.apiVersion, ref.kind, true);
    const o = kind && this.objects.get(this.key(kind, ref.namespace, ref.name));
    return o ? clone(o) : undefined;
  }

  /** Stored objects (copies), optionally of one kind / namespace. */
  list(filter: { kind?: string; namespace?: string } = {}): KubeObject[] {
    return [...this.objects.values()]
      .filter((o) => filter.kind === undefined || o.kind === filter.kind)
      .filter((o) => filter.namespace === undefined || o.metadata.namespace === filter.namespace)
      .map(clone);
  }

  /** Fails matching calls (see KubeFault). */
  fail(fault: KubeFault): void {
    this.faults.push({ ...fault });
  }

  /** Forgets the watch history: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedAt = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch normally (as a server timeout or restart would). Returns how many. */
  endWatches(): number {
    const n = this.watchers.size;
    for (const w of [...this.watchers]) w.end();
    return n;
  }

  openWatches(): number {
    return this.watchers.size;
  }

  /** A BOOKMARK to every watch that allowed them. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (w.opts.allowBookmarks === false) continue;
      w.onEvent({
        type: "BOOKMARK",
        object: {
          apiVersion: w.kind.info.apiVersion,
          kind: w.kind.info.kind,
          metadata: { name: "", resourceVersion: String(this.rv) },
        },
      });
    }
  }

  /** Marks a stored CRD Established (for crdEstablish "manual"). */
  establishCrd(name: string): boolean {
    const ref = { apiVersion: "apiextensions.k8s.io/v1", kind: CRD, name };
    if (!this.get(ref)) return false;
    this.setStatus(ref, {
      conditions: [
        { type: "NamesAccepted", status: "True", reason: "NoConflicts" },
        { type: "Established", status: "True", reason: "InitialNamesAccepted" },
      ],
    });
    return true;
  }

  /** What podLog returns for a container (`previous`: the last terminated instance). */
  setPodLog(ref: { namespace: string; name: string; container: string; previous?: boolean }, text: string) {
    this.logs.set(`${ref.namespace}/${ref.name}/${ref.container}/${ref.previous === true}`, text);
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  /** A client on this cluster (what `fromKubeconfig` / `fromParts` hand out). */
  client(source = "fake"): KubeClient {
    return new FakeKubeClient(this, source);
  }

  // ---- what the clients call -------------------------------------------------------------------

  /** @internal */
  enter(op: KubeOp, call: Omit<KubeCall, "op">, what: string): void {
    this.calls.push({ op, ...call });
    const i = this.faults.findIndex(
      (f) => (f.op === undefined || f.op === op) && (f.kind === undefined || f.kind === call.kind),
    );
    if (i < 0) return;
    const f = this.faults[i] as KubeFault;
    if (f.times !== undefined && --f.times <= 0) this.faults.splice(i, 1);
    const object = call.kind ? describeObject(call.kind, call.name, call.namespace) : undefined;
    if (f.error === "refused") {
      const [host, port] = [new URL(this.server).hostname, new URL(this.server).port || "443"];
      const err = Object.assign(new Error(`connect ECONNREFUSED ${host}:${port}`), { code: "ECONNREFUSED" });
      throw kubeErrorFromTransport(err, { server: this.server, what, object });
    }
    const status = STATUS_CODE[f.error];
    const reason = {
      401: "Unauthorized",
      403: "Forbidden",
      404: "NotFound",
      410: "Expired",
      500: "InternalError",
    }[status];
    const message =
      f.error === "forbidden"
        ? `${call.kind ?? "resource"} is forbidden: User "system:anonymous" cannot ${op} ${call.kind ?? ""}`.trim()
        : f.error === "gone"
          ? "too old resource version"
          : f.error === "server-error"
            ? "Internal error occurred: etcdserver: request timed out"
            : f.error === "not-found"
              ? `the server could not find the requested resource`
              : "Unauthorized";
    throw kubeErrorFromResponse(
      status,
      { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code: status },
      { server: this.server, what, object },
    );
  }

  /** @internal The kind as served (CRD kinds once Established); a 404 KubeError otherwise. */
  served(apiVersion: string, kind: string, what: string): Kind {
    const k = this.kindFor(apiVersion, kind, false);
    if (k) return k;
    throw kubeErrorFromResponse(
      404,
      {
        kind: "Status",
        status: "Failure",
        reason: "NotFound",
        code: 404,
        message: `the server could not find the requested resource (${apiVersion} ${kind})`,
      },
      { server: this.server, what, object: kind },
    );
  }

  /** @internal */
  lookup(kind: Kind, namespace: string | undefined, name: string): Stored | undefined {
    return this.objects.get(this.key(kind, namespace, name));
  }

  /** @internal */
  items(kind: Kind, opts: ListOptions): Stored[] {
    return [...this.objects.values()]
      .filter((o) => this.matches(kind, o, opts))
      .sort((a, b) =>
        `${a.metadata.namespace ?? ""}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace ?? ""}/${b.metadata.name}`,
        ),
      );
  }

  /** @internal */
  notFound(kind: Kind, namespace: string | undefined, name: string, what: string): KubeError {
    return kubeErrorFromResponse(
      404,
      {
        kind: "Status",
        status: "Failure",
        reason: "NotFound",
        code: 404,
        message: `${kind.info.resource} "${name}" not found`,
        details: { name, kind: kind.info.resource },
      },
      { server: this.server, what, object: describeObject(kind.info.kind, name, namespace) },
    );
  }

  /** @internal Server-side apply. */
  apply(obj: KubeObject, opts: ApplyOptions, what: string): Stored {
    const kind = this.served(obj.apiVersion, obj.kind, what);
    const namespace = kind.info.namespaced ? obj.metadata.namespace : undefined;
    const name = obj.metadata.name;
    const object = describeObject(obj.kind, name, namespace);
    const fail = (status: number, reason: string, message: string) =>
      kubeErrorFromResponse(
        status,
        { kind: "Status", status: "Failure", reason, code: status, message },
        { server: this.server, what, object },
      );
    if (kind.info.namespaced && !namespace)
      throw fail(422, "Invalid", `${object}: the namespace is required`);
    if (namespace && !this.lookup(this.kindOrThrow("v1", "Namespace", false), undefined, namespace)) {
      throw fail(404, "NotFound", `namespaces "${namespace}" not found`);
    }
    const manager = opts.fieldManager ?? FIELD_MANAGER;
    const key = this.key(kind, namespace, name);
    const cur = this.objects.get(key);
    const managers = this.applied.get(key) ?? new Map<string, KubeObject>();
    const config = clone(obj);
    delete config.metadata.resourceVersion;
    if (namespace) config.metadata.namespace = namespace;
    else delete config.metadata.namespace;
    // Another manager's field with another value: a conflict, unless forced (then it is ours).
    if (cur && opts.force !== true) {
      for (const path of leafPaths(config)) {
        if (path[0] === "apiVersion" || path[0] === "kind" || deepEqual(path, ["metadata", "name"])) continue;
        if (path[0] === "metadata" && path[1] === "namespace") continue;
        for (const [other, theirs] of managers) {
          if (other === manager) continue;
          const mine = at(config, path);
          const held = at(theirs, path);
          if (held !== undefined && !deepEqual(held, mine)) {
            throw fail(
              409,
              "Conflict",
              `Apply failed with 1 conflict: conflict with "${other}": .${path.join(".")}`,
            );
          }
        }
      }
    }
    const next = (
      cur ? clone(cur) : { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name } }
    ) as Record<string, unknown> & Stored;
    // Fields this manager applied before and applies no longer go away (unless another one has them).
    const previous = managers.get(manager);
    if (previous) {
      for (const path of leafPaths(previous)) {
        if (at(config, path) !== undefined) continue;
        if ([...managers].some(([m, c]) => m !== manager && at(c, path) !== undefined)) continue;
        removePath(next, path);
      }
    }
    const status = cur?.status;
    merge(next, config as unknown as Record<string, unknown>);
    if (status !== undefined) next.status = status;
    else delete next.status;
    if (opts.force === true) {
      for (const [other, theirs] of managers) {
        if (other === manager) continue;
        for (const path of leafPaths(config)) if (path[0] !== "metadata") removePath(theirs as never, path);
      }
    }
    if (opts.dryRun === true) return { ...next, metadata: { ...next.metadata } } as Stored;
    managers.set(manager, config);
    this.applied.set(key, managers);
    this.store(key, next, cur);
    const stored = this.objects.get(key) as Stored;
    if (obj.kind === CRD && this.crdEstablish === "auto" && !crdIsEstablished(stored)) {
      // Like the API server: Established shortly after, as a MODIFIED event of its own.
      setTimeout(() => this.establishCrd(name), 0);
    }
    return stored;
  }

  /** @internal Replays history after `rv`, then streams live events until the end. */
  watch(
    kind: Kind,
    opts: WatchOptions,
    onEvent: (e: WatchEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const from = Number(opts.resourceVersion || "0");
    if (from < this.compactedAt) {
      return Promise.reject(
        kubeErrorFromResponse(
          410,
          {
            kind: "Status",
            status: "Failure",
            reason: "Expired",
            code: 410,
            message: `too old resource version: ${from} (${this.compactedAt})`,
          },
          { server: this.server, what: `watch ${kind.info.kind}`, object: kind.info.kind },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      let failed = false;
      const deliver = (e: WatchEvent) => {
        if (failed) return;
        try {
          onEvent(clone(e));
        } catch (err) {
          failed = true;
          finish();
          reject(err);
        }
      };
      const timer =
        opts.timeoutSeconds === undefined
          ? undefined
          : setTimeout(() => finish(), opts.timeoutSeconds * 1000);
      timer?.unref?.();
      const watcher: Watcher = { kind, opts, onEvent: deliver, end: () => finish() };
      const onAbort = () => finish();
      function finish() {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        self.watchers.delete(watcher);
        resolve();
      }
      const self = this;
      if (signal?.aborted) return finish();
      signal?.addEventListener("abort", onAbort, { once: true });
      for (const h of this.history) {
        if (h.rv > from && this.matches(kind, h.object, opts)) deliver({ type: h.type, object: h.object });
      }
      if (!failed) this.watchers.add(watcher);
    });
  }

  /** @internal */
  podLog(o: PodLogOptions): string | undefined {
    return this.logs.get(`${o.namespace}/${o.name}/${o.container ?? ""}/${o.previous === true}`);
  }

  // ---- the store -----------------------------------------------------------------------------------

  private key(kind: Kind, namespace: string | undefined, name: string): string {
    return `${kind.info.group}/${kind.info.kind}/${kind.info.namespaced ? (namespace ?? "") : ""}/${name}`;
  }

  private matches(
    kind: Kind,
    o: Stored,
    opts: {
      namespace?: string | undefined;
      labelSelector?: string | undefined;
      fieldSelector?: string | undefined;
    },
  ): boolean {
    const { group } = splitApiVersion(o.apiVersion);
    if (group !== kind.info.group || o.kind !== kind.info.kind) return false;
    if (kind.info.namespaced && opts.namespace && o.metadata.namespace !== opts.namespace) return false;
    return labelMatch(o.metadata.labels ?? {}, opts.labelSelector) && fieldMatch(o, opts.fieldSelector);
  }

  private store(key: string, next: Stored, before: Stored | undefined): void {
    const meta = next.metadata;
    if (before) {
      const same = deepEqual(
        { ...next, metadata: { ...meta, resourceVersion: undefined } },
        { ...before, metadata: { ...before.metadata, resourceVersion: undefined } },
      );
      if (same) return; // a no-op keeps the resourceVersion
      meta.uid = before.metadata.uid;
      meta.creationTimestamp = before.metadata.creationTimestamp;
      const specChanged = !deepEqual(
        { ...next, metadata: undefined, status: undefined },
        { ...before, metadata: undefined, status: undefined },
      );
      meta.generation = (before.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    } else {
      meta.uid ??= randomUUID();
      meta.creationTimestamp ??= new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      meta.generation ??= 1;
    }
    this.rv++;
    meta.resourceVersion = String(this.rv);
    this.objects.set(key, next);
    if (next.kind === CRD) this.registerCrd(next);
    this.emit(before ? "MODIFIED" : "ADDED", next);
  }

  private drop(key: string, o: Stored): void {
    this.objects.delete(key);
    this.applied.delete(key);
    this.rv++;
    const gone = { ...clone(o), metadata: { ...o.metadata, resourceVersion: String(this.rv) } } as Stored;
    if (o.kind === CRD) this.crdKinds.delete(o.metadata.name);
    this.emit("DELETED", gone);
  }

  private emit(type: HistoryEvent["type"], object: Stored): void {
    const snapshot = clone(object);
    this.history.push({ rv: this.rv, type, object: snapshot });
    for (const w of [...this.watchers]) {
      if (this.matches(w.kind, snapshot, w.opts)) w.onEvent({ type, object: snapshot });
    }
  }

  private registerCrd(crd: Stored): void {
    const spec = crd.spec as
      | {
          group?: string;
          scope?: string;
          names?: { kind?: string; plural?: string };
          versions?: { name: string; served?: boolean }[];
        }
      | undefined;
    const version = spec?.versions?.find((v) => v.served !== false)?.name;
    if (!spec?.group || !spec.names?.kind || !version) return;
    const apiVersion = `${spec.group}/${version}`;
    this.crdKinds.set(crd.metadata.name, {
      crd: crd.metadata.name,
      info: {
        group: spec.group,
        version,
        apiVersion,
        kind: spec.names.kind,
        resource: spec.names.plural ?? `${spec.names.kind.toLowerCase()}s`,
        namespaced: spec.scope !== "Cluster",
        verbs: ["get", "list", "watch", "patch"],
      },
    });
  }

  /** `any`: also a CRD kind not Established yet (tests arranging objects). */
  private kindFor(apiVersion: string, kind: string, any: boolean): Kind | undefined {
    const { group } = splitApiVersion(apiVersion);
    const b = BUILTIN.find((k) => k.info.group === group && k.info.kind === kind);
    if (b) return b;
    for (const k of this.crdKinds.values()) {
      if (k.info.group !== group || k.info.kind !== kind) continue;
      const crd = this.objects.get(`apiextensions.k8s.io/${CRD}//${k.crd}`);
      if (any || (crd && crdIsEstablished(crd))) return k;
    }
    return undefined;
  }

  private kindOrThrow(apiVersion: string, kind: string, any: boolean): Kind {
    const k = this.kindFor(apiVersion, kind, any);
    if (!k) throw new Error(`FakeCluster: unknown kind ${apiVersion} ${kind} (apply its CRD first)`);
    return k;
  }
}

function crdIsEstablished(crd: KubeObject): boolean {
  const conditions = (crd.status as { conditions?: { type?: string; status?: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
}

/** A KubeClient over a FakeCluster. */
export class FakeKubeClient implements KubeClient {
  readonly server: string;

  constructor(
    private readonly cluster: FakeCluster,
    readonly source: string,
  ) {
    this.server = cluster.server;
  }

  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T> {
    const what = `get ${describeObject(ref.kind, ref.name, ref.namespace)}`;
    this.cluster.enter("get", { kind: ref.kind, namespace: ref.namespace, name: ref.name }, what);
    const kind = this.cluster.served(ref.apiVersion, ref.kind, what);
    const o = this.cluster.lookup(kind, ref.namespace, ref.name);
    if (!o) throw this.cluster.notFound(kind, ref.namespace, ref.name, what);
    return clone(o) as unknown as T;
  }

  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions = {},
  ): Promise<ListResult<T>> {
    const what = `list ${describeObject(kind, undefined, opts.namespace)}`;
    this.cluster.enter("list", { kind, namespace: opts.namespace }, what);
    const k = this.cluster.served(apiVersion, kind, what);
    return {
      items: this.cluster.items(k, opts).map(clone) as unknown as T[],
      resourceVersion: this.cluster.resourceVersion(),
    };
  }

  async listPages<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions,
    onPage: (items: T[]) => void | Promise<void>,
  ): Promise<{ resourceVersion: string }> {
    const what = `list ${describeObject(kind, undefined, opts.namespace)}`;
    this.cluster.enter("list", { kind, namespace: opts.namespace }, what);
    const k = this.cluster.served(apiVersion, kind, what);
    // One consistent snapshot, as a continue token gives.
    const all = this.cluster.items(k, opts).map(clone) as unknown as T[];
    const rv = this.cluster.resourceVersion();
    const size = opts.limit ?? 500;
    for (let i = 0; i < all.length; i += size) await onPage(all.slice(i, i + size));
    return { resourceVersion: rv };
  }

  async watch<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const what = `watch ${describeObject(kind, undefined, opts.namespace)}`;
    this.cluster.enter("watch", { kind, namespace: opts.namespace }, what);
    const k = this.cluster.served(apiVersion, kind, what);
    await this.cluster.watch(k, opts, onEvent as (e: WatchEvent) => void, signal);
  }

  async apply<T extends KubeObject = KubeObject>(obj: KubeObject, opts: ApplyOptions = {}): Promise<T> {
    const what = `apply ${describeObject(obj.kind, obj.metadata.name, obj.metadata.namespace)}`;
    this.cluster.enter(
      "apply",
      { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name },
      what,
    );
    return clone(this.cluster.apply(obj, opts, what)) as unknown as T;
  }

  async discover(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const what = `discover ${apiVersion} ${kind}`;
    this.cluster.enter("discover", { kind }, what);
    return { ...this.cluster.served(apiVersion, kind, what).info };
  }

  async serverVersion(): Promise<ServerVersion> {
    this.cluster.enter("serverVersion", {}, "get /version");
    const m = /^v(\d+)\.(\d+)/.exec(this.cluster.gitVersion);
    return {
      major: m?.[1] ?? "1",
      minor: m?.[2] ?? "0",
      gitVersion: this.cluster.gitVersion,
      platform: "linux/amd64",
    };
  }

  async podLog(o: PodLogOptions): Promise<string> {
    const what = `get log of ${describeObject("Pod", o.name, o.namespace)}`;
    this.cluster.enter("podLog", { kind: "Pod", namespace: o.namespace, name: o.name }, what);
    const pod = this.cluster.served("v1", "Pod", what);
    if (!this.cluster.lookup(pod, o.namespace, o.name))
      throw this.cluster.notFound(pod, o.namespace, o.name, what);
    let text = this.cluster.podLog(o) ?? "";
    if (o.tailLines !== undefined) {
      const lines = text.replace(/\n$/, "").split("\n");
      text = `${lines.slice(-o.tailLines).join("\n")}${text.endsWith("\n") ? "\n" : ""}`;
    }
    if (o.limitBytes !== undefined) text = Buffer.from(text).subarray(0, o.limitBytes).toString();
    return text;
  }

  /** Deletes the pod (PodDisruptionBudgets are the fake API server's business: see its eviction). */
  async evict(namespace: string, name: string): Promise<void> {
    const what = `evict ${describeObject("Pod", name, namespace)}`;
    this.cluster.enter("evict", { kind: "Pod", namespace, name }, what);
    const pod = this.cluster.served("v1", "Pod", what);
    if (!this.cluster.lookup(pod, namespace, name)) throw this.cluster.notFound(pod, namespace, name, what);
    this.cluster.remove({ apiVersion: "v1", kind: "Pod", namespace, name });
  }
}

/** What a command asked the factory for. */
export type KubeClientRequest =
  | { from: "kubeconfig"; kubeconfig: string | undefined; timeoutMs: number | undefined }
  | { from: "parts"; parts: ClientParts };

/**
 * The Context port (`overrides.kube`) over one FakeCluster, or one per server for `fromParts`
 * (a joining node talks to the cluster it joins). `kubeconfigError`: what loading the kubeconfig
 * throws instead (a KubeconfigInvalid, a "config" KubeError for "no kubeconfig").
 */
export function fakeKubeClients(
  cluster: FakeCluster | undefined,
  opts: { kubeconfigError?: Error; byServer?: Record<string, FakeCluster> } = {},
): KubeClients & { requests: KubeClientRequest[] } {
  const requests: KubeClientRequest[] = [];
  return {
    requests,
    fromKubeconfig: async (o: KubeconfigClientOptions = {}) => {
      requests.push({ from: "kubeconfig", kubeconfig: o.kubeconfig, timeoutMs: o.timeoutMs });
      if (opts.kubeconfigError) throw opts.kubeconfigError;
      if (!cluster) throw new KubeError("config", "no kubeconfig");
      return cluster.client(o.kubeconfig ?? "/etc/kubernetes/admin.conf");
    },
    fromParts: async (parts) => {
      requests.push({ from: "parts", parts });
      const c = opts.byServer?.[parts.server] ?? cluster;
      if (!c) {
        const err = Object.assign(new Error(`connect ECONNREFUSED ${parts.server}`), {
          code: "ECONNREFUSED",
        });
        throw kubeErrorFromTransport(err, { server: parts.server, what: "connect" });
      }
      return c.client("in-memory");
    },
  };
}
