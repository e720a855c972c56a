/**
 * Every classifier fed with the real message strings of ../shared/testdata/failure-messages.yaml
 * (read at runtime): each message must land in its class (positive) and in no other classifier's
 * class (negative). A table decides for every id of the file, so a new entry fails here until
 * someone says what doctor should make of it.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { classifyPullText } from "../../src/diagnose/transport.js";
import {
  bgpPeersNotEstablished,
  classifyNode,
  classifyNodeNotReady,
  classifyPod,
  classifySandboxError,
  classifySchedulingMessage,
  imageInMessage,
  isFlannelNoPodCidr,
  isKubeletErrorLine,
  isUnhealthyPod,
  type NodeLike,
  type PodLike,
} from "../../src/doctor/classify/index.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(here, "..", "..", "..", "shared", "testdata", "failure-messages.yaml");
const NO_CORPUS = requireSharedTestdata("failure-messages.yaml");
const describeCorpus = describeUnless(NO_CORPUS);

interface Entry {
  id: string;
  text: string;
  where: string;
}

const ENTRIES = (NO_CORPUS ? [] : (yaml.load(readFileSync(CORPUS, "utf8")) as Entry[])).map((e) => ({
  ...e,
  text: e.text.trim(),
}));
const textsOf = (id: string) => ENTRIES.filter((e) => e.id === id).map((e) => e.text);

/** What each classifier must say about each message class of the corpus. */
const EXPECT: Record<
  string,
  {
    pull?: ReturnType<typeof classifyPullText>;
    sandbox?: ReturnType<typeof classifySandboxError>;
    node?: ReturnType<typeof classifyNodeNotReady>;
    scheduling?: ReturnType<typeof classifySchedulingMessage>["cause"];
    flannel?: boolean;
    bgp?: boolean;
    kubeletLog?: boolean;
  }
> = {
  "image-pull.unreachable": { pull: "unreachable" },
  "image-pull.not-found": { pull: "not-found" },
  "image-pull.unauthorized": { pull: "unauthorized" },
  "image-pull.tls": { pull: "tls" },
  "image-pull.backoff-message": { pull: undefined },
  "sandbox-image.pull-failed": { pull: "unreachable", sandbox: "pause-image" },
  "node.cni-not-ready": { node: "cni" },
  "node.kubelet-stopped": { node: "kubelet-stopped" },
  "host.cgroup-driver-mismatch": { kubeletLog: true },
  "host.swap-on": { kubeletLog: true },
  "flannel.no-pod-cidr": { flannel: true },
  "calico.bgp-not-established": { bgp: true },
  "kubeadm.init-timeout": { pull: "unreachable" },
  "token.expired": {},
  "join.ca-hash-mismatch": {},
  "cert.expired": { pull: "tls" },
  "kubeconfig.stale": { pull: "tls" },
  "coredns.pending-no-cni": { scheduling: "nodes-not-ready" },
  "controlplane.componentstatus-port0": { pull: "unreachable" },
};

describeCorpus("the corpus", () => {
  it("is read and every id in it has an expectation here", () => {
    expect(ENTRIES.length).toBeGreaterThanOrEqual(20);
    const ids = [...new Set(ENTRIES.map((e) => e.id))];
    expect(ids.filter((id) => !(id in EXPECT))).toEqual([]);
  });
});

describe.each(ENTRIES.map((e, i) => [`${e.id} #${i}`, e] as const))("%s", (_label, e) => {
  const want = EXPECT[e.id] ?? {};
  it("pull error class", () => expect(classifyPullText(e.text)).toBe(want.pull));
  it("sandbox failure class (only for sandbox events)", () => {
    const sandbox = classifySandboxError(e.text);
    if (want.sandbox) expect(sandbox).toBe(want.sandbox);
    else expect(sandbox).not.toBe("pause-image");
  });
  it("node not-ready cause", () => expect(classifyNodeNotReady("", e.text)).toBe(want.node ?? "other"));
  it("scheduling cause", () =>
    expect(classifySchedulingMessage(e.text).cause).toBe(want.scheduling ?? "other"));
  it("flannel pod cidr", () => expect(isFlannelNoPodCidr(e.text)).toBe(want.flannel === true));
  it("calico BGP", () => expect(bgpPeersNotEstablished(e.text) !== undefined).toBe(want.bgp === true));
  it("kubelet fatal log line", () => expect(isKubeletErrorLine(e.text)).toBe(want.kubeletLog === true));
});

