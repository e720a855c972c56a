/**
 * The run state on a node over SSH is written at the boundaries a resume needs, not after every
 * step (each write is a remote helper run there): a failed step's record, kubeadm's, and the end.
 * A resumed host still skips every step that finished before. The recorder's rule is tested with
 * a clock of its own; the workflow runs on a temp-root node that says it is remote.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HostFs } from "../../src/host/host-fs.js";
import type { Node } from "../../src/node/node.js";
import { STATE_PATH } from "../../src/state/run-state.js";
import { emptyOutputs } from "../../src/workflow/data.js";
import type { NodeFactory } from "../../src/workflow/remote.js";
import { NodeRecorder, REMOTE_STATE_WRITE_MS } from "../../src/workflow/run.js";
import { listenRuntimeSocket, writeHostRoot } from "../fakes/netns-hosts.mjs";
import { clusterSpec, fakeToolsEnv, inventoryHost, NO_SESSION, runHost, tempRootNode } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "kadm-state-writes-"));
const sockets: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of sockets) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A node that counts its state.json writes. `local: false`: the recorder's remote rule applies. */
function counting(node: Node, writes: string[]): Node {
  const fs: HostFs = {
    ...node.fs,
    write: (p, c, o) => {
      if (p === STATE_PATH)
        writes.push(JSON.parse(c).steps ? Object.keys(JSON.parse(c).steps).join(",") : "");
      return node.fs.write(p, c, o);
    },
  };
  return { ...node, local: false, fs };
}

describe("the run state of a node over SSH", () => {
  it("a fresh join that fails at kubeadm: one write with every finished step and the failure; the resumed run skips them and writes once", async () => {
    const root = join(dir, "w", "root");
    writeHostRoot(root, "node");
    sockets.push(await listenRuntimeSocket(root));
    const env = fakeToolsEnv(join(dir, "w", "bin"), root);
    const writes: string[] = [];
    const ran: string[] = [];
    const nodeFor =
      (extra: Record<string, string>): NodeFactory =>
      (h) =>
        counting(tempRootNode(h.root, { ...h.env, ...extra }, ran), writes);
    const host = inventoryHost("w", root, "worker", env);
    const first = await runHost({
      host,
      spec: clusterSpec(),
      transport: NO_SESSION,
      nodeFor: nodeFor({ KADM_FAKE_FAIL: "join-token-expired" }),
    });
    expect(first.failure?.step).toBe("join");
    // The steps before kubeadm take far less than REMOTE_STATE_WRITE_MS: they go with the failure
    // (one write; a loaded machine may pass the interval once or twice). One per step were 8.
    expect(writes.length).toBeLessThanOrEqual(3);
    expect(writes.at(-1)?.split(",")).toHaveLength(8);
    const state = JSON.parse(readFileSync(join(root, "etc/kadm-wizard/state.json"), "utf8"));
    const done = Object.entries(state.steps as Record<string, { status: string }>)
      .filter(([, r]) => r.status === "done")
      .map(([id]) => id);
    expect(done).toEqual(expect.arrayContaining(["preflight", "verify", "images", "prepare.containerd"]));
    expect(state.steps["kubeadm-join"].status).toBe("failed");
    writes.length = 0;
    ran.length = 0;
    const again = await runHost({ host, spec: clusterSpec(), transport: NO_SESSION, nodeFor: nodeFor({}) });
    expect(again.failure, again.failure?.line).toBeUndefined();
    // Resumed at kubeadm: no preflight, preparation or pull ran again.
    expect(again.stages.map((s) => s.split(":")[0]).filter((s, i, a) => s !== a[i - 1])).toEqual([
      "connect",
      "preflight",
      "join",
    ]);
    expect(ran.some((c) => / images pull /.test(c) || /swapoff/.test(c))).toBe(false);
    // kubeadm's step is the last: its record goes with the end of the run, one write.
    expect(writes).toHaveLength(1);
    const end = JSON.parse(readFileSync(join(root, "etc/kadm-wizard/state.json"), "utf8"));
    expect(end.finished).toBe(true);
    expect(end.steps["kubeadm-join"].status).toBe("done");
    expect(end.steps.preflight.status).toBe("done");
  }, 60_000);
});

describe("NodeRecorder's write rule", () => {
  const setup = (local: boolean) => {
    const root = mkdtempSync(join(dir, "rec-"));
    const writes: string[] = [];
    const node = counting(tempRootNode(root, {}), writes);
    let t = Date.parse("2026-01-02T03:04:05Z");
    const now = () => new Date(t);
    const advance = (ms: number) => {
      t += ms;
    };
    const spec = clusterSpec();
    const rec = NodeRecorder.start(
      { ...node, local },
      "join",
      { kind: "fresh" },
      { prev: undefined, presence: { files: [] } },
      spec,
      emptyOutputs(),
      now,
    );
    return { rec, writes, advance, root, spec };
  };

  it("remote: done steps wait for the next write or the interval; failures and kubeadm's step are written at once", async () => {
    const { rec, writes, advance } = setup(false);
    await rec.step("preflight", "done");
    await rec.step("prepare.swap", "done");
    expect(writes).toEqual([]);
    advance(REMOTE_STATE_WRITE_MS);
    await rec.step("images", "done");
    expect(writes).toEqual(["preflight,prepare.swap,images"]);
    await rec.step("kubeadm-join", "done");
    expect(writes).toHaveLength(2);
    await rec.step("kubeconfig", "failed", "no admin.conf");
    expect(writes).toHaveLength(3);
    await rec.step("kubeconfig", "done", undefined, false);
    expect(writes).toHaveLength(3);
    await rec.finish();
    expect(writes).toHaveLength(4);
    expect(rec.writes).toBe(4);
  });

  it("remote: a pending record is written by flush, and flush without one writes nothing", async () => {
    const { rec, writes, root } = setup(false);
    await rec.flush();
    expect(writes).toEqual([]);
    await rec.step("preflight", "done");
    await rec.flush();
    await rec.flush();
    expect(writes).toEqual(["preflight"]);
    expect(
      JSON.parse(readFileSync(join(root, "etc/kadm-wizard/state.json"), "utf8")).steps.preflight.status,
    ).toBe("done");
  });

  it("this machine: every step is written", async () => {
    const { rec, writes } = setup(true);
    await rec.step("preflight", "done");
    await rec.step("prepare.swap", "done");
    expect(writes).toEqual(["preflight", "preflight,prepare.swap"]);
  });

  it("a dry run records nothing", async () => {
    const { spec } = setup(false);
    const node = { ...tempRootNode(mkdtempSync(join(dir, "dry-")), {}), local: false };
    const dry = { ...node, fs: { ...node.fs, dryRun: true } };
    const rec = NodeRecorder.start(
      dry,
      "join",
      { kind: "fresh" },
      { prev: undefined, presence: { files: [] } },
      spec,
      emptyOutputs(),
    );
    await rec.step("preflight", "failed");
    await rec.finish();
    expect(rec.writes).toBe(0);
  });
});
