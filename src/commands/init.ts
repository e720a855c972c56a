import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { EXTERNAL_HAPROXY, EXTERNAL_NGINX, lbImages } from "../ha/load-balancer.js";
import type { FileChange } from "../host/host-fs.js";
import { ADMIN_CONF } from "../host/kubeconfig-copy.js";
import { t } from "../i18n/messages.js";
import { imageSourceLine, resolveImagePlan } from "../images/plan.js";
import { initDocuments } from "../kubeadm/documents.js";
import {
  formatJoinCommand,
  type JoinCommand,
  parseInitJoinCommands,
  parseJoinCommand,
} from "../kubeadm/join-command.js";
import { renderDocuments } from "../kubeadm/render.js";
import { withSecrets } from "../kubeadm/secrets.js";
import { answersFromSpec } from "../spec/answers-dump.js";
import type { ParsedFlags } from "../spec/flags.js";
import { gatherSpec } from "../spec/gather.js";
import type { ClusterSpec } from "../spec/types.js";
import {
  decideRun,
  detectPresence,
  type RunState,
  readState,
  STATE_DIR,
  specFingerprint,
  writeState,
} from "../state/run-state.js";
import { hostChecksAfterFailure } from "../tasks/failure-checks.js";
import { checkEtcdInput, etcdSteps, lbSteps } from "../tasks/ha-steps.js";
import { type HostReport, hostSteps, warnDryRunWouldFail } from "../tasks/host-steps.js";
import { kubeadmStep } from "../tasks/kubeadm-run.js";
import { podNetworkSteps } from "../tasks/network-steps.js";
import { type PipelineStep, runPipeline } from "../tasks/pipeline.js";
import {
  type InitSummary,
  joinCommandsFile,
  type NodeLine,
  PLANNED_CA_HASH,
  renderSummary,
  summaryJson,
} from "../tasks/summary.js";
import { formatHostPort } from "../validate/ip.js";
import { parseHostPort } from "../validate/names.js";
import { VERSION } from "../version.js";
import { kubeconfigStep, printRecordedCommands, printRunReport, startRun, wouldStop } from "./node-run.js";
import { timeoutFlag } from "./wait.js";

export const CONFIG_PATH = `${STATE_DIR}/kubeadm.yaml`;
export const ANSWERS_PATH = `${STATE_DIR}/answers.yaml`;
export const JOIN_COMMANDS_PATH = `${STATE_DIR}/join-command.txt`;
const KUBEADM_STEP = "kubeadm-init";

type Output = "text" | "json";

export function outputFormat(ctx: Context, f: ParsedFlags): Output {
  const o = typeof f.output === "string" ? f.output : "text";
  if (o !== "text" && o !== "json") {
    throw invalidInput(t(ctx.lang, "run.badOutput", { value: o }), t(ctx.lang, "run.badOutputHint"));
  }
  return o;
}

/** A resumed run keeps the token and key of the run it continues (kubeadm may already use them). */
function reuseSecrets(spec: ClusterSpec, prev: RunState | undefined): ClusterSpec {
  if (prev?.command !== "init") return spec;
  return {
    ...spec,
    bootstrapToken: {
      ...spec.bootstrapToken,
      token: spec.bootstrapToken.token ?? prev.spec.bootstrapToken.token,
    },
    certificateKey: spec.certificateKey ?? prev.spec.certificateKey,
  };
}

function endpointOf(spec: ClusterSpec): string {
  const ep = spec.controlPlane.endpoint;
  // A bare IPv6 endpoint is an address without a port (as kubeadm reads it), never "addr:port".
  const hp = ep ? parseHostPort(ep) : undefined;
  if (hp) return formatHostPort(hp.host, hp.port ?? spec.controlPlane.bindPort);
  return formatHostPort(spec.controlPlane.advertiseAddress ?? "<this host>", spec.controlPlane.bindPort);
}

/**
 * A dry run runs no kubeadm, so nothing printed the join commands: these are the ones this run would
 * print. The token and certificate key are generated already (masked when shown); the CA hash is not.
 */
function plannedJoins(spec: ClusterSpec): { worker: JoinCommand; controlPlane?: JoinCommand } {
  const worker: JoinCommand = {
    endpoint: endpointOf(spec),
    token: spec.bootstrapToken.token ?? "",
    caCertHashes: [PLANNED_CA_HASH],
    controlPlane: false,
    unknownFlags: [],
  };
  // kubeadm prints the control-plane form when there is a shared endpoint (--upload-certs: with the key).
  if (!spec.controlPlane.endpoint) return { worker };
  return {
    worker,
    controlPlane: {
      ...worker,
      controlPlane: true,
      ...(spec.certificateKey ? { certificateKey: spec.certificateKey } : {}),
    },
  };
}

