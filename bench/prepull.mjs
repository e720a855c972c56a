#!/usr/bin/env node
/**
 * Pre-pull benchmark. kubeadm's seven images for v1.33.2, named as on registry.aliyuncs.com, are
 * served by a local docker-registry behind a proxy that adds latency to every request (and caps
 * each connection's throughput), through a certs.d hosts.toml mirror. A private containerd with
 * fresh state for every run pulls them: each image alone, all one by one (as kubeadm does), and all
 * in parallel with pullImages. Only 127.0.0.1 is used; ctr gets a dead proxy for anything else.
 *
 *   npm run build && node bench/prepull.mjs [--latency-ms 150] [--conn-mibps 8] [--link-mibps 0]
 *
 * Needs root, containerd, ctr and docker-registry (apt-get install containerd runc docker-registry).
 * Exits non-zero on errors only, not when the target is missed. Uses dist/, not the test harness.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { execa } from "execa";
import { hostsTomlPath, renderHostsToml } from "../dist/host/containerd/hosts-toml.js";
import { execaRunner } from "../dist/host/runner.js";
import { DEFAULT_PULL_CONCURRENCY, pullImages } from "../dist/images/pull.js";
import { formatSize } from "../dist/images/pull-output.js";
import { mustParseReference } from "../dist/images/reference.js";
import { kubeadmImages } from "../dist/kubeadm/images.js";

const { values: args } = parseArgs({
  options: {
    "latency-ms": { type: "string", default: "150" },
    "conn-mibps": { type: "string", default: "8" },
    "link-mibps": { type: "string", default: "0" },
  },
});
const LATENCY_MS = Number(args["latency-ms"]);
const CONN_BPS = Number(args["conn-mibps"]) * 2 ** 20;
const LINK_BPS = Number(args["link-mibps"]) * 2 ** 20;
const UPSTREAM = "registry.aliyuncs.com";
const IMAGES = kubeadmImages({
  kubernetesVersion: "v1.33.2",
  imageRepository: `${UPSTREAM}/google_containers`,
  externalEtcd: false,
});
/** Layer sizes in MiB, by image name: different, like the real ones (which are 0.3-60 MiB). */
const LAYER_MIB = {
  "kube-apiserver": 4,
  "kube-controller-manager": 3.5,
  "kube-scheduler": 2,
  "kube-proxy": 3,
  coredns: 2.5,
  pause: 1,
  etcd: 3.8,
};

