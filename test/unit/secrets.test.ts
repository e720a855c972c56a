import { describe, expect, it } from "vitest";
import {
  cryptoRandom,
  generateBootstrapToken,
  generateCertificateKey,
  redactSecrets,
  withSecrets,
} from "../../src/kubeadm/secrets.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import { DOC_EXAMPLE_TOKEN, TOKEN_RE } from "../../src/validate/names.js";

describe("secrets", () => {
  it("tokens match kubeadm's format, come from crypto and differ every time", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateBootstrapToken()));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(t).toMatch(TOKEN_RE);
      expect(t).not.toBe(DOC_EXAMPLE_TOKEN);
    }
  });

  it("uses every character of the alphabet (no modulo bias collapsing it)", () => {
    const seen = new Set([
      ...Array.from({ length: 400 }, () => generateBootstrapToken())
        .join("")
        .replace(".", ""),
    ]);
    expect(seen.size).toBe(36 + 1); // 36 letters and digits, plus the dot
  });

  it("certificate keys are 32 random bytes in hex", () => {
    const a = generateCertificateKey(cryptoRandom);
    expect(a).toMatch(/^[a-f0-9]{64}$/);
    expect(generateCertificateKey()).not.toBe(a);
  });

  it("fills only what the user did not give; a certificate key only for a shared endpoint", () => {
    const base = resolveSpec([{ source: "default", values: BUILTIN_DEFAULTS }], "t", "init").spec;
    const single = withSecrets(base);
    expect(single.bootstrapToken.token).toMatch(TOKEN_RE);
    expect(single.certificateKey).toBeUndefined();
    const ha = withSecrets({ ...base, controlPlane: { ...base.controlPlane, endpoint: "lb.example:6443" } });
    expect(ha.certificateKey).toMatch(/^[a-f0-9]{64}$/);
    const given = withSecrets({ ...base, bootstrapToken: { token: "k8swiz.0123456789abcdef", ttl: "2h" } });
    expect(given.bootstrapToken.token).toBe("k8swiz.0123456789abcdef");
  });

  it("redacts tokens and keys but keeps CA hashes, which are public", () => {
    const key = "ab".repeat(32);
    const hash = `sha256:${"cd".repeat(32)}`;
    const text = `kubeadm join 10.0.0.1:6443 --token k8swiz.0123456789abcdef --discovery-token-ca-cert-hash ${hash} --certificate-key ${key}`;
    const out = redactSecrets(text);
    expect(out).not.toContain("0123456789abcdef");
    expect(out).toContain("k8swiz.****************");
    expect(out).not.toContain(key);
    expect(out).toContain(hash);
  });

  it("masks secrets standing alone, not labels of longer names that merely look like them", () => {
    const key = "ab".repeat(32);
    const label = "a".repeat(64);
    expect(redactSecrets(`--token k8swiz.0123456789abcdef --certificate-key ${key}`)).toBe(
      "--token k8swiz.**************** --certificate-key <redacted>",
    );
    expect(redactSecrets(`token: "abcdef.0123456789abcdef".`)).toBe(`token: "abcdef.****************".`);
    expect(redactSecrets(`certificate key: ${key}.`)).toBe("certificate key: <redacted>.");
    expect(redactSecrets(`--certificate-key=${key}\n`)).toBe("--certificate-key=<redacted>\n");
    expect(redactSecrets(`node name "${label}.example"`)).toBe(`node name "${label}.example"`);
    expect(redactSecrets(`node name "n1.${label}"`)).toBe(`node name "n1.${label}"`);
    expect(redactSecrets(`host worker.examplecompany12.internal`)).toBe(
      "host worker.examplecompany12.internal",
    );
    expect(redactSecrets(`x-${key}`)).toBe(`x-${key}`);
    expect(redactSecrets(`sha256:${key}`)).toBe(`sha256:${key}`);
  });
});