/** Nodes as the API reports them; undefined when it cannot be reached (the summary then omits them). */
async function listNodes(ctx: Context): Promise<NodeLine[] | undefined> {
  if (ctx.dryRun || !(await ctx.hostFs.exists(ADMIN_CONF))) return undefined;
  try {
    const { loadKubeClient } = await import("../kube/client-node.js");
    const client = await loadKubeClient({ root: ctx.root, env: ctx.env, timeoutMs: 5_000 });
    const { items } = await client.list("v1", "Node");
    return items.map((n) => {
      const labels = n.metadata.labels ?? {};
      const status = (
        n as {
          status?: {
            conditions?: { type: string; status: string }[];
            nodeInfo?: { kubeletVersion?: string };
          };
        }
      ).status;
      return {
        name: n.metadata.name,
        ready: status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
        roles: Object.keys(labels)
          .filter((l) => l.startsWith("node-role.kubernetes.io/"))
          .map((l) => l.slice("node-role.kubernetes.io/".length)),
        version: status?.nodeInfo?.kubeletVersion ?? "",
      };
    });
  } catch (e) {
    if (ctx.verbose) ctx.warn(t(ctx.lang, "init.nodesUnavailable", { reason: (e as Error).message }));
    return undefined;
  }
}

function configHeader(spec: ClusterSpec): string[] {
  return [
    `kubeadm configuration for Kubernetes ${spec.kubernetesVersion}, written by kadm-wizard ${VERSION} for kadm-wizard init`,
    "holds a bootstrap token: keep it private (mode 0600)",
  ];
}

