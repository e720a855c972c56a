import { type Msg, t } from "../i18n/messages.js";
import { pauseImage } from "../kubeadm/images.js";
import type { ClusterSpec } from "../spec/types.js";
import { parseCidr } from "../validate/ip.js";
import { configureContainerd } from "./containerd/configure.js";
import { applySysctls, loadKernelModules } from "./steps/kernel.js";
import { installPackages } from "./steps/packages.js";
import { prepareRhel } from "./steps/rhel.js";
import { disableSwap } from "./steps/swap.js";
import type { StepEnv, StepResult } from "./steps/types.js";

export interface PlannedStep {
  id: string;
  title: Msg;
  run(): Promise<StepResult>;
}

function usesIpv6(spec: ClusterSpec): boolean {
  return `${spec.networking.podSubnet},${spec.networking.serviceSubnet}`.split(",").some((c) => {
    const r = parseCidr(c.trim());
    return r.ok && r.cidr.family === 6;
  });
}

/**
 * The host preparation `prepare`, `init` and `join` run, in order: packages (optional) first, as
 * they bring containerd and the kubelet, with the RHEL family's SELinux/firewalld settings; containerd's
 * configuration last, after the kernel settings it depends on.
 */
export function planPreparation(
  env: StepEnv,
  spec: ClusterSpec,
  opts: { installPackages: boolean },
): PlannedStep[] {
  const steps: PlannedStep[] = [];
  if (opts.installPackages) {
    steps.push(
      { id: "packages", title: { key: "step.packages" }, run: () => installPackages(env, spec) },
      { id: "rhel", title: { key: "step.rhel" }, run: () => prepareRhel(env, spec) },
    );
  }
  steps.push(
    { id: "swap", title: { key: "step.swap" }, run: () => disableSwap(env) },
    { id: "modules", title: { key: "step.modules" }, run: () => loadKernelModules(env) },
    { id: "sysctl", title: { key: "step.sysctl" }, run: () => applySysctls(env, usesIpv6(spec)) },
    {
      id: "containerd",
      title: { key: "containerd.step" },
      run: async () => {
        const r = await configureContainerd({
          runner: env.runner,
          fs: env.fs,
          lang: env.lang,
          sandboxImage: pauseImage(spec.kubernetesVersion, spec.imageRepository),
          cgroupDriver: spec.node.cgroupDriver,
          registryMirrors: spec.registryMirrors,
        });
        return {
          id: "containerd",
          title: { key: "containerd.step" },
          status: r.changed ? "changed" : "unchanged",
          files: r.files,
          commands: r.commands,
          // The settings that matter, so a long new config.toml need not be read in full.
          notes: [
            ...r.settings.map(
              (c) =>
                `${c.key} = ${c.after}${c.before ? `  ${t(env.lang, "prepare.was", { value: c.before })}` : ""}`,
            ),
            ...r.notes,
          ],
        };
      },
    },
  );
  return steps;
}
