/**
 * pullImages against a REAL containerd and docker-registry: kubeadm's seven images for v1.33.2,
 * named as on registry.aliyuncs.com, served by a local registry through a certs.d hosts.toml
 * mirror. The real registry.aliyuncs.com is never contacted: ctr's fallback to it goes to a dead
 * proxy on 127.0.0.1. Skipped only when there is no containerd binary.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostsTomlPath, renderHostsToml } from "../../src/host/containerd/hosts-toml.js";
import { execaRunner, type Runner } from "../../src/host/runner.js";
import { PULL_MESSAGES } from "../../src/i18n/catalog/pull.js";
import {
  explainPullResult,
  type PullEvent,
  type PullOptions,
  type PullResult,
  pullImages,
} from "../../src/images/pull.js";
import { mustParseReference } from "../../src/images/reference.js";
import { kubeadmImages } from "../../src/kubeadm/images.js";
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

const UPSTREAM = "registry.aliyuncs.com";
const IMAGES = kubeadmImages({
  kubernetesVersion: "v1.33.2",
  imageRepository: `${UPSTREAM}/google_containers`,
  externalEtcd: false,
});

/** execaRunner, keeping the command lines it ran. */
function recordingRunner(): Runner & { commands: string[] } {
  const real = execaRunner();
  const commands: string[] = [];
  return {
    dryRun: false,
    recorded: [],
    commands,
    run(argv, opts) {
      commands.push(argv.join(" "));
      return real.run(argv, opts);
    },
  };
}

async function writeHosts(certsDir: string, mirror: string): Promise<void> {
  const file = hostsTomlPath(certsDir, UPSTREAM);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderHostsToml(UPSTREAM, [mirror]));
}

