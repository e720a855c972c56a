import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError, type Problem } from "../errors.js";
import { render, t } from "../i18n/messages.js";
import { PromptCancelled } from "../prompts/prompter.js";
import { pinMinor } from "../validate/known-versions.js";
import { type Issue, involvedFields, validateSpec } from "../validate/spec.js";
import { BUILTIN_DEFAULTS, DEFAULT_PROFILE } from "./defaults.js";
import { FIELD_BY_PATH, type FieldPath, type SpecValues } from "./fields.js";
import { type ParsedFlags, valuesFromFlags } from "./flags.js";
import { importReport } from "./kubeadm-import.js";
import { loadAnswers, loadKubeadmConfig, loadProfile } from "./load.js";
import type { Profile } from "./profile.js";
import { type Layer, type LayerSource, mergeLayers, missingRequired, resolveSpec } from "./resolve.js";
import { summaryLines } from "./summary.js";
import type { ClusterSpec } from "./types.js";
import { askProfile, runWizard } from "./wizard.js";

export interface GatherOptions {
  mode: "init" | "join";
  flags: ParsedFlags;
  /** Is this host the one being set up (init/prepare) or is the config for elsewhere (config)? */
  hostIsTarget: boolean;
  /** Show the summary and ask before going on (interactive runs only). */
  confirm: boolean;
  /**
   * "host" (images, prepare) needs only what decides images and host settings (version,
   * repository, CNI, cgroup driver): no node values are required and nothing is asked.
   */
  purpose?: "node" | "host";
}

export interface Gathered {
  spec: ClusterSpec;
  profile: Profile;
  warnings: string[];
  /** Which layer decided each field (join tells a given --k8s-version from the profile's default). */
  provenance: Partial<Record<FieldPath, LayerSource>>;
}

function flagFor(path: FieldPath, mode: "init" | "join"): string {
  if (mode === "join" && path === "join.token") return "--token";
  if (mode === "join" && path === "join.certificateKey") return "--certificate-key";
  const def = FIELD_BY_PATH.get(path);
  return def?.flag ? `--${def.flag}` : path;
}

/** Every error says how to fix it: its own hint, else which flag or file key to correct. */
function hintFor(ctx: Context, i: Issue): string | undefined {
  if (i.hint) return render(ctx.lang, i.hint);
  if (!i.field) return undefined;
  const flag = FIELD_BY_PATH.get(i.field)?.flag;
  return flag
    ? t(ctx.lang, "fix.field", { flag, path: i.field })
    : t(ctx.lang, "fix.fileField", { path: i.field });
}

function issueProblems(ctx: Context, errors: Issue[]): Problem[] {
  return errors.map((i) => ({ message: render(ctx.lang, i.msg), hint: hintFor(ctx, i) }));
}

/** Every problem found, one line each, in one error (exit 2). */
function problemsToError(problems: Problem[]): KadmError {
  const [first, ...more] = problems;
  return invalidInput(first?.message ?? "", first?.hint, more);
}

/**
 * Resolves the spec through every layer: built-in defaults < profile < --from-kubeadm-config <
 * answers file < flags <
 * interactive answers, then checks required values and validates. Throws KadmError (exit 2) on
 * bad input before anything is written.
 */
