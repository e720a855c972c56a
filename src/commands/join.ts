import type { CommandRun } from "../cli/commands.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { lbImages } from "../ha/load-balancer.js";
import type { FileChange } from "../host/host-fs.js";
import { readKubeadmVersion } from "../host/preflight/kube-versions.js";
import { probeTcp } from "../host/probe-socket.js";
import { render, t } from "../i18n/messages.js";
import { type ImagePlan, imageSourceLine, planImages, resolveImagePlan } from "../images/plan.js";
import { type ClusterSettings, discoverCluster } from "../kube/join-discovery.js";
import { joinDocuments } from "../kubeadm/documents.js";
import { type JoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import { renderDocuments } from "../kubeadm/render.js";
import type { FieldPath } from "../spec/fields.js";
import type { ParsedFlags } from "../spec/flags.js";
import { gatherSpec } from "../spec/gather.js";
import { isUserSource, normaliseKubeVersion } from "../spec/resolve.js";
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
import { lbSteps } from "../tasks/ha-steps.js";
import { type HostReport, hostSteps, warnDryRunWouldFail } from "../tasks/host-steps.js";
import { kubeadmStep } from "../tasks/kubeadm-run.js";
import { type PipelineStep, runPipeline } from "../tasks/pipeline.js";
import { pinMinor } from "../validate/known-versions.js";
import { parseHostPort } from "../validate/names.js";
import { versionIssues } from "../validate/spec.js";
import { MIN_MINOR, NEWEST_KNOWN_MINOR } from "../validate/version.js";
import { VERSION } from "../version.js";
import { outputFormat } from "./init.js";
import { kubeconfigStep, printRecordedCommands, printRunReport, startRun, wouldStop } from "./node-run.js";

export const JOIN_CONFIG_PATH = `${STATE_DIR}/kubeadm-join.yaml`;
const KUBEADM_STEP = "kubeadm-join";

/** kubeadm join flags a paste may carry, mapped onto ours (spec) or passed on to kubeadm. */
const TO_SPEC_FLAG: Readonly<Record<string, string>> = {
  "node-name": "node-name",
  "cri-socket": "cri-socket",
  "apiserver-advertise-address": "advertise-address",
  "apiserver-bind-port": "bind-port",
};
/** Allowed next to `kubeadm join --config`. */
const PASS_TO_KUBEADM = new Set(["v", "ignore-preflight-errors"]);

interface Pasted {
  flags: ParsedFlags;
  kubeadmArgs: string[];
}

/** The pasted command, checked, turned into our flags; every problem in one error, before any change. */
function fromPaste(ctx: Context, words: string[], flags: ParsedFlags): Pasted {
  const given = ["endpoint", "token", "ca-cert-hash", "control-plane", "certificate-key"].filter(
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
  const out: ParsedFlags = {
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

/** The API server must answer on TCP before anything changes here (the classic: 6443 firewalled). */
async function checkReachable(ctx: Context, endpoint: string): Promise<void> {
  const hp = parseHostPort(endpoint);
  if (!hp || hp.port === undefined) return;
  const r = await probeTcp(hp.host, hp.port);
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
  const { kubeClientFromParts } = await import("../kube/client-node.js");
  let r: Awaited<ReturnType<typeof discoverCluster>>;
  try {
    r = await discoverCluster(
      (parts) => kubeClientFromParts(parts),
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
  const v = await readKubeadmVersion(ctx.runner, ctx.kubeadmPath);
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

/** Worker: the sandbox and kube-proxy images (+ CNI); a control plane needs kubeadm's full list. */
export function joinImages(spec: ClusterSpec, plan: ImagePlan = planImages(spec)): string[] {
  const kubeadm = spec.join?.controlPlane
    ? plan.kubeadm
    : plan.kubeadm.filter((i) => /\/(pause|kube-proxy):/.test(i));
  return [...kubeadm, ...plan.cni];
}

/** `kadm-wizard join`: a pasted kubeadm join command (or flags), checked, then the same host work as init. */
export const run: CommandRun = async (ctx, { flags, positionals }) => {
  const output = outputFormat(ctx, flags as ParsedFlags);
  const quiet = flags.quiet === true || output === "json";
  const pasted = fromPaste(ctx, positionals, flags as ParsedFlags);
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
  const secrets = [join.token, join.certificateKey].filter((s): s is string => !!s);

  const prev = await readState(ctx.hostFs);
  const presence = await detectPresence(ctx.hostFs);
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
  let cluster: ClusterSettings | undefined;
  if (!ctx.dryRun) {
    await checkReachable(ctx, join.endpoint);
    cluster = await readCluster(ctx, join);
  }
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

  const report: HostReport = { preflight: [], fatal: [], steps: [], pulls: [] };
  const hostOpts = {
    skipPrep: flags["skip-prep"] === true,
    installPackages: flags["install-packages"] === true,
  };
  const files: FileChange[] = [];
  const commands: string[] = [];
  let logPath: string | undefined;
  let cleanup = false;
  const role = join.controlPlane ? "control-plane" : "worker";
  const stateRef: { current: RunState | undefined } = { current: undefined };
  // kubeadm's own list when it is installed, else our table; the dry-run plan says which.
  const plan = await resolveImagePlan(ctx.node, ctx.kubeadmPath, spec, ctx.warn, ctx.lang);
  if (ctx.dryRun) ctx.stderr.write(`${imageSourceLine(ctx.lang, plan.source)}\n`);
  const steps: PipelineStep[] = [
    ...hostSteps(
      ctx,
      spec,
      {
        role,
        ...hostOpts,
        images: [...joinImages(spec, plan), ...(join.controlPlane ? lbImages(spec) : [])],
        // A worker's kubeadm join waits for no pod; a control plane's for its static pods (and the VIP's).
        kubeadmNeeds: join.controlPlane ? [...plan.kubeadm, ...lbImages(spec)] : [],
      },
      report,
    ),
    {
      id: "config",
      title: t(ctx.lang, "join.step.config"),
      run: async () => {
        await ctx.hostFs.mkdir(STATE_DIR, { mode: 0o700 });
        const header = [
          `kubeadm JoinConfiguration written by kadm-wizard ${VERSION} for kadm-wizard join`,
          "holds a bootstrap token: keep it private (mode 0600)",
        ];
        files.push(
          // It holds the token: no backup copy of it (reset removes the file).
          await ctx.hostFs.write(JOIN_CONFIG_PATH, renderDocuments(joinDocuments(spec), header), {
            mode: 0o600,
            backup: false,
          }),
        );
        return t(ctx.lang, ctx.dryRun ? "init.configPlanned" : "init.configDone", { path: JOIN_CONFIG_PATH });
      },
    },
    ...(join.controlPlane ? lbSteps(ctx, spec, false, files) : []),
    kubeadmStep(ctx, {
      id: KUBEADM_STEP,
      title: t(ctx.lang, "join.step.kubeadm"),
      cleanupTitle: t(ctx.lang, "join.cleanupFailed"),
      sub: "join",
      args: () => ["join", "--config", ctx.hostFs.resolve(JOIN_CONFIG_PATH), ...pasted.kubeadmArgs],
      secrets,
      cleanup: () => cleanup,
      commands,
      hostChecks: () => hostChecksAfterFailure(ctx, spec, role),
      done: (r) => {
        logPath = r.logPath;
        return t(ctx.lang, "join.kubeadmDone");
      },
    }),
  ];
  if (join.controlPlane) steps.push(kubeconfigStep(ctx, files, { requireAdminConf: false }));

  const decision = decideRun(
    "join",
    prev,
    presence,
    specFingerprint(spec),
    steps.map((s) => s.id),
    KUBEADM_STEP,
  );
  if (decision.kind === "done" || decision.kind === "existing") {
    throw new KadmError(t(ctx.lang, "join.already", { files: presence.files.join(", ") || "state" }), {
      hint: t(ctx.lang, "join.alreadyHint"),
    });
  }
  if (decision.kind === "spec-changed") {
    throw new KadmError(t(ctx.lang, "join.specChanged"), { hint: t(ctx.lang, "join.alreadyHint") });
  }
  const started = startRun(ctx, "join", decision, prev, spec, steps, quiet);
  const skip = started.skip;
  cleanup = started.cleanup;
  stateRef.current = started.state;

  try {
    await runPipeline(ctx, steps, { skip, state: stateRef, quiet, resumeCommand: "kadm-wizard join ..." });
  } catch (e) {
    if (!quiet) printRunReport(ctx, report, files, commands, false);
    throw e;
  }
  if (stateRef.current) {
    await writeState(ctx.hostFs, {
      ...stateRef.current,
      finished: true,
      updatedAt: new Date().toISOString(),
    });
  }
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
          ...(logPath ? { log: logPath } : {}),
          ...wouldStop(report),
        },
        null,
        2,
      )}\n`,
    );
    if (ctx.dryRun && report.fatal.length > 0) warnDryRunWouldFail(ctx, report.fatal, hostOpts, "preflight");
    return ExitCode.ok;
  }
  if (!quiet || ctx.dryRun) printRunReport(ctx, report, files, commands, true);
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
    if (report.fatal.length > 0) warnDryRunWouldFail(ctx, report.fatal, hostOpts, "preflight");
    else ctx.stdout.write(`${t(ctx.lang, "prepare.dryRunDone")}\n`);
  }
  return ExitCode.ok;
};
