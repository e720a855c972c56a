/**
 * The node workflow on many SSH hosts at once (add-node, init --workers/--control-planes): per host
 * connect (host key checked), then the same steps `join` runs here, on that host's Node. Hosts run
 * in parallel with bounded concurrency, one progress line each whose title follows the step and
 * kubeadm's phase; a failing host never stops the others. Outcomes go to hosts.json and a table.
 */

import { setMaxListeners } from "node:events";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { redact } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { render, t } from "../i18n/messages.js";
import { nodeLabel, nodeLine, roleText } from "../i18n/roles.js";
import { resolveImagePlanInstalling } from "../images/resolve-plan.js";
import { binaryCommand } from "../node/binaries.js";
import type { Node } from "../node/node.js";
import { sshNode } from "../node/ssh-node.js";
import type { ParsedFlags } from "../spec/flags.js";
import type { ClusterSpec } from "../spec/types.js";
import { defaultKnownHosts, expandHome, resolveTargets } from "../ssh/credentials.js";
import {
  failedAtJoin,
  HOSTS_PATH,
  type HostOutcome,
  type HostsState,
  readHostsState,
  recordOutcomes,
  writeHostsState,
} from "../ssh/hosts-state.js";
import type { InventoryHost } from "../ssh/inventory.js";
import { sshConcurrency } from "../ssh/inventory-flags.js";
import { outcomeCounts, renderHostTable } from "../ssh/summary.js";
import { SshError, type SshSession, type SshTarget, type SshTransport } from "../ssh/transport.js";
import { Interrupted } from "../tasks/host-tasks.js";
import { KubeadmFailed } from "../tasks/kubeadm-run.js";
import { type ProgressTask, progressMode, runWithProgress } from "../tasks/progress.js";
import { formatHostPort } from "../validate/ip.js";
import { emptyOutputs, type NodeFlags, type RunData } from "./data.js";
import type { NodeEnv } from "./env.js";
import { hostJoinCommand, hostJoinConfig, hostSpec, type JoinCommands, joinFor } from "./remote-join.js";
import { decide, NodeRecorder, readHistory, runSteps, StepFailure } from "./run.js";
import { type ImageSource, imageSource, withImageStream } from "./steps/image-stream.js";
import { nodeImages } from "./steps/images.js";
import { kubeadmStepId, PRIVATE_JOIN_CONFIG } from "./steps/kubeadm.js";
import { PreflightFailed } from "./steps/preflight.js";
import { PRIVATE_DIR_PLANNED } from "./steps/private-file.js";
import { nodeWorkflow } from "./workflow.js";

/**
 * Where a host stopped, as hosts.json and the table name it: connect, then the workflow's steps
 * grouped (every preparation step is "prepare", containerd's own "containerd"; kubeadm is "join").
 */
export type HostStep =
  | "connect"
  | "preflight"
  | "prepare"
  | "containerd"
  | "verify"
  | "images"
  | "load-balancer"
  | "join"
  | "kubeconfig";

export function hostStepOf(stepId: string): HostStep {
  if (stepId === "prepare.containerd") return "containerd";
  if (stepId.startsWith("prepare.") || stepId === "config") return "prepare";
  if (stepId === kubeadmStepId("join")) return "join";
  const known: readonly string[] = ["preflight", "verify", "images", "load-balancer", "kubeconfig"];
  return known.includes(stepId) ? (stepId as HostStep) : "preflight";
}

/** A host's run stopped: at which step, and one line saying why (already redacted). */
export class HostFailure extends Error {
  constructor(
    readonly step: HostStep,
    readonly line: string,
  ) {
    super(line);
    this.name = "HostFailure";
  }
}

/** Makes a host's Node on its session. */
export type NodeFactory = (h: InventoryHost, session: SshSession, env: NodeEnv) => Node;

export interface JoinHostsOptions {
  hosts: InventoryHost[];
  spec: ClusterSpec;
  joins: JoinCommands;
  transport: SshTransport;
  /** SSH connection details with the secrets resolved (key text, password). */
  target: (h: InventoryHost) => SshTarget;
  concurrency: number;
  flags: NodeFlags;
  /** Hosts whose earlier join by us failed at kubeadm: reset before joining again. */
  resetFirst: (h: InventoryHost) => boolean;
  quiet: boolean;
  nodeFor: NodeFactory;
  /** Where hosts get the images they lack from (this node's containerd); absent: each pulls its own. */
  imageSource?: ImageSource | undefined;
}

