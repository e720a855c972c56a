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
import { localFiles } from "../../src/host/files.js";
import { CHECKS } from "../../src/host/preflight/index.js";
import { ssh2Transport } from "../../src/ssh/ssh2-transport.js";
import type { SshTransport } from "../../src/ssh/transport.js";
import { type NodeFactory, nodeForHost } from "../../src/workflow/remote.js";
import {
  listenRuntimeSocket,
  type NetnsHosts,
  startNetnsHosts,
  writeHostRoot,
} from "../fakes/netns-hosts.mjs";
import { firstReason, requireNetns, requireSharedTestdata, skipTitle } from "../support/requires.js";
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
    const ran: string[] = [];
    const r = await runHost({
      host,
      spec: clusterSpec(),
      transport: NO_SESSION,
      nodeFor: (h) => tempRootNode(h.root, h.env, ran),
    });
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
    // The re-check runs what preparation repairs (swap, modules, sysctls, containerd), not the rest:
    // kubeadm's version is asked once.
    expect(ran.filter((c) => /(^|\/)kubeadm version -o short$/.test(c))).toHaveLength(1);
    expect(ran.filter((c) => c === "uname -m")).toHaveLength(1);
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
    expect(r.failure?.line).toBe("host.binaries: missing tools kubeadm needs: iptables");
  }, 60_000);
});

const REASON = firstReason(requireNetns(), requireSharedTestdata("transcripts"));

/**
 * The same hosts twice: a temp-root node driven from here, and a netns host reached over real sshd
 * (its root on this file system, its commands run there): what each step did must not differ.
 */
describe.skipIf(REASON !== undefined)(skipTitle("the same workflow over SSH (netns hosts)", REASON), () => {
  let net: NetnsHosts;
  let transport: SshTransport;
  const keyOf = new Map<string, string>();
  beforeAll(async () => {
    net = await startNetnsHosts(4, { octet: 233 });
    const knownHosts = join(net.dir, "known_hosts");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(knownHosts, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
    transport = ssh2Transport({ knownHostsPath: knownHosts, acceptNew: false, files: localFiles });
    keyOf.set("key", readFileSync(net.clientKey, "utf8"));
  }, 60_000);
  afterAll(async () => {
    await net?.stop();
  }, 60_000);

  const cases = [
    { name: "a worker", role: "worker" as const, values: {} },
    ...(["kube-vip", "haproxy"] as const).map((lb) => ({
      name: `a control plane with --lb ${lb}`,
      role: "control-plane" as const,
      values: {
        "controlPlane.endpoint": "10.0.0.100:6443",
        "controlPlane.loadBalancer": lb,
        "controlPlane.vipInterface": "eth0",
        "controlPlane.lbBackends": ["10.0.0.10", "10.0.0.12"],
      },
    })),
  ];
  cases.forEach((c, i) => {
    it(`${c.name}: the same stages, files and contents on a temp-root node and over SSH`, async () => {
      const h = net.hosts[i];
      if (!h) throw new Error("hosts");
      const spec = clusterSpec(c.values);
      const { root, env } = await hostRoot(`pair-${i}`);
      const extra = c.role === "control-plane" ? { advertiseAddress: "10.0.0.12" } : {};
      const here = await runHost({
        host: { ...inventoryHost("here", root, c.role, env), ...extra },
        spec,
        transport: NO_SESSION,
        nodeFor: local,
      });
      const remote = { ...inventoryHost(h.address, h.root, c.role, h.env), ...extra };
      const there = await runHost({
        host: remote,
        spec,
        transport: {
          connect: (_t, o) =>
            transport.connect({ host: h.address, port: 22, user: "root", privateKey: keyOf.get("key") }, o),
        },
        nodeFor: nodeForHost,
      });
      expect(here.failure?.line).toBeUndefined();
      expect(there.failure?.line).toBeUndefined();
      expect(there.stages).toEqual(here.stages);
      const a = hostFiles(root);
      const b = hostFiles(h.root);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const path of Object.keys(a)) expect(b[path], path).toBe(a[path]);
      if (c.role === "control-plane") {
        const lb = c.values["controlPlane.loadBalancer"];
        expect(Object.keys(b)).toContain(`etc/kubernetes/manifests/${lb}.yaml`);
        if (lb === "haproxy") expect(b["etc/haproxy/haproxy.cfg"]).toContain("10.0.0.12:6443");
      }
    }, 120_000);
  });

  it("the remote preflight reports every check id the local one does, with the same verdicts", async () => {
    // A host no case prepared: swap still on, modules not loaded, on both nodes alike.
    const h = net.hosts[3];
    if (!h) throw new Error("hosts");
    const { preflightFor } = await import("../../src/workflow/steps/preflight.js");
    const session = await transport.connect({
      host: h.address,
      port: 22,
      user: "root",
      privateKey: keyOf.get("key"),
    });
    try {
      const env = {
        lang: "en" as const,
        dryRun: false,
        signal: new AbortController().signal,
        liveOutput: false,
        kubeadmPath: "kubeadm",
      };
      const remote = nodeForHost(
        { ...inventoryHost(h.address, h.root, "control-plane", h.env) },
        session,
        env,
      );
      const { root, env: toolEnv } = await hostRoot("pre");
      const there = await preflightFor(remote, clusterSpec(), "control-plane", "kubeadm");
      const here = await preflightFor(tempRootNode(root, toolEnv), clusterSpec(), "control-plane", "kubeadm");
      const ids = CHECKS.flatMap((c) => c.ids);
      expect(there.map((r) => r.id)).toEqual(ids);
      expect(there.map((r) => `${r.id} ${r.status}`)).toEqual(here.map((r) => `${r.id} ${r.status}`));
    } finally {
      session.close();
    }
  }, 60_000);
});
