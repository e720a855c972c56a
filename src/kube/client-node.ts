/**
 * KubeClient on @kubernetes/client-node 1.x, loaded lazily (it is heavy).
 *
 * KubeConfig does the kubeconfig parsing and authentication (tokens, client certificates, exec
 * plugins, CA); requests go through the library's own HTTP plumbing (RequestContext + its fetch
 * library) and watches through its `Watch`. Responses are kept as the server's JSON: the typed
 * APIs and KubernetesObjectApi run everything through ObjectSerializer, which renames fields
 * (`x-kubernetes-*`, `$ref`, `continue`) and turns timestamps into Dates - not plain data.
 */

import { createPrivateKey, X509Certificate } from "node:crypto";
import { accessSync, existsSync, constants as fsConstants } from "node:fs";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type * as K8s from "@kubernetes/client-node";
import { readUserText } from "../host/files.js";
import { loadBounded } from "../util/yaml-safe.js";
import {
  type ApplyOptions,
  type ClientParts,
  describeObject,
  FIELD_MANAGER,
  type KubeClient,
  KubeconfigInvalid,
  KubeconfigMissing,
  KubeError,
  type KubeObject,
  type KubeStatus,
  kubeErrorFromResponse,
  kubeErrorFromTransport,
  type ListOptions,
  type ListResult,
  type ObjectRef,
  type PodLogOptions,
  type ResourceInfo,
  resourcePath,
  type ServerVersion,
  splitApiVersion,
  type WatchEvent,
  type WatchEventType,
  WatchExpired,
  type WatchOptions,
  withTypeMeta,
} from "./client.js";

type K8sModule = typeof K8s;

export interface LoadKubeClientOptions {
  /** --kubeconfig: wins when given. */
  kubeconfig?: string | undefined;
  /** --root: /etc/kubernetes/admin.conf is looked for under it. */
  root: string;
  /** For KUBECONFIG and HOME (defaults to process.env). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Per request (not per watch), default 15 s. */
  timeoutMs?: number | undefined;
}

const WATCH_EVENT_TYPES = new Set<string>(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]);

/** Core kinds whose REST shape is fixed, for callers that may not use discovery (anonymous). */
const CORE_KINDS: Readonly<Record<string, { resource: string; namespaced: boolean }>> = {
  ConfigMap: { resource: "configmaps", namespaced: true },
  Secret: { resource: "secrets", namespaced: true },
  Node: { resource: "nodes", namespaced: false },
  Namespace: { resource: "namespaces", namespaced: false },
};

export type { ClientParts } from "./client.js";

/** A client for a server that has no kubeconfig on this host yet (the cluster a node is joining). */
export async function kubeClientFromParts(parts: ClientParts): Promise<KubeClient> {
  const k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: "join",
        server: parts.server,
        skipTLSVerify: parts.insecure === true,
        ...(parts.caPem ? { caData: Buffer.from(parts.caPem).toString("base64") } : {}),
      },
    ],
    users: [{ name: "join", ...(parts.token ? { token: parts.token } : {}) }],
    contexts: [{ name: "join", cluster: "join", user: "join" }],
    currentContext: "join",
  });
  return new ClientNodeKubeClient(k8s, kc, "in-memory", parts.timeoutMs ?? 10_000);
}

/**
 * Which kubeconfig, in order: --kubeconfig; <root>/etc/kubernetes/admin.conf (the control-plane
 * node we just initialised); $KUBECONFIG (first file, others merged); ~/.kube/config.
 */
export async function loadKubeClient(opts: LoadKubeClientOptions): Promise<KubeClient> {
  const k8s = await import("@kubernetes/client-node");
  const env = opts.env ?? process.env;
  const kc = new k8s.KubeConfig();
  const { source, texts } = await readKubeConfigs(opts.kubeconfig, opts.root, env);
  const [first, ...rest] = texts;
  if (!first) throw new KubeError("config", "no kubeconfig");
  fill(kc, first);
  for (const more of rest) {
    const other = new (kc.constructor as typeof K8s.KubeConfig)();
    fill(other, more);
    kc.mergeConfig(other, true);
  }
  finishKubeConfig(kc, source);
  await checkCredentials(kc, texts.length === 1 ? first.file : source);
  return new ClientNodeKubeClient(k8s, kc, source, opts.timeoutMs ?? 15_000);
}

