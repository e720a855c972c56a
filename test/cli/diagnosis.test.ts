/**
 * Issue 15 through the CLI against the fake API server: `doctor` and `wait` run the same engine, so
 * on the same cluster state they name the same root cause, list the effects under it (NotReady
 * node, Pending CoreDNS, the DaemonSet) with the cause's fix, in English and Chinese.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { parseManifest } from "../../src/cni/patch/manifest.js";
import { CNI_DIR, event, failureTexts, seedFreshCluster } from "../fakes/cluster.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "../fakes/kube-api-server.js";
import { runCli } from "../fakes/ports.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

const describeShared = describeUnless(requireSharedTestdata("failure-messages.yaml"));
const home = mkdtempSync(join(tmpdir(), "kadm-diagnosis-home-"));
const env = { LANG: "en_US.UTF-8", HOME: home };

let api: FakeApiServer | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

/** Events name the pod's uid, which the fake server assigns: link them after seeding. */
function linkEvents(server: FakeApiServer): void {
  for (const ev of server.objects({ apiVersion: "v1", kind: "Event" })) {
    const inv = ev.involvedObject as { name: string; namespace: string };
    const pod = server.get({ apiVersion: "v1", kind: "Pod", namespace: inv.namespace, name: inv.name });
    if (pod) server.upsert({ ...ev, involvedObject: { ...inv, uid: pod.metadata.uid } });
  }
}

