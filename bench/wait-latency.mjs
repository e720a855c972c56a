#!/usr/bin/env node
/**
 * Readiness detection latency: from the last status change that makes the cluster Ready to the
 * wait returning. `waitForCluster` (list once, then watch) against a 2-second polling loop that
 * does what `watch kubectl get nodes,pods,ds,deploy -A` does (list every kind every 2 s, then
 * decide). Same fake API server (test/fakes/kube-api-server.ts, on 127.0.0.1), same cluster
 * timeline, same readiness rules; the final change lands at a random point of the polling cycle.
 *
 *   npm run bench:wait [-- --runs 40 --poll-runs 20 --interval-ms 2000]
 *
 * Prints p50 / p99 / max per method and the ratio; exits non-zero on errors only (not when the
 * target, watch p99 < 100 ms, is missed). Uses dist/ (npm run build) and transpiles the test
 * fakes into dist/bench-fakes/ with the TypeScript compiler.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import ts from "typescript";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    "poll-runs": { type: "string", default: "20" },
    "interval-ms": { type: "string", default: "2000" },
  },
});
const RUNS = Number(args.runs);
const POLL_RUNS = Number(args["poll-runs"]);
const INTERVAL_MS = Number(args["interval-ms"]);
const TARGET_P99_MS = 100;

/** The fakes are TypeScript under test/; the bench runs on plain Node, so transpile them once. */
function transpileFakes() {
  const out = join(ROOT, "dist", "bench-fakes");
  mkdirSync(out, { recursive: true });
  for (const name of ["kube-api-server", "cluster"]) {
    const source = readFileSync(join(ROOT, "test", "fakes", `${name}.ts`), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: `${name}.ts`,
    });
    writeFileSync(join(out, `${name}.js`), outputText);
  }
  return out;
}

const fakes = transpileFakes();
const { startFakeApiServer } = await import(pathToFileURL(join(fakes, "kube-api-server.js")).href);
const { seedFreshCluster, readySteps } = await import(pathToFileURL(join(fakes, "cluster.js")).href);
const { loadKubeClient } = await import("../dist/kube/client-node.js");
const { waitForCluster } = await import("../dist/wait/wait.js");
const { evaluateReadiness, allDone } = await import("../dist/wait/readiness.js");
const { parseManifest } = await import("../dist/cni/patch/manifest.js");
const { readinessTargets } = await import("../dist/cni/patch/readiness.js");

const flannel = parseManifest(
  readFileSync(join(ROOT, "..", "shared", "testdata", "cni", "flannel-v0.28.9.yml"), "utf8"),
);
if (!flannel.ok) throw new Error("flannel manifest does not parse");
const FLANNEL_DS = flannel.docs.find((d) => d.kind === "DaemonSet");
const TARGETS = readinessTargets("flannel", flannel.docs);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freshCluster() {
  const api = await startFakeApiServer();
  seedFreshCluster(api, { flannelDs: FLANNEL_DS });
  const client = await loadKubeClient({ kubeconfig: api.kubeconfigPath, root: "/nonexistent", env: {} });
  const steps = readySteps(api);
  return { api, client, steps };
}

/** What a user's `watch -n2 kubectl get ...` loop does: list everything, decide, sleep, repeat. */
async function pollUntilReady(client, intervalMs) {
  for (;;) {
    const [nodes, pods, daemonSets, deployments] = await Promise.all([
      client.list("v1", "Node"),
      client.list("v1", "Pod"),
      client.list("apps/v1", "DaemonSet"),
      client.list("apps/v1", "Deployment"),
    ]);
    const phases = evaluateReadiness(
      { nodes: nodes.items, pods: pods.items, daemonSets: daemonSets.items, deployments: deployments.items },
      TARGETS,
    );
    if (allDone(phases)) return;
    await sleep(intervalMs);
  }
}

async function measure(method) {
  const { api, client, steps } = await freshCluster();
  try {
    for (const step of steps.slice(0, -1)) step();
    let doneAt = 0;
    const running = (
      method === "watch"
        ? waitForCluster(client, { cniTargets: TARGETS, timeoutMs: 60_000 })
        : pollUntilReady(client, INTERVAL_MS)
    ).then(() => {
      doneAt = performance.now();
    });
    // Let it settle into its steady state (watches open / a poll cycle under way), then make the
    // last change at a random point of the 2-second cycle.
    await sleep(150 + Math.random() * INTERVAL_MS);
    const changedAt = performance.now();
    steps.at(-1)();
    await running;
    return doneAt - changedAt;
  } finally {
    await api.stop();
  }
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: pct(s, 50),
    p99: pct(s, 99),
    max: s.at(-1),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

const results = {};
for (const [method, runs] of [
  ["watch", RUNS],
  ["poll", POLL_RUNS],
]) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(method));
  results[method] = stats(samples);
}

const f = (ms) => `${ms.toFixed(1)} ms`.padStart(11);
console.log(
  `\nreadiness detection latency (last status change -> wait returns), fake API server on 127.0.0.1\n`,
);
console.log(
  `${"method".padEnd(28)}${"runs".padStart(6)}${"p50".padStart(11)}${"p99".padStart(11)}${"max".padStart(11)}${"mean".padStart(11)}`,
);
for (const [label, key] of [
  ["watch (kadm-wizard wait)", "watch"],
  [`poll every ${INTERVAL_MS / 1000} s (kubectl get)`, "poll"],
]) {
  const r = results[key];
  console.log(`${label.padEnd(28)}${String(r.n).padStart(6)}${f(r.p50)}${f(r.p99)}${f(r.max)}${f(r.mean)}`);
}
const w = results.watch;
const p = results.poll;
console.log(`\nratio poll/watch: p50 ${(p.p50 / w.p50).toFixed(0)}x, p99 ${(p.p99 / w.p99).toFixed(0)}x`);
console.log(
  `target watch p99 < ${TARGET_P99_MS} ms: ${w.p99 < TARGET_P99_MS ? "met" : "MISSED"} (${w.p99.toFixed(1)} ms)`,
);
