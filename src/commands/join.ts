import type { CommandRun, FlagsFor } from "../cli/commands.js";
import { outputFormat } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { readKubeadmVersion } from "../host/preflight/kube-versions.js";
import { render, t } from "../i18n/messages.js";
import { imageSourceLine } from "../images/plan.js";
import { resolveImagePlanInstalling } from "../images/resolve-plan.js";
import { type ClusterSettings, discoverCluster } from "../kube/join-discovery.js";
import { joinDocuments } from "../kubeadm/documents.js";
import { type JoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import { renderDocuments } from "../kubeadm/render.js";
import type { FieldPath } from "../spec/fields.js";
import { gatherSpec } from "../spec/gather.js";
import { isUserSource, normaliseKubeVersion } from "../spec/resolve.js";
import type { ClusterSpec } from "../spec/types.js";
import { pinMinor } from "../validate/known-versions.js";
import { parseHostPort } from "../validate/names.js";
import { versionIssues } from "../validate/spec.js";
import { MIN_MINOR, NEWEST_KNOWN_MINOR } from "../validate/version.js";
import { VERSION } from "../version.js";
import { emptyOutputs, type NodeFlags, type RunData } from "../workflow/data.js";
import { planLocal } from "../workflow/local.js";
import { printRecordedCommands, printRunReport, wouldStop } from "../workflow/report.js";
import { readHistory } from "../workflow/run.js";
import { nodeImages } from "../workflow/steps/images.js";
import { dryRunWouldFail } from "../workflow/steps/preflight.js";

type Flags = FlagsFor<"join">;

/** kubeadm join flags a paste may carry, mapped onto ours (spec) or passed on to kubeadm. */
const TO_SPEC_FLAG: Readonly<Record<string, "node-name" | "cri-socket" | "advertise-address" | "bind-port">> =
  {
    "node-name": "node-name",
    "cri-socket": "cri-socket",
    "apiserver-advertise-address": "advertise-address",
    "apiserver-bind-port": "bind-port",
  };
/** Allowed next to `kubeadm join --config`. */
const PASS_TO_KUBEADM = new Set(["v", "ignore-preflight-errors"]);

interface Pasted {
  flags: Flags;
  kubeadmArgs: string[];
}

/** The pasted command, checked, turned into our flags; every problem in one error, before any change. */
function fromPaste(ctx: Context, words: string[], flags: Flags): Pasted {
  const given = (["endpoint", "token", "ca-cert-hash", "control-plane", "certificate-key"] as const).filter(
    (n) => flags[n] !== undefined,
  );
  if (words.length === 0) return { flags, kubeadmArgs: [] };
  if (given.length > 0) {
    throw invalidInput(
      t(ctx.lang, "join.pasteAndFlags", { flags: given.map((g) => `--${g}`).join(", ") }),
      t(ctx.lang, "join.pasteAndFlagsHint"),
    );
  }
  const parsed = parseJoinCommand(words.join(" "));
  if (!parsed.ok) {
    const [first, ...more] = parsed.problems.map((p) => ({
      message: t(ctx.lang, `kubeadm.join.${p.code}` as never, {
        value: p.value,
        suggestion: p.suggestion ?? "",
      }),
    }));
    throw invalidInput(first?.message ?? "", t(ctx.lang, "join.pasteHint"), more);
  }
  const j = parsed.join;
  const out: Flags = {
    ...flags,
    endpoint: j.endpoint,
    token: j.token,
    "ca-cert-hash": j.caCertHashes,
    ...(j.controlPlane ? { "control-plane": true } : {}),
    ...(j.certificateKey ? { "certificate-key": j.certificateKey } : {}),
  };
  if (j.caCertHashes.length === 0) {
    throw invalidInput(t(ctx.lang, "join.unsafeSkip"), t(ctx.lang, "join.unsafeSkipHint"));
  }
  const kubeadmArgs: string[] = [];
  for (const f of j.unknownFlags) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(f);
    const name = m?.[1] ?? f;
    const value = m?.[2];
    const ours = TO_SPEC_FLAG[name];
    if (ours && value !== undefined) {
      out[ours] ??= value;
    } else if (PASS_TO_KUBEADM.has(name)) {
      kubeadmArgs.push(f);
    } else {
      throw invalidInput(
        t(ctx.lang, "join.unsupportedFlag", { flag: `--${name}` }),
        t(ctx.lang, "join.unsupportedFlagHint"),
      );
    }
  }
  return { flags: out, kubeadmArgs };
}

