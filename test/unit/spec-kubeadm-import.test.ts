import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importKubeadmConfig, importReport, isKubeadmConfig } from "../../src/spec/kubeadm-import.js";

const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/kubeadm-import", name), "utf8");
const imported = (text: string, mode: "init" | "join" = "init") => {
  const { result, problem } = importKubeadmConfig(text, mode);
  if (!result) throw new Error(JSON.stringify(problem));
  return result;
};

describe("importKubeadmConfig: kubeadm config print init-defaults", () => {
  it.each(["init-defaults-v1beta3.yaml", "init-defaults-v1beta4.yaml"])(
    "%s: takes the concrete values, leaves out the placeholders and the example token, ignores nothing",
    (name) => {
      const r = imported(fixture(name));
      const version = name.includes("v1beta3") ? "1.30.0" : "1.33.0";
      expect(r.values).toEqual({
        "bootstrapToken.ttl": "24h0m0s",
        "controlPlane.bindPort": 6443,
        "node.criSocket": "unix:///var/run/containerd/containerd.sock",
        kubernetesVersion: version,
        "networking.dnsDomain": "cluster.local",
        "networking.serviceSubnet": "10.96.0.0/12",
      });
      expect(r.placeholders).toEqual([
        "localAPIEndpoint.advertiseAddress 1.2.3.4",
        "nodeRegistration.name node",
      ]);
      expect(r.exampleToken).toBe(true);
      // kubeadm's default registry would override the profile's mirror: left to the profile.
      expect(r.defaultRegistry).toBe("registry.k8s.io");
      // Everything else init-defaults prints is kubeadm's own default: nothing lost, nothing to list.
      expect(r.ignored).toEqual([]);
    },
  );

  it("the report says what was taken and what was not, in English and Chinese", () => {
    const r = imported(fixture("init-defaults-v1beta4.yaml"));
    expect(importReport("en", "kubeadm.yaml", r)).toEqual([
      "took from kubeadm.yaml: bootstrapTokens.ttl, localAPIEndpoint.bindPort, nodeRegistration.criSocket, kubernetesVersion, networking.dnsDomain, networking.serviceSubnet.",
      "not taken from kubeadm.yaml: localAPIEndpoint.advertiseAddress 1.2.3.4, nodeRegistration.name node, placeholders of `kubeadm config print init-defaults` (give your own by flag or at the question).",
      "not taken from kubeadm.yaml: bootstrapTokens.token abcdef.0123456789abcdef, the example token of `kubeadm config print init-defaults`; init generates a fresh one.",
      "not taken from kubeadm.yaml: imageRepository registry.k8s.io is kubeadm's default, so the profile's registry is used (--image-repository to choose one).",
    ]);
    expect(importReport("zh", "kubeadm.yaml", r)[0]).toBe(
      "已从 kubeadm.yaml 读取：bootstrapTokens.ttl, localAPIEndpoint.bindPort, nodeRegistration.criSocket, kubernetesVersion, networking.dnsDomain, networking.serviceSubnet。",
    );
  });
});

describe("importKubeadmConfig: a hand-edited guide file", () => {
  it("takes address, name, Aliyun repository, pod subnet, SANs, cgroup driver and proxy mode", () => {
    const r = imported(fixture("guide.yaml"));
    expect(r.values).toMatchObject({
      "controlPlane.advertiseAddress": "192.168.10.11",
      "node.name": "master-1",
      imageRepository: "registry.aliyuncs.com/google_containers",
      kubernetesVersion: "1.33.2",
      "networking.podSubnet": "10.244.0.0/16",
      "controlPlane.certSANs": ["192.168.10.11", "k8s-api.internal"],
      "node.cgroupDriver": "systemd",
      "kubeProxy.mode": "ipvs",
    });
    expect(r.took).toContain("KubeletConfiguration.cgroupDriver");
    expect(r.took).toContain("KubeProxyConfiguration.mode");
    expect(r.placeholders).toEqual([]);
    expect(r.ignored).toEqual(["apiServer.extraArgs"]);
  });

  it("external etcd, a real token, the endpoint and taints: [] map to their fields", () => {
    const r = imported(`apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
- token: k8swiz.0123456789abcdef
  description: first
nodeRegistration:
  taints: []
  kubeletExtraArgs:
    node-ip: 192.168.10.11
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
controlPlaneEndpoint: k8s-api.internal:6443
etcd:
  external:
    endpoints: [https://10.0.0.5:2379]
    caFile: /etc/etcd/ca.crt
    certFile: /etc/etcd/client.crt
    keyFile: /etc/etcd/client.key
featureGates:
  EtcdLearnerMode: true
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
`);
    expect(r.values).toEqual({
      "bootstrapToken.token": "k8swiz.0123456789abcdef",
      "node.scheduleOnControlPlane": true,
      "controlPlane.endpoint": "k8s-api.internal:6443",
      "etcd.external.endpoints": ["https://10.0.0.5:2379"],
      "etcd.external.caFile": "/etc/etcd/ca.crt",
      "etcd.external.certFile": "/etc/etcd/client.crt",
      "etcd.external.keyFile": "/etc/etcd/client.key",
    });
    expect(r.ignored).toEqual([
      "bootstrapTokens.description",
      "nodeRegistration.kubeletExtraArgs.node-ip",
      "featureGates.EtcdLearnerMode",
      "JoinConfiguration",
    ]);
  });
});

