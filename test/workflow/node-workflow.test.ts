/**
 * The one node workflow, on a node kadm-wizard reaches directly (a temp root) and on a node reached
 * over SSH (a netns host with real sshd): the same stages, the same files with the same contents,
 * the same preflight checks. Control planes get their load-balancer files on the joined node.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../../src/host/preflight/index.js";
import type { NodeFactory } from "../../src/workflow/remote.js";
import { listenRuntimeSocket, writeHostRoot } from "../fakes/netns-hosts.mjs";
import {
  clusterSpec,
  fakeToolsEnv,
  hostFiles,
  inventoryHost,
  NO_SESSION,
  runHost,
  tempRootNode,
} from "./harness.js";

let dir: string;
const sockets: { close(): Promise<void> }[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kadm-workflow-"));
});
afterAll(async () => {
  for (const s of sockets) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh host root that passes preflight once prepared, with containerd's socket answering. */
async function hostRoot(name: string): Promise<{ root: string; env: Record<string, string> }> {
  const root = join(dir, name, "root");
  writeHostRoot(root, "node");
  sockets.push(await listenRuntimeSocket(root));
  return { root, env: fakeToolsEnv(join(dir, name, "bin"), root) };
}

const local: NodeFactory = (h) => tempRootNode(h.root, h.env);

describe("the node workflow on a temp-root node", () => {
  it("a worker: preflight, preparation, re-check, pre-pull, kubeadm join; the run state on the node", async () => {
    const { root, env } = await hostRoot("w");
    const host = inventoryHost("w", root, "worker", env);
    const r = await runHost({ host, spec: clusterSpec(), transport: NO_SESSION, nodeFor: local });
    expect(r.failure, r.failure?.line).toBeUndefined();
    const steps = r.stages.map((s) => s.split(":")[0]);
    expect(steps.filter((s, i) => s !== steps[i - 1])).toEqual([
      "connect",
      "preflight",
      "prepare",
      "containerd",
      "verify",
      "images",
      "join",
    ]);
    // kubeadm's phases follow in the host's line.
    expect(r.stages.filter((s) => s.startsWith("join: ")).length).toBeGreaterThan(1);
    const files = hostFiles(root);
    expect(files["etc/fstab"]).toContain("# /swapfile none swap sw 0 0  # disabled by kadm-wizard");
    expect(files["etc/containerd/config.toml"]).toContain("SystemdCgroup = true");
    expect(files["etc/kubernetes/kubelet.conf"]).toContain("10.0.0.10:6443");
    const state = JSON.parse((files["etc/kadm-wizard/state.json"] ?? "").split("\n").slice(1).join("\n"));
    expect(state.finished).toBe(true);
    expect(Object.keys(state.steps)).toContain("kubeadm-join");
    // The JoinConfiguration was private and is gone.
    expect(Object.keys(files).filter((p) => p.startsWith("run/kadm-wizard"))).toEqual([]);
  }, 60_000);

  for (const lb of ["kube-vip", "haproxy"] as const) {
    it(`a control plane with --lb ${lb}: its static pod (and config) written on the joined node`, async () => {
      const { root, env } = await hostRoot(`cp-${lb}`);
      const host = {
        ...inventoryHost(`cp-${lb}`, root, "control-plane", env),
        advertiseAddress: "10.0.0.12",
      };
      const spec = clusterSpec({
        "controlPlane.endpoint": "10.0.0.100:6443",
        "controlPlane.loadBalancer": lb,
        "controlPlane.vipInterface": "eth0",
        "controlPlane.lbBackends": ["10.0.0.10", "10.0.0.12"],
      });
      const r = await runHost({ host, spec, transport: NO_SESSION, nodeFor: local });
      expect(r.failure, r.failure?.line).toBeUndefined();
      expect(r.stages.map((s) => s.split(":")[0])).toContain("load-balancer");
      const manifest = readFileSync(join(root, `etc/kubernetes/manifests/${lb}.yaml`), "utf8");
      const pod = yaml.load(manifest) as { spec: { containers: { image: string }[] } };
      expect(pod.spec.containers[0]?.image).toContain(lb === "kube-vip" ? "kube-vip" : "haproxy");
      if (lb === "haproxy") {
        expect(readFileSync(join(root, "etc/haproxy/haproxy.cfg"), "utf8")).toContain("10.0.0.12:6443");
      } else {
        // A joining node's kube-vip talks through admin.conf (super-admin.conf is the first node's).
        expect(manifest).toContain("/etc/kubernetes/admin.conf");
      }
      expect(readFileSync(join(root, "root/.kube/config"), "utf8")).toContain("apiVersion");
    }, 60_000);
  }

  it("a failing preflight names every failing check id with its evidence", async () => {
    const { root, env } = await hostRoot("bad");
    rmSync(join(root, "usr/sbin/iptables"));
    const host = inventoryHost("bad", root, "worker", env);
    const r = await runHost({ host, spec: clusterSpec(), transport: NO_SESSION, nodeFor: local });
    expect(r.failure?.step).toBe("preflight");
    expect(r.failure?.line).toMatch(/^host\.binaries: .*iptables/);
  }, 60_000);

  it("every preflight check runs on the node", () => {
    expect(CHECKS.flatMap((c) => c.ids)).toContain("host.port-in-use");
  });
});
