import { describe, expect, it } from "vitest";
import { MESSAGE_KEYS, render } from "../../src/i18n/messages.js";
import {
  applyMirror,
  formatReference,
  InvalidReferenceError,
  isLoopbackRegistry,
  parseReference,
  registryApiHost,
} from "../../src/images/reference.js";
import {
  type CheckOptions,
  checkImage,
  checkImages,
  explainInvalidReference,
  explainResult,
  type FetchLike,
  MANIFEST_ACCEPT,
  parseChallenges,
  pickMirror,
} from "../../src/images/registry-check.js";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("image references", () => {
  it.each([
    [
      "registry.aliyuncs.com/google_containers/pause:3.10",
      "registry.aliyuncs.com",
      "google_containers/pause",
      "3.10",
    ],
    ["docker.io/flannel/flannel:v0.28.9", "docker.io", "flannel/flannel", "v0.28.9"],
    ["flannel/flannel:v0.28.9", "docker.io", "flannel/flannel", "v0.28.9"],
    ["nginx", "docker.io", "library/nginx", "latest"],
    ["docker.io/nginx:1.27", "docker.io", "library/nginx", "1.27"],
    ["index.docker.io/library/nginx", "docker.io", "library/nginx", "latest"],
    ["127.0.0.1:5000/x/y:t", "127.0.0.1:5000", "x/y", "t"],
    ["localhost/x", "localhost", "x", "latest"],
    ["[::1]:5000/x/y:t", "[::1]:5000", "x/y", "t"],
    ["quay.io/calico/node:v3.32.1", "quay.io", "calico/node", "v3.32.1"],
    ["registry.k8s.io/coredns/coredns:v1.12.0", "registry.k8s.io", "coredns/coredns", "v1.12.0"],
    ["Harbor.Local/a/b:1", "Harbor.Local", "a/b", "1"],
    ["a__b/c-d/e.f:1", "docker.io", "a__b/c-d/e.f", "1"],
  ])("%s -> %s %s:%s", (input, registry, repository, tag) => {
    expect(parseReference(input)).toEqual({ ok: true, ref: { registry, repository, tag } });
  });

  it("keeps digests, with or without a tag", () => {
    expect(parseReference(`nginx@${DIGEST}`)).toEqual({
      ok: true,
      ref: { registry: "docker.io", repository: "library/nginx", digest: DIGEST },
    });
    const both = parseReference(`127.0.0.1:5000/x/y:t@${DIGEST}`);
    expect(both).toEqual({
      ok: true,
      ref: { registry: "127.0.0.1:5000", repository: "x/y", tag: "t", digest: DIGEST },
    });
    if (both.ok) expect(formatReference(both.ref)).toBe(`127.0.0.1:5000/x/y:t@${DIGEST}`);
  });

  it.each([
    ["", "empty"],
    ["https://registry.k8s.io/pause:3.10", "scheme"],
    ["Nginx", "uppercase"],
    ["quay.io/Calico/node", "uppercase"],
    ["quay.io/calico//node", "name"],
    ["quay.io/-calico/node", "name"],
    ["nginx:-x", "tag"],
    [`nginx:${"x".repeat(129)}`, "tag"],
    ["nginx@sha256:xyz", "digest"],
    ["bad_host.io:5000/x", "host"],
    [`example.com/${"a".repeat(260)}`, "too-long"],
  ])("refuses %j (%s)", (input, problem) => {
    expect(parseReference(input)).toEqual({ ok: false, problem });
  });

  it("knows Docker Hub's API host and loopback registries", () => {
    expect(registryApiHost("docker.io")).toBe("registry-1.docker.io");
    expect(registryApiHost("quay.io")).toBe("quay.io");
    for (const r of ["localhost", "localhost:5000", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000"]) {
      expect(isLoopbackRegistry(r)).toBe(true);
    }
    for (const r of ["docker.io", "10.0.0.1:5000", "localhost.example.com", "[::2]:5000"]) {
      expect(isLoopbackRegistry(r)).toBe(false);
    }
  });

  it.each([
    ["quay.io/calico/node:v3.32.1", "quay.m.daocloud.io", "quay.m.daocloud.io/calico/node:v3.32.1"],
    ["quay.io/calico/node:v3.32.1", "harbor.local/quay.io", "harbor.local/quay.io/calico/node:v3.32.1"],
    [
      "quay.io/calico/node:v3.32.1",
      "harbor.local:8443/quay.io/",
      "harbor.local:8443/quay.io/calico/node:v3.32.1",
    ],
    ["nginx", "docker.m.daocloud.io", "docker.m.daocloud.io/library/nginx:latest"],
    [`nginx@${DIGEST}`, "127.0.0.1:5000", `127.0.0.1:5000/library/nginx@${DIGEST}`],
  ])("mirrors %s onto %s", (input, prefix, expected) => {
    expect(formatReference(applyMirror(input, prefix))).toBe(expected);
  });

  it.each([
    ["", "empty"],
    ["https://quay.m.daocloud.io", "scheme"],
    ["harbor.local/Quay", "uppercase"],
    ["bad_host/x", "host"],
  ])("refuses mirror prefix %j", (prefix, problem) => {
    expect(() => applyMirror("quay.io/calico/node:v1", prefix)).toThrow(
      expect.objectContaining({ problem, what: "mirror" }),
    );
  });
});

describe("WWW-Authenticate", () => {
  it("parses a bearer challenge with quoted commas", () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"',
      ),
    ).toEqual([
      {
        scheme: "bearer",
        params: {
          realm: "https://auth.docker.io/token",
          service: "registry.docker.io",
          scope: "repository:a/b:pull,push",
        },
      },
    ]);
  });
  it("parses several challenges and unquoted values", () => {
    expect(parseChallenges('Basic realm="x \\"y\\"", Bearer realm=http://h/t, service=s')).toEqual([
      { scheme: "basic", params: { realm: 'x "y"' } },
      { scheme: "bearer", params: { realm: "http://h/t", service: "s" } },
    ]);
  });
});

