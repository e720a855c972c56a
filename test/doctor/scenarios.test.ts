/**
 * One scenario per finding id: a healthy world (cluster in the fake API server, host tree under a
 * temp root, scripted systemctl/journalctl/versions, HTTPS /healthz servers on 127.0.0.1) with one
 * thing broken. The finding must appear, about the right object, with the right fix; the healthy
 * world yields no finding at all.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SAVED_CONFIG } from "../../src/doctor/expected.js";
import type { Finding, FindingId } from "../../src/doctor/finding.js";
import { FINDING_IDS } from "../../src/doctor/finding.js";
import { reportText } from "../../src/doctor/report.js";
import type { FakeObject } from "../fakes/kube-api-server.js";
import type { FakeCluster } from "../fakes/kube-client.js";
import { describeUnless, firstReason, requireSharedTestdata, requireTool } from "../support/requires.js";
import {
  bootstrapToken,
  containerdToml,
  flannelConfig,
  type HealthServer,
  healthyCluster,
  healthyControlPlaneHost,
  healthyReplies,
  kubeadmConfig,
  node,
  PAUSE,
  runningPod,
  runWorld,
  startHealthServer,
  systemctlShow,
  tcpListen,
  testPki,
  VERSION,
  type World,
} from "./world.js";

const here = dirname(fileURLToPath(import.meta.url));
const NO_WORLD = firstReason(requireTool("openssl"), requireSharedTestdata("failure-messages.yaml"));
// Every suite of this file: the host's CA and health servers come from openssl, the texts from the corpus.
const describe = describeUnless(NO_WORLD);
const CORPUS = (
  NO_WORLD
    ? []
    : yaml.load(
        readFileSync(join(here, "..", "..", "..", "shared", "testdata", "failure-messages.yaml"), "utf8"),
      )
) as { id: string; text: string }[];
const real = (id: string, n = 0) => (CORPUS.filter((e) => e.id === id)[n]?.text ?? "").trim();

let cm: HealthServer;
let sched: HealthServer;
const health = () => ({ controllerManager: cm.endpoint, scheduler: sched.endpoint });

beforeAll(async () => {
  testPki();
  [cm, sched] = await Promise.all([startHealthServer(), startHealthServer()]);
});
afterAll(async () => {
  await Promise.all([cm.close(), sched.close()]);
});

function healthy(over: Partial<World> = {}): World {
  return { cluster: healthyCluster(), host: healthyControlPlaneHost(), ...over };
}

async function findings(w: World): Promise<Finding[]> {
  return (await runWorld(w, health())).report.findings;
}

function only(fs: Finding[], id: FindingId): Finding {
  const hits = fs.filter((f) => f.id === id);
  expect(
    hits,
    JSON.stringify(
      fs.map((f) => [f.id, f.object]),
      null,
      1,
    ),
  ).toHaveLength(1);
  return hits[0] as Finding;
}

/** Replaces the objects with these names (same kind), or adds them. */
function withObjects(...objs: FakeObject[]): FakeObject[] {
  const key = (o: FakeObject) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  const replaced = new Set(objs.map(key));
  return [...healthyCluster().filter((o) => !replaced.has(key(o))), ...objs];
}

const covered = new Set<FindingId>();
function scenario(id: FindingId, name: string, fn: () => Promise<void>) {
  covered.add(id);
  it(`${id}: ${name}`, fn);
}

describe("a healthy cluster and host", () => {
  it("yields no findings at all, having looked at both", async () => {
    const { report, runner } = await runWorld(healthy(), health());
    expect(report.findings).toEqual([]);
    expect(report.host).toEqual({ checked: true, role: "control-plane" });
    expect(report.cluster).toMatchObject({
      checked: true,
      version: VERSION,
      nodes: 2,
      pods: 5,
      unhealthyPods: 0,
    });
    expect(report.expected).toMatchObject({
      source: "cluster",
      kubernetesVersion: VERSION,
      podSubnet: "10.244.0.0/16",
    });
    // the host was read through the runner (argv arrays), never a shell
    expect(runner.calls.map((c) => c.argv[0])).toContain("systemctl");
  });
});

// ---------------------------------------------------------------------------------------------

function pullPod(name: string, image: string, reason: string, message: string): FakeObject {
  const p = runningPod("kube-flannel", name, {
    labels: { app: "flannel" },
    image,
    container: "kube-flannel",
  });
  p.status = {
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "True" }],
    containerStatuses: [
      { name: "kube-flannel", image, ready: false, restartCount: 0, state: { waiting: { reason, message } } },
    ],
  };
  return p;
}

function event(pod: FakeObject, reason: string, message: string, type = "Warning"): FakeObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: `${pod.metadata.name}.${reason.toLowerCase()}`,
      namespace: pod.metadata.namespace as string,
    },
    involvedObject: { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace },
    reason,
    message,
    type,
    count: 5,
    lastTimestamp: new Date().toISOString(),
  };
}

/** Events must name the pod's uid, which the cluster assigns: link them once it holds the pod. */
function linkEvents(server: FakeCluster): void {
  for (const ev of server.list({ kind: "Event" })) {
    const inv = ev.involvedObject as { name: string; namespace: string };
    const pod = server.get({ apiVersion: "v1", kind: "Pod", namespace: inv.namespace, name: inv.name });
    if (pod) server.upsert({ ...ev, involvedObject: { ...inv, uid: pod.metadata.uid } });
  }
}

describe("image pulls", () => {
  const image = "docker.io/flannel/flannel:v0.25.1";
  const cases: [FindingId, string, string][] = [
    ["image-pull.unreachable", real("image-pull.unreachable", 1), "doctor.pull.unreachable.fixMirror"],
    ["image-pull.not-found", real("image-pull.not-found", 0), "doctor.pull.notFound.fix"],
    ["image-pull.unauthorized", real("image-pull.unauthorized"), "doctor.pull.unauthorized.fix"],
    ["image-pull.tls", real("image-pull.tls"), "doctor.pull.tls.fix"],
  ];
  for (const [id, message, fix] of cases) {
    scenario(id, "ImagePullBackOff, cause in the Failed event", async () => {
      const pod = pullPod(
        "kube-flannel-ds-aaaaa",
        image,
        "ImagePullBackOff",
        `Back-off pulling image "${image}"`,
      );
      const fs = await findings(
        healthy({
          cluster: withObjects(pod, event(pod, "Failed", `Failed to pull image "${image}": ${message}`)),
          tweak: linkEvents,
        }),
      );
      const f = only(fs, id);
      expect(f.object).toBe("Pod kube-flannel/kube-flannel-ds-aaaaa");
      expect(f.fix.key).toBe(fix);
      expect(f.evidence.join("\n")).toContain(message.slice(0, 50));
    });
  }

  scenario("image-pull.backoff", "ImagePullBackOff and no event left", async () => {
    const pod = pullPod(
      "kube-flannel-ds-aaaaa",
      image,
      "ImagePullBackOff",
      real("image-pull.backoff-message"),
    );
    const f = only(await findings(healthy({ cluster: withObjects(pod) })), "image-pull.backoff");
    expect(f.fix).toMatchObject({ key: "doctor.pull.backoff.fix", params: { image, node: "cp-1" } });
  });
});

