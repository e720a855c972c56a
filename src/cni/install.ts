/**
 * The CNI install as a library: what `kadm-wizard cni apply` runs and what `init` calls after
 * `kubeadm init`. Thin orchestration over the pure parts (source.ts planning, cluster-subnet.ts,
 * patch.ts, apply.ts stages) and the ports (KubeClient, HostFs for the cache, Files for --manifest,
 * ManifestFetcher for downloads). Every refusal is a KadmError in the user's language; exit code 2
 * when the input is wrong (nothing was applied), 1 when the cluster or the network failed.
 *
 *   const plan = await planCni(ctx, spec, { client });          // fetch, verify, decide CIDR, patch
 *   const applied = await applyPlan(client, plan, { onObject }); // server-side apply in stages
 *   // or both at once, reporting progress lines:
 *   const { plan, applied } = await applyCni(ctx, client, spec, {}, (line) => task.title = line);
 */
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { readFailureReason, yamlInputError } from "../host/user-input.js";
import type { Lang } from "../i18n/lang.js";
import { type Msg, t } from "../i18n/messages.js";
import { isKubeError, type KubeClient, type KubeObject } from "../kube/client.js";
import { kubeProblem } from "../kube/explain.js";
import type { ClusterSpec, InstallableCni } from "../spec/types.js";
import { type AppliedObject, type ApplyStage, applyObjects, CrdsNotEstablished } from "./apply.js";
import { type CniRelease, findCniRelease, knownCniVersions } from "./catalog.js";
import { decidePodSubnet, KUBEADM_CONFIG_REF, podSubnetFromKubeadmConfig } from "./cluster-subnet.js";
import { parseManifest, renderManifest } from "./patch/manifest.js";
import { patchManifest } from "./patch/patch.js";
import { type ReadinessTarget, readinessTargets } from "./patch/readiness.js";
import type { CniPatchProblem, CniPatchReport, ManifestDoc } from "./patch/types.js";
import {
  expandSources,
  httpFetcher,
  isHttpUrl,
  type ObtainedManifest,
  type ObtainFailure,
  obtainManifest,
  type SourceAttempt,
} from "./source.js";