// --- a fake fetch that answers from a handler and records requests

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
}

function fakeFetch(handler: (call: Call, init: RequestInit) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = {
      url,
      method: init.method ?? "GET",
      headers: { ...(init.headers as Record<string, string>) },
    };
    calls.push(call);
    return handler(call, init);
  };
  return { fetch, calls };
}

const manifestOk = (method: string) =>
  new Response(method === "HEAD" ? null : "{}", {
    status: 200,
    headers: {
      "Docker-Content-Digest": DIGEST,
      "Content-Type": "application/vnd.docker.distribution.manifest.v2+json",
    },
  });

const registryError = (status: number, code: string, method = "GET") =>
  new Response(
    method === "HEAD" ? null : JSON.stringify({ errors: [{ code, message: code.toLowerCase() }] }),
    {
      status,
      headers: { "Content-Type": "application/json" },
    },
  );

function socketError(code: string, extra: Record<string, unknown> = {}) {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error(`connect ${code}`), { code, ...extra }),
  });
}

describe("checkImage", () => {
  it("asks HEAD with every manifest type and reports the digest", async () => {
    const { fetch, calls } = fakeFetch((c) => manifestOk(c.method));
    const r = await checkImage("registry.aliyuncs.com/google_containers/pause:3.10", { fetch });
    expect(r).toMatchObject({
      ref: "registry.aliyuncs.com/google_containers/pause:3.10",
      registry: "registry.aliyuncs.com",
      status: "ok",
      digest: DIGEST,
      detail: "HTTP 200",
    });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(calls).toEqual([
      {
        url: "https://registry.aliyuncs.com/v2/google_containers/pause/manifests/3.10",
        method: "HEAD",
        headers: { Accept: MANIFEST_ACCEPT },
      },
    ]);
    for (const t of [
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.distribution.manifest.v2+json",
    ]) {
      expect(MANIFEST_ACCEPT).toContain(t);
    }
  });

  it("uses registry-1.docker.io, plain HTTP for loopback and insecure registries, digests as reference", async () => {
    const { fetch, calls } = fakeFetch((c) => manifestOk(c.method));
    await checkImages(
      ["nginx", "127.0.0.1:5000/x/y:t", "[::1]:5000/x:t", "harbor.local/a/b:1", `quay.io/a/b@${DIGEST}`],
      { fetch, insecure: ["harbor.local"] },
    );
    expect(calls.map((c) => c.url)).toEqual([
      "https://registry-1.docker.io/v2/library/nginx/manifests/latest",
      "http://127.0.0.1:5000/v2/x/y/manifests/t",
      "http://[::1]:5000/v2/x/manifests/t",
      "http://harbor.local/v2/a/b/manifests/1",
      `https://quay.io/v2/a/b/manifests/${DIGEST}`,
    ]);
  });

  it("does the bearer token dance: 401 -> token -> 200", async () => {
    const { fetch, calls } = fakeFetch((c) => {
      if (c.url.startsWith("https://auth.example/token")) return Response.json({ token: "t0k" });
      if (c.headers.Authorization === "Bearer t0k") return manifestOk(c.method);
      return new Response(null, {
        status: 401,
        headers: {
          "WWW-Authenticate":
            'Bearer realm="https://auth.example/token?x=1",service="reg.example",scope="repository:a/b:pull"',
        },
      });
    });
    const r = await checkImage("reg.example/a/b:1", { fetch });
    expect(r).toMatchObject({ status: "ok", digest: DIGEST });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "HEAD https://reg.example/v2/a/b/manifests/1",
      "GET https://auth.example/token?x=1&service=reg.example&scope=repository%3Aa%2Fb%3Apull",
      "HEAD https://reg.example/v2/a/b/manifests/1",
    ]);
    expect(calls[1]?.headers.Authorization).toBeUndefined();
  });

  it("sends basic credentials to the token endpoint and accepts access_token", async () => {
    const { fetch, calls } = fakeFetch((c) => {
      if (c.url.startsWith("https://auth.example/")) {
        return c.headers.Authorization === `Basic ${Buffer.from("u:p").toString("base64")}`
          ? Response.json({ access_token: "xyz" })
          : new Response("no", { status: 401 });
      }
      if (c.headers.Authorization === "Bearer xyz") return manifestOk(c.method);
      return new Response(null, {
        status: 401,
        headers: { "WWW-Authenticate": 'Bearer realm="https://auth.example/t"' },
      });
    });
    const r = await checkImage("reg.example/a/b:1", {
      fetch,
      credentials: { "reg.example": { username: "u", password: "p" } },
    });
    expect(r.status).toBe("ok");
    expect(calls).toHaveLength(3);
  });

  it("answers a Basic challenge with credentials, and is unauthorized without", async () => {
    const handler = (c: Call) =>
      c.headers.Authorization
        ? manifestOk(c.method)
        : new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Basic realm="registry"' } });
    const withCreds = fakeFetch(handler);
    const ok = await checkImage("reg.example/a:1", {
      fetch: withCreds.fetch,
      credentials: { "reg.example": { username: "u", password: "p" } },
    });
    expect(ok.status).toBe("ok");
    const r = await checkImage("reg.example/a:1", { fetch: fakeFetch(handler).fetch });
    expect(r).toMatchObject({ status: "unauthorized", httpStatus: 401 });
    expect(r.detail).toContain("Basic");
  });

  it("is unauthorized when the token endpoint refuses, or the token is not enough", async () => {
    const challenge = { "WWW-Authenticate": 'Bearer realm="https://auth.example/token",service="s"' };
    const refused = fakeFetch((c) =>
      c.url.startsWith("https://auth.example/")
        ? registryError(403, "DENIED")
        : new Response(null, { status: 401, headers: challenge }),
    );
    expect(await checkImage("reg.example/a:1", { fetch: refused.fetch })).toMatchObject({
      status: "unauthorized",
      httpStatus: 403,
      code: "DENIED",
      detail: "token endpoint auth.example: HTTP 403 DENIED",
    });
    // Docker Hub style: a token is issued, but the manifest still answers 401; only one retry.
    const stillDenied = fakeFetch((c) =>
      c.url.startsWith("https://auth.example/")
        ? Response.json({ token: "t" })
        : new Response(null, { status: 401, headers: challenge }),
    );
    expect(await checkImage("reg.example/a:1", { fetch: stillDenied.fetch })).toMatchObject({
      status: "unauthorized",
      detail: "HTTP 401 after token",
    });
    expect(stillDenied.calls).toHaveLength(3);
  });

  it("classifies 404 MANIFEST_UNKNOWN and NAME_UNKNOWN as tag-missing, confirming HEAD with GET", async () => {
    const { fetch, calls } = fakeFetch((c) => registryError(404, "MANIFEST_UNKNOWN", c.method));
    expect(await checkImage("reg.example/a:1", { fetch })).toMatchObject({
      status: "tag-missing",
      httpStatus: 404,
      code: "MANIFEST_UNKNOWN",
      detail: "HTTP 404 MANIFEST_UNKNOWN (GET)",
    });
    expect(calls.map((c) => c.method)).toEqual(["HEAD", "GET"]);
    const name = fakeFetch((c) => registryError(404, "NAME_UNKNOWN", c.method));
    expect(await checkImage("reg.example/a:1", { fetch: name.fetch })).toMatchObject({
      status: "tag-missing",
      code: "NAME_UNKNOWN",
    });
    const bare = fakeFetch(() => new Response(null, { status: 404 }));
    expect(await checkImage("reg.example/a:1", { fetch: bare.fetch })).toMatchObject({
      status: "tag-missing",
      detail: "HTTP 404 (GET)",
    });
  });

  it("falls back to GET when HEAD gives 405 or an odd 404, hashing the body without a digest header", async () => {
    const body = '{"schemaVersion":2}';
    const { fetch, calls } = fakeFetch((c) =>
      c.method === "HEAD"
        ? new Response(null, { status: 405 })
        : new Response(body, {
            status: 200,
            headers: { "Content-Type": "application/vnd.oci.image.index.v1+json" },
          }),
    );
    const r = await checkImage("reg.example/a:1", { fetch });
    const { createHash } = await import("node:crypto");
    expect(r).toMatchObject({
      status: "ok",
      detail: "HTTP 200 (GET)",
      digest: `sha256:${createHash("sha256").update(body).digest("hex")}`,
    });
    expect(calls.map((c) => c.method)).toEqual(["HEAD", "GET"]);
    const odd = fakeFetch((c) =>
      c.method === "HEAD" ? new Response(null, { status: 404 }) : manifestOk("GET"),
    );
    expect(await checkImage("reg.example/a:1", { fetch: odd.fetch })).toMatchObject({
      status: "ok",
      digest: DIGEST,
    });
  });

  it("classifies 403 and DENIED as unauthorized", async () => {
    const head403 = fakeFetch((c) => registryError(403, "DENIED", c.method));
    expect(await checkImage("reg.example/a:1", { fetch: head403.fetch })).toMatchObject({
      status: "unauthorized",
      httpStatus: 403,
      detail: "HTTP 403",
    });
    const viaGet = fakeFetch((c) =>
      c.method === "HEAD" ? new Response(null, { status: 405 }) : registryError(403, "DENIED"),
    );
    expect(await checkImage("reg.example/a:1", { fetch: viaGet.fetch })).toMatchObject({
      status: "unauthorized",
      code: "DENIED",
      detail: "HTTP 403 DENIED (GET)",
    });
    const deniedAs404 = fakeFetch((c) => registryError(404, "DENIED", c.method));
    expect(await checkImage("reg.example/a:1", { fetch: deniedAs404.fetch })).toMatchObject({
      status: "unauthorized",
      code: "DENIED",
    });
  });

  it("reports other statuses as error, 429 with its own hint, HTML pages as not a registry", async () => {
    const busy = fakeFetch(() => new Response(null, { status: 503 }));
    expect(await checkImage("reg.example/a:1", { fetch: busy.fetch })).toMatchObject({
      status: "error",
      httpStatus: 503,
      detail: "HTTP 503",
    });
    const limited = await checkImage("nginx", {
      fetch: fakeFetch(() => new Response(null, { status: 429 })).fetch,
    });
    expect(explainResult(limited).hint?.key).toBe("registry.fix.rateLimited");
    const portal = fakeFetch(
      () => new Response("<html>login</html>", { headers: { "Content-Type": "text/html" } }),
    );
    expect(await checkImage("reg.example/a:1", { fetch: portal.fetch })).toMatchObject({ status: "error" });
  });

  it.each([
    [
      socketError("ECONNREFUSED", { address: "127.0.0.1", port: 5000 }),
      "unreachable",
      "ECONNREFUSED 127.0.0.1:5000",
    ],
    [
      socketError("ENOTFOUND", { hostname: "reg.example" }),
      "unreachable",
      "ENOTFOUND no such host reg.example",
    ],
    [
      socketError("EAI_AGAIN", { hostname: "reg.example" }),
      "unreachable",
      "EAI_AGAIN no such host reg.example",
    ],
    [socketError("ECONNRESET"), "unreachable", "ECONNRESET"],
    [socketError("UND_ERR_CONNECT_TIMEOUT"), "unreachable", "UND_ERR_CONNECT_TIMEOUT"],
    [
      // happy eyeballs: AggregateError carrying the code and one error per address
      new TypeError("fetch failed", {
        cause: Object.assign(
          new AggregateError([
            Object.assign(new Error("x"), { code: "ECONNREFUSED", address: "::1", port: 5000 }),
          ]),
          { code: "ECONNREFUSED" },
        ),
      }),
      "unreachable",
      "ECONNREFUSED [::1]:5000",
    ],
    [socketError("CERT_HAS_EXPIRED"), "tls", "CERT_HAS_EXPIRED"],
    [socketError("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "tls", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
    [socketError("DEPTH_ZERO_SELF_SIGNED_CERT"), "tls", "DEPTH_ZERO_SELF_SIGNED_CERT"],
    [socketError("SELF_SIGNED_CERT_IN_CHAIN"), "tls", "SELF_SIGNED_CERT_IN_CHAIN"],
    [socketError("ERR_TLS_CERT_ALTNAME_INVALID"), "tls", "ERR_TLS_CERT_ALTNAME_INVALID"],
    [socketError("ERR_SSL_WRONG_VERSION_NUMBER"), "tls", "ERR_SSL_WRONG_VERSION_NUMBER"],
    [socketError("EWEIRD"), "error", "EWEIRD"],
    [new TypeError("fetch failed"), "error", "TypeError: fetch failed"],
  ])("classifies a thrown %s", async (err, status, detail) => {
    const { fetch } = fakeFetch(() => {
      throw err;
    });
    const r = await checkImage("reg.example/a:1", { fetch });
    expect(r).toMatchObject({ status, detail });
  });

  it("reports a token endpoint that cannot be reached", async () => {
    const { fetch } = fakeFetch((c) => {
      if (c.url.startsWith("https://auth.example/")) throw socketError("ECONNREFUSED");
      return new Response(null, {
        status: 401,
        headers: { "WWW-Authenticate": 'Bearer realm="https://auth.example/t"' },
      });
    });
    expect(await checkImage("reg.example/a:1", { fetch })).toMatchObject({
      status: "unreachable",
      detail: "token endpoint auth.example: ECONNREFUSED",
    });
  });

  /** Never answers; rejects like undici when the request's signal aborts. */
  const hang: FetchLike = (_url, init) =>
    new Promise((_resolve, reject) => {
      const signal = init.signal as AbortSignal;
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });

  it("times out each request through its AbortSignal", async () => {
    const r = await checkImage("reg.example/a:1", { fetch: hang, timeoutMs: 30 });
    expect(r).toMatchObject({ status: "unreachable", code: "TIMEOUT", detail: "timeout after 30 ms" });
    expect(r.latencyMs).toBeGreaterThanOrEqual(20);
  });

  it("rejects when the caller cancels", async () => {
    const ac = new AbortController();
    const p = checkImage("reg.example/a:1", { fetch: hang, signal: ac.signal, timeoutMs: 5_000 });
    ac.abort(new Error("cancelled"));
    await expect(p).rejects.toThrow("cancelled");
  });
});