describe("sandboxes, crash loops, scheduling", () => {
  function creating(name: string, namespace = "kube-system"): FakeObject {
    const p = runningPod(namespace, name, { labels: { "k8s-app": "kube-dns" }, container: "coredns" });
    p.status = {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "True" }],
      containerStatuses: [
        { name: "coredns", ready: false, state: { waiting: { reason: "ContainerCreating" } } },
      ],
    };
    return p;
  }

  scenario("sandbox-image.pull-failed", "FailedCreatePodSandBox: the pause image", async () => {
    const pod = creating("coredns-6d4b7c9f8-x2x7z");
    const f = only(
      await findings(
        healthy({
          cluster: withObjects(pod, event(pod, "FailedCreatePodSandBox", real("sandbox-image.pull-failed"))),
          tweak: linkEvents,
        }),
      ),
      "sandbox-image.pull-failed",
    );
    expect(f.object).toBe("Pod kube-system/coredns-6d4b7c9f8-x2x7z");
    expect(f.fix).toEqual({ key: "doctor.sandbox.pause.fix", params: { node: "cp-1", expected: PAUSE } });
  });

  scenario("pod.stuck-creating", "ContainerCreating for minutes, nothing failing in the events", async () => {
    const pod = creating("coredns-6d4b7c9f8-x2x7z");
    const scheduled = event(
      pod,
      "Scheduled",
      "Successfully assigned kube-system/coredns-6d4b7c9f8-x2x7z to cp-1",
      "Normal",
    );
    const fs = await findings(healthy({ cluster: withObjects(pod, scheduled), tweak: linkEvents }));
    const f = only(fs, "pod.stuck-creating");
    expect(fs.some((x) => x.id === "pod.not-ready")).toBe(false);
    expect(f.title).toMatchObject({
      key: "doctor.pod.stuckCreating.title",
      params: { container: "coredns", reason: "ContainerCreating", minutes: 5 },
    });
    expect(f.evidence[0]).toBe("coredns: ContainerCreating");
    expect(f.evidence.join("\n")).toContain("event Scheduled (x5): Successfully assigned");
    expect(f.fix).toEqual({
      key: "doctor.pod.stuckCreating.fix",
      params: { namespace: "kube-system", pod: "coredns-6d4b7c9f8-x2x7z", node: "cp-1" },
    });
    // the cause, when the events name one, wins; a pod just created is too new, not stuck
    const sandbox = event(pod, "FailedCreatePodSandBox", real("sandbox-image.pull-failed"));
    const withCause = await findings(healthy({ cluster: withObjects(pod, sandbox), tweak: linkEvents }));
    expect(withCause.map((x) => x.id)).not.toContain("pod.stuck-creating");
    const young = await findings(healthy({ cluster: withObjects(pod), now: new Date() }));
    expect(young.map((x) => x.id)).not.toContain("pod.stuck-creating");
    expect(young.map((x) => x.id)).toContain("pod.too-new");
  });

  scenario("pod.sandbox-failed", "FailedCreatePodSandBox: the CNI", async () => {
    const pod = creating("coredns-6d4b7c9f8-x2x7z");
    const msg =
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "8d1f": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory';
    const f = only(
      await findings(
        healthy({ cluster: withObjects(pod, event(pod, "FailedCreatePodSandBox", msg)), tweak: linkEvents }),
      ),
      "pod.sandbox-failed",
    );
    expect(f.fix.key).toBe("doctor.sandbox.network.fix");
  });

  scenario("pod.crashloop", "last termination and the previous log tail", async () => {
    const pod = runningPod("default", "web-1", { nodeName: "worker-1" });
    pod.status = {
      phase: "Running",
      containerStatuses: [
        {
          name: "main",
          ready: false,
          restartCount: 12,
          state: {
            waiting: {
              reason: "CrashLoopBackOff",
              message: "back-off 5m0s restarting failed container=main pod=web-1_default",
            },
          },
          lastState: { terminated: { reason: "Error", exitCode: 2, finishedAt: "2025-06-01T11:00:00Z" } },
        },
      ],
    };
    const fs = await findings(
      healthy({
        cluster: withObjects(pod),
        tweak: (s) =>
          s.setPodLog(
            { namespace: "default", name: "web-1", container: "main", previous: true },
            "booting\nerror: DATABASE_URL is not set\n",
          ),
      }),
    );
    const f = only(fs, "pod.crashloop");
    expect(f.object).toBe("Pod default/web-1");
    expect(f.evidence).toContain("log: error: DATABASE_URL is not set");
    expect(f.evidence).toContain("last termination: reason=Error exitCode=2 at 2025-06-01T11:00:00Z");
    expect(f.fix).toMatchObject({
      key: "doctor.crashloop.fix",
      params: { namespace: "default", pod: "web-1", container: "main" },
    });
  });

  scenario("pod.unschedulable", "insufficient resources, from the scheduler's condition", async () => {
    const pod = runningPod("default", "big-1");
    pod.spec = { containers: [{ name: "main", image: "busybox:1.36" }] };
    pod.status = {
      phase: "Pending",
      conditions: [
        {
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message:
            "0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
        },
      ],
    };
    const f = only(await findings(healthy({ cluster: withObjects(pod) })), "pod.unschedulable");
    expect(f.fix).toMatchObject({
      key: "doctor.unschedulable.fixInsufficient",
      params: { resources: "memory" },
    });
  });

  scenario("coredns.pending-no-cni", "no CNI pods, CoreDNS pending on not-ready nodes", async () => {
    const dns = runningPod("kube-system", "coredns-6d4b7c9f8-x2x7z", {
      labels: { "k8s-app": "kube-dns" },
      container: "coredns",
    });
    dns.spec = { containers: [{ name: "coredns", image: "x" }] };
    dns.status = {
      phase: "Pending",
      conditions: [
        {
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message: real("coredns.pending-no-cni"),
        },
      ],
    };
    const cluster = withObjects(dns).filter(
      (o) =>
        !(o.metadata.name as string).startsWith("kube-flannel-ds-") && o.metadata.name !== "kube-flannel-cfg",
    );
    const f = only(await findings(healthy({ cluster })), "coredns.pending-no-cni");
    expect(f.object).toBe("Pod kube-system/coredns-6d4b7c9f8-x2x7z");
    expect(f.fix.key).toBe("doctor.coredns.noCni.fix");
  });
});

// ---------------------------------------------------------------------------------------------
// issue 15: what doctor used to drop, false claims, causes first

const failedPod = (name: string, status: Record<string, unknown>, owner?: { kind: string; name: string }) => {
  const p = runningPod("default", name, { nodeName: "worker-1" });
  if (owner) p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: owner.kind, name: owner.name }];
  p.status = status;
  return p;
};