describeCorpus("details of the messages", () => {
  it("names the image a pull message is about", () => {
    expect(imageInMessage(textsOf("sandbox-image.pull-failed")[0] ?? "")).toBe("k8s.gcr.io/pause:3.5");
    expect(imageInMessage(textsOf("image-pull.backoff-message")[0] ?? "")).toBe(
      "docker.io/flannel/flannel:v0.25.1",
    );
  });
  it("lists the BGP peers", () => {
    expect(bgpPeersNotEstablished(textsOf("calico.bgp-not-established")[0] ?? "")).toEqual([
      "192.168.50.42",
      "192.168.50.45",
    ]);
  });
  it("tells scheduler causes apart (and ignores the preemption tail)", () => {
    const cp =
      "0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
    expect(classifySchedulingMessage(cp).cause).toBe("control-plane-taint");
    const res = classifySchedulingMessage(
      "0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
    expect(res).toEqual({ cause: "insufficient", resources: ["cpu", "memory"] });
    expect(classifySchedulingMessage("no nodes available to schedule pods").cause).toBe("no-nodes");
    expect(
      classifySchedulingMessage(
        "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
      ).cause,
    ).toBe("selector");
    expect(
      classifySchedulingMessage("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.")
        .cause,
    ).toBe("volume");
  });
  it("sandbox failures from the CNI are network, not pause", () => {
    const flannel =
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "0b1c": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory';
    expect(classifySandboxError(flannel)).toBe("network");
    expect(
      classifySandboxError("Failed to create pod sandbox: rpc error: code = Unknown desc = something odd"),
    ).toBe("other");
  });
  it("runtime-down conditions", () => {
    expect(
      classifyNodeNotReady(
        "KubeletNotReady",
        "container runtime is down, PLEG is not healthy: pleg was last seen active 3m0s ago",
      ),
    ).toBe("runtime");
  });
});

// ---------------------------------------------------------------------------------------------
// Object classifiers, built around the real strings.

const NOW = new Date("2025-06-01T12:00:00Z");
const OLD = "2025-06-01T10:00:00Z";

function pod(over: Partial<PodLike> & { name?: string; namespace?: string } = {}): PodLike {
  const { name = "web-1", namespace = "default", ...rest } = over;
  return {
    metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: OLD, labels: {} },
    spec: { nodeName: "node-1", containers: [{ name: "app", image: "docker.io/flannel/flannel:v0.25.1" }] },
    status: {
      phase: "Running",
      containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: { running: {} } }],
    },
    ...rest,
  };
}

function waiting(reason: string, message?: string): PodLike["status"] {
  return {
    phase: "Pending",
    containerStatuses: [
      {
        name: "app",
        ready: false,
        restartCount: 0,
        state: { waiting: { reason, ...(message ? { message } : {}) } },
      },
    ],
  };
}

const failed = (message: string) => ({
  type: "Warning",
  reason: "Failed",
  message,
  lastTimestamp: "2025-06-01T11:59:00Z",
});

describeCorpus("classifyPod: image pulls", () => {
  it.each([
    ["image-pull.unreachable", textsOf("image-pull.unreachable")[1] ?? ""],
    ["image-pull.not-found", textsOf("image-pull.not-found")[0] ?? ""],
    ["image-pull.unauthorized", textsOf("image-pull.unauthorized")[0] ?? ""],
    ["image-pull.tls", textsOf("image-pull.tls")[0] ?? ""],
  ])("%s from the Failed event while the pod is in ImagePullBackOff", (id, message) => {
    const image = "docker.io/calico/pod2daemon-flexvol:v3.23.1";
    const p = pod({
      spec: { nodeName: "node-1", containers: [{ name: "app", image }] },
      status: waiting("ImagePullBackOff", `Back-off pulling image "${image}"`),
    });
    const text = message.includes(image) ? message : `Failed to pull image "${image}": ${message}`;
    const f = classifyPod(p, [failed(text)]);
    expect(f.map((x) => x.id)).toEqual([id]);
    expect(f[0]?.object).toBe("Pod default/web-1");
    expect(f[0]?.evidence.join("\n")).toContain(message.slice(0, 60));
  });

  it("unreachable docker.io suggests the daocloud mirror with the exact image", () => {
    const text = textsOf("image-pull.unreachable")[1] ?? "";
    const image = "docker.io/calico/pod2daemon-flexvol:v3.23.1";
    const p = pod({
      spec: { nodeName: "n", containers: [{ name: "app", image }] },
      status: waiting("ErrImagePull", text),
    });
    const [f] = classifyPod(p, []);
    expect(f?.fix).toEqual({
      key: "doctor.pull.unreachable.fixMirror",
      params: expect.objectContaining({
        mirrorImage: "docker.m.daocloud.io/calico/pod2daemon-flexvol:v3.23.1",
      }),
    });
  });

  it("unreachable registry.k8s.io points at kubeadm's image repository", () => {
    const text = textsOf("image-pull.unreachable")[0] ?? "";
    const image = "registry.k8s.io/kube-apiserver:v1.28.2";
    const p = pod({
      spec: { nodeName: "n", containers: [{ name: "app", image }] },
      status: waiting("ErrImagePull", text),
    });
    expect(classifyPod(p, [])[0]?.fix.key).toBe("doctor.pull.unreachable.fixKubeadm");
  });

  it("ImagePullBackOff without a Failed event: backoff, no guessed cause", () => {
    const p = pod({ status: waiting("ImagePullBackOff", textsOf("image-pull.backoff-message")[0]) });
    expect(classifyPod(p, []).map((f) => f.id)).toEqual(["image-pull.backoff"]);
  });

  it("a Failed event about another image does not count", () => {
    const p = pod({ status: waiting("ImagePullBackOff", textsOf("image-pull.backoff-message")[0]) });
    const other = failed(`Failed to pull image "quay.io/x/y:1": ${textsOf("image-pull.tls")[0]}`);
    expect(classifyPod(p, [other]).map((f) => f.id)).toEqual(["image-pull.backoff"]);
  });
});

