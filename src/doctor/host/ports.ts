import { parseListenSockets } from "../../host/preflight/proc-net-tcp.js";
import type { HostContext } from "../env.js";
import { type Finding, finding } from "../finding.js";

const SOURCES = ["/proc/net/tcp", "/proc/net/tcp6"];

/** What listens on a working node; 10257/10259 are probed over HTTPS instead (healthz.ts). */
const EXPECTED: Record<"control-plane" | "worker", { port: number; component: string }[]> = {
  "control-plane": [
    { port: 6443, component: "kube-apiserver" },
    { port: 2379, component: "etcd" },
    { port: 10250, component: "kubelet" },
  ],
  worker: [{ port: 10250, component: "kubelet" }],
};

/** The inverse of preflight's port check: on a node the components must be listening. */
export async function checkListeners(ctx: HostContext): Promise<Finding[]> {
  if (ctx.role === "none") return [];
  const raws = await Promise.all(SOURCES.map((p) => ctx.env.fs.read(p)));
  if (raws.every((r) => r === undefined)) return [];
  const listening = new Set(raws.flatMap((r) => parseListenSockets(r ?? "").map((s) => s.port)));
  // External etcd: no local etcd static pod, nothing on 2379.
  const localEtcd = await ctx.env.fs.exists("/etc/kubernetes/manifests/etcd.yaml");
  return EXPECTED[ctx.role]
    .filter((e) => !listening.has(e.port) && (e.component !== "etcd" || localEtcd))
    .map((e) =>
      finding(
        "host.port-not-listening",
        "error",
        `${e.component} (port ${e.port})`,
        { key: "doctor.host.portClosed.title", params: { component: e.component, port: e.port } },
        [`no LISTEN socket on ${e.port} in ${SOURCES.filter((_, i) => raws[i] !== undefined).join(", ")}`],
        {
          key: e.component === "kubelet" ? "doctor.host.portClosed.fixKubelet" : "doctor.host.portClosed.fix",
          params: { component: e.component },
        },
      ),
    );
}
