/**
 * A KubeError as the one line (plus fix) the CLI prints. Unreachable, TLS, credentials and
 * kubeconfig problems each get the fix that usually applies after a kubeadm init / reset.
 */
import { ExitCode, KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { KubeError } from "./client.js";

export function kubeProblem(lang: Lang, err: KubeError, source = "?"): KadmError {
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