/** The one line a failed step leaves in the table: what failed, in the user's language. */
function failureLine(lang: Lang, e: unknown): string {
  // The check's own sentence, as the local preflight report words it.
  if (e instanceof PreflightFailed)
    return e.failing.map((c) => `${c.id}: ${render(lang, c.title)}`).join("; ");
  if (e instanceof KubeadmFailed) return e.lastLine || e.message;
  // The table is all the user sees of a host: the fix goes with the reason.
  if (e instanceof KadmError) return e.hint ? `${e.message} ${e.hint}` : e.message;
  return e instanceof Error ? e.message : String(e);
}

type Stage = (step: HostStep, title: string) => void;

/** One host, start to end. Throws HostFailure; never anything with a secret in it. */
export async function joinOneHost(
  ctx: Pick<Context, "lang" | "signal" | "stderrIsTTY">,
  o: Omit<JoinHostsOptions, "hosts" | "concurrency" | "quiet">,
  h: InventoryHost,
  stage: Stage,
  output: (line: string) => void,
): Promise<void> {
  const join = joinFor(o.joins, h);
  if (!join) {
    throw new HostFailure(
      "preflight",
      t(ctx.lang, h.role === "control-plane" ? "ssh.noControlPlaneJoin" : "ssh.noWorkerJoin"),
    );
  }
  const config = hostJoinConfig(join, h, o.spec);
  if (!config.ok)
    throw new HostFailure("join", t(ctx.lang, "ssh.joinFlagUnsupported", { flag: config.flag }));
  const secrets = [join.token, join.certificateKey].filter((s): s is string => !!s);
  stage("connect", t(ctx.lang, "ssh.stage.connect"));
  let session: SshSession;
  try {
    session = await o.transport.connect(o.target(h), { signal: ctx.signal });
  } catch (e) {
    throw new HostFailure("connect", connectErrorLine(ctx.lang, e));
  }
  const env: NodeEnv = {
    lang: ctx.lang,
    dryRun: false,
    signal: ctx.signal,
    liveOutput: ctx.stderrIsTTY,
    kubeadmPath: "kubeadm",
  };
  try {
    const node = o.nodeFor(h, session, env);
    const spec = hostSpec(o.spec, join, h);
    // The one binary rule (node/binaries.ts) on that host, and its kubeadm's own image list.
    env.kubeadmPath = await binaryCommand(node, "kubeadm");
    // Day 0 (a release newer than our table): --install-packages installs kubeadm there first and asks it.
    const imagePlan = await resolveImagePlanInstalling(
      node,
      env.kubeadmPath,
      spec,
      { installPackages: o.flags.installPackages, dryRun: false, say: output },
      undefined,
      ctx.lang,
      { version: false },
    );
    const base: Omit<RunData, "cleanup"> = {
      command: "join",
      role: h.role,
      flags: o.flags,
      spec,
      secrets,
      images: nodeImages(spec, h.role, { plan: imagePlan }),
      kubeadm: { config: config.text, args: config.args, placement: "private" },
      outputs: emptyOutputs(),
    };
    const pulled = (done: number, count: number) => output(t(ctx.lang, "ssh.pullProgress", { done, count }));
    const ids = nodeWorkflow(node, env, { ...base, cleanup: false }).map((s) => s.id);
    stage("preflight", t(ctx.lang, "ssh.stage.preflight"));
    const history = await readHistory(node);
    let decision = decide("join", history, spec, ids, kubeadmStepId("join"));
    // Our own failed kubeadm join (hosts.json says so) left these files: reset them first.
    if (decision.kind === "existing" && o.resetFirst(h)) decision = { kind: "fresh" };
    if (decision.kind === "done") {
      throw new HostFailure("preflight", t(ctx.lang, "ssh.hostJoined", { at: decision.at }));
    }
    if (decision.kind === "existing") {
      throw new HostFailure(
        "preflight",
        t(ctx.lang, "ssh.hostInCluster", { files: decision.files.join(", ") }),
      );
    }
    if (decision.kind === "spec-changed")
      throw new HostFailure("preflight", t(ctx.lang, "ssh.hostSpecChanged"));
    const data: RunData = {
      ...base,
      cleanup: (decision.kind === "resume" && decision.cleanup) || o.resetFirst(h),
    };
    const steps = withImageStream(
      nodeWorkflow(node, env, data, { onPulled: pulled }),
      o.imageSource,
      node,
      data,
      {
        lang: ctx.lang,
        signal: ctx.signal,
        output,
      },
    );
    const recorder = NodeRecorder.start(node, "join", decision, history, spec, data.outputs);
    let current = "preflight";
    try {
      await runSteps(steps, {
        skip: decision.kind === "resume" ? decision.skip : [],
        recorder,
        signal: ctx.signal,
        lang: ctx.lang,
        onStep: (s) => {
          current = s.id;
          stage(hostStepOf(s.id), s.title);
        },
        setTitle: (title) => stage(hostStepOf(current), title),
        setOutput: (line) => output(redact(line, secrets)),
      });
    } catch (e) {
      if (e instanceof StepFailure) {
        const step = hostStepOf(e.step.id);
        if (ctx.signal.aborted) throw new HostFailure(step, t(ctx.lang, "interrupt.hostStopped", { step }));
        throw new HostFailure(step, redact(failureLine(ctx.lang, e.error).split("\n")[0] ?? "", secrets));
      }
      throw e;
    }
    await recorder.finish();
  } finally {
    session.close();
  }
}