describe("importKubeadmConfig: problems", () => {
  it("a YAML error names the line", () => {
    expect(
      importKubeadmConfig("apiVersion: kubeadm.k8s.io/v1beta4\nkind: [\n", "init").problem,
    ).toMatchObject({
      kind: "yaml",
      reason: expect.stringMatching(/\(3:1\)/),
    });
  });

  it("an old API, a file without kubeadm documents, a number where a string belongs", () => {
    expect(
      importKubeadmConfig("apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\n", "init").problem,
    ).toEqual({
      kind: "apiVersion",
      apiVersion: "kubeadm.k8s.io/v1beta2",
      supported: "kubeadm.k8s.io/v1beta3, kubeadm.k8s.io/v1beta4",
    });
    expect(importKubeadmConfig("networking:\n  podSubnet: 10.244.0.0/16\n", "init").problem).toEqual({
      kind: "notKubeadm",
    });
    expect(
      importKubeadmConfig(
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: 1.30\n",
        "init",
      ).problem,
    ).toEqual({
      kind: "badType",
      key: "kubernetesVersion",
      expected: "string",
      got: { kind: "number", value: "1.3" },
    });
  });

  it("each value is typed by its field's kind; kubeadm's lists take no comma shorthand", () => {
    const problem = (doc: string) => importKubeadmConfig(doc, "init").problem;
    expect(
      problem(
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  certSANs: a.example,b.example\n",
      ),
    ).toEqual({
      kind: "badType",
      key: "apiServer.certSANs",
      expected: "stringList",
      got: { kind: "string", value: '"a.example,b.example"' },
    });
    expect(
      problem(
        'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  bindPort: "6443"\n',
      ),
    ).toEqual({
      kind: "badType",
      key: "localAPIEndpoint.bindPort",
      expected: "int",
      got: { kind: "string", value: '"6443"' },
    });
    expect(
      problem(
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: [systemd]\n",
      ),
    ).toEqual({
      kind: "badType",
      key: "KubeletConfiguration.cgroupDriver",
      expected: "string",
      got: { kind: "list" },
    });
  });

  it("isKubeadmConfig tells a kubeadm file from an answers file", () => {
    expect(isKubeadmConfig(fixture("guide.yaml"))).toBe(true);
    expect(isKubeadmConfig("kubernetesVersion: v1.33.2\n")).toBe(false);
    expect(isKubeadmConfig("a: [\n")).toBe(false);
  });
});

describe("importKubeadmConfig: KubeletConfiguration.failCgroupV1", () => {
  const withKubelet = (line: string) =>
    `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.35.2\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${line}\n`;

  it("failCgroupV1: false is a cgroup v1 host accepted knowingly: node.allowCgroupV1", () => {
    const r = imported(withKubelet("failCgroupV1: false"));
    expect(r.values["node.allowCgroupV1"]).toBe(true);
    expect(r.took).toContain("KubeletConfiguration.failCgroupV1");
    expect(r.ignored).not.toContain("KubeletConfiguration.failCgroupV1");
  });

  it("failCgroupV1: true (the 1.35 default) sets nothing and is not reported as ignored", () => {
    const r = imported(withKubelet("failCgroupV1: true"));
    expect(r.values["node.allowCgroupV1"]).toBeUndefined();
    expect(r.ignored).not.toContain("KubeletConfiguration.failCgroupV1");
  });

  it("a failCgroupV1 that is not a boolean is a type problem naming the key", () => {
    const r = importKubeadmConfig(withKubelet('failCgroupV1: "no"'), "init");
    expect(r.problem).toMatchObject({
      kind: "badType",
      key: "KubeletConfiguration.failCgroupV1",
      expected: "bool",
    });
  });
});