export interface CniOptions {
  /** --manifest PATH|URL: the user's own file, used as given (no checksum required). */
  manifest?: string | undefined;
  /** The user typed --cni (so a --manifest of another plugin is a contradiction, not a default). */
  pluginExplicit?: boolean | undefined;
  /** The user typed --pod-subnet (so a cluster with another podSubnet is an error). */
  podSubnetExplicit?: boolean | undefined;
  fetchTimeoutMs?: number | undefined;
  crdTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface CniPlan {
  plugin: InstallableCni;
  /** The catalogue release the bytes are, when they are one. */
  release: CniRelease | undefined;
  manifest: ObtainedManifest;
  podSubnet: string;
  podSubnetSource: "cluster" | "spec";
  /** Patched, in manifest order (applyObjects orders them). */
  docs: ManifestDoc[];
  report: CniPatchReport;
  /** What to wait for afterwards (waitForCluster's cniTargets). */
  targets: ReadinessTarget[];
  /** Already localised, for ctx.warn. */
  warnings: string[];
  /** Already localised good news (a --manifest that is the pinned release): info lines, not warnings. */
  notes: string[];
}

export interface CniApplyResult {
  plan: CniPlan;
  applied: AppliedObject[];
}

/** A progress line (localised), e.g. a listr2 task's title setter. */
export type CniProgress = (line: string) => void;

/** PURE: which plugin a manifest installs, from its workloads and config. */
export function detectPlugin(docs: readonly ManifestDoc[]): InstallableCni | undefined {
  const names = docs.map(
    (d) => `${String(d.kind)}/${String((d.metadata as { name?: unknown } | undefined)?.name)}`,
  );
  if (
    names.some(
      (n) =>
        n === "DaemonSet/calico-node" || n.startsWith("Installation/") || n === "Deployment/tigera-operator",
    )
  )
    return "calico";
  if (names.some((n) => n === "ConfigMap/kube-flannel-cfg" || /^DaemonSet\/kube-flannel/.test(n)))
    return "flannel";
  return undefined;
}

/** The localised problems of a patch refusal, as one KadmError (exit 2: the input does not fit). */
export function patchError(lang: Lang, problems: readonly CniPatchProblem[]): KadmError {
  const lines = problems.map((p) => ({
    message: t(lang, `cni.patch.${p.code}` as Msg["key"], p.params),
    hint: t(lang, `cni.patch.${p.code}Hint` as Msg["key"], p.params),
  }));
  const [first, ...more] = lines;
  return invalidInput(first?.message ?? "", first?.hint, more);
}

function attemptsText(lang: Lang, attempts: readonly SourceAttempt[], expected?: string): string {
  return attempts
    .map((a) =>
      a.outcome === "mismatch"
        ? t(lang, "cni.attempt.mismatch", {
            url: a.url,
            got: a.detail.slice(0, 12),
            expected: (expected ?? "").slice(0, 12),
          })
        : t(lang, "cni.attempt.error", { url: a.url, reason: a.detail }),
    )
    .join("; ");
}

/** An ObtainFailure as a KadmError. A mismatch or failed download is exit 1 (nothing applied). */
export function obtainError(lang: Lang, f: ObtainFailure): KadmError {
  const p = f.params as Record<string, string>;
  switch (f.code) {
    case "userFileUnreadable": {
      const reason = f.error === undefined ? (p.reason ?? "") : readFailureReason(lang, f.error);
      return invalidInput(
        t(lang, "cni.obtain.userFileUnreadable", { ...p, reason }),
        t(lang, "cni.obtain.userHint"),
      );
    }
    case "userUrlFailed":
      return new KadmError(t(lang, "cni.obtain.userUrlFailed", p), { hint: t(lang, "cni.obtain.userHint") });
    case "noSources":
      return invalidInput(t(lang, "cni.obtain.noSources", p), t(lang, "cni.obtain.noSourcesHint", p));
    case "checksumMismatch":
      return new KadmError(
        t(lang, "cni.obtain.checksumMismatch", {
          ...p,
          attempts: attemptsText(lang, f.attempts, p.expected),
        }),
        { hint: t(lang, "cni.obtain.checksumMismatchHint", p), exitCode: ExitCode.failed },
      );
    case "allSourcesFailed":
      return new KadmError(
        t(lang, "cni.obtain.allSourcesFailed", { ...p, attempts: attemptsText(lang, f.attempts) }),
        {
          hint: t(lang, "cni.obtain.allSourcesFailedHint", p),
        },
      );
    case "downloadNeeded":
      // planCni turns this into its dry-run plan; only a caller that asked for noDownload sees it.
      return new KadmError(t(lang, "cni.dryRunDownloadUser", { what: p.url ?? "" }));
  }
}

/**
 * `--manifest FILE` checked as input, before anything is written, applied or even connected to:
 * readable, a regular file, YAML within the bounds, every document an object. (A URL is fetched
 * when the plan is made; planCni reads the file again then, cheap next to the apply.)
 */
export async function checkUserManifest(
  ctx: Pick<Context, "lang" | "files">,
  manifest: string,
): Promise<void> {
  if (isHttpUrl(manifest)) return;
  let text: string;
  try {
    text = await ctx.files.readText(manifest);
  } catch (e) {
    throw invalidInput(
      t(ctx.lang, "cni.obtain.userFileUnreadable", {
        path: manifest,
        reason: readFailureReason(ctx.lang, e),
      }),
      t(ctx.lang, "cni.obtain.userHint"),
    );
  }
  const parsed = parseManifest(text);
  if (!parsed.ok && "bounds" in parsed) throw yamlInputError(ctx.lang, manifest, parsed.bounds);
  if (!parsed.ok) throw patchError(ctx.lang, parsed.problems);
}

/** Reads kubeadm's ClusterConfiguration podSubnet; "absent" when this is not a kubeadm cluster. */
async function clusterPodSubnet(client: KubeClient): Promise<string | undefined | "absent"> {
  try {
    return podSubnetFromKubeadmConfig(await client.get<KubeObject>(KUBEADM_CONFIG_REF));
  } catch (err) {
    if (isKubeError(err, "not-found")) return "absent";
    throw err;
  }
}

/**
 * Everything up to the apply: choose and check the inputs, get and verify the manifest, decide the
 * pod subnet (from the cluster when `client` is given; the spec's in a dry run), patch. Nothing is
 * written to the cluster; only the manifest cache under --root may be written.
 */
export async function planCni(
  ctx: Pick<Context, "lang" | "node" | "files" | "fetch">,
  spec: ClusterSpec,
  opts: CniOptions & { client?: KubeClient | undefined; noDownload?: boolean | undefined },
  progress: CniProgress = () => {},
): Promise<CniPlan> {
  const lang = ctx.lang;
  const warnings: string[] = [];
  const notes: string[] = [];
  if (spec.cni.plugin === "none" && (opts.pluginExplicit || !opts.manifest)) {
    throw invalidInput(t(lang, "cni.none"), t(lang, "cni.noneHint"));
  }
  let release: CniRelease | undefined;
  let urls: string[] = [];
  if (opts.manifest === undefined) {
    release = findCniRelease(spec.cni.plugin, spec.cni.version);
    if (!release) {
      throw invalidInput(
        t(lang, "cni.versionUnknown", {
          plugin: spec.cni.plugin,
          version: spec.cni.version ?? "",
          known: knownCniVersions(spec.cni.plugin).join(", "),
        }),
        t(lang, "cni.versionUnknownHint", { plugin: spec.cni.plugin }),
      );
    }
    const expanded = expandSources(spec.cni.manifestSources, release);
    const bad = expanded.problems[0];
    if (bad) {
      throw invalidInput(
        t(lang, `cni.sourceTemplate.${bad.reason}`, { template: bad.template, detail: bad.detail }),
        t(lang, "cni.sourceTemplateHint"),
      );
    }
    urls = expanded.urls;
  }

  // The cluster first: an unreachable API should fail before anything is downloaded.
  const cluster = opts.client ? await clusterPodSubnet(opts.client) : "absent";
  progress(
    t(lang, "cni.progress.fetching", { what: opts.manifest ?? `${release?.plugin} ${release?.version}` }),
  );
  const obtained = await obtainManifest({
    release,
    urls,
    user: opts.manifest,
    hostFs: ctx.node.fs,
    files: ctx.files,
    fetcher: httpFetcher(ctx.fetch),
    timeoutMs: opts.fetchTimeoutMs,
    signal: opts.signal,
    onTry: (url) => progress(t(lang, "cni.progress.downloading", { url })),
    noDownload: opts.noDownload,
  });
  if (!obtained.ok && obtained.failure.code === "downloadNeeded")
    throw new DownloadNeeded(obtained.failure.urls, release);
  if (!obtained.ok) throw obtainError(lang, obtained.failure);
  const manifest = obtained.manifest;
  if (manifest.attempts.length > 0)
    warnings.push(
      t(lang, "cni.sourcesSkipped", {
        attempts: attemptsText(lang, manifest.attempts, release?.manifestSha256),
      }),
    );

  const parsed = parseManifest(manifest.text);
  if (!parsed.ok && "bounds" in parsed) {
    const o = manifest.origin;
    const where = o.kind === "cache" ? ctx.node.fs.resolve(o.path) : o.kind === "user-file" ? o.path : o.url;
    throw yamlInputError(lang, where, parsed.bounds);
  }
  if (!parsed.ok) throw patchError(lang, parsed.problems);
  let plugin: InstallableCni;
  if (opts.manifest !== undefined) {
    const detected = detectPlugin(parsed.docs);
    const asked = spec.cni.plugin === "none" ? undefined : spec.cni.plugin;
    if (detected && opts.pluginExplicit && asked && detected !== asked) {
      throw invalidInput(
        t(lang, "cni.pluginMismatch", { detected, plugin: asked }),
        t(lang, "cni.pluginMismatchHint", { detected }),
      );
    }
    plugin = detected ?? asked ?? "flannel";
    if (manifest.release) {
      notes.push(
        t(lang, "cni.userManifestPinned", {
          plugin: manifest.release.plugin,
          version: manifest.release.version,
        }),
      );
    } else {
      warnings.push(t(lang, "cni.userManifestUnpinned", { sha: manifest.sha256.slice(0, 16) }));
    }
  } else {
    plugin = (release as CniRelease).plugin;
  }

  const decision = decidePodSubnet({
    plugin,
    cluster,
    spec: spec.networking.podSubnet,
    explicit: opts.podSubnetExplicit === true,
  });
  if (!decision.ok) {
    if (decision.code === "podSubnetMismatch")
      throw invalidInput(
        t(lang, "cni.podSubnetMismatch", decision.params),
        t(lang, "cni.podSubnetMismatchHint", decision.params),
      );
    throw new KadmError(t(lang, "cni.clusterNoPodSubnet", decision.params), {
      hint: t(lang, "cni.clusterNoPodSubnetHint"),
    });
  }
  if (opts.client && cluster === "absent")
    warnings.push(t(lang, "cni.noKubeadmConfig", { podSubnet: decision.podSubnet }));

  const patched = patchManifest(parsed.docs, {
    plugin,
    podSubnet: decision.podSubnet,
    mirrors: spec.cni.imageMirrors,
    ...(spec.cni.interface ? { interface: spec.cni.interface } : {}),
  });
  if (!patched.ok) throw patchError(lang, patched.problems);
  return {
    plugin,
    release: manifest.release ?? release,
    manifest,
    podSubnet: decision.podSubnet,
    podSubnetSource: decision.source,
    docs: patched.docs,
    report: patched.report,
    targets: readinessTargets(plugin, patched.docs),
    warnings,
    notes,
  };
}

/** planCni's way out when a dry run would have to download the manifest (it connects to nothing). */
class DownloadNeeded extends Error {
  constructor(
    readonly urls: string[],
    readonly release: CniRelease | undefined,
  ) {
    super("download needed");
  }
}

/** What a dry run shows when the manifest is neither a local file nor cached: what it would fetch. */
export interface CniDownloadPlan {
  plugin: InstallableCni;
  /** The pinned release (its sha256 is what the download must match); undefined: the user's URL. */
  release: CniRelease | undefined;
  /** Tried in this order. */
  urls: string[];
  podSubnet: string;
}

/**
 * The dry run's plan: the patched manifest when its bytes are here (--manifest FILE, the cache),
 * else what would be downloaded and how it would be patched. Downloads nothing, contacts no cluster.
 */
export async function planCniDryRun(
  ctx: Pick<Context, "lang" | "node" | "files" | "fetch">,
  spec: ClusterSpec,
  opts: CniOptions,
): Promise<{ plan: CniPlan } | { download: CniDownloadPlan }> {
  try {
    return { plan: await planCni(ctx, spec, { ...opts, noDownload: true }) };
  } catch (err) {
    if (!(err instanceof DownloadNeeded)) throw err;
    const plugin = err.release?.plugin ?? (spec.cni.plugin === "none" ? "flannel" : spec.cni.plugin);
    const decision = decidePodSubnet({
      plugin,
      cluster: "absent",
      spec: spec.networking.podSubnet,
      explicit: opts.podSubnetExplicit === true,
    });
    const podSubnet = decision.ok ? decision.podSubnet : spec.networking.podSubnet;
    return { download: { plugin, release: err.release, urls: err.urls, podSubnet } };
  }
}

/** PURE: the download plan as text lines (stdout of `cni apply --dry-run`). */
export function renderDownloadPlan(lang: Lang, d: CniDownloadPlan, mirrors: Record<string, string>): string {
  const what = d.release ? `${d.release.plugin} ${d.release.version}` : d.plugin;
  const head = d.release
    ? t(lang, "cni.dryRunDownload", { what, sha: `${d.release.manifestSha256.slice(0, 16)}...` })
    : t(lang, "cni.dryRunDownloadUser", { what });
  const rewrites = Object.entries(mirrors).map(([from, to]) => `${from} -> ${to}`);
  const patch = t(lang, "cni.dryRunPatch", {
    podSubnet: d.podSubnet,
    mirrors: rewrites.length > 0 ? rewrites.join(", ") : t(lang, "cni.dryRunNoMirrors"),
  });
  return `${[head, ...d.urls.map((u) => `  ${u}`), patch].join("\n")}\n`;
}

/** The patched manifest as YAML (what --dry-run prints). */
export function renderPlan(plan: CniPlan): string {
  return renderManifest(plan.docs);
}

/** Server-side apply of a plan; KubeErrors and CRD timeouts become one localised line. */
export async function applyPlan(
  lang: Lang,
  client: KubeClient,
  plan: CniPlan,
  opts: {
    signal?: AbortSignal | undefined;
    crdTimeoutMs?: number | undefined;
    onStage?: ((stage: ApplyStage, count: number) => void) | undefined;
    onObject?: ((applied: AppliedObject) => void) | undefined;
  } = {},
): Promise<AppliedObject[]> {
  try {
    return await applyObjects(client, plan.docs, opts);
  } catch (err) {
    if (err instanceof CrdsNotEstablished) {
      throw new KadmError(
        t(lang, "cni.crdsNotEstablished", {
          count: err.names.length,
          names: err.names.slice(0, 5).join(", "),
          seconds: Math.round(err.timeoutMs / 1000),
        }),
        { hint: t(lang, "cni.crdsNotEstablishedHint") },
      );
    }
    if (isKubeError(err)) throw kubeProblem(lang, err, client.source);
    throw err;
  }
}

/** PURE: "6 objects: 1 created, 4 configured, 1 unchanged" (localised). */
export function appliedSummary(lang: Lang, plugin: string, applied: readonly AppliedObject[]): string {
  const count = (o: AppliedObject["outcome"]) => applied.filter((a) => a.outcome === o).length;
  return t(lang, "cni.summary", {
    plugin,
    total: applied.length,
    created: count("created"),
    configured: count("configured"),
    unchanged: count("unchanged"),
  });
}

/**
 * Plan + apply, for `init`: `progress` receives one localised line per step and a live count while
 * applying (e.g. a listr2 task title). Errors are KadmErrors ready to print.
 */
export async function applyCni(
  ctx: Pick<Context, "lang" | "node" | "files" | "fetch">,
  client: KubeClient,
  spec: ClusterSpec,
  opts: CniOptions = {},
  progress: CniProgress = () => {},
): Promise<CniApplyResult> {
  let plan: CniPlan;
  try {
    plan = await planCni(ctx, spec, { ...opts, client }, progress);
  } catch (err) {
    if (isKubeError(err)) throw kubeProblem(ctx.lang, err, client.source);
    throw err;
  }
  let done = 0;
  const total = plan.docs.length;
  const applied = await applyPlan(ctx.lang, client, plan, {
    signal: opts.signal,
    crdTimeoutMs: opts.crdTimeoutMs,
    onStage: (stage, count) => {
      if (stage === "establish") progress(t(ctx.lang, "cni.progress.establish", { count }));
    },
    onObject: () => {
      done++;
      progress(t(ctx.lang, "cni.progress.applying", { done, total }));
    },
  });
  progress(appliedSummary(ctx.lang, plan.plugin, applied));
  return { plan, applied };
}