describe("issue 15: pods doctor looked at closer and then said nothing about", () => {
  scenario("pod.not-ready", "readiness probe failing (Unhealthy events)", async () => {
    const p = failedPod("web-2", {
      phase: "Running",
      conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady" }],
      containerStatuses: [
        { name: "main", ready: false, started: true, restartCount: 0, state: { running: {} } },
      ],
    });
    const f = only(
      await findings(
        healthy({
          cluster: withObjects(
            p,
            event(
              p,
              "Unhealthy",
              'Readiness probe failed: Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection refused',
            ),
          ),
          tweak: linkEvents,
        }),
      ),
      "pod.not-ready",
    );
    expect(f.evidence.join("\n")).toContain("connect: connection refused");
    expect(f.fix.key).toBe("doctor.pod.notReady.fix");
  });

  // Translated from k8sgpt (github.com/k8sgpt-ai/k8sgpt, pkg/analyzer/pod_test.go, TestPodAnalyzer
  // "Evicted pod with message" / "Evicted pod without message"): status.reason Evicted, no phase.
  scenario("pod.evicted", "Evicted, with and without a message", async () => {
    const withMsg = failedPod("evicted-1", {
      reason: "Evicted",
      message: "Pod was rejected: The node had condition: [DiskPressure]. ",
    });
    const bare = failedPod("evicted-2", { phase: "Failed", reason: "Evicted", message: "" });
    const fs = (await findings(healthy({ cluster: withObjects(withMsg, bare) }))).filter(
      (f) => f.id === "pod.evicted",
    );
    expect(fs.map((f) => f.object).sort()).toEqual(["Pod default/evicted-1", "Pod default/evicted-2"]);
    expect(fs.find((f) => f.object.endsWith("evicted-1"))?.evidence[0]).toContain("[DiskPressure]");
    expect(fs.find((f) => f.object.endsWith("evicted-2"))?.evidence[0]).toBe(
      "status.reason=Evicted (no message)",
    );
    expect(fs[0]?.severity).toBe("warning");
  });

  scenario(
    "pod.failed",
    "Failed with a non-zero exit code (a finished pod that exited 0 is fine)",
    async () => {
      const bad = failedPod("job-1", {
        phase: "Failed",
        containerStatuses: [
          {
            name: "main",
            ready: false,
            state: { terminated: { reason: "Error", exitCode: 3, message: "migration failed" } },
          },
        ],
      });
      const ok = failedPod("job-2", {
        phase: "Succeeded",
        containerStatuses: [
          { name: "main", ready: false, state: { terminated: { reason: "Completed", exitCode: 0 } } },
        ],
      });
      const fs = await findings(healthy({ cluster: withObjects(bad, ok) }));
      const f = only(fs, "pod.failed");
      expect(f.object).toBe("Pod default/job-1");
      expect(f.title.params).toMatchObject({ codes: "main=3" });
      expect(f.evidence[0]).toContain("exitCode=3: migration failed");
    },
  );

  scenario(
    "pod.container-error",
    "CreateContainerConfigError and friends, next to a CrashLoopBackOff",
    async () => {
      const p = failedPod("app-1", {
        phase: "Pending",
        containerStatuses: [
          {
            name: "main",
            ready: false,
            state: {
              waiting: { reason: "CreateContainerConfigError", message: 'secret "db-creds" not found' },
            },
          },
          {
            name: "sidecar",
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 1m20s" } },
            lastState: { terminated: { reason: "Error", exitCode: 1 } },
          },
        ],
      });
      const others = ["CreateContainerError", "PreStartHookError", "RunContainerError"].map((reason, i) =>
        failedPod(`app-${i + 2}`, {
          phase: "Pending",
          containerStatuses: [
            { name: "main", ready: false, state: { waiting: { reason, message: `${reason}: boom` } } },
          ],
        }),
      );
      const fs = await findings(healthy({ cluster: withObjects(p, ...others) }));
      const ce = fs.filter((f) => f.id === "pod.container-error");
      expect(ce.map((f) => f.title.params?.reason).sort()).toEqual([
        "CreateContainerConfigError",
        "CreateContainerError",
        "PreStartHookError",
        "RunContainerError",
      ]);
      const cfg = ce.find((f) => f.object === "Pod default/app-1");
      expect(cfg?.evidence[0]).toContain('secret "db-creds" not found');
      expect(cfg?.fix.key).toBe("doctor.pod.containerError.fixConfig");
      expect(fs.some((f) => f.id === "pod.crashloop" && f.object === "Pod default/app-1")).toBe(true);
    },
  );

  scenario("image-pull.secret-missing", "the imagePullSecret does not exist", async () => {
    const image = "harbor.example.internal/team/app:1.0";
    const p = pullPod(
      "kube-flannel-ds-aaaaa",
      image,
      "ImagePullBackOff",
      `Back-off pulling image "${image}"`,
    );
    const pullSecretEvent = {
      ...event(
        p,
        "FailedToRetrieveImagePullSecret",
        "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.",
      ),
      metadata: { name: "secret-event", namespace: "kube-flannel" },
    };
    const f = only(
      await findings(
        healthy({
          cluster: withObjects(
            p,
            event(
              p,
              "Failed",
              `Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: authorization failed`,
            ),
            pullSecretEvent,
          ),
          tweak: linkEvents,
        }),
      ),
      "image-pull.secret-missing",
    );
    expect(f.title.params).toMatchObject({ secrets: "regcred" });
    expect(f.fix.key).toBe("doctor.pull.secretMissing.fix");
  });
});

// Translated from k8sgpt (github.com/k8sgpt-ai/k8sgpt, pkg/analyzer/pod_test.go, TestPodAnalyzer):
// "Container status state waiting" expects 3 failures (two CrashLoopBackOff, one PreStartHookError;
// ContainerCreating and an unknown reason are not failures), "Terminated container with non-zero
// exit code" expects both exit codes reported.
it("sandbox-image.pull-failed without the image named in the message: no '?' in the title", async () => {
  const p = failedPod("web-9", {
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "True" }],
    containerStatuses: [{ name: "main", ready: false, state: { waiting: { reason: "ContainerCreating" } } }],
  });
  const msg =
    "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image: failed to pull: i/o timeout";
  const f = only(
    await findings(
      healthy({ cluster: withObjects(p, event(p, "FailedCreatePodSandBox", msg)), tweak: linkEvents }),
    ),
    "sandbox-image.pull-failed",
  );
  expect(f.title).toEqual({ key: "doctor.sandbox.pause.titleNoImage", params: { node: "worker-1" } });
});