/** `kadm-wizard init`: the whole first control-plane node, resumable, ending with the join commands. */
export const run: CommandRun = async (ctx, { flags }) => {
  const f = flags as ParsedFlags;
  const output = outputFormat(ctx, f);
  const quiet = f.quiet === true || output === "json";
  const skipPrep = f["skip-prep"] === true;
  const timeoutMs = timeoutFlag(ctx, f);

  // What is on this host decides before any question is asked: never clobber a cluster.
  // Other hosts to join over SSH: checked (exit 2) before anything else happens.
  const { loadInventory } = await import("./add-node.js");
  const otherHosts = await loadInventory(ctx, f, []);
  const prev = await readState(ctx.hostFs);
  const presence = await detectPresence(ctx.hostFs);
  if (prev?.finished) return alreadyDone(ctx, prev, output);
  if (presence.files.length > 0 && prev?.command !== "init") {
    throw existingCluster(ctx, presence.files);
  }

  const { spec: gathered, warnings } = await gatherSpec(ctx, {
    mode: "init",
    flags: f,
    hostIsTarget: true,
    confirm: true,
  });
  for (const w of warnings) ctx.warn(w);
  // The rest of the input that names files: checked (exit 2) before the run writes its state.
  const manifest = typeof f.manifest === "string" ? f.manifest : undefined;
  if (manifest !== undefined && f["skip-cni"] !== true) {
    const { checkUserManifest } = await import("../cni/install.js");
    await checkUserManifest(ctx, manifest);
  }
  await checkEtcdInput(ctx, gathered);
  const spec = withSecrets(reuseSecrets(gathered, prev), ctx.rng);
  const secrets = [spec.bootstrapToken.token, spec.certificateKey].filter((s): s is string => !!s);

  const report: HostReport = { preflight: [], fatal: [], steps: [], pulls: [] };
  const hostOpts = { skipPrep, installPackages: f["install-packages"] === true };
  const skipCni = f["skip-cni"] === true;
  // kubeadm's own list when it is installed, else our table; the dry-run plan says which.
  const plan = await resolveImagePlan(ctx.node, ctx.kubeadmPath, spec, ctx.warn, ctx.lang);
  if (ctx.dryRun) ctx.stderr.write(`${imageSourceLine(ctx.lang, plan.source)}\n`);
  const files: FileChange[] = [];
  const commands: string[] = [];
  let joinCommands: RunState["joinCommands"] = prev?.joinCommands;
  let logPath: string | undefined;
  let kubeconfigs: string[] = [];
  let cleanup = false;
  const stateRef: { current: RunState | undefined } = { current: undefined };

  const steps: PipelineStep[] = [
    ...etcdSteps(ctx, spec),
    ...hostSteps(
      ctx,
      spec,
      {
        role: "control-plane",
        ...hostOpts,
        // --skip-cni: no pod network from us, so none of its images either.
        images: [...plan.kubeadm, ...(skipCni ? [] : plan.cni), ...lbImages(spec)],
        // kubeadm pulls its own images and waits for its static pods; the VIP's pod fronts the API.
        kubeadmNeeds: [...plan.kubeadm, ...lbImages(spec)],
      },
      report,
    ),
    {
      id: "config",
      title: t(ctx.lang, "init.step.config"),
      run: async () => {
        const key = ctx.dryRun ? "init.configPlanned" : "init.configDone";
        await ctx.hostFs.mkdir(STATE_DIR, { mode: 0o700 });
        files.push(
          // It holds the token: no backup copy of it (reset removes the file).
          await ctx.hostFs.write(CONFIG_PATH, renderDocuments(initDocuments(spec), configHeader(spec)), {
            mode: 0o600,
            backup: false,
          }),
          await ctx.hostFs.write(
            ANSWERS_PATH,
            answersFromSpec(spec, [`answers of kadm-wizard init (${VERSION}); reuse with --answers`]),
            { mode: 0o600 },
          ),
        );
        return t(ctx.lang, key, { path: CONFIG_PATH });
      },
    },
    ...lbSteps(ctx, spec, true, files),
    kubeadmStep(ctx, {
      id: KUBEADM_STEP,
      title: t(ctx.lang, "init.step.kubeadm"),
      cleanupTitle: t(ctx.lang, "init.cleanupFailed"),
      sub: "init",
      args: () => [
        "init",
        "--config",
        ctx.hostFs.resolve(CONFIG_PATH),
        ...(spec.controlPlane.endpoint ? ["--upload-certs"] : []),
      ],
      secrets,
      cleanup: () => cleanup,
      commands,
      hostChecks: () => hostChecksAfterFailure(ctx, spec, "control-plane"),
      done: (r) => {
        logPath = r.logPath;
        const parsed = parseInitJoinCommands(`${r.result.stdout}\n${r.result.stderr}`);
        const raw = (p: typeof parsed.worker) =>
          p?.ok ? formatJoinCommand(p.join, { kadm: false }) : undefined;
        joinCommands = { worker: raw(parsed.worker), controlPlane: raw(parsed.controlPlane) };
        if (stateRef.current) stateRef.current = { ...stateRef.current, joinCommands };
        return t(ctx.lang, "init.kubeadmDone");
      },
    }),
    kubeconfigStep(ctx, files, {
      requireAdminConf: true,
      onTargets: (paths) => {
        kubeconfigs = paths;
      },
    }),
    ...podNetworkSteps(ctx, spec, {
      skip: skipCni,
      timeoutMs,
      manifest,
    }),
  ];

  const ids = steps.map((s) => s.id);
  const decision = decideRun("init", prev, presence, specFingerprint(spec), ids, KUBEADM_STEP);
  if (decision.kind === "done") return alreadyDone(ctx, prev as RunState, output);
  if (decision.kind === "existing") throw existingCluster(ctx, decision.files);
  if (decision.kind === "spec-changed") {
    throw new KadmError(t(ctx.lang, "init.specChanged"), { hint: t(ctx.lang, "init.specChangedHint") });
  }
  const started = startRun(ctx, "init", decision, prev, spec, steps, quiet);
  const skip = started.skip;
  cleanup = started.cleanup;
  stateRef.current = started.state;

  try {
    await runPipeline(ctx, steps, { skip, state: stateRef, quiet, resumeCommand: "kadm-wizard init" });
  } catch (e) {
    // The error carries the preflight verdicts that matter; repeat only what was changed.
    if (!quiet) printRunReport(ctx, report, files, commands, false);
    throw e;
  }

  const summary: InitSummary = {
    endpoint: endpointOf(spec),
    kubernetesVersion: spec.kubernetesVersion,
    nodes: await listNodes(ctx),
    joinCommands: ctx.dryRun ? plannedJoins(spec) : (joinCommands ?? {}),
    files: { config: CONFIG_PATH, joinCommands: JOIN_COMMANDS_PATH, ...(logPath ? { log: logPath } : {}) },
    kubeconfigs,
    dryRun: ctx.dryRun,
  };
  if (!ctx.dryRun && (summary.joinCommands.worker || summary.joinCommands.controlPlane)) {
    await ctx.hostFs.write(JOIN_COMMANDS_PATH, joinCommandsFile(summary.joinCommands), {
      mode: 0o600,
      backup: false,
    });
  }
  if (stateRef.current) {
    await writeState(ctx.hostFs, {
      ...stateRef.current,
      joinCommands,
      finished: true,
      updatedAt: new Date().toISOString(),
    });
  }
  if (output === "json") {
    // stdout carries only the JSON: the SSH joins' table goes to stderr, their outcome to the exit code.
    const joined =
      otherHosts.length > 0
        ? await joinOtherHosts({ ...ctx, stdout: ctx.stderr }, f, spec, otherHosts, joinCommands, true).then(
            () => true,
            (e: unknown) => e,
          )
        : true;
    ctx.stdout.write(`${JSON.stringify({ ...summaryJson(summary), ...wouldStop(report) }, null, 2)}\n`);
    if (joined !== true) throw joined;
    if (ctx.dryRun && report.fatal.length > 0) warnDryRunWouldFail(ctx, report.fatal, hostOpts, "preflight");
    return ExitCode.ok;
  }
  if (!quiet || ctx.dryRun) printRunReport(ctx, report, files, commands, true);
  printRecordedCommands(ctx);
  ctx.stdout.write(renderSummary(summary, ctx.lang));
  if (spec.controlPlane.loadBalancer === "external") {
    ctx.stdout.write(
      `\n${t(ctx.lang, "lb.externalNote", { nginx: EXTERNAL_NGINX, haproxy: EXTERNAL_HAPROXY })}\n`,
    );
  }
  const code =
    otherHosts.length > 0 ? await joinOtherHosts(ctx, f, spec, otherHosts, joinCommands, quiet) : ExitCode.ok;
  // The plan is complete, but the real run would stop at preflight: say so, not "apply".
  if (ctx.dryRun && report.fatal.length > 0) warnDryRunWouldFail(ctx, report.fatal, hostOpts, "preflight");
  else if (ctx.dryRun && otherHosts.length === 0)
    ctx.stdout.write(`\n${t(ctx.lang, "prepare.dryRunDone")}\n`);
  return code;
};

