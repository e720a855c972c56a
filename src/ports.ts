/**
 * The Context ports beside files, runner and prompts: Kubernetes clients, the SSH transport, HTTP
 * fetch and temp directories, with their production adapters. Only cli.ts wires these; tests pass
 * fakes through `Overrides`. The heavy adapters (@kubernetes/client-node, ssh2) are imported on
 * first use, never at start-up (test/release/lazy.test.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeClients } from "./kube/client.js";
import type { HostKeyPolicy } from "./ssh/ssh2-transport.js";
import type { SshTransport } from "./ssh/transport.js";

/** The part of fetch we use (CNI manifest downloads, registry checks); global fetch fits. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Opens an SSH transport that checks host keys by `policy` (known_hosts, accept-new). */
export type SshPort = (policy: HostKeyPolicy) => SshTransport;

export interface TempDirs {
  /**
   * A new directory, never an existing one, mode 0700: `prefix` plus six random characters, under
   * `parent` (default: this port's base, the system temp directory in production). Returns its path.
   */
  create(prefix: string, opts?: { parent?: string | undefined }): Promise<string>;
  /** Removes a directory `create` made, with everything in it; already gone is fine. */
  remove(dir: string): Promise<void>;
}

/** Temp directories under `base` (a test's own directory; the system one in production). */
export function tempDirsIn(base: () => string): TempDirs {
  return {
    create: (prefix, opts = {}) => mkdtemp(join(opts.parent ?? base(), prefix), { encoding: "utf8" }),
    remove: (dir) => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs `use(dir)` in a fresh temp directory that is removed afterwards, also when `use` throws. */
export async function withTempDir<T>(
  temp: TempDirs,
  prefix: string,
  use: (dir: string) => Promise<T>,
  opts: { parent?: string | undefined } = {},
): Promise<T> {
  const dir = await temp.create(prefix, opts);
  try {
    return await use(dir);
  } finally {
    await temp.remove(dir);
  }
}

export const systemTempDirs: TempDirs = tempDirsIn(tmpdir);

export const globalFetch: FetchLike = (url, init) => fetch(url, init);

/** KubeClients through the @kubernetes/client-node adapter, which loads on the first client. */
export function clientNodeKubeClients(o: { root: string; env: NodeJS.ProcessEnv }): KubeClients {
  const adapter = () => import("./kube/client-node.js");
  return {
    fromKubeconfig: async (opts = {}) =>
      (await adapter()).loadKubeClient({
        kubeconfig: opts.kubeconfig,
        timeoutMs: opts.timeoutMs,
        root: o.root,
        env: o.env,
      }),
    fromParts: async (parts) => (await adapter()).kubeClientFromParts(parts),
  };
}

/** The ssh2 adapter, loaded on the first connection (one transport per policy, as ssh2Transport). */
export const lazySsh2: SshPort = (policy) => {
  let real: Promise<SshTransport> | undefined;
  return {
    connect: async (target, opts) => {
      real ??= import("./ssh/ssh2-transport.js").then((m) => m.ssh2Transport(policy));
      return (await real).connect(target, opts);
    },
  };
};
