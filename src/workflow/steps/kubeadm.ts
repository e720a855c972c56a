/**
 * kubeadm's own part: its configuration written (init, join) or handed over in a private file
 * (nodes joined over SSH), then `kubeadm init|join --config` with its phases live, a 0600 log on the
 * node and, on failure, the host checks run again there. Our own failed attempt is reset first.
 */
import { KadmError } from "../../errors.js";
import { ADMIN_CONF, copyAdminKubeconfig } from "../../host/kubeconfig-copy.js";
import { t } from "../../i18n/messages.js";
import { formatJoinCommand, parseInitJoinCommands } from "../../kubeadm/join-command.js";
import type { Node } from "../../node/node.js";
import { answersFromSpec } from "../../spec/answers-dump.js";
import { ANSWERS_PATH, CONFIG_PATH, JOIN_CONFIG_PATH, STATE_DIR } from "../../state/run-state.js";
import { hostChecksAfterFailure } from "../../tasks/failure-checks.js";
import { type KubeadmRun, runKubeadm } from "../../tasks/kubeadm-run.js";
import { VERSION } from "../../version.js";
import type { RunData, WorkflowStep } from "../data.js";
import type { NodeEnv } from "../env.js";
import { withPrivateFile } from "./private-file.js";

/** The step that runs kubeadm: after it the node is in the cluster and the spec is fixed. */
export const kubeadmStepId = (command: RunData["command"]) => `kubeadm-${command}`;
/** The JoinConfiguration's name in the private directory. */
export const PRIVATE_JOIN_CONFIG = "join.yaml";

function savedPath(data: RunData): string {
  return data.command === "init" ? CONFIG_PATH : JOIN_CONFIG_PATH;
}

/** init: kubeadm.yaml + answers.yaml; join: kubeadm-join.yaml. None for a private configuration. */
export function kubeadmConfigStep(node: Node, env: NodeEnv, data: RunData): WorkflowStep[] {
  if (data.kubeadm.placement === "private") return [];
  const path = savedPath(data);
  return [
    {
      id: "config",
      title: t(env.lang, data.command === "init" ? "init.step.config" : "join.step.config"),
      run: async () => {
        await node.fs.mkdir(STATE_DIR, { mode: 0o700 });
        // It holds the token: no backup copy of it (reset removes the file).
        data.outputs.files.push(
          await node.fs.write(path, data.kubeadm.config, { mode: 0o600, backup: false }),
        );
        if (data.command === "init") {
          data.outputs.files.push(
            await node.fs.write(
              ANSWERS_PATH,
              answersFromSpec(data.spec, [`answers of kadm-wizard init (${VERSION}); reuse with --answers`]),
              { mode: 0o600 },
            ),
          );
        }
        return t(env.lang, env.dryRun ? "init.configPlanned" : "init.configDone", { path });
      },
    },
  ];
}

/** What init's kubeadm printed: the join commands, kept in the raw kubeadm form. */
function joinCommandsOf(r: KubeadmRun): RunData["outputs"]["joinCommands"] {
  const parsed = parseInitJoinCommands(`${r.result.stdout}\n${r.result.stderr}`);
  const raw = (p: typeof parsed.worker) => (p?.ok ? formatJoinCommand(p.join, { kadm: false }) : undefined);
  return { worker: raw(parsed.worker), controlPlane: raw(parsed.controlPlane) };
}

export function kubeadmStep(node: Node, env: NodeEnv, data: RunData): WorkflowStep {
  const sub = data.command;
  const title = t(env.lang, sub === "init" ? "init.step.kubeadm" : "join.step.kubeadm");
  return {
    id: kubeadmStepId(sub),
    title,
    run: async (setTitle, setOutput) => {
      const secrets = [...data.secrets];
      if (data.cleanup) {
        setTitle(t(env.lang, sub === "init" ? "init.cleanupFailed" : "join.cleanupFailed"));
        await runKubeadm(node, env, ["reset", "-f"], { sub: "reset", secrets });
      }
      const run = (path: string) =>
        runKubeadm(node, env, [sub, "--config", path, ...data.kubeadm.args], {
          sub,
          secrets,
          hostChecks: () => hostChecksAfterFailure(node, data.spec, data.role, env.kubeadmPath),
          onPhase: (phase, line, changed) => {
            setTitle(`${title}: ${phase}`);
            // A terminal shows the latest line in place; logs (CI, pipes) get one line per phase.
            if (env.liveOutput) setOutput(line);
            else if (changed) setOutput(phase);
          },
        });
      const r =
        data.kubeadm.placement === "private"
          ? await withPrivateFile(node, PRIVATE_JOIN_CONFIG, data.kubeadm.config, run)
          : await run(node.fs.resolve(savedPath(data)));
      data.outputs.commands.push(r.result.command);
      if (r.result.skipped) return t(env.lang, "run.recorded", { command: r.result.command });
      data.outputs.logPath = r.logPath;
      if (sub === "init") {
        data.outputs.joinCommands = joinCommandsOf(r);
        return t(env.lang, "init.kubeadmDone");
      }
      return t(env.lang, "join.kubeadmDone");
    },
  };
}

/**
 * admin.conf -> ~/.kube/config for root and the sudo user. After a real kubeadm init the file must
 * be there (its absence is an error, not a skipped copy); a joined control plane has one as well.
 */
export function kubeconfigStep(node: Node, env: NodeEnv, data: RunData): WorkflowStep[] {
  if (data.role !== "control-plane") return [];
  const required = data.command === "init";
  return [
    {
      id: "kubeconfig",
      title: t(env.lang, "init.step.kubeconfig"),
      run: async () => {
        const c = await copyAdminKubeconfig(node.fs, env.sudoUser);
        data.outputs.kubeconfigs = c.targets;
        data.outputs.files.push(...c.changes);
        if (required && c.missing && !env.dryRun) {
          throw new KadmError(t(env.lang, "init.adminConfMissing", { path: ADMIN_CONF }), {
            hint: t(env.lang, "init.adminConfMissingHint"),
          });
        }
        return t(env.lang, env.dryRun ? "init.kubeconfigPlanned" : "init.kubeconfigDone", {
          paths: c.targets.join(", "),
        });
      },
    },
  ];
}
