/**
 * Runs one kubeadm command with its phases shown live, its whole (redacted) output kept in a 0600 log
 * file, and, when it fails, a report of the last meaningful lines plus the diagnosis of the classic
 * causes. The parsing and diagnosis are pure (kubeadm/phases.ts, kubeadm/diagnose.ts); this is the glue.
 */
import { ExitCode, KadmError } from "../errors.js";
import type { RunResult } from "../host/runner.js";
import { render, t } from "../i18n/messages.js";
import { diagnose, failedPhase, lastMeaningfulLines } from "../kubeadm/diagnose.js";
import { PhaseTracker, phaseTitle } from "../kubeadm/phases.js";
import { redactSecrets } from "../kubeadm/secrets.js";
import type { Node } from "../node/node.js";
import type { NodeEnv } from "../workflow/env.js";
import { type HostChecksOutcome, renderHostFindings } from "./failure-checks.js";

export const LOG_DIR = "/var/log/kadm-wizard";
/** kubeadm init waits up to 4 min for the kubelet and 4 more for the control plane; leave room. */
const KUBEADM_TIMEOUT_MS = 20 * 60_000;

/** kubeadm is not installed (or not at --kubeadm). */
export class KubeadmMissing extends KadmError {}

/** kubeadm ran and failed: `lastLine` is its last meaningful line (a host table's one-line reason). */
export class KubeadmFailed extends KadmError {
  constructor(
    message: string,
    opts: ConstructorParameters<typeof KadmError>[1],
    readonly lastLine: string,
  ) {
    super(message, opts);
  }
}

export interface KubeadmRun {
  result: RunResult;
  /** stdout + stderr lines in arrival order (redacted): what the log file holds. */
  output: string;
  logPath: string;
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

export function kubeadmLogPath(sub: string, now: Date): string {
  return `${LOG_DIR}/kubeadm-${sub}-${stamp(now)}.log`;
}

/**
 * `kubeadm <args>`; `onPhase` gets the localised title of the current phase and the latest line.
 * Fails with a KadmError carrying the diagnosis; an interrupt (ctx.signal) surfaces as exit 130.
 */
export async function runKubeadm(
  node: Node,
  env: Pick<NodeEnv, "lang" | "signal" | "kubeadmPath">,
  args: string[],
  o: {
    sub: string;
    secrets: string[];
    /** Every phase line: the phase's localised title, the line, and whether the phase just changed. */
    onPhase?: (title: string, line: string, changed: boolean) => void;
    now?: Date;
    /** Run when kubeadm fails (not when interrupted): the host checks shown above the usual causes. */
    hostChecks?: () => Promise<HostChecksOutcome>;
    /**
     * Ctrl-C lets this run finish instead of killing it (`kubeadm reset`: half a reset helps
     * nobody); the caller stops at its next step. Default: killed, reported as interrupted.
     */
    finishOnInterrupt?: boolean;
  },
): Promise<KubeadmRun> {
  const tracker = new PhaseTracker();
  const lines: string[] = [];
  const logPath = kubeadmLogPath(o.sub, o.now ?? new Date());
  const argv = [env.kubeadmPath, ...args];
  const result = await node.runner.run(argv, {
    changes: true,
    timeoutMs: KUBEADM_TIMEOUT_MS,
    secrets: o.secrets,
    ...(o.finishOnInterrupt ? {} : { signal: env.signal }),
    onLine: (line) => {
      lines.push(line);
      const tl = tracker.line(line);
      if (tl.step && (tl.kind === "phase" || tl.changed)) {
        o.onPhase?.(render(env.lang, phaseTitle(tl.step) as never), line.trim(), tl.changed);
      }
    },
  });
  if (result.skipped) return { result, output: "", logPath };
  // A runner without line callbacks (or lines after the last newline) still gives us the output.
  const output = lines.length > 0 ? lines.join("\n") : redactSecrets(`${result.stdout}\n${result.stderr}`);
  const header = `# ${result.command}\n# exit code ${result.exitCode}${result.timedOut ? " (timed out)" : ""}\n`;
  await node.fs.mkdir(LOG_DIR, { mode: 0o700 });
  await node.fs.write(logPath, `${header}${redactSecrets(output)}\n`, { mode: 0o600 });
  if (env.signal.aborted && !o.finishOnInterrupt) {
    throw new KadmError(t(env.lang, "run.interrupted", { step: `kubeadm ${o.sub}` }), {
      exitCode: ExitCode.interrupted,
    });
  }
  if (result.exitCode !== 0) {
    // Checks that cannot run (EACCES, say) must not replace kubeadm's own error: then none are shown.
    const checks = result.notFound ? undefined : await o.hostChecks?.().catch(() => undefined);
    throw kubeadmFailure(env, o.sub, `${result.stdout}\n${result.stderr}`, result, logPath, checks);
  }
  return { result, output, logPath };
}

/** The failure report (on stderr, several lines) and the one-line error that ends the run. */
function kubeadmFailure(
  env: Pick<NodeEnv, "lang" | "kubeadmPath">,
  sub: string,
  raw: string,
  r: RunResult,
  logPath: string,
  checks?: HostChecksOutcome,
): KadmError {
  const out: string[] = [];
  if (r.notFound) {
    return new KubeadmMissing(t(env.lang, "run.kubeadmMissing", { path: env.kubeadmPath }), {
      hint: t(env.lang, "run.kubeadmMissingHint"),
    });
  }
  const phase = failedPhase(raw);
  out.push("", t(env.lang, "run.kubeadmLastLines", { sub }));
  for (const l of lastMeaningfulLines(raw, 8)) out.push(`    ${l}`);
  // What is wrong on this host now comes before what kubeadm's words usually mean.
  if (checks) out.push("", ...renderHostFindings(env.lang, checks));
  const diagnoses = r.timedOut ? [] : diagnose(raw, r.exitCode);
  if (checks && diagnoses.length > 0) out.push("", t(env.lang, "run.kubeadmUsualCauses"));
  for (const d of diagnoses) {
    out.push("", `  ✗ ${render(env.lang, d.explain as never)}`);
    for (const e of d.evidence.slice(0, 4)) out.push(`      > ${e.trim()}`);
    out.push(`    ${t(env.lang, "run.fix")}: ${render(env.lang, d.fix as never)}`);
  }
  out.push("", t(env.lang, "run.kubeadmLog", { path: logPath }), t(env.lang, "run.nextSteps"));
  const last = lastMeaningfulLines(raw, 8);
  const err = last.filter((l) => /error|failed|fatal|denied|not found/i.test(l)).at(-1) ?? last.at(-1) ?? "";
  return new KubeadmFailed(
    t(env.lang, r.timedOut ? "run.kubeadmTimedOut" : "run.kubeadmFailed", {
      sub,
      phase: phase ?? "?",
      code: r.exitCode,
    }),
    { hint: t(env.lang, "run.kubeadmFailedHint", { path: logPath }), report: out.join("\n") },
    redactSecrets(err),
  );
}
