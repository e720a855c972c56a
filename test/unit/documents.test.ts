import { describe, expect, it } from "vitest";
import {
  clusterConfiguration,
  initConfiguration,
  joinConfiguration,
  kubeletConfiguration,
} from "../../src/kubeadm/documents.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import type { SpecValues } from "../../src/spec/fields.js";
import { resolveSpec } from "../../src/spec/resolve.js";

const spec = (values: SpecValues, mode: "init" | "join" = "init") =>
  resolveSpec(
    [
      { source: "default", values: BUILTIN_DEFAULTS },
      { source: "flags", values: { "bootstrapToken.token": "k8swiz.0123456789abcdef", ...values } },
    ],
    "t",
    mode,
  ).spec;

describe("kubeadm documents", () => {
  it("pins CoreDNS's repository where kubeadm's own default was still k8s.gcr.io", () => {
    expect(clusterConfiguration(spec({ kubernetesVersion: "v1.22.3" })).dns).toEqual({
      imageRepository: "registry.k8s.io/coredns",
    });
    expect(clusterConfiguration(spec({ kubernetesVersion: "v1.24.9" })).dns).toBeUndefined();
    const mirror = {
      kubernetesVersion: "v1.22.3",
      imageRepository: "registry.aliyuncs.com/google_containers",
    };
    expect(clusterConfiguration(spec(mirror)).dns).toBeUndefined();
  });

  it("uses v1beta3 shapes up to 1.30 and v1beta4 shapes from 1.31", () => {
    const v3 = initConfiguration(
      spec({ kubernetesVersion: "v1.30.14", "controlPlane.advertiseAddress": "192.0.2.10" }),
    );
    expect(v3.nodeRegistration).toMatchObject({ kubeletExtraArgs: { "node-ip": "192.0.2.10" } });
    expect(v3.timeouts).toBeUndefined();
    expect(clusterConfiguration(spec({ kubernetesVersion: "v1.30.14" })).apiServer).toEqual({
      timeoutForControlPlane: "4m0s",
    });
    const v4 = initConfiguration(
      spec({ kubernetesVersion: "v1.31.0", "controlPlane.advertiseAddress": "192.0.2.10" }),
    );
    expect(v4.nodeRegistration).toMatchObject({
      imagePullSerial: true,
      kubeletExtraArgs: [{ name: "node-ip", value: "192.0.2.10" }],
    });
    expect(v4.timeouts).toBeDefined();
    expect(clusterConfiguration(spec({ kubernetesVersion: "v1.31.0" })).apiServer).toBeUndefined();
  });

  it("keeps the control-plane taint unless asked, and never taints workers", () => {
    expect(initConfiguration(spec({})).nodeRegistration).not.toHaveProperty("taints");
    expect(initConfiguration(spec({ "node.scheduleOnControlPlane": true })).nodeRegistration).toMatchObject({
      taints: [],
    });
    const join = {
      "join.apiServerEndpoint": "192.0.2.10:6443",
      "join.token": "k8swiz.0123456789abcdef",
      "join.caCertHashes": [`sha256:${"ab".repeat(32)}`],
      "node.scheduleOnControlPlane": true,
    };
    expect(joinConfiguration(spec(join, "join")).nodeRegistration).not.toHaveProperty("taints");
  });

  it("--allow-cgroup-v1: failCgroupV1: false, and SystemVerification skipped where kubeadm refuses v1", () => {
    const join = {
      "join.apiServerEndpoint": "192.0.2.10:6443",
      "join.token": "k8swiz.0123456789abcdef",
      "join.caCertHashes": [`sha256:${"ab".repeat(32)}`],
    };
    // Unset: the kubelet's own default, no skipped checks.
    expect(kubeletConfiguration(spec({ kubernetesVersion: "v1.35.7" }))).not.toHaveProperty("failCgroupV1");
    expect(initConfiguration(spec({ kubernetesVersion: "v1.35.7" })).nodeRegistration).not.toHaveProperty(
      "ignorePreflightErrors",
    );
    const on = { kubernetesVersion: "v1.35.7", "node.allowCgroupV1": true };
    expect(kubeletConfiguration(spec(on))).toMatchObject({ failCgroupV1: false });
    expect(initConfiguration(spec(on)).nodeRegistration).toMatchObject({
      ignorePreflightErrors: ["SystemVerification"],
    });
    expect(joinConfiguration(spec({ ...on, ...join }, "join")).nodeRegistration).toMatchObject({
      ignorePreflightErrors: ["SystemVerification"],
    });
    // 1.31-1.34: the field exists (default false), kubeadm only warns: nothing to skip.
    const old = { kubernetesVersion: "v1.33.2", "node.allowCgroupV1": true };
    expect(kubeletConfiguration(spec(old))).toMatchObject({ failCgroupV1: false });
    expect(initConfiguration(spec(old)).nodeRegistration).not.toHaveProperty("ignorePreflightErrors");
  });

  it("refuses to render without a token rather than emit an empty one", () => {
    const s = spec({});
    expect(() => initConfiguration({ ...s, bootstrapToken: { token: undefined, ttl: "24h" } })).toThrow(
      /token/,
    );
  });
});
