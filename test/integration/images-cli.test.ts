/**
 * `kadm-wizard images check` and `images pull` end to end through the CLI, against a real
 * docker-registry on 127.0.0.1 and a real containerd under a temp --root. Nothing leaves loopback:
 * ctr's fallback to the upstream registry goes to a dead proxy port.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostsTomlPath, renderHostsToml } from "../../src/host/containerd/hosts-toml.js";
import { mustParseReference } from "../../src/images/reference.js";
import { kubeadmImages } from "../../src/kubeadm/images.js";
import { runCli } from "../fakes/ports.js";
import {
  type Containerd,
  containerdSuiteTitle,
  freePort,
  guardEnv,
  HAVE_CONTAINERD,
  type Registry,
  startContainerd,
  startRegistry,
  tempDir,
} from "./harness.js";
import { seedImage } from "./registry-seed.js";

const VERSION = "v1.33.2";

describe.skipIf(!HAVE_CONTAINERD)(containerdSuiteTitle("images check and pull through the CLI"), () => {
  let root = "";
  let registry: Registry | undefined;
  let containerd: Containerd | undefined;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    root = tempDir("kadm-images-cli-");
    registry = await startRegistry();
    // "full" has every kubeadm image of the release; "lagging" misses etcd, like a mirror that has not
    // synced; "google_containers" stands in for Aliyun's repository behind the certs.d mirror.
    for (const repo of ["full", "lagging", "google_containers"]) {
      const images = kubeadmImages({
        kubernetesVersion: VERSION,
        imageRepository: `${registry.host}/${repo}`,
        externalEtcd: false,
      });
      for (const image of images) {
        const ref = mustParseReference(image);
        if (repo === "lagging" && ref.repository.endsWith("/etcd")) continue;
        await seedImage(registry.url, ref.repository, ref.tag ?? "latest");
      }
    }
    const env = guardEnv(await freePort());
    Object.assign(process.env, env); // ctr, run by the CLI's runner, inherits the dead-proxy guard
    containerd = await startContainerd({ dir: join(root, "run", "cd"), env });
    // Aliyun's repository is served by the local registry through a certs.d mirror under --root.
    const file = hostsTomlPath(join(root, "etc/containerd/certs.d"), "registry.aliyuncs.com");
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderHostsToml("registry.aliyuncs.com", [registry.url]));
  }, 90_000);

  afterAll(async () => {
    process.env = savedEnv;
    await containerd?.stop();
    await registry?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  }, 30_000);

  it("check: every image of a complete repository is ok", async () => {
    const r = await runCli([
      "images",
      "check",
      "--k8s-version",
      VERSION,
      "--image-repository",
      `${registry?.host}/full`,
      "--cni",
      "none",
    ]);
    expect(r.stdout).toContain("all 7 images are available.");
    expect(r.code).toBe(0);
  });

  it("check: a lagging mirror is reported per image, exits 1, and a complete candidate is suggested", async () => {
    const r = await runCli([
      "images",
      "check",
      "--k8s-version",
      VERSION,
      "--image-repository",
      `${registry?.host}/lagging`,
      "--cni",
      "none",
      "--candidate",
      `${registry?.host}/nothing-here`,
      "--candidate",
      `${registry?.host}/full`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing .*\/lagging\/etcd:3\.5\.21-0/);
    expect(r.stdout).toContain("1 of 7 images is not available");
    expect(r.stdout).toContain(
      `every kubeadm image is available on ${registry?.host}/full: pass --image-repository ${registry?.host}/full`,
    );
  });

  it("pull: lands kubeadm's images in containerd's k8s.io namespace; the second run finds them cached", async () => {
    const args = [
      "images",
      "pull",
      "--root",
      root,
      "--cri-socket",
      "unix:///run/cd/containerd.sock",
      "--k8s-version",
      VERSION,
      "--cni",
      "none",
    ];
    const first = await runCli(args);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const listed = (await containerd?.ctr(["-n", "k8s.io", "images", "ls", "-q"]))?.stdout ?? "";
    for (const image of kubeadmImages({
      kubernetesVersion: VERSION,
      imageRepository: "registry.aliyuncs.com/google_containers",
      externalEtcd: false,
    })) {
      expect(listed).toContain(image);
    }
    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout.match(/already present/g)?.length ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
