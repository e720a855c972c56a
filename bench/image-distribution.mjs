#!/usr/bin/env node
/**
 * Images once per cluster. A docker-registry stands for the internet mirror behind a proxy that
 * adds latency to every request, caps each connection and the whole link, and counts the bytes it
 * passes. This node (the first control plane: a real containerd here) pre-pulls its image set
 * through that proxy (a certs.d hosts.toml mirror), then every host, a network namespace with
 * Debian's sshd and its OWN real containerd (addresses 10.239.<i>.2 only), gets the images it lacks
 * streamed over its SSH session (ctr export - | ssh ... ctr import -), as add-node does. Image sizes
 * are the real ones (kube-apiserver 28 MiB, etcd 57 MiB, ...; random bytes, so incompressible).
 *
 * Measured, each on fresh containerd state:
 *   - one node's pre-pull (the control plane's set, concurrency 8) vs total bytes / link cap
 *   - stream mode, 1 host and N hosts (workers): bytes through the proxy and wall time
 *   - today's per-node pull, N hosts each pulling through the proxy themselves (--no-baseline: skip)
 *
 *   npm run build && node bench/image-distribution.mjs [--hosts 20] [--latency-ms 150]
 *       [--conn-mibps 8] [--link-mibps 12] [--stream-concurrency 4] [--no-baseline]
 *
 * Needs root, containerd, ctr, docker-registry, iproute2, openssh-server. Exits non-zero on errors
 * only, not when a target is missed. Uses dist/.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { execa } from "execa";
import { hostsTomlPath, renderHostsToml } from "../dist/host/containerd/hosts-toml.js";
import { localFiles } from "../dist/host/files.js";
import { rootedHostFs } from "../dist/host/host-fs.js";
import { execaRunner } from "../dist/host/runner.js";
import { pullImages } from "../dist/images/pull.js";
import { formatSize } from "../dist/images/pull-output.js";
import { mustParseReference } from "../dist/images/reference.js";
import { localNode } from "../dist/node/node.js";
import { sshNode } from "../dist/node/ssh-node.js";
import { ssh2Transport } from "../dist/ssh/ssh2-transport.js";
import { imageSource, streamImages } from "../dist/workflow/steps/image-stream.js";
import { netnsUnavailable, startNetnsHosts } from "../test/fakes/netns-hosts.mjs";

const { values: args } = parseArgs({
  options: {
    hosts: { type: "string", default: "20" },
    "latency-ms": { type: "string", default: "150" },
    "conn-mibps": { type: "string", default: "8" },
    "link-mibps": { type: "string", default: "12" },
    "stream-concurrency": { type: "string", default: "4" },
    "no-baseline": { type: "boolean", default: false },
  },
});
const HOSTS = Number(args.hosts);
const LATENCY_MS = Number(args["latency-ms"]);
const CONN_BPS = Number(args["conn-mibps"]) * 2 ** 20;
const LINK_BPS = Number(args["link-mibps"]) * 2 ** 20;
const STREAMS = Number(args["stream-concurrency"]);
const SOCKET = "unix:///var/run/containerd/containerd.sock";
const UPSTREAM = "registry.aliyuncs.com";
const REPO = `${UPSTREAM}/google_containers`;
const CNI = "ghcr.m.daocloud.io/flannel-io";
/** Compressed sizes in MiB, about those of v1.33 and flannel v0.28 for linux/amd64. */
const SIZES = {
  [`${REPO}/kube-apiserver:v1.33.2`]: 28,
  [`${REPO}/kube-controller-manager:v1.33.2`]: 26,
  [`${REPO}/kube-scheduler:v1.33.2`]: 20,
  [`${REPO}/kube-proxy:v1.33.2`]: 30,
  [`${REPO}/coredns:v1.12.0`]: 21,
  [`${REPO}/pause:3.10`]: 0.3,
  [`${REPO}/etcd:3.5.21-0`]: 57,
  [`${CNI}/flannel:v0.28.9`]: 32,
  [`${CNI}/flannel-cni-plugin:v1.9.1-flannel3`]: 4.5,
};
const CONTROL_PLANE = Object.keys(SIZES);
/** What a worker pulls (nodeImages for a worker): pause, kube-proxy and the CNI's. */
const WORKER = CONTROL_PLANE.filter((i) => /\/(pause|kube-proxy|flannel|flannel-cni-plugin):/.test(i));

