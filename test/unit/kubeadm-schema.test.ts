import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { initDocuments, joinDocuments, type KubeDocument } from "../../src/kubeadm/documents.js";
import { renderDocuments } from "../../src/kubeadm/render.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import type { SpecValues } from "../../src/spec/fields.js";
import { parseProfile } from "../../src/spec/profile.js";
import { type Layer, resolveSpec } from "../../src/spec/resolve.js";
import type { ClusterSpec } from "../../src/spec/types.js";
import { decodeMultiDoc, knownKinds, strictDecode } from "../fakes/kubeadm-schema.js";

const V3 = "kubeadm.k8s.io/v1beta3";
const V4 = "kubeadm.k8s.io/v1beta4";
const APIS = [V3, V4] as const;
const TOKEN = "abcdef.1234567890abcdef";
const CA_HASH = `sha256:${"ab".repeat(32)}`;
const CERT_KEY = "0123456789abcdef".repeat(4);

/** Minimal documents of each kubeadm kind that are valid in both API versions. */
function minimal(api: string) {
  return {
    init: {
      apiVersion: api,
      kind: "InitConfiguration",
      bootstrapTokens: [{ token: TOKEN, ttl: "24h0m0s", usages: ["signing", "authentication"] }],
      localAPIEndpoint: { advertiseAddress: "192.0.2.10", bindPort: 6443 },
      nodeRegistration: { criSocket: "unix:///var/run/containerd/containerd.sock", taints: [] },
    },
    cluster: {
      apiVersion: api,
      kind: "ClusterConfiguration",
      kubernetesVersion: "v1.30.4",
      networking: { podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12", dnsDomain: "cluster.local" },
      etcd: { local: { dataDir: "/var/lib/etcd" } },
    },
    join: {
      apiVersion: api,
      kind: "JoinConfiguration",
      discovery: {
        bootstrapToken: { apiServerEndpoint: "192.0.2.10:6443", token: TOKEN, caCertHashes: [CA_HASH] },
      },
      nodeRegistration: { name: "worker-1" },
    },
  };
}

describe("kubeadm strict decoder fake", () => {
  it("knows the kubeadm, kubelet and kube-proxy kinds", () => {
    const names = knownKinds.map((k) => `${k.apiVersion}/${k.kind}`);
    for (const api of APIS) {
      for (const kind of ["InitConfiguration", "ClusterConfiguration", "JoinConfiguration"]) {
        expect(names).toContain(`${api}/${kind}`);
      }
    }
    expect(names).toContain(`${V4}/ResetConfiguration`);
    expect(names).not.toContain(`${V3}/ResetConfiguration`);
    expect(names).toContain("kubelet.config.k8s.io/v1beta1/KubeletConfiguration");
    expect(names).toContain("kubeproxy.config.k8s.io/v1alpha1/KubeProxyConfiguration");
  });

  for (const api of APIS) {
    it(`accepts minimal ${api} Init/Cluster/Join documents`, () => {
      const m = minimal(api);
      expect(strictDecode(m.init)).toEqual([]);
      expect(strictDecode(m.cluster)).toEqual([]);
      expect(strictDecode(m.join)).toEqual([]);
    });

    it(`accepts a ${api} control-plane JoinConfiguration with certificateKey and caCertHashes`, () => {
      const doc = {
        ...minimal(api).join,
        controlPlane: {
          localAPIEndpoint: { advertiseAddress: "192.0.2.11", bindPort: 6443 },
          certificateKey: CERT_KEY,
        },
      };
      expect(strictDecode(doc)).toEqual([]);
    });

    it(`reports a typo with its full path (${api})`, () => {
      const m = minimal(api);
      expect(
        strictDecode({ ...m.init, nodeRegistration: { criSoket: "unix:///run/containerd.sock" } }),
      ).toEqual(['strict decoding error: unknown field "nodeRegistration.criSoket"']);
      expect(strictDecode({ ...m.init, bootstrapTokens: [{ token: TOKEN, tll: "1h" }] })).toEqual([
        'strict decoding error: unknown field "bootstrapTokens[0].tll"',
      ]);
      expect(strictDecode({ ...m.cluster, networking: { podSubnets: "10.244.0.0/16" } })).toEqual([
        'strict decoding error: unknown field "networking.podSubnets"',
      ]);
      // Go field matching in sigs.k8s.io/json is case-sensitive.
      expect(strictDecode({ ...m.init, localAPIEndpoint: { BindPort: 6443 } })).toEqual([
        'strict decoding error: unknown field "localAPIEndpoint.BindPort"',
      ]);
    });

    it(`checks value shapes (${api})`, () => {
      const m = minimal(api);
      expect(strictDecode({ ...m.init, localAPIEndpoint: { bindPort: "6443" } })).toEqual([
        "json: cannot unmarshal string into Go struct field APIEndpoint.localAPIEndpoint.bindPort of type int32",
      ]);
      expect(strictDecode({ ...m.init, localAPIEndpoint: { bindPort: 64.5 } })[0]).toContain("number 64.5");
      expect(strictDecode({ ...m.init, bootstrapTokens: [{ token: TOKEN, ttl: "1 day" }] })[0]).toBe(
        'time: invalid duration "1 day" (field "bootstrapTokens[0].ttl")',
      );
      expect(strictDecode({ ...m.init, bootstrapTokens: [{ token: "not-a-token" }] })[0]).toContain(
        'the bootstrap token "not-a-token" was not of the form',
      );
      expect(strictDecode({ ...m.cluster, kubernetesVersion: 1.3 })).toEqual([
        "json: cannot unmarshal number into Go struct field ClusterConfiguration.kubernetesVersion of type string",
      ]);
      expect(
        strictDecode({
          ...m.init,
          nodeRegistration: { taints: [{ key: "a", effect: "NoSchedule", color: 1 }] },
        }),
      ).toEqual(['strict decoding error: unknown field "nodeRegistration.taints[0].color"']);
      // null is Go's zero value and always decodes.
      expect(strictDecode({ ...m.init, nodeRegistration: { taints: null, kubeletExtraArgs: null } })).toEqual(
        [],
      );
    });
  }

  it("rejects map-style kubeletExtraArgs in v1beta4 and list-style in v1beta3", () => {
    const v4 = { ...minimal(V4).init, nodeRegistration: { kubeletExtraArgs: { "node-ip": "192.0.2.10" } } };
    expect(strictDecode(v4)).toEqual([
      "json: cannot unmarshal object into Go struct field NodeRegistrationOptions.nodeRegistration.kubeletExtraArgs of type []v1beta4.Arg",
    ]);
    const v4ok = {
      ...v4,
      nodeRegistration: { kubeletExtraArgs: [{ name: "node-ip", value: "192.0.2.10" }] },
    };
    expect(strictDecode(v4ok)).toEqual([]);

    const v3 = {
      ...minimal(V3).init,
      nodeRegistration: { kubeletExtraArgs: [{ name: "node-ip", value: "192.0.2.10" }] },
    };
    expect(strictDecode(v3)).toEqual([
      "json: cannot unmarshal array into Go struct field NodeRegistrationOptions.nodeRegistration.kubeletExtraArgs of type map[string]string",
    ]);
    const v4cluster = { ...minimal(V4).cluster, apiServer: { extraArgs: { "audit-log-maxage": "30" } } };
    expect(strictDecode(v4cluster)[0]).toContain("APIServer.apiServer.extraArgs of type []v1beta4.Arg");
  });

  it("rejects v1beta4-only fields in v1beta3", () => {
    const m = minimal(V3);
    expect(strictDecode({ ...m.init, timeouts: { controlPlaneComponentHealthCheck: "4m0s" } })).toEqual([
      'strict decoding error: unknown field "timeouts"',
    ]);
    expect(strictDecode({ ...m.init, nodeRegistration: { imagePullSerial: true } })).toEqual([
      'strict decoding error: unknown field "nodeRegistration.imagePullSerial"',
    ]);
    expect(strictDecode({ ...m.cluster, encryptionAlgorithm: "ECDSA-P256" })).toEqual([
      'strict decoding error: unknown field "encryptionAlgorithm"',
    ]);
    expect(strictDecode({ ...m.join, dryRun: true })).toEqual([
      'strict decoding error: unknown field "dryRun"',
    ]);
  });

  it("rejects v1beta3-only fields in v1beta4", () => {
    const m = minimal(V4);
    expect(
      strictDecode({ ...m.cluster, apiServer: { certSANs: ["10.0.0.1"], timeoutForControlPlane: "4m0s" } }),
    ).toEqual(['strict decoding error: unknown field "apiServer.timeoutForControlPlane"']);
    expect(strictDecode({ ...m.join, discovery: { ...m.join.discovery, timeout: "5m0s" } })).toEqual([
      'strict decoding error: unknown field "discovery.timeout"',
    ]);
    // ...and both are fine where they belong.
    const m3 = minimal(V3);
    expect(strictDecode({ ...m3.cluster, apiServer: { timeoutForControlPlane: "4m0s" } })).toEqual([]);
    expect(strictDecode({ ...m3.join, discovery: { ...m3.join.discovery, timeout: "5m0s" } })).toEqual([]);
  });

  it("accepts the full v1beta4 timeouts object and rejects unknown timeout names", () => {
    const timeouts = {
      controlPlaneComponentHealthCheck: "4m0s",
      kubeletHealthCheck: "4m0s",
      kubernetesAPICall: "1m0s",
      etcdAPICall: "2m0s",
      tlsBootstrap: "5m0s",
      discovery: "5m0s",
      upgradeManifests: "5m0s",
    };
    expect(strictDecode({ ...minimal(V4).init, timeouts })).toEqual([]);
    expect(strictDecode({ ...minimal(V4).join, timeouts })).toEqual([]);
    expect(strictDecode({ ...minimal(V4).init, timeouts: { apiServerHealthCheck: "4m0s" } })).toEqual([
      'strict decoding error: unknown field "timeouts.apiServerHealthCheck"',
    ]);
    expect(strictDecode({ ...minimal(V4).init, timeouts: { kubeletHealthCheck: 240 } })[0]).toContain(
      'cannot unmarshal number into Go value of type string (field "timeouts.kubeletHealthCheck")',
    );
  });

  it("rejects unknown or incomplete apiVersion/kind", () => {
    expect(strictDecode({ apiVersion: "kubeadm.k8s.io/v1beta2", kind: "InitConfiguration" })).toEqual([
      'unknown configuration schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta2", Kind:"InitConfiguration"}',
    ]);
    expect(strictDecode({ apiVersion: V3, kind: "ResetConfiguration" })[0]).toMatch(/^unknown configuration/);
    expect(strictDecode({ apiVersion: V4, kind: "Initconfiguration" })[0]).toMatch(/^unknown configuration/);
    expect(strictDecode({ apiVersion: V4 })[0]).toContain("kind and apiVersion is mandatory");
    expect(strictDecode("kind: InitConfiguration")[0]).toContain("must be a mapping");
  });

  it("checks kubelet and kube-proxy top-level names, loosely below them", () => {
    const kubelet = { apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration" };
    expect(
      strictDecode({ ...kubelet, cgroupDriver: "systemd", authentication: { x509: { clientCAFile: "/x" } } }),
    ).toEqual([]);
    expect(strictDecode({ ...kubelet, cgroupDrivers: "systemd" })).toEqual([
      'strict decoding error: unknown field "cgroupDrivers"',
    ]);
    expect(strictDecode({ ...kubelet, cgroupDriver: true })[0]).toContain("cgroupDriver of type string");
    const proxy = { apiVersion: "kubeproxy.config.k8s.io/v1alpha1", kind: "KubeProxyConfiguration" };
    expect(strictDecode({ ...proxy, mode: "ipvs", ipvs: { strictARP: true } })).toEqual([]);
    expect(strictDecode({ ...proxy, proxyMode: "ipvs" })).toEqual([
      'strict decoding error: unknown field "proxyMode"',
    ]);
    expect(strictDecode({ ...proxy, mode: ["ipvs"] })[0]).toContain("of type v1alpha1.ProxyMode");
  });

  it("decodes multi-document YAML with kubeadm's error prefix", () => {
    const text = [
      `apiVersion: ${V4}`,
      "kind: ClusterConfiguration",
      "apiServer:",
      "  timeoutForControlPlane: 4m0s",
      "---",
      "",
      "---",
      "apiVersion: kubelet.config.k8s.io/v1beta1",
      "kind: KubeletConfiguration",
      "cgroupDriver: systemd",
    ].join("\n");
    expect(decodeMultiDoc(text)).toEqual([
      'error unmarshaling configuration schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta4", Kind:"ClusterConfiguration"}: strict decoding error: unknown field "apiServer.timeoutForControlPlane"',
    ]);
    const twice = `apiVersion: ${V4}\nkind: InitConfiguration\n---\napiVersion: ${V4}\nkind: InitConfiguration\n`;
    expect(decodeMultiDoc(twice)).toEqual([
      'invalid configuration: kind "InitConfiguration" is specified twice in YAML file',
    ]);
    expect(decodeMultiDoc("a: [")[0]).toMatch(/^error converting YAML to JSON/);
  });
});

// ---- the project's generator against the fake ---------------------------------------------------

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ALIYUN = parseProfile(
  readFileSync(join(ROOT, "profiles", "aliyun.yaml"), "utf8"),
  "builtin:aliyun",
  "aliyun",
).profile;

function buildSpec(version: string, mode: "init" | "join", extra: SpecValues): ClusterSpec {
  if (!ALIYUN) throw new Error("profiles/aliyun.yaml did not parse");
  const layers: Layer[] = [
    { source: "default", values: BUILTIN_DEFAULTS },
    { source: "profile", values: ALIYUN.values },
    {
      source: "flags",
      values: {
        kubernetesVersion: version,
        "controlPlane.advertiseAddress": "192.0.2.10",
        "bootstrapToken.token": TOKEN,
        ...extra,
      },
    },
  ];
  return resolveSpec(layers, "aliyun", mode).spec;
}

const VERSIONS = ["v1.22.0", "v1.30.4", "v1.31.0", "v1.33.2", "v1.36.3", "v1.37.1"];

const INIT_SCENARIOS: Record<string, SpecValues> = {
  single: {},
  "ha endpoint + certificateKey + certSANs": {
    "controlPlane.endpoint": "k8s-api.example.internal:6443",
    "controlPlane.certSANs": ["k8s-api.example.internal", "192.0.2.100"],
    certificateKey: CERT_KEY,
  },
  "external etcd": {
    "etcd.external.endpoints": ["https://192.0.2.21:2379", "https://192.0.2.22:2379"],
    "etcd.external.caFile": "/etc/kubernetes/pki/etcd/ca.crt",
    "etcd.external.certFile": "/etc/kubernetes/pki/apiserver-etcd-client.crt",
    "etcd.external.keyFile": "/etc/kubernetes/pki/apiserver-etcd-client.key",
  },
  "schedule on control plane + ipvs + node name": {
    "node.scheduleOnControlPlane": true,
    "node.name": "master-1",
    "kubeProxy.mode": "ipvs",
  },
  "dual-stack + cgroupfs": {
    "networking.podSubnet": "10.244.0.0/16,fd00:10:244::/56",
    "networking.serviceSubnet": "10.96.0.0/16,fd00:10:96::/112",
    "node.cgroupDriver": "cgroupfs",
  },
};

const JOIN_BASE: SpecValues = {
  "join.apiServerEndpoint": "192.0.2.10:6443",
  "join.token": TOKEN,
  "join.caCertHashes": [CA_HASH],
};

const JOIN_SCENARIOS: Record<string, SpecValues> = {
  worker: { ...JOIN_BASE, "node.name": "worker-1", "controlPlane.advertiseAddress": "192.0.2.12" },
  "control plane": {
    ...JOIN_BASE,
    "join.controlPlane": true,
    "join.certificateKey": CERT_KEY,
    "controlPlane.advertiseAddress": "192.0.2.11",
  },
  "control plane, schedulable": {
    ...JOIN_BASE,
    "join.controlPlane": true,
    "join.certificateKey": CERT_KEY,
    "node.scheduleOnControlPlane": true,
  },
};

function expectAccepted(docs: KubeDocument[], version: string) {
  const minor = Number(version.split(".")[1]);
  const api = minor >= 31 ? V4 : V3;
  for (const doc of docs) {
    if (doc.apiVersion.startsWith("kubeadm.k8s.io/")) expect(doc.apiVersion).toBe(api);
    expect(strictDecode(doc), `${doc.apiVersion} ${doc.kind}`).toEqual([]);
  }
  // The same documents after a YAML round trip (what kubeadm actually reads).
  expect(
    decodeMultiDoc(renderDocuments(docs, ["generated by kadm-wizard"]), { kubeadmVersion: version }),
  ).toEqual([]);
}

describe("kubeadm 1.37 removed v1beta3", () => {
  const v1beta3 =
    "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.4\n";
  it("a 1.36 kubeadm still decodes a v1beta3 file; 1.37 refuses it and names 1.36", () => {
    expect(decodeMultiDoc(v1beta3, { kubeadmVersion: "v1.36.3" })).toEqual([]);
    expect(decodeMultiDoc(v1beta3, { kubeadmVersion: "v1.37.1" })).toEqual([
      expect.stringContaining(
        'uses an old API spec: "kubeadm.k8s.io/v1beta3" (kind: "ClusterConfiguration"). Please use kubeadm v1.36 instead',
      ),
    ]);
  });
});

describe("generated documents decode strictly", () => {
  for (const version of VERSIONS) {
    describe(version, () => {
      for (const [name, extra] of Object.entries(INIT_SCENARIOS)) {
        it(`init: ${name}`, () => {
          const docs = initDocuments(buildSpec(version, "init", extra));
          expect(docs.map((d) => d.kind)).toEqual([
            "InitConfiguration",
            "ClusterConfiguration",
            "KubeletConfiguration",
            "KubeProxyConfiguration",
          ]);
          expectAccepted(docs, version);
        });
      }
      for (const [name, extra] of Object.entries(JOIN_SCENARIOS)) {
        it(`join: ${name}`, () => {
          const docs = joinDocuments(buildSpec(version, "join", extra));
          expect(docs.map((d) => d.kind)).toEqual(["JoinConfiguration"]);
          expectAccepted(docs, version);
        });
      }
    });
  }
});