/** One line for a failed connection, naming what to do. */
export function connectErrorLine(lang: Lang, e: unknown): string {
  if (!(e instanceof SshError)) return e instanceof Error ? e.message : String(e);
  const d = e.details;
  switch (e.reason) {
    case "host-key-changed":
      return t(lang, "ssh.hostKeyChanged", {
        host: String(d.host),
        fingerprint: String(d.fingerprint),
        file: String(d.file),
        line: String(d.line),
      });
    case "host-key-revoked":
      return t(lang, "ssh.hostKeyRevoked", {
        host: String(d.host),
        file: String(d.file),
        line: String(d.line),
      });
    case "host-key-unknown":
      return t(lang, "ssh.hostKeyUnknown", {
        host: String(d.host),
        type: String(d.type),
        fingerprint: String(d.fingerprint),
        file: String(d.file),
      });
    case "auth":
      return t(lang, "ssh.authFailed", { host: String(d.host) });
    case "refused":
      return t(lang, "ssh.refused", { address: formatHostPort(String(d.host), String(d.port)) });
    case "timeout":
      return t(lang, "ssh.connectTimeout", { address: formatHostPort(String(d.host), String(d.port)) });
    case "unreachable":
      return t(lang, "ssh.unreachable", { host: String(d.host), reason: e.message });
    default:
      return e.message;
  }
}

/** A counter-based limiter: at most `n` holders at once. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(f: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await f();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Every host in parallel (bounded), one progress line each; returns an outcome per host, in order. */
export async function joinHosts(ctx: Context, o: JoinHostsOptions): Promise<HostOutcome[]> {
  const limit = limiter(Math.max(1, o.concurrency));
  // Every host in flight listens for Ctrl-C on the one signal (connection + running command).
  setMaxListeners(Math.max(10, 4 * o.hosts.length), ctx.signal);
  const outcomes: HostOutcome[] = new Array(o.hosts.length);
  const subtasks: ProgressTask[] = o.hosts.map((h, i) => {
    const label = nodeLabel(ctx.lang, h.id, h.role, h.nodeName);
    return {
      title: nodeLine(ctx.lang, label, t(ctx.lang, "ssh.stage.waiting")),
      linePrefix: label,
      run: (setTitle, setOutput) =>
        limit(async () => {
          const started = performance.now();
          let step: HostStep = "connect";
          if (ctx.signal.aborted) {
            const error = t(ctx.lang, "interrupt.hostWaiting");
            outcomes[i] = { host: h, ok: false, step, error, durationMs: 0, interrupted: "waiting" };
            throw new Error(nodeLine(ctx.lang, label, error));
          }
          try {
            await joinOneHost(
              ctx,
              o,
              h,
              (s, title) => {
                step = s;
                setTitle(nodeLine(ctx.lang, label, title));
              },
              setOutput,
            );
            outcomes[i] = { host: h, ok: true, durationMs: performance.now() - started };
            return nodeLine(ctx.lang, label, t(ctx.lang, "ssh.result.joined"));
          } catch (e) {
            const at = e instanceof HostFailure ? e.step : step;
            // Interrupted: whatever failed (a cancelled command, a closed connection) is the interruption.
            const line = ctx.signal.aborted
              ? t(ctx.lang, "interrupt.hostStopped", { step: at })
              : e instanceof HostFailure
                ? e.line
                : e instanceof Error
                  ? e.message
                  : String(e);
            outcomes[i] = {
              host: h,
              ok: false,
              step: at,
              error: redact(line.split("\n")[0] ?? ""),
              durationMs: performance.now() - started,
              ...(ctx.signal.aborted ? { interrupted: "stopped" as const } : {}),
            };
            throw new Error(nodeLine(ctx.lang, label, outcomes[i]?.error ?? ""));
          } finally {
            // Also a host that stopped before its images step: the shared exports wait for no one.
            o.imageSource?.release(h.id);
          }
        }),
    };
  });
  const parent: ProgressTask = {
    title: t(ctx.lang, "ssh.step.join", { count: o.hosts.length }),
    subtasks,
    concurrent: true,
    run: async () => {
      const failed = outcomes.filter((x) => x && !x.ok).length;
      return t(ctx.lang, "ssh.step.joinDone", { joined: o.hosts.length - failed, count: o.hosts.length });
    },
  };
  try {
    await runWithProgress([parent], {
      stream: ctx.stderr,
      lang: ctx.lang,
      mode: progressMode({ tty: ctx.stderrIsTTY, verbose: ctx.verbose, quiet: o.quiet }),
    });
  } catch (e) {
    // A host's failure is in its outcome; anything else (Ctrl-C) goes up.
    if (o.hosts.some((_, i) => outcomes[i] === undefined)) throw e;
  }
  return outcomes;
}

