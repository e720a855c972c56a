/**
 * The stand-in kubelet (static-pod-kubelet.ts) running INSIDE a netns host's network namespace, so
 * its static pods serve on that host's own 127.0.0.1 — which only that host (its sshd, the
 * commands run over SSH) can reach, exactly like a remote control plane's controller manager and
 * scheduler. It is bundled once with esbuild (plain JS for `ip netns exec node ...`) and writes
 * <root>/kubelet.ready when every manifest's port accepts connections. <root>/kubelet-control.json
 * sets the kubelet's `noRestart` components while it runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

const ENTRY = `
import { existsSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { startFakeKubelet } from "./static-pod-kubelet.ts";
const root = process.argv[2];
const kubelet = startFakeKubelet(root);
const ports = (process.argv[3] ?? "").split(",").filter(Boolean).map(Number);
const open = (port) => new Promise((res) => {
  const s = connect({ host: "127.0.0.1", port });
  s.once("connect", () => { s.destroy(); res(true); });
  s.once("error", () => res(false));
});
rmSync(join(root, "kubelet.ready"), { force: true });
const tick = setInterval(async () => {
  if ((await Promise.all(ports.map(open))).every(Boolean)) {
    writeFileSync(join(root, "kubelet.ready"), String(process.pid));
    clearInterval(tick);
  }
}, 100);
// <root>/kubelet-control.json: {"noRestart": ["kube-scheduler"]}, read as it changes.
const control = setInterval(() => {
  let c = {};
  try { c = JSON.parse(readFileSync(join(root, "kubelet-control.json"), "utf8")); } catch {}
  kubelet.noRestart.clear();
  for (const x of c.noRestart ?? []) kubelet.noRestart.add(x);
}, 50);
const stop = async () => { clearInterval(tick); clearInterval(control); await kubelet.stop(); process.exit(0); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
`;

let bundled: string | undefined;

async function bundle(): Promise<string> {
  if (bundled) return bundled;
  const { build } = await import("esbuild");
  const out = join(mkdtempSync(join(tmpdir(), "kadm-netns-kubelet-")), "kubelet.mjs");
  await build({
    stdin: { contents: ENTRY, resolveDir: HERE, loader: "ts", sourcefile: "netns-kubelet-entry.ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: out,
    logLevel: "silent",
  });
  bundled = out;
  return out;
}

export interface NetnsKubelet {
  stop(): Promise<void>;
}

/** Starts the kubelet in `namespace` for `root`; resolves when `ports` accept connections there. */
export async function startNetnsKubelet(
  namespace: string,
  root: string,
  ports: number[],
  timeoutMs = 30_000,
): Promise<NetnsKubelet> {
  const script = await bundle();
  const child: ChildProcess = spawn(
    "ip",
    ["netns", "exec", namespace, process.execPath, script, root, ports.join(",")],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (b) => {
    log += String(b);
  });
  const stop = () =>
    new Promise<void>((res) => {
      if (child.exitCode !== null) return res();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(timer);
        res();
      });
      child.kill("SIGTERM");
    });
  const end = Date.now() + timeoutMs;
  while (!existsSync(join(root, "kubelet.ready"))) {
    if (child.exitCode !== null || Date.now() > end) {
      await stop();
      throw new Error(`kubelet in ${namespace} did not come up: ${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stop };
}
