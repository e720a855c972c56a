/**
 * Joins inventory hosts over SSH: per host connect (host key checked), preflight basics, host
 * preparation, containerd config, image pre-pull and `kubeadm join`, all as plain shell steps. Hosts
 * run in parallel with bounded concurrency, one progress line each; a failing host never stops the
 * others. Orchestration only: scripts (scripts.ts), the containerd edit and the summary are pure.
 */
import { setMaxListeners } from "node:events";
import type { Context } from "../context.js";
import { detectVersion, editContainerdConfig } from "../host/containerd/config-edit.js";
import { containerdMajor } from "../host/containerd/configure.js";
import { hostsTomlPath, renderHostsToml } from "../host/containerd/hosts-toml.js";
import { redact } from "../host/runner.js";
import { localiseEvidence } from "../i18n/evidence.js";
import { t } from "../i18n/messages.js";
import { planImages } from "../images/plan.js";
import { joinDocuments } from "../kubeadm/documents.js";
import { pauseImage } from "../kubeadm/images.js";
import { formatJoinCommand, type JoinCommand } from "../kubeadm/join-command.js";
import { PhaseTracker, STACK_TRACE_HINT } from "../kubeadm/phases.js";
import { renderDocuments } from "../kubeadm/render.js";
import type { ClusterSpec } from "../spec/types.js";
import { type ProgressTask, progressMode, runWithProgress } from "../tasks/progress.js";
import { formatHostPort, parseCidr } from "../validate/ip.js";
import type { HostOutcome } from "./hosts-state.js";
import type { InventoryHost } from "./inventory.js";
import {
  type CheckStatus,
  containerdReadScript,
  containerdWriteScript,
  joinScript,
  type Markers,
  parseMarkers,
  preflightScript,
  prepareScript,
  pullScript,
  type ScriptHost,
} from "./scripts.js";
import { remoteShell, sudoRefused } from "./shell.js";
import { SshError, type SshSession, type SshTarget, type SshTransport } from "./transport.js";

// A join mostly waits (pulls, TLS bootstrap): 20 at once keeps a typical batch in one round.
export const DEFAULT_SSH_CONCURRENCY = 20;
const STEP_TIMEOUT_MS = 5 * 60_000;
const PULL_TIMEOUT_MS = 30 * 60_000;
const JOIN_TIMEOUT_MS = 15 * 60_000;

export type HostStep = "connect" | "preflight" | "prepare" | "containerd" | "images" | "join";

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

export interface JoinCommands {
  worker?: JoinCommand | undefined;
  controlPlane?: JoinCommand | undefined;
}

export interface JoinHostsOptions {
  hosts: InventoryHost[];
  spec: ClusterSpec;
  joins: JoinCommands;
  transport: SshTransport;
  /** SSH connection details with the secrets resolved (key text, password). */
  target: (h: InventoryHost) => SshTarget;
  concurrency: number;
  skipPrep: boolean;
  /** Hosts whose earlier join by us failed at kubeadm: reset before joining again. */
  resetFirst: (h: InventoryHost) => boolean;
  quiet: boolean;
}

/** The kubeadm join command for one host, shell-quoted (formatJoinCommand), with its overrides. PURE. */
export function hostJoinCommand(j: JoinCommand, h: InventoryHost, spec: ClusterSpec): string {
  const flags = [
    ...j.unknownFlags.filter((f) => !/^--(node-name|apiserver-advertise-address|cri-socket)=/.test(f)),
  ];
  if (h.nodeName) flags.push(`--node-name=${h.nodeName}`);
  if (h.role === "control-plane" && h.advertiseAddress)
    flags.push(`--apiserver-advertise-address=${h.advertiseAddress}`);
  flags.push(`--cri-socket=${spec.node.criSocket}`);
  return formatJoinCommand({ ...j, unknownFlags: flags }, { kadm: false });
}

/** Join-command flags a host's own settings replace. */
const HOST_OVERRIDES = new Set(["node-name", "apiserver-advertise-address", "cri-socket"]);
/** Flags kubeadm takes next to --config (ValidateMixedArguments: these and every "skip-*"). */
const WITH_CONFIG = new Set(["v", "ignore-preflight-errors", "dry-run", "rootfs", "log-file"]);

export type HostJoinConfig =
  /** `text`: the JoinConfiguration (holds the token and key); `args`: flags for `kubeadm join --config F`. */
  | { ok: true; text: string; args: string[] }
  /** A join-command flag that has no place in a JoinConfiguration and cannot go next to --config. */
  | { ok: false; flag: string };

