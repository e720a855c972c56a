/**
 * Image references, normalised like docker (github.com/distribution/reference):
 * `nginx` -> docker.io/library/nginx:latest, `flannel/flannel:v0.28.9` -> docker.io/flannel/flannel:v0.28.9.
 * PURE: no I/O.
 */

export interface ImageRef {
  /** Registry as users write it: "docker.io", "registry.aliyuncs.com", "127.0.0.1:5000", "[::1]:5000". */
  registry: string;
  /** Path inside the registry: "library/nginx", "google_containers/pause". */
  repository: string;
  /** Absent only when the reference names a digest alone. */
  tag?: string;
  /** "sha256:<hex>" */
  digest?: string;
}

/** Why a reference or mirror prefix was refused; each has a message "registry.reason.<problem>". */
export type ReferenceProblem =
  | "empty"
  | "scheme"
  | "uppercase"
  | "name"
  | "host"
  | "tag"
  | "digest"
  | "too-long";

export type ParsedReference = { ok: true; ref: ImageRef } | { ok: false; problem: ReferenceProblem };

export class InvalidReferenceError extends Error {
  constructor(
    readonly value: string,
    readonly problem: ReferenceProblem,
    readonly what: "reference" | "mirror" = "reference",
  ) {
    super(`invalid image ${what} "${value}": ${problem}`);
    this.name = "InvalidReferenceError";
  }
}

export const DOCKER_HUB = "docker.io";
const DOCKER_HUB_API = "registry-1.docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
const MAX_NAME = 255;

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:.]+\\])(?::[0-9]{1,5})?$`,
);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^\w[\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Docker's rule: the first component is a registry if it has a dot or a port, is localhost, or has capitals. */
function looksLikeRegistry(first: string): boolean {
  return first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase();
}

function checkPath(path: string): ReferenceProblem | undefined {
  if (path !== path.toLowerCase()) return "uppercase";
  return path.split("/").every((c) => PATH_COMPONENT_RE.test(c)) ? undefined : "name";
}

export function parseReference(input: string): ParsedReference {
  const s = input.trim();
  if (s === "") return { ok: false, problem: "empty" };
  if (s.includes("://")) return { ok: false, problem: "scheme" };

  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return { ok: false, problem: "digest" };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return { ok: false, problem: "tag" };
  }
  if (rest === "") return { ok: false, problem: "name" };

  let registry = DOCKER_HUB;
  let repository = rest;
  const slash = rest.indexOf("/");
  if (slash >= 0 && looksLikeRegistry(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    repository = rest.slice(slash + 1);
    if (!HOST_RE.test(registry)) return { ok: false, problem: "host" };
  }
  if (DOCKER_HUB_ALIASES.has(registry.toLowerCase())) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;

  const bad = checkPath(repository);
  if (bad) return { ok: false, problem: bad };
  if (registry.length + 1 + repository.length > MAX_NAME) return { ok: false, problem: "too-long" };

  if (tag === undefined && digest === undefined) tag = "latest";
  const ref: ImageRef = { registry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return { ok: true, ref };
}

/** Like parseReference, but throws InvalidReferenceError. */
export function mustParseReference(input: string): ImageRef {
  const r = parseReference(input);
  if (!r.ok) throw new InvalidReferenceError(input, r.problem);
  return r.ref;
}

/** Fully qualified form: registry/repository[:tag][@digest]. */
export function formatReference(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest !== undefined ? `@${ref.digest}` : ""}`;
}

/** host[:port] that serves the registry API (/v2/). */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}

/** Hostname without port or IPv6 brackets. */
export function registryHostname(registry: string): string {
  if (registry.startsWith("[")) return registry.slice(1, registry.indexOf("]"));
  const colon = registry.lastIndexOf(":");
  return colon >= 0 ? registry.slice(0, colon) : registry;
}

/** localhost, 127.0.0.0/8 or ::1: containerd speaks plain HTTP to these by default. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registryHostname(registry).toLowerCase();
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Rewrites a reference onto a mirror prefix: `quay.io/calico/node:v3.32.1` with `quay.m.daocloud.io`
 * -> `quay.m.daocloud.io/calico/node:v3.32.1`; with `harbor.local/quay.io` ->
 * `harbor.local/quay.io/calico/node:v3.32.1`. Throws InvalidReferenceError for a bad prefix.
 */
export function applyMirror(ref: ImageRef | string, mirrorPrefix: string): ImageRef {
  const src = typeof ref === "string" ? mustParseReference(ref) : ref;
  const prefix = mirrorPrefix.trim().replace(/\/+$/, "");
  const fail = (problem: ReferenceProblem) => new InvalidReferenceError(mirrorPrefix, problem, "mirror");
  if (prefix === "") throw fail("empty");
  if (prefix.includes("://")) throw fail("scheme");
  const slash = prefix.indexOf("/");
  const host = slash >= 0 ? prefix.slice(0, slash) : prefix;
  const path = slash >= 0 ? prefix.slice(slash + 1) : "";
  if (!HOST_RE.test(host)) throw fail("host");
  if (path !== "") {
    const bad = checkPath(path);
    if (bad) throw fail(bad);
  }
  const registry = DOCKER_HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB : host;
  const repository = path === "" ? src.repository : `${path}/${src.repository}`;
  if (registry.length + 1 + repository.length > MAX_NAME) throw fail("too-long");
  const out: ImageRef = { registry, repository };
  if (src.tag !== undefined) out.tag = src.tag;
  if (src.digest !== undefined) out.digest = src.digest;
  return out;
}
