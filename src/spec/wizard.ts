import type { HostAddress } from "../host/host-info.js";
import type { Lang } from "../i18n/lang.js";
import { type MessageKey, t } from "../i18n/messages.js";
import type { Prompter } from "../prompts/prompter.js";
import { FIELD_BY_PATH, type FieldPath, type SpecValues } from "./fields.js";
import { BUILTIN_PROFILES } from "./profile.js";
import type { LayerSource } from "./resolve.js";

export interface WizardState {
  mode: "init" | "join";
  lang: Lang;
  /** Current merged values (defaults < profile < answers < flags). */
  merged: SpecValues;
  provenance: Partial<Record<FieldPath, LayerSource>>;
  /** Fields the profile insists the user gives. */
  required: readonly FieldPath[];
  addresses: HostAddress[];
}

/** Validates one field's candidate answer in the context of everything else; true or the reason. */
export type FieldCheck = (path: FieldPath, value: unknown, answered: SpecValues) => true | string;

const OTHER = "__other__";

/** Typed answers are text; list fields take comma-separated values. */
export function answerValue(path: FieldPath, text: string): unknown {
  const kind = FIELD_BY_PATH.get(path)?.kind;
  if (kind === "stringList")
    return text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (kind === "int") return /^[0-9]+$/.test(text) ? Number(text) : text;
  return text;
}

/** The user already decided this field (a file or a flag); the wizard only asks about the rest. */
function decided(state: WizardState, path: FieldPath): boolean {
  const src = state.provenance[path];
  if (state.required.includes(path)) return src === "answers" || src === "flags";
  return src === "answers" || src === "flags" || (src === "profile" && path !== "kubernetesVersion");
}

/** Asks which profile to use when the user did not name one; returns it, or undefined to keep the default. */
export async function askProfile(prompter: Prompter, lang: Lang, current: string): Promise<string> {
  return prompter.select({
    message: t(lang, "wizard.profile"),
    choices: BUILTIN_PROFILES.map((p) => ({ value: p, name: t(lang, `wizard.profile.${p}` as MessageKey) })),
    default: current,
  });
}

/**
 * Asks only what is still open, with the current value as the default and every answer
 * checked by the same validators as flags. Returns the prompts layer.
 */
