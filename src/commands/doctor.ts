import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { fromSpec } from "../doctor/expected.js";
import { httpsProber } from "../doctor/prober.js";
import { hasProblems, reportJson, reportText } from "../doctor/report.js";
import { type DoctorScope, runDoctor } from "../doctor/run.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { probeSocket } from "../host/probe-socket.js";
import { t } from "../i18n/messages.js";
import { isKubeError, type KubeClient, KubeconfigInvalid } from "../kube/client.js";
import { kubeconfigProblem } from "../kube/explain.js";
import type { ParsedFlags } from "../spec/flags.js";
import { gatherSpec } from "../spec/gather.js";

const OUTPUTS = ["text", "json"] as const;
/** Events and log requests in flight at once: enough to hide latency, few enough to spare the API server. */
const CONCURRENCY = 16;

function scopeOf(ctx: Context, f: ParsedFlags): DoctorScope {
  const hostOnly = f["host-only"] === true;
  const clusterOnly = f["cluster-only"] === true;
  if (hostOnly && clusterOnly) {
    throw invalidInput(t(ctx.lang, "doctor.cli.bothScopes"), t(ctx.lang, "doctor.cli.bothScopesHint"));
  }
  return hostOnly ? "host" : clusterOnly ? "cluster" : "both";
}

/** `kadm-wizard doctor`: what is wrong with this host and/or the cluster, with evidence and the fix. */
export const run: CommandRun = async (ctx, { flags }) => {
  const f = flags as ParsedFlags;
  const output = typeof f.output === "string" ? f.output : "text";
  if (!(OUTPUTS as readonly string[]).includes(output)) {
    throw invalidInput(
      t(ctx.lang, "doctor.cli.badOutput", { value: output }),
      t(ctx.lang, "doctor.cli.badOutputHint"),
    );
  }
  const scope = scopeOf(ctx, f);
  const kubeconfig = typeof f.kubeconfig === "string" ? f.kubeconfig : undefined;
  // The spec (flags, profile) is only the last resort for what the cluster should look like.
  const { spec, warnings } = await gatherSpec(ctx, {
    mode: "init",
    flags: f,
    hostIsTarget: true,
    confirm: false,
    purpose: "host",
  });
  for (const w of warnings) ctx.warn(w);

  const kube = async (): Promise<KubeClient> => {
    try {
      return await ctx.kube.fromKubeconfig({ kubeconfig });
    } catch (e) {
      if (e instanceof KubeconfigInvalid) throw kubeconfigProblem(ctx.lang, e.input);
      // A kubeconfig the user named that cannot be loaded is bad input, not a cluster finding.
      if (kubeconfig !== undefined && isKubeError(e, "config")) {
        throw invalidInput(e.message, t(ctx.lang, "doctor.cli.kubeconfigHint"));
      }
      throw e;
    }
  };

  let report: Awaited<ReturnType<typeof runDoctor>>;
  try {
    report = await runDoctor(
      {
        fs: ctx.hostFs,
        runner: ctx.runner,
        probeSocket: (p) => probeSocket(p),
        probe: httpsProber(),
        now: () => new Date(),
        kube,
        controlPlaneEndpoints: { controllerManager: "127.0.0.1:10257", scheduler: "127.0.0.1:10259" },
        concurrency: CONCURRENCY,
      },
      { scope, fallback: fromSpec(spec) },
    );
  } catch (e) {
    if (isKubeError(e, "config")) {
      // --cluster-only without any kubeconfig: doctor could not check anything.
      throw new KadmError(t(ctx.lang, "doctor.cli.noCluster", { reason: e.message }), {
        exitCode: ExitCode.failed,
        hint: t(ctx.lang, "doctor.cli.kubeconfigHint"),
        cause: e,
      });
    }
    throw e;
  }
  ctx.stdout.write(
    output === "json"
      ? reportJson(report, ctx.lang)
      : reportText(report, ctx.lang, {
          color: ctx.color && (ctx.stdout as { isTTY?: boolean }).isTTY === true,
        }),
  );
  return hasProblems(report) ? ExitCode.problemsFound : ExitCode.ok;
};
