/**
 * `images pull` without a running containerd, and its report on a terminal: one error instead of a
 * failed pull per image; on a screen that already shows each image's line, only the fixes and the
 * totals again (the same lines into a pipe or a file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Context } from "../../src/context.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import type { PullResult } from "../../src/images/pull.js";
import { localNode } from "../../src/node/node.js";
import { pullTasks } from "../../src/tasks/pull-tasks.js";
import { runCli } from "../fakes/ports.js";
import { FakeRunner, NOT_FOUND } from "../fakes/runner.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "kadm-pull-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const ARGS = () => ["images", "pull", "--root", root, "--k8s-version", "v1.33.2"];

// The English path against a whole fake node is in test/integration/init-cli.test.ts.
describe("images pull with nothing answering on the containerd socket", () => {
  it("says so in Chinese with --lang zh", async () => {
    const r = await runCli([...ARGS(), "--lang", "zh"], {
      overrides: { runner: (d) => new FakeRunner({}, d, NOT_FOUND) },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `containerd 在 ${root}/var/run/containerd/containerd.sock 上无响应：未拉取任何镜像`,
    );
  });
});

describe("the pull report", () => {
  const ctx = {
    lang: "en",
    node: localNode(rootedHostFs({ root: "/nonexistent-root" }), new FakeRunner({}, true)),
    signal: new AbortController().signal,
  } as unknown as Context;
  const failure = (image: string): PullResult => ({
    image,
    ref: image,
    registry: "registry.aliyuncs.com",
    status: "failed",
    attempts: 4,
    durationMs: 10,
    failure: {
      image,
      registry: "registry.aliyuncs.com",
      cause: "unreachable",
      evidence: "dial tcp: i/o timeout",
      endpoint: "registry.aliyuncs.com",
      notFoundOn: [],
      timedOut: false,
      command: `ctr images pull ${image}`,
    },
  });
  const images = [
    "registry.aliyuncs.com/google_containers/pause:3.10",
    "registry.aliyuncs.com/google_containers/etcd:3.5.21-0",
  ];
  const results: PullResult[] = [
    failure(images[0] as string),
    failure(images[1] as string),
    {
      image: "x/ok:1",
      ref: "x/ok:1",
      registry: "x",
      status: "pulled",
      bytes: 1024,
      attempts: 1,
      durationMs: 5,
    },
  ];
  const p = pullTasks(ctx.node, ctx, "unix:///run/containerd/containerd.sock", images);

  it("into a pipe: a line per image, each failure with its fix, then the totals", () => {
    const lines = p.report(results);
    expect(lines.filter((l) => l.startsWith("✗ "))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("✓ "))).toHaveLength(1);
    expect(lines.at(-1)).toBe("1 pulled, 0 already present, 2 failed.");
  });

  it("on the screen the progress drew: no image repeated, the same fix once, then the totals", () => {
    const lines = p.report(results, { perImage: false });
    expect(lines.some((l) => /^[✓✗] /.test(l))).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ {2}- /);
    expect(lines[1]).toBe("1 pulled, 0 already present, 2 failed.");
  });
});
