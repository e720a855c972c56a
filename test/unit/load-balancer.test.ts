import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  haproxyConfig,
  kubeVipKubeconfig,
  lbFiles,
  lbImages,
  nginxStreamConfig,
} from "../../src/ha/load-balancer.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import type { SpecValues } from "../../src/spec/fields.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import type { ClusterSpec } from "../../src/spec/types.js";

const MIRRORS = { "ghcr.io": "ghcr.m.daocloud.io", "docker.io": "docker.m.daocloud.io" };
function spec(values: SpecValues): ClusterSpec {
  const s = resolveSpec(
    [
      {
        source: "default",
        values: {
          ...BUILTIN_DEFAULTS,
          "controlPlane.advertiseAddress": "192.168.10.11",
          "cni.imageMirrors": MIRRORS,
          ...values,
        },
      },
    ],
    "aliyun",
    "init",
  ).spec;
  return s;
}

type Pod = {
  spec: {
    containers: { image: string; env?: { name: string; value: string }[] }[];
    volumes: { hostPath: { path: string } }[];
  };
};

describe("kube-vip", () => {
  const s = spec({
    "controlPlane.endpoint": "192.168.10.100:6443",
    "controlPlane.loadBalancer": "kube-vip",
    "controlPlane.vipInterface": "eth0",
    kubernetesVersion: "v1.33.2",
  });
  it("a static pod holding the VIP by ARP on the interface, image through the mirror", () => {
    const [file] = lbFiles(s, true);
    expect(file?.path).toBe("/etc/kubernetes/manifests/kube-vip.yaml");
    const pod = yaml.load(file?.content ?? "") as Pod;
    const env = Object.fromEntries((pod.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      address: "192.168.10.100",
      vip_interface: "eth0",
      vip_arp: "true",
      port: "6443",
      cp_enable: "true",
    });
    expect(pod.spec.containers[0]?.image).toBe("ghcr.m.daocloud.io/kube-vip/kube-vip:v0.8.9");
    expect(lbImages(s)).toEqual(["ghcr.m.daocloud.io/kube-vip/kube-vip:v0.8.9"]);
  });
  it("uses super-admin.conf on the first node of 1.29+ (admin.conf has no rights yet), admin.conf elsewhere", () => {
    expect(kubeVipKubeconfig(s, true)).toBe("/etc/kubernetes/super-admin.conf");
    expect(kubeVipKubeconfig(s, false)).toBe("/etc/kubernetes/admin.conf");
    expect(kubeVipKubeconfig({ ...s, kubernetesVersion: "v1.28.15" }, true)).toBe(
      "/etc/kubernetes/admin.conf",
    );
    const pod = yaml.load(lbFiles(s, true)[0]?.content ?? "") as Pod;
    expect(pod.spec.volumes[0]?.hostPath.path).toBe("/etc/kubernetes/super-admin.conf");
  });
});

describe("haproxy", () => {
  const s = spec({
    "controlPlane.endpoint": "k8s-api.internal:8443",
    "controlPlane.loadBalancer": "haproxy",
    "controlPlane.lbBackends": ["192.168.10.11", "192.168.10.12:6443", "192.168.10.13"],
  });
  it("config listens on the endpoint port and checks every API server", () => {
    const cfg = haproxyConfig(s, 8443);
    expect(cfg).toContain("bind *:8443");
    expect(cfg).toContain("server cp1 192.168.10.11:6443 check verify none");
    expect(cfg).toContain("server cp2 192.168.10.12:6443 check verify none");
    expect(cfg).toContain("server cp3 192.168.10.13:6443 check verify none");
    expect(cfg).toContain("http-check send meth GET uri /healthz");
  });
  it("the static pod mounts the config; both files on every control plane", () => {
    const files = lbFiles(s, false);
    expect(files.map((f) => f.path)).toEqual([
      "/etc/haproxy/haproxy.cfg",
      "/etc/kubernetes/manifests/haproxy.yaml",
    ]);
    const pod = yaml.load(files[1]?.content ?? "") as Pod;
    expect(pod.spec.containers[0]?.image).toBe("docker.m.daocloud.io/library/haproxy:2.8-alpine");
  });
});

describe("external", () => {
  const s = spec({ "controlPlane.endpoint": "lb.example.internal:6443" });
  it("is the default mode for an endpoint; ready configs on the first node only, no image", () => {
    expect(s.controlPlane.loadBalancer).toBe("external");
    expect(lbImages(s)).toEqual([]);
    expect(lbFiles(s, true).map((f) => f.path)).toEqual([
      "/etc/kadm-wizard/lb/nginx-stream.conf",
      "/etc/kadm-wizard/lb/haproxy.cfg",
    ]);
    expect(lbFiles(s, false)).toEqual([]);
    expect(nginxStreamConfig(s)).toContain("server 192.168.10.11:6443 max_fails=3 fail_timeout=30s;");
    expect(nginxStreamConfig(s)).toContain("listen 6443;");
  });
  it("no endpoint: no load balancer", () => {
    expect(spec({}).controlPlane.loadBalancer).toBeUndefined();
    expect(lbFiles(spec({}), true)).toEqual([]);
  });
});