export async function runWizard(
  prompter: Prompter,
  state: WizardState,
  check: FieldCheck,
): Promise<SpecValues> {
  const answers: Record<string, unknown> = {};
  const { lang } = state;
  const cur = (p: FieldPath): string => {
    const v = answers[p] ?? state.merged[p];
    return v === undefined ? "" : String(v);
  };
  const validator =
    (p: FieldPath, optional = false) =>
    (v: string) =>
      optional && v === "" ? true : check(p, answerValue(p, v), answers as SpecValues);
  const ask = async (p: FieldPath, key: MessageKey, optional = false) => {
    if (decided(state, p)) return;
    const v = await prompter.input({
      message: t(lang, key),
      default: cur(p),
      validate: validator(p, optional),
    });
    if (v !== "" || !optional) answers[p] = answerValue(p, v);
  };

  if (state.mode === "join") {
    // Join values normally come from the pasted command; ask for whatever is missing.
    await ask("join.apiServerEndpoint", "label.joinEndpoint");
    await ask("join.token", "wizard.joinToken");
    await ask("join.caCertHashes", "wizard.caCertHash");
    if (state.merged["join.controlPlane"] === true) await ask("join.certificateKey", "wizard.certificateKey");
    return answers as SpecValues;
  }

  await ask("kubernetesVersion", "wizard.k8sVersion");
  await ask("imageRepository", "wizard.imageRepository");

  if (!decided(state, "controlPlane.advertiseAddress")) {
    const choices = state.addresses.map((a) => ({
      value: a.address,
      name: `${a.address}  (${a.interface})`,
    }));
    let addr: string = OTHER;
    if (choices.length > 0) {
      addr = await prompter.select({
        message: t(lang, "wizard.advertiseAddress"),
        choices: [...choices, { value: OTHER, name: t(lang, "wizard.otherAddress") }],
        default: choices[0]?.value as string,
      });
    }
    if (addr === OTHER) {
      addr = await prompter.input({
        message: t(lang, "wizard.advertiseAddress"),
        validate: validator("controlPlane.advertiseAddress"),
      });
    }
    answers["controlPlane.advertiseAddress"] = addr;
  }

  await ask("networking.podSubnet", "wizard.podSubnet");
  await ask("networking.serviceSubnet", "wizard.serviceSubnet");

  if (!decided(state, "cni.plugin")) {
    answers["cni.plugin"] = await prompter.select({
      message: t(lang, "wizard.cni"),
      choices: [
        { value: "flannel", name: t(lang, "wizard.cni.flannel") },
        { value: "calico", name: t(lang, "wizard.cni.calico") },
        { value: "none", name: t(lang, "wizard.cni.none") },
      ],
      default: cur("cni.plugin") || "flannel",
    });
    // The subnet was checked against the previous CNI; re-check it against the chosen one.
    const again = check("networking.podSubnet", cur("networking.podSubnet"), answers as SpecValues);
    if (again !== true) {
      answers["networking.podSubnet"] = await prompter.input({
        message: `${t(lang, "wizard.podSubnet")} (${again})`,
        default: "10.244.0.0/16",
        validate: validator("networking.podSubnet"),
      });
    }
  }

  if (!decided(state, "kubeProxy.mode")) {
    answers["kubeProxy.mode"] = await prompter.select({
      message: t(lang, "wizard.proxyMode"),
      choices: [
        { value: "iptables", name: "iptables" },
        { value: "ipvs", name: "ipvs" },
        { value: "nftables", name: t(lang, "wizard.proxy.nftables") },
      ],
      default: cur("kubeProxy.mode") || "iptables",
    });
    const again = check("kubeProxy.mode", answers["kubeProxy.mode"], answers as SpecValues);
    if (again !== true) {
      prompter.note(again);
      answers["kubeProxy.mode"] = "iptables";
    }
  }

  await ask("controlPlane.endpoint", "wizard.controlPlaneEndpoint", true);
  // Asked with the endpoint: an endpoint given by flag or file keeps --lb's default (external).
  const endpointAnswered =
    typeof answers["controlPlane.endpoint"] === "string" && answers["controlPlane.endpoint"] !== "";
  if (endpointAnswered && !decided(state, "controlPlane.loadBalancer")) {
    // Who serves the shared endpoint: the user's own LB, a VIP (kube-vip) or haproxy on each node.
    const mode = await prompter.select({
      message: t(lang, "wizard.lb"),
      choices: [
        { value: "external", name: t(lang, "wizard.lb.external") },
        { value: "kube-vip", name: t(lang, "wizard.lb.kubeVip") },
        { value: "haproxy", name: t(lang, "wizard.lb.haproxy") },
      ],
      default: cur("controlPlane.loadBalancer") || "external",
    });
    answers["controlPlane.loadBalancer"] = mode;
    if (mode === "kube-vip" && !decided(state, "controlPlane.vipInterface")) {
      const interfaces = [...new Set(state.addresses.map((a) => a.interface))];
      answers["controlPlane.vipInterface"] =
        interfaces.length > 0
          ? await prompter.select({
              message: t(lang, "wizard.vipInterface"),
              choices: interfaces.map((i) => ({ value: i, name: i })),
              default: interfaces[0] as string,
            })
          : await prompter.input({
              message: t(lang, "wizard.vipInterface"),
              validate: validator("controlPlane.vipInterface"),
            });
    }
    if (mode === "haproxy") await ask("controlPlane.lbBackends", "wizard.lbBackends", true);
  }

  if (!decided(state, "node.scheduleOnControlPlane")) {
    answers["node.scheduleOnControlPlane"] = await prompter.confirm({
      message: t(lang, "wizard.schedule"),
      default: state.merged["node.scheduleOnControlPlane"] === true,
    });
  }
  return answers as SpecValues;
}
