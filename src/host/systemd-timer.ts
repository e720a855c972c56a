/**
 * A daily systemd timer + oneshot service running a kadm-wizard command (certificate renewal,
 * etcd backups). Units are rendered here (PURE), written through the Node's HostFs (under --root)
 * and enabled through its runner, so dry-run plans them and an SSH node gets the same files.
 */
import type { Node } from "../node/node.js";
import type { FileChange } from "./host-fs.js";
import { displayArg } from "./runner.js";

export const SYSTEMD_DIR = "/etc/systemd/system";

export interface TimerSpec {
  /** Unit base name: kadm-wizard-certs-renew -> .service and .timer. */
  name: string;
  description: string;
  /** argv of the command the service runs (absolute program path first). */
  command: readonly string[];
}

/** PURE: the two unit files. Daily with a random delay (many clusters, one mirror), Persistent (catch up after downtime). */
export function renderTimerUnits(spec: TimerSpec): { service: string; timer: string } {
  const service = [
    `# Written by kadm-wizard; remove with: systemctl disable --now ${spec.name}.timer`,
    "[Unit]",
    `Description=${spec.description}`,
    "After=network-online.target kubelet.service",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${spec.command.map(displayArg).join(" ")}`,
    "",
  ].join("\n");
  const timer = [
    "# Written by kadm-wizard",
    "[Unit]",
    `Description=${spec.description} (daily)`,
    "",
    "[Timer]",
    "OnCalendar=daily",
    "RandomizedDelaySec=1h",
    "Persistent=true",
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
  return { service, timer };
}

/**
 * How this program is started again by systemd: the node script with its entry file, or the
 * single executable on its own.
 */
export function selfCommand(): string[] {
  const sea =
    (process.getBuiltinModule("node:sea") as { isSea?: () => boolean } | undefined)?.isSea?.() === true;
  const entry = process.argv[1];
  return sea || entry === undefined ? [process.execPath] : [process.execPath, entry];
}

export interface TimerInstall {
  changes: FileChange[];
  /** Commands run (or planned in dry-run). */
  commands: string[];
  failed?: string | undefined;
}

export async function installTimer(node: Node, spec: TimerSpec): Promise<TimerInstall> {
  const { service, timer } = renderTimerUnits(spec);
  const changes = [
    await node.fs.write(`${SYSTEMD_DIR}/${spec.name}.service`, service, { mode: 0o644 }),
    await node.fs.write(`${SYSTEMD_DIR}/${spec.name}.timer`, timer, { mode: 0o644 }),
  ];
  const commands: string[] = [];
  for (const argv of [
    ["systemctl", "daemon-reload"],
    ["systemctl", "enable", "--now", `${spec.name}.timer`],
  ]) {
    const r = await node.runner.run(argv, { changes: true, timeoutMs: 60_000 });
    commands.push(r.command);
    if (r.exitCode !== 0 && !r.skipped) {
      return {
        changes,
        commands,
        failed: `${r.command}: ${(r.stderr || r.stdout).trim().split("\n").at(-1) ?? ""}`,
      };
    }
  }
  return { changes, commands };
}

/** Is the timer installed on the node (its unit file is there)? Files only: nothing is asked of systemd. */
export async function timerInstalled(node: Pick<Node, "fs">, name: string): Promise<boolean> {
  return node.fs.exists(`${SYSTEMD_DIR}/${name}.timer`);
}