describe("translated from k8sgpt's pod analyzer tests", () => {
  it("waiting containers: CrashLoopBackOff twice and PreStartHookError, nothing for the others", async () => {
    const p = failedPod("pod1", {
      phase: "Pending",
      containerStatuses: [
        { name: "container1", ready: false, state: { waiting: { reason: "ContainerCreating" } } },
        {
          name: "container2",
          ready: false,
          state: { waiting: { reason: "CrashLoopBackOff" } },
          lastState: { terminated: { reason: "test reason" } },
        },
        {
          name: "container3",
          ready: false,
          state: {
            waiting: { reason: "RandomReason", message: "This container won't be present in the failures" },
          },
        },
        {
          name: "container4",
          ready: false,
          state: {
            waiting: { reason: "PreStartHookError", message: "Container4 encountered PreStartHookError" },
          },
        },
        {
          name: "container5",
          ready: false,
          state: {
            waiting: { reason: "CrashLoopBackOff", message: "Container4 encountered CrashLoopBackOff" },
          },
        },
      ],
    });
    const fs = (await findings(healthy({ cluster: withObjects(p) }))).filter(
      (f) => f.object === "Pod default/pod1",
    );
    expect(fs.map((f) => `${f.id} ${f.title.params?.container}`).sort()).toEqual([
      "pod.container-error container4",
      "pod.crashloop container2",
      "pod.crashloop container5",
    ]);
    expect(fs.find((f) => f.id === "pod.container-error")?.evidence[0]).toContain(
      "Container4 encountered PreStartHookError",
    );
    // no "?" where the data is missing (no exit code in the last state)
    for (const f of fs) expect(JSON.stringify(f.title)).not.toContain("?");
  });

  it("terminated containers with non-zero exit codes (one without a reason): both codes", async () => {
    const p = failedPod("pod1", {
      phase: "Failed",
      containerStatuses: [
        { name: "container1", ready: false, state: { terminated: { exitCode: 1, reason: "Error" } } },
        { name: "container2", ready: false, state: { terminated: { exitCode: 2, reason: "" } } },
      ],
    });
    const f = only(await findings(healthy({ cluster: withObjects(p) })), "pod.failed");
    expect(f.title.params).toMatchObject({ codes: "container1=1, container2=2" });
    expect(f.evidence).toEqual([
      "container1: terminated reason=Error exitCode=1",
      "container2: terminated exitCode=2",
    ]);
  });
});

describe("issue 15: nodes, workloads, causes", () => {
  scenario(
    "node.network-unavailable",
    "NetworkUnavailable=True with Ready=True is not NotReady",
    async () => {
      const n = node("worker-1", "10.244.1.0/24", {
        conditions: [
          {
            type: "Ready",
            status: "True",
            reason: "KubeletReady",
            message: "kubelet is posting ready status",
          },
          {
            type: "NetworkUnavailable",
            status: "True",
            reason: "NoRouteCreated",
            message: "Node created without a route",
          },
        ],
        nodeInfo: { kubeletVersion: VERSION },
      });
      const fs = await findings(healthy({ cluster: withObjects(n) }));
      const f = only(fs, "node.network-unavailable");
      expect(fs.some((x) => x.id === "node.cni-not-ready" || x.id === "node.not-ready")).toBe(false);
      expect(f.evidence[0]).toBe(
        "NetworkUnavailable=True reason=NoRouteCreated: Node created without a route",
      );
    },
  );

  it("node.kubelet-stopped: Ready=True but every other condition Unknown", async () => {
    const unknown = (type: string) => ({
      type,
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
    });
    const n = node("worker-1", "10.244.1.0/24", {
      conditions: [
        { type: "Ready", status: "True" },
        unknown("MemoryPressure"),
        unknown("DiskPressure"),
        unknown("PIDPressure"),
      ],
      nodeInfo: { kubeletVersion: VERSION },
    });
    const f = only(await findings(healthy({ cluster: withObjects(n) })), "node.kubelet-stopped");
    expect(f.evidence.join("\n")).toContain("MemoryPressure=Unknown");
  });

  const deployment = (name: string, status: Record<string, unknown>) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "main", image: "busybox:1.36" }] },
      },
    },
    status,
  });

  scenario("deployment.unavailable", "below its replicas (Available=False)", async () => {
    const d = deployment("api", {
      observedGeneration: 1,
      replicas: 3,
      availableReplicas: 1,
      conditions: [
        {
          type: "Available",
          status: "False",
          reason: "MinimumReplicasUnavailable",
          message: "Deployment does not have minimum availability.",
        },
      ],
    });
    const f = only(await findings(healthy({ cluster: withObjects(d) })), "deployment.unavailable");
    expect(f.object).toBe("Deployment default/api");
    expect(f.title.params).toMatchObject({ available: 1, desired: 3 });
  });

  scenario("deployment.progress-deadline", "Progressing=False ProgressDeadlineExceeded", async () => {
    const d = deployment("api", {
      observedGeneration: 1,
      replicas: 3,
      availableReplicas: 2,
      conditions: [
        { type: "Available", status: "False", reason: "MinimumReplicasUnavailable" },
        {
          type: "Progressing",
          status: "False",
          reason: "ProgressDeadlineExceeded",
          message: 'ReplicaSet "api-7d9f" has timed out progressing.',
        },
      ],
    });
    const fs = await findings(healthy({ cluster: withObjects(d) }));
    const f = only(fs, "deployment.progress-deadline");
    expect(f.evidence[0]).toContain("has timed out progressing");
    expect(fs.some((x) => x.id === "deployment.unavailable")).toBe(false);
  });

  scenario("daemonset.not-ready", "pods not ready, and pods not scheduled", async () => {
    const ds = (name: string, status: Record<string, unknown>) => ({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name, namespace: "default" },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: "m", image: "busybox:1.36" }] },
        },
      },
      status,
    });
    const fs = await findings(
      healthy({
        cluster: withObjects(
          ds("agent", {
            desiredNumberScheduled: 2,
            currentNumberScheduled: 2,
            numberReady: 1,
            numberUnavailable: 1,
          }),
          ds("logger", { desiredNumberScheduled: 2, currentNumberScheduled: 1, numberReady: 1 }),
          ds("fine", { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2 }),
        ),
      }),
    );
    const d = fs.filter((f) => f.id === "daemonset.not-ready");
    expect(d.map((f) => [f.object, f.title.key])).toEqual([
      ["DaemonSet default/agent", "doctor.daemonset.notReady.title"],
      ["DaemonSet default/logger", "doctor.daemonset.notScheduled.title"],
    ]);
  });

  scenario("pod.too-new", "a young pod with nothing to judge by: not a clean bill of health", async () => {
    const p = failedPod("fresh-1", {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "True" }],
      containerStatuses: [
        { name: "main", ready: false, state: { waiting: { reason: "ContainerCreating" } } },
      ],
    });
    const f = only(
      await findings(healthy({ cluster: withObjects(p), now: new Date(Date.now() + 20_000) })),
      "pod.too-new",
    );
    expect(f.severity).toBe("warning");
    expect(Number(f.title.params?.seconds)).toBeGreaterThan(30);
    expect(Number(f.title.params?.seconds)).toBeLessThanOrEqual(60);
  });

  it("a young pod whose Warning events already repeat the failure is judged by them", async () => {
    const p = failedPod("fresh-2", {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "True" }],
      containerStatuses: [
        { name: "main", ready: false, state: { waiting: { reason: "ContainerCreating" } } },
      ],
    });
    const msg =
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "8d1f": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory';
    const fs = await findings(
      healthy({
        cluster: withObjects(p, { ...event(p, "FailedCreatePodSandBox", msg), count: 12 }),
        tweak: linkEvents,
        now: new Date(Date.now() + 20_000),
      }),
    );
    expect(fs.map((f) => f.id)).toEqual(["pod.sandbox-failed"]);
  });

  scenario(
    "cni.missing",
    "no pod network at all: the root of NotReady nodes and Pending CoreDNS",
    async () => {
      const notReady = node("worker-1", "10.244.1.0/24", {
        conditions: [
          { type: "Ready", status: "False", reason: "KubeletNotReady", message: real("node.cni-not-ready") },
        ],
        nodeInfo: { kubeletVersion: VERSION },
      });
      const cluster = withObjects(notReady).filter(
        (o) =>
          !(o.metadata.name as string).startsWith("kube-flannel-ds-") &&
          o.metadata.name !== "kube-flannel-cfg",
      );
      const fs = await findings(healthy({ cluster }));
      const root = only(fs, "cni.missing");
      expect(root.causedBy).toBeUndefined();
      expect(only(fs, "node.cni-not-ready").causedBy).toEqual({ id: "cni.missing", object: "CNI" });
      expect(only(fs, "node.cni-not-ready").title.key).toBe("doctor.node.cni.titleAbsent");
    },
  );

  it("the CNI present but failing to pull its image is the root; NotReady nodes and CoreDNS are under it", async () => {
    const image = "docker.io/flannel/flannel:v0.25.1";
    const flannel = pullPod(
      "kube-flannel-ds-bbbbb",
      image,
      "ImagePullBackOff",
      `Back-off pulling image "${image}"`,
    );
    (flannel.spec as { nodeName: string }).nodeName = "worker-1";
    const notReady = node("worker-1", "10.244.1.0/24", {
      conditions: [
        { type: "Ready", status: "False", reason: "KubeletNotReady", message: real("node.cni-not-ready") },
      ],
      nodeInfo: { kubeletVersion: VERSION },
    });
    const dns = runningPod("kube-system", "coredns-6d4b7c9f8-x2x7z", {
      labels: { "k8s-app": "kube-dns" },
      container: "coredns",
    });
    dns.spec = { containers: [{ name: "coredns", image: "x" }] };
    dns.status = {
      phase: "Pending",
      conditions: [
        {
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message: real("coredns.pending-no-cni"),
        },
      ],
    };
    const fs = await findings(
      healthy({
        cluster: withObjects(
          flannel,
          notReady,
          dns,
          event(flannel, "Failed", `Failed to pull image "${image}": ${real("image-pull.unreachable", 1)}`),
        ),
        tweak: linkEvents,
      }),
    );
    const root = { id: "image-pull.unreachable", object: "Pod kube-flannel/kube-flannel-ds-bbbbb" };
    expect(only(fs, "image-pull.unreachable").causedBy).toBeUndefined();
    expect(only(fs, "node.cni-not-ready")).toMatchObject({
      causedBy: root,
      title: { key: "doctor.node.cni.titleFailing" },
    });
    expect(only(fs, "coredns.pending-no-cni")).toMatchObject({
      causedBy: root,
      title: { key: "doctor.coredns.noCni.titleFailing" },
    });
    expect(fs.some((f) => f.id === "pod.unschedulable")).toBe(false);
  });
});