const cleanups = [];
const port = () =>
  new Promise((resolve, reject) => {
    const s = netServer().listen(0, "127.0.0.1", () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a daemon; returns its stop() and the tail of its output. */
function daemon(bin, argv, env) {
  const child = spawn(bin, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let tail = "";
  const keep = (b) => (tail = (tail + b).slice(-4000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((r) => child.once("exit", r));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(t);
  };
  return { stop, tail: () => tail, dead: () => child.exitCode !== null };
}

async function until(what, d, ok, ms = 20_000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    if (d.dead()) throw new Error(`${what} exited:\n${d.tail()}`);
    if (await ok().catch(() => false)) return;
  }
  throw new Error(`${what} not ready after ${ms} ms:\n${d.tail()}`);
}

// --- registry, and the slow network in front of it

async function startRegistry(dir) {
  const p = await port();
  const config = join(dir, "registry.yml");
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${p}\n`,
  );
  const d = daemon("docker-registry", ["serve", config]);
  cleanups.push(d.stop);
  await until("docker-registry", d, async () => (await fetch(`http://127.0.0.1:${p}/v2/`)).ok);
  return p;
}

/** Delays each chunk so the connection (and, if capped, the whole link) stays under its rate. */
function throttle(link) {
  const conn = { t: 0 };
  return new Transform({
    transform(chunk, _enc, done) {
      const now = performance.now();
      let until = now;
      for (const [state, bps] of [
        [conn, CONN_BPS],
        [link, LINK_BPS],
      ]) {
        if (!bps) continue;
        state.t = Math.max(state.t, now) + (chunk.length / bps) * 1000;
        until = Math.max(until, state.t);
      }
      setTimeout(() => done(null, chunk), until - now);
    },
  });
}

async function slowProxy(target) {
  const link = { t: 0 };
  const server = createServer((req, res) =>
    setTimeout(() => {
      const up = request(
        { host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(throttle(link)).pipe(res);
        },
      );
      up.on("error", (e) => res.destroy(e));
      req.pipe(up);
    }, LATENCY_MS),
  );
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  return server.address().port;
}

// --- seeding (straight to the registry, not through the slow proxy)

const digest = (b) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const ARCH = { x64: "amd64", arm64: "arm64", ppc64: "ppc64le", s390x: "s390x" }[process.arch] ?? process.arch;

function tarball(name, data) {
  const h = Buffer.alloc(512);
  const fields = [
    [name, 0, 100],
    ["0000644\0", 100, 8],
    ["0000000\0", 108, 8],
    ["0000000\0", 116, 8],
    [`${data.length.toString(8).padStart(11, "0")}\0`, 124, 12],
    ["00000000000\0", 136, 12],
    ["        ", 148, 8],
    ["0", 156, 1],
    ["ustar\u000000", 257, 8],
  ];
  for (const [v, off, len] of fields) h.write(v, off, len, "ascii");
  h.write(
    `${h
      .reduce((a, b) => a + b, 0)
      .toString(8)
      .padStart(6, "0")}\0 `,
    148,
    8,
    "ascii",
  );
  return Buffer.concat([h, data, Buffer.alloc((512 - (data.length % 512)) % 512), Buffer.alloc(1024)]);
}

async function upload(base, repo, blob) {
  const d = digest(blob);
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: "POST" });
  const url = new URL(start.headers.get("location") ?? "", base);
  url.searchParams.set("digest", d);
  const put = await fetch(url, {
    method: "PUT",
    body: blob,
    headers: { "content-type": "application/octet-stream" },
  });
  if (put.status !== 201) throw new Error(`upload ${repo} ${d}: HTTP ${put.status}`);
  return { mediaType: "", size: blob.length, digest: d };
}

async function seed(base, image, mib) {
  const { repository, tag } = mustParseReference(image);
  const tar = tarball("payload.bin", randomBytes(Math.round(mib * 2 ** 20)));
  const config = Buffer.from(
    JSON.stringify({ architecture: ARCH, os: "linux", rootfs: { type: "layers", diff_ids: [digest(tar)] } }),
  );
  const layer = gzipSync(tar, { level: 1 });
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {
      ...(await upload(base, repository, config)),
      mediaType: "application/vnd.oci.image.config.v1+json",
    },
    layers: [
      {
        ...(await upload(base, repository, layer)),
        mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
      },
    ],
  });
  const res = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: "PUT",
    headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
    body: manifest,
  });
  if (res.status !== 201) throw new Error(`manifest ${image}: HTTP ${res.status}`);
  return layer.length + config.length + manifest.length;
}

// --- a fresh containerd for each run

