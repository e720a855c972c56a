/**
 * The one Kubernetes API port (`cni apply`, `wait`, `doctor`). Plain JSON in and out: no
 * @kubernetes/client-node type crosses this boundary, so tests can drive it against the fake API
 * server (test/fakes/kube-api-server.ts) and commands stay pure over the data they get back.
 *
 * Every failure is a `KubeError` whose `reason` callers switch on (and localise); its message is one
 * English line naming the server and the object, good enough when nobody maps it.
 */
import { classifyNetError, isTlsKind, netCausePhrase } from "../diagnose/transport.js";
import { KadmError } from "../errors.js";
import { readFailureReason } from "../host/user-input.js";
import { oneLine } from "../util/one-line.js";
import { type YamlProblem, yamlProblemText } from "../util/yaml-safe.js";

export const FIELD_MANAGER = "kadm-wizard";

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** Any Kubernetes object as the API serves it (JSON). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** Required for namespaced kinds (no implicit "default"); ignored for cluster-scoped ones. */
  namespace?: string | undefined;
}

/** What API discovery says about a kind. */
export interface ResourceInfo {
  group: string;
  version: string;
  /** "v1" or "<group>/<version>". */
  apiVersion: string;
  kind: string;
  /** The URL plural, e.g. "daemonsets". */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

export interface ListOptions {
  /** Omitted for a namespaced kind: all namespaces. */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Page size; `list` still returns every item, following `continue` tokens. */
  limit?: number | undefined;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  /** Each item carries apiVersion and kind (the API omits them inside built-in lists). */
  items: T[];
  /** The list's resourceVersion: start a watch from here to see every later change. */
  resourceVersion: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  /** For BOOKMARK only apiVersion, kind and metadata.resourceVersion are meaningful. */
  object: T;
}

export interface WatchOptions {
  namespace?: string | undefined;
  /** Usually a list's resourceVersion; events after it are delivered. */
  resourceVersion: string;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Ask for BOOKMARK events (default true). */
  allowBookmarks?: boolean | undefined;
  /** Server-side timeout; the stream then ends normally. */
  timeoutSeconds?: number | undefined;
}

export interface ApplyOptions {
  /** Defaults to "kadm-wizard". */
  fieldManager?: string | undefined;
  /** Take over fields owned by another manager instead of failing with a conflict. */
  force?: boolean | undefined;
  /** Server-side dry run (`dryRun=All`): validated and defaulted, not persisted. */
  dryRun?: boolean | undefined;
}

export interface ServerVersion {
  major: string;
  minor: string;
  /** e.g. "v1.33.1". */
  gitVersion: string;
  platform?: string | undefined;
}

export interface KubeClient {
  /** The API server URL from the kubeconfig. */
  readonly server: string;
  /** Which kubeconfig was loaded (a path, or "in-memory"). */
  readonly source: string;
  get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T>;
  list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts?: ListOptions,
  ): Promise<ListResult<T>>;
  /**
   * Streams events after `opts.resourceVersion` to `onEvent` until the server ends the stream (or
   * the connection drops, or `signal` aborts): then resolves. Rejects with `WatchExpired` when the
   * resourceVersion is too old (410 Gone / ERROR event with code 410): re-list and watch again.
   * An exception thrown by `onEvent` stops the watch and rejects with it.
   */
  watch<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  /** Server-side apply (PATCH application/apply-patch+yaml). Returns the object as stored. */
  apply<T extends KubeObject = KubeObject>(obj: KubeObject, opts?: ApplyOptions): Promise<T>;
  /** Discovery of a kind; cached, re-queried when a kind is missing (CRDs appear later). */
  discover(apiVersion: string, kind: string): Promise<ResourceInfo>;
  serverVersion(): Promise<ServerVersion>;

  // -- doctor (additive): streaming lists and log tails --------------------------------------------

  /**
   * Like `list`, but hands each page (`limit` items, default 500) to `onPage` and keeps nothing, so
   * memory stays flat however large the cluster is. Pages are asked for one after another; a page is
   * requested only after `onPage` has settled (back-pressure for slow consumers).
   */
  listPages<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions,
    onPage: (items: T[]) => void | Promise<void>,
  ): Promise<{ resourceVersion: string }>;
  /** The tail of a container's log (`GET .../pods/NAME/log`), as text. */
  podLog(opts: PodLogOptions): Promise<string>;

  // -- upgrade (additive): drain ---------------------------------------------------------------------

  /**
   * Evicts a pod (`POST .../pods/NAME/eviction`, policy/v1 Eviction): the API server deletes it
   * unless a PodDisruptionBudget forbids it now, which is a "too-many-requests" KubeError (429):
   * retry later, as `kubectl drain` does.
   */
  evict(namespace: string, name: string): Promise<void>;
}

/** A client for a server given by its parts, not a kubeconfig (the cluster a node is joining). */
export interface ClientParts {
  server: string;
  /** PEM of the cluster CA; absent with `insecure` (only to fetch cluster-info, verified by its hash). */
  caPem?: string | undefined;
  /** Bearer token (a bootstrap token for join). */
  token?: string | undefined;
  insecure?: boolean | undefined;
  timeoutMs?: number | undefined;
}

