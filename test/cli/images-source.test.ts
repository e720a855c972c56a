/**
 * `images list`: kubeadm's own list is the truth when kubeadm is there (day 0 for a release newer
 * than our table), our table otherwise; on a terminal or with --verbose, stderr says which (en, zh).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";

let host: NodeHost;
beforeAll(async () => {
  host = await nodeHost();
});
afterAll(() => host.cleanup());

const NEWER_TAGS = JSON.stringify({ pause: "3.11", etcd: "3.7.1-0", coredns: "v1.15.0" });

describe("images list: where the kubeadm images come from", () => {
  it("a release newer than the table: kubeadm's own list, and the plan says kubeadm v1.38.0", async () => {
    const r = await runOnNode(
      host,
      ["images", "list", "--verbose", "--k8s-version", "v1.38.0", "--cni", "none"],
      {
        fakeEnv: { KADM_FAKE_VERSION: "v1.38.0", KADM_FAKE_IMAGE_TAGS: NEWER_TAGS },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toContain("registry.aliyuncs.com/google_containers/pause:3.11");
    expect(lines).toContain("registry.aliyuncs.com/google_containers/etcd:3.7.1-0");
    expect(lines).toContain("registry.aliyuncs.com/google_containers/coredns:v1.15.0");
    expect(r.stderr).toContain("kubeadm images: from kubeadm v1.38.0");
    // kubeadm answered: no "newest known release, may be off" guess
    expect(r.stderr).not.toContain("no exact image data");
    const asked = r.runner.kubeadmCalls.find((a) => a[1] === "config");
    expect(asked?.slice(1)).toEqual([
      "config",
      "images",
      "list",
      "--kubernetes-version",
      "v1.38.0",
      "--image-repository",
      "registry.aliyuncs.com/google_containers",
    ]);
  });

  it("external etcd: kubeadm's list without etcd, as our config tells kubeadm", async () => {
    const r = await runOnNode(
      host,
      [
        "images",
        "list",
        "--k8s-version",
        "v1.37.1",
        "--cni",
        "none",
        "--etcd-endpoints",
        "https://192.0.2.21:2379",
        "--etcd-cafile",
        "/etc/kubernetes/pki/etcd/ca.crt",
        "--etcd-certfile",
        "/etc/kubernetes/pki/apiserver-etcd-client.crt",
        "--etcd-keyfile",
        "/etc/kubernetes/pki/apiserver-etcd-client.key",
      ],
      { fakeEnv: { KADM_FAKE_VERSION: "v1.37.1" } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("/etcd:");
    expect(r.stdout).toContain("registry.aliyuncs.com/google_containers/pause:3.10.2");
  });

  it("no kubeadm on the host: v1.37.1 from our table, 1.37's own tags, and the plan says so (en, zh)", async () => {
    const r = await runOnNode(
      host,
      ["images", "list", "--verbose", "--k8s-version", "v1.37.1", "--cni", "none"],
      {
        kubeadm: "missing",
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      "registry.aliyuncs.com/google_containers/kube-apiserver:v1.37.1",
      "registry.aliyuncs.com/google_containers/kube-controller-manager:v1.37.1",
      "registry.aliyuncs.com/google_containers/kube-scheduler:v1.37.1",
      "registry.aliyuncs.com/google_containers/kube-proxy:v1.37.1",
      "registry.aliyuncs.com/google_containers/coredns:v1.14.6",
      "registry.aliyuncs.com/google_containers/pause:3.10.2",
      "registry.aliyuncs.com/google_containers/etcd:3.7.0-0",
    ]);
    expect(r.stderr).toContain("kubeadm images: from our table (v1.37.1; kubeadm not installed yet)");
    const zh = await runOnNode(
      host,
      ["images", "list", "--verbose", "--k8s-version", "v1.37.1", "--cni", "none", "--lang", "zh"],
      { kubeadm: "missing" },
    );
    expect(zh.stderr).toContain("kubeadm 镜像：来自内置镜像表（v1.37.1；kubeadm 尚未安装）");
  });

  it("init --dry-run pre-pulls kubeadm's own list and says where it came from", async () => {
    const r = await runOnNode(
      host,
      [
        "init",
        "--dry-run",
        "--yes",
        "--k8s-version",
        "v1.38.0",
        "--advertise-address",
        "192.168.10.11",
        "--pod-subnet",
        "10.244.0.0/16",
        "--cni",
        "none",
      ],
      { fakeEnv: { KADM_FAKE_VERSION: "v1.38.0", KADM_FAKE_IMAGE_TAGS: NEWER_TAGS } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("kubeadm images: from kubeadm v1.38.0");
    const pulls = r.runner.recorded.filter((c) => c.includes(" images pull "));
    expect(pulls.some((c) => c.endsWith("/pause:3.11"))).toBe(true);
    expect(pulls.some((c) => c.endsWith("/etcd:3.7.1-0"))).toBe(true);
  });
});