async function freshContainerd(base, env) {
  const dir = mkdtempSync(join(base, "ctrd-"));
  const address = join(dir, "containerd.sock");
  const config = (await execa("containerd", ["config", "default"])).stdout
    .replace(/^(\s*)path = "\/opt\/containerd"$/m, `$1path = "${dir}/opt"`)
    .replace(/^(\s*)address = "\/run\/containerd\/containerd\.sock"$/m, `$1address = "${address}"`);
  writeFileSync(join(dir, "config.toml"), config);
  const d = daemon(
    "containerd",
    [
      "--config",
      `${dir}/config.toml`,
      "--root",
      `${dir}/root`,
      "--state",
      `${dir}/state`,
      "--address",
      address,
    ],
    env,
  );
  await until(
    "containerd",
    d,
    async () => (await execa("ctr", ["--address", address, "version"])).exitCode === 0,
  );
  return {
    address,
    async stop() {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function run(label, images, concurrency, ctx) {
  const ctrd = await freshContainerd(ctx.dir, ctx.env);
  try {
    const t0 = performance.now();
    const results = await pullImages(images, {
      runner: execaRunner(),
      address: ctrd.address,
      hostsDir: ctx.hostsDir,
      env: ctx.env,
      concurrency,
      retries: 0,
    });
    const seconds = (performance.now() - t0) / 1000;
    const bad = results.filter((r) => r.status !== "pulled");
    if (bad.length > 0) {
      const why = bad.map(
        (r) => `${r.ref}: ${r.status} ${r.failure?.cause ?? ""} ${r.failure?.evidence ?? ""}`,
      );
      throw new Error(`${label}: not pulled:\n${why.join("\n")}`);
    }
    return seconds;
  } finally {
    await ctrd.stop();
  }
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error("run as root: containerd needs it");
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "kadm-prepull-bench-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const dead = await port();
  const proxy = `http://127.0.0.1:${dead}`;
  const env = {
    LC_ALL: "C",
    ...Object.fromEntries(
      ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"].flatMap((k) => [
        [k, proxy],
        [k.toLowerCase(), proxy],
      ]),
    ),
    NO_PROXY: "127.0.0.1,localhost,::1",
    no_proxy: "127.0.0.1,localhost,::1",
  };

  mkdirSync(join(dir, "registry"));
  const registryPort = await startRegistry(join(dir, "registry"));
  const sizes = {};
  for (const image of IMAGES) {
    const name = image.split("/").at(-1).split(":")[0];
    sizes[image] = await seed(`http://127.0.0.1:${registryPort}`, image, LAYER_MIB[name]);
  }
  const mirror = `http://127.0.0.1:${await slowProxy(registryPort)}`;
  const hostsDir = join(dir, "certs.d");
  const file = hostsTomlPath(hostsDir, UPSTREAM);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderHostsToml(UPSTREAM, [mirror]));
  const ctx = { dir, env, hostsDir };

  const version = (await execa("containerd", ["--version"])).stdout.split(" ").at(2);
  const cap = (bps) => (bps ? `${formatSize(bps)}/s` : "none");
  console.log(
    `kadm-wizard pre-pull benchmark: ${IMAGES.length} images of Kubernetes v1.33.2 via a hosts.toml mirror`,
  );
  console.log(
    `network: +${LATENCY_MS} ms per request, per-connection cap ${cap(CONN_BPS)}, link cap ${cap(LINK_BPS)}; containerd ${version}, fresh state per run\n`,
  );

  const alone = [];
  for (const image of IMAGES) alone.push(await run(image, [image], 1, ctx));
  const sequential = await run("sequential", IMAGES, 1, ctx);
  const parallelDefault = await run("parallel", IMAGES, DEFAULT_PULL_CONCURRENCY, ctx);
  const parallelAll = await run("parallel (all)", IMAGES, IMAGES.length, ctx);

  const w = Math.max(...IMAGES.map((i) => i.length));
  console.log(`${"image".padEnd(w)}  ${"size".padStart(9)}  ${"alone".padStart(7)}`);
  IMAGES.forEach((image, i) => {
    console.log(
      `${image.padEnd(w)}  ${formatSize(sizes[image]).padStart(9)}  ${`${alone[i].toFixed(2)} s`.padStart(7)}`,
    );
  });
  const slowest = Math.max(...alone);
  const slowestName = IMAGES[alone.indexOf(slowest)].split("/").at(-1);
  const rows = [
    [`slowest single (${slowestName})`, slowest],
    [`sum of singles`, alone.reduce((a, b) => a + b, 0)],
    ["all 7 one by one (like kubeadm)", sequential],
    [`all 7 in parallel, concurrency ${DEFAULT_PULL_CONCURRENCY} (default)`, parallelDefault],
    [`all 7 in parallel, concurrency ${IMAGES.length}`, parallelAll],
  ];
  console.log("");
  for (const [label, s] of rows) console.log(`${label.padEnd(w)}  ${`${s.toFixed(2)} s`.padStart(18)}`);
  console.log("");
  for (const [label, s] of [
    [`concurrency ${DEFAULT_PULL_CONCURRENCY}`, parallelDefault],
    [`concurrency ${IMAGES.length}`, parallelAll],
  ]) {
    const ratio = s / slowest;
    console.log(
      `parallel (${label}) / slowest single = ${ratio.toFixed(2)}x  [target <= 1.5x: ${ratio <= 1.5 ? "met" : "MISSED"}]   parallel / sequential = ${(s / sequential).toFixed(2)}x`,
    );
  }
  console.log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => {});
}
