import type { HostAddress } from "../host/host-info.js";
import type { Lang } from "../i18n/lang.js";
import { type MessageKey, render, t } from "../i18n/messages.js";
import type { Prompter, SelectQuestion } from "../prompts/prompter.js";
import { pinMinor } from "../validate/known-versions.js";
import { type Issue, involvedFields, issuesAtQuestion } from "../validate/spec.js";
import { FIELD_BY_PATH, type FieldPath, type SpecValues } from "./fields.js";
import { BUILTIN_PROFILES } from "./profile.js";
import { isUserSource, type LayerSource } from "./resolve.js";

export interface WizardState {
  mode: "init" | "join";
  lang: Lang;
  /** Current merged values (defaults < profile < kubeadm config < answers < flags). */
  merged: SpecValues;
  provenance: Partial<Record<FieldPath, LayerSource>>;
  /** Fields the profile insists the user gives. */
  required: readonly FieldPath[];
  addresses: HostAddress[];
  /** Profile name, to say where a conflicting value came from. */
  profile?: string;
  /** The --from-kubeadm-config file, likewise. */
  kubeadmConfig?: string;
}

/**
 * Validates the whole spec with `prompts` as the wizard's layer (the answers so far plus the
 * candidate). Pure from the wizard's point of view: the caller resolves the layers and validates.
 */
export type CandidateCheck = (prompts: SpecValues) => Issue[];

const OTHER = "__other__";

/** Everything the wizard may ask in init mode, in order. */
const INIT_QUESTIONS: readonly FieldPath[] = [
  "kubernetesVersion",
  "imageRepository",
  "controlPlane.advertiseAddress",
  "networking.podSubnet",
  "networking.serviceSubnet",
  "cni.plugin",
  "kubeProxy.mode",
  "controlPlane.endpoint",
  "controlPlane.loadBalancer",
  "controlPlane.vipInterface",
  "controlPlane.lbBackends",
  "node.scheduleOnControlPlane",
];
const JOIN_QUESTIONS: readonly FieldPath[] = [
  "join.apiServerEndpoint",
  "join.token",
  "join.caCertHashes",
  "join.certificateKey",
];

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
  if (isUserSource(src)) return true;
  return !state.required.includes(path) && src === "profile" && path !== "kubernetesVersion";
}

/** Asks which profile to use when the user did not name one; returns it, or undefined to keep the default. */
export async function askProfile(prompter: Prompter, lang: Lang, current: string): Promise<string> {
  return prompter.select({
    message: t(lang, "wizard.profile"),
    choices: BUILTIN_PROFILES.map((p) => ({ value: p, name: t(lang, `wizard.profile.${p}` as MessageKey) })),
    default: current,
  });
}

function display(v: unknown): string {
  return Array.isArray(v) ? v.join(",") : String(v);
}

/**
 * Asks only what is still open, with the current value as the default. Every answer is checked
 * at its question against everything already settled (flags, files, profile, earlier answers), so
 * a conflict is asked again there instead of failing after the last question. Returns the prompts layer.
 */