function joinOf(spec: ClusterSpec): JoinCommand {
  const j = spec.join;
  if (!j) throw new Error("join spec missing");
  return {
    endpoint: j.apiServerEndpoint,
    token: j.token,
    caCertHashes: j.caCertHashes,
    controlPlane: j.controlPlane,
    ...(j.certificateKey ? { certificateKey: j.certificateKey } : {}),
    unknownFlags: [],
  };
}

/** Reachable, then the token discovery: what a real join checks before anything changes here. */
async function checkCluster(ctx: Context, join: JoinCommand): Promise<ClusterSettings | undefined> {
  await checkReachable(ctx, join.endpoint);
  return readCluster(ctx, join);
}

/** The API server must answer on TCP before anything changes here (the classic: 6443 firewalled). */
async function checkReachable(ctx: Context, endpoint: string): Promise<void> {
  const hp = parseHostPort(endpoint);
  if (!hp || hp.port === undefined) return;
  const r = await ctx.node.probe.tcp(hp.host, hp.port);
  if (r.ok) return;
  throw new KadmError(
    t(ctx.lang, "join.unreachable", { endpoint, reason: t(ctx.lang, `join.tcp.${r.reason}`) }),
    {
      hint: t(ctx.lang, "join.unreachableHint", { port: hp.port, host: hp.host }),
    },
  );
}

/**
 * Token discovery before any change: a missing/expired token or a wrong CA pin fails here with the
 * cause, and the cluster's own version and image repository are learned. When the API cannot be read
 * (not a kubeadm cluster, a proxy in the way), the profile's settings are used and kubeadm decides.
 */
async function readCluster(ctx: Context, join: JoinCommand): Promise<ClusterSettings | undefined> {
  let r: Awaited<ReturnType<typeof discoverCluster>>;
  try {
    r = await discoverCluster(
      (parts) => ctx.kube.fromParts(parts),
      join.endpoint,
      join.token,
      join.caCertHashes,
    );
  } catch (e) {
    ctx.warn(t(ctx.lang, "join.discoveryUnavailable", { reason: (e as Error).message }));
    return undefined;
  }
  if (r.ok) return r.settings;
  const p = r.problem;
  const tokenId = "tokenId" in p ? p.tokenId : "";
  const message =
    p.code === "caMismatch"
      ? t(ctx.lang, "join.caMismatch", { actual: p.actual, pinned: join.caCertHashes.join(", ") })
      : p.code === "tokenUnknown"
        ? t(ctx.lang, "join.tokenUnknown", { tokenId })
        : p.code === "tokenSecret"
          ? t(ctx.lang, "join.tokenSecret", { tokenId })
          : t(ctx.lang, "join.noClusterInfo");
  throw new KadmError(message, {
    hint: t(ctx.lang, p.code === "caMismatch" ? "join.caMismatchHint" : "join.tokenHint"),
  });
}

/** A guess for the cluster's version: the installed kubeadm (a worker is set up to match), else the profile's. */
async function guessVersion(ctx: Context, spec: ClusterSpec): Promise<{ version: string; kubeadm: boolean }> {
  const v = await readKubeadmVersion(ctx.node.runner, ctx.kubeadmPath);
  if (v && v.pre === undefined && v.minor >= MIN_MINOR && v.minor <= NEWEST_KNOWN_MINOR) {
    return { version: v.text, kubeadm: true };
  }
  return { version: spec.kubernetesVersion, kubeadm: false };
}

/**
 * The cluster's version could not be learned (dry run: nothing is contacted; or discovery failed):
 * ask when we can, else plan with a guess and say so, naming the flag that removes the guess.
 */
async function versionWithoutCluster(
  ctx: Context,
  spec: ClusterSpec,
  assumptions: string[],
): Promise<ClusterSpec> {
  const guess = await guessVersion(ctx, spec);
  if (ctx.canPrompt) {
    // The same rules as --k8s-version: "1.33" pins the newest known patch, a newer release warns.
    const errorOf = (v: string) => versionIssues(normaliseKubeVersion(v)).find((i) => i.severity === "error");
    const answer = await ctx.prompter().input({
      message: t(ctx.lang, "join.askVersion"),
      default: guess.version,
      validate: (v) => {
        const e = errorOf(v);
        return e ? render(ctx.lang, e.msg) : true;
      },
    });
    const version = normaliseKubeVersion(answer);
    const pin = pinMinor(answer);
    if (pin?.kind === "pinned") {
      ctx.prompter().note(t(ctx.lang, "version.minorPinned", { minor: pin.minor, version: pin.version }));
    }
    for (const w of versionIssues(version)) ctx.warn(render(ctx.lang, w.msg));
    return { ...spec, kubernetesVersion: version };
  }
  assumptions.push(
    t(ctx.lang, guess.kubeadm ? "join.assume.versionKubeadm" : "join.assume.versionProfile", {
      version: guess.version,
    }),
  );
  return { ...spec, kubernetesVersion: guess.version };
}

