#!/usr/bin/env node
/**
 * doctor at scale. The shared fake API server (test/fakes/kube-api-server.ts, compiled with tsc into
 * a temp dir and run in its own process) holds 5,000 nodes and 150,000 pods, 1% of them unhealthy
 * (ImagePullBackOff with their Failed events, CrashLoopBackOff with a previous log, Pending on
 * insufficient memory). Against the same server, in the same run:
 *
 *   baseline  kubectl get pods -A -o json        (client-go pages with limit=500, prints everything)
 *   doctor    kadm-wizard doctor --cluster-only  (nodes + pods streamed by page, events per unhealthy pod)
 *
 * Wall time and peak RSS come from /usr/bin/time (%e, %M) for each child. Targets (issue 15): doctor
 * <= 0.25x the kubectl list's wall time, doctor's peak RSS < 200 MB, the grouped text report <= 100
 * lines. Only 127.0.0.1 is used.
 *
 *   npm run bench:doctor            (npm run build first; needs kubectl and /usr/bin/time)
 *   node bench/doctor-scale.mjs [--nodes 5000] [--pods 150000] [--unhealthy 0.01] [--runs 1]
 *
 * Needs openssl for the server's certificate. Exits non-zero on errors only, not when a target is missed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { execa } from "execa";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    nodes: { type: "string", default: "5000" },
    pods: { type: "string", default: "150000" },
    unhealthy: { type: "string", default: "0.01" },
    runs: { type: "string", default: "1" },
  },
});
const RUNS = Number(args.runs);
const RSS_TARGET_MB = 200;
/** Issue 15: doctor at most a quarter of the kubectl list's wall time. */
const RATIO_TARGET = 0.25;
/** Issue 15: the grouped text report of the 1% unhealthy case fits a screen or two. */
const LINES_TARGET = 100;

async function compileFake(dir) {
  // Resolution of js-yaml etc. from the compiled file goes through this symlink.
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  await execa(
    join(ROOT, "node_modules", ".bin", "tsc"),
    [
      "--outDir",
      dir,
      "--rootDir",
      join(ROOT, "test", "fakes"),
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      "--skipLibCheck",
      "--types",
      "node",
      join(ROOT, "test", "fakes", "kube-api-server.ts"),
    ],
    { cwd: ROOT },
  );
  return join(dir, "kube-api-server.js");
}

/** A CA and a serving certificate for 127.0.0.1 (kubectl sends tokens over TLS only). */
async function makeTls(dir) {
  const ssl = (...a) => execa("openssl", a, { cwd: dir });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await ssl(
    "req",
    "-x509",
    ...ec,
    "-days",
    "2",
    "-subj",
    "/CN=bench-ca",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
  );
  await ssl("req", ...ec, "-subj", "/CN=kube-apiserver", "-keyout", "server.key", "-out", "server.csr");
  writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
  await ssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    "san.ext",
    "-out",
    "server.crt",
  );
}

