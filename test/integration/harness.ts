/**
 * Integration harness: real docker-registry and containerd daemons in temp directories, on
 * 127.0.0.1 ports and private sockets, so the machine's own containerd is never touched. Registries
 * are only ever reached on loopback; tools that would go elsewhere get a dead proxy (guardEnv).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { createServer, request } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { type ImageDigest, parseImageDigests } from "../../src/images/archive-index.js";
import { requireTool, skipTitle } from "../support/requires.js";

export function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(delimiter)) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch {}
  }
  return undefined;
}

/** The containerd suites run only where containerd, ctr and docker-registry are; else skipped with the reason in the title. */
export const NO_CONTAINERD = requireTool("containerd", "ctr", "docker-registry");
export const HAVE_CONTAINERD = NO_CONTAINERD === undefined;

export function containerdSuiteTitle(title: string): string {
  return skipTitle(title, NO_CONTAINERD);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A port nothing listens on (briefly bound, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Environment for child processes that talk to registries (ctr does the HTTP itself): loopback
 * goes direct, everything else to a proxy on a dead local port, so no request or DNS lookup for a
 * real registry ever leaves the machine.
 */
export function guardEnv(deadPort: number): Record<string, string> {
  const proxy = `http://127.0.0.1:${deadPort}`;
  const noProxy = "127.0.0.1,localhost,::1";
  const env: Record<string, string> = { LC_ALL: "C" };
  for (const [k, v] of [
    ["HTTP_PROXY", proxy],
    ["HTTPS_PROXY", proxy],
    ["ALL_PROXY", proxy],
    ["NO_PROXY", noProxy],
  ]) {
    env[k as string] = v as string;
    env[(k as string).toLowerCase()] = v as string;
  }
  return env;
}

/** A background process whose output is kept for failure messages. */
export interface Daemon {
  child: ChildProcess;
  output: () => string;
  exited: () => boolean;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop: () => Promise<void>;
}

export function startDaemon(bin: string, args: string[], env: Record<string, string> = {}): Daemon {
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let out = "";
  let done = false;
  child.stdout?.on("data", (b) => (out += String(b)));
  child.stderr?.on("data", (b) => (out += String(b)));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.once("exit", () => (done = true));
  child.on("error", (e) => {
    out += `\nspawn error: ${e.message}`;
    done = true;
  });
  return {
    child,
    output: () => out,
    exited: () => done,
    async stop() {
      if (done) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `ready` every 100 ms until it holds, the daemon dies, or `timeoutMs` pass. */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  opts: { timeoutMs: number; daemon?: Daemon },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const log = () => opts.daemon?.output().slice(-3000) ?? "";
  while (Date.now() < deadline) {
    if (opts.daemon?.exited()) throw new Error(`${what} exited before it was ready:\n${log()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not ready after ${opts.timeoutMs} ms:\n${log()}`);
}

/** Waits until `url` answers HTTP 200. */
export async function waitReady(
  url: string,
  opts: { timeoutMs?: number; daemon?: Daemon } = {},
): Promise<void> {
  await waitFor(
    url,
    async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      return res.status === 200;
    },
    { timeoutMs: opts.timeoutMs ?? 15_000, ...(opts.daemon ? { daemon: opts.daemon } : {}) },
  );
}

// --- docker-registry

export interface Registry {
  /** http://127.0.0.1:<port>: the registry, or the latency proxy in front of it. */
  url: string;
  /** 127.0.0.1:<port> of `url`, as image references name it. */
  host: string;
  /** docker-registry's own output, access log included. */
  output: () => string;
  /** Stops the proxy and the registry and removes its storage. */
  stop: () => Promise<void>;
}

export interface RegistryOptions {
  /** Every request waits this long in a proxy before it reaches the registry. */
  latencyMs?: number;
  /** Storage and config go here; default a temp directory, removed by stop(). */
  dir?: string;
}

export async function startRegistry(opts: RegistryOptions = {}): Promise<Registry> {
  const bin = onPath("docker-registry");
  if (!bin) throw new Error("docker-registry not on PATH: apt-get install docker-registry");
  const dir = opts.dir ?? tempDir("kadm-registry-");
  const port = await freePort();
  const config = join(dir, "registry.yml");
  writeFileSync(
    config,
    [
      "version: 0.1",
      "log:",
      "  level: warn",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${join(dir, "data")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      "  secret: kadm-wizard-test",
      "",
    ].join("\n"),
  );
  const daemon = startDaemon(bin, ["serve", config]);
  const direct = `http://127.0.0.1:${port}`;
  const cleanup = async () => {
    await daemon.stop();
    if (!opts.dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${direct}/v2/`, { daemon });
  } catch (e) {
    await cleanup();
    throw e;
  }
  if (!opts.latencyMs)
    return { url: direct, host: `127.0.0.1:${port}`, output: daemon.output, stop: cleanup };

  const proxy = await latencyProxy(port, opts.latencyMs);
  return {
    url: `http://127.0.0.1:${proxy.port}`,
    host: `127.0.0.1:${proxy.port}`,
    output: daemon.output,
    async stop() {
      await proxy.close();
      await cleanup();
    },
  };
}

/** Forwards every request to 127.0.0.1:<target> after `ms`; Host is kept, so Location headers point back here. */
async function latencyProxy(
  target: number,
  ms: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    setTimeout(() => {
      const up = request(
        { host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers },
        (ur) => {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
        },
      );
      up.on("error", (e) => res.destroy(e));
      req.pipe(up);
    }, ms);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("latency proxy has no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- containerd

export interface CtrResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

export interface Containerd {
  /** The daemon's socket: `ctr --address`. */
  address: string;
  /** Runs ctr against this daemon with guardEnv. */
  ctr: (args: string[], timeoutMs?: number) => Promise<CtrResult>;
  output: () => string;
  stop: () => Promise<void>;
}

export interface ContainerdOptions {
  /** root, state, socket and config go here (the caller removes it). */
  dir: string;
  /** Edits `containerd config default` before the paths are pointed into `dir`. */
  configure?: (defaultConfig: string) => string;
  /** For the daemon and for ctr; default guardEnv on a dead port. */
  env?: Record<string, string>;
}

export async function containerdDefaultConfig(): Promise<string> {
  const r = await execa("containerd", ["config", "default"], {
    reject: false,
    timeout: 30_000,
    env: { LC_ALL: "C" },
  });
  if (r.exitCode !== 0) throw new Error(`containerd config default: ${r.stderr}`);
  return r.stdout;
}

/** A containerd of its own: --root/--state/--address and the opt plugin's path all under `dir`. */
export async function startContainerd(opts: ContainerdOptions): Promise<Containerd> {
  const bin = onPath("containerd");
  if (!bin) throw new Error("containerd not on PATH: apt-get install containerd runc");
  if (!onPath("ctr")) throw new Error("ctr not on PATH: it comes with the containerd package");
  const { dir } = opts;
  await mkdir(dir, { recursive: true });
  const address = join(dir, "containerd.sock");
  const env = opts.env ?? guardEnv(await freePort());
  const base = await containerdDefaultConfig();
  const config = (opts.configure ? opts.configure(base) : base)
    .replace(/^(\s*)path = "\/opt\/containerd"$/m, `$1path = "${join(dir, "opt")}"`)
    .replace(/^(\s*)address = "\/run\/containerd\/containerd\.sock"$/m, `$1address = "${address}"`);
  writeFileSync(join(dir, "config.toml"), config);
  const daemon = startDaemon(
    bin,
    [
      ...["--config", join(dir, "config.toml")],
      ...["--root", join(dir, "root"), "--state", join(dir, "state"), "--address", address],
    ],
    env,
  );
  const ctr = async (args: string[], timeoutMs = 60_000): Promise<CtrResult> => {
    const r = await execa("ctr", ["--address", address, ...args], { reject: false, timeout: timeoutMs, env });
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  };
  try {
    await waitFor("containerd", async () => (await ctr(["version"])).exitCode === 0, {
      timeoutMs: 20_000,
      daemon,
    });
  } catch (e) {
    await daemon.stop();
    throw e;
  }
  return { address, ctr, output: daemon.output, stop: daemon.stop };
}

/** What a containerd holds in k8s.io (name -> digest), as `ctr images ls` says. */
export async function containerdImages(c: Containerd | undefined): Promise<Map<string, ImageDigest>> {
  return parseImageDigests((await c?.ctr(["-n", "k8s.io", "images", "ls"]))?.stdout ?? "");
}