describe("nodes", () => {
  const notReady = (reason: string, message: string, status = "False") =>
    node("worker-1", "10.244.1.0/24", {
      conditions: [{ type: "Ready", status, reason, message, lastHeartbeatTime: "2025-06-01T10:00:00Z" }],
      nodeInfo: { kubeletVersion: VERSION },
    });

  scenario("node.cni-not-ready", "KubeletNotReady: cni plugin not initialized", async () => {
    const f = only(
      await findings(
        healthy({ cluster: withObjects(notReady("KubeletNotReady", real("node.cni-not-ready"))) }),
      ),
      "node.cni-not-ready",
    );
    expect(f.object).toBe("Node worker-1");
    expect(f.evidence[0]).toContain("cni plugin not initialized");
  });
  scenario("node.kubelet-stopped", "NodeStatusUnknown", async () => {
    const f = only(
      await findings(
        healthy({
          cluster: withObjects(notReady("NodeStatusUnknown", real("node.kubelet-stopped"), "Unknown")),
        }),
      ),
      "node.kubelet-stopped",
    );
    expect(f.fix).toEqual({ key: "doctor.node.kubeletStopped.fix", params: { node: "worker-1" } });
  });
  scenario("node.runtime-not-ready", "container runtime is down", async () => {
    only(
      await findings(
        healthy({ cluster: withObjects(notReady("KubeletNotReady", "container runtime is down")) }),
      ),
      "node.runtime-not-ready",
    );
  });
  scenario("node.not-ready", "anything else", async () => {
    only(
      await findings(healthy({ cluster: withObjects(notReady("KubeletNotReady", "something unusual")) })),
      "node.not-ready",
    );
  });
  scenario("node.pressure", "MemoryPressure on a Ready node", async () => {
    const n = node("worker-1", "10.244.1.0/24", {
      conditions: [
        { type: "Ready", status: "True" },
        {
          type: "MemoryPressure",
          status: "True",
          reason: "KubeletHasInsufficientMemory",
          message: "kubelet has insufficient memory available",
        },
      ],
      nodeInfo: { kubeletVersion: VERSION },
    });
    const f = only(await findings(healthy({ cluster: withObjects(n) })), "node.pressure");
    expect(f).toMatchObject({ severity: "warning", fix: { key: "doctor.node.pressure.fixMemory" } });
  });
});