function startServer(fake) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--max-old-space-size=16384",
        join(ROOT, "bench", "doctor-scale-server.mjs"),
        fake,
        args.nodes,
        args.pods,
        args.unhealthy,
        tmp,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    child.on("exit", (code) => reject(new Error(`fake API server exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      child.removeAllListeners("exit");
      resolve({ child, ...JSON.parse(line) });
    });
  });
}

/** Runs argv under /usr/bin/time; stdout is consumed (and returned when keep is set). */
async function measure(argv, keep = false) {
  const r = await execa("/usr/bin/time", ["-f", "%e %M", ...argv], {
    reject: false,
    env: { ...process.env, HOME: tmpdir(), LANG: "C", NO_COLOR: "1" },
    buffer: { stdout: keep, stderr: true },
    maxBuffer: 1024 * 1024 * 1024,
  });
  const last = r.stderr.trim().split("\n").at(-1) ?? "";
  const [wall, kb] = last.split(" ").map(Number);
  if (!Number.isFinite(wall) || !Number.isFinite(kb))
    throw new Error(`${argv[0]} failed: ${r.stderr.slice(-2000)}`);
  return { wall, rssMb: kb / 1024, exitCode: r.exitCode, stdout: keep ? r.stdout : "" };
}

const tmp = mkdtempSync(join(tmpdir(), "kadm-bench-doctor-"));
let server;
try {
  process.stderr.write("compiling the fake API server...\n");
  const fake = await compileFake(tmp);
  await makeTls(tmp);
  process.stderr.write(`seeding ${args.nodes} nodes and ${args.pods} pods...\n`);
  const t0 = Date.now();
  server = await startServer(fake);
  process.stderr.write(
    `ready after ${((Date.now() - t0) / 1000).toFixed(1)} s (${server.unhealthy} unhealthy pods)\n`,
  );

  const kubectl = ["kubectl", "--kubeconfig", server.kubeconfig, "get", "pods", "-A", "-o", "json"];
  const doctor = [
    process.execPath,
    join(ROOT, "bin", "kadm-wizard.js"),
    "doctor",
    "--cluster-only",
    "--kubeconfig",
    server.kubeconfig,
    "--output",
    "json",
  ];
  const rows = { kubectl: [], doctor: [] };
  let findings;
  for (let i = 0; i < RUNS; i++) {
    // alternate, so neither always runs on a warmer server
    const order = i % 2 === 0 ? ["kubectl", "doctor"] : ["doctor", "kubectl"];
    for (const which of order) {
      const m = which === "kubectl" ? await measure(kubectl) : await measure(doctor, true);
      if (which === "doctor") {
        if (m.exitCode !== 3) throw new Error(`doctor exited ${m.exitCode}, expected 3 (problems found)`);
        findings = JSON.parse(m.stdout).findings;
      } else if (m.exitCode !== 0) throw new Error(`kubectl exited ${m.exitCode}`);
      rows[which].push(m);
      process.stderr.write(`  run ${i + 1} ${which}: ${m.wall.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB\n`);
    }
  }
  // The text report a user reads: grouped by cause, its size in lines is the point.
  const doctorText = doctor.slice(0, -2);
  const text = await measure(doctorText, true);
  const textLines = text.stdout.trimEnd().split("\n").length;
  process.stderr.write(
    `  doctor text: ${text.wall.toFixed(2)} s, ${text.rssMb.toFixed(0)} MB, ${textLines} lines\n`,
  );
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const stat = (which) => ({
    wall: median(rows[which].map((r) => r.wall)),
    rss: Math.max(...rows[which].map((r) => r.rssMb)),
  });
  const k = stat("kubectl");
  const d = stat("doctor");
  const byId = {};
  for (const f of findings) byId[f.id] = (byId[f.id] ?? 0) + 1;
  console.log(
    `\ndoctor at scale: ${args.nodes} nodes, ${args.pods} pods, ${server.unhealthy} unhealthy; ${RUNS} run(s), median wall, max RSS`,
  );
  console.log("| tool                               | wall (s) | peak RSS (MB) |");
  console.log("| ---------------------------------- | -------: | ------------: |");
  console.log(
    `| kubectl get pods -A -o json        | ${k.wall.toFixed(2).padStart(8)} | ${k.rss.toFixed(0).padStart(13)} |`,
  );
  console.log(
    `| kadm-wizard doctor --cluster-only  | ${d.wall.toFixed(2).padStart(8)} | ${d.rss.toFixed(0).padStart(13)} |`,
  );
  console.log(
    `| kadm-wizard doctor (text report)   | ${text.wall.toFixed(2).padStart(8)} | ${text.rssMb.toFixed(0).padStart(13)} | ${textLines} lines`,
  );
  console.log(
    `\ndoctor / kubectl wall time: ${(d.wall / k.wall).toFixed(2)}x (target <= ${RATIO_TARGET.toFixed(2)}x: ${d.wall <= RATIO_TARGET * k.wall ? "met" : "MISSED"})`,
  );
  console.log(
    `doctor peak RSS: ${d.rss.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB: ${d.rss < RSS_TARGET_MB ? "met" : "MISSED"})`,
  );
  console.log(
    `text report: ${textLines} lines (target <= ${LINES_TARGET}: ${textLines <= LINES_TARGET ? "met" : "MISSED"})`,
  );
  console.log(
    `findings: ${findings.length} (${Object.entries(byId)
      .map(([id, n]) => `${id} ${n}`)
      .join(", ")})`,
  );
} finally {
  if (server) {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
  }
  rmSync(tmp, { recursive: true, force: true });
}