/** kubeadm init + flannel applied, but flannel's image cannot be pulled from Docker Hub. */
async function cniFailing(): Promise<{ server: FakeApiServer; image: string }> {
  const server = await startFakeApiServer();
  const parsed = parseManifest(readFileSync(join(CNI_DIR, "flannel-v0.28.9.yml"), "utf8"));
  if (!parsed.ok) throw new Error("flannel manifest does not parse");
  seedFreshCluster(server, {
    flannelDs: parsed.docs.find((d) => d.kind === "DaemonSet") as unknown as FakeObject,
  });
  const pullFailed = failureTexts("image-pull.unreachable")[1] as string;
  const image = /Failed to pull image "([^"]+)"/.exec(pullFailed)?.[1] as string;
  const flannel = server.get({
    apiVersion: "v1",
    kind: "Pod",
    namespace: "kube-flannel",
    name: "kube-flannel-ds-8xq4n",
  });
  server.upsert({
    ...(flannel as FakeObject),
    spec: { nodeName: "master-1", containers: [{ name: "kube-flannel", image }] },
    status: {
      phase: "Pending",
      containerStatuses: [
        {
          name: "kube-flannel",
          image,
          ready: false,
          state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` } },
        },
      ],
    },
  });
  server.upsert(event("kube-flannel", { kind: "Pod", name: "kube-flannel-ds-8xq4n" }, "Failed", pullFailed));
  linkEvents(server);
  return { server, image };
}

interface JsonFinding {
  id: string;
  object: string;
  title: string;
  fix: string;
  severity: string;
  causedBy?: { id: string; object: string };
}

describeShared("one engine: doctor and wait on the same state", () => {
  it("the CNI image that cannot be pulled is the root in both; the effects are under it", async () => {
    const { server, image } = await cniFailing();
    api = server;
    const root = { id: "image-pull.unreachable", object: "Pod kube-flannel/kube-flannel-ds-8xq4n" };

    const json = await runCli(
      ["doctor", "--cluster-only", "--kubeconfig", server.kubeconfigPath, "--output", "json"],
      { env },
    );
    expect(json.code).toBe(3);
    const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
    const roots = findings.filter((f) => !f.causedBy && f.severity !== "info");
    expect(roots.map((f) => `${f.id} ${f.object}`)).toEqual([`${root.id} ${root.object}`]);
    expect(roots[0]?.fix).toContain("docker.m.daocloud.io");
    const effects = Object.fromEntries(findings.filter((f) => f.causedBy).map((f) => [f.object, f]));
    expect(effects["Node master-1"]).toMatchObject({ id: "node.cni-not-ready", causedBy: root });
    expect(effects["Node master-1"]?.title).toBe(
      "node master-1 is NotReady: the pod network is installed but failing",
    );
    expect(effects["Pod kube-system/coredns-668d6bf9bc-4kx2p"]).toMatchObject({
      id: "coredns.pending-no-cni",
      causedBy: root,
    });
    expect(effects["DaemonSet kube-flannel/kube-flannel-ds"]).toMatchObject({
      id: "daemonset.not-ready",
      causedBy: root,
    });
    expect(effects["Deployment kube-system/coredns"]).toMatchObject({
      id: "deployment.unavailable",
      causedBy: root,
    });
    // the contradictory fix of the effects ("# if no CNI is installed yet") is not what the text shows
    const text = await runCli(["doctor", "--cluster-only", "--kubeconfig", server.kubeconfigPath], { env });
    expect(text.stdout).toContain(
      `[image-pull.unreachable] Pod kube-flannel/kube-flannel-ds-8xq4n: cannot pull ${image}`,
    );
    expect(text.stdout).toContain("explains 5 more:");
    expect(text.stdout).toContain(
      "- [node.cni-not-ready] 1 × Node master-1: node master-1 is NotReady: the pod network is installed but failing",
    );
    expect(text.stdout).not.toContain("if no CNI is installed yet");
    expect(text.stdout).not.toMatch(/\((nodes-not-ready|other|taint)\)|\?\)|exit code \?|last heard \?/);

    const wait = await runCli(["wait", "--timeout", "300ms", "--kubeconfig", server.kubeconfigPath], { env });
    expect(wait.code).toBe(1);
    const waitRoots = wait.stdout.split("\n").filter((l) => l.startsWith("✗ ") && l.includes("  ["));
    expect(waitRoots).toEqual([
      expect.stringMatching(
        /^✗ Pod kube-flannel\/kube-flannel-ds-8xq4n: cannot pull .*\[image-pull\.unreachable\]$/,
      ),
    ]);
    expect(wait.stdout).toContain("i/o timeout");
    expect(wait.stdout).toContain(
      "- Node master-1: node master-1 is NotReady: the pod network is installed but failing  [node.cni-not-ready]",
    );
    expect(wait.stdout).not.toContain("no pod network installed yet");
  });

  it("zh: the same report in Chinese, titles without English", async () => {
    const { server } = await cniFailing();
    api = server;
    const r = await runCli(
      ["doctor", "--cluster-only", "--kubeconfig", server.kubeconfigPath, "--lang", "zh"],
      { env },
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("由此导致的另外 5 项：");
    expect(r.stdout).toContain("节点 master-1 为 NotReady：Pod 网络已安装但运行失败");
    // the cluster's own words stay verbatim (containerd's ": failed to resolve" is not half-translated)
    expect(r.stdout).toContain(": failed to resolve reference");
    expect(r.stdout).not.toContain("失败 to");
    // every title line (after the object) is Chinese: no English words of ours
    for (const l of r.stdout.split("\n").filter((x) => /^(✗|!|i) \[|^ +- \[/.test(x))) {
      const title = l.slice(l.lastIndexOf(": ") + 2);
      expect(title, l).not.toMatch(/\b(cannot|pod network|is|the|and)\b/);
    }
  });

  it("a healthy cluster: nothing, exit 0", async () => {
    const { server } = await cniFailing();
    api = server;
    // make it healthy: the node Ready, flannel, CoreDNS ready
    const { readySteps } = await import("../fakes/cluster.js");
    for (const step of readySteps(server)) step();
    const flannel = server.get({
      apiVersion: "v1",
      kind: "Pod",
      namespace: "kube-flannel",
      name: "kube-flannel-ds-8xq4n",
    });
    const { pod } = await import("../fakes/cluster.js");
    server.setStatus(
      { apiVersion: "v1", kind: "Pod", namespace: "kube-flannel", name: "kube-flannel-ds-8xq4n" },
      pod("kube-flannel", "kube-flannel-ds-8xq4n", { ready: true, labels: { app: "flannel" } }).status,
    );
    expect(flannel).toBeDefined();
    for (const e of server.objects({ apiVersion: "v1", kind: "Event" }))
      server.remove({
        apiVersion: "v1",
        kind: "Event",
        namespace: e.metadata.namespace as string,
        name: e.metadata.name,
      });
    const r = await runCli(
      ["doctor", "--cluster-only", "--kubeconfig", server.kubeconfigPath, "--output", "json"],
      { env },
    );
    // only the note that no join token is left (the fake cluster has none)
    expect((JSON.parse(r.stdout).findings as JsonFinding[]).filter((f) => f.severity !== "info")).toEqual([]);
    expect(r.code).toBe(0);
  });
});
