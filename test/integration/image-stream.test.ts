/**
 * Images once per cluster, for real: this node's containerd (pulled from a docker-registry on
 * 127.0.0.1 through the profile's certs.d mirror) streams what each host lacks over real SSH
 * (Debian's sshd in a network namespace per host) straight into that host's own real containerd.
 * One host already holds some of the images and gets only the others; a host whose stream fails
 * pulls on its own (through a forwarder on its veth address to the same registry) and says so.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server, connect as tcpConnect } from "node:net";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostsTomlPath, renderHostsToml } from "../../src/host/containerd/hosts-toml.js";
import { localFiles } from "../../src/host/files.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import {
  execaRunner,
  pipeCommands,
  type Runner,
  type RunOptions,
  type RunResult,
} from "../../src/host/runner.js";
import { ctrBase } from "../../src/images/archive.js";
import { mustParseReference } from "../../src/images/reference.js";
import { localNode, type Node } from "../../src/node/node.js";
import { sshNode } from "../../src/node/ssh-node.js";
import { ssh2Transport } from "../../src/ssh/ssh2-transport.js";
import type { SshSession } from "../../src/ssh/transport.js";
import { emptyOutputs, type RunData } from "../../src/workflow/data.js";
import { imageSource, streamImages, withImageStream } from "../../src/workflow/steps/image-stream.js";
import { imagesStep } from "../../src/workflow/steps/images.js";
import { type NetnsHosts, startNetnsHosts } from "../fakes/netns-hosts.mjs";
import { firstReason, requireNetns, skipTitle } from "../support/requires.js";
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

const SKIP = firstReason(NO_CONTAINERD, requireNetns());
const SOCKET = "unix:///var/run/containerd/containerd.sock";
const MIRRORED = "registry.aliyuncs.com/google_containers";
const IMAGES = ["pause:3.10", "kube-proxy:v1.33.2", "etcd:3.5.21-0", "coredns:v1.12.0"].map(
  (i) => `${MIRRORED}/${i}`,
);
const [PAUSE, PROXY, ETCD, COREDNS] = IMAGES as [string, string, string, string];

describe.skipIf(SKIP !== undefined)(skipTitle("image stream to netns hosts over SSH", SKIP), () => {
  let dir = "";
  let registry: Registry | undefined;
  let net: NetnsHosts | undefined;
  let source: Containerd | undefined;
  let sourceNode: Node | undefined;
  const targets: Containerd[] = [];
  const nodes: Node[] = [];
  const remoteLog: string[][] = [];
  const sessions: SshSession[] = [];
  const forwarders: Server[] = [];
  const savedEnv = { ...process.env };

  async function mirrorOn(root: string, url: string) {
    const file = hostsTomlPath(join(root, "etc/containerd/certs.d"), "registry.aliyuncs.com");
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderHostsToml("registry.aliyuncs.com", [url]));
  }

  /** rootAddress:port -> the registry on 127.0.0.1, so a namespace reaches it over its veth. */
  async function forwarder(address: string, to: number): Promise<number> {
    const srv = createServer((c) => {
      const up = tcpConnect(to, "127.0.0.1");
      c.pipe(up).pipe(c);
      up.on("error", () => c.destroy());
      c.on("error", () => up.destroy());
    });
    await new Promise<void>((r) => srv.listen(0, address, r));
    forwarders.push(srv);
    return (srv.address() as { port: number }).port;
  }

  beforeAll(async () => {
    dir = tempDir("kadm-stream-");
    registry = await startRegistry();
    for (const [i, image] of IMAGES.entries()) {
      const ref = mustParseReference(image.replace(MIRRORED, `${registry.host}/google_containers`));
      await seedImage(registry.url, ref.repository, ref.tag ?? "latest", { layerBytes: 200_000 * (i + 1) });
    }
    const env = guardEnv(await freePort());
    Object.assign(process.env, env);
    const sourceRoot = join(dir, "source");
    source = await startContainerd({ dir: join(sourceRoot, "var/run/containerd"), env });
    await mirrorOn(sourceRoot, registry.url);
    sourceNode = localNode(rootedHostFs({ root: sourceRoot, dryRun: false }), execaRunner());

    net = await startNetnsHosts(2, { octet: 238 });
    // The hosts run the real ctr (first on their PATH) against a real containerd under their root.
    const realBin = join(dir, "real-bin");
    mkdirSync(realBin);
    symlinkSync("/usr/bin/ctr", join(realBin, "ctr"));
    const known = join(net.dir, "known_hosts");
    writeFileSync(known, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
    const transport = ssh2Transport({ knownHostsPath: known, acceptNew: false, files: localFiles });
    for (const h of net.hosts) {
      rmSync(join(h.root, "var/run/containerd/containerd.sock"), { force: true });
      targets.push(await startContainerd({ dir: join(h.root, "var/run/containerd"), env }));
      const port = await forwarder(h.rootAddress, Number(registry.host.split(":")[1]));
      await mirrorOn(h.root, `http://${h.rootAddress}:${port}`);
      const session = await transport.connect({
        host: h.address,
        port: 22,
        user: "root",
        privateKey: readFileSync(net.clientKey, "utf8"),
      });
      sessions.push(session);
      const log: string[] = [];
      remoteLog.push(log);
      nodes.push(
        sshNode(session, {
          id: `host-${h.index}`,
          user: "root",
          root: h.root,
          env: { ...h.env, PATH: `${realBin}:${h.env.PATH}` },
          dryRun: false,
          lang: "en",
          log: (l) => log.push(l),
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    process.env = savedEnv;
    for (const s of sessions) s.close();
    for (const f of forwarders) await new Promise((r) => f.close(r));
    for (const c of targets) await c.stop();
    await source?.stop();
    await net?.stop();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const digests = containerdImages;

  /** This node's runner with `f` seeing every command first: its answer, or undefined to run it. */
  const spied = (f: (argv: readonly string[], o?: RunOptions) => Promise<RunResult> | undefined): Runner => {
    const real = (sourceNode as Node).runner;
    return { dryRun: false, recorded: [], run: (argv, o) => f(argv, o) ?? real.run(argv, o) };
  };
  const ctrFailure = (stderr: string): RunResult => ({
    command: "ctr",
    exitCode: 1,
    stdout: "",
    stderr,
    timedOut: false,
    skipped: false,
    notFound: false,
  });

  it("each host gets only what it lacks: the digests of this node, no file on either side", async () => {
    const [t0, t1] = targets;
    // Host 0 holds pause and kube-proxy already (pulled there before, as a half-prepared node would).
    const src = imageSource(sourceNode as Node, { criSocket: SOCKET });
    const pre = await source?.ctr([
      "-n",
      "k8s.io",
      "images",
      "pull",
      "--hosts-dir",
      join(dir, "source/etc/containerd/certs.d"),
      PAUSE,
    ]);
    expect(pre?.exitCode, pre?.stderr).toBe(0);
    const seeded = await streamImages(src, nodes[0] as Node, [PAUSE, PROXY], {
      criSocket: SOCKET,
      lang: "en",
    });
    expect(seeded.kind).toBe("streamed");
    const lines: string[] = [];
    const [a, b] = await Promise.all(
      [0, 1].map((i) =>
        streamImages(src, nodes[i] as Node, [PAUSE, PROXY, ETCD], {
          criSocket: SOCKET,
          lang: "en",
          progress: (l) => lines.push(l),
        }),
      ),
    );
    expect(a).toMatchObject({ kind: "streamed", images: [ETCD], present: 2 });
    expect(b).toMatchObject({ kind: "streamed", images: [PAUSE, PROXY, ETCD], present: 0 });
    if (a?.kind !== "streamed" || b?.kind !== "streamed") throw new Error("not streamed");
    // etcd is 600 kB of random bytes: host 0 got it alone, host 1 all three (1.2 MB).
    expect(a.bytes).toBeGreaterThan(600_000);
    expect(b.bytes).toBeGreaterThan(a.bytes + 500_000);
    expect(lines.some((l) => /^images from this node: .* of .* \(\d images?\)$/.test(l))).toBe(true);
    const want = await digests(source);
    for (const c of [t0, t1]) {
      const got = await digests(c);
      for (const ref of [PAUSE, PROXY, ETCD]) expect(got.get(ref)?.digest, ref).toBe(want.get(ref)?.digest);
    }
    // Straight from stdin into containerd: no archive file on the host (and the source wrote to "-").
    const imports = remoteLog.flat().filter((l) => l.includes(" images import"));
    expect(imports.length).toBe(3);
    for (const l of imports) expect(l).toMatch(/ --namespace k8s\.io images import -$/);
    // Asked again: nothing to send.
    expect(
      await streamImages(src, nodes[1] as Node, [PAUSE, PROXY, ETCD], { criSocket: SOCKET, lang: "en" }),
    ).toEqual({
      kind: "present",
      count: 3,
    });
  }, 180_000);

  it("a host whose stream fails pulls on its own, and says so", async () => {
    // The stream breaks on this node's side (its ctr export fails); the host's containerd is real.
    const _real = (sourceNode as Node).runner;
    const failing = spied((argv) =>
      argv.includes("export") ? Promise.resolve(ctrFailure("ctr: simulated: export broke")) : undefined,
    );
    const src = imageSource({ ...(sourceNode as Node), runner: failing }, { criSocket: SOCKET });
    const node = nodes[1] as Node;
    const data = {
      spec: { node: { criSocket: SOCKET } },
      images: { images: [PAUSE, COREDNS], needed: [] },
      outputs: emptyOutputs(),
    } as unknown as RunData;
    const env = {
      lang: "en" as const,
      dryRun: false,
      signal: new AbortController().signal,
      liveOutput: false,
      kubeadmPath: "kubeadm",
    };
    const output: string[] = [];
    const [step] = withImageStream(imagesStep(node, env, data, data.images), src, node, data, {
      lang: "en",
      output: (l) => output.push(l),
    });
    const done = await step?.run(
      () => {},
      () => {},
    );
    expect(output).toEqual([
      "streaming images from this node failed (simulated: export broke); pulling them on the node instead",
    ]);
    expect(done).toContain("2 images");
    expect(data.outputs.pulls.join("\n")).toContain(`${COREDNS} pulled`);
    expect((await digests(targets[1])).has(COREDNS)).toBe(true);
  }, 180_000);

  it("the other direction: a node's ctr export streamed over SSH into a command here", async () => {
    const node = nodes[0] as Node;
    const r = await pipeCommands(
      { runner: node.runner, argv: [...ctrBase(node, SOCKET), "images", "export", "-", PAUSE] },
      { runner: execaRunner(), argv: ["tar", "-t"] },
    );
    expect(r.from.exitCode, r.from.stderr).toBe(0);
    expect(r.to.stdout.split("\n")).toContain("index.json");
    expect(r.bytes).toBeGreaterThan(200_000);
  }, 60_000);

  it("a host command that stops reading half-way ends the pipe with its exit status, nothing thrown", async () => {
    const node = nodes[1] as Node;
    const r = await pipeCommands(
      { runner: execaRunner(), argv: ["head", "-c", "50000000", "/dev/zero"] },
      {
        runner: node.runner,
        argv: ["sh", "-c", "head -c 1000 >/dev/null; echo 'ctr: no space left' >&2; exit 3"],
      },
    );
    expect(r.to.exitCode).toBe(3);
    expect(r.to.stderr).toContain("no space left");
    expect(r.from.exitCode).not.toBe(0);
    // The session is still usable afterwards.
    expect((await node.runner.run(["true"])).exitCode).toBe(0);
  }, 60_000);

  it("an image this node cannot pull is tried here once per run, not once per host", async () => {
    let pulls = 0;
    const counting = spied((argv) => {
      if (argv.includes("pull")) pulls++;
      return undefined;
    });
    const src = imageSource(
      { ...(sourceNode as Node), runner: counting },
      { criSocket: SOCKET, share: true },
    );
    const missing = `${MIRRORED}/not-in-the-mirror:v0.0.1`;
    const first = await streamImages(src, nodes[0] as Node, [missing], { criSocket: SOCKET, lang: "en" });
    expect(first).toEqual({ kind: "failed", reason: `this node could not pull 1 image either: ${missing}` });
    const tried = pulls;
    expect(tried).toBeGreaterThan(0);
    const second = await streamImages(src, nodes[1] as Node, [missing], { criSocket: SOCKET, lang: "en" });
    expect(second).toEqual(first);
    expect(pulls).toBe(tried);
  }, 120_000);

  it("hosts lacking the same set share one export of it; a failed export is not replayed to a later host", async () => {
    // Both hosts lose pause and coredns: the same two images, the same digests.
    for (const c of targets) await c.ctr(["-n", "k8s.io", "images", "rm", PAUSE, COREDNS]);
    const real = (sourceNode as Node).runner;
    const exportsRun: string[][] = [];
    let breakExport = true;
    let listings = 0;
    const counting = spied((argv, o) => {
      if (argv.includes("ls")) listings++;
      if (!argv.includes("export")) return undefined;
      exportsRun.push([...argv]);
      if (!breakExport) return undefined;
      // Half of the real archive, then (after both hosts began reading) a failure: each host's
      // import waits for the rest and must be stopped, none hangs.
      const parts: Buffer[] = [];
      const collect = new Writable({
        write(c: Buffer, _e, done) {
          parts.push(c);
          done();
        },
      });
      return real
        .run(argv, { ...o, stdoutStream: collect })
        .then(() => {
          const whole = Buffer.concat(parts);
          o?.stdoutStream?.write(whole.subarray(0, whole.length >> 1));
          return new Promise((r) => setTimeout(r, 1500));
        })
        .then(() => ctrFailure("ctr: simulated: blob vanished"));
    });
    const src = imageSource(
      { ...(sourceNode as Node), runner: counting },
      { criSocket: SOCKET, share: true },
    );
    const both = () =>
      Promise.all(
        [0, 1].map((i) =>
          streamImages(src, nodes[i] as Node, [PAUSE, COREDNS], { criSocket: SOCKET, lang: "en" }),
        ),
      );
    const failed = await both();
    expect(failed).toEqual([
      { kind: "failed", reason: "simulated: blob vanished" },
      { kind: "failed", reason: "simulated: blob vanished" },
    ]);
    expect(exportsRun.length).toBe(1);
    // The next hosts get a fresh export, shared again.
    breakExport = false;
    const [a, b] = await both();
    expect(exportsRun.length).toBe(2);
    // This node's image list was read once for the four streams.
    expect(listings).toBe(1);
    expect(exportsRun[1]).toEqual(expect.arrayContaining(["export", "-", COREDNS, PAUSE]));
    expect(a).toMatchObject({ kind: "streamed", present: 0 });
    expect(b).toMatchObject({ kind: "streamed", present: 0 });
    if (a?.kind !== "streamed" || b?.kind !== "streamed") throw new Error("not streamed");
    expect(a.bytes).toBe(b.bytes);
    expect(a.bytes).toBeGreaterThan(800_000);
    const want = await digests(source);
    for (const c of targets) {
      const got = await digests(c);
      for (const ref of [PAUSE, COREDNS]) expect(got.get(ref)?.digest, ref).toBe(want.get(ref)?.digest);
    }
    // A run of two hosts drops what it holds once both are past their images step (or stopped).
    const run = imageSource(
      { ...(sourceNode as Node), runner: counting },
      { criSocket: SOCKET, share: true, hosts: 2 },
    );
    const set = [want.get(PAUSE)].filter((d) => d !== undefined);
    const held = run.shared("linux/amd64", set);
    expect(held).toBeDefined();
    expect(run.shared("linux/amd64", set)).toBe(held);
    run.release("host-0");
    run.release("host-0");
    expect(run.shared("linux/amd64", set)).toBe(held);
    run.release("host-1");
    const fresh = run.shared("linux/amd64", set);
    expect(fresh).not.toBe(held);
    await Promise.all([held?.done, fresh?.done]);
  }, 180_000);
});
