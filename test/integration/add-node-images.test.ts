/**
 * Images once per cluster, the way users run it: `kadm-wizard add-node --inventory` with two
 * workers (Debian's sshd in a network namespace each, its own real containerd), this node a real
 * containerd under --root with the profile's certs.d mirrors pointing at a docker-registry on
 * 127.0.0.1. This node lacks the images, pulls them once, and each host gets them streamed over its
 * SSH session (they lack the same set: one export for both, counted in image-stream.test.ts).
 * The hosts have no mirror at all, so an image that did not come over SSH could not be there.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostsTomlPath, renderHostsToml } from "../../src/host/containerd/hosts-toml.js";
import { mustParseReference } from "../../src/images/reference.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { type NetnsHosts, startNetnsHosts } from "../fakes/netns-hosts.mjs";
import { runCli } from "../fakes/ports.js";
import { firstReason, requireNetns, requireSharedTestdata, skipTitle } from "../support/requires.js";
import {
  type Containerd,
  containerdImages,
  freePort,
  guardEnv,
  NO_CONTAINERD,
  type Registry,
  startContainerd,
  startRegistry,
  tempDir,
} from "./harness.js";
import { seedImage } from "./registry-seed.js";

const SKIP = firstReason(NO_CONTAINERD, requireNetns(), requireSharedTestdata("transcripts"));
const ALIYUN = "registry.aliyuncs.com";
const DAOCLOUD = "ghcr.m.daocloud.io";
/** A worker's set for v1.33.2 with Flannel under the aliyun profile (`images list`). */
const WORKER_IMAGES = [
  `${ALIYUN}/google_containers/kube-proxy:v1.33.2`,
  `${ALIYUN}/google_containers/pause:3.10`,
  `${DAOCLOUD}/flannel-io/flannel-cni-plugin:v1.9.1-flannel3`,
  `${DAOCLOUD}/flannel-io/flannel:v0.28.9`,
];
const TOKEN = "k8swiz.q1r2s3t4u5v6w7x8";

describe.skipIf(SKIP !== undefined)(skipTitle("add-node streams the images from this node", SKIP), () => {
  let dir = "";
  let registry: Registry | undefined;
  let net: NetnsHosts | undefined;
  let source: Containerd | undefined;
  const targets: Containerd[] = [];
  const savedEnv = { ...process.env };
  let sourceRoot = "";

  beforeAll(async () => {
    dir = tempDir("kadm-add-node-images-");
    registry = await startRegistry();
    for (const [i, image] of WORKER_IMAGES.entries()) {
      const ref = mustParseReference(image);
      await seedImage(registry.url, ref.repository, ref.tag ?? "latest", { layerBytes: 150_000 * (i + 1) });
    }
    const env = guardEnv(await freePort());
    Object.assign(process.env, env);
    sourceRoot = join(dir, "cp");
    source = await startContainerd({ dir: join(sourceRoot, "var/run/containerd"), env });
    for (const upstream of [ALIYUN, DAOCLOUD]) {
      const file = hostsTomlPath(join(sourceRoot, "etc/containerd/certs.d"), upstream);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, renderHostsToml(upstream, [registry.url]));
    }
    net = await startNetnsHosts(2, { octet: 243 });
    for (const h of net.hosts) {
      rmSync(join(h.root, "var/run/containerd/containerd.sock"), { force: true });
      targets.push(await startContainerd({ dir: join(h.root, "var/run/containerd"), env }));
    }
  }, 120_000);

  afterAll(async () => {
    process.env = savedEnv;
    for (const c of targets) await c.stop();
    await source?.stop();
    await net?.stop();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const digests = containerdImages;

  it("pulls on this node once, streams one export to both hosts, and both join", async () => {
    const hosts = net as NetnsHosts;
    // The hosts run the real ctr (first on their PATH) against their own containerd.
    const realBin = join(dir, "real-bin");
    mkdirSync(realBin);
    symlinkSync("/usr/bin/ctr", join(realBin, "ctr"));
    const inv = join(dir, "hosts.yaml");
    writeFileSync(
      inv,
      yaml.dump({
        defaults: { user: "root", identityFile: hosts.clientKey },
        hosts: hosts.hosts.map((h) => ({
          host: h.address,
          nodeName: `worker-${h.index}`,
          root: h.root,
          env: { ...h.env, PATH: `${realBin}:${h.env.PATH}` },
        })),
      }),
    );
    const knownHosts = join(dir, "known_hosts");
    writeFileSync(knownHosts, `${hosts.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
    const r = await runCli(
      [
        "add-node",
        "--inventory",
        inv,
        "--known-hosts",
        knownHosts,
        "--root",
        sourceRoot,
        "--profile",
        "aliyun",
        "--k8s-version",
        "v1.33.2",
        "--join-command",
        `kubeadm join 10.243.1.1:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH}`,
      ],
      { env: { LANG: "en_US.UTF-8", HOME: dir } },
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("All 2 hosts joined.");
    // One line per host, saying whose it is (the log lines of both hosts interleave without a
    // terminal): what came over SSH from this node, nothing pulled on the host.
    for (const h of hosts.hosts)
      expect(r.stderr).toMatch(
        new RegExp(
          `^› ${h.address.replaceAll(".", "\\.")} \\(worker, worker-${h.index}\\): 4 images streamed from this node \\(1\\.\\d MiB, \\d+\\.\\d s\\); 0 already there$`,
          "m",
        ),
      );
    expect(`${r.stdout}\n${r.stderr}`).not.toContain("pulling them on the node instead");
    // This node pulled them once (through its mirror); both hosts hold exactly its digests.
    const want = await digests(source);
    for (const ref of WORKER_IMAGES) expect(want.has(ref), ref).toBe(true);
    for (const c of targets) {
      const got = await digests(c);
      for (const ref of WORKER_IMAGES) expect(got.get(ref)?.digest, ref).toBe(want.get(ref)?.digest);
    }
    for (const h of hosts.hosts) {
      expect(h.commands()).toMatch(/^kubeadm join /m);
      expect(h.commands()).not.toContain(TOKEN.split(".")[1]);
    }
    // The hosts' outcomes are recorded on this node.
    const state = JSON.parse(readFileSync(join(sourceRoot, "etc/kadm-wizard/hosts.json"), "utf8"));
    expect(Object.values(state.hosts).map((x) => (x as { status: string }).status)).toEqual([
      "joined",
      "joined",
    ]);
  }, 180_000);
});