/** The inventory's hosts join over SSH with the commands this init printed (issue: "repeat on every node"). */
async function joinOtherHosts(
  ctx: Context,
  f: ParsedFlags,
  spec: ClusterSpec,
  hosts: Awaited<ReturnType<typeof import("./add-node.js")["loadInventory"]>>,
  joinCommands: RunState["joinCommands"],
  quiet: boolean,
): Promise<number> {
  const { joinInventory } = await import("./add-node.js");
  const parse = (raw: string | undefined) => {
    const p = raw ? parseJoinCommand(raw) : undefined;
    return p?.ok ? p.join : undefined;
  };
  // In a dry run kubeadm printed nothing: plan with the token and key this run would use.
  const planned = ctx.dryRun
    ? {
        worker: {
          endpoint: endpointOf(spec),
          token: spec.bootstrapToken.token ?? "",
          caCertHashes: ["sha256:<the cluster CA's hash>"],
          controlPlane: false,
          unknownFlags: [],
        },
      }
    : undefined;
  ctx.stdout.write("\n");
  // --skip-cni: the joined hosts pre-pull no pod-network images either (only their image list reads
  // the plugin; "none" has no images).
  const hostSpec = f["skip-cni"] === true ? { ...spec, cni: { ...spec.cni, plugin: "none" as const } } : spec;
  return joinInventory(ctx, {
    hosts,
    spec: hostSpec,
    joins: planned ?? {
      worker: parse(joinCommands?.worker),
      controlPlane: parse(joinCommands?.controlPlane),
    },
    flags: f,
    quiet,
  });
}

function existingCluster(ctx: Context, files: string[]): KadmError {
  return new KadmError(t(ctx.lang, "init.existing", { files: files.join(", ") }), {
    hint: t(ctx.lang, "init.existingHint"),
  });
}

function alreadyDone(ctx: Context, prev: RunState, output: Output): number {
  if (prev.command === "join") throw existingCluster(ctx, ["/etc/kubernetes/kubelet.conf"]);
  if (output === "json") {
    ctx.stdout.write(`${JSON.stringify({ status: "already-initialised", at: prev.updatedAt }, null, 2)}\n`);
    return ExitCode.ok;
  }
  ctx.stdout.write(`${t(ctx.lang, "init.alreadyDone", { at: prev.updatedAt })}\n`);
  ctx.stdout.write(`${t(ctx.lang, "init.alreadyDoneHint")}\n`);
  return ExitCode.ok;
}