export async function runWizard(
  prompter: Prompter,
  state: WizardState,
  check: CandidateCheck,
): Promise<SpecValues> {
  const answers: Record<string, unknown> = {};
  const { lang } = state;
  const questions = state.mode === "join" ? JOIN_QUESTIONS : INIT_QUESTIONS;
  // Questions still ahead: a value they may change is not settled yet.
  const pending = new Set(questions.filter((p) => !decided(state, p)));
  const done = (p: FieldPath) => pending.delete(p);

  const cur = (p: FieldPath): string => {
    const v = answers[p] ?? state.merged[p];
    return v === undefined ? "" : display(v);
  };

  /** Where a settled value came from, to name it next to the conflict. */
  const conflictNote = (i: Issue, asked: FieldPath): string => {
    const others = involvedFields(i).filter((f) => f !== asked && !(f in answers));
    return others
      .flatMap((f) => {
        const source = state.provenance[f];
        const value = state.merged[f];
        if (source === undefined || value === undefined || source === "prompts") return [];
        const flag = FIELD_BY_PATH.get(f)?.flag;
        return [
          t(lang, "ask.conflictsWith", {
            what: source === "flags" && flag ? `--${flag}` : f,
            value: display(value),
            source:
              source === "kubeadm-config"
                ? t(lang, "ask.source.kubeadmConfig", { file: state.kubeadmConfig ?? "" })
                : t(lang, `ask.source.${source}` as MessageKey, { name: state.profile ?? "" }),
          }),
        ];
      })
      .join(" ");
  };
  const explain = (i: Issue, asked: FieldPath): string => {
    const note = conflictNote(i, asked);
    // The Chinese note opens with a full-width parenthesis: no space before it.
    return note ? `${render(lang, i.msg)}${lang === "zh" ? "" : " "}${note}` : render(lang, i.msg);
  };

  /** Errors and warnings raised at the question for `p` if it were answered with `value`. */
  const problems = (p: FieldPath, value: unknown, keep: (i: Issue) => boolean = () => true) => {
    const candidate: Record<string, unknown> = { ...answers };
    if (value === undefined) delete candidate[p];
    else candidate[p] = value;
    const at = issuesAtQuestion(check(candidate as SpecValues), p, (f) => !pending.has(f)).filter(keep);
    return {
      errors: at.filter((i) => i.severity === "error").map((i) => explain(i, p)),
      warnings: at.filter((i) => i.severity === "warning").map((i) => explain(i, p)),
    };
  };

  const validator = (p: FieldPath, optional: boolean) => (v: string) => {
    const value = optional && v === "" ? undefined : answerValue(p, v);
    return problems(p, value).errors[0] ?? true;
  };

  /** A typed answer, asked again while it conflicts; warnings ask whether to keep it. */
  const askText = async (
    p: FieldPath,
    message: string,
    opts: { optional?: boolean; default?: string } = {},
  ): Promise<void> => {
    const optional = opts.optional ?? false;
    for (;;) {
      const def = opts.default ?? cur(p);
      const text = await prompter.input({
        message,
        ...(def !== "" ? { default: def } : {}),
        validate: validator(p, optional),
      });
      let value = optional && text === "" ? undefined : answerValue(p, text);
      if (p === "kubernetesVersion" && typeof value === "string") {
        // "1.33" means the newest patch of 1.33 that we know; say which one.
        const pin = pinMinor(value);
        if (pin?.kind === "pinned") {
          prompter.note(t(lang, "version.minorPinned", { minor: pin.minor, version: pin.version }));
          value = pin.version;
        }
      }
      const { warnings } = problems(p, value);
      if (warnings.length > 0) {
        for (const w of warnings) prompter.note(t(lang, "cli.warning", { text: w }));
        if (!(await prompter.confirm({ message: t(lang, "ask.useAnyway"), default: true }))) continue;
      }
      if (value !== undefined) answers[p] = value;
      else delete answers[p];
      done(p);
      return;
    }
  };
  const ask = async (p: FieldPath, key: MessageKey, optional = false) => {
    if (decided(state, p)) return done(p);
    await askText(p, t(lang, key), { optional });
  };

  /** A choice, offered again (with the reason) while it conflicts with what is settled. */
  const choose = async <T extends string>(
    p: FieldPath,
    q: SelectQuestion<T>,
    keep?: (i: Issue) => boolean,
  ): Promise<T> => {
    for (;;) {
      const v = await prompter.select(q);
      const { errors } = problems(p, v, keep);
      if (errors.length === 0) {
        answers[p] = v;
        done(p);
        return v;
      }
      for (const e of errors) prompter.note(e);
    }
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
    for (;;) {
      const addr =
        choices.length > 0
          ? await prompter.select({
              message: t(lang, "wizard.advertiseAddress"),
              choices: [...choices, { value: OTHER, name: t(lang, "wizard.otherAddress") }],
              default: choices[0]?.value as string,
            })
          : OTHER;
      if (addr === OTHER) {
        await askText("controlPlane.advertiseAddress", t(lang, "wizard.advertiseAddress"), { default: "" });
        break;
      }
      const { errors } = problems("controlPlane.advertiseAddress", addr);
      if (errors.length === 0) {
        answers["controlPlane.advertiseAddress"] = addr;
        break;
      }
      for (const e of errors) prompter.note(e);
    }
  }
  done("controlPlane.advertiseAddress");

  await ask("networking.podSubnet", "wizard.podSubnet");
  await ask("networking.serviceSubnet", "wizard.serviceSubnet");

  if (!decided(state, "cni.plugin")) {
    const podAnswered = "networking.podSubnet" in answers;
    const cniQuestion = {
      message: t(lang, "wizard.cni"),
      choices: [
        { value: "flannel", name: t(lang, "wizard.cni.flannel") },
        { value: "calico", name: t(lang, "wizard.cni.calico") },
        { value: "none", name: t(lang, "wizard.cni.none") },
      ],
      default: cur("cni.plugin") || "flannel",
    };
    if (podAnswered) {
      // The subnet was answered for the previous CNI; if the chosen one cannot use it, ask it again.
      // Anything else the choice conflicts with (a --cni-version it has no release of) is raised here.
      await choose("cni.plugin", cniQuestion, (i) => !involvedFields(i).includes("networking.podSubnet"));
      const again = problems("networking.podSubnet", answers["networking.podSubnet"]).errors[0];
      if (again !== undefined) {
        await askText("networking.podSubnet", `${t(lang, "wizard.podSubnet")} (${again})`, {
          default: "10.244.0.0/16",
        });
      }
    } else {
      // The subnet is settled (flag, file, profile): only the CNI can change.
      await choose("cni.plugin", cniQuestion);
    }
  }
  done("cni.plugin");

  if (!decided(state, "kubeProxy.mode")) {
    await choose("kubeProxy.mode", {
      message: t(lang, "wizard.proxyMode"),
      choices: [
        { value: "iptables", name: "iptables" },
        { value: "ipvs", name: "ipvs" },
        { value: "nftables", name: t(lang, "wizard.proxy.nftables") },
      ],
      default: cur("kubeProxy.mode") || "iptables",
    });
  }
  done("kubeProxy.mode");

  // Asked with the endpoint: an endpoint given by flag or file keeps --lb's default (external).
  const endpointAsked = !decided(state, "controlPlane.endpoint");
  await ask("controlPlane.endpoint", "wizard.controlPlaneEndpoint", true);
  const endpointAnswered =
    typeof answers["controlPlane.endpoint"] === "string" && answers["controlPlane.endpoint"] !== "";
  if (!endpointAsked || !endpointAnswered) {
    done("controlPlane.loadBalancer");
    done("controlPlane.vipInterface");
    done("controlPlane.lbBackends");
  }
  if (endpointAnswered && !decided(state, "controlPlane.loadBalancer")) {
    // Who serves the shared endpoint: the user's own LB, a VIP (kube-vip) or haproxy on each node.
    const mode = await choose("controlPlane.loadBalancer", {
      message: t(lang, "wizard.lb"),
      choices: [
        { value: "external", name: t(lang, "wizard.lb.external") },
        { value: "kube-vip", name: t(lang, "wizard.lb.kubeVip") },
        { value: "haproxy", name: t(lang, "wizard.lb.haproxy") },
      ],
      default: cur("controlPlane.loadBalancer") || "external",
    });
    if (mode !== "kube-vip") done("controlPlane.vipInterface");
    if (mode !== "haproxy") done("controlPlane.lbBackends");
    if (mode === "kube-vip" && !decided(state, "controlPlane.vipInterface")) {
      const interfaces = [...new Set(state.addresses.map((a) => a.interface))];
      if (interfaces.length > 0) {
        await choose("controlPlane.vipInterface", {
          message: t(lang, "wizard.vipInterface"),
          choices: interfaces.map((i) => ({ value: i, name: i })),
          default: interfaces[0] as string,
        });
      } else {
        await askText("controlPlane.vipInterface", t(lang, "wizard.vipInterface"));
      }
    }
    if (mode === "haproxy") await ask("controlPlane.lbBackends", "wizard.lbBackends", true);
  }
  done("controlPlane.loadBalancer");
  done("controlPlane.vipInterface");
  done("controlPlane.lbBackends");

  if (!decided(state, "node.scheduleOnControlPlane")) {
    answers["node.scheduleOnControlPlane"] = await prompter.confirm({
      message: t(lang, "wizard.schedule"),
      default: state.merged["node.scheduleOnControlPlane"] === true,
    });
  }
  return answers as SpecValues;
}