interface KubeconfigText {
  file: string;
  text: string;
}

/** The file's text, already checked by the bounded YAML loader, into `kc` (relative paths as kubectl). */
function fill(kc: K8s.KubeConfig, k: KubeconfigText): void {
  try {
    kc.loadFromString(k.text);
    kc.makePathsAbsolute(dirname(k.file));
  } catch (err) {
    throw new KubeError(
      "config",
      `cannot load kubeconfig ${k.file}: ${(err as Error).message.split("\n")[0]}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Reads a kubeconfig as any user-named file (regular, bounded) and its YAML with the bounded
 * loader: client-node parses with plain js-yaml, which an alias bomb would blow up.
 */
async function readKubeconfigText(file: string): Promise<KubeconfigText> {
  let text: string;
  try {
    text = await readUserText(file, MAX_KUBECONFIG_BYTES);
  } catch (err) {
    throw new KubeconfigInvalid({ file, problem: "unreadable", error: err });
  }
  const r = loadBounded(text, { maxBytes: MAX_KUBECONFIG_BYTES });
  if (!r.ok) throw new KubeconfigInvalid({ file, problem: "yaml", yaml: r.problem });
  if (r.doc !== null && r.doc !== undefined && (typeof r.doc !== "object" || Array.isArray(r.doc))) {
    throw new KubeconfigInvalid({ file, problem: "notMapping" });
  }
  return { file, text };
}

/** A kubeconfig is a few KB; certificates and exec plugins included, far less than this. */
const MAX_KUBECONFIG_BYTES = 4 * 1024 * 1024;

const PEM_RE = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/;

/** PEM certificate / key text parses, or the kind of data it is not. */
function pemProblem(text: string, kind: "certificate" | "private key"): boolean {
  if (!PEM_RE.test(text)) return true;
  try {
    if (kind === "certificate") new X509Certificate(text);
    else createPrivateKey(text);
    return false;
  } catch {
    return true;
  }
}

/**
 * The current context's certificates and key must be PEM before anything is sent: otherwise
 * the failure comes from deep in TLS, reads as an unreachable cluster, and names neither the file
 * nor the field (doctor turned it into a failed check).
 */
async function checkCredentials(kc: K8s.KubeConfig, file: string): Promise<void> {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const checks: {
    where: string;
    field: string;
    fileField: string;
    data: string | undefined;
    path: string | undefined;
    kind: "certificate" | "private key";
  }[] = [
    {
      where: `cluster "${cluster?.name ?? ""}"`,
      field: "certificate-authority-data",
      fileField: "certificate-authority",
      data: cluster?.caData,
      path: cluster?.caFile,
      kind: "certificate",
    },
    {
      where: `user "${user?.name ?? ""}"`,
      field: "client-certificate-data",
      fileField: "client-certificate",
      data: user?.certData,
      path: user?.certFile,
      kind: "certificate",
    },
    {
      where: `user "${user?.name ?? ""}"`,
      field: "client-key-data",
      fileField: "client-key",
      data: user?.keyData,
      path: user?.keyFile,
      kind: "private key",
    },
  ];
  for (const c of checks) {
    if (c.data) {
      if (pemProblem(Buffer.from(c.data, "base64").toString("utf8"), c.kind)) {
        throw new KubeconfigInvalid({
          file,
          problem: "notPem",
          field: c.field,
          where: c.where,
          kind: c.kind,
        });
      }
    } else if (c.path) {
      let text: string;
      try {
        text = await readUserText(c.path, MAX_KUBECONFIG_BYTES);
      } catch (err) {
        throw new KubeconfigInvalid({
          file,
          problem: "unreadableFile",
          field: c.fileField,
          where: c.where,
          path: c.path,
          error: err,
        });
      }
      if (pemProblem(text, c.kind)) {
        throw new KubeconfigInvalid({
          file,
          problem: "notPemFile",
          field: c.fileField,
          where: c.where,
          path: c.path,
          kind: c.kind,
        });
      }
    }
  }
}

/**
 * Which kubeconfig, in order: --kubeconfig; <root>/etc/kubernetes/admin.conf (the control-plane
 * node we just initialised); $KUBECONFIG (first file, others merged); ~/.kube/config. The texts
 * come back read and their YAML checked; client-node only parses what passed.
 */
async function readKubeConfigs(
  explicit: string | undefined,
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<{ source: string; texts: KubeconfigText[] }> {
  const load = async (file: string) => [await readKubeconfigText(file)];
  const adminConf = join(root, "etc", "kubernetes", "admin.conf");
  // like kubectl, files named in $KUBECONFIG that do not exist are skipped
  const envNamed = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f !== "");
  const envFiles = envNamed.filter((f) => existsSync(f));
  const home = env.HOME || homedir();
  const userConf = join(home, ".kube", "config");
  if (explicit) return { source: explicit, texts: await load(explicit) };
  if (existsSync(adminConf) && (canRead(adminConf) || (envFiles.length === 0 && !existsSync(userConf)))) {
    return { source: adminConf, texts: await load(adminConf) };
  }
  if (envFiles.length > 0) {
    const texts: KubeconfigText[] = [];
    for (const file of envFiles) texts.push(await readKubeconfigText(file));
    return { source: envFiles.join(delimiter), texts };
  }
  if (envNamed.length > 0) {
    throw new KubeconfigMissing(envNamed, true);
  }
  if (existsSync(userConf)) return { source: userConf, texts: await load(userConf) };
  throw new KubeconfigMissing([adminConf, "$KUBECONFIG", userConf], false);
}

/** The checks and adjustments once the kubeconfig is loaded. */
function finishKubeConfig(kc: K8s.KubeConfig, source: string): void {
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new KubeError("config", `kubeconfig ${source} has no current context with a cluster server`);
  }
  // client-node refuses http:// servers unless insecure-skip-tls-verify is set; kubectl does not.
  // There is no TLS to skip on plain http, so allow it like kubectl.
  if (cluster.server.startsWith("http:") && !cluster.skipTLSVerify) {
    kc.clusters = kc.clusters.map((c) => (c === cluster ? { ...c, skipTLSVerify: true } : c));
  }
}

/** admin.conf is root-only: when it is unreadable but another kubeconfig exists, use that one. */
function canRead(file: string): boolean {
  try {
    accessSync(file, fsConstants.R_OK);
    return true;
  } catch {
    return false;
  }
}

class ClientNodeKubeClient implements KubeClient {
  readonly server: string;
  private readonly http: K8s.HttpLibrary;
  private readonly defaultNamespace: string;
  private agent: unknown;
  private readonly discovered = new Map<string, Promise<ResourceInfo[]>>();

  constructor(
    private readonly k8s: K8sModule,
    private readonly kc: K8s.KubeConfig,
    readonly source: string,
    private readonly timeoutMs: number,
  ) {
    this.server = kc.getCurrentCluster()?.server ?? "";
    this.http = new k8s.IsomorphicFetchHttpLibrary();
    const ctx = kc.getContextObject(kc.getCurrentContext());
    this.defaultNamespace = ctx?.namespace || "default";
  }

  // -- plumbing -------------------------------------------------------------------------------

  /**
   * One agent per client, with keep-alive (client-node makes a new agent per request, without it):
   * otherwise every request opens a new TLS connection and builds a new secure context (CA and key
   * parsed again) - doctor's thousands of page/event/log requests paid that on both ends. Proxy
   * agents (socks, hpagent) are kept as they are. Idle keep-alive sockets are unref'd by Node's
   * agent, so they do not hold the process open.
   */
  private useSharedAgent(req: K8s.RequestContext): void {
    if (this.agent === undefined) {
      const made = req.getAgent();
      // Node keeps the constructor options on the agent (not in @types/node).
      const options = (made as { options?: object } | undefined)?.options ?? {};
      this.agent =
        made instanceof HttpsAgent && made.constructor === HttpsAgent
          ? new HttpsAgent({ ...options, keepAlive: true })
          : made instanceof HttpAgent && made.constructor === HttpAgent
            ? new HttpAgent({ ...options, keepAlive: true })
            : made;
    }
    if (this.agent) req.setAgent(this.agent as Parameters<typeof req.setAgent>[0]);
  }

  private async request(
    method: "GET" | "PATCH" | "POST",
    path: string,
    query: Record<string, string | undefined>,
    ctx: { what: string; object?: string | undefined },
    body?: { contentType: string; text: string },
  ): Promise<{ status: number; json: unknown }> {
    const url = new URL(this.server.replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const errCtx = { server: this.server, timeoutMs: this.timeoutMs, ...ctx };
    let response: K8s.ResponseContext;
    let text: string;
    try {
      const req = new this.k8s.RequestContext(url.toString(), this.k8s.HttpMethod[method]);
      req.setHeaderParam("Accept", "application/json");
      if (body) {
        req.setHeaderParam("Content-Type", body.contentType);
        req.setBody(body.text);
      }
      await this.kc.applySecurityAuthentication(req);
      this.useSharedAgent(req);
      req.setSignal(AbortSignal.timeout(this.timeoutMs));
      response = await this.http.send(req).toPromise();
      text = await response.body.text();
    } catch (err) {
      throw kubeErrorFromTransport(err, errCtx);
    }
    let json: unknown = text;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      // keep the text (e.g. "404 page not found")
    }
    const status = response.httpStatusCode;
    if (status < 200 || status > 299) throw kubeErrorFromResponse(status, json, errCtx);
    if (typeof json !== "object" || json === null) {
      throw new KubeError("other", `${ctx.what} on ${this.server}: the answer is not a JSON object`, {
        status,
        server: this.server,
        object: ctx.object,
      });
    }
    return { status, json };
  }

  private async resources(apiVersion: string): Promise<ResourceInfo[]> {
    const { group, version } = splitApiVersion(apiVersion);
    const path = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
    try {
      const { json } = await this.request("GET", path, {}, { what: `discover ${apiVersion}` });
      const list = json as {
        resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
      };
      return (list.resources ?? [])
        .filter((r) => !r.name.includes("/"))
        .map((r) => ({
          group,
          version,
          apiVersion,
          kind: r.kind,
          resource: r.name,
          namespaced: r.namespaced,
          verbs: r.verbs ?? [],
        }));
    } catch (err) {
      if (err instanceof KubeError && err.reason === "not-found") return [];
      throw err;
    }
  }

  async discover(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const cached = this.discovered.get(apiVersion);
    if (cached) {
      const hit = (await cached.catch(() => [])).find((r) => r.kind === kind);
      if (hit) return hit;
    }
    // Missing (or never asked): ask again - a CRD may have become established since.
    const fresh = this.resources(apiVersion);
    this.discovered.set(apiVersion, fresh);
    let list: ResourceInfo[];
    try {
      list = await fresh;
    } catch (err) {
      this.discovered.delete(apiVersion);
      // Discovery needs an authenticated user; the anonymous cluster-info read of `join` does not.
      const core = CORE_KINDS[kind];
      if (
        apiVersion === "v1" &&
        core &&
        err instanceof KubeError &&
        (err.reason === "forbidden" || err.reason === "unauthorized")
      ) {
        return {
          group: "",
          version: "v1",
          apiVersion: "v1",
          kind,
          resource: core.resource,
          namespaced: core.namespaced,
          verbs: ["get", "list", "watch"],
        };
      }
      throw err;
    }
    const hit = list.find((r) => r.kind === kind);
    if (!hit) {
      throw new KubeError(
        "not-found",
        `the server at ${this.server} has no kind ${kind} in ${apiVersion}` +
          (list.length === 0 ? ` (API group version not served; CRD missing or not yet established?)` : ""),
        { status: 404, server: this.server, object: `${apiVersion} ${kind}` },
      );
    }
    return hit;
  }

  private namespaceFor(info: ResourceInfo, namespace: string | undefined): string | undefined {
    return info.namespaced ? namespace || this.defaultNamespace : undefined;
  }

  // -- KubeClient -----------------------------------------------------------------------------

  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T> {
    const info = await this.discover(ref.apiVersion, ref.kind);
    const ns = this.namespaceFor(info, ref.namespace);
    const object = describeObject(ref.kind, ref.name, ns);
    if (!ref.name)
      throw new KubeError("invalid", `get ${object}: no name given`, { server: this.server, object });
    const { json } = await this.request(
      "GET",
      resourcePath(info, ns, ref.name),
      {},
      { what: `get ${object}`, object },
    );
    return withTypeMeta<T>(json, ref.apiVersion, ref.kind);
  }

  /**
   * GET every page of a list (`limit` undefined: one unpaginated request), each page's items to
   * `onPage` as they arrive. The resourceVersion is the first page's, as the API defines it.
   */
  private async pages<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions,
    limit: string | undefined,
    onPage: (items: T[]) => void | Promise<void>,
  ): Promise<{ resourceVersion: string }> {
    const info = await this.discover(apiVersion, kind);
    const ns = info.namespaced ? opts.namespace : undefined;
    const object = describeObject(kind, undefined, ns);
    const path = resourcePath(info, ns);
    let resourceVersion = "";
    let cont: string | undefined;
    let first = true;
    do {
      const { json } = await this.request(
        "GET",
        path,
        { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit, continue: cont },
        { what: `list ${object}`, object },
      );
      const page = json as { metadata?: { resourceVersion?: string; continue?: string }; items?: unknown[] };
      if (first) resourceVersion = page.metadata?.resourceVersion ?? "";
      first = false;
      cont = page.metadata?.continue || undefined;
      const items = page.items ?? [];
      // Freshly parsed and ours alone: typed in place, not copied (150,000 pods, one page at a time).
      for (let i = 0; i < items.length; i++) {
        const o = items[i] as Record<string, unknown> | null;
        if (o && typeof o === "object") {
          o.apiVersion ??= apiVersion;
          o.kind ??= kind;
          o.metadata ??= {};
        } else items[i] = withTypeMeta<T>(o, apiVersion, kind);
      }
      page.items = undefined;
      await onPage(items as T[]);
    } while (cont !== undefined);
    return { resourceVersion };
  }

  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions = {},
  ): Promise<ListResult<T>> {
    const pageSize = opts.limit !== undefined && opts.limit > 0 ? String(opts.limit) : undefined;
    const run = async (limit: string | undefined): Promise<ListResult<T>> => {
      const items: T[] = [];
      const { resourceVersion } = await this.pages<T>(apiVersion, kind, opts, limit, (page) => {
        items.push(...page);
      });
      return { items, resourceVersion };
    };
    try {
      return await run(pageSize);
    } catch (err) {
      // The continue token outlived the server's history (410): like client-go's pager, fall back
      // to one full list.
      if (pageSize !== undefined && err instanceof KubeError && err.reason === "gone") return run(undefined);
      throw err;
    }
  }

  async watch<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const info = await this.discover(apiVersion, kind);
    const ns = info.namespaced ? opts.namespace : undefined;
    const object = describeObject(kind, undefined, ns);
    const what = `watch ${object}`;
    const errCtx = { server: this.server, what, object, timeoutMs: this.timeoutMs };
    if (signal?.aborted) return;
    const query: Record<string, string | number | boolean | undefined> = {
      resourceVersion: opts.resourceVersion,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      allowWatchBookmarks: opts.allowBookmarks === false ? undefined : true,
      timeoutSeconds: opts.timeoutSeconds,
    };
    const watcher = new this.k8s.Watch(this.kc);
    await new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined;
      let started = false;
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      const settle = (err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        signal?.removeEventListener("abort", onAbort);
        controller?.abort();
        if (err === undefined) resolve();
        else reject(err);
      };
      const onAbort = () => settle();
      signal?.addEventListener("abort", onAbort, { once: true });
      // client-node's Watch has no connect timeout: give up on a server that does not answer
      connectTimer = setTimeout(() => {
        if (!started)
          settle(
            kubeErrorFromTransport(Object.assign(new Error("timeout"), { name: "TimeoutError" }), errCtx),
          );
      }, this.timeoutMs);
      const onLine = (phase: string, obj: unknown) => {
        if (settled) return;
        if (phase === "ERROR") {
          const st = (obj ?? {}) as KubeStatus;
          const detail = st.message ?? st.reason ?? "error event";
          if (st.code === 410) settle(new WatchExpired(`${what} on ${this.server}: ${detail}`, errCtx));
          else settle(kubeErrorFromResponse(st.code ?? 500, st, errCtx));
          return;
        }
        if (!WATCH_EVENT_TYPES.has(phase)) return;
        try {
          onEvent({ type: phase as WatchEventType, object: withTypeMeta<T>(obj, apiVersion, kind) });
        } catch (err) {
          settle(err);
        }
      };
      const onDone = (err: unknown) => {
        if (settled) return;
        if (!started) {
          // Before the stream was established: connection refused, 401, 403, 404, 410...
          if (err == null) return settle();
          const status = (err as { statusCode?: number }).statusCode;
          if (status !== undefined) {
            return settle(
              kubeErrorFromResponse(status, { kind: "Status", message: (err as Error).message }, errCtx),
            );
          }
          return settle(kubeErrorFromTransport(err, errCtx));
        }
        // The stream ended: server timeout, dropped connection, API server restart. All are "ended".
        settle();
      };
      watcher.watch(resourcePath(info, ns), query, onLine, onDone).then(
        (c) => {
          controller = c;
          started = true;
          clearTimeout(connectTimer);
          if (settled) c.abort();
        },
        (err) => settle(kubeErrorFromTransport(err, errCtx)),
      );
    });
  }

  async apply<T extends KubeObject = KubeObject>(obj: KubeObject, opts: ApplyOptions = {}): Promise<T> {
    const name = obj.metadata?.name;
    const info = await this.discover(obj.apiVersion, obj.kind);
    const ns = this.namespaceFor(info, obj.metadata?.namespace);
    const object = describeObject(obj.kind, name, ns);
    if (!name) {
      throw new KubeError("invalid", `apply ${object}: metadata.name is missing`, {
        server: this.server,
        object,
      });
    }
    const metadata = { ...obj.metadata };
    if (ns === undefined) delete metadata.namespace;
    else metadata.namespace = ns;
    const { json } = await this.request(
      "PATCH",
      resourcePath(info, ns, name),
      {
        fieldManager: opts.fieldManager ?? FIELD_MANAGER,
        force: opts.force ? "true" : undefined,
        dryRun: opts.dryRun ? "All" : undefined,
      },
      { what: `apply ${object}`, object },
      { contentType: "application/apply-patch+yaml", text: JSON.stringify({ ...obj, metadata }) },
    );
    return withTypeMeta<T>(json, obj.apiVersion, obj.kind);
  }

  // -- doctor (additive): streaming lists and log tails ------------------------------------------

  async listPages<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions,
    onPage: (items: T[]) => void | Promise<void>,
  ): Promise<{ resourceVersion: string }> {
    const limit = String(opts.limit !== undefined && opts.limit > 0 ? opts.limit : 500);
    // Unlike `list`, no fallback to one full list on 410: that would hold the whole list in memory.
    return this.pages(apiVersion, kind, opts, limit, onPage);
  }

  async podLog(opts: PodLogOptions): Promise<string> {
    const object = describeObject("Pod", opts.name, opts.namespace);
    const url = new URL(
      `${this.server.replace(/\/+$/, "")}/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/pods/${encodeURIComponent(opts.name)}/log`,
    );
    const query: Record<string, string | undefined> = {
      container: opts.container,
      previous: opts.previous ? "true" : undefined,
      tailLines: opts.tailLines !== undefined ? String(opts.tailLines) : undefined,
      limitBytes: opts.limitBytes !== undefined ? String(opts.limitBytes) : undefined,
    };
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const errCtx = { server: this.server, timeoutMs: this.timeoutMs, what: `get log of ${object}`, object };
    let status: number;
    let text: string;
    try {
      const req = new this.k8s.RequestContext(url.toString(), this.k8s.HttpMethod.GET);
      req.setHeaderParam("Accept", "text/plain, application/json");
      await this.kc.applySecurityAuthentication(req);
      this.useSharedAgent(req);
      req.setSignal(AbortSignal.timeout(this.timeoutMs));
      const response = await this.http.send(req).toPromise();
      status = response.httpStatusCode;
      text = await response.body.text();
    } catch (err) {
      throw kubeErrorFromTransport(err, errCtx);
    }
    if (status < 200 || status > 299) {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // plain text error
      }
      throw kubeErrorFromResponse(status, body, errCtx);
    }
    return text;
  }

  async evict(namespace: string, name: string): Promise<void> {
    const object = describeObject("Pod", name, namespace);
    const eviction = { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace } };
    await this.request(
      "POST",
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/eviction`,
      {},
      { what: `evict ${object}`, object },
      { contentType: "application/json", text: JSON.stringify(eviction) },
    );
  }

  async serverVersion(): Promise<ServerVersion> {
    const { json } = await this.request("GET", "/version", {}, { what: "get server version" });
    const v = json as Partial<ServerVersion>;
    return {
      major: v.major ?? "",
      minor: v.minor ?? "",
      gitVersion: v.gitVersion ?? "",
      platform: v.platform,
    };
  }
}