describeCorpus("classifyPod: sandbox, crash loops, scheduling, calico", () => {
  it("FailedCreatePodSandBox with the pause pull error", () => {
    const p = pod({ name: "coredns-1", namespace: "kube-system", status: waiting("ContainerCreating") });
    const ev = {
      type: "Warning",
      reason: "FailedCreatePodSandBox",
      message: textsOf("sandbox-image.pull-failed")[0],
    };
    const f = classifyPod(p, [ev], { expectedPause: "registry.aliyuncs.com/google_containers/pause:3.10" });
    expect(f.map((x) => x.id)).toEqual(["sandbox-image.pull-failed"]);
    expect(f[0]?.title.params).toMatchObject({ image: "k8s.gcr.io/pause:3.5", node: "node-1" });
    expect(f[0]?.fix.params).toMatchObject({
      expected: "registry.aliyuncs.com/google_containers/pause:3.10",
    });
  });

  it("CrashLoopBackOff carries the last termination and the log tail", () => {
    const p = pod({
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "app",
            ready: false,
            restartCount: 7,
            state: {
              waiting: {
                reason: "CrashLoopBackOff",
                message: "back-off 5m0s restarting failed container=app",
              },
            },
            lastState: { terminated: { reason: "Error", exitCode: 1, finishedAt: "2025-06-01T11:58:00Z" } },
          },
        ],
      },
    });
    const [f] = classifyPod(p, [], { logTails: { app: "starting\npanic: config missing\n" } });
    expect(f?.id).toBe("pod.crashloop");
    expect(f?.evidence).toContain("log: panic: config missing");
    expect(f?.evidence.some((l) => l.includes("reason=Error exitCode=1"))).toBe(true);
    expect(f?.fix).toEqual({
      key: "doctor.crashloop.fix",
      params: expect.objectContaining({ container: "app" }),
    });
  });

  it("a crash-looping flannel whose log says 'pod cidr not assigned' is flannel.no-pod-cidr", () => {
    const p = pod({
      name: "kube-flannel-ds-abcde",
      namespace: "kube-flannel",
      metadata: {
        name: "kube-flannel-ds-abcde",
        namespace: "kube-flannel",
        labels: { app: "flannel" },
        creationTimestamp: OLD,
      },
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "app", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } },
        ],
      },
    });
    const log = `I0601 11:57:00.000000 1 main.go:212] Created subnet manager\nE0601 11:57:01.000000 1 main.go:359] ${textsOf("flannel.no-pod-cidr")[0]}\n`;
    expect(classifyPod(p, [], { logTails: { app: log } }).map((f) => f.id)).toEqual(["flannel.no-pod-cidr"]);
    // the same log on a pod that is not flannel is just a crash loop
    const other = pod({ status: p.status });
    expect(classifyPod(other, [], { logTails: { app: log } }).map((f) => f.id)).toEqual(["pod.crashloop"]);
  });

  const pending = (message: string): PodLike["status"] => ({
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message }],
  });

  it("CoreDNS pending on not-ready nodes without a CNI: coredns.pending-no-cni", () => {
    const text = textsOf("coredns.pending-no-cni")[0] ?? "";
    const dns = pod({
      metadata: {
        name: "coredns-7db6d8ff4d-x2x7z",
        namespace: "kube-system",
        labels: { "k8s-app": "kube-dns" },
      },
      spec: {},
      status: pending(text),
    });
    expect(classifyPod(dns, [], { cniInstalled: false }).map((f) => f.id)).toEqual([
      "coredns.pending-no-cni",
    ]);
    // with a CNI installed (but failing or starting) CoreDNS still waits for the pod network: the
    // same id, so the report lists it under the CNI's own failure (issue 15)
    const withCni = classifyPod(dns, [], { cniInstalled: true });
    expect(withCni.map((f) => f.id)).toEqual(["coredns.pending-no-cni"]);
    // and another pod with that message is never "coredns"
    expect(classifyPod(pod({ spec: {}, status: pending(text) }), [], { cniInstalled: false })[0]?.id).toBe(
      "pod.unschedulable",
    );
  });

  it("control-plane taint only: a warning with the untaint command", () => {
    const [f] = classifyPod(
      pod({
        spec: {},
        status: pending(
          "0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        ),
      }),
      [],
    );
    expect(f).toMatchObject({ id: "pod.unschedulable", severity: "warning" });
    expect(f?.fix.key).toBe("doctor.unschedulable.fixControlPlane");
  });

  it("calico-node readiness event with BGP not established", () => {
    const p = pod({
      metadata: { name: "calico-node-7xk2p", namespace: "kube-system", labels: { "k8s-app": "calico-node" } },
      status: {
        phase: "Running",
        containerStatuses: [{ name: "calico-node", ready: false, state: { running: {} } }],
      },
    });
    const ev = {
      type: "Warning",
      reason: "Unhealthy",
      message: `Readiness probe failed: ${textsOf("calico.bgp-not-established")[0]}`,
    };
    const [f] = classifyPod(p, [ev]);
    expect(f).toMatchObject({
      id: "calico.bgp-not-established",
      object: "Pod kube-system/calico-node-7xk2p",
    });
    expect(f?.title.params).toMatchObject({ peers: "192.168.50.42, 192.168.50.45" });
  });

  it("a healthy pod, or one with unrelated events, yields nothing", () => {
    expect(classifyPod(pod(), [])).toEqual([]);
    expect(classifyPod(pod(), [{ reason: "Pulled", message: "Successfully pulled image" }])).toEqual([]);
  });
});