export async function gatherSpec(ctx: Context, opts: GatherOptions): Promise<Gathered> {
  const { mode, flags } = opts;
  const flagProblems: Problem[] = [];
  const flagValues = valuesFromFlags(flags, mode, ctx.lang, flagProblems);
  const answers =
    typeof flags.answers === "string"
      ? await loadAnswers(ctx.files, ctx.lang, flags.answers, mode)
      : undefined;
  const fromKubeadm = flags["from-kubeadm-config"];
  const kubeadmFile = typeof fromKubeadm === "string" ? fromKubeadm : undefined;
  const imported = kubeadmFile ? await loadKubeadmConfig(ctx.files, ctx.lang, kubeadmFile, mode) : undefined;
  // Say what each kubeadm file gave and what it could not, one line each.
  for (const [file, result] of [
    [kubeadmFile, imported],
    [flags.answers, answers?.imported],
  ] as const) {
    if (typeof file === "string" && result) {
      for (const line of importReport(ctx.lang, file, result)) ctx.stderr.write(`${line}\n`);
    }
  }
  const explicitProfile = (typeof flags.profile === "string" ? flags.profile : undefined) ?? answers?.profile;
  let profile = await loadProfile(ctx.files, ctx.lang, explicitProfile ?? DEFAULT_PROFILE);

  const layersFor = (p: Profile, prompts: SpecValues = {}): Layer[] => [
    { source: "default", values: BUILTIN_DEFAULTS },
    { source: "profile", values: p.values },
    // An imported kubeadm config is its own layer (named in conflicts): above the profile, below answers.
    { source: "kubeadm-config", values: imported?.values ?? {} },
    { source: "answers", values: answers?.values ?? {} },
    { source: "flags", values: flagValues },
    { source: "prompts", values: prompts },
  ];

  const hostAddresses = ctx.host.addresses();
  const hostNetworks = hostAddresses.map((a) => a.cidr).filter(Boolean);
  const validate = (spec: ClusterSpec, atQuestion = false) =>
    validateSpec(spec, {
      mode,
      hostNetworks,
      hostAddresses,
      hostIsTarget: opts.hostIsTarget,
      lang: ctx.lang,
      userManifest: typeof flags.manifest === "string",
      // The wizard asks for this host's own address: one that is not here deserves a word.
      ...(atQuestion ? { advertiseOnHost: true } : {}),
    });

  // "--k8s-version 1.33": say once which patch that means (the wizard says it for its own answer).
  const rawVersion = mergeLayers(layersFor(profile)).merged.kubernetesVersion;
  const pin = typeof rawVersion === "string" ? pinMinor(rawVersion) : undefined;
  if (pin?.kind === "pinned") {
    ctx.stderr.write(`${t(ctx.lang, "version.minorPinned", { minor: pin.minor, version: pin.version })}\n`);
  }

  let promptValues: SpecValues = {};
  try {
    const imagesOnly = opts.purpose === "host";
    // A flag that cannot be read is named before any question (not after the user answered them).
    if (ctx.canPrompt && !imagesOnly && flagProblems.length > 0) throw problemsToError(flagProblems);
    if (ctx.canPrompt && !imagesOnly) {
      const prompter = ctx.prompter();
      if (!explicitProfile && mode === "init") {
        const chosen = await askProfile(prompter, ctx.lang, profile.name);
        if (chosen !== profile.name) profile = await loadProfile(ctx.files, ctx.lang, chosen);
      }
      const base = resolveSpec(layersFor(profile), profile.name, mode);
      promptValues = await runWizard(
        prompter,
        {
          mode,
          lang: ctx.lang,
          merged: base.merged,
          provenance: base.provenance,
          required: profile.required,
          addresses: hostAddresses,
          profile: profile.name,
          ...(kubeadmFile ? { kubeadmConfig: kubeadmFile } : {}),
        },
        (prompts) => validate(resolveSpec(layersFor(profile, prompts), profile.name, mode).spec, true),
      );
    }

    const resolved = resolveSpec(layersFor(profile, promptValues), profile.name, mode);
    // Report everything at once: what is missing, what a flag could not read, and every invalid
    // value (except checks that need a missing value: those wait until it is given).
    const missing = missingRequired(resolved, mode, profile.required, imagesOnly);
    const problems: Problem[] = [];
    if (missing.length > 0) {
      const flagsList = missing.map((p) => flagFor(p, mode));
      problems.push({
        message: t(ctx.lang, "required.missing", { list: flagsList.join(", ") }),
        hint: t(ctx.lang, "required.hint"),
      });
    }
    problems.push(...flagProblems);
    const issues = validate(resolved.spec);
    const errors = issues.filter(
      (i) => i.severity === "error" && !involvedFields(i).some((f) => missing.includes(f)),
    );
    problems.push(...issueProblems(ctx, errors));
    if (problems.length > 0) throw problemsToError(problems);
    const warnings = issues.filter((i) => i.severity === "warning").map((i) => render(ctx.lang, i.msg));

    if (ctx.canPrompt && opts.confirm && !imagesOnly) {
      const prompter = ctx.prompter();
      prompter.note(
        `\n${t(ctx.lang, "wizard.summary")}:\n${summaryLines(resolved.spec, ctx.lang).join("\n")}\n`,
      );
      for (const w of warnings) prompter.note(t(ctx.lang, "cli.warning", { text: w }));
      if (!(await prompter.confirm({ message: t(ctx.lang, "wizard.confirm"), default: true }))) {
        throw new KadmError(t(ctx.lang, "cli.aborted"), { exitCode: ExitCode.failed });
      }
    }
    return { spec: resolved.spec, profile, warnings, provenance: resolved.provenance };
  } catch (e) {
    if (e instanceof PromptCancelled) {
      throw new KadmError(t(ctx.lang, "cli.interrupted"), { exitCode: ExitCode.interrupted });
    }
    throw e;
  }
}
