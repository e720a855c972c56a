/**
 * A KubeError as the one line (plus fix) the CLI prints. Unreachable, TLS, credentials and
 * kubeconfig problems each get the fix that usually applies after a kubeadm init / reset.
 */
import { ExitCode, KadmError } from "../errors.js";
import { readFailureReason, yamlInputError } from "../host/user-input.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { type KubeconfigInput, KubeconfigInvalid, KubeconfigMissing, type KubeError } from "./client.js";

/** A kubeconfig refused before anything was sent: exit 2, naming the file and the field. */
export function kubeconfigProblem(lang: Lang, i: KubeconfigInput): KadmError {
  const hint = t(lang, "input.kubeconfig.hint");
  const bad = (message: string) => new KadmError(message, { hint, exitCode: ExitCode.invalid });
  switch (i.problem) {
    case "unreadable":
      return bad(
        t(lang, "input.kubeconfig.unreadable", { file: i.file, reason: readFailureReason(lang, i.error) }),
      );
    case "yaml": {
      const e = yamlInputError(lang, i.file, i.yaml);
      return new KadmError(e.message, { hint, exitCode: ExitCode.invalid });
    }
    case "notMapping":
      return bad(t(lang, "input.kubeconfig.notMapping", { file: i.file }));
    case "notPem":
      return bad(t(lang, "input.kubeconfig.notPem", { ...i, kind: pemKind(lang, i.kind) }));
    case "notPemFile":
      return bad(t(lang, "input.kubeconfig.notPemFile", { ...i, kind: pemKind(lang, i.kind) }));
    case "unreadableFile":
      return bad(
        t(lang, "input.kubeconfig.unreadableFile", {
          file: i.file,
          field: i.field,
          where: i.where,
          path: i.path,
          reason: readFailureReason(lang, i.error),
        }),
      );
  }
}

function pemKind(lang: Lang, kind: string): string {
  return t(lang, kind === "certificate" ? "input.pem.certificate" : "input.pem.privateKey");
}

/** "No kubeconfig found", with the places looked at, in the user's language. */
export function kubeconfigMissingText(lang: Lang, err: KubeconfigMissing): string {
  const files = err.tried.join(lang === "zh" ? "、" : ", ");
  return t(lang, err.envOnly ? "kubeapi.noKubeconfigEnv" : "kubeapi.noKubeconfig", { files });
}

export function kubeProblem(lang: Lang, err: KubeError, source = "?"): KadmError {
  if (err instanceof KubeconfigInvalid) return kubeconfigProblem(lang, err.input);
  if (err instanceof KubeconfigMissing) {
    return new KadmError(kubeconfigMissingText(lang, err), {
      hint: t(lang, "kubeapi.configHint"),
      exitCode: ExitCode.invalid,
      cause: err,
    });
  }
  // One sentence like every other error line (KubeError messages carry no final period).
  const detail = /[.!?。]$/.test(err.message) ? err.message : `${err.message}.`;
  const make = (message: string, hint: string, exitCode: 1 | 2 = ExitCode.failed) =>
    new KadmError(message, { hint, exitCode, cause: err });
  switch (err.reason) {
    case "unreachable":
      return make(t(lang, "kubeapi.unreachable", { detail }), t(lang, "kubeapi.unreachableHint", { source }));
    case "tls":
      return make(t(lang, "kubeapi.tls", { detail }), t(lang, "kubeapi.tlsHint"));
    case "unauthorized":
      return make(t(lang, "kubeapi.unauthorized", { detail }), t(lang, "kubeapi.credentialsHint"));
    case "forbidden":
      return make(t(lang, "kubeapi.forbidden", { detail }), t(lang, "kubeapi.credentialsHint"));
    case "config":
      // Nothing was contacted: it is the input (which kubeconfig) that is wrong.
      return make(t(lang, "kubeapi.config", { detail }), t(lang, "kubeapi.configHint"), ExitCode.invalid);
    default:
      return make(t(lang, "kubeapi.other", { detail }), t(lang, "kubeapi.otherHint"));
  }
}