const cleanups = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const port = () =>
  new Promise((resolve, reject) => {
    const s = netServer().listen(0, "127.0.0.1", () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });

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

async function until(what, d, ok, ms = 60_000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    if (d.dead()) throw new Error(`${what} exited:\n${d.tail()}`);
    if (await ok().catch(() => false)) return;
  }
  throw new Error(`${what} not ready after ${ms} ms:\n${d.tail()}`);
}

// --- the mirror: registry behind a slow, counting proxy

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

/** Bytes the proxy passed (response bodies), reset per run. */
const counter = { bytes: 0 };

function throttle(link) {
  const conn = { t: 0 };
  return new Transform({
    transform(chunk, _enc, done) {
      counter.bytes += chunk.length;
      const now = performance.now();
      let at = now;
      for (const [state, bps] of [
        [conn, CONN_BPS],
        [link, LINK_BPS],
      ]) {
        if (!bps) continue;
        state.t = Math.max(state.t, now) + (chunk.length / bps) * 1000;
        at = Math.max(at, state.t);
      }
      setTimeout(() => done(null, chunk), at - now);
    },
  });
}

/** The proxy on `address` (127.0.0.1, and each namespace's veth address for today's per-node pulls). */
async function slowProxy(target, link, address) {
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
  await new Promise((r) => server.listen(0, address, r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  return server.address().port;
}

// --- seeding (straight to the registry)

const digest = (b) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const ARCH = { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;

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
  return { size: blob.length, digest: d };
}

/** The image under its repository path (google_containers/..., flannel-io/...): one registry serves both mirrors. */
async function seed(base, image, mib) {
  const { repository: repo, tag } = mustParseReference(image);
  const tar = tarball("payload.bin", randomBytes(Math.round(mib * 2 ** 20)));
  const config = Buffer.from(
    JSON.stringify({ architecture: ARCH, os: "linux", rootfs: { type: "layers", diff_ids: [digest(tar)] } }),
  );
  const layer = gzipSync(tar, { level: 1 });
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { ...(await upload(base, repo, config)), mediaType: "application/vnd.oci.image.config.v1+json" },
    layers: [
      { ...(await upload(base, repo, layer)), mediaType: "application/vnd.oci.image.layer.v1.tar+gzip" },
    ],
  });
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
    method: "PUT",
    headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
    body: manifest,
  });
  if (res.status !== 201) throw new Error(`manifest ${image}: HTTP ${res.status}`);
  return layer.length + config.length + manifest.length;
}

/** hosts.toml under `root` for each upstream registry: the proxy in front of the one registry. */
function writeMirrors(root, proxyUrl) {
  for (const upstream of [UPSTREAM, "ghcr.m.daocloud.io"]) {
    const file = hostsTomlPath(join(root, "etc/containerd/certs.d"), upstream);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, renderHostsToml(upstream, [proxyUrl]));
  }
}

// --- containerd per machine, fresh for each run

