import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { expect, it } from "vitest";
import type { KubeObject } from "../../src/kube/client.js";
import { doctorDiagnose } from "../../src/wait/doctor-diagnose.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

const MESSAGES = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "shared",
  "testdata",
  "failure-messages.yaml",
);
/** The real kubelet message for a calico image pull that timed out (failure-messages.yaml). */
function pullTimeout(): string {
  const text = readFileSync(MESSAGES, "utf8");
  const m = /text: '(Failed to pull image "docker\.io\/calico\/pod2daemon-flexvol:v3\.23\.1"[^']*)'/.exec(
    text,
  );
  if (!m) throw new Error("message not found in failure-messages.yaml");
  return yaml.load(`'${m[1]}'`) as string;
}

const obj = (o: Record<string, unknown>) => o as unknown as KubeObject;

// Every test here quotes the real kubelet messages.
const describe = describeUnless(requireSharedTestdata("failure-messages.yaml"));

describe("doctorDiagnose (wait's timeout explained by the doctor's classifiers)", () => {
  const node = obj({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "master-1" },
    status: {
      conditions: [
        {
          type: "Ready",
          status: "False",
          reason: "KubeletNotReady",
          message:
            "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
        },
      ],
    },
  });
  const pod = obj({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "calico-node-x2x7z", namespace: "kube-system", uid: "u1" },
    spec: { containers: [{ name: "flexvol", image: "docker.io/calico/pod2daemon-flexvol:v3.23.1" }] },
    status: {
      phase: "Pending",
      containerStatuses: [
        {
          name: "flexvol",
          image: "docker.io/calico/pod2daemon-flexvol:v3.23.1",
          ready: false,
          state: {
            waiting: {
              reason: "ImagePullBackOff",
              message: 'Back-off pulling image "docker.io/calico/pod2daemon-flexvol:v3.23.1"',
            },
          },
        },
      ],
    },
  });
  const event = obj({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "e1", namespace: "kube-system" },
    type: "Warning",
    reason: "Failed",
    message: pullTimeout(),
    involvedObject: { kind: "Pod", name: "calico-node-x2x7z", namespace: "kube-system", uid: "u1" },
  });
  const healthy = obj({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "etcd-master-1", namespace: "kube-system", uid: "u2" },
    status: {
      phase: "Running",
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [{ name: "etcd", ready: true, state: { running: {} } }],
    },
  });
  const snapshot = { nodes: [node], pods: [pod, healthy], daemonSets: [], deployments: [] };

  it("names the node's CNI problem and the pod's unreachable registry with the image", async () => {
    const findings = await doctorDiagnose(() => new Date("2026-11-23T10:00:00Z"))({
      snapshot,
      events: [event],
      phases: [],
    });
    const ids = findings.map((f) => `${f.id} ${f.object}`);
    expect(ids).toContain("node.cni-not-ready Node master-1");
    const pull = findings.find((f) => f.id === "image-pull.unreachable");
    expect(pull?.object).toBe("Pod kube-system/calico-node-x2x7z");
    expect(pull?.evidence.join("\n")).toContain("i/o timeout");
    expect(findings.some((f) => f.object.includes("etcd-master-1"))).toBe(false);
  });

  it("nothing stuck: nothing to say", async () => {
    const ready = obj({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n" },
      status: { conditions: [{ type: "Ready", status: "True" }] },
    });
    expect(
      await doctorDiagnose()({
        snapshot: { nodes: [ready], pods: [healthy], daemonSets: [], deployments: [] },
        events: [],
        phases: [],
      }),
    ).toEqual([]);
  });
});
