import { join } from "node:path";
import { EMBEDDED } from "../embedded.js";
import { invalidInput, type KadmError } from "../errors.js";
import type { Files } from "../host/files.js";
import { readFailureReason, yamlInputError } from "../host/user-input.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { BUILTIN_PROFILE_DIR } from "../paths.js";
import type { SpecValues } from "./fields.js";
import {
  type ImportProblem,
  importKubeadmConfig,
  isKubeadmConfig,
  type KubeadmImport,
} from "./kubeadm-import.js";
import {
  BUILTIN_PROFILES,
  type FileProblem,
  isProfilePath,
  type Profile,
  parseAnswers,
  parseProfile,
} from "./profile.js";
import { expectedText, gotText } from "./value-kind.js";

function fileError(lang: Lang, file: string, p: FileProblem): KadmError {
  const hint = t(lang, "file.hint", { file });
  switch (p.kind) {
    case "yaml":
      return invalidInput(t(lang, "file.yaml", { file, reason: p.reason }), hint);
    case "yamlBounds":
      return yamlInputError(lang, file, p.problem);
    case "notMapping":
      return invalidInput(t(lang, "file.notMapping", { file }), hint);
    case "unknownKey":
      return invalidInput(
        t(lang, "file.unknownKey", { file, key: p.key, suggestion: p.suggestion ?? "" }),
        hint,
      );
    case "badType":
      return invalidInput(
        t(lang, "file.badType", {
          file,
          key: p.key,
          expected: expectedText(lang, p.expected),
          got: gotText(lang, p.got),
        }),
        hint,
      );
    case "notAField":
      return invalidInput(t(lang, "file.notAField", { file, key: p.key, value: p.value }), hint);
  }
}

async function readUserFile(files: Files, lang: Lang, path: string): Promise<string> {
  try {
    return await files.readText(path);
  } catch (e) {
    throw invalidInput(
      t(lang, "file.unreadable", { file: path, reason: readFailureReason(lang, e) }),
      t(lang, "file.unreadableHint"),
    );
  }
}

export async function loadProfile(files: Files, lang: Lang, arg: string): Promise<Profile> {
  if (isProfilePath(arg)) {
    const text = await readUserFile(files, lang, arg);
    const { profile, problem } = parseProfile(text, arg, arg);
    if (!profile) throw fileError(lang, arg, problem as FileProblem);
    return profile;
  }
  if (!(BUILTIN_PROFILES as readonly string[]).includes(arg)) {
    throw invalidInput(
      t(lang, "profile.unknown", { value: arg, known: BUILTIN_PROFILES.join(", ") }),
      t(lang, "profile.hint"),
    );
  }
  // The single-file builds carry the profiles; the package reads them from profiles/.
  const text = EMBEDDED?.profiles[arg] ?? (await files.readText(join(BUILTIN_PROFILE_DIR, `${arg}.yaml`)));
  const { profile, problem } = parseProfile(text, `builtin:${arg}`, arg);
  // A broken built-in profile is our bug, not the user's input.
  if (!profile) throw new Error(`built-in profile ${arg} is invalid: ${JSON.stringify(problem)}`);
  return profile;
}

/** The import's own problems; a YAML or type problem reads as in any other file. */
function importError(lang: Lang, file: string, p: ImportProblem): KadmError {
  const hint = t(lang, "import.hint", { file });
  switch (p.kind) {
    case "notKubeadm":
      return invalidInput(t(lang, "import.notKubeadm", { file }), hint);
    case "notMapping":
      return invalidInput(t(lang, "import.notMapping", { file, document: p.document }), hint);
    case "apiVersion":
      return invalidInput(
        t(lang, "import.apiVersion", { file, apiVersion: p.apiVersion, supported: p.supported }),
        t(lang, "import.migrateHint", { file }),
      );
    default:
      return fileError(lang, file, p);
  }
}

function importText(lang: Lang, path: string, text: string, mode: "init" | "join"): KubeadmImport {
  const { result, problem } = importKubeadmConfig(text, mode);
  if (!result) throw importError(lang, path, problem as ImportProblem);
  return result;
}

/** `--from-kubeadm-config FILE`: an existing kubeadm configuration read as an answers layer. */
export async function loadKubeadmConfig(
  files: Files,
  lang: Lang,
  path: string,
  mode: "init" | "join",
): Promise<KubeadmImport> {
  return importText(lang, path, await readUserFile(files, lang, path), mode);
}

/**
 * An answers file, or (recognised by its apiVersion) a kubeadm configuration given as one: then it
 * is imported as with --from-kubeadm-config and `imported` says what was taken.
 */
export async function loadAnswers(
  files: Files,
  lang: Lang,
  path: string,
  mode: "init" | "join" = "init",
): Promise<{ values: SpecValues; profile?: string; imported?: KubeadmImport }> {
  const text = await readUserFile(files, lang, path);
  if (isKubeadmConfig(text)) {
    const imported = importText(lang, path, text, mode);
    return { values: imported.values, imported };
  }
  const { values, profile, problem } = parseAnswers(text);
  if (!values) throw fileError(lang, path, problem as FileProblem);
  return { values, ...(profile ? { profile } : {}) };
}
