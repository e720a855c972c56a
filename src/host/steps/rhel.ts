/**
 * The RHEL family's two defaults that stop a kubeadm node: SELinux enforcing (containers cannot use
 * the host paths etcd and the CNI need, unless container-selinux policies are set up) and firewalld
 * (the API server, kubelet and etcd ports closed). Preflight's host.selinux and host.firewalld checks
 * report them; this step fixes them, as kubeadm's install guide does.
 */
import { t } from "../../i18n/messages.js";
import type { ClusterSpec } from "../../spec/types.js";
import type { FileChange } from "../host-fs.js";
import { firewallPorts } from "../preflight/firewalld.js";
import { readOsRelease } from "../preflight/os-release.js";
import { detectDistro } from "./os-family.js";
import { runChange, type StepEnv, type StepResult, stepResult } from "./types.js";

export const SELINUX_CONFIG = "/etc/selinux/config";
const ENFORCE = "/sys/fs/selinux/enforce";

/** /etc/selinux/config with SELINUX=enforcing turned into permissive (other lines as they were). */
export function permissiveConfig(text: string): string {
  return text.replace(/^(\s*SELINUX\s*=\s*)enforcing\s*$/m, "$1permissive");
}

export async function prepareRhel(env: StepEnv, spec: ClusterSpec): Promise<StepResult> {
  const { fs, runner, lang } = env;
  const title = { key: "step.rhel" } as const;
  const distro = detectDistro(await readOsRelease(fs));
  if (!distro.ok || !distro.distro.rhelLike)
    return stepResult("rhel", title, [], [], [t(lang, "rhel.notRhel")]);
  const files: FileChange[] = [];
  const commands: string[] = [];
  const notes: string[] = [];

  // SELinux: permissive now (setenforce 0) and at boot (/etc/selinux/config, backed up).
  if ((await fs.read(ENFORCE))?.trim() === "1") {
    commands.push((await runChange(env, ["setenforce", "0"], { key: "rhel.setenforceHint" })).command);
  }
  const config = await fs.read(SELINUX_CONFIG);
  if (config !== undefined && permissiveConfig(config) !== config) {
    files.push(await fs.write(SELINUX_CONFIG, permissiveConfig(config)));
  }

  // firewalld: open kubeadm's ports for this node's role when it runs; the CNI's are named in the note.
  const state = await runner.run(["systemctl", "is-active", "firewalld"], { timeoutMs: 10_000 });
  if (!state.notFound && state.stdout.trim() === "active") {
    const role = spec.join && !spec.join.controlPlane ? "worker" : "control-plane";
    const ports = firewallPorts(role);
    const open = await runner.run(["firewall-cmd", "--permanent", "--list-ports"], { timeoutMs: 10_000 });
    const have = new Set(open.stdout.split(/\s+/));
    const add = ports.filter((p) => !have.has(p));
    if (add.length > 0) {
      const hint = { key: "rhel.firewallHint", params: { ports: add.join(" ") } } as const;
      const argv = ["firewall-cmd", "--permanent", ...add.map((p) => `--add-port=${p}`)];
      commands.push((await runChange(env, argv, hint)).command);
      commands.push((await runChange(env, ["firewall-cmd", "--reload"], hint)).command);
    }
    notes.push(t(lang, "rhel.cniPorts"));
  }
  return stepResult("rhel", title, files, commands, notes);
}
