/**
 * kubeadm's control-plane static pods on one Node: where each serves (from its manifest), and the
 * documented way to restart one — move its manifest out of /etc/kubernetes/manifests, wait until
 * the kubelet has removed the pod (its port stops accepting), move it back, wait until it serves
 * again. This needs nothing but files and a TCP probe (no crictl, no runtime endpoint), so it works
 * the same locally and over SSH, and a kubelet that did not act is seen, not assumed.
 */
import type { Node } from "../node/node.js";
import { loadBoundedOrThrow } from "../util/yaml-safe.js";

export const MANIFESTS_DIR = "/etc/kubernetes/manifests";
/** Manifests moved aside live here (not in the kubelet's staticPodPath), 0700: they name key files. */
export const ASIDE_DIR = "/etc/kadm-wizard/manifests-aside";

export const COMPONENTS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** kubeadm's defaults when the manifest does not set the flag. */
const DEFAULT_PORT: Record<ComponentName, number> = {
  etcd: 2379,
  "kube-apiserver": 6443,
  "kube-controller-manager": 10257,
  "kube-scheduler": 10259,
};

export interface Endpoint {
  host: string;
  port: number;
}

/** PURE: `--name=value` flags of the first container's command (kubeadm writes them that way). */
export function manifestFlags(text: string): Map<string, string> {
  const doc = loadBoundedOrThrow(text) as {
    spec?: { containers?: { command?: unknown[]; args?: unknown[] }[] };
  } | null;
  const c = doc?.spec?.containers?.[0];
  const words = [...(c?.command ?? []), ...(c?.args ?? [])].filter((w): w is string => typeof w === "string");
  const out = new Map<string, string>();
  for (const w of words) {
    const m = /^--([^=]+)=(.*)$/.exec(w);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

const isAny = (h: string) => h === "" || h === "0.0.0.0" || h === "::" || h === "[::]";

/** PURE: where to dial the component from its own node. */
export function componentEndpoint(component: ComponentName, flags: Map<string, string>): Endpoint {
  if (component === "etcd") {
    const urls = (flags.get("listen-client-urls") ?? "").split(",").map((u) => u.trim());
    const parsed = urls.flatMap((u) => {
      const m = /^https?:\/\/(\[[^\]]+\]|[^:/]+):(\d+)/.exec(u);
      return m ? [{ host: (m[1] as string).replace(/^\[|\]$/g, ""), port: Number(m[2]) }] : [];
    });
    const local = parsed.find((p) => p.host === "127.0.0.1" || p.host === "::1") ?? parsed[0];
    if (!local) return { host: "127.0.0.1", port: DEFAULT_PORT.etcd };
    return isAny(local.host) ? { host: "127.0.0.1", port: local.port } : local;
  }
  const port = Number(flags.get("secure-port") ?? DEFAULT_PORT[component]);
  const bind = flags.get("bind-address") ?? "";
  return {
    host: isAny(bind) ? "127.0.0.1" : bind,
    port: Number.isInteger(port) && port > 0 ? port : DEFAULT_PORT[component],
  };
}

export interface StaticPod {
  component: ComponentName;
  manifest: string;
  text: string;
  flags: Map<string, string>;
  endpoint: Endpoint;
}

export const manifestPath = (c: ComponentName) => `${MANIFESTS_DIR}/${c}.yaml`;
export const asidePath = (c: ComponentName) => `${ASIDE_DIR}/${c}.yaml`;

/** The control-plane static pods this node has (external etcd: no etcd manifest). */
export async function readStaticPods(node: Node): Promise<StaticPod[]> {
  const out: StaticPod[] = [];
  for (const component of COMPONENTS) {
    const manifest = manifestPath(component);
    const text = await node.fs.read(manifest);
    if (text === undefined) continue;
    let flags: Map<string, string>;
    try {
      flags = manifestFlags(text);
    } catch {
      flags = new Map();
    }
    out.push({ component, manifest, text, flags, endpoint: componentEndpoint(component, flags) });
  }
  return out;
}

/**
 * Waits until the port accepts connections (`open`) or refuses them (`closed`). True when it got
 * there before the deadline.
 */
export async function waitForPort(
  node: Node,
  at: Endpoint,
  want: "open" | "closed",
  timeoutMs: number,
  signal?: AbortSignal,
  intervalMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await node.probe.tcp(at.host, at.port, 1_000);
    if ((want === "open") === r.ok) return true;
    if (Date.now() >= deadline || signal?.aborted) return false;
    await new Promise((res) => setTimeout(res, intervalMs));
  }
}

/** Moves the manifest aside (a private copy first, then the original removed): the kubelet stops the pod. */
export async function moveAside(node: Node, pod: StaticPod): Promise<void> {
  await node.fs.mkdir(ASIDE_DIR, { mode: 0o700 });
  await node.fs.write(asidePath(pod.component), pod.text, { mode: 0o600, backup: false });
  await node.fs.remove(pod.manifest);
}

/** Puts the manifest back exactly as it was (kubeadm writes 0600) and drops the aside copy. */
export async function moveBack(node: Node, pod: StaticPod): Promise<void> {
  await node.fs.write(pod.manifest, pod.text, { mode: 0o600, backup: false });
  await node.fs.remove(asidePath(pod.component));
}

export type RestartOutcome = "restarted" | "not-stopped" | "not-started";

/**
 * Restarts one static pod: aside, wait for the port to close, back, wait for it to open. A kubelet
 * that did not stop it within the timeout still gets its manifest back (never leave a control
 * plane without one) and the caller reports the restart as not done.
 */
export async function restartStaticPod(
  node: Node,
  pod: StaticPod,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<RestartOutcome> {
  await moveAside(node, pod);
  let stopped: boolean;
  try {
    stopped = await waitForPort(node, pod.endpoint, "closed", timeoutMs, signal);
  } finally {
    await moveBack(node, pod);
  }
  if (!stopped) return "not-stopped";
  return (await waitForPort(node, pod.endpoint, "open", timeoutMs, signal)) ? "restarted" : "not-started";
}