/** What a real run checks against the cluster before changing anything; a dry run only lists it. */
function plannedChecks(ctx: Context, join: JoinCommand): string[] {
  return [
    t(ctx.lang, "join.check.tcp", { endpoint: join.endpoint }),
    t(ctx.lang, "join.check.discovery", { tokenId: join.token.split(".")[0] ?? "" }),
    t(ctx.lang, "join.check.caPin", { hashes: join.caCertHashes.join(", ") }),
    t(ctx.lang, "join.check.settings"),
  ];
}

/** The node must match the cluster: its version and image repository win over the profile's. */
function adoptClusterSettings(
  ctx: Context,
  spec: ClusterSpec,
  cluster: ClusterSettings | undefined,
): ClusterSpec {
  if (!cluster) return spec;
  let next = spec;
  const version = cluster.kubernetesVersion;
  if (version && /^v?\d+\.\d+\.\d+$/.test(version)) {
    const v = version.startsWith("v") ? version : `v${version}`;
    if (v !== spec.kubernetesVersion) {
      ctx.warn(t(ctx.lang, "join.clusterVersion", { version: v, given: spec.kubernetesVersion }));
      next = { ...next, kubernetesVersion: v };
    }
  }
  const repo = cluster.imageRepository;
  if (repo && repo !== spec.imageRepository) {
    ctx.warn(t(ctx.lang, "join.clusterRepository", { repo, given: spec.imageRepository }));
    next = { ...next, imageRepository: repo };
  }
  return next;
}