describe.skipIf(!HAVE_CONTAINERD)(
  containerdSuiteTitle("pullImages with a real containerd and docker-registry"),
  () => {
    let dir = "";
    let registry: Registry | undefined;
    let containerd: Containerd | undefined;
    let env: Record<string, string> = {};
    let hostsDir = "";

    const pull = (images: string[], extra: Partial<PullOptions> = {}) => {
      const runner = recordingRunner();
      const events: [string, PullEvent][] = [];
      const sleeps: number[] = [];
      const done = pullImages(images, {
        runner,
        address: containerd?.address ?? "",
        hostsDir,
        env,
        concurrency: 7,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        onEvent: (image, e) => events.push([image, e]),
        ...extra,
      });
      return done.then((results) => ({ results, events, sleeps, runner }));
    };
    const listed = async () => {
      const ls = await containerd?.ctr(["-n", "k8s.io", "images", "ls", "-q"]);
      expect(ls?.exitCode, ls?.stderr).toBe(0);
      return ls?.stdout.split("\n") ?? [];
    };
    const why = (results: PullResult[]) =>
      results.map((r) => `${r.ref}: ${r.status} ${r.failure?.evidence ?? ""}`).join("\n");

    beforeAll(async () => {
      dir = tempDir("kadm-pull-");
      registry = await startRegistry();
      // Layers of different sizes, as kubeadm's images are.
      for (const [i, image] of IMAGES.entries()) {
        const ref = mustParseReference(image);
        await seedImage(registry.url, ref.repository, ref.tag ?? "latest", {
          layerBytes: 32 * 1024 * (i + 1),
        });
      }
      env = guardEnv(await freePort());
      containerd = await startContainerd({ dir: join(dir, "containerd"), env });
      hostsDir = join(dir, "certs.d");
      await writeHosts(hostsDir, registry.url);
    }, 60_000);

    afterAll(async () => {
      await containerd?.stop();
      await registry?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it("pulls kubeadm's 7 images in parallel through the hosts.toml mirror into k8s.io", async () => {
      expect(IMAGES).toHaveLength(7);
      expect(IMAGES.map((i) => i.split("/").at(-1))).toEqual([
        "kube-apiserver:v1.33.2",
        "kube-controller-manager:v1.33.2",
        "kube-scheduler:v1.33.2",
        "kube-proxy:v1.33.2",
        "coredns:v1.12.0",
        "pause:3.10",
        "etcd:3.5.21-0",
      ]);
      const { results, events } = await pull(IMAGES);
      expect(
        results.map((r) => r.status),
        why(results),
      ).toEqual(Array(7).fill("pulled"));
      expect(results.map((r) => r.image)).toEqual(IMAGES);
      expect(results.every((r) => r.attempts === 1 && (r.bytes ?? 0) > 32 * 1024)).toBe(true);

      const present = await listed();
      for (const image of IMAGES) expect(present).toContain(image);
      // All seven started before the first finished: they ran side by side.
      const firstDone = events.findIndex(([, e]) => e.type === "done");
      expect(events.slice(0, firstDone).filter(([, e]) => e.type === "started")).toHaveLength(7);
      // Through the mirror, on behalf of the upstream (containerd adds ?ns=<upstream>).
      for (const image of IMAGES) {
        const { repository, tag } = mustParseReference(image);
        expect(registry?.output()).toContain(`/v2/${repository}/manifests/${tag}?ns=${UPSTREAM} HTTP`);
      }
    }, 60_000);

    it("a second run reports all 7 as cached and pulls nothing", async () => {
      const { results, events, runner } = await pull(IMAGES);
      expect(results.map((r) => r.status)).toEqual(Array(7).fill("cached"));
      expect(results.every((r) => r.attempts === 0 && (r.bytes ?? 0) > 0)).toBe(true);
      expect(events.map(([, e]) => e.type)).toEqual(Array(7).fill("done"));
      expect(events.every(([, e]) => e.type === "done" && e.cached)).toBe(true);
      expect(runner.commands.filter((c) => c.includes(" pull "))).toEqual([]);
    }, 30_000);

    it("a tag the mirror lacks is not-found, naming the image and the registry, without retries", async () => {
      const image = `${UPSTREAM}/google_containers/kube-apiserver:v1.33.99`;
      const { results, sleeps } = await pull([image]);
      const [r] = results;
      expect(r?.status).toBe("failed");
      expect(r?.attempts).toBe(1);
      expect(sleeps).toEqual([]);
      expect(r?.failure).toMatchObject({
        image,
        registry: UPSTREAM,
        cause: "not-found",
        endpoint: registry?.host,
      });
      expect(r?.failure?.notFoundOn).toEqual([registry?.host]);
      const { msg, hint } = explainPullResult(r as PullResult, { hostsDir });
      const text = PULL_MESSAGES[msg.key].en(msg.params ?? {});
      expect(text).toContain(image);
      expect(text).toContain(UPSTREAM);
      expect(hint?.key).toBe("pull.fix.notFoundMirror");
      expect(await listed()).not.toContain(image);
    }, 30_000);

    it("a stopped registry is unreachable, retried, and named", async () => {
      const gone = await startRegistry();
      await seedImage(gone.url, "google_containers/kube-proxy", "v1.33.1");
      await gone.stop();
      const certs = join(dir, "certs.d-stopped");
      await writeHosts(certs, gone.url);
      const image = `${UPSTREAM}/google_containers/kube-proxy:v1.33.1`;
      const { results, events, sleeps } = await pull([image], { hostsDir: certs, retries: 1, backoffMs: 50 });
      const [r] = results;
      expect(r?.status).toBe("failed");
      expect(r?.attempts).toBe(2);
      expect(sleeps).toEqual([50]);
      expect(events.map(([, e]) => e.type)).toEqual(["started", "retry", "failed"]);
      expect(r?.failure).toMatchObject({
        image,
        registry: UPSTREAM,
        cause: "unreachable",
        endpoint: gone.host,
      });
      expect(r?.failure?.evidence).toContain("connection refused");
      const { msg } = explainPullResult(r as PullResult, { hostsDir: certs });
      expect(PULL_MESSAGES[msg.key].zh(msg.params ?? {})).toContain(gone.host);
    }, 30_000);
  },
);
