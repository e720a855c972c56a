import type { CommandRun, FlagsFor } from "../cli/commands.js";
import { type OutputFormat, outputFormat, timeoutFlag } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { ExitCode, KadmError } from "../errors.js";
import { EXTERNAL_HAPROXY, EXTERNAL_NGINX } from "../ha/load-balancer.js";
import { ADMIN_CONF } from "../host/kubeconfig-copy.js";
import { t } from "../i18n/messages.js";
import { imageSourceLine } from "../images/plan.js";
import { resolveImagePlanInstalling } from "../images/resolve-plan.js";
import { initDocuments } from "../kubeadm/documents.js";
import { type JoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import { renderDocuments } from "../kubeadm/render.js";
import { withSecrets } from "../kubeadm/secrets.js";
import { gatherSpec } from "../spec/gather.js";
import type { ClusterSpec } from "../spec/types.js";
import { type InventoryHost, loadInventory } from "../ssh/inventory-flags.js";
import { CONFIG_PATH, JOIN_COMMANDS_PATH, type RunState } from "../state/run-state.js";
import { podNetworkSteps } from "../tasks/network-steps.js";
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
import { emptyOutputs, type NodeFlags, type RunData } from "../workflow/data.js";
import { planLocal } from "../workflow/local.js";
import { printRecordedCommands, printRunReport, wouldStop } from "../workflow/report.js";
import { readHistory } from "../workflow/run.js";
import { nodeImages } from "../workflow/steps/images.js";
import { checkEtcdInput } from "../workflow/steps/load-balancer.js";
import { dryRunWouldFail } from "../workflow/steps/preflight.js";

type Flags = FlagsFor<"init">;

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
  if (ctx.dryRun || !(await ctx.node.fs.exists(ADMIN_CONF))) return undefined;
  try {
    const client = await ctx.kube.fromKubeconfig({ timeoutMs: 5_000 });
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
export const run: CommandRun<"init"> = async (ctx, { flags: f }) => {
  const output = outputFormat(ctx, f);
  const quiet = f.quiet === true || output === "json";
  const timeoutMs = timeoutFlag(ctx, f);

  // What is on this host decides before any question is asked: never clobber a cluster.
  // Other hosts to join over SSH: checked (exit 2) before anything else happens.
  const otherHosts = await loadInventory(ctx, f, []);
  const history = await readHistory(ctx.node);
  const { prev, presence } = history;
  if (prev?.finished) return alreadyDone(ctx, prev, output);
  if (presence.files.length > 0 && prev?.command !== "init") {
    throw existingCluster(ctx, presence.files);
  }

  // --bundle: the offline bundle installed first (src/bundle/on-this-node.ts), its versions as defaults.
  if (typeof f.bundle === "string")
    await (await import("../bundle/on-this-node.js")).installForInit(ctx, f, f.bundle);
  const { spec: gathered, warnings } = await gatherSpec(ctx, {
    mode: "init",
    flags: f,
    hostIsTarget: true,
    confirm: true,
  });
  for (const w of warnings) ctx.warn(w);
  // The rest of the input that names files: checked (exit 2) before the run writes its state.
  const skipCni = f["skip-cni"] === true;
  const manifest = f.manifest;
  if (manifest !== undefined && !skipCni) {
    const { checkUserManifest } = await import("../cni/install.js");
    await checkUserManifest(ctx, manifest);
  }
  await checkEtcdInput(ctx.node, ctx.lang, gathered);
  const spec = withSecrets(reuseSecrets(gathered, prev), ctx.rng);
  // kubeadm's own list when it is installed, else our table; the dry-run plan says which.
  // Day 0 (a release newer than our table): --install-packages installs kubeadm first and asks it.
  const imagePlan = await resolveImagePlanInstalling(
    ctx.node,
    ctx.kubeadmPath,
    spec,
    {
      installPackages: f["install-packages"] === true,
      dryRun: ctx.dryRun,
      say: (l) => ctx.stderr.write(`${l}\n`),
    },
    ctx.warn,
    ctx.lang,
  );
  if (ctx.dryRun) ctx.stderr.write(`${imageSourceLine(ctx.lang, imagePlan.source)}\n`);
  const nodeFlags: NodeFlags = {
    skipPrep: f["skip-prep"] === true,
    installPackages: f["install-packages"] === true,
  };
  const data: Omit<RunData, "cleanup"> = {
    command: "init",
    role: "control-plane",
    flags: nodeFlags,
    spec,
    secrets: [spec.bootstrapToken.token, spec.certificateKey].filter((s): s is string => !!s),
    // --skip-cni: no pod network from us, so none of its images either.
    images: nodeImages(spec, "control-plane", { skipCni, plan: imagePlan }),
    kubeadm: {
      config: renderDocuments(initDocuments(spec), configHeader(spec)),
      args: spec.controlPlane.endpoint ? ["--upload-certs"] : [],
      placement: "saved",
    },
    outputs: emptyOutputs(prev?.joinCommands),
  };
  const plan = planLocal(ctx, data, history, () =>
    podNetworkSteps(ctx, spec, { skip: skipCni, timeoutMs, manifest }),
  );
  const decision = plan.decision;
  if (decision.kind === "done") return alreadyDone(ctx, prev as RunState, output);
  if (decision.kind === "existing") throw existingCluster(ctx, decision.files);
  if (decision.kind === "spec-changed") {
    throw new KadmError(t(ctx.lang, "init.specChanged"), { hint: t(ctx.lang, "init.specChangedHint") });
  }
  const outputs = data.outputs;
  try {
    await plan.run({ quiet, resumeCommand: "kadm-wizard init" });
  } catch (e) {
    // The error carries the preflight verdicts that matter; repeat only what was changed.
    if (!quiet) printRunReport(ctx, outputs, false);
    throw e;
  }

  const summary: InitSummary = {
    endpoint: endpointOf(spec),
    kubernetesVersion: spec.kubernetesVersion,
    nodes: await listNodes(ctx),
    joinCommands: ctx.dryRun ? plannedJoins(spec) : (outputs.joinCommands ?? {}),
    files: {
      config: CONFIG_PATH,
      joinCommands: JOIN_COMMANDS_PATH,
      ...(outputs.logPath ? { log: outputs.logPath } : {}),
    },
    kubeconfigs: outputs.kubeconfigs,
    dryRun: ctx.dryRun,
  };
  if (!ctx.dryRun && (summary.joinCommands.worker || summary.joinCommands.controlPlane)) {
    await ctx.node.fs.write(JOIN_COMMANDS_PATH, joinCommandsFile(summary.joinCommands), {
      mode: 0o600,
      backup: false,
    });
  }
  const warnFatal = () => {
    if (ctx.dryRun && outputs.fatal.length > 0)
      ctx.warn(dryRunWouldFail(ctx.lang, outputs.fatal, nodeFlags, "preflight"));
  };
  const joinOthers = (c: Context, q: boolean) =>
    joinOtherHosts(c, f, spec, otherHosts, outputs.joinCommands, q);
  if (output === "json") {
    // stdout carries only the JSON: the SSH joins' table goes to stderr, their outcome to the exit code.
    const joined =
      otherHosts.length > 0
        ? await joinOthers({ ...ctx, stdout: ctx.stderr }, true).then(
            () => true,
            (e: unknown) => e,
          )
        : true;
    ctx.stdout.write(`${JSON.stringify({ ...summaryJson(summary), ...wouldStop(outputs) }, null, 2)}\n`);
    if (joined !== true) throw joined;
    warnFatal();
    return ExitCode.ok;
  }
  if (!quiet || ctx.dryRun) printRunReport(ctx, outputs, true);
  printRecordedCommands(ctx);
  ctx.stdout.write(renderSummary(summary, ctx.lang));
  if (spec.controlPlane.loadBalancer === "external") {
    ctx.stdout.write(
      `\n${t(ctx.lang, "lb.externalNote", { nginx: EXTERNAL_NGINX, haproxy: EXTERNAL_HAPROXY })}\n`,
    );
  }
  const code = otherHosts.length > 0 ? await joinOthers(ctx, quiet) : ExitCode.ok;
  // The plan is complete, but the real run would stop at preflight: say so, not "apply".
  if (ctx.dryRun && outputs.fatal.length > 0) warnFatal();
  else if (ctx.dryRun && otherHosts.length === 0)
    ctx.stdout.write(`\n${t(ctx.lang, "prepare.dryRunDone")}\n`);
  return code;
};

/** The inventory's hosts join over SSH with the commands this init printed (issue: "repeat on every node"). */
async function joinOtherHosts(
  ctx: Context,
  f: Flags,
  spec: ClusterSpec,
  hosts: InventoryHost[],
  joinCommands: RunState["joinCommands"],
  quiet: boolean,
): Promise<number> {
  const { joinInventory } = await import("../workflow/remote.js");
  const parse = (raw: string | undefined) => {
    const p = raw ? parseJoinCommand(raw) : undefined;
    return p?.ok ? p.join : undefined;
  };
  // In a dry run kubeadm printed nothing: plan with the token and key this run would use.
  // (Both forms when there is a shared endpoint: the control planes' plan shows their join too.)
  const planned = ctx.dryRun ? plannedJoins(spec) : undefined;
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

function alreadyDone(ctx: Context, prev: RunState, output: OutputFormat): number {
  if (prev.command === "join") throw existingCluster(ctx, ["/etc/kubernetes/kubelet.conf"]);
  if (output === "json") {
    ctx.stdout.write(`${JSON.stringify({ status: "already-initialised", at: prev.updatedAt }, null, 2)}\n`);
    return ExitCode.ok;
  }
  ctx.stdout.write(`${t(ctx.lang, "init.alreadyDone", { at: prev.updatedAt })}\n`);
  ctx.stdout.write(`${t(ctx.lang, "init.alreadyDoneHint")}\n`);
  return ExitCode.ok;
}