export interface JoinInventoryOptions {
  hosts: InventoryHost[];
  spec: ClusterSpec;
  joins: JoinCommands;
  flags: ParsedFlags;
  quiet: boolean;
  /** Test seam; the ssh2 adapter by default. */
  transport?: SshTransport;
  /** Test seam; sshNode on the host's session by default. */
  nodeFor?: NodeFactory;
}

/** Every host's join fits `kubeadm join --config` (checked before anything connects). */
function checkJoinConfigs(ctx: Context, o: JoinInventoryOptions): void {
  for (const h of o.hosts) {
    const j = joinFor(o.joins, h);
    const c = j ? hostJoinConfig(j, h, o.spec) : undefined;
    if (c && !c.ok) {
      throw invalidInput(
        t(ctx.lang, "ssh.joinFlagUnsupported", { flag: c.flag }),
        t(ctx.lang, "ssh.joinFlagUnsupportedHint"),
      );
    }
  }
}

function dryRunPlan(ctx: Context, o: JoinInventoryOptions, flags: NodeFlags): number {
  const out = [t(ctx.lang, "ssh.dryRunPlan", { count: o.hosts.length })];
  for (const h of o.hosts) {
    const j = joinFor(o.joins, h);
    out.push(
      `  ${t(ctx.lang, "ssh.dryRunHost", {
        host: h.id,
        role: roleText(ctx.lang, h.role),
        user: h.user,
        port: h.port,
        prep: `${flags.installPackages ? t(ctx.lang, "ssh.dryRunPackages", { version: o.spec.kubernetesVersion }) : ""}${flags.skipPrep ? "" : t(ctx.lang, "ssh.dryRunPrep")}`,
        images: nodeImages(j ? hostSpec(o.spec, j, h) : o.spec, h.role).images.length,
      })}`,
    );
    const c = j ? hostJoinConfig(j, h, o.spec) : undefined;
    if (!j || !c?.ok) {
      out.push(
        `    $ ${t(ctx.lang, h.role === "control-plane" ? "ssh.noControlPlaneJoin" : "ssh.noWorkerJoin")}`,
      );
      continue;
    }
    // What runs, then what its private file holds, in the flag form with the secrets masked.
    out.push(
      `    $ ${["kubeadm join --config", `${PRIVATE_DIR_PLANNED}/${PRIVATE_JOIN_CONFIG}`, ...c.args].join(" ")}`,
      `      ${t(ctx.lang, "ssh.dryRunJoinConfig", {
        command: redact(hostJoinCommand(j, h, o.spec), [j.token, j.certificateKey ?? ""]),
      })}`,
    );
  }
  out.push(t(ctx.lang, "stream.dryRunPlan"));
  if (o.hosts.length > 1) out.push(t(ctx.lang, "stream.dryRunShared"));
  ctx.stdout.write(`${out.join("\n")}\n`);
  return ExitCode.ok;
}