/**
 * One host's `kubeadm join --config` input. The token and certificate key go in the file, never on
 * an argv; the join command's other flags become JoinConfiguration fields (kubeadm refuses most
 * flags next to --config) or stay flags where kubeadm allows them. The host's node name, advertise
 * address and the CRI socket replace the command's. PURE.
 */
export function hostJoinConfig(j: JoinCommand, h: InventoryHost, spec: ClusterSpec): HostJoinConfig {
  const args: string[] = [];
  let bindPort: number | undefined;
  let discoveryToken: string | undefined;
  let tlsBootstrapToken: string | undefined;
  let unsafeSkip = false;
  let patches: string | undefined;
  for (const f of j.unknownFlags) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(f);
    const name = m?.[1] ?? f;
    const value = m?.[2];
    if (HOST_OVERRIDES.has(name)) continue;
    if (WITH_CONFIG.has(name) || name.startsWith("skip-")) args.push(f);
    else if (name === "apiserver-bind-port" && value !== undefined && /^\d+$/.test(value))
      bindPort = Number(value);
    else if (name === "discovery-token" && value !== undefined) discoveryToken = value;
    else if (name === "tls-bootstrap-token" && value !== undefined) tlsBootstrapToken = value;
    else if (name === "discovery-token-unsafe-skip-ca-verification") unsafeSkip = true;
    else if (name === "patches" && value !== undefined) patches = value;
    else return { ok: false, flag: `--${name}` };
  }
  const cp = j.controlPlane;
  const advertise = cp ? h.advertiseAddress : undefined;
  const [doc] = joinDocuments({
    ...spec,
    // kubeadm's default control-plane taint, as the flag form had: init's choice was for its own node.
    node: { ...spec.node, name: h.nodeName, scheduleOnControlPlane: false },
    controlPlane: {
      ...spec.controlPlane,
      advertiseAddress: advertise,
      bindPort: bindPort ?? spec.controlPlane.bindPort,
    },
    join: {
      apiServerEndpoint: j.endpoint,
      token: discoveryToken ?? j.token,
      caCertHashes: j.caCertHashes,
      controlPlane: cp,
      certificateKey: j.certificateKey,
    },
  });
  if (!doc) throw new Error("no JoinConfiguration");
  const discovery = doc.discovery as { bootstrapToken: Record<string, unknown>; tlsBootstrapToken?: string };
  // --token fills both; a separate --discovery-token leaves --token as the TLS bootstrap token (join.go).
  if (tlsBootstrapToken ?? discoveryToken) discovery.tlsBootstrapToken = tlsBootstrapToken ?? j.token;
  if (unsafeSkip) discovery.bootstrapToken.unsafeSkipCAVerification = true;
  if (patches) doc.patches = { directory: patches };
  const control = doc.controlPlane as Record<string, unknown> | undefined;
  if (control && bindPort !== undefined && !advertise) control.localAPIEndpoint = { bindPort };
  return {
    ok: true,
    text: renderDocuments(
      [doc],
      [
        "kubeadm JoinConfiguration written by kadm-wizard add-node; holds a bootstrap token, removed after the join",
      ],
    ),
    args,
  };
}

/** The images a joining node pulls: a worker only pause + kube-proxy (+ CNI), a control plane all. PURE. */
export function imagesForRole(spec: ClusterSpec, role: InventoryHost["role"]): string[] {
  const plan = planImages(spec);
  const kubeadm =
    role === "control-plane" ? plan.kubeadm : plan.kubeadm.filter((i) => /\/(pause|kube-proxy):/.test(i));
  return [...kubeadm, ...plan.cni];
}

function usesIpv6(spec: ClusterSpec): boolean {
  return `${spec.networking.podSubnet},${spec.networking.serviceSubnet}`.split(",").some((c) => {
    const r = parseCidr(c.trim());
    return r.ok && r.cidr.family === 6;
  });
}

/** The last line that says something: kubeadm's error, not its stack-trace hint. PURE. */
export function lastMeaningfulLine(m: Markers, stderr: string): string {
  const lines = [...m.output, ...stderr.split("\n")]
    .map((l) => l.trim())
    .filter((l) => l !== "" && l !== STACK_TRACE_HINT);
  const err = lines.filter((l) => /error|failed|fatal|denied|not found/i.test(l)).at(-1);
  return err ?? lines.at(-1) ?? "";
}

const CONTAINERD_CONFIG = "/etc/containerd/config.toml";

/** Old-style registry.mirrors sections the remote config.toml still has: the operator must move them. */
class LegacyMirrors extends Error {
  constructor(
    readonly conflicts: string[],
    readonly certsDir: string,
  ) {
    super(`legacy registry.mirrors in ${CONTAINERD_CONFIG}: ${conflicts.join(", ")}`);
  }
}