/** `kadm-wizard join`: a pasted kubeadm join command (or flags), checked, then the node workflow here. */
export const run: CommandRun<"join"> = async (ctx, { flags, positionals }) => {
  const output = outputFormat(ctx, flags);
  const quiet = flags.quiet === true || output === "json";
  const pasted = fromPaste(ctx, positionals, flags);
  const {
    spec: gathered,
    warnings,
    provenance,
  } = await gatherSpec(ctx, {
    mode: "join",
    flags: pasted.flags,
    hostIsTarget: true,
    confirm: false,
  });
  for (const w of warnings) ctx.warn(w);
  const join = joinOf(gathered);

  const history = await readHistory(ctx.node);
  const { prev, presence } = history;
  if (prev?.finished && prev.command === "join") {
    ctx.stdout.write(`${t(ctx.lang, "join.alreadyDone", { at: prev.updatedAt })}\n`);
    return ExitCode.ok;
  }
  if (presence.files.length > 0 && prev?.command !== "join") {
    throw new KadmError(t(ctx.lang, "join.already", { files: presence.files.join(", ") }), {
      hint: t(ctx.lang, "join.alreadyHint"),
    });
  }
  // A dry run sends nothing to any host: the checks below are listed in the plan instead.
  const cluster = ctx.dryRun ? undefined : await checkCluster(ctx, join);
  const userGave = (p: FieldPath) => isUserSource(provenance[p]);
  const assumptions: string[] = [];
  const known =
    cluster?.kubernetesVersion || userGave("kubernetesVersion")
      ? gathered
      : await versionWithoutCluster(ctx, gathered, assumptions);
  // A guessed version is worth a warning on a real run too (kubeadm would refuse a wrong one).
  if (!ctx.dryRun) for (const a of assumptions) ctx.warn(a);
  // The bootstrap token cannot read the cluster's DaemonSets: the pod network is always the spec's.
  // Only the plan names it: on a real join a wrong guess costs a few extra pre-pulled images, and a
  // warning on every normal join would teach people to ignore warnings.
  if (!userGave("cni.plugin") && known.cni.plugin !== "none") {
    assumptions.push(t(ctx.lang, "join.assume.cni", { cni: known.cni.plugin }));
  }
  const adopted = adoptClusterSettings(ctx, known, cluster);
  // A joining control plane serves the same endpoint: kube-vip/haproxy run on every control plane.
  const spec: ClusterSpec =
    join.controlPlane && adopted.controlPlane.loadBalancer
      ? {
          ...adopted,
          controlPlane: { ...adopted.controlPlane, endpoint: adopted.controlPlane.endpoint ?? join.endpoint },
        }
      : adopted;

  const role = join.controlPlane ? "control-plane" : "worker";
  const flagsOf: NodeFlags = {
    skipPrep: flags["skip-prep"] === true,
    installPackages: flags["install-packages"] === true,
  };
  // kubeadm's own list when it is installed, else our table; the dry-run plan says which.
  // Day 0 (a release newer than our table): --install-packages installs kubeadm first and asks it.
  const imagePlan = await resolveImagePlanInstalling(
    ctx.node,
    ctx.kubeadmPath,
    spec,
    { installPackages: flagsOf.installPackages, dryRun: ctx.dryRun, say: (l) => ctx.stderr.write(`${l}\n`) },
    ctx.warn,
    ctx.lang,
  );
  if (ctx.dryRun) ctx.stderr.write(`${imageSourceLine(ctx.lang, imagePlan.source)}\n`);
  const data: Omit<RunData, "cleanup"> = {
    command: "join",
    role,
    flags: flagsOf,
    spec,
    secrets: [join.token, join.certificateKey].filter((s): s is string => !!s),
    images: nodeImages(spec, role, { plan: imagePlan }),
    kubeadm: {
      config: renderDocuments(joinDocuments(spec), [
        `kubeadm JoinConfiguration written by kadm-wizard ${VERSION} for kadm-wizard join`,
        "holds a bootstrap token: keep it private (mode 0600)",
      ]),
      args: pasted.kubeadmArgs,
      placement: "saved",
    },
    outputs: emptyOutputs(),
  };
  const plan = planLocal(ctx, data, history);
  const decision = plan.decision;
  if (decision.kind === "done" || decision.kind === "existing") {
    throw new KadmError(t(ctx.lang, "join.already", { files: presence.files.join(", ") || "state" }), {
      hint: t(ctx.lang, "join.alreadyHint"),
    });
  }
  if (decision.kind === "spec-changed") {
    throw new KadmError(t(ctx.lang, "join.specChanged"), { hint: t(ctx.lang, "join.alreadyHint") });
  }
  const outputs = data.outputs;
  try {
    await plan.run({ quiet, resumeCommand: "kadm-wizard join ..." });
  } catch (e) {
    if (!quiet) printRunReport(ctx, outputs, false);
    throw e;
  }
  const warnFatal = () => {
    if (ctx.dryRun && outputs.fatal.length > 0)
      ctx.warn(dryRunWouldFail(ctx.lang, outputs.fatal, flagsOf, "preflight"));
  };
  if (output === "json") {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          status: ctx.dryRun ? "planned" : "joined",
          endpoint: `https://${join.endpoint}`,
          role,
          kubernetesVersion: spec.kubernetesVersion,
          ...(ctx.dryRun ? { wouldCheck: plannedChecks(ctx, join) } : {}),
          ...(assumptions.length > 0 ? { assumptions } : {}),
          ...(outputs.logPath ? { log: outputs.logPath } : {}),
          ...wouldStop(outputs),
        },
        null,
        2,
      )}\n`,
    );
    warnFatal();
    return ExitCode.ok;
  }
  if (!quiet || ctx.dryRun) printRunReport(ctx, outputs, true);
  printRecordedCommands(ctx);
  ctx.stdout.write(
    `\n${t(
      ctx.lang,
      ctx.dryRun ? "join.planned" : join.controlPlane ? "join.doneControlPlane" : "join.done",
      {
        endpoint: join.endpoint,
        node: spec.node.name ?? render(ctx.lang, { key: "join.thisNode" }),
      },
    )}\n`,
  );
  if (ctx.dryRun) {
    const lines = [
      `  ${t(ctx.lang, "join.wouldCheck")}`,
      ...plannedChecks(ctx, join).map((c) => `    - ${c}`),
    ];
    if (assumptions.length > 0) {
      lines.push(`  ${t(ctx.lang, "join.assumed")}`, ...assumptions.map((a) => `    - ${a}`));
    }
    ctx.stdout.write(`${lines.join("\n")}\n`);
    // The plan is complete, but the real run would stop at preflight: say so, not "apply".
    if (outputs.fatal.length > 0) warnFatal();
    else ctx.stdout.write(`${t(ctx.lang, "prepare.dryRunDone")}\n`);
  }
  return ExitCode.ok;
};