async function containerdAt(root, env) {
  const dir = join(root, "var/run/containerd");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
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

// --- runs

async function prePull(node, images, env) {
  const results = await pullImages(images, {
    runner: node.runner,
    address: node.fs.resolve("/var/run/containerd/containerd.sock"),
    hostsDir: node.fs.resolve("/etc/containerd/certs.d"),
    env,
    retries: 0,
  });
  const bad = results.filter((r) => r.status !== "pulled" && r.status !== "cached");
  if (bad.length > 0)
    throw new Error(
      `not pulled on ${node.id}: ${bad.map((r) => `${r.ref} ${r.failure?.evidence ?? ""}`).join("; ")}`,
    );
}

async function main() {
  const why = netnsUnavailable();
  if (why) throw new Error(`cannot run here: ${why}`);
  for (const bin of ["containerd", "ctr", "docker-registry"])
    if ((await execa("sh", ["-c", `command -v ${bin}`], { reject: false })).exitCode !== 0)
      throw new Error(`${bin} missing (apt-get install containerd docker-registry)`);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "kadm-distribution-bench-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const dead = await port();
  const proxyEnv = `http://127.0.0.1:${dead}`;
  const env = {
    LC_ALL: "C",
    ...Object.fromEntries(
      ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"].flatMap((k) => [
        [k, proxyEnv],
        [k.toLowerCase(), proxyEnv],
      ]),
    ),
    NO_PROXY: "127.0.0.1,localhost,::1,10.239.0.0/16",
    no_proxy: "127.0.0.1,localhost,::1,10.239.0.0/16",
  };

  mkdirSync(join(dir, "registry"));
  const registryPort = await startRegistry(join(dir, "registry"));
  const bytes = {};
  for (const [image, mib] of Object.entries(SIZES))
    bytes[image] = await seed(`http://127.0.0.1:${registryPort}`, image, mib);
  const setBytes = (set) => set.reduce((n, i) => n + bytes[i], 0);
  const link = { t: 0 };
  const proxyPort = await slowProxy(registryPort, link, "127.0.0.1");

  const sourceRoot = join(dir, "source");
  writeMirrors(sourceRoot, `http://127.0.0.1:${proxyPort}`);
  const sourceNode = {
    ...localNode(rootedHostFs({ root: sourceRoot, dryRun: false }), execaRunner()),
    id: "control-plane",
  };

  const net = await startNetnsHosts(HOSTS, { octet: 239 });
  cleanups.push(() => net.stop());
  const realBin = join(dir, "real-bin");
  mkdirSync(realBin);
  symlinkSync("/usr/bin/ctr", join(realBin, "ctr"));
  const known = join(dir, "known_hosts");
  writeFileSync(known, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
  const transport = ssh2Transport({ knownHostsPath: known, acceptNew: false, files: localFiles });
  const hosts = [];
  for (const h of net.hosts) {
    // Today's per-node pull: the same proxy (same link), reached on the namespace's veth address.
    const p = await slowProxy(registryPort, link, h.rootAddress);
    writeMirrors(h.root, `http://${h.rootAddress}:${p}`);
    const session = await transport.connect({
      host: h.address,
      port: 22,
      user: "root",
      privateKey: readFileSync(net.clientKey, "utf8"),
    });
    cleanups.push(async () => session.close());
    const node = sshNode(session, {
      id: `host-${h.index}`,
      user: "root",
      root: h.root,
      env: { ...h.env, PATH: `${realBin}:${h.env.PATH}` },
      dryRun: false,
      lang: "en",
    });
    hosts.push({ h, node });
  }

  const version = (await execa("containerd", ["--version"])).stdout.split(" ").at(2);
  const cap = (bps) => (bps ? `${formatSize(bps)}/s` : "none");
  console.log(
    `kadm-wizard image distribution benchmark: ${HOSTS} netns hosts, each with its own containerd ${version}`,
  );
  console.log(
    `mirror proxy: +${LATENCY_MS} ms per request, per-connection cap ${cap(CONN_BPS)}, link cap ${cap(LINK_BPS)}; ` +
      `control-plane set ${CONTROL_PLANE.length} images ${formatSize(setBytes(CONTROL_PLANE))}, worker set ${WORKER.length} images ${formatSize(setBytes(WORKER))}; ${STREAMS} streams at once\n`,
  );

  /** Fresh containerds on the source and the first `n` hosts; returns their stop(). */
  const fresh = async (n, withSource = true) => {
    const ds = await Promise.all([
      ...(withSource ? [containerdAt(sourceRoot, env)] : []),
      ...hosts.slice(0, n).map(({ h }) => containerdAt(h.root, env)),
    ]);
    return async () => {
      for (const d of ds) await d.stop();
    };
  };
  const measure = async (label, f) => {
    counter.bytes = 0;
    link.t = 0;
    const t0 = performance.now();
    const extra = await f();
    const r = { label, seconds: (performance.now() - t0) / 1000, bytes: counter.bytes, ...extra };
    console.log(`  ${label}: ${r.seconds.toFixed(2)} s, ${formatSize(r.bytes)} through the mirror proxy`);
    return r;
  };

  // 1. One node's pre-pull against the link.
  let stop = await fresh(0);
  const one = await measure("one node's pre-pull (control-plane set, concurrency 8)", () =>
    prePull(sourceNode, CONTROL_PLANE, env),
  );
  await stop();

  // 2. Stream mode: the control plane pulls once, the hosts get what they lack from it.
  const streamRun = async (n) => {
    const stopAll = await fresh(n);
    try {
      return await measure(`stream mode, ${n} host(s)`, async () => {
        await prePull(sourceNode, CONTROL_PLANE, env);
        const pulled = performance.now();
        // As add-node: more than one host shares each set's export.
        const src = imageSource(sourceNode, { criSocket: SOCKET, concurrency: STREAMS, share: n > 1 });
        const outs = await Promise.all(
          hosts
            .slice(0, n)
            .map(({ node }) => streamImages(src, node, WORKER, { criSocket: SOCKET, lang: "en" })),
        );
        const bad = outs.filter((o) => o.kind !== "streamed");
        if (bad.length > 0) throw new Error(`stream failed: ${JSON.stringify(bad[0])}`);
        // The host's own pre-pull after the stream: everything is there (cached), nothing asked from the mirror.
        await Promise.all(hosts.slice(0, n).map(({ node }) => prePull(node, WORKER, env)));
        return {
          streamSeconds: (performance.now() - pulled) / 1000,
          streamed: outs.reduce((s, o) => s + o.bytes, 0),
        };
      });
    } finally {
      await stopAll();
    }
  };
  const s1 = await streamRun(1);
  const sN = await streamRun(HOSTS);

  // 3. Today: every host pulls its set through the mirror itself (after the control plane's own).
  let base;
  if (!args["no-baseline"]) {
    stop = await fresh(HOSTS);
    try {
      base = await measure(`per-node pull (today), ${HOSTS} hosts`, async () => {
        await prePull(sourceNode, CONTROL_PLANE, env);
        await Promise.all(hosts.map(({ node }) => prePull(node, WORKER, env)));
        return {};
      });
    } finally {
      await stop();
    }
  }

  const limit = setBytes(CONTROL_PLANE) / LINK_BPS;
  const rows = [
    ["one node's pre-pull", one.seconds, one.bytes],
    ["stream mode, 1 host", s1.seconds, s1.bytes],
    [`stream mode, ${HOSTS} hosts`, sN.seconds, sN.bytes],
    ...(base ? [[`per-node pull (today), ${HOSTS} hosts`, base.seconds, base.bytes]] : []),
  ];
  console.log("");
  console.log("| run | wall (s) | bytes through the mirror |");
  console.log("| --- | ---: | ---: |");
  for (const [l, s, b] of rows) console.log(`| ${l} | ${s.toFixed(2)} | ${formatSize(b)} |`);
  console.log(
    `\nstream phase: 1 host ${s1.streamSeconds.toFixed(2)} s (${formatSize(s1.streamed)}), ${HOSTS} hosts ${sN.streamSeconds.toFixed(2)} s (${formatSize(sN.streamed)} over SSH)`,
  );
  const verdict = (x, t) => `[target <= ${t}x: ${x <= t ? "met" : "MISSED"}]`;
  const bytesRatio = sN.bytes / setBytes(CONTROL_PLANE);
  const timeRatio = sN.seconds / s1.seconds;
  const linkRatio = one.seconds / limit;
  console.log(
    `bytes through the mirror, ${HOSTS} hosts / one host's set = ${bytesRatio.toFixed(3)}x ${verdict(bytesRatio, 1.05)}`,
  );
  if (base)
    console.log(
      `  (today's per-node pull: ${(base.bytes / setBytes(CONTROL_PLANE)).toFixed(2)}x, ${base.seconds.toFixed(1)} s)`,
    );
  console.log(`wall time, ${HOSTS} hosts / 1 host = ${timeRatio.toFixed(2)}x ${verdict(timeRatio, 1.3)}`);
  console.log(
    `one node's pre-pull / (total bytes / link cap = ${limit.toFixed(2)} s) = ${linkRatio.toFixed(2)}x ${verdict(linkRatio, 1.15)}`,
  );
  console.log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => {});
}
