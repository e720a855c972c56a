/**
 * checkImage/pickMirror against a real registry (Debian's docker-registry, distribution 2.8) on
 * 127.0.0.1, plus a small token-auth front. Nothing here talks to any other address.
 */
import { execFileSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkImage, checkImages, pickMirror } from "../../src/images/registry-check.js";
import { itUnless, requireTool, skipTitle } from "../support/requires.js";
import { freePort, type Registry, startRegistry, tempDir } from "./harness.js";
import { seedImage } from "./registry-seed.js";

const NO_REGISTRY = requireTool("docker-registry");
// `test`: an `it` skipped, with the reason in its title, without openssl.
const test = itUnless(requireTool("openssl"));

describe.skipIf(NO_REGISTRY)(skipTitle("registry check against a real docker-registry", NO_REGISTRY), () => {
  let dir = "";
  let server: Registry | undefined;
  let base = "";
  let registry = "";
  const digests: Record<string, string> = {};
  const push = async (repository: string, tag: string, format: "docker" | "oci" = "docker") =>
    (await seedImage(base, repository, tag, { format })).manifestDigest;

  beforeAll(async () => {
    dir = tempDir("kadm-registry-");
    server = await startRegistry();
    registry = server.host;
    base = server.url;

    digests.pause = await push("google_containers/pause", "3.10", "docker");
    digests.apiserver = await push("google_containers/kube-apiserver", "v1.33.2", "oci");
    // A lagging mirror: pause synced, kube-apiserver only up to the previous patch.
    await push("lagging/pause", "3.10");
    await push("lagging/kube-apiserver", "v1.33.1");
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("finds present tags with their digests (docker v2 and OCI manifests)", async () => {
    const [pause, apiserver] = await checkImages([
      `${registry}/google_containers/pause:3.10`,
      `${registry}/google_containers/kube-apiserver:v1.33.2`,
    ]);
    expect(pause).toMatchObject({ status: "ok", registry, digest: digests.pause, httpStatus: 200 });
    expect(apiserver).toMatchObject({ status: "ok", digest: digests.apiserver });
    expect(await checkImage(`${registry}/google_containers/pause@${digests.pause}`)).toMatchObject({
      status: "ok",
      digest: digests.pause,
    });
  });

  it("reports a missing tag and a missing repository as tag-missing with the registry's code", async () => {
    const [tag, repo] = await checkImages([
      `${registry}/google_containers/kube-apiserver:v1.33.9`,
      `${registry}/google_containers/no-such-image:v1`,
    ]);
    expect(tag).toMatchObject({ status: "tag-missing", httpStatus: 404, code: "MANIFEST_UNKNOWN" });
    expect(tag?.detail).toBe("HTTP 404 MANIFEST_UNKNOWN (GET)");
    expect(repo).toMatchObject({ status: "tag-missing", httpStatus: 404 });
    expect(["NAME_UNKNOWN", "MANIFEST_UNKNOWN"]).toContain(repo?.code);
  });

  it("reports a closed port as unreachable", async () => {
    const port = await freePort();
    const r = await checkImage(`127.0.0.1:${port}/google_containers/pause:3.10`, { timeoutMs: 5_000 });
    expect(r).toMatchObject({ status: "unreachable", code: "ECONNREFUSED" });
    expect(r.detail).toContain("ECONNREFUSED");
  });

  it("reports HTTPS to a plain-HTTP registry as a TLS problem", async () => {
    const r = await checkImage(`${registry}/google_containers/pause:3.10`, { loopbackPlainHttp: false });
    expect(r.status).toBe("tls");
    expect(r.code).toMatch(/^(ERR_SSL_|EPROTO)/);
  });

  test("reports a self-signed certificate as a TLS problem", async () => {
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
        ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
      ],
      { stdio: "ignore" },
    );
    const tls = createHttpsServer(
      { key: await readFile(join(dir, "key.pem")), cert: await readFile(join(dir, "cert.pem")) },
      (_req, res) => res.end(),
    );
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    try {
      const port = (tls.address() as AddressInfo).port;
      const r = await checkImage(`127.0.0.1:${port}/google_containers/pause:3.10`, {
        loopbackPlainHttp: false,
      });
      expect(r).toMatchObject({ status: "tls", code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    } finally {
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });

  it("picks the second mirror when the first lacks one tag", async () => {
    const refs = ["registry.k8s.io/pause:3.10", "registry.k8s.io/kube-apiserver:v1.33.2"];
    const pick = await pickMirror(refs, [`${registry}/lagging`, `${registry}/google_containers`]);
    expect(pick.chosen).toBe(`${registry}/google_containers`);
    expect(pick.candidates.map((c) => c.results.map((r) => `${r.ref} ${r.status}`))).toEqual([
      [`${registry}/lagging/pause:3.10 ok`, `${registry}/lagging/kube-apiserver:v1.33.2 tag-missing`],
      [
        `${registry}/google_containers/pause:3.10 ok`,
        `${registry}/google_containers/kube-apiserver:v1.33.2 ok`,
      ],
    ]);
  });

  describe("behind a token-auth front", () => {
    let front: Server;
    let frontRegistry = "";
    let refuseTokens = false;
    const seen: string[] = [];

    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? "/", `http://${frontRegistry}`);
      seen.push(`${req.method} ${url.pathname}${url.search}${req.headers.authorization ? " (auth)" : ""}`);
      if (url.pathname === "/token") {
        const scope = url.searchParams.get("scope") ?? "";
        const ok =
          !refuseTokens &&
          url.searchParams.get("service") === "kadm-front" &&
          /^repository:.+:pull$/.test(scope);
        res.writeHead(ok ? 200 : 401, { "Content-Type": "application/json" });
        res.end(JSON.stringify(ok ? { token: `tok:${scope}` } : { errors: [{ code: "UNAUTHORIZED" }] }));
        return;
      }
      const repo = /^\/v2\/(.+)\/manifests\/[^/]+$/.exec(url.pathname)?.[1];
      if (!repo || req.headers.authorization !== `Bearer tok:repository:${repo}:pull`) {
        res.writeHead(401, {
          "Content-Type": "application/json",
          "WWW-Authenticate": `Bearer realm="http://${frontRegistry}/token",service="kadm-front",scope="repository:${repo}:pull"`,
        });
        res.end(req.method === "HEAD" ? undefined : JSON.stringify({ errors: [{ code: "UNAUTHORIZED" }] }));
        return;
      }
      // Authorised: proxy to the real registry.
      const up = await fetch(`${base}${url.pathname}`, {
        method: req.method ?? "GET",
        headers: { Accept: String(req.headers.accept ?? "") },
      });
      const headers: Record<string, string> = {};
      for (const h of ["content-type", "docker-content-digest", "content-length"]) {
        const v = up.headers.get(h);
        if (v !== null) headers[h] = v;
      }
      res.writeHead(up.status, headers);
      res.end(req.method === "HEAD" ? undefined : Buffer.from(await up.arrayBuffer()));
    };

    beforeAll(async () => {
      front = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          res.writeHead(502);
          res.end(String(err));
        });
      });
      await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
      frontRegistry = `127.0.0.1:${(front.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => front.close(() => resolve()));
    });

    it("is ok after the bearer handshake", async () => {
      refuseTokens = false;
      seen.length = 0;
      const r = await checkImage(`${frontRegistry}/google_containers/pause:3.10`);
      expect(r).toMatchObject({ status: "ok", digest: digests.pause, registry: frontRegistry });
      expect(seen).toEqual([
        "HEAD /v2/google_containers/pause/manifests/3.10",
        "GET /token?service=kadm-front&scope=repository%3Agoogle_containers%2Fpause%3Apull",
        "HEAD /v2/google_containers/pause/manifests/3.10 (auth)",
      ]);
    });

    it("still tells a missing tag from a refusal once authorised", async () => {
      refuseTokens = false;
      const r = await checkImage(`${frontRegistry}/google_containers/kube-apiserver:v1.33.9`);
      expect(r).toMatchObject({ status: "tag-missing", code: "MANIFEST_UNKNOWN" });
    });

    it("is unauthorized when the token endpoint refuses", async () => {
      refuseTokens = true;
      const r = await checkImage(`${frontRegistry}/google_containers/pause:3.10`);
      expect(r).toMatchObject({ status: "unauthorized", httpStatus: 401, code: "UNAUTHORIZED" });
      expect(r.detail).toBe(`token endpoint ${frontRegistry}: HTTP 401 UNAUTHORIZED`);
    });
  });
});
