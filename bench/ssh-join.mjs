#!/usr/bin/env node
/**
 * SSH join benchmark: wall time of `kadm-wizard add-node` for 1 host against 20 hosts, each a
 * network namespace running Debian's sshd with the fake kubeadm on its PATH (test/fakes/netns-hosts.mjs,
 * addresses 10.232.<i>.2 only). Every host does the full remote work (preflight, preparation,
 * containerd config, pre-pull, kubeadm join), each run on fresh hosts. 20 hosts are timed with the
 * default --ssh-concurrency (20) and with 10. Target: 20 hosts <= 2x one host. CPU seconds of every
 * process (ours and the reaped sshd trees, from /proc/self/stat) are printed next to the wall time:
 * the hosts share this machine's cores, so CPU / cores is a floor no orchestration can beat.
 *
 *   npm run bench:ssh            (builds first; needs root, iproute2, openssh-server)
 *
 * Exits non-zero on errors only, not when the target is missed. Uses dist/.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { main } from "../dist/cli.js";
import { FAKE_CA_HASH } from "../test/fakes/kubeadm/fake-kubeadm.mjs";
import { netnsUnavailable, startNetnsHosts } from "../test/fakes/netns-hosts.mjs";

const reason = netnsUnavailable();
if (reason) {
  console.error(`bench:ssh cannot run here: ${reason}`);
  process.exit(1);
}

/** CPU seconds of this process and of every process it reaped (sshd and all it ran), from /proc. */
function cpuSeconds() {
  const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  return ticks / 100;
}

const sink = () => {
  let text = "";
  const w = new Writable({
    write(c, _e, cb) {
      text += String(c);
      cb();
    },
  });
  return { w, text: () => text };
};

/**
 * Two models of a host. "cpu": every step is instant, so a run is pure CPU and 20 hosts on this
 * machine's cores cannot beat CPU / cores. "join-wait": kubeadm join also waits 2 s for the kubelet's
 * TLS bootstrap, as a real join does (the CSR is signed by the control plane); that is what parallel
 * joining overlaps in practice.
 */
const WAIT_MS = 2000;
const RUNS = [
  { model: "cpu", label: "1 host", count: 1, concurrency: undefined },
  { model: "cpu", label: "20 hosts, --ssh-concurrency 20 (default)", count: 20, concurrency: undefined },
  { model: "cpu", label: "20 hosts, --ssh-concurrency 10", count: 20, concurrency: 10 },
  { model: "join-wait", label: "1 host, join waits 2 s", count: 1, concurrency: undefined },
  {
    model: "join-wait",
    label: "20 hosts, join waits 2 s (default concurrency)",
    count: 20,
    concurrency: undefined,
  },
];

const results = [];
for (const [i, run] of RUNS.entries()) {
  // Fresh hosts per run; stopping them reaps every sshd, so their CPU is counted for this run.
  const net = await startNetnsHosts(run.count, { octet: 232 });
  let ms;
  let cpuBefore;
  try {
    const knownHosts = join(net.dir, "known_hosts");
    writeFileSync(knownHosts, `${net.hosts.map((h) => h.hostKeyLine).join("\n")}\n`);
    const inv = join(net.dir, `inv-${i}.yaml`);
    writeFileSync(
      inv,
      JSON.stringify({
        defaults: { identityFile: net.clientKey },
        hosts: net.hosts.map((h) => ({
          host: h.address,
          nodeName: `node-${h.index}`,
          root: h.root,
          env: run.model === "join-wait" ? { ...h.env, KADM_FAKE_JOIN_WAIT_MS: String(WAIT_MS) } : h.env,
        })),
      }),
    );
    const out = sink();
    const err = sink();
    const args = [
      "add-node",
      "--inventory",
      inv,
      "--known-hosts",
      knownHosts,
      "--root",
      join(net.dir, "cp"),
      "--profile",
      "upstream",
      "--k8s-version",
      "v1.33.2",
      "--quiet",
      "--join-command",
      `kubeadm join 10.232.1.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash ${FAKE_CA_HASH}`,
      ...(run.concurrency ? ["--ssh-concurrency", String(run.concurrency)] : []),
    ];
    cpuBefore = cpuSeconds();
    const started = performance.now();
    const code = await main(args, {
      stdout: out.w,
      stderr: err.w,
      stdinIsTTY: false,
      stderrIsTTY: false,
      env: { ...process.env, HOME: net.dir, LANG: "C" },
    });
    ms = performance.now() - started;
    if (code !== 0) throw new Error(`${run.label}: exit ${code}\n${out.text()}\n${err.text()}`);
  } finally {
    await net.stop();
  }
  results.push({ ...run, ms, cpu: cpuSeconds() - cpuBefore });
}

const baseOf = (r) => results.find((x) => x.model === r.model && x.count === 1).ms;
const cores = availableParallelism();
const head = ["run", "wall time", "vs 1 host", "CPU (all processes)", `CPU floor on ${cores} cores`];
const rows = results.map((r) => [
  r.label,
  `${(r.ms / 1000).toFixed(2)} s`,
  `${(r.ms / baseOf(r)).toFixed(2)}x`,
  `${r.cpu.toFixed(2)} s`,
  `${(r.cpu / cores).toFixed(2)} s`,
]);
const w = head.map((_, c) => Math.max(...[head, ...rows].map((r) => r[c].length)));
const line = (r) =>
  r
    .map((c, i) => c.padEnd(w[i]))
    .join("  ")
    .trimEnd();
console.log(line(head));
for (const r of rows) console.log(line(r));
const bestOf = (model) =>
  Math.min(...results.filter((r) => r.model === model && r.count > 1).map((r) => r.ms / baseOf(r)));
const cpuBest = bestOf("cpu");
const waitBest = bestOf("join-wait");
console.log(
  `\ntarget: 20 hosts <= 2x one host -> with the join's bootstrap wait: ${waitBest <= 2 ? "met" : "missed"} (${waitBest.toFixed(2)}x); CPU-only hosts: ${cpuBest <= 2 ? "met" : "missed"} (${cpuBest.toFixed(2)}x)`,
);
console.log(
  "The simulated hosts (sshd, shells, the fake kubeadm in node) run on this machine's cores next to the\n" +
    "orchestrator; when the CPU floor of a 20-host run is above 2x the 1-host wall time, the bench is\n" +
    "bounded by the machine, not by the orchestration (which runs the hosts in parallel).",
);
