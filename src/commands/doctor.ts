import type { CommandRun, FlagsFor } from "../cli/commands.js";
import type { Context } from "../context.js";
import { type ExpectedCluster, fromSpec } from "../doctor/expected.js";
import { doctorNodes, nodeDoctorEnv } from "../doctor/nodes.js";
import { httpsProber } from "../doctor/prober.js";
import { hasProblems, nodesReportJson, nodesReportText, reportJson, reportText } from "../doctor/report.js";
import { type DoctorScope, runDoctor } from "../doctor/run.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { t } from "../i18n/messages.js";
import { isKubeError, type KubeClient, KubeconfigInvalid, KubeconfigMissing } from "../kube/client.js";
import { kubeconfigMissingText, kubeconfigProblem } from "../kube/explain.js";
import { gatherSpec } from "../spec/gather.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import { hostsFromLists, type InventoryHost } from "../ssh/inventory.js";
import { flagDefaults, problemsError, readInventoryFile, sshConcurrency } from "../ssh/inventory-flags.js";
import type { SshTarget } from "../ssh/transport.js";
import { connectErrorLine } from "../workflow/remote.js";

type Flags = FlagsFor<"doctor">;

const OUTPUTS = ["text", "json"] as const;
/** Events and log requests in flight at once: enough to hide latency, few enough to spare the API server. */
const CONCURRENCY = 16;
/** Where kubeadm's controller-manager and scheduler serve /healthz, on the node checked. */
const CONTROL_PLANE = { controllerManager: "127.0.0.1:10257", scheduler: "127.0.0.1:10259" };

function scopeOf(ctx: Context, f: Flags): DoctorScope {
  const hostOnly = f["host-only"] === true;
  const clusterOnly = f["cluster-only"] === true;
  if (hostOnly && clusterOnly) {
    throw invalidInput(t(ctx.lang, "doctor.cli.bothScopes"), t(ctx.lang, "doctor.cli.bothScopesHint"));
  }
  return hostOnly ? "host" : clusterOnly ? "cluster" : "both";
}

/** --node a,b --node c: every name given. */
const list = (v: string[] | undefined) =>
  (v ?? []).flatMap((x) =>
    x
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean),
  );

/**
 * The nodes of --inventory (all, or those --node names by id or address), else --node's
 * user@host[:port] with the SSH flags; exit 2 on any problem, before anything connects.
 */
async function nodesToCheck(ctx: Context, f: Flags): Promise<InventoryHost[]> {
  const defaults = flagDefaults(ctx, f);
  const names = list(f.node);
  const file = f.inventory;
  if (file === undefined) {
    const r = hostsFromLists([{ flag: "--node", role: "worker", values: names }], defaults);
    if (!r.ok) throw problemsError(ctx, r.problems);
    return r.hosts;
  }
  const parsed = await readInventoryFile(ctx, file, defaults);
  if (!parsed.ok) throw problemsError(ctx, parsed.problems);
  if (names.length === 0) return parsed.hosts;
  return names.map((n) => {
    const h = parsed.hosts.find((x) => x.id === n || x.host === n || x.nodeName === n);
    if (!h) {
      throw invalidInput(
        t(ctx.lang, "doctor.cli.unknownNode", { node: n, file }),
        t(ctx.lang, "doctor.cli.unknownNodeHint", { known: parsed.hosts.map((x) => x.id).join(", ") }),
      );
    }
    return h;
  });
}

/** `doctor --inventory FILE` / `--node HOST`: the host checks on those nodes, one report each. */
async function doctorRemote(ctx: Context, f: Flags, output: string, expected: ExpectedCluster) {
  const hosts = await nodesToCheck(ctx, f);
  const concurrency = sshConcurrency(ctx, f);
  if (ctx.dryRun) {
    const lines = [t(ctx.lang, "doctor.nodes.dryRun", { count: hosts.length })];
    for (const h of hosts) lines.push(`  ${h.id} (${h.user}@${h.host}:${h.port}, root ${h.root})`);
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.ok;
  }
  const targets = await resolveTargets(ctx, hosts);
  const transport = ctx.ssh({
    knownHostsPath: expandHome(f["known-hosts"] ?? defaultKnownHosts(ctx.env), ctx.env),
    acceptNew: f["accept-new-host-keys"] === true,
    files: ctx.files,
  });
  const nodes = await doctorNodes({
    hosts,
    target: (h) => targets.get(h.id) as SshTarget,
    transport,
    concurrency,
    fallback: expected,
    lang: ctx.lang,
    signal: ctx.signal,
    connectError: (e) => connectErrorLine(ctx.lang, e),
    base: { now: () => new Date(), controlPlaneEndpoints: CONTROL_PLANE, concurrency: CONCURRENCY },
  });
  ctx.stdout.write(
    output === "json"
      ? nodesReportJson(nodes, ctx.lang)
      : nodesReportText(nodes, ctx.lang, {
          color: ctx.color && (ctx.stdout as { isTTY?: boolean }).isTTY === true,
        }),
  );
  return nodes.some((n) => hasProblems(n.report)) ? ExitCode.problemsFound : ExitCode.ok;
}

/** `kadm-wizard doctor`: what is wrong with this host and/or the cluster, with evidence and the fix. */
export const run: CommandRun<"doctor"> = async (ctx, { flags: f }) => {
  const output = f.output ?? "text";
  if (!(OUTPUTS as readonly string[]).includes(output)) {
    throw invalidInput(
      t(ctx.lang, "doctor.cli.badOutput", { value: output }),
      t(ctx.lang, "doctor.cli.badOutputHint"),
    );
  }
  const scope = scopeOf(ctx, f);
  const remote = f.inventory !== undefined ? "--inventory" : list(f.node).length > 0 ? "--node" : undefined;
  if (remote && scope === "cluster") {
    throw invalidInput(
      t(ctx.lang, "doctor.cli.clusterOnlyNodes", { flag: remote }),
      t(ctx.lang, "doctor.cli.clusterOnlyNodesHint"),
    );
  }
  const kubeconfig = f.kubeconfig;
  // The spec (flags, profile) is only the last resort for what the cluster should look like.
  const { spec, warnings, provenance } = await gatherSpec(ctx, {
    mode: "init",
    flags: f,
    hostIsTarget: true,
    confirm: false,
    purpose: "host",
  });
  for (const w of warnings) ctx.warn(w);
  // A version from the profile alone is a guess: a node without cluster or saved config says its own.
  const source = provenance.kubernetesVersion;
  const fallback = fromSpec(spec, {
    versionGiven: source !== undefined && source !== "default" && source !== "profile",
  });
  if (remote) return doctorRemote(ctx, f, output, fallback);

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
        ...nodeDoctorEnv(ctx.node, httpsProber(), {
          now: () => new Date(),
          controlPlaneEndpoints: CONTROL_PLANE,
          concurrency: CONCURRENCY,
        }),
        kube,
      },
      { scope, fallback },
    );
  } catch (e) {
    if (isKubeError(e, "config")) {
      // --cluster-only without any kubeconfig: doctor could not check anything.
      const reason = e instanceof KubeconfigMissing ? kubeconfigMissingText(ctx.lang, e) : e.message;
      throw new KadmError(t(ctx.lang, "doctor.cli.noCluster", { reason }), {
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