export interface KubeconfigClientOptions {
  /** --kubeconfig: wins when given. */
  kubeconfig?: string | undefined;
  /** Per request (not per watch); the adapter's default is 15 s. */
  timeoutMs?: number | undefined;
}

/**
 * Where commands get their KubeClients (Context.kube). The production factory loads the
 * @kubernetes/client-node adapter on first use; tests hand out in-memory clients.
 */
export interface KubeClients {
  /**
   * The kubeconfig the run uses, in order: --kubeconfig; <root>/etc/kubernetes/admin.conf;
   * $KUBECONFIG; ~/.kube/config. Rejects with KubeconfigInvalid / a "config" KubeError.
   */
  fromKubeconfig(opts?: KubeconfigClientOptions): Promise<KubeClient>;
  fromParts(parts: ClientParts): Promise<KubeClient>;
}

export interface PodLogOptions {
  namespace: string;
  name: string;
  container?: string | undefined;
  /** The previous (terminated) instance: what a CrashLoopBackOff container printed before dying. */
  previous?: boolean | undefined;
  tailLines?: number | undefined;
  /** Cap on the bytes returned (a crashing container may print megabytes). */
  limitBytes?: number | undefined;
}

export type KubeErrorReason =
  | "unreachable"
  | "tls"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "gone"
  | "invalid"
  /** 429: e.g. an eviction a PodDisruptionBudget does not allow now. */
  | "too-many-requests"
  /** No usable kubeconfig (missing, unreadable, malformed). */
  | "config"
  | "other";

export class KubeError extends KadmError {
  readonly reason: KubeErrorReason;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  readonly server: string | undefined;
  /** The object or kind concerned, e.g. "DaemonSet kube-flannel/kube-flannel-ds". */
  readonly object: string | undefined;
  /** The server's Status object, when it sent one. */
  readonly details: KubeStatus | undefined;

  constructor(
    reason: KubeErrorReason,
    message: string,
    opts: {
      status?: number | undefined;
      server?: string | undefined;
      object?: string | undefined;
      details?: KubeStatus | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, opts.cause === undefined ? {} : { cause: opts.cause });
    this.name = "KubeError";
    this.reason = reason;
    this.status = opts.status;
    this.server = opts.server;
    this.object = opts.object;
    this.details = opts.details;
  }
}

/** The resourceVersion a watch started from is no longer in the server's history: re-list. */
export class WatchExpired extends KubeError {
  constructor(message: string, opts: { server?: string | undefined; object?: string | undefined } = {}) {
    super("gone", message, { ...opts, status: 410 });
    this.name = "WatchExpired";
  }
}

export function isKubeError(err: unknown, reason?: KubeErrorReason): err is KubeError {
  return err instanceof KubeError && (reason === undefined || err.reason === reason);
}

/** metav1.Status, as the API returns it on errors and in watch ERROR events. */
export interface KubeStatus {
  kind?: string;
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { message?: string; field?: string }[] };
}

