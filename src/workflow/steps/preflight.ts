/**
 * Preflight before preparation (only what preparation cannot repair stops the run) and the re-check
 * after it (any failure stops the run before kubeadm). The same checks `prepare` and `doctor` run,
 * on whichever node the workflow runs on.
 */
import { KadmError } from "../../errors.js";
import {
  type CheckId,
  type CheckResult,
  type PreflightRole,
  renderPreflight,
  runPreflight,
  summarizePreflight,
} from "../../host/preflight/index.js";
import type { Lang } from "../../i18n/lang.js";
import { t } from "../../i18n/messages.js";
import type { Node } from "../../node/node.js";
import { preflightEnvOf } from "../../node/preflight-env.js";
import type { ClusterSpec } from "../../spec/types.js";
import type { NodeFlags, RunData, WorkflowStep } from "../data.js";
import type { NodeEnv } from "../env.js";

/** Failures host preparation repairs: not fatal before it, only if they survive it. */
const FIXED_BY_PREP: ReadonlySet<CheckId> = new Set<CheckId>([
  "host.swap-on",
  "host.br-netfilter",
  "host.overlay",
  "host.ip-forward",
  "host.runtime-socket",
  "host.cgroup-driver-mismatch",
]);
const FIXED_BY_PACKAGES: ReadonlySet<CheckId> = new Set<CheckId>([
  "host.kube-binaries",
  "host.version-skew",
  "host.binaries",
]);

export function preflightFor(
  node: Node,
  spec: ClusterSpec,
  role: PreflightRole,
  kubeadm: string,
  only?: ReadonlySet<CheckId>,
): Promise<CheckResult[]> {
  return runPreflight(
    preflightEnvOf(node, kubeadm),
    {
      kubernetesVersion: spec.kubernetesVersion,
      cgroupDriver: spec.node.cgroupDriver,
      criSocket: spec.node.criSocket,
      role,
      ...(spec.node.name ? { nodeName: spec.node.name } : {}),
      ...(spec.node.allowCgroupV1 ? { allowCgroupV1: true } : {}),
    },
    only,
  );
}

/** The checks whose verdict preparation (with these flags) can change. */
function repairableIds(o: NodeFlags): ReadonlySet<CheckId> {
  return new Set([...FIXED_BY_PREP, ...(o.installPackages ? FIXED_BY_PACKAGES : [])]);
}

/** Checks failed: the error carries them (an SSH host's one-line reason lists their ids). */
export class PreflightFailed extends KadmError {
  constructor(
    message: string,
    opts: ConstructorParameters<typeof KadmError>[1],
    readonly failing: readonly CheckResult[],
  ) {
    super(message, opts);
  }
}

function preflightError(lang: Lang, failing: CheckResult[], key: "run.preflightFailed" | "run.verifyFailed") {
  return new PreflightFailed(
    t(lang, key, { count: failing.length }),
    { hint: t(lang, "run.preflightHint"), report: renderPreflight(failing, lang) },
    failing,
  );
}

/** The failing checks host preparation (with these flags) cannot repair. */
export function unrepairable(results: readonly CheckResult[], o: NodeFlags): CheckResult[] {
  const repairable = (id: CheckId) =>
    !o.skipPrep && (FIXED_BY_PREP.has(id) || (o.installPackages && FIXED_BY_PACKAGES.has(id)));
  return results.filter((r) => r.status === "fail" && !repairable(r.id));
}

/**
 * A dry run that found what the real run would stop on: one warning naming the checks and what to do
 * first. The dry run itself still succeeds (exit 0: it planned everything; the README's demo on an
 * empty root must not fail); `--output json` carries the same facts as `wouldStopAt`/`failingChecks`.
 */
export function dryRunWouldFail(
  lang: Lang,
  fatal: readonly CheckResult[],
  o: NodeFlags,
  stage: "preflight" | "prepare",
): string {
  const packages = !o.installPackages && fatal.some((r) => FIXED_BY_PACKAGES.has(r.id));
  const prep = o.skipPrep && fatal.some((r) => FIXED_BY_PREP.has(r.id));
  const hint = [
    t(lang, "run.dryRunFixFirst"),
    ...(packages ? [t(lang, "run.dryRunFixPackages")] : []),
    ...(prep ? [t(lang, "run.dryRunFixSkipPrep")] : []),
  ].join(lang === "zh" ? "；" : "; ");
  const message = t(lang, stage === "preflight" ? "run.dryRunWouldStop" : "prepare.dryRunWouldRemain", {
    count: fatal.length,
    checks: fatal.map((r) => r.id).join(", "),
  });
  return `${message} ${t(lang, "run.dryRunFirst", { hint })}`;
}

export function preflightStep(node: Node, env: NodeEnv, data: RunData): WorkflowStep {
  return {
    id: "preflight",
    title: t(env.lang, "run.step.preflight"),
    run: async () => {
      const results = await preflightFor(node, data.spec, data.role, env.kubeadmPath);
      data.outputs.preflight = results;
      const fatal = unrepairable(results, data.flags);
      data.outputs.fatal = fatal;
      if (fatal.length > 0 && !env.dryRun) throw preflightError(env.lang, fatal, "run.preflightFailed");
      const s = summarizePreflight(results);
      return t(env.lang, "run.preflightDone", { passed: s.passed, warned: s.warned, failed: s.failed });
    },
  };
}

/**
 * After preparation every check must pass (a dry run changed nothing, so it has no re-check). The
 * checks preparation cannot change passed (or only warned) at preflight, or the run would have
 * stopped there: those verdicts stand, and only the checks preparation repairs run again. A resumed
 * run that skipped preflight runs them all.
 */
export function verifyStep(node: Node, env: NodeEnv, data: RunData): WorkflowStep {
  return {
    id: "verify",
    title: t(env.lang, "run.step.verify"),
    run: async () => {
      const before = data.outputs.preflight;
      const again = await preflightFor(
        node,
        data.spec,
        data.role,
        env.kubeadmPath,
        before.length > 0 ? repairableIds(data.flags) : undefined,
      );
      const results = before.length > 0 ? before.map((r) => again.find((x) => x.id === r.id) ?? r) : again;
      data.outputs.preflight = results;
      const failing = results.filter((r) => r.status === "fail");
      if (failing.length > 0) throw preflightError(env.lang, failing, "run.verifyFailed");
      return t(env.lang, "run.verifyDone", { warned: summarizePreflight(results).warned });
    },
  };
}