describe("checkImages and pickMirror", () => {
  it("bounds concurrency and keeps input order", async () => {
    let inFlight = 0;
    let peak = 0;
    const { fetch } = fakeFetch(async (c) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, Math.random() * 15));
      inFlight--;
      return c.url.includes("/missing")
        ? registryError(404, "MANIFEST_UNKNOWN", c.method)
        : manifestOk(c.method);
    });
    const refs = Array.from({ length: 12 }, (_, i) => `reg.example/${i % 3 === 0 ? "missing" : "img"}${i}:1`);
    const results = await checkImages(refs, { fetch, concurrency: 3 });
    expect(results.map((r) => r.ref)).toEqual(refs);
    expect(results.map((r) => r.status)).toEqual(
      refs.map((r) => (r.includes("missing") ? "tag-missing" : "ok")),
    );
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it("refuses bad references before any request", async () => {
    const { fetch, calls } = fakeFetch((c) => manifestOk(c.method));
    await expect(checkImages(["nginx", "Bad/Ref:x"], { fetch })).rejects.toBeInstanceOf(
      InvalidReferenceError,
    );
    expect(calls).toHaveLength(0);
  });

  it("picks the first candidate that has every image", async () => {
    const have: Record<string, string[]> = {
      "quay.m.daocloud.io": ["calico/node:v3.32.1"],
      "harbor.local": ["quay.io/calico/node:v3.32.1", "quay.io/calico/cni:v3.32.1"],
    };
    const { fetch } = fakeFetch((c) => {
      const m = /^https:\/\/([^/]+)\/v2\/(.+)\/manifests\/(.+)$/.exec(c.url);
      const found = m && have[m[1] ?? ""]?.includes(`${m[2]}:${m[3]}`);
      return found ? manifestOk(c.method) : registryError(404, "MANIFEST_UNKNOWN", c.method);
    });
    const opts: CheckOptions = { fetch };
    const refs = ["quay.io/calico/node:v3.32.1", "quay.io/calico/cni:v3.32.1"];
    const pick = await pickMirror(refs, ["quay.m.daocloud.io", "harbor.local/quay.io", ""], opts);
    expect(pick.chosen).toBe("harbor.local/quay.io");
    expect(pick.candidates.map((c) => [c.candidate, c.ok, c.results.map((r) => r.status)])).toEqual([
      ["quay.m.daocloud.io", false, ["ok", "tag-missing"]],
      ["harbor.local/quay.io", true, ["ok", "ok"]],
      ["", false, ["tag-missing", "tag-missing"]],
    ]);
    expect(pick.candidates[1]?.results.map((r) => r.ref)).toEqual([
      "harbor.local/quay.io/calico/node:v3.32.1",
      "harbor.local/quay.io/calico/cni:v3.32.1",
    ]);
    expect((await pickMirror(refs, ["quay.m.daocloud.io"], opts)).chosen).toBeUndefined();
  });
});

