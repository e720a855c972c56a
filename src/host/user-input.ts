/** User-named files and their YAML, as the one line the CLI prints (exit 2). */
import { invalidInput, type KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { YamlProblem } from "../util/yaml-safe.js";
import type { UserFileRefused } from "./files.js";

/**
 * Why a file could not be read, in the user's language (the `reason` of "cannot read X: ..."): the
 * one errno -> reason wording. PURE: a UserFileRefused is recognised by its code, not by
 * `instanceof`, so this module does not load host/files.ts (node:fs).
 */
export function readFailureReason(lang: Lang, err: unknown): string {
  if (isUserFileRefused(err)) {
    const r = err.refusal;
    if ("kind" in r) return t(lang, `input.reason.${r.kind}`);
    return t(lang, "input.reason.tooLarge", { size: r.tooLarge, limit: r.limit });
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return t(lang, "input.reason.enoent");
  if (code === "EACCES" || code === "EPERM") return t(lang, "input.reason.eacces");
  if (code === "EISDIR") return t(lang, "input.reason.directory");
  return code ?? (err instanceof Error ? err.message : String(err));
}

function isUserFileRefused(err: unknown): err is UserFileRefused {
  const code = (err as { code?: unknown } | undefined)?.code;
  return (
    (code === "ENOTREGULAR" || code === "ETOOLARGE") && typeof (err as UserFileRefused).refusal === "object"
  );
}

/** A bounded-YAML refusal of `file` as an exit-2 error. */
export function yamlInputError(lang: Lang, file: string, p: YamlProblem): KadmError {
  switch (p.kind) {
    case "syntax":
      return invalidInput(
        t(lang, "file.yaml", { file, reason: `${p.reason} (${p.line}:${p.column})` }),
        t(lang, "file.hint", { file }),
      );
    case "tooLarge":
      return invalidInput(
        t(lang, "input.yaml.tooLarge", { file, size: p.bytes, limit: p.limit }),
        t(lang, "file.unreadableHint"),
      );
    case "aliasBomb":
      return invalidInput(
        t(lang, "input.yaml.aliasBomb", { file, limit: p.limit }),
        t(lang, "input.yaml.hint", { file }),
      );
    case "recursiveAlias":
      return invalidInput(
        t(lang, "input.yaml.recursiveAlias", { file }),
        t(lang, "input.yaml.hint", { file }),
      );
    case "tooDeep":
      return invalidInput(
        t(lang, "input.yaml.tooDeep", { file, limit: p.limit }),
        t(lang, "input.yaml.hint", { file }),
      );
  }
}
