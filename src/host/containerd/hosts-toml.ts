/**
 * containerd registry host configuration (certs.d/<registry>/hosts.toml), per containerd's
 * docs/hosts.md: `server` is the upstream, tried last; each `[host."<mirror>"]` is tried first, in
 * order. Mirrors get "pull" and "resolve" (a private/trusted mirror in the docs' table), never
 * "push". An `http://` host is plain HTTP (no TLS, so no `skip_verify` either).
 */

/** Upstream endpoints whose API host differs from the name used in image references. */
const UPSTREAM_SERVER: Record<string, string> = {
  "docker.io": "https://registry-1.docker.io",
};

const REGISTRY_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/;
const BRACKETED_V6 = /^\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$/;

export class InvalidMirrorError extends Error {
  constructor(
    readonly registry: string,
    readonly mirror: string | undefined,
  ) {
    super(
      mirror === undefined
        ? `not a registry host: ${registry}`
        : `mirror of ${registry} is not an http(s) URL: ${mirror}`,
    );
    this.name = "InvalidMirrorError";
  }
}

/** A registry host namespace as containerd looks it up: host, host:port, or _default. */
export function isRegistryHost(registry: string): boolean {
  return registry === "_default" || REGISTRY_HOST.test(registry) || BRACKETED_V6.test(registry);
}

/** The `server` line: where pulls go when no mirror has the image. */
export function upstreamServer(registry: string): string {
  return UPSTREAM_SERVER[registry] ?? `https://${registry}`;
}

/** Mirror URL as written in hosts.toml: scheme and host (and path, if any) without a trailing slash. */
export function normaliseMirror(registry: string, mirror: string): string {
  let url: URL;
  try {
    url = new URL(mirror.trim());
  } catch {
    throw new InvalidMirrorError(registry, mirror);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.host || url.search || url.hash) {
    throw new InvalidMirrorError(registry, mirror);
  }
  if (url.username || url.password) throw new InvalidMirrorError(registry, mirror);
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/** certs.d/<registry>/hosts.toml under the given directory. */
export function hostsTomlPath(certsDir: string, registry: string): string {
  return `${certsDir.replace(/\/+$/, "")}/${registry}/hosts.toml`;
}

function quote(v: string): string {
  return `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** The hosts.toml text for one registry and its mirrors (in the order they are tried). */
export function renderHostsToml(registry: string, mirrors: readonly string[]): string {
  if (!isRegistryHost(registry)) throw new InvalidMirrorError(registry, undefined);
  const hosts = [...new Set(mirrors.map((m) => normaliseMirror(registry, m)))];
  const lines = ["# Managed by kadm-wizard: mirrors are tried in order, then the server."];
  // _default has no single upstream: without `server` containerd falls back to the image's own registry.
  if (registry !== "_default") lines.push(`server = ${quote(upstreamServer(registry))}`);
  for (const h of hosts) {
    lines.push("", `[host.${quote(h)}]`, `  capabilities = ["pull", "resolve"]`);
  }
  return `${lines.join("\n")}\n`;
}
