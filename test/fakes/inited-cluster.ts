/**
 * The fake API server as kubeadm init leaves it (a NotReady node, the control plane, CoreDNS pending,
 * kubeadm-config with the pod subnet), the verified flannel manifest in a host root's cache, and a
 * controller that plays the DaemonSet controller and the kubelet once flannel is applied.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { findCniRelease } from "../../src/cni/catalog.js";
import { cachePath } from "../../src/cni/source.js";
import { cniManifest, daemonSetStatus, deploymentStatus, node, pod, seedInitedCluster } from "./cluster.js";
import { type FakeApiServer, type FakeApiServerOptions, startFakeApiServer } from "./kube-api-server.js";

/** flannel's DaemonSet, as the pinned manifest names it. */
export const FLANNEL_DS = {
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  namespace: "kube-flannel",
  name: "kube-flannel-ds",
};

export async function freshCluster(o: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const api = await startFakeApiServer({
    ...o,
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
      ...(o.objects ?? []),
    ],
  });
  seedInitedCluster(api);
  return api;
}

/** The pinned flannel manifest in the host's cache: `cni apply` and `init` download nothing. */
export function cacheFlannel(root: string): void {
  const release = findCniRelease("flannel", "v0.28.9");
  if (!release) throw new Error("flannel v0.28.9 not in the catalogue");
  const cached = join(root, cachePath(release));
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(cached, cniManifest("flannel-v0.28.9.yml"));
}

/** `delayMs` after flannel's DaemonSet appears, its pod runs and the node and CoreDNS turn Ready. */
export function readyController(api: FakeApiServer, delayMs = 300): () => void {
  let at = 0;
  const timer = setInterval(() => {
    if (!api.get(FLANNEL_DS)) return;
    if (at === 0) at = Date.now();
    if (Date.now() - at < delayMs) return;
    clearInterval(timer);
    api.upsert(
      pod("kube-flannel", "kube-flannel-ds-8xq4n", {
        ready: true,
        labels: { app: "flannel" },
        container: "kube-flannel",
      }),
    );
    api.setStatus(FLANNEL_DS, daemonSetStatus(1, 1));
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
