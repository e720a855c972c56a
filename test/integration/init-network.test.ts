/**
 * `init` to the very end: after the fake kubeadm, flannel is applied through the fake API server
 * (server-side apply of the real, patched manifest from the verified cache) and the watch-based wait
 * returns once a scripted controller makes nodes, flannel and CoreDNS Ready; or times out with the
 * doctor's explanation of what is stuck, and a re-run resumes at the wait.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findCniRelease } from "../../src/cni/catalog.js";
import { cachePath } from "../../src/cni/source.js";
import {
  CONTROL_PLANE_PODS,
  cniManifest,
  coreDnsDeployment,
  daemonSetStatus,
  deploymentStatus,
  node,
  pod,
} from "../fakes/cluster.js";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";
import { requireSharedTestdata, skipTitle } from "../support/requires.js";

const NO_DATA = requireSharedTestdata("cni", "transcripts");
let host: NodeHost;
let api: FakeApiServer;
const DS = { apiVersion: "apps/v1", kind: "DaemonSet", namespace: "kube-flannel", name: "kube-flannel-ds" };

beforeEach(async () => {
  host = await nodeHost();
  api = await startFakeApiServer({
    objects: [
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "kubeadm-config", namespace: "kube-system" },
        data: {
          ClusterConfiguration:
            "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.33.2\nnetworking:\n  podSubnet: 10.244.0.0/16\n",
        },
      },
    ],
  });
  // What kubeadm init leaves: a NotReady node, the control plane, CoreDNS pending
  api.upsert(node("master-1", false));
  for (const name of CONTROL_PLANE_PODS) api.upsert(pod("kube-system", name, { ready: true }));
  api.upsert(coreDnsDeployment());
  api.setStatus(
    { apiVersion: "apps/v1", kind: "Deployment", namespace: "kube-system", name: "coredns" },
    deploymentStatus(2, 0),
  );
  // the verified manifest is in the cache (offline host): no download
  const release = findCniRelease("flannel", "v0.28.9");
  if (!release) throw new Error("flannel v0.28.9 not in the catalogue");
  const cached = join(host.root, cachePath(release));
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(cached, cniManifest("flannel-v0.28.9.yml"));
});
afterEach(async () => {
  await api.stop();
  await host.cleanup();
});

/** A controller: once flannel's DaemonSet exists, its pod runs, the node and CoreDNS turn Ready. */
function controller(): () => void {
  let done = false;
  const timer = setInterval(() => {
    if (done || !api.get(DS)) return;
    done = true;
    api.upsert(
      pod("kube-flannel", "kube-flannel-ds-8xq4n", {
        ready: true,
        labels: { app: "flannel" },
        container: "kube-flannel",
      }),
    );
    api.setStatus(DS, daemonSetStatus(1, 1));
    api.setStatus({ apiVersion: "v1", kind: "Node", name: "master-1" }, node("master-1", true).status);
    for (const n of ["coredns-668d6bf9bc-4kx2p", "coredns-668d6bf9bc-9wz7m"]) {
      api.upsert(pod("kube-system", n, { ready: true, labels: { "k8s-app": "kube-dns" } }));
    }
    api.setStatus(
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "kube-system", name: "coredns" },
      deploymentStatus(2, 2),
    );
  }, 20);
  return () => clearInterval(timer);
}

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
      const ds = api.get(DS) as unknown as {
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
      expect(again.runner.kubeadmCalls).toEqual([]);
    } finally {
      stop();
    }
  });
});