describe("CNI", () => {
  scenario("cni.pod-cidr-mismatch", "flannel Network outside kubeadm's podSubnet", async () => {
    const f = only(
      await findings(healthy({ cluster: withObjects(flannelConfig("10.245.0.0/16")) })),
      "cni.pod-cidr-mismatch",
    );
    expect(f.object).toBe("ConfigMap kube-flannel/kube-flannel-cfg net-conf.json");
    expect(f.fix).toEqual({ key: "doctor.cni.cidr.fixFlannel", params: { podSubnet: "10.244.0.0/16" } });
  });

  it("cni.pod-cidr-mismatch: calico's CALICO_IPV4POOL_CIDR outside podSubnet", async () => {
    const ds: FakeObject = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "calico-node", namespace: "kube-system" },
      spec: {
        selector: { matchLabels: { "k8s-app": "calico-node" } },
        template: {
          spec: {
            containers: [
              { name: "calico-node", env: [{ name: "CALICO_IPV4POOL_CIDR", value: "192.168.0.0/16" }] },
            ],
          },
        },
      },
    };
    const f = only(await findings(healthy({ cluster: withObjects(ds) })), "cni.pod-cidr-mismatch");
    expect(f.fix.key).toBe("doctor.cni.cidr.fixCalico");
  });

  it("cni.pod-cidr-mismatch: a calico IPPool (CRD) outside podSubnet; disabled pools do not count", async () => {
    const crd: FakeObject = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "ippools.crd.projectcalico.org" },
      spec: {
        group: "crd.projectcalico.org",
        scope: "Cluster",
        names: { kind: "IPPool", plural: "ippools", singular: "ippool" },
        versions: [
          { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object" } } },
        ],
      },
    };
    const pool = (name: string, cidr: string, disabled = false): FakeObject => ({
      apiVersion: "crd.projectcalico.org/v1",
      kind: "IPPool",
      metadata: { name },
      spec: { cidr, disabled, ipipMode: "Always", natOutgoing: true },
    });
    const fs = await findings(
      healthy({
        cluster: withObjects(crd),
        tweak: (s) => {
          s.establishCrd("ippools.crd.projectcalico.org");
          s.upsert(pool("default-ipv4-ippool", "192.168.0.0/16"));
          s.upsert(pool("old-pool", "172.30.0.0/16", true));
        },
      }),
    );
    const f = only(fs, "cni.pod-cidr-mismatch");
    expect(f.object).toBe("IPPool default-ipv4-ippool");
    expect(f.evidence[0]).toBe("IPPool default-ipv4-ippool: 192.168.0.0/16");
  });

  scenario("flannel.no-pod-cidr", "initialised without podSubnet, nodes without podCIDR", async () => {
    const cluster = withObjects(kubeadmConfig(""), node("worker-1", undefined));
    const { report } = await runWorld(healthy({ cluster }), health());
    const f = only(report.findings, "flannel.no-pod-cidr");
    expect(f.fix.key).toBe("doctor.flannel.noPodCidr.fix");
    // One node: no "(s)"; zh reads it whole, not half English.
    expect(f.evidence[1]).toBe("1 node without spec.podCIDR");
    expect(reportText(report, "en").split("\n")).toContain("      1 node without spec.podCIDR");
    expect(reportText(report, "zh").split("\n")).toContain("      1 个节点没有 spec.podCIDR");
  });

  it("flannel.no-pod-cidr: from the crash-looping flannel pod's log", async () => {
    const pod = runningPod("kube-flannel", "kube-flannel-ds-bbbbb", {
      labels: { app: "flannel" },
      container: "kube-flannel",
      nodeName: "worker-1",
    });
    pod.status = {
      phase: "Running",
      containerStatuses: [
        {
          name: "kube-flannel",
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: "CrashLoopBackOff" } },
          lastState: { terminated: { reason: "Error", exitCode: 1 } },
        },
      ],
    };
    const fs = await findings(
      healthy({
        cluster: withObjects(pod),
        tweak: (s) =>
          s.setPodLog(
            {
              namespace: "kube-flannel",
              name: "kube-flannel-ds-bbbbb",
              container: "kube-flannel",
              previous: true,
            },
            `E0601 11:00:00.000000       1 main.go:359] ${real("flannel.no-pod-cidr")}\n`,
          ),
      }),
    );
    expect(only(fs, "flannel.no-pod-cidr").object).toBe("Pod kube-flannel/kube-flannel-ds-bbbbb");
  });

  scenario("calico.bgp-not-established", "calico-node readiness event", async () => {
    const pod = runningPod("kube-system", "calico-node-7xk2p", {
      labels: { "k8s-app": "calico-node" },
      container: "calico-node",
    });
    pod.status = {
      phase: "Running",
      containerStatuses: [{ name: "calico-node", ready: false, restartCount: 0, state: { running: {} } }],
    };
    const ev = event(pod, "Unhealthy", `Readiness probe failed: ${real("calico.bgp-not-established")}`);
    const f = only(
      await findings(healthy({ cluster: withObjects(pod, ev), tweak: linkEvents })),
      "calico.bgp-not-established",
    );
    expect(f.object).toBe("Pod kube-system/calico-node-7xk2p");
    expect(f.fix).toEqual({ key: "doctor.calico.bgp.fix", params: { namespace: "kube-system" } });
  });
});

describe("control plane, tokens, access", () => {
  scenario("controlplane.unhealthy", "kube-scheduler's /healthz fails", async () => {
    sched.answer = { status: 500, body: "[-]leaderElection failed: reason withheld\nhealthz check failed" };
    try {
      const f = only(await findings(healthy()), "controlplane.unhealthy");
      expect(f.object).toBe(`kube-scheduler (${sched.endpoint})`);
      expect(f.evidence[0]).toContain("HTTP 500 [-]leaderElection failed");
    } finally {
      sched.answer = { status: 200, body: "ok" };
    }
  });

  it("controlplane.unhealthy: nothing listens (connection refused)", async () => {
    const f = only(
      await findings(
        healthy({ endpoints: { controllerManager: "127.0.0.1:1", scheduler: health().scheduler } }),
      ),
      "controlplane.unhealthy",
    );
    expect(f.object).toBe("kube-controller-manager (127.0.0.1:1)");
    expect(f.evidence[0]).toContain("ECONNREFUSED");
  });

  scenario("token.expired", "every bootstrap token expired: info, offer kadm-wizard token", async () => {
    const { report } = await runWorld(
      healthy({ cluster: withObjects(bootstrapToken("abcdef", new Date(Date.now() - 3600_000))) }),
      health(),
    );
    const f = only(report.findings, "token.expired");
    expect(f).toMatchObject({ severity: "info", fix: { key: "doctor.token.fix" } });
    expect(f.evidence[0]).toMatch(/^token abcdef: expiration 20/);
    // the token secret never shows up
    expect(JSON.stringify(report)).not.toContain("0123456789abcdef");
  });

  scenario("api.unreachable", "the kubeconfig's server does not answer", async () => {
    const { report } = await runWorld(
      healthy({ kubeconfig: (s) => s.writeKubeconfig({ server: "http://127.0.0.1:1" }) }),
      health(),
    );
    const f = only(report.findings, "api.unreachable");
    expect(f.evidence[0]).toContain("connection refused");
    expect(report.cluster.checked).toBe(false);
    expect(report.host.checked).toBe(true);
  });

  scenario("kubeconfig.stale", "the server refuses the credentials (401)", async () => {
    const f = only(
      await findings(healthy({ kubeconfig: (s) => s.writeKubeconfig({ token: "stale-token" }) })),
      "kubeconfig.stale",
    );
    expect(f.evidence[0]).toContain("401");
  });

  scenario("doctor.check-failed", "RBAC forbids listing secrets: only that check is lost", async () => {
    const fs = await findings(
      healthy({
        tweak: (s) => s.fail({ op: "list", kind: "Secret", error: "forbidden" }),
      }),
    );
    const f = only(fs, "doctor.check-failed");
    expect(f.object).toBe("cluster bootstrap tokens");
    expect(f.evidence[0]).toContain("forbidden");
    expect(fs).toHaveLength(1);
  });
});

