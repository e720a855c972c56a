import { describe, expect, it } from "vitest";
import { kubeadmApiVersion, parseKubeVersion } from "../../src/validate/version.js";

describe("Kubernetes versions", () => {
  it("normalises with a leading v", () => {
    expect(parseKubeVersion("1.30.4")?.text).toBe("v1.30.4");
    expect(parseKubeVersion("v1.37.0-rc.0")).toMatchObject({ minor: 37, pre: "rc.0" });
  });
  it.each(["v1.30", "1.30", "v2.0.0", "v1.30.04", "stable", "v1.30.4-foo", ""])("rejects %s", (s) => {
    expect(parseKubeVersion(s)).toBeUndefined();
  });
  it.each([
    ["v1.22.0", "kubeadm.k8s.io/v1beta3"],
    ["v1.30.14", "kubeadm.k8s.io/v1beta3"],
    ["v1.31.0", "kubeadm.k8s.io/v1beta4"],
    ["v1.33.2", "kubeadm.k8s.io/v1beta4"],
    ["v1.36.3", "kubeadm.k8s.io/v1beta4"],
  ])("%s speaks %s", (v, api) => {
    expect(kubeadmApiVersion(parseKubeVersion(v) as never)).toBe(api);
  });
});