/** The remote edit of containerd's config.toml, done here with the pure editor. */
function containerdFiles(spec: ClusterSpec, base: string, version: string) {
  let versionForEmpty: 2 | 3 | undefined;
  try {
    const d = detectVersion(base);
    if (d.version === undefined && !d.hasPlugins) versionForEmpty = containerdMajor(version) >= 2 ? 3 : 2;
  } catch {
    // editContainerdConfig reports the parse error.
  }
  const certsDir = "/etc/containerd/certs.d";
  const edit = editContainerdConfig(
    base,
    {
      sandboxImage: pauseImage(spec.kubernetesVersion, spec.imageRepository),
      cgroupDriver: spec.node.cgroupDriver,
      configPath: certsDir,
    },
    versionForEmpty ? { versionForEmpty } : {},
  );
  if (edit.conflicts.length > 0) {
    throw new LegacyMirrors(edit.conflicts, certsDir);
  }
  const hosts = Object.keys(spec.registryMirrors)
    .sort()
    .filter((r) => (spec.registryMirrors[r] ?? []).length > 0)
    .map((r) => ({
      path: hostsTomlPath(certsDir, r),
      text: renderHostsToml(r, spec.registryMirrors[r] ?? []),
    }));
  return { config: edit.text, hosts };
}

type Stage = (step: HostStep, title: string) => void;

/** One host, start to end. Throws HostFailure; never anything with a secret in it. */
export async function joinOneHost(
  ctx: Pick<Context, "lang" | "signal">,
  o: Omit<JoinHostsOptions, "hosts" | "concurrency" | "quiet">,
  h: InventoryHost,
  stage: Stage,
  output: (line: string) => void,
): Promise<void> {
  const join = h.role === "control-plane" ? o.joins.controlPlane : o.joins.worker;
  if (!join) {
    throw new HostFailure(
      "preflight",
      t(ctx.lang, h.role === "control-plane" ? "ssh.noControlPlaneJoin" : "ssh.noWorkerJoin"),
    );
  }
  const secrets = [join.token, join.certificateKey].filter((s): s is string => !!s);
  const sh: ScriptHost = { root: h.root, env: h.env };
  stage("connect", t(ctx.lang, "ssh.stage.connect"));
  let session: SshSession;
  try {
    session = await o.transport.connect(o.target(h), { signal: ctx.signal });
  } catch (e) {
    throw new HostFailure("connect", connectErrorLine(ctx.lang, e));
  }
  // Ctrl-C: the safe points are between scripts. Checks, pulls and kubeadm join are stopped (safe
  // to redo; a join stopped half-way is reset first by --retry-failed); the host changes of the
  // preparation and containerd scripts are short and finish first.
  const checkpoint = (next: HostStep) => {
    if (ctx.signal.aborted) throw new HostFailure(next, t(ctx.lang, "interrupt.hostStopped", { step: next }));
  };
  const script = async (
    step: HostStep,
    text: string,
    timeoutMs: number,
    onLine?: (l: string) => void,
    cancel = true,
  ) => {
    checkpoint(step);
    const r = await session.exec(remoteShell(h.user), {
      stdin: text,
      timeoutMs,
      ...(cancel ? { signal: ctx.signal } : {}),
      ...(onLine ? { onLine: (l: string) => onLine(redact(l, secrets)) } : {}),
    });
    const m = parseMarkers(r.stdout);
    if (r.timedOut)
      throw new HostFailure(step, t(ctx.lang, "ssh.timedOut", { minutes: Math.round(timeoutMs / 60_000) }));
    if (r.exitCode !== 0 && sudoRefused(r.stderr)) {
      throw new HostFailure(step, t(ctx.lang, "ssh.sudoRefused", { user: h.user }));
    }
    if (r.exitCode !== 0) {
      const why =
        m.rejected ??
        m.pullFailed.map((p) => `${p.image}: ${p.reason}`)[0] ??
        lastMeaningfulLine(m, r.stderr);
      throw new HostFailure(step, redact(why || t(ctx.lang, "ssh.exitCode", { code: r.exitCode }), secrets));
    }
    return m;
  };
  try {
    stage("preflight", t(ctx.lang, "ssh.stage.preflight"));
    const pre = await script(
      "preflight",
      preflightScript(sh, {
        role: h.role,
        leftoversOurs: o.resetFirst(h),
        kubernetesVersion: o.spec.kubernetesVersion,
      }),
      STEP_TIMEOUT_MS,
    );
    const failed = pre.checks.filter((c) => c.status === ("fail" satisfies CheckStatus));
    if (failed.length > 0) {
      throw new HostFailure(
        "preflight",
        failed.map((c) => `${c.id}: ${localiseEvidence(ctx.lang, c.evidence)}`).join("; "),
      );
    }
    if (!o.skipPrep) {
      stage("prepare", t(ctx.lang, "ssh.stage.prepare"));
      await script(
        "prepare",
        prepareScript(sh, { ipv6: usesIpv6(o.spec) }),
        STEP_TIMEOUT_MS,
        undefined,
        false,
      );
      stage("containerd", t(ctx.lang, "ssh.stage.containerd"));
      const read = await script("containerd", containerdReadScript(sh), STEP_TIMEOUT_MS, undefined, false);
      if (!read.config || read.config.text.trim() === "") {
        throw new HostFailure("containerd", t(ctx.lang, "ssh.containerdUnreadable"));
      }
      let files: ReturnType<typeof containerdFiles>;
      try {
        files = containerdFiles(o.spec, read.config.text, read.version ?? "");
      } catch (e) {
        if (e instanceof LegacyMirrors) {
          const params = { path: CONTAINERD_CONFIG, keys: e.conflicts.join(", "), certsDir: e.certsDir };
          throw new HostFailure(
            "containerd",
            `${t(ctx.lang, "containerd.legacyMirrors", params)} ${t(ctx.lang, "containerd.legacyMirrorsHint", params)}`,
          );
        }
        throw new HostFailure("containerd", (e as Error).message.split("\n")[0] ?? "");
      }
      await script("containerd", containerdWriteScript(sh, files), STEP_TIMEOUT_MS, undefined, false);
    }
    const images = imagesForRole(o.spec, h.role);
    stage("images", t(ctx.lang, "ssh.stage.images", { count: images.length }));
    let pulled = 0;
    await script(
      "images",
      pullScript(sh, { images, criSocket: o.spec.node.criSocket }),
      PULL_TIMEOUT_MS,
      (l) => {
        if (/^@@kadm (pulled|cached) /.test(l)) {
          pulled++;
          output(t(ctx.lang, "ssh.pullProgress", { done: pulled, count: images.length }));
        }
      },
    );
    stage("join", t(ctx.lang, "ssh.stage.join"));
    const config = hostJoinConfig(join, h, o.spec);
    if (!config.ok) {
      throw new HostFailure("join", t(ctx.lang, "ssh.joinFlagUnsupported", { flag: config.flag }));
    }
    const tracker = new PhaseTracker();
    await script(
      "join",
      joinScript(sh, { config: config.text, args: config.args, resetFirst: o.resetFirst(h) }),
      JOIN_TIMEOUT_MS,
      (l) => {
        if (l.startsWith("@@kadm")) return;
        const tl = tracker.line(l);
        if (tl.changed && tl.step) stage("join", `${t(ctx.lang, "ssh.stage.join")}: ${tl.step}`);
        output(l);
      },
    );
  } finally {
    session.close();
  }
}