describe("host", () => {
  const host = (patch: Record<string, string | null | undefined>) => {
    const tree = { ...healthyControlPlaneHost() };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete tree[k];
      else tree[k] = v;
    }
    return tree;
  };
  const hostOnly = (patch: Record<string, string | null | undefined>, over: Partial<World> = {}) =>
    findings({ host: host(patch), scope: "host", ...over });

  scenario("host.swap-on", "/proc/swaps has an area", async () => {
    const f = only(
      await hostOnly({
        "/proc/swaps": "Filename Type Size Used Priority\n/dev/sda2 partition 2097148 0 -1\n",
      }),
      "host.swap-on",
    );
    expect(f.evidence[0]).toContain("/dev/sda2");
  });
  scenario("host.br-netfilter", "module not loaded", async () => {
    only(
      await hostOnly({
        "/proc/modules": "overlay 1 0 - Live 0x0\n",
        "/proc/sys/net/bridge/bridge-nf-call-iptables": undefined,
      }),
      "host.br-netfilter",
    );
  });
  scenario("host.ip-forward", "forwarding off", async () => {
    expect(only(await hostOnly({ "/proc/sys/net/ipv4/ip_forward": "0\n" }), "host.ip-forward").severity).toBe(
      "error",
    );
  });
  scenario("host.kubelet-inactive", "kubelet restarting, with its journal errors", async () => {
    const replies = {
      ...healthyReplies(),
      "systemctl show kubelet --property=LoadState,ActiveState,SubState,Result --no-pager": {
        stdout: systemctlShow("activating", "auto-restart", "exit-code"),
      },
      "journalctl -u kubelet -n 300 --no-pager -o cat": {
        stdout: `I0601 10:00:00.000000 1 server.go:1] starting\nE0601 10:00:01.000000 1 run.go:72] "command failed" err="${real("host.swap-on")}"\n`,
      },
    };
    const f = only(await hostOnly({}, { replies }), "host.kubelet-inactive");
    expect(f.severity).toBe("error");
    expect(
      f.evidence.some(
        (l) => l.startsWith("journal: E0601") && l.includes("running with swap on is not supported"),
      ),
    ).toBe(true);
    expect(f.evidence.some((l) => l.includes("I0601"))).toBe(false);
  });
  it("host.kubelet-inactive: before init it is only a note", async () => {
    const replies = {
      ...healthyReplies(),
      "systemctl show kubelet --property=LoadState,ActiveState,SubState,Result --no-pager": {
        stdout: systemctlShow("activating", "auto-restart"),
      },
    };
    const fs = await findings({ host: { "/proc/swaps": "Filename\n" }, scope: "host", replies });
    expect(only(fs, "host.kubelet-inactive").severity).toBe("info");
  });
  scenario("host.containerd-inactive", "containerd failed", async () => {
    const replies = {
      ...healthyReplies(),
      "systemctl show containerd --property=LoadState,ActiveState,SubState,Result --no-pager": {
        stdout: systemctlShow("failed", "failed", "exit-code"),
      },
    };
    const f = only(await hostOnly({}, { replies }), "host.containerd-inactive");
    expect(f.fix).toEqual({ key: "doctor.host.runtimeInactive.fix", params: { unit: "containerd" } });
  });
  it("a systemctl that answers without the units' state says nothing about them (no 'not running ()')", async () => {
    const replies = {
      ...healthyReplies(),
      "systemctl show containerd --property=LoadState,ActiveState,SubState,Result --no-pager": { stdout: "" },
      "systemctl show kubelet --property=LoadState,ActiveState,SubState,Result --no-pager": { stdout: "\n" },
    };
    const ids = (await hostOnly({}, { replies })).map((f) => f.id);
    expect(ids).not.toContain("host.containerd-inactive");
    expect(ids).not.toContain("host.kubelet-inactive");
  });
  scenario("host.cgroup-driver-mismatch", "containerd cgroupfs, kubelet systemd", async () => {
    const f = only(
      await hostOnly({ "/etc/containerd/config.toml": containerdToml({ systemd: false }) }),
      "host.cgroup-driver-mismatch",
    );
    expect(f.evidence[0]).toContain("SystemdCgroup = false");
  });
  scenario("host.cgroup-v1", "a cgroup v1 host (no cgroup.controllers, v1 mounts)", async () => {
    const f = only(
      await hostOnly({
        "/sys/fs/cgroup/cgroup.controllers": undefined,
        "/proc/mounts": "cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n",
      }),
      "host.cgroup-v1",
    );
    // host only: the expectation is the profile's default release (1.35+), whose kubelet refuses it
    expect(f).toMatchObject({ severity: "error", object: "/sys/fs/cgroup" });
    expect(f.title.key).toBe("preflight.cgroupV1.refused");
    expect(f.evidence[0]).toContain("/proc/mounts: cgroup (v1) on /sys/fs/cgroup/memory");
  });
  scenario("host.sandbox-image-mismatch", "containerd pulls pause from registry.k8s.io", async () => {
    const { report } = await runWorld(
      {
        ...healthy({
          host: host({
            "/etc/containerd/config.toml": containerdToml({ sandbox: "registry.k8s.io/pause:3.8" }),
          }),
        }),
      },
      health(),
    );
    const f = only(report.findings, "host.sandbox-image-mismatch");
    expect(f).toMatchObject({ severity: "error", object: "/etc/containerd/config.toml" });
    expect(f.fix).toEqual({ key: "doctor.host.sandbox.fix2", params: { expected: PAUSE } });
    // the expectation came from the cluster's kubeadm-config
    expect(f.evidence[1]).toContain("ConfigMap kube-system/kubeadm-config");
  });
  it("host.sandbox-image-mismatch: unset means containerd's built-in registry.k8s.io default", async () => {
    const f = only(
      await hostOnly({ "/etc/containerd/config.toml": containerdToml({ sandbox: null }) }),
      "host.sandbox-image-mismatch",
    );
    expect(f.evidence[0]).toContain("unset (containerd's built-in default registry.k8s.io/pause:3.8)");
  });
  scenario("host.version-skew", "kubelet four minors behind the cluster", async () => {
    const replies = { ...healthyReplies(), "/usr/bin/kubelet --version": { stdout: "Kubernetes v1.29.0\n" } };
    const f = only(await findings(healthy({ replies })), "host.version-skew");
    expect(f.evidence[0]).toContain(`pinned: ${VERSION}`);
  });
  scenario("host.kube-binaries", "kubeadm missing", async () => {
    only(await hostOnly({ "/usr/bin/kubeadm": undefined }), "host.kube-binaries");
  });
  scenario("host.port-in-use", "before init, 6443 is taken", async () => {
    const fs = await findings({ host: { "/proc/net/tcp": tcpListen([6443]) }, scope: "host" });
    expect(only(fs, "host.port-in-use").evidence[0]).toContain("0.0.0.0:6443");
  });
  scenario("host.port-not-listening", "a control plane without the API server on 6443", async () => {
    const f = only(await hostOnly({ "/proc/net/tcp": tcpListen([2379, 10250]) }), "host.port-not-listening");
    expect(f.object).toBe("kube-apiserver (port 6443)");
  });
  scenario("host.cni-config-missing", "empty /etc/cni/net.d on a node", async () => {
    only(
      await hostOnly({ "/etc/cni/net.d/10-flannel.conflist": undefined, "/etc/cni/net.d": null }),
      "host.cni-config-missing",
    );
  });
  scenario("host.admin-conf-missing", "control plane without admin.conf", async () => {
    only(await hostOnly({ "/etc/kubernetes/admin.conf": undefined }), "host.admin-conf-missing");
  });
  scenario("cert.expiring", "apiserver.crt has 10 days left", async () => {
    const now = new Date(testPki().leafNotAfter.getTime() - 10 * 86_400_000 - 3600_000);
    const f = only(await hostOnly({}, { now }), "cert.expiring");
    expect(f).toMatchObject({
      object: "/etc/kubernetes/pki/apiserver.crt",
      severity: "warning",
      fix: { key: "doctor.cert.fix" },
    });
    expect(f.title.params).toMatchObject({ days: 10 });
  });
  scenario("cert.expired", "apiserver.crt expired yesterday; CAs get the CA fix", async () => {
    const now = new Date(testPki().leafNotAfter.getTime() + 86_400_000);
    const f = only(await hostOnly({}, { now }), "cert.expired");
    expect(f.object).toBe("/etc/kubernetes/pki/apiserver.crt");
    const ca = await hostOnly({}, { now: new Date(Date.now() + 3651 * 86_400_000) });
    expect(
      ca
        .filter((x) => x.id === "cert.expired" && x.fix.key === "doctor.cert.fixCa")
        .map((x) => x.object)
        .sort(),
    ).toEqual(["/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/etcd/ca.crt"]);
  });
  scenario("cert.no-renew-timer", "certificates within 30 days and no renewal timer: a warning", async () => {
    const now = new Date(testPki().leafNotAfter.getTime() - 10 * 86_400_000 - 3600_000);
    const f = only(await hostOnly({}, { now }), "cert.no-renew-timer");
    expect(f).toMatchObject({
      object: "/etc/systemd/system/kadm-wizard-certs-renew.timer",
      severity: "warning",
      fix: { key: "certs.doctor.timerOff.fix" },
    });
    expect(f.evidence[1]).toMatch(/^due: .*apiserver.* \(earliest notAfter=\d{4}-/);
    // Nothing due: no word about the timer.
    expect((await hostOnly({})).filter((x) => x.id.startsWith("cert."))).toEqual([]);
  });
  scenario("cert.renew-timer", "the renewal timer is installed: an info line, no timer warning", async () => {
    const timer = { "/etc/systemd/system/kadm-wizard-certs-renew.timer": "[Timer]\nOnCalendar=daily\n" };
    const now = new Date(testPki().leafNotAfter.getTime() - 10 * 86_400_000 - 3600_000);
    const fs = await hostOnly(timer, { now });
    expect(only(fs, "cert.renew-timer").severity).toBe("info");
    expect(fs.filter((x) => x.id === "cert.no-renew-timer")).toEqual([]);
    expect(only(await hostOnly(timer), "cert.renew-timer").object).toBe(
      "/etc/systemd/system/kadm-wizard-certs-renew.timer",
    );
  });
  it("cert.expiring: kubeconfig client certificates are checked too", async () => {
    const p = testPki();
    const conf = yaml.dump({
      apiVersion: "v1",
      kind: "Config",
      users: [
        {
          name: "admin",
          user: {
            "client-certificate-data": Buffer.from(p.leafCrt).toString("base64"),
            "client-key-data": "eA==",
          },
        },
      ],
    });
    const now = new Date(p.leafNotAfter.getTime() - 5 * 86_400_000);
    const fs = await hostOnly({ "/etc/kubernetes/admin.conf": conf }, { now });
    expect(
      fs
        .filter((f) => f.id === "cert.expiring")
        .map((f) => f.object)
        .sort(),
    ).toEqual(["/etc/kubernetes/admin.conf (client certificate)", "/etc/kubernetes/pki/apiserver.crt"]);
  });
});

