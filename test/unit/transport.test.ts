/**
 * The one transport taxonomy (src/diagnose/transport.ts): the kube client and `images check` read a
 * thrown network error the same way, by its code; pulls are classified by one text classifier.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findCniRelease } from "../../src/cni/catalog.js";
import { obtainManifest } from "../../src/cni/source.js";
import { classifyNetError, classifyPullText, netCausePhrase } from "../../src/diagnose/transport.js";
import { localFiles } from "../../src/host/files.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { probeTcp } from "../../src/host/probe-socket.js";
import { readFailureReason } from "../../src/host/user-input.js";
import { classifyError } from "../../src/images/registry-check.js";
import { KubeconfigInvalid, kubeErrorFromTransport } from "../../src/kube/client.js";
import { classifyConnectError } from "../../src/ssh/transport.js";

const coded = (code: string, message: string) =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
const ctx = { server: "https://127.0.0.1:6443", what: "get Node x" };

describe("network errors: one taxonomy, by code", () => {
  it("CERT_HAS_EXPIRED is tls-expired in both clients", () => {
    const err = coded("CERT_HAS_EXPIRED", "certificate has expired");
    expect(classifyNetError(err).kind).toBe("tls-expired");
    expect(kubeErrorFromTransport(err, ctx).message).toContain("has expired");
    expect(classifyError(err, 1000)).toMatchObject({ status: "tls", code: "CERT_HAS_EXPIRED" });
  });
  it("the word 'expired' in another error's message does not make it expired", () => {
    const err = coded(
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      "unable to verify the first certificate (token expired?)",
    );
    expect(classifyNetError(err).kind).toBe("tls-untrusted");
    expect(kubeErrorFromTransport(err, ctx).message).not.toContain("has expired");
    expect(kubeErrorFromTransport(err, ctx).message).toContain("unknown authority");
    const proto = coded("EPROTO", "tlsv1 alert: session ticket expired");
    expect(kubeErrorFromTransport(proto, ctx).message).not.toContain("has expired");
    expect(kubeErrorFromTransport(proto, ctx).message).toContain("TLS with");
    const refused = coded("ECONNREFUSED", "session expired");
    expect(classifyNetError(refused).kind).toBe("unreachable");
    expect(kubeErrorFromTransport(refused, ctx).reason).toBe("unreachable");
  });
  it("the same unreachable codes for both (EHOSTDOWN, UND_ERR_HEADERS_TIMEOUT were only in one list)", () => {
    for (const code of ["EHOSTDOWN", "UND_ERR_HEADERS_TIMEOUT", "ECONNRESET", "ENOTFOUND"]) {
      const err = coded(code, "x");
      expect(kubeErrorFromTransport(err, ctx).reason).toBe("unreachable");
      expect(classifyError(err, 1000).status).toBe("unreachable");
    }
  });
});

describe("pull error text: one classifier for ctr and the kubelet", () => {
  it.each([
    ["dial tcp 54.85.133.123:443: i/o timeout", "unreachable"],
    ["net/http: TLS handshake timeout", "unreachable"],
    ["rpc error: code = NotFound desc = x: not found", "not-found"],
    ["pull access denied, repository does not exist or may require authorization", "unauthorized"],
    ["x509: certificate signed by unknown authority", "tls"],
    ['failed to dial "/run/containerd/containerd.sock": context deadline exceeded', undefined],
    ['Back-off pulling image "x"', undefined],
  ])("%s -> %s", (text, cls) => expect(classifyPullText(text)).toBe(cls));
});

describe("network errors: every caller uses the one classifier", () => {
  const socket = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:6443`), { code });

  it("gives the finer cause by code", () => {
    const causes = Object.fromEntries(
      ["ECONNREFUSED", "EAI_FAIL", "EHOSTDOWN", "ENETDOWN", "ETIMEDOUT", "ECONNRESET", "UND_ERR_SOCKET"].map(
        (c) => [c, classifyNetError(coded(c, "x")).cause],
      ),
    );
    expect(causes).toEqual({
      ECONNREFUSED: "refused",
      EAI_FAIL: "dns",
      EHOSTDOWN: "no-route",
      ENETDOWN: "no-route",
      ETIMEDOUT: "timeout",
      ECONNRESET: "reset",
      UND_ERR_SOCKET: "reset",
    });
    expect(classifyNetError(new DOMException("t", "TimeoutError")).cause).toBe("timeout");
    expect(classifyNetError(coded("CERT_HAS_EXPIRED", "x")).cause).toBe("tls-expired");
    expect(classifyNetError(new Error("HTTP 404")).cause).toBe("other");
  });

  it("SSH connect errors: the same causes, authentication a layer on top", () => {
    const ssh = (code: string) => classifyConnectError(socket(code));
    expect(["ECONNREFUSED", "ETIMEDOUT", "EHOSTDOWN", "ENETDOWN", "EAI_FAIL", "ENOTFOUND"].map(ssh)).toEqual([
      "refused",
      "timeout",
      "unreachable",
      "unreachable",
      "unreachable",
      "unreachable",
    ]);
    expect(
      classifyConnectError({
        level: "client-authentication",
        message: "All configured authentication methods failed",
      }),
    ).toBe("auth");
  });

  it("the kube client and CNI downloads name a cause in the same words", async () => {
    const words = {
      EHOSTDOWN: "no route to host",
      ENETDOWN: "no route to host",
      EAI_FAIL: "host name not found",
      ECONNRESET: "connection reset",
      ECONNREFUSED: "connection refused",
      ETIMEDOUT: "connection timed out",
    };
    const root = mkdtempSync(join(tmpdir(), "kadm-net-"));
    const release = findCniRelease("flannel", "v0.28.9");
    for (const [code, phrase] of Object.entries(words)) {
      expect(kubeErrorFromTransport(coded(code, "x"), ctx).message).toContain(`(${phrase})`);
      const r = await obtainManifest({
        release,
        urls: ["http://127.0.0.1:1/x"],
        hostFs: rootedHostFs({ root }),
        files: localFiles,
        fetcher: async () => {
          throw coded(code, "x");
        },
      });
      expect(!r.ok && r.failure.attempts.map((a) => a.detail)).toEqual([phrase]);
    }
    expect(netCausePhrase(classifyNetError(new DOMException("t", "TimeoutError")), 1500)).toBe(
      "no answer within 1.5 s",
    );
  });

  it("probeTcp: a closed port on 127.0.0.1 is refused", async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    expect(await probeTcp("127.0.0.1", port)).toEqual({ ok: false, reason: "refused", code: "ECONNREFUSED" });
  });
});

describe("file errors: one errno -> reason wording", () => {
  it("a directory named as a file reads the same for a spec file, a CNI manifest and a kubeconfig", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadm-errno-"));
    const err = await localFiles.readText(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(readFailureReason("en", err)).toBe("it is a directory");
    const r = await obtainManifest({
      release: undefined,
      urls: [],
      user: dir,
      hostFs: rootedHostFs({ root: dir }),
      files: localFiles,
      fetcher: async () => new Uint8Array(),
    });
    expect(!r.ok && r.failure.params).toMatchObject({ reason: "it is a directory" });
    const kube = new KubeconfigInvalid({ file: dir, problem: "unreadable", error: err });
    expect(kube.message).toBe(`cannot load kubeconfig ${dir}: it is a directory`);
    expect(readFailureReason("zh", err)).toBe("它是一个目录");
  });
});
