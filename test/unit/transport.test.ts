/**
 * The one transport taxonomy (src/diagnose/transport.ts): the kube client and `images check` read a
 * thrown network error the same way, by its code; pulls are classified by one text classifier.
 */
import { describe, expect, it } from "vitest";
import { classifyNetError, classifyPullText } from "../../src/diagnose/transport.js";
import { classifyError } from "../../src/images/registry-check.js";
import { kubeErrorFromTransport } from "../../src/kube/client.js";

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
