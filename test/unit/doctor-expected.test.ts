import { describe, expect, it } from "vitest";
import { type ExpectedCluster, fromNodeKubeadm, fromSavedConfig } from "../../src/doctor/expected.js";
import { billionLaughs } from "../fakes/yaml-bombs.js";

const base: ExpectedCluster = {
  source: "spec",
  origin: "profile aliyun",
  kubernetesVersion: "v1.33.2",
  imageRepository: "registry.cn-hangzhou.aliyuncs.com/google_containers",
  podSubnet: "10.244.0.0/16",
  cgroupDriver: "systemd",
  criSocket: "unix:///run/containerd/containerd.sock",
};

const saved = `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.31.4
networking:
  podSubnet: 10.200.0.0/16
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
`;

describe("fromSavedConfig reads the saved kubeadm config through the one bounded loader", () => {
  it("takes version, subnet and cgroup driver from the saved documents", () => {
    expect(fromSavedConfig(saved, base)).toMatchObject({
      source: "saved",
      kubernetesVersion: "v1.31.4",
      podSubnet: "10.200.0.0/16",
      cgroupDriver: "cgroupfs",
    });
  });

  it("refuses a saved config whose aliases expand past the bound (the caller falls back)", () => {
    expect(fromSavedConfig(`${saved}---\n${billionLaughs()}`, base)).toBeUndefined();
  });

  it("skips empty and non-mapping documents instead of failing on them", () => {
    expect(fromSavedConfig(`---\n- a list\n---\n${saved}`, base)?.source).toBe("saved");
    expect(fromSavedConfig("a: [\n", base)).toBeUndefined();
  });
});

describe("fromNodeKubeadm: a guessed version gives way to the node's kubeadm", () => {
  const guessed: ExpectedCluster = { ...base, kubernetesVersion: "v1.35.7", versionGuessed: true };
  it("replaces only a version the user did not give, with the node's release", () => {
    expect(fromNodeKubeadm(guessed, "v1.33.2")).toEqual({
      ...base,
      source: "node",
      origin: "v1.33.2",
      kubernetesVersion: "v1.33.2",
    });
    // Given by the user (--k8s-version, answers file): kept, and checked against.
    expect(fromNodeKubeadm({ ...guessed, versionGuessed: false }, "v1.33.2")).toBeUndefined();
    expect(fromNodeKubeadm({ ...base, kubernetesVersion: "v1.35.7" }, "v1.33.2")).toBeUndefined();
    // No kubeadm, or one that says something else: nothing to go by.
    expect(fromNodeKubeadm(guessed, undefined)).toBeUndefined();
    expect(fromNodeKubeadm(guessed, "garbage")).toBeUndefined();
  });
});
