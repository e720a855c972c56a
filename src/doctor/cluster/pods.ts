import type { KubeClient } from "../../kube/client.js";
import { mapLimit } from "../../util/map-limit.js";
import { judgePod, TooNew } from "../classify/cluster.js";
import type { PodClassifyContext } from "../classify/pod.js";
import type { EventLike, PodLike } from "../classify/types.js";
import type { Finding } from "../finding.js";

const LOG_TAIL_LINES = 20;
const LOG_LIMIT_BYTES = 16_384;

/** The pod's own events only (field selector on its uid): never the whole namespace's. */
async function eventsOf(client: KubeClient, pod: PodLike): Promise<EventLike[]> {
  const ns = pod.metadata?.namespace ?? "default";
  const uid = pod.metadata?.uid;
  const fieldSelector = uid
    ? `involvedObject.uid=${uid}`
    : `involvedObject.kind=Pod,involvedObject.name=${pod.metadata?.name ?? ""}`;
  const r = await client.list("v1", "Event", { namespace: ns, fieldSelector, limit: 100 });
  return r.items as unknown as EventLike[];
}

/** What each crash-looping container printed before it died (the previous instance's log). */
async function crashLogs(client: KubeClient, pod: PodLike): Promise<Record<string, string>> {
  const crashing = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]
    .filter((s) => s.state?.waiting?.reason === "CrashLoopBackOff" && s.name)
    .map((s) => s.name as string);
  const out: Record<string, string> = {};
  await Promise.all(
    crashing.map(async (container) => {
      try {
        out[container] = await client.podLog({
          namespace: pod.metadata?.namespace ?? "default",
          name: pod.metadata?.name ?? "",
          container,
          previous: true,
          tailLines: LOG_TAIL_LINES,
          limitBytes: LOG_LIMIT_BYTES,
        });
      } catch {
        // No previous log (kubelet garbage-collected it, node gone): the termination state still tells.
      }
    }),
  );
  return out;
}

/**
 * Events (and log tails) of each unhealthy pod, a bounded number at a time, then the engine's
 * judgePod: its findings, or (nothing wrong yet, just created) counted as too new to judge.
 */
export async function diagnosePods(
  client: KubeClient,
  pods: readonly PodLike[],
  ctx: Omit<PodClassifyContext, "logTails" | "now"> & { now: Date },
  concurrency: number,
): Promise<{ findings: Finding[]; tooNew: TooNew }> {
  const tooNew = new TooNew();
  const results = await mapLimit(pods, concurrency, async (pod) => {
    const [events, logTails] = await Promise.all([eventsOf(client, pod), crashLogs(client, pod)]);
    const r = judgePod(pod, events, { ...ctx, logTails });
    tooNew.add(pod, r.tooNewMs);
    return r.findings;
  });
  return { findings: results.flat(), tooNew };
}