describe("isUnhealthyPod", () => {
  it("keeps waiting, unscheduled, pending, unready and failed pods (young ones too: judged by their events)", () => {
    expect(isUnhealthyPod(pod(), NOW)).toBe(false);
    expect(isUnhealthyPod(pod({ status: waiting("ImagePullBackOff") }), NOW)).toBe(true);
    expect(isUnhealthyPod(pod({ status: { phase: "Succeeded" } }), NOW)).toBe(false);
    const fresh = pod({
      metadata: { name: "x", creationTimestamp: "2025-06-01T11:59:40Z" },
      status: waiting("ContainerCreating"),
    });
    expect(isUnhealthyPod(fresh, NOW)).toBe(true);
    expect(isUnhealthyPod(pod({ status: { phase: "Failed", reason: "Evicted" } }), NOW)).toBe(true);
    expect(isUnhealthyPod(pod({ status: waiting("ContainerCreating") }), NOW)).toBe(true);
    const unready = pod({ status: { phase: "Running", containerStatuses: [{ name: "a", ready: false }] } });
    expect(isUnhealthyPod(unready, NOW)).toBe(true);
  });
});

describeCorpus("classifyNode", () => {
  const node = (conditions: NonNullable<NodeLike["status"]>["conditions"]): NodeLike => ({
    metadata: { name: "node-1" },
    status: { conditions },
  });

  it("CNI not initialised (real condition message)", () => {
    for (const text of textsOf("node.cni-not-ready")) {
      const f = classifyNode(
        node([{ type: "Ready", status: "False", reason: "KubeletNotReady", message: text }]),
      );
      expect(f.map((x) => x.id)).toEqual(["node.cni-not-ready"]);
      expect(f[0]?.evidence[0]).toContain(text);
      expect(f[0]?.object).toBe("Node node-1");
    }
  });

  it("kubelet stopped posting status", () => {
    const f = classifyNode(
      node([
        {
          type: "Ready",
          status: "Unknown",
          reason: "NodeStatusUnknown",
          message: textsOf("node.kubelet-stopped")[0],
        },
      ]),
    );
    expect(f.map((x) => x.id)).toEqual(["node.kubelet-stopped"]);
  });

  it("pressure conditions are warnings even on a Ready node", () => {
    const f = classifyNode(
      node([
        { type: "Ready", status: "True" },
        {
          type: "DiskPressure",
          status: "True",
          reason: "KubeletHasDiskPressure",
          message: "kubelet has disk pressure",
        },
        { type: "MemoryPressure", status: "False" },
      ]),
    );
    expect(f.map((x) => [x.id, x.severity, x.fix.key])).toEqual([
      ["node.pressure", "warning", "doctor.node.pressure.fixDisk"],
    ]);
  });

  it("a Ready node without pressure yields nothing", () => {
    expect(
      classifyNode(
        node([
          {
            type: "Ready",
            status: "True",
            reason: "KubeletReady",
            message: "kubelet is posting ready status",
          },
          { type: "MemoryPressure", status: "False" },
          { type: "NetworkUnavailable", status: "False", reason: "FlannelIsUp" },
        ]),
      ),
    ).toEqual([]);
  });
});
