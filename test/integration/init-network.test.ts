/**
 * `init` to the very end: after the fake kubeadm, flannel is applied through the fake API server
 * (server-side apply of the real, patched manifest from the verified cache) and the watch-based wait
 * returns once a scripted controller makes nodes, flannel and CoreDNS Ready; or times out with the
 * doctor's explanation of what is stuck, and a re-run resumes at the wait.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheFlannel, FLANNEL_DS, freshCluster, readyController } from "../fakes/inited-cluster.js";
import type { FakeApiServer } from "../fakes/kube-api-server.js";
import { type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";
import { requireSharedTestdata, skipTitle } from "../support/requires.js";

const NO_DATA = requireSharedTestdata("cni", "transcripts");
let host: NodeHost;
let api: FakeApiServer;

beforeEach(async () => {
  host = await nodeHost();
  // what kubeadm init leaves, and the verified manifest in the cache (offline host): no download
  api = await freshCluster();
  cacheFlannel(host.root);
});
afterEach(async () => {
  await api.stop();
  await host.cleanup();
});

/** A controller: once flannel's DaemonSet exists, its pod runs, the node and CoreDNS turn Ready. */
const controller = () => readyController(api, 0);

function runInit(extra: string[]) {
  return runOnNode(
    host,
    [
      "init",
      "--yes",
      "--advertise-address",
      "192.168.10.11",
      "--k8s-version",
      "v1.33.2",
      "--cni",
      "flannel",
      ...extra,
    ],
    { fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath } },
  );
}

describe.skipIf(NO_DATA)(skipTitle("init with the pod network", NO_DATA), () => {
  it("applies flannel through the API with the pod CIDR and mirrored images, then waits until Ready", async () => {
    const stop = controller();
    try {
      const r = await runInit([]);
      expect(r.stderr).not.toMatch(/^error/m);
      expect(r.code).toBe(0);
      const cm = api.get({
        apiVersion: "v1",
        kind: "ConfigMap",
        namespace: "kube-flannel",
        name: "kube-flannel-cfg",
      }) as unknown as {
        data: Record<string, string>;
      };
      expect(JSON.parse(cm.data["net-conf.json"] as string).Network).toBe("10.244.0.0/16");
      const ds = api.get(FLANNEL_DS) as unknown as {
        spec: { template: { spec: { containers: { image: string }[] } } };
      };
      expect(ds.spec.template.spec.containers[0]?.image).toBe(
        "ghcr.m.daocloud.io/flannel-io/flannel:v0.28.9",
      );
      expect(api.requests.some((q) => q.contentType === "application/apply-patch+yaml")).toBe(true);
      expect(r.stdout).toMatch(/master-1\s+Ready/);
      expect(
        JSON.parse(readFileSync(join(host.root, "etc/kadm-wizard/state.json"), "utf8")).steps.wait.status,
      ).toBe("done");
    } finally {
      stop();
    }
  });

  it("times out with what is stuck and why; the next run resumes at the wait", async () => {
    const r = await runInit(["--timeout", "400ms"]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain("[node.cni-not-ready]");
    expect(r.stderr).toContain("kadm-wizard init");
    const state = JSON.parse(readFileSync(join(host.root, "etc/kadm-wizard/state.json"), "utf8"));
    expect(state.steps.cni.status).toBe("done");
    expect(state.steps.wait.status).toBe("failed");

    const stop = controller();
    try {
      const again = await runInit([]);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('Resuming the earlier init from "Wait until the cluster is Ready');
      expect(again.runner.kubeadmRuns).toEqual([]);
    } finally {
      stop();
    }
  });
});
