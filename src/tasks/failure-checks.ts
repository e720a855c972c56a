/**
 * When `kubeadm init`/`join` fails, the host is checked again at once: the same preflight the
 * command ran before (the host may have changed since, or preparation was skipped) and containerd's
 * sandbox image (the classic silent cause of a control plane that never starts). Only the problems
 * are kept, worst first; the failure report shows them above kubeadm's usual causes.
 */
import { fromSpec } from "../doctor/expected.js";
import { type Finding, fromCheckResult } from "../doctor/finding.js";
import { sandboxImageFindings } from "../doctor/host/sandbox-image.js";
import type { CheckResult, PreflightRole } from "../host/preflight/index.js";
import { localiseEvidence } from "../i18n/evidence.js";
import type { Lang } from "../i18n/lang.js";
import { render } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import type { ClusterSpec } from "../spec/types.js";
import { preflightFor } from "../workflow/steps/preflight.js";

/** The checks read files and run version commands; past this the report goes on without them. */
const CHECKS_TIMEOUT_MS = 15_000;

export type HostChecksOutcome = { state: "done"; findings: Finding[] } | { state: "timed-out" };

/** Objects as doctor names them (preflight results carry none of their own). */
function objectOf(r: CheckResult): string {
  return r.id === "host.cgroup-v1" ? "/sys/fs/cgroup" : r.id.replace(/^host\./, "");
}

export async function hostChecksAfterFailure(
  node: Node,
  spec: ClusterSpec,
  role: PreflightRole,
  kubeadm: string,
): Promise<HostChecksOutcome> {
  const run = async (): Promise<HostChecksOutcome> => {
    const [preflight, sandbox] = await Promise.all([
      preflightFor(node, spec, role, kubeadm),
      sandboxImageFindings(node.fs, fromSpec(spec), {
        mirrored: { profile: spec.profile, registries: Object.keys(spec.registryMirrors) },
      }),
    ]);
    const failing = preflight
      .filter((r) => r.status === "fail")
      .map((r) => fromCheckResult(r, objectOf(r)))
      .filter((f): f is Finding => f !== undefined);
    // Errors first; a sandbox image on the expected registry (another tag) is only a warning.
    const findings = [...sandbox.filter((f) => f.severity === "error"), ...failing];
    return { state: "done", findings };
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HostChecksOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ state: "timed-out" }), CHECKS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The report lines: title, up to four evidence lines, the fix one command a line. */
export function renderHostFindings(lang: Lang, outcome: HostChecksOutcome): string[] {
  if (outcome.state === "timed-out") return [render(lang, { key: "run.hostChecksTimedOut" })];
  if (outcome.findings.length === 0) return [render(lang, { key: "run.hostChecksClean" })];
  const out = [render(lang, { key: "run.hostChecksFound", params: { count: outcome.findings.length } })];
  for (const f of outcome.findings) {
    out.push("", `  ✗ ${render(lang, f.title)}`);
    for (const e of f.evidence.slice(0, 4)) out.push(`      > ${localiseEvidence(lang, e)}`);
    const [first, ...rest] = render(lang, f.fix).split("\n");
    out.push(`    ${render(lang, { key: "run.fix" })}: ${first ?? ""}`);
    for (const l of rest) out.push(`      ${l}`);
  }
  return out;
}