// ---------------------------------------------------------------------------------------------
// Pure helpers shared by the adapter (and unit-testable without a server).

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** "DaemonSet kube-flannel/kube-flannel-ds", "ClusterRole flannel", "IPPool" */
export function describeObject(kind: string, name?: string, namespace?: string): string {
  if (!name) return namespace ? `${kind} in namespace ${namespace}` : kind;
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

/** The REST path of a kind (and object), e.g. /apis/apps/v1/namespaces/x/daemonsets/y. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const parts = [info.group === "" ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`];
  if (info.namespaced && namespace) parts.push("namespaces", encodeURIComponent(namespace));
  parts.push(info.resource);
  if (name !== undefined) parts.push(encodeURIComponent(name));
  return parts.join("/");
}

function parseStatus(body: unknown): KubeStatus | undefined {
  if (body && typeof body === "object" && (body as { kind?: unknown }).kind === "Status") {
    return body as KubeStatus;
  }
  return undefined;
}

const REASON_BY_STATUS: Record<number, KubeErrorReason> = {
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  410: "gone",
  422: "invalid",
  429: "too-many-requests",
};

/**
 * An HTTP error answer -> KubeError. `what` describes the operation ("apply DaemonSet x/y"); the
 * server's Status message (which names the object) is kept when there is one.
 */
export function kubeErrorFromResponse(
  status: number,
  body: unknown,
  ctx: { server: string; what: string; object?: string | undefined },
): KubeError {
  const st = parseStatus(body);
  const reason: KubeErrorReason = REASON_BY_STATUS[status] ?? "other";
  let detail = st?.message?.trim() || (typeof body === "string" ? body.trim().split("\n")[0] : "") || "";
  if (reason === "unauthorized")
    detail = "the server rejected the credentials in the kubeconfig (401 Unauthorized)";
  else if (!detail) detail = `HTTP ${status}`;
  else if (reason === "other") detail = `${detail} (HTTP ${status})`;
  const message = `${ctx.what} on ${ctx.server}: ${oneLine(detail)}`;
  if (status === 410) return new WatchExpired(message, { server: ctx.server, object: ctx.object });
  return new KubeError(reason, message, {
    status,
    server: ctx.server,
    object: ctx.object,
    details: st,
    cause: body,
  });
}

/** A transport failure (no HTTP answer) -> KubeError: unreachable, tls or other. */
export function kubeErrorFromTransport(
  err: unknown,
  ctx: { server: string; what: string; object?: string | undefined; timeoutMs?: number | undefined },
): KubeError {
  if (err instanceof KubeError) return err;
  // The one network taxonomy (diagnose/transport.ts): the error code decides, not the message's words.
  const net = classifyNetError(err);
  const code = net.code;
  const raw = err instanceof Error ? err.message : String(err);
  const opts = { server: ctx.server, object: ctx.object, cause: err };
  if (isTlsKind(net.kind)) {
    const detail = oneLine(stripPrefix(raw));
    const message =
      net.kind === "tls-untrusted"
        ? `${ctx.what}: TLS verification of ${ctx.server} failed: certificate signed by unknown authority (${detail}); ` +
          "the kubeconfig's CA is not this cluster's, e.g. a stale kubeconfig after `kubeadm reset`"
        : net.kind === "tls-expired"
          ? `${ctx.what}: the certificate of ${ctx.server} has expired (${detail})`
          : `${ctx.what}: TLS with ${ctx.server} failed (${detail})`;
    return new KubeError("tls", message, opts);
  }
  if (net.kind === "timeout" || net.kind === "unreachable") {
    const why = netCausePhrase(net, ctx.timeoutMs ?? 0) ?? code ?? "network error";
    return new KubeError(
      "unreachable",
      `${ctx.what}: cannot reach the API server at ${ctx.server} (${why})`,
      opts,
    );
  }
  return new KubeError("other", `${ctx.what} on ${ctx.server}: ${oneLine(stripPrefix(raw))}`, opts);
}

/** node-fetch wraps messages as "request to URL failed, reason: X"; keep X. */
function stripPrefix(message: string): string {
  const m = /failed, reason: (.*)$/s.exec(message);
  return m?.[1] ?? message;
}

/** List items of built-in kinds come without apiVersion/kind; put them back. */
export function withTypeMeta<T extends KubeObject>(item: unknown, apiVersion: string, kind: string): T {
  const o = (item ?? {}) as Record<string, unknown>;
  return { apiVersion, kind, ...o, metadata: (o.metadata ?? {}) as ObjectMeta } as T;
}

/** What is wrong with a kubeconfig the user's run would use (KubeconfigInvalid.input). */
export type KubeconfigInput =
  | { file: string; problem: "unreadable"; error: unknown }
  | { file: string; problem: "yaml"; yaml: YamlProblem }
  | { file: string; problem: "notMapping" }
  | { file: string; problem: "notPem"; field: string; where: string; kind: string }
  | { file: string; problem: "notPemFile"; field: string; where: string; path: string; kind: string }
  | { file: string; problem: "unreadableFile"; field: string; where: string; path: string; error: unknown };

/**
 * A kubeconfig that cannot work, found before anything was sent: bad input (exit 2), named by file
 * and field. A "config" KubeError, so code that handles those keeps working; the CLI words it
 * from `input` (kube/explain.ts).
 */
/**
 * No kubeconfig to use at all (a "config" KubeError, so a worker's doctor still runs its host
 * checks). `tried`: the files looked for, in order; `envOnly`: $KUBECONFIG named only missing files.
 */
export class KubeconfigMissing extends KubeError {
  constructor(
    readonly tried: string[],
    readonly envOnly: boolean,
  ) {
    super(
      "config",
      envOnly
        ? `no kubeconfig found: none of $KUBECONFIG (${tried.join(", ")}) exists`
        : `no kubeconfig found: not --kubeconfig, ${tried.join(", ")}`,
    );
    this.name = "KubeconfigMissing";
  }
}

export class KubeconfigInvalid extends KubeError {
  constructor(readonly input: KubeconfigInput) {
    super("config", kubeconfigInputText(input), "error" in input ? { cause: input.error } : {});
    this.name = "KubeconfigInvalid";
  }
}

function kubeconfigInputText(i: KubeconfigInput): string {
  switch (i.problem) {
    case "unreadable":
      // English for logs; kube/explain.ts words it in the user's language with the same function.
      return `cannot load kubeconfig ${i.file}: ${readFailureReason("en", i.error)}`;
    case "yaml":
      return `cannot load kubeconfig ${i.file}: ${yamlProblemText(i.yaml)}`;
    case "notMapping":
      return `cannot load kubeconfig ${i.file}: not a YAML mapping`;
    case "notPem":
      return `kubeconfig ${i.file}: ${i.field} of ${i.where} is not PEM ${i.kind} data`;
    case "notPemFile":
      return `kubeconfig ${i.file}: ${i.field} ${i.path} of ${i.where} is not PEM ${i.kind} data`;
    case "unreadableFile":
      return `kubeconfig ${i.file}: cannot read ${i.field} ${i.path} of ${i.where}`;
  }
}
