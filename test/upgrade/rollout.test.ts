/**
 * The rollout engine on hand-built plans: the order of the nodes, workers at most --max-unavailable
 * at once, a failure stopping what has not started, and a resume skipping the steps done.
 */

import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runWithProgress } from "../../src/tasks/progress.js";
import { rolloutTasks } from "../../src/upgrade/apply.js";
import { rolloutHops, stepCommands, switchRepoMinor } from "../../src/upgrade/rollout.js";
import { newUpgradeState, type UpgradeState } from "../../src/upgrade/state.js";
import { handPlan } from "../fakes/upgrade-plan.js";

const sink = new Writable({ write: (_c, _e, cb) => cb() });

function engine(
  plan = handPlan({ workers: ["w1", "w2", "w3"] }),
  o: { max?: number; fail?: string; state?: UpgradeState; stepMs?: (node: string) => number } = {},
) {
  const events: string[] = [];
  let running = 0;
  let peakWorkers = 0;
  const saves: UpgradeState[] = [];
  const state = o.state ?? newUpgradeState("apply", plan, new Date(0));
  const r = rolloutTasks(rolloutHops(plan), {
    lang: "en",
    signal: new AbortController().signal,
    now: () => new Date(0),
    maxUnavailable: o.max ?? 1,
    state,
    save: async (s) => {
      saves.push(s);
    },
    label: (n) => n.action.node,
    exec: async (n, _h, step) => {
      const node = n.action.node;
      const worker = n.action.role === "worker";
      if (step.id === "repo" && worker) {
        running++;
        peakWorkers = Math.max(peakWorkers, running);
        events.push(`start ${node}`);
      }
      await new Promise((res) => setTimeout(res, o.stepMs?.(node) ?? 1));
      if (o.fail === `${node}/${step.id}`) throw new Error(`boom on ${node}`);
      if (step.id === "uncordon" && worker) {
        running--;
        events.push(`end ${node}`);
      }
      events.push(`${node} ${step.key}`);
      return `${step.id} ok`;
    },
  });
  return {
    r,
    events,
    saves,
    peak: () => peakWorkers,
    run: () => runWithProgress(r.tasks, { stream: sink, mode: "silent", lang: "en" }),
  };
}