describe("registry messages", () => {
  it("explain every status in both languages, with the mirror hint for a lagging mirror", async () => {
    const base = {
      ref: "m.example/a:1",
      registry: "m.example",
      latencyMs: 1,
      detail: "HTTP 404 MANIFEST_UNKNOWN",
    };
    const missing = explainResult({ ...base, status: "tag-missing" }, true);
    expect(render("en", missing.msg)).toBe(
      "m.example/a:1 does not exist on m.example (HTTP 404 MANIFEST_UNKNOWN).",
    );
    expect(missing.hint && render("en", missing.hint)).toContain("has not synced this tag yet");
    expect(missing.hint && render("zh", missing.hint)).toContain("镜像站尚未同步此标签");
    for (const status of ["ok", "tag-missing", "unauthorized", "unreachable", "tls", "error"] as const) {
      const e = explainResult({ ...base, status });
      for (const lang of ["en", "zh"] as const) {
        expect(render(lang, e.msg)).toContain("m.example");
        if (e.hint) expect(render(lang, e.hint)).not.toBe("");
      }
      expect(MESSAGE_KEYS).toContain(`registry.status.${status}`);
    }
    const bad = parseReference("Nginx");
    if (bad.ok) throw new Error("expected a refusal");
    const ex = explainInvalidReference(new InvalidReferenceError("Nginx", bad.problem));
    expect(render("en", ex.msg)).toContain('"Nginx"');
    expect(render("zh", ex.hint)).toBe("仓库名称必须为小写");
  });
});
