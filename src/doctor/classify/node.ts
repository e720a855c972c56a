import { type Finding, finding } from "../finding.js";
import { classifyNodeNotReady } from "./messages.js";
import { type Condition, type NodeLike, nodeObject } from "./types.js";

const PRESSURE = {
  MemoryPressure: "doctor.node.pressure.fixMemory",
  DiskPressure: "doctor.node.pressure.fixDisk",
  PIDPressure: "doctor.node.pressure.fixPid",
} as const;

function conditionText(c: Condition): string {
  return `${c.type}=${c.status ?? ""}${c.reason ? ` reason=${c.reason}` : ""}${c.message ? `: ${c.message}` : ""}`;
}

/**
 * A node's problems from its conditions: not Ready (CNI not initialised, kubelet stopped posting
 * status, runtime down, anything else) and memory/disk/PID pressure. Pure; [] for a healthy node.
 */
export function classifyNode(node: NodeLike): Finding[] {
  const object = nodeObject(node);
  const name = node.metadata?.name ?? "?";
  /** The kubelet stopped posting status: since its last heartbeat, when there was one. */
  const kubeletStopped = (seen: string | undefined, evidence: string[]) =>
    finding(
      "node.kubelet-stopped",
      "error",
      object,
      seen
        ? { key: "doctor.node.kubeletStopped.title", params: { node: name, since: seen } }
        : { key: "doctor.node.kubeletStopped.titleNever", params: { node: name } },
      evidence,
      { key: "doctor.node.kubeletStopped.fix", params: { node: name } },
    );
  const conditions = node.status?.conditions ?? [];
  const out: Finding[] = [];
  const ready = conditions.find((c) => c.type === "Ready");
  if (ready && ready.status !== "True") {
    const cause =
      ready.status === "Unknown"
        ? "kubelet-stopped"
        : classifyNodeNotReady(ready.reason ?? "", ready.message ?? "");
    const evidence = [conditionText(ready)];
    if (cause === "cni") {
      out.push(
        finding(
          "node.cni-not-ready",
          "error",
          object,
          { key: "doctor.node.cni.title", params: { node: name } },
          evidence,
          { key: "doctor.node.cni.fix", params: { node: name } },
        ),
      );
    } else if (cause === "kubelet-stopped") {
      out.push(kubeletStopped(ready.lastHeartbeatTime ?? ready.lastTransitionTime, evidence));
    } else if (cause === "runtime") {
      out.push(
        finding(
          "node.runtime-not-ready",
          "error",
          object,
          { key: "doctor.node.runtime.title", params: { node: name } },
          evidence,
          { key: "doctor.node.runtime.fix", params: { node: name } },
        ),
      );
    } else {
      out.push(
        finding(
          "node.not-ready",
          "error",
          object,
          { key: "doctor.node.notReady.title", params: { node: name } },
          evidence,
          { key: "doctor.node.notReady.fix", params: { node: name } },
        ),
      );
    }
  }
  // Ready=True but every other condition Unknown: the node controller marked them when the kubelet
  // stopped posting status (Ready keeps its last value for a moment, or was set by someone else).
  const others = conditions.filter((c) => c.type !== "Ready" && c.type !== "NetworkUnavailable");
  if (ready?.status === "True" && others.length > 0 && others.every((c) => c.status === "Unknown")) {
    out.push(
      kubeletStopped(others[0]?.lastHeartbeatTime ?? others[0]?.lastTransitionTime, [
        conditionText(ready),
        ...others.map(conditionText),
      ]),
    );
  }
  // calico and cloud routes report the pod network here; Ready=True with it is not "NotReady".
  const network = conditions.find((c) => c.type === "NetworkUnavailable" && c.status === "True");
  if (network && !out.some((f) => f.id === "node.cni-not-ready")) {
    out.push(
      finding(
        "node.network-unavailable",
        "error",
        object,
        { key: "doctor.node.networkUnavailable.title", params: { node: name, reason: network.reason ?? "" } },
        [conditionText(network)],
        { key: "doctor.node.networkUnavailable.fix", params: { node: name } },
      ),
    );
  }
  for (const [type, fixKey] of Object.entries(PRESSURE) as [
    keyof typeof PRESSURE,
    (typeof PRESSURE)[keyof typeof PRESSURE],
  ][]) {
    const c = conditions.find((x) => x.type === type && x.status === "True");
    if (!c) continue;
    out.push(
      finding(
        "node.pressure",
        "warning",
        object,
        { key: "doctor.node.pressure.title", params: { node: name, pressure: type } },
        [conditionText(c)],
        { key: fixKey, params: { node: name } },
      ),
    );
  }
  return out.map((f) => ({
    ...f,
    scope: { node: name, cause: `${f.title.key} ${ready?.reason ?? ""} ${ready?.status ?? ""}` },
  }));
}
