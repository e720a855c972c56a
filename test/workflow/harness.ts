/**
 * Runs one host's join workflow (the one add-node runs per host) on a Node a test makes, and reads
 * back what it left: the stages it went through and every file under the host's root, normalised
 * (timestamps, random names), so a local temp-root node and an SSH node can be compared byte for byte.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Context } from "../../src/context.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { execaRunner, type Runner } from "../../src/host/runner.js";
import { parseJoinCommand } from "../../src/kubeadm/join-command.js";
import { localNode, type Node } from "../../src/node/node.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import type { SpecValues } from "../../src/spec/fields.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import type { ClusterSpec } from "../../src/spec/types.js";
import type { InventoryHost } from "../../src/ssh/inventory.js";
import type { SshSession, SshTransport } from "../../src/ssh/transport.js";
import { HostFailure, joinOneHost, type NodeFactory } from "../../src/workflow/remote.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { TRANSCRIPTS, writeBin } from "../fakes/netns-hosts.mjs";

export const TOKEN = "k8swiz.p0q1r2s3t4u5v6w7";
export const CERT_KEY = "0f192561ef8eed55a153cb308bd00351a10d54b09bfe5f056a2c797b0adb129f";

export function clusterSpec(values: SpecValues = {}): ClusterSpec {
  return resolveSpec(
    [
      { source: "default", values: BUILTIN_DEFAULTS },
      {
        source: "flags",
        values: { kubernetesVersion: "v1.33.2", "controlPlane.advertiseAddress": "10.0.0.10", ...values },
      },
    ],
    "upstream",
    "init",
  ).spec;
}

export function joinCommand(endpoint: string, controlPlane: boolean) {
  const text = `kubeadm join ${endpoint} --token ${TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH}${
    controlPlane ? ` --control-plane --certificate-key ${CERT_KEY}` : ""
  }`;
  const p = parseJoinCommand(text);
  if (!p.ok) throw new Error("join command");
  return p.join;
}

/** The environment of the fake host tools for a host root (PATH: the fakes, then the system's). */
export function fakeToolsEnv(binDir: string, root: string): Record<string, string> {
  mkdirSync(binDir, { recursive: true });
  writeBin(binDir);
  return {
    PATH: `${binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    KADM_FAKE_ROOT: root,
    KADM_FAKE_TESTDATA: TRANSCRIPTS,
  };
}

/** This machine as the node: the host root under a temp dir, commands with the fake tools' env. */
export function tempRootNode(root: string, env: Record<string, string>, log?: string[]): Node {
  const base = execaRunner();
  const runner: Runner = {
    dryRun: false,
    get recorded() {
      return base.recorded;
    },
    run: (argv, o = {}) => {
      log?.push(argv.join(" "));
      return base.run(argv, { ...o, env: { ...env, ...o.env } });
    },
  };
  return localNode(rootedHostFs({ root }), runner);
}

/** A transport for nodes that need no session (the temp-root node). */
export const NO_SESSION: SshTransport = {
  connect: async () => ({ close() {} }) as SshSession,
};

export interface HostRun {
  stages: string[];
  failure?: HostFailure;
}

const ctx = (signal = new AbortController().signal) =>
  ({ lang: "en", signal, stderrIsTTY: false }) as Pick<Context, "lang" | "signal" | "stderrIsTTY">;

/** One host through the SSH path's per-host workflow. */
export async function runHost(o: {
  host: InventoryHost;
  spec: ClusterSpec;
  transport: SshTransport;
  nodeFor: NodeFactory;
  resetFirst?: boolean;
  skipPrep?: boolean;
}): Promise<HostRun> {
  const stages: string[] = [];
  const join = joinCommand("10.0.0.10:6443", o.host.role === "control-plane");
  try {
    await joinOneHost(
      ctx(),
      {
        spec: o.spec,
        joins: o.host.role === "control-plane" ? { controlPlane: join } : { worker: join },
        transport: o.transport,
        target: (h) => ({ host: h.host, port: h.port, user: h.user }),
        flags: { skipPrep: o.skipPrep === true, installPackages: false },
        resetFirst: () => o.resetFirst === true,
        nodeFor: o.nodeFor,
      },
      o.host,
      (step, title) => {
        if (stages.at(-1) !== `${step}: ${title}`) stages.push(`${step}: ${title}`);
      },
      () => {},
    );
    return { stages };
  } catch (e) {
    if (e instanceof HostFailure) return { stages, failure: e };
    throw e;
  }
}

/**
 * Every file under root (but the fakes' own logs), timestamps, random names, the root itself and
 * the host's name normalised.
 */
export function hostFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const rel = relative(root, p)
          .replace(/\d{8}T\d{6}Z(-\d+)?/g, "<time>")
          .replace(/kadm-wizard\.[0-9a-f]{8}/, "kadm-wizard.<random>");
        if (["commands.log", "images", "configs.log"].includes(rel)) continue;
        const mode = (st.mode & 0o777).toString(8);
        const text = readFileSync(p, "utf8")
          .replaceAll(root, "<root>")
          .replace(/node-\d+/g, "node")
          .replace(/kadm-wizard\.[0-9a-f]{8}/g, "kadm-wizard.<random>")
          .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>")
          .replace(/\d{8}T\d{6}Z(-\d+)?/g, "<time>")
          .replace(/"durationMs": \d+/g, '"durationMs": 0');
        out[rel] = `${mode}\n${text}`;
      }
    }
  };
  walk(root);
  return out;
}

export function inventoryHost(
  id: string,
  root: string,
  role: InventoryHost["role"],
  env: Record<string, string> = {},
): InventoryHost {
  return {
    id,
    host: id,
    port: 22,
    user: "root",
    role,
    root,
    env,
    askPassword: false,
    nodeName: `${role === "worker" ? "worker" : "cp"}-1`,
  };
}