/**
 * Channels open at once on one host's connection. A step runs several commands and file reads in
 * parallel (preflight's checks, the failure checks beside kubeadm's log); sshd refuses channels
 * past its MaxSessions (10 by default), so they queue here below it.
 */
export const CHANNELS_PER_HOST = 8;

/** The session with at most `n` channels (exec, forwards) open at once. */
export function boundedSession(session: SshSession, n: number): SshSession {
  const limit = limiter(n);
  return {
    exec: (command, o) => limit(() => session.exec(command, o)),
    connectUnix: (path, timeoutMs) => limit(() => session.connectUnix(path, timeoutMs)),
    connectTcp: (host, port, timeoutMs) => limit(() => session.connectTcp(host, port, timeoutMs)),
    // Not queued: a kept-open forward (doctor's /healthz) would hold a slot for as long as it lives.
    openTcp: (host, port, timeoutMs) => session.openTcp(host, port, timeoutMs),
    close: () => session.close(),
  };
}

/** The Node of an inventory host on its SSH session (its login, root and env). */
export const nodeForHost: NodeFactory = (h, session, env) =>
  sshNode(boundedSession(session, CHANNELS_PER_HOST), {
    id: h.id,
    user: h.user,
    root: h.root,
    env: h.env,
    dryRun: env.dryRun,
    lang: env.lang,
  });

/**
 * Joins the hosts over SSH, records each outcome in hosts.json, prints the table. What add-node
 * does, and init after its own node is up; returns 0 when every host joined, else throws.
 */
export async function joinInventory(ctx: Context, o: JoinInventoryOptions): Promise<number> {
  const f = o.flags;
  const concurrency = sshConcurrency(ctx, f);
  const flags: NodeFlags = {
    skipPrep: f["skip-prep"] === true,
    installPackages: f["install-packages"] === true,
  };
  checkJoinConfigs(ctx, o);
  if (ctx.dryRun) return dryRunPlan(ctx, o, flags);
  let state: HostsState;
  try {
    state = await readHostsState(ctx.node.fs);
  } catch (e) {
    throw invalidInput(
      t(ctx.lang, "ssh.hostsStateBad", { path: HOSTS_PATH, reason: (e as Error).message }),
      t(ctx.lang, "ssh.hostsStateBadHint", { path: HOSTS_PATH }),
    );
  }
  const targets = await resolveTargets(ctx, o.hosts);
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const transport =
    o.transport ??
    ctx.ssh({
      knownHostsPath: expandHome(str(f["known-hosts"]) ?? defaultKnownHosts(ctx.env), ctx.env),
      acceptNew: f["accept-new-host-keys"] === true,
      files: ctx.files,
    });
  const outcomes = await joinHosts(ctx, {
    hosts: o.hosts,
    spec: o.spec,
    joins: o.joins,
    transport,
    target: (h) => targets.get(h.id) as NonNullable<ReturnType<typeof targets.get>>,
    concurrency,
    flags,
    resetFirst: (h) => failedAtJoin(state, h.id),
    quiet: o.quiet,
    nodeFor: o.nodeFor ?? nodeForHost,
    // Images once per cluster: from this node's containerd to each host over its SSH session.
    imageSource: imageSource(ctx.node, {
      criSocket: o.spec.node.criSocket,
      signal: ctx.signal,
      share: o.hosts.length > 1,
      hosts: o.hosts.length,
    }),
  });
  await writeHostsState(ctx.node.fs, recordOutcomes(await readHostsState(ctx.node.fs), outcomes, new Date()));
  ctx.stdout.write(`${renderHostTable(outcomes, ctx.lang)}\n`);
  const { joined, failed } = outcomeCounts(outcomes);
  if (ctx.signal.aborted) {
    const count = (k: "stopped" | "waiting") => outcomes.filter((x) => x.interrupted === k).length;
    throw new Interrupted(
      t(ctx.lang, "interrupt.hosts", {
        joined,
        count: outcomes.length,
        stopped: count("stopped"),
        waiting: count("waiting"),
      }),
      t(ctx.lang, "interrupt.hostsHint"),
    );
  }
  if (failed > 0) {
    throw new KadmError(t(ctx.lang, "ssh.someFailed", { failed, count: outcomes.length, path: HOSTS_PATH }), {
      hint: t(ctx.lang, "ssh.someFailedHint"),
    });
  }
  ctx.stdout.write(`${t(ctx.lang, "ssh.allJoined", { count: outcomes.length })}\n`);
  return ExitCode.ok;
}