/** One line for a failed connection, naming what to do. */
export function connectErrorLine(lang: Context["lang"], e: unknown): string {
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
  // Every host in flight listens for Ctrl-C on the one signal (connection + running script).
  setMaxListeners(Math.max(10, 4 * o.hosts.length), ctx.signal);
  const outcomes: HostOutcome[] = new Array(o.hosts.length);
  const subtasks: ProgressTask[] = o.hosts.map((h, i) => {
    const label = `${h.id} (${h.role}${h.nodeName ? `, ${h.nodeName}` : ""})`;
    return {
      title: `${label}: ${t(ctx.lang, "ssh.stage.waiting")}`,
      run: (setTitle, setOutput) =>
        limit(async () => {
          const started = performance.now();
          let step: HostStep = "connect";
          if (ctx.signal.aborted) {
            const error = t(ctx.lang, "interrupt.hostWaiting");
            outcomes[i] = { host: h, ok: false, step, error, durationMs: 0, interrupted: "waiting" };
            throw new Error(`${label}: ${error}`);
          }
          try {
            await joinOneHost(
              ctx,
              o,
              h,
              (s, title) => {
                step = s;
                setTitle(`${label}: ${title}`);
              },
              setOutput,
            );
            outcomes[i] = { host: h, ok: true, durationMs: performance.now() - started };
            return `${label}: ${t(ctx.lang, "ssh.result.joined")}`;
          } catch (e) {
            const at = e instanceof HostFailure ? e.step : step;
            // Interrupted: whatever failed (a cancelled script, a closed connection) is the interruption.
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
            throw new Error(`${label}: ${outcomes[i]?.error}`);
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