describe("rollout order and concurrency", () => {
  it("first control plane, other control planes one at a time, then workers at most 2 at once of 3", async () => {
    const plan = handPlan({ controlPlanes: ["cp-2", "cp-3"], workers: ["w1", "w2", "w3"] });
    // w1 is slow: w3 may start only when w2 (the first to finish) has freed a place.
    const e = engine(plan, { max: 2, stepMs: (n) => (n === "w1" ? 15 : 1) });
    await e.run();
    const steps = e.events.filter((x) => !x.startsWith("start") && !x.startsWith("end"));
    const firstOf = (n: string) => steps.findIndex((x) => x.startsWith(`${n} `));
    const lastOf = (n: string) => steps.map((x) => x.startsWith(`${n} `)).lastIndexOf(true);
    expect(lastOf("master-1")).toBeLessThan(firstOf("cp-2"));
    expect(lastOf("cp-2")).toBeLessThan(firstOf("cp-3"));
    expect(lastOf("cp-3")).toBeLessThan(firstOf("w1"));
    expect(e.peak()).toBe(2);
    const order = e.events.filter((x) => x.startsWith("start") || x.startsWith("end"));
    expect(order.slice(0, 2).sort()).toEqual(["start w1", "start w2"]);
    expect(order.indexOf("start w3")).toBeGreaterThan(order.indexOf("end w2"));
    expect(order.indexOf("start w3")).toBeLessThan(order.indexOf("end w1"));
    // The first control plane: backup, then kubeadm upgrade plan + apply; the others upgrade node.
    expect(steps.filter((x) => x.startsWith("master-1 ")).map((x) => x.split("/")[1])).toEqual([
      "backup",
      "repo",
      "kubeadm-package",
      "images",
      "kubeadm-plan",
      "kubeadm-apply",
      "drain",
      "kubelet-package",
      "restart-kubelet",
      "wait-ready",
      "uncordon",
    ]);
    expect(steps.filter((x) => x.startsWith("w1 ")).map((x) => x.split("/")[1])).toContain("kubeadm-node");
    expect(e.r.state().nodes.w3?.["v1.34.3/uncordon"]?.status).toBe("done");
  });

  it("max-unavailable 1: workers strictly one after another", async () => {
    const e = engine(handPlan({ workers: ["w1", "w2", "w3"] }), { max: 1 });
    await e.run();
    expect(e.peak()).toBe(1);
    expect(e.events.filter((x) => x.startsWith("start") || x.startsWith("end"))).toEqual([
      "start w1",
      "end w1",
      "start w2",
      "end w2",
      "start w3",
      "end w3",
    ]);
  });

  it("two hops: every node reaches the first before any starts the second", async () => {
    const e = engine(handPlan({ to: ["v1.34.3", "v1.35.1"], workers: ["w1"] }));
    await e.run();
    const keys = e.events.filter((x) => !x.startsWith("start") && !x.startsWith("end"));
    const lastFirstHop = keys.map((k) => k.includes("v1.34.3/")).lastIndexOf(true);
    const firstSecondHop = keys.findIndex((k) => k.includes("v1.35.1/"));
    expect(lastFirstHop).toBeLessThan(firstSecondHop);
    // The backup is taken once, before the first change.
    expect(keys.filter((k) => k.endsWith("/backup"))).toEqual(["master-1 v1.34.3/backup"]);
  });

  it("a failure stops the rollout: recorded as failed, running workers finish their step, nothing new starts", async () => {
    const e = engine(handPlan({ workers: ["w1", "w2", "w3"] }), {
      max: 2,
      fail: "w1/kubeadm-node",
      stepMs: (n) => (n === "w2" ? 3 : 1),
    });
    await expect(e.run()).rejects.toThrow("boom on w1");
    await e.r.settled();
    const s = e.r.state();
    expect(s.nodes.w1?.["v1.34.3/kubeadm-node"]).toMatchObject({ status: "failed", detail: "boom on w1" });
    expect(e.r.failure()?.node).toBe("w1");
    expect(e.events).not.toContain("start w3");
    expect(s.nodes.w3).toBeUndefined();
    // w2 was running: it stopped between two steps, not in the middle of one.
    const w2 = Object.keys(s.nodes.w2 ?? {});
    expect(w2.length).toBeGreaterThan(0);
    expect(w2).not.toContain("v1.34.3/uncordon");
    // The last save holds the failure (the state file is what `upgrade apply` resumes from).
    expect(e.saves.at(-1)?.nodes.w1?.["v1.34.3/kubeadm-node"]?.status).toBe("failed");
  });

  it("a resume skips every step done and re-runs the failed one", async () => {
    const plan = handPlan({ workers: ["w1"] });
    const first = engine(plan, { fail: "w1/kubelet-package" });
    await expect(first.run()).rejects.toThrow();
    await first.r.settled();
    const again = engine(plan, { state: first.r.state() });
    await again.run();
    const ran = again.events.filter((x) => !x.startsWith("start") && !x.startsWith("end"));
    expect(ran).toEqual([
      "w1 v1.34.3/kubelet-package",
      "w1 v1.34.3/restart-kubelet",
      "w1 v1.34.3/wait-ready",
      "w1 v1.34.3/uncordon",
    ]);
    expect(again.r.state().nodes.w1?.["v1.34.3/kubelet-package"]?.status).toBe("done");
  });
});

describe("rollout plan (pure)", () => {
  it("a worker pulls only pause and kube-proxy; a single node is only cordoned", () => {
    const [hop] = rolloutHops(handPlan({ workers: ["w1"] }));
    expect(hop?.workers[0]?.images).toEqual([
      "registry.aliyuncs.com/google_containers/kube-proxy:v1.34.3",
      "registry.aliyuncs.com/google_containers/pause:3.10.1",
    ]);
    const [solo] = rolloutHops(handPlan());
    expect(solo?.first?.action.drain).toBe(false);
    const drain = stepCommands("drain", solo?.first as never, solo?.hop as never, {
      family: "deb",
      kubeadm: "kubeadm",
      backupDir: "/b",
    });
    expect(drain).toEqual([{ key: "rollout.plan.cordonOnly", params: { node: "master-1" } }]);
  });

  it("switches Aliyun's and pkgs.k8s.io's per-minor repositories", () => {
    expect(
      switchRepoMinor(
        "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/ /\n",
        "v1.34.3",
      ),
    ).toBe(
      "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.34/deb/ /\n",
    );
    expect(
      switchRepoMinor(
        "baseurl=https://pkgs.k8s.io/core:/stable:/v1.33/rpm/\ngpgkey=https://pkgs.k8s.io/core:/stable:/v1.33/rpm/repodata/repomd.xml.key\n",
        "v1.34.0",
      ),
    ).toBe(
      "baseurl=https://pkgs.k8s.io/core:/stable:/v1.34/rpm/\ngpgkey=https://pkgs.k8s.io/core:/stable:/v1.34/rpm/repodata/repomd.xml.key\n",
    );
    expect(
      switchRepoMinor("deb http://apt.kubernetes.io/ kubernetes-xenial main\n", "v1.34.0"),
    ).toBeUndefined();
  });
});