describe("the expected cluster shape", () => {
  it("comes from the saved config when the cluster is not asked", async () => {
    const saved = [
      {
        apiVersion: "kubeadm.k8s.io/v1beta4",
        kind: "InitConfiguration",
        nodeRegistration: { criSocket: "unix:///run/containerd/containerd.sock" },
      },
      {
        apiVersion: "kubeadm.k8s.io/v1beta4",
        kind: "ClusterConfiguration",
        kubernetesVersion: "v1.31.4",
        imageRepository: "registry.k8s.io",
        networking: { podSubnet: "10.200.0.0/16" },
      },
      { apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration", cgroupDriver: "systemd" },
    ]
      .map((d) => yaml.dump(d))
      .join("---\n");
    const { report } = await runWorld(
      { host: { ...healthyControlPlaneHost(), [SAVED_CONFIG]: saved }, scope: "host" },
      health(),
    );
    expect(report.expected).toMatchObject({
      source: "saved",
      origin: SAVED_CONFIG,
      kubernetesVersion: "v1.31.4",
      podSubnet: "10.200.0.0/16",
    });
    // the healthy host's pause image is the aliyun one, not registry.k8s.io's
    expect(only(report.findings, "host.sandbox-image-mismatch").evidence[1]).toContain(
      "registry.k8s.io/pause:",
    );
    // kubeadm/kubelet v1.33.2 against a v1.31.4 cluster: skew
    only(report.findings, "host.version-skew");
  });

  it("falls back to the spec (profile/flags) last", async () => {
    const { report } = await runWorld({ host: {}, scope: "host" }, health());
    expect(report.expected).toMatchObject({
      source: "spec",
      kubernetesVersion: "v1.35.7",
      origin: "profile aliyun",
    });
  });
});

describe("coverage", () => {
  it("every finding id has a scenario (except those only reachable through another's)", () => {
    // node.none: only `wait` sees a cluster without nodes (doctor's healthy world has them)
    // host.ssh-failed: only doctor --inventory/--node makes it (test/integration/doctor-nodes.test.ts)
    const indirect: FindingId[] = ["node.none", "host.ssh-failed"];
    expect(FINDING_IDS.filter((id) => !covered.has(id) && !indirect.includes(id))).toEqual([]);
  });
});
