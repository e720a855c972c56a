import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  caCertHash,
  checkClusterInfo,
  clusterSettings,
  detachedJws,
  verifyDetachedJws,
} from "../../src/kube/join-discovery.js";
import { makePki } from "../fakes/pki.js";
import { requireTool, skipTitle } from "../support/requires.js";

describe("detached JWS (k8s bootstrap ComputeDetachedSignature)", () => {
  it("matches an independently computed HS256 signature (Python hmac/base64)", () => {
    expect(detachedJws("apiVersion: v1\nkind: Config\n", "abcdef", "0123456789abcdef")).toBe(
      "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..vH_kT4yiol-nrAWgjfCYqvum5wsKETXe0S7OOp1VgnE",
    );
  });
  it("verifies only the right secret and content", () => {
    const jws = detachedJws("content", "abcdef", "0123456789abcdef");
    expect(verifyDetachedJws(jws, "content", "0123456789abcdef")).toBe(true);
    expect(verifyDetachedJws(jws, "content", "0123456789abcdeg")).toBe(false);
    expect(verifyDetachedJws(jws, "other", "0123456789abcdef")).toBe(false);
    expect(verifyDetachedJws("not a jws", "content", "0123456789abcdef")).toBe(false);
  });
});

const NO_OPENSSL = requireTool("openssl");
describe.skipIf(NO_OPENSSL)(skipTitle("checkClusterInfo", NO_OPENSSL), () => {
  let dir: string;
  let pki: ReturnType<typeof makePki>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kadm-disc-"));
    pki = makePki(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const TOKEN = "abcdef.0123456789abcdef";
  const data = (ca: string, signWith = TOKEN) => {
    const kubeconfig = yaml.dump({
      clusters: [
        {
          cluster: {
            server: "https://10.0.0.1:6443",
            "certificate-authority-data": Buffer.from(ca).toString("base64"),
          },
        },
      ],
    });
    const [id, secret] = signWith.split(".") as [string, string];
    return { kubeconfig, [`jws-kubeconfig-${id}`]: detachedJws(kubeconfig, id, secret) };
  };

  it("accepts a signed cluster-info whose CA is pinned", () => {
    const hash = caCertHash(pki.ca);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const r = checkClusterInfo(data(pki.ca), TOKEN, [
      "sha256:0000",
      hash.toUpperCase().replace("SHA256", "sha256"),
    ]);
    expect(r).toMatchObject({ ok: true, info: { server: "https://10.0.0.1:6443", caHash: hash } });
  });
  it("names each problem", () => {
    const hash = caCertHash(pki.ca);
    expect(checkClusterInfo(undefined, TOKEN, [hash])).toEqual({
      ok: false,
      problem: { code: "noKubeconfig" },
    });
    expect(checkClusterInfo(data(pki.ca, "zzzzzz.0123456789abcdef"), TOKEN, [hash])).toEqual({
      ok: false,
      problem: { code: "tokenUnknown", tokenId: "abcdef" },
    });
    expect(checkClusterInfo(data(pki.ca, "abcdef.ffffffffffffffff"), TOKEN, [hash])).toEqual({
      ok: false,
      problem: { code: "tokenSecret", tokenId: "abcdef" },
    });
    expect(checkClusterInfo(data(pki.otherCa), TOKEN, [hash])).toEqual({
      ok: false,
      problem: { code: "caMismatch", actual: caCertHash(pki.otherCa) },
    });
    expect(checkClusterInfo(data("not a certificate"), TOKEN, [hash])).toEqual({
      ok: false,
      problem: { code: "noCa" },
    });
  });
});

describe("clusterSettings", () => {
  it("reads version, repository and pod subnet from kubeadm-config", () => {
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kubeadm-config" },
      data: {
        ClusterConfiguration:
          "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.33.2\nimageRepository: registry.aliyuncs.com/google_containers\nnetworking:\n  podSubnet: 10.244.0.0/16\n",
      },
    };
    expect(clusterSettings(cm)).toEqual({
      kubernetesVersion: "v1.33.2",
      imageRepository: "registry.aliyuncs.com/google_containers",
      podSubnet: "10.244.0.0/16",
    });
    expect(clusterSettings({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } })).toEqual({});
  });
});
